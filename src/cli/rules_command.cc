// `lambda-esm-lint rules`: every rule the binary knows, and the findings
// made centrally (suppression-unused), which a config can name too.
#include <cstdio>

#include "cli/command.h"
#include "rules/config.h"

namespace lel {

std::function<int()> SetupRules(CLI::App* /*sub*/) {
  return [] {
    for (const Rule* rule : ReportedRules()) {
      std::printf("%-36s %-12s %-8s %-8s %s\n", std::string(rule->id).c_str(),
                  std::string(CategoryName(rule->category)).c_str(),
                  std::string(SeverityName(rule->severity)).c_str(),
                  rule->fixable ? "fixable" : "-", std::string(rule->summary).c_str());
    }
    return kExitClean;
  };
}

}  // namespace lel
