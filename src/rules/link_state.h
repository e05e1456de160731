// What the function's /var/task/node_modules is, and which imports depend on
// it: the facts the node_modules-link rules share, computed once.
#ifndef LEL_RULES_LINK_STATE_H_
#define LEL_RULES_LINK_STATE_H_

#include <string>
#include <vector>

#include "archive/lambda_view.h"
#include "rules/module_graph.h"

namespace lel {

enum class LinkKind {
  kAbsent,        // no node_modules entry at all
  kSymlink,       // a real Unix symlink entry
  kNonUnixLink,   // link mode bits, but a non-Unix "made by" host
  kFile,          // a regular file (often holding a path as text)
  kDirectory,     // a real folder: bundled packages
};

// An ES module's bare import that only the layers can satisfy: it needs a
// working node_modules link under stock resolution.
struct LayerImport {
  int module = -1;     // ModuleGraph index
  size_t edge = 0;     // index into that module's edges
  std::string layer_folder;  // "/opt/nodejs/node_modules"
};

struct LinkState {
  LinkKind kind = LinkKind::kAbsent;
  const Entry* entry = nullptr;       // the node_modules entry (if one exists)
  std::string target;                 // link target, or the file's text (trimmed)
  std::string resolved_target;        // absolute, normalised against /var/task
  bool target_is_relative = false;
  bool target_is_layer_folder = false;  // /opt/nodejs[/nodeNN]/node_modules
  int target_node_major = 0;          // NN of /opt/nodejs/nodeNN/node_modules
  bool target_exists = false;         // a folder exists there with these layers
  bool link_works = false;            // the view follows it to a folder
  std::vector<LayerImport> layer_imports;
  // Layer folders the runtime's NODE_PATH searches that hold packages.
  std::vector<std::string> populated_layer_folders;

  // The worst reach among layer_imports (kNever when none is reached).
  Reach WorstReach(const ModuleGraph& graph) const;
  bool IsLayerImport(int module, size_t edge) const;
};

// `managed` resolves the same view with NODE_PATH search on, to tell which
// failing (stock) imports the layers could satisfy.
LinkState AnalyzeLink(const LambdaPackage& package, const ModuleGraph& graph,
                      const Resolver& resolver, const Resolver& managed);

// "/opt/nodejs/node_modules" -> true (major 0); "/opt/nodejs/node20/node_modules"
// -> true (major 20); anything else false.
bool IsLayerPackageFolder(std::string_view path, int* node_major);

bool IsBareSpecifier(std::string_view specifier);

// Points a link rule's finding at the function's node_modules entry, by id
// (PointAt); without one, at `absent_name` (what a fix would add).
void PointAtLink(const LinkState& link, Finding* finding,
                 std::string_view absent_name = "node_modules");

}  // namespace lel

#endif  // LEL_RULES_LINK_STATE_H_
