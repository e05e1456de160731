#include "archive/zip_format.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

#include "archive/zip_archive.h"

namespace lel {
namespace {

// [offset, offset + length) lies within [0, limit), without overflow.
bool InRange(uint64_t offset, uint64_t length, uint64_t limit) {
  return offset <= limit && length <= limit - offset;
}

std::string Quoted(std::string_view name) { return "'" + PrintableName(name) + "'"; }

bool Fail(ZipError* err, std::string text, bool unzip_differs = false) {
  err->text = std::move(text);
  err->unzip_differs = unzip_differs;
  return false;
}

// The fields of a classic end record at `at` of `tail` that name the
// central directory; false when the record does not fit.
struct ClassicEnd {
  uint16_t disk = 0, cd_disk = 0, count_here = 0, count = 0, comment_length = 0;
  uint32_t cd_size = 0, cd_offset = 0;
  bool SameDirectory(const ClassicEnd& o) const {
    return disk == o.disk && cd_disk == o.cd_disk && count_here == o.count_here &&
           count == o.count && cd_size == o.cd_size && cd_offset == o.cd_offset;
  }
};
bool ReadClassicEnd(const ZipBytes& tail, uint64_t at, ClassicEnd* e) {
  return tail.U16(at + 4, &e->disk) && tail.U16(at + 6, &e->cd_disk) &&
         tail.U16(at + 8, &e->count_here) && tail.U16(at + 10, &e->count) &&
         tail.U32(at + 12, &e->cd_size) && tail.U32(at + 16, &e->cd_offset) &&
         tail.U16(at + 20, &e->comment_length);
}

// Reads the zip64 locator before the end record at `end->offset` and the
// zip64 end record it points to, as find_ecrec64 (process.c) does, and
// applies the zip64 values to the fields `classic` saturates. Returns true
// when there is no locator (nothing to do) or the zip64 values were taken.
bool ApplyZip64(const ZipFile& file, const ClassicEnd& classic, ZipEndRecord* end,
                ZipError* err) {
  if (end->offset < kZip64LocatorSize) return true;
  const uint64_t locator_offset = end->offset - kZip64LocatorSize;
  std::string locator_bytes, read_err;
  if (!file.Read(locator_offset, kZip64LocatorSize, &locator_bytes, &read_err)) {
    return Fail(err, read_err);
  }
  const ZipBytes locator(locator_bytes);
  uint32_t signature = 0, record_disk = 0, total_disks = 0;
  uint64_t record = 0;
  if (!locator.U32(0, &signature) || signature != kZip64LocatorSig) return true;
  if (!locator.U32(4, &record_disk) || !locator.U64(8, &record) ||
      !locator.U32(16, &total_disks)) {
    return Fail(err, "damaged zip64 end of central directory locator");
  }
  // unzip reads the zip64 record only when the locator says there is one
  // disk holding it (the count is 1-based); else it goes by the classic
  // record alone, whose saturated fields then point nowhere.
  if (total_disks != 1 || record_disk != 0) {
    return Fail(err,
                "the zip64 end of central directory locator names disk " +
                    std::to_string(record_disk) + " of " + std::to_string(total_disks) +
                    " (a split archive; unzip does not read it as zip64)",
                true);
  }
  std::string z64_bytes;
  if (!InRange(record, kZip64EndFixed, locator_offset) ||
      !file.Read(record, kZip64EndFixed, &z64_bytes, &read_err)) {
    return Fail(err, "the zip64 end of central directory record lies outside the archive",
                true);
  }
  const ZipBytes z64(z64_bytes);
  uint32_t disk = 0, cd_disk = 0;
  uint64_t count_here = 0, count = 0, cd_size = 0, cd_offset = 0;
  if (!z64.U32(0, &signature) || signature != kZip64EndSig || !z64.U32(16, &disk) ||
      !z64.U32(20, &cd_disk) || !z64.U64(24, &count_here) || !z64.U64(32, &count) ||
      !z64.U64(40, &cd_size) || !z64.U64(48, &cd_offset)) {
    return Fail(err, "no zip64 end of central directory record where its locator points",
                true);
  }
  if (disk != 0 || cd_disk != 0) {
    return Fail(err,
                "the zip64 end of central directory record names disk " +
                    std::to_string(disk != 0 ? disk : cd_disk) +
                    " (a split archive; unzip does not read it as zip64)",
                true);
  }
  // unzip takes the zip64 record only when each classic field that is not
  // saturated agrees with it; otherwise it goes by the classic record.
  const bool agrees = (classic.count_here == 0xffff || classic.count_here == count_here) &&
                      (classic.count == 0xffff || classic.count == count) &&
                      (classic.cd_size == 0xffffffff || classic.cd_size == cd_size) &&
                      (classic.cd_offset == 0xffffffff || classic.cd_offset == cd_offset);
  if (!agrees) return true;
  end->zip64 = true;
  end->zip64_offset = record;
  if (classic.count == 0xffff) end->count = count;
  if (classic.cd_size == 0xffffffff) end->cd_size = cd_size;
  if (classic.cd_offset == 0xffffffff) end->cd_offset = cd_offset;
  return true;
}

}  // namespace

uint32_t Crc32(std::string_view data) {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  uint32_t crc = 0xffffffffu;
  for (char ch : data) crc = table[(crc ^ static_cast<uint8_t>(ch)) & 0xff] ^ (crc >> 8);
  return crc ^ 0xffffffffu;
}

bool ZipBytes::Slice(uint64_t offset, uint64_t size, std::string_view* out) const {
  if (!InRange(offset, size, data_.size())) return false;
  *out = data_.substr(offset, size);
  return true;
}

ZipFile::~ZipFile() {
  if (fd_ >= 0) close(fd_);
}

bool ZipFile::Open(const std::string& path, std::string* err) {
  fd_ = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) {
    *err = std::string("cannot open: ") + std::strerror(errno);
    return false;
  }
  struct stat st;
  if (fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) {
    *err = "not a regular file";
    return false;
  }
  size_ = static_cast<uint64_t>(st.st_size);
  return true;
}

bool ZipFile::Read(uint64_t offset, uint64_t length, std::string* out, std::string* err) const {
  if (!InRange(offset, length, size_)) {
    *err = "truncated archive: " + std::to_string(length) + " bytes at offset " +
           std::to_string(offset) + " lie beyond its end (" + std::to_string(size_) + ")";
    return false;
  }
  out->resize(length);
  uint64_t done = 0;
  while (done < length) {
    ssize_t n = pread(fd_, out->data() + done, length - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      *err = n < 0 ? std::string("read failed: ") + std::strerror(errno) : "unexpected end of file";
      return false;
    }
    done += static_cast<uint64_t>(n);
  }
  return true;
}

bool SplitExtraFields(std::string_view extra, std::vector<ZipExtraField>* fields) {
  fields->clear();
  const ZipBytes x(extra);
  uint64_t at = 0;
  while (at + 4 <= x.size()) {
    ZipExtraField field;
    uint16_t length = 0;
    if (!x.U16(at, &field.id) || !x.U16(at + 2, &length) ||
        !x.Slice(at + 4, length, &field.data)) {
      return false;
    }
    fields->push_back(field);
    at += 4ull + length;
  }
  return true;
}

std::optional<std::string_view> FindExtraField(std::string_view extra, uint16_t id) {
  std::vector<ZipExtraField> fields;
  SplitExtraFields(extra, &fields);
  for (const ZipExtraField& f : fields) {
    if (f.id == id) return f.data;
  }
  return std::nullopt;
}

std::optional<std::string> UnicodePathName(std::string_view data, std::string_view stored) {
  const ZipBytes d(data);
  std::string_view version;
  uint32_t crc = 0;
  if (!d.Slice(0, 1, &version) || version[0] != 1 || !d.U32(1, &crc)) return std::nullopt;
  // unzip's CRC is of the name as a C string: up to a NUL byte.
  if (crc != Crc32(stored.substr(0, stored.find('\0')))) return std::nullopt;
  std::string_view name = data.substr(5);
  return std::string(name.empty() ? stored : name);
}

bool ReadEndRecord(const ZipFile& file, ZipEndRecord* end, ZipError* err) {
  const uint64_t size = file.size();
  if (size < kZipEndFixed) return Fail(err, "not a zip archive (too short)");
  const uint64_t tail_size = std::min<uint64_t>(size, kZipEndFixed + 0xffff);
  const uint64_t tail_start = size - tail_size;
  std::string tail_bytes, read_err;
  if (!file.Read(tail_start, tail_size, &tail_bytes, &read_err)) return Fail(err, read_err);
  const ZipBytes tail(tail_bytes);
  auto is_end = [&](uint64_t at) {
    uint32_t signature = 0;
    return tail.U32(at, &signature) && signature == kZipEndSig;
  };
  // unzip (process.c find_ecrec, rec_find) scans back from 22 bytes before
  // the end and takes the first signature it meets, whatever its comment.
  uint64_t at = tail_size - kZipEndFixed + 1;
  while (at-- > 0 && !is_end(at)) {
  }
  if (at == UINT64_MAX) {
    return Fail(err, "not a zip archive (no end of central directory record)");
  }
  ClassicEnd classic;
  if (!ReadClassicEnd(tail, at, &classic)) return Fail(err, "damaged end of central directory");
  // An earlier end record whose comment holds this one and fits in the
  // file: other readers (libzip among them) take the earlier, unzip and
  // Python's zipfile this one. Refused when the two name different central
  // directories.
  for (uint64_t before = at; before-- > 0;) {
    ClassicEnd outer;
    if (is_end(before) && ReadClassicEnd(tail, before, &outer) &&
        before + kZipEndFixed + outer.comment_length > at &&
        before + kZipEndFixed + outer.comment_length <= tail_size &&
        !outer.SameDirectory(classic)) {
      return Fail(err,
                  "the archive comment holds a second end of central directory record, "
                  "naming another central directory (unzip reads that one)",
                  true);
    }
  }
  end->offset = tail_start + at;
  std::string_view comment;
  tail.Slice(at + kZipEndFixed, std::min<uint64_t>(classic.comment_length, tail_size - at - kZipEndFixed),
             &comment);
  end->comment = std::string(comment);
  end->size = kZipEndFixed + comment.size();
  end->zip64 = false;
  end->count = classic.count;
  end->cd_size = classic.cd_size;
  end->cd_offset = classic.cd_offset;
  if (!ApplyZip64(file, classic, end, err)) return false;
  // process.c do_seekable: unzip refuses an archive whose end record says
  // it is not the first disk (a split archive).
  if ((classic.disk != 0 && classic.disk != 0xffff) ||
      (classic.cd_disk != 0 && classic.cd_disk != 0xffff)) {
    return Fail(err, "split (multi-disk) zip archive, not supported", true);
  }
  return true;
}

bool ReadCentralDirectory(const ZipFile& file, const ZipEndRecord& end,
                          std::vector<ZipCentralRecord>* records, ZipError* err) {
  records->clear();
  const uint64_t directory_end = end.zip64 ? end.zip64_offset : end.offset;
  if (!InRange(end.cd_offset, end.cd_size, directory_end) || end.cd_size > kMaxCentralDirectory ||
      end.count > end.cd_size / kZipCentralFixed) {
    return Fail(err, "central directory (" + std::to_string(end.count) + " entries, " +
                         std::to_string(end.cd_size) + " bytes at " +
                         std::to_string(end.cd_offset) + ") does not fit the file");
  }
  std::string cd_bytes, read_err;
  if (!file.Read(end.cd_offset, end.cd_size, &cd_bytes, &read_err)) return Fail(err, read_err);
  const ZipBytes cd(cd_bytes);
  records->reserve(end.count);
  uint64_t at = 0;
  for (uint64_t i = 0; i < end.count; ++i) {
    ZipCentralRecord r;
    uint32_t signature = 0, comp32 = 0, size32 = 0, offset32 = 0;
    uint16_t name_length = 0, extra_length = 0, comment_length = 0, disk = 0;
    std::string_view bytes;
    if (!cd.U32(at, &signature) || signature != kZipCentralSig || !cd.U16(at + 4, &r.made_by) ||
        !cd.U16(at + 8, &r.flags) || !cd.U16(at + 10, &r.method) || !cd.U32(at + 16, &r.crc) ||
        !cd.U32(at + 20, &comp32) || !cd.U32(at + 24, &size32) ||
        !cd.U16(at + 28, &name_length) || !cd.U16(at + 30, &extra_length) ||
        !cd.U16(at + 32, &comment_length) || !cd.U16(at + 34, &disk) ||
        !cd.U32(at + 38, &r.external_attributes) || !cd.U32(at + 42, &offset32)) {
      return Fail(err, "bad central directory record at offset " +
                           std::to_string(end.cd_offset + at));
    }
    if (!cd.Slice(at, kZipCentralFixed + name_length + extra_length + comment_length, &bytes)) {
      return Fail(err, "central directory record " + std::to_string(i) +
                           " runs past the directory");
    }
    r.offset = end.cd_offset + at;
    r.bytes = std::string(bytes);
    r.name = std::string(bytes.substr(kZipCentralFixed, name_length));
    const std::string_view extra = bytes.substr(kZipCentralFixed + name_length, extra_length);
    r.compressed_size = comp32;
    r.size = size32;
    r.local_offset = offset32;
    const std::optional<std::string_view> z64 = FindExtraField(extra, kZip64ExtraId);
    r.has_zip64_extra = z64.has_value();
    if (size32 == 0xffffffff || comp32 == 0xffffffff || offset32 == 0xffffffff ||
        disk == 0xffff) {
      // APPNOTE 4.5.3: the saturated fields' values, in this order.
      const ZipBytes x(z64.value_or(std::string_view()));
      uint64_t field = 0;
      bool ok = z64.has_value();
      if (ok && size32 == 0xffffffff) ok = x.U64(field, &r.size), field += 8;
      if (ok && comp32 == 0xffffffff) ok = x.U64(field, &r.compressed_size), field += 8;
      if (ok && offset32 == 0xffffffff) {
        ok = x.U64(field, &r.local_offset);
        // The field's place inside the record, for the writer to rewrite.
        r.zip64_offset_at = static_cast<size_t>(z64->data() - bytes.data() + field);
        field += 8;
      }
      uint32_t disk32 = 0;
      if (ok && disk == 0xffff) ok = x.U32(field, &disk32), disk = disk32 == 0 ? 0 : 1;
      if (!ok) return Fail(err, "entry " + Quoted(r.name) + ": zip64 extra field missing or too short");
    }
    if (disk != 0) {
      return Fail(err, "entry " + Quoted(r.name) + ": on another disk (split archive)", true);
    }
    if (!(r.flags & kZipFlagUtf8)) {
      if (std::optional<std::string_view> u = FindExtraField(extra, kUnicodePathExtraId)) {
        std::optional<std::string> name = UnicodePathName(*u, r.name);
        if (name && *name != r.name) r.unicode_name = std::move(name);
      }
    }
    records->push_back(std::move(r));
    at += bytes.size();
  }
  return true;
}

bool MeasureLocalRecord(const ZipFile& file, const ZipCentralRecord& record,
                        ZipLocalRecord* local, ZipError* err) {
  const std::string where = "entry " + Quoted(record.name) + ": ";
  std::string header_bytes, read_err;
  uint32_t signature = 0;
  uint16_t name_length = 0, extra_length = 0;
  if (!file.Read(record.local_offset, kZipLocalFixed, &header_bytes, &read_err) ||
      !ZipBytes(header_bytes).U32(0, &signature) || signature != kZipLocalSig) {
    return Fail(err, where + "no local header at offset " + std::to_string(record.local_offset));
  }
  const ZipBytes h(header_bytes);
  if (!h.U16(6, &local->flags) || !h.U16(26, &name_length) || !h.U16(28, &extra_length)) {
    return Fail(err, where + "damaged local header");
  }
  local->offset = record.local_offset;
  std::string extra;
  if (!file.Read(record.local_offset + kZipLocalFixed + name_length, extra_length, &extra,
                 &read_err)) {
    return Fail(err, where + read_err);
  }
  local->data_offset = record.local_offset + kZipLocalFixed + name_length + extra_length;
  if (!InRange(local->data_offset, record.compressed_size, file.size())) {
    return Fail(err, where + "data runs past the end of the file");
  }
  local->data_end = local->data_offset + record.compressed_size;
  local->end = local->data_end;
  local->descriptor = (local->flags & kZipFlagDescriptor) != 0;
  if (!local->descriptor) return true;
  // extract.c extract_or_test_member (CVE-2019-13232 patch): unzip reads 12
  // bytes as CRC, compressed and uncompressed size, and takes the first 4 as
  // the optional signature only where they cannot be the CRC; 8 more bytes
  // when the local header has a zip64 extra field.
  const bool zip64 = FindExtraField(extra, kZip64ExtraId).has_value();
  const std::string truncated =
      where + "general-purpose bit 3 says a data descriptor follows its data, but the file "
              "ends there (unzip fails on it)";
  std::string d;
  uint32_t w0 = 0, w1 = 0, w2 = 0;
  if (!file.Read(local->data_end, 12, &d, &read_err) || !ZipBytes(d).U32(0, &w0) ||
      !ZipBytes(d).U32(4, &w1) || !ZipBytes(d).U32(8, &w2)) {
    return Fail(err, truncated, true);
  }
  constexpr uint32_t kSig = kZipDescriptorSig;
  const uint64_t low_size = zip64 ? record.compressed_size >> 32 : record.size;
  const bool signature_first =
      w0 == kSig &&
      (record.crc != kSig ||
       (w1 == kSig && ((record.compressed_size & 0xffffffffu) != kSig ||
                       (w2 == kSig && low_size != kSig))));
  const uint64_t length = 12 + (signature_first ? 4 : 0) + (zip64 ? 8 : 0);
  if (!InRange(local->data_end, length, file.size())) return Fail(err, truncated, true);
  local->end = local->data_end + length;
  return true;
}

bool CheckRecordsDoNotOverlap(const ZipEndRecord& end,
                              const std::vector<ZipCentralRecord>& records,
                              const std::vector<std::optional<ZipLocalRecord>>& locals,
                              ZipError* err) {
  // Spans [begin, end) with what they are: an entry's index, or npos for
  // the central directory and the end records.
  struct Span {
    uint64_t begin, end;
    size_t entry;
  };
  constexpr size_t kDirectory = static_cast<size_t>(-1);
  std::vector<Span> spans;
  spans.reserve(records.size() + 2);
  spans.push_back({end.cd_offset, end.cd_offset + end.cd_size, kDirectory});
  spans.push_back({end.zip64 ? end.zip64_offset : end.offset, end.offset + end.size, kDirectory});
  for (size_t i = 0; i < records.size() && i < locals.size(); ++i) {
    if (locals[i]) spans.push_back({locals[i]->offset, locals[i]->end, i});
  }
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.entry < b.entry;
  });
  // Two spans overlap exactly when one starts before the end of the
  // farthest-reaching span that starts no later than it.
  size_t reach = 0;
  for (size_t k = 1; k < spans.size(); ++k) {
    const Span& before = spans[reach];
    const Span& span = spans[k];
    if (span.end > before.end) reach = k;
    if (span.begin >= before.end) continue;
    if (before.entry == kDirectory && span.entry == kDirectory) {
      return Fail(err, "damaged zip archive (the central directory overlaps its end record)",
                  true);
    }
    if (before.entry == kDirectory) {
      return Fail(err, "entry " + Quoted(records[span.entry].name) +
                           ": its record overlaps the central directory (damaged archive, or "
                           "a zip bomb)",
                  true);
    }
    // Only the bytes unzip skips as the descriptor reach the next record:
    // bit 3 is set and no descriptor follows the data.
    const ZipLocalRecord& local = *locals[before.entry];
    const std::string next =
        span.entry == kDirectory ? "the central directory" : "the next record";
    if (local.descriptor && span.begin >= local.data_end) {
      return Fail(err, "entry " + Quoted(records[before.entry].name) +
                           ": general-purpose bit 3 says a data descriptor follows its data, "
                           "but " + next + " starts there (unzip reads it as the descriptor "
                           "and refuses the archive as overlapping)",
                  true);
    }
    if (span.entry == kDirectory) {
      return Fail(err, "entry " + Quoted(records[before.entry].name) +
                           ": its record overlaps the central directory (damaged archive, or "
                           "a zip bomb)",
                  true);
    }
    return Fail(err, "entry " + Quoted(records[span.entry].name) +
                         ": its record overlaps that of " + Quoted(records[before.entry].name) +
                         " (damaged archive, or a zip bomb)",
                true);
  }
  return true;
}

}  // namespace lel
