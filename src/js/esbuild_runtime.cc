#include "js/esbuild_runtime.h"

#include <algorithm>
#include <string>

#include "js/ts_support.h"

namespace lel::js {
namespace {

bool IsFunction(Sym sym) {
  return sym == Sym::kArrowFunction || sym == Sym::kFunctionExpression;
}

TSNode SkipParentheses(TSNode node) {
  const Grammar& g = Grammar::Get();
  while (!ts_node_is_null(node) && g.Classify(node) == Sym::kParenthesizedExpression &&
         ts_node_named_child_count(node) == 1) {
    node = ts_node_named_child(node, 0);
  }
  return node;
}

// Parameter names of a function node, or false when one is not a plain
// identifier.
bool ParameterNames(TSNode function, std::string_view source,
                    std::vector<std::string_view>* names) {
  const Grammar& g = Grammar::Get();
  TSNode single = g.Child(function, Field::kParameter);  // `x => ...`
  if (!ts_node_is_null(single)) {
    names->push_back(NodeText(single, source));
    return g.Classify(single) == Sym::kIdentifier;
  }
  TSNode params = g.Child(function, Field::kParameters);
  if (ts_node_is_null(params)) return false;
  const uint32_t count = ts_node_named_child_count(params);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode p = ts_node_named_child(params, i);
    if (g.Classify(p) == Sym::kComment) continue;
    if (g.Classify(p) != Sym::kIdentifier) return false;
    names->push_back(NodeText(p, source));
  }
  return true;
}

// The shim: its text throws esbuild's error and tests `typeof require`.
bool IsRequireShim(TSNode value, std::string_view source) {
  std::string_view text = NodeText(value, source);
  return text.find("Dynamic require of \"") != std::string_view::npos &&
         text.find("typeof require") != std::string_view::npos;
}

// A once-wrapper helper: `(cb, mod) => function () {...}` or
// `(r, e) => () => ...`: two parameters, returning a function without
// parameters that mentions the first parameter (it calls the callback).
bool IsLazyHelper(TSNode value, std::string_view source) {
  const Grammar& g = Grammar::Get();
  value = SkipParentheses(value);
  if (g.Classify(value) != Sym::kArrowFunction) return false;
  std::vector<std::string_view> outer;
  if (!ParameterNames(value, source, &outer) || outer.size() != 2) return false;
  TSNode inner = SkipParentheses(g.Child(value, Field::kBody));
  if (ts_node_is_null(inner) || !IsFunction(g.Classify(inner))) return false;
  std::vector<std::string_view> params;
  if (!ParameterNames(inner, source, &params) || !params.empty()) return false;
  TSNode body = g.Child(inner, Field::kBody);
  if (ts_node_is_null(body)) return false;
  // The first parameter as a whole word in the body.
  std::string_view text = NodeText(body, source);
  const std::string_view cb = outer[0];
  auto word = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '$';
  };
  for (size_t at = text.find(cb); at != std::string_view::npos; at = text.find(cb, at + 1)) {
    const bool starts = at == 0 || !word(text[at - 1]);
    const bool ends = at + cb.size() >= text.size() || !word(text[at + cb.size()]);
    if (starts && ends) return true;
  }
  return false;
}

// `helper(fn)` or `helper({ "path"(exports, module) {...} })`: the
// initialiser function node.
TSNode LazyInitialiser(TSNode value, std::string_view source,
                       const std::vector<std::string_view>& helpers) {
  const Grammar& g = Grammar::Get();
  value = SkipParentheses(value);
  TSNode null_node{};
  if (g.Classify(value) != Sym::kCallExpression) return null_node;
  TSNode callee = g.Child(value, Field::kFunction);
  if (g.Classify(callee) != Sym::kIdentifier ||
      std::find(helpers.begin(), helpers.end(), NodeText(callee, source)) == helpers.end()) {
    return null_node;
  }
  std::vector<TSNode> args = CallArguments(g.Child(value, Field::kArguments));
  if (args.empty()) return null_node;
  TSNode first = SkipParentheses(args[0]);
  if (IsFunction(g.Classify(first))) return first;
  if (g.Classify(first) != Sym::kObject) return null_node;
  TSNode member{};
  int members = 0;
  const uint32_t count = ts_node_named_child_count(first);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode m = ts_node_named_child(first, i);
    if (g.Classify(m) == Sym::kComment) continue;
    ++members;
    member = m;
  }
  if (members != 1) return null_node;
  if (g.Classify(member) == Sym::kMethodDefinition) return member;
  if (g.Classify(member) == Sym::kPair) {
    TSNode fn = SkipParentheses(g.Child(member, Field::kValue));
    if (IsFunction(g.Classify(fn))) return fn;
  }
  return null_node;
}

// `import_meta`, `import_meta2`, ...: esbuild's name for the stand-in.
bool IsImportMetaName(std::string_view name) {
  constexpr std::string_view kBase = "import_meta";
  if (name.substr(0, kBase.size()) != kBase) return false;
  for (char c : name.substr(kBase.size())) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool IsEmptyObject(TSNode value) {
  const Grammar& g = Grammar::Get();
  if (g.Classify(value) != Sym::kObject) return false;
  const uint32_t count = ts_node_named_child_count(value);
  for (uint32_t i = 0; i < count; ++i) {
    if (g.Classify(ts_node_named_child(value, i)) != Sym::kComment) return false;
  }
  return true;
}

}  // namespace

EsbuildRuntime FindEsbuildRuntime(TSNode root, std::string_view source) {
  const Grammar& g = Grammar::Get();
  EsbuildRuntime runtime;
  std::vector<std::string_view> helpers;
  const uint32_t statements = ts_node_named_child_count(root);
  for (uint32_t s = 0; s < statements; ++s) {
    TSNode statement = ts_node_named_child(root, s);
    const Sym sym = g.Classify(statement);
    if (sym != Sym::kVariableDeclaration && sym != Sym::kLexicalDeclaration) continue;
    const uint32_t count = ts_node_named_child_count(statement);
    for (uint32_t d = 0; d < count; ++d) {
      TSNode declarator = ts_node_named_child(statement, d);
      if (g.Classify(declarator) != Sym::kVariableDeclarator) continue;
      TSNode name = g.Child(declarator, Field::kName);
      TSNode value = g.Child(declarator, Field::kValue);
      if (ts_node_is_null(value) || g.Classify(name) != Sym::kIdentifier) continue;
      const std::string_view name_text = NodeText(name, source);
      if (IsImportMetaName(name_text) && IsEmptyObject(value)) {
        runtime.empty_import_meta.push_back(name_text);
      } else if (runtime.require_shim.empty() && IsRequireShim(value, source)) {
        runtime.require_shim = name_text;
      } else if (IsLazyHelper(value, source)) {
        helpers.push_back(name_text);
      } else if (!helpers.empty()) {
        TSNode initialiser = LazyInitialiser(value, source, helpers);
        if (!ts_node_is_null(initialiser)) {
          runtime.lazy_modules.push_back({name_text, ts_node_start_byte(initialiser)});
        }
      }
    }
  }
  if (runtime.require_shim.empty()) runtime.lazy_modules.clear();
  return runtime;
}

}  // namespace lel::js
