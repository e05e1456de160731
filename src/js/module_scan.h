// What a JavaScript file imports and exports, read with tree-sitter.
// The only code that talks to tree-sitter; queries live in .scm files.
#ifndef LEL_JS_MODULE_SCAN_H_
#define LEL_JS_MODULE_SCAN_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "js/cjs_lexer.h"

namespace lel {

// A half-open byte range [begin, end) in the scanned source.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
  friend bool operator==(const Span&, const Span&) = default;
};

enum class ImportKind {
  kImport,       // import x from 'm' / import {a} / import * as ns
  kSideEffect,   // import 'm'
  kReexport,     // export * from 'm' / export * as ns from 'm' / export {a} from 'm'
  kDynamic,      // import('m')
  kMetaResolve,  // import.meta.resolve('m')
  kRequire,      // require('m'), where the module defines require itself
};

// The keyword that introduced an import's attributes: `with { type: 'json' }`
// (the standard form) or the older `assert { type: 'json' }`; for import(),
// the key of its options object (`{ with: {...} }` / `{ assert: {...} }`).
enum class AttributeKeyword : uint8_t { kNone, kWith, kAssert };

struct ImportRecord {
  ImportKind kind = ImportKind::kImport;
  std::string specifier;   // decoded string value; empty when !analyzable
  bool analyzable = true;  // false: dynamic import / require of a non-constant
  // True when the import happens while the module loads: static imports and
  // re-exports always; import()/require()/import.meta.resolve() only when
  // they sit at the top level, outside any function body.
  bool at_load = true;
  Span span;                       // the specifier's string literal, quotes included
                                   // (the whole call when !analyzable)
  std::string type_attribute;      // value of `with { type: '...' }`, or empty
  // How the attributes were written (kNone: no attributes). `type_attribute`
  // is read from either keyword; whether a runtime honours `assert` is not
  // decided here.
  AttributeKeyword attribute_keyword = AttributeKeyword::kNone;
  // Where the attributes are: from the keyword to the closing brace for a
  // static import or re-export, import()'s options object; empty for none.
  Span attributes;
  // The failure of this require() or import() is handled, so a module that
  // is missing or fails to load throws nothing the runtime sees: the call
  // sits in the block of a `try` that has a `catch`, with no function
  // boundary between them (a `finally` alone does not catch); for import(),
  // whose failure is a rejected promise, the promise must also be awaited
  // there, or get a rejection handler itself (`.catch(f)`, `.then(f, g)`,
  // anywhere along a chain of then/catch/finally calls). Never true for
  // static imports and re-exports.
  bool caught = false;
  // require() only: the first call, in source order, of the value it
  // returns: `require('m')(...)`, or `f(...)` where f is `const f =
  // require('m')` (the call resolving to that binding). What a rule makes
  // of it depends on what 'm' is (on Node 24 an ES module's require() is its
  // namespace object, which cannot be called).
  struct ResultCall {
    Span span;            // the call expression
    // What Node names in its TypeError: the binding ("pRetry"), or
    // "require(...)" for a direct call.
    std::string callee;
    bool at_load = true;  // outside every function body
    bool caught = false;  // inside a try block with a catch, in the same function
    friend bool operator==(const ResultCall&, const ResultCall&) = default;
  };
  std::optional<ResultCall> result_call;
  // The call runs only when a test that is not known at load holds: it sits
  // in a branch of an `if`, a ternary, or the right side of `&&` / `||` /
  // `??`, with no function boundary between them (inside a function,
  // at_load already says it may not run). The test's source text, spaces
  // collapsed and cut at 80 bytes, e.g. "process.env.NODE_PG_FORCE_NATIVE";
  // empty when the call is unconditional. Tests whose value in a CommonJS
  // module on Node is fixed (`typeof module === 'object'`, `module.exports`,
  // `typeof window === 'undefined'`, literals, and `!`, `&&`, `||` of those, as UMD
  // wrappers write them) are evaluated: a branch they take is
  // unconditional. Never set for static imports and re-exports.
  std::string condition;
  std::vector<std::string> names;  // imported names ("default", "*", "a"), for
                                   // kImport/kReexport; informative only
  friend bool operator==(const ImportRecord&, const ImportRecord&) = default;
};

// ---------------------------------------------------------------------------
// Exports (what a handler lookup can find) and CommonJS facts.

// What is statically known about the value behind an exported name.
enum class ValueKind : uint8_t {
  kUnknown,   // a call result, an import, a reassigned or missing binding ...
  kFunction,  // function declaration or expression, arrow, method; async too
  kClass,     // callable only with `new`
  kObject,    // an object literal
  kOther,     // another value that is certainly not a function (literal, array, void 0)
};

struct ValueShape {
  ValueKind kind = ValueKind::kUnknown;
  // For kFunction, else -1. param_count: parameters as written, a rest
  // parameter included (`(a, b = 1, ...c)` -> 3). length: the function's
  // `length` property, parameters before the first default or rest (-> 1),
  // which is what a runtime sees when it counts a handler's parameters.
  int param_count = -1;
  int length = -1;
  bool is_async = false;  // async function / arrow / method
  friend bool operator==(const ValueShape&, const ValueShape&) = default;
};

struct ExportedName {
  std::string name;  // as exported: "handler", "default", or a string name
  // The exported name as written: the identifier in the declaration or
  // specifier, the `default` keyword of `export default`, the property in
  // `exports.handler =` / `module.exports = { handler }`.
  Span span;
  ValueShape value;  // kUnknown for re-exports
  // Re-exports (`export {a as b} from 'm'`, `export * as ns from 'm'`): the
  // module's decoded specifier and the name there ("*" for a namespace).
  // Both empty for a local export.
  std::string from_specifier;
  std::string imported_name;
  // `import { x as y } from 'm'; export { y as z }`: an imported binding
  // exported again, which the spec makes an indirect export of 'm''s `x`.
  // from_specifier and imported_name then name that import (its record is
  // an ImportKind::kImport, not a kReexport).
  bool through_import = false;
  // CommonJS: the assignment runs at load time (not inside a function).
  bool at_load = true;
  // `export default { handler, other: fn, m() {} }` and `module.exports = {...}`:
  // the object literal's own properties, one level deep.
  std::vector<ExportedName> members;
  bool members_incomplete = false;  // the object has a spread or computed keys
  friend bool operator==(const ExportedName&, const ExportedName&) = default;
};

// `export * from 'm'`: every name of 'm' but its default.
struct StarReexport {
  std::string specifier;  // decoded
  Span span;              // the specifier's string literal
  friend bool operator==(const StarReexport&, const StarReexport&) = default;
};

// What `module.exports` holds when the file is loaded as CommonJS. Only
// assignments through the free `module` and `exports` count (not a
// wrapper's parameters, as in a bundle's module table).
struct CommonJsExports {
  // exports.x = ..., module.exports.x = ..., exports['x'] = ...,
  // Object.defineProperty(exports, 'x', ...), and the properties of an
  // object literal assigned to module.exports. One entry per name, the
  // last assignment in source order winning.
  std::vector<ExportedName> names;
  // module.exports = <value> (the last such assignment): its shape, e.g. a
  // function when the module itself is the handler function.
  bool replaces_module_exports = false;
  ValueShape module_exports_value;
  Span module_exports_span;  // the assigned value
  // The names cannot be known statically: module.exports = require('./x'),
  // Object.assign(module.exports, ...), exports[key] = ..., exports passed
  // to a function, a spread or computed key in the assigned object ...
  // `names` then lists only what could be seen.
  bool dynamic = false;
  Span first_dynamic;  // the first construct that made it so
  friend bool operator==(const CommonJsExports&, const CommonJsExports&) = default;
};

// Syntax that only an ES module may contain; a file loaded as CommonJS with
// it fails with a SyntaxError before running (e.g. "Cannot use import
// statement outside a module"). import() is not in this list: CommonJS has it.
enum class EsmSyntax : uint8_t {
  kNone,
  kImportStatement,
  kExportStatement,
  kTopLevelAwait,  // await (or for await) outside any function
  kImportMeta,
};

// A use of one of the CommonJS module-scope variables (require, module,
// exports, __dirname, __filename) that no declaration in scope binds. In an
// ES module each throws a ReferenceError when it runs. `typeof x` does not
// throw and is not listed; nor are property names (obj.require, { module: 1
// }, import.meta) or labels. A module that tests a name with `typeof` is
// taken to guard every use of it (UMD: `typeof exports == 'object' &&
// exports`), so none of that name's uses are listed.
struct GlobalUse {
  std::string name;
  Span span;     // the identifier
  bool at_load;  // outside every function body
  friend bool operator==(const GlobalUse&, const GlobalUse&) = default;
};

// A regular expression literal whose syntax some Node majors refuse (the
// whole file then fails to parse, "SyntaxError: Invalid regular expression
// flags"): flags other than d, g, i, m, s, u, y once each (`v`, from Node
// 20; an unknown, repeated or u-with-v flag everywhere), or modifier
// groups `(?i:...)` / `(?-m:...)` (Node 24). Which major accepts what is
// decided in src/resolve (AcceptsRegexFlags, AcceptsRegexModifiers).
struct RegexLiteral {
  Span span;          // the literal, slashes and flags included
  std::string flags;  // as written
  bool modifiers = false;
  friend bool operator==(const RegexLiteral&, const RegexLiteral&) = default;
};

struct ModuleScan {
  // In source order. require() calls appear here only when they call a
  // require the module made itself (see defines_require).
  std::vector<ImportRecord> imports;
  // The module binds `require` itself (createRequire, a declaration, a
  // parameter at top level ...): require() calls are then real imports.
  // Precisely: `require` is declared at the top level (any declaration or
  // import), or some binding is initialised with createRequire(...) (a call
  // through that binding, whatever its name, is then a kRequire import).
  bool defines_require = false;
  // The tree has ERROR or MISSING nodes that are not known grammar gaps.
  bool has_syntax_error = false;
  Span first_error;  // where the first such node is, when any
  // The parse was abandoned (a limit of ScanOptions was hit, or the input
  // could crash the tree-sitter runtime; see ScanOptions): every list is
  // empty. has_syntax_error is then true only when the parser was abandoned
  // while still recovering from an error at the end of the input (a syntax
  // error for certain; first_error is then the empty span at the end).
  bool parse_incomplete = false;
  // Brackets nest this deep (non-zero only past what Node's own parser
  // survives): the file fails to load with "RangeError: Maximum call stack
  // size exceeded". has_syntax_error is then set, and first_error is the
  // innermost bracket.
  size_t too_deep_for_node = 0;
  // Valid syntax that the pinned grammar cannot parse and that the scan
  // bridged (export-from attributes, `using`, ...; the list is in
  // module_scan.cc). Informative: these are not syntax errors.
  std::vector<Span> grammar_gaps;
  // Regular expression literals with syntax newer than Node 18's or
  // refused everywhere (see RegexLiteral), in source order; the others
  // are not listed.
  std::vector<RegexLiteral> regexes;
  // Every comment, `// ...` to the end of its line or `/* ... */` (the
  // grammar's `comment` nodes), in source order, delimiters included: what
  // the parse told from strings, template text and regular expressions.
  // Neither the hashbang line nor an HTML-like comment (`<!--`, `-->`) is
  // one. Empty when parse_incomplete.
  std::vector<Span> comments;

  // --- Facts for handler and module-format checks --------------------------

  // ES module exports in source order, including re-exported names; not
  // `export * from` (see star_reexports).
  std::vector<ExportedName> exports;
  std::vector<StarReexport> star_reexports;
  // What the file exports when it is loaded as CommonJS: the real
  // module.exports, as require() sees it.
  CommonJsExports commonjs;
  // What Node's lexers detect in the text (js/cjs_lexer.h): the only names
  // `import { x }` and `export { x } from` can take from a CommonJS file,
  // whatever module.exports holds at run time. Filled whenever the file
  // parsed (a re-export may point at a file of any format).
  js::CjsLexerResult commonjs_lexer;
  // The first ES-module-only construct, if any.
  EsmSyntax first_esm_syntax = EsmSyntax::kNone;
  Span first_esm_syntax_span;  // its keyword (`import`, `export`, `await`) or `import.meta`
  // Free uses of the CommonJS variables, in source order.
  std::vector<GlobalUse> commonjs_globals;
  // require('m') through the free `require`: what the file imports when it
  // is loaded as CommonJS (kind kRequire, same fields as `imports`).
  std::vector<ImportRecord> commonjs_requires;
  // An esbuild ES module bundle's require shim (`__require("buffer")`, any
  // name), when the file does not declare `require` at its top level: each
  // call throws `Dynamic require of "buffer" is not supported` when it runs.
  // (With the createRequire banner, `const require = createRequire(...)`,
  // the shim calls that require: they are then kRequire entries of
  // `imports`.) Kind kRequire. at_load is true when the call runs while the
  // module loads: at top level, or directly in a lazy module initialiser
  // (`__commonJS` / `__esm`) that the top level calls, or one such
  // initialiser calls, ...
  std::vector<ImportRecord> shim_requires;
  // esbuild's empty stand-in for import.meta in a CommonJS bundle (`var
  // import_meta = {};`, see js/esbuild_runtime.h): its url, dirname or
  // filename handed to a function that throws on undefined
  // (fileURLToPath, createRequire, path's dirname / basename / join /
  // resolve, by name) or to `new URL(x, base)`.
  struct EmptyImportMetaUse {
    Span span;             // the member expression, e.g. import_meta.url
    std::string property;  // "url", "dirname" or "filename"
    bool at_load = true;   // outside every function body
    bool caught = false;   // inside a try block with a catch, in the same function
    friend bool operator==(const EmptyImportMetaUse&, const EmptyImportMetaUse&) = default;
  };
  std::vector<EmptyImportMetaUse> empty_import_meta_uses;
  friend bool operator==(const ModuleScan&, const ModuleScan&) = default;
};

// Safety limits. The defaults are far above what real bundles need (a 6 MB
// bundle parses in 2-4 s with 160 MB); they exist so that hostile input
// (binary data, pathological nesting) cannot hold or crash the linter.
// Inputs that could crash libtree-sitter 0.20.7 (65536 stack entries wrapped
// at the end of input) are not parsed or are abandoned; see the guard in
// module_scan.cc. All of these come back as parse_incomplete.
struct ScanOptions {
  // CPU time the parses of one file may take together (CPU, not wall-clock:
  // a busy machine must not turn a valid bundle into parse_incomplete). 0
  // picks a budget from the source size: 10 s + 3 s per MB, about three
  // times what valid code needs.
  uint64_t timeout_micros = 0;
  size_t max_source_bytes = 64u << 20;
  // Memory tree-sitter may use for one parse; 0 picks a budget from the
  // source size (128 MiB + 48 bytes per source byte).
  size_t max_parser_bytes = 0;
  // Sources whose bracket nesting (js::EstimateNesting) exceeds this are
  // refused before parsing: far above real code (a 6 MB npm bundle peaks
  // near 800), and a cheap first defence against the runtime's crash on
  // 65536 stack entries. Raised only by the tests of the guard behind it.
  size_t max_nesting = 65536;
};

// Scans `source` as an ES module (and reports what it would export as
// CommonJS). Never fails on bad input: an unparseable file yields whatever
// could be recovered plus has_syntax_error, or parse_incomplete.
ModuleScan ScanModule(std::string_view source);
ModuleScan ScanModule(std::string_view source, const ScanOptions& options);

}  // namespace lel

#endif  // LEL_JS_MODULE_SCAN_H_
