// bundle-dynamic-require: an ES module bundle made by esbuild calls its
// require shim (`__require("buffer")`) without a `require` to call. esbuild
// turns the require() calls of bundled CommonJS code it leaves external
// (built-ins, --external packages) into calls of the shim, which uses
// `require` when the file has one and throws otherwise; an ES module has
// none unless it declares it. The call throws when it runs: at init when it
// runs at load (top level, or a CommonJS module the bundle initialises at
// load). The scan finds the shim and the initialisers (src/js).
#include "rules/module_findings.h"
#include "rules/registry.h"

namespace lel {
namespace {

constexpr std::string_view kBanner =
    "--banner:js=\"import { createRequire } from 'module'; const require = "
    "createRequire(import.meta.url);\"";

void Check(const Context& context, Findings* out) {
  const auto& modules = context.graph.modules();
  for (size_t m = 0; m < modules.size(); ++m) {
    const ModuleNode& module = modules[m];
    // Guard: only an ES module lacks require (loaded as CommonJS, the shim
    // finds the module's own).
    if (!module.read_ok || module.format != ModuleFormat::kEsm) continue;
    for (const ImportRecord& record : module.scan.shim_requires) {
      const std::string shown = record.analyzable ? record.specifier : "...";
      Finding& finding =
          out->Add(kBundleDynamicRequire, "Error: Dynamic require of \"" + shown +
                                              "\" is not supported: esbuild's require shim has no "
                                              "require to call in an ES module");
      finding.specifier = record.specifier;
      finding.notes.push_back("bundle with " + std::string(kBanner) +
                              " so that the shim finds a require, or import the module instead");
      if (record.caught) {
        // A caught failure leaves the code running without the module.
        finding.severity = Severity::kInfo;
        finding.notes.push_back("the failure is caught where it happens (an enclosing try/catch)");
      } else if (!record.at_load) {
        // Not made while the bundle loads: it fails only if the function
        // that makes it is called, which nothing here promises.
        finding.severity = Severity::kWarning;
        finding.notes.push_back(
            "not called while the bundle loads: it fails only if this code runs");
      }
      PlaceInModule(context, static_cast<int>(m), record.span, record.at_load, &finding);
    }
  }
}

}  // namespace

const Rule kBundleDynamicRequire = {
    "bundle-dynamic-require", Category::kCorrectness, Severity::kError, /*fixable=*/false,
    "an esbuild ES module bundle calls its require shim, which throws without require", &Check};

}  // namespace lel
