#include "archive/package_source.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

namespace lel {

const Entry* PackageSource::entry(EntryId id) const {
  const std::vector<Entry>& all = entries();
  if (id < 0 || static_cast<uint64_t>(id) >= all.size()) return nullptr;
  return &all[static_cast<size_t>(id)];
}

const std::string& PackageSource::packager() const {
  static const std::string kNone;
  return kNone;
}

bool PackageSource::ReadId(EntryId id, std::string* out, std::string* err, uint64_t cap) const {
  const Entry* e = entry(id);
  if (e == nullptr) {
    *err = "no entry " + std::to_string(id);
    return false;
  }
  return Read(*e, out, err, cap);
}

namespace {

std::string Errno(std::string_view what) { return std::string(what) + ": " + std::strerror(errno); }

// The entry zip -r -y writes for one lstat() result (Unix host, st_mode in
// the high 16 bits of the external attributes).
Entry StoredEntry(std::string name, const struct stat& st) {
  Entry e;
  e.name = std::move(name);
  e.made_by_host = kHostUnix;
  e.unix_mode = st.st_mode & 0177777;
  e.external_attributes = e.unix_mode << 16;
  e.has_link_mode = S_ISLNK(st.st_mode);
  e.kind = S_ISLNK(st.st_mode)   ? EntryKind::kSymlink
           : S_ISDIR(st.st_mode) ? EntryKind::kDirectory
                                 : EntryKind::kFile;
  e.size = S_ISDIR(st.st_mode) ? 0 : static_cast<uint64_t>(st.st_size);
  e.compressed_size = e.size;
  return e;
}

}  // namespace

std::unique_ptr<DirSource> DirSource::Open(const std::string& root, std::string* err) {
  struct stat st;
  if (stat(root.c_str(), &st) != 0) {
    *err = Errno("cannot open");
    return nullptr;
  }
  if (!S_ISDIR(st.st_mode)) {
    *err = "not a folder";
    return nullptr;
  }
  std::unique_ptr<DirSource> source(new DirSource());
  source->root_ = root;
  // Depth first, names sorted within a folder, a folder's entry before its
  // contents; an explicit stack, so depth costs no recursion.
  std::vector<std::string> pending = {""};  // folders to list, relative ("" = root, else "a/b/")
  while (!pending.empty()) {
    std::string folder = std::move(pending.back());
    pending.pop_back();
    const std::string full = root + "/" + folder;
    DIR* dir = opendir(full.c_str());
    if (dir == nullptr) {
      *err = Errno("cannot list '" + PrintableName(folder.empty() ? "." : folder) + "'");
      return nullptr;
    }
    std::vector<std::string> names;
    while (const dirent* d = readdir(dir)) {
      std::string_view name = d->d_name;
      if (name != "." && name != "..") names.emplace_back(name);
    }
    closedir(dir);
    std::sort(names.begin(), names.end());
    std::vector<std::string> subfolders;
    for (const std::string& name : names) {
      const std::string relative = folder + name;
      if (lstat((root + "/" + relative).c_str(), &st) != 0) {
        *err = Errno("cannot stat '" + PrintableName(relative) + "'");
        return nullptr;
      }
      // zip -r skips what is neither file, folder nor link ("ignoring FIFO").
      if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode) && !S_ISLNK(st.st_mode)) continue;
      if (source->entries_.size() >= kMaxFolderEntries) {
        *err = "more than " + std::to_string(kMaxFolderEntries) + " entries";
        return nullptr;
      }
      Entry e = StoredEntry(S_ISDIR(st.st_mode) ? relative + "/" : relative, st);
      e.index = source->entries_.size();
      if (e.kind == EntryKind::kDirectory) subfolders.push_back(e.name);
      source->entries_.push_back(std::move(e));
    }
    // Reversed onto the stack, so that the first folder is listed first.
    pending.insert(pending.end(), subfolders.rbegin(), subfolders.rend());
  }
  return source;
}

bool DirSource::Read(const Entry& entry, std::string* out, std::string* err, uint64_t cap) const {
  out->clear();
  // Trust our own copy of the entry, found by index and checked by name.
  if (entry.index >= entries_.size() || entries_[entry.index].name != entry.name) {
    *err = "not an entry of this folder";
    return false;
  }
  const Entry& e = entries_[entry.index];
  const std::string full = root_ + "/" + e.name;
  if (e.kind == EntryKind::kDirectory) {
    *err = "is a folder";
    return false;
  }
  if (e.size > cap) {
    *err = "larger than " + std::to_string(cap) + " bytes";
    return false;
  }
  if (e.kind == EntryKind::kSymlink) {
    std::string target(static_cast<size_t>(std::min<uint64_t>(cap, 4096)) + 1, '\0');
    ssize_t n = readlink(full.c_str(), target.data(), target.size());
    if (n < 0) {
      *err = Errno("cannot read link");
      return false;
    }
    if (static_cast<uint64_t>(n) > cap) {
      *err = "larger than " + std::to_string(cap) + " bytes";
      return false;
    }
    target.resize(static_cast<size_t>(n));
    *out = std::move(target);
    return true;
  }
  // O_NOFOLLOW: the walk saw a file here; a link put in its place since is
  // not followed out of the root.
  int fd = open(full.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    *err = Errno("cannot open");
    return false;
  }
  out->resize(static_cast<size_t>(e.size));
  size_t done = 0;
  bool ok = true;
  while (done < out->size()) {
    ssize_t n = read(fd, out->data() + done, out->size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ok = false;
      break;
    }
    done += static_cast<size_t>(n);
  }
  char extra = 0;
  const bool grew = ok && read(fd, &extra, 1) > 0;
  close(fd);
  if (!ok || grew) {
    *err = "changed size since the folder was read";
    out->clear();
    return false;
  }
  return true;
}

bool DirSource::VerifyData(std::string* /*err*/, uint64_t /*inflate_budget*/) const {
  return true;
}

std::unique_ptr<PackageSource> OpenSource(const std::string& path, std::string* err) {
  struct stat st;
  if (stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return DirSource::Open(path, err);
  std::unique_ptr<ZipArchive> zip = ZipArchive::Open(path, err);
  if (!zip) return nullptr;
  return std::make_unique<ZipSource>(std::move(zip));
}

}  // namespace lel
