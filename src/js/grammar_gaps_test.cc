// The known gaps of the pinned grammar (listed in module_scan.cc). For each:
// the valid syntax scans without a syntax error and with its imports, and a
// near miss that is not valid JavaScript is still reported as an error.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "js/module_scan.h"
#include "js/test_util.h"

namespace lel {
namespace {

using testing::Find;

std::vector<std::string> GapTexts(std::string_view src, const ModuleScan& scan) {
  std::vector<std::string> out;
  for (const Span& s : scan.grammar_gaps) {
    out.emplace_back(src.substr(s.begin, s.end - s.begin));
  }
  return out;
}

TEST_CASE("Gap 1: attributes on re-exports") {
  const std::string src =
      "export {a} from './a.json' with { type: 'json' };\n"
      "export * from './b.json' with {type:'json'};\n"
      "export * as c from './c.json' with {type:'json'};\n";
  ModuleScan scan = ScanModule(src);
  CHECK_FALSE(scan.has_syntax_error);
  CHECK(GapTexts(src, scan) == std::vector<std::string>{"with { type: 'json' }",
                                                        "with {type:'json'}",
                                                        "with {type:'json'}"});
  REQUIRE(scan.imports.size() == 3);
  CHECK(scan.imports[0].kind == ImportKind::kReexport);
  CHECK(scan.imports[0].specifier == "./a.json");
  CHECK(scan.imports[0].type_attribute == "json");
  CHECK(scan.imports[0].names == std::vector<std::string>{"a"});
  CHECK(scan.imports[1].specifier == "./b.json");
  CHECK(scan.imports[1].type_attribute == "json");
  CHECK(scan.imports[2].span.begin == Find(src, "'./c.json'").begin);
  CHECK(scan.imports[2].type_attribute == "json");

  SECTION("negative: an attribute value must be a string") {
    std::string bad = "export {a} from './a.json' with { type: json };";
    ModuleScan s = ScanModule(bad);
    CHECK(s.has_syntax_error);
    CHECK(s.grammar_gaps.empty());
  }
  SECTION("negative: `with` without a clause") {
    CHECK(ScanModule("export {a} from 'x' with;").has_syntax_error);
  }
}

TEST_CASE("Gap 2: `assert` import attributes") {
  const std::string src =
      "import k from './k.json' assert {type:'json'};\n"
      "export {k2} from './k2.json' assert { type: 'json' };\n";
  ModuleScan scan = ScanModule(src);
  CHECK_FALSE(scan.has_syntax_error);
  CHECK(scan.grammar_gaps.size() == 2);
  REQUIRE(scan.imports.size() == 2);
  CHECK(scan.imports[0].type_attribute == "json");
  CHECK(scan.imports[0].names == std::vector<std::string>{"default"});
  CHECK(scan.imports[1].type_attribute == "json");

  SECTION("negative: `assert` after a line break is an identifier") {
    ModuleScan s = ScanModule("import k from './k.json'\nassert {type:'json'};");
    CHECK(s.has_syntax_error);
  }
  SECTION("negative: `with` on an import parses without help") {
    ModuleScan s = ScanModule("import j from './j.json' with {type:'json'};");
    CHECK_FALSE(s.has_syntax_error);
    CHECK(s.grammar_gaps.empty());
    REQUIRE(s.imports.size() == 1);
    CHECK(s.imports[0].type_attribute == "json");
  }
  SECTION("negative: two clauses") {
    ModuleScan s = ScanModule("import x from 'y' with {type: 'json'} assert {type: 'json'}");
    CHECK(s.has_syntax_error);
  }
}

TEST_CASE("Gap 3: import phases `defer` and `source`") {
  const std::string src =
      "import defer * as ns from './heavy.js';\n"
      "import source wasm from './m.wasm';\n";
  ModuleScan scan = ScanModule(src);
  CHECK_FALSE(scan.has_syntax_error);
  CHECK(GapTexts(src, scan) == std::vector<std::string>{"defer", "source"});
  REQUIRE(scan.imports.size() == 2);
  CHECK(scan.imports[0].kind == ImportKind::kImport);
  CHECK(scan.imports[0].specifier == "./heavy.js");
  CHECK(scan.imports[0].names == std::vector<std::string>{"*"});
  CHECK(scan.imports[1].specifier == "./m.wasm");

  SECTION("negative: default imports named defer / source are not gaps") {
    ModuleScan s = ScanModule("import defer from 'x';\nimport source from 'y';");
    CHECK_FALSE(s.has_syntax_error);
    CHECK(s.grammar_gaps.empty());
    REQUIRE(s.imports.size() == 2);
    CHECK(s.imports[0].names == std::vector<std::string>{"default"});
  }
  SECTION("negative: defer takes only a namespace, source only a name") {
    CHECK(ScanModule("import defer {a} from 'x';").has_syntax_error);
    CHECK(ScanModule("import source * as x from 'y';").has_syntax_error);
  }
}

TEST_CASE("Gap 4: import.defer() and import.source()") {
  const std::string src = "const a = import.defer('./a.js');\nimport.source('./b.wasm');\n";
  ModuleScan scan = ScanModule(src);
  CHECK_FALSE(scan.has_syntax_error);
  CHECK(GapTexts(src, scan) == std::vector<std::string>{".defer", ".source"});
  REQUIRE(scan.imports.size() == 2);
  CHECK(scan.imports[0].kind == ImportKind::kDynamic);
  CHECK(scan.imports[0].specifier == "./a.js");
  CHECK(scan.imports[0].span.begin == Find(src, "'./a.js'").begin);
  CHECK(scan.imports[1].specifier == "./b.wasm");

  SECTION("negative: other meta calls") {
    CHECK(ScanModule("import.other('x');").has_syntax_error);
  }
}

TEST_CASE("Gap 5: `using` declarations") {
  const std::string src =
      "{ using res = open(); }\n"
      "await using r2 = f();\n"
      "for (using x of y) {}\n"
      "for (await using z of w) {}\n"
      "export async function handler() { await using db = await import('./db.js'); }\n";
  ModuleScan scan = ScanModule(src);
  CHECK_FALSE(scan.has_syntax_error);
  CHECK(GapTexts(src, scan) ==
        std::vector<std::string>{"using", "await using", "using", "await using", "await using"});
  REQUIRE(scan.imports.size() == 1);
  CHECK(scan.imports[0].specifier == "./db.js");
  CHECK_FALSE(scan.imports[0].at_load);

  SECTION("negative: `using` as an ordinary identifier") {
    ModuleScan s = ScanModule("let using = 1; using = 2; using(x); using\nx = 1;");
    CHECK_FALSE(s.has_syntax_error);
    CHECK(s.grammar_gaps.empty());
  }
  SECTION("negative: a broken declaration stays an error") {
    CHECK(ScanModule("using x y;").has_syntax_error);
  }
}

TEST_CASE("Gap 6: `accessor` class members") {
  const std::string src =
      "class A { accessor x = 1; static accessor #y; accessor [k]; accessor 'q' = 1; }";
  ModuleScan scan = ScanModule(src);
  CHECK_FALSE(scan.has_syntax_error);
  CHECK(scan.grammar_gaps.size() == 4);

  SECTION("negative: members named accessor") {
    ModuleScan s = ScanModule("class A { accessor = 1; accessor() {} }");
    CHECK_FALSE(s.has_syntax_error);
    CHECK(s.grammar_gaps.empty());
  }
  SECTION("negative: broken member") {
    CHECK(ScanModule("class A { accessor x y }").has_syntax_error);
  }
}

TEST_CASE("Gap 7: parenthesized decorators") {
  const std::string src =
      "@(decorators.a) class A {}\n"
      "class B { @(x) m() {} }\n"
      "@(a[0]) export class C {}\n";
  ModuleScan scan = ScanModule(src);
  CHECK_FALSE(scan.has_syntax_error);
  CHECK(GapTexts(src, scan) == std::vector<std::string>{"(decorators.a)", "(x)", "(a[0])"});

  SECTION("negative: plain decorators need no help") {
    ModuleScan s = ScanModule("@a.b.c class A {}\n@dec() export class B {}\nclass C { @d m() {} }");
    CHECK_FALSE(s.has_syntax_error);
    CHECK(s.grammar_gaps.empty());
  }
  SECTION("negative: empty or unclosed parentheses") {
    CHECK(ScanModule("@() class A {}").has_syntax_error);
    CHECK(ScanModule("@(a class A {}").has_syntax_error);
  }
}

TEST_CASE("All gaps in one file, next to syntax the grammar does parse") {
  const std::string src =
      "#!/usr/bin/env node\n"
      "import j from './j.json' with { type: 'json' };\n"
      "export { k } from './k.json' with { type: 'json' };\n"
      "import l from './l.json' assert { type: 'json' };\n"
      "import defer * as m from './m.js';\n"
      "import source n from './n.wasm';\n"
      "const o = import.source('./o.wasm');\n"
      "using p = open();\n"
      "@(dec) class Q { accessor r = 1; static { init(); } #s; has(o) { return #s in o; } }\n"
      "const re = /[\\p{L}--\\p{N}]/v;\n"
      "const big = 1_000_000n;\n"
      "const dir = import.meta.dirname ?? a?.b?.[c];\n"
      "await import('./t.js');\n";
  ModuleScan scan = ScanModule(src);
  CHECK_FALSE(scan.has_syntax_error);
  CHECK(scan.grammar_gaps.size() == 8);
  std::vector<std::string> specifiers;
  for (const ImportRecord& r : scan.imports) specifiers.push_back(r.specifier);
  CHECK(specifiers == std::vector<std::string>{"./j.json", "./k.json", "./l.json", "./m.js",
                                               "./n.wasm", "./o.wasm", "./t.js"});
}

}  // namespace
}  // namespace lel
