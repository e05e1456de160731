#include "archive/vfs.h"

#include <catch2/catch.hpp>

namespace lel {
namespace {

TEST_CASE("NormalizePath joins, folds dots and never climbs above root") {
  CHECK(NormalizePath("/var/task", "lib/a.mjs") == "/var/task/lib/a.mjs");
  CHECK(NormalizePath("/var/task", "../../opt/x") == "/opt/x");
  CHECK(NormalizePath("/var/task", "../../../../x") == "/x");
  CHECK(NormalizePath("/var/task", "/opt//nodejs/./node_modules/") == "/opt/nodejs/node_modules");
  CHECK(NormalizePath("/", "") == "/");
  CHECK(DirName("/var/task/a.mjs") == "/var/task");
  CHECK(DirName("/a") == "/");
  CHECK(BaseName("/var/task/a.mjs") == "a.mjs");
}

TEST_CASE("files imply their parent folders") {
  Vfs vfs;
  vfs.AddFile("/var/task/lib/a.mjs", 0644, {}, "x");
  CHECK(vfs.IsDirectory("/var/task/lib"));
  CHECK(vfs.IsDirectory("/var"));
  CHECK(vfs.IsFile("/var/task/lib/a.mjs"));
  CHECK_FALSE(vfs.IsFile("/var/task/lib"));
  CHECK(vfs.List("/var/task") == std::vector<std::string>{"lib"});
}

TEST_CASE("a later add replaces a file and keeps a folder's children") {
  Vfs vfs;
  vfs.AddFile("/opt/nodejs/node_modules/a/index.js", 0644, {}, "first");
  vfs.AddFile("/opt/nodejs/node_modules/a/index.js", 0600, {}, "second");
  vfs.AddDirectory("/opt/nodejs", 0700);
  std::string content, err;
  REQUIRE(vfs.ReadFile("/opt/nodejs/node_modules/a/index.js", &content, &err));
  CHECK(content == "second");
  CHECK(vfs.Resolve("/opt/nodejs/node_modules/a/index.js").node->mode == 0600);
  CHECK(vfs.Resolve("/opt/nodejs").node->mode == 0700);
  CHECK(vfs.IsDirectory("/opt/nodejs/node_modules/a"));
}

TEST_CASE("an absolute link into /opt is followed and reports the real path") {
  Vfs vfs;
  vfs.AddSymlink("/var/task/node_modules", "/opt/nodejs/node_modules");
  vfs.AddFile("/opt/nodejs/node_modules/uuid/package.json", 0644, {}, "{}");
  Lookup l = vfs.Resolve("/var/task/node_modules/uuid/package.json");
  REQUIRE(l.status == LookupStatus::kOk);
  CHECK(l.real_path == "/opt/nodejs/node_modules/uuid/package.json");
  CHECK(vfs.List("/var/task/node_modules") == std::vector<std::string>{"uuid"});
  Lookup link = vfs.Resolve("/var/task/node_modules", /*follow_final=*/false);
  REQUIRE(link.status == LookupStatus::kOk);
  CHECK(link.node->type == NodeType::kSymlink);
  CHECK(link.real_path == "/var/task/node_modules");
}

TEST_CASE("a relative link resolves against the link's own folder") {
  Vfs vfs;
  vfs.AddSymlink("/var/task/node_modules", "../../opt/nodejs/node_modules");
  vfs.AddFile("/opt/nodejs/node_modules/ms/index.js", 0644);
  CHECK(vfs.Resolve("/var/task/node_modules/ms/index.js").real_path ==
        "/opt/nodejs/node_modules/ms/index.js");
}

TEST_CASE("dangling links, loops and files used as folders are told apart") {
  Vfs vfs;
  vfs.AddSymlink("/var/task/node_modules", "/opt/nodejs/node20/node_modules");
  vfs.AddSymlink("/var/task/a", "b");
  vfs.AddSymlink("/var/task/b", "a");
  vfs.AddFile("/var/task/file.mjs", 0644);
  CHECK(vfs.Resolve("/var/task/node_modules").status == LookupStatus::kNotFound);
  CHECK(vfs.Resolve("/var/task/a").status == LookupStatus::kLoop);
  CHECK(vfs.Resolve("/var/task/file.mjs/x").status == LookupStatus::kNotADirectory);
  std::string out, err;
  CHECK_FALSE(vfs.ReadFile("/var/task/a", &out, &err));
  CHECK(err == "too many levels of symbolic links");
  CHECK_FALSE(vfs.ReadFile("/var/task", &out, &err));
  CHECK(err == "is a directory");
}

TEST_CASE("lookups are case-sensitive, as on Linux") {
  Vfs vfs;
  vfs.AddFile("/var/task/Lib/a.mjs", 0644);
  CHECK(vfs.IsFile("/var/task/Lib/a.mjs"));
  CHECK_FALSE(vfs.Exists("/var/task/lib/a.mjs"));
}

}  // namespace
}  // namespace lel
