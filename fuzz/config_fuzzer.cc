// Fuzz target: the project file reader (ParseProjectConfig,
// src/rules/config.cc). Input: the file's text. A refusal is one capped
// line (one_line_error.h); an accepted file names only known rules and
// non-empty ignore globs, and applying it to a finding of every rule keeps
// none of a rule it turned off.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "one_line_error.h"
#include "rules/config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  lel::ProjectConfig config;
  std::string err;
  if (!lel::ParseProjectConfig(input, &config, &err)) {
    lel_fuzz::CheckOneLineError(err, input);
    return 0;
  }
  for (const auto& [id, on] : config.enabled) {
    if (lel::FindReportedRule(id) == nullptr) abort();
  }
  for (const auto& [id, severity] : config.severity) {
    if (lel::FindReportedRule(id) == nullptr) abort();
  }
  for (const lel::IgnoreEntry& entry : config.ignore) {
    if (entry.path.empty()) abort();
    for (const std::string& id : entry.rules) {
      if (lel::FindReportedRule(id) == nullptr) abort();
    }
  }
  std::vector<lel::Finding> findings;
  for (const lel::Rule* rule : lel::ReportedRules()) {
    for (const char* path : {"", "index.mjs", "node_modules/x/a.js", "lib/a/b.cjs"}) {
      lel::Finding finding;
      finding.rule = std::string(rule->id);
      finding.category = rule->category;
      finding.severity = rule->severity;
      finding.path = path;
      finding.message = "m";
      findings.push_back(std::move(finding));
    }
  }
  const size_t before = findings.size();
  const std::vector<lel::Finding> kept = lel::ApplyProjectConfig(config, std::move(findings));
  if (kept.size() > before) abort();
  for (const lel::Finding& finding : kept) {
    auto it = config.enabled.find(finding.rule);
    if (it != config.enabled.end() && !it->second) abort();
  }
  (void)lel::EnabledRules(config);
  return 0;
}
