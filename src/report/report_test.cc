#include "report/report.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <random>

#include "testzip/zip_builder.h"

namespace lel {
namespace {

Finding Make(std::string rule, Severity severity, std::string path, std::string message) {
  Finding f;
  f.rule = std::move(rule);
  f.severity = severity;
  f.path = std::move(path);
  f.message = std::move(message);
  return f;
}

LocatedReport Sample() {
  LocatedReport report;
  report.archive_names = {"function.zip", "layer1.zip"};
  report.findings = {
      Make("import-unresolved", Severity::kError, "index.mjs", "Cannot find package 'a,b:c'\n50%"),
      Make("node-modules-link-missing", Severity::kWarning, "", "no link"),
      Make("layer-content-unreachable", Severity::kInfo, "node_modules/x/a.js", "x <y> & \"z\""),
  };
  report.findings[2].archive = 1;
  report.findings[0].notes = {"imported by index.mjs"};
  report.located = {LineColumn{3, 8}, std::nullopt, LineColumn{1, 2}};
  return report;
}

// LocateOffset and the line around an offset, the slow obvious way.
std::string SlowLineAround(std::string_view text, uint32_t offset) {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text.size()));
  size_t begin = offset == 0 ? 0 : text.rfind('\n', offset - 1);
  begin = begin == std::string_view::npos || offset == 0 ? 0 : begin + 1;
  size_t end = text.find('\n', offset);
  if (end == std::string_view::npos) end = text.size();
  return std::string(text.substr(begin, end - begin));
}

TEST_CASE("LocateFindings: every finding where LocateOffset puts it, in any order") {
  testzip::TempDir tmp;
  // Short and long lines, an empty one, UTF-8, a trailing newline.
  const std::string a = "import x from 'a';\n\nconst s = '\xc3\xa9\xe2\x82\xac';" +
                        std::string(5000, 'y') + "\xf0\x9f\x98\x80 z\nlast\n";
  const std::string b = "no newline at all \xc3\xa9 here";
  testzip::WriteZip(tmp.Path("fn.zip"), {testzip::File("a.mjs", a), testzip::File("b.mjs", b)});
  LambdaPackage package;
  std::string err;
  REQUIRE(OpenLambdaPackage(tmp.Path("fn.zip"), {}, &package, &err));
  std::vector<Finding> findings;
  std::mt19937 random(7);
  for (int i = 0; i < 300; ++i) {
    Finding f = Make("import-unresolved", Severity::kError, i % 3 == 0 ? "b.mjs" : "a.mjs", "m");
    f.entry = f.path == "a.mjs" ? 0 : 1;  // the entries' ids: their order in the zip
    const std::string& text = f.path == "a.mjs" ? a : b;
    const uint32_t begin = static_cast<uint32_t>(random() % (text.size() + 1));
    f.span = Span{begin, begin + 1};
    findings.push_back(f);
  }
  findings.push_back(Make("import-unresolved", Severity::kError, "a.mjs", "no span"));
  findings.back().entry = 0;
  CheckOptions options;
  ReportInput input{package, options, {"fn.zip"}, findings};
  std::vector<std::string> lines;
  std::vector<std::optional<LineColumn>> located = LocateFindings(input, &lines);
  REQUIRE(located.size() == findings.size());
  for (size_t i = 0; i < findings.size(); ++i) {
    if (!findings[i].span) {
      CHECK(!located[i]);
      continue;
    }
    const std::string& text = findings[i].path == "a.mjs" ? a : b;
    LineColumn want = LocateOffset(text, findings[i].span->begin);
    REQUIRE(located[i]);
    INFO("offset " << findings[i].span->begin);
    CHECK(located[i]->line == want.line);
    CHECK(located[i]->column == want.column);
    CHECK(lines[i] == SlowLineAround(text, findings[i].span->begin));
  }
}

TEST_CASE("github: commands per severity, properties and data escaped as the runner reads them") {
  LocatedReport report = Sample();
  CHECK(RenderGithub({&report, 1}, "src/") ==
        "::error file=src/index.mjs,line=3,col=8,title=import-unresolved (function.zip!index.mjs)"
        "::Cannot find package 'a,b:c'\\x0a50%25%0Anote: imported by index.mjs\n"
        "::warning file=function.zip,title=node-modules-link-missing (function.zip)::no link\n"
        "::notice file=layer1.zip,title=layer-content-unreachable "
        "(layer1.zip!node_modules/x/a.js)::layer1.zip!node_modules/x/a.js:1:2: x <y> & \"z\"\n");
  report.archive_names[0] = "dir,with:odd%name.zip";
  report.findings.resize(2);
  CHECK(RenderGithub({&report, 1}, "")
            .find("::warning file=dir%2Cwith%3Aodd%25name.zip,title=node-modules-link-missing "
                  "(dir%2Cwith%3Aodd%25name.zip)::no link\n") != std::string::npos);
}

TEST_CASE("junit: a test case per rule, errors fail, others go to system-out, XML escaped") {
  LocatedReport report = Sample();
  report.rules_run = {"import-unresolved", "layer-content-unreachable", "node-modules-link-missing",
                      "too-many-layers"};
  std::string xml = RenderJunit({&report, 1});
  CHECK(xml.find("<testsuites name=\"lambda-esm-lint\" tests=\"4\" failures=\"1\" errors=\"0\">") !=
        std::string::npos);
  CHECK(xml.find("<testsuite name=\"function.zip\" tests=\"4\" failures=\"1\"") !=
        std::string::npos);
  CHECK(
      xml.find("<testcase name=\"too-many-layers\" classname=\"lambda-esm-lint.function.zip\"/>") !=
      std::string::npos);
  CHECK(xml.find("<failure message=\"1 error\" type=\"error\">function.zip!index.mjs:3:8: error: "
                 "Cannot find package 'a,b:c'\\x0a50% [import-unresolved]&#10;  note: imported by "
                 "index.mjs&#10;</failure>") != std::string::npos);
  CHECK(xml.find("<system-out>layer1.zip!node_modules/x/a.js:1:2: info: x &lt;y&gt; &amp; "
                 "&quot;z&quot; [layer-content-unreachable]&#10;</system-out>") !=
        std::string::npos);
  report.findings[1].message = std::string("bad \x01 byte \xff");
  xml = RenderJunit({&report, 1});
  CHECK(xml.find("bad \\x01 byte \\xff") != std::string::npos);
}

TEST_CASE("sarif: rules, nested artifacts, regions, levels, fixes") {
  LocatedReport report = Sample();
  report.fixes.resize(3);
  ReportFix link{"add the node_modules link",
                 true,
                 {{ReportEdit::Kind::kAddEntry, 0, "node_modules", "/opt/nodejs/node_modules",
                   "symlink -> /opt/nodejs/node_modules"}}};
  ReportFix mode{
      "make it readable", true, {{ReportEdit::Kind::kChangeMode, 0, "index.mjs", "", "mode 0644"}}};
  report.fixes[1] = {link, mode};
  nlohmann::json log = nlohmann::json::parse(RenderSarif({&report, 1}));
  CHECK(log["version"] == "2.1.0");
  const nlohmann::json& run = log["runs"][0];
  const nlohmann::json& rules = run["tool"]["driver"]["rules"];
  REQUIRE(rules.size() == 3);  // the rules with results, sorted by id
  CHECK(rules[0]["id"] == "import-unresolved");
  CHECK(rules[1]["id"] == "layer-content-unreachable");
  CHECK(rules[2]["id"] == "node-modules-link-missing");
  for (const auto& rule : rules) {
    CHECK(rule["shortDescription"]["text"].is_string());
    CHECK(rule["fullDescription"]["text"].is_string());
    CHECK(rule["help"]["markdown"].get<std::string>().rfind("# " + rule["id"].get<std::string>(),
                                                            0) == 0);
    // A helpUri only where the pages are published (LEL_RULE_PAGES_URI).
    const std::string pages = LEL_RULE_PAGES_URI;
    if (pages.empty()) {
      CHECK_FALSE(rule.contains("helpUri"));
    } else {
      CHECK(rule["helpUri"] == pages + rule["id"].get<std::string>() + ".md");
    }
  }
  CHECK(run["tool"]["driver"].contains("informationUri") ==
        !std::string(LEL_RULE_PAGES_URI).empty());
  const nlohmann::json& artifacts = run["artifacts"];
  REQUIRE(artifacts.size() == 5);  // 2 archives, 2 entries, 1 entry added by a fix
  CHECK(artifacts[0]["location"]["uri"] == "function.zip");
  CHECK(artifacts[1]["location"]["uri"] == "layer1.zip");
  CHECK(artifacts[2]["location"]["uri"] == "index.mjs");
  CHECK(artifacts[2]["parentIndex"] == 0);
  CHECK(artifacts[3]["location"]["uri"] == "node_modules");
  CHECK(artifacts[3]["roles"][0] == "added");
  CHECK(artifacts[4]["location"]["uri"] == "node_modules/x/a.js");
  CHECK(artifacts[4]["parentIndex"] == 1);
  const nlohmann::json& results = run["results"];
  REQUIRE(results.size() == 3);
  CHECK(results[0]["level"] == "error");
  CHECK(results[0]["ruleIndex"] == 0);
  CHECK(results[1]["ruleIndex"] == 2);
  CHECK(results[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 3);
  CHECK(results[0]["locations"][0]["physicalLocation"]["region"]["startColumn"] == 8);
  CHECK(results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["index"] == 2);
  CHECK(results[1]["level"] == "warning");
  CHECK(results[1]["locations"][0]["physicalLocation"]["artifactLocation"]["index"] == 0);
  CHECK_FALSE(results[1]["locations"][0]["physicalLocation"].contains("region"));
  REQUIRE(results[1]["fixes"].size() == 1);  // the mode-only fix cannot be said in SARIF
  const nlohmann::json& change = results[1]["fixes"][0]["artifactChanges"][0];
  CHECK(change["artifactLocation"]["index"] == 3);
  CHECK(change["replacements"][0]["insertedContent"]["text"] == "/opt/nodejs/node_modules");
  CHECK(results[2]["level"] == "note");
  // fixable as planned, not as the rule says; the mode-only fix counts too.
  CHECK(results[0]["properties"]["fixable"] == false);
  CHECK_FALSE(results[0]["properties"].contains("applicability"));
  CHECK(results[1]["properties"]["fixable"] == true);
  CHECK(results[1]["properties"]["applicability"] == "safe");
}

TEST_CASE("sarif: a finding whose only fix is unsafe") {
  LocatedReport report = Sample();
  report.fixes.resize(3);
  report.fixes[0] = {ReportFix{"make it readable",
                               false,
                               {{ReportEdit::Kind::kChangeMode, 0, "index.mjs", "", "mode 0644"}}}};
  nlohmann::json log = nlohmann::json::parse(RenderSarif({&report, 1}));
  const nlohmann::json& result = log["runs"][0]["results"][0];
  CHECK_FALSE(result.contains("fixes"));  // a mode change has no SARIF form
  CHECK(result["properties"]["fixable"] == true);
  CHECK(result["properties"]["applicability"] == "unsafe");
}

// Findings without spans: rendering reads no archive.
struct FixMarks {
  LambdaPackage package;
  CheckOptions options;
  std::vector<Finding> findings = {
      Make("node-modules-not-a-link", Severity::kError, "node_modules", "not a link"),
      Make("node-modules-bundled", Severity::kWarning, "node_modules/", "bundled"),
      Make("node-modules-link-missing", Severity::kError, "", "no link"),
  };
  std::vector<std::vector<ReportFix>> fixes = {
      {ReportFix{"turn it into a link", true, {}}}, {ReportFix{"remove it", false, {}}}, {}};
  ReportInput Input(bool with_fixes) const {
    ReportInput input{package, options, {"function.zip"}, findings};
    if (with_fixes) input.fixes = fixes;
    return input;
  }
};

TEST_CASE("text: [*] marks a safe fix, [unsafe fix] an unsafe one, and a hint line counts them") {
  FixMarks marks;
  CHECK(RenderText(marks.Input(true), false) ==
        "function.zip!node_modules: error: [*] not a link [node-modules-not-a-link]\n"
        "function.zip!node_modules/: warning: [unsafe fix] bundled [node-modules-bundled]\n"
        "function.zip: error: no link [node-modules-link-missing]\n"
        "2 errors, 1 warning, 0 infos (nodejs22.x, stock resolution, handler index.handler)\n"
        "[*] 1 fixable with `lambda-esm-lint fix` (1 more with `--unsafe-fixes`)\n");
  marks.fixes[0].clear();
  CHECK(RenderText(marks.Input(true), false)
            .ends_with("[unsafe fix] 1 fixable with `lambda-esm-lint fix --unsafe-fixes`\n"));
  // Nothing planned: nothing marked, no hint.
  CHECK(RenderText(marks.Input(false), false).find("fix") == std::string::npos);
}

TEST_CASE("json: fixable and applicability come from the planned fixes") {
  FixMarks marks;
  nlohmann::json doc = nlohmann::json::parse(RenderJson(marks.Input(true)));
  CHECK(doc["findings"][0]["fixable"] == true);
  CHECK(doc["findings"][0]["applicability"] == "safe");
  CHECK(doc["findings"][1]["applicability"] == "unsafe");
  CHECK(doc["findings"][2]["fixable"] == false);  // its rule can fix; this package cannot
  CHECK_FALSE(doc["findings"][2].contains("applicability"));
  CHECK(doc["summary"]["fixable"] == 2);
  doc = nlohmann::json::parse(RenderJson(marks.Input(false)));
  CHECK(doc["summary"]["fixable"] == 0);
}

TEST_CASE("sarif: odd entry names become valid URI references") {
  LocatedReport report = Sample();
  report.findings[0].path = "a b/#x%\xff.mjs";
  nlohmann::json log = nlohmann::json::parse(RenderSarif({&report, 1}));
  CHECK(log["runs"][0]["artifacts"][2]["location"]["uri"] == "a%20b/%23x%25%FF.mjs");
  report.archive_names[0] = "/tmp/my dir/function.zip";
  report.findings[0].path = "/etc/evil.mjs";
  log = nlohmann::json::parse(RenderSarif({&report, 1}));
  CHECK(log["runs"][0]["artifacts"][0]["location"]["uri"] == "file:///tmp/my%20dir/function.zip");
  CHECK(log["runs"][0]["artifacts"][2]["location"]["uri"] == "%2Fetc/evil.mjs");
}

TEST_CASE("a specifier with a newline, an ESC and a NUL is escaped in every format") {
  testzip::TempDir tmp;
  const std::string source = "import x from 'a\\nb';\n";
  testzip::WriteZip(tmp.Path("fn.zip"), {testzip::File("index.mjs", source)});
  LambdaPackage package;
  std::string err;
  REQUIRE(OpenLambdaPackage(tmp.Path("fn.zip"), {}, &package, &err));
  const std::string specifier = std::string("a\nb\x1b[2J\0c", 9);
  Finding f = Make("import-unresolved", Severity::kError, "index.mjs",
                   "Cannot find package '" + specifier + "' imported from /var/task/index.mjs");
  f.specifier = specifier;
  f.entry = 0;
  f.span = Span{14, 20};  // 'a\nb', quotes included
  f.notes = {"via '" + specifier + "'"};
  const std::vector<Finding> findings = {f};
  CheckOptions options;
  options.handler = "index.\x1bhandler";
  ReportInput input{package, options, {"fn.zip"}, findings};
  const std::string shown = "a\\x0ab\\x1b[2J\\x00c";
  CHECK(RenderText(input, false) ==
        "fn.zip!index.mjs:1:15: error: Cannot find package '" + shown +
            "' imported from /var/task/index.mjs [import-unresolved]\n"
            " 1 | import x from 'a\\nb';\n"
            "   | " + std::string(14, ' ') + "^~~~~~\n"
            "  note: via '" + shown + "'\n"
            "1 error, 0 warnings, 0 infos (nodejs22.x, stock resolution, handler "
            "index.\\x1bhandler)\n");
  const std::vector<LocatedReport> reports = {Locate(input)};
  CHECK(RenderGithub(reports, "") ==
        "::error file=index.mjs,line=1,col=15,title=import-unresolved (fn.zip!index.mjs)::"
        "Cannot find package '" + shown + "' imported from /var/task/index.mjs%0Anote: via '" +
            shown + "'\n");
  const std::string junit = RenderJunit(reports);
  CHECK(junit.find("fn.zip!index.mjs:1:15: error: Cannot find package '" + shown +
                   "' imported from /var/task/index.mjs [import-unresolved]&#10;  note: via '" +
                   shown + "'&#10;</failure>") != std::string::npos);
  CHECK(junit.find("value=\"index.\\x1bhandler\"") != std::string::npos);
  // SARIF: the message text a viewer shows is escaped the same way (JSON
  // would decode \u001b to a raw ESC); the specifier property keeps the
  // bytes, as the JSON output does.
  nlohmann::json log = nlohmann::json::parse(RenderSarif(reports));
  const nlohmann::json& result = log["runs"][0]["results"][0];
  CHECK(result["message"]["text"] == "Cannot find package '" + shown +
                                         "' imported from /var/task/index.mjs\nnote: via '" +
                                         shown + "'");
  CHECK(result["properties"]["specifier"] == specifier);
  nlohmann::json doc = nlohmann::json::parse(RenderJson(input));
  CHECK(doc["findings"][0]["message"] == f.message);
  CHECK(doc["findings"][0]["specifier"] == specifier);
  // Nothing but the newlines of the formats themselves.
  for (const std::string& out : {RenderText(input, false), RenderGithub(reports, ""), junit}) {
    CHECK(out.find('\x1b') == std::string::npos);
    CHECK(out.find('\0') == std::string::npos);
  }
}

TEST_CASE("text: a source line with control bytes is shown escaped, the caret under the span") {
  testzip::TempDir tmp;
  // A tab, an ESC and a backslash before 'x' ahead of the span: each is
  // wider once escaped, and the caret moves with it.
  const std::string source = "\t\x1b\\x = require('y\x7f');\n";
  testzip::WriteZip(tmp.Path("fn.zip"), {testzip::File("a.cjs", source)});
  LambdaPackage package;
  std::string err;
  REQUIRE(OpenLambdaPackage(tmp.Path("fn.zip"), {}, &package, &err));
  Finding f = Make("import-unresolved", Severity::kError, "a.cjs", "m");
  f.entry = 0;
  f.span = Span{3, 4};  // the 'x'
  const std::vector<Finding> findings = {f};
  CheckOptions options;
  ReportInput input{package, options, {"fn.zip"}, findings};
  CHECK(RenderText(input, false).find(" 1 | \\x09\\x1b\\x5cx = require('y\\x7f');\n"
                                      "   | " + std::string(12, ' ') + "^\n") != std::string::npos);
}

TEST_CASE("every rule has its page embedded, with a description") {
  CHECK(RulePage("import-unresolved").rfind("# import-unresolved", 0) == 0);
  CHECK_FALSE(RuleDescription(RulePage("import-unresolved")).empty());
  CHECK(RulePage("no-such-rule").empty());
}

}  // namespace
}  // namespace lel
