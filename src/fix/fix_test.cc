#include "fix/fix.h"

#include <catch2/catch.hpp>

#include <memory>

#include "testzip/zip_builder.h"
#include "rules/linter.h"
#include "rules/registry.h"

namespace lel {
namespace {

using testzip::Dir;
using testzip::File;
using testzip::Foreign;
using testzip::Link;
using testzip::TempDir;
using testzip::TestEntry;

const std::string kUuidPackageJson = R"({"name":"uuid","version":"9.0.1","main":"index.js"})";

// A function zip and one layer, opened as a package and checked.
struct Case {
  TempDir dir;
  LambdaPackage package;
  CheckOptions options;
  std::unique_ptr<PackageAnalysis> analysis;
  std::vector<Finding> findings;

  Case(const std::vector<TestEntry>& function, const std::vector<TestEntry>& layer) {
    testzip::WriteZip(dir.Path("fn.zip"), function);
    testzip::WriteZip(dir.Path("layer.zip"), layer);
    std::string err;
    INFO(err);
    REQUIRE(OpenLambdaPackage(dir.Path("fn.zip"), {dir.Path("layer.zip")}, &package, &err));
    analysis = std::make_unique<PackageAnalysis>(package, options);
    findings = RunRules(context(), AllRules());
  }
  const Context& context() const { return analysis->context(); }
  const Finding* Find(const std::string& rule) const {
    for (const Finding& f : findings) {
      if (f.rule == rule) return &f;
    }
    return nullptr;
  }
};

std::vector<TestEntry> LayerWith(const std::string& folder) {
  return {File(folder + "/uuid/package.json", kUuidPackageJson),
          File(folder + "/uuid/index.js", "exports.v4 = () => 'x';\n")};
}

const TestEntry kHandler = File("index.mjs", "import { v4 } from 'uuid';\nexport const handler = async () => v4();\n");

TEST_CASE("PlanFixes: a missing link is added, to the folder the layer fills", "[fix]") {
  SECTION("generic folder") {
    Case c({kHandler}, LayerWith("nodejs/node_modules"));
    REQUIRE(c.Find("node-modules-link-missing") != nullptr);
    std::vector<Fix> fixes = PlanFixes(c.context(), c.findings, {});
    REQUIRE(fixes.size() == 1);
    CHECK(fixes[0].applicability == Applicability::kSafe);
    REQUIRE(fixes[0].edits.size() == 1);
    CHECK(fixes[0].edits[0].kind == ArchiveEdit::kAddSymlink);
    CHECK(fixes[0].edits[0].name == "node_modules");
    CHECK(fixes[0].edits[0].content == "/opt/nodejs/node_modules");
  }
  SECTION("the runtime's own folder") {
    Case c({kHandler}, LayerWith("nodejs/node22/node_modules"));
    std::vector<Fix> fixes = PlanFixes(c.context(), c.findings, {});
    REQUIRE(fixes.size() == 1);
    CHECK(fixes[0].edits[0].content == "/opt/nodejs/node22/node_modules");
  }
  SECTION("--link-target wins") {
    // Both folders hold uuid; the default would be the generic one.
    std::vector<TestEntry> layer = LayerWith("nodejs/node_modules");
    for (TestEntry& entry : LayerWith("nodejs/node22/node_modules")) layer.push_back(entry);
    Case c({kHandler}, layer);
    FixOptions options;
    options.link_target = "/opt/nodejs/node22/node_modules";
    std::vector<Fix> fixes = PlanFixes(c.context(), c.findings, options);
    REQUIRE(fixes.size() == 1);
    CHECK(fixes[0].edits[0].content == "/opt/nodejs/node22/node_modules");
  }
  SECTION("a --link-target no layer fills is refused: the link would dangle") {
    Case c({kHandler}, LayerWith("nodejs/node_modules"));
    FixOptions options;
    options.link_target = "/opt/custom";
    std::vector<FixRefusal> refusals;
    CHECK(PlanFixes(c.context(), c.findings, options, &refusals).empty());
    REQUIRE(refusals.size() == 1);
    CHECK(refusals[0].reason == "no layer fills /opt/custom, so the link would dangle");
  }
}

TEST_CASE("PlanFixes: a layer's finding is refused before its rule is asked", "[fix]") {
  Case c({kHandler}, LayerWith("nodejs/node_modules"));
  const Finding* missing = c.Find("node-modules-link-missing");
  REQUIRE(missing != nullptr);
  // The same finding, as if it were about the layer: the rule would fix it.
  std::vector<Finding> findings = {*missing};
  findings[0].archive = 1;
  std::vector<FixRefusal> refusals;
  CHECK(PlanFixes(c.context(), findings, {}, &refusals).empty());
  REQUIRE(refusals.size() == 1);
  CHECK(refusals[0].reason ==
        "the problem is in a layer zip, which fix never edits (a layer is published on its own)");
  findings[0].archive = 0;
  CHECK(PlanFixes(c.context(), findings, {}).size() == 1);
}

TEST_CASE("PlanFixes: only findings marked fixable, and only by a rule with a plan", "[fix]") {
  Case c({kHandler}, LayerWith("nodejs/node_modules"));
  const Finding* missing = c.Find("node-modules-link-missing");
  REQUIRE(missing != nullptr);
  std::vector<Finding> findings = {*missing};
  findings[0].fixable = false;
  std::vector<FixRefusal> refusals;
  CHECK(PlanFixes(c.context(), findings, {}, &refusals).empty());
  CHECK(refusals.empty());
  // Marked fixable by hand, of a rule without a plan: refused, saying so.
  findings[0].fixable = true;
  findings[0].rule = "import-unresolved";
  CHECK(PlanFixes(c.context(), findings, {}, &refusals).empty());
  REQUIRE(refusals.size() == 1);
  CHECK(refusals[0].reason == "no fix is implemented for this rule");
}

TEST_CASE("PlanFixes: link repairs edit the entry in place", "[fix]") {
  SECTION("a text file becomes a Unix link") {
    Case c({kHandler, File("node_modules", "/opt/nodejs/node_modules\n")},
           LayerWith("nodejs/node_modules"));
    REQUIRE(c.Find("node-modules-not-a-link") != nullptr);
    std::vector<Fix> fixes = PlanFixes(c.context(), c.findings, {});
    REQUIRE(fixes.size() == 1);
    REQUIRE(fixes[0].edits.size() == 2);
    CHECK(fixes[0].edits[0].kind == ArchiveEdit::kReplaceContent);
    CHECK(fixes[0].edits[0].content == "/opt/nodejs/node_modules");
    CHECK(fixes[0].edits[1].kind == ArchiveEdit::kSetMode);
    CHECK(fixes[0].edits[1].mode == 0120777u);
  }
  SECTION("a link made on MS-DOS only changes host") {
    TestEntry link = Link("node_modules", "/opt/nodejs/node_modules");
    link.host = testzip::kMsdos;
    Case c({kHandler, link}, LayerWith("nodejs/node_modules"));
    REQUIRE(c.Find("node-modules-link-not-unix") != nullptr);
    std::vector<Fix> fixes = PlanFixes(c.context(), c.findings, {});
    REQUIRE(fixes.size() == 1);
    REQUIRE(fixes[0].edits.size() == 1);
    CHECK(fixes[0].edits[0].kind == ArchiveEdit::kSetUnixHost);
  }
  SECTION("a dangling link is re-pointed") {
    Case c({kHandler, Link("node_modules", "/opt/nodejs/node20/node_modules")},
           LayerWith("nodejs/node_modules"));
    REQUIRE(c.Find("node-modules-link-dangling") != nullptr);
    std::vector<Fix> fixes = PlanFixes(c.context(), c.findings, {});
    REQUIRE(fixes.size() == 1);
    REQUIRE(fixes[0].edits.size() == 1);
    CHECK(fixes[0].edits[0].content == "/opt/nodejs/node_modules");
  }
  SECTION("no layer folder to point at: refused, finding kept") {
    Case c({kHandler, Link("node_modules", "/opt/nodejs/node_modules")},
           {File("node_modules/uuid/package.json", kUuidPackageJson)});
    std::vector<FixRefusal> refusals;
    std::vector<Fix> fixes = PlanFixes(c.context(), c.findings, {}, &refusals);
    CHECK(fixes.empty());
    REQUIRE(refusals.size() == 1);
    CHECK(refusals[0].reason.find("no layer provides") == 0);
  }
}

TEST_CASE("PlanFixes: modes become 644 / 755, keeping execute bits", "[fix]") {
  Case c({kHandler, Link("node_modules", "/opt/nodejs/node_modules"), Dir("lib/", 0700),
          File("lib/x.mjs", "export {};\n", 0600), File("tool.sh", "#!/bin/sh\n", 0700),
          File("index2.mjs", "export {};\n", 0640)},
         LayerWith("nodejs/node_modules"));
  std::vector<Fix> fixes = PlanFixes(c.context(), c.findings, {});
  std::map<std::string, uint32_t> modes;
  for (const Fix& fix : fixes) {
    for (const ArchiveEdit& edit : fix.edits) {
      CHECK(edit.kind == ArchiveEdit::kSetMode);
      modes[edit.name] = edit.mode;
    }
  }
  CHECK(modes == std::map<std::string, uint32_t>{{"lib/", 040755u},
                                                 {"lib/x.mjs", 0100644u},
                                                 {"tool.sh", 0100755u},
                                                 {"index2.mjs", 0100644u}});
}

TEST_CASE("PlanFixes: a bundled node_modules is removed only when the layers have it all",
          "[fix]") {
  std::vector<TestEntry> function = {kHandler, Dir("node_modules/"), Dir("node_modules/uuid/"),
                                     File("node_modules/uuid/package.json", kUuidPackageJson),
                                     File("node_modules/uuid/index.js", "exports.v4=()=>1;\n")};
  SECTION("all provided: unsafe fix") {
    Case c(function, LayerWith("nodejs/node_modules"));
    REQUIRE(c.Find("node-modules-bundled") != nullptr);
    std::vector<Fix> fixes = PlanFixes(c.context(), c.findings, {});
    REQUIRE(fixes.size() == 1);
    CHECK(fixes[0].applicability == Applicability::kUnsafe);
    REQUIRE(fixes[0].edits.size() == 5);
    CHECK(fixes[0].edits.back().kind == ArchiveEdit::kAddSymlink);
    CHECK(SelectFixes(fixes, false).applied.empty());
    CHECK(SelectFixes(fixes, true).applied.size() == 1);
  }
  SECTION("one package missing from the layers: refused, naming it") {
    function.push_back(File("node_modules/ms/package.json", R"({"name":"ms","version":"2.1.3"})"));
    Case c(function, LayerWith("nodejs/node_modules"));
    std::vector<FixRefusal> refusals;
    std::vector<Fix> fixes = PlanFixes(c.context(), c.findings, {}, &refusals);
    CHECK(fixes.empty());
    REQUIRE(refusals.size() == 1);
    CHECK(refusals[0].reason.find("ms@2.1.3") != std::string::npos);
  }
}

TEST_CASE("SelectFixes: structural fixes first; mode edits of removed entries dropped",
          "[fix]") {
  Fix modes;
  modes.rule = "file-not-readable";
  modes.edits = {{ArchiveEdit::kSetMode, "node_modules/a.js", 3, "", 0100644},
                 {ArchiveEdit::kSetMode, "index.mjs", 1, "", 0100644}};
  Fix bundled;
  bundled.rule = "node-modules-bundled";
  bundled.applicability = Applicability::kUnsafe;
  bundled.edits = {{ArchiveEdit::kRemoveEntry, "node_modules/a.js", 3, "", 0},
                   {ArchiveEdit::kAddSymlink, "node_modules", -1, "/opt/nodejs/node_modules", 0}};
  FixSelection s = SelectFixes({modes, bundled}, true);
  REQUIRE(s.applied.size() == 2);
  CHECK(s.applied[0].rule == "node-modules-bundled");
  REQUIRE(s.applied[1].edits.size() == 1);
  CHECK(s.applied[1].edits[0].name == "index.mjs");
  ZipRewrite rewrite;
  std::string err;
  REQUIRE(BuildRewrite(s.applied, &rewrite, &err));
  CHECK(rewrite.changes.size() == 2);
  CHECK(rewrite.additions.size() == 1);
}

TEST_CASE("CheckFixedFindings: fixed ones gone, nothing new or worse", "[fix]") {
  Finding link;
  link.rule = "node-modules-link-missing";
  Finding hygiene;
  hygiene.rule = "file-not-readable";
  hygiene.severity = Severity::kWarning;
  Fix fix;
  fix.title = "add the link";
  fix.finding = 0;
  std::string err;
  CHECK(CheckFixedFindings({link, hygiene}, {hygiene}, {fix}, &err));
  CHECK_FALSE(CheckFixedFindings({link, hygiene}, {link, hygiene}, {fix}, &err));
  CHECK(err.find("did not remove node-modules-link-missing") != std::string::npos);
  Finding worse = hygiene;
  worse.severity = Severity::kError;
  CHECK_FALSE(CheckFixedFindings({link, hygiene}, {worse}, {fix}, &err));
  Finding other;
  other.rule = "import-unresolved";
  other.path = "index.mjs";
  CHECK_FALSE(CheckFixedFindings({link}, {other}, {fix}, &err));
  CHECK(err.find("new finding: import-unresolved") != std::string::npos);
}

}  // namespace
}  // namespace lel

namespace lel {
namespace {

TEST_CASE("ShortList names a few and counts the rest; --verbose names all", "[fix]") {
  std::vector<std::string> items;
  for (char c = 'a'; c < 'a' + 8; ++c) items.push_back(std::string(1, c));
  CHECK(ShortList(items, false) == "a, b, c, d, e, f, g, h");
  items.push_back("i");
  CHECK(ShortList(items, false) == "a, b, c, d, e and 4 more (--verbose lists them)");
  CHECK(ShortList(items, true) == "a, b, c, d, e, f, g, h, i");
  CHECK(ShortList({}, false).empty());
}

TEST_CASE("WhyNotFixed: a layer's finding says how to rebuild and publish the layer", "[fix]") {
  Finding in_layer;
  in_layer.rule = "import-unresolved";
  in_layer.archive = 1;
  const std::string why = WhyNotFixed(in_layer, "dist/layer1.zip", "");
  CHECK(why.rfind("no automatic fix exists for this rule", 0) == 0);
  CHECK(why.find("in the layer dist/layer1.zip, which fix never edits") != std::string::npos);
  CHECK(why.find("zip -r --symlinks ../layer1.zip nodejs") != std::string::npos);
  CHECK(why.find("--zip-file fileb://layer1.zip") != std::string::npos);
  Finding own;
  own.rule = "node-modules-link-missing";
  own.fixable = true;
  CHECK(WhyNotFixed(own, "function.zip", "no layer provides it") == "no layer provides it");
}

}  // namespace
}  // namespace lel
