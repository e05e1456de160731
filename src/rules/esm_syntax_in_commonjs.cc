// esm-syntax-in-commonjs: import/export statements, import.meta or
// top-level await in a file Node loads as CommonJS (a .js file without
// "type": "module" in its package.json). Whether Node instead detects the
// syntax and loads an ES module depends on how the file is loaded and on
// the runtime's NodeFlags (resolve/node_flags.h): on nodejs20.x an import
// of it is detected and a require() of it is not; nodejs22.x detects
// nothing (Lambda passes --no-experimental-detect-module); nodejs24.x
// detects both. Where the file fails: an error; where it loads (the graph
// then has it as an ES module): a portability warning naming the runtimes
// where it would fail.
#include "resolve/node_flags.h"
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

// The runtimes, with this function's NODE_OPTIONS, that load module `m`
// as an ES module (`loads`) or fail on it. The handler is require()d by
// aws-lambda-ric 3.x (nodejs18.x-22.x) and import()ed by 4.x (24.x); any
// other module is loaded as the graph found it.
std::string RuntimesWhere(const Context& context, int m, bool loads) {
  const ModuleNode& module = context.graph.modules()[m];
  std::string list;
  for (int major : kModeledNodeMajors) {
    const bool by_require = m == context.graph.handler() ? major < 24 : module.by_require;
    const NodeFlags flags = LambdaNodeFlags(major, context.options.node_options);
    if (flags.LoadsAmbiguousEsm(by_require) != loads) continue;
    list += (list.empty() ? "nodejs" : ", nodejs") + std::to_string(major) + ".x";
  }
  return list;
}

void Check(const Context& context, Findings* out) {
  const auto& modules = context.graph.modules();
  for (size_t m = 0; m < modules.size(); ++m) {
    const ModuleNode& module = modules[m];
    // Guard: loaded as CommonJS (or detected as an ES module), with ES syntax.
    if (module.format != ModuleFormat::kCommonJs && !module.detected_esm) continue;
    if (module.scan.first_esm_syntax == EsmSyntax::kNone) continue;
    const int index = static_cast<int>(m);
    const bool ambiguous = context.resolver.IsAmbiguousFormat(module.path);
    std::string message = NodeMessage(module.scan.first_esm_syntax);
    if (module.detected_esm) {
      message = "ES module syntax in a file Node would load as CommonJS; " +
                context.options.runtime_name() + " detects it and loads an ES module, but " +
                RuntimesWhere(context, index, /*loads=*/false) + " fail: " + message;
    }
    Finding& finding = out->Add(kEsmSyntaxInCommonjs, std::move(message));
    finding.notes.push_back("rename it to .mjs, or add \"type\": \"module\" to its package.json");
    if (module.detected_esm) {
      finding.category = Category::kPortability;
      finding.severity = Severity::kWarning;
    } else if (!ambiguous) {
      finding.notes.push_back(
          "its package.json says \"type\": \"commonjs\" (or it is .cjs): no runtime detects ES "
          "syntax here");
    } else if (std::string loads = RuntimesWhere(context, index, /*loads=*/true); !loads.empty()) {
      finding.notes.push_back(std::string(module.by_require ? "loaded by require(); "
                                                            : "loaded by import; ") +
                              loads + " would load it as an ES module");
    }
    PlaceInModule(context, index, module.scan.first_esm_syntax_span, true, &finding);
  }
}

}  // namespace

const Rule kEsmSyntaxInCommonjs = {
    "esm-syntax-in-commonjs", Category::kCorrectness, Severity::kError, /*fixable=*/false,
    "ES module syntax in a file loaded as CommonJS", &Check};

}  // namespace lel
