// layer-content-unreachable: a layer's packages sit where no lookup
// searches: node_modules/ at the layer root (lands at /opt/node_modules), or
// nodejs/nodeNN/node_modules/ for a Node major other than the runtime's.
#include <set>

#include "rules/link_impact.h"
#include "rules/registry.h"

namespace lel {
namespace {

// The package folder an entry name sits in, when it is one no lookup
// searches on this runtime; "" otherwise.
std::string UnreachableFolder(std::string_view name, int runtime_major) {
  if (name.substr(0, 13) == "node_modules/") return "node_modules/";
  constexpr std::string_view kPrefix = "nodejs/node";
  if (name.substr(0, kPrefix.size()) != kPrefix) return {};
  size_t slash = name.find('/', kPrefix.size());
  if (slash == std::string_view::npos) return {};
  std::string folder = "/opt/" + std::string(name.substr(0, slash)) + "/node_modules";
  int major = 0;
  if (!IsLayerPackageFolder(folder, &major) || major == 0 || major == runtime_major) return {};
  if (name.substr(slash, 14) != "/node_modules/") return {};
  return std::string(name.substr(0, slash)) + "/node_modules/";
}

void Check(const Context& context, Findings* out) {
  const LambdaPackage& package = context.package;
  for (size_t layer = 1; layer < package.archives.size(); ++layer) {
    std::set<std::string> folders;
    for (const Entry& entry : package.archives[layer]->entries()) {
      std::string folder = UnreachableFolder(entry.name, context.options.node_major());
      // Guard: a folder the function's link points at is reachable for ES modules.
      if (folder.empty() || (context.link.link_works &&
                             context.link.resolved_target + "/" == "/opt/" + folder)) {
        continue;
      }
      folders.insert(folder);
    }
    for (const std::string& folder : folders) {
      Finding& finding = out->Add(
          kLayerContentUnreachable,
          "packages in " + folder + " are not searched on " + context.options.runtime_name() +
              (folder == "node_modules/"
                   ? ": a layer's node_modules/ at its root lands at /opt/node_modules; put "
                     "packages under nodejs/node_modules/"
                   : "; put them under nodejs/node_modules/ or nodejs/node" +
                         std::to_string(context.options.node_major()) + "/node_modules/"));
      finding.archive = static_cast<int>(layer);
      finding.path = folder;
    }
  }
}

}  // namespace

const Rule kLayerContentUnreachable = {
    "layer-content-unreachable", Category::kCorrectness, Severity::kWarning, /*fixable=*/false,
    "a layer's packages sit in a folder that no lookup searches", &Check};

}  // namespace lel
