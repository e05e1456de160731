// The Handler setting as the runtime interface client reads it
// (lambda-node-runtime.md §4): how it splits, which file it loads in which
// order, as which module format, and which exports it accepts, for
// aws-lambda-ric 3.x (nodejs18.x-22.x) and 4.x (nodejs24.x).
#include "rules/handler.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "archive/lambda_view.h"
#include "rules/config.h"
#include "rules/linter.h"
#include "testzip/zip_builder.h"

namespace lel {
namespace {

using testzip::File;
using testzip::TempDir;

// A function zip of `entries`, opened, with check options for Node `major`.
struct Function {
  TempDir tmp;
  LambdaPackage package;
  CheckOptions options;

  Function(const std::vector<testzip::TestEntry>& entries, int major) {
    testzip::WriteZip(tmp.Path("fn.zip"), entries);
    std::string err;
    INFO(err);
    REQUIRE(OpenLambdaPackage(tmp.Path("fn.zip"), {}, &package, &err));
    options.runtime = FindLambdaRuntime("nodejs" + std::to_string(major) + ".x");
    REQUIRE(options.runtime != nullptr);
  }
};

// Locates `handler` in a function of `entries` on Node `major`.
HandlerModule Locate(const std::vector<testzip::TestEntry>& entries, const std::string& handler,
                     int major) {
  Function fn(entries, major);
  Resolver resolver(fn.package.vfs, ResolveOptionsFor(fn.options, false));
  return LocateHandler(resolver, ParseHandler(handler));
}

// "rule:severity" of every finding `check` reports for `entries` with
// `handler` on Node `major`.
std::vector<std::string> Rules(const std::vector<testzip::TestEntry>& entries,
                               const std::string& handler, int major) {
  Function fn(entries, major);
  fn.options.handler = handler;
  std::vector<std::string> rules;
  for (const Finding& f : LintPackage(fn.package, fn.options, ProjectConfig{}).findings) {
    rules.push_back(f.rule + ":" + std::string(SeverityName(f.severity)));
  }
  return rules;
}

TEST_CASE("ParseHandler splits the part after the last '/' at its first '.'") {
  HandlerSpec spec = ParseHandler("index.handler");
  CHECK(spec.valid);
  CHECK(spec.dir.empty());
  CHECK(spec.module == "index");
  CHECK(spec.export_path == "handler");

  spec = ParseHandler("src/api.v2/app.routes.get");
  CHECK(spec.valid);
  CHECK(spec.dir == "src/api.v2");
  CHECK(spec.module == "app");
  CHECK(spec.export_path == "routes.get");  // dots after the first walk objects

  // Runtime.MalformedHandlerName: no '.' in the file part, or '..' anywhere.
  for (const char* bad : {"index", "src.v1/index", "../index.handler", "src/..hidden.handler",
                          "index..handler", ".handler", "index."}) {
    INFO(bad);
    CHECK_FALSE(ParseHandler(bad).valid);
  }
}

TEST_CASE("LocateHandler tries app, app.js, app.mjs, app.cjs in this order on 3.x and 4.x") {
  const std::vector<std::string> all = {"/var/task/src/app", "/var/task/src/app.js",
                                        "/var/task/src/app.mjs", "/var/task/src/app.cjs"};
  for (int major : {20, 22, 24}) {
    INFO("node " << major);
    HandlerModule none = Locate({File("other.mjs", "")}, "src/app.handler", major);
    CHECK_FALSE(none.found);
    CHECK(none.tried == all);

    HandlerModule m = Locate({File("src/app.mjs", ""), File("src/app.cjs", "")}, "src/app.handler",
                             major);
    CHECK(m.found);
    CHECK(m.path == "/var/task/src/app.mjs");
    CHECK(m.format == ModuleFormat::kEsm);
    CHECK(m.tried == std::vector<std::string>(all.begin(), all.begin() + 3));

    m = Locate({File("src/app.cjs", "")}, "src/app.handler", major);
    CHECK(m.path == "/var/task/src/app.cjs");
    CHECK(m.format == ModuleFormat::kCommonJs);

    // .js before .mjs; CommonJS without "type": "module", ESM with it.
    m = Locate({File("src/app.js", ""), File("src/app.mjs", "")}, "src/app.handler", major);
    CHECK(m.path == "/var/task/src/app.js");
    CHECK(m.format == ModuleFormat::kCommonJs);
    m = Locate({File("package.json", R"({"type": "module"})"), File("src/app.js", "")},
               "src/app.handler", major);
    CHECK(m.format == ModuleFormat::kEsm);

    // The extensionless file comes first of all.
    m = Locate({File("src/app", ""), File("src/app.js", "")}, "src/app.handler", major);
    CHECK(m.path == "/var/task/src/app");
    CHECK(m.tried == std::vector<std::string>{"/var/task/src/app"});
  }
}

TEST_CASE("an extensionless handler file: require() on 3.x, import() by package scope on 4.x") {
  const std::vector<testzip::TestEntry> in_module_scope = {
      File("package.json", R"({"type": "module"})"), File("app", "export const handler = 1;\n")};
  CHECK(Locate(in_module_scope, "app.handler", 22).format == ModuleFormat::kCommonJs);
  CHECK(Locate(in_module_scope, "app.handler", 24).format == ModuleFormat::kEsm);
  CHECK(Locate({File("app", "")}, "app.handler", 24).format == ModuleFormat::kCommonJs);
}

TEST_CASE("handler exports as each client reads them") {
  auto only = [](std::vector<std::string> rules, const std::string& prefix) {
    std::vector<std::string> kept;
    for (std::string& r : rules) {
      if (r.rfind(prefix, 0) == 0) kept.push_back(std::move(r));
    }
    return kept;
  };
  using Ids = std::vector<std::string>;
  // ESM named exports, every declaration form.
  for (const char* source :
       {"export const handler = async () => 1;\n", "export async function handler() {}\n",
        "const h = async () => 1;\nexport { h as handler };\n",
        "export { handler } from './impl.mjs';\n", "export * from './impl.mjs';\n"}) {
    INFO(source);
    for (int major : {22, 24}) {
      CHECK(only(Rules({File("index.mjs", source),
                        File("impl.mjs", "export const handler = async () => 1;\n")},
                       "index.handler", major),
                 "handler-")
                .empty());
    }
  }
  // A default export object: found by 4.x only.
  const std::vector<testzip::TestEntry> default_object = {
      File("index.mjs", "export default { handler: async () => 1 };\n")};
  CHECK(only(Rules(default_object, "index.handler", 22), "handler-") ==
        Ids{"handler-not-exported:error"});
  CHECK(only(Rules(default_object, "index.handler", 24), "handler-").empty());
  // CommonJS: exports.x =, module.exports.x =, module.exports = { x }.
  for (const char* source : {"exports.handler = async () => 1;\n",
                             "module.exports.handler = async () => 1;\n",
                             "const handler = async () => 1;\nmodule.exports = { handler };\n"}) {
    INFO(source);
    CHECK(only(Rules({File("index.js", source)}, "index.handler", 22), "handler-").empty());
  }
  CHECK(only(Rules({File("index.js", "exports.other = 1;\n")}, "index.handler", 22), "handler-") ==
        Ids{"handler-not-exported:error"});
  CHECK(only(Rules({File("index.mjs", "export const handler = 42;\n")}, "index.handler", 22),
             "handler-") == Ids{"handler-not-a-function:error"});
  // Exports built at run time: said, at info level, not guessed.
  CHECK(only(Rules({File("index.js", "module.exports = build();\nfunction build() { return {}; }\n")},
                   "index.handler", 22),
             "handler-") == Ids{"handler-not-exported:info"});
}

}  // namespace
}  // namespace lel
