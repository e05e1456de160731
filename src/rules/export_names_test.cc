#include "rules/export_names.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "rules/linter.h"
#include "testzip/zip_builder.h"

namespace lel {
namespace {

using testzip::File;
using testzip::TempDir;

// A function zip of `files`, its module graph (every module of the
// function is scanned), and ExportNames over it for one Node major.
struct Graph {
  explicit Graph(const std::vector<testzip::TestEntry>& files, int node_major = 22) {
    testzip::WriteZip(tmp.Path("fn.zip"), files);
    std::string err;
    REQUIRE(OpenLambdaPackage(tmp.Path("fn.zip"), {}, &package, &err));
    CheckOptions options;
    options.runtime = FindLambdaRuntime("nodejs" + std::to_string(node_major) + ".x");
    REQUIRE(options.runtime != nullptr);
    resolver = std::make_unique<Resolver>(package.vfs, ResolveOptionsFor(options, false));
    graph = ModuleGraph::Build(package, *resolver, "/var/task/index.mjs");
    names = std::make_unique<ExportNames>(graph, node_major);
  }
  NameLookup Lookup(const std::string& file, const std::string& name) {
    const int m = graph.Find("/var/task/" + file);
    REQUIRE(m >= 0);
    return names->Lookup(m, name);
  }
  TempDir tmp;
  LambdaPackage package;
  std::unique_ptr<Resolver> resolver;
  ModuleGraph graph;
  std::unique_ptr<ExportNames> names;
};

TEST_CASE("export names: local exports, export * and what shadows it") {
  Graph g({File("index.mjs",
                "export * from './x.mjs';\nexport * from './y.mjs';\nexport const "
                "own = 1;\n"
                "export const both = 'local wins';\nexport { z } from './z.mjs';\n"),
           File("x.mjs",
                "export const fromX = 1;\nexport const both = 1;\nexport "
                "const clash = 1;\n"
                "export default 1;\n"),
           File("y.mjs",
                "export const fromY = 1;\nexport const both = 2;\nexport "
                "const clash = 2;\n"),
           File("z.mjs", "export const z = 1;\n")});
  CHECK(g.Lookup("index.mjs", "own") == NameLookup::kProvided);
  CHECK(g.Lookup("index.mjs", "fromX") == NameLookup::kProvided);
  CHECK(g.Lookup("index.mjs", "fromY") == NameLookup::kProvided);
  CHECK(g.Lookup("index.mjs", "z") == NameLookup::kProvided);
  // A local export shadows what `export *` brings, clashing or not.
  CHECK(g.Lookup("index.mjs", "both") == NameLookup::kProvided);
  // Two star sources with different bindings: not exported.
  CHECK(g.Lookup("index.mjs", "clash") == NameLookup::kAmbiguous);
  // `default` never comes through `export *`.
  CHECK(g.Lookup("index.mjs", "default") == NameLookup::kMissing);
  CHECK(g.Lookup("x.mjs", "default") == NameLookup::kProvided);
  CHECK(g.Lookup("index.mjs", "absent") == NameLookup::kMissing);
}

TEST_CASE("export names: the same binding reached twice is not ambiguous") {
  Graph g({File("index.mjs", "export * from './a.mjs';\nexport * from './b.mjs';\n"),
           File("a.mjs", "export * from './base.mjs';\n"),
           File("b.mjs",
                "export { shared } from './base.mjs';\nexport * from "
                "'./other.mjs';\n"),
           File("base.mjs", "export const shared = 1;\n"), File("other.mjs", "export const shared = 2;\n")});
  CHECK(g.Lookup("index.mjs", "shared") == NameLookup::kProvided);
  // b's own re-export shadows other.mjs's `shared`.
  CHECK(g.Lookup("b.mjs", "shared") == NameLookup::kProvided);
}

TEST_CASE("export names: cycles of export * resolve as Node does") {
  Graph g({File("index.mjs", "export * from './a.mjs';\n"),
           File("a.mjs", "export * from './b.mjs';\nexport const a = 1;\n"),
           File("b.mjs",
                "export * from './a.mjs';\nexport * from "
                "'./c.mjs';\nexport const b = 1;\n"),
           File("c.mjs", "export * from './index.mjs';\nexport const c = 1;\n")});
  for (const char* file : {"index.mjs", "a.mjs", "b.mjs", "c.mjs"}) {
    INFO(file);
    CHECK(g.Lookup(file, "a") == NameLookup::kProvided);
    CHECK(g.Lookup(file, "b") == NameLookup::kProvided);
    CHECK(g.Lookup(file, "c") == NameLookup::kProvided);
    CHECK(g.Lookup(file, "d") == NameLookup::kMissing);
  }
  // export { x } from a module that only gets x back from the cycle: null.
  Graph loop(
      {File("index.mjs", "export { x } from './p.mjs';\n"), File("p.mjs", "export * from './index.mjs';\n")});
  CHECK(loop.Lookup("index.mjs", "x") == NameLookup::kMissing);
}

TEST_CASE("export names: 12 modules that all re-export each other") {
  std::vector<testzip::TestEntry> files = {File("index.mjs", "export * from './m0.mjs';\n")};
  for (int i = 0; i < 12; ++i) {
    std::string text = "export const own" + std::to_string(i) + " = 1;\n";
    if (i == 3 || i == 7) text += "export const dup = " + std::to_string(i) + ";\n";
    for (int j = 0; j < 12; ++j) {
      if (j != i) text += "export * from './m" + std::to_string(j) + ".mjs';\n";
    }
    files.push_back(File("m" + std::to_string(i) + ".mjs", text));
  }
  Graph g(files);
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 12; ++i) {
    for (int j = 0; j < 12; ++j) {
      CHECK(g.Lookup("m" + std::to_string(i) + ".mjs", "own" + std::to_string(j)) == NameLookup::kProvided);
    }
  }
  CHECK(g.Lookup("index.mjs", "dup") == NameLookup::kAmbiguous);
  CHECK(g.Lookup("m3.mjs", "dup") == NameLookup::kProvided);
  CHECK(g.Lookup("m5.mjs", "nothing") == NameLookup::kMissing);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(elapsed < std::chrono::seconds(1));  // the old walk took over 60 s
}

TEST_CASE("export names: a chain of 20,000 export * takes no stack per hop") {
  constexpr int kHops = 20000;
  std::vector<testzip::TestEntry> files = {File("index.mjs", "export * from './m0.mjs';\n")};
  for (int i = 0; i < kHops; ++i) {
    const std::string next = i + 1 < kHops ? "export * from './m" + std::to_string(i + 1) + ".mjs';\n"
                                           : "export const last = 1;\n";
    files.push_back(
        File("m" + std::to_string(i) + ".mjs", "export const v" + std::to_string(i) + " = 1;\n" + next));
  }
  Graph g(files);
  const auto start = std::chrono::steady_clock::now();
  CHECK(g.Lookup("index.mjs", "last") == NameLookup::kProvided);
  CHECK(g.Lookup("index.mjs", "v12345") == NameLookup::kProvided);
  CHECK(g.Lookup("index.mjs", "missing") == NameLookup::kMissing);
  // Remembered: every module of the chain now answers at once.
  CHECK(g.Lookup("m100.mjs", "missing") == NameLookup::kMissing);
  CHECK(g.Lookup("m19998.mjs", "last") == NameLookup::kProvided);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
}

TEST_CASE("export names: a CommonJS module's names are what Node's lexer sees") {
  const std::vector<testzip::TestEntry> files = {
      File("index.mjs",
           "export * from './star.mjs';\nimport "
           "'./getter.cjs';\nimport './opaque.cjs';\n"
           "import './builtin.cjs';\n"),
      File("star.mjs", "export * from './lib.cjs';\n"),
      // exports.a is seen; b only at run time.
      File("lib.cjs",
           "exports.a = 1;\nconst api = { b: 2 "
           "};\nObject.assign(module.exports, api);\n"
           "__exportStar(require('./more.js'), exports);\n"),
      File("more.js", "module.exports = require('./deep.cjs');\n"),
      File("deep.cjs", "exports.deep = 1;\n"),
      // Babel/TypeScript getter that cjs-module-lexer opts out, merve keeps.
      File("getter.cjs",
           "exports.g = void 0;\n"
           "Object.defineProperty(exports, 'g', { enumerable: "
           "true, get: function () { "
           "return wrap(m).default; } });\n"),
      File("opaque.cjs", "module.exports = require('./not-in-the-zip.js');\n"),
      File("builtin.cjs", "module.exports = require('fs');\nexports.own = 1;\n"),
  };
  Graph node22(files, 22);
  CHECK(node22.Lookup("lib.cjs", "a") == NameLookup::kProvided);
  CHECK(node22.Lookup("lib.cjs", "b") == NameLookup::kMissing);
  CHECK(node22.Lookup("lib.cjs", "deep") == NameLookup::kProvided);  // two re-exports followed
  CHECK(node22.Lookup("lib.cjs", "default") == NameLookup::kProvided);
  CHECK(node22.Lookup("index.mjs", "deep") == NameLookup::kProvided);
  CHECK(node22.Lookup("index.mjs", "default") == NameLookup::kMissing);
  CHECK(node22.Lookup("getter.cjs", "g") == NameLookup::kMissing);
  CHECK(node22.Lookup("lib.cjs", "module.exports") == NameLookup::kMissing);
  // A re-export we cannot follow: nothing is concluded.
  CHECK(node22.Lookup("opaque.cjs", "anything") == NameLookup::kUnknown);
  CHECK(node22.Lookup("opaque.cjs", "default") == NameLookup::kProvided);
  // A built-in re-export adds nothing; the last module.exports = wins.
  CHECK(node22.Lookup("builtin.cjs", "readFile") == NameLookup::kMissing);
  CHECK(node22.Lookup("builtin.cjs", "own") == NameLookup::kProvided);

  Graph node24(files, 24);
  CHECK(node24.Lookup("getter.cjs", "g") == NameLookup::kProvided);
  CHECK(node24.Lookup("lib.cjs", "module.exports") == NameLookup::kProvided);
  CHECK(node24.Lookup("lib.cjs", "b") == NameLookup::kMissing);
}

TEST_CASE("export names: re-exports that form a cycle") {
  Graph g({File("index.mjs", "import './a.cjs';\n"),
           File("a.cjs", "exports.a = 1;\nmodule.exports = { ...require('./b.cjs'), a };\n"),
           File("b.cjs", "exports.b = 1;\n__exportStar(require('./a.cjs'), exports);\n")});
  CHECK(g.Lookup("a.cjs", "a") == NameLookup::kProvided);
  CHECK(g.Lookup("a.cjs", "b") == NameLookup::kProvided);
  CHECK(g.Lookup("b.cjs", "a") == NameLookup::kProvided);
  CHECK(g.Lookup("b.cjs", "c") == NameLookup::kMissing);
}

}  // namespace
}  // namespace lel
