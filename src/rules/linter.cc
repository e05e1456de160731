#include "rules/linter.h"

#include <algorithm>
#include <thread>

#include "rules/handler.h"
#include "rules/import_problems.h"
#include "rules/link_state.h"
#include "rules/module_graph.h"

namespace lel {

ResolveOptions ResolveOptionsFor(const CheckOptions& options, bool managed) {
  ResolveOptions resolve;
  resolve.node_major = options.node_major();
  resolve.managed = managed && options.runtime->managed_searches_node_path;
  resolve.node_path = options.node_path ? *options.node_path : DefaultNodePath(options.node_major());
  resolve.runtime_ships_sdk_v3 = options.node_major() >= 18;
  resolve.node_flags = LambdaNodeFlags(options.node_major(), options.node_options);
  return resolve;
}

bool JudgesSource(RuleSources rule_sources, const PackageSource& source) {
  switch (rule_sources) {
    case RuleSources::kAny:
      return true;
    case RuleSources::kZipEntries:
      return source.kind() == SourceKind::kZip;
    case RuleSources::kStoredModes:
      return source.kind() == SourceKind::kZip || !source.packager().empty();
  }
  return true;
}

int DefaultScanJobs() {
  const unsigned cores = std::thread::hardware_concurrency();
  return static_cast<int>(std::clamp(cores, 1u, 4u));
}

struct PackageAnalysis::Parts {
  Parts(const LambdaPackage& package, const CheckOptions& check, const ScanSettings& scan)
      : options(check),
        resolver(package.vfs, ResolveOptionsFor(options, options.managed)),
        managed(package.vfs, ResolveOptionsFor(options, /*managed=*/true)),
        handler_spec(ParseHandler(options.handler)),
        handler(LocateHandler(resolver, handler_spec)),
        graph(ModuleGraph::Build(package, resolver, handler, scan)),
        link(AnalyzeLink(package, graph, resolver, managed)),
        import_problems(FindImportProblems(graph, link, resolver)),
        context{package, options, resolver, handler_spec, handler, graph, link, import_problems} {}

  const CheckOptions options;
  const Resolver resolver;
  const Resolver managed;  // NODE_PATH searched: which failing imports a layer could satisfy
  const HandlerSpec handler_spec;
  const HandlerModule handler;
  const ModuleGraph graph;
  const LinkState link;
  const std::vector<ImportProblem> import_problems;
  const Context context;
};

PackageAnalysis::PackageAnalysis(const LambdaPackage& package, const CheckOptions& options,
                                 const ScanSettings& scan)
    : parts_(std::make_unique<const Parts>(package, options, scan)) {}

PackageAnalysis::~PackageAnalysis() = default;

const Context& PackageAnalysis::context() const { return parts_->context; }

std::vector<Finding> RunRules(const Context& context, std::span<const Rule* const> rules) {
  Findings findings;
  for (const Rule* rule : rules) {
    const size_t before = findings.items().size();
    rule->check(context, &findings);
    if (rule->sources == RuleSources::kAny) continue;
    std::vector<Finding>& items = findings.items();
    auto judged = [&](const Finding& f) {
      const auto& sources = context.package.archives;
      return f.archive < 0 || static_cast<size_t>(f.archive) >= sources.size() ||
             JudgesSource(rule->sources, *sources[f.archive]);
    };
    items.erase(std::stable_partition(items.begin() + static_cast<std::ptrdiff_t>(before),
                                      items.end(), judged),
                items.end());
  }
  std::vector<Finding> result = std::move(findings.items());
  std::stable_sort(result.begin(), result.end(), FindingLess);
  return result;
}

}  // namespace lel
