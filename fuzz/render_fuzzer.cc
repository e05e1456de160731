// Fuzz target: every renderer of src/report (text with and without colour,
// JSON, SARIF with and without a source prefix, GitHub annotations, JUnit)
// over findings built from the input bytes: rule ids from the registry,
// arbitrary messages, entry names, specifiers, notes, handler, label, archive
// names, spans and fixes. The function zip (also attached as a layer) holds
// index.mjs with content from the input, so findings on it are located and
// show a source line.
// Invariants: nothing throws; JSON and SARIF read back with ReadJson and
// carry every message, entry name and specifier losslessly (after JSON
// decoding, \xNN is the byte NN: docs/json-output.md); text, GitHub and
// JUnit output are valid UTF-8 without control bytes but the newline (and,
// in coloured text, the renderer's own SGR sequences), text shows each
// message as ShownText writes it, GitHub writes one line per finding,
// and JUnit's markup is only the renderer's own elements and entities.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "input_bytes.h"
#include "json/json_io.h"
#include "one_line_error.h"
#include "report/report.h"
#include "rules/config.h"
#include "testzip/zip_builder.h"

namespace {


// Undoes EscapeBytes on a decoded JSON string: every \xNN is the byte NN.
std::string Unescape(std::string_view text) {
  auto hex = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 3 < text.size() && text[i + 1] == 'x') {
      out += static_cast<char>(hex(text[i + 2]) * 16 + hex(text[i + 3]));
      i += 3;
    } else {
      out += text[i];
    }
  }
  return out;
}

// No control byte but '\n'; with `sgr`, an ESC only as "\x1b[" digits and
// ';' then 'm'.
void CheckShownBytes(std::string_view out, bool sgr) {
  if (!lel_fuzz::ValidUtf8(out)) abort();
  for (size_t i = 0; i < out.size(); ++i) {
    const auto c = static_cast<unsigned char>(out[i]);
    if (c == '\n') continue;
    if (sgr && c == 0x1b && i + 1 < out.size() && out[i + 1] == '[') {
      size_t k = i + 2;
      while (k < out.size() && ((out[k] >= '0' && out[k] <= '9') || out[k] == ';')) ++k;
      if (k < out.size() && out[k] == 'm') {
        i = k;
        continue;
      }
    }
    if (c < 0x20 || c == 0x7f) abort();
  }
}

void CheckJunitMarkup(std::string_view out) {
  static constexpr std::string_view kTags[] = {
      "<?xml ", "<testsuites ", "</testsuites>", "<testsuite ", "</testsuite>", "<properties>",
      "</properties>", "<property ", "<testcase ", "</testcase>", "<failure ", "</failure>",
      "<system-out>", "</system-out>"};
  static constexpr std::string_view kEntities[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#10;"};
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] == '<') {
      bool known = false;
      for (std::string_view tag : kTags) known = known || out.substr(i, tag.size()) == tag;
      if (!known) abort();
    } else if (out[i] == '&') {
      bool known = false;
      for (std::string_view e : kEntities) known = known || out.substr(i, e.size()) == e;
      if (!known) abort();
    }
  }
}

std::string StringAt(const nlohmann::json& object, const char* key) {
  if (!object.is_object() || !object.contains(key) || !object[key].is_string()) abort();
  return object[key].get<std::string>();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  lel_fuzz::InputBytes in(data, size);
  // The package: index.mjs with the first string as content.
  std::string content = in.String();  // two reads, in this order
  content += in.String();
  // One file per process, removed when it ends.
  struct TempZip {
    std::string path = "/tmp/render_fuzzer." + std::to_string(getpid()) + ".zip";
    ~TempZip() { unlink(path.c_str()); }
  };
  static const TempZip temp;
  const std::string& zip = temp.path;
  lel::testzip::WriteZip(zip, {lel::testzip::File("index.mjs", content)});
  lel::LambdaPackage package;
  std::string err;
  if (!lel::OpenLambdaPackage(zip, {zip}, &package, &err)) abort();

  lel::CheckOptions options;
  options.handler = in.String();
  options.managed = in.Next() % 2;
  const std::vector<std::string> archive_names = {in.String(), in.String()};
  const std::string label = in.String();
  const std::string prefix = in.String();
  const std::vector<const lel::Rule*> rules = lel::ReportedRules();

  std::vector<lel::Finding> findings;
  std::vector<std::vector<lel::ReportFix>> fixes;
  while (!in.Done() && findings.size() < 64) {
    lel::Finding f;
    const unsigned choice = in.Next();
    // One rule in 16 is not a registry id (SARIF gives it no ruleIndex).
    const lel::Rule* rule = rules[choice % rules.size()];
    f.rule = choice % 16 == 15 ? "not-a-rule" : std::string(rule->id);
    f.category = rule->category;
    f.severity = static_cast<lel::Severity>(in.Next() % 3);
    const unsigned flags = in.Next();
    f.archive = flags & 1;
    f.path = flags & 2 ? in.String() : flags & 4 ? std::string() : "index.mjs";
    if (flags & 8) {
      const uint32_t low = in.Next();
      const uint32_t begin = low | (in.Next() << 8);
      f.span = lel::Span{begin, begin + in.Next()};
    }
    f.message = in.String();
    f.specifier = flags & 16 ? in.String() : std::string();
    for (unsigned n = (flags >> 5) & 3; n > 0; --n) f.notes.push_back(in.String());
    std::vector<lel::ReportFix> finding_fixes;
    if (flags & 128) {
      lel::ReportFix fix;
      fix.title = in.String();
      fix.safe = in.Next() % 2;
      lel::ReportEdit edit;
      edit.kind = static_cast<lel::ReportEdit::Kind>(in.Next() % 4);
      edit.archive = f.archive;
      edit.path = in.String();
      edit.content = in.String();
      edit.description = in.String();
      fix.edits.push_back(std::move(edit));
      finding_fixes.push_back(std::move(fix));
    }
    findings.push_back(std::move(f));
    fixes.push_back(std::move(finding_fixes));
  }

  lel::ReportInput input{package, options, archive_names, findings, fixes};
  for (bool color : {false, true}) {
    const std::string text = lel::RenderText(input, color);
    CheckShownBytes(text, color);
    for (const lel::Finding& f : findings) {
      if (text.find(lel::ShownText(f.message)) == std::string::npos) abort();
    }
  }

  nlohmann::json json;
  if (!lel::ReadJson(lel::RenderJson(input), &json, &err)) abort();
  if (!json["findings"].is_array() || json["findings"].size() != findings.size()) abort();
  for (size_t i = 0; i < findings.size(); ++i) {
    const nlohmann::json& item = json["findings"][i];
    if (Unescape(StringAt(item, "message")) != findings[i].message) abort();
    if (Unescape(StringAt(item, "path")) != findings[i].path) abort();
    if (Unescape(StringAt(item, "archive")) != archive_names[findings[i].archive]) abort();
    if (!findings[i].specifier.empty() &&
        Unescape(StringAt(item, "specifier")) != findings[i].specifier) {
      abort();
    }
  }

  const std::vector<lel::LocatedReport> reports = {lel::Locate(input, label)};
  for (std::string_view source_prefix : {std::string_view(), std::string_view(prefix)}) {
    nlohmann::json sarif;
    if (!lel::ReadJson(lel::RenderSarif(reports, source_prefix), &sarif, &err)) abort();
    const nlohmann::json& results = sarif["runs"][0]["results"];
    if (!results.is_array() || results.size() != findings.size()) abort();
    for (size_t i = 0; i < findings.size(); ++i) {
      std::string expected = findings[i].message;
      for (const std::string& note : findings[i].notes) expected += "\nnote: " + note;
      const std::string shown = StringAt(results[i]["message"], "text");
      if (Unescape(shown) != expected) abort();
      // The text holds no control byte of the user's: only the notes' newlines.
      size_t newlines = 0;
      for (char c : shown) newlines += c == '\n';
      if (newlines != findings[i].notes.size()) abort();
      if (!findings[i].specifier.empty() &&
          Unescape(StringAt(results[i]["properties"], "specifier")) != findings[i].specifier) {
        abort();
      }
    }
  }

  const std::string github = lel::RenderGithub(reports, prefix);
  CheckShownBytes(github, false);
  size_t lines = 0;
  for (size_t at = 0; at < github.size(); ++lines) {
    const size_t end = github.find('\n', at);
    if (github.compare(at, 2, "::") != 0 || end == std::string::npos) abort();
    at = end + 1;
  }
  if (lines != findings.size()) abort();

  const std::string junit = lel::RenderJunit(reports);
  CheckShownBytes(junit, false);
  CheckJunitMarkup(junit);
  return 0;
}
