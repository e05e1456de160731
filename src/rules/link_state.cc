#include "rules/link_state.h"

#include <cstdlib>

namespace lel {
namespace {

constexpr std::string_view kLinkPath = "/var/task/node_modules";

std::string Trim(std::string_view text) {
  const char* space = " \t\r\n";
  size_t begin = text.find_first_not_of(space);
  if (begin == std::string_view::npos) return {};
  size_t end = text.find_last_not_of(space);
  return std::string(text.substr(begin, end - begin + 1));
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

}  // namespace

bool IsBareSpecifier(std::string_view specifier) {
  if (specifier.empty()) return false;
  if (StartsWith(specifier, "./") || StartsWith(specifier, "../") || specifier == "." ||
      specifier == ".." || specifier.front() == '/' || specifier.front() == '#') {
    return false;
  }
  // URLs (node:, file:, data:) are not package names.
  size_t colon = specifier.find(':');
  size_t slash = specifier.find('/');
  return colon == std::string_view::npos || (slash != std::string_view::npos && slash < colon);
}

bool IsLayerPackageFolder(std::string_view path, int* node_major) {
  *node_major = 0;
  if (path == "/opt/nodejs/node_modules") return true;
  constexpr std::string_view kPrefix = "/opt/nodejs/node";
  constexpr std::string_view kSuffix = "/node_modules";
  if (!StartsWith(path, kPrefix) || path.size() <= kPrefix.size() + kSuffix.size()) return false;
  if (path.substr(path.size() - kSuffix.size()) != kSuffix) return false;
  std::string_view digits = path.substr(kPrefix.size(), path.size() - kPrefix.size() - kSuffix.size());
  if (digits.empty() || digits.size() > 3) return false;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
  }
  *node_major = std::atoi(std::string(digits).c_str());
  return true;
}

void PointAtLink(const LinkState& link, Finding* finding, std::string_view absent_name) {
  if (link.entry != nullptr) {
    PointAt(0, *link.entry, finding);
    return;
  }
  finding->archive = 0;
  finding->path = std::string(absent_name);
  finding->entry = -1;
}

Reach LinkState::WorstReach(const ModuleGraph& graph) const {
  Reach worst = Reach::kNever;
  for (const LayerImport& use : layer_imports) {
    Reach reach = graph.modules()[use.module].reach;
    if (reach > worst) worst = reach;
  }
  return worst;
}

bool LinkState::IsLayerImport(int module, size_t edge) const {
  for (const LayerImport& use : layer_imports) {
    if (use.module == module && use.edge == edge) return true;
  }
  return false;
}

LinkState AnalyzeLink(const LambdaPackage& package, const ModuleGraph& graph,
                      const Resolver& resolver, const Resolver& managed) {
  LinkState state;
  const Vfs& vfs = package.vfs;
  Lookup link = vfs.Resolve(kLinkPath, /*follow_final=*/false);
  if (link.status == LookupStatus::kOk) {
    state.entry = vfs.EntryOf(link.node->origin);
    switch (link.node->type) {
      case NodeType::kSymlink:
        state.kind = LinkKind::kSymlink;
        state.target = link.node->symlink_target;
        break;
      case NodeType::kDirectory:
        state.kind = LinkKind::kDirectory;
        break;
      case NodeType::kFile: {
        const bool link_bits = state.entry != nullptr && state.entry->has_link_mode;
        state.kind = link_bits ? LinkKind::kNonUnixLink : LinkKind::kFile;
        std::string content, err;
        if (vfs.ReadFile(kLinkPath, &content, &err)) state.target = Trim(content);
        break;
      }
    }
  }
  if (!state.target.empty()) {
    state.target_is_relative = state.target.front() != '/';
    state.resolved_target = NormalizePath(kTaskRoot, state.target);
    state.target_is_layer_folder =
        IsLayerPackageFolder(state.resolved_target, &state.target_node_major);
    state.target_exists = vfs.IsDirectory(state.resolved_target);
  }
  state.link_works = state.kind == LinkKind::kSymlink && vfs.IsDirectory(kLinkPath);

  for (const std::string& folder : resolver.options().node_path) {
    if (StartsWith(folder, "/opt/") && !vfs.List(folder).empty()) {
      state.populated_layer_folders.push_back(folder);
    }
  }

  // Which of the function's bare ES module imports only a layer satisfies.
  // A real node_modules folder cannot also be a link: imports it lacks are
  // plain import failures, not the link rules' business.
  if (state.kind == LinkKind::kDirectory) return state;
  const bool stock = !resolver.options().managed;
  for (size_t m = 0; m < graph.modules().size(); ++m) {
    const ModuleNode& module = graph.modules()[m];
    if (!StartsWith(module.path, "/var/task/")) continue;
    for (size_t e = 0; e < module.edges.size(); ++e) {
      const ImportEdge& edge = module.edges[e];
      const ImportRecord& record = module.records()[edge.import_index];
      // require() searches NODE_PATH on every runtime; import and import()
      // (in a CommonJS file too) do not on stock Node.
      if (!ResolvesAsEsm(record.kind) || !IsBareSpecifier(record.specifier)) continue;
      Resolution found = edge.resolution;
      if (stock) {
        if (found.kind != Resolution::Kind::kError) continue;
        found = managed.ResolveImport(
            {record.specifier, module.path,
             TypeAttributeOf(record, managed.options().node_major)});
      }
      if (found.kind == Resolution::Kind::kFile && StartsWith(found.node_path_folder, "/opt/")) {
        state.layer_imports.push_back({static_cast<int>(m), e, found.node_path_folder});
      }
    }
  }
  return state;
}

}  // namespace lel
