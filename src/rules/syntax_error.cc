// syntax-error: a file the runtime loads does not parse. Node refuses the
// whole module graph at init (Runtime.UserCodeSyntaxError). Valid syntax
// the pinned grammar cannot parse (its known gaps, src/js) is not an error;
// a file too large or too deep to parse safely is left alone, unless the
// parser was abandoned still recovering from an error at its end.
#include "rules/module_findings.h"
#include "rules/registry.h"

namespace lel {
namespace {

void Check(const Context& context, Findings* out) {
  const auto& modules = context.graph.modules();
  for (size_t m = 0; m < modules.size(); ++m) {
    const ModuleNode& module = modules[m];
    // Guard: an error that is not a grammar gap (ModuleScan::has_syntax_error).
    if (!module.read_ok || !module.scan.has_syntax_error) continue;
    const bool located = !module.scan.parse_incomplete;
    Finding& finding = out->Add(
        kSyntaxError, "Runtime.UserCodeSyntaxError: SyntaxError: this " +
                          std::string(module.format == ModuleFormat::kEsm ? "ES module" : "file") +
                          (located ? " does not parse (first error here)"
                                   : " does not parse (the parser was still recovering from an "
                                     "error at its end; the first error is not located)"));
    PlaceInModule(context, static_cast<int>(m), module.scan.first_error, true, &finding);
    if (!located) finding.span.reset();
  }
}

}  // namespace

const Rule kSyntaxError = {
    "syntax-error", Category::kCorrectness, Severity::kError, /*fixable=*/false,
    "a file the runtime loads does not parse", &Check};

}  // namespace lel
