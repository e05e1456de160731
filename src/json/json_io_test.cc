#include "json/json_io.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "archive/zip_archive.h"

namespace lel {
namespace {

// Reads back what EscapeBytes wrote: every \xNN is one byte.
std::string Unescape(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text.substr(i, 2) == "\\x" && i + 4 <= text.size()) {
      out += static_cast<char>(std::stoi(std::string(text.substr(i + 2, 2)), nullptr, 16));
      i += 3;
    } else {
      out += text[i];
    }
  }
  return out;
}

TEST_CASE("ReadJson refuses a document nested deeper than the bound, without a deep value") {
  std::string deep = std::string(400000, '[') + std::string(400000, ']');
  nlohmann::json doc;
  std::string err;
  CHECK_FALSE(ReadJson(deep, &doc, &err));
  CHECK(err == "nested more than 64 levels deep");

  std::string at_bound = std::string(64, '[') + std::string(64, ']');
  CHECK(ReadJson(at_bound, &doc, &err));
  std::string over = std::string(65, '[') + std::string(65, ']');
  CHECK_FALSE(ReadJson(over, &doc, &err));
}

TEST_CASE("ReadJson can drop what is too deep and keep the rest") {
  std::string text = R"({"type": "module", "deep": )" + std::string(5000, '[') +
                     std::string(5000, ']') + R"(, "main": "x.js"})";
  nlohmann::ordered_json doc;
  std::string err;
  bool cut = false;
  REQUIRE(ReadJson(text, &doc, &err, {.max_depth = 10, .drop_deeper = true}, &cut));
  CHECK(cut);
  CHECK(doc["type"] == "module");
  CHECK(doc["main"] == "x.js");
  CHECK(doc["deep"].is_array());
  CHECK(doc.dump().size() < 100);
}

TEST_CASE("ReadJson says why a document is not JSON, with the bytes escaped") {
  nlohmann::json doc;
  std::string err;
  CHECK_FALSE(ReadJson("{\"a\": \x01}", &doc, &err));
  CHECK(err.find("parse error") != std::string::npos);
  CHECK(err.find('\x01') == std::string::npos);
  CHECK_FALSE(ReadJson("", &doc, &err));
  CHECK_FALSE(err.empty());
}

TEST_CASE("DumpJson writes names that are not UTF-8, losslessly, and never throws") {
  const std::string names[] = {"caf\xe9.mjs", "a\xff\xfe", "ok/\xc3\xa9.mjs", "back\\xslash",
                               "\xed\xa0\x80surrogate", "cut\xe2\x82", std::string("n\0ul", 4),
                               "line\nbreak"};
  for (const std::string& name : names) {
    nlohmann::ordered_json doc = {{"path", name}, {name, 1}};
    std::string text = DumpJson(doc, -1);
    nlohmann::ordered_json back = nlohmann::ordered_json::parse(text);
    CHECK(Unescape(back["path"].get<std::string>()) == name);
    CHECK(Unescape(std::next(back.begin()).key()) == name);
  }
  // Valid UTF-8 is written as it is; JSON's own escapes for the controls.
  CHECK(DumpJson(nlohmann::json("ok/\xc3\xa9.mjs"), -1) == "\"ok/\xc3\xa9.mjs\"");
  CHECK(DumpJson(nlohmann::json("a\nb"), -1) == "\"a\\nb\"");
  CHECK(DumpJson(nlohmann::json("caf\xe9"), -1) == "\"caf\\\\xe9\"");
  CHECK(JsonText("a\\xb") == "a\\x5cxb");
  CHECK(JsonText("a\\b") == "a\\b");
}

TEST_CASE("ShownJsonText is written as it is, where a plain string's escapes are escaped again") {
  const std::string shown = PrintableName(std::string("a\nb\x1b\0c\xff", 7), 0) + "\nnote: n";
  CHECK(shown == "a\\x0ab\\x1b\\x00c\\xff\nnote: n");
  nlohmann::ordered_json doc = {{"text", ShownJsonText(shown)}, {"plain", shown}};
  nlohmann::ordered_json back = nlohmann::ordered_json::parse(DumpJson(doc, -1));
  CHECK(back["text"] == shown);  // decoded: no raw control byte but the line break
  CHECK(Unescape(back["text"].get<std::string>()) == std::string("a\nb\x1b\0c\xff\nnote: n", 15));
  CHECK(back["plain"] == JsonText(shown));  // every \x of it escaped again
  CHECK(Unescape(back["plain"].get<std::string>()) == shown);
}

TEST_CASE("PrintableName escapes controls and bad UTF-8, and cuts at a character") {
  CHECK(PrintableName("a\nb\x1b[31m") == "a\\x0ab\\x1b[31m");
  CHECK(PrintableName("caf\xe9") == "caf\\xe9");
  CHECK(PrintableName("\xc3\xa9\xc3\xa9", 3) == "\xc3\xa9...");
  CHECK(PrintableName(std::string(1000000, 'a')).size() == 203);
  CHECK(Unescape(PrintableName("x\\x41\x01\xff", 0)) == "x\\x41\x01\xff");
}

}  // namespace
}  // namespace lel
