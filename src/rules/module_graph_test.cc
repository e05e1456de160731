#include "rules/module_graph.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "testzip/zip_builder.h"
#include "js/scan_cache.h"
#include "rules/config.h"
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

}  // namespace
}  // namespace lel
