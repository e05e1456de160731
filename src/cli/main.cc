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
#include "resolve/diagnose.h"

namespace lel {
namespace {

// Every sub-command, in the order --help lists them.
constexpr Command kCommands[] = {
    {"check", "check a function zip (and its layers) for what fails at run time", &SetupCheck},
    {"imports",
     "list the imports and require()s of a zip's modules (or of one file), with positions",
     &SetupImports},
    {"fix", "repair what can be repaired: rewrite the function zip, re-check, replace", &SetupFix},
    {"rules", "list every rule: id, category, severity, fixable, summary", &SetupRules},
    {"explain", "print a rule's page: what it detects, why it fails, the fix", &SetupExplain},
    {"audit", "check every function of a folder of get-function outputs and zips", &SetupAudit},
};

// The candidate nearest to `word` within a few edits, or "". Not for a
// one-letter flag: every other one is a single edit away.
std::string Nearest(std::string_view word, const std::vector<std::string>& candidates) {
  constexpr int kMaxEdits = 3;
  if (word.size() <= 2) return {};
  std::string best;
  int best_distance = kMaxEdits + 1;
  for (const std::string& candidate : candidates) {
    const int d = EditDistance(word, candidate, kMaxEdits);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

std::string DidYouMean(const std::string& near) {
  return near.empty() ? "" : " (did you mean '" + near + "'?)";
}

std::string CommandList() {
  std::string list;
  for (const Command& command : kCommands) {
    list += (list.empty() ? "" : ", ") + std::string(command.name);
  }
  return list;
}

// "--format", "-o", ... of one sub-command.
std::vector<std::string> FlagNames(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::Option* option : app.get_options()) {
    for (const std::string& name : option->get_lnames()) names.push_back("--" + name);
    for (const std::string& name : option->get_snames()) names.push_back("-" + name);
  }
  return names;
}

// CLI11's parse errors said as every other error of the tool is: one line
// on stderr that starts with "lambda-esm-lint:", naming the sub-command, and
// guessing what was meant for an unknown flag or sub-command.
int ReportParseError(const CLI::App& app, const CLI::ParseError& e) {
  const CLI::App* sub = nullptr;
  for (const CLI::App* parsed : app.get_subcommands()) sub = parsed;
  std::string message;
  // What CLI11 could not place at the top level, in order: an unknown
  // option before the sub-command is the first problem to name.
  const std::vector<std::string> top = app.remaining();
  if (!top.empty() && top.front().size() > 1 && top.front()[0] == '-') {
    const std::string flag = top.front().substr(0, top.front().find('='));
    std::cerr << "lambda-esm-lint: unknown option '" << flag << "'"
              << DidYouMean(Nearest(flag, FlagNames(app)))
              << " (options of a command go after it: lambda-esm-lint check --help)\n";
    return kExitUsage;
  }
  if (sub == nullptr) {
    // No sub-command was recognised: the first word left over is the
    // unknown one (CLI11 only says that one is required).
    std::string word;
    for (const std::string& arg : app.remaining()) {
      if (!arg.empty() && arg[0] != '-') {
        word = arg;
        break;
      }
    }
    std::vector<std::string> names;
    for (const Command& command : kCommands) names.emplace_back(command.name);
    if (!word.empty()) {
      message = "unknown command '" + word + "'" + DidYouMean(Nearest(word, names)) +
                "; the commands are " + CommandList();
    } else {
      message = "no command given; the commands are " + CommandList() +
                " (lambda-esm-lint --help describes them)";
    }
    std::cerr << "lambda-esm-lint: " << message << "\n";
    return kExitUsage;
  }
  const std::string help = "; see `lambda-esm-lint " + sub->get_name() + " --help`";
  std::string flag;
  for (const std::string& arg : sub->remaining()) {
    if (arg.size() > 1 && arg[0] == '-') {
      flag = arg.substr(0, arg.find('='));
      break;
    }
  }
  if (dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr && !flag.empty()) {
    message = "unknown option '" + flag + "'" + DidYouMean(Nearest(flag, FlagNames(*sub)));
  } else if (dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr) {
    message = "unexpected argument '" + sub->remaining().front() + "'";
  } else {
    message = e.what();
  }
  std::cerr << "lambda-esm-lint: " << sub->get_name() << ": " << message << help << "\n";
  return kExitUsage;
}

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
  CLI::App app{"lambda-esm-lint: verify AWS Lambda Node.js packages the way the runtime loads them",
               "lambda-esm-lint"};
  app.require_subcommand(1);
  app.set_version_flag("--version", kVersion);
  std::vector<std::pair<CLI::App*, std::function<int()>>> actions;
  for (const Command& command : kCommands) {
    CLI::App* sub = app.add_subcommand(command.name, command.summary);
    actions.emplace_back(sub, command.setup(sub));
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return ReportParseError(app, e);
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
