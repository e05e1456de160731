// esm-syntax-in-commonjs: import/export statements, import.meta or
// top-level await in a file Node loads as CommonJS (a .js file without
// "type": "module" in its package.json). Lambda turns off Node's module
// syntax detection on nodejs22.x (and nodejs20.x has none), so the file
// fails with a SyntaxError at load; nodejs24.x detects the syntax and
// loads it as an ES module: a portability warning there.
#include "rules/module_findings.h"
#include "rules/registry.h"

namespace lel {
namespace {

std::string NodeMessage(EsmSyntax syntax) {
  switch (syntax) {
    case EsmSyntax::kImportStatement:
      return "Runtime.UserCodeSyntaxError: SyntaxError: Cannot use import statement outside a module";
    case EsmSyntax::kExportStatement:
      return "Runtime.UserCodeSyntaxError: SyntaxError: Unexpected token 'export'";
    case EsmSyntax::kTopLevelAwait:
      return "Runtime.UserCodeSyntaxError: SyntaxError: await is only valid in async functions "
             "and the top level bodies of modules";
    case EsmSyntax::kImportMeta:
      return "Runtime.UserCodeSyntaxError: SyntaxError: Cannot use 'import.meta' outside a module";
    case EsmSyntax::kNone:
      break;
  }
  return "SyntaxError";
}

void Check(const Context& context, Findings* out) {
  const auto& modules = context.graph.modules();
  for (size_t m = 0; m < modules.size(); ++m) {
    const ModuleNode& module = modules[m];
    // Guard: loaded as CommonJS (or detected as ESM on nodejs24.x), with ES syntax.
    if (module.format != ModuleFormat::kCommonJs && !module.detected_esm) continue;
    if (module.scan.first_esm_syntax == EsmSyntax::kNone) continue;
    Finding& finding = out->Add(
        kEsmSyntaxInCommonjs,
        module.detected_esm
            ? "ES module syntax in a file Node would load as CommonJS; nodejs24.x detects it and "
              "loads an ES module, but nodejs20.x and 22.x fail: " +
                  NodeMessage(module.scan.first_esm_syntax)
            : NodeMessage(module.scan.first_esm_syntax));
    finding.notes.push_back("rename it to .mjs, or add \"type\": \"module\" to its package.json");
    if (module.detected_esm) {
      finding.category = Category::kPortability;
      finding.severity = Severity::kWarning;
    }
    PlaceInModule(context, static_cast<int>(m), module.scan.first_esm_syntax_span, true, &finding);
  }
}

}  // namespace

const Rule kEsmSyntaxInCommonjs = {
    "esm-syntax-in-commonjs", Category::kCorrectness, Severity::kError, /*fixable=*/false,
    "ES module syntax in a file loaded as CommonJS", &Check};

}  // namespace lel
