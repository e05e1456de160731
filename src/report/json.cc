#include <nlohmann/json.hpp>

#include "json/json_io.h"
#include "report/report.h"

namespace lel {

// The JSON document is a contract (docs/json-output.md): fields are only
// ever added, never renamed or removed, within a version.
std::string RenderJson(const ReportInput& input) {
  std::vector<std::string> lines;
  std::vector<std::optional<LineColumn>> located = LocateFindings(input, &lines);
  nlohmann::ordered_json findings = nlohmann::ordered_json::array();
  int errors = 0, warnings = 0, infos = 0, fixable = 0;
  for (size_t i = 0; i < input.findings.size(); ++i) {
    const Finding& f = input.findings[i];
    nlohmann::ordered_json item = {
        {"rule", f.rule},
        {"category", CategoryName(f.category)},
        {"severity", SeverityName(f.severity)},
        {"message", f.message},
        {"archive", input.archive_names.at(f.archive)},
        {"path", f.path},
    };
    if (located[i]) {
      item["line"] = located[i]->line;
      item["column"] = located[i]->column;
    }
    if (!f.specifier.empty()) item["specifier"] = f.specifier;
    // Fixable: `fix` can build a fix for it in this package, not merely
    // that its rule has one.
    const FixAvailability fix = FixAvailabilityOf(input.fixes, i);
    item["fixable"] = fix != FixAvailability::kNone;
    if (fix != FixAvailability::kNone) {
      item["applicability"] = fix == FixAvailability::kSafe ? "safe" : "unsafe";
    }
    if (!f.notes.empty()) item["notes"] = f.notes;
    findings.push_back(std::move(item));
    errors += f.severity == Severity::kError;
    warnings += f.severity == Severity::kWarning;
    infos += f.severity == Severity::kInfo;
    fixable += fix != FixAvailability::kNone;
  }
  nlohmann::ordered_json doc = {
      {"version", 1},
      {"runtime", input.options.runtime_name()},
      {"resolution", input.options.managed ? "managed" : "stock"},
      {"handler", input.options.handler},
      {"findings", std::move(findings)},
      {"summary",
       {{"errors", errors}, {"warnings", warnings}, {"infos", infos}, {"fixable", fixable}}},
  };
  // Entry names and specifiers come from hostile zips: DumpJson escapes
  // what is not UTF-8, losslessly (docs/json-output.md).
  return DumpJson(doc) + "\n";
}

}  // namespace lel
