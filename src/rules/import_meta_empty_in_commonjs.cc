// import-meta-empty-in-commonjs: a CommonJS bundle made by esbuild
// (--format=cjs) from code that reads import.meta. A CommonJS file has no
// import.meta, so esbuild substitutes an empty object (and warns
// "import.meta is not available with the cjs output format and will be
// empty"): `fileURLToPath(import.meta.url)` becomes
// `fileURLToPath(import_meta.url)`, which gets undefined and throws. The
// scan finds the stand-in and its uses (src/js/esbuild_runtime.h).
#include "rules/module_findings.h"
#include "rules/registry.h"

namespace lel {
namespace {

std::string Advice(const std::string& property) {
  if (property == "dirname") return "use __dirname in a CommonJS bundle";
  if (property == "filename") return "use __filename in a CommonJS bundle";
  return "use __filename (or require('url').pathToFileURL(__filename).href) in a CommonJS "
         "bundle, or bundle as an ES module (--format=esm, a .mjs output)";
}

void Check(const Context& context, Findings* out) {
  const auto& modules = context.graph.modules();
  for (size_t m = 0; m < modules.size(); ++m) {
    const ModuleNode& module = modules[m];
    // Guard: only a file loaded as CommonJS is what esbuild built it for;
    // as an ES module the stand-in is just an empty object someone wrote.
    if (!module.read_ok || module.format != ModuleFormat::kCommonJs) continue;
    for (const ModuleScan::EmptyImportMetaUse& use : module.scan.empty_import_meta_uses) {
      Finding& finding = out->Add(
          kImportMetaEmptyInCommonjs,
          "TypeError: import.meta." + use.property +
              " is undefined here: esbuild's CommonJS output replaced import.meta with an empty "
              "object, and this call throws on undefined");
      finding.notes.push_back(Advice(use.property));
      if (use.caught) {
        // yargs 17's ESM shim: try { fileURLToPath(import.meta.url) } catch
        // { process.cwd() }. The bundle loads (lambda-sim), with a fallback
        // value in place of the file's path.
        finding.severity = Severity::kInfo;
        finding.notes.push_back(
            "the TypeError is caught by an enclosing try/catch: the code goes on with its "
            "fallback instead of this file's path");
      } else if (!use.at_load) {
        // Inside a function: it fails only if that function is called.
        finding.severity = Severity::kWarning;
        finding.notes.push_back("inside a function: it fails only if this code runs");
      }
      PlaceInModule(context, static_cast<int>(m), use.span, use.at_load, &finding);
    }
  }
}

}  // namespace

const Rule kImportMetaEmptyInCommonjs = {
    "import-meta-empty-in-commonjs", Category::kCorrectness, Severity::kError, /*fixable=*/false,
    "a CommonJS bundle uses esbuild's empty stand-in for import.meta where it throws", &Check};

}  // namespace lel
