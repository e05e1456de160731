#include "js/module_scan.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "js/test_util.h"
#include "js/ts_support.h"

namespace lel {

// For Catch's failure messages.
std::ostream& operator<<(std::ostream& os, const Span& s) {
  return os << "[" << s.begin << "," << s.end << ")";
}

namespace {

using testing::Find;

// One import, as "kind specifier load|deferred" for compact assertions.
std::string Describe(const ImportRecord& r) {
  static const char* const kKinds[] = {"import",  "side-effect",  "reexport",
                                       "dynamic", "meta-resolve", "require"};
  std::string out = kKinds[static_cast<int>(r.kind)];
  out += r.analyzable ? " " + r.specifier : " <non-constant>";
  out += r.at_load ? " load" : " deferred";
  if (!r.type_attribute.empty()) out += " type=" + r.type_attribute;
  if (r.attribute_keyword == AttributeKeyword::kAssert) out += " (assert)";
  if (r.caught) out += " caught";
  return out;
}

std::vector<std::string> Describe(const ModuleScan& scan) {
  std::vector<std::string> out;
  for (const ImportRecord& r : scan.imports) out.push_back(Describe(r));
  return out;
}

TEST_CASE("Static imports: every form, with names and spans") {
  const std::string src =
      "import x from 'a';\n"
      "import {b, c as d} from \"b\";\n"
      "import * as ns from 'c';\n"
      "import y, {z} from 'd';\n"
      "import 'e';\n"
      "import {'str name' as s, default as t} from 'f';\n"
      "import u, * as v from 'g';\n";
  ModuleScan scan = ScanModule(src);
  CHECK_FALSE(scan.has_syntax_error);
  CHECK_FALSE(scan.parse_incomplete);
  REQUIRE(scan.imports.size() == 7);
  const auto& i = scan.imports;
  CHECK(i[0].kind == ImportKind::kImport);
  CHECK(i[0].specifier == "a");
  CHECK(i[0].span == Span{14, 17});  // 'a' with its quotes
  CHECK(i[0].names == std::vector<std::string>{"default"});
  CHECK(i[1].span == Find(src, "\"b\""));
  CHECK(i[1].names == std::vector<std::string>{"b", "c"});
  CHECK(i[2].names == std::vector<std::string>{"*"});
  CHECK(i[3].names == std::vector<std::string>{"default", "z"});
  CHECK(i[4].kind == ImportKind::kSideEffect);
  CHECK(i[4].specifier == "e");
  CHECK(i[4].span == Find(src, "'e'"));
  CHECK(i[4].names.empty());
  CHECK(i[5].names == std::vector<std::string>{"str name", "default"});
  CHECK(i[6].names == std::vector<std::string>{"default", "*"});
  for (const ImportRecord& r : i) {
    CHECK(r.at_load);
    CHECK(r.analyzable);
    CHECK(r.type_attribute.empty());
  }
  CHECK_FALSE(scan.defines_require);
}

TEST_CASE("Re-exports") {
  const std::string src =
      "export * from './all.js';\n"
      "export * as ns from './ns.js';\n"
      "export {a, b as c, default} from './named.js';\n"
      "export {default as d} from './d.js';\n"
      "export const local = 1;\n"
      "export {local as again};\n";
  ModuleScan scan = ScanModule(src);
  CHECK_FALSE(scan.has_syntax_error);
  REQUIRE(scan.imports.size() == 4);
  CHECK(scan.imports[0].kind == ImportKind::kReexport);
  CHECK(scan.imports[0].names == std::vector<std::string>{"*"});
  CHECK(scan.imports[0].span == Find(src, "'./all.js'"));
  CHECK(scan.imports[1].names == std::vector<std::string>{"*"});
  CHECK(scan.imports[2].names == std::vector<std::string>{"a", "b", "default"});
  CHECK(scan.imports[3].names == std::vector<std::string>{"default"});
  for (const ImportRecord& r : scan.imports) CHECK(r.at_load);
}

TEST_CASE("Import attributes give type_attribute") {
  const std::string src =
      "import a from './a.json' with { type: 'json' };\n"
      "import b from './b.json' assert { type: 'json' };\n"
      "import c from './c.css' with { 'type': \"css\", other: 'x' };\n"
      "import d from './d.js' with {};\n"
      "const e = await import('./e.json', { with: { type: 'json' } });\n"
      "const f = await import('./f.json', { assert: { type: 'json' } });\n";
  ModuleScan scan = ScanModule(src);
  CHECK_FALSE(scan.has_syntax_error);
  CHECK(Describe(scan) == std::vector<std::string>{
                              "import ./a.json load type=json",
                              "import ./b.json load type=json (assert)",
                              "import ./c.css load type=css",
                              "import ./d.js load",
                              "dynamic ./e.json load type=json",
                              "dynamic ./f.json load type=json (assert)",
                          });
  CHECK(scan.imports[0].attribute_keyword == AttributeKeyword::kWith);
  CHECK(scan.imports[3].attribute_keyword == AttributeKeyword::kWith);  // `with {}`
  CHECK(scan.imports[4].attribute_keyword == AttributeKeyword::kWith);
}

TEST_CASE("Import attributes: the `assert` keyword on re-exports, and no attributes at all") {
  const std::string src =
      "export { default } from './a.json' assert { type: 'json' };\n"
      "export * from './b.js' with { type: 'javascript' };\n"
      "import c from './c.js';\n"
      "const d = await import('./d.json', { assert: {} });\n";
  ModuleScan scan = ScanModule(src);
  CHECK_FALSE(scan.has_syntax_error);
  CHECK(Describe(scan) == std::vector<std::string>{
                              "reexport ./a.json load type=json (assert)",
                              "reexport ./b.js load type=javascript",
                              "import ./c.js load",
                              "dynamic ./d.json load (assert)",
                          });
  CHECK(scan.imports[1].attribute_keyword == AttributeKeyword::kWith);
  CHECK(scan.imports[2].attribute_keyword == AttributeKeyword::kNone);
}

TEST_CASE("condition: a require() or import() under a test not known at load") {
  const std::string src =
      "if (process.env.NODE_PG_FORCE_NATIVE) { require('a'); }\n"  // the if's test
      "if (x) {} else require('b');\n"                            // the else branch too
      "const c = flag ? require('c') : null;\n"                   // ternary
      "const d = opts.native && require('d');\n"                  // && / || / ??
      "const e = cached ?? require('e');\n"
      "if (x) { function f() { require('f'); } }\n"               // a function: deferred instead
      "if (typeof module === 'object' && module.exports) require('g');\n"  // UMD: always
      "if (typeof exports === 'object' && typeof module !== 'undefined') require('h');\n"
      "typeof window !== 'undefined' ? require('i') : require('j');\n"  // Node: always j
      "if (false) require('k');\n"
      "if (a\n    ||  b) import('l');\n"
      "require('m');\n";
  ModuleScan scan = ScanModule(src);
  CHECK_FALSE(scan.has_syntax_error);
  std::vector<std::string> got;
  auto add = [&](const ImportRecord& r) {
    got.push_back(r.specifier + (r.at_load ? "" : " deferred") +
                  (r.condition.empty() ? "" : " if " + r.condition));
  };
  for (const ImportRecord& r : scan.commonjs_requires) add(r);
  for (const ImportRecord& r : scan.imports) add(r);
  CHECK(got == std::vector<std::string>{
                   "a if process.env.NODE_PG_FORCE_NATIVE",
                   "b if x",
                   "c if flag",
                   "d if opts.native",
                   "e if cached",
                   "f deferred",
                   "g",
                   "h",
                   "i if typeof window !== 'undefined'",
                   "j",
                   "k if false",
                   "m",
                   "l if a || b",
               });
}

TEST_CASE("regexes: only literals some Node major refuses are listed") {
  ModuleScan scan = ScanModule(
      "const a = /x/gimsuyd;\n"
      "const b = /[\\p{L}--[a-z]]/v;\n"
      "const c = /(?i:a)b/;\n"
      "const d = /(?:a)[(?i:]\\(?i:/;\n"  // a plain group, in a class, escaped
      "const e = /a/gg;\n");
  CHECK_FALSE(scan.has_syntax_error);
  std::vector<std::string> got;
  for (const RegexLiteral& r : scan.regexes) {
    got.push_back(r.flags + (r.modifiers ? " modifiers" : ""));
  }
  CHECK(got == std::vector<std::string>{"v", " modifiers", "gg"});
}

TEST_CASE("comments: every comment node, not look-alikes in strings, templates or regexes") {
  const std::string source =
      "#!/usr/bin/env node // not a comment: the hashbang line\n"
      "if (s) /\\*/.test(s); // after a regex that follows ')'\n"
      "const a = '// in a string', b = `/* in template text ${/* in a substitution */ x}`;\n"
      "const r = /[/]/ /* after a class with a slash */;\n"
      "/** a doc\n * comment */\n";
  ModuleScan scan = ScanModule(source);
  CHECK_FALSE(scan.has_syntax_error);
  std::vector<std::string> got;
  for (const Span& c : scan.comments) got.push_back(source.substr(c.begin, c.end - c.begin));
  CHECK(got == std::vector<std::string>{"// after a regex that follows ')'", "/* in a substitution */",
                                        "/* after a class with a slash */",
                                        "/** a doc\n * comment */"});
  // An unterminated block comment is no comment (Node: "Invalid or unexpected token").
  CHECK(ScanModule("x; /* open").comments.empty());
}

TEST_CASE("caught: a try with a catch around require(), in the same function") {
  const std::string src =
      "try { require('a'); } catch {}\n"                              // caught
      "try { require('b'); } finally {}\n"                            // finally alone: not caught
      "try {} catch { require('c'); }\n"                              // in the catch: not caught
      "try {} catch (e) {} finally { require('d'); }\n"               // finally block: not caught
      "function f() { try { return require('e'); } catch (e) {} }\n"  // same function: caught
      "try { const g = () => require('g'); } catch {}\n"              // another function: not
      "try { if (x) { require('h'); } } catch (e) { throw e; }\n"     // nested block: caught
      "try { try { require('i'); } finally {} } catch {}\n"           // outer try catches
      "require('j');\n";
  ModuleScan scan = ScanModule(src);
  CHECK_FALSE(scan.has_syntax_error);
  std::vector<std::string> got;
  for (const ImportRecord& r : scan.commonjs_requires) got.push_back(Describe(r));
  CHECK(got == std::vector<std::string>{
                   "require a load caught",
                   "require b load",
                   "require c load",
                   "require d load",
                   "require e deferred caught",
                   "require g deferred",
                   "require h load caught",
                   "require i load caught",
                   "require j load",
               });
}

TEST_CASE("caught: import() with a rejection handler or awaited in a catching try") {
  const std::string src =
      "try { await import('a'); } catch {}\n"                     // awaited in try: caught
      "try { import('b'); } catch {}\n"                           // not awaited: rejects later
      "import('c').catch(() => null);\n"                          // .catch
      "import('d').then((m) => m, () => null);\n"                 // .then with a handler
      "import('e').then((m) => m);\n"                             // .then without: not
      "(import('f')).then(use).finally(done).catch(report);\n"    // along a chain
      "import('g').finally(done);\n"                              // finally: not
      "try { await import('h').then(use); } catch {}\n"           // awaited chain in try
      "async function i() { try { return import('i'); } catch {} }\n"  // returned: not
      "async function j() { try { return await import('j'); } catch {} }\n"
      "try { f(async () => { await import('k'); }); } catch {}\n"  // another function: not
      "import('l').catch();\n";                                   // no handler given
  ModuleScan scan = ScanModule(src);
  CHECK_FALSE(scan.has_syntax_error);
  CHECK(Describe(scan) == std::vector<std::string>{
                              "dynamic a load caught",
                              "dynamic b load",
                              "dynamic c load caught",
                              "dynamic d load caught",
                              "dynamic e load",
                              "dynamic f load caught",
                              "dynamic g load",
                              "dynamic h load caught",
                              "dynamic i deferred",
                              "dynamic j deferred caught",
                              "dynamic k deferred",
                              "dynamic l load",
                          });
}

TEST_CASE("caught: require through a createRequire binding, and static imports never") {
  const std::string src =
      "import { createRequire } from 'module';\n"
      "const require = createRequire(import.meta.url);\n"
      "let color;\n"
      "try { color = require('supports-color'); } catch (error) {}\n";
  ModuleScan scan = ScanModule(src);
  CHECK(Describe(scan) == std::vector<std::string>{"import module load",
                                                   "require supports-color load caught"});
}

TEST_CASE("Dynamic imports: constant, template, non-constant") {
  const std::string src =
      "import('./a.js');\n"
      "import(`./b.js`);\n"
      "import(`./${name}.js`);\n"
      "import(name);\n"
      "import('./' + name);\n"
      "import(/* webpackChunkName: \"c\" */ './c.js');\n"
      "import.meta.resolve('./d.js');\n"
      "import.meta.resolve(name);\n";
  ModuleScan scan = ScanModule(src);
  CHECK_FALSE(scan.has_syntax_error);
  REQUIRE(scan.imports.size() == 8);
  const auto& i = scan.imports;
  CHECK(i[0].kind == ImportKind::kDynamic);
  CHECK(i[0].span == Find(src, "'./a.js'"));
  CHECK(i[1].specifier == "./b.js");
  CHECK(i[1].span == Find(src, "`./b.js`"));
  // A non-constant argument is reported, with the whole call as its span.
  CHECK_FALSE(i[2].analyzable);
  CHECK(i[2].specifier.empty());
  CHECK(i[2].span == Find(src, "import(`./${name}.js`)"));
  CHECK_FALSE(i[3].analyzable);
  CHECK(i[3].span == Find(src, "import(name)"));
  CHECK_FALSE(i[4].analyzable);
  CHECK(i[5].specifier == "./c.js");
  CHECK(i[5].span == Find(src, "'./c.js'"));
  CHECK(i[6].kind == ImportKind::kMetaResolve);
  CHECK(i[6].specifier == "./d.js");
  CHECK(i[6].span == Find(src, "'./d.js'"));
  CHECK(i[7].kind == ImportKind::kMetaResolve);
  CHECK_FALSE(i[7].analyzable);
  CHECK(i[7].span == Find(src, "import.meta.resolve(name)"));
}

TEST_CASE("Specifier escapes are decoded") {
  const std::string src =
      "import a from '\\x75uid';\n"
      "import b from \"\\u0075uid/v4\";\n"
      "import c from '@scope\\/pkg';\n"
      "import('\\u{6c}odash');\n"
      "import d from 'it\\'s';\n"
      "import e from 'caf\\u00e9';\n";
  ModuleScan scan = ScanModule(src);
  CHECK_FALSE(scan.has_syntax_error);
  REQUIRE(scan.imports.size() == 6);
  CHECK(scan.imports[0].specifier == "uuid");
  CHECK(scan.imports[0].span == Find(src, "'\\x75uid'"));
  CHECK(scan.imports[1].specifier == "uuid/v4");
  CHECK(scan.imports[2].specifier == "@scope/pkg");
  CHECK(scan.imports[3].specifier == "lodash");
  CHECK(scan.imports[4].specifier == "it's");
  CHECK(scan.imports[5].specifier == "caf\xC3\xA9");
}

TEST_CASE("at_load: only code outside every function body runs at load") {
  const std::string src =
      "await import('top-await');\n"
      "import('top');\n"
      "if (x) { import('in-block'); }\n"
      "const lazy = () => import('arrow');\n"
      "export const handler = async (event) => { await import('handler'); };\n"
      "function f(a = import('default-param')) { return import('fn'); }\n"
      "const o = { m() { import('method'); }, get g() { return import('getter'); } };\n"
      "class K {\n"
      "  static s = import('static-field');\n"
      "  i = import('instance-field');\n"
      "  static { import('static-block'); }\n"
      "  m() { import.meta.resolve('in-method'); }\n"
      "}\n"
      "const v = (function () { return import('iife'); })();\n"
      "for (const m of list) await import('loop');\n";
  ModuleScan scan = ScanModule(src);
  CHECK_FALSE(scan.has_syntax_error);
  CHECK(Describe(scan) == std::vector<std::string>{
                              "dynamic top-await load",
                              "dynamic top load",
                              "dynamic in-block load",
                              "dynamic arrow deferred",
                              "dynamic handler deferred",
                              "dynamic default-param deferred",
                              "dynamic fn deferred",
                              "dynamic method deferred",
                              "dynamic getter deferred",
                              "dynamic static-field load",
                              "dynamic instance-field deferred",
                              "dynamic static-block load",
                              "meta-resolve in-method deferred",
                              // An IIFE does run at load; telling that apart
                              // is not attempted: a function body is deferred.
                              "dynamic iife deferred",
                              "dynamic loop load",
                          });
}

TEST_CASE("require(): an import only when the module defines require") {
  SECTION("free require is the CommonJS global, not an import here") {
    ModuleScan scan = ScanModule("const a = require('a');\nrequire('b');\n");
    CHECK(scan.imports.empty());
    CHECK_FALSE(scan.defines_require);
  }
  SECTION("createRequire bound to require") {
    const std::string src =
        "import { createRequire } from 'module';\n"
        "const require = createRequire(import.meta.url);\n"
        "const a = require('./a.cjs');\n"
        "export function handler() { return require('b'); }\n"
        "require(name);\n";
    ModuleScan scan = ScanModule(src);
    CHECK(scan.defines_require);
    CHECK(Describe(scan) == std::vector<std::string>{
                                "import module load",
                                "require ./a.cjs load",
                                "require b deferred",
                                "require <non-constant> load",
                            });
    CHECK(scan.imports[1].span == Find(src, "'./a.cjs'"));
    CHECK(scan.imports[3].span == Find(src, "require(name)"));
  }
  SECTION("declared first, assigned later") {
    const std::string src =
        "import { createRequire } from 'node:module';\n"
        "let require;\n"
        "require = createRequire(import.meta.url);\n"
        "require('c');\n";
    ModuleScan scan = ScanModule(src);
    CHECK(scan.defines_require);
    CHECK(Describe(scan) == std::vector<std::string>{"import node:module load", "require c load"});
  }
  SECTION("any top-level binding named require counts") {
    ModuleScan scan = ScanModule("function require(m) { return m; }\nrequire('d');\n");
    CHECK(scan.defines_require);
    CHECK(Describe(scan) == std::vector<std::string>{"require d load"});
  }
  SECTION("a createRequire result under another name") {
    const std::string src =
        "import module from 'module';\n"
        "const req = module.createRequire(import.meta.url);\n"
        "req('e');\n";
    ModuleScan scan = ScanModule(src);
    CHECK(scan.defines_require);
    CHECK(Describe(scan) == std::vector<std::string>{"import module load", "require e load"});
  }
  SECTION("createRequire inside the handler") {
    const std::string src =
        "export const handler = () => {\n"
        "  const require = createRequire(import.meta.url);\n"
        "  return require('f');\n"
        "};\n"
        "require('not-this-one');\n";
    ModuleScan scan = ScanModule(src);
    CHECK(Describe(scan) == std::vector<std::string>{"require f deferred"});
  }
  SECTION("a parameter named require is not Node's require") {
    const std::string src =
        "(function (module, exports, require) { require('g'); })();\n"
        "function h(require) { require('h'); }\n";
    ModuleScan scan = ScanModule(src);
    CHECK(scan.imports.empty());
    CHECK_FALSE(scan.defines_require);
  }
  SECTION("an inner binding shadows the top-level require") {
    const std::string src =
        "const require = createRequire(import.meta.url);\n"
        "function f(require) { require('shadowed'); }\n"
        "require('real');\n";
    ModuleScan scan = ScanModule(src);
    CHECK(Describe(scan) == std::vector<std::string>{"require real load"});
  }
}

// The helpers as esbuild 0.24 writes them (--bundle --format=esm
// --platform=node), and the minified form of 0.17 to 0.28.
constexpr const char* kEsbuildShim =
    "var __getOwnPropNames = Object.getOwnPropertyNames;\n"
    "var __require = /* @__PURE__ */ ((x) => typeof require !== \"undefined\" ? require : "
    "typeof Proxy !== \"undefined\" ? new Proxy(x, {\n"
    "  get: (a, b) => (typeof require !== \"undefined\" ? require : a)[b]\n"
    "}) : x)(function(x) {\n"
    "  if (typeof require !== \"undefined\") return require.apply(this, arguments);\n"
    "  throw Error('Dynamic require of \"' + x + '\" is not supported');\n"
    "});\n"
    "var __commonJS = (cb, mod) => function __require2() {\n"
    "  return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), "
    "mod.exports;\n"
    "};\n"
    "var __esm = (fn, res) => function __init() {\n"
    "  return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;\n"
    "};\n";

std::vector<std::string> DescribeShim(const ModuleScan& scan) {
  std::vector<std::string> out;
  for (const ImportRecord& r : scan.shim_requires) out.push_back(Describe(r));
  return out;
}

TEST_CASE("esbuild's require shim: which calls run while the bundle loads") {
  const std::string src = std::string(kEsbuildShim) +
      "var require_a = __commonJS({\n"
      "  \"node_modules/a/index.js\"(exports, module) {\n"
      "    var buffer = __require(\"buffer\");\n"             // a runs at load: at load
      "    exports.later = function() { return __require(\"os\"); };\n"  // nested function
      "    try { __require(\"optional\"); } catch {}\n"       // caught
      "  }\n"
      "});\n"
      "var require_b = __commonJS({\n"
      "  \"node_modules/b/index.js\"(exports) { exports.x = __require(\"zlib\"); }\n"
      "});\n"
      "var require_c = __commonJS({\n"
      "  \"node_modules/c/index.js\"(exports) { require_b(); __require(\"tty\"); }\n"
      "});\n"
      "var require_d = __commonJS({\n"
      "  \"node_modules/d/index.js\"(exports) { __require(\"net\"); }\n"
      "});\n"
      "var init_e = __esm({\n"
      "  \"src/e.js\"() { __require(\"http\"); }\n"
      "});\n"
      "var import_a = __toESM(require_a(), 1);\n"           // top level
      "var import_c = __toESM(require_c());\n"              // c, then b through c
      "export const handler = async () => require_d();\n"   // d only when called
      "function f(__require) { __require('not-the-shim'); }\n"
      "init_e();\n";
  ModuleScan scan = ScanModule(src);
  CHECK_FALSE(scan.has_syntax_error);
  CHECK_FALSE(scan.defines_require);
  CHECK(DescribeShim(scan) == std::vector<std::string>{
                                  "require buffer load",
                                  "require os deferred",
                                  "require optional load caught",
                                  "require zlib load",
                                  "require tty load",
                                  "require net deferred",
                                  "require http load",
                              });
  CHECK(scan.shim_requires[0].span == Find(src, "\"buffer\""));
  CHECK(scan.imports.empty());
}

TEST_CASE("esbuild's require shim, minified") {
  // esbuild 0.21.5 --minify: shim `p`, helper `i`, module `y`; a local `p`
  // elsewhere is not the shim.
  const std::string src =
      "var v=Object.getOwnPropertyNames;"
      "var p=(r=>typeof require<\"u\"?require:typeof Proxy<\"u\"?new Proxy(r,{get:(e,o)=>(typeof "
      "require<\"u\"?require:e)[o]}):r)(function(r){if(typeof require<\"u\")return "
      "require.apply(this,arguments);throw Error('Dynamic require of \"'+r+'\" is not "
      "supported')});"
      "var i=(r,e)=>()=>(e||r((e={exports:{}}).exports,e),e.exports);"
      "var y=i((a,b)=>{var m=p(\"buffer\");b.exports=m});"
      "var z=i(a=>{a.f=()=>p(\"os\")});"
      "function q(p){return p(\"x\")}"
      "var c=y();export{c as handler};";
  ModuleScan scan = ScanModule(src);
  CHECK_FALSE(scan.has_syntax_error);
  CHECK(DescribeShim(scan) ==
        std::vector<std::string>{"require buffer load", "require os deferred"});
}

TEST_CASE("esbuild's require shim with the createRequire banner calls a real require") {
  const std::string src =
      "import { createRequire } from 'module'; const require = createRequire(import.meta.url);\n" +
      std::string(kEsbuildShim) +
      "var require_a = __commonJS({ \"a.js\"(exports) { __require(\"buffer\"); } });\n"
      "require_a();\n";
  ModuleScan scan = ScanModule(src);
  CHECK(scan.shim_requires.empty());
  CHECK(Describe(scan) == std::vector<std::string>{"import module load", "require buffer load"});
}

TEST_CASE("no shim, no shim requires: a function named __require is not esbuild's") {
  ModuleScan scan = ScanModule(
      "function __require(m) { return m; }\n"
      "var __commonJS = (cb, mod) => function () { return cb(); };\n"
      "var require_a = __commonJS(() => __require('buffer'));\n"
      "require_a();\n");
  CHECK(scan.shim_requires.empty());
}

TEST_CASE("esbuild's empty import.meta in a CommonJS bundle: uses that throw") {
  // esbuild 0.24.2 --format=cjs of two modules that read import.meta.
  const std::string src =
      "var import_node_url = require(\"node:url\");\n"
      "var import_meta = {};\n"
      "var where = () => (0, import_node_url.fileURLToPath)(import_meta.url);\n"
      "var import_meta2 = {};\n"
      "var here = (0, import_node_path.dirname)("
      "(0, import_node_url.fileURLToPath)(import_meta2.url));\n"
      "var u = new URL('./data.json', import_meta2.url);\n"
      "console.log(import_meta2.url);\n"              // does not throw
      "var other = {};\n"
      "(0, import_node_url.fileURLToPath)(other.url);\n";  // not esbuild's stand-in
  ModuleScan scan = ScanModule(src);
  CHECK_FALSE(scan.has_syntax_error);
  REQUIRE(scan.empty_import_meta_uses.size() == 3);
  const auto& uses = scan.empty_import_meta_uses;
  CHECK(uses[0].span == Find(src, "import_meta.url"));
  CHECK_FALSE(uses[0].at_load);
  CHECK(uses[1].span == Find(src, "import_meta2.url"));
  CHECK(uses[1].at_load);
  CHECK(uses[1].property == "url");
  CHECK(uses[2].at_load);
}

TEST_CASE("esbuild's empty import.meta inside a try with a catch is caught") {
  // yargs 17's ESM shim, bundled by esbuild 0.24.2 --format=cjs.
  const std::string src =
      "var import_url = require(\"url\");\n"
      "var import_meta = {};\n"
      "var __dirname2;\n"
      "try {\n"
      "  __dirname2 = (0, import_url.fileURLToPath)(import_meta.url);\n"
      "} catch (e) {\n"
      "  __dirname2 = process.cwd();\n"
      "}\n"
      "try {} finally { (0, import_url.fileURLToPath)(import_meta.url); }\n";
  ModuleScan scan = ScanModule(src);
  REQUIRE(scan.empty_import_meta_uses.size() == 2);
  CHECK(scan.empty_import_meta_uses[0].caught);
  CHECK(scan.empty_import_meta_uses[0].at_load);
  CHECK_FALSE(scan.empty_import_meta_uses[1].caught);
}

// The first call of each require()'s result, as "specifier: call text
// load|deferred [caught] (callee)", or "specifier: -" when it is never called.
std::vector<std::string> ResultCalls(const std::string& src,
                                     const std::vector<ImportRecord>& records) {
  std::vector<std::string> out;
  for (const ImportRecord& r : records) {
    if (!r.result_call) {
      out.push_back(r.specifier + ": -");
      continue;
    }
    const ImportRecord::ResultCall& call = *r.result_call;
    const std::string text = src.substr(call.span.begin, call.span.end - call.span.begin);
    out.push_back(r.specifier + ": " + text + (call.at_load ? " load" : " deferred") +
                  (call.caught ? " caught" : "") + " (" + call.callee + ")");
  }
  return out;
}

TEST_CASE("result_call: require()'s value called directly or through a const binding") {
  const std::string src =
      "const pRetry = require('p-retry');\n"
      "const other = require('other');\n"
      "let later = require('later');\n"             // let: not followed
      "const { named } = require('destructured');\n"  // a pattern: not followed
      "const debug = require('debug')('app');\n"     // called directly
      "require('twice').default();\n"                // a property is called, not the value
      "(require('paren'))(1);\n"
      "exports.handler = async () => {\n"
      "  other.run();\n"
      "  later();\n"
      "  named();\n"
      "  try { await pRetry(job); } catch (e) {}\n"
      "  return pRetry(job);\n"
      "};\n"
      "function shadow(other) { return other(); }\n";  // a parameter, not the binding
  ModuleScan scan = ScanModule(src);
  CHECK(ResultCalls(src, scan.commonjs_requires) ==
        std::vector<std::string>{"p-retry: pRetry(job) deferred caught (pRetry)", "other: -",
                                 "later: -", "destructured: -",
                                 "debug: require('debug')('app') load (require(...))", "twice: -",
                                 "paren: (require('paren'))(1) load (require(...))"});
}

TEST_CASE("result_call: declarations and calls with parts missing (syntax errors)") {
  // Trees with errors lack nodes; none of these may be read as a require.
  for (const char* src : {"export const x = ;\n", "const = require('a');\n", "const f = (;\n",
                          "const f = require('a'); f(\n", "()(1);\n", "require('a')(\n"}) {
    ModuleScan scan = ScanModule(src);
    CHECK(scan.has_syntax_error);
  }
}

TEST_CASE("result_call: through a createRequire binding in an ES module, and block scopes") {
  const std::string src =
      "import { createRequire } from 'node:module';\n"
      "const load = createRequire(import.meta.url);\n"
      "const retry = load('p-retry');\n"
      "{ const retry = () => 1; retry(); }\n"  // another binding of the name
      "export const handler = () => retry(1);\n";
  ModuleScan scan = ScanModule(src);
  std::vector<ImportRecord> required;
  for (const ImportRecord& r : scan.imports) {
    if (r.kind == ImportKind::kRequire) required.push_back(r);
  }
  CHECK(ResultCalls(src, required) ==
        std::vector<std::string>{"p-retry: retry(1) deferred (retry)"});
}

TEST_CASE("an import_meta binding that is not empty is not the stand-in") {
  ModuleScan scan = ScanModule(
      "var import_meta = { url: require('url').pathToFileURL(__filename).href };\n"
      "require('url').fileURLToPath(import_meta.url);\n");
  CHECK(scan.empty_import_meta_uses.empty());
}

TEST_CASE("Syntax errors are reported where they are") {
  const std::string src = "import x from 'a';\nimport y from ;\nimport('b');\n";
  ModuleScan scan = ScanModule(src);
  CHECK(scan.has_syntax_error);
  CHECK_FALSE(scan.parse_incomplete);
  CHECK(scan.first_error.begin >= Find(src, "import y").begin);
  CHECK(scan.first_error.begin <= Find(src, ";\nimport(").begin);
  // What could be recovered is still there.
  std::vector<std::string> specifiers;
  for (const ImportRecord& r : scan.imports) specifiers.push_back(r.specifier);
  CHECK(specifiers == std::vector<std::string>{"a", "b"});

  CHECK_FALSE(ScanModule("").has_syntax_error);
  CHECK_FALSE(ScanModule("#!/usr/bin/env node\nimport 'x';\n").has_syntax_error);
  CHECK(ScanModule("const = 1;").has_syntax_error);
  CHECK(ScanModule("function f( {").has_syntax_error);
}

// A deterministic byte generator, so failures reproduce.
std::string PseudoRandomBytes(size_t n, uint32_t seed) {
  std::string out(n, '\0');
  uint32_t x = seed;
  for (char& c : out) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    c = static_cast<char>(x & 0xFF);
  }
  return out;
}

// CPU seconds, so a busy machine does not fail the bounds below.
double SecondsFor(const std::function<void()>& f) {
  std::clock_t start = std::clock();
  f();
  return static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
}

TEST_CASE("Robustness: binary garbage") {
  for (uint32_t seed : {1u, 2u, 3u}) {
    std::string bytes = PseudoRandomBytes(200000, seed);
    ModuleScan scan;
    double seconds = SecondsFor([&] { scan = ScanModule(bytes); });
    // Random bytes hold many unmatched brackets: either refused or parsed
    // into errors, never a crash.
    CHECK((scan.parse_incomplete || scan.has_syntax_error));
    CHECK(seconds < 30);  // generous; the quadratic cases took minutes
  }
  // Printable garbage with few brackets does get parsed.
  std::string text = PseudoRandomBytes(100000, 7);
  for (char& c : text) c = "ab+-*/=;:?!.,@#'\" \n"[static_cast<unsigned char>(c) % 20];
  ModuleScan scan = ScanModule(text);
  CHECK((scan.parse_incomplete || scan.has_syntax_error));
}

TEST_CASE("brackets nested deeper than Node's parser survives are an error where they are") {
  const std::string deep = "export const handler = () => " + std::string(10000, '(') + "1" +
                           std::string(10000, ')') + ";\n";
  ModuleScan scan = ScanModule(deep);
  CHECK_FALSE(scan.parse_incomplete);  // tree-sitter parses it; Node does not
  CHECK(scan.has_syntax_error);
  CHECK(scan.too_deep_for_node == 10000);
  CHECK(scan.first_error.begin == 29 + 9999);
  // 1,000 levels load in Node (lambda-sim, nodejs20.x and 24.x).
  const std::string fine = "export const handler = () => " + std::string(1000, '(') + "1" +
                           std::string(1000, ')') + ";\n";
  scan = ScanModule(fine);
  CHECK_FALSE(scan.has_syntax_error);
  CHECK(scan.too_deep_for_node == 0);
}

TEST_CASE("Robustness: nesting that would crash the runtime is not parsed") {
  // libtree-sitter 0.20.7 corrupts its heap on these (more than 65535
  // pending stack entries at an error); they must come back unparsed.
  for (std::string src : {
           "x=" + std::string(70000, '('),
           "x=" + std::string(70000, '['),
           std::string(70000, '{'),
       }) {
    ModuleScan scan = ScanModule(src);
    CHECK(scan.parse_incomplete);
    CHECK(scan.imports.empty());
    // Refused before parsing, but far too deep for Node's own parser.
    CHECK(scan.has_syntax_error);
    CHECK(scan.too_deep_for_node >= 10000);
  }
  ModuleScan unary = ScanModule("x=" + std::string(70000, '!'));
  CHECK(unary.parse_incomplete);
  CHECK_FALSE(unary.has_syntax_error);  // no brackets: unknown
  CHECK(unary.too_deep_for_node == 0);
  std::string chain;
  for (int i = 0; i < 70000; ++i) chain += "if(1);else ";
  CHECK(ScanModule(chain).parse_incomplete);
  std::string templates = "x=`";
  for (int i = 0; i < 70000; ++i) templates += "${`";
  CHECK(ScanModule(templates).parse_incomplete);
}

TEST_CASE("Robustness: the stack guard stops a deep stack at the end of input") {
  // Every `a=` stays on the stack through error recovery, but there is no
  // nesting the lexical estimate could see: only the stack guard stops this
  // before the runtime wraps 65536+ entries (without it: heap corruption;
  // 1075 repetitions are enough).
  std::string assignments;
  for (int i = 0; i < 1500; ++i) {
    for (int j = 0; j < 30; ++j) assignments += "a=";
    assignments += ",";
  }
  ScanOptions roomy;  // so neither the time nor the memory budget intervenes
  roomy.timeout_micros = 600'000'000;
  roomy.max_parser_bytes = size_t{16} << 30;
  ModuleScan scan = ScanModule(assignments, roomy);
  CHECK(scan.parse_incomplete);
  // Abandoned in error recovery at the end: a syntax error for certain.
  CHECK(scan.has_syntax_error);
  CHECK(scan.first_error.begin == assignments.size());

  // No false alarm: a big valid file with an error at its very end.
  std::string big = "import 'first';\n";
  while (big.size() < 300'000) big += "const a = [1, 2, 3].map((x) => x * 2);\n";
  big += "x = (";
  ModuleScan broken = ScanModule(big);
  CHECK_FALSE(broken.parse_incomplete);
  CHECK(broken.has_syntax_error);
  REQUIRE(broken.imports.size() == 1);
  CHECK(broken.imports[0].specifier == "first");
}

// What the stack guard's first step sees (module_scan.cc): the count of
// live stack-node-sized blocks at the lexer's reads past the end of the
// text, and at the runtime's "recover_eof".
struct EndOfInputCounts {
  const std::string* text = nullptr;
  int64_t at_start = 0;
  int64_t at_last_end_read = -1;
  int64_t at_recover_eof = -1;
};

const char* ReadCounting(void* payload, uint32_t byte, TSPoint, uint32_t* length) {
  auto* counts = static_cast<EndOfInputCounts*>(payload);
  if (byte < counts->text->size()) {
    *length = static_cast<uint32_t>(counts->text->size() - byte);
    return counts->text->data() + byte;
  }
  counts->at_last_end_read = js::LiveStackNodeSizedBlocks() - counts->at_start;
  *length = 0;
  return "";
}

void LogRecoverEof(void* payload, TSLogType type, const char* message) {
  auto* counts = static_cast<EndOfInputCounts*>(payload);
  if (type == TSLogTypeParse && std::strncmp(message, "recover_eof", 11) == 0) {
    counts->at_recover_eof = js::LiveStackNodeSizedBlocks() - counts->at_start;
  }
}

TEST_CASE("Robustness: the stack guard's count bounds the runtime's stack") {
  // Each '(' stays on the stack to the end, in error recovery (20000 is
  // safe for the runtime). If the runtime's stack nodes stopped being
  // blocks of kTsStackNodeBytes, or the lexer stopped reading at the end of
  // the text, the guard's first step would be blind: this fails first.
  const std::string parens = "x=" + std::string(20000, '(');
  EndOfInputCounts counts;
  counts.text = &parens;
  const int64_t before_parser = js::LiveStackNodeSizedBlocks();
  js::ParserPtr parser(ts_parser_new());
  REQUIRE(ts_parser_set_language(parser.get(), js::Grammar::Get().language()));
  ts_parser_set_logger(parser.get(), TSLogger{&counts, LogRecoverEof});
  counts.at_start = js::LiveStackNodeSizedBlocks();
  js::TreePtr tree(ts_parser_parse(parser.get(), nullptr,
                                   TSInput{&counts, ReadCounting, TSInputEncodingUTF8}));
  REQUIRE(tree);
  CHECK(ts_node_has_error(ts_tree_root_node(tree.get())));
  CHECK(counts.at_last_end_read >= 20000);
  REQUIRE(counts.at_recover_eof >= 20000);
  // Only tokens of no bytes come after the last read; the guard allows 5536.
  CHECK(counts.at_recover_eof - counts.at_last_end_read <= 16);
  // The count is of live blocks: deleting everything brings it back.
  tree.reset();
  parser.reset();
  CHECK(js::LiveStackNodeSizedBlocks() == before_parser);
}

TEST_CASE("Robustness: the stack guard stops 65600 open parentheses at the end of input") {
  const std::string parens = "x=" + std::string(65600, '(');
  // Refused before parsing by default.
  CHECK(ScanModule(parens).parse_incomplete);
  // Let through, the parse reaches the end with 65600+ entries on the stack
  // in error recovery: without the guard, heap corruption.
  ScanOptions unrefused;
  unrefused.max_nesting = SIZE_MAX;
  unrefused.timeout_micros = 600'000'000;
  unrefused.max_parser_bytes = size_t{16} << 30;
  ModuleScan scan = ScanModule(parens, unrefused);
  CHECK(scan.parse_incomplete);
  CHECK(scan.has_syntax_error);
  // Reported at the innermost '(', as too deep for Node's parser too.
  CHECK(scan.too_deep_for_node >= 10000);
  CHECK(scan.first_error.begin == parens.size() - 1);
  // 50000 is below the guard's limit: parsed to the end, the error found.
  const std::string fewer = "x=" + std::string(50000, '(') + "import('a')";
  ModuleScan parsed = ScanModule(fewer, unrefused);
  CHECK_FALSE(parsed.parse_incomplete);
  CHECK(parsed.has_syntax_error);
}

TEST_CASE("Robustness: a valid file with a deep stack at its end is parsed in full") {
  // Assignment chains nest to the right: 62000 entries on the stack when the
  // lexer reaches the end, which the guard's first step cannot tell from an
  // error; its second step, following the log, sees no recover_eof.
  std::string chain = "let a;";
  for (int i = 0; i < 31000; ++i) chain += "a=";
  chain += "import('x')";
  ModuleScan scan = ScanModule(chain);
  CHECK_FALSE(scan.parse_incomplete);
  CHECK_FALSE(scan.has_syntax_error);
  CHECK(Describe(scan) == std::vector<std::string>{"dynamic x load"});
}

TEST_CASE("Robustness: deep but legal nesting is walked without recursion") {
  // 3000 nested functions and 5000 nested parentheses: below the depth
  // the linter calls an error (10,000; Node 18-24 already fail on these
  // 5000 parentheses), and deep enough to overflow a recursive walk's
  // stack in a debug build.
  std::string src;
  for (int i = 0; i < 3000; ++i) src += "function f(){";
  src += "return import('deep');";
  for (int i = 0; i < 3000; ++i) src += "}";
  src += "\nx=" + std::string(5000, '(') + "import('parens')" + std::string(5000, ')') + ";\n";
  ModuleScan scan = ScanModule(src);
  CHECK_FALSE(scan.parse_incomplete);
  CHECK_FALSE(scan.has_syntax_error);
  CHECK(Describe(scan) == std::vector<std::string>{"dynamic deep deferred", "dynamic parens load"});
}

TEST_CASE("Robustness: a multi-megabyte single-line file") {
  std::string src = "import a from 'first';";
  std::string chunk =
      "var e=function(t,n){return t+n},r={a:[1,2,3],b:\"str\",c:/re[g]/g};"
      "function q(u){for(var i=0;i<u.length;i++){if(u[i]>0)continue;else break}return u}";
  while (src.size() < 3'000'000) src += chunk;
  src += "import('last');";
  ModuleScan scan;
  double seconds = SecondsFor([&] { scan = ScanModule(src); });
  CHECK_FALSE(scan.parse_incomplete);
  CHECK_FALSE(scan.has_syntax_error);
  CHECK(Describe(scan) == std::vector<std::string>{"import first load", "dynamic last load"});
  CHECK(scan.imports[1].span ==
        Span{static_cast<uint32_t>(src.size() - 8), static_cast<uint32_t>(src.size() - 2)});
  CHECK(seconds < 30);
}

TEST_CASE("Robustness: limits turn into parse_incomplete") {
  ScanOptions tiny_time;
  tiny_time.timeout_micros = 1;
  std::string src;
  while (src.size() < 1'000'000) src += "let a = b + c * (d - e);\n";
  CHECK(ScanModule(src, tiny_time).parse_incomplete);

  ScanOptions tiny_size;
  tiny_size.max_source_bytes = 10;
  ModuleScan scan = ScanModule("import 'a-long-enough-file';", tiny_size);
  CHECK(scan.parse_incomplete);
  CHECK(scan.imports.empty());

  // Error recovery on this input grows to gigabytes in the 0.20.7 runtime;
  // the memory budget stops it.
  std::string assignments;
  for (int i = 0; i < 3000; ++i) {
    for (int j = 0; j < 30; ++j) assignments += "a=";
    assignments += ",";
  }
  ScanOptions small_memory;
  small_memory.max_parser_bytes = 64u << 20;
  double seconds = SecondsFor([&] { scan = ScanModule(assignments, small_memory); });
  CHECK(scan.parse_incomplete);
  CHECK(seconds < 30);
}

}  // namespace
}  // namespace lel
