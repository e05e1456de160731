// The modules of a package and how they import each other: every ES module
// of the function, plus every file their imports resolve to (deep into the
// layers), each scanned and resolved once. Reachability starts where the
// runtime starts, at the handler's module.
#ifndef LEL_RULES_MODULE_GRAPH_H_
#define LEL_RULES_MODULE_GRAPH_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "archive/lambda_view.h"
#include "js/module_scan.h"
#include "resolve/resolver.h"
#include "rules/handler.h"
#include "rules/rule.h"

namespace lel {

// When a module is loaded, seen from the handler: during init (static
// imports from the handler, top-level dynamic imports), only when some code
// runs (an import() or require() inside a function), only under a test
// that is not known at load (a require() in an `if` on process.env, see
// ImportRecord::condition; at init or later), or never. Ordered from the
// weakest to the strongest promise that the module loads.
enum class Reach { kNever, kConditional, kInvoke, kInit };

// Whether Node resolves this import with the ES module algorithm (no
// NODE_PATH on stock Node, exact file names): everything but require(),
// including import() in a CommonJS file.
inline bool ResolvesAsEsm(ImportKind kind) { return kind != ImportKind::kRequire; }

// The type attribute the runtime passes to the loader for `record`: an
// import() option written `{ assert: { type } }` counts only where the Node
// major still reads it (AcceptsAssertAttributes). A static `assert` clause
// keeps its type: where it is refused, the whole file fails to parse
// (import-attributes-assert), not the import.
std::string_view TypeAttributeOf(const ImportRecord& record, int node_major);

struct ImportEdge {
  size_t import_index = 0;   // into the module's records()
  Resolution resolution;
  int target = -1;           // module index, when it resolved to a module we follow
};

struct ModuleNode {
  std::string path;          // real path in the view
  ModuleFormat format = ModuleFormat::kUnknown;
  bool read_ok = true;
  std::string read_error;
  ModuleScan scan;
  std::vector<ImportEdge> edges;
  Reach reach = Reach::kNever;
  int reached_from = -1;     // the module that first reached this one
  int reached_by = -1;       // and through which of its edges
  // How the module was first loaded: by require() (a CommonJS require, a
  // createRequire require, or aws-lambda-ric 3.x loading a CommonJS
  // handler), else by import / import().
  bool by_require = false;
  // Node would load it as CommonJS by its name and package.json, but it has
  // ES module syntax, its package scope has no "type", and the runtime's
  // NodeFlags load such a file as an ES module when it is loaded the way it
  // is (by_require): `format` then says kEsm.
  bool detected_esm = false;
  // What the module loads, as its format decides, in source order: an ES
  // module's imports; a CommonJS file's require() calls and import() calls.
  std::vector<ImportRecord> loads;

  const std::vector<ImportRecord>& records() const { return loads; }
};

class ModuleGraph {
 public:
  // `handler` is the handler's module as the runtime loads it (not found:
  // the graph has no handler). Files are read and scanned on `scan.jobs`
  // threads as soon as they are found; what follows from them is done in
  // module order, so the graph does not depend on `scan`.
  static ModuleGraph Build(const LambdaPackage& package, const Resolver& resolver,
                           const HandlerModule& handler, const ScanSettings& scan = {});
  // The same with a handler at `handler_path` ("": none) loaded by import.
  static ModuleGraph Build(const LambdaPackage& package, const Resolver& resolver,
                           const std::string& handler_path, const ScanSettings& scan = {});

  const std::vector<ModuleNode>& modules() const { return modules_; }
  int handler() const { return handler_; }
  int Find(const std::string& path) const;
  // "index.mjs -> lib/db.mjs -> @org/db" : how the handler reaches a module.
  std::vector<std::string> ChainTo(int module) const;
  // For a module reached only under a condition (Reach::kConditional): the
  // import along ChainTo that carries it, as the importing module and its
  // record; {-1, nullptr} otherwise.
  std::pair<int, const ImportRecord*> ConditionalImportTo(int module) const;

 private:
  int AddModule(const std::string& path, ModuleFormat format, bool by_require);
  // Module i's scan, edges (resolving its imports, adding their targets)
  // and detected format.
  void AddEdges(size_t i, ModuleScan scan, const Resolver& resolver);
  void ComputeReach();

  const LambdaPackage* package_ = nullptr;
  std::vector<ModuleNode> modules_;
  std::map<std::string, int> index_;
  int handler_ = -1;
};

// The entry a view path came from, as "name inside its archive", which
// archive (0 function, 1.. layers; -1 when unknown) and its id there (-1
// for an implied folder, whose name is derived from the path).
struct EntryRef {
  int archive = -1;
  std::string name;
  int64_t id = -1;
};
EntryRef EntryOf(const LambdaPackage& package, std::string_view view_path);
// Points a finding at that entry: its archive (0 when unknown), name and id.
void PointAt(const EntryRef& ref, Finding* finding);

}  // namespace lel

#endif  // LEL_RULES_MODULE_GRAPH_H_
