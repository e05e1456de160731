#include "rules/module_graph.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "testzip/zip_builder.h"
#include "js/scan_cache.h"
#include "rules/config.h"
#include "rules/handler.h"
#include "rules/linter.h"

namespace lel {
namespace {

using testzip::File;
using testzip::Link;
using testzip::TempDir;

// The graph as text: every module with its format, reach and edges, so two
// graphs compare as a whole and a difference reads in the failure message.
std::string Describe(const ModuleGraph& graph) {
  std::string out;
  for (const ModuleNode& m : graph.modules()) {
    out += m.path + " format=" + std::to_string(static_cast<int>(m.format)) +
           " reach=" + std::to_string(static_cast<int>(m.reach)) +
           " from=" + std::to_string(m.reached_from) + " read=" + (m.read_ok ? "ok" : m.read_error) +
           " imports=" + std::to_string(m.scan.imports.size()) +
           " requires=" + std::to_string(m.scan.commonjs_requires.size()) + " ->";
    for (const ImportEdge& e : m.edges) out += " " + std::to_string(e.target);
    out += "\n";
  }
  return out;
}

std::string Describe(const std::vector<Finding>& findings) {
  std::string out;
  for (const Finding& f : findings) {
    out += f.rule + " " + std::to_string(f.archive) + "!" + f.path + "@" +
           (f.span ? std::to_string(f.span->begin) : "-") + " " + f.message + "\n";
    for (const std::string& note : f.notes) out += "  " + note + "\n";
  }
  return out;
}

TEST_CASE("the module graph and the findings do not depend on scan threads or the cache") {
  TempDir tmp;
  std::vector<testzip::TestEntry> function = {
      File("index.mjs",
           "import a from './lib/a.mjs';\nimport {b} from './lib/b.mjs';\nimport 'missing';\n"
           "import {S3} from '@aws-sdk/client-s3';\nimport u from 'util-pkg';\n"
           "export const handler = async () => { await import('./lib/lazy.mjs'); };\n"),
      Link("node_modules", "/opt/nodejs/node_modules"),
  };
  for (int i = 0; i < 12; ++i) {
    const std::string n = std::to_string(i);
    function.push_back(File("lib/m" + n + ".mjs", "import x from './m" + std::to_string((i + 1) % 12) +
                                                      ".mjs';\nexport default " + n + ";\n"));
  }
  function.push_back(File("lib/a.mjs", "import './m0.mjs';\nimport c from './c.cjs';\nexport default c;\n"));
  function.push_back(File("lib/b.mjs", "export {b} from './c.cjs';\nimport nope from './nope.mjs';\n"));
  function.push_back(File("lib/c.cjs", "const d = require('dep');\nmodule.exports = { b: 1 };\n"));
  function.push_back(File("lib/lazy.mjs", "export const x = require('x');\n"));
  testzip::WriteZip(tmp.Path("fn.zip"), function);
  testzip::WriteZip(tmp.Path("layer.zip"),
                    {File("nodejs/node_modules/dep/package.json", R"({"main": "lib/index.js"})"),
                     File("nodejs/node_modules/dep/lib/index.js",
                          "module.exports = require('./inner');\n"),
                     File("nodejs/node_modules/dep/lib/inner.js", "exports.y = require('util-pkg');\n"),
                     File("nodejs/node_modules/util-pkg/index.js", "module.exports = 1;\n")});
  LambdaPackage package;
  std::string err;
  REQUIRE(OpenLambdaPackage(tmp.Path("fn.zip"), {tmp.Path("layer.zip")}, &package, &err));

  CheckOptions options;
  options.managed = true;
  Resolver resolver(package.vfs, ResolveOptionsFor(options, options.managed));
  const std::string one_thread =
      Describe(ModuleGraph::Build(package, resolver, "/var/task/index.mjs", ScanSettings{}));
  REQUIRE(one_thread.find("/opt/nodejs/node_modules/dep/lib/inner.js") != std::string::npos);
  const std::string findings = Describe(LintPackage(package, options, ProjectConfig{}).findings);
  REQUIRE(findings.find("import-unresolved") != std::string::npos);

  ScanCache cache;
  for (int jobs : {1, 2, 4, 16}) {
    INFO("jobs " << jobs);
    CHECK(Describe(ModuleGraph::Build(package, resolver, "/var/task/index.mjs",
                                      ScanSettings{nullptr, jobs})) == one_thread);
    CHECK(Describe(ModuleGraph::Build(package, resolver, "/var/task/index.mjs",
                                      ScanSettings{&cache, jobs})) == one_thread);
    CHECK(Describe(LintPackage(package, options, ProjectConfig{}, ScanSettings{&cache, jobs})
                       .findings) == findings);
  }
  // Every lookup after the first Build with the cache was a hit.
  ScanCache::Stats stats = cache.stats();
  CHECK(stats.hits == stats.lookups - stats.entries);
  CHECK(stats.entries > 10);
  CHECK(stats.hits > 0);
}

// The format the graph gives `path` for a function on `runtime` with
// `node_options`: "esm", "esm detected", "cjs", or "absent".
std::string FormatIn(const LambdaPackage& package, const std::string& runtime,
                     const std::string& node_options, const std::string& handler,
                     const std::string& path) {
  CheckOptions options;
  options.runtime = FindLambdaRuntime(runtime);
  REQUIRE(options.runtime != nullptr);
  options.node_options = node_options;
  options.handler = handler;
  Resolver resolver(package.vfs, ResolveOptionsFor(options, false));
  ModuleGraph graph =
      ModuleGraph::Build(package, resolver, LocateHandler(resolver, ParseHandler(handler)));
  const int m = graph.Find(path);
  if (m < 0) return "absent";
  const ModuleNode& node = graph.modules()[m];
  if (node.format == ModuleFormat::kCommonJs) return "cjs";
  return node.detected_esm ? "esm detected" : "esm";
}

TEST_CASE("ES syntax in an ambiguous .js: detected by import on 20.x and 24.x, by require() on "
          "24.x, never under \"type\": \"commonjs\"") {
  TempDir tmp;
  testzip::WriteZip(
      tmp.Path("fn.zip"),
      {File("imp.mjs", "import { a } from './lib/a.js';\nexport const handler = async () => a;\n"),
       File("req.js", "const { b } = require('./lib/b.js');\nexports.handler = async () => b;\n"),
       File("self.js", "export const handler = async () => 1;\n"),
       File("lib/a.js", "export const a = 1;\n"), File("lib/b.js", "export const b = 1;\n"),
       File("typed/package.json", R"({"type": "commonjs"})"),
       File("typed/t.js", "export const handler = async () => 1;\n")});
  LambdaPackage package;
  std::string err;
  REQUIRE(OpenLambdaPackage(tmp.Path("fn.zip"), {}, &package, &err));
  const std::string a = "/var/task/lib/a.js", b = "/var/task/lib/b.js";
  // Loaded by import (lambda-sim: loads on 20.x and 24.x, fails on 18.x and 22.x).
  CHECK(FormatIn(package, "nodejs18.x", "", "imp.handler", a) == "cjs");
  CHECK(FormatIn(package, "nodejs20.x", "", "imp.handler", a) == "esm detected");
  CHECK(FormatIn(package, "nodejs22.x", "", "imp.handler", a) == "cjs");
  CHECK(FormatIn(package, "nodejs24.x", "", "imp.handler", a) == "esm detected");
  CHECK(FormatIn(package, "nodejs22.x", "--experimental-detect-module", "imp.handler", a) ==
        "esm detected");
  // Loaded by require() (lambda-sim: fails on 18.x-22.x, loads on 24.x).
  CHECK(FormatIn(package, "nodejs20.x", "", "req.handler", b) == "cjs");
  CHECK(FormatIn(package, "nodejs22.x", "", "req.handler", b) == "cjs");
  CHECK(FormatIn(package, "nodejs24.x", "", "req.handler", b) == "esm detected");
  CHECK(FormatIn(package, "nodejs22.x", "--experimental-require-module", "req.handler", b) ==
        "esm detected");
  CHECK(FormatIn(package, "nodejs24.x", "--no-experimental-require-module", "req.handler", b) ==
        "cjs");
  // The handler: require()d by aws-lambda-ric 3.x, import()ed by 4.x.
  CHECK(FormatIn(package, "nodejs20.x", "", "self.handler", "/var/task/self.js") == "cjs");
  CHECK(FormatIn(package, "nodejs24.x", "", "self.handler", "/var/task/self.js") ==
        "esm detected");
  // Not ambiguous: "type": "commonjs" (lambda-sim: fails on 24.x too).
  CHECK(FormatIn(package, "nodejs24.x", "", "typed/t.handler", "/var/task/typed/t.js") == "cjs");
}

TEST_CASE("a CommonJS file loads its require() and import() calls, import() as an ES import") {
  TempDir tmp;
  testzip::WriteZip(tmp.Path("fn.zip"),
                    {File("index.js",
                          "const ms = require('ms');\n"
                          "exports.handler = async () => (await import('p-limit')).default;\n")});
  testzip::WriteZip(tmp.Path("layer.zip"),
                    {File("nodejs/node_modules/ms/index.js", "module.exports = 1;\n"),
                     File("nodejs/node_modules/p-limit/package.json",
                          R"({"type": "module", "exports": "./index.js"})"),
                     File("nodejs/node_modules/p-limit/index.js", "export default 1;\n")});
  LambdaPackage package;
  std::string err;
  REQUIRE(OpenLambdaPackage(tmp.Path("fn.zip"), {tmp.Path("layer.zip")}, &package, &err));
  CheckOptions options;
  options.runtime = FindLambdaRuntime("nodejs20.x");
  for (bool managed : {false, true}) {
    INFO("managed " << managed);
    Resolver resolver(package.vfs, ResolveOptionsFor(options, managed));
    ModuleGraph graph = ModuleGraph::Build(package, resolver, "/var/task/index.js");
    const ModuleNode& index = graph.modules()[graph.handler()];
    REQUIRE(index.records().size() == 2);
    CHECK(index.records()[0].kind == ImportKind::kRequire);
    CHECK(index.records()[1].kind == ImportKind::kDynamic);
    REQUIRE(index.edges.size() == 2);
    // require() finds the layer through NODE_PATH on both.
    CHECK(index.edges[0].resolution.path == "/opt/nodejs/node_modules/ms/index.js");
    // import() does only with the managed runtime's NODE_PATH search.
    CHECK((index.edges[1].resolution.kind == Resolution::Kind::kFile) == managed);
  }
}

}  // namespace
}  // namespace lel
