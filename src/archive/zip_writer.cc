#include "archive/zip_writer.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <chrono>
#include <cstring>
#include <map>
#include <set>
#include <string_view>

#include "archive/zip_archive.h"
#include "archive/zip_format.h"

namespace lel {
namespace {

constexpr uint16_t kMadeByUnix30 = (3 << 8) | 30;
constexpr uint16_t kNeededStored = 10;
constexpr size_t kCopyChunk = 1 << 20;

// Little-endian field writes, into records this file builds or has read
// (whose fixed fields are known to be there).
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

std::string Errno(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

struct Record {
  ZipRecordLayout layout;
  ZipCentralRecord central;
};

struct Archive {
  std::vector<Record> records;
  std::string comment;
};

// Reads the records with zip_format.h, refusing what it refuses and
// anything it cannot read: every kept byte must be copied exactly.
bool ParseArchive(const ZipFile& src, Archive* out, std::string* err) {
  ZipEndRecord end;
  std::vector<ZipCentralRecord> central;
  ZipError e;
  if (!ReadEndRecord(src, &end, &e) || !ReadCentralDirectory(src, end, &central, &e)) {
    *err = e.text;
    return false;
  }
  std::vector<std::optional<ZipLocalRecord>> locals(central.size());
  for (size_t i = 0; i < central.size(); ++i) {
    ZipLocalRecord local;
    if (!MeasureLocalRecord(src, central[i], &local, &e)) {
      *err = e.text;
      return false;
    }
    locals[i] = local;
  }
  // Each byte of the output belongs to one entry.
  if (!CheckRecordsDoNotOverlap(end, central, locals, &e)) {
    *err = e.text;
    return false;
  }
  out->comment = end.comment;
  out->records.resize(central.size());
  for (size_t i = 0; i < central.size(); ++i) {
    Record& rec = out->records[i];
    rec.layout = {central[i].name, locals[i]->offset, locals[i]->end - locals[i]->offset,
                  central[i].offset, central[i].bytes.size()};
    rec.central = std::move(central[i]);
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

bool CopyRange(const ZipFile& src, uint64_t offset, uint64_t length, Sink* sink,
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
  Put32(&h, kZipLocalSig);
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
  Put32(&h, kZipCentralSig);
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

bool WriteArchive(const ZipFile& src, const Archive& archive, const ZipRewrite& rewrite,
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
    uint16_t made_by = rec.central.made_by;
    uint32_t external = rec.central.external_attributes;
    if (change && change->unix_host) made_by = static_cast<uint16_t>((3 << 8) | (made_by & 0xff));
    if (change && change->unix_mode) external = (*change->unix_mode << 16) | (external & 0xffff);
    if (change && change->content) {
      uint32_t offset = 0;
      if (!offset32(rec.layout.name, &offset)) return false;
      const uint16_t flags = rec.central.flags & kZipFlagUtf8;
      if (!sink->Append(LocalHeader(rec.layout.name, *change->content, flags), err) ||
          !sink->Append(*change->content, err)) {
        return false;
      }
      central += CentralHeader(rec.layout.name, *change->content, flags, made_by, external,
                               offset);
      continue;
    }
    std::string record = rec.central.bytes;
    Set16(&record, 4, made_by);
    Set32(&record, 38, external);
    if (rec.central.zip64_offset_at != std::string::npos) {
      Set64(&record, rec.central.zip64_offset_at, sink->offset());
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
    Put32(&end, kZip64EndSig);
    Put64(&end, kZip64EndFixed - 12);
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
  Put32(&end, kZipEndSig);
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

bool ReadZipLayout(const std::string& path, std::vector<ZipRecordLayout>* records,
                   std::string* err) {
  ZipFile src;
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
  ZipFile src;
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
