#include "archive/zip_archive.h"

#include <sys/resource.h>
#include <zip.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "testzip/zip_builder.h"

namespace lel {
namespace {

using testzip::Dir;
using testzip::File;
using testzip::Foreign;
using testzip::Link;
using testzip::TempDir;
using testzip::TestEntry;

// Opens `path`, which the test expects to succeed.
std::unique_ptr<ZipArchive> MustOpen(const std::string& path) {
  std::string err;
  std::unique_ptr<ZipArchive> zip = ZipArchive::Open(path, &err);
  INFO(err);
  REQUIRE(zip != nullptr);
  return zip;
}

// Opens `path`, which the test expects to fail; returns the error line.
std::string OpenError(const std::string& path) {
  std::string err;
  std::unique_ptr<ZipArchive> zip = ZipArchive::Open(path, &err);
  CHECK(zip == nullptr);
  CHECK_FALSE(err.empty());
  CHECK(err.find('\n') == std::string::npos);
  return err;
}

// Reads `name` from `zip`, which the test expects to fail; returns the error.
// An entry refused for its data (not for the read limit) makes VerifyData()
// refuse the archive with the same line: the test archives damage one entry.
std::string ReadError(const ZipArchive& zip, size_t index, uint64_t cap = kDefaultReadCap) {
  std::string out, err;
  REQUIRE(index < zip.entries().size());
  CHECK_FALSE(zip.Read(zip.entries()[index], &out, &err, cap));
  CHECK(out.empty());
  CHECK(err.find('\n') == std::string::npos);
  if (cap == kDefaultReadCap && err.find("read limit") == std::string::npos) {
    std::string verify_err;
    CHECK_FALSE(zip.VerifyData(&verify_err));
    CHECK(verify_err == err);
  }
  return err;
}

// VerifyData() accepts the archive.
void CheckVerifies(const ZipArchive& zip) {
  std::string err;
  CHECK(zip.VerifyData(&err));
  CHECK(err.empty());
}

long MaxRssKb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

TEST_CASE("entries carry kind, host, mode and sizes from the central directory") {
  TempDir tmp;
  std::string path = tmp.Path("fn.zip");
  testzip::WriteZip(path, {
                              File("index.mjs", "export const handler = 1;\n", 0644),
                              Dir("lib/", 0700),
                              File("lib/run.sh", "#!/bin/sh\n", 0755),
                              Link("node_modules", "/opt/nodejs/node_modules"),
                              Foreign("dos.txt", "dos"),
                              Foreign("ntfs.txt", "ntfs", testzip::kNtfs),
                              // A Windows checkout of a committed symlink.
                              Foreign("win_link", "/opt/nodejs/node_modules", testzip::kNtfs,
                                      0120777u << 16),
                          });
  std::unique_ptr<ZipArchive> zip = MustOpen(path);
  CHECK(zip->path() == path);
  CHECK(zip->file_size() == std::filesystem::file_size(path));
  CHECK(zip->consistency_error().empty());
  const std::vector<Entry>& e = zip->entries();
  REQUIRE(e.size() == 7);
  for (size_t i = 0; i < e.size(); ++i) CHECK(e[i].index == i);

  CHECK(e[0].name == "index.mjs");
  CHECK(e[0].kind == EntryKind::kFile);
  CHECK(e[0].made_by_host == kHostUnix);
  CHECK(e[0].unix_mode == 0100644);
  CHECK(e[0].size == 26);
  CHECK(e[0].compression_method == ZIP_CM_DEFLATE);
  CHECK(e[0].crc != 0);
  CHECK_FALSE(e[0].encrypted);
  CHECK_FALSE(e[0].has_link_mode);

  CHECK(e[1].name == "lib/");
  CHECK(e[1].kind == EntryKind::kDirectory);
  CHECK(e[1].unix_mode == 040700);
  CHECK(e[2].unix_mode == 0100755);

  CHECK(e[3].kind == EntryKind::kSymlink);
  CHECK(e[3].has_link_mode);
  CHECK(e[3].unix_mode == 0120777);
  CHECK(e[3].size == 24);

  CHECK(e[4].made_by_host == kHostMsdos);
  CHECK(e[4].unix_mode == 0);
  CHECK(e[4].kind == EntryKind::kFile);
  CHECK(e[5].made_by_host == kHostNtfs);
  // S_IFLNK bits without a Unix host: noted, but not a link.
  CHECK(e[6].has_link_mode);
  CHECK(e[6].unix_mode == 0);
  CHECK(e[6].kind == EntryKind::kFile);
}

TEST_CASE("only a trailing slash makes a folder, as unzip decides") {
  TempDir tmp;
  std::string path = tmp.Path("fn.zip");
  TestEntry unix_dir_bits = File("looks_like_dir", "");
  unix_dir_bits.attributes = 040755u << 16;
  testzip::WriteZip(path, {unix_dir_bits, Foreign("dos_dir_bit", "", testzip::kMsdos, 0x10),
                           Foreign("dos_dir/", "")});
  std::unique_ptr<ZipArchive> zip = MustOpen(path);
  CHECK(zip->entries()[0].kind == EntryKind::kFile);
  CHECK(zip->entries()[1].kind == EntryKind::kFile);
  CHECK(zip->entries()[2].kind == EntryKind::kDirectory);
}

TEST_CASE("Read returns stored and deflated contents") {
  TempDir tmp;
  std::string path = tmp.Path("fn.zip");
  std::string big(300 * 1024, 'x');  // several read chunks
  for (size_t i = 0; i < big.size(); i += 97) big[i] = static_cast<char>('a' + i % 26);
  TestEntry stored = File("stored.txt", "plain");
  stored.deflate = false;
  testzip::WriteZip(path, {stored, File("big.js", big), File("empty.js", ""), Dir("d/")});
  std::unique_ptr<ZipArchive> zip = MustOpen(path);
  std::string out, err;
  CHECK(zip->entries()[0].compression_method == ZIP_CM_STORE);
  REQUIRE(zip->Read(zip->entries()[0], &out, &err));
  CHECK(out == "plain");
  REQUIRE(zip->Read(zip->entries()[1], &out, &err));
  CHECK(out == big);
  REQUIRE(zip->Read(zip->entries()[2], &out, &err));
  CHECK(out.empty());
  REQUIRE(zip->Read(zip->entries()[3], &out, &err));
  CHECK(out.empty());
  // The cap is inclusive of the declared size.
  CHECK(zip->Read(zip->entries()[0], &out, &err, 5));
  CHECK(ReadError(*zip, 0, 4) ==
        "entry 'stored.txt': declares 5 bytes, more than the 4-byte read limit");
  CheckVerifies(*zip);
}

TEST_CASE("Read refuses an entry that is not from this archive") {
  TempDir tmp;
  testzip::WriteZip(tmp.Path("a.zip"), {File("a.mjs", "a")});
  std::unique_ptr<ZipArchive> zip = MustOpen(tmp.Path("a.zip"));
  Entry stranger = zip->entries()[0];
  stranger.name = "b.mjs";
  std::string out, err;
  CHECK_FALSE(zip->Read(stranger, &out, &err));
  CHECK(err == "entry 'b.mjs': not in this archive");
  stranger.index = 7;
  CHECK_FALSE(zip->Read(stranger, &out, &err));
}

TEST_CASE("raw names are kept whole, even with a NUL byte inside") {
  TempDir tmp;
  std::string path = tmp.Path("fn.zip");
  testzip::WriteZip(path, {File("okX../../etc/passwd", "x"), File("b.mjs", "b")});
  std::string bytes = testzip::ReadBytes(path);
  size_t local = testzip::LocalHeaderOffset(bytes, "okX../../etc/passwd");
  size_t central = testzip::CentralHeaderOffset(bytes, "okX../../etc/passwd");
  bytes[local + testzip::kLocalName + 2] = '\0';
  bytes[central + testzip::kCentralName + 2] = '\0';
  // Bytes after the end record (libzip and unzip accept them) must not
  // cost the raw names: libzip would read the NUL as a space.
  SECTION("end record last in the file") {}
  SECTION("bytes after the end record") { bytes += std::string("\0junk", 5); }
  testzip::WriteBytes(path, bytes);
  std::unique_ptr<ZipArchive> zip = MustOpen(path);
  CHECK(zip->entries()[0].name == std::string("ok\0../../etc/passwd", 19));
  CHECK(zip->entries()[1].name == "b.mjs");
  // Messages escape it, and the entry still reads.
  std::string out, err;
  CHECK(zip->Read(zip->entries()[0], &out, &err));
  CHECK(out == "x");
}

// --- Hostile input: each case is described in tests/fixtures/hostile/README.md. ---

TEST_CASE("hostile: files that are not zip archives") {
  TempDir tmp;
  testzip::WriteBytes(tmp.Path("text.zip"), "console.log('hello');\n");
  CHECK(OpenError(tmp.Path("text.zip")) == "not a zip archive");
  testzip::WriteBytes(tmp.Path("empty.zip"), "");
  CHECK(OpenError(tmp.Path("empty.zip")) == "empty file (0 bytes), not a zip archive");
  CHECK(OpenError(tmp.Path("missing.zip")) == "no such file");
  std::filesystem::create_directory(tmp.Path("folder.zip"));
  CHECK(OpenError(tmp.Path("folder.zip")) == "is a directory, not a zip archive");
  testzip::WriteBytes(tmp.Path("pk.zip"), "PK");
  CHECK(OpenError(tmp.Path("pk.zip")) == "not a zip archive");
}

TEST_CASE("hostile: a zero-length zip is a valid empty archive") {
  TempDir tmp;
  // Just an end of central directory record: no entries.
  testzip::WriteBytes(tmp.Path("none.zip"), std::string("PK\5\6", 4) + std::string(18, '\0'));
  std::unique_ptr<ZipArchive> zip = MustOpen(tmp.Path("none.zip"));
  CHECK(zip->entries().empty());
  CHECK(zip->file_size() == 22);
}

TEST_CASE("hostile: truncated archives fail to open with one line") {
  TempDir tmp;
  std::string path = tmp.Path("fn.zip");
  testzip::WriteZip(path, {File("a.mjs", std::string(5000, 'a')), File("b.mjs", "b")});
  std::string bytes = testzip::ReadBytes(path);
  size_t central = testzip::CentralHeaderOffset(bytes, "a.mjs");
  const std::vector<size_t> cuts = {
      10,                                       // inside the first local header
      testzip::DataOffset(bytes, "a.mjs") + 5,  // inside the first entry's data
      central,                                  // where the central directory starts
      central + 30,                             // inside it
      bytes.size() - 10,                        // inside the end record
      bytes.size() - 1,
  };
  for (size_t cut : cuts) {
    INFO("cut at " << cut << " of " << bytes.size());
    testzip::WriteBytes(path, bytes.substr(0, cut));
    CHECK(OpenError(path) ==
          "truncated or damaged zip archive (no end of central directory record)");
  }
}

TEST_CASE("hostile: an end record listing more entries than libzip reads") {
  // Found by fuzzing (fuzz/README.md): the central directory is not where
  // the end record says; libzip opens it with no entries, unzip extracts one.
  const std::string path =
      std::string(LEL_SOURCE_DIR) + "/fuzz/corpus/zip_writer/finding-reader-sees-no-entries-2.zip";
  CHECK(OpenError(path) ==
        "damaged zip archive (the end record lists 1 entries, the central directory has 0 "
        "readable)");
}

TEST_CASE("hostile: a central directory pointing outside the file") {
  TempDir tmp;
  std::string path = tmp.Path("fn.zip");
  testzip::WriteZip(path, {File("a.mjs", "a")});
  std::string bytes = testzip::ReadBytes(path);
  size_t eocd = bytes.size() - 22;
  const std::string damaged = "damaged zip archive (central directory inconsistent)";
  SECTION("offset past the end") {
    testzip::Put32(&bytes, eocd + 16, 0x7fffffff);
    testzip::WriteBytes(path, bytes);
    CHECK(OpenError(path) == damaged);
  }
  SECTION("size past the end") {
    testzip::Put32(&bytes, eocd + 12, 0x7fffffff);
    testzip::WriteBytes(path, bytes);
    CHECK(OpenError(path) == damaged);
  }
  SECTION("more entries than the directory holds") {
    testzip::Put16(&bytes, eocd + 8, 9000);
    testzip::Put16(&bytes, eocd + 10, 9000);
    testzip::WriteBytes(path, bytes);
    CHECK(OpenError(path) == damaged);
  }
  SECTION("the first bytes cut off: every offset is wrong") {
    testzip::WriteBytes(path, bytes.substr(10));
    CHECK(OpenError(path) == damaged);
  }
  SECTION("data offset past the end: opens, the entry fails to read") {
    size_t central = testzip::CentralHeaderOffset(bytes, "a.mjs");
    testzip::Put32(&bytes, central + 42, 0x7ffffff0);
    testzip::WriteBytes(path, bytes);
    std::unique_ptr<ZipArchive> zip = MustOpen(path);
    CHECK(ReadError(*zip, 0) == "entry 'a.mjs': data lies outside the file (damaged archive)");
    CHECK_FALSE(zip->consistency_error().empty());
  }
  SECTION("compressed size past the end: the deflate stream's own end rules") {
    size_t central = testzip::CentralHeaderOffset(bytes, "a.mjs");
    testzip::Put32(&bytes, central + testzip::kCentralCompressedSize, 0x7fffffff);
    testzip::WriteBytes(path, bytes);
    std::unique_ptr<ZipArchive> zip = MustOpen(path);
    std::string out, err;
    CHECK(zip->Read(zip->entries()[0], &out, &err));
    CHECK(out == "a");
  }
  SECTION("junk before the archive (unzip would skip it; libzip does not)") {
    testzip::WriteBytes(path, std::string(1000, 'J') + bytes);
    CHECK(OpenError(path) == "not a zip archive");
  }
  SECTION("the multi-disk fields set") {
    testzip::Put16(&bytes, eocd + 4, 1);
    testzip::WriteBytes(path, bytes);
    CHECK(OpenError(path) == "split (multi-disk) zip archive, not supported");
  }
}

TEST_CASE("hostile: a bad CRC is caught when reading") {
  TempDir tmp;
  std::string path = tmp.Path("fn.zip");
  TestEntry stored = File("stored.mjs", "export default 42;\n");
  stored.deflate = false;
  testzip::WriteZip(path, {stored, File("deflated.mjs", std::string(2000, 'q') + "end")});
  std::string bytes = testzip::ReadBytes(path);

  SECTION("a flipped byte of stored data") {
    bytes[testzip::DataOffset(bytes, "stored.mjs") + 3] ^= 0x20;
    testzip::WriteBytes(path, bytes);
    CHECK(ReadError(*MustOpen(path), 0) == "entry 'stored.mjs': CRC mismatch (data corrupt)");
  }
  SECTION("a flipped byte of deflated data: corrupt stream or CRC mismatch") {
    bytes[testzip::DataOffset(bytes, "deflated.mjs") + 4] ^= 0x55;
    testzip::WriteBytes(path, bytes);
    std::string err = ReadError(*MustOpen(path), 1);
    CHECK(err.rfind("entry 'deflated.mjs': ", 0) == 0);
  }
  SECTION("a wrong CRC in the central directory") {
    size_t central = testzip::CentralHeaderOffset(bytes, "deflated.mjs");
    testzip::Put32(&bytes, central + testzip::kCentralCrc, 0xdeadbeef);
    testzip::WriteBytes(path, bytes);
    CHECK(ReadError(*MustOpen(path), 1) == "entry 'deflated.mjs': CRC mismatch (data corrupt)");
  }
}

TEST_CASE("hostile: a declared size that lies") {
  TempDir tmp;
  std::string path = tmp.Path("fn.zip");
  testzip::WriteZip(path, {File("a.mjs", std::string(100000, 'a')), File("b.mjs", "b")});
  std::string bytes = testzip::ReadBytes(path);
  size_t local = testzip::LocalHeaderOffset(bytes, "a.mjs");
  size_t central = testzip::CentralHeaderOffset(bytes, "a.mjs");

  SECTION("smaller in the central directory: reading stops at the declared size") {
    testzip::Put32(&bytes, central + testzip::kCentralSize, 1000);
    testzip::WriteBytes(path, bytes);
    std::unique_ptr<ZipArchive> zip = MustOpen(path);
    CHECK(zip->entries()[0].size == 1000);
    CHECK(ReadError(*zip, 0) ==
          "entry 'a.mjs': inflates to more than its declared 1000 bytes (lying header)");
  }
  SECTION("larger in the central directory") {
    testzip::Put32(&bytes, central + testzip::kCentralSize, 200000);
    testzip::WriteBytes(path, bytes);
    CHECK(ReadError(*MustOpen(path), 0) ==
          "entry 'a.mjs': inflates to 100000 bytes, not its declared 200000 (lying header)");
  }
  SECTION("only in the local header: entries read, the strict check objects") {
    testzip::Put32(&bytes, local + testzip::kLocalSize, 1000);
    testzip::WriteBytes(path, bytes);
    std::unique_ptr<ZipArchive> zip = MustOpen(path);
    std::string out, err;
    CHECK(zip->Read(zip->entries()[0], &out, &err));
    CHECK(out.size() == 100000);
    CHECK(zip->consistency_error() ==
          "local headers or names disagree with the central directory");
    CheckVerifies(*zip);
  }
  SECTION("compressed size too small: the deflate stream is cut short") {
    testzip::Put32(&bytes, central + testzip::kCentralCompressedSize, 10);
    testzip::WriteBytes(path, bytes);
    std::string err = ReadError(*MustOpen(path), 0);
    // libzip 1.7 ends the stream quietly; the CRC (or the size) catches it.
    CHECK(err.rfind("entry 'a.mjs': ", 0) == 0);
  }
  SECTION("an unknown compression method") {
    testzip::Put16(&bytes, local + 8, 18);  // IBM TERSE (99 would mean AES)
    testzip::Put16(&bytes, central + 10, 18);
    testzip::WriteBytes(path, bytes);
    CHECK(ReadError(*MustOpen(path), 0) == "entry 'a.mjs': compression method 18 not supported");
  }
}

TEST_CASE("hostile: VerifyData refuses records that share bytes") {
  TempDir tmp;
  std::string path = tmp.Path("fn.zip");
  testzip::WriteZip(path, {File("a.mjs", "export const a = 1;\n"), File("b.mjs", "export {};\n")});
  CheckVerifies(*MustOpen(path));
  std::string bytes = testzip::ReadBytes(path);
  const size_t b_central = testzip::CentralHeaderOffset(bytes, "b.mjs");
  const uint32_t a_local = static_cast<uint32_t>(testzip::LocalHeaderOffset(bytes, "a.mjs"));
  SECTION("the same local header: each entry reads, the archive is refused") {
    // b's record now describes a's data: same sizes and CRC.
    const size_t a_central = testzip::CentralHeaderOffset(bytes, "a.mjs");
    for (size_t field : {size_t{16}, size_t{20}, size_t{24}}) {
      testzip::Put32(&bytes, b_central + field, testzip::Get32(bytes, a_central + field));
    }
    testzip::Put32(&bytes, b_central + 42, a_local);
    testzip::WriteBytes(path, bytes);
    std::unique_ptr<ZipArchive> zip = MustOpen(path);
    std::string out, err;
    CHECK(zip->Read(zip->entries()[1], &out, &err));
    CHECK(out == "export const a = 1;\n");
    CHECK_FALSE(zip->VerifyData(&err));
    CHECK(err == "entry 'b.mjs': its record overlaps that of 'a.mjs' (damaged archive, or a zip bomb)");
  }
}

TEST_CASE("hostile: VerifyData inflates no more than its budget") {
  TempDir tmp;
  std::string path = tmp.Path("fn.zip");
  testzip::WriteZip(path, {File("a.mjs", std::string(1000, 'a')), File("b.mjs", "b")});
  std::string bytes = testzip::ReadBytes(path);
  // b's CRC is wrong: found when b is inflated, not when the budget skips it.
  const size_t b_central = testzip::CentralHeaderOffset(bytes, "b.mjs");
  testzip::Put32(&bytes, b_central + 16, testzip::Get32(bytes, b_central + 16) ^ 1);
  testzip::WriteBytes(path, bytes);
  std::unique_ptr<ZipArchive> zip = MustOpen(path);
  std::string err;
  CHECK_FALSE(zip->VerifyData(&err, 1001));
  CHECK(err == "entry 'b.mjs': CRC mismatch (data corrupt)");
  err.clear();
  CHECK(zip->VerifyData(&err, 1000));
  CHECK(err.empty());
}

TEST_CASE("hostile: duplicate names open (ZIP_CHECKCONS would refuse them)") {
  TempDir tmp;
  std::string path = tmp.Path("fn.zip");
  testzip::WriteZip(path, {File("a.mjs", "first"), File("b.mjs", "second")});
  std::string bytes = testzip::ReadBytes(path);
  bytes[testzip::LocalHeaderOffset(bytes, "b.mjs") + testzip::kLocalName] = 'a';
  bytes[testzip::CentralHeaderOffset(bytes, "b.mjs") + testzip::kCentralName] = 'a';
  testzip::WriteBytes(path, bytes);

  // The decision, shown: libzip's strict mode rejects the whole archive.
  int code = 0;
  zip_t* strict = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code);
  CHECK(strict == nullptr);
  if (strict != nullptr) zip_discard(strict);

  std::unique_ptr<ZipArchive> zip = MustOpen(path);
  REQUIRE(zip->entries().size() == 2);
  CHECK(zip->entries()[1].name == "a.mjs");
  std::string out, err;
  CHECK(zip->Read(zip->entries()[1], &out, &err));
  CHECK(out == "second");
  CHECK_FALSE(zip->consistency_error().empty());
}

TEST_CASE("hostile: a compression-ratio bomb is refused with bounded memory") {
  TempDir tmp;
  // 200 MB of zeros from a sparse file: no memory or disk needed to make it.
  std::string zeros = tmp.Path("zeros");
  testzip::WriteBytes(zeros, "");
  std::filesystem::resize_file(zeros, 200ull << 20);
  TestEntry bomb = File("bomb.js", "");
  bomb.source_file = zeros;
  std::string path = tmp.Path("bomb.zip");
  testzip::WriteZip(path, {bomb});
  std::filesystem::remove(zeros);
  CHECK(std::filesystem::file_size(path) < 1u << 20);

  long before = MaxRssKb();
  {
    std::unique_ptr<ZipArchive> zip = MustOpen(path);
    CHECK(zip->entries()[0].size == 200ull << 20);
    CHECK(ReadError(*zip, 0) ==
          "entry 'bomb.js': declares 209715200 bytes, more than the 67108864-byte read limit");
  }
  // With its declared size patched small, reading stops early; patched to
  // the cap, it stops at the cap.
  const std::string bytes = testzip::ReadBytes(path);
  const size_t size_field = testzip::CentralHeaderOffset(bytes, "bomb.js") + testzip::kCentralSize;
  for (uint32_t declared : {4096u, 1u << 20}) {
    std::string patched = bytes;
    testzip::Put32(&patched, size_field, declared);
    testzip::WriteBytes(path, patched);
    std::unique_ptr<ZipArchive> zip = MustOpen(path);
    CHECK(ReadError(*zip, 0, declared) == "entry 'bomb.js': inflates to more than its declared " +
                                              std::to_string(declared) + " bytes (lying header)");
  }
  // Nothing near the 200 MB was ever held (the high-water mark is per process).
  CHECK(MaxRssKb() - before < 32 * 1024);
}

TEST_CASE("hostile: encrypted entries are refused") {
  TempDir tmp;
  std::string path = tmp.Path("fn.zip");
  SECTION("WinZip AES-256, when this libzip can write it") {
    if (!testzip::CanEncrypt()) return;
    TestEntry secret = File("lib/a.mjs", "export {};\n");
    secret.encrypt = true;
    testzip::WriteZip(path, {secret});
    std::unique_ptr<ZipArchive> zip = MustOpen(path);
    CHECK(zip->entries()[0].encrypted);
    CHECK(ReadError(*zip, 0) ==
          "entry 'lib/a.mjs': encrypted (not supported by Lambda's extractor)");
  }
  SECTION("the traditional PKWARE flag set by patching") {
    TestEntry plain = File("lib/a.mjs", "export {};\n");
    plain.deflate = false;
    testzip::WriteZip(path, {plain});
    std::string bytes = testzip::ReadBytes(path);
    size_t local = testzip::LocalHeaderOffset(bytes, "lib/a.mjs");
    size_t central = testzip::CentralHeaderOffset(bytes, "lib/a.mjs");
    testzip::Put16(&bytes, local + testzip::kLocalFlags,
                   testzip::Get16(bytes, local + testzip::kLocalFlags) | 1);
    testzip::Put16(&bytes, central + testzip::kCentralFlags,
                   testzip::Get16(bytes, central + testzip::kCentralFlags) | 1);
    testzip::WriteBytes(path, bytes);
    std::unique_ptr<ZipArchive> zip = MustOpen(path);
    CHECK(zip->entries()[0].encrypted);
    CHECK(ReadError(*zip, 0) ==
          "entry 'lib/a.mjs': encrypted (not supported by Lambda's extractor)");
  }
}

TEST_CASE("hostile: control bytes in a name are escaped in messages") {
  TempDir tmp;
  std::string path = tmp.Path("fn.zip");
  testzip::WriteZip(path, {File("a\nb.mjs", "x")});
  std::unique_ptr<ZipArchive> zip = MustOpen(path);
  CHECK(ReadError(*zip, 0, 0) ==
        "entry 'a\\x0ab.mjs': declares 1 bytes, more than the 0-byte read limit");
}

}  // namespace
}  // namespace lel
