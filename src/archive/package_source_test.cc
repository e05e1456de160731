#include "archive/package_source.h"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <map>

#include "archive/lambda_view.h"
#include "testzip/zip_builder.h"

namespace lel {
namespace {

using testzip::TempDir;

void Write(const std::string& path, const std::string& text, mode_t mode = 0644) {
  std::ofstream(path, std::ios::binary) << text;
  REQUIRE(chmod(path.c_str(), mode) == 0);
}

// A build folder with what a real one holds: nested and empty folders, a
// dotfile, odd modes, links inside, outside and dangling, and a FIFO.
std::string MakeTree(const TempDir& tmp) {
  const std::string root = tmp.Path("fn");
  REQUIRE(mkdir(root.c_str(), 0755) == 0);
  REQUIRE(mkdir((root + "/lib").c_str(), 0755) == 0);
  REQUIRE(chmod((root + "/lib").c_str(), 0700) == 0);
  REQUIRE(mkdir((root + "/empty").c_str(), 0755) == 0);
  Write(root + "/index.mjs", "import './lib/a.mjs';\n");
  Write(root + "/lib/a.mjs", "export const a = 1;\n", 0600);
  Write(root + "/.env", "X=1\n");
  Write(root + "/run.sh", "#!/bin/sh\n", 04755);
  REQUIRE(symlink("/opt/nodejs/node_modules", (root + "/node_modules").c_str()) == 0);
  REQUIRE(symlink("../outside", (root + "/up").c_str()) == 0);
  REQUIRE(symlink("lib", (root + "/liblink").c_str()) == 0);
  REQUIRE(mkfifo((root + "/pipe").c_str(), 0644) == 0);
  Write(tmp.Path("outside"), "not in the package\n");
  return root;
}

TEST_CASE("DirSource lists a folder as zip -r -y stores it") {
  TempDir tmp;
  const std::string root = MakeTree(tmp);
  std::string err;
  std::unique_ptr<DirSource> dir = DirSource::Open(root, &err);
  INFO(err);
  REQUIRE(dir != nullptr);
  CHECK(dir->kind() == SourceKind::kDirectory);
  CHECK(dir->packager() == "zip -r -y");
  std::map<std::string, const Entry*> by_name;
  for (size_t i = 0; i < dir->entries().size(); ++i) {
    const Entry& e = dir->entries()[i];
    CHECK(e.index == i);
    CHECK(e.made_by_host == kHostUnix);
    by_name[e.name] = &e;
  }
  std::vector<std::string> names;
  for (const auto& [name, e] : by_name) names.push_back(name);
  CHECK(names == std::vector<std::string>{".env", "empty/", "index.mjs", "lib/", "lib/a.mjs",
                                          "liblink", "node_modules", "run.sh", "up"});
  CHECK(by_name["lib/"]->kind == EntryKind::kDirectory);
  CHECK((by_name["lib/"]->unix_mode & 07777) == 0700);
  CHECK((by_name["lib/a.mjs"]->unix_mode & 07777) == 0600);
  CHECK((by_name["run.sh"]->unix_mode & 07777) == 04755);
  CHECK(by_name["up"]->kind == EntryKind::kSymlink);
  CHECK(by_name["up"]->has_link_mode);
  CHECK(by_name["up"]->external_attributes >> 16 == by_name["up"]->unix_mode);

  std::string text;
  REQUIRE(dir->Read(*by_name["up"], &text, &err));
  CHECK(text == "../outside");  // the link's text; nothing outside is read
  REQUIRE(dir->Read(*by_name["lib/a.mjs"], &text, &err));
  CHECK(text == "export const a = 1;\n");
  CHECK_FALSE(dir->Read(*by_name["lib/a.mjs"], &text, &err, /*cap=*/4));
  CHECK(err == "larger than 4 bytes");
  CHECK_FALSE(dir->Read(*by_name["lib/"], &text, &err));
  REQUIRE(dir->ReadId(static_cast<EntryId>(by_name["index.mjs"]->index), &text, &err));
  CHECK(text == "import './lib/a.mjs';\n");
  CHECK_FALSE(dir->ReadId(static_cast<EntryId>(dir->entries().size()), &text, &err));
}

TEST_CASE("DirSource agrees with the zip that zip -r -y makes of the folder") {
  if (std::system("command -v zip >/dev/null 2>&1") != 0) {
    WARN("zip is not installed: skipped");
    return;
  }
  TempDir tmp;
  const std::string root = MakeTree(tmp);
  const std::string zip = tmp.Path("fn.zip");
  const std::string command = "cd '" + root + "' && zip -q -r -y '" + zip + "' . 2>/dev/null";
  REQUIRE(std::system(command.c_str()) == 0);
  std::string err;
  std::unique_ptr<PackageSource> zipped = OpenSource(zip, &err);
  std::unique_ptr<PackageSource> folder = OpenSource(root, &err);
  INFO(err);
  REQUIRE(zipped != nullptr);
  REQUIRE(folder != nullptr);
  CHECK(zipped->kind() == SourceKind::kZip);
  CHECK(folder->kind() == SourceKind::kDirectory);
  // Same names, kinds, hosts, modes and contents, whatever the order.
  auto summary = [](const PackageSource& source) {
    std::map<std::string, std::string> out;
    for (const Entry& e : source.entries()) {
      std::string bytes, why;
      if (e.kind != EntryKind::kDirectory) REQUIRE(source.Read(e, &bytes, &why));
      out[e.name] = std::to_string(static_cast<int>(e.kind)) + " " +
                    std::to_string(e.made_by_host) + " " + std::to_string(e.unix_mode) + " " +
                    std::to_string(e.size) + " " + bytes;
    }
    return out;
  };
  CHECK(summary(*folder) == summary(*zipped));

  // And both views agree: same nodes, same modes, same link targets.
  LambdaPackage from_zip, from_folder;
  REQUIRE(OpenLambdaPackage(zip, {}, &from_zip, &err));
  REQUIRE(OpenLambdaPackage(root, {}, &from_folder, &err));
  CHECK(from_folder.skipped.empty());
  for (const char* path : {"/var/task/index.mjs", "/var/task/lib", "/var/task/lib/a.mjs",
                           "/var/task/run.sh", "/var/task/up", "/var/task/empty"}) {
    INFO(path);
    Lookup a = from_zip.vfs.Resolve(path, /*follow_final=*/false);
    Lookup b = from_folder.vfs.Resolve(path, /*follow_final=*/false);
    REQUIRE(a.status == LookupStatus::kOk);
    REQUIRE(b.status == LookupStatus::kOk);
    CHECK(a.node->type == b.node->type);
    CHECK(a.node->mode == b.node->mode);
    CHECK(a.node->symlink_target == b.node->symlink_target);
  }
  CHECK(from_folder.vfs.Resolve("/var/task/run.sh").node->mode == 0755);  // setuid dropped
}

TEST_CASE("OpenSource refuses what is neither a zip nor a folder") {
  TempDir tmp;
  Write(tmp.Path("notes.txt"), "hello\n");
  std::string err;
  CHECK(OpenSource(tmp.Path("notes.txt"), &err) == nullptr);
  CHECK_FALSE(err.empty());
  err.clear();
  CHECK(OpenSource(tmp.Path("missing"), &err) == nullptr);
  CHECK_FALSE(err.empty());
}

}  // namespace
}  // namespace lel
