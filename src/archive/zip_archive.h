// A read-only view of one zip archive. The only code that talks to libzip.
//
// Opening reads the central directory into a vector of Entry; contents are
// read one entry at a time, on demand, with a hard cap on the inflated size,
// so a hostile archive can never make us allocate more than the cap.
#ifndef LEL_ARCHIVE_ZIP_ARCHIVE_H_
#define LEL_ARCHIVE_ZIP_ARCHIVE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lel {

enum class EntryKind { kFile, kDirectory, kSymlink };

// "Version made by" host numbers (APPNOTE 4.4.2).
inline constexpr uint8_t kHostMsdos = 0;
inline constexpr uint8_t kHostUnix = 3;
inline constexpr uint8_t kHostNtfs = 10;

struct Entry {
  uint64_t index = 0;            // libzip index in the central directory
  // As stored, e.g. "lib/a.mjs" or "lib/": the raw bytes, no charset
  // conversion, and whole even when they hold a NUL byte.
  std::string name;
  // As an extractor sees it: kSymlink for a Unix-host entry with S_IFLNK;
  // kDirectory when the name ends in '/'; else kFile (Info-ZIP unzip makes
  // a plain file even of an S_IFDIR or DOS-folder entry without the '/').
  EntryKind kind = EntryKind::kFile;
  uint8_t made_by_host = kHostMsdos;
  uint32_t external_attributes = 0;
  // Unix st_mode (type and permission bits) when made_by_host is Unix and
  // the high 16 bits of the external attributes are set; 0 otherwise.
  uint32_t unix_mode = 0;
  bool has_link_mode = false;    // S_IFLNK in the high bits, whatever the host
  uint64_t size = 0;             // declared uncompressed size
  uint64_t compressed_size = 0;
  uint32_t crc = 0;
  uint16_t compression_method = 0;
  bool encrypted = false;
};

// Bytes from hostile input written so that they can be shown anywhere and
// read back exactly: each byte that is not part of a valid UTF-8 sequence,
// and with kEscapeControls each control byte (a NUL, a newline, an escape
// sequence: below 0x20, and 0x7f), is written as the four characters \xNN
// (lower-case hex); a backslash that is followed by 'x' is written \x5c, so
// that every \xNN in the result stands for one byte. Everything else is kept
// as it is. Cut after `max` bytes of input, at a character boundary, with
// "..." (0: never cut). The one escaping of the project: text output and
// messages (PrintableName), JSON output (src/json, without kEscapeControls:
// JSON has its own escapes for those).
enum class EscapeControls { kNo, kYes };
std::string EscapeBytes(std::string_view text, EscapeControls controls, size_t max);

// A name or any other user value made safe for a one-line message or a
// terminal (EscapeBytes with kEscapeControls), cut after `max` bytes: every
// message that echoes a value it was given goes through this.
std::string PrintableName(std::string_view name, size_t max = 200);

// The default cap on one inflated entry: larger entries are refused with an
// error rather than read. Lambda's own limit for everything unzipped is
// 262,144,000 bytes; no single JavaScript or package.json file we need to
// read comes near this.
inline constexpr uint64_t kDefaultReadCap = 64ull << 20;

// Lambda's quota for a function and its layers unzipped, in bytes.
inline constexpr uint64_t kLambdaUnzippedQuota = 262144000;

class ZipArchive {
 public:
  // Opens `path`. On failure returns nullptr and sets *err to a one-line
  // reason (without the path; callers add it).
  static std::unique_ptr<ZipArchive> Open(const std::string& path, std::string* err);
  ~ZipArchive();
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;

  const std::string& path() const { return path_; }
  const std::vector<Entry>& entries() const { return entries_; }
  uint64_t file_size() const { return file_size_; }
  // Empty when libzip's strict check (ZIP_CHECKCONS: local headers agree
  // with the central directory, no duplicate names, ...) also accepts the
  // archive; else its one-line reason. Open() itself does not require this,
  // because extractors such as Info-ZIP unzip accept such archives.
  const std::string& consistency_error() const { return consistency_error_; }

  // Reads and inflates one entry into *out, verifying its CRC. Fails (false,
  // *err set) when the entry is encrypted, larger than `cap` (declared or
  // actual), corrupt, or its CRC does not match. Never holds more than
  // min(declared size, cap) bytes plus one chunk. Safe to call from several
  // threads (reads of one archive are serialised).
  bool Read(const Entry& entry, std::string* out, std::string* err,
            uint64_t cap = kDefaultReadCap) const;

  // Does what an extractor does with every entry, keeping nothing: inflates
  // its data and checks the CRC and the declared size; also refuses entries
  // whose records overlap as unzip 6.0 measures them, data descriptor
  // included (unzip refuses those as zip bombs; CheckRecordsDoNotOverlap in
  // zip_format.h), whatever names libzip reports for them. Fails
  // (false, *err = "entry 'x': reason") at the first entry an extractor
  // could not extract as the central directory describes it. At most
  // `inflate_budget` bytes are inflated in all: an entry whose declared
  // size would exceed what is left is checked for everything but its data
  // (such a package is over Lambda's unzipped quota anyway, a finding of
  // its own). Memory: one chunk.
  bool VerifyData(std::string* err, uint64_t inflate_budget = kLambdaUnzippedQuota) const;

 private:
  ZipArchive() = default;
  std::string path_;
  uint64_t file_size_ = 0;
  std::string consistency_error_;
  std::vector<Entry> entries_;
  // Set at Open when the raw records (zip_format.h) overlap as unzip
  // measures them, or an entry's bit 3 promises a descriptor that is not
  // there; VerifyData reports it.
  std::string overlap_error_;
  struct Handle;
  // Inflates e (an entry of this archive) chunk by chunk, appending to *out
  // unless out is null; fails on any libzip error and on an inflated size
  // other than the declared one.
  bool Inflate(const Entry& e, std::string* out, std::string* err) const;
  std::unique_ptr<Handle> handle_;
};

}  // namespace lel

#endif  // LEL_ARCHIVE_ZIP_ARCHIVE_H_
