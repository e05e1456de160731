#include "archive/lambda_view.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <random>

#include "testzip/zip_builder.h"

namespace lel {
namespace {

using testzip::Dir;
using testzip::File;
using testzip::Foreign;
using testzip::Link;
using testzip::TempDir;
using testzip::TestEntry;

// Writes a function zip and layer zips into `tmp` and opens them as one
// package, which the test expects to succeed.
LambdaPackage Package(const TempDir& tmp, const std::vector<TestEntry>& function,
                      const std::vector<std::vector<TestEntry>>& layers = {}) {
  testzip::WriteZip(tmp.Path("fn.zip"), function);
  std::vector<std::string> layer_paths;
  for (size_t i = 0; i < layers.size(); ++i) {
    layer_paths.push_back(tmp.Path("layer" + std::to_string(i + 1) + ".zip"));
    testzip::WriteZip(layer_paths.back(), layers[i]);
  }
  LambdaPackage package;
  std::string err;
  bool ok = OpenLambdaPackage(tmp.Path("fn.zip"), layer_paths, &package, &err);
  INFO(err);
  REQUIRE(ok);
  return package;
}

std::string Read(const Vfs& vfs, const std::string& path) {
  std::string out, err;
  INFO(path << ": " << err);
  REQUIRE(vfs.ReadFile(path, &out, &err));
  return out;
}

uint32_t ModeOf(const Vfs& vfs, const std::string& path) {
  Lookup l = vfs.Resolve(path, /*follow_final=*/false);
  INFO(path);
  REQUIRE(l.status == LookupStatus::kOk);
  return l.node->mode;
}

std::vector<std::string> SkippedReasons(const LambdaPackage& p) {
  std::vector<std::string> reasons;
  for (const SkippedEntry& s : p.skipped) reasons.push_back(s.entry->name + ": " + s.reason);
  return reasons;
}

TEST_CASE("the function lands at /var/task and a layer at /opt") {
  TempDir tmp;
  LambdaPackage p = Package(tmp, {File("index.mjs", "export const handler = 1;\n"), Dir("lib/")},
                            {{File("nodejs/node_modules/uuid/index.js", "module.exports = 1;\n")}});
  CHECK(p.layer_count() == 1);
  CHECK(&p.function() == p.archives[0].get());
  CHECK(p.vfs.source(0) == p.archives[0].get());
  CHECK(p.vfs.source(1) == p.archives[1].get());
  CHECK(p.vfs.IsFile("/var/task/index.mjs"));
  CHECK(p.vfs.IsDirectory("/var/task/lib"));
  CHECK(Read(p.vfs, "/var/task/index.mjs") == "export const handler = 1;\n");
  CHECK(Read(p.vfs, "/opt/nodejs/node_modules/uuid/index.js") == "module.exports = 1;\n");
  Origin origin = p.vfs.OriginOf("/opt/nodejs/node_modules/uuid/index.js");
  CHECK(origin.archive == 1);
  REQUIRE(p.vfs.EntryOf(origin) != nullptr);
  CHECK(p.vfs.EntryOf(origin)->name == "nodejs/node_modules/uuid/index.js");
  CHECK(p.vfs.EntryOf(origin)->index == static_cast<uint64_t>(origin.entry));
  CHECK(p.skipped.empty());
}

TEST_CASE("parent folders are implied") {
  TempDir tmp;
  LambdaPackage p = Package(tmp, {File("a/b/c.mjs", "x")});
  CHECK(p.vfs.IsDirectory("/var/task/a"));
  CHECK(p.vfs.IsDirectory("/var/task/a/b"));
  CHECK(ModeOf(p.vfs, "/var/task/a/b") == 0755);
  CHECK(p.vfs.OriginOf("/var/task/a").archive == -1);
}

TEST_CASE("modes: Unix bits as stored, other hosts as unzip maps them") {
  TempDir tmp;
  TestEntry unix_zero = File("unix_zero.js", "x");
  unix_zero.attributes = 0;  // Unix host, no mode bits: unzip makes it 0000
  TestEntry setuid = File("setuid", "x", 04755);
  LambdaPackage p = Package(
      tmp, {
               File("private.mjs", "x", 0600),
               File("run.sh", "x", 0755),
               Dir("secret/", 0700),
               unix_zero,
               setuid,
               Foreign("dos.js", "x"),
               Foreign("dos_readonly.js", "x", testzip::kMsdos, 0x01),
               Foreign("dos_dir/", ""),
               Foreign("ntfs.js", "x", testzip::kNtfs, 0x20),
               // PKZip for Unix: MS-DOS host, Unix bits agreeing with the DOS bits.
               Foreign("pkzip_unix.js", "x", testzip::kMsdos, 0100600u << 16),
               Foreign("dos_disagreeing.js", "x", testzip::kMsdos, 0100700u << 16),
           });
  CHECK(ModeOf(p.vfs, "/var/task/private.mjs") == 0600);
  CHECK(ModeOf(p.vfs, "/var/task/run.sh") == 0755);
  CHECK(ModeOf(p.vfs, "/var/task/secret") == 0700);
  CHECK(ModeOf(p.vfs, "/var/task/unix_zero.js") == 0);
  CHECK(ModeOf(p.vfs, "/var/task/setuid") == 0755);
  CHECK(ModeOf(p.vfs, "/var/task/dos.js") == 0644);
  CHECK(ModeOf(p.vfs, "/var/task/dos_readonly.js") == 0444);
  CHECK(ModeOf(p.vfs, "/var/task/dos_dir") == 0755);
  CHECK(ModeOf(p.vfs, "/var/task/ntfs.js") == 0644);
  CHECK(ModeOf(p.vfs, "/var/task/pkzip_unix.js") == 0600);
  CHECK(ModeOf(p.vfs, "/var/task/dos_disagreeing.js") == 0644);
}

TEST_CASE("symlinks: a Unix S_IFLNK entry links to its stored content") {
  TempDir tmp;
  LambdaPackage p =
      Package(tmp,
              {
                  Link("node_modules", "/opt/nodejs/node_modules"),
                  Link("lib/current", "../v2"),
                  File("v2/a.mjs", "v2"),
                  // What git on Windows makes of a committed symlink: a file.
                  Foreign("win_link", "/opt/nodejs/node_modules", testzip::kNtfs, 0120777u << 16),
              },
              {{File("nodejs/node_modules/uuid/package.json", "{\"name\":\"uuid\"}")}});
  Lookup link = p.vfs.Resolve("/var/task/node_modules", /*follow_final=*/false);
  REQUIRE(link.status == LookupStatus::kOk);
  CHECK(link.node->type == NodeType::kSymlink);
  CHECK(link.node->symlink_target == "/opt/nodejs/node_modules");
  CHECK(link.node->origin.archive == 0);

  // The link into the layer is followed.
  Lookup pkg = p.vfs.Resolve("/var/task/node_modules/uuid/package.json");
  REQUIRE(pkg.status == LookupStatus::kOk);
  CHECK(pkg.real_path == "/opt/nodejs/node_modules/uuid/package.json");
  CHECK(Read(p.vfs, "/var/task/node_modules/uuid/package.json") == "{\"name\":\"uuid\"}");
  CHECK(p.vfs.OriginOf("/var/task/node_modules/uuid/package.json").archive == 1);

  CHECK(Read(p.vfs, "/var/task/lib/current/a.mjs") == "v2");
  CHECK(p.vfs.IsFile("/var/task/win_link"));
  CHECK(Read(p.vfs, "/var/task/win_link") == "/opt/nodejs/node_modules");
}

TEST_CASE("a link and a folder of the same name in one zip: the first wins, as in unzip") {
  TempDir tmp;
  SECTION("link first: entries below it are not extracted") {
    LambdaPackage p = Package(tmp, {Link("node_modules", "/opt/nodejs/node_modules"),
                                    File("node_modules/uuid/index.js", "bundled")},
                              {{File("nodejs/node_modules/uuid/index.js", "layer")}});
    CHECK(SkippedReasons(p) ==
          std::vector<std::string>{"node_modules/uuid/index.js: below symlink 'node_modules' "
                                   "made earlier in this zip"});
    CHECK(Read(p.vfs, "/var/task/node_modules/uuid/index.js") == "layer");
  }
  SECTION("folder first: the link is not made") {
    LambdaPackage p = Package(tmp, {File("node_modules/uuid/index.js", "bundled"),
                                    Link("node_modules", "/opt/nodejs/node_modules")},
                              {{File("nodejs/node_modules/uuid/index.js", "layer")}});
    CHECK(SkippedReasons(p) ==
          std::vector<std::string>{"node_modules: symlink where this zip already made a folder"});
    CHECK(Read(p.vfs, "/var/task/node_modules/uuid/index.js") == "bundled");
  }
}

TEST_CASE("hostile: entries 32,000 folders deep cost memory linear in their names") {
  // The view kept the full path of every folder above every entry: 1.28 GB
  // for one such entry. Below a link made earlier, one is still refused.
  TempDir tmp;
  std::string deep;
  for (int i = 0; i < 32000; ++i) deep += "d/";
  LambdaPackage p = Package(tmp, {File(deep + "x.js", "deep"), Link("l", "/opt"),
                                  File("l/" + deep + "y.js", "below the link"),
                                  File(deep + "z.js", "deep too")});
  CHECK(SkippedReasons(p) ==
        std::vector<std::string>{"l/" + deep + "y.js: below symlink 'l' made earlier in this zip"});
  CHECK(Read(p.vfs, "/var/task/" + deep + "x.js") == "deep");
  CHECK(Read(p.vfs, "/var/task/" + deep + "z.js") == "deep too");
}

TEST_CASE("a link to a folder no layer provides dangles") {
  TempDir tmp;
  LambdaPackage p = Package(tmp, {Link("node_modules", "/opt/nodejs/node20/node_modules")},
                            {{File("nodejs/node_modules/uuid/index.js", "")}});
  CHECK(p.vfs.Resolve("/var/task/node_modules").status == LookupStatus::kNotFound);
  CHECK(p.vfs.Resolve("/var/task/node_modules", false).status == LookupStatus::kOk);
}

TEST_CASE("hostile: a symlink loop resolves to kLoop, not a hang") {
  TempDir tmp;
  LambdaPackage p = Package(tmp, {Link("a", "b"), Link("b", "a"), Link("self", "self/x")});
  CHECK(p.vfs.Resolve("/var/task/a").status == LookupStatus::kLoop);
  CHECK(p.vfs.Resolve("/var/task/self").status == LookupStatus::kLoop);
  std::string out, err;
  CHECK_FALSE(p.vfs.ReadFile("/var/task/a", &out, &err));
  CHECK(err == "too many levels of symbolic links");
}

TEST_CASE("a later layer replaces an earlier one's file, in order") {
  TempDir tmp;
  LambdaPackage p = Package(tmp, {File("index.mjs", "")},
                            {
                                {File("nodejs/node_modules/x/index.js", "layer 1"),
                                 File("nodejs/only1.js", "1")},
                                {File("nodejs/node_modules/x/index.js", "layer 2")},
                            });
  CHECK(p.layer_count() == 2);
  CHECK(Read(p.vfs, "/opt/nodejs/node_modules/x/index.js") == "layer 2");
  CHECK(p.vfs.OriginOf("/opt/nodejs/node_modules/x/index.js").archive == 2);
  CHECK(Read(p.vfs, "/opt/nodejs/only1.js") == "1");
}

TEST_CASE("a duplicate name within one zip: the later entry wins") {
  TempDir tmp;
  testzip::WriteZip(tmp.Path("fn.zip"), {File("a.mjs", "first"), File("b.mjs", "second")});
  std::string bytes = testzip::ReadBytes(tmp.Path("fn.zip"));
  bytes[testzip::LocalHeaderOffset(bytes, "b.mjs") + testzip::kLocalName] = 'a';
  bytes[testzip::CentralHeaderOffset(bytes, "b.mjs") + testzip::kCentralName] = 'a';
  testzip::WriteBytes(tmp.Path("fn.zip"), bytes);
  LambdaPackage p;
  std::string err;
  REQUIRE(OpenLambdaPackage(tmp.Path("fn.zip"), {}, &p, &err));
  CHECK(Read(p.vfs, "/var/task/a.mjs") == "second");
  CHECK_FALSE(p.vfs.Exists("/var/task/b.mjs"));
}

TEST_CASE("names: unsafe ones are moved or skipped as unzip does, odd ones normalised") {
  TempDir tmp;
  testzip::WriteZip(tmp.Path("fn.zip"), {
                                            File("/etc/passwd", "x"),
                                            File("../escape.js", "x"),
                                            File("lib/../../escape.js", "x"),
                                            File("okXnul.js", "x"),
                                            Dir("./"),
                                            File("./lib//a.mjs", "a"),
                                            File("lib\\win.mjs", "w"),
                                            File("..dots/x..y/a.js", "d"),
                                        });
  std::string bytes = testzip::ReadBytes(tmp.Path("fn.zip"));
  bytes[testzip::LocalHeaderOffset(bytes, "okXnul.js") + testzip::kLocalName + 2] = '\0';
  bytes[testzip::CentralHeaderOffset(bytes, "okXnul.js") + testzip::kCentralName + 2] = '\0';
  testzip::WriteBytes(tmp.Path("fn.zip"), bytes);
  LambdaPackage p;
  std::string err;
  REQUIRE(OpenLambdaPackage(tmp.Path("fn.zip"), {}, &p, &err));

  CHECK(SkippedReasons(p) == std::vector<std::string>{
                                 "/etc/passwd: absolute name, extracted at 'etc/passwd' instead",
                                 "../escape.js: name with '..' components, extracted at "
                                 "'escape.js' instead",
                                 "lib/../../escape.js: name with '..' components, extracted at "
                                 "'lib/escape.js' instead",
                                 std::string("ok\0nul.js", 9) +
                                     ": name contains a NUL byte, extracted at 'ok' instead",
                                 "./: names the extraction folder itself",
                             });
  for (const SkippedEntry& s : p.skipped) CHECK(s.archive == 0);
  // Nothing lands outside the root: unzip strips '/' and '..' instead.
  CHECK_FALSE(p.vfs.Exists("/etc/passwd"));
  CHECK_FALSE(p.vfs.Exists("/var/escape.js"));
  CHECK(p.vfs.IsFile("/var/task/etc/passwd"));
  CHECK(p.vfs.IsFile("/var/task/escape.js"));
  CHECK(p.vfs.IsFile("/var/task/lib/escape.js"));
  // Cut at the NUL, as unzip (a C string) does.
  CHECK(p.vfs.IsFile("/var/task/ok"));
  CHECK(Read(p.vfs, "/var/task/lib/a.mjs") == "a");
  // A backslash is part of the name, not a separator.
  CHECK(Read(p.vfs, "/var/task/lib\\win.mjs") == "w");
  CHECK_FALSE(p.vfs.Exists("/var/task/lib/win.mjs"));
  CHECK(Read(p.vfs, "/var/task/..dots/x..y/a.js") == "d");
}

TEST_CASE("hostile: symlinks whose target cannot be used are skipped") {
  TempDir tmp;
  TestEntry long_link = Link("long", std::string(5000, 'a'));
  TestEntry empty_link = Link("empty", "");
  testzip::WriteZip(tmp.Path("fn.zip"), {long_link, empty_link, Link("ok", "a")});
  LambdaPackage p;
  std::string err;
  REQUIRE(OpenLambdaPackage(tmp.Path("fn.zip"), {}, &p, &err));
  CHECK(SkippedReasons(p) ==
        std::vector<std::string>{
            "long: symlink target unreadable: entry 'long': declares 5000 bytes, more than the "
            "4096-byte read limit",
            "empty: symlink with an empty target",
        });
  CHECK(p.vfs.Resolve("/var/task/ok", false).status == LookupStatus::kOk);
}

TEST_CASE("hostile: a symlink whose stored target holds a NUL is skipped") {
  TempDir tmp;
  TestEntry link = Link("link", "abc");
  link.deflate = false;
  testzip::WriteZip(tmp.Path("fn.zip"), {link});
  std::string bytes = testzip::ReadBytes(tmp.Path("fn.zip"));
  bytes[testzip::DataOffset(bytes, "link") + 1] = '\0';
  SECTION("with the CRC fixed up, only the NUL is wrong") {
    uint32_t crc = testzip::Crc32(std::string("a\0c", 3));
    testzip::Put32(&bytes, testzip::LocalHeaderOffset(bytes, "link") + testzip::kLocalCrc, crc);
    testzip::Put32(&bytes, testzip::CentralHeaderOffset(bytes, "link") + testzip::kCentralCrc,
                   crc);
    testzip::WriteBytes(tmp.Path("fn.zip"), bytes);
    LambdaPackage p;
    std::string err;
    REQUIRE(OpenLambdaPackage(tmp.Path("fn.zip"), {}, &p, &err));
    CHECK(SkippedReasons(p) ==
          std::vector<std::string>{"link: symlink target contains a NUL byte"});
    CHECK_FALSE(p.vfs.Exists("/var/task/link"));
  }
  SECTION("with the CRC left wrong, the package does not open") {
    testzip::WriteBytes(tmp.Path("fn.zip"), bytes);
    LambdaPackage p;
    std::string err;
    CHECK_FALSE(OpenLambdaPackage(tmp.Path("fn.zip"), {}, &p, &err));
    CHECK(err == tmp.Path("fn.zip") + ": entry 'link': CRC mismatch (data corrupt)");
    CHECK(p.archives.empty());
  }
}

TEST_CASE("OpenLambdaPackage names the file that failed") {
  TempDir tmp;
  testzip::WriteZip(tmp.Path("fn.zip"), {File("index.mjs", "")});
  testzip::WriteBytes(tmp.Path("layer.zip"), "not a zip at all");
  LambdaPackage p;
  std::string err;
  CHECK_FALSE(OpenLambdaPackage(tmp.Path("fn.zip"), {tmp.Path("layer.zip")}, &p, &err));
  CHECK(err == tmp.Path("layer.zip") + ": not a zip archive");
  CHECK(p.archives.empty());
  CHECK_FALSE(OpenLambdaPackage(tmp.Path("none.zip"), {}, &p, &err));
  CHECK(err == tmp.Path("none.zip") + ": no such file");
}

TEST_CASE("BuildLambdaView rebuilds from shared archives") {
  TempDir tmp;
  LambdaPackage first = Package(tmp, {File("index.mjs", "")}, {{File("nodejs/a.js", "a")}});
  LambdaPackage second;
  second.archives = first.archives;  // an audit shares a layer between functions
  BuildLambdaView(&second);
  BuildLambdaView(&second);  // idempotent
  CHECK(Read(second.vfs, "/opt/nodejs/a.js") == "a");
  CHECK(second.vfs.List("/var/task") == std::vector<std::string>{"index.mjs"});
}

TEST_CASE("hostile: random byte damage never crashes open, read or view") {
  TempDir tmp;
  std::string path = tmp.Path("fn.zip");
  TestEntry stored = File("lib/stored.mjs", "export const a = 1;\n");
  stored.deflate = false;
  testzip::WriteZip(path, {Dir("lib/"), stored, File("index.mjs", std::string(3000, 'i') + "x"),
                           Link("node_modules", "/opt/nodejs/node_modules"),
                           Foreign("dos.js", "dos")});
  const std::string original = testzip::ReadBytes(path);
  std::mt19937 random(20240601);  // fixed: a failure must replay
  int opened = 0;
  for (int round = 0; round < 1500; ++round) {
    std::string bytes = original;
    int flips = 1 + static_cast<int>(random() % 4);
    for (int i = 0; i < flips; ++i) {
      bytes[random() % bytes.size()] = static_cast<char>(random() & 0xff);
    }
    if (round % 10 == 0) bytes.resize(random() % bytes.size());
    testzip::WriteBytes(path, bytes);
    INFO("round " << round);
    LambdaPackage p;
    std::string err;
    if (!OpenLambdaPackage(path, {}, &p, &err)) {
      CHECK(err.find('\n') == std::string::npos);
      continue;
    }
    ++opened;
    for (const Entry& e : p.function().entries()) {
      std::string out;
      if (!p.function().Read(e, &out, &err)) CHECK(err.find('\n') == std::string::npos);
    }
    p.vfs.Resolve("/var/task/node_modules/x");
  }
  CHECK(opened > 100);  // the damage mostly hits entry data, not the structure
}

TEST_CASE("ViewPath") {
  auto view_path = [](int archive, std::string name, uint8_t host = kHostUnix) {
    Entry entry;
    entry.name = std::move(name);
    entry.made_by_host = host;
    return ViewPath(archive, entry);
  };
  CHECK(view_path(0, "lib/a.mjs") == "/var/task/lib/a.mjs");
  CHECK(view_path(0, "lib/") == "/var/task/lib");
  CHECK(view_path(2, "nodejs/node_modules/") == "/opt/nodejs/node_modules");
  CHECK(view_path(1, "./nodejs//x.js") == "/opt/nodejs/x.js");
  CHECK(view_path(0, "") == "/var/task");
  // Where unzip puts what it rewrites (seen with lambda-sim).
  CHECK(view_path(0, "../evil.js") == "/var/task/evil.js");
  CHECK(view_path(0, "/etc/evil.conf") == "/var/task/etc/evil.conf");
  CHECK(view_path(0, "lib\\util.mjs", kHostMsdos) == "/var/task/lib/util.mjs");
  CHECK(view_path(0, "lib\\util.mjs", kHostUnix) == "/var/task/lib\\util.mjs");
}

}  // namespace
}  // namespace lel
