// Shared by the rules that report a problem inside one module of the graph:
// where it is, and how bad it is given what the handler loads.
#ifndef LEL_RULES_MODULE_FINDINGS_H_
#define LEL_RULES_MODULE_FINDINGS_H_

#include <string_view>

#include "rules/module_graph.h"
#include "rules/rule.h"

namespace lel {

// Lowers an error found in module `m` to a warning where nothing promises
// that the code runs: a file the handler never loads, code under a test not
// known at load (`condition`, ImportRecord::condition, or the condition of
// an import that reaches the file: Reach::kConditional), and code inside
// functions of packages (`lazy_in_package_note` says so). In the function's
// own code, what runs only when a function is called stays an error, with a
// note that it fails at invoke. The notes say which case it is.
void WeighByReach(const Context& context, int m, bool at_load, std::string_view condition,
                  std::string_view lazy_in_package_note, Finding* finding);

// Points `finding` at `span` in module `m`, and sets its severity from the
// module's reach and whether the code runs at load (`at_load`): an error
// where the handler loads it (notes say "at invoke" where it runs only
// then), a warning in files the handler never loads and for code inside
// functions of packages (which may never run).
void PlaceInModule(const Context& context, int m, Span span, bool at_load, Finding* finding);

// Adds the note "loaded by the handler through index.mjs -> lib/a.mjs -> ..."
// (ModuleGraph::ChainTo) for a module the handler reaches through others.
void NoteLoadedThrough(const ModuleGraph& graph, int m, Finding* finding);

}  // namespace lel

#endif  // LEL_RULES_MODULE_FINDINGS_H_
