// Builds zip files for tests, entry by entry, with libzip's write API, and
// patches their header bytes to make hostile variants. Every hostile case of
// the archive tests is a recipe written with these helpers (see README.md),
// so no test depends on an opaque binary blob.
#ifndef LEL_TESTS_HOSTILE_ZIP_BUILDER_H_
#define LEL_TESTS_HOSTILE_ZIP_BUILDER_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace lel::testzip {

inline constexpr uint8_t kMsdos = 0;
inline constexpr uint8_t kUnix = 3;
inline constexpr uint8_t kNtfs = 10;

struct TestEntry {
  std::string name;         // as stored; a trailing '/' makes a folder entry
  std::string content;      // ignored when source_file is set
  uint8_t host = kUnix;     // "version made by" host
  // External attributes: the Unix st_mode goes in the high 16 bits, DOS
  // attribute bits (0x01 read-only, 0x10 folder) in the low ones.
  uint32_t attributes = 0100644u << 16;
  bool deflate = true;      // else stored
  bool encrypt = false;     // WinZip AES-256 with password "secret"
  std::string source_file;  // read the content from this file instead
};

// A Unix file, folder or symlink entry (the link's content is its target).
TestEntry File(std::string name, std::string content, uint32_t mode = 0644);
TestEntry Dir(std::string name, uint32_t mode = 0755);
TestEntry Link(std::string name, std::string target);
// An entry made on another host (MS-DOS by default): no Unix mode bits,
// `dos_attributes` in the low byte.
TestEntry Foreign(std::string name, std::string content, uint8_t host = kMsdos,
                  uint32_t dos_attributes = 0);

// Writes `entries`, in order, to a new zip at `path`. Aborts the test run
// (throws std::runtime_error) when libzip refuses, which is a test bug.
void WriteZip(const std::string& path, const std::vector<TestEntry>& entries);
// True when this libzip can write AES-encrypted entries.
bool CanEncrypt();

std::string ReadBytes(const std::string& path);
void WriteBytes(const std::string& path, const std::string& bytes);

// Offsets of the local and central headers of the (first) entry named
// `name`, found by signature and name; throws when absent.
size_t LocalHeaderOffset(const std::string& zip, const std::string& name);
size_t CentralHeaderOffset(const std::string& zip, const std::string& name);
// Offset of the entry's data (just after its local header).
size_t DataOffset(const std::string& zip, const std::string& name);

// Little-endian field writes, bounds-checked (throw when out of range).
void Put16(std::string* zip, size_t offset, uint16_t value);
void Put32(std::string* zip, size_t offset, uint32_t value);
uint16_t Get16(const std::string& zip, size_t offset);
uint32_t Get32(const std::string& zip, size_t offset);
// The zip CRC-32 of `data`, to keep a patched entry's checksum right.
uint32_t Crc32(const std::string& data);

// Little-endian appends, for archives written byte by byte.
void Append16(std::string* s, uint16_t v);
void Append32(std::string* s, uint32_t v);
void Append64(std::string* s, uint64_t v);

// Records written byte by byte (APPNOTE 4.3): a stored local record
// (header, name, data) with these flags; its central record (Unix host,
// mode 0644) pointing at `local_offset`, with these extra fields; an end
// of central directory record for one disk.
std::string StoredLocal(const std::string& name, const std::string& data, uint16_t flags = 0);
std::string StoredCentral(const std::string& name, const std::string& data,
                          uint32_t local_offset, const std::string& extra = "",
                          uint16_t flags = 0);
std::string EndRecord(uint16_t count, size_t cd_size, size_t cd_offset,
                      const std::string& comment = "");
// An Info-ZIP Unicode Path extra field (0x7075, version 1) giving `utf8`
// as the name of an entry whose stored name is `raw`.
std::string UnicodePathExtra(const std::string& raw, const std::string& utf8);

// A stored zip64 archive written byte by byte: every size and offset in the
// 32-bit fields is 0xFFFFFFFF and the real values sit in zip64 extra fields,
// with a zip64 end record and locator (APPNOTE 4.3.14-15, 4.5.3). libzip
// writes zip64 only past 4 GiB, so this is the small way to get one.
std::string Zip64(const std::vector<std::pair<std::string, std::string>>& files);

// Field offsets inside the headers (APPNOTE 4.3.7 and 4.3.12).
inline constexpr size_t kLocalFlags = 6, kLocalCrc = 14, kLocalCompressedSize = 18,
                        kLocalSize = 22, kLocalName = 30;
inline constexpr size_t kCentralFlags = 8, kCentralCrc = 16, kCentralCompressedSize = 20,
                        kCentralSize = 24, kCentralName = 46;

// A fresh temporary folder, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string Path(const std::string& file) const { return dir_ + "/" + file; }

 private:
  std::string dir_;
};

}  // namespace lel::testzip

#endif  // LEL_TESTS_HOSTILE_ZIP_BUILDER_H_
