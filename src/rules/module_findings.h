// Shared by the rules that report a problem inside one module of the graph:
// where it is, and how bad it is given what the handler loads.
#ifndef LEL_RULES_MODULE_FINDINGS_H_
#define LEL_RULES_MODULE_FINDINGS_H_

#include "rules/module_graph.h"
#include "rules/rule.h"

namespace lel {

// Points `finding` at `span` in module `m`, and sets its severity from the
// module's reach and whether the code runs at load (`at_load`): an error
// where the handler loads it (notes say "at invoke" where it runs only
// then), a warning in files the handler never loads and for code inside
// functions of packages (which may never run).
void PlaceInModule(const Context& context, int m, Span span, bool at_load, Finding* finding);

}  // namespace lel

#endif  // LEL_RULES_MODULE_FINDINGS_H_
