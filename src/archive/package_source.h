// Where a package's files come from: a zip (ZipSource) or a folder that is
// about to be zipped (DirSource). Everything above src/archive sees a
// package as a list of sources, each a list of entries with a stable id,
// and reads an entry's bytes by that id; only the view builder
// (lambda_view.cc) knows how each kind of source is laid out at /var/task
// and /opt (docs/sources.md).
#ifndef LEL_ARCHIVE_PACKAGE_SOURCE_H_
#define LEL_ARCHIVE_PACKAGE_SOURCE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "archive/zip_archive.h"

namespace lel {

enum class SourceKind { kZip, kDirectory };

// An entry's id: its position in PackageSource::entries(), which is also
// Entry::index. Findings, suppression comments and source positions name an
// entry by (source, id), never by name: a zip may hold two entries of one
// name, and only the later one is what Lambda runs.
using EntryId = int64_t;
inline constexpr EntryId kNoEntry = -1;

class PackageSource {
 public:
  virtual ~PackageSource() = default;

  virtual SourceKind kind() const = 0;
  // The zip file or the folder, as given.
  virtual const std::string& path() const = 0;
  // In the order the source holds them; entries()[id].index == id.
  virtual const std::vector<Entry>& entries() const = 0;
  // The size of the zip file; 0 for a folder (its zip is not made yet).
  virtual uint64_t file_size() const = 0;
  // As ZipArchive::Read: the entry's bytes, refused above `cap`.
  virtual bool Read(const Entry& entry, std::string* out, std::string* err,
                    uint64_t cap = kDefaultReadCap) const = 0;
  // As ZipArchive::VerifyData: whether an extractor could extract every entry.
  virtual bool VerifyData(std::string* err,
                          uint64_t inflate_budget = kLambdaUnzippedQuota) const = 0;
  // For a folder, the tool that will zip it, whose choices (modes, links)
  // the checks assume: "zip -r -y" (docs/sources.md). "" for a zip, which
  // is already packaged, and for a folder whose packager is not known.
  virtual const std::string& packager() const;
  // The zip behind a ZipSource, for the fix writer; null for a folder.
  virtual const ZipArchive* zip() const { return nullptr; }

  // The entry of an id; null when out of range.
  const Entry* entry(EntryId id) const;
  // Read(*entry(id), ...); false with *err when the id names no entry.
  bool ReadId(EntryId id, std::string* out, std::string* err, uint64_t cap = kDefaultReadCap) const;
};

// A zip, as ZipArchive reads it: a thin wrapper over its public interface.
class ZipSource final : public PackageSource {
 public:
  explicit ZipSource(std::unique_ptr<ZipArchive> zip) : zip_(std::move(zip)) {}
  SourceKind kind() const override { return SourceKind::kZip; }
  const std::string& path() const override { return zip_->path(); }
  const std::vector<Entry>& entries() const override { return zip_->entries(); }
  uint64_t file_size() const override { return zip_->file_size(); }
  bool Read(const Entry& entry, std::string* out, std::string* err,
            uint64_t cap = kDefaultReadCap) const override {
    return zip_->Read(entry, out, err, cap);
  }
  bool VerifyData(std::string* err, uint64_t inflate_budget) const override {
    return zip_->VerifyData(err, inflate_budget);
  }
  const ZipArchive* zip() const override { return zip_.get(); }

 private:
  std::unique_ptr<ZipArchive> zip_;
};

// The most entries a folder may hold; more is refused as a zip reader would
// refuse a central directory it cannot hold (Lambda's unzipped quota makes
// a real package far smaller).
inline constexpr size_t kMaxFolderEntries = 1u << 20;

// A build folder, read as `zip -r -y` stores it (measured, docs/sources.md):
// every file, folder (name ending in '/', empty ones too) and symlink below
// the root, dotfiles included, as Unix-host entries whose mode is the
// lstat() st_mode; symlinks as symlink entries holding their target text,
// never followed (so nothing outside the root is read); FIFOs, sockets and
// devices left out, as zip does. Names are relative to the root, sorted.
class DirSource final : public PackageSource {
 public:
  // Walks `root` with lstat(). Null with *err (without the path) when the
  // root is not a folder, a folder cannot be listed, or it holds more than
  // kMaxFolderEntries entries.
  static std::unique_ptr<DirSource> Open(const std::string& root, std::string* err);
  SourceKind kind() const override { return SourceKind::kDirectory; }
  const std::string& path() const override { return root_; }
  const std::vector<Entry>& entries() const override { return entries_; }
  uint64_t file_size() const override { return 0; }
  // A file's bytes (refused above `cap`, or when it changed size since the
  // walk), or a symlink's target text (refused above `cap`).
  bool Read(const Entry& entry, std::string* out, std::string* err,
            uint64_t cap = kDefaultReadCap) const override;
  // A folder has nothing to inflate: always true.
  bool VerifyData(std::string* err, uint64_t inflate_budget) const override;
  const std::string& packager() const override { return packager_; }

 private:
  DirSource() = default;
  std::string root_;
  std::string packager_ = "zip -r -y";
  std::vector<Entry> entries_;
};

// A zip file or a folder: DirSource when `path` is a folder (after
// following a link at the path itself), else ZipSource over
// ZipArchive::Open. Null with *err (without the path) on failure.
std::unique_ptr<PackageSource> OpenSource(const std::string& path, std::string* err);

}  // namespace lel

#endif  // LEL_ARCHIVE_PACKAGE_SOURCE_H_
