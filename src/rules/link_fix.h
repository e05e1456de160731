// What the plans of the node_modules link rules share: where the link
// should point, and the repair of an existing node_modules entry.
#ifndef LEL_RULES_LINK_FIX_H_
#define LEL_RULES_LINK_FIX_H_

#include <string>
#include <string_view>
#include <vector>

#include "rules/fix_plan.h"

namespace lel {

// The layer package folder a node_modules link should point at for this
// runtime: /opt/nodejs/nodeNN/node_modules (NN = the runtime's major) when
// the layers hold more of `wanted` (package names) there, else
// /opt/nodejs/node_modules; only folders that the layers populate count.
// "" when the layers populate neither.
std::string ChooseLinkTarget(const LambdaPackage& package, const CheckOptions& options,
                             const std::vector<std::string>& wanted);

// The link target for a fix: --link-target when given (and filled by a
// layer), else ChooseLinkTarget for the packages the function's modules
// import plus `extra_wanted`; and every import that needs a layer must be
// reachable through it. "" with *why set otherwise.
std::string PlanLinkTarget(const Context& context, const FixOptions& options,
                           const std::vector<std::string>& extra_wanted, std::string* why);

// Re-points, re-types or re-hosts the function's own node_modules entry so
// that it is a Unix link to PlanLinkTarget. `title` starts the fix's title,
// the target ends it ("point the node_modules link at " + target).
bool PlanLinkRepair(const Context& context, const FixOptions& options, std::string_view title,
                    Fix* fix, std::string* why);

}  // namespace lel

#endif  // LEL_RULES_LINK_FIX_H_
