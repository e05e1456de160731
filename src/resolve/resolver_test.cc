// Expected results here are Node's. "Checked" marks expectations that were
// reproduced with real Node on an equivalent tree under /tmp (paths
// renamed), using the builds lambda-sim runs — v18.20.8, v20.20.2,
// v22.23.3, v24.21.0 from /var/cache/lambda-sim/nodeNN — with the flags
// Lambda passes (20: --no-experimental-require-module; 22: that and
// --no-experimental-detect-module), and for managed cases with
// lambda-sim's nodepath-hooks.mjs registered and NODE_PATH set.
#include "resolve/resolver.h"

#include <catch2/catch.hpp>

#include "archive/vfs.h"

namespace lel {
namespace {

constexpr const char* kIndex = "/var/task/index.mjs";

struct Tree {
  Tree& File(std::string_view path, std::string content = "export default 1\n") {
    vfs.AddFile(path, 0644, {}, std::move(content));
    return *this;
  }
  Tree& Json(std::string_view path, std::string content) { return File(path, std::move(content)); }
  Tree& Dir(std::string_view path) {
    vfs.AddDirectory(path, 0755);
    return *this;
  }
  Tree& Link(std::string_view path, std::string target) {
    vfs.AddSymlink(path, std::move(target));
    return *this;
  }
  Vfs vfs;
};

ResolveOptions Options(int major, bool managed = false) {
  ResolveOptions options;
  options.node_major = major;
  options.managed = managed;
  options.node_path = DefaultNodePath(major);
  options.runtime_ships_sdk_v3 = major >= 18;
  return options;
}

// One line per outcome: the file, the builtin, "runtime:<path>", or
// "<code>: <message>" (the code as the given major names it).
std::string Show(const Resolution& r, int major = 22) {
  switch (r.kind) {
    case Resolution::Kind::kFile:
    case Resolution::Kind::kBuiltin:
      return r.path;
    case Resolution::Kind::kRuntimeProvided:
      return "runtime:" + r.path;
    case Resolution::Kind::kError:
      return std::string(ResolveErrorCode(r.error, major)) + ": " + r.message;
  }
  return "?";
}

std::string Import(const Resolver& resolver, std::string_view specifier,
                   std::string_view parent = kIndex, std::string_view type = "") {
  return Show(resolver.ResolveImport({specifier, parent, type}), resolver.options().node_major);
}

std::string Require(const Resolver& resolver, std::string_view specifier,
                    std::string_view parent = "/var/task/index.js") {
  return Show(resolver.ResolveRequire(specifier, parent), resolver.options().node_major);
}

// ---------------------------------------------------------------------------
// Relative and absolute specifiers.

TEST_CASE("ESM relative specifiers name a file exactly", "[resolver][esm]") {
  Tree t;
  t.File(kIndex).File("/var/task/lib/util.js").File("/var/task/lib/index.js");
  Resolver r(t.vfs, Options(22));

  CHECK(Import(r, "./lib/util.js") == "/var/task/lib/util.js");
  CHECK(Import(r, "/var/task/lib/util.js") == "/var/task/lib/util.js");
  CHECK(Import(r, "../task/./lib/util.js") == "/var/task/lib/util.js");
  // Checked: no extension search, no directory index.
  CHECK(Import(r, "./lib/util") ==
        "ERR_MODULE_NOT_FOUND: Cannot find module '/var/task/lib/util' imported from "
        "/var/task/index.mjs");
  CHECK(Import(r, "./lib") ==
        "ERR_UNSUPPORTED_DIR_IMPORT: Directory import '/var/task/lib' is not supported "
        "resolving ES modules imported from /var/task/index.mjs");
  CHECK(Import(r, "./lib/") ==
        "ERR_UNSUPPORTED_DIR_IMPORT: Directory import '/var/task/lib/' is not supported "
        "resolving ES modules imported from /var/task/index.mjs");
  CHECK(Import(r, ".") ==
        "ERR_UNSUPPORTED_DIR_IMPORT: Directory import '/var/task/' is not supported resolving "
        "ES modules imported from /var/task/index.mjs");
  // Case-sensitive, as Linux is.
  CHECK(Import(r, "./Lib/util.js") ==
        "ERR_MODULE_NOT_FOUND: Cannot find module '/var/task/Lib/util.js' imported from "
        "/var/task/index.mjs");
}

TEST_CASE("ESM specifiers are URLs: escapes, query, hash, backslash", "[resolver][esm]") {
  Tree t;
  t.File(kIndex).File("/var/task/lib/index.js").File("/var/task/a b.mjs");
  Resolver r(t.vfs, Options(22));

  // Checked: %69 decodes to "i"; %2F is refused.
  CHECK(Import(r, "./lib/%69ndex.js") == "/var/task/lib/index.js");
  CHECK(Import(r, "./a%20b.mjs") == "/var/task/a b.mjs");
  CHECK(Import(r, "./a b.mjs") == "/var/task/a b.mjs");
  CHECK(Import(r, "./lib%2Findex.js") ==
        "ERR_INVALID_MODULE_SPECIFIER: Invalid module \"/var/task/lib%2Findex.js\" must not "
        "include encoded \"/\" or \"\\\" characters imported from /var/task/index.mjs");
  CHECK(Import(r, "./lib/index.js?v=1") == "/var/task/lib/index.js");
  CHECK(Import(r, "./lib/index.js#x") == "/var/task/lib/index.js");
  CHECK(Import(r, "./lib\\index.js") == "/var/task/lib/index.js");
  CHECK(Import(r, "./%2e%2e/task/lib/index.js") == "/var/task/lib/index.js");
  CHECK(Import(r, "file:///var/task/lib/index.js") == "/var/task/lib/index.js");
  CHECK(Import(r, "file:///var/task/nope.js") ==
        "ERR_MODULE_NOT_FOUND: Cannot find module '/var/task/nope.js' imported from "
        "/var/task/index.mjs");
}

TEST_CASE("ESM URL schemes other than file, data, node", "[resolver][esm]") {
  Tree t;
  t.File(kIndex);
  // Checked: the list of schemes in the message changed in Node 22.
  CHECK(Import(Resolver(t.vfs, Options(20)), "https://example.com/a.js") ==
        "ERR_UNSUPPORTED_ESM_URL_SCHEME: Only URLs with a scheme in: file, data, and node are "
        "supported by the default ESM loader. Received protocol 'https:'");
  CHECK(Import(Resolver(t.vfs, Options(22)), "http://x/a.js") ==
        "ERR_UNSUPPORTED_ESM_URL_SCHEME: Only URLs with a scheme in: file and data are "
        "supported by the default ESM loader. Received protocol 'http:'");
  Resolver r(t.vfs, Options(22));
  Resolution data = r.ResolveImport({"data:text/javascript,export default 1", kIndex, ""});
  CHECK(data.kind == Resolution::Kind::kBuiltin);
}

TEST_CASE("Links resolve to real paths, and the parent is taken by its real path",
          "[resolver][esm]") {
  Tree t;
  t.File("/opt/nodejs/node_modules/uuid/package.json", R"({"exports": "./index.js"})")
      .File("/opt/nodejs/node_modules/uuid/index.js")
      .File("/opt/nodejs/node_modules/uuid/helper.js")
      .File("/opt/nodejs/node_modules/dep/index.js")
      .File(kIndex)
      .Link("/var/task/node_modules", "/opt/nodejs/node_modules")
      .Link("/var/task/alias.mjs", "index.mjs");
  Resolver r(t.vfs, Options(20));
  CHECK(Import(r, "uuid") == "/opt/nodejs/node_modules/uuid/index.js");
  CHECK(Import(r, "./alias.mjs") == "/var/task/index.mjs");
  // The layer package's own imports walk up from /opt/..., where "dep" is.
  CHECK(Import(r, "dep", "/var/task/node_modules/uuid/index.js") ==
        "/opt/nodejs/node_modules/dep/index.js");
  CHECK(Import(r, "./helper.js", "/var/task/node_modules/uuid/index.js") ==
        "/opt/nodejs/node_modules/uuid/helper.js");
}

// ---------------------------------------------------------------------------
// Builtins per major.

TEST_CASE("Builtins per Node major", "[resolver][builtins]") {
  Tree t;
  t.File(kIndex);
  Resolver r18(t.vfs, Options(18)), r20(t.vfs, Options(20)), r22(t.vfs, Options(22)),
      r24(t.vfs, Options(24));
  CHECK(Import(r22, "fs") == "node:fs");
  CHECK(Import(r22, "node:fs/promises") == "node:fs/promises");
  CHECK(Import(r22, "fs/promises") == "node:fs/promises");
  CHECK(Import(r22, "node:test") == "node:test");
  CHECK(Import(r22, "node:test/reporters") == "node:test/reporters");
  // Checked: bare "test" is a package name.
  CHECK(Import(r22, "test") ==
        "ERR_MODULE_NOT_FOUND: Cannot find package 'test' imported from /var/task/index.mjs");
  CHECK(Import(r22, "node:x") == "ERR_UNKNOWN_BUILTIN_MODULE: No such built-in module: node:x");
  // Checked: node:sqlite from 22 (unflagged in 22.13), node:sea from 20.12.
  CHECK(Import(r20, "node:sqlite") ==
        "ERR_UNKNOWN_BUILTIN_MODULE: No such built-in module: node:sqlite");
  CHECK(Import(r22, "node:sqlite") == "node:sqlite");
  CHECK(Import(r24, "node:sqlite") == "node:sqlite");
  CHECK(Import(r22, "sqlite") ==
        "ERR_MODULE_NOT_FOUND: Cannot find package 'sqlite' imported from /var/task/index.mjs");
  CHECK(Import(r18, "node:sea") == "ERR_UNKNOWN_BUILTIN_MODULE: No such built-in module: node:sea");
  CHECK(Import(r20, "node:sea") == "node:sea");
  CHECK(Import(r18, "inspector/promises") ==
        "ERR_MODULE_NOT_FOUND: Cannot find package 'inspector' imported from "
        "/var/task/index.mjs");
  CHECK(Import(r20, "inspector/promises") == "node:inspector/promises");
  CHECK(Import(r22, "fs/nope") ==
        "ERR_MODULE_NOT_FOUND: Cannot find package 'fs' imported from /var/task/index.mjs");

  CHECK(IsBuiltin("readline/promises", 18, false));
  CHECK_FALSE(IsBuiltin("readline/promises", 16, false));
  CHECK(IsBuiltin("test", 16, true));
  CHECK_FALSE(IsBuiltin("test/reporters", 16, true));
  CHECK_FALSE(IsBuiltin("quic", 24, true));
}

// ---------------------------------------------------------------------------
// Bare specifiers.

TEST_CASE("Bare specifiers: package names", "[resolver][esm]") {
  Tree t;
  t.File(kIndex);
  Resolver r(t.vfs, Options(22));
  // Checked.
  CHECK(Import(r, "@scope") ==
        "ERR_INVALID_MODULE_SPECIFIER: Invalid module \"@scope\" is not a valid package name "
        "imported from /var/task/index.mjs");
  CHECK(Import(r, ".pkg") ==
        "ERR_INVALID_MODULE_SPECIFIER: Invalid module \".pkg\" is not a valid package name "
        "imported from /var/task/index.mjs");
  CHECK(Import(r, "pkg\\x") ==
        "ERR_INVALID_MODULE_SPECIFIER: Invalid module \"pkg\\x\" is not a valid package name "
        "imported from /var/task/index.mjs");
  CHECK(Import(r, "p%41") ==
        "ERR_INVALID_MODULE_SPECIFIER: Invalid module \"p%41\" is not a valid package name "
        "imported from /var/task/index.mjs");
  CHECK(Import(r, "@scope/pkg/sub") ==
        "ERR_MODULE_NOT_FOUND: Cannot find package '@scope/pkg' imported from "
        "/var/task/index.mjs");
}

TEST_CASE("Bare specifiers: node_modules of every ancestor, nearest first", "[resolver][esm]") {
  Tree t;
  t.File("/var/task/src/deep/a.mjs")
      .File("/var/task/node_modules/x/index.js")
      .File("/var/task/src/node_modules/x/index.js")
      .File("/node_modules/y/index.js")
      .File("/var/task/node_modules/x/node_modules/z/index.js")
      .File("/var/task/node_modules/node_modules/w/index.js");
  Resolver r(t.vfs, Options(22));
  CHECK(Import(r, "x", "/var/task/src/deep/a.mjs") == "/var/task/src/node_modules/x/index.js");
  CHECK(Import(r, "x", kIndex) == "/var/task/node_modules/x/index.js");
  CHECK(Import(r, "y", kIndex) == "/node_modules/y/index.js");
  CHECK(Import(r, "z", "/var/task/node_modules/x/index.js") ==
        "/var/task/node_modules/x/node_modules/z/index.js");
  // Unlike require(), the ESM walk also tries node_modules/node_modules.
  CHECK(Import(r, "w", "/var/task/node_modules/x/index.js") ==
        "/var/task/node_modules/node_modules/w/index.js");
  CHECK(Show(r.ResolveRequire("w", "/var/task/node_modules/x/index.js")) ==
        "MODULE_NOT_FOUND: Cannot find module 'w'");
}

// ---------------------------------------------------------------------------
// "exports".

Tree ExportsTree() {
  Tree t;
  t.File(kIndex);
  const std::string nm = "/var/task/node_modules/";
  t.Json(nm + "sugar/package.json", R"({"exports": "./s.js"})").File(nm + "sugar/s.js");
  t.Json(nm + "cond/package.json", R"({"exports": {".": {
      "require": "./r.cjs", "browser": "./br.js",
      "node": {"import": "./ni.mjs", "default": "./nd.js"}, "default": "./d.js"}}})");
  for (const char* f : {"r.cjs", "br.js", "ni.mjs", "nd.js", "d.js"}) t.File(nm + "cond/" + f);
  t.Json(nm + "order/package.json", R"({"exports": {"default": "./d.js", "import": "./i.mjs"}})")
      .File(nm + "order/d.js")
      .File(nm + "order/i.mjs");
  t.Json(nm + "pat/package.json", R"({"exports": {
      "./*": "./lib/*.js", "./a/*": "./lib/a/*.mjs", "./a/*.js": "./x/*.js",
      "./b/*/c": "./b/*/c.js", "./priv/*": null, "./exact": "./lib/exact.js",
      "./dir/": "./lib/", "./two/*": "./t/*/*.js"}})");
  for (const char* f : {"lib/z.js", "lib/a/y.mjs", "x/y.js", "b/q/c.js", "lib/exact.js",
                        "lib/priv/k.js", "t/m/m.js"}) {
    t.File(nm + "pat/" + f);
  }
  t.Json(nm + "arr/package.json", R"({"exports": {
      ".": ["bad", "./missing.js", "./a.js"], "./inv": ["bad", "../x.js"],
      "./n": [null, "./a.js"], "./e": [], "./u": [{"browser": "./b.js"}, "./a.js"]}})")
      .File(nm + "arr/a.js");
  t.Json(nm + "nul/package.json", R"({"exports": {".": "./a.js", "./x": null}})");
  t.Json(nm + "inv/package.json", R"({"exports": {
      "./up": "./../cond/d.js", "./nm": "./node_modules/foo.js", "./abs": "/etc/passwd",
      "./dot": "./x/./y.js", "./url": "file:///etc/x.js", "./num": 5, "./sub/*": "./lib/*.js",
      "./slash": "./lib//s.js", ".": "x.js"}})")
      .File(nm + "inv/lib/s.js");
  t.Json(nm + "mix/package.json", R"({"exports": {".": "./a.js", "import": "./b.js"}})");
  t.Json(nm + "numkey/package.json", R"({"exports": {"1": "./a.js"}})");
  t.Json(nm + "dual/package.json", R"({"exports": {"import": "./e.mjs", "require": "./c.cjs"}})")
      .File(nm + "dual/e.mjs")
      .File(nm + "dual/c.cjs");
  t.Json(nm + "todir/package.json", R"({"exports": {"./d": "./dir"}})").File(nm + "todir/dir/x.js");
  return t;
}

TEST_CASE("exports: sugar, conditions in object order, nested conditions", "[resolver][exports]") {
  Tree t = ExportsTree();
  Resolver r(t.vfs, Options(22));
  const std::string nm = "/var/task/node_modules/";
  // Checked.
  CHECK(Import(r, "sugar") == nm + "sugar/s.js");
  CHECK(Import(r, "sugar/x") ==
        "ERR_PACKAGE_PATH_NOT_EXPORTED: Package subpath './x' is not defined by \"exports\" in " +
            nm + "sugar/package.json imported from /var/task/index.mjs");
  // "require" skipped, "browser" inactive, "node" -> nested "import".
  CHECK(Import(r, "cond") == nm + "cond/ni.mjs");
  CHECK(Require(r, "cond") == nm + "cond/r.cjs");
  // The first matching key wins, even "default".
  CHECK(Import(r, "order") == nm + "order/d.js");
  // require vs import on one dual package.
  CHECK(Import(r, "dual") == nm + "dual/e.mjs");
  CHECK(Require(r, "dual") == nm + "dual/c.cjs");
}

TEST_CASE("exports: subpath patterns in PATTERN_KEY_COMPARE order", "[resolver][exports]") {
  Tree t = ExportsTree();
  Resolver r(t.vfs, Options(22));
  const std::string nm = "/var/task/node_modules/pat/";
  // Checked.
  CHECK(Import(r, "pat/z") == nm + "lib/z.js");
  CHECK(Import(r, "pat/a/y") == nm + "lib/a/y.mjs");   // "./a/*" beats "./*"
  CHECK(Import(r, "pat/a/y.js") == nm + "x/y.js");     // "./a/*.js" beats "./a/*"
  CHECK(Import(r, "pat/b/q/c") == nm + "b/q/c.js");
  CHECK(Import(r, "pat/exact") == nm + "lib/exact.js");
  CHECK(Import(r, "pat/two/m") == nm + "t/m/m.js");    // every "*" in the target
  CHECK(Import(r, "pat/x") ==
        "ERR_MODULE_NOT_FOUND: Cannot find module '" + nm +
            "lib/x.js' imported from /var/task/index.mjs");
  // A null target hides what a wider pattern would allow.
  CHECK(Import(r, "pat/priv/k") ==
        "ERR_PACKAGE_PATH_NOT_EXPORTED: Package subpath './priv/k' is not defined by "
        "\"exports\" in " + nm + "package.json imported from /var/task/index.mjs");
  // Folder mappings ("./dir/") are gone: "./*" matches instead.
  CHECK(Import(r, "pat/dir/exact.js") ==
        "ERR_MODULE_NOT_FOUND: Cannot find module '" + nm +
            "lib/dir/exact.js.js' imported from /var/task/index.mjs");
  CHECK(Import(r, "pat") ==
        "ERR_PACKAGE_PATH_NOT_EXPORTED: No \"exports\" main defined in " + nm +
            "package.json imported from /var/task/index.mjs");
}

TEST_CASE("exports: arrays fall back only on invalid targets; null", "[resolver][exports]") {
  Tree t = ExportsTree();
  Resolver r(t.vfs, Options(22));
  const std::string nm = "/var/task/node_modules/";
  // Checked: "bad" is invalid and skipped; "./missing.js" is valid and wins.
  CHECK(Import(r, "arr") == "ERR_MODULE_NOT_FOUND: Cannot find module '" + nm +
                                "arr/missing.js' imported from /var/task/index.mjs");
  CHECK(Import(r, "arr/inv") ==
        "ERR_INVALID_PACKAGE_TARGET: Invalid \"exports\" target \"../x.js\" defined for './inv' "
        "in the package config " + nm +
            "arr/package.json imported from /var/task/index.mjs; targets must start with \"./\"");
  CHECK(Import(r, "arr/n") == nm + "arr/a.js");
  CHECK(Import(r, "arr/u") == nm + "arr/a.js");
  CHECK(Import(r, "arr/e") ==
        "ERR_PACKAGE_PATH_NOT_EXPORTED: Package subpath './e' is not defined by \"exports\" in " +
            nm + "arr/package.json imported from /var/task/index.mjs");
  CHECK(Import(r, "nul") == "ERR_MODULE_NOT_FOUND: Cannot find module '" + nm +
                                "nul/a.js' imported from /var/task/index.mjs");
  CHECK(Import(r, "nul/x") ==
        "ERR_PACKAGE_PATH_NOT_EXPORTED: Package subpath './x' is not defined by \"exports\" in " +
            nm + "nul/package.json imported from /var/task/index.mjs");
  CHECK(Import(r, "todir/d") == "ERR_UNSUPPORTED_DIR_IMPORT: Directory import '" + nm +
                                    "todir/dir' is not supported resolving ES modules imported "
                                    "from /var/task/index.mjs");
}

TEST_CASE("exports: invalid targets and configs", "[resolver][exports]") {
  Tree t = ExportsTree();
  Resolver r(t.vfs, Options(22));
  const std::string cfg = " in the package config /var/task/node_modules/inv/package.json "
                          "imported from /var/task/index.mjs";
  const std::string must = "; targets must start with \"./\"";
  // Checked (all).
  CHECK(Import(r, "inv/up") ==
        "ERR_INVALID_PACKAGE_TARGET: Invalid \"exports\" target \"./../cond/d.js\" defined for "
        "'./up'" + cfg);
  CHECK(Import(r, "inv/nm") ==
        "ERR_INVALID_PACKAGE_TARGET: Invalid \"exports\" target \"./node_modules/foo.js\" "
        "defined for './nm'" + cfg);
  CHECK(Import(r, "inv/abs") ==
        "ERR_INVALID_PACKAGE_TARGET: Invalid \"exports\" target \"/etc/passwd\" defined for "
        "'./abs'" + cfg + must);
  CHECK(Import(r, "inv/dot") ==
        "ERR_INVALID_PACKAGE_TARGET: Invalid \"exports\" target \"./x/./y.js\" defined for "
        "'./dot'" + cfg);
  CHECK(Import(r, "inv/url") ==
        "ERR_INVALID_PACKAGE_TARGET: Invalid \"exports\" target \"file:///etc/x.js\" defined "
        "for './url'" + cfg + must);
  CHECK(Import(r, "inv/num") ==
        "ERR_INVALID_PACKAGE_TARGET: Invalid \"exports\" target \"5\" defined for './num'" + cfg +
            must);
  CHECK(Import(r, "inv") ==
        "ERR_INVALID_PACKAGE_TARGET: Invalid \"exports\" main target \"x.js\" defined" + cfg +
            must);
  // An empty segment only warns (DEP0166).
  CHECK(Import(r, "inv/slash") == "/var/task/node_modules/inv/lib/s.js");
  CHECK(Import(r, "inv/sub/../x") ==
        "ERR_INVALID_MODULE_SPECIFIER: Invalid module \"./sub/../x\" request is not a valid "
        "match in pattern \"./sub/*\" for the \"exports\" resolution of "
        "/var/task/node_modules/inv/package.json imported from /var/task/index.mjs");
  CHECK(Import(r, "inv/sub/%2e%2e/x") ==
        "ERR_INVALID_MODULE_SPECIFIER: Invalid module \"./sub/%2e%2e/x\" request is not a valid "
        "match in pattern \"./sub/*\" for the \"exports\" resolution of "
        "/var/task/node_modules/inv/package.json imported from /var/task/index.mjs");
  CHECK(Import(r, "inv/sub/node_modules/x") ==
        "ERR_INVALID_MODULE_SPECIFIER: Invalid module \"./sub/node_modules/x\" request is not a "
        "valid match in pattern \"./sub/*\" for the \"exports\" resolution of "
        "/var/task/node_modules/inv/package.json imported from /var/task/index.mjs");
  // Checked: the ESM base appears as a URL in this one.
  CHECK(Import(r, "mix") ==
        "ERR_INVALID_PACKAGE_CONFIG: Invalid package config "
        "/var/task/node_modules/mix/package.json while importing file:///var/task/index.mjs. "
        "\"exports\" cannot contain some keys starting with '.' and some not. The exports "
        "object must either be an object of package subpath keys or an object of main entry "
        "condition name keys only.");
  CHECK(Import(r, "numkey") ==
        "ERR_INVALID_PACKAGE_CONFIG: Invalid package config "
        "/var/task/node_modules/numkey/package.json while importing file:///var/task/index.mjs. "
        "\"exports\" cannot contain numeric property keys.");
  // require(): no base, so neither "while importing" nor "imported from".
  CHECK(Require(r, "mix") ==
        "ERR_INVALID_PACKAGE_CONFIG: Invalid package config "
        "/var/task/node_modules/mix/package.json. \"exports\" cannot contain some keys starting "
        "with '.' and some not. The exports object must either be an object of package subpath "
        "keys or an object of main entry condition name keys only.");
}

TEST_CASE("exports: self-reference by the package scope's name", "[resolver][exports]") {
  Tree t;
  t.Json("/var/task/package.json",
         R"({"name": "app", "type": "module", "exports": {".": "./index.mjs", "./util": "./lib/util.js"}})")
      .File(kIndex)
      .File("/var/task/lib/util.js")
      .File("/var/task/node_modules/app/index.js");
  Resolver r(t.vfs, Options(22));
  CHECK(Import(r, "app/util") == "/var/task/lib/util.js");
  CHECK(Import(r, "app") == "/var/task/index.mjs");
  CHECK(Import(r, "app/nope") ==
        "ERR_PACKAGE_PATH_NOT_EXPORTED: Package subpath './nope' is not defined by \"exports\" "
        "in /var/task/package.json imported from /var/task/index.mjs");
  CHECK(Require(r, "app/util") == "/var/task/lib/util.js");

  // Without "exports" there is no self-reference: the walk finds the copy.
  Tree plain;
  plain.Json("/var/task/package.json", R"({"name": "app"})")
      .File(kIndex)
      .File("/var/task/node_modules/app/index.js");
  CHECK(Import(Resolver(plain.vfs, Options(22)), "app") == "/var/task/node_modules/app/index.js");
}

// ---------------------------------------------------------------------------
// Packages without "exports".

TEST_CASE("Legacy main resolution and exact subpaths", "[resolver][main]") {
  Tree t;
  const std::string nm = "/var/task/node_modules/";
  t.File(kIndex)
      .Json(nm + "m1/package.json", R"({"main": "lib/main"})").File(nm + "m1/lib/main.js")
      .Json(nm + "m2/package.json", R"({"main": "./lib"})").File(nm + "m2/lib/index.json", "{}")
      .Json(nm + "m3/package.json", R"({"main": "gone.js"})").File(nm + "m3/index.js")
      .Json(nm + "m4/package.json", R"({"name": "m4"})").File(nm + "m4/index.node")
      .Json(nm + "nomain/package.json", R"({"name": "nomain"})")
      .Json(nm + "badmain/package.json", R"({"main": "nope.js"})")
      .Json(nm + "lodash-es/package.json", R"({"main": "lodash.js"})")
      .File(nm + "lodash-es/lodash.js")
      .File(nm + "lodash-es/isString.js")
      .File(nm + "nopkg/index.js");
  Resolver r(t.vfs, Options(22));
  CHECK(Import(r, "m1") == nm + "m1/lib/main.js");
  CHECK(Import(r, "m2", kIndex, "json") == nm + "m2/lib/index.json");
  CHECK(Import(r, "m3") == nm + "m3/index.js");  // a missing main falls back to index
  CHECK(Import(r, "m4") == nm + "m4/index.node");
  CHECK(Import(r, "nopkg") == nm + "nopkg/index.js");
  CHECK(Import(r, "lodash-es/isString.js") == nm + "lodash-es/isString.js");
  CHECK(Import(r, "lodash-es/isString") ==
        "ERR_MODULE_NOT_FOUND: Cannot find module '" + nm +
            "lodash-es/isString' imported from /var/task/index.mjs");
  // Checked: Node 20+ names the file it tried first, Node 18 the folder.
  CHECK(Import(r, "nomain") == "ERR_MODULE_NOT_FOUND: Cannot find package '" + nm +
                                   "nomain/index.js' imported from /var/task/index.mjs");
  CHECK(Import(r, "badmain") == "ERR_MODULE_NOT_FOUND: Cannot find package '" + nm +
                                    "badmain/nope.js' imported from /var/task/index.mjs");
  Resolver r18(t.vfs, Options(18));
  CHECK(Import(r18, "badmain") == "ERR_MODULE_NOT_FOUND: Cannot find package '" + nm +
                                      "badmain/' imported from /var/task/index.mjs");
}

// ---------------------------------------------------------------------------
// "imports".

TEST_CASE("imports: exact, patterns, conditions, packages, builtins", "[resolver][imports]") {
  Tree t;
  t.Json("/var/task/package.json", R"({"imports": {
      "#util": "./lib/util.js", "#lib/*": "./lib/*.js",
      "#cond": {"require": "./lib/r.cjs", "default": "./lib/util.js"},
      "#dep": "dep", "#dep/*": "dep/*.js", "#fs": "node:fs", "#bfs": "fs",
      "#bad": "../x.js", "#none": null, "#nodep": "nodep"}})")
      .File(kIndex)
      .File("/var/task/lib/util.js")
      .File("/var/task/lib/r.cjs")
      .File("/var/task/lib/a.js")
      .File("/var/task/node_modules/dep/index.js")
      .File("/var/task/node_modules/dep/sub.js");
  Resolver r(t.vfs, Options(22));
  CHECK(Import(r, "#util") == "/var/task/lib/util.js");
  CHECK(Import(r, "#lib/a") == "/var/task/lib/a.js");
  CHECK(Import(r, "#cond") == "/var/task/lib/util.js");
  CHECK(Require(r, "#cond") == "/var/task/lib/r.cjs");
  CHECK(Import(r, "#dep") == "/var/task/node_modules/dep/index.js");
  CHECK(Import(r, "#dep/sub") == "/var/task/node_modules/dep/sub.js");
  CHECK(Import(r, "#bfs") == "node:fs");
  CHECK(Import(r, "#fs") ==
        "ERR_INVALID_PACKAGE_TARGET: Invalid \"imports\" target \"node:fs\" defined for '#fs' in "
        "the package config /var/task/package.json imported from /var/task/index.mjs");
  // Checked: no "targets must start" suffix for "imports".
  CHECK(Import(r, "#bad") ==
        "ERR_INVALID_PACKAGE_TARGET: Invalid \"imports\" target \"../x.js\" defined for '#bad' "
        "in the package config /var/task/package.json imported from /var/task/index.mjs");
  CHECK(Import(r, "#none") ==
        "ERR_PACKAGE_IMPORT_NOT_DEFINED: Package import specifier \"#none\" is not defined in "
        "package /var/task/package.json imported from /var/task/index.mjs");
  CHECK(Import(r, "#other") ==
        "ERR_PACKAGE_IMPORT_NOT_DEFINED: Package import specifier \"#other\" is not defined in "
        "package /var/task/package.json imported from /var/task/index.mjs");
  // A package target is looked up from the package.json, which is then
  // the "imported from".
  CHECK(Import(r, "#nodep") ==
        "ERR_MODULE_NOT_FOUND: Cannot find package 'nodep' imported from "
        "/var/task/package.json");
  CHECK(Require(r, "#nodep") == "MODULE_NOT_FOUND: Cannot find module '#nodep'");
}

TEST_CASE("imports: invalid names and no package.json", "[resolver][imports]") {
  Tree t;
  t.File(kIndex);
  Resolver r22(t.vfs, Options(22)), r24(t.vfs, Options(24));
  // Checked.
  CHECK(Import(r22, "#x") == "ERR_PACKAGE_IMPORT_NOT_DEFINED: Package import specifier \"#x\" "
                             "is not defined imported from /var/task/index.mjs");
  CHECK(Import(r22, "#") == "ERR_INVALID_MODULE_SPECIFIER: Invalid module \"#\" is not a valid "
                            "internal imports specifier name imported from /var/task/index.mjs");
  CHECK(Import(r22, "#x/") == "ERR_INVALID_MODULE_SPECIFIER: Invalid module \"#x/\" is not a "
                              "valid internal imports specifier name imported from "
                              "/var/task/index.mjs");
  // Checked: "#/x" is invalid up to 22 and allowed on 24.
  CHECK(Import(r22, "#/x") == "ERR_INVALID_MODULE_SPECIFIER: Invalid module \"#/x\" is not a "
                              "valid internal imports specifier name imported from "
                              "/var/task/index.mjs");
  CHECK(Import(r24, "#/x") == "ERR_PACKAGE_IMPORT_NOT_DEFINED: Package import specifier \"#/x\" "
                              "is not defined imported from /var/task/index.mjs");
  // require(): without "imports" in scope, "#x" is just a name to look up.
  CHECK(Require(r22, "#x") == "MODULE_NOT_FOUND: Cannot find module '#x'");
}

// ---------------------------------------------------------------------------
// JSON modules and import attributes.

TEST_CASE("Import attributes: JSON needs type json, others refuse it", "[resolver][json]") {
  Tree t;
  t.File(kIndex).File("/var/task/data.json", "{}").File("/var/task/a.mjs");
  Resolver r18(t.vfs, Options(18)), r20(t.vfs, Options(20)), r22(t.vfs, Options(22)),
      r24(t.vfs, Options(24));
  CHECK(Import(r22, "./data.json", kIndex, "json") == "/var/task/data.json");
  // Checked (18, 20, 22, 24).
  CHECK(Import(r18, "./data.json") ==
        "ERR_IMPORT_ASSERTION_TYPE_MISSING: Module \"file:///var/task/data.json\" needs an "
        "import attribute of type \"json\"");
  CHECK(Import(r20, "./data.json") ==
        "ERR_IMPORT_ASSERTION_TYPE_MISSING: Module \"file:///var/task/data.json\" needs an "
        "import attribute of type \"json\"");
  CHECK(Import(r22, "./data.json") ==
        "ERR_IMPORT_ATTRIBUTE_MISSING: Module \"file:///var/task/data.json\" needs an import "
        "attribute of \"type: json\"");
  CHECK(Import(r24, "./data.json") ==
        "ERR_IMPORT_ATTRIBUTE_MISSING: Module \"file:///var/task/data.json\" needs an import "
        "attribute of \"type: json\"");
  CHECK(Import(r20, "./a.mjs", kIndex, "json") ==
        "ERR_IMPORT_ASSERTION_TYPE_FAILED: Module \"file:///var/task/a.mjs\" is not of type "
        "\"json\"");
  CHECK(Import(r22, "./a.mjs", kIndex, "json") ==
        "ERR_IMPORT_ATTRIBUTE_TYPE_INCOMPATIBLE: Module \"file:///var/task/a.mjs\" is not of "
        "type \"json\"");
  CHECK(Import(r22, "fs", kIndex, "json") ==
        "ERR_IMPORT_ATTRIBUTE_TYPE_INCOMPATIBLE: Module \"node:fs\" is not of type \"json\"");
  CHECK(Import(r20, "./a.mjs", kIndex, "css") ==
        "ERR_IMPORT_ASSERTION_TYPE_UNSUPPORTED: Import attribute type \"css\" is unsupported");
  CHECK(Import(r22, "./a.mjs", kIndex, "css") ==
        "ERR_IMPORT_ATTRIBUTE_UNSUPPORTED: Import attribute \"type\" with value \"css\" is not "
        "supported in file:///var/task/a.mjs");
  // Resolution errors come before attribute checks.
  CHECK(Import(r22, "./none.json") ==
        "ERR_MODULE_NOT_FOUND: Cannot find module '/var/task/none.json' imported from "
        "/var/task/index.mjs");
}

// ---------------------------------------------------------------------------
// Broken package.json files.

TEST_CASE("Invalid package.json: messages per major", "[resolver][config]") {
  Tree t;
  t.File(kIndex)
      .Json("/var/task/node_modules/badjson/package.json", "{\"name\": \"x\", ")
      .Json("/var/task/node_modules/badname/package.json", R"({"name": 5, "main": "a.js"})")
      .File("/var/task/node_modules/badname/a.js");
  Resolver r20(t.vfs, Options(20)), r22(t.vfs, Options(22));
  // Checked: 22+ gives no parser detail. (Node <= 20 quotes V8's JSON.parse
  // message; we give our parser's, so only the start is compared.)
  CHECK(Import(r22, "badjson/x") ==
        "ERR_INVALID_PACKAGE_CONFIG: Invalid package config "
        "/var/task/node_modules/badjson/package.json while importing \"badjson/x\" from "
        "/var/task/index.mjs.");
  CHECK(Import(r20, "badjson").rfind(
            "ERR_INVALID_PACKAGE_CONFIG: Invalid package config "
            "/var/task/node_modules/badjson/package.json while importing \"badjson\" from "
            "/var/task/index.mjs. ",
            0) == 0);
  CHECK(Require(r22, "badjson") == "ERR_INVALID_PACKAGE_CONFIG: Invalid package config "
                                   "/var/task/node_modules/badjson/package.json.");
  CHECK(Require(r20, "badjson").rfind(
            "ERR_INVALID_PACKAGE_CONFIG: Error parsing /var/task/node_modules/badjson/package.json: ",
            0) == 0);
  // A non-string "name" is fatal only to Node 22+'s reader.
  CHECK(Import(r20, "badname") == "/var/task/node_modules/badname/a.js");
  CHECK(Import(r22, "badname") ==
        "ERR_INVALID_PACKAGE_CONFIG: Invalid package config "
        "/var/task/node_modules/badname/package.json while importing \"badname\" from "
        "/var/task/index.mjs.");
}

TEST_CASE("Invalid package scope breaks every bare import but builtins", "[resolver][config]") {
  Tree t;
  t.File(kIndex).Json("/var/task/package.json", "{\"name\":\"app\", bad");
  Resolver r20(t.vfs, Options(20)), r22(t.vfs, Options(22));
  // Checked.
  CHECK(Import(r22, "fs") == "node:fs");
  CHECK(Import(r22, "nothere") ==
        "ERR_INVALID_PACKAGE_CONFIG: Invalid package config /var/task/package.json.");
  CHECK(Import(r22, "#x") ==
        "ERR_INVALID_PACKAGE_CONFIG: Invalid package config /var/task/package.json.");
  CHECK(Import(r20, "nothere").rfind("ERR_INVALID_PACKAGE_CONFIG: Invalid package config "
                                     "/var/task/package.json while importing "
                                     "/var/task/index.mjs. ",
                                     0) == 0);
  CHECK(Import(r22, "./index.mjs") == "/var/task/index.mjs");
}

// ---------------------------------------------------------------------------
// Managed (NODE_PATH for ES modules) versus stock resolution.

Tree LayerTree() {
  Tree t;
  t.File(kIndex)
      .File("/opt/nodejs/node_modules/uuid/package.json", R"({"exports": {".": "./index.js"}})")
      .File("/opt/nodejs/node_modules/uuid/index.js")
      .File("/opt/nodejs/node20/node_modules/uuid/index.js")
      .File("/opt/nodejs/node_modules/only/index.js")
      .File("/var/task/node_modules/broken/package.json", R"({"main": "gone.js"})")
      .File("/opt/nodejs/node_modules/broken/index.js");
  return t;
}

TEST_CASE("Managed runtime: NODE_PATH folders after the ancestor walk", "[resolver][managed]") {
  Tree t = LayerTree();
  Resolver stock(t.vfs, Options(22)), managed(t.vfs, Options(22, true)),
      managed20(t.vfs, Options(20, true));
  // Checked (lambda-sim, stock and managed flavours).
  CHECK(Import(stock, "only") ==
        "ERR_MODULE_NOT_FOUND: Cannot find package 'only' imported from /var/task/index.mjs");
  Resolution found = managed.ResolveImport({"only", kIndex, ""});
  CHECK(Show(found) == "/opt/nodejs/node_modules/only/index.js");
  CHECK(found.node_path_folder == "/opt/nodejs/node_modules");
  // NODE_PATH order: the major's own folder first.
  Resolution uuid20 = managed20.ResolveImport({"uuid", kIndex, ""});
  CHECK(Show(uuid20) == "/opt/nodejs/node20/node_modules/uuid/index.js");
  CHECK(uuid20.node_path_folder == "/opt/nodejs/node20/node_modules");
  CHECK(Import(managed, "uuid") == "/opt/nodejs/node_modules/uuid/index.js");
  // The retry applies to any ERR_MODULE_NOT_FOUND of a bare specifier, here
  // a package in /var/task whose main is missing.
  CHECK(Import(stock, "broken") ==
        "ERR_MODULE_NOT_FOUND: Cannot find package '/var/task/node_modules/broken/gone.js' "
        "imported from /var/task/index.mjs");
  CHECK(Import(managed, "broken") == "/opt/nodejs/node_modules/broken/index.js");
  // Errors met in the NODE_PATH folder name the real importer and the
  // folder, not the hook's stand-in parent (/opt/nodejs/.lambda-node-path.mjs,
  // which exists only in the emulation).
  CHECK(Import(managed, "uuid/x") ==
        "ERR_PACKAGE_PATH_NOT_EXPORTED: Package subpath './x' is not defined by \"exports\" in "
        "/opt/nodejs/node_modules/uuid/package.json imported from /var/task/index.mjs "
        "(through NODE_PATH /opt/nodejs/node_modules)");
  // On 20 the node20 folder, which has a copy without package.json, wins.
  CHECK(Import(managed20, "uuid/x") ==
        "ERR_MODULE_NOT_FOUND: Cannot find module '/opt/nodejs/node20/node_modules/uuid/x' "
        "imported from /var/task/index.mjs (through NODE_PATH /opt/nodejs/node20/node_modules)");
  // A package missing everywhere keeps the original error.
  CHECK(Import(managed, "nowhere") ==
        "ERR_MODULE_NOT_FOUND: Cannot find package 'nowhere' imported from /var/task/index.mjs");
  // Relative specifiers are never retried.
  CHECK(Import(managed, "./only") ==
        "ERR_MODULE_NOT_FOUND: Cannot find module '/var/task/only' imported from "
        "/var/task/index.mjs");
}

TEST_CASE("Managed runtime: a node_modules link makes the ancestor copy win",
          "[resolver][managed]") {
  Tree t = LayerTree();
  t.Link("/var/task/node_modules", "/opt/nodejs/node_modules");
  Resolver stock(t.vfs, Options(20)), managed(t.vfs, Options(20, true));
  CHECK(Import(stock, "uuid") == "/opt/nodejs/node_modules/uuid/index.js");
  Resolution via_link = managed.ResolveImport({"uuid", kIndex, ""});
  CHECK(Show(via_link) == "/opt/nodejs/node_modules/uuid/index.js");
  CHECK(via_link.node_path_folder.empty());
}

TEST_CASE("Runtime-provided AWS SDK v3", "[resolver][managed]") {
  Tree t;
  t.File(kIndex).File("/var/task/index.js");
  Resolver stock(t.vfs, Options(20)), managed(t.vfs, Options(20, true));
  ResolveOptions no_sdk = Options(20, true);
  no_sdk.runtime_ships_sdk_v3 = false;
  Resolver managed_no_sdk(t.vfs, no_sdk);
  CHECK(Import(managed, "@aws-sdk/client-s3") == "runtime:/var/runtime/node_modules/@aws-sdk/client-s3");
  CHECK(Import(managed, "@smithy/types") == "runtime:/var/runtime/node_modules/@smithy/types");
  CHECK(Import(stock, "@aws-sdk/client-s3") ==
        "ERR_MODULE_NOT_FOUND: Cannot find package '@aws-sdk/client-s3' imported from "
        "/var/task/index.mjs");
  CHECK(Import(managed, "aws-sdk") ==
        "ERR_MODULE_NOT_FOUND: Cannot find package 'aws-sdk' imported from /var/task/index.mjs");
  CHECK(Import(managed_no_sdk, "@aws-sdk/client-s3") ==
        "ERR_MODULE_NOT_FOUND: Cannot find package '@aws-sdk/client-s3' imported from "
        "/var/task/index.mjs");
  // require() searches NODE_PATH, stock or not.
  CHECK(Require(stock, "@aws-sdk/client-dynamodb/sub") ==
        "runtime:/var/runtime/node_modules/@aws-sdk/client-dynamodb");
  // A bundled copy wins over the runtime's.
  t.File("/var/task/node_modules/@aws-sdk/client-s3/package.json", R"({"main": "main.js"})")
      .File("/var/task/node_modules/@aws-sdk/client-s3/main.js");
  Resolver managed2(t.vfs, Options(20, true));
  CHECK(Import(managed2, "@aws-sdk/client-s3") ==
        "/var/task/node_modules/@aws-sdk/client-s3/main.js");
}

// ---------------------------------------------------------------------------
// Node majors: the module-sync condition.

TEST_CASE("module-sync: only where require(esm) is on (Lambda: 24)", "[resolver][majors]") {
  Tree t;
  t.File(kIndex)
      .Json("/var/task/node_modules/ms/package.json",
            R"({"exports": {"module-sync": "./sync.mjs", "default": "./def.js"}})")
      .File("/var/task/node_modules/ms/sync.mjs")
      .File("/var/task/node_modules/ms/def.js");
  const std::string nm = "/var/task/node_modules/ms/";
  // Checked: 20 and 22 under Lambda's --no-experimental-require-module pick
  // "default"; 24 picks "module-sync", for import and require alike.
  for (int major : {18, 20, 22}) {
    Resolver r(t.vfs, Options(major));
    CHECK(Import(r, "ms") == nm + "def.js");
    CHECK(Require(r, "ms") == nm + "def.js");
  }
  Resolver r24(t.vfs, Options(24));
  CHECK(Import(r24, "ms") == nm + "sync.mjs");
  CHECK(Require(r24, "ms") == nm + "sync.mjs");
  // Stock Node 22.12+ outside Lambda has require(esm) on.
  ResolveOptions stock22 = Options(22);
  NodeFlags stock_flags;
  stock_flags.node_major = 22;
  stock_flags.require_module = stock_flags.detect_module = true;
  stock22.node_flags = stock_flags;
  CHECK(Import(Resolver(t.vfs, stock22), "ms") == nm + "sync.mjs");
}

// ---------------------------------------------------------------------------
// require().

TEST_CASE("require(): extensions, index, main", "[resolver][cjs]") {
  Tree t;
  const std::string nm = "/var/task/node_modules/";
  t.File("/var/task/index.js")
      .File("/var/task/lib/index.js")
      .File("/var/task/util.json", "{}")
      .File("/var/task/lib2/m.mjs")
      .Json(nm + "cj/package.json", R"({"main": "lib"})")
      .File(nm + "cj/lib/index.js")
      .Json(nm + "cjbad/package.json", R"({"main": "nope.js"})")
      .File(nm + "noext/index.json", "{}");
  Resolver r(t.vfs, Options(22));
  // Checked.
  CHECK(Require(r, "./lib") == "/var/task/lib/index.js");
  CHECK(Require(r, "./lib/") == "/var/task/lib/index.js");
  CHECK(Require(r, "./util") == "/var/task/util.json");
  CHECK(Require(r, "/var/task/util") == "/var/task/util.json");
  CHECK(Require(r, "cj") == nm + "cj/lib/index.js");
  CHECK(Require(r, "noext") == nm + "noext/index.json");
  CHECK(Require(r, "./lib2/m") == "MODULE_NOT_FOUND: Cannot find module './lib2/m'");
  CHECK(Require(r, "cjbad") ==
        "MODULE_NOT_FOUND: Cannot find module '" + nm +
            "cjbad/nope.js'. Please verify that the package.json has a valid \"main\" entry");
  CHECK(Require(r, "nothere") == "MODULE_NOT_FOUND: Cannot find module 'nothere'");
  CHECK(Require(r, "fs") == "node:fs");
  CHECK(Require(r, "node:test") == "node:test");
  CHECK(Require(r, "test") == "MODULE_NOT_FOUND: Cannot find module 'test'");
  CHECK(Require(r, "node:x") == "ERR_UNKNOWN_BUILTIN_MODULE: No such built-in module: node:x");
}

TEST_CASE("require(): exports under the require condition", "[resolver][cjs]") {
  Tree t = ExportsTree();
  t.File("/var/task/index.js");
  Resolver r(t.vfs, Options(22));
  const std::string nm = "/var/task/node_modules/";
  // Checked: no "imported from" for packages found in node_modules.
  CHECK(Require(r, "sugar/y") ==
        "ERR_PACKAGE_PATH_NOT_EXPORTED: Package subpath './y' is not defined by \"exports\" in " +
            nm + "sugar/package.json");
  CHECK(Require(r, "pat") ==
        "ERR_PACKAGE_PATH_NOT_EXPORTED: No \"exports\" main defined in " + nm +
            "pat/package.json");
  CHECK(Require(r, "arr") == "MODULE_NOT_FOUND: Cannot find module '" + nm + "arr/missing.js'");
  CHECK(Require(r, "pat/a/y") == nm + "pat/lib/a/y.mjs");
}

TEST_CASE("require(): NODE_PATH, in order, after node_modules", "[resolver][cjs]") {
  Tree t = LayerTree();
  t.File("/var/task/index.js").File("/var/task/local.js");
  Resolver r(t.vfs, Options(20));
  Resolution only = r.ResolveRequire("only", "/var/task/index.js");
  CHECK(Show(only) == "/opt/nodejs/node_modules/only/index.js");
  CHECK(only.node_path_folder == "/opt/nodejs/node_modules");
  CHECK(Require(r, "uuid") == "/opt/nodejs/node20/node_modules/uuid/index.js");
  // "/var/task" is on NODE_PATH too.
  CHECK(Require(r, "local", "/opt/nodejs/node_modules/only/index.js") == "/var/task/local.js");
}

// ---------------------------------------------------------------------------
// FormatOf and FindPackageScope.

TEST_CASE("FormatOf and FindPackageScope stop at node_modules", "[resolver][format]") {
  Tree t;
  t.Json("/var/task/package.json", R"({"type": "module"})")
      .File("/var/task/a.js")
      .File("/var/task/b.cjs")
      .File("/var/task/c.mjs")
      .File("/var/task/d.json", "{}")
      .File("/var/task/e.node")
      .File("/var/task/f.wasm")
      .File("/var/task/g.txt")
      .File("/var/task/bin/run")
      .File("/var/task/sub/x.js")
      .Json("/var/task/cjs/package.json", R"({"type": "commonjs"})")
      .File("/var/task/cjs/y.js")
      .File("/var/task/node_modules/dep/z.js")
      .File("/var/task/node_modules/w.js");
  Resolver r(t.vfs, Options(22));
  CHECK(r.FormatOf("/var/task/a.js") == ModuleFormat::kEsm);
  CHECK(r.FormatOf("/var/task/b.cjs") == ModuleFormat::kCommonJs);
  CHECK(r.FormatOf("/var/task/c.mjs") == ModuleFormat::kEsm);
  CHECK(r.FormatOf("/var/task/d.json") == ModuleFormat::kJson);
  CHECK(r.FormatOf("/var/task/e.node") == ModuleFormat::kAddon);
  CHECK(r.FormatOf("/var/task/f.wasm") == ModuleFormat::kWasm);
  CHECK(r.FormatOf("/var/task/g.txt") == ModuleFormat::kUnknown);
  CHECK(r.FormatOf("/var/task/bin/run") == ModuleFormat::kEsm);
  CHECK(r.FormatOf("/var/task/sub/x.js") == ModuleFormat::kEsm);
  CHECK(r.FormatOf("/var/task/cjs/y.js") == ModuleFormat::kCommonJs);
  CHECK(r.FormatOf("node:fs") == ModuleFormat::kBuiltin);
  // A package without package.json does not inherit the app's "type".
  CHECK(r.FormatOf("/var/task/node_modules/dep/z.js") == ModuleFormat::kCommonJs);
  CHECK(r.FormatOf("/var/task/node_modules/w.js") == ModuleFormat::kCommonJs);

  CHECK(r.FindPackageScope("/var/task/sub/x.js") == "/var/task/package.json");
  CHECK(r.FindPackageScope("/var/task/cjs/y.js") == "/var/task/cjs/package.json");
  CHECK(r.FindPackageScope("/var/task/cjs/") == "/var/task/cjs/package.json");
  CHECK(r.FindPackageScope("/var/task/node_modules/dep/z.js") == std::nullopt);
  CHECK(r.FindPackageScope("/opt/x.js") == std::nullopt);
}

TEST_CASE("The package scope walk: links, folders that are not there, depth", "[resolver][format]") {
  Tree t;
  t.Json("/opt/nodejs/node_modules/pkg/package.json", R"({"type": "module"})")
      .File("/opt/nodejs/node_modules/pkg/lib/a.js")
      .Json("/opt/app/package.json", R"({"type": "module"})")
      .File("/opt/app/src/b.js")
      .Link("/var/task/node_modules", "/opt/nodejs/node_modules")
      .Link("/var/task/src", "/opt/app/src")
      .Dir("/var/task/package.json");  // a folder named package.json is no scope
  std::string deep = "/var/task/deep";
  for (int i = 0; i < 3000; ++i) deep += "/d";
  t.File(deep + "/c.js");
  Resolver r(t.vfs, Options(22));
  // Through a link the walk follows the real path, as Node does.
  CHECK(r.FindPackageScope("/var/task/node_modules/pkg/lib/a.js") ==
        "/opt/nodejs/node_modules/pkg/package.json");
  CHECK(r.FormatOf("/var/task/node_modules/pkg/lib/a.js") == ModuleFormat::kEsm);
  CHECK(r.FindPackageScope("/var/task/src/b.js") == "/opt/app/package.json");
  // A file that does not exist: the folders above it are still walked.
  CHECK(r.FindPackageScope("/opt/app/src/missing/none.js") == "/opt/app/package.json");
  CHECK(r.FindPackageScope("/var/task/x.js") == std::nullopt);
  CHECK(r.FindPackageScope(deep + "/c.js") == std::nullopt);
  CHECK(r.FormatOf(deep + "/c.js") == ModuleFormat::kCommonJs);
  t.Json("/var/task/deep/package.json", R"({"type": "module"})");
  Resolver r2(t.vfs, Options(22));
  CHECK(r2.FindPackageScope(deep + "/c.js") == "/var/task/deep/package.json");
}

// ---------------------------------------------------------------------------
// Small helpers.

TEST_CASE("NODE_PATH, error codes", "[resolver]") {
  CHECK(DefaultNodePath(24) ==
        std::vector<std::string>{"/opt/nodejs/node24/node_modules", "/opt/nodejs/node_modules",
                                 "/var/runtime/node_modules", "/var/runtime", "/var/task"});
  CHECK(ResolveErrorCode(ResolveError::kImportAttributeMissing) == "ERR_IMPORT_ATTRIBUTE_MISSING");
  CHECK(ResolveErrorCode(ResolveError::kImportAttributeMissing, 20) ==
        "ERR_IMPORT_ASSERTION_TYPE_MISSING");
  CHECK(ResolveErrorCode(ResolveError::kRequireNotFound) == "MODULE_NOT_FOUND");
  CHECK(IsRuntimeProvidedPackage("@aws-sdk/client-s3"));
  CHECK(IsRuntimeProvidedPackage("tslib"));
  CHECK_FALSE(IsRuntimeProvidedPackage("@aws-sdk/"));
  CHECK_FALSE(IsRuntimeProvidedPackage("aws-sdk"));
  CHECK_FALSE(IsRuntimeProvidedPackage("uuid"));
}

}  // namespace
}  // namespace lel

namespace lel {
namespace {

// Hostile input: odd specifiers and package.json files give an answer,
// never a crash (run under ASan/UBSan with -DLEL_SANITIZE=ON).
TEST_CASE("Odd specifiers and hostile package.json files", "[resolver][hostile]") {
  Tree t;
  t.File(kIndex).File("/var/task/index.js");
  std::string deep = "\"./a.js\"";
  for (int i = 0; i < 2000; ++i) deep = "{\"node\": " + deep + "}";
  t.Json("/var/task/node_modules/deep/package.json", "{\"exports\": " + deep + "}");
  t.Json("/var/task/node_modules/huge/package.json",
         "{\"exports\": [" + std::string(20000, '[') + std::string(20000, ']') + "]}");
  t.Json("/var/task/node_modules/nul/package.json", std::string("{\"main\": \"a\0b\"}", 16));
  t.Link("/var/task/node_modules/loop", "loop");
  t.Link("/var/task/node_modules/dangling", "/opt/nothing");
  const std::string odd[] = {"", "@", "@/", "@a/", "#", "##", "//x", "node:", "file:", "file:x",
                             "file://host/x", "%", "./%", "./%zz", "..", "../../../../..", "a\\b",
                             std::string(10000, 'a'), std::string("a\0b", 3), "deep", "huge",
                             "nul", "loop", "dangling", "loop/x", "./node_modules/loop",
                             "data:", "javascript:alert(1)", "C:\\x", "./a?", "./#"};
  for (int major : {16, 18, 20, 22, 24}) {
    Resolver r(t.vfs, Options(major, major >= 18));
    for (const std::string& s : odd) {
      Resolution esm = r.ResolveImport({s, kIndex, ""});
      Resolution cjs = r.ResolveRequire(s, "/var/task/index.js");
      CHECK((esm.kind != Resolution::Kind::kError || !esm.message.empty()));
      CHECK((cjs.kind != Resolution::Kind::kError || !cjs.message.empty()));
    }
  }
  Resolver r(t.vfs, Options(22));
  CHECK(Import(r, "loop") ==
        "ERR_MODULE_NOT_FOUND: Cannot find package 'loop' imported from /var/task/index.mjs");
}

}  // namespace
}  // namespace lel

namespace lel {
namespace {

TEST_CASE("regular expression syntax per Node major", "[regex]") {
  CHECK(AcceptsRegexFlags(18, "dgimsuy"));
  CHECK_FALSE(AcceptsRegexFlags(18, "v"));
  CHECK(AcceptsRegexFlags(20, "gv"));
  CHECK_FALSE(AcceptsRegexFlags(24, "uv"));
  CHECK_FALSE(AcceptsRegexFlags(24, "gg"));
  CHECK_FALSE(AcceptsRegexFlags(24, "x"));
  CHECK_FALSE(AcceptsRegexModifiers(22));
  CHECK(AcceptsRegexModifiers(24));
}

}  // namespace
}  // namespace lel
