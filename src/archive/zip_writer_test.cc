#include "archive/zip_writer.h"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <algorithm>
#include <filesystem>
#include <set>

#include "archive/zip_archive.h"
#include "testzip/zip_builder.h"

namespace lel {
namespace {

using testzip::Dir;
using testzip::File;
using testzip::Foreign;
using testzip::Link;
using testzip::ReadBytes;
using testzip::TempDir;
using testzip::WriteBytes;

std::vector<ZipRecordLayout> Layout(const std::string& path) {
  std::vector<ZipRecordLayout> records;
  std::string err;
  INFO(err);
  REQUIRE(ReadZipLayout(path, &records, &err));
  return records;
}

const ZipRecordLayout* FindRecord(const std::vector<ZipRecordLayout>& records,
                                  const std::string& name) {
  for (const ZipRecordLayout& r : records) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

// The raw local record, and the central record without its offset field.
std::pair<std::string, std::string> RawRecords(const std::string& bytes, const ZipRecordLayout& r) {
  std::string central = bytes.substr(r.central_offset, r.central_size);
  central.replace(42, 4, "????");
  return {bytes.substr(r.local_offset, r.local_size), central};
}

// Every entry of `before` not in `edited` is in `after` with identical raw
// local and central records (apart from the local-header offset).
void ExpectUntouchedIdentical(const std::string& before, const std::string& after,
                              const std::set<std::string>& edited) {
  const std::string a = ReadBytes(before), b = ReadBytes(after);
  const auto after_layout = Layout(after);
  for (const ZipRecordLayout& r : Layout(before)) {
    if (edited.count(r.name)) continue;
    INFO(r.name);
    const ZipRecordLayout* other = FindRecord(after_layout, r.name);
    REQUIRE(other != nullptr);
    CHECK(RawRecords(a, r) == RawRecords(b, *other));
  }
}

const Entry* FindEntry(const ZipArchive& zip, const std::string& name) {
  for (const Entry& e : zip.entries()) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

std::unique_ptr<ZipArchive> MustOpen(const std::string& path) {
  std::string err;
  auto zip = ZipArchive::Open(path, &err);
  INFO(err);
  REQUIRE(zip != nullptr);
  CHECK(zip->consistency_error() == "");
  return zip;
}

void MakeSample(const std::string& path) {
  testzip::WriteZip(path, {Dir("lib/"), File("index.mjs", "import 'uuid';\n", 0600),
                           File("lib/a.mjs", std::string(5000, 'a'), 0644),
                           Foreign("node_modules", "/opt/nodejs/node_modules"),
                           File("data.bin", std::string(3000, 'x'), 0755)});
}

uint64_t IndexOf(const std::string& path, const std::string& name) {
  auto zip = MustOpen(path);
  const Entry* e = FindEntry(*zip, name);
  REQUIRE(e != nullptr);
  return e->index;
}

ZipRewrite SampleRewrite(const std::string& path) {
  ZipRewrite rw;
  rw.changes.push_back({IndexOf(path, "index.mjs"), "index.mjs", false, std::nullopt, 0100644u,
                        false});
  rw.changes.push_back({IndexOf(path, "node_modules"), "node_modules", false,
                        std::string("/opt/nodejs/node_modules"), 0120777u, true});
  rw.changes.push_back({IndexOf(path, "data.bin"), "data.bin", true, std::nullopt,
                        std::nullopt, false});
  rw.additions.push_back({"extra.txt", "hello\n", 0100644u});
  return rw;
}

TEST_CASE("RewriteZip: an empty rewrite copies the file byte for byte", "[zip_writer]") {
  TempDir dir;
  MakeSample(dir.Path("in.zip"));
  std::string err;
  REQUIRE(RewriteZip(dir.Path("in.zip"), {}, dir.Path("out.zip"), {}, &err));
  CHECK(ReadBytes(dir.Path("in.zip")) == ReadBytes(dir.Path("out.zip")));
}

TEST_CASE("RewriteZip: edits apply; untouched entries stay byte-identical", "[zip_writer]") {
  TempDir dir;
  const std::string in = dir.Path("in.zip"), out = dir.Path("out.zip");
  MakeSample(in);
  const std::string original = ReadBytes(in);
  std::string err;
  REQUIRE(RewriteZip(in, SampleRewrite(in), out, {}, &err));
  CHECK(ReadBytes(in) == original);
  ExpectUntouchedIdentical(in, out, {"index.mjs", "node_modules", "data.bin"});

  auto zip = MustOpen(out);
  REQUIRE(zip->entries().size() == 5);
  const Entry* index = FindEntry(*zip, "index.mjs");
  REQUIRE(index != nullptr);
  CHECK(index->unix_mode == 0100644u);
  std::string content;
  REQUIRE(zip->Read(*index, &content, &err));
  CHECK(content == "import 'uuid';\n");
  const Entry* link = FindEntry(*zip, "node_modules");
  REQUIRE(link != nullptr);
  CHECK(link->kind == EntryKind::kSymlink);
  CHECK(link->made_by_host == kHostUnix);
  REQUIRE(zip->Read(*link, &content, &err));
  CHECK(content == "/opt/nodejs/node_modules");
  CHECK(FindEntry(*zip, "data.bin") == nullptr);
  const Entry* added = FindEntry(*zip, "extra.txt");
  REQUIRE(added != nullptr);
  CHECK(added->unix_mode == 0100644u);
  CHECK(added->compression_method == 0);
  REQUIRE(zip->Read(*added, &content, &err));
  CHECK(content == "hello\n");
  // A mode change touches the central record only: the local one is as was.
  const std::string a = ReadBytes(in), b = ReadBytes(out);
  const auto la = Layout(in), lb = Layout(out);
  CHECK(RawRecords(a, *FindRecord(la, "index.mjs")).first ==
        RawRecords(b, *FindRecord(lb, "index.mjs")).first);
}

TEST_CASE("RewriteZip: the same input and edits give the same bytes", "[zip_writer]") {
  TempDir dir;
  MakeSample(dir.Path("in.zip"));
  std::string err;
  REQUIRE(RewriteZip(dir.Path("in.zip"), SampleRewrite(dir.Path("in.zip")), dir.Path("a.zip"),
                     {}, &err));
  sleep(1);  // a timestamp taken from the clock would now differ
  REQUIRE(RewriteZip(dir.Path("in.zip"), SampleRewrite(dir.Path("in.zip")), dir.Path("b.zip"),
                     {}, &err));
  CHECK(ReadBytes(dir.Path("a.zip")) == ReadBytes(dir.Path("b.zip")));
}

// A stored entry written the streaming way: zero CRC and sizes in the local
// header, the real ones in a data descriptor (with or without signature).
std::string StreamedZip(bool descriptor_signature) {
  const std::string name = "streamed.txt", data = "streamed data\n";
  const uint32_t crc = Crc32(data);
  std::string z;
  auto put16 = [&](uint16_t v) { z += char(v & 0xff); z += char(v >> 8); };
  auto put32 = [&](uint32_t v) { put16(v & 0xffff); put16(v >> 16); };
  put32(0x04034b50); put16(10); put16(8); put16(0); put16(0); put16(0x21);
  put32(0); put32(0); put32(0); put16(name.size()); put16(0);
  z += name + data;
  if (descriptor_signature) put32(0x08074b50);
  put32(crc); put32(data.size()); put32(data.size());
  const uint32_t cd = z.size();
  put32(0x02014b50); put16(0x031e); put16(10); put16(8); put16(0); put16(0); put16(0x21);
  put32(crc); put32(data.size()); put32(data.size()); put16(name.size()); put16(0); put16(0);
  put16(0); put16(0); put32(0100644u << 16); put32(0);
  z += name;
  const uint32_t cd_size = z.size() - cd;
  put32(0x06054b50); put16(0); put16(0); put16(1); put16(1); put32(cd_size); put32(cd);
  put16(7);
  z += "comment";
  return z;
}

TEST_CASE("RewriteZip: data descriptors and the archive comment are kept", "[zip_writer]") {
  for (bool signature : {true, false}) {
    TempDir dir;
    WriteBytes(dir.Path("in.zip"), StreamedZip(signature));
    ZipRewrite rw;
    rw.additions.push_back({"node_modules", "/opt/nodejs/node_modules", 0120777u});
    std::string err;
    INFO(err);
    REQUIRE(RewriteZip(dir.Path("in.zip"), rw, dir.Path("out.zip"), {}, &err));
    ExpectUntouchedIdentical(dir.Path("in.zip"), dir.Path("out.zip"), {});
    const std::string out = ReadBytes(dir.Path("out.zip"));
    CHECK(out.substr(out.size() - 7) == "comment");
    auto zip = MustOpen(dir.Path("out.zip"));
    std::string content;
    REQUIRE(zip->Read(*FindEntry(*zip, "streamed.txt"), &content, &err));
    CHECK(content == "streamed data\n");
  }
}

TEST_CASE("RewriteZip: refuses malformed archives and bad edits, writing nothing",
          "[zip_writer]") {
  TempDir dir;
  const std::string in = dir.Path("in.zip"), out = dir.Path("out.zip");
  MakeSample(in);
  std::string bytes = ReadBytes(in);
  std::string err;
  SECTION("truncated") {
    const ZipRewrite rw = SampleRewrite(in);
    WriteBytes(in, bytes.substr(0, bytes.size() / 2) + bytes.substr(bytes.size() - 22));
    CHECK_FALSE(RewriteZip(in, rw, out, {}, &err));
  }
  SECTION("overlapping records") {
    // Point the second central record at the first local header.
    size_t cd = testzip::CentralHeaderOffset(bytes, "index.mjs");
    testzip::Put32(&bytes, cd + 42, 0);
    WriteBytes(in, bytes);
    ZipRewrite rw;
    rw.additions.push_back({"x", "y", 0100644u});
    CHECK_FALSE(RewriteZip(in, rw, out, {}, &err));
    CHECK(err.find("overlap") != std::string::npos);
  }
  SECTION("an index that names another entry") {
    ZipRewrite rw;
    rw.changes.push_back({0, "not-this-one", true, std::nullopt, std::nullopt, false});
    CHECK_FALSE(RewriteZip(in, rw, out, {}, &err));
  }
  SECTION("an addition that duplicates a name") {
    ZipRewrite rw;
    rw.additions.push_back({"index.mjs", "x", 0100644u});
    CHECK_FALSE(RewriteZip(in, rw, out, {}, &err));
  }
  INFO(err);
  CHECK_FALSE(err.empty());
  CHECK_FALSE(std::filesystem::exists(out));
}

std::vector<std::string> FolderListing(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    names.push_back(e.path().filename());
  }
  std::sort(names.begin(), names.end());
  return names;
}

TEST_CASE("RewriteZip: a fault at any step leaves the original untouched", "[zip_writer]") {
  TempDir dir;
  const std::string in = dir.Path("in.zip");
  // Big enough for several buffered writes.
  std::vector<testzip::TestEntry> entries;
  for (int i = 0; i < 6; ++i) {
    testzip::TestEntry e = File("f" + std::to_string(i), std::string(400000, char('a' + i)));
    e.deflate = false;
    entries.push_back(e);
  }
  testzip::WriteZip(in, entries);
  const std::string original = ReadBytes(in);
  const auto listing = FolderListing(dir.Path(""));
  ZipRewrite rw;
  rw.additions.push_back({"node_modules", "/opt/nodejs/node_modules", 0120777u});
  // Count the steps of a successful run on a copy.
  int steps = 0;
  std::string err;
  {
    TempDir other;
    WriteBytes(other.Path("in.zip"), original);
    RewriteOptions count;
    count.inject_fault = [&](WriteStep) { ++steps; return false; };
    REQUIRE(RewriteZip(other.Path("in.zip"), rw, other.Path("in.zip"), count, &err));
  }
  REQUIRE(steps >= 7);  // create, >= 2 writes, sync, close, verify, rename
  for (int fail_at = 1; fail_at <= steps; ++fail_at) {
    int seen = 0;
    RewriteOptions options;
    options.inject_fault = [&](WriteStep) { return ++seen == fail_at; };
    options.verify = [](const std::string&, std::string*) { return true; };
    err.clear();
    INFO("fault at step " << fail_at);
    CHECK_FALSE(RewriteZip(in, rw, in, options, &err));
    CHECK(err.find("injected fault") != std::string::npos);
    CHECK(ReadBytes(in) == original);
    CHECK(FolderListing(dir.Path("")) == listing);  // no temporary file left
  }
}

TEST_CASE("RewriteZip: a failing verify leaves the destination untouched", "[zip_writer]") {
  TempDir dir;
  MakeSample(dir.Path("in.zip"));
  const std::string original = ReadBytes(dir.Path("in.zip"));
  RewriteOptions options;
  std::string seen;
  options.verify = [&](const std::string& temp, std::string* err) {
    seen = temp;
    CHECK(MustOpen(temp)->entries().size() == 5);
    *err = "still broken";
    return false;
  };
  std::string err;
  CHECK_FALSE(RewriteZip(dir.Path("in.zip"), SampleRewrite(dir.Path("in.zip")),
                         dir.Path("in.zip"), options, &err));
  CHECK(err == "still broken");
  CHECK(seen.rfind(dir.Path("."), 0) == 0);  // the temporary file sits beside it
  CHECK_FALSE(std::filesystem::exists(seen));
  CHECK(ReadBytes(dir.Path("in.zip")) == original);
}

TEST_CASE("RewriteZip: an unwritable folder is an error; in place keeps the mode",
          "[zip_writer]") {
  TempDir dir;
  MakeSample(dir.Path("in.zip"));
  std::string err;
  CHECK_FALSE(RewriteZip(dir.Path("in.zip"), {}, "/nonexistent-folder/out.zip", {}, &err));
  CHECK(err.find("cannot create a temporary file in /nonexistent-folder") == 0);
  chmod(dir.Path("in.zip").c_str(), 0640);
  REQUIRE(RewriteZip(dir.Path("in.zip"), SampleRewrite(dir.Path("in.zip")), dir.Path("in.zip"),
                     {}, &err));
  struct stat st;
  REQUIRE(stat(dir.Path("in.zip").c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0640);
}

TEST_CASE("RewriteZip: refuses a destination that is not a regular file", "[zip_writer]") {
  TempDir dir;
  MakeSample(dir.Path("in.zip"));
  REQUIRE(mkfifo(dir.Path("fifo").c_str(), 0644) == 0);
  REQUIRE(symlink("in.zip", dir.Path("link.zip").c_str()) == 0);
  std::filesystem::create_directory(dir.Path("folder"));
  for (const char* name : {"fifo", "link.zip", "folder"}) {
    std::string err;
    CHECK_FALSE(RewriteZip(dir.Path("in.zip"), {}, dir.Path(name), {}, &err));
    CHECK(err == "'" + dir.Path(name) + "' exists and is not a regular file");
    struct stat st;
    REQUIRE(lstat(dir.Path(name).c_str(), &st) == 0);
    CHECK_FALSE(S_ISREG(st.st_mode));
  }
  std::set<std::string> left;
  for (const auto& e : std::filesystem::directory_iterator(dir.Path(""))) {
    left.insert(e.path().filename().string());
  }
  CHECK(left == std::set<std::string>{"in.zip", "fifo", "link.zip", "folder"});
}

TEST_CASE("RemovePendingTempFile removes the file a rewrite is writing", "[zip_writer]") {
  TempDir dir;
  MakeSample(dir.Path("in.zip"));
  RewriteOptions options;
  std::string seen;
  options.verify = [&](const std::string& temp, std::string*) {
    seen = temp;
    CHECK(std::filesystem::exists(temp));
    RemovePendingTempFile();  // what the SIGINT/SIGTERM handler does
    CHECK_FALSE(std::filesystem::exists(temp));
    return true;
  };
  std::string err;
  // The rename then finds no file: the rewrite fails and nothing is left.
  CHECK_FALSE(RewriteZip(dir.Path("in.zip"), {}, dir.Path("out.zip"), options, &err));
  CHECK(err.find("cannot rename into") == 0);
  CHECK_FALSE(std::filesystem::exists(dir.Path("out.zip")));
  // After a rewrite ends there is nothing pending: this removes nothing.
  REQUIRE(RewriteZip(dir.Path("in.zip"), {}, dir.Path("out.zip"), {}, &err));
  RemovePendingTempFile();
  CHECK(std::filesystem::exists(dir.Path("out.zip")));
}

TEST_CASE("Crc32 matches the zip checksum", "[zip_writer]") {
  CHECK(Crc32("") == 0);
  CHECK(Crc32("123456789") == 0xcbf43926u);
  CHECK(Crc32("hello") == testzip::Crc32("hello"));
}

}  // namespace
}  // namespace lel
