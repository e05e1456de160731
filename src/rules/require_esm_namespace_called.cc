// require-esm-namespace-called: the value of require() of an ES module is
// called as a function, `require('p-retry')(...)` or `const pRetry =
// require('p-retry'); pRetry(...)`. Where require(esm) works (nodejs24.x, or
// NODE_OPTIONS re-enabling it: NodeFlags), require() returns the module's
// namespace object, which is never callable: the call throws `TypeError:
// pRetry is not a function` when it runs (lambda-sim, nodejs24.x). Node
// returns the value of an export named "module.exports" instead when the
// module has one (run, node 24.22.3); such a module is left alone, as is one
// whose names cannot be known. Where require(esm) is off the require() itself
// fails (require-esm-unsupported) and this rule says nothing.
#include "rules/export_names.h"
#include "rules/module_findings.h"
#include "rules/registry.h"

namespace lel {
namespace {

void Check(const Context& context, Findings* out) {
  // Guard: without require(esm), the require() throws first.
  if (!context.resolver.options().Flags().require_module) return;
  const auto& modules = context.graph.modules();
  ExportNames exports(context.graph, context.options.node_major());
  for (size_t m = 0; m < modules.size(); ++m) {
    for (const ImportEdge& edge : modules[m].edges) {
      const ImportRecord& record = modules[m].records()[edge.import_index];
      // Guard: a require() whose result is called, of a module loaded as
      // an ES module.
      if (record.kind != ImportKind::kRequire || !record.result_call || edge.target < 0 ||
          modules[edge.target].format != ModuleFormat::kEsm) {
        continue;
      }
      // Guard: an export named "module.exports" is what require() returns.
      if (exports.Lookup(edge.target, "module.exports") != NameLookup::kMissing) continue;
      const bool has_default = exports.Lookup(edge.target, "default") == NameLookup::kProvided;
      Finding& finding = out->Add(
          kRequireEsmNamespaceCalled,
          "TypeError: " + record.result_call->callee + " is not a function: on " +
              context.options.runtime_name() + " require('" + record.specifier +
              "') of an ES module returns its module namespace object, which cannot be called");
      finding.specifier = record.specifier;
      finding.notes.push_back(
          has_default ? "call its default export: require('" + record.specifier +
                            "').default(...), or load it with import('" + record.specifier + "')"
                      : "'" + record.specifier +
                            "' has no default export; call one of its named exports, or load it "
                            "with import('" + record.specifier + "')");
      const ImportRecord::ResultCall& call = *record.result_call;
      if (call.caught) {
        // The TypeError is caught where it happens: the code goes on
        // without what it wanted.
        finding.severity = Severity::kWarning;
        finding.category = Category::kSuspicious;
        finding.notes.push_back("the TypeError is caught by an enclosing try/catch");
      }
      PlaceInModule(context, static_cast<int>(m), call.span, call.at_load, &finding);
    }
  }
}

}  // namespace

const Rule kRequireEsmNamespaceCalled = {
    "require-esm-namespace-called", Category::kCorrectness, Severity::kError, /*fixable=*/false,
    "the result of require() of an ES module is called, but it is the module namespace",
    &Check};

}  // namespace lel
