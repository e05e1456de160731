#include "rules/module_findings.h"

namespace lel {

void PlaceInModule(const Context& context, int m, Span span, bool at_load, Finding* finding) {
  const ModuleNode& module = context.graph.modules()[m];
  PointAt(EntryOf(context.package, module.path), finding);
  finding->span = span;
  if (finding->severity != Severity::kError) return;
  if (module.reach == Reach::kNever) {
    finding->severity = Severity::kWarning;
    finding->notes.push_back("the handler " + context.options.handler +
                             " never loads this file; it fails only where another handler does");
    return;
  }
  if (module.reach == Reach::kInit && at_load) return;
  if (module.path.find("/node_modules/") != std::string::npos) {
    finding->severity = Severity::kWarning;
    finding->notes.push_back("inside a package function: it fails only if that code runs");
    return;
  }
  finding->notes.push_back("fails when this code runs (at invoke), not at init");
}

}  // namespace lel
