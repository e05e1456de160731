#include "rules/module_graph.h"

#include <deque>
#include <functional>

namespace lel {
namespace {

bool Followable(ModuleFormat format) {
  return format == ModuleFormat::kEsm || format == ModuleFormat::kCommonJs;
}

// Every file under `dir` (a view path), not following links and not
// entering node_modules folders: the function's own code.
void CollectOwnFiles(const VfsNode& dir, const std::string& dir_path,
                     std::vector<std::string>* out) {
  for (const auto& [name, child] : dir.children) {
    std::string path = dir_path + "/" + name;
    if (child->type == NodeType::kFile) {
      out->push_back(std::move(path));
    } else if (child->type == NodeType::kDirectory && name != "node_modules") {
      CollectOwnFiles(*child, path, out);
    }
  }
}

}  // namespace

EntryRef EntryOf(const LambdaPackage& package, std::string_view view_path) {
  EntryRef ref;
  Origin origin = package.vfs.OriginOf(view_path);
  if (origin.entry != nullptr) {
    ref.archive = origin.archive;
    ref.name = origin.entry->name;
    return ref;
  }
  // An implied folder or a file whose entry we do not know: derive the name.
  auto strip = [&](std::string_view root, int archive) {
    if (view_path.substr(0, root.size()) != root) return false;
    if (view_path.size() > root.size() && view_path[root.size()] != '/') return false;
    ref.archive = archive;
    ref.name = std::string(view_path.substr(std::min(view_path.size(), root.size() + 1)));
    return true;
  };
  if (!strip(kTaskRoot, 0) && strip(kOptRoot, 1) && origin.archive > 0) ref.archive = origin.archive;
  return ref;
}

int ModuleGraph::Find(const std::string& path) const {
  auto it = index_.find(path);
  return it == index_.end() ? -1 : it->second;
}

int ModuleGraph::AddModule(const std::string& path, ModuleFormat format) {
  auto [it, inserted] = index_.emplace(path, static_cast<int>(modules_.size()));
  if (inserted) {
    ModuleNode& node = modules_.emplace_back();
    node.path = path;
    node.format = format;
  }
  return it->second;
}

ModuleGraph ModuleGraph::Build(const LambdaPackage& package, const Resolver& resolver,
                               const std::string& handler_path) {
  ModuleGraph graph;
  graph.package_ = &package;
  if (!handler_path.empty()) {
    graph.handler_ = graph.AddModule(handler_path, resolver.FormatOf(handler_path));
  }
  // The function's own ES modules are checked whether or not the handler
  // reaches them: one zip often serves several handlers.
  Lookup task = package.vfs.Resolve(kTaskRoot);
  if (task.status == LookupStatus::kOk && task.node->type == NodeType::kDirectory) {
    std::vector<std::string> files;
    CollectOwnFiles(*task.node, std::string(kTaskRoot), &files);
    for (const std::string& file : files) {
      if (resolver.FormatOf(file) == ModuleFormat::kEsm) graph.AddModule(file, ModuleFormat::kEsm);
    }
  }
  // modules_ grows while we walk it: each module is scanned once.
  for (size_t i = 0; i < graph.modules_.size(); ++i) {
    std::string source, err;
    if (!package.vfs.ReadFile(graph.modules_[i].path, &source, &err)) {
      graph.modules_[i].read_ok = false;
      graph.modules_[i].read_error = err;
      continue;
    }
    // Scanned into a local: AddModule() below may move modules_ around.
    ModuleScan scan = ScanModule(source);
    // Node 22.12+ detects module syntax in files it would load as CommonJS;
    // Lambda turns that off on nodejs22.x, so only nodejs24.x does it.
    if (graph.modules_[i].format == ModuleFormat::kCommonJs &&
        scan.first_esm_syntax != EsmSyntax::kNone && resolver.options().node_major >= 24 &&
        !graph.modules_[i].path.ends_with(".cjs")) {
      graph.modules_[i].format = ModuleFormat::kEsm;
      graph.modules_[i].detected_esm = true;
    }
    std::vector<ImportEdge> edges;
    const std::string parent = graph.modules_[i].path;
    const std::vector<ImportRecord>& records = RecordsOf(graph.modules_[i].format, scan);
    for (size_t k = 0; k < records.size(); ++k) {
      const ImportRecord& record = records[k];
      if (!record.analyzable) continue;
      ImportEdge edge;
      edge.import_index = k;
      if (record.kind == ImportKind::kRequire) {
        edge.resolution = resolver.ResolveRequire(record.specifier, parent);
      } else {
        edge.resolution = resolver.ResolveImport({record.specifier, parent, record.type_attribute});
      }
      // import.meta.resolve() only computes a URL; it loads nothing.
      if (edge.resolution.kind == Resolution::Kind::kFile && record.kind != ImportKind::kMetaResolve &&
          Followable(edge.resolution.format)) {
        edge.target = graph.AddModule(edge.resolution.path, edge.resolution.format);
      }
      edges.push_back(std::move(edge));
    }
    graph.modules_[i].scan = std::move(scan);
    graph.modules_[i].edges = std::move(edges);
  }
  graph.ComputeReach();
  return graph;
}

void ModuleGraph::ComputeReach() {
  if (handler_ < 0) return;
  // Two breadth-first walks from the handler: first along what loads at
  // init, then along everything; what only the second reaches loads when
  // some code runs.
  auto walk = [this](bool init_only, Reach level) {
    std::vector<bool> seen(modules_.size(), false);
    std::deque<int> queue = {handler_};
    seen[handler_] = true;
    while (!queue.empty()) {
      int m = queue.front();
      queue.pop_front();
      if (modules_[m].reach < level) modules_[m].reach = level;
      for (const ImportEdge& edge : modules_[m].edges) {
        if (edge.target < 0 || seen[edge.target]) continue;
        if (init_only && !modules_[m].records()[edge.import_index].at_load) continue;
        seen[edge.target] = true;
        if (modules_[edge.target].reached_from < 0 && edge.target != handler_) {
          modules_[edge.target].reached_from = m;
        }
        queue.push_back(edge.target);
      }
    }
  };
  walk(/*init_only=*/true, Reach::kInit);
  walk(/*init_only=*/false, Reach::kInvoke);
}

std::vector<std::string> ModuleGraph::ChainTo(int module) const {
  std::vector<std::string> chain;
  // reached_from links never form a cycle (each is set once, by a module
  // reached earlier), but cap the walk anyway.
  for (int m = module; m >= 0 && chain.size() <= modules_.size(); m = modules_[m].reached_from) {
    EntryRef ref = EntryOf(*package_, modules_[m].path);
    chain.insert(chain.begin(), ref.name.empty() ? modules_[m].path : ref.name);
  }
  return chain;
}

}  // namespace lel
