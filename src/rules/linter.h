// Runs the rules over one Lambda package: builds the resolver, the module
// graph and the link facts once, then asks each enabled rule.
#ifndef LEL_RULES_LINTER_H_
#define LEL_RULES_LINTER_H_

#include <vector>

#include "archive/lambda_view.h"
#include "rules/finding.h"
#include "rules/rule.h"

namespace lel {

// ResolveOptions for a runtime and resolution (NODE_PATH, SDK in runtime).
ResolveOptions ResolveOptionsFor(const CheckOptions& options, bool managed);

// Findings of every rule in `rules`, sorted for output.
std::vector<Finding> RunRules(const LambdaPackage& package, const CheckOptions& options,
                              std::span<const Rule* const> rules, const ScanSettings& scan = {});

}  // namespace lel

#endif  // LEL_RULES_LINTER_H_
