// The zip format, read with every offset and length checked: the one
// reader of raw zip records, used by ZipArchive (its cross-checks of what
// libzip reports) and by the writer (which copies records verbatim).
//
// Where libzip and Info-ZIP unzip 6.0 read an archive differently, this
// reader goes by unzip, which is what Lambda's extraction does; each such
// case and the unzip source it rests on is in docs/zip-format.md.
#ifndef LEL_ARCHIVE_ZIP_FORMAT_H_
#define LEL_ARCHIVE_ZIP_FORMAT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lel {

// Signatures and fixed sizes (APPNOTE 6.3.10, section 4.3).
inline constexpr uint32_t kZipLocalSig = 0x04034b50;
inline constexpr uint32_t kZipCentralSig = 0x02014b50;
inline constexpr uint32_t kZipEndSig = 0x06054b50;
inline constexpr uint32_t kZip64EndSig = 0x06064b50;
inline constexpr uint32_t kZip64LocatorSig = 0x07064b50;
inline constexpr uint32_t kZipDescriptorSig = 0x08074b50;
inline constexpr uint64_t kZipLocalFixed = 30;
inline constexpr uint64_t kZipCentralFixed = 46;
inline constexpr uint64_t kZipEndFixed = 22;
inline constexpr uint64_t kZip64EndFixed = 56;
inline constexpr uint64_t kZip64LocatorSize = 20;
inline constexpr uint16_t kZip64ExtraId = 0x0001;
inline constexpr uint16_t kUnicodePathExtraId = 0x7075;
inline constexpr uint16_t kZipFlagDescriptor = 0x0008;
inline constexpr uint16_t kZipFlagUtf8 = 0x0800;
// A central directory larger than this is not read: it would describe about
// a million entries, far beyond any Lambda package.
inline constexpr uint64_t kMaxCentralDirectory = 64ull << 20;

// CRC-32 (ISO 3309, as zip uses).
uint32_t Crc32(std::string_view data);

// A checked view of raw bytes: every field and slice read through it, and
// one that would reach past the end fails instead of reading there.
class ZipBytes {
 public:
  ZipBytes() = default;
  explicit ZipBytes(std::string_view data) : data_(data) {}
  bool Slice(uint64_t offset, uint64_t size, std::string_view* out) const;
  bool U16(uint64_t offset, uint16_t* v) const { return Le(offset, 2, v); }
  bool U32(uint64_t offset, uint32_t* v) const { return Le(offset, 4, v); }
  bool U64(uint64_t offset, uint64_t* v) const { return Le(offset, 8, v); }
  uint64_t size() const { return data_.size(); }

 private:
  template <typename T>
  bool Le(uint64_t offset, int bytes, T* v) const {
    std::string_view s;
    if (!Slice(offset, static_cast<uint64_t>(bytes), &s)) return false;
    T value = 0;
    for (int i = bytes - 1; i >= 0; --i) {
      value = static_cast<T>((value << 8) | static_cast<uint8_t>(s[static_cast<size_t>(i)]));
    }
    *v = value;
    return true;
  }
  std::string_view data_;
};

// Why a read failed. `unzip_differs`: the archive is one that unzip 6.0
// refuses or reads otherwise than libzip does (docs/zip-format.md), so a
// caller that also has libzip's reading must refuse it rather than trust
// libzip's; otherwise the archive is merely malformed to this reader.
struct ZipError {
  std::string text;
  bool unzip_differs = false;
};

// An archive file, read with pread; every read is bounds-checked.
class ZipFile {
 public:
  ZipFile() = default;
  ~ZipFile();
  ZipFile(const ZipFile&) = delete;
  ZipFile& operator=(const ZipFile&) = delete;
  // Opens a regular file; false with *err set.
  bool Open(const std::string& path, std::string* err);
  uint64_t size() const { return size_; }
  // `length` bytes at `offset` into *out; false (with a one-line *err) when
  // they are not all in the file.
  bool Read(uint64_t offset, uint64_t length, std::string* out, std::string* err) const;

 private:
  int fd_ = -1;
  uint64_t size_ = 0;
};

// One extra field (APPNOTE 4.5): its id and its data.
struct ZipExtraField {
  uint16_t id = 0;
  std::string_view data;
};
// The extra fields of a record in order. False when a field's length runs
// past the end of the block (the fields before it are kept), as unzip's
// scans (process.c getZip64Data, getUnicodeData) stop there.
bool SplitExtraFields(std::string_view extra, std::vector<ZipExtraField>* fields);
// The first field with this id, if any (only the fields before an overrun).
std::optional<std::string_view> FindExtraField(std::string_view extra, uint16_t id);

// The Info-ZIP Unicode Path field (0x7075) as unzip reads it: version 1,
// the CRC-32 of the stored name, the UTF-8 name. The name it gives when the
// CRC matches (empty data meaning "the stored name is UTF-8": the stored
// name), else nullopt.
std::optional<std::string> UnicodePathName(std::string_view data, std::string_view stored);

// The end of central directory, as unzip finds it.
struct ZipEndRecord {
  uint64_t offset = 0;          // of the classic end record
  uint64_t size = 0;            // 22 + the comment as far as it is in the file
  bool zip64 = false;           // zip64 values were taken from a zip64 record
  uint64_t zip64_offset = 0;    // of the zip64 end record, when zip64
  uint64_t count = 0;           // entries in the central directory
  uint64_t cd_size = 0;
  uint64_t cd_offset = 0;
  std::string comment;
};
// Finds and reads the end record (and its zip64 locator and record) of
// `file`. unzip 6.0 (process.c find_ecrec) takes the end record signature
// nearest the end of the file; when that one lies inside the comment of an
// earlier end record and names another central directory, the archive is
// refused (unzip_differs), as it is when a zip64 locator or record names a
// disk other than the first (find_ecrec64) or the archive is split.
bool ReadEndRecord(const ZipFile& file, ZipEndRecord* end, ZipError* err);

// One central directory record.
struct ZipCentralRecord {
  uint64_t offset = 0;          // in the file
  std::string bytes;            // the whole record, verbatim
  uint16_t made_by = 0;
  uint16_t flags = 0;
  uint16_t method = 0;
  uint32_t crc = 0;
  uint64_t compressed_size = 0; // zip64 values applied
  uint64_t size = 0;
  uint64_t local_offset = 0;
  uint32_t external_attributes = 0;
  std::string name;             // the stored bytes
  // The name unzip extracts it under when that is not the stored name: a
  // valid Unicode Path field's (flag bit 11 unset).
  std::optional<std::string> unicode_name;
  // Where the local offset's 64-bit value sits inside `bytes` (in the zip64
  // extra field), or npos when it is the 32-bit field at 42.
  size_t zip64_offset_at = std::string::npos;
  bool has_zip64_extra = false;
};
// Reads every record of the central directory `end` describes.
bool ReadCentralDirectory(const ZipFile& file, const ZipEndRecord& end,
                          std::vector<ZipCentralRecord>* records, ZipError* err);

// The extent of one entry's local record, as unzip measures it: its header
// (the local name and extra lengths), the data (the central record's
// compressed size), and, when the local header's bit 3 is set, the data
// descriptor unzip skips (extract.c extract_or_test_member: 12 bytes, 4
// more when they start with the descriptor signature as unzip decides it,
// 8 more when the local header has a zip64 extra field).
struct ZipLocalRecord {
  uint64_t offset = 0;
  uint16_t flags = 0;
  uint64_t data_offset = 0;
  uint64_t data_end = 0;
  uint64_t end = 0;             // after the descriptor, if any
  bool descriptor = false;      // bit 3 set: end - data_end bytes of descriptor
};
bool MeasureLocalRecord(const ZipFile& file, const ZipCentralRecord& record,
                        ZipLocalRecord* local, ZipError* err);

// unzip 6.0 refuses an archive whose records overlap: it covers the central
// directory and the end records, then each entry's local record as it
// extracts it, and refuses an entry that starts inside or runs into a
// covered span (extract.c cover_add, cover_within; Debian's CVE-2019-13232
// patches). Checks the same for the entries of `records` whose local record
// is known (`locals[i]`, nullopt to leave one out): false with
// "entry 'x': its record overlaps ...", unzip_differs set.
bool CheckRecordsDoNotOverlap(const ZipEndRecord& end,
                              const std::vector<ZipCentralRecord>& records,
                              const std::vector<std::optional<ZipLocalRecord>>& locals,
                              ZipError* err);

}  // namespace lel

#endif  // LEL_ARCHIVE_ZIP_FORMAT_H_
