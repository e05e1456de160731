// What a JavaScript file imports and exports, read with tree-sitter.
// The only code that talks to tree-sitter; queries live in .scm files.
#ifndef LEL_JS_MODULE_SCAN_H_
#define LEL_JS_MODULE_SCAN_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

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
  std::vector<std::string> names;  // imported names ("default", "*", "a"), for
                                   // kImport/kReexport; informative only
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
  // The parse was abandoned (the time limit of ScanOptions ran out, or the
  // source is larger than the size limit): every list may be incomplete and
  // has_syntax_error says nothing.
  bool parse_incomplete = false;
  // Valid syntax that the pinned grammar cannot parse and that the scan
  // bridged (export-from attributes, `using`, ...; the list is in
  // module_scan.cc). Informative: these are not syntax errors.
  std::vector<Span> grammar_gaps;
};

// Safety limits. The defaults are far above what real bundles need (a 6 MB
// bundle parses in about 2 s with 160 MB); they exist so that hostile input
// (binary data, pathological nesting) cannot hold or crash the linter.
// Inputs whose nesting could crash the tree-sitter runtime are never parsed
// (see js::EstimateNesting); they come back as parse_incomplete too.
struct ScanOptions {
  uint64_t timeout_micros = 10'000'000;  // per file, all parses together
  size_t max_source_bytes = 64u << 20;
  // Memory tree-sitter may use for one parse; 0 picks a budget from the
  // source size (128 MiB + 48 bytes per source byte).
  size_t max_parser_bytes = 0;
};

// Scans `source` as an ES module. Never fails on bad input: an unparseable
// file yields whatever imports could be recovered plus has_syntax_error.
ModuleScan ScanModule(std::string_view source);
ModuleScan ScanModule(std::string_view source, const ScanOptions& options);

}  // namespace lel

#endif  // LEL_JS_MODULE_SCAN_H_
