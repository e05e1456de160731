// Inline suppression comments in the package's JavaScript files, applied in
// one central place after the rules ran (never inside a rule):
//
//   // lambda-esm-lint-disable-next-line import-unresolved -- loaded lazily
//   /* lambda-esm-lint-disable import-unanalyzable, import-directory -- why */
//
// The first form silences findings of the named rules that start on the
// next line; the second, anywhere in its file. Several ids are separated by
// commas or spaces; the reason after "--" is for readers. A suppression that
// silences nothing is reported (suppression-unused, info), as is one that
// names an unknown rule or none (docs/configuration.md).
#ifndef LEL_RULES_SUPPRESS_H_
#define LEL_RULES_SUPPRESS_H_

#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "archive/lambda_view.h"
#include "rules/finding.h"
#include "rules/rule.h"

namespace lel {

// The finding about a suppression comment. Made here, not by a rule's
// check(): it depends on what every other rule reported.
extern const Rule kSuppressionUnused;
// Rules whose findings are made centrally, not by RunRules().
std::span<const Rule* const> CentralRules();

struct SuppressionComment {
  enum class Kind { kNextLine, kFile };
  Kind kind = Kind::kNextLine;
  Span span;                       // the whole comment
  int line = 1;                    // 1-based line where the comment ends
  std::vector<std::string> rules;  // as written
  std::string reason;              // after "--", trimmed
};

// The suppression comments among `comments`, the comments of `source` as
// its parse found them (ModuleScan::comments: tree-sitter tells comments
// from strings, template literals and regular expressions), in order. A
// directive must start the comment (after spaces and, in a block comment,
// '*'). Lines are counted at '\n', as the report counts them. Spans that are
// not a comment of `source` (outside it, out of order) are skipped.
std::vector<SuppressionComment> ScanSuppressions(std::string_view source,
                                                 std::span<const Span> comments);

// Whether a finding's file is JavaScript that can hold suppression comments.
bool IsScriptPath(std::string_view path);

struct SuppressionOutcome {
  std::vector<Finding> findings;  // kept findings, then the unused-suppression ones
  int suppressed = 0;             // findings silenced
  int files_scanned = 0;
};

// Reads the JavaScript files that findings point into, and every
// JavaScript file outside node_modules folders, in every archive; drops the
// findings a comment silences and reports comments that silenced nothing.
// A comment naming a rule that did not run (`rules_run`, e.g. turned off in
// the project file) is not reported as unused. A file's comments come from
// its scan, through `scan.cache` when there is one (the check's: the module
// graph's files are then not parsed again); a file whose parse was
// abandoned (ModuleScan::parse_incomplete) has none.
SuppressionOutcome ApplySuppressions(const LambdaPackage& package, std::vector<Finding> findings,
                                     const std::set<std::string, std::less<>>& rules_run,
                                     const ScanSettings& scan = {});

}  // namespace lel

#endif  // LEL_RULES_SUPPRESS_H_
