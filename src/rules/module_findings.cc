#include "rules/module_findings.h"

namespace lel {

void WeighByReach(const Context& context, int m, bool at_load, std::string_view condition,
                  std::string_view lazy_in_package_note, Finding* finding) {
  if (finding->severity != Severity::kError) return;
  const ModuleGraph& graph = context.graph;
  const ModuleNode& module = graph.modules()[m];
  if (module.reach == Reach::kNever) {
    finding->severity = Severity::kWarning;
    finding->notes.push_back("the handler " + context.options.handler +
                             " never loads this file; it fails only where another handler does");
    return;
  }
  // A test not known at load decides whether the code runs (pg's
  // `if (process.env.NODE_PG_FORCE_NATIVE) require('./native')`): nothing
  // promises that it fails.
  if (!condition.empty()) {
    finding->severity = Severity::kWarning;
    finding->notes.push_back("this runs only when `" + std::string(condition) +
                             "` holds; it fails only where it does");
    return;
  }
  if (module.reach == Reach::kConditional) {
    finding->severity = Severity::kWarning;
    const auto [from, record] = graph.ConditionalImportTo(m);
    std::string where;
    if (record != nullptr) {
      where = " `" + record->condition + "` holds (the import of '" + record->specifier +
              "' in " + EntryOf(context.package, graph.modules()[from].path).name + ")";
    } else {
      where = " a test holds";
    }
    finding->notes.push_back("the handler loads this file only when" + where +
                             "; it fails only where it does");
    return;
  }
  if (module.reach == Reach::kInit && at_load) return;
  // Inside a package, a lazy import() or require() is how optional
  // dependencies are loaded; it fails only if that path runs, which
  // nothing promises. In the function's own code it is a bug on a path
  // that does run when called.
  if (module.path.find("/node_modules/") != std::string::npos) {
    finding->severity = Severity::kWarning;
    finding->notes.push_back(std::string(lazy_in_package_note));
    return;
  }
  finding->notes.push_back("fails when this code runs (at invoke), not at init");
}

void PlaceInModule(const Context& context, int m, Span span, bool at_load, Finding* finding) {
  const ModuleNode& module = context.graph.modules()[m];
  PointAt(EntryOf(context.package, module.path), finding);
  finding->span = span;
  WeighByReach(context, m, at_load, /*condition=*/{},
               "inside a package function: it fails only if that code runs", finding);
}

void NoteLoadedThrough(const ModuleGraph& graph, int m, Finding* finding) {
  if (graph.modules()[m].reach == Reach::kNever) return;
  std::vector<std::string> chain = graph.ChainTo(m);
  if (chain.size() < 2) return;
  std::string text;
  for (const std::string& step : chain) text += (text.empty() ? "" : " -> ") + step;
  finding->notes.push_back("loaded by the handler through " + text);
}

}  // namespace lel
