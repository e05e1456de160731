#include "rules/config.h"

#include <algorithm>
#include <catch2/catch.hpp>

#include "rules/registry.h"

namespace lel {
namespace {

std::string ParseError(std::string_view text) {
  ProjectConfig config;
  std::string err;
  CHECK_FALSE(ParseProjectConfig(text, &config, &err));
  CHECK(err.find('\n') == std::string::npos);
  return err;
}

Finding Make(std::string rule, std::string path, Severity severity = Severity::kError) {
  Finding f;
  f.rule = std::move(rule);
  f.path = std::move(path);
  f.severity = severity;
  return f;
}

TEST_CASE("runtime: the project file accepts exactly the runtime table's names") {
  for (const LambdaRuntime& runtime : LambdaRuntimes()) {
    ProjectConfig config;
    std::string err;
    CHECK(ParseProjectConfig("{\"runtime\": \"" + std::string(runtime.name) + "\"}", &config, &err));
    CHECK(config.runtime == std::string(runtime.name));
  }
  for (std::string name : {"nodejs14.x", "nodejs26.x", "nodejs22.X", "python3.12"}) {
    CHECK(ParseError("{\"runtime\": \"" + name + "\"}") ==
          "runtime: '" + name +
              "' is not one of 'nodejs16.x', 'nodejs18.x', 'nodejs20.x', 'nodejs22.x' or "
              "'nodejs24.x'");
  }
}

TEST_CASE("a full project file is read") {
  ProjectConfig config;
  std::string err;
  REQUIRE(ParseProjectConfig(R"({
    "runtime": "nodejs20.x", "resolution": "managed", "architecture": "arm64",
    "handler": "src/app.handler",
    "rules": {"import-unanalyzable": "off", "node-modules-bundled": "error",
              "package-too-large": "on", "suppression-unused": "warning"},
    "ignore": [{"path": "scripts/**", "rules": ["import-unresolved"]}, {"path": "vendor/"}]
  })",
                             &config, &err));
  CHECK(err.empty());
  CHECK(config.runtime == "nodejs20.x");
  CHECK(config.resolution == "managed");
  CHECK(config.architecture == "arm64");
  CHECK(config.handler == "src/app.handler");
  CHECK(config.enabled.at("import-unanalyzable") == false);
  CHECK(config.enabled.at("package-too-large") == true);
  CHECK(config.severity.at("node-modules-bundled") == Severity::kError);
  CHECK(config.severity.at("suppression-unused") == Severity::kWarning);
  REQUIRE(config.ignore.size() == 2);
  CHECK(config.ignore[0].rules == std::vector<std::string>{"import-unresolved"});
  CHECK(config.ignore[1].rules.empty());
}

TEST_CASE("an unknown key, rule or value is a clear error") {
  CHECK(ParseError(R"({"rule": {}})") ==
        "unknown key 'rule' (expected 'runtime', 'resolution', 'architecture', 'handler', "
        "'rules' or 'ignore')");
  CHECK(ParseError(R"({"rules": {"import-unresolve": "off"}})") ==
        "rules: unknown rule 'import-unresolve' (did you mean 'import-unresolved'?); "
        "`lambda-esm-lint rules` lists them");
  CHECK(ParseError(R"({"rules": {"no-such-thing-at-all": "off"}})") ==
        "rules: unknown rule 'no-such-thing-at-all'; `lambda-esm-lint rules` lists them");
  CHECK(ParseError(R"({"rules": {"import-unresolved": "fatal"}})") ==
        "rules.import-unresolved: expected \"off\", \"on\", \"error\", \"warning\" or \"info\", "
        "got \"fatal\"");
  CHECK(ParseError(R"({"rules": {"import-unresolved": false}})").find("got false") !=
        std::string::npos);
  CHECK(ParseError(R"({"runtime": "nodejs14.x"})") ==
        "runtime: 'nodejs14.x' is not one of 'nodejs16.x', 'nodejs18.x', 'nodejs20.x', "
        "'nodejs22.x' or 'nodejs24.x'");
  CHECK(ParseError(R"({"resolution": "strict"})") ==
        "resolution: expected \"stock\" or \"managed\", got 'strict'");
  CHECK(ParseError(R"({"architecture": 64})") == "architecture: expected a string");
  CHECK(ParseError(R"({"ignore": [{"paths": "x"}]})") ==
        "ignore[0]: unknown key 'paths' (expected 'path' or 'rules')");
  CHECK(ParseError(R"({"ignore": [{"rules": []}]})") == "ignore[0]: missing \"path\"");
  CHECK(ParseError(R"({"ignore": [{"path": "a", "rules": ["nope-nope-nope"]}]})") ==
        "ignore[0].rules: unknown rule 'nope-nope-nope'; `lambda-esm-lint rules` lists them");
  CHECK(ParseError(R"({"ignore": "x"})").rfind("ignore: expected an array", 0) == 0);
  CHECK(ParseError("{").rfind("not valid JSON: parse error at line 1, column 2", 0) == 0);
  // Line and column as an editor counts them (the second line's 12th byte).
  CHECK(ParseError("{\n  \"rules\": }")
            .rfind("not valid JSON: parse error at line 2, column 12", 0) == 0);
  CHECK(ParseError("{\"ignore\": " + std::string(400000, '[') + std::string(400000, ']') + "}") ==
        "not valid JSON: nested more than 64 levels deep");
  CHECK(ParseError("[]") == "expected a JSON object");
}

TEST_CASE("globs: * stays in a segment, ** crosses them, a trailing / names a folder") {
  CHECK(GlobMatch("*.mjs", "index.mjs"));
  CHECK_FALSE(GlobMatch("*.mjs", "lib/index.mjs"));
  CHECK(GlobMatch("**/*.mjs", "lib/index.mjs"));
  CHECK(GlobMatch("**/*.mjs", "index.mjs"));
  CHECK(GlobMatch("lib/**", "lib/a/b.js"));
  CHECK(GlobMatch("lib/", "lib/a/b.js"));
  CHECK_FALSE(GlobMatch("lib/", "library/a.js"));
  CHECK(GlobMatch("lib/?.js", "lib/a.js"));
  CHECK_FALSE(GlobMatch("lib/?.js", "lib/ab.js"));
  CHECK(GlobMatch("node_modules", "node_modules"));
  CHECK_FALSE(GlobMatch("node_modules", "node_modules/x"));
}

// The matcher before it was made linear (recursive, exponential in the
// stars): the reference for what every glob means.
bool ReferenceGlob(std::string_view glob, std::string_view path) {
  while (!glob.empty()) {
    if (glob.substr(0, 2) == "**") {
      glob.remove_prefix(2);
      if (!glob.empty() && glob[0] == '/' && ReferenceGlob(glob.substr(1), path)) return true;
      for (size_t i = 0; i <= path.size(); ++i) {
        if (ReferenceGlob(glob, path.substr(i))) return true;
      }
      return false;
    }
    if (glob[0] == '*') {
      glob.remove_prefix(1);
      for (size_t i = 0; i <= path.size(); ++i) {
        if (ReferenceGlob(glob, path.substr(i))) return true;
        if (i < path.size() && path[i] == '/') break;
      }
      return false;
    }
    if (path.empty()) return false;
    if (glob[0] == '?' ? path[0] == '/' : glob[0] != path[0]) return false;
    glob.remove_prefix(1);
    path.remove_prefix(1);
  }
  return path.empty();
}

TEST_CASE("globs: the linear matcher agrees with the recursive one on random globs") {
  // Small alphabets, so that matches are frequent: 200,000 pairs.
  const char glob_chars[] = {'a', 'b', '/', '*', '*', '?', '.'};
  const char path_chars[] = {'a', 'b', '/', '.'};
  uint32_t state = 12345;
  auto next = [&](uint32_t n) {
    state = state * 1103515245u + 12345u;
    return (state >> 16) % n;
  };
  int matches = 0;
  for (int round = 0; round < 200000; ++round) {
    std::string glob, path;
    for (uint32_t i = 0, n = next(7); i < n; ++i) glob += glob_chars[next(sizeof glob_chars)];
    for (uint32_t i = 0, n = next(9); i < n; ++i) path += path_chars[next(sizeof path_chars)];
    const bool got = GlobMatch(glob, path);
    const bool trailing = !glob.empty() && glob.back() == '/';
    const bool want = ReferenceGlob(trailing ? glob + "**" : glob, path);
    if (got != want) FAIL("glob '" << glob << "' path '" << path << "': " << got);
    matches += got;
  }
  CHECK(matches > 10000);
}

TEST_CASE("globs: many stars against a long name take linear time") {
  // 60 s with the recursive matcher; a 300-character name, then 100,000.
  CHECK_FALSE(GlobMatch("*a*a*a*a*b", std::string(300, 'a')));
  CHECK_FALSE(GlobMatch("*a*a*a*a*b", std::string(100000, 'a')));
  CHECK(GlobMatch("*a*a*a*a*b", std::string(100000, 'a') + "b"));
  CHECK_FALSE(GlobMatch("**a**a**a**a**b", std::string(20000, 'a') + "/" + std::string(20000, 'a')));
}

TEST_CASE("an unknown rule id is echoed escaped and cut, and costs no distance table") {
  const std::string err = ParseError("{\"rules\": {\"" + std::string(1 << 20, 'y') + "\": \"off\"}}");
  CHECK(err.rfind("rules: unknown rule 'yyyy", 0) == 0);
  CHECK(err.size() < 400);
  CHECK(NearestRuleId(std::string(1 << 20, 'y')).empty());
  CHECK(NearestRuleId("import-unresolve") == "import-unresolved");
  const std::string runtime = ParseError("{\"runtime\": \"x\\n\\u0000\\u001b[2J" + std::string(3 << 20, 'x') + "\"}");
  CHECK(runtime.rfind("runtime: 'x\\x0a\\x00\\x1b[2Jxxx", 0) == 0);
  CHECK(runtime.size() < 500);
}

TEST_CASE("applying the config: off, ignored paths, severity overrides") {
  ProjectConfig config;
  std::string err;
  REQUIRE(ParseProjectConfig(R"({
    "rules": {"import-unanalyzable": "off", "import-directory": "info"},
    "ignore": [{"path": "scripts/**", "rules": ["import-unresolved"]}, {"path": "vendor/"}]
  })",
                             &config, &err));
  std::vector<Finding> kept = ApplyProjectConfig(
      config,
      {Make("import-unanalyzable", "index.mjs"), Make("import-directory", "index.mjs"),
       Make("import-unresolved", "scripts/a.mjs"), Make("import-case-mismatch", "scripts/a.mjs"),
       Make("import-unresolved", "vendor/x/y.js"), Make("node-modules-link-missing", "")});
  REQUIRE(kept.size() == 3);
  CHECK(kept[0].rule == "import-directory");
  CHECK(kept[0].severity == Severity::kInfo);
  CHECK(kept[1].rule == "import-case-mismatch");
  CHECK(kept[2].rule == "node-modules-link-missing");
  std::vector<const Rule*> rules = EnabledRules(config);
  CHECK(std::none_of(rules.begin(), rules.end(),
                     [](const Rule* r) { return r->id == "import-unanalyzable"; }));
  CHECK(rules.size() + 1 == AllRules().size());
}

TEST_CASE("reported rules: the registry and the central suppression finding, sorted") {
  std::vector<const Rule*> rules = ReportedRules();
  CHECK(std::is_sorted(rules.begin(), rules.end(),
                       [](const Rule* a, const Rule* b) { return a->id < b->id; }));
  CHECK(FindReportedRule("suppression-unused") != nullptr);
  CHECK(FindReportedRule("import-unresolved") != nullptr);
  CHECK(FindReportedRule("nope") == nullptr);
}

}  // namespace
}  // namespace lel
