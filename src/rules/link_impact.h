// How much a broken or missing node_modules link matters, shared by the
// link rules: it depends on which imports need it and on the resolution.
#ifndef LEL_RULES_LINK_IMPACT_H_
#define LEL_RULES_LINK_IMPACT_H_

#include "rules/link_state.h"
#include "rules/rule.h"

namespace lel {

// Sets category and severity of `finding` from what the link breaks, and
// adds a note per import that needs it. Returns false when no import needs
// the link (the caller decides whether that is still worth a finding):
//  - stock resolution, an import the handler loads needs it: correctness error;
//  - stock, only files the handler never loads need it: correctness warning;
//  - managed resolution: it loads through NODE_PATH; portability warning.
bool ApplyLinkImpact(const Context& context, Finding* finding);

}  // namespace lel

#endif  // LEL_RULES_LINK_IMPACT_H_
