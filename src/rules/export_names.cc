#include "rules/export_names.h"

namespace lel {

const ProvidedNames& ExportNames::Of(int module) {
  auto it = memo_.find(module);
  if (it != memo_.end()) return it->second;
  std::set<int> visiting;
  return memo_[module] = Compute(module, &visiting);
}

ProvidedNames ExportNames::Compute(int module, std::set<int>* visiting) {
  ProvidedNames result;
  const ModuleNode& node = graph_.modules()[module];
  if (!node.read_ok || node.scan.parse_incomplete || node.scan.has_syntax_error) return result;
  if (node.format == ModuleFormat::kCommonJs) {
    // `import x from` a CommonJS module is always module.exports; named
    // imports are what the lexer finds. Dynamic shapes (re-exports through
    // require, Object.assign, computed keys) we do not model: unknown.
    result.commonjs = true;
    if (node.scan.commonjs.dynamic) return result;
    result.known = true;
    result.names.insert("default");
    for (const ExportedName& name : node.scan.commonjs.names) result.names.insert(name.name);
    return result;
  }
  if (node.format != ModuleFormat::kEsm) return result;
  if (!visiting->insert(module).second) {
    result.known = true;  // a cycle of `export *` adds nothing new
    return result;
  }
  result.known = true;
  for (const ExportedName& name : node.scan.exports) result.names.insert(name.name);
  for (const StarReexport& star : node.scan.star_reexports) {
    // The edge of that `export * from`: the same specifier, a re-export.
    int target = -1;
    bool found = false;
    for (const ImportEdge& edge : node.edges) {
      const ImportRecord& record = node.records()[edge.import_index];
      if (record.kind != ImportKind::kReexport || record.specifier != star.specifier) continue;
      found = true;
      target = edge.target;
      break;
    }
    if (!found || target < 0) {
      result.known = false;
      continue;
    }
    ProvidedNames inner = Compute(target, visiting);
    if (!inner.known) result.known = false;
    for (const std::string& name : inner.names) {
      if (name != "default") result.names.insert(name);
    }
  }
  visiting->erase(module);
  return result;
}

}  // namespace lel
