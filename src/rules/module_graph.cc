#include "rules/module_graph.h"

#include <algorithm>
#include <atomic>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>

#include "js/scan_cache.h"

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

// A file of a wave, read and scanned.
struct ScannedFile {
  bool read_ok = false;
  std::string read_error;
  ModuleScan scan;
};

// Calls fn(0) .. fn(count - 1), on up to `jobs` threads (the caller's
// included), each index once. The first exception thrown is rethrown here
// once every thread has stopped.
void ForEachParallel(size_t count, int jobs, const std::function<void(size_t)>& fn) {
  const size_t threads = std::min<size_t>(count, static_cast<size_t>(std::max(jobs, 1)));
  if (threads <= 1) {
    for (size_t k = 0; k < count; ++k) fn(k);
    return;
  }
  std::atomic<size_t> next{0};
  std::mutex error_mutex;
  std::exception_ptr error;
  auto work = [&] {
    for (size_t k = next++; k < count; k = next++) {
      try {
        fn(k);
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (!error) error = std::current_exception();
        next = count;  // stop handing out work
      }
    }
  };
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
  if (error) std::rethrow_exception(error);
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

void ModuleGraph::AddEdges(size_t i, ModuleScan scan, const Resolver& resolver) {
  // Node 22.12+ detects module syntax in files it would load as CommonJS;
  // Lambda turns that off on nodejs22.x, so only nodejs24.x does it.
  if (modules_[i].format == ModuleFormat::kCommonJs && scan.first_esm_syntax != EsmSyntax::kNone &&
      resolver.options().node_major >= 24 && !modules_[i].path.ends_with(".cjs")) {
    modules_[i].format = ModuleFormat::kEsm;
    modules_[i].detected_esm = true;
  }
  std::vector<ImportEdge> edges;
  const std::string parent = modules_[i].path;
  const std::vector<ImportRecord>& records = RecordsOf(modules_[i].format, scan);
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
      // May move modules_ around: `scan` is still a local.
      edge.target = AddModule(edge.resolution.path, edge.resolution.format);
    }
    edges.push_back(std::move(edge));
  }
  modules_[i].scan = std::move(scan);
  modules_[i].edges = std::move(edges);
}

ModuleGraph ModuleGraph::Build(const LambdaPackage& package, const Resolver& resolver,
                               const std::string& handler_path,
                               const ScanSettings& scan_settings) {
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
  // modules_ grows while we walk it: each module is scanned once. A wave is
  // every module found and not yet scanned; its files are scanned in
  // parallel, then handled in module order as one at a time would.
  for (size_t begin = 0; begin < graph.modules_.size();) {
    const size_t end = graph.modules_.size();
    std::vector<ScannedFile> wave(end - begin);
    ForEachParallel(wave.size(), scan_settings.jobs, [&](size_t k) {
      ScannedFile& file = wave[k];
      std::string source;
      file.read_ok = package.vfs.ReadFile(graph.modules_[begin + k].path, &source, &file.read_error);
      if (!file.read_ok) return;
      file.scan = scan_settings.cache != nullptr ? *scan_settings.cache->Scan(source)
                                                 : ScanModule(source);
    });
    for (size_t i = begin; i < end; ++i) {
      ScannedFile& file = wave[i - begin];
      if (!file.read_ok) {
        graph.modules_[i].read_ok = false;
        graph.modules_[i].read_error = std::move(file.read_error);
        continue;
      }
      graph.AddEdges(i, std::move(file.scan), resolver);
    }
    begin = end;
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
