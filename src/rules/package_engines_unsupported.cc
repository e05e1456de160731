// package-engines-unsupported: a package the handler loads declares, in its
// package.json "engines": {"node": RANGE}, a range without this runtime's
// Node. Node never reads "engines" and npm only warns, so this is no
// promise of a failure: many packages load outside their range (the hunt:
// rules/package-engines-unsupported.md has the figures). It is the one
// static hint of a failure no rule can see, such as webidl-conversions@8
// reading ArrayBuffer.prototype.resizable, absent in Node 18, at load.
#include <set>

#include "resolve/node_range.h"
#include "rules/module_findings.h"
#include "rules/module_graph.h"
#include "rules/registry.h"

namespace lel {
namespace {

// "/var/task/node_modules/@s/p" for a file of that package; "" outside
// node_modules.
std::string PackageRoot(const std::string& path) {
  constexpr std::string_view kFolder = "/node_modules/";
  const size_t at = path.rfind(kFolder);
  if (at == std::string::npos) return {};
  const size_t name = at + kFolder.size();
  size_t end = path.find('/', name);
  if (end != std::string::npos && path[name] == '@') end = path.find('/', end + 1);
  return end == std::string::npos ? std::string() : path.substr(0, end);
}

std::string VersionText(const NodeVersion& v) {
  return std::to_string(v[0]) + "." + std::to_string(v[1]) + "." + std::to_string(v[2]);
}

void Check(const Context& context, Findings* out) {
  const ModuleGraph& graph = context.graph;
  const NodeVersion node = ModeledNodeVersion(context.options.node_major());
  std::set<std::string> seen;
  for (size_t m = 0; m < graph.modules().size(); ++m) {
    const ModuleNode& module = graph.modules()[m];
    // Guard: a file the handler loads, inside a package, once per package.
    if (module.reach == Reach::kNever) continue;
    const std::string root = PackageRoot(module.path);
    if (root.empty() || !seen.insert(root).second) continue;
    std::shared_ptr<const PackageJson> pkg = context.resolver.ReadPackageJson(root + "/package.json");
    // Guard: a range that leaves this Node out (an unreadable one says nothing).
    if (!pkg->valid || !pkg->has_engines_node) continue;
    if (MatchNodeRange(pkg->engines_node, node) != RangeMatch::kExcludes) continue;
    const std::string name = pkg->name.empty() ? root.substr(root.rfind('/') + 1) : pkg->name;
    Finding& finding = out->Add(
        kPackageEnginesUnsupported,
        "'" + name + (pkg->version.empty() ? "" : "@" + pkg->version) +
            "' declares engines.node '" + pkg->engines_node + "', which leaves out Node " +
            VersionText(node) + " of " + context.options.runtime_name());
    EntryRef entry = EntryOf(context.package, root + "/package.json");
    PointAt(entry, &finding);
    NoteLoadedThrough(graph, static_cast<int>(m), &finding);
    finding.notes.push_back(
        "Node does not enforce engines: the package may load, or fail at init or later on an "
        "API or syntax this Node lacks; run it on " + context.options.runtime_name() +
        " or move to a runtime the range includes");
  }
}

}  // namespace

const Rule kPackageEnginesUnsupported = {
    "package-engines-unsupported", Category::kSuspicious, Severity::kWarning, /*fixable=*/false,
    "a package the handler loads declares engines.node without this runtime's Node", &Check};

}  // namespace lel
