// Rewrites a zip archive with a few entries changed, and nothing else.
//
// libzip is not used here: libzip 1.7 re-writes the local header of every
// entry it copies (it reorders extra fields and drops data descriptors), so
// an "untouched" entry would not stay byte for byte the same. Instead the
// writer copies each kept entry's local record (header, name, extra fields,
// compressed data, data descriptor) verbatim from the source, copies its
// central directory record verbatim except for the fields an edit names and
// the local-header offset, and writes a fresh end of central directory
// (keeping the archive comment). Every offset and length read from the
// source is bounds-checked; overlapping or truncated records are refused.
//
// Writing is atomic: a temporary file in the destination's folder, flushed
// and synced, re-opened and checked by the caller's verify callback, then
// renamed over the destination. On any failure the temporary file is
// removed and the destination (and the source) are left as they were.
#ifndef LEL_ARCHIVE_ZIP_WRITER_H_
#define LEL_ARCHIVE_ZIP_WRITER_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "archive/zip_format.h"  // Crc32

namespace lel {

// A change to an existing entry, named by its central directory index (the
// Entry::index of zip_archive.h) and, as a check, its stored name.
struct ZipEntryChange {
  uint64_t index = 0;
  std::string name;
  bool remove = false;
  // New data, written stored (uncompressed) with the fixed timestamp, in
  // the entry's place; the old extra fields are dropped.
  std::optional<std::string> content;
  // New Unix st_mode (type and permission bits) in the high 16 bits of the
  // external attributes; the low (MS-DOS) bits are kept.
  std::optional<uint32_t> unix_mode;
  // Makes the "version made by" host Unix (3), keeping the spec version.
  bool unix_host = false;
};

// A new entry, appended after the existing ones: stored, Unix host, the
// fixed timestamp, external attributes unix_mode << 16.
struct ZipNewEntry {
  std::string name;
  std::string content;  // a link's target for S_IFLNK
  uint32_t unix_mode = 0100644;
};

struct ZipRewrite {
  std::vector<ZipEntryChange> changes;  // at most one per index
  std::vector<ZipNewEntry> additions;
  bool empty() const { return changes.empty() && additions.empty(); }
};

// 1980-01-01 00:00, the earliest MS-DOS time: new entries always carry it,
// so the same input and edits always give the same bytes.
inline constexpr uint16_t kFixedDosDate = (0 << 9) | (1 << 5) | 1;
inline constexpr uint16_t kFixedDosTime = 0;

// Where each step of writing can be made to fail, for tests.
enum class WriteStep { kCreate, kWrite, kSync, kClose, kVerify, kRename };
const char* WriteStepName(WriteStep step);

struct RewriteOptions {
  // Called with the finished temporary file before it is renamed into
  // place; false (with *err set) abandons the write.
  std::function<bool(const std::string& temp_path, std::string* err)> verify;
  // Test hook: called before each step; returning true makes that step fail
  // as if the system call had (EIO).
  std::function<bool(WriteStep)> inject_fault;
};

// Writes `source` with `rewrite` applied to `destination` (which may be the
// source itself). An empty rewrite copies the source byte for byte. False
// with a one-line *err on any failure; then nothing was changed. A
// destination that exists and is not a regular file (a device, a folder, a
// symlink, a FIFO) is refused: renaming over it would replace it with a
// regular file (as root, `-o /dev/null` would replace /dev/null).
bool RewriteZip(const std::string& source, const ZipRewrite& rewrite,
                const std::string& destination, const RewriteOptions& options,
                std::string* err);

// Unlinks the temporary file a RewriteZip in progress is writing, if any:
// for a SIGINT or SIGTERM handler (async-signal-safe). A SIGKILL leaves it
// (docs/fix.md).
void RemovePendingTempFile();

// The raw extent of each entry, in central directory order: used by the
// writer and by tests that compare archives record by record.
struct ZipRecordLayout {
  std::string name;
  uint64_t local_offset = 0;
  uint64_t local_size = 0;      // header + name + extra + data + descriptor
  uint64_t central_offset = 0;
  uint64_t central_size = 0;    // 46 + name + extra + comment
};

// Reads the central directory of `path` and locates every local record.
// False with *err when the archive is malformed in a way the writer refuses
// (truncated, overlapping records, multi-disk, bad signatures).
bool ReadZipLayout(const std::string& path, std::vector<ZipRecordLayout>* records,
                   std::string* err);

}  // namespace lel

#endif  // LEL_ARCHIVE_ZIP_WRITER_H_
