// commonjs-global-in-esm: an ES module uses require, module, exports,
// __dirname or __filename without declaring them. ES modules have none of
// these; the line throws a ReferenceError when it runs: at init when it is
// top-level code, at invoke when it is inside the handler. A module that
// declares them itself (const require = createRequire(import.meta.url)) is
// fine: the scan is scope-aware.
#include "rules/module_findings.h"
#include "rules/registry.h"

namespace lel {
namespace {

std::string NodeMessage(const std::string& name) {
  if (name == "require") {
    return "ReferenceError: require is not defined in ES module scope, you can use import instead";
  }
  return "ReferenceError: " + name + " is not defined in ES module scope";
}

std::string Advice(const std::string& name) {
  if (name == "__dirname") return "use import.meta.dirname (Node 20.11+)";
  if (name == "__filename") return "use import.meta.filename (Node 20.11+)";
  if (name == "require") return "use import, or const require = createRequire(import.meta.url)";
  return "use export instead of module.exports / exports";
}

void Check(const Context& context, Findings* out) {
  const auto& modules = context.graph.modules();
  for (size_t m = 0; m < modules.size(); ++m) {
    // Guard: only ES modules (a CommonJS file has these variables).
    if (modules[m].format != ModuleFormat::kEsm) continue;
    for (const GlobalUse& use : modules[m].scan.commonjs_globals) {
      Finding& finding = out->Add(kCommonjsGlobalInEsm, NodeMessage(use.name));
      finding.notes.push_back(Advice(use.name));
      PlaceInModule(context, static_cast<int>(m), use.span, use.at_load, &finding);
    }
  }
}

}  // namespace

const Rule kCommonjsGlobalInEsm = {
    "commonjs-global-in-esm", Category::kCorrectness, Severity::kError, /*fixable=*/false,
    "an ES module uses require, module, exports, __dirname or __filename", &Check};

}  // namespace lel
