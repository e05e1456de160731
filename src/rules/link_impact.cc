#include "rules/link_impact.h"

#include "rules/module_graph.h"

namespace lel {

bool ApplyLinkImpact(const Context& context, Finding* finding) {
  const LinkState& link = context.link;
  if (link.layer_imports.empty()) return false;
  const ModuleGraph& graph = context.graph;
  for (const LayerImport& use : link.layer_imports) {
    const ModuleNode& module = graph.modules()[use.module];
    const ImportRecord& record = module.records()[module.edges[use.edge].import_index];
    finding->notes.push_back("'" + record.specifier + "' imported by " +
                             EntryOf(context.package, module.path).name + " is in the layer at " +
                             use.layer_folder.substr(5));
  }
  if (context.options.managed) {
    finding->category = Category::kPortability;
    finding->severity = Severity::kWarning;
    finding->notes.push_back(
        "loads on the managed " + context.options.runtime_name() +
        " runtime through NODE_PATH; fails at init where ES modules resolve as stock Node.js "
        "does: container images on stock Node, custom runtimes, local emulators "
        "(check those with --resolution stock)");
    return true;
  }
  finding->category = Category::kCorrectness;
  finding->severity =
      link.WorstReach(graph) == Reach::kNever ? Severity::kWarning : Severity::kError;
  if (finding->severity == Severity::kWarning) {
    finding->notes.push_back("only files the handler " + context.options.handler +
                             " never loads need it");
  }
  return true;
}

}  // namespace lel
