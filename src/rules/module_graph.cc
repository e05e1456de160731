#include "rules/module_graph.h"

#include <malloc.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "js/scan_cache.h"

namespace lel {
namespace {

bool Followable(ModuleFormat format) {
  return format == ModuleFormat::kEsm || format == ModuleFormat::kCommonJs;
}

// Every file under `dir` (a view path), not following links and not
// entering node_modules folders: the function's own code. Depth first in
// name order, without recursion and with one path buffer: an entry 32,000
// folders deep overflowed the stack, and a path string per level held the
// square of its length.
void CollectOwnFiles(const VfsNode& dir, const std::string& dir_path,
                     std::vector<std::string>* out) {
  struct Frame {
    const VfsNode* dir;
    decltype(dir->children.begin()) next;
    size_t path_size;  // the folder's path is path.substr(0, path_size)
  };
  std::string path = dir_path;
  std::vector<Frame> stack = {{&dir, dir.children.begin(), path.size()}};
  while (!stack.empty()) {
    Frame& top = stack.back();
    if (top.next == top.dir->children.end()) {
      stack.pop_back();
      continue;
    }
    const auto& [name, child] = *top.next++;
    path.resize(top.path_size);
    path += '/';
    path += name;
    if (child->type == NodeType::kFile) {
      out->push_back(path);
    } else if (child->type == NodeType::kDirectory && name != "node_modules") {
      stack.push_back({child.get(), child->children.begin(), path.size()});
    }
  }
}

// A module's file, read and scanned.
struct ScannedFile {
  bool read_ok = false;
  std::string read_error;
  ModuleScan scan;
};

// See ReadAndScan.
constexpr size_t kTrimAfterBytes = 16 * 1024;

ScannedFile ReadAndScan(const LambdaPackage& package, const ScanSettings& settings,
                        const std::string& path) {
  ScannedFile file;
  std::string source;
  file.read_ok = package.vfs.ReadFile(path, &source, &file.read_error);
  if (file.read_ok) {
    file.scan = settings.cache != nullptr ? *settings.cache->Scan(source) : ScanModule(source);
  }
  // With several scanning threads glibc gives each its own malloc arena,
  // which keeps the memory of the parses it ran: peak RSS went from 65 to
  // 76 MB on the bench check. Handing it back after each parse of some size
  // keeps the peak at one thread's (65 MB), for a little system time. One
  // shared arena instead made the threads wait on its lock: two threads
  // took more wall time than one (bench/README.md).
  if (settings.jobs > 1 && source.size() > kTrimAfterBytes) malloc_trim(0);
  return file;
}

// Scans modules as soon as they are found: `jobs - 1` worker threads take
// them in the order given, while the graph's thread takes each module's
// result in module order, scanning it itself when no worker has started
// it, and scanning others while it waits for a worker. What the graph does
// with the results is then exactly what one thread would do; only the
// scans overlap, a large file's with the small ones found meanwhile.
class ScanPipeline {
 public:
  ScanPipeline(const LambdaPackage& package, const ScanSettings& settings)
      : package_(package), settings_(settings) {
    for (int t = 1; t < settings.jobs; ++t) workers_.emplace_back([this] { Work(); });
  }
  ~ScanPipeline() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    wake_workers_.notify_all();
    for (std::thread& t : workers_) t.join();
  }
  ScanPipeline(const ScanPipeline&) = delete;
  ScanPipeline& operator=(const ScanPipeline&) = delete;

  void Enqueue(size_t index, std::string path) {
    if (workers_.empty()) return;  // Take() scans everything itself
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (state_.size() <= index) state_.resize(index + 1, State::kNotQueued);
      state_[index] = State::kQueued;
      pending_.push_back({index, std::move(path)});
    }
    wake_workers_.notify_one();
  }

  // Module `index`'s file, whose path is `path`. Rethrows what its scan
  // threw (bad_alloc).
  ScannedFile Take(size_t index, const std::string& path) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (index >= state_.size() || state_[index] != State::kRunning) {
      // Not started by a worker: scan it here. A queued job is left in the
      // queue, marked taken; whoever pops it skips it.
      if (index < state_.size()) state_[index] = State::kTaken;
      lock.unlock();
      return ReadAndScan(package_, settings_, path);
    }
    // A worker has it: help with the queue meanwhile, then wait.
    while (done_.count(index) == 0) {
      std::optional<Job> job = PopQueued();
      if (!job) {
        result_ready_.wait(lock, [&] { return done_.count(index) != 0 || !pending_.empty(); });
        continue;
      }
      lock.unlock();
      Result other = Run(*job);
      lock.lock();
      done_.emplace(job->index, std::move(other));
    }
    Result result = std::move(done_.at(index));
    done_.erase(index);
    if (result.error) std::rethrow_exception(result.error);
    return std::move(result.file);
  }

 private:
  // Where a module's scan stands, by module index.
  enum class State : uint8_t { kNotQueued, kQueued, kRunning, kTaken };
  struct Job {
    size_t index;
    std::string path;
  };
  struct Result {
    ScannedFile file;
    std::exception_ptr error;
  };

  // The next queued job, now running; none when the queue holds no job
  // still to do. Called with mutex_ held.
  std::optional<Job> PopQueued() {
    while (!pending_.empty()) {
      Job job = std::move(pending_.front());
      pending_.pop_front();
      if (state_[job.index] != State::kQueued) continue;  // taken by Take()
      state_[job.index] = State::kRunning;
      return job;
    }
    return std::nullopt;
  }

  Result Run(const Job& job) {
    Result result;
    try {
      result.file = ReadAndScan(package_, settings_, job.path);
    } catch (...) {
      result.error = std::current_exception();
    }
    return result;
  }

  void Work() {
    for (;;) {
      std::optional<Job> job;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_workers_.wait(lock, [&] { return stop_ || !pending_.empty(); });
        if (stop_) return;
        job = PopQueued();
        if (!job) continue;
      }
      Result result = Run(*job);
      {
        std::lock_guard<std::mutex> lock(mutex_);
        done_.emplace(job->index, std::move(result));
      }
      result_ready_.notify_all();
    }
  }

  const LambdaPackage& package_;
  const ScanSettings& settings_;
  std::mutex mutex_;
  std::condition_variable wake_workers_, result_ready_;
  std::deque<Job> pending_;
  std::vector<State> state_;
  std::map<size_t, Result> done_;
  bool stop_ = false;
  std::vector<std::thread> workers_;
};

uint64_t DeclaredSize(const LambdaPackage& package, const std::string& path) {
  const Entry* entry = package.vfs.EntryOf(package.vfs.OriginOf(path));
  return entry != nullptr ? entry->size : 0;
}

}  // namespace

std::string_view TypeAttributeOf(const ImportRecord& record, int node_major) {
  if (record.kind == ImportKind::kDynamic &&
      record.attribute_keyword == AttributeKeyword::kAssert &&
      !AcceptsAssertAttributes(node_major)) {
    return {};
  }
  return record.type_attribute;
}

EntryRef EntryOf(const LambdaPackage& package, std::string_view view_path) {
  EntryRef ref;
  Origin origin = package.vfs.OriginOf(view_path);
  if (const Entry* entry = package.vfs.EntryOf(origin)) {
    ref.archive = origin.archive;
    ref.name = entry->name;
    ref.id = origin.entry;
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

void PointAt(const EntryRef& ref, Finding* finding) {
  finding->archive = ref.archive < 0 ? 0 : ref.archive;
  finding->path = ref.name;
  finding->entry = ref.id;
}

int ModuleGraph::Find(const std::string& path) const {
  auto it = index_.find(path);
  return it == index_.end() ? -1 : it->second;
}

int ModuleGraph::AddModule(const std::string& path, ModuleFormat format, bool by_require) {
  auto [it, inserted] = index_.emplace(path, static_cast<int>(modules_.size()));
  if (inserted) {
    ModuleNode& node = modules_.emplace_back();
    node.path = path;
    node.format = format;
    node.by_require = by_require;
  }
  return it->second;
}

void ModuleGraph::AddEdges(size_t i, ModuleScan scan, const Resolver& resolver) {
  // A file loaded as CommonJS for want of a "type" but with ES syntax: the
  // runtime's flags say whether Node loads it as an ES module instead.
  if (modules_[i].format == ModuleFormat::kCommonJs && scan.first_esm_syntax != EsmSyntax::kNone &&
      resolver.options().Flags().LoadsAmbiguousEsm(modules_[i].by_require) &&
      resolver.IsAmbiguousFormat(modules_[i].path)) {
    modules_[i].format = ModuleFormat::kEsm;
    modules_[i].detected_esm = true;
  }
  std::vector<ImportRecord> records;
  if (modules_[i].format == ModuleFormat::kCommonJs) {
    // require() calls and import() calls (no other import can parse here).
    records = scan.commonjs_requires;
    for (const ImportRecord& record : scan.imports) {
      if (record.kind == ImportKind::kDynamic) records.push_back(record);
    }
    std::stable_sort(records.begin(), records.end(),
                     [](const ImportRecord& a, const ImportRecord& b) {
                       return a.span.begin < b.span.begin;
                     });
  } else {
    records = scan.imports;
  }
  std::vector<ImportEdge> edges;
  const std::string parent = modules_[i].path;
  for (size_t k = 0; k < records.size(); ++k) {
    const ImportRecord& record = records[k];
    if (!record.analyzable) continue;
    ImportEdge edge;
    edge.import_index = k;
    if (ResolvesAsEsm(record.kind)) {
      edge.resolution = resolver.ResolveImport(
          {record.specifier, parent, TypeAttributeOf(record, resolver.options().node_major)});
    } else {
      edge.resolution = resolver.ResolveRequire(record.specifier, parent);
    }
    // import.meta.resolve() only computes a URL; it loads nothing.
    if (edge.resolution.kind == Resolution::Kind::kFile && record.kind != ImportKind::kMetaResolve &&
        Followable(edge.resolution.format)) {
      // May move modules_ around: `scan` is still a local.
      edge.target = AddModule(edge.resolution.path, edge.resolution.format,
                              record.kind == ImportKind::kRequire);
    }
    edges.push_back(std::move(edge));
  }
  modules_[i].scan = std::move(scan);
  modules_[i].edges = std::move(edges);
  modules_[i].loads = std::move(records);
}

ModuleGraph ModuleGraph::Build(const LambdaPackage& package, const Resolver& resolver,
                               const std::string& handler_path,
                               const ScanSettings& scan_settings) {
  HandlerModule handler;
  handler.found = !handler_path.empty();
  handler.path = handler_path;
  if (handler.found) handler.format = resolver.FormatOf(handler_path);
  return Build(package, resolver, handler, scan_settings);
}

ModuleGraph ModuleGraph::Build(const LambdaPackage& package, const Resolver& resolver,
                               const HandlerModule& handler,
                               const ScanSettings& scan_settings) {
  ModuleGraph graph;
  graph.package_ = &package;
  // The modules known before any scan, with their declared sizes: the
  // largest is scanned first.
  std::vector<std::pair<uint64_t, int>> known;
  if (handler.found) {
    graph.handler_ = graph.AddModule(handler.path, handler.format, handler.by_require);
    known.emplace_back(DeclaredSize(package, handler.path), graph.handler_);
  }
  // The function's own ES modules are checked whether or not the handler
  // reaches them: one zip often serves several handlers. Numbered smallest
  // first: what they import is found, and scanned, while a bundle is still
  // being parsed.
  Lookup task = package.vfs.Resolve(kTaskRoot);
  if (task.status == LookupStatus::kOk && task.node->type == NodeType::kDirectory) {
    std::vector<std::string> files;
    CollectOwnFiles(*task.node, std::string(kTaskRoot), &files);
    std::vector<std::pair<uint64_t, std::string>> own;
    for (std::string& file : files) {
      if (resolver.FormatOf(file) == ModuleFormat::kEsm) {
        own.emplace_back(DeclaredSize(package, file), std::move(file));
      }
    }
    std::stable_sort(own.begin(), own.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [size, file] : own) {
      const int m = graph.AddModule(file, ModuleFormat::kEsm, /*by_require=*/false);
      if (m != graph.handler_) known.emplace_back(size, m);
    }
  }
  ScanPipeline pipeline(package, scan_settings);
  std::stable_sort(known.begin(), known.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (const auto& [size, m] : known) pipeline.Enqueue(m, graph.modules_[m].path);
  // modules_ grows while we walk it: each module is scanned once.
  for (size_t i = 0; i < graph.modules_.size(); ++i) {
    const size_t known = graph.modules_.size();
    ScannedFile file = pipeline.Take(i, graph.modules_[i].path);
    if (!file.read_ok) {
      graph.modules_[i].read_ok = false;
      graph.modules_[i].read_error = std::move(file.read_error);
      continue;
    }
    graph.AddEdges(i, std::move(file.scan), resolver);
    for (size_t k = known; k < graph.modules_.size(); ++k) {
      pipeline.Enqueue(k, graph.modules_[k].path);
    }
  }
  graph.ComputeReach();
  return graph;
}

void ModuleGraph::ComputeReach() {
  if (handler_ < 0) return;
  // Three breadth-first walks from the handler: along what loads at init
  // unconditionally, then along every unconditional import, then along
  // everything; what only the second reaches loads when some code runs,
  // what only the third reaches when a test holds.
  enum class Along { kInit, kUnconditional, kAll };
  auto walk = [this](Along along, Reach level) {
    std::vector<bool> seen(modules_.size(), false);
    std::deque<int> queue = {handler_};
    seen[handler_] = true;
    while (!queue.empty()) {
      int m = queue.front();
      queue.pop_front();
      if (modules_[m].reach < level) modules_[m].reach = level;
      for (size_t e = 0; e < modules_[m].edges.size(); ++e) {
        const ImportEdge& edge = modules_[m].edges[e];
        if (edge.target < 0 || seen[edge.target]) continue;
        const ImportRecord& record = modules_[m].records()[edge.import_index];
        if (along != Along::kAll && !record.condition.empty()) continue;
        if (along == Along::kInit && !record.at_load) continue;
        seen[edge.target] = true;
        if (modules_[edge.target].reached_from < 0 && edge.target != handler_) {
          modules_[edge.target].reached_from = m;
          modules_[edge.target].reached_by = static_cast<int>(e);
        }
        queue.push_back(edge.target);
      }
    }
  };
  walk(Along::kInit, Reach::kInit);
  walk(Along::kUnconditional, Reach::kInvoke);
  walk(Along::kAll, Reach::kConditional);
}

std::pair<int, const ImportRecord*> ModuleGraph::ConditionalImportTo(int module) const {
  if (module < 0 || modules_[module].reach != Reach::kConditional) return {-1, nullptr};
  // The walk that reached it first set the links: each module on the way
  // was reached before, so the steps end at the handler.
  for (size_t steps = 0; module >= 0 && steps <= modules_.size(); ++steps) {
    const ModuleNode& node = modules_[module];
    if (node.reached_from < 0 || node.reached_by < 0) break;
    const ModuleNode& from = modules_[node.reached_from];
    const ImportRecord& record = from.records()[from.edges[node.reached_by].import_index];
    if (!record.condition.empty()) return {node.reached_from, &record};
    module = node.reached_from;
  }
  return {-1, nullptr};
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
