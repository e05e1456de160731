#include "archive/zip_archive.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <optional>
#include <string_view>

namespace lel {

// libzip's handle. A zip_t is not thread-safe, and Read() is const on an
// archive that several functions' views may share, so reads take the lock.
struct ZipArchive::Handle {
  zip_t* zip = nullptr;
  std::mutex mu;
  ~Handle() {
    if (zip != nullptr) zip_discard(zip);
  }
};

namespace {

// st_mode type bits, spelled out: they come from the archive, not this host.
constexpr uint32_t kTypeMask = 0170000;
constexpr uint32_t kTypeLink = 0120000;

// Bytes inflated per zip_fread call: the most Read() ever holds beyond the
// declared size before it notices a lying header.
constexpr size_t kReadChunk = 64 * 1024;

// The end of central directory record can hide behind a comment of at most
// 65535 bytes; a zip64 locator sits 20 bytes before it.
constexpr uint64_t kEocdSize = 22;
constexpr uint64_t kMaxEocdSearch = kEocdSize + 0xffff + 20;
// A central directory larger than this is not scanned for raw names.
constexpr uint64_t kMaxRawScan = 64ull << 20;

// Every slice of raw archive bytes goes through this reader: a field or
// slice that would reach past the end fails instead of reading past it.
class ByteReader {
 public:
  explicit ByteReader(std::string_view data) : data_(data) {}

  bool Slice(uint64_t offset, uint64_t size, std::string_view* out) const {
    if (offset > data_.size() || size > data_.size() - offset) return false;
    *out = data_.substr(offset, size);
    return true;
  }
  bool U16(uint64_t offset, uint16_t* v) const { return Le(offset, 2, v); }
  bool U32(uint64_t offset, uint32_t* v) const { return Le(offset, 4, v); }
  bool U64(uint64_t offset, uint64_t* v) const { return Le(offset, 8, v); }
  size_t size() const { return data_.size(); }

 private:
  template <typename T>
  bool Le(uint64_t offset, int bytes, T* v) const {
    std::string_view s;
    if (!Slice(offset, bytes, &s)) return false;
    T value = 0;
    for (int i = bytes - 1; i >= 0; --i) value = (value << 8) | static_cast<uint8_t>(s[i]);
    *v = value;
    return true;
  }
  std::string_view data_;
};

// Reads `size` bytes at `offset` of an open file; false on a short read.
bool ReadAt(int fd, uint64_t offset, uint64_t size, std::string* out) {
  out->assign(size, '\0');
  uint64_t done = 0;
  while (done < size) {
    ssize_t n = pread(fd, out->data() + done, size - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<uint64_t>(n);
  }
  return true;
}

// What our own scan of the central directory learns that libzip does not
// tell: a record's raw name bytes and its local header's offset.
struct RawRecord {
  std::string name;
  uint64_t local_offset = 0;
};

// The local header offset of a central record whose 32-bit field says "see
// the zip64 extra field": the extra field (id 1) holds, in this order, the
// sizes whose 32-bit fields are saturated, then the offset.
bool Zip64LocalOffset(std::string_view extra, bool size_saturated, bool comp_saturated,
                      uint64_t* offset) {
  ByteReader x(extra);
  for (uint64_t at = 0; at + 4 <= extra.size();) {
    uint16_t id = 0, length = 0;
    if (!x.U16(at, &id) || !x.U16(at + 2, &length)) return false;
    if (id == 1) {
      const uint64_t field = at + 4 + 8 * (size_saturated ? 1 : 0) + 8 * (comp_saturated ? 1 : 0);
      return field + 8 <= at + 4 + length && x.U64(field, offset);
    }
    at += 4ull + length;
  }
  return false;
}

// Every central directory record, in order. libzip turns a NUL byte inside
// a name into a space ("a.mjs\0../../x" reads as "a.mjs ../../x"), but the
// name must reach lambda_view as stored so that it can refuse it, as an
// extractor would stop at the NUL.
// Returns false (and the caller keeps libzip's names) on anything unusual:
// this scan may only add information, never contradict libzip.
// `declared` gets the entry count the end record states, once it is read.
bool ReadRawRecords(int fd, uint64_t file_size, std::vector<RawRecord>* records,
                    std::optional<uint64_t>* declared) {
  uint64_t tail_size = std::min(file_size, kMaxEocdSearch);
  uint64_t tail_start = file_size - tail_size;
  std::string tail;
  if (tail_size < kEocdSize || !ReadAt(fd, tail_start, tail_size, &tail)) return false;
  ByteReader t(tail);

  // The record whose comment runs exactly to the end of the file; failing
  // that, the last one whose comment fits (bytes after the record, which
  // libzip and unzip both accept).
  std::optional<uint64_t> exact, fits;
  for (uint64_t at = tail_size - kEocdSize + 1; at-- > 0 && !exact;) {
    uint32_t signature = 0;
    uint16_t comment = 0;
    if (t.U32(at, &signature) && signature == 0x06054b50 && t.U16(at + 20, &comment) &&
        at + kEocdSize + comment <= tail_size) {
      if (at + kEocdSize + comment == tail_size) exact = at;
      if (!fits) fits = at;
    }
  }
  if (!exact && !fits) return false;
  const uint64_t eocd = exact ? *exact : *fits;
  uint16_t count16 = 0;
  uint32_t cd_size32 = 0, cd_offset32 = 0;
  if (!t.U16(eocd + 10, &count16) || !t.U32(eocd + 12, &cd_size32) ||
      !t.U32(eocd + 16, &cd_offset32)) {
    return false;
  }
  uint64_t count = count16, cd_size = cd_size32, cd_offset = cd_offset32;
  if (count16 == 0xffff || cd_size32 == 0xffffffff || cd_offset32 == 0xffffffff) {
    // Zip64: the locator just before the record points at the zip64 record.
    uint32_t signature = 0;
    uint64_t record = 0;
    if (eocd < 20 || !t.U32(eocd - 20, &signature) || signature != 0x07064b50 ||
        !t.U64(eocd - 12, &record) || record > file_size) {
      return false;
    }
    std::string z64;
    if (file_size - record < 56 || !ReadAt(fd, record, 56, &z64)) return false;
    ByteReader z(z64);
    if (!z.U32(0, &signature) || signature != 0x06064b50 || !z.U64(32, &count) ||
        !z.U64(40, &cd_size) || !z.U64(48, &cd_offset)) {
      return false;
    }
  }
  *declared = count;
  if (cd_offset > file_size || cd_size > file_size - cd_offset || cd_size > kMaxRawScan ||
      count > cd_size / 46) {
    return false;
  }
  std::string cd;
  if (!ReadAt(fd, cd_offset, cd_size, &cd)) return false;
  ByteReader c(cd);
  records->clear();
  uint64_t at = 0;
  for (uint64_t i = 0; i < count; ++i) {
    uint32_t signature = 0, comp32 = 0, size32 = 0, offset32 = 0;
    uint16_t name_length = 0, extra_length = 0, comment_length = 0;
    std::string_view name, extra;
    if (!c.U32(at, &signature) || signature != 0x02014b50 || !c.U32(at + 20, &comp32) ||
        !c.U32(at + 24, &size32) || !c.U16(at + 28, &name_length) ||
        !c.U16(at + 30, &extra_length) || !c.U16(at + 32, &comment_length) ||
        !c.U32(at + 42, &offset32) || !c.Slice(at + 46, name_length, &name) ||
        !c.Slice(at + 46 + name_length, extra_length, &extra)) {
      return false;
    }
    RawRecord record{std::string(name), offset32};
    if (offset32 == 0xffffffff &&
        !Zip64LocalOffset(extra, size32 == 0xffffffff, comp32 == 0xffffffff,
                          &record.local_offset)) {
      return false;
    }
    records->push_back(std::move(record));
    at += 46ull + name_length + extra_length + comment_length;
  }
  return true;
}

// Whether a raw name is the one libzip reports, which has every NUL byte
// turned into a space.
bool SameNameAsLibzip(std::string_view raw, std::string_view libzip) {
  if (raw.size() != libzip.size()) return false;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != libzip[i] && !(raw[i] == '\0' && libzip[i] == ' ')) return false;
  }
  return true;
}

std::string EntryPrefix(const Entry& e) { return "entry '" + PrintableName(e.name) + "': "; }

std::string SystemError(int sys_err) { return sys_err != 0 ? std::strerror(sys_err) : "unknown"; }

// libzip's error codes, as they arise when opening, in plain words.
std::string OpenErrorText(int code, int sys_err, bool starts_like_zip) {
  switch (code) {
    case ZIP_ER_NOZIP:
      return starts_like_zip
                 ? "truncated or damaged zip archive (no end of central directory record)"
                 : "not a zip archive";
    case ZIP_ER_INCONS:
      return "damaged zip archive (central directory inconsistent)";
    case ZIP_ER_EOF:
      return "truncated zip archive (central directory runs past the end of the file)";
    case ZIP_ER_SEEK:
      return "truncated or damaged zip archive (offset outside the file)";
    case ZIP_ER_READ:
      return "read error: " + SystemError(sys_err);
    case ZIP_ER_NOENT:
      return "no such file";
    case ZIP_ER_OPEN:
      return "cannot open: " + SystemError(sys_err);
    case ZIP_ER_MULTIDISK:
      return "split (multi-disk) zip archive, not supported";
    case ZIP_ER_MEMORY:
      return "out of memory";
    default: {
      zip_error_t error;
      zip_error_init_with_code(&error, code);
      std::string text = zip_error_strerror(&error);
      zip_error_fini(&error);
      return "cannot open zip archive: " + text;
    }
  }
}

// libzip's error codes, as they arise when reading one entry, in plain
// words (without the entry's name).
std::string ReadErrorText(const zip_error_t* error, const Entry& e) {
  int code = zip_error_code_zip(error);
  switch (code) {
    case ZIP_ER_CRC:
      return "CRC mismatch (data corrupt)";
    case ZIP_ER_ZLIB:
    case ZIP_ER_COMPRESSED_DATA:
      return "corrupt compressed data";
    case ZIP_ER_COMPNOTSUPP:
      return "compression method " + std::to_string(e.compression_method) + " not supported";
    case ZIP_ER_ENCRNOTSUPP:
    case ZIP_ER_NOPASSWD:
    case ZIP_ER_WRONGPASSWD:
      return "encrypted (not supported by Lambda's extractor)";
    case ZIP_ER_INCONS:
      return "data does not match its header (damaged archive)";
    case ZIP_ER_EOF:
    case ZIP_ER_SEEK:
      return "data runs past the end of the file (truncated archive)";
    case ZIP_ER_INVAL:  // libzip's answer to a data offset outside the file
      return "data lies outside the file (damaged archive)";
    case ZIP_ER_READ:
      return "read error: " + SystemError(zip_error_code_system(error));
    case ZIP_ER_MEMORY:
      return "out of memory";
    default: {
      zip_error_t copy;
      zip_error_init_with_code(&copy, code);
      std::string text = zip_error_strerror(&copy);
      zip_error_fini(&copy);
      return "cannot read: " + text;
    }
  }
}

// zip_open() through a file source, to learn the system error as well.
zip_t* OpenZip(const std::string& path, int flags, int* code, int* sys_err) {
  zip_error_t error;
  zip_error_init(&error);
  zip_t* zip = nullptr;
  if (zip_source_t* source = zip_source_file_create(path.c_str(), 0, -1, &error)) {
    zip = zip_open_from_source(source, flags, &error);
    if (zip == nullptr) zip_source_free(source);
  }
  *code = zip_error_code_zip(&error);
  *sys_err = zip_error_code_system(&error);
  zip_error_fini(&error);
  return zip;
}

struct FileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};

// The length of the valid UTF-8 sequence at text[i], or 0 when the byte
// there does not start one (RFC 3629: no overlong forms, no surrogates,
// nothing above U+10FFFF).
size_t Utf8SequenceAt(std::string_view text, size_t i) {
  const auto b0 = static_cast<unsigned char>(text[i]);
  if (b0 < 0x80) return 1;
  size_t length = b0 >= 0xc2 && b0 <= 0xdf ? 2 : b0 >= 0xe0 && b0 <= 0xef ? 3
                                               : b0 >= 0xf0 && b0 <= 0xf4 ? 4
                                                                          : 0;
  if (length == 0 || i + length > text.size()) return 0;
  const auto b1 = static_cast<unsigned char>(text[i + 1]);
  // The second byte's range is narrower after E0, ED, F0 and F4.
  const unsigned char low = b0 == 0xe0 ? 0xa0 : b0 == 0xf0 ? 0x90 : 0x80;
  const unsigned char high = b0 == 0xed ? 0x9f : b0 == 0xf4 ? 0x8f : 0xbf;
  if (b1 < low || b1 > high) return 0;
  for (size_t k = 2; k < length; ++k) {
    if ((static_cast<unsigned char>(text[i + k]) & 0xc0) != 0x80) return 0;
  }
  return length;
}

void AppendHexByte(unsigned char c, std::string* out) {
  static const char kHex[] = "0123456789abcdef";
  *out += "\\x";
  *out += kHex[c >> 4];
  *out += kHex[c & 15];
}

}  // namespace

std::string EscapeBytes(std::string_view text, EscapeControls controls, size_t max) {
  std::string out;
  const size_t shown = max == 0 ? text.size() : std::min(text.size(), max);
  size_t i = 0;
  while (i < shown) {
    const auto c = static_cast<unsigned char>(text[i]);
    const size_t length = Utf8SequenceAt(text, i);
    if (length == 0 || (controls == EscapeControls::kYes && (c < 0x20 || c == 0x7f)) ||
        (c == '\\' && i + 1 < text.size() && text[i + 1] == 'x')) {
      AppendHexByte(c, &out);
      ++i;
      continue;
    }
    if (i + length > shown) break;  // a cut never splits a character
    out.append(text.substr(i, length));
    i += length;
  }
  if (i < text.size()) out += "...";
  return out;
}

std::string PrintableName(std::string_view name, size_t max) {
  return EscapeBytes(name, EscapeControls::kYes, max);
}

ZipArchive::~ZipArchive() = default;

std::unique_ptr<ZipArchive> ZipArchive::Open(const std::string& path, std::string* err) {
  // Checks libzip would answer vaguely or not at all: a folder, an empty
  // file (libzip opens one as an empty archive; Lambda rejects it).
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) {
    *err = errno == ENOENT ? "no such file" : "cannot open: " + SystemError(errno);
    return nullptr;
  }
  if (S_ISDIR(st.st_mode)) {
    *err = "is a directory, not a zip archive";
    return nullptr;
  }
  if (!S_ISREG(st.st_mode)) {
    *err = "not a regular file";
    return nullptr;
  }
  if (st.st_size == 0) {
    *err = "empty file (0 bytes), not a zip archive";
    return nullptr;
  }
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *err = "cannot open: " + SystemError(errno);
    return nullptr;
  }
  auto file_size = static_cast<uint64_t>(st.st_size);
  std::string magic;
  bool starts_like_zip = ReadAt(fd, 0, std::min<uint64_t>(file_size, 4), &magic) &&
                         magic.size() == 4 && magic.compare(0, 2, "PK") == 0;
  std::vector<RawRecord> raw;
  std::optional<uint64_t> declared_count;
  const bool have_raw = ReadRawRecords(fd, file_size, &raw, &declared_count);
  bool have_raw_names = have_raw;
  close(fd);

  // Not ZIP_CHECKCONS: it rejects a whole archive for one local header that
  // disagrees with the central directory, or for a duplicate name, where
  // unzip extracts (and Read() still catches a lying entry by its inflated
  // size and CRC). The strict verdict is kept in consistency_error().
  int code = 0, sys_err = 0;
  zip_t* zip = OpenZip(path, ZIP_RDONLY, &code, &sys_err);
  if (zip == nullptr) {
    *err = OpenErrorText(code, sys_err, starts_like_zip);
    return nullptr;
  }
  std::unique_ptr<ZipArchive> archive(new ZipArchive());
  archive->handle_ = std::make_unique<Handle>();
  archive->handle_->zip = zip;
  archive->path_ = path;
  archive->file_size_ = file_size;

  zip_int64_t count = zip_get_num_entries(zip, 0);
  if (count < 0) count = 0;
  // libzip can settle on fewer records than the end record states (none,
  // when the central directory is not where the record says) without an
  // error, where unzip extracts some: what the linter would check is then
  // not what Lambda gets.
  if (declared_count && *declared_count != static_cast<uint64_t>(count)) {
    *err = "damaged zip archive (the end record lists " + std::to_string(*declared_count) +
           " entries, the central directory has " + std::to_string(count) + " readable)";
    return nullptr;
  }
  if (have_raw && raw.size() == static_cast<uint64_t>(count)) {
    archive->local_offsets_.reserve(raw.size());
    for (const RawRecord& r : raw) archive->local_offsets_.push_back(r.local_offset);
  } else {
    have_raw_names = false;
  }
  archive->entries_.reserve(static_cast<size_t>(count));
  for (zip_uint64_t i = 0; i < static_cast<zip_uint64_t>(count); ++i) {
    zip_stat_t s;
    zip_stat_init(&s);
    uint8_t host = kHostMsdos;
    uint32_t attributes = 0;
    if (zip_stat_index(zip, i, ZIP_FL_ENC_RAW, &s) != 0 ||
        zip_file_get_external_attributes(zip, i, ZIP_FL_UNCHANGED, &host, &attributes) != 0) {
      *err = "damaged zip archive (central directory record " + std::to_string(i) +
             " unreadable)";
      return nullptr;
    }
    Entry e;
    e.index = i;
    e.name = (s.valid & ZIP_STAT_NAME) && s.name != nullptr ? s.name : "";
    if (have_raw_names && SameNameAsLibzip(raw[i].name, e.name)) {
      e.name = std::move(raw[i].name);
    } else {
      have_raw_names = false;  // out of step with libzip: trust libzip alone
    }
    e.made_by_host = host;
    e.external_attributes = attributes;
    uint32_t high = attributes >> 16;
    e.unix_mode = host == kHostUnix ? high : 0;
    e.has_link_mode = (high & kTypeMask) == kTypeLink;
    if (host == kHostUnix && e.has_link_mode) {
      e.kind = EntryKind::kSymlink;
    } else if (!e.name.empty() && e.name.back() == '/') {
      e.kind = EntryKind::kDirectory;
    }
    e.size = (s.valid & ZIP_STAT_SIZE) ? s.size : 0;
    e.compressed_size = (s.valid & ZIP_STAT_COMP_SIZE) ? s.comp_size : 0;
    e.crc = (s.valid & ZIP_STAT_CRC) ? s.crc : 0;
    e.compression_method = (s.valid & ZIP_STAT_COMP_METHOD) ? s.comp_method : 0;
    e.encrypted =
        (s.valid & ZIP_STAT_ENCRYPTION_METHOD) && s.encryption_method != ZIP_EM_NONE;
    archive->entries_.push_back(std::move(e));
  }
  // Names from an earlier record were taken raw before a later mismatch
  // showed the scan out of step: take them all from libzip again.
  if (!have_raw_names) {
    archive->local_offsets_.clear();
    for (Entry& e : archive->entries_) {
      const char* name = zip_get_name(zip, e.index, ZIP_FL_ENC_RAW);
      e.name = name != nullptr ? name : "";
    }
  }

  zip_t* strict = OpenZip(path, ZIP_RDONLY | ZIP_CHECKCONS, &code, &sys_err);
  if (strict != nullptr) {
    zip_discard(strict);
  } else {
    // Whatever code libzip gives (INCONS, or NOZIP for a local header it
    // cannot find), the plain open above succeeded: it is this.
    archive->consistency_error_ = "local headers or names disagree with the central directory";
  }
  return archive;
}

bool ZipArchive::Read(const Entry& entry, std::string* out, std::string* err,
                      uint64_t cap) const {
  out->clear();
  // Trust our own copy of the entry, found by index and checked by name, so
  // that an Entry from another archive cannot point us anywhere.
  if (entry.index >= entries_.size() || entries_[entry.index].name != entry.name) {
    *err = EntryPrefix(entry) + "not in this archive";
    return false;
  }
  const Entry& e = entries_[entry.index];
  if (e.size > cap) {
    *err = EntryPrefix(e) + "declares " + std::to_string(e.size) + " bytes, more than the " +
           std::to_string(cap) + "-byte read limit";
    return false;
  }
  out->reserve(static_cast<size_t>(std::min<uint64_t>(e.size, kReadChunk * 16)));
  // Inflate() never goes past the declared size, so this enforces the cap on
  // the actual bytes too.
  if (!Inflate(e, out, err)) {
    out->clear();
    return false;
  }
  return true;
}

bool ZipArchive::Inflate(const Entry& e, std::string* out, std::string* err) const {
  if (e.encrypted) {
    *err = EntryPrefix(e) + "encrypted (not supported by Lambda's extractor)";
    return false;
  }
  std::lock_guard<std::mutex> lock(handle_->mu);
  std::unique_ptr<zip_file_t, FileCloser> file(zip_fopen_index(handle_->zip, e.index, 0));
  if (!file) {
    *err = EntryPrefix(e) + ReadErrorText(zip_get_error(handle_->zip), e);
    zip_error_clear(handle_->zip);
    return false;
  }
  thread_local std::string chunk;
  chunk.resize(kReadChunk);
  uint64_t total = 0;
  for (;;) {
    zip_int64_t n = zip_fread(file.get(), chunk.data(), chunk.size());
    if (n < 0) {
      *err = EntryPrefix(e) + ReadErrorText(zip_file_get_error(file.get()), e);
      return false;
    }
    if (n == 0) break;
    if (static_cast<uint64_t>(n) > e.size - total) {
      *err = EntryPrefix(e) + "inflates to more than its declared " + std::to_string(e.size) +
             " bytes (lying header)";
      return false;
    }
    total += static_cast<uint64_t>(n);
    if (out != nullptr) out->append(chunk.data(), static_cast<size_t>(n));
  }
  if (total != e.size) {
    *err = EntryPrefix(e) + "inflates to " + std::to_string(total) + " bytes, not its declared " +
           std::to_string(e.size) + " (lying header)";
    return false;
  }
  return true;
}

bool ZipArchive::VerifyData(std::string* err, uint64_t inflate_budget) const {
  for (const Entry& e : entries_) {
    if (e.kind == EntryKind::kDirectory) continue;  // extractors make the folder, nothing else
    // Beyond the budget the package is over Lambda's quota, which
    // package-too-large reports; inflating more would prove nothing new.
    if (e.size > inflate_budget) continue;
    if (!Inflate(e, nullptr, err)) return false;
    inflate_budget -= e.size;
  }
  // Records sharing bytes, each readable on its own: a local header inside
  // the span another record certainly covers (its 30-byte fixed header and
  // its data).
  if (local_offsets_.empty()) return true;
  std::vector<size_t> order(entries_.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return local_offsets_[a] < local_offsets_[b]; });
  for (size_t k = 1; k < order.size(); ++k) {
    const Entry& before = entries_[order[k - 1]];
    const uint64_t covered =
        local_offsets_[order[k - 1]] + 30 + std::min(before.compressed_size, file_size_);
    if (local_offsets_[order[k]] < covered) {
      *err = EntryPrefix(entries_[order[k]]) + "its record overlaps that of '" +
             PrintableName(before.name) + "' (damaged archive, or a zip bomb)";
      return false;
    }
  }
  return true;
}

}  // namespace lel
