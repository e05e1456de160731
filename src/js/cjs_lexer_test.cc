#include "js/cjs_lexer.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace lel::js {
namespace {

using Names = std::vector<std::string>;

Names NamesOf(std::string_view source) {
  CjsLexerResult r = LexCommonJsExports(source);
  REQUIRE(r.ok);
  return r.lexer.names;
}

Names ReexportsOf(std::string_view source) {
  CjsLexerResult r = LexCommonJsExports(source);
  REQUIRE(r.ok);
  return r.lexer.reexports;
}

TEST_CASE("cjs lexer: assignments to exports and module.exports, anywhere") {
  CHECK(NamesOf("exports.a = 1; module.exports.b = 2; exports['c d'] = 3;") == Names{"a", "b", "c d"});
  // No scope analysis: inside functions and conditionals too, and a
  // renamed exports object is not seen.
  CHECK(NamesOf("(function (exports) { if (x) exports.inner = 1; })(exports);") == Names{"inner"});
  CHECK(NamesOf("(function (e) { e.hidden = 1; })(exports);").empty());
  // TypeScript's hoisted declarations: `exports.a = exports.b = void 0`.
  CHECK(NamesOf("\"use strict\";\nexports.b = exports.a = void 0;\nexports.a = 1;") == Names{"b", "a"});
  // Reserved words are fine as property names; each name once.
  CHECK(NamesOf("exports.default = 1; exports.var = 2; exports.var = 3;") == Names{"default", "var"});
  // A member that is read, not assigned, is not an export...
  CHECK(NamesOf("use(exports.notAssigned); exports.x.y = 1;").empty());
  // ... but upstream takes any `=` after it, a comparison included.
  CHECK(NamesOf("if (exports.compared == null) {}") == Names{"compared"});
  CHECK(NamesOf("exports /* c */ . /* c */ spaced /* c */ = 1;") == Names{"spaced"});
}

TEST_CASE("cjs lexer: Object.defineProperty value and getter forms") {
  CHECK(NamesOf("Object.defineProperty(exports, '__esModule', { value: true });") == Names{"__esModule"});
  CHECK(NamesOf("Object.defineProperty(module.exports, \"v\", { enumerable: "
                "true, value: 1 });") == Names{"v"});
  CHECK(NamesOf(R"(
    Object.defineProperty(exports, "a", { enumerable: true, get: function () { return m.a; } });
    Object.defineProperty(exports, "b", { enumerable: true, get: function get() { return m['b']; }, });
    Object.defineProperty(exports, "c", { enumerable: true, get() { return c } });
    Object.defineProperty(exports, "d", { get: function () { return d; } });
  )") == Names{"a", "b", "c", "d"});
}

TEST_CASE("cjs lexer: a getter it cannot read opts the name out entirely") {
  // Not `enumerable: true`, another key first, an arrow, a call, a literal.
  CHECK(NamesOf(R"(
    Object.defineProperty(exports, 'a', { enumerable: false, get () { return p; } });
    Object.defineProperty(exports, 'b', { configurable: true, get () { return p; } });
    Object.defineProperty(exports, 'c', { get: () => p });
    Object.defineProperty(exports, 'd', { enumerable: true, get: function () { return make(); } });
    Object.defineProperty(exports, 'e', { enumerable: true, get () { return 'str'; } });
    Object.defineProperty(exports, 'f', { enumerable: false, value: 1 });
  )")
            .empty());
  // Even when the same name is also assigned plainly, before or after.
  CHECK(NamesOf(R"(
    exports.kept = 1;
    exports.shadowed = 1;
    if (0) Object.defineProperty(exports, 'shadowed', { get () { return compute(); } });
  )") == Names{"kept"});
  // Object.defineProperties is not looked at.
  CHECK(NamesOf("Object.defineProperties(exports, { a: { value: 1 } });").empty());
}

TEST_CASE(
    "cjs lexer: module.exports = { ... } up to the first property it "
    "cannot read") {
  CHECK(NamesOf("module.exports = { a, b: c, 'd': e, \"f\": g, ...h };") == Names{"a", "b", "d", "f"});
  // A value that is not an identifier stops it; what came before stays.
  CHECK(NamesOf("module.exports = { a, b: 1, c };") == Names{"a"});
  CHECK(NamesOf("module.exports = { a = 5, b };") == Names{"a"});
  // The value `require` is an identifier: the key counts, then it stops.
  CHECK(NamesOf("module.exports = { a: a, e: require('d'), f: 'f' };") == Names{"a", "e"});
  // A method stops it; on the way, Node 18-22's lexer takes the `get` of
  // a getter for a name (Node 24's does not; we keep the superset).
  CHECK(NamesOf("module.exports = { a, get b() { return 1; }, c };") == Names{"a", "get"});
  CHECK(NamesOf("module.exports = { a, m() {}, c };") == Names{"a", "m"});
  // Only `module.exports =`, not `exports =` (which rebinds a local).
  CHECK(NamesOf("exports = { a, b };").empty());
}

TEST_CASE("cjs lexer: non-identifier names are decoded") {
  CHECK(NamesOf(R"(
    exports['not an identifier'] = 1;
    exports['\u0041\x42\103'] = 1;
    exports['\u{1F310}'] = 1;
    exports['\uD83C'] = 1;
    Object.defineProperty(exports, "%x", { value: 1 });
    exports['caf\u00e9'] = 1;
  )") == Names{"not an identifier", "ABC", "\xF0\x9F\x8C\x90", "%x", "caf\xC3\xA9"});
  // Non-ASCII identifiers as written.
  CHECK(NamesOf("exports.\xCE\xB1 = 1; exports.\xE2\xA8\x89x = 2;") == Names{"\xCE\xB1", "\xE2\xA8\x89x"});
}

TEST_CASE("cjs lexer: module.exports = require() re-exports, the last one only") {
  CHECK(ReexportsOf("module.exports = require('./a');") == Names{"./a"});
  CHECK(ReexportsOf(R"(
    module.exports = require('./first');
    if (cond) module.exports = require("./second");
  )") == Names{"./second"});
  // A later assignment of anything else drops earlier re-exports, star ones
  // too.
  CHECK(ReexportsOf("__exportStar(require('./s'), exports); module.exports = make();").empty());
  CHECK(ReexportsOf("module.exports = { ...require('./a'), b, ...require('./c') };") == Names{"./a", "./c"});
  CHECK(ReexportsOf("module.exports = require(name);").empty());
  CHECK(ReexportsOf("module.exports = require(`./t`);").empty());
}

TEST_CASE("cjs lexer: TypeScript star re-exports, at the top level only") {
  CHECK(ReexportsOf(R"(
    "use strict";
    var __exportStar = (this && this.__exportStar) || function(m, exports) {
      for (var p in m) if (p !== "default" && !exports.hasOwnProperty(p)) __createBinding(exports, m, p);
    };
    Object.defineProperty(exports, "__esModule", { value: true });
    __exportStar(require("./client"), exports);
    tslib_1.__exportStar(require('./types'), exports);
    __export(require("./old"));
  )") == Names{"./client", "./types", "./old"});
  CHECK(ReexportsOf("function f() { __exportStar(require('./nested'), exports); }").empty());
  CHECK(ReexportsOf("__exportStar(other, exports);").empty());
}

TEST_CASE("cjs lexer: Babel's Object.keys(...).forEach star re-export") {
  CHECK(ReexportsOf(R"(
    "use strict";
    var _a = require("./a");
    Object.keys(_a).forEach(function (key) {
      if (key === "default" || key === "__esModule") return;
      exports[key] = _a[key];
    });
    var _b = require("./b");
    Object.keys(_b).forEach(function (key) {
      if (key === "default" || key === "__esModule") return;
      if (Object.prototype.hasOwnProperty.call(_exportNames, key)) return;
      if (key in exports && exports[key] === _b[key]) return;
      Object.defineProperty(exports, key, {
        enumerable: true,
        get: function () {
          return _b[key];
        }
      });
    });
    const _c = _interopRequireWildcard(require("./c"));
    Object.keys(_c).forEach(function (k) {
      if (k !== 'default' && !Object.prototype.hasOwnProperty.call(exports, k)) exports[k] = _c[k];
    });
  )") == Names{"./a", "./b", "./c"});
  // The object must be a `var|let|const x = require()` binding.
  CHECK(ReexportsOf(R"(
    _d = require("./d");
    Object.keys(_d).forEach(function (key) {
      if (key === "default" || key === "__esModule") return;
      exports[key] = _d[key];
    });
  )")
            .empty());
}

TEST_CASE(
    "cjs lexer: strings, comments, templates and regular expressions "
    "hide code") {
  CHECK(NamesOf(R"(
    // exports.lineComment = 1;
    /* exports.blockComment = 1; */
    var s = 'exports.single = 1;' + "exports.double = 1;";
    var t = `exports.template = 1; ${ exports.substituted = 1 } more`;
    var r = /exports.regex = 1;'/g;
    exports.after = 1;
  )") == Names{"substituted", "after"});
  // `/` after a value divides; after an operator or keyword it starts a regex.
  CHECK(NamesOf("var x = a / 2; exports.one = 1; var y = b / c / d; "
                "exports.two = 2;") == Names{"one", "two"});
  CHECK(NamesOf("function f() { return /'/.test(s); } exports.x = 1;") == Names{"x"});
  CHECK(NamesOf("if (a) /'/.test(s); exports.y = 1;") == Names{"y"});
  CHECK(NamesOf("var q = (a) / 2 / 1; exports.z = 1; x = 5. / 10; exports.w = 1;") == Names{"z", "w"});
  CHECK(NamesOf("class A {}\n/'/.exec(s);\nexports.c = 1;") == Names{"c"});
  CHECK(NamesOf("var v = [/[/']/, 1]; exports.k = 1;") == Names{"k"});
}

TEST_CASE("cjs lexer: what makes it give up") {
  // ES module syntax at the top level.
  CHECK_FALSE(LexCommonJsExports("import x from 'x';\nexports.a = 1;").ok);
  CHECK_FALSE(LexCommonJsExports("import 'x';").ok);
  CHECK_FALSE(LexCommonJsExports("export const a = 1;").ok);
  CHECK_FALSE(LexCommonJsExports("export { a };").ok);
  CHECK_FALSE(LexCommonJsExports("var u = import.meta.url;").ok);
  // Only at the top level: inside brackets it is not looked at.
  CHECK(LexCommonJsExports("console.log(import.meta.url);").ok);
  // Unterminated or unbalanced.
  CHECK_FALSE(LexCommonJsExports("exports.a = 'open").ok);
  CHECK_FALSE(LexCommonJsExports("exports.a = `open").ok);
  CHECK_FALSE(LexCommonJsExports("f(").ok);
  CHECK_FALSE(LexCommonJsExports("f())").ok);
  CHECK_FALSE(LexCommonJsExports("}").ok);
  // Not ESM: dynamic import, names that start with import/export.
  CHECK(NamesOf("import('x').then(m => { exports.later = m; }); var importer, "
                "exporter;") == Names{"later"});
  CHECK(NamesOf("#!/usr/bin/env node\nexports.cli = 1;") == Names{"cli"});
  CHECK(LexCommonJsExports("#!").ok);
  CHECK(LexCommonJsExports("").ok);
}

TEST_CASE("cjs lexer: where Node 24's merve differs") {
  // No unsafe-getter opt-out.
  CjsLexerResult r = LexCommonJsExports(
      "exports.a = exports.b = void 0;\n"
      "Object.defineProperty(exports, 'a', { enumerable: "
      "true, get: function () { return wrap(m).a; } });");
  REQUIRE(r.ok);
  CHECK(r.lexer.names == Names{"b"});
  CHECK(r.merve.names == Names{"a", "b"});
  // A literal's `key: require('x')` re-exports x too; both stop there.
  r = LexCommonJsExports(
      "module.exports = { decode: require('./decode'), "
      "verify: require('./verify') };");
  REQUIRE(r.ok);
  CHECK(r.lexer.names == Names{"decode"});
  CHECK(r.lexer.reexports.empty());
  CHECK(r.merve.names == Names{"decode"});
  CHECK(r.merve.reexports == Names{"./decode"});
  // A getter in a literal: merve does not take `get` for a name; a method
  // called get is a name to both.
  r = LexCommonJsExports("module.exports = { a, get b() { return 1; } };");
  CHECK(r.lexer.names == Names{"a", "get"});
  CHECK(r.merve.names == Names{"a"});
  r = LexCommonJsExports("module.exports = { a, get() { return 1; } };");
  CHECK(r.merve.names == Names{"a", "get"});
}

TEST_CASE("cjs lexer: a bundle's module table is seen as one file") {
  // esbuild's annotation for Node: `0 && (module.exports = {...})`.
  CjsLexerResult r = LexCommonJsExports(
      "var src_exports = {};\n__export(src_exports, { sign: () => sign });\n"
      "module.exports = __toCommonJS(src_exports);\n"
      "0 && (module.exports = { sign, verify });\n");
  REQUIRE(r.ok);
  CHECK(r.lexer.names == Names{"sign", "verify"});
  CHECK(r.lexer.reexports.empty());
}

}  // namespace
}  // namespace lel::js
