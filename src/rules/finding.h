// A finding: what a rule reports. Carries a byte span; line and column are
// computed once, when rendering (src/report).
#ifndef LEL_RULES_FINDING_H_
#define LEL_RULES_FINDING_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "archive/zip_archive.h"
#include "js/module_scan.h"

namespace lel {

// correctness: fails at run time on the chosen runtime and resolution;
// portability: works here, fails on stock Node.js or another runtime;
// suspicious: works, but likely not what was meant; hygiene: packaging care.
enum class Category { kCorrectness, kPortability, kSuspicious, kHygiene };
enum class Severity { kError, kWarning, kInfo };

std::string_view CategoryName(Category category);  // "correctness"
std::string_view SeverityName(Severity severity);  // "error"

struct Finding {
  std::string rule;
  Category category = Category::kCorrectness;
  Severity severity = Severity::kError;
  std::string message;
  int archive = 0;              // 0 = the function zip, 1.. = layers in order
  std::string path;             // entry name inside that archive; "" = whole archive
  // The entry by its id in that archive (archive/package_source.h EntryId):
  // what positions and suppression comments are read from, since a zip may
  // hold two entries of one name. -1: no entry (the package, an implied
  // folder).
  int64_t entry = -1;
  std::optional<Span> span;     // bytes inside the entry, when known
  std::string specifier;        // the import specifier, when about an import
  // The rule has an automatic fix (Rule::fixable). Whether one can be built
  // for this finding in this package is its rule's plan's answer (PlanFixes,
  // rules/fix_plan.h), which is what the reports show.
  bool fixable = false;
  // Extra lines: how the handler reaches the file ("imported by ..."), hints.
  std::vector<std::string> notes;
};

// Points a finding at an entry of archive `archive`: archive, name, id.
void PointAt(int archive, const Entry& entry, Finding* finding);

// Orders findings by archive, path, position, rule: the order of output.
bool FindingLess(const Finding& a, const Finding& b);

}  // namespace lel

#endif  // LEL_RULES_FINDING_H_
