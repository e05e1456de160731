#include "resolve/package_json.h"

#include <catch2/catch.hpp>

#include "archive/vfs.h"

namespace lel {
namespace {

TEST_CASE("ParsePackageJson reads the fields resolution uses", "[package_json]") {
  PackageJson pkg = ParsePackageJson("/p/package.json", R"({
    "name": "@scope/pkg", "version": "1.2.3", "type": "module", "main": "lib/index.js",
    "exports": {".": {"require": "./r.cjs", "import": "./i.mjs"}},
    "imports": {"#dep": "dep"},
    "dependencies": {"b": "1", "a": "2"}, "peerDependencies": {"a": "2", "c": "3"}
  })");
  CHECK(pkg.exists);
  CHECK(pkg.valid);
  CHECK(pkg.strict_error.empty());
  CHECK(pkg.name == "@scope/pkg");
  CHECK(pkg.version == "1.2.3");
  CHECK(pkg.type == "module");
  CHECK(pkg.has_main);
  CHECK(pkg.main == "lib/index.js");
  REQUIRE(pkg.has_exports);
  // Conditions keep the file's order, not sorted order.
  std::vector<std::string> keys;
  for (const auto& item : pkg.exports["."].items()) keys.push_back(item.key());
  CHECK(keys == std::vector<std::string>{"require", "import"});
  CHECK(pkg.has_imports);
  CHECK(pkg.dependencies == std::vector<std::string>{"b", "a", "c"});
}

TEST_CASE("ParsePackageJson: absent and odd fields", "[package_json]") {
  PackageJson pkg = ParsePackageJson("/p/package.json",
                                     R"({"type": "esm", "main": 5, "exports": null, "imports": "x"})");
  CHECK(pkg.valid);
  CHECK(pkg.type.empty());      // unknown types are ignored
  CHECK_FALSE(pkg.has_main);    // not a string
  CHECK_FALSE(pkg.has_exports); // null is "no exports"
  CHECK_FALSE(pkg.has_imports); // only an object counts

  PackageJson empty_main = ParsePackageJson("/p/package.json", R"({"main": ""})");
  CHECK(empty_main.has_main);
  CHECK(empty_main.main.empty());
}

TEST_CASE("ParsePackageJson: what Node 22+ rejects and Node 20 does not", "[package_json]") {
  CHECK(ParsePackageJson("/p/package.json", R"({"name": 5})").strict_error ==
        "\"name\" is not a string");
  CHECK(ParsePackageJson("/p/package.json", R"({"type": true})").strict_error ==
        "\"type\" is not a string");
  PackageJson array = ParsePackageJson("/p/package.json", "[1, 2]");
  CHECK(array.valid);
  CHECK(array.strict_error == "not a JSON object");
}

TEST_CASE("ParsePackageJson: invalid JSON gives the parser's reason, never throws",
          "[package_json]") {
  PackageJson pkg = ParsePackageJson("/p/package.json", "{\"name\": \"x\", ");
  CHECK(pkg.exists);
  CHECK_FALSE(pkg.valid);
  CHECK_FALSE(pkg.parse_error.empty());
  CHECK(pkg.parse_error.find("json.exception") == std::string::npos);
  CHECK_FALSE(ParsePackageJson("/p/package.json", "").valid);
  CHECK_FALSE(ParsePackageJson("/p/package.json", "\xff\xfe{}").valid);
  // A UTF-8 byte order mark is allowed, as Node strips it.
  CHECK(ParsePackageJson("/p/package.json", "\xEF\xBB\xBF{\"name\":\"bom\"}").name == "bom");
}

TEST_CASE("LoadPackageJson: missing, folder, oversized", "[package_json]") {
  Vfs vfs;
  vfs.AddFile("/a/package.json", 0644, {}, R"({"name":"a"})");
  vfs.AddDirectory("/b/package.json", 0755);
  vfs.AddFile("/c/package.json", 0644, {}, std::string(kMaxPackageJsonBytes + 1, ' '));
  vfs.AddSymlink("/d/package.json", "/a/package.json");

  CHECK(LoadPackageJson(vfs, "/a/package.json").name == "a");
  CHECK_FALSE(LoadPackageJson(vfs, "/none/package.json").exists);
  CHECK_FALSE(LoadPackageJson(vfs, "/b/package.json").exists);
  PackageJson big = LoadPackageJson(vfs, "/c/package.json");
  CHECK(big.exists);
  CHECK_FALSE(big.valid);
  CHECK(big.parse_error.find("larger than") == 0);
  CHECK(LoadPackageJson(vfs, "/d/package.json").name == "a");
}

}  // namespace
}  // namespace lel
