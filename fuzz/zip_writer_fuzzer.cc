// Fuzz target: the fix writer's round trip. Arbitrary bytes as a zip; when
// ZipArchive opens it, a rewrite derived from the input bytes (remove,
// replace content, change mode, make Unix-hosted, keep; plus one added
// symlink) is written with RewriteZip, and the result must open again and
// hold exactly what was asked: kept entries unchanged (byte for byte when
// they were readable), new contents and modes as given, the addition last.
// An empty rewrite must copy the file byte for byte.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "archive/zip_archive.h"
#include "archive/zip_writer.h"

namespace {

std::string SourcePath(const uint8_t* data, size_t size) {
  static int fd = memfd_create("lel-fuzz-writer", 0);
  if (fd < 0) abort();
  if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != static_cast<ssize_t>(size)) abort();
  return "/proc/self/fd/" + std::to_string(fd);
}

// The folder's name is never destroyed: the atexit handler below is
// registered while it is being built, so a static string's destructor
// (registered when the build ends) would run first, and the handler would
// read a freed string (ASan: heap-use-after-free at exit).
const std::string& OutputDir() {
  static const std::string& dir = *new std::string([] {
    std::string base = std::filesystem::exists("/dev/shm") ? "/dev/shm" : "/tmp";
    std::string d = base + "/lel-fuzz-writer-" + std::to_string(getpid());
    std::filesystem::create_directories(d);
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove_all(OutputDir(), ignored);
    });
    return d;
  }());
  return dir;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Kept entries compared after the rewrite: what was read before, if anything.
struct Expected {
  std::string name;
  bool compare_content = false;
  std::string content;
  std::optional<uint32_t> unix_mode;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string source = SourcePath(data, size);
  std::string err;
  std::vector<lel::ZipRecordLayout> layout;
  lel::ReadZipLayout(source, &layout, &err);
  std::unique_ptr<lel::ZipArchive> zip = lel::ZipArchive::Open(source, &err);
  if (zip == nullptr) return 0;
  if (zip->entries().size() > 256) return 0;

  const std::string out = OutputDir() + "/out.zip";
  lel::RewriteOptions options;
  options.verify = [](const std::string&, std::string*) { return true; };

  // The identity rewrite: a byte-for-byte copy, or a refusal.
  std::filesystem::remove(out);
  if (lel::RewriteZip(source, {}, out, options, &err)) {
    if (Slurp(out) != std::string(reinterpret_cast<const char*>(data), size)) abort();
  } else if (err.empty()) {
    abort();
  }

  lel::ZipRewrite rewrite;
  std::vector<Expected> expected;
  for (size_t i = 0; i < zip->entries().size(); ++i) {
    const lel::Entry& entry = zip->entries()[i];
    const uint8_t choice = size == 0 ? 0 : data[(i * 7 + 3) % size] % 5;
    lel::ZipEntryChange change;
    change.index = entry.index;
    change.name = entry.name;
    Expected e{entry.name, false, {}, std::nullopt};
    switch (choice) {
      case 1:
        change.remove = true;
        rewrite.changes.push_back(change);
        continue;
      case 2:
        change.content = "rewritten " + std::to_string(i);
        e.compare_content = true;
        e.content = *change.content;
        break;
      case 3:
        change.unix_mode = 0100644;
        e.unix_mode = 0100644;
        break;
      case 4:
        change.unix_host = true;
        break;
      default:
        break;
    }
    if (choice >= 2) rewrite.changes.push_back(change);
    if (choice != 2 && !entry.encrypted) {
      std::string content, read_err;
      e.compare_content = zip->Read(entry, &content, &read_err, 1u << 20);
      e.content = std::move(content);
    }
    expected.push_back(std::move(e));
  }
  rewrite.additions.push_back({"node_modules", "/opt/nodejs/node_modules", 0120777});
  expected.push_back({"node_modules", true, "/opt/nodejs/node_modules", 0120777});

  std::filesystem::remove(out);
  if (!lel::RewriteZip(source, rewrite, out, options, &err)) {
    if (err.empty() || err.find('\n') != std::string::npos) abort();
    return 0;
  }
  std::unique_ptr<lel::ZipArchive> again = lel::ZipArchive::Open(out, &err);
  if (again == nullptr) abort();  // the writer wrote what the reader refuses
  if (again->entries().size() != expected.size()) abort();
  for (size_t i = 0; i < expected.size(); ++i) {
    const lel::Entry& entry = again->entries()[i];
    if (entry.name != expected[i].name) abort();
    if (expected[i].unix_mode && entry.external_attributes >> 16 != *expected[i].unix_mode) abort();
    if (!expected[i].compare_content) continue;
    std::string content, read_err;
    if (!again->Read(entry, &content, &read_err, 1u << 20)) abort();
    if (content != expected[i].content) abort();
  }
  return 0;
}
