// Node.js module resolution over the Lambda view (archive/vfs.h):
// the ESM algorithm of nodejs.org/api/esm.html#resolution-algorithm, the
// CommonJS require() algorithm, and the managed Lambda runtime's NODE_PATH
// search for ES modules. Faithful to one Node major at a time.
//
// Sources: lib/internal/modules/esm/resolve.js, lib/internal/modules/cjs/
// loader.js, src/node_file.cc (LegacyMainResolve) and src/node_modules.cc
// (the package.json reader of Node 22+); every error message was compared
// with what the Node builds lambda-sim runs (18.20, 20.20, 22.23, 24.21)
// print, with the flags Lambda passes (resolver_test.cc says which).
#ifndef LEL_RESOLVE_RESOLVER_H_
#define LEL_RESOLVE_RESOLVER_H_

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "archive/vfs.h"
#include "resolve/node_flags.h"
#include "resolve/package_json.h"

namespace lel {

struct ResolveOptions {
  int node_major = 22;
  // nodejs18.x+ managed runtimes: bare ES module specifiers the ancestor
  // walk cannot find are looked up in `node_path` folders, in order.
  bool managed = false;
  // NODE_PATH folders (runtime's default from DefaultNodePath(), or a
  // function's own NODE_PATH). require() always searches them.
  std::vector<std::string> node_path;
  // The runtime ships AWS SDK v3 (@aws-sdk/*, @smithy/*, and their helpers)
  // in /var/runtime/node_modules: nodejs18.x and later.
  bool runtime_ships_sdk_v3 = true;
  // The module-system switches (require(esm), which also turns on the
  // "module-sync" exports condition for import and require; syntax
  // detection). nullopt: as Lambda runs `node_major` without NODE_OPTIONS
  // (LambdaNodeFlags(node_major, "")). Set it for a function's NODE_OPTIONS,
  // or to model stock Node outside Lambda.
  std::optional<NodeFlags> node_flags;

  NodeFlags Flags() const { return node_flags ? *node_flags : LambdaNodeFlags(node_major, ""); }
};

// The runtime's NODE_PATH for a Node major (lambda-node-runtime.md §1).
// ResolveOptions::node_path is used as given: an empty list searches
// nothing, so callers modelling the runtime pass this.
std::vector<std::string> DefaultNodePath(int node_major);

enum class ModuleFormat { kEsm, kCommonJs, kJson, kWasm, kAddon, kBuiltin, kUnknown };

// Node's error codes, as printed in `code`.
enum class ResolveError {
  kNone,
  kModuleNotFound,            // ERR_MODULE_NOT_FOUND (file or package)
  kUnsupportedDirImport,      // ERR_UNSUPPORTED_DIR_IMPORT
  kPackagePathNotExported,    // ERR_PACKAGE_PATH_NOT_EXPORTED
  kPackageImportNotDefined,   // ERR_PACKAGE_IMPORT_NOT_DEFINED
  kInvalidModuleSpecifier,    // ERR_INVALID_MODULE_SPECIFIER
  kInvalidPackageConfig,      // ERR_INVALID_PACKAGE_CONFIG (bad package.json)
  kInvalidPackageTarget,      // ERR_INVALID_PACKAGE_TARGET
  kUnknownBuiltin,            // ERR_UNKNOWN_BUILTIN_MODULE
  kUnsupportedScheme,         // ERR_UNSUPPORTED_ESM_URL_SCHEME
  kImportAttributeMissing,    // ERR_IMPORT_ATTRIBUTE_MISSING (JSON w/o type)
  kRequireNotFound,           // CommonJS MODULE_NOT_FOUND
  // `with { type: 'json' }` on a module that is not JSON.
  kImportAttributeTypeIncompatible,  // ERR_IMPORT_ATTRIBUTE_TYPE_INCOMPATIBLE
  // `with { type: 'css' }` or any type Node does not know.
  kImportAttributeUnsupported,       // ERR_IMPORT_ATTRIBUTE_UNSUPPORTED
};
// Node 22+'s code: "ERR_MODULE_NOT_FOUND".
std::string_view ResolveErrorCode(ResolveError error);
// The code a given major prints: Node <= 20 names the import attribute
// errors ERR_IMPORT_ASSERTION_TYPE_MISSING / _FAILED / _UNSUPPORTED.
std::string_view ResolveErrorCode(ResolveError error, int node_major);

struct Resolution {
  enum class Kind { kFile, kBuiltin, kRuntimeProvided, kError };
  Kind kind = Kind::kError;
  // kFile: the real path (links resolved, as Node's realpath does);
  // kBuiltin: "node:fs"; kRuntimeProvided: "/var/runtime/node_modules/<pkg>".
  std::string path;
  ModuleFormat format = ModuleFormat::kUnknown;
  // A bare specifier found only through NODE_PATH (managed resolution), not
  // through an ancestor node_modules folder: the folder that had it.
  std::string node_path_folder;
  ResolveError error = ResolveError::kNone;
  // Node's message for this major, e.g. "Cannot find package 'uuid'
  // imported from /var/task/index.mjs". Node appends a second line
  // "Did you mean to import ...?" to some ERR_MODULE_NOT_FOUND and
  // ERR_UNSUPPORTED_DIR_IMPORT errors; that hint is not included here (see
  // diagnose.h). CommonJS: without the "\nRequire stack:" lines.
  // Exception: for a package.json that is not valid JSON, Node <= 20 quotes
  // V8's JSON.parse message; this gives the JSON parser's own wording.
  std::string message;
  std::string package_json;   // the package.json the error is about, if any
};

struct ImportRequest {
  std::string_view specifier;
  std::string_view parent;        // absolute path of the importing file
  std::string_view type_attribute;  // `with { type }`, "" when none
};

// A Resolver answers what Node would do, including the load-time checks of
// an import that depend only on the file (the JSON import attribute), not
// on its source: a .js file's syntax (syntax detection, NodeFlags) is the
// caller's business; FormatOf() says only what the file name and the
// package scope say, and IsAmbiguousFormat() whether detection may apply.

// Thread-safe after construction (package.json cache behind a mutex).
class Resolver {
 public:
  Resolver(const Vfs& vfs, ResolveOptions options);

  // import / export from / import() / import.meta.resolve. `parent` is
  // taken through its real path, as Node knows every module by it. With
  // options.managed, a bare specifier that fails with ERR_MODULE_NOT_FOUND
  // is retried in each NODE_PATH folder ending in /node_modules that has the
  // package, resolving from that folder (lambda-sim's nodepath-hooks.mjs);
  // then node_path_folder is set. A package the runtime ships (runtime
  // folder on node_path, runtime_ships_sdk_v3, not in the view) gives
  // kRuntimeProvided.
  Resolution ResolveImport(const ImportRequest& request) const;
  // require() in CommonJS, or through createRequire in an ES module:
  // builtins, '#' imports, self-reference, then the node_modules folders
  // of the parent's ancestors and NODE_PATH, with extension and index
  // search and "exports" under the "require" condition.
  Resolution ResolveRequire(std::string_view specifier, std::string_view parent) const;

  // How Node loads a file: .mjs ESM, .cjs CommonJS, .js (or no extension)
  // by the package scope's "type", .json, .node, .wasm; kUnknown otherwise.
  ModuleFormat FormatOf(std::string_view path) const;
  // FormatOf() says kCommonJs only for want of a "type": a .js or
  // extensionless file whose package scope has no "type" field (or none at
  // all). Only such files are candidates for syntax detection and for
  // require(esm)'s retry as an ES module; an explicit "type": "commonjs"
  // or a .cjs name keeps a file CommonJS on every major (lambda-sim).
  bool IsAmbiguousFormat(std::string_view path) const;
  // The package scope of the file at `path` (its real path): the nearest
  // package.json in its folder or above, not looking into or above a folder
  // named node_modules; nullopt when none. A path ending in '/' is a folder
  // and is searched first.
  std::optional<std::string> FindPackageScope(std::string_view path) const;
  // Parsed package.json at `path` (cached). Never null: a missing or invalid
  // file gives a PackageJson with exists/valid false.
  std::shared_ptr<const PackageJson> ReadPackageJson(std::string_view path) const;

  const Vfs& vfs() const { return vfs_; }
  const ResolveOptions& options() const { return options_; }

 private:
  const Vfs& vfs_;
  ResolveOptions options_;
  mutable std::mutex cache_mutex_;
  mutable std::map<std::string, std::shared_ptr<const PackageJson>, std::less<>> cache_;
};

// The node_modules folders a bare specifier is looked up in from the folder
// `dir`, nearest first: <folder>/node_modules for `dir` and each folder
// above it. CommonJS (Module._nodeModulePaths, `cjs`) skips folders that are
// themselves named node_modules; the ES module resolver's walk does not.
// Only folders that hold a node_modules entry are listed (the others cannot
// resolve anything), found in one walk down the tree: linear in the depth.
std::vector<std::string> NodeModulePaths(const Vfs& vfs, std::string_view dir, bool cjs);

// Built-in modules of a Node major: IsBuiltin("fs", 22) true;
// "test" only with the node: prefix. `name` is without "node:".
bool IsBuiltin(std::string_view name, int node_major, bool has_node_prefix);

// Whether a Node major understands import attributes written with the
// older `assert` keyword. Node 18 and 20 do (with a deprecation warning);
// from Node 22 (V8 12) a static `import x from 'y' assert {...}` or
// `export ... from 'y' assert {...}` is "SyntaxError: Unexpected identifier
// 'assert'" and import()'s `{ assert: {...} }` option is ignored (measured
// with lambda-sim and node 18.20.8, 20.20.2, 22.23.5, 24.22.3).
bool AcceptsAssertAttributes(int node_major);

// Whether a Node major parses a regular expression literal with these
// flags. Measured with node 18.20.8, 20.20.2, 22.23.5 and 24.22.3 (a file
// holding `/a/F` for each flag, docs/runtime-model.md): d, g, i, m, s, u
// and y on every major, v from Node 20; an unknown or repeated flag, or u
// with v, nowhere ("SyntaxError: Invalid regular expression flags").
bool AcceptsRegexFlags(int node_major, std::string_view flags);

// Whether a Node major parses modifier groups, `/(?i:a)b/`: from Node 24
// (V8 12.4 in Node 22 still says "Invalid group"; measured as above).
bool AcceptsRegexModifiers(int node_major);

// Packages the managed runtimes ship in /var/runtime/node_modules
// (builtins.cc says from where): "@aws-sdk/client-s3" true, "aws-sdk" false.
bool IsRuntimeProvidedPackage(std::string_view package_name);

}  // namespace lel

#endif  // LEL_RESOLVE_RESOLVER_H_
