#include "resolve/diagnose.h"

#include <catch2/catch.hpp>

#include "archive/vfs.h"

namespace lel {
namespace {

constexpr const char* kIndex = "/var/task/index.mjs";

ResolveOptions Options(int major, bool managed) {
  ResolveOptions options;
  options.node_major = major;
  options.managed = managed;
  options.node_path = DefaultNodePath(major);
  return options;
}

struct Case {
  Vfs vfs;
  Case() { vfs.AddFile(kIndex, 0644, {}, ""); }
  void File(std::string_view path, std::string content = "") {
    vfs.AddFile(path, 0644, {}, std::move(content));
  }
  Diagnosis Run(std::string_view specifier, int major = 22, bool managed = false,
                std::string_view parent = kIndex) {
    Resolver resolver(vfs, Options(major, managed));
    ImportRequest request{specifier, parent, ""};
    Resolution failed = resolver.ResolveImport(request);
    REQUIRE(failed.kind == Resolution::Kind::kError);
    return Diagnose(resolver, request, failed);
  }
  Diagnosis RunRequire(std::string_view specifier, std::string_view parent) {
    Resolver resolver(vfs, Options(22, false));
    Resolution failed = resolver.ResolveRequire(specifier, parent);
    REQUIRE(failed.kind == Resolution::Kind::kError);
    return Diagnose(resolver, {specifier, parent, ""}, failed);
  }
};

TEST_CASE("Diagnose: a missing extension", "[diagnose]") {
  Case c;
  c.File("/var/task/lib/util.mjs");
  c.File("/var/task/data.json", "{}");
  c.File("/var/task/node_modules/lodash-es/package.json", R"({"main": "lodash.js"})");
  c.File("/var/task/node_modules/lodash-es/isString.js");
  c.File("/var/task/node_modules/feat/package.json", R"({"exports": {"./x.js": "./x.js"}})");
  c.File("/var/task/node_modules/feat/x.js");

  Diagnosis d = c.Run("./lib/util");
  CHECK(d.kind == Diagnosis::Kind::kMissingExtension);
  CHECK(d.suggestion == "./lib/util.mjs");
  CHECK(d.found_path == "/var/task/lib/util.mjs");

  Diagnosis json = c.Run("./data");
  CHECK(json.kind == Diagnosis::Kind::kMissingExtension);
  CHECK(json.suggestion == "./data.json");
  CHECK(json.detail.find("type: 'json'") != std::string::npos);

  Diagnosis sub = c.Run("lodash-es/isString");
  CHECK(sub.kind == Diagnosis::Kind::kMissingExtension);
  CHECK(sub.suggestion == "lodash-es/isString.js");

  Diagnosis exported = c.Run("feat/x");  // ERR_PACKAGE_PATH_NOT_EXPORTED
  CHECK(exported.kind == Diagnosis::Kind::kMissingExtension);
  CHECK(exported.suggestion == "feat/x.js");
}

TEST_CASE("Diagnose: a folder import", "[diagnose]") {
  Case c;
  c.File("/var/task/lib/index.js");
  c.File("/var/task/pkg/package.json", R"({"main": "./dist/main.js"})");
  c.File("/var/task/pkg/dist/main.js");
  c.File("/var/task/node_modules/lodash-es/package.json", "{}");
  c.File("/var/task/node_modules/lodash-es/fp/index.js");
  c.File("/var/task/helpers/index.mjs");

  Diagnosis d = c.Run("./lib");
  CHECK(d.kind == Diagnosis::Kind::kDirectoryIndex);
  CHECK(d.suggestion == "./lib/index.js");
  CHECK(d.found_path == "/var/task/lib/index.js");
  CHECK(c.Run("./lib/").suggestion == "./lib/index.js");
  CHECK(c.Run("./helpers").suggestion == "./helpers/index.mjs");

  Diagnosis main = c.Run("./pkg");
  CHECK(main.kind == Diagnosis::Kind::kDirectoryIndex);
  CHECK(main.suggestion == "./pkg/dist/main.js");

  Diagnosis sub = c.Run("lodash-es/fp");
  CHECK(sub.kind == Diagnosis::Kind::kDirectoryIndex);
  CHECK(sub.suggestion == "lodash-es/fp/index.js");
}

TEST_CASE("Diagnose: letter case", "[diagnose]") {
  Case c;
  c.File("/var/task/lib/util.js");
  c.File("/var/task/src/app.mjs");
  c.File("/var/task/node_modules/dayjs/package.json", "{}");
  c.File("/var/task/node_modules/dayjs/plugin/utc.js");

  Diagnosis d = c.Run("./Lib/Util.js");
  CHECK(d.kind == Diagnosis::Kind::kCaseMismatch);
  CHECK(d.suggestion == "./lib/util.js");
  CHECK(d.found_path == "/var/task/lib/util.js");

  // Case and a missing extension at once.
  CHECK(c.Run("./lib/Util").suggestion == "./lib/util.js");
  CHECK(c.Run("../LIB/util.js", 22, false, "/var/task/src/app.mjs").suggestion ==
        "../lib/util.js");
  CHECK(c.Run("/var/task/LIB/util.js").suggestion == "/var/task/lib/util.js");

  Diagnosis sub = c.Run("dayjs/Plugin/utc.js");
  CHECK(sub.kind == Diagnosis::Kind::kCaseMismatch);
  CHECK(sub.suggestion == "dayjs/plugin/utc.js");

  Diagnosis cjs = c.RunRequire("./Lib/util", "/var/task/index.js");
  CHECK(cjs.kind == Diagnosis::Kind::kCaseMismatch);
  CHECK(cjs.suggestion == "./lib/util.js");
}

TEST_CASE("Diagnose: packages in layer folders nothing searches", "[diagnose]") {
  Case c;
  c.File("/opt/nodejs/node20/node_modules/uuid/index.js");
  c.File("/opt/node_modules/lodash/index.js");
  c.File("/opt/nodejs/dayjs/index.js");

  Diagnosis d = c.Run("uuid", 22, true);
  CHECK(d.kind == Diagnosis::Kind::kInUnsearchedLayerFolder);
  CHECK(d.found_path == "/opt/nodejs/node20/node_modules/uuid");
  CHECK(d.detail ==
        "found in the layer at nodejs/node20/node_modules, which nodejs22.x does not search");

  Diagnosis root = c.Run("lodash/fp", 22, true);
  CHECK(root.kind == Diagnosis::Kind::kInUnsearchedLayerFolder);
  CHECK(root.found_path == "/opt/node_modules/lodash");

  Diagnosis flat = c.Run("dayjs", 20, true);
  CHECK(flat.kind == Diagnosis::Kind::kInUnsearchedLayerFolder);
  CHECK(flat.found_path == "/opt/nodejs/dayjs");
}

TEST_CASE("Diagnose: the layer has it but /var/task has no link", "[diagnose]") {
  Case c;
  c.File("/opt/nodejs/node_modules/uuid/index.js");
  c.File("/opt/nodejs/node22/node_modules/dayjs/index.js");

  Diagnosis d = c.Run("uuid", 22, false);
  CHECK(d.kind == Diagnosis::Kind::kLayerNotLinked);
  CHECK(d.found_path == "/opt/nodejs/node_modules/uuid");
  CHECK(c.Run("dayjs", 22, false).kind == Diagnosis::Kind::kLayerNotLinked);
  // nodejs20.x never searches node22/: not a link problem.
  CHECK(c.Run("dayjs", 20, false).kind == Diagnosis::Kind::kInUnsearchedLayerFolder);
}

TEST_CASE("Diagnose: a near package name", "[diagnose]") {
  Case c;
  c.File("/var/task/node_modules/lodash/index.js");
  c.File("/var/task/node_modules/uuid/index.js");
  c.File("/var/task/node_modules/@middy/core/index.js");

  Diagnosis d = c.Run("lodahs/fp.js");
  CHECK(d.kind == Diagnosis::Kind::kDidYouMean);
  CHECK(d.suggestion == "lodash/fp.js");
  CHECK(c.Run("UUID").suggestion == "uuid");
  CHECK(c.Run("@middy/cor").suggestion == "@middy/core");
  CHECK(c.Run("express").kind == Diagnosis::Kind::kNone);
  CHECK(c.Run("uid").kind == Diagnosis::Kind::kDidYouMean);
  CHECK(c.Run("ab").kind == Diagnosis::Kind::kNone);  // short names need a closer match
}

TEST_CASE("Diagnose: a package name in the wrong letter case", "[diagnose]") {
  Case c;
  c.File("/var/task/node_modules/uuid/package.json", R"({"main": "index.js"})");
  c.File("/var/task/node_modules/uuid/index.js");
  c.File("/var/task/node_modules/@hapi/bourne/package.json", R"({"main": "index.js"})");
  Diagnosis d = c.Run("UUID");
  CHECK(d.kind == Diagnosis::Kind::kCaseMismatch);
  CHECK(d.suggestion == "uuid");
  Diagnosis scoped = c.Run("@Hapi/bourne/x.js");
  CHECK(scoped.kind == Diagnosis::Kind::kCaseMismatch);
  CHECK(scoped.suggestion == "@hapi/bourne/x.js");
}

TEST_CASE("Diagnose: a built-in that exists only with the node: prefix", "[diagnose]") {
  Case c;
  Diagnosis d = c.Run("test");
  CHECK(d.kind == Diagnosis::Kind::kBuiltinNeedsPrefix);
  CHECK(d.suggestion == "node:test");
  // 'fs' is a built-in with or without the prefix: nothing fails to diagnose.
  Resolver resolver(c.vfs, Options(22, false));
  CHECK(resolver.ResolveImport({"fs", kIndex, ""}).kind == Resolution::Kind::kBuiltin);
}

TEST_CASE("Diagnose: nothing to say", "[diagnose]") {
  Case c;
  c.File("/var/task/node_modules/inv/package.json", R"({"exports": {".": "../x.js"}})");
  CHECK(c.Run("./nothing/here.js").kind == Diagnosis::Kind::kNone);
  CHECK(c.Run("inv").kind == Diagnosis::Kind::kNone);  // ERR_INVALID_PACKAGE_TARGET
  CHECK(c.Run("node:nope").kind == Diagnosis::Kind::kNone);
  Resolver resolver(c.vfs, Options(22, false));
  Resolution ok = resolver.ResolveImport({"fs", kIndex, ""});
  CHECK(Diagnose(resolver, {"fs", kIndex, ""}, ok).kind == Diagnosis::Kind::kNone);
}

TEST_CASE("EditDistance", "[diagnose]") {
  CHECK(EditDistance("lodash", "lodash", 2) == 0);
  CHECK(EditDistance("lodash", "lodahs", 2) == 2);
  CHECK(EditDistance("uuid", "uid", 2) == 1);
  CHECK(EditDistance("express", "react", 2) == 3);
  CHECK(EditDistance("", "abc", 2) == 3);
}

}  // namespace
}  // namespace lel
