// Fuzz target: arbitrary bytes as a zip. Opens them with ZipArchive, lists
// and reads every entry, then lays them out as a function and as a layer
// (lambda_view) and walks the resulting tree, reading every file.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "archive/lambda_view.h"
#include "archive/vfs.h"
#include "archive/zip_archive.h"

namespace {

// ZipArchive opens a path: the input goes to an in-memory file named
// through /proc/self/fd, rewritten for each input.
int MemoryFile() {
  static int fd = memfd_create("lel-fuzz-zip", 0);
  if (fd < 0) abort();
  return fd;
}

void WalkAndRead(const lel::Vfs& vfs, const std::string& path, int depth) {
  if (depth > 16) return;
  for (const std::string& name : vfs.List(path)) {
    std::string child = path == "/" ? "/" + name : path + "/" + name;
    lel::Lookup lookup = vfs.Resolve(child, /*follow_final=*/false);
    if (lookup.status != lel::LookupStatus::kOk) continue;
    if (lookup.node->type == lel::NodeType::kDirectory) {
      WalkAndRead(vfs, child, depth + 1);
    } else {
      std::string out, err;
      vfs.ReadFile(child, &out, &err);
      vfs.OriginOf(child);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const int fd = MemoryFile();
  if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != static_cast<ssize_t>(size)) abort();
  const std::string path = "/proc/self/fd/" + std::to_string(fd);

  std::string err;
  std::unique_ptr<lel::ZipArchive> zip = lel::ZipArchive::Open(path, &err);
  if (zip == nullptr) {
    if (err.empty() || err.find('\n') != std::string::npos) abort();  // one line, always
    return 0;
  }
  err.clear();
  if (!zip->VerifyData(&err, 1u << 20) && (err.empty() || err.find('\n') != std::string::npos)) {
    abort();
  }
  for (const lel::Entry& entry : zip->entries()) {
    std::string out;
    err.clear();
    // A small cap keeps each run fast; the cap logic is the same.
    if (!zip->Read(entry, &out, &err, 1u << 20) && err.empty()) abort();
    if (out.size() > (1u << 20)) abort();
  }

  lel::LambdaPackage package;
  if (!lel::OpenLambdaPackage(path, {path}, &package, &err)) return 0;
  lel::BuildLambdaView(&package);
  WalkAndRead(package.vfs, "/", 0);
  package.vfs.Resolve("/var/task/index.mjs");
  package.vfs.Resolve("/var/task/node_modules/x/package.json");
  for (const lel::SkippedEntry& skipped : package.skipped) {
    if (skipped.reason.empty()) abort();
  }
  return 0;
}
