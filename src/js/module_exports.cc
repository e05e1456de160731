#include "js/module_exports.h"

#include <string>
#include <utility>

#include "js/ts_support.h"

namespace lel::js {
namespace {

// Enough for `const a = b; const b = c; export default a`, and a stop for
// `const a = b, b = a`.
constexpr int kMaxIdentifierHops = 8;

bool IsFunctionLike(Sym sym) {
  switch (sym) {
    case Sym::kFunctionDeclaration:
    case Sym::kGeneratorFunctionDeclaration:
    case Sym::kFunctionExpression:
    case Sym::kGeneratorFunction:
    case Sym::kArrowFunction:
    case Sym::kMethodDefinition:
      return true;
    default:
      return false;
  }
}

bool HasChild(TSNode node, Sym sym) {
  const Grammar& g = Grammar::Get();
  uint32_t count = ts_node_child_count(node);
  for (uint32_t i = 0; i < count; ++i) {
    if (g.Classify(ts_node_child(node, i)) == sym) return true;
  }
  return false;
}

// The named children of `node`, without comments.
std::vector<TSNode> NamedChildren(TSNode node) {
  std::vector<TSNode> out;
  uint32_t count = ts_node_named_child_count(node);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode child = ts_node_named_child(node, i);
    if (Grammar::Get().Classify(child) != Sym::kComment) out.push_back(child);
  }
  return out;
}

// The identifiers a declaration pattern binds (`{a, b: [c], d = e}` binds
// a, c, d), without recursion: patterns can nest arbitrarily.
std::vector<TSNode> PatternBindings(TSNode pattern) {
  const Grammar& g = Grammar::Get();
  std::vector<TSNode> out;
  std::vector<TSNode> stack{pattern};
  while (!stack.empty()) {
    TSNode node = stack.back();
    stack.pop_back();
    switch (g.Classify(node)) {
      case Sym::kIdentifier:
      case Sym::kShorthandPropertyIdentifierPattern:
        out.push_back(node);
        break;
      case Sym::kPairPattern:
        stack.push_back(g.Child(node, Field::kValue));  // not the key
        break;
      case Sym::kAssignmentPattern:
      case Sym::kObjectAssignmentPattern:
        stack.push_back(g.Child(node, Field::kLeft));  // not the default value
        break;
      case Sym::kObjectPattern:
      case Sym::kArrayPattern:
      case Sym::kRestPattern: {
        std::vector<TSNode> children = NamedChildren(node);
        for (auto it = children.rbegin(); it != children.rend(); ++it) stack.push_back(*it);
        break;
      }
      default:
        break;
    }
  }
  return out;
}

ExportedName Named(std::string name, TSNode at) {
  ExportedName e;
  e.name = std::move(name);
  e.span = SpanOf(at);
  return e;
}

}  // namespace

TopLevelValues::TopLevelValues(TSNode root, std::string_view source) : source_(source) {
  const Grammar& g = Grammar::Get();
  auto bind_declaration = [&](TSNode decl) {
    switch (g.Classify(decl)) {
      case Sym::kFunctionDeclaration:
      case Sym::kGeneratorFunctionDeclaration:
      case Sym::kClassDeclaration: {
        TSNode name = g.Child(decl, Field::kName);
        if (!ts_node_is_null(name)) values_[NodeText(name, source_)] = decl;
        break;
      }
      case Sym::kLexicalDeclaration:
      case Sym::kVariableDeclaration:
        for (TSNode declarator : NamedChildren(decl)) {
          if (g.Classify(declarator) != Sym::kVariableDeclarator) continue;
          TSNode name = g.Child(declarator, Field::kName);
          if (g.Classify(name) == Sym::kIdentifier) {
            values_[NodeText(name, source_)] = g.Child(declarator, Field::kValue);
          } else {
            for (TSNode bound : PatternBindings(name)) values_[NodeText(bound, source_)] = TSNode{};
          }
        }
        break;
      default:
        break;
    }
  };
  TreeCursor cursor(root);
  TSTreeCursor* c = cursor.get();
  if (!ts_tree_cursor_goto_first_child(c)) return;
  do {
    TSNode node = ts_tree_cursor_current_node(c);
    switch (g.Classify(node)) {
      case Sym::kExportStatement: {
        TSNode decl = g.Child(node, Field::kDeclaration);
        if (!ts_node_is_null(decl)) bind_declaration(decl);
        break;
      }
      case Sym::kImportStatement: {
        // Imported bindings hold values from elsewhere: known, but unknown.
        // Which name of which module each one is, for `export { local }`.
        std::string specifier;
        const bool constant = ConstantString(g.Child(node, Field::kSource), source_, &specifier);
        auto bind = [&](TSNode local, std::string imported) {
          values_[NodeText(local, source_)] = TSNode{};
          if (constant) imports_[NodeText(local, source_)] = {specifier, std::move(imported)};
        };
        for (TSNode clause : NamedChildren(node)) {
          if (g.Classify(clause) != Sym::kImportClause) continue;
          for (TSNode part : NamedChildren(clause)) {
            switch (g.Classify(part)) {
              case Sym::kIdentifier:  // import d from 'm'
                bind(part, "default");
                break;
              case Sym::kNamespaceImport:  // import * as ns from 'm': a binding of its own
                for (TSNode name : NamedChildren(part)) {
                  if (g.Classify(name) == Sym::kIdentifier) values_[NodeText(name, source_)] = TSNode{};
                }
                break;
              case Sym::kNamedImports:
                for (TSNode spec : NamedChildren(part)) {
                  if (g.Classify(spec) != Sym::kImportSpecifier) continue;
                  TSNode name = g.Child(spec, Field::kName);
                  TSNode alias = g.Child(spec, Field::kAlias);
                  bind(ts_node_is_null(alias) ? name : alias, NameText(name, source_));
                }
                break;
              default:
                break;
            }
          }
        }
        break;
      }
      default:
        bind_declaration(node);
        break;
    }
  } while (ts_tree_cursor_goto_next_sibling(c));
}

const ImportedBinding* TopLevelValues::ImportOf(TSNode identifier) const {
  if (ts_node_is_null(identifier)) return nullptr;
  auto it = imports_.find(NodeText(identifier, source_));
  return it == imports_.end() ? nullptr : &it->second;
}

TSNode TopLevelValues::Follow(TSNode node) const {
  const Grammar& g = Grammar::Get();
  for (int hop = 0; hop < kMaxIdentifierHops && !ts_node_is_null(node); ++hop) {
    Sym sym = g.Classify(node);
    if (sym == Sym::kParenthesizedExpression) {
      std::vector<TSNode> inner = NamedChildren(node);
      if (inner.size() != 1) return node;
      node = inner[0];
    } else if (sym == Sym::kIdentifier || sym == Sym::kShorthandPropertyIdentifier) {
      auto it = values_.find(NodeText(node, source_));
      if (it == values_.end()) return TSNode{};  // a global or a local elsewhere
      node = it->second;
    } else {
      return node;
    }
  }
  const Sym last = ts_node_is_null(node) ? Sym::kOther : g.Classify(node);
  const bool unresolved = last == Sym::kIdentifier || last == Sym::kShorthandPropertyIdentifier ||
                          last == Sym::kParenthesizedExpression;
  return unresolved ? TSNode{} : node;
}

ValueShape TopLevelValues::ShapeOf(TSNode node) const {
  ValueShape shape;
  node = Follow(node);
  if (ts_node_is_null(node)) return shape;
  const Sym sym = Grammar::Get().Classify(node);
  if (IsFunctionLike(sym)) return FunctionShape(node);
  switch (sym) {
    case Sym::kClassDeclaration:
    case Sym::kClass:
      shape.kind = ValueKind::kClass;
      break;
    case Sym::kObject:
      shape.kind = ValueKind::kObject;
      break;
    case Sym::kString:
    case Sym::kTemplateString:
    case Sym::kNumber:
    case Sym::kRegex:
    case Sym::kArray:
    case Sym::kTrue:
    case Sym::kFalse:
    case Sym::kNull:
    case Sym::kUndefined:
    case Sym::kUnaryExpression:  // void 0, !x, -1, typeof x: never functions
      shape.kind = ValueKind::kOther;
      break;
    default:
      break;
  }
  return shape;
}

TSNode TopLevelValues::ObjectLiteral(TSNode node) const {
  node = Follow(node);
  if (ts_node_is_null(node) || Grammar::Get().Classify(node) != Sym::kObject) return TSNode{};
  return node;
}

ValueShape FunctionShape(TSNode function) {
  const Grammar& g = Grammar::Get();
  ValueShape shape;
  shape.kind = ValueKind::kFunction;
  shape.is_async = HasChild(function, Sym::kKwAsync);
  TSNode single = g.Child(function, Field::kParameter);  // x => ...
  if (!ts_node_is_null(single)) {
    shape.param_count = shape.length = 1;
    return shape;
  }
  shape.param_count = shape.length = 0;
  bool counting_length = true;
  for (TSNode param : NamedChildren(g.Child(function, Field::kParameters))) {
    Sym sym = g.Classify(param);
    if (sym == Sym::kAssignmentPattern || sym == Sym::kRestPattern) counting_length = false;
    ++shape.param_count;
    if (counting_length) ++shape.length;
  }
  return shape;
}

void ObjectMembers(TSNode object, std::string_view source, const TopLevelValues& values,
                   ExportedName* out) {
  const Grammar& g = Grammar::Get();
  for (TSNode member : NamedChildren(object)) {
    switch (g.Classify(member)) {
      case Sym::kPair: {
        TSNode key = g.Child(member, Field::kKey);
        if (g.Classify(key) == Sym::kComputedPropertyName) {
          out->members_incomplete = true;
          break;
        }
        ExportedName e = Named(NameText(key, source), key);
        e.value = values.ShapeOf(g.Child(member, Field::kValue));
        out->members.push_back(std::move(e));
        break;
      }
      case Sym::kShorthandPropertyIdentifier: {
        ExportedName e = Named(std::string(NodeText(member, source)), member);
        e.value = values.ShapeOf(member);
        out->members.push_back(std::move(e));
        break;
      }
      case Sym::kMethodDefinition: {
        TSNode key = g.Child(member, Field::kName);
        if (g.Classify(key) == Sym::kComputedPropertyName) {
          out->members_incomplete = true;
          break;
        }
        ExportedName e = Named(NameText(key, source), key);
        // A getter's value is whatever it returns.
        if (!HasChild(member, Sym::kKwGet) && !HasChild(member, Sym::kKwSet)) {
          e.value = FunctionShape(member);
        }
        out->members.push_back(std::move(e));
        break;
      }
      case Sym::kSpreadElement:
        out->members_incomplete = true;
        break;
      default:
        break;
    }
  }
}

void CollectEsmExports(TSNode root, std::string_view source, const TopLevelValues& values,
                       std::vector<ExportedName>* exports,
                       std::vector<StarReexport>* star_reexports) {
  const Grammar& g = Grammar::Get();
  TreeCursor cursor(root);
  TSTreeCursor* c = cursor.get();
  if (!ts_tree_cursor_goto_first_child(c)) return;
  do {
    TSNode statement = ts_tree_cursor_current_node(c);
    if (g.Classify(statement) != Sym::kExportStatement) continue;
    TSNode source_node = g.Child(statement, Field::kSource);
    std::string specifier;
    const bool reexport = !ts_node_is_null(source_node);
    if (reexport && !ConstantString(source_node, source, &specifier)) continue;

    // export default <declaration or expression>
    const uint32_t count = ts_node_child_count(statement);
    TSNode default_keyword{};
    for (uint32_t i = 0; i < count; ++i) {
      TSNode child = ts_node_child(statement, i);
      if (g.Classify(child) == Sym::kKwDefault) default_keyword = child;
    }
    if (!ts_node_is_null(default_keyword)) {
      TSNode value = g.Child(statement, Field::kDeclaration);
      if (ts_node_is_null(value)) value = g.Child(statement, Field::kValue);
      ExportedName e = Named("default", default_keyword);
      e.value = values.ShapeOf(value);
      TSNode object = values.ObjectLiteral(value);
      if (!ts_node_is_null(object)) ObjectMembers(object, source, values, &e);
      exports->push_back(std::move(e));
      continue;
    }

    // export const a = 1; export function f() {}; export class C {}
    TSNode decl = g.Child(statement, Field::kDeclaration);
    if (!ts_node_is_null(decl)) {
      switch (g.Classify(decl)) {
        case Sym::kFunctionDeclaration:
        case Sym::kGeneratorFunctionDeclaration:
        case Sym::kClassDeclaration: {
          TSNode name = g.Child(decl, Field::kName);
          if (ts_node_is_null(name)) break;
          ExportedName e = Named(std::string(NodeText(name, source)), name);
          e.value = values.ShapeOf(decl);
          exports->push_back(std::move(e));
          break;
        }
        case Sym::kLexicalDeclaration:
        case Sym::kVariableDeclaration:
          for (TSNode declarator : NamedChildren(decl)) {
            if (g.Classify(declarator) != Sym::kVariableDeclarator) continue;
            TSNode name = g.Child(declarator, Field::kName);
            if (g.Classify(name) == Sym::kIdentifier) {
              ExportedName e = Named(std::string(NodeText(name, source)), name);
              e.value = values.ShapeOf(g.Child(declarator, Field::kValue));
              exports->push_back(std::move(e));
            } else {
              for (TSNode bound : PatternBindings(name)) {
                exports->push_back(Named(std::string(NodeText(bound, source)), bound));
              }
            }
          }
          break;
        default:
          break;
      }
      continue;
    }

    // export * from 'm'; export * as ns from 'm'; export {a as b} [from 'm']
    bool has_list = false;
    for (uint32_t i = 0; i < count; ++i) {
      TSNode child = ts_node_child(statement, i);
      switch (g.Classify(child)) {
        case Sym::kNamespaceExport: {
          has_list = true;
          std::vector<TSNode> name = NamedChildren(child);
          if (name.empty()) break;
          ExportedName e = Named(NameText(name[0], source), name[0]);
          e.from_specifier = specifier;
          // (assign, not `= "*"`: GCC 12 gives a false -Wrestrict for that.)
          e.imported_name.assign(1, '*');
          exports->push_back(std::move(e));
          break;
        }
        case Sym::kExportClause:
          has_list = true;
          for (TSNode spec : NamedChildren(child)) {
            if (g.Classify(spec) != Sym::kExportSpecifier) continue;
            TSNode local = g.Child(spec, Field::kName);
            TSNode alias = g.Child(spec, Field::kAlias);
            TSNode shown = ts_node_is_null(alias) ? local : alias;
            ExportedName e = Named(NameText(shown, source), shown);
            if (reexport) {
              e.from_specifier = specifier;
              e.imported_name = NameText(local, source);
            } else if (const ImportedBinding* imported = values.ImportOf(local)) {
              // An imported binding exported again is an indirect export of
              // the name it imports (ECMA-262 ParseModule, 16.2.1.6.1).
              e.from_specifier = imported->specifier;
              e.imported_name = imported->name;
              e.through_import = true;
            } else {
              e.value = values.ShapeOf(local);
            }
            exports->push_back(std::move(e));
          }
          break;
        default:
          break;
      }
    }
    if (reexport && !has_list) star_reexports->push_back({specifier, SpanOf(source_node)});
  } while (ts_tree_cursor_goto_next_sibling(c));
}

CommonJsExports BuildCommonJsExports(const std::vector<CommonJsSite>& sites,
                                     std::string_view source, const TopLevelValues& values) {
  const Grammar& g = Grammar::Get();
  CommonJsExports out;
  // Once module.exports is replaced, `exports` still points at the old
  // object, so exports.x = ... no longer exports anything.
  bool exports_detached = false;
  auto set_name = [&](ExportedName e) {
    for (ExportedName& existing : out.names) {
      if (existing.name == e.name) {
        existing = std::move(e);  // the last assignment wins
        return;
      }
    }
    out.names.push_back(std::move(e));
  };
  auto mark_dynamic = [&](Span span) {
    if (!out.dynamic) out.first_dynamic = span;
    out.dynamic = true;
  };
  for (const CommonJsSite& site : sites) {
    if (site.through_exports_variable && exports_detached) continue;
    switch (site.kind) {
      case CommonJsSite::Kind::kProperty: {
        ExportedName e = Named(NameText(site.key, source), site.key);
        e.value = values.ShapeOf(site.value);
        e.at_load = site.at_load;
        TSNode object = values.ObjectLiteral(site.value);
        if (!ts_node_is_null(object)) ObjectMembers(object, source, values, &e);
        set_name(std::move(e));
        break;
      }
      case CommonJsSite::Kind::kDefineProperty: {
        std::string name;
        ConstantString(site.key, source, &name);
        ExportedName e = Named(std::move(name), site.key);
        e.at_load = site.at_load;
        // { value: v } says what it is; a getter returns something unknown.
        if (!ts_node_is_null(site.value) && g.Classify(site.value) == Sym::kObject) {
          TSNode value = ObjectProperty(site.value, "value", source);
          if (!ts_node_is_null(value)) e.value = values.ShapeOf(value);
        }
        set_name(std::move(e));
        break;
      }
      case CommonJsSite::Kind::kModuleExports: {
        out.replaces_module_exports = true;
        out.module_exports_value = values.ShapeOf(site.value);
        out.module_exports_span = SpanOf(site.value);
        out.names.clear();
        exports_detached = !site.relinks_exports;
        TSNode object = values.ObjectLiteral(site.value);
        if (!ts_node_is_null(object)) {
          ExportedName holder;
          ObjectMembers(object, source, values, &holder);
          for (ExportedName& member : holder.members) {
            member.at_load = site.at_load;
            set_name(std::move(member));
          }
          if (holder.members_incomplete) mark_dynamic(out.module_exports_span);
        } else if (out.module_exports_value.kind == ValueKind::kUnknown) {
          // require('./impl'), a call, an unknown variable: names unknown.
          mark_dynamic(out.module_exports_span);
        }
        break;
      }
      case CommonJsSite::Kind::kDynamic:
        mark_dynamic(site.span);
        break;
    }
  }
  return out;
}

}  // namespace lel::js
