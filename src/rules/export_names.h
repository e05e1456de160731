// The names a module offers to `import { x }`, as Node links them: an ES
// module's exports (following `export *`), a CommonJS module's names as
// Node's cjs-module-lexer detects them, a JSON module's default.
#ifndef LEL_RULES_EXPORT_NAMES_H_
#define LEL_RULES_EXPORT_NAMES_H_

#include <map>
#include <set>
#include <string>

#include "rules/module_graph.h"

namespace lel {

struct ProvidedNames {
  // False when the names cannot be known statically (a module that did not
  // parse, dynamic CommonJS exports, `export *` from something unknown):
  // then nothing may be concluded from a name's absence.
  bool known = false;
  bool commonjs = false;
  std::set<std::string> names;
};

class ExportNames {
 public:
  explicit ExportNames(const ModuleGraph& graph) : graph_(graph) {}
  // Memoised; cycles through `export *` are cut (a name seen on the way in
  // counts once).
  const ProvidedNames& Of(int module);

 private:
  ProvidedNames Compute(int module, std::set<int>* visiting);
  const ModuleGraph& graph_;
  std::map<int, ProvidedNames> memo_;
};

}  // namespace lel

#endif  // LEL_RULES_EXPORT_NAMES_H_
