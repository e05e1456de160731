// Renders findings for people (compiler-style text) and for tools: the
// versioned JSON document (docs/json-output.md), SARIF 2.1.0, GitHub Actions
// workflow commands and JUnit XML (docs/ci-output.md).
#ifndef LEL_REPORT_REPORT_H_
#define LEL_REPORT_REPORT_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "archive/lambda_view.h"
#include "rules/finding.h"
#include "rules/rule.h"

namespace lel {

// A fix as the CI formats show it. The rules plan fixes (rules/fix_plan.h)
// and src/fix describes their edits; report does not depend on src/fix, so
// the caller copies what a format needs into these.
struct ReportEdit {
  enum class Kind { kAddEntry, kRemoveEntry, kReplaceContent, kChangeMode };
  Kind kind = Kind::kReplaceContent;
  int archive = 0;
  std::string path;         // the entry inside that archive
  std::string content;      // new content (add, replace); a link's target
  std::string description;  // "symlink -> /opt/nodejs/node_modules", "mode 0644"
};
struct ReportFix {
  std::string title;
  bool safe = true;
  std::vector<ReportEdit> edits;
};

struct ReportInput {
  const LambdaPackage& package;
  const CheckOptions& options;
  // How to name each archive in output (the paths given on the command line).
  std::vector<std::string> archive_names;
  const std::vector<Finding>& findings;
  // Parallel to findings when not empty: the fixes `fix` can build for each
  // one in this package (the CLI's PlanReportFixes). A finding is
  // shown as fixable only when it has one; empty means none was planned.
  std::span<const std::vector<ReportFix>> fixes = {};
  // Findings that --quiet left out of `findings`: the text summary still
  // counts them, so that hiding them never reads as their absence.
  int hidden_warnings = 0;
  int hidden_infos = 0;
};

// Whether `fix` can repair finding `i`: kSafe when one of its fixes is safe
// (applied by default), kUnsafe when all need --unsafe-fixes, kNone when it
// has none (or `fixes` is empty: nothing was planned).
enum class FixAvailability { kNone, kSafe, kUnsafe };
FixAvailability FixAvailabilityOf(std::span<const std::vector<ReportFix>> fixes, size_t i);
// Ruff's mark for it in text output, before the message: "[*]" for a safe
// fix, "[unsafe fix]", or "" for none.
std::string_view FixMark(FixAvailability availability);

// How the text formats (text, GitHub annotations, JUnit, SARIF's message
// and fix description texts) show a string that holds user bytes: a message
// (which quotes specifiers, entry and package names), a note, an entry or
// archive name, a handler, a source line. Each control byte (newline, ESC,
// NUL) and each byte that is not UTF-8 is written \xNN (PrintableName,
// uncut), so that none reaches a terminal or a log raw and every byte can be
// read back, as from the JSON output (docs/json-output.md).
std::string ShownText(std::string_view text);

// 1-based line and column of a byte offset; the column counts characters
// (UTF-8 code points), as editors do.
struct LineColumn {
  int line = 1;
  int column = 1;
};
LineColumn LocateOffset(std::string_view text, uint32_t offset);

// Finds the line/column of each finding's span by reading its entry once.
std::vector<std::optional<LineColumn>> LocateFindings(const ReportInput& input,
                                                      std::vector<std::string>* source_lines);

std::string RenderText(const ReportInput& input, bool color);
std::string RenderJson(const ReportInput& input);

// The findings of one package with their positions already computed, so
// that several packages (an audit) can be rendered into one document after
// each package was closed.
struct LocatedReport {
  std::string label;  // the function's name in an audit; "" for check
  CheckOptions options;
  std::vector<std::string> archive_names;
  std::vector<Finding> findings;
  std::vector<std::optional<LineColumn>> located;  // parallel to findings
  // Where each span ends (exclusive column), clipped to the span's first
  // line; set where `located` is.
  std::vector<std::optional<LineColumn>> located_end;
  // Parallel to findings when not empty: the fixes each finding has.
  std::vector<std::vector<ReportFix>> fixes;
  // Ids of the rules that ran (JUnit lists one test case per rule).
  std::vector<std::string> rules_run;
};
LocatedReport Locate(const ReportInput& input, std::string label = {});

// SARIF 2.1.0: one run; rules from the registry (plus the suppression
// finding), archives as artifacts and their entries as nested artifacts.
// With a `source_prefix`, a result on an entry of the function zip points at
// the repository file source_prefix + path instead (as RenderGithub's
// `file=`): a top-level artifact whose properties.zipEntry names the entry.
std::string RenderSarif(std::span<const LocatedReport> reports,
                        std::string_view source_prefix = {});
// GitHub Actions workflow commands, one `::error ...::` line per finding.
// `source_prefix` is put before function-zip entry paths in `file=`, so that
// annotations land on the repository file the entry was built from.
std::string RenderGithub(std::span<const LocatedReport> reports, std::string_view source_prefix);
// JUnit XML: a test suite per package, a test case per rule that ran.
std::string RenderJunit(std::span<const LocatedReport> reports);

// The page rules/<id>.md, embedded at build time; empty when there is none.
std::string_view RulePage(std::string_view rule_id);
// The first paragraph under "## What it detects" of a page, unwrapped.
std::string RuleDescription(std::string_view page);

}  // namespace lel

#endif  // LEL_REPORT_REPORT_H_
