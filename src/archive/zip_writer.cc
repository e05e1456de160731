#include "archive/zip_writer.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <chrono>
#include <cstring>
#include <map>
#include <set>
#include <string_view>

#include "archive/zip_archive.h"

namespace lel {
namespace {

constexpr uint32_t kLocalSig = 0x04034b50;
constexpr uint32_t kCentralSig = 0x02014b50;
constexpr uint32_t kEocdSig = 0x06054b50;
constexpr uint32_t kZip64EocdSig = 0x06064b50;
constexpr uint32_t kZip64LocatorSig = 0x07064b50;
constexpr uint32_t kDescriptorSig = 0x08074b50;
constexpr size_t kLocalFixed = 30;
constexpr size_t kCentralFixed = 46;
constexpr size_t kEocdFixed = 22;
constexpr size_t kZip64EocdFixed = 56;
constexpr size_t kZip64LocatorSize = 20;
constexpr uint16_t kZip64ExtraId = 0x0001;
constexpr uint16_t kFlagDescriptor = 0x0008;
constexpr uint16_t kFlagUtf8 = 0x0800;
constexpr uint16_t kMadeByUnix30 = (3 << 8) | 30;
constexpr uint16_t kNeededStored = 10;
// A central directory larger than this is refused rather than read: it
// would describe millions of entries, far beyond any Lambda package.
constexpr uint64_t kMaxCentralDirectory = 256ull << 20;
constexpr size_t kCopyChunk = 1 << 20;

// Little-endian field access. Callers check the bounds first.
uint16_t Get16(std::string_view b, size_t at) {
  return static_cast<uint16_t>(static_cast<uint8_t>(b[at]) |
                               static_cast<uint8_t>(b[at + 1]) << 8);
}
uint32_t Get32(std::string_view b, size_t at) {
  return static_cast<uint32_t>(Get16(b, at)) | static_cast<uint32_t>(Get16(b, at + 2)) << 16;
}
uint64_t Get64(std::string_view b, size_t at) {
  return static_cast<uint64_t>(Get32(b, at)) | static_cast<uint64_t>(Get32(b, at + 4)) << 32;
}
void Set16(std::string* b, size_t at, uint16_t v) {
  (*b)[at] = static_cast<char>(v & 0xff);
  (*b)[at + 1] = static_cast<char>(v >> 8);
}
void Set32(std::string* b, size_t at, uint32_t v) {
  Set16(b, at, static_cast<uint16_t>(v & 0xffff));
  Set16(b, at + 2, static_cast<uint16_t>(v >> 16));
}
void Set64(std::string* b, size_t at, uint64_t v) {
  Set32(b, at, static_cast<uint32_t>(v & 0xffffffff));
  Set32(b, at + 4, static_cast<uint32_t>(v >> 32));
}
void Put16(std::string* b, uint16_t v) {
  b->append(2, '\0');
  Set16(b, b->size() - 2, v);
}
void Put32(std::string* b, uint32_t v) {
  b->append(4, '\0');
  Set32(b, b->size() - 4, v);
}
void Put64(std::string* b, uint64_t v) {
  b->append(8, '\0');
  Set64(b, b->size() - 8, v);
}

// [offset, offset + length) lies within [0, limit), without overflow.
bool InRange(uint64_t offset, uint64_t length, uint64_t limit) {
  return offset <= limit && length <= limit - offset;
}

std::string Errno(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

// The source archive, read with pread; every read is bounds-checked.
class Source {
 public:
  ~Source() {
    if (fd_ >= 0) close(fd_);
  }
  bool Open(const std::string& path, std::string* err) {
    fd_ = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) {
      *err = Errno("cannot open");
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
  uint64_t size() const { return size_; }
  bool Read(uint64_t offset, uint64_t length, std::string* out, std::string* err) const {
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
        *err = n < 0 ? Errno("read failed") : "unexpected end of file";
        return false;
      }
      done += static_cast<uint64_t>(n);
    }
    return true;
  }

 private:
  int fd_ = -1;
  uint64_t size_ = 0;
};

struct Record {
  ZipRecordLayout layout;
  std::string central;          // the central directory record, verbatim
  uint64_t compressed_size = 0;
  size_t zip64_offset_at = std::string::npos;  // offset field inside `central`
};

struct Archive {
  std::vector<Record> records;
  uint64_t central_start = 0;
  std::string comment;
};

// Walks extra fields [begin, end) of `record` for the zip64 field; returns
// its payload start and size, or false.
bool FindExtra(std::string_view record, size_t begin, size_t end, uint16_t id, size_t* at,
               size_t* size) {
  size_t pos = begin;
  while (pos + 4 <= end) {
    uint16_t field = Get16(record, pos);
    size_t length = Get16(record, pos + 2);
    if (pos + 4 + length > end) return false;  // overruns: stop, as extractors do
    if (field == id) {
      *at = pos + 4;
      *size = length;
      return true;
    }
    pos += 4 + length;
  }
  return false;
}

bool ParseCentralRecord(std::string_view cd, size_t* pos, Record* rec, std::string* err) {
  if (!InRange(*pos, kCentralFixed, cd.size()) || Get32(cd, *pos) != kCentralSig) {
    *err = "bad central directory record at offset " + std::to_string(*pos);
    return false;
  }
  const size_t name_len = Get16(cd, *pos + 28);
  const size_t extra_len = Get16(cd, *pos + 30);
  const size_t comment_len = Get16(cd, *pos + 32);
  const size_t total = kCentralFixed + name_len + extra_len + comment_len;
  if (!InRange(*pos, total, cd.size())) {
    *err = "central directory record overruns the directory";
    return false;
  }
  rec->central = std::string(cd.substr(*pos, total));
  const std::string_view c = rec->central;
  rec->layout.name = std::string(c.substr(kCentralFixed, name_len));
  rec->layout.central_size = total;
  uint64_t uncompressed = Get32(c, 24);
  rec->compressed_size = Get32(c, 20);
  rec->layout.local_offset = Get32(c, 42);
  if (Get16(c, 34) != 0 && Get16(c, 34) != 0xffff) {
    *err = "multi-disk archives are not supported";
    return false;
  }
  const bool need64 = uncompressed == 0xffffffff || rec->compressed_size == 0xffffffff ||
                      rec->layout.local_offset == 0xffffffff;
  size_t at = 0, size = 0;
  if (need64) {
    const size_t extra_begin = kCentralFixed + name_len;
    if (!FindExtra(c, extra_begin, extra_begin + extra_len, kZip64ExtraId, &at, &size)) {
      *err = "entry '" + PrintableName(rec->layout.name) + "': zip64 sizes missing";
      return false;
    }
    size_t cursor = at;
    auto take = [&](uint64_t* value, size_t* where) {
      if (cursor + 8 > at + size) return false;
      if (where) *where = cursor;
      *value = Get64(c, cursor);
      cursor += 8;
      return true;
    };
    bool ok = true;
    if (uncompressed == 0xffffffff) ok = ok && take(&uncompressed, nullptr);
    if (ok && rec->compressed_size == 0xffffffff) ok = take(&rec->compressed_size, nullptr);
    if (ok && rec->layout.local_offset == 0xffffffff) {
      ok = take(&rec->layout.local_offset, &rec->zip64_offset_at);
    }
    if (!ok) {
      *err = "entry '" + PrintableName(rec->layout.name) + "': zip64 extra field too short";
      return false;
    }
  }
  *pos += total;
  return true;
}

// Finds the local record's full extent: header, name, extra, data and the
// data descriptor when flag bit 3 says there is one.
bool MeasureLocalRecord(const Source& src, uint64_t limit, Record* rec, std::string* err) {
  const std::string where = "entry '" + PrintableName(rec->layout.name) + "': ";
  std::string header;
  const uint64_t offset = rec->layout.local_offset;
  if (!InRange(offset, kLocalFixed, limit) || !src.Read(offset, kLocalFixed, &header, err) ||
      Get32(header, 0) != kLocalSig) {
    *err = where + "no local header at offset " + std::to_string(offset);
    return false;
  }
  const uint16_t flags = Get16(header, 6);
  const uint64_t name_len = Get16(header, 26);
  const uint64_t extra_len = Get16(header, 28);
  std::string extra;
  if (!src.Read(offset + kLocalFixed + name_len, extra_len, &extra, err)) {
    *err = where + *err;
    return false;
  }
  const uint64_t data_start = offset + kLocalFixed + name_len + extra_len;
  if (!InRange(data_start, rec->compressed_size, limit)) {
    *err = where + "data runs past the central directory";
    return false;
  }
  uint64_t end = data_start + rec->compressed_size;
  if (flags & kFlagDescriptor) {
    size_t at = 0, size = 0;
    const bool zip64 = FindExtra(extra, 0, extra.size(), kZip64ExtraId, &at, &size) ||
                       rec->zip64_offset_at != std::string::npos ||
                       Get32(rec->central, 20) == 0xffffffff;
    std::string d;
    const uint64_t avail = std::min<uint64_t>(24, limit > end ? limit - end : 0);
    if (!src.Read(end, avail, &d, err)) return false;
    const uint32_t crc = Get32(rec->central, 16);
    uint64_t sig = 0;
    if (avail >= 8 && Get32(d, 0) == kDescriptorSig && Get32(d, 4) == crc) {
      sig = 4;
    } else if (avail >= 4 && Get32(d, 0) == crc) {
      sig = 0;
    } else if (avail >= 4 && Get32(d, 0) == kDescriptorSig) {
      sig = 4;
    } else {
      *err = where + "data descriptor not found";
      return false;
    }
    const uint64_t length = sig + 4 + (zip64 ? 16 : 8);
    if (!InRange(end, length, limit)) {
      *err = where + "data descriptor runs past the central directory";
      return false;
    }
    end += length;
  }
  rec->layout.local_size = end - offset;
  return true;
}

bool ParseArchive(const Source& src, Archive* out, std::string* err) {
  const uint64_t size = src.size();
  if (size < kEocdFixed) {
    *err = "not a zip archive (too short)";
    return false;
  }
  const uint64_t tail_len = std::min<uint64_t>(size, kEocdFixed + 0xffff);
  std::string tail;
  if (!src.Read(size - tail_len, tail_len, &tail, err)) return false;
  // The end record whose comment reaches exactly the end of the file; else
  // the last one whose comment fits.
  size_t eocd = std::string::npos;
  for (size_t i = tail_len - kEocdFixed + 1; i-- > 0;) {
    if (Get32(tail, i) != kEocdSig) continue;
    const size_t comment_len = Get16(tail, i + 20);
    if (i + kEocdFixed + comment_len == tail_len) {
      eocd = i;
      break;
    }
    if (eocd == std::string::npos && i + kEocdFixed + comment_len <= tail_len) eocd = i;
  }
  if (eocd == std::string::npos) {
    *err = "not a zip archive (no end of central directory)";
    return false;
  }
  const uint64_t eocd_offset = size - tail_len + eocd;
  out->comment = tail.substr(eocd + kEocdFixed, Get16(tail, eocd + 20));
  uint64_t disk = Get16(tail, eocd + 4), cd_disk = Get16(tail, eocd + 6);
  uint64_t count = Get16(tail, eocd + 10);
  uint64_t cd_size = Get32(tail, eocd + 12), cd_offset = Get32(tail, eocd + 16);
  uint64_t records_end = eocd_offset;  // where the central directory must end
  if (eocd_offset >= kZip64LocatorSize) {
    std::string locator;
    if (!src.Read(eocd_offset - kZip64LocatorSize, kZip64LocatorSize, &locator, err)) return false;
    if (Get32(locator, 0) == kZip64LocatorSig) {
      const uint64_t z64 = Get64(locator, 8);
      std::string rec;
      if (Get32(locator, 16) > 1 || !InRange(z64, kZip64EocdFixed, eocd_offset) ||
          !src.Read(z64, kZip64EocdFixed, &rec, err) || Get32(rec, 0) != kZip64EocdSig) {
        *err = "bad zip64 end of central directory";
        return false;
      }
      disk = Get32(rec, 16);
      cd_disk = Get32(rec, 20);
      count = Get64(rec, 32);
      cd_size = Get64(rec, 40);
      cd_offset = Get64(rec, 48);
      records_end = z64;
    }
  }
  if (disk != 0 || cd_disk != 0) {
    *err = "multi-disk archives are not supported";
    return false;
  }
  if (!InRange(cd_offset, cd_size, records_end) || cd_size > kMaxCentralDirectory ||
      count > cd_size / kCentralFixed) {
    *err = "central directory (" + std::to_string(count) + " entries, " +
           std::to_string(cd_size) + " bytes at " + std::to_string(cd_offset) +
           ") does not fit the file";
    return false;
  }
  out->central_start = cd_offset;
  std::string cd;
  if (!src.Read(cd_offset, cd_size, &cd, err)) return false;
  size_t pos = 0;
  out->records.resize(count);
  for (uint64_t i = 0; i < count; ++i) {
    Record& rec = out->records[i];
    rec.layout.central_offset = cd_offset + pos;
    if (!ParseCentralRecord(cd, &pos, &rec, err)) return false;
    if (!MeasureLocalRecord(src, cd_offset, &rec, err)) return false;
  }
  // Records must not overlap: each byte of the output belongs to one entry.
  std::vector<const Record*> by_offset;
  for (const Record& rec : out->records) by_offset.push_back(&rec);
  std::sort(by_offset.begin(), by_offset.end(), [](const Record* a, const Record* b) {
    return a->layout.local_offset < b->layout.local_offset;
  });
  for (size_t i = 1; i < by_offset.size(); ++i) {
    const ZipRecordLayout& prev = by_offset[i - 1]->layout;
    if (prev.local_offset + prev.local_size > by_offset[i]->layout.local_offset) {
      *err = "entries '" + PrintableName(prev.name) + "' and '" +
             PrintableName(by_offset[i]->layout.name) + "' overlap";
      return false;
    }
  }
  return true;
}

// Buffered output to the temporary file; each write(2) is a fault point.
class Sink {
 public:
  Sink(int fd, const std::function<bool(WriteStep)>& fault) : fd_(fd), fault_(fault) {}
  uint64_t offset() const { return offset_; }
  bool Append(std::string_view data, std::string* err) {
    buffer_.append(data);
    offset_ += data.size();
    return buffer_.size() < kCopyChunk || Flush(err);
  }
  bool Flush(std::string* err) {
    size_t done = 0;
    while (done < buffer_.size()) {
      if (fault_ && fault_(WriteStep::kWrite)) {
        errno = EIO;
        *err = Errno("injected fault at write");
        return false;
      }
      ssize_t n = write(fd_, buffer_.data() + done, buffer_.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        if (n == 0) errno = ENOSPC;
        *err = Errno("write failed");
        return false;
      }
      done += static_cast<size_t>(n);
    }
    buffer_.clear();
    return true;
  }

 private:
  int fd_;
  const std::function<bool(WriteStep)>& fault_;
  std::string buffer_;
  uint64_t offset_ = 0;
};

bool CopyRange(const Source& src, uint64_t offset, uint64_t length, Sink* sink,
               std::string* err) {
  std::string chunk;
  while (length > 0) {
    const uint64_t n = std::min<uint64_t>(length, kCopyChunk);
    if (!src.Read(offset, n, &chunk, err) || !sink->Append(chunk, err)) return false;
    offset += n;
    length -= n;
  }
  return true;
}

std::string LocalHeader(std::string_view name, const std::string& content, uint16_t flags) {
  std::string h;
  Put32(&h, kLocalSig);
  Put16(&h, kNeededStored);
  Put16(&h, flags);
  Put16(&h, 0);  // stored
  Put16(&h, kFixedDosTime);
  Put16(&h, kFixedDosDate);
  Put32(&h, Crc32(content));
  Put32(&h, static_cast<uint32_t>(content.size()));
  Put32(&h, static_cast<uint32_t>(content.size()));
  Put16(&h, static_cast<uint16_t>(name.size()));
  Put16(&h, 0);
  h.append(name);
  return h;
}

std::string CentralHeader(std::string_view name, const std::string& content, uint16_t flags,
                          uint16_t made_by, uint32_t external, uint32_t offset) {
  std::string h;
  Put32(&h, kCentralSig);
  Put16(&h, made_by);
  Put16(&h, kNeededStored);
  Put16(&h, flags);
  Put16(&h, 0);
  Put16(&h, kFixedDosTime);
  Put16(&h, kFixedDosDate);
  Put32(&h, Crc32(content));
  Put32(&h, static_cast<uint32_t>(content.size()));
  Put32(&h, static_cast<uint32_t>(content.size()));
  Put16(&h, static_cast<uint16_t>(name.size()));
  Put16(&h, 0);  // extra
  Put16(&h, 0);  // comment
  Put16(&h, 0);  // disk
  Put16(&h, 0);  // internal attributes
  Put32(&h, external);
  Put32(&h, offset);
  h.append(name);
  return h;
}

bool CheckRewrite(const Archive& archive, const ZipRewrite& rewrite,
                  std::map<uint64_t, const ZipEntryChange*>* changes, std::string* err) {
  for (const ZipEntryChange& change : rewrite.changes) {
    if (change.index >= archive.records.size() ||
        archive.records[change.index].layout.name != change.name) {
      *err = "entry '" + PrintableName(change.name) + "' is not at index " +
             std::to_string(change.index) + " (the archive changed?)";
      return false;
    }
    if (!changes->emplace(change.index, &change).second) {
      *err = "two changes to entry '" + PrintableName(change.name) + "'";
      return false;
    }
    if (change.content && change.content->size() >= 0xffffffffu) {
      *err = "new content too large";
      return false;
    }
  }
  std::set<std::string> names;
  for (const Record& rec : archive.records) {
    auto it = changes->find(&rec - archive.records.data());
    if (it == changes->end() || !it->second->remove) names.insert(rec.layout.name);
  }
  for (const ZipNewEntry& entry : rewrite.additions) {
    if (entry.name.empty() || entry.name.size() > 0xffff || entry.content.size() >= 0xffffffffu) {
      *err = "new entry '" + PrintableName(entry.name) + "': bad name or size";
      return false;
    }
    if (!names.insert(entry.name).second) {
      *err = "new entry '" + PrintableName(entry.name) + "' already exists";
      return false;
    }
  }
  return true;
}

bool WriteArchive(const Source& src, const Archive& archive, const ZipRewrite& rewrite,
                  Sink* sink, std::string* err) {
  std::map<uint64_t, const ZipEntryChange*> changes;
  if (!CheckRewrite(archive, rewrite, &changes, err)) return false;
  std::string central;
  uint64_t count = 0;
  auto offset32 = [&](const std::string& what, uint32_t* out) {
    if (sink->offset() >= 0xffffffff) {
      *err = what + ": the output would need zip64 offsets";
      return false;
    }
    *out = static_cast<uint32_t>(sink->offset());
    return true;
  };
  for (uint64_t i = 0; i < archive.records.size(); ++i) {
    const Record& rec = archive.records[i];
    auto it = changes.find(i);
    const ZipEntryChange* change = it == changes.end() ? nullptr : it->second;
    if (change && change->remove) continue;
    ++count;
    const std::string_view old = rec.central;
    uint16_t made_by = Get16(old, 4);
    uint32_t external = Get32(old, 38);
    if (change && change->unix_host) made_by = static_cast<uint16_t>((3 << 8) | (made_by & 0xff));
    if (change && change->unix_mode) external = (*change->unix_mode << 16) | (external & 0xffff);
    if (change && change->content) {
      uint32_t offset = 0;
      if (!offset32(rec.layout.name, &offset)) return false;
      const uint16_t flags = Get16(old, 8) & kFlagUtf8;
      if (!sink->Append(LocalHeader(rec.layout.name, *change->content, flags), err) ||
          !sink->Append(*change->content, err)) {
        return false;
      }
      central += CentralHeader(rec.layout.name, *change->content, flags, made_by, external,
                               offset);
      continue;
    }
    std::string record = rec.central;
    Set16(&record, 4, made_by);
    Set32(&record, 38, external);
    if (rec.zip64_offset_at != std::string::npos) {
      Set64(&record, rec.zip64_offset_at, sink->offset());
    } else {
      uint32_t offset = 0;
      if (!offset32(rec.layout.name, &offset)) return false;
      Set32(&record, 42, offset);
    }
    central += record;
    if (!CopyRange(src, rec.layout.local_offset, rec.layout.local_size, sink, err)) return false;
  }
  for (const ZipNewEntry& entry : rewrite.additions) {
    ++count;
    uint32_t offset = 0;
    if (!offset32(entry.name, &offset)) return false;
    const uint16_t flags = 0;
    if (!sink->Append(LocalHeader(entry.name, entry.content, flags), err) ||
        !sink->Append(entry.content, err)) {
      return false;
    }
    central += CentralHeader(entry.name, entry.content, flags, kMadeByUnix30,
                             entry.unix_mode << 16, offset);
  }
  const uint64_t cd_offset = sink->offset();
  const uint64_t cd_size = central.size();
  if (!sink->Append(central, err)) return false;
  std::string end;
  const bool zip64 = count >= 0xffff || cd_offset >= 0xffffffff || cd_size >= 0xffffffff;
  if (zip64) {
    const uint64_t z64 = sink->offset();
    Put32(&end, kZip64EocdSig);
    Put64(&end, kZip64EocdFixed - 12);
    Put16(&end, kMadeByUnix30);
    Put16(&end, 45);
    Put32(&end, 0);
    Put32(&end, 0);
    Put64(&end, count);
    Put64(&end, count);
    Put64(&end, cd_size);
    Put64(&end, cd_offset);
    Put32(&end, kZip64LocatorSig);
    Put32(&end, 0);
    Put64(&end, z64);
    Put32(&end, 1);
  }
  Put32(&end, kEocdSig);
  Put16(&end, 0);
  Put16(&end, 0);
  Put16(&end, static_cast<uint16_t>(std::min<uint64_t>(count, 0xffff)));
  Put16(&end, static_cast<uint16_t>(std::min<uint64_t>(count, 0xffff)));
  Put32(&end, static_cast<uint32_t>(std::min<uint64_t>(cd_size, 0xffffffff)));
  Put32(&end, static_cast<uint32_t>(std::min<uint64_t>(cd_offset, 0xffffffff)));
  Put16(&end, static_cast<uint16_t>(archive.comment.size()));
  end += archive.comment;
  return sink->Append(end, err) && sink->Flush(err);
}

std::string TempPathFor(const std::string& destination) {
  const size_t slash = destination.rfind('/');
  const std::string dir = slash == std::string::npos ? "" : destination.substr(0, slash + 1);
  const std::string base = slash == std::string::npos ? destination : destination.substr(slash + 1);
  static unsigned counter = 0;
  const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
  return dir + "." + base + ".lel-fix-" + std::to_string(getpid()) + "-" +
         std::to_string(++counter) + "-" + std::to_string(now % 1000000);
}

// The temporary file being written, for RemovePendingTempFile(): a fixed
// buffer and a flag, which a signal handler may read.
char g_pending_temp[4096];
volatile std::sig_atomic_t g_pending = 0;

void SetPendingTemp(const std::string& temp) {
  if (temp.size() >= sizeof g_pending_temp) return;  // not removable on a signal
  std::memcpy(g_pending_temp, temp.c_str(), temp.size() + 1);
  g_pending = 1;
}

std::string DirOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

void RemovePendingTempFile() {
  if (g_pending) {
    g_pending = 0;
    unlink(g_pending_temp);
  }
}

const char* WriteStepName(WriteStep step) {
  switch (step) {
    case WriteStep::kCreate: return "create";
    case WriteStep::kWrite: return "write";
    case WriteStep::kSync: return "sync";
    case WriteStep::kClose: return "close";
    case WriteStep::kVerify: return "verify";
    case WriteStep::kRename: return "rename";
  }
  return "?";
}

uint32_t Crc32(const std::string& data) {
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

bool ReadZipLayout(const std::string& path, std::vector<ZipRecordLayout>* records,
                   std::string* err) {
  Source src;
  Archive archive;
  if (!src.Open(path, err) || !ParseArchive(src, &archive, err)) return false;
  records->clear();
  for (const Record& rec : archive.records) records->push_back(rec.layout);
  return true;
}

bool RewriteZip(const std::string& source, const ZipRewrite& rewrite,
                const std::string& destination, const RewriteOptions& options,
                std::string* err) {
  const auto& fault = options.inject_fault;
  auto injected = [&](WriteStep step) {
    if (!fault || !fault(step)) return false;
    errno = EIO;
    *err = Errno((std::string("injected fault at ") + WriteStepName(step)).c_str());
    return true;
  };
  Source src;
  if (!src.Open(source, err)) return false;
  Archive archive;
  if (!rewrite.empty() && !ParseArchive(src, &archive, err)) return false;

  struct stat existing;
  if (lstat(destination.c_str(), &existing) == 0 && !S_ISREG(existing.st_mode)) {
    *err = "'" + PrintableName(destination) + "' exists and is not a regular file";
    return false;
  }
  if (injected(WriteStep::kCreate)) return false;
  const std::string temp = TempPathFor(destination);
  // Blocks SIGINT and SIGTERM between creating the file and recording it,
  // so that a handler calling RemovePendingTempFile() never misses it.
  sigset_t stop, before;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, &before);
  int fd = open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd >= 0) SetPendingTemp(temp);
  pthread_sigmask(SIG_SETMASK, &before, nullptr);
  if (fd < 0) {
    *err = Errno(("cannot create a temporary file in " + DirOf(destination)).c_str());
    return false;
  }
  // The result keeps the permissions of the file it replaces.
  struct stat st;
  if (stat(destination.c_str(), &st) == 0) fchmod(fd, st.st_mode & 07777);
  bool ok = true;
  {
    Sink sink(fd, fault);
    ok = rewrite.empty() ? CopyRange(src, 0, src.size(), &sink, err) && sink.Flush(err)
                         : WriteArchive(src, archive, rewrite, &sink, err);
  }
  if (ok && injected(WriteStep::kSync)) {
    ok = false;
  } else if (ok && fsync(fd) != 0) {
    *err = Errno("sync failed");
    ok = false;
  }
  if (ok && injected(WriteStep::kClose)) ok = false;
  if (close(fd) != 0 && ok) {
    *err = Errno("close failed");
    ok = false;
  }
  if (ok && injected(WriteStep::kVerify)) ok = false;
  if (ok && options.verify && !options.verify(temp, err)) ok = false;
  if (ok && injected(WriteStep::kRename)) {
    ok = false;
  } else if (ok && rename(temp.c_str(), destination.c_str()) != 0) {
    *err = Errno(("cannot rename into " + destination).c_str());
    ok = false;
  }
  if (!ok) {
    g_pending = 0;
    unlink(temp.c_str());
    return false;
  }
  g_pending = 0;  // renamed: there is no temporary file any more
  // Make the rename durable; a failure here cannot undo it, so it is ignored.
  int dir = open(DirOf(destination).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    fsync(dir);
    close(dir);
  }
  return true;
}

}  // namespace lel
