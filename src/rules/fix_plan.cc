// PlanFixes: each fixable finding goes to its rule's plan(), with the
// Context its check() saw; the only guard here is the one every rule shares.
#include "rules/fix_plan.h"

#include <cstdio>

#include "rules/registry.h"

namespace lel {
namespace {

constexpr uint32_t kLinkMode = 0120777;

bool PlanOne(const Context& context, const FixRequest& request, Fix* fix, std::string* why) {
  // Guard: layers are published on their own; we edit the function only.
  if (request.finding.archive != 0) {
    *why =
        "the problem is in a layer zip, which fix never edits (a layer is published on its own)";
    return false;
  }
  // Guard: fixes are edits of the function's zip; a folder is not zipped yet.
  if (context.package.function().kind() != SourceKind::kZip) {
    *why = std::string(kFolderNotFixed);
    return false;
  }
  const Rule* rule = FindRule(request.finding.rule);
  // Guard: a finding marked fixable by hand, of a rule without a plan.
  if (rule == nullptr || rule->plan == nullptr) {
    *why = "no fix is implemented for this rule";
    return false;
  }
  return rule->plan(context, request, fix, why);
}

}  // namespace

ArchiveEdit EntryEdit(ArchiveEdit::Kind kind, const Entry& entry) {
  ArchiveEdit edit;
  edit.kind = kind;
  edit.name = entry.name;
  edit.index = static_cast<int64_t>(entry.index);
  edit.size = entry.size;
  return edit;
}

ArchiveEdit ModeEdit(const Entry& entry, uint32_t mode) {
  ArchiveEdit edit = EntryEdit(ArchiveEdit::kSetMode, entry);
  edit.mode = mode;
  return edit;
}

ArchiveEdit AddNodeModulesLink(const std::string& target) {
  ArchiveEdit add;
  add.kind = ArchiveEdit::kAddSymlink;
  add.name = "node_modules";
  add.content = target;
  add.mode = kLinkMode;
  return add;
}

std::string OctalMode(uint32_t mode) {
  char text[16];
  std::snprintf(text, sizeof text, "0%03o", mode);
  return text;
}

std::string ShortList(const std::vector<std::string>& items, bool verbose) {
  // Up to this many are always listed in full; past it, the first few.
  constexpr size_t kListed = 8;
  constexpr size_t kShown = 5;
  const size_t shown = verbose || items.size() <= kListed ? items.size() : kShown;
  std::string list;
  for (size_t i = 0; i < shown; ++i) list += (i == 0 ? "" : ", ") + items[i];
  if (shown < items.size()) {
    list += " and " + std::to_string(items.size() - shown) + " more (--verbose lists them)";
  }
  return list;
}

std::vector<Fix> PlanFixes(const Context& context, const std::vector<Finding>& findings,
                           const FixOptions& options, std::vector<FixRefusal>* refusals) {
  std::vector<Fix> fixes;
  for (size_t i = 0; i < findings.size(); ++i) {
    const Finding& finding = findings[i];
    if (!finding.fixable) continue;
    Fix fix;
    fix.rule = finding.rule;
    fix.archive = finding.archive;
    fix.finding = i;
    std::string why;
    if (PlanOne(context, FixRequest{finding, findings, options}, &fix, &why)) {
      fixes.push_back(std::move(fix));
    } else if (refusals != nullptr) {
      refusals->push_back({i, why});
    }
  }
  return fixes;
}

}  // namespace lel
