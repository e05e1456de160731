// file-not-readable: a file without the world-read bit. Lambda runs the
// function as an unprivileged user, so the runtime cannot open it: EACCES
// when it is loaded. Files the handler loads are errors; the rest are
// reported once per archive as hygiene.
#include "rules/fix_plan.h"
#include "rules/loaded_files.h"
#include "rules/registry.h"

namespace lel {
namespace {

constexpr uint32_t kWorldRead = 0004;
constexpr uint32_t kAnyExecute = 0111;
constexpr uint32_t kTypeMask = 0170000;
constexpr size_t kExamples = 3;

void Check(const Context& context, Findings* out) {
  const std::set<std::string> loaded = LoadedFiles(context);
  for (size_t a = 0; a < context.package.archives.size(); ++a) {
    std::vector<const Entry*> untidy;
    for (const Entry& entry : context.package.archives[a]->entries()) {
      // Guard: only files whose mode we know (Unix-made entries carry one).
      if (entry.kind != EntryKind::kFile || entry.unix_mode == 0) continue;
      // Guard: readable by everyone.
      if (entry.unix_mode & kWorldRead) continue;
      std::string path = context.package.vfs.Resolve(ViewPath(static_cast<int>(a), entry)).real_path;
      if (!loaded.count(path)) {
        untidy.push_back(&entry);
        continue;
      }
      char mode[8];
      std::snprintf(mode, sizeof mode, "%04o", entry.unix_mode & 07777);
      Finding& finding = out->Add(
          kFileNotReadable, std::string("file mode ") + mode +
                                " has no world-read bit; the runtime's user cannot open it: "
                                "EACCES: permission denied, open '" + path + "'");
      PointAt(static_cast<int>(a), entry, &finding);
    }
    // Guard: nothing else unreadable in this archive.
    if (untidy.empty()) continue;
    std::string examples;
    for (size_t i = 0; i < untidy.size() && i < kExamples; ++i) {
      examples += (i ? ", " : "") + untidy[i]->name;
    }
    Finding& finding = out->Add(
        kFileNotReadable, std::to_string(untidy.size()) +
                              " file(s) the handler does not load lack the world-read bit (" +
                              examples + (untidy.size() > kExamples ? ", ..." : "") +
                              "); use 644 for files");
    finding.archive = static_cast<int>(a);
    finding.category = Category::kHygiene;
    finding.severity = Severity::kWarning;
  }
}

// Fix: 644 (755 when some execute bit was set) for the finding's file or,
// for the finding without a path, for every other unreadable file of the
// function zip; the type bits stay.
bool Plan(const Context& context, const FixRequest& request, Fix* fix, std::string* why) {
  const Finding& finding = request.finding;
  std::set<std::string> named;  // files that have a finding of their own
  for (const Finding& other : request.findings) {
    if (other.rule == finding.rule && other.archive == 0 && !other.path.empty()) {
      named.insert(other.path);
    }
  }
  for (const Entry& entry : context.package.function().entries()) {
    // Guard: only files whose mode we know and that lack world-read.
    if (entry.kind != EntryKind::kFile || entry.unix_mode == 0) continue;
    if (entry.unix_mode & kWorldRead) continue;
    if (finding.path.empty() ? named.count(entry.name) > 0 : entry.name != finding.path) {
      continue;
    }
    const uint32_t permissions = (entry.unix_mode & kAnyExecute) ? 0755 : 0644;
    const uint32_t mode = (entry.unix_mode & kTypeMask) | permissions;
    fix->edits.push_back(ModeEdit(entry, mode));
  }
  if (fix->edits.empty()) {
    *why = "no unreadable file entry found";
    return false;
  }
  if (finding.path.empty()) {
    fix->title = "make " + std::to_string(fix->edits.size()) +
                 " file(s) world-readable (644, 755 when executable)";
  } else {
    fix->title = "make " + finding.path + " world-readable (" +
                 OctalMode(fix->edits.front().mode & 07777) + ")";
  }
  return true;
}

}  // namespace

const Rule kFileNotReadable = {
    "file-not-readable", Category::kCorrectness, Severity::kError, /*fixable=*/true,
    "a file lacks world-read, so the runtime's user cannot open it", &Check, &Plan, RuleSources::kStoredModes};

}  // namespace lel
