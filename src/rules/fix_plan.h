// Fixes are data, planned by the rules: a titled list of archive edits with
// an applicability. A rule that can fix has a plan() next to its check(),
// fed the same Context; PlanFixes asks each fixable finding's rule. The
// edits name entries by central-directory index and name; src/fix applies
// them with the zip writer and renders them.
//
// Only the function zip (archive 0) is ever edited: layers are shared and
// published separately. A finding whose rule can fix but for which no fix
// can be built stays reported, with the reason (a FixRefusal).
#ifndef LEL_RULES_FIX_PLAN_H_
#define LEL_RULES_FIX_PLAN_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "archive/lambda_view.h"
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

// An edit of the existing `entry` (index, name and size filled in).
ArchiveEdit EntryEdit(ArchiveEdit::Kind kind, const Entry& entry);
// Sets `entry`'s st_mode to `mode`.
ArchiveEdit ModeEdit(const Entry& entry, uint32_t mode);
// Adds the symlink node_modules -> `target` (mode 0120777).
ArchiveEdit AddNodeModulesLink(const std::string& target);

// `mode` in octal with a leading 0 ("0644"; "0100644" with the type bits),
// as fix titles and edit descriptions show it.
std::string OctalMode(uint32_t mode);

// safe: keeps what the package does, only repairs it (applied by default);
// unsafe: may change behaviour or drop content (only with --unsafe-fixes).
enum class Applicability { kSafe, kUnsafe };

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

// Why nothing is fixed in a build folder (the finding is still reported).
inline constexpr std::string_view kFolderNotFixed =
    "fix edits zips; re-zip with `zip -r -y` and fix the zip";

// Why a fixable finding got no fix.
struct FixRefusal {
  size_t finding = 0;
  std::string reason;
};

struct FixOptions {
  // Where the node_modules link should point; empty: chosen from the layers
  // and the runtime (ChooseLinkTarget in link_fix.h).
  std::string link_target;
  // List every package in titles and reasons (else ShortList's first few).
  bool verbose = false;
};

// What a rule's plan() is asked: a fix for `finding`, one of `findings`
// (all that the check of this package reported, after suppressions and the
// project config), in the function zip.
struct FixRequest {
  const Finding& finding;
  const std::vector<Finding>& findings;
  const FixOptions& options;
};

// "a, b, c, d, e and 7 more (--verbose lists them)"; every item when
// `verbose` or when there are few.
std::string ShortList(const std::vector<std::string>& items, bool verbose);

// The fixes for `findings`, as the check with `context` reported them, in
// finding order: each fixable finding's rule plans its fix from the same
// analyses. A finding in a layer zip is refused here, before its rule is
// asked. Fixable findings that get none are added to *refusals.
std::vector<Fix> PlanFixes(const Context& context, const std::vector<Finding>& findings,
                           const FixOptions& options,
                           std::vector<FixRefusal>* refusals = nullptr);

}  // namespace lel

#endif  // LEL_RULES_FIX_PLAN_H_
