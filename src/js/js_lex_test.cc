#include "js/js_lex.h"

#include <catch2/catch.hpp>
#include <string>

namespace lel::js {
namespace {

std::string Decode(std::string_view literal) {
  std::string out;
  if (!DecodeStringLiteral(literal, &out)) return "<malformed>";
  return out;
}

TEST_CASE("DecodeStringLiteral: plain and simple escapes") {
  CHECK(Decode("'uuid'") == "uuid");
  CHECK(Decode("\"uuid\"") == "uuid");
  CHECK(Decode("`uuid`") == "uuid");
  CHECK(Decode("''") == "");
  CHECK(Decode(R"('a\\b')") == "a\\b");
  CHECK(Decode(R"('it\'s')") == "it's");
  CHECK(Decode(R"("say \"hi\"")") == "say \"hi\"");
  CHECK(Decode(R"('a\nb\tc\rd')") == "a\nb\tc\rd");
  CHECK(Decode(R"('\b\f\v\0')") == std::string("\b\f\v\0", 4));
  CHECK(Decode(R"('\q\-')") == "q-");  // identity escapes
}

TEST_CASE("DecodeStringLiteral: hex and unicode escapes") {
  CHECK(Decode(R"('\x75uid')") == "uuid");
  CHECK(Decode(R"('\u0075uid')") == "uuid");
  CHECK(Decode(R"('\u{75}uid')") == "uuid");
  CHECK(Decode(R"('\u{1F600}')") == "\xF0\x9F\x98\x80");
  CHECK(Decode(R"('\uD83D\uDE00')") == "\xF0\x9F\x98\x80");  // surrogate pair
  CHECK(Decode(R"('\u00e9')") == "\xC3\xA9");
  CHECK(Decode(R"('\uD83D')") == "\xEF\xBF\xBD");   // lone surrogate -> U+FFFD
  CHECK(Decode("'caf\xC3\xA9'") == "caf\xC3\xA9");  // raw UTF-8 passes through
}

TEST_CASE("DecodeStringLiteral: line continuations and octal") {
  CHECK(Decode("'a\\\nb'") == "ab");
  CHECK(Decode("'a\\\r\nb'") == "ab");
  CHECK(Decode("'a\\\xE2\x80\xA8"
               "b'") == "ab");
  CHECK(Decode(R"('\101\7')") == "A\x07");
  CHECK(Decode("`a\r\nb`") == "a\nb");  // templates normalise line ends
}

TEST_CASE("DecodeStringLiteral: malformed input is rejected") {
  CHECK(Decode("'abc") == "<malformed>");
  CHECK(Decode("'abc\"") == "<malformed>");
  CHECK(Decode("'") == "<malformed>");
  CHECK(Decode("abc") == "<malformed>");
  CHECK(Decode(R"('\x7')") == "<malformed>");
  CHECK(Decode(R"('\u12')") == "<malformed>");
  CHECK(Decode(R"('\u{110000}')") == "<malformed>");
  CHECK(Decode(R"('\u{}')") == "<malformed>");
  CHECK(Decode("'a\nb'") == "<malformed>");
  CHECK(Decode("'a'b'") == "<malformed>");
  CHECK(Decode("`a${b}`") == "<malformed>");  // a substitution is not constant
  CHECK(Decode(R"(`\1`)") == "<malformed>");
  CHECK(Decode("'\\") == "<malformed>");
}

TEST_CASE("SkipTrivia: comments, unicode spaces and line breaks") {
  bool newline = true;
  std::string_view src = "  /* a */ // b\n\t x";
  CHECK(SkipTrivia(src, 0, &newline) == src.size() - 1);
  CHECK(newline);
  CHECK(SkipTrivia("/* a\nb */x", 0, &newline) == 9);
  CHECK(newline);
  CHECK(SkipTrivia("\xC2\xA0\xEF\xBB\xBFx", 0, &newline) == 5);
  CHECK_FALSE(newline);
  CHECK(SkipTrivia("\xE2\x80\xA8x", 0, &newline) == 3);
  CHECK(newline);
  CHECK(SkipTrivia("/* never closed", 0, &newline) == 15);
  CHECK(SkipTrivia("x", 5, &newline) == 5);  // past the end stays put
  // Non-ASCII letters are identifier characters, not spaces.
  CHECK(ScanIdentifierName("caf\xC3\xA9 x", 0) == 5);
  CHECK(ScanIdentifierName("a\xC2\xA0"
                           "b",
                           0) == 1);
}

TEST_CASE("ScanStringLiteral") {
  CHECK(ScanStringLiteral("'abc' x", 0) == 5);
  CHECK(ScanStringLiteral(R"('a\'b')", 0) == 6);
  CHECK(ScanStringLiteral("'a\\\nb'", 0) == 6);
  CHECK(ScanStringLiteral("'abc", 0) == kNoMatch);
  CHECK(ScanStringLiteral("'ab\nc'", 0) == kNoMatch);
  CHECK(ScanStringLiteral("abc", 0) == kNoMatch);
}

TEST_CASE("ScanImportAttributes") {
  ImportAttributes a;
  std::string_view src = "'./x.json' with { type: 'json' };";
  REQUIRE(ScanImportAttributes(src, 10, &a));
  CHECK(a.begin == 11);
  CHECK(a.end == 32);
  CHECK(a.type == "json");
  CHECK_FALSE(a.uses_assert);

  REQUIRE(ScanImportAttributes("'x' assert {type:\"css\", other: 'y',}", 3, &a));
  CHECK(a.uses_assert);
  CHECK(a.type == "css");
  REQUIRE(ScanImportAttributes("'x' with {'type': 'json'}", 3, &a));
  CHECK(a.type == "json");
  REQUIRE(ScanImportAttributes("'x' with {}", 3, &a));
  CHECK(a.type.empty());
  REQUIRE(ScanImportAttributes("'x'\nwith /* c */ {\n type: 'json'\n}", 3, &a));
  CHECK(a.type == "json");

  // `assert` may not follow a line break (it would be an identifier).
  CHECK_FALSE(ScanImportAttributes("'x'\nassert {type: 'json'}", 3, &a));
  CHECK_FALSE(ScanImportAttributes("'x'; with (o) {}", 3, &a));
  CHECK_FALSE(ScanImportAttributes("'x' with {type: json}", 3, &a));
  CHECK_FALSE(ScanImportAttributes("'x' with {type 'json'}", 3, &a));
  CHECK_FALSE(ScanImportAttributes("'x' with {type: 'json'", 3, &a));
  CHECK_FALSE(ScanImportAttributes("'x' within {}", 3, &a));
  CHECK_FALSE(ScanImportAttributes("'x'", 3, &a));
}

TEST_CASE("EstimateNesting follows brackets and right-nesting tokens") {
  CHECK(EstimateNesting("", 100) == 1);
  // Statements and commas reset the count; brackets add levels.
  CHECK(EstimateNesting("a;b;c;d;e;f;g;", 100) <= 3);
  CHECK(EstimateNesting("a,b,c,d,e,f,g", 100) <= 3);
  CHECK(EstimateNesting("((((((((((x))))))))))", 100) >= 20);
  // Unary chains and if/else chains nest although they have no brackets.
  CHECK(EstimateNesting(std::string(1000, '!') + "x", 10000) >= 1000);
  std::string chain;
  for (int i = 0; i < 300; ++i) chain += "if(a);else ";
  CHECK(EstimateNesting(chain, 100000) >= 600);
  // Brackets inside strings, comments, regexes and template text do not count.
  CHECK(EstimateNesting("x = '((((((((((((((((' + \"[[[[[[[[[[[[[[\" // {{{{{{{{{{{{{", 100) < 10);
  CHECK(EstimateNesting("x = /((((((((((((((((/g.test(y) /* (((((((((((((( */", 100) < 12);
  CHECK(EstimateNesting("x = `((((((((((((((((${y}((((((((((((`", 100) < 10);
  // But substitutions do, and a closer of the wrong kind closes nothing.
  CHECK(EstimateNesting("x = `${`${`${`${`${y}`}`}`}`}`", 100) >= 10);
  CHECK(EstimateNesting("(](](](](](](](](](]", 100) >= 10);
  // The scan stops early once past the limit.
  CHECK(EstimateNesting(std::string(100000, '('), 50) == 51);
}

TEST_CASE("EstimateNesting reports the deepest bracket nesting and where it is") {
  auto depth_of = [](std::string_view src) {
    BracketDepth depth;
    EstimateNesting(src, 1000000, &depth);
    return depth;
  };
  CHECK(depth_of("a; b(c);").max == 1);
  BracketDepth d = depth_of("f(a, [b, {c: (d)}]); g(((x)))");
  CHECK(d.max == 4);
  CHECK(d.deepest_at == std::string_view("f(a, [b, {c: ").size());
  // Template substitutions are levels; brackets in text, strings, comments
  // and regexes are not; an unmatched closer closes nothing.
  CHECK(depth_of("`${ `${ x }` }`").max == 2);
  CHECK(depth_of("'((((' /* [[[[ */ + /{{{{/.test(x)").max == 1);
  CHECK(depth_of("(](](]").max == 3);
  // A chain of unary operators or else-ifs nests Node's parser, not brackets.
  CHECK(depth_of(std::string(1000, '!') + "x").max == 0);
  const std::string deep = "x=" + std::string(20000, '(') + "1" + std::string(20000, ')');
  CHECK(depth_of(deep).max == 20000);
  CHECK(depth_of(deep).deepest_at == 2 + 19999);
}

}  // namespace
}  // namespace lel::js
