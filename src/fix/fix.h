// Fixes are data: a titled list of archive edits with an applicability,
// planned from the findings and the package, applied by the zip writer.
//
// Only the function zip (archive 0) is ever edited: layers are shared and
// published separately. A finding whose rule can fix but for which no fix
// can be built stays reported, with the reason (a FixRefusal).
#ifndef LEL_FIX_FIX_H_
#define LEL_FIX_FIX_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "archive/lambda_view.h"
#include "archive/zip_writer.h"
#include "rules/finding.h"
#include "rules/rule.h"

namespace lel {

struct ArchiveEdit {
  enum Kind { kAddSymlink, kAddFile, kRemoveEntry, kReplaceContent, kSetMode, kSetUnixHost };
  Kind kind = kAddSymlink;
  std::string name;       // the entry's stored name
  int64_t index = -1;     // central directory index of an existing entry; -1 when added
  std::string content;    // link target (kAddSymlink, kReplaceContent) or file data (kAddFile)
  uint32_t mode = 0;      // st_mode, type bits included (kSetMode, kAddFile)
  uint64_t size = 0;      // the existing entry's uncompressed size (kRemoveEntry)
};

// "add-symlink", "remove-entry", ... (the JSON form).
std::string_view EditKindName(ArchiveEdit::Kind kind);
// One line for people: "set mode of index.mjs to 0644".
std::string DescribeEdit(const ArchiveEdit& edit);

// safe: keeps what the package does, only repairs it (applied by default);
// unsafe: may change behaviour or drop content (only with --unsafe-fixes).
enum class Applicability { kSafe, kUnsafe };
std::string_view ApplicabilityName(Applicability applicability);

struct Fix {
  std::string rule;
  std::string title;
  Applicability applicability = Applicability::kSafe;
  int archive = 0;
  size_t finding = 0;     // index of the finding it fixes
  std::vector<ArchiveEdit> edits;
  // Rules whose warnings about a layer this fix may bring to light without
  // causing them (re-pointing the link away from a layer folder leaves that
  // folder unreachable: layer-content-unreachable). Only these may appear
  // new after fixing, and only as warnings on a layer.
  std::vector<std::string> reveals;
};

// Why a fixable finding got no fix.
// Why nothing is fixed in a build folder (the finding is still reported).
inline constexpr std::string_view kFolderNotFixed =
    "fix edits zips; re-zip with `zip -r -y` and fix the zip";

struct FixRefusal {
  size_t finding = 0;
  std::string reason;
};

struct FixOptions {
  // Where the node_modules link should point; empty: chosen from the layers
  // and the runtime (ChooseLinkTarget).
  std::string link_target;
  // How the planner scans the files it needs: pass the cache of the check
  // that produced the findings, and nothing is parsed twice.
  ScanSettings scan;
  // List every package in titles and reasons (else ShortList's first few).
  bool verbose = false;
};

// "a, b, c, d, e and 7 more (--verbose lists them)"; every item when
// `verbose` or when there are few.
std::string ShortList(const std::vector<std::string>& items, bool verbose);

// The fixes for `findings` (as RunRules returned them for `package`), in
// finding order. Fixable findings that get none are added to *refusals.
std::vector<Fix> PlanFixes(const LambdaPackage& package, const CheckOptions& options,
                           const std::vector<Finding>& findings, const FixOptions& fix_options,
                           std::vector<FixRefusal>* refusals = nullptr);

// The layer package folder a node_modules link should point at for this
// runtime: /opt/nodejs/nodeNN/node_modules (NN = the runtime's major) when
// the layers hold more of `wanted` (package names) there, else
// /opt/nodejs/node_modules; only folders that the layers populate count.
// "" when the layers populate neither.
std::string ChooseLinkTarget(const LambdaPackage& package, const CheckOptions& options,
                             const std::vector<std::string>& wanted);

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
