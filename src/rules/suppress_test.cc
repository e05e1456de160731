#include "rules/suppress.h"

#include <catch2/catch.hpp>

#include "js/module_scan.h"
#include "testzip/zip_builder.h"

namespace lel {
namespace {

using testzip::File;
using testzip::TempDir;

std::vector<std::string> Rules(const SuppressionComment& c) { return c.rules; }

// The suppressions of `source`, from the comments its parse found.
std::vector<SuppressionComment> Scan(std::string_view source) {
  return ScanSuppressions(source, ScanModule(source).comments);
}

TEST_CASE("directives: next-line and file forms, ids, reasons") {
  std::vector<SuppressionComment> found = Scan(
      "// lambda-esm-lint-disable-next-line import-unresolved -- loaded lazily\n"
      "import x from 'x';\n"
      "/* lambda-esm-lint-disable import-directory, import-unanalyzable */\n"
      "/**\n * lambda-esm-lint-disable-next-line import-case-mismatch\n */\n"
      "// lambda-esm-lint-disable-next-line\n");
  REQUIRE(found.size() == 4);
  CHECK(found[0].kind == SuppressionComment::Kind::kNextLine);
  CHECK(Rules(found[0]) == std::vector<std::string>{"import-unresolved"});
  CHECK(found[0].reason == "loaded lazily");
  CHECK(found[0].line == 1);
  CHECK(found[0].span.begin == 0);
  CHECK(found[1].kind == SuppressionComment::Kind::kFile);
  CHECK(Rules(found[1]) == std::vector<std::string>{"import-directory", "import-unanalyzable"});
  CHECK(found[1].line == 3);
  CHECK(found[2].kind == SuppressionComment::Kind::kNextLine);
  CHECK(Rules(found[2]) == std::vector<std::string>{"import-case-mismatch"});
  CHECK(found[2].line == 6);  // where the block comment ends
  CHECK(found[3].rules.empty());
}

TEST_CASE("directive text inside strings, templates and regular expressions is not a comment") {
  CHECK(Scan("const a = '// lambda-esm-lint-disable import-unresolved';\n"
             "const b = \"/* lambda-esm-lint-disable import-unresolved */\";\n"
             "const c = `${'}'} // lambda-esm-lint-disable import-unresolved`;\n"
             "const d = /\\/\\/ lambda-esm-lint-disable import-unresolved/;\n"
             "const e = /[/]/ // lambda-esm-lint-disable x\n")
            .size() == 1);
  // Division is not a regular expression: the comment after it counts.
  CHECK(Scan("const r = a / b; // lambda-esm-lint-disable import-unresolved\n").size() == 1);
  CHECK(Scan("// lambda-esm-lint-disabled import-unresolved\n").empty());
  CHECK(Scan("// eslint-disable lambda-esm-lint-disable x\n").empty());
  CHECK(Scan("#!/usr/bin/env node // lambda-esm-lint-disable x\n").empty());
  // Unterminated constructs are no comment (Node refuses such a file:
  // "Invalid or unexpected token"), and nothing is read past the text.
  CHECK(Scan("const s = 'abc\n/* lambda-esm-lint-disable x").empty());
  CHECK(Scan("`${ lambda-esm-lint-disable").empty());
}

// What the hand-written scanner (before ModuleScan::comments) got wrong: it
// told a regex from a division by the previous token alone. Checked against
// it: it found no comment in each of the first four sources and one in the
// last.
TEST_CASE("comments after regular expressions and divisions that a token scanner misreads") {
  // A regex after the `)` of an if / while (the scanner took it for a division).
  std::vector<SuppressionComment> found =
      Scan("if (s) /\\*/.test(s); // lambda-esm-lint-disable-next-line import-unresolved\n"
           "import('x');\n");
  REQUIRE(found.size() == 1);
  CHECK(Rules(found[0]) == std::vector<std::string>{"import-unresolved"});
  CHECK(found[0].line == 1);
  CHECK(Scan("while (i < n) /\\*/.exec(s); /* lambda-esm-lint-disable import-directory */\n")
            .size() == 1);
  // A division after a postfix ++ / -- (the scanner took it for a regex up to the
  // comment's first slash).
  CHECK(Scan("n = i++ / 2; // lambda-esm-lint-disable import-unresolved\n").size() == 1);
  CHECK(Scan("n = i-- / 2 /* lambda-esm-lint-disable import-unresolved */;\n").size() == 1);
  // A regex after `)` whose body looks like a block comment is not one.
  CHECK(Scan("if (s) /a\\/* lambda-esm-lint-disable x */.test(s);\n").empty());
}

// The hand-written scanner got these right too; they stay as they were.
TEST_CASE("comments in template substitutions, block comments, and the hashbang line") {
  std::vector<SuppressionComment> found = Scan(
      "#!/usr/bin/env node\n"
      "const t = `${x /* lambda-esm-lint-disable import-unresolved */} // not one ${`${y}`}`;\n"
      "const u = `${\n"
      "  // lambda-esm-lint-disable-next-line import-directory\n"
      "  z}`;\n"
      "/* one */ /* lambda-esm-lint-disable-next-line import-unanalyzable */ f();\n");
  REQUIRE(found.size() == 3);
  CHECK(found[0].kind == SuppressionComment::Kind::kFile);
  CHECK(found[0].line == 2);
  CHECK(found[1].kind == SuppressionComment::Kind::kNextLine);
  CHECK(Rules(found[1]) == std::vector<std::string>{"import-directory"});
  CHECK(found[1].line == 4);
  CHECK(Rules(found[2]) == std::vector<std::string>{"import-unanalyzable"});
  CHECK(found[2].line == 6);
}

TEST_CASE("spans that are not comments of the source are skipped") {
  const std::string source = "// lambda-esm-lint-disable import-unresolved\nx;\n";
  const std::vector<Span> bogus = {{0, 0}, {3, 2}, {0, 400}, {45, 47}};
  CHECK(ScanSuppressions(source, bogus).empty());
  const std::vector<Span> real = {{0, 44}};
  CHECK(ScanSuppressions(source, real).size() == 1);
}

// A finding on entry 0 of the function zip (index.mjs, written first).
Finding At(std::string rule, std::string path, uint32_t begin) {
  Finding f;
  f.rule = std::move(rule);
  f.path = std::move(path);
  f.entry = 0;
  f.span = Span{begin, begin + 3};
  return f;
}

TEST_CASE("suppressions silence findings and report the ones that silence nothing") {
  TempDir tmp;
  std::string index =
      "// lambda-esm-lint-disable-next-line import-unresolved -- optional dependency\n"  // 1
      "import a from 'a';\n"                                                             // 2
      "import b from 'b';\n"                                                             // 3
      "// lambda-esm-lint-disable-next-line import-directory\n"                          // 4
      "import c from './c';\n"                                                           // 5
      "// lambda-esm-lint-disable-next-line import-unresolvd\n"                          // 6
      "/* lambda-esm-lint-disable import-unanalyzable */\n";                             // 7
  // package-too-large did not run (turned off): its comment is not reported.
  std::string lib =
      "// lambda-esm-lint-disable-next-line import-unresolved\nexport {};\n"
      "// lambda-esm-lint-disable-next-line package-too-large\n";
  std::string dep = "// lambda-esm-lint-disable-next-line import-unresolved\n";
  testzip::WriteZip(tmp.Path("fn.zip"), {File("index.mjs", index), File("lib/util.mjs", lib),
                                         File("node_modules/dep/index.js", dep)});
  LambdaPackage package;
  std::string err;
  REQUIRE(OpenLambdaPackage(tmp.Path("fn.zip"), {}, &package, &err));
  REQUIRE(package.function().entries().at(0).name == "index.mjs");
  uint32_t line2 = static_cast<uint32_t>(index.find("import a"));
  uint32_t line3 = static_cast<uint32_t>(index.find("import b"));
  std::set<std::string, std::less<>> ran = {"import-unresolved", "import-directory"};
  SuppressionOutcome outcome = ApplySuppressions(
      package,
      {At("import-unresolved", "index.mjs", line2), At("import-unresolved", "index.mjs", line3),
       At("import-unanalyzable", "index.mjs", line3)},
      ran);
  CHECK(outcome.suppressed == 2);  // line 2's import, and import-unanalyzable (file-level)
  std::vector<std::string> messages;
  for (const Finding& f : outcome.findings) messages.push_back(f.path + ": " + f.message);
  CHECK(messages ==
        std::vector<std::string>{
            "index.mjs: ",  // the import of 'b' on line 3 stays
            "index.mjs: suppression of 'import-directory' silences no finding on line 5",
            "index.mjs: suppression names unknown rule 'import-unresolvd' (did you mean "
            "'import-unresolved'?)",
            "lib/util.mjs: suppression of 'import-unresolved' silences no finding on line 2",
        });
  const Finding& unused = outcome.findings[1];
  CHECK(unused.rule == "suppression-unused");
  CHECK(unused.severity == Severity::kInfo);
  CHECK(unused.category == Category::kHygiene);
  REQUIRE(unused.span);
  CHECK(unused.span->begin == index.find("// lambda-esm-lint-disable-next-line import-directory"));
}

TEST_CASE("hostile: 20,000 comments and 20,000 findings are matched by index") {
  // 32 s when every finding tried every comment (and each comment's line
  // was counted from the start of the file).
  TempDir tmp;
  std::string index;
  std::vector<Finding> findings;
  for (int i = 0; i < 20000; ++i) {
    index += "// lambda-esm-lint-disable-next-line import-unresolved\n";
    findings.push_back(At("import-unresolved", "index.mjs", static_cast<uint32_t>(index.size())));
    index += "import x" + std::to_string(i) + " from 'x" + std::to_string(i) + "';\n";
  }
  // One more finding on a line no comment covers, and one file-wide comment
  // for another rule that silences them all.
  findings.push_back(At("import-unresolved", "index.mjs", 0));
  index += "/* lambda-esm-lint-disable import-directory */\n";
  findings.push_back(At("import-directory", "index.mjs", 5));
  findings.push_back(At("import-directory", "index.mjs", 500));
  testzip::WriteZip(tmp.Path("fn.zip"), {File("index.mjs", index)});
  LambdaPackage package;
  std::string err;
  REQUIRE(OpenLambdaPackage(tmp.Path("fn.zip"), {}, &package, &err));
  REQUIRE(package.function().entries().at(0).name == "index.mjs");
  std::vector<SuppressionComment> comments = Scan(index);
  REQUIRE(comments.size() == 20001);
  CHECK(comments[19999].line == 2 * 19999 + 1);
  CHECK(comments[20000].line == 40001);
  SuppressionOutcome outcome = ApplySuppressions(package, findings, {"import-unresolved", "import-directory"});
  CHECK(outcome.suppressed == 20002);
  REQUIRE(outcome.findings.size() == 1);
  CHECK(outcome.findings[0].rule == "import-unresolved");
  CHECK(outcome.findings[0].span->begin == 0);
}

}  // namespace
}  // namespace lel
