// Runs the rules over one Lambda package: builds the resolver, the module
// graph and the link facts once (PackageAnalysis), then asks each enabled
// rule. The same analysis then feeds the rules' fix plans (fix_plan.h).
#ifndef LEL_RULES_LINTER_H_
#define LEL_RULES_LINTER_H_

#include <memory>
#include <span>
#include <vector>

#include "archive/lambda_view.h"
#include "rules/finding.h"
#include "rules/rule.h"

namespace lel {

// ResolveOptions for a runtime and resolution (NODE_PATH, SDK in runtime).
ResolveOptions ResolveOptionsFor(const CheckOptions& options, bool managed);

// What the rules read about one package, built once: the resolvers, the
// handler, the module graph, the link facts and the import problems, seen
// through context(). Keeps its own copy of `options`; `package` must
// outlive it.
class PackageAnalysis {
 public:
  PackageAnalysis(const LambdaPackage& package, const CheckOptions& options,
                  const ScanSettings& scan = {});
  ~PackageAnalysis();
  PackageAnalysis(const PackageAnalysis&) = delete;
  PackageAnalysis& operator=(const PackageAnalysis&) = delete;

  const Context& context() const;

 private:
  struct Parts;
  std::unique_ptr<const Parts> parts_;
};

// Findings of every rule in `rules`, sorted for output.
std::vector<Finding> RunRules(const Context& context, std::span<const Rule* const> rules);

}  // namespace lel

#endif  // LEL_RULES_LINTER_H_
