// One pass over a parsed module that answers the questions needing scope:
// which code runs only when a function is called, which references to
// require / module / exports / __dirname / __filename are free, which
// require() calls are imports, and the first ES-module-only syntax.
// Internal to src/js.
#ifndef LEL_JS_SCOPE_WALK_H_
#define LEL_JS_SCOPE_WALK_H_

#include <tree_sitter/api.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "js/esbuild_runtime.h"
#include "js/module_scan.h"

namespace lel::js {

// A free `exports` / `module.exports` in a position that defines exports.
struct CommonJsSite {
  enum class Kind {
    kProperty,        // exports.x = v / module.exports.x = v / exports['x'] = v
    kModuleExports,   // module.exports = v
    kDefineProperty,  // Object.defineProperty(exports, 'x', descriptor)
    kDynamic,         // exports[key] = v, or exports passed to some function
  };
  Kind kind = Kind::kDynamic;
  TSNode key{};    // kProperty, kDefineProperty: the property name node
  TSNode value{};  // kProperty, kModuleExports: the assigned value;
                   // kDefineProperty: the descriptor
  Span span;       // the construct (assignment or call)
  bool at_load = true;
  // exports.x = v: through the `exports` variable, which stops reaching
  // module.exports once that is replaced...
  bool through_exports_variable = false;
  // ... unless it is re-pointed: exports = module.exports = v.
  bool relinks_exports = false;
};

struct ScopeFacts {
  // Outermost ranges that run only when a function is called (function
  // bodies and parameters, instance field initialisers), in source order.
  std::vector<Span> deferred;
  bool AtLoad(uint32_t pos) const;

  // Nodes that may be imports (import/export-from statements, import(...),
  // import.meta.*(...)), for queries/imports.scm to confirm.
  std::vector<TSNode> import_sites;
  // require() calls through a require the module made (ModuleScan::imports)
  // and through the free require (ModuleScan::commonjs_requires).
  std::vector<ImportRecord> require_imports;
  std::vector<ImportRecord> commonjs_requires;
  bool defines_require = false;
  // `require` itself is declared at the top level (what esbuild's shim tests).
  bool declares_require = false;
  // Start bytes of the import(...) calls whose failure is handled (see
  // ImportRecord::caught), in source order.
  std::vector<uint32_t> caught_import_calls;
  bool PromiseCaught(TSNode import_call) const;
  // The import(...) calls that run only under a condition (see
  // ImportRecord::condition): start byte and the condition, in source order.
  std::vector<std::pair<uint32_t, std::string>> conditional_import_calls;
  std::string ConditionOf(TSNode import_call) const;

  // With an esbuild runtime (see esbuild_runtime.h): the calls of its
  // require shim, each with the start byte of the innermost function around
  // it (kNoFunction at top level), and the calls of its lazy initialisers.
  static constexpr uint32_t kNoFunction = UINT32_MAX;
  struct ShimCall {
    ImportRecord record;  // kind kRequire; at_load as for any call
    uint32_t function = kNoFunction;
  };
  struct LazyCall {
    size_t lazy_module = 0;  // index into EsbuildRuntime::lazy_modules
    uint32_t function = kNoFunction;
  };
  std::vector<ShimCall> shim_calls;
  std::vector<LazyCall> lazy_calls;
  std::vector<ModuleScan::EmptyImportMetaUse> empty_import_meta_uses;

  std::vector<RegexLiteral> regexes;         // ModuleScan::regexes
  std::vector<Span> comments;                // ModuleScan::comments
  std::vector<GlobalUse> commonjs_globals;   // in source order
  std::vector<CommonJsSite> commonjs_sites;  // in source order

  EsmSyntax first_esm_syntax = EsmSyntax::kNone;
  Span first_esm_syntax_span;
};

// Walks the tree without recursion (depth costs heap, not stack).
// `esbuild` names the bundle helpers whose calls to collect.
ScopeFacts WalkScopes(TSNode root, std::string_view source, const EsbuildRuntime& esbuild = {});

}  // namespace lel::js

#endif  // LEL_JS_SCOPE_WALK_H_
