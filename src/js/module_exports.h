// What a module exports, as ES module and as CommonJS, with what is known
// about each exported value (function? how many parameters?). Internal to
// src/js; the results land in ModuleScan.
#ifndef LEL_JS_MODULE_EXPORTS_H_
#define LEL_JS_MODULE_EXPORTS_H_

#include <tree_sitter/api.h>

#include <string_view>
#include <unordered_map>
#include <vector>

#include "js/module_scan.h"
#include "js/scope_walk.h"

namespace lel::js {

// The module's top-level bindings and what they were initialised with, to
// follow `export { h as handler }` or `exports.handler = h` to h's value.
// Only declarations count (a later `h = ...` is not followed); imports are
// bindings without a known value.
// A top-level binding of an import declaration: `import { name as local }
// from 'specifier'` ("default" for `import local from`). Namespace imports
// are bindings of their own and are not listed.
struct ImportedBinding {
  std::string specifier;
  std::string name;
};

class TopLevelValues {
 public:
  TopLevelValues(TSNode root, std::string_view source);

  // What `node` (an expression or a declaration) evaluates to. Identifiers
  // are followed through top-level bindings, a few hops at most.
  ValueShape ShapeOf(TSNode node) const;

  // `node` itself, or the object literal an identifier chain leads to; a
  // null node when it is not an object literal.
  TSNode ObjectLiteral(TSNode node) const;

  // The import an identifier names when it is an imported binding, else null.
  const ImportedBinding* ImportOf(TSNode identifier) const;

 private:
  TSNode Follow(TSNode node) const;  // through parentheses and identifiers

  std::string_view source_;
  // Declaration or initialiser; a null node when the value is unknown.
  std::unordered_map<std::string_view, TSNode> values_;
  std::unordered_map<std::string_view, ImportedBinding> imports_;
};

// The parameters of a function-like node.
ValueShape FunctionShape(TSNode function);

// The properties of an object literal, one level deep.
void ObjectMembers(TSNode object, std::string_view source, const TopLevelValues& values,
                   ExportedName* out);

// ES module exports: the export statements at the top level.
void CollectEsmExports(TSNode root, std::string_view source, const TopLevelValues& values,
                       std::vector<ExportedName>* exports,
                       std::vector<StarReexport>* star_reexports);

// CommonJS exports from the sites the scope walk found, in source order.
CommonJsExports BuildCommonJsExports(const std::vector<CommonJsSite>& sites,
                                     std::string_view source, const TopLevelValues& values);

}  // namespace lel::js

#endif  // LEL_JS_MODULE_EXPORTS_H_
