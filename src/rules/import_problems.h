// Which import fails, and which rule owns the failure: computed once per
// package from the module graph, read by the import-* rules.
#ifndef LEL_RULES_IMPORT_PROBLEMS_H_
#define LEL_RULES_IMPORT_PROBLEMS_H_

#include <vector>

#include "resolve/diagnose.h"
#include "rules/link_state.h"
#include "rules/module_graph.h"
#include "rules/rule.h"

namespace lel {

struct ImportProblem {
  const Rule* rule = nullptr;
  int module = -1;           // ModuleGraph index of the importing file
  size_t import_index = 0;   // into that module's records()
  Resolution resolution;     // the failed (or runtime-provided) resolution
  Diagnosis diagnosis;
};

// Maps every failing import to exactly one rule. Imports that fail only for
// want of a working node_modules link are left to the link rules.
std::vector<ImportProblem> FindImportProblems(const ModuleGraph& graph, const LinkState& link,
                                              const Resolver& resolver);

// Emits `rule`'s problems: location, Node's message plus the hint, severity
// from whether (and when) the handler loads the importing file.
void EmitImportProblems(const Context& context, const Rule& rule, Findings* out);

}  // namespace lel

#endif  // LEL_RULES_IMPORT_PROBLEMS_H_
