// lambda-esm-lint: the command line. The only CLI11 user.
#include <iostream>
#include <vector>

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

int Main(int argc, char** argv) {
  CLI::App app{"lambda-esm-lint: verify AWS Lambda Node.js packages the way the runtime loads them"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "lambda-esm-lint 0.1.0");
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

int main(int argc, char** argv) { return lel::Main(argc, argv); }
