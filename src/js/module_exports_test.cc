// ModuleScan::exports, star_reexports and commonjs.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "js/module_scan.h"
#include "js/test_util.h"

namespace lel {
namespace {

using testing::Find;

// "name:shape", shape being fn/N (N = param_count), fn/N/len=L when the
// length differs, async fn/N, class, object, other, ?; plus "<-spec:name"
// for re-exports and " deferred" for CommonJS assignments inside functions.
std::string Describe(const ExportedName& e) {
  std::string out = e.name + ":";
  switch (e.value.kind) {
    case ValueKind::kFunction:
      out += e.value.is_async ? "async fn/" : "fn/";
      out += std::to_string(e.value.param_count);
      if (e.value.length != e.value.param_count) out += "/len=" + std::to_string(e.value.length);
      break;
    case ValueKind::kClass:
      out += "class";
      break;
    case ValueKind::kObject:
      out += "object";
      break;
    case ValueKind::kOther:
      out += "other";
      break;
    case ValueKind::kUnknown:
      out += "?";
      break;
  }
  if (!e.from_specifier.empty()) out += " <-" + e.from_specifier + ":" + e.imported_name;
  if (!e.at_load) out += " deferred";
  return out;
}

std::vector<std::string> Describe(const std::vector<ExportedName>& names) {
  std::vector<std::string> out;
  for (const ExportedName& e : names) out.push_back(Describe(e));
  return out;
}

using Strings = std::vector<std::string>;

TEST_CASE("ES exports: declarations") {
  const std::string src =
      "export const a = 1, b = () => {}, c = async (e, ctx, cb) => {};\n"
      "export let d;\n"
      "export var { e, f: [g], h = 2 } = obj;\n"
      "export function fn(x, y = 1, ...z) {}\n"
      "export async function handler(event, context) {}\n"
      "export function* gen() {}\n"
      "export class K {}\n"
      "export const single = x => x, viaFn = function (a, b, c) {};\n";
  ModuleScan scan = ScanModule(src);
  CHECK_FALSE(scan.has_syntax_error);
  CHECK(Describe(scan.exports) == Strings{"a:other", "b:fn/0", "c:async fn/3", "d:?", "e:?", "g:?",
                                          "h:?", "fn:fn/3/len=1", "handler:async fn/2", "gen:fn/0",
                                          "K:class", "single:fn/1", "viaFn:fn/3"});
  CHECK(scan.exports[0].span == Find(src, "a"));
  CHECK(scan.exports[8].span == Find(src, "handler"));
  const uint32_t h = Find(src, "h = 2").begin;
  CHECK(scan.exports[6].span == Span{h, h + 1});
  CHECK(scan.star_reexports.empty());
}

TEST_CASE("ES exports: an imported binding exported again names the import") {
  const std::string src =
      "import d, { a as b, 'x-y' as z } from './m.mjs';\n"
      "import * as ns from './n.mjs';\n"
      "export { d, b as c, z, ns };\n"
      "export default b;\n";
  ModuleScan scan = ScanModule(src);
  // A namespace import is a binding of its own (a local export); `export
  // default b` exports the value, not the binding.
  CHECK_FALSE(scan.has_syntax_error);
  CHECK(Describe(scan.exports) == Strings{"d:? <-./m.mjs:default", "c:? <-./m.mjs:a",
                                          "z:? <-./m.mjs:x-y", "ns:?", "default:?"});
  CHECK(scan.exports[0].through_import);
  CHECK_FALSE(scan.exports[3].through_import);
  CHECK_FALSE(scan.exports[4].through_import);
}

TEST_CASE("ES exports: lists follow local names to their values") {
  const std::string src =
      "import { impl } from './impl.mjs';\n"
      "const local = async function (a, b, c) {};\n"
      "function plain(event) {}\n"
      "const alias = plain;\n"
      "let later;\n"
      "later = () => {};\n"
      "class Klass {}\n"
      "export { local as handler, plain, alias, impl, later, Klass, local as 'string name' };\n"
      "export { missing };\n";
  ModuleScan scan = ScanModule(src);
  // `impl` is an imported binding exported again: an indirect export of
  // ./impl.mjs's `impl` (ECMA-262 ParseModule), not a value of this module.
  CHECK(Describe(scan.exports) == Strings{"handler:async fn/3", "plain:fn/1", "alias:fn/1",
                                          "impl:? <-./impl.mjs:impl", "later:?", "Klass:class",
                                          "string name:async fn/3", "missing:?"});
  CHECK(scan.exports[3].through_import);
  CHECK_FALSE(scan.exports[0].through_import);
  // The span is the exported name as written.
  CHECK(scan.exports[0].span == Find(src, "handler"));
  CHECK(scan.exports[6].span == Find(src, "'string name'"));
}

TEST_CASE("ES exports: re-exports and star re-exports") {
  const std::string src =
      "export { x as y, default } from './x.mjs';\n"
      "export { default as handler } from './h.mjs';\n"
      "export * from './star.mjs';\n"
      "export * as ns from './ns.mjs';\n"
      "export * from './second.mjs';\n";
  ModuleScan scan = ScanModule(src);
  CHECK(Describe(scan.exports) == Strings{"y:? <-./x.mjs:x", "default:? <-./x.mjs:default",
                                          "handler:? <-./h.mjs:default", "ns:? <-./ns.mjs:*"});
  CHECK(scan.exports[2].span == Find(src, "handler"));
  REQUIRE(scan.star_reexports.size() == 2);
  CHECK(scan.star_reexports[0].specifier == "./star.mjs");
  CHECK(scan.star_reexports[0].span == Find(src, "'./star.mjs'"));
  CHECK(scan.star_reexports[1].specifier == "./second.mjs");
}

TEST_CASE("ES exports: export default and the default object's members") {
  SECTION("an object literal: shorthand, pairs, methods") {
    const std::string src =
        "async function handler(event, context) {}\n"
        "const other = (a, b, c) => {};\n"
        "export default {\n"
        "  handler,\n"
        "  other,\n"
        "  renamed: handler,\n"
        "  async m(event) {},\n"
        "  get g() { return handler; },\n"
        "  'quoted': 5,\n"
        "  unknown,\n"
        "};\n";
    ModuleScan scan = ScanModule(src);
    REQUIRE(scan.exports.size() == 1);
    const ExportedName& d = scan.exports[0];
    CHECK(Describe(d) == "default:object");
    CHECK(d.span == Find(src, "default"));
    CHECK(Describe(d.members) == Strings{"handler:async fn/2", "other:fn/3", "renamed:async fn/2",
                                         "m:async fn/1", "g:?", "quoted:other", "unknown:?"});
    CHECK(d.members[0].span == Find(src, "handler", 1));
    CHECK(d.members[5].span == Find(src, "'quoted'"));
    CHECK_FALSE(d.members_incomplete);
  }
  SECTION("spread and computed keys make the member list incomplete") {
    ModuleScan scan = ScanModule("export default { a: 1, ...rest, [key]: 2 };");
    REQUIRE(scan.exports.size() == 1);
    CHECK(Describe(scan.exports[0].members) == Strings{"a:other"});
    CHECK(scan.exports[0].members_incomplete);
  }
  SECTION("an identifier bound to an object literal") {
    ModuleScan scan = ScanModule("const api = { handler: async (e) => e };\nexport default api;");
    REQUIRE(scan.exports.size() == 1);
    CHECK(Describe(scan.exports[0]) == "default:object");
    CHECK(Describe(scan.exports[0].members) == Strings{"handler:async fn/1"});
  }
  SECTION("functions, arrows and classes") {
    CHECK(Describe(ScanModule("export default function (a, b, c) {}").exports) ==
          Strings{"default:fn/3"});
    CHECK(Describe(ScanModule("export default async function named(e) {}").exports) ==
          Strings{"default:async fn/1"});
    CHECK(Describe(ScanModule("export default async (event, context, callback) => {};").exports) ==
          Strings{"default:async fn/3"});
    CHECK(Describe(ScanModule("export default class {}").exports) == Strings{"default:class"});
    CHECK(Describe(ScanModule("export default 42;").exports) == Strings{"default:other"});
    CHECK(Describe(ScanModule("export default make();").exports) == Strings{"default:?"});
    CHECK(Describe(ScanModule("function h(a) {}\nexport { h as default };").exports) ==
          Strings{"default:fn/1"});
  }
}

TEST_CASE("ES exports: none in a CommonJS file") {
  ModuleScan scan = ScanModule("module.exports = { a: 1 };\nexports.b = 2;\n");
  CHECK(scan.exports.empty());
  CHECK(scan.star_reexports.empty());
}

TEST_CASE("CommonJS exports: property assignments") {
  const std::string src =
      "'use strict';\n"
      "Object.defineProperty(exports, '__esModule', { value: true });\n"
      "exports.handler = void 0;\n"
      "const handler = async (event, context) => {};\n"
      "exports.handler = handler;\n"
      "exports['other'] = function (a, b, c) {};\n"
      "module.exports.third = class {};\n"
      "module.exports['fourth'] = { x: 1 };\n"
      "function later() { exports.fifth = 5; }\n";
  ModuleScan scan = ScanModule(src);
  const CommonJsExports& cjs = scan.commonjs;
  CHECK_FALSE(cjs.replaces_module_exports);
  CHECK_FALSE(cjs.dynamic);
  CHECK(Describe(cjs.names) == Strings{"__esModule:other", "handler:async fn/2", "other:fn/3",
                                       "third:class", "fourth:object", "fifth:other deferred"});
  // The last assignment wins, and its property is the span.
  CHECK(cjs.names[1].span == Find(src, "handler", 2));
  CHECK(cjs.names[2].span == Find(src, "'other'"));
  CHECK(cjs.names[0].span == Find(src, "'__esModule'"));
  CHECK(Describe(cjs.names[4].members) == Strings{"x:other"});
}

TEST_CASE("CommonJS exports: module.exports replaced") {
  SECTION("by an object literal") {
    const std::string src =
        "exports.lostBefore = 1;\n"
        "module.exports = { handler, b: 1, c() {} };\n"
        "async function handler(e) {}\n"
        "exports.lostAfter = 1;\n"
        "module.exports.kept = 2;\n";
    ModuleScan scan = ScanModule(src);
    const CommonJsExports& cjs = scan.commonjs;
    CHECK(cjs.replaces_module_exports);
    CHECK(cjs.module_exports_value.kind == ValueKind::kObject);
    CHECK(cjs.module_exports_span == Find(src, "{ handler, b: 1, c() {} }"));
    CHECK(Describe(cjs.names) == Strings{"handler:async fn/1", "b:other", "c:fn/0", "kept:other"});
    CHECK_FALSE(cjs.dynamic);
  }
  SECTION("by a function: the module is the handler") {
    ModuleScan scan = ScanModule("module.exports = function (event, context, callback) {};");
    CHECK(scan.commonjs.replaces_module_exports);
    ExportedName module;
    module.name = "module";
    module.value = scan.commonjs.module_exports_value;
    CHECK(Describe(module) == "module:fn/3");
    CHECK(scan.commonjs.names.empty());
    CHECK_FALSE(scan.commonjs.dynamic);
  }
  SECTION("exports re-pointed along with it") {
    ModuleScan scan =
        ScanModule("exports = module.exports = function (a, b) {};\nexports.kept = 1;");
    CHECK(Describe(scan.commonjs.names) == Strings{"kept:other"});
  }
  SECTION("by a named object") {
    ModuleScan scan = ScanModule("const api = { go() {} };\nmodule.exports = api;");
    CHECK(Describe(scan.commonjs.names) == Strings{"go:fn/0"});
    CHECK_FALSE(scan.commonjs.dynamic);
  }
}

TEST_CASE("CommonJS exports: what cannot be known statically") {
  struct Case {
    std::string src;
    std::string first_dynamic;
  };
  for (const Case& c : {
           Case{"module.exports = require('./impl');", "require('./impl')"},
           Case{"module.exports = build();", "build()"},
           Case{"Object.assign(module.exports, { a: 1 });",
                "Object.assign(module.exports, { a: 1 })"},
           Case{"exports[key] = 2;", "exports[key] = 2"},
           Case{"__exportStar(require('./x'), exports);", "__exportStar(require('./x'), exports)"},
           Case{"module.exports = { a, ...more };", "{ a, ...more }"},
       }) {
    INFO(c.src);
    ModuleScan scan = ScanModule(c.src);
    CHECK(scan.commonjs.dynamic);
    CHECK(scan.commonjs.first_dynamic == Find(c.src, c.first_dynamic));
  }
}

TEST_CASE("CommonJS exports: only the free module and exports count") {
  const std::string src =
      "(function (module, exports) { exports.inner = 1; module.exports = build(); })({}, {});\n"
      "function f() { const exports = {}; exports.local = 1; }\n"
      "const module = { exports: {} };\n"
      "module.exports.shadowed = 1;\n"
      "if (exports.read) console.log(module.exports);\n";
  ModuleScan scan = ScanModule(src);
  CHECK(scan.commonjs.names.empty());
  CHECK_FALSE(scan.commonjs.replaces_module_exports);
  CHECK_FALSE(scan.commonjs.dynamic);
}

}  // namespace
}  // namespace lel
