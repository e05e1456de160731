#include "report/rule_pages.h"

#include "report/report.h"

namespace lel {

std::string_view RulePage(std::string_view rule_id) {
  for (size_t i = 0; i < kEmbeddedRulePageCount; ++i) {
    if (kEmbeddedRulePages[i].id == rule_id) return kEmbeddedRulePages[i].text;
  }
  return {};
}

std::string RuleDescription(std::string_view page) {
  constexpr std::string_view kHeading = "## What it detects\n";
  size_t at = page.find(kHeading);
  if (at == std::string_view::npos) return {};
  std::string_view rest = page.substr(at + kHeading.size());
  size_t end = rest.find("\n\n");
  std::string_view paragraph = rest.substr(0, end);
  std::string out;
  for (char c : paragraph) out += c == '\n' ? ' ' : c;
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace lel
