#include "rules/link_fix.h"

#include <algorithm>
#include <set>

#include "rules/link_state.h"
#include "rules/module_graph.h"

namespace lel {
namespace {

constexpr uint32_t kTypeMask = 0170000;
constexpr uint32_t kLinkMode = 0120777;

// "@scope/name/sub" -> "@scope/name"; "name/sub" -> "name".
std::string PackageName(std::string_view specifier) {
  size_t slash = specifier.find('/');
  if (!specifier.empty() && specifier[0] == '@' && slash != std::string_view::npos) {
    slash = specifier.find('/', slash + 1);
  }
  return std::string(specifier.substr(0, slash));
}

// Packages the function's own modules import by bare name.
std::vector<std::string> ImportedPackages(const Context& context) {
  std::set<std::string> names;
  for (const ModuleNode& module : context.graph.modules()) {
    if (!std::string_view(module.path).starts_with("/var/task/")) continue;
    for (const ImportRecord& record : module.scan.imports) {
      if (!record.analyzable || !IsBareSpecifier(record.specifier)) continue;
      std::string name = PackageName(record.specifier);
      if (!IsBuiltin(name, context.options.node_major(), false)) names.insert(name);
    }
  }
  return {names.begin(), names.end()};
}

}  // namespace

std::string ChooseLinkTarget(const LambdaPackage& package, const CheckOptions& options,
                             const std::vector<std::string>& wanted) {
  const std::string versioned =
      "/opt/nodejs/node" + std::to_string(options.node_major()) + "/node_modules";
  const std::string generic = "/opt/nodejs/node_modules";
  auto score = [&](const std::string& folder) {
    int count = 0;
    for (const std::string& name : wanted) count += package.vfs.IsDirectory(folder + "/" + name);
    return count;
  };
  const bool has_versioned = !package.vfs.List(versioned).empty();
  const bool has_generic = !package.vfs.List(generic).empty();
  if (has_versioned && (!has_generic || score(versioned) > score(generic))) return versioned;
  return has_generic ? generic : "";
}

std::string PlanLinkTarget(const Context& context, const FixOptions& options,
                           const std::vector<std::string>& extra_wanted, std::string* why) {
  const LambdaPackage& package = context.package;
  const std::string& given = options.link_target;
  std::string target = given;
  if (given.empty()) {
    std::vector<std::string> wanted = ImportedPackages(context);
    wanted.insert(wanted.end(), extra_wanted.begin(), extra_wanted.end());
    target = ChooseLinkTarget(package, context.options, wanted);
  }
  if (target.empty()) {
    *why = "no layer provides /opt/nodejs/node_modules or /opt/nodejs/node" +
           std::to_string(context.options.node_major()) + "/node_modules to link to";
    return {};
  }
  // Guard: a target given with --link-target must be a folder the layers
  // fill; a link there would dangle.
  if (!given.empty() && (given.front() != '/' || package.vfs.List(given).empty())) {
    *why = given.front() != '/' ? std::string("it is not an absolute path")
                                : "no layer fills " + given + ", so the link would dangle";
    return {};
  }
  // Every import that needs the layer must be reachable through the one
  // link, else fixing the link only moves the error.
  std::vector<std::string> unreachable;  // "uuid (in /opt/nodejs/node_modules)"
  std::vector<std::string> unreachable_names;
  for (const LayerImport& use : context.link.layer_imports) {
    const ModuleNode& module = context.graph.modules()[use.module];
    const std::string name =
        PackageName(module.records()[module.edges[use.edge].import_index].specifier);
    if (!package.vfs.IsDirectory(target + "/" + name) &&
        std::find(unreachable_names.begin(), unreachable_names.end(), name) ==
            unreachable_names.end()) {
      unreachable_names.push_back(name);
      unreachable.push_back(name + " (in " + use.layer_folder + ")");
    }
  }
  if (!unreachable.empty()) {
    const std::string list = ShortList(unreachable, options.verbose);
    *why = given.empty() ? "a link to " + target + " would not reach " + list +
                               "; no single link reaches every layer package (use --link-target)"
                         : "a link there would not reach " + list;
    return {};
  }
  return target;
}

bool PlanLinkRepair(const Context& context, const FixOptions& options, std::string_view title,
                    Fix* fix, std::string* why) {
  const LinkState& link = context.link;
  // Guard: an entry to repair (an implied folder has none).
  const Entry* entry = link.entry;
  if (entry == nullptr || link.kind == LinkKind::kAbsent || link.kind == LinkKind::kDirectory) {
    *why = "node_modules is not a single entry of the function zip";
    return false;
  }
  // Guard: only the function's own entry.
  const PackageSource& function = context.package.function();
  const std::vector<Entry>& own = function.entries();
  if (own.empty() || entry < own.data() || entry >= own.data() + own.size()) {
    *why = "node_modules comes from a layer";
    return false;
  }
  const std::string target = PlanLinkTarget(context, options, {}, why);
  if (target.empty()) return false;
  std::string stored, err;
  if (!function.Read(*entry, &stored, &err)) {
    *why = "cannot read node_modules: " + err;
    return false;
  }
  const bool unix_host = entry->made_by_host == kHostUnix;
  const bool link_mode =
      unix_host ? (entry->unix_mode & kTypeMask) == (kLinkMode & kTypeMask) : entry->has_link_mode;
  // Guard: nothing to change.
  if (stored == target && unix_host && link_mode) {
    *why = "node_modules already links to " + target;
    return false;
  }
  if (stored != target) {
    ArchiveEdit replace = EntryEdit(ArchiveEdit::kReplaceContent, *entry);
    replace.content = target;
    fix->edits.push_back(replace);
  }
  if (!link_mode) fix->edits.push_back(ModeEdit(*entry, kLinkMode));
  if (!unix_host) fix->edits.push_back(EntryEdit(ArchiveEdit::kSetUnixHost, *entry));
  fix->title = std::string(title) + target;
  // The folder the link reached so far, if a layer fills it, is left to
  // layer-content-unreachable: a layer problem this fix uncovers.
  if (link.kind == LinkKind::kSymlink && link.target_exists && link.resolved_target != target) {
    fix->reveals.push_back("layer-content-unreachable");
  }
  return true;
}

}  // namespace lel
