// Applying fixes and telling what they did: the fixes are planned by the
// rules (rules/fix_plan.h: edits, applicability, PlanFixes); this chooses
// which to apply, turns their edits into a rewrite for the zip writer,
// checks the re-lint, and renders the run.
#ifndef LEL_FIX_FIX_H_
#define LEL_FIX_FIX_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "archive/zip_writer.h"
#include "rules/finding.h"
#include "rules/fix_plan.h"

namespace lel {

// "add-symlink", "remove-entry", ... (the JSON form).
std::string_view EditKindName(ArchiveEdit::Kind kind);
// One line for people: "set mode of index.mjs to 0644".
std::string DescribeEdit(const ArchiveEdit& edit);

std::string_view ApplicabilityName(Applicability applicability);  // "safe", "unsafe"

// Which fixes to apply: safe ones, unsafe ones when `unsafe` is set, and
// never two that edit the same entry (the later one is skipped, as ruff
// does; a second run picks it up). Fixes that add, remove or rewrite
// entries go first; a mode fix loses its edits of entries they remove.
struct FixSelection {
  std::vector<Fix> applied;
  std::vector<std::pair<Fix, std::string>> skipped;  // with the reason
};
FixSelection SelectFixes(const std::vector<Fix>& fixes, bool unsafe);

// The zip writer's form of the applied fixes' edits (merged per entry).
bool BuildRewrite(const std::vector<Fix>& applied, ZipRewrite* rewrite,
                  std::string* err);

// The re-lint after fixing must show each fixed finding gone and nothing
// new (no finding whose rule, archive and path were not reported before, or
// with a worse severity), except a layer warning an applied fix `reveals`.
// False with a one-line reason otherwise.
bool CheckFixedFindings(const std::vector<Finding>& before, const std::vector<Finding>& after,
                        const std::vector<Fix>& applied, std::string* err);

// What `fix` did or, on a dry run, would do: for RenderFixText/Json.
struct FixReport {
  std::vector<std::string> archive_names;  // as given on the command line
  std::string output;                      // the written zip; "" on a dry run
  const std::vector<Finding>& findings;    // before fixing
  const FixSelection& selection;
  const std::vector<FixRefusal>& refusals;
  const std::vector<Finding>* remaining = nullptr;  // after fixing; null on a dry run
  // Every edit on its own line; else many removals under one folder are
  // one line ("remove node_modules/: 11,396 entries, 27.0 MB").
  bool verbose = false;
  // Nothing was applied, so no zip was written (output is then "").
  bool unchanged = false;
};

// Why `fix` leaves an error finding as it is (one that got no fix): the
// planner's refusal when there is one, else that its rule has none; for a
// finding in a layer zip, which fix never edits, also how to rebuild and
// publish that layer. `archive_name` names the finding's archive.
std::string WhyNotFixed(const Finding& finding, const std::string& archive_name,
                        const std::string& refusal);

// Compiler-style lines: each fix with its edits, what was not applied and
// why, what cannot be fixed, and a summary line.
std::string RenderFixText(const FixReport& report);
// The same as a JSON document ("version": 1), described in docs/fix.md.
std::string RenderFixJson(const FixReport& report);

}  // namespace lel

#endif  // LEL_FIX_FIX_H_
