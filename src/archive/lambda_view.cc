#include "archive/lambda_view.h"

#include <unordered_map>
#include <utility>

namespace lel {
namespace {

// A symlink's stored content is its target; Linux refuses targets of
// PATH_MAX (4096) bytes or more, so nothing longer is worth reading.
constexpr uint64_t kMaxSymlinkTarget = 4096;

// The umask the extractor runs under; applied where the archive carries no
// Unix permissions (Lambda's own is not documented; lambda-sim's is 022).
constexpr uint32_t kUmask = 022;

std::string_view RootOf(int archive) { return archive == 0 ? kTaskRoot : kOptRoot; }

// What one zip has made so far, by path: folders and links, as a tree of
// name components (node 0 is the root). Memory grows with the components
// of the names, not with their ancestors' full paths: one entry 32,000
// folders deep held 1.28 GB as a set of every ancestor's path.
class MadeSoFar {
 public:
  enum Flag : uint8_t { kFolder = 1, kLink = 2 };
  // The node of `part` below `parent`, made when missing.
  uint32_t Child(uint32_t parent, std::string_view part) {
    std::string key(reinterpret_cast<const char*>(&parent), sizeof parent);
    key += part;
    auto [it, added] = index_.try_emplace(std::move(key), static_cast<uint32_t>(flags_.size()));
    if (added) flags_.push_back(0);
    return it->second;
  }
  bool Has(uint32_t node, Flag flag) const { return (flags_[node] & flag) != 0; }
  void Set(uint32_t node, Flag flag) { flags_[node] |= flag; }

 private:
  std::vector<uint8_t> flags_ = {0};
  std::unordered_map<std::string, uint32_t> index_;
};

// Where extraction places an entry, relative to the root ("./" and empty
// components dropped, no trailing '/'), as Info-ZIP unzip 6.0 (what
// lambda-sim runs) does, observed:
//  - a leading '/' is stripped: "/etc/x" lands at "etc/x";
//  - ".." components are dropped: "../evil.js" lands at "evil.js";
//  - for an entry made on a non-Unix host, '\' is a separator ("appears to
//    use backslashes as path separators"); for a Unix entry it is an
//    ordinary character (APPNOTE 4.4.17);
//  - a name is cut at its first NUL byte (a C string): "index.mjs\0../x"
//    lands at "index.mjs" (lambda-sim loads a handler so named).
// *note says how the place differs from the name, when it does. False with
// *note the reason for names that place nothing (empty, only dots).
bool PlaceEntry(const Entry& entry, std::string* relative, std::string* note) {
  std::string name = entry.name;
  note->clear();
  const bool has_nul = name.find('\0') != std::string::npos;
  if (has_nul) name.resize(name.find('\0'));
  if (name.empty()) {
    *note = has_nul ? "name starts with a NUL byte" : "empty name";
    return false;
  }
  // (Not noted: names with backslashes are entry-name-backslash's to report.)
  if (entry.made_by_host != kHostUnix) {
    for (char& c : name) c = c == '\\' ? '/' : c;
  }
  bool dropped_root = false, dropped_dots = false;
  relative->clear();
  size_t i = 0;
  while (i < name.size()) {
    size_t slash = name.find('/', i);
    if (slash == std::string::npos) slash = name.size();
    std::string_view part = std::string_view(name).substr(i, slash - i);
    if (i == 0 && slash == 0) dropped_root = true;
    i = slash + 1;
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      dropped_dots = true;
      continue;
    }
    if (!relative->empty()) *relative += '/';
    *relative += part;
  }
  if (relative->empty()) {
    *note = "names the extraction folder itself";
    return false;
  }
  if (has_nul || dropped_root || dropped_dots) {
    *note = std::string(has_nul        ? "name contains a NUL byte"
                        : dropped_root ? "absolute name"
                                       : "name with '..' components") +
            ", extracted at '" + *relative + "' instead";
  }
  return true;
}

// The permission bits an entry gets when extracted, as Info-ZIP unzip 6.0
// (what lambda-sim runs) sets them; observed with umask 022:
//  - Unix host: the stored mode's 0777 bits, exactly; setuid, setgid and
//    sticky are dropped, and a Unix entry with no mode bits at all becomes
//    0000 (unreadable), not a default.
//  - Any other host (MS-DOS, NTFS, ...): 0666, or 0444 with the DOS
//    read-only bit; 0777 for a folder; then the umask: 0644, 0444, 0755.
//    (A DOS-folder bit on a name without '/' gives a 0755 file.)
//  - MS-DOS host with Unix bits whose owner part agrees with the DOS bits
//    (PKZip for Unix does this): those Unix bits, as for a Unix host.
// Lambda's own extractor is not documented; where it differs from
// lambda-sim, lambda-sim is what this project trusts.
uint32_t ExtractedMode(const Entry& e) {
  if (e.made_by_host == kHostUnix) return e.unix_mode & 0777;
  uint32_t dos = e.external_attributes & 0xff;
  if (e.kind == EntryKind::kDirectory) dos |= 0x10;
  uint32_t writable = (dos & 0x01) ? 0 : 1;
  uint32_t folder = (dos & 0x10) ? 1 : 0;
  uint32_t bits = writable << 1 | folder;  // w and x, for owner, group, other
  if (e.made_by_host == kHostMsdos) {
    uint32_t unix_bits = e.external_attributes >> 16;
    if ((unix_bits & 0700) == (0400 | bits << 6)) return unix_bits & 0777;
  }
  return (0444 | bits << 6 | bits << 3 | bits) & ~kUmask;
}

}  // namespace

std::string ViewPath(int archive, const Entry& entry) {
  std::string relative, note;
  if (!PlaceEntry(entry, &relative, &note)) relative.clear();
  std::string path(RootOf(archive));
  if (!relative.empty()) path += "/" + relative;
  return path;
}

bool VerifyPackageData(const LambdaPackage& package, std::string* err) {
  for (const auto& archive : package.archives) {
    std::string why;
    if (!archive->VerifyData(&why)) {
      *err = PrintableName(archive->path(), 0) + ": " + why;
      return false;
    }
  }
  return true;
}

std::unique_ptr<ZipArchive> OpenVerifiedZip(const std::string& path, std::string* err) {
  std::unique_ptr<ZipArchive> archive = ZipArchive::Open(path, err);
  if (archive && !archive->VerifyData(err)) archive.reset();
  return archive;
}

bool ReplaceFunctionZip(const LambdaPackage& package, const std::string& function_zip,
                        LambdaPackage* out, std::string* err) {
  std::string why;
  std::unique_ptr<ZipArchive> function = OpenVerifiedZip(function_zip, &why);
  if (!function) {
    *err = PrintableName(function_zip, 0) + ": " + why;
    return false;
  }
  out->archives = {std::make_shared<ZipSource>(std::move(function))};
  out->archives.insert(out->archives.end(), package.archives.begin() + 1, package.archives.end());
  BuildLambdaView(out);
  return true;
}

bool OpenLambdaPackage(const std::string& function_zip,
                       const std::vector<std::string>& layer_zips, LambdaPackage* out,
                       std::string* err, bool verify) {
  out->archives.clear();
  std::vector<std::string> paths = {function_zip};
  paths.insert(paths.end(), layer_zips.begin(), layer_zips.end());
  for (const std::string& path : paths) {
    std::string why;
    std::unique_ptr<PackageSource> archive = OpenSource(path, &why);
    if (archive && verify && !archive->VerifyData(&why)) archive.reset();
    if (!archive) {
      *err = PrintableName(path, 0) + ": " + why;
      out->archives.clear();
      return false;
    }
    out->archives.push_back(std::move(archive));
  }
  // A package is only useful with its view; building it here spares every
  // caller the second step. Re-running BuildLambdaView() is harmless.
  BuildLambdaView(out);
  return true;
}

void BuildLambdaView(LambdaPackage* out) {
  out->vfs = Vfs();
  out->skipped.clear();
  std::vector<const PackageSource*> raw;
  for (size_t i = 0; i < out->archives.size(); ++i) {
    const PackageSource* archive = out->archives[i].get();
    raw.push_back(archive);
    if (archive == nullptr) continue;
    int index = static_cast<int>(i);
    std::string root(RootOf(index));
    // The placement policy of each kind of source: a zip's entries land as
    // unzip places them (PlaceEntry, ExtractedMode); a folder's entries are
    // what `zip -r -y` stores of it (DirSource), Unix-host records whose
    // names are never absolute, never hold '..' or a NUL and never lie below
    // a link, so the same rules place them as is, with their modes' 0777
    // bits: a folder is checked as its zip would be.
    // Within one zip, unzip makes links last, from placeholder files: an
    // entry below an earlier link is refused ("exists but is not
    // directory"), and a link where a folder was already made is not made
    // (both seen with unzip 6.0, which then exits non-zero). The first one
    // wins, whichever it is; these sets remember what came first.
    MadeSoFar made;
    // In archive order: a later entry (a duplicate name, or a later layer)
    // replaces an earlier one, as extracting one zip after another does.
    for (const Entry& e : archive->entries()) {
      std::string relative, note;
      if (!PlaceEntry(e, &relative, &note)) {
        out->skipped.push_back({index, &e, std::move(note)});
        continue;
      }
      if (!note.empty()) out->skipped.push_back({index, &e, std::move(note)});
      std::string path = root + "/" + relative;
      // Walks the folders above the entry (each one made, unless a link
      // made earlier is there) down to the entry's own node.
      std::string_view link_above;
      uint32_t node = 0;
      size_t start = 0;
      for (size_t slash = relative.find('/');; slash = relative.find('/', start)) {
        const size_t end = slash == std::string::npos ? relative.size() : slash;
        node = made.Child(node, std::string_view(relative).substr(start, end - start));
        if (slash == std::string::npos) break;
        if (made.Has(node, MadeSoFar::kLink)) {
          link_above = std::string_view(relative).substr(0, slash);
          break;
        }
        made.Set(node, MadeSoFar::kFolder);
        start = slash + 1;
      }
      if (!link_above.empty()) {
        out->skipped.push_back(
            {index, &e, "below symlink '" + std::string(link_above) + "' made earlier in this zip"});
        continue;
      }
      if (e.kind == EntryKind::kSymlink && made.Has(node, MadeSoFar::kFolder)) {
        out->skipped.push_back({index, &e, "symlink where this zip already made a folder"});
        continue;
      }
      if (e.kind == EntryKind::kDirectory) made.Set(node, MadeSoFar::kFolder);
      Origin origin{index, static_cast<int64_t>(e.index)};
      switch (e.kind) {
        case EntryKind::kDirectory:
          out->vfs.AddDirectory(path, ExtractedMode(e), origin);
          break;
        case EntryKind::kFile:
          out->vfs.AddFile(path, ExtractedMode(e), origin);
          break;
        case EntryKind::kSymlink: {
          std::string target, err;
          if (!archive->Read(e, &target, &err, kMaxSymlinkTarget)) {
            out->skipped.push_back({index, &e, "symlink target unreadable: " + err});
          } else if (target.empty()) {
            out->skipped.push_back({index, &e, "symlink with an empty target"});
          } else if (target.find('\0') != std::string::npos) {
            out->skipped.push_back({index, &e, "symlink target contains a NUL byte"});
          } else {
            out->vfs.AddSymlink(path, std::move(target), origin);
            made.Set(node, MadeSoFar::kLink);
          }
          break;
        }
      }
    }
  }
  out->vfs.SetSources(std::move(raw));
}

}  // namespace lel
