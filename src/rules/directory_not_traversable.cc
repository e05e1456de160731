// directory-not-traversable: a folder without the world-execute bit. The
// runtime's user cannot look up anything inside it, so its files are
// "not found" even though the zip has them.
#include "rules/fix_plan.h"
#include "rules/loaded_files.h"
#include "rules/registry.h"

namespace lel {
namespace {

constexpr uint32_t kWorldExecute = 0001;
constexpr uint32_t kTypeMask = 0170000;

void Check(const Context& context, Findings* out) {
  const std::set<std::string> loaded = LoadedFiles(context);
  for (size_t a = 0; a < context.package.archives.size(); ++a) {
    for (const Entry& entry : context.package.archives[a]->entries()) {
      // Guard: only folders whose mode we know.
      if (entry.kind != EntryKind::kDirectory || entry.unix_mode == 0) continue;
      // Guard: traversable.
      if (entry.unix_mode & kWorldExecute) continue;
      std::string dir = ViewPath(static_cast<int>(a), entry);
      std::string prefix = context.package.vfs.Resolve(dir).real_path + "/";
      const std::string* blocked = nullptr;
      for (const std::string& file : loaded) {
        if (file.compare(0, prefix.size(), prefix) == 0) {
          blocked = &file;
          break;
        }
      }
      char mode[8];
      std::snprintf(mode, sizeof mode, "%04o", entry.unix_mode & 07777);
      Finding& finding = out->Add(
          kDirectoryNotTraversable,
          std::string("folder mode ") + mode +
              " has no world-execute bit; the runtime's user cannot reach the files in it" +
              (blocked ? " (the handler loads " + *blocked + ")" : std::string()));
      PointAt(static_cast<int>(a), entry, &finding);
      if (blocked == nullptr) {
        finding.category = Category::kHygiene;
        finding.severity = Severity::kWarning;
      }
    }
  }
}

// Fix: 755 for the finding's folder; the type bits stay.
bool Plan(const Context& context, const FixRequest& request, Fix* fix, std::string* why) {
  const Finding& finding = request.finding;
  for (const Entry& entry : context.package.function().entries()) {
    if (entry.kind != EntryKind::kDirectory || entry.unix_mode == 0) continue;
    if (entry.name != finding.path || (entry.unix_mode & kWorldExecute)) continue;
    fix->edits.push_back(ModeEdit(entry, (entry.unix_mode & kTypeMask) | 0755));
  }
  if (fix->edits.empty()) {
    *why = "no untraversable folder entry found";
    return false;
  }
  fix->title = "make " + finding.path + " world-traversable (0755)";
  return true;
}

}  // namespace

const Rule kDirectoryNotTraversable = {
    "directory-not-traversable", Category::kCorrectness, Severity::kError, /*fixable=*/true,
    "a folder lacks world-execute, so nothing inside it can be opened", &Check, &Plan, RuleSources::kStoredModes};

}  // namespace lel
