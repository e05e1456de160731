#include "rules/loaded_files.h"

#include "rules/handler.h"
#include "rules/module_graph.h"

namespace lel {

std::set<std::string> LoadedFiles(const Context& context) {
  std::set<std::string> files;
  if (context.handler.found) files.insert(context.handler.path);
  for (const ModuleNode& module : context.graph.modules()) {
    if (module.reach == Reach::kNever) continue;
    files.insert(module.path);
    for (const ImportEdge& edge : module.edges) {
      if (edge.resolution.kind == Resolution::Kind::kFile) files.insert(edge.resolution.path);
    }
  }
  return files;
}

}  // namespace lel
