// lambda-esm-lint: the command line. The only CLI11 user.
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <new>
#include <string>
#include <vector>

#include "archive/zip_writer.h"
#include "cli/command.h"

namespace lel {
namespace {

// Every sub-command, in the order --help lists them.
constexpr Command kCommands[] = {
    {"check", "check a function zip (and its layers) for what fails at run time", &SetupCheck},
    {"imports", "list the imports of a zip's ES modules (or of one file), with positions",
     &SetupImports},
    {"fix", "repair what can be repaired: rewrite the function zip, re-check, replace", &SetupFix},
    {"rules", "list every rule: id, category, severity, fixable, summary", &SetupRules},
    {"explain", "print a rule's page: what it detects, why it fails, the fix", &SetupExplain},
    {"audit", "check every function of a folder of get-function outputs and zips", &SetupAudit},
};

constexpr char kVersion[] = "lambda-esm-lint " LEL_VERSION;

// One line on stderr for a bug, then exit 3: never an abort and a core dump.
// Allocates nothing (it may report std::bad_alloc) and uses write(2), not
// iostreams (it may run from std::terminate on any thread).
[[noreturn]] void InternalError(const char* what) {
  char line[600];
  size_t n = 0;
  auto put = [&](const char* text) {
    for (; *text != '\0' && n + 8 < sizeof line; ++text) {
      const auto c = static_cast<unsigned char>(*text);
      if (c < 0x20 || c == 0x7f) {  // one line, whatever the exception says
        static const char kHex[] = "0123456789abcdef";
        line[n++] = '\\';
        line[n++] = 'x';
        line[n++] = kHex[c >> 4];
        line[n++] = kHex[c & 15];
      } else {
        line[n++] = static_cast<char>(c);
      }
    }
  };
  put("lambda-esm-lint: internal error: ");
  put(what);
  put(" (");
  put(kVersion);
  put("; please report it, with the command line and, if you can, the zips)");
  line[n++] = '\n';
  [[maybe_unused]] ssize_t written = write(STDERR_FILENO, line, n);
  _exit(kExitInternalError);
}

// What an exception says, for InternalError.
[[noreturn]] void ReportException(std::exception_ptr current) {
  try {
    std::rethrow_exception(current);
  } catch (const std::bad_alloc&) {
    InternalError("out of memory (std::bad_alloc)");
  } catch (const std::exception& e) {
    InternalError(e.what());
  } catch (...) {
    InternalError("unknown exception");
  }
}

// An exception that escapes a worker thread (or a destructor) ends in
// std::terminate: the same report as one that reaches main.
[[noreturn]] void OnTerminate() {
  if (std::exception_ptr current = std::current_exception()) ReportException(current);
  InternalError("std::terminate called");
}

// SIGINT/SIGTERM during `fix`: remove its temporary file, then die of the
// signal as the default action would.
void OnStopSignal(int sig) {
  RemovePendingTempFile();
  signal(sig, SIG_DFL);
  raise(sig);
}

int Main(int argc, char** argv) {
  CLI::App app{"lambda-esm-lint: verify AWS Lambda Node.js packages the way the runtime loads them"};
  app.require_subcommand(1);
  app.set_version_flag("--version", kVersion);
  std::vector<std::pair<CLI::App*, std::function<int()>>> actions;
  for (const Command& command : kCommands) {
    CLI::App* sub = app.add_subcommand(command.name, command.summary);
    actions.emplace_back(sub, command.setup(sub));
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitClean : kExitUsage;
  }
  for (auto& [sub, action] : actions) {
    if (*sub) return action();
  }
  return kExitUsage;
}

}  // namespace
}  // namespace lel

int main(int argc, char** argv) {
  std::set_terminate(&lel::OnTerminate);
  struct sigaction stop = {};
  stop.sa_handler = &lel::OnStopSignal;
  sigemptyset(&stop.sa_mask);
  sigaction(SIGINT, &stop, nullptr);
  sigaction(SIGTERM, &stop, nullptr);
  try {
    return lel::Main(argc, argv);
  } catch (...) {
    lel::ReportException(std::current_exception());
  }
}
