// esbuild's runtime helpers at the top of an ES module bundle, found from
// the syntax tree. Internal to src/js.
//
// An ES module bundle of CommonJS code (`esbuild --bundle --format=esm`)
// carries a require shim, seen in every version from 0.17 to 0.28
// (minified, only the names change):
//
//   var __require = ((x) => typeof require !== "undefined" ? require : ...)(
//     function(x) { ...; throw Error('Dynamic require of "' + x + '" is not supported'); });
//
// In an ES module `require` exists only when the file declares it (the
// createRequire banner), so every call of the shim throws that error. The
// CommonJS code sits in lazy initialisers that run when first called:
//
//   var __commonJS = (cb, mod) => function __require() { return mod || (0, cb[...])(...) ... };
//   var require_x = __commonJS({ "node_modules/x/index.js"(exports, module) { ... } });
//   var import_x = __toESM(require_x());   // at top level: runs at load
//
// (`__esm` and `init_x` for ES modules required from CommonJS have the same
// shape; minified: `var i=(r,e)=>()=>(...)` and `var y=i((a,b)=>{...})`.)
//
// A CommonJS bundle (`--format=cjs`) of code that reads import.meta gets an
// empty object in its place, named after it (the minified name is not
// recognised):
//
//   var import_meta = {};
//   var here = (0, import_node_url.fileURLToPath)(import_meta.url);  // undefined
#ifndef LEL_JS_ESBUILD_RUNTIME_H_
#define LEL_JS_ESBUILD_RUNTIME_H_

#include <tree_sitter/api.h>

#include <cstdint>
#include <string_view>
#include <vector>

namespace lel::js {

struct LazyModule {
  std::string_view name;          // the binding called to run it (require_x)
  uint32_t initialiser = 0;       // start byte of its initialiser function
};

struct EsbuildRuntime {
  // The top-level binding of the require shim; empty when there is none
  // (then no lazy modules are looked for).
  std::string_view require_shim;
  std::vector<LazyModule> lazy_modules;  // in source order
  // `var import_meta = {};` (also import_meta2 ...): what esbuild writes for
  // import.meta in a --format=cjs bundle, where it has none.
  std::vector<std::string_view> empty_import_meta;
};

// Looks only at the top-level declarations of `root`.
EsbuildRuntime FindEsbuildRuntime(TSNode root, std::string_view source);

}  // namespace lel::js

#endif  // LEL_JS_ESBUILD_RUNTIME_H_
