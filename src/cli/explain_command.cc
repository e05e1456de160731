// `lambda-esm-lint explain RULE`: the rule's page, embedded in the binary
// (works offline).
#include <iostream>
#include <memory>

#include "cli/command.h"
#include "report/report.h"
#include "rules/config.h"

namespace lel {

std::function<int()> SetupExplain(CLI::App* sub) {
  auto rule = std::make_shared<std::string>();
  sub->add_option("RULE", *rule, "a rule id, as `lambda-esm-lint rules` lists them")->required();
  return [rule] {
    std::string_view page = RulePage(*rule);
    if (page.empty() || FindReportedRule(*rule) == nullptr) {
      std::string near = NearestRuleId(*rule);
      PrintError("unknown rule '" + PrintableName(*rule) + "'" +
                 (near.empty() ? "" : " (did you mean '" + near + "'?)") +
                 "; `lambda-esm-lint rules` lists them");
      return kExitUsage;
    }
    return WriteOutput("", std::string(page)) ? kExitClean : kExitUsage;
  };
}

}  // namespace lel
