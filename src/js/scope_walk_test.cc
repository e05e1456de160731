// ModuleScan::commonjs_globals, commonjs_requires and first_esm_syntax:
// the facts that need scopes.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "js/module_scan.h"
#include "js/test_util.h"

namespace lel {
namespace {

using testing::Find;

// "name@offset" plus " deferred" when not at load.
std::vector<std::string> Uses(const ModuleScan& scan) {
  std::vector<std::string> out;
  for (const GlobalUse& u : scan.commonjs_globals) {
    out.push_back(u.name + "@" + std::to_string(u.span.begin) + (u.at_load ? "" : " deferred"));
    CHECK(u.span.end - u.span.begin == u.name.size());
  }
  return out;
}

std::string At(std::string_view src, std::string_view needle, size_t nth = 0) {
  return std::string(needle) + "@" + std::to_string(Find(src, needle, nth).begin);
}

using Strings = std::vector<std::string>;

TEST_CASE("CommonJS globals: free uses, at load or deferred") {
  const std::string src =
      "const fs = require('fs');\n"
      "const here = __dirname + __filename;\n"
      "module.exports = { a: 1 };\n"
      "exports.b = 2;\n"
      "export function handler() { return require('x'); }\n";
  ModuleScan scan = ScanModule(src);
  CHECK(Uses(scan) == Strings{At(src, "require"), At(src, "__dirname"), At(src, "__filename"),
                              At(src, "module"), At(src, "exports", 1),
                              At(src, "require", 1) + " deferred"});
}

TEST_CASE("CommonJS globals: what is not a use") {
  const std::string src =
      "if (typeof require !== 'undefined') {}\n"
      "if (typeof (module) === 'object') {}\n"
      "const o = { module: 1, require: 2, exports() {} };\n"
      "o.require; o.module.exports; o?.__dirname;\n"
      "class C { module = 1; require() {} static exports; }\n"
      "const url = import.meta.url;\n"
      "module: for (;;) { break module; }\n"
      "const s = 'require(\"x\")'; // require('y')\n"
      "import { exports as e } from 'lib';\n"
      "export { e as exports };\n";
  ModuleScan scan = ScanModule(src);
  CHECK_FALSE(scan.has_syntax_error);
  CHECK(Uses(scan).empty());
  CHECK(scan.commonjs_requires.empty());
}

TEST_CASE("CommonJS globals: a name tested with typeof is guarded in the whole module") {
  // lodash-es's _nodeUtil.js: the UMD test, then uses behind it.
  const std::string src =
      "var freeExports = typeof exports == 'object' && exports && !exports.nodeType && exports;\n"
      "var freeModule = freeExports && typeof module == 'object' && module;\n"
      "var dir = __dirname;\n";
  ModuleScan scan = ScanModule(src);
  CHECK(Uses(scan) == Strings{At(src, "__dirname")});
}

TEST_CASE("CommonJS globals: declarations shadow, with hoisting") {
  const std::string src =
      "function f(require) { require('a'); }\n"
      "function g() { module.id; var module = {}; }\n"  // var is hoisted
      "function h() { inner(); function inner() { exports.x = 1; } }\n"
      "try {} catch (__dirname) { __dirname; }\n"
      "{ let __filename = 1; __filename; }\n"
      "const { exports: [first] = [] } = obj;\n"  // binds `first` only
      "class module2 { m(module) { module; } }\n"
      "const k = function module() { module; };\n"
      "for (const require of list) require;\n"
      "const arrow = (exports) => exports;\n"
      "import __filename2 from 'x';\n"
      "exports;\n";  // the only free one
  ModuleScan scan = ScanModule(src);
  CHECK_FALSE(scan.has_syntax_error);
  // exports.x inside inner() is free (deferred); `exports:` is a key.
  const std::string last = "exports@" + std::to_string(Find(src, "\nexports;").begin + 1);
  CHECK(Uses(scan) == Strings{At(src, "exports") + " deferred", last});
}

TEST_CASE("CommonJS globals: a binding anywhere in the scope counts (TDZ is not global)") {
  const std::string src =
      "function f() { require('x'); const require = createRequire(import.meta.url); }\n"
      "require('free');\n";
  ModuleScan scan = ScanModule(src);
  CHECK(Uses(scan) == Strings{At(src, "require", 2)});
  // An inner scope's binding does not leak out.
  ModuleScan nested = ScanModule("{ const module = 1; }\nmodule;\n");
  CHECK(Uses(nested) == Strings{"module@22"});
  // A function's own name binds inside it only.
  ModuleScan named = ScanModule("const f = function exports() {};\nexports;\n");
  CHECK(Uses(named) == Strings{"exports@33"});
}

TEST_CASE("CommonJS globals: module-level bindings hide them everywhere") {
  ModuleScan scan = ScanModule(
      "import { createRequire } from 'module';\n"
      "const require = createRequire(import.meta.url);\n"
      "const __dirname = new URL('.', import.meta.url).pathname;\n"
      "function f() { return require(__dirname + '/x'); }\n");
  CHECK(Uses(scan).empty());
}

TEST_CASE("commonjs_requires: free require() calls") {
  const std::string src =
      "const a = require('a');\n"
      "function f() { return require('./b.cjs'); }\n"
      "require(dynamic);\n"
      "require.resolve('c');\n"  // a use of require, not a require() call
      "function g(require) { require('param'); }\n";
  ModuleScan scan = ScanModule(src);
  REQUIRE(scan.commonjs_requires.size() == 3);
  CHECK(scan.commonjs_requires[0].kind == ImportKind::kRequire);
  CHECK(scan.commonjs_requires[0].specifier == "a");
  CHECK(scan.commonjs_requires[0].span == Find(src, "'a'"));
  CHECK(scan.commonjs_requires[0].at_load);
  CHECK(scan.commonjs_requires[1].specifier == "./b.cjs");
  CHECK_FALSE(scan.commonjs_requires[1].at_load);
  CHECK_FALSE(scan.commonjs_requires[2].analyzable);
  CHECK(scan.commonjs_requires[2].span == Find(src, "require(dynamic)"));
  // None of them is an ES import.
  CHECK(scan.imports.empty());
  CHECK(Uses(scan) == Strings{At(src, "require"), At(src, "require", 1) + " deferred",
                              At(src, "require", 2), At(src, "require", 3)});
}

TEST_CASE("first_esm_syntax") {
  struct Case {
    std::string src;
    EsmSyntax kind;
    std::string at;  // text at the reported span
  };
  for (const Case& c : {
           Case{"const a = require('a');\nimport b from 'b';\nexport const c = 1;",
                EsmSyntax::kImportStatement, "import"},
           Case{"x = 1;\nexport default x;\nimport 'y';", EsmSyntax::kExportStatement, "export"},
           Case{"const cfg = await load();", EsmSyntax::kTopLevelAwait, "await"},
           Case{"for await (const x of xs) {}", EsmSyntax::kTopLevelAwait, "await"},
           Case{"const dir = import.meta.dirname;", EsmSyntax::kImportMeta, "import.meta"},
           Case{"@dec export class A {}", EsmSyntax::kExportStatement, "export"},
       }) {
    INFO(c.src);
    ModuleScan scan = ScanModule(c.src);
    CHECK(scan.first_esm_syntax == c.kind);
    CHECK(scan.first_esm_syntax_span == Find(c.src, c.at));
  }
  for (std::string src : {
           "const m = await_ + 1; async function f() { await g(); }",
           "const lazy = () => import('x');",
           "module.exports = async () => { for await (const x of y) {} };",
           "const s = 'import x from \"y\"'; // export default 1",
       }) {
    INFO(src);
    ModuleScan scan = ScanModule(src);
    CHECK(scan.first_esm_syntax == EsmSyntax::kNone);
  }
}

}  // namespace
}  // namespace lel
