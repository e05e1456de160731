#include "archive/zip_archive.h"

#include <sys/stat.h>
#include <zip.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <optional>
#include <string_view>

#include "archive/zip_format.h"

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
  ZipFile file;
  if (!file.Open(path, err)) return nullptr;
  const uint64_t file_size = file.size();
  std::string magic, ignored;
  const bool starts_like_zip = file.Read(0, std::min<uint64_t>(file_size, 4), &magic, &ignored) &&
                               magic.size() == 4 && magic.compare(0, 2, "PK") == 0;
  // Our own reading of the records (zip_format.h), unzip's where it and
  // libzip differ: it adds the raw names, the local records' extents and
  // the refusals of archives unzip reads otherwise (docs/zip-format.md).
  ZipEndRecord end;
  std::vector<ZipCentralRecord> raw;
  ZipError raw_err;
  const bool have_end = ReadEndRecord(file, &end, &raw_err);
  const bool have_raw = have_end && ReadCentralDirectory(file, end, &raw, &raw_err);
  bool have_raw_names = have_raw;

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

  if (!have_raw && raw_err.unzip_differs) {
    *err = raw_err.text;
    return nullptr;
  }
  zip_int64_t count = zip_get_num_entries(zip, 0);
  if (count < 0) count = 0;
  // libzip can settle on fewer records than the end record states (none,
  // when the central directory is not where the record says) without an
  // error, where unzip extracts some: what the linter would check is then
  // not what Lambda gets.
  if (have_end && end.count != static_cast<uint64_t>(count)) {
    *err = "damaged zip archive (the end record lists " + std::to_string(end.count) +
           " entries, the central directory has " + std::to_string(count) + " readable)";
    return nullptr;
  }
  if (have_raw) {
    // Overlapping records, as unzip measures them: checked on the raw
    // records whatever the names, reported by VerifyData.
    std::vector<std::optional<ZipLocalRecord>> locals(raw.size());
    for (size_t i = 0; i < raw.size() && archive->overlap_error_.empty(); ++i) {
      ZipLocalRecord local;
      ZipError local_err;
      if (MeasureLocalRecord(file, raw[i], &local, &local_err)) {
        locals[i] = local;
      } else if (local_err.unzip_differs) {
        archive->overlap_error_ = local_err.text;
      }  // else libzip's reading of the entry reports it
    }
    ZipError overlap;
    if (archive->overlap_error_.empty() && !CheckRecordsDoNotOverlap(end, raw, locals, &overlap)) {
      archive->overlap_error_ = overlap.text;
    }
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
    } else if (have_raw_names && raw[i].unicode_name == e.name) {
      // libzip took the name from a valid Unicode Path field, as unzip does.
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
  if (!overlap_error_.empty()) {
    *err = overlap_error_;
    return false;
  }
  return true;
}

}  // namespace lel
