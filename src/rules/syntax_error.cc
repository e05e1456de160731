// syntax-error: a file the runtime loads does not parse. Node refuses the
// whole module graph at init (Runtime.UserCodeSyntaxError). Valid syntax
// the pinned grammar cannot parse (its known gaps, src/js) is not an error;
// a file too large or too deep to parse safely is left alone, unless the
// parser was abandoned still recovering from an error at its end, or its
// brackets nest deeper than Node's own parser survives (RangeError).
#include "rules/module_findings.h"
#include "rules/registry.h"

namespace lel {
namespace {

std::string Message(const ModuleNode& module) {
  if (module.scan.too_deep_for_node != 0) {
    return "RangeError: Maximum call stack size exceeded: brackets nest " +
           std::to_string(module.scan.too_deep_for_node) +
           " deep here, past what Node's parser survives (nodejs18.x to 24.x fail from 5,000 "
           "levels or fewer)";
  }
  const std::string what = module.format == ModuleFormat::kEsm ? "ES module" : "file";
  if (module.scan.parse_incomplete) {
    return "Runtime.UserCodeSyntaxError: SyntaxError: this " + what +
           " does not parse (the parser was still recovering from an error at its end; the "
           "first error is not located)";
  }
  return "Runtime.UserCodeSyntaxError: SyntaxError: this " + what +
         " does not parse (first error here)";
}

void Check(const Context& context, Findings* out) {
  const auto& modules = context.graph.modules();
  for (size_t m = 0; m < modules.size(); ++m) {
    const ModuleNode& module = modules[m];
    // Guard: an error that is not a grammar gap (ModuleScan::has_syntax_error).
    if (!module.read_ok || !module.scan.has_syntax_error) continue;
    Finding& finding = out->Add(kSyntaxError, Message(module));
    PlaceInModule(context, static_cast<int>(m), module.scan.first_error, true, &finding);
    const bool located = !module.scan.parse_incomplete || module.scan.too_deep_for_node != 0;
    if (!located) finding.span.reset();
  }
}

}  // namespace

const Rule kSyntaxError = {
    "syntax-error", Category::kCorrectness, Severity::kError, /*fixable=*/false,
    "a file the runtime loads does not parse", &Check};

}  // namespace lel
