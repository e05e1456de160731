// The names a module offers to `import { x }`, as Node links them: an ES
// module's exports (following `export *`), a CommonJS module's names as
// Node's lexer detects them (js/cjs_lexer.h, re-exports followed).
#ifndef LEL_RULES_EXPORT_NAMES_H_
#define LEL_RULES_EXPORT_NAMES_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "rules/module_graph.h"

namespace lel {

// What linking `import { name } from <module>` finds, as the spec's
// ResolveExport decides it.
enum class NameLookup {
  kProvided,
  kMissing,    // SyntaxError: does not provide an export named ...
  kAmbiguous,  // two `export *` give it different bindings: not exported either
  kUnknown,    // cannot be known statically: nothing may be concluded
};

// Node 24's lexer (merve) instead of cjs-module-lexer, and the extra
// `module.exports` export name of a CommonJS module's namespace (Node 23+).
bool UsesMerveLexer(int node_major);

class ExportNames {
 public:
  ExportNames(const ModuleGraph& graph, int node_major) : graph_(graph), node_major_(node_major) {}

  // Each (module, name) is resolved once and remembered. The walk is
  // iterative (a chain of 20,000 `export *` takes no stack) and visits each
  // (module, name) pair at most once per call, cycles included.
  NameLookup Lookup(int module, const std::string& name);
  // The module is a CommonJS module seen through Node's lexer.
  bool IsCommonJs(int module) const;

 private:
  // A resolved binding: the module that defines it and the name there;
  // `status` kProvided. Two results are the same binding when both match.
  struct Result {
    NameLookup status = NameLookup::kMissing;
    int module = -1;
    std::string name;
  };
  // The CommonJS lexer's view of a file: its own names and the files its
  // re-exports resolve to (-1: one we cannot follow).
  struct LexedFile {
    bool known = false;
    const std::vector<std::string>* names = nullptr;
    std::vector<int> reexports;
  };

  Result Resolve(int module, const std::string& name);
  // Whether the lexed names of `file`, re-exports followed, include `name`.
  NameLookup LexedHas(int file, const std::string& name);
  const LexedFile& Lexed(int file);

  const ModuleGraph& graph_;
  int node_major_;
  std::map<std::pair<int, std::string>, Result> resolved_;
  std::map<std::pair<int, std::string>, NameLookup> lexed_has_;
  std::map<int, LexedFile> lexed_;
};

}  // namespace lel

#endif  // LEL_RULES_EXPORT_NAMES_H_
