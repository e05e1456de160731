#include "rules/export_names.h"

#include <algorithm>
#include <set>
#include <string_view>

namespace lel {
namespace {

using Key = std::pair<int, std::string>;

// The edge of module `m` made by the record of `kind` with `specifier`.
const ImportEdge* EdgeFor(const ModuleNode& node, std::string_view specifier, ImportKind kind) {
  for (const ImportEdge& edge : node.edges) {
    const ImportRecord& record = node.records()[edge.import_index];
    if (record.kind == kind && record.specifier == specifier) return &edge;
  }
  return nullptr;
}

const ExportedName* ExportNamed(const ModuleScan& scan, const std::string& name) {
  for (const ExportedName& e : scan.exports) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

}  // namespace

bool UsesMerveLexer(int node_major) { return node_major >= 24; }

bool ExportNames::IsCommonJs(int module) const {
  return module >= 0 && graph_.modules()[module].format == ModuleFormat::kCommonJs;
}

NameLookup ExportNames::Lookup(int module, const std::string& name) { return Resolve(module, name).status; }

const ExportNames::LexedFile& ExportNames::Lexed(int file) {
  auto it = lexed_.find(file);
  if (it != lexed_.end()) return it->second;
  LexedFile& lexed = lexed_[file];
  const ModuleNode& node = graph_.modules()[file];
  const js::CjsLexerResult& lexer = node.scan.commonjs_lexer;
  // A file the lexer gave up on has no names for Node, but it is invalid
  // CommonJS that fails to load anyway; where we might be the ones who got
  // it wrong, we say nothing.
  if (!node.read_ok || node.scan.parse_incomplete) return lexed;
  if (!lexer.ok) {
    // ES module syntax is where the lexer certainly gives up (it throws on
    // an import or export statement), and then Node sees no names at all:
    // the import fails to link before the file's SyntaxError is reached.
    // Other failures may be ours, not Node's: say nothing.
    const EsmSyntax esm = node.scan.first_esm_syntax;
    if (esm != EsmSyntax::kImportStatement && esm != EsmSyntax::kExportStatement) return lexed;
    static const std::vector<std::string> kNoNames;
    lexed.known = true;
    lexed.names = &kNoNames;
    return lexed;
  }
  const js::CjsLexerView& view = UsesMerveLexer(node_major_) ? lexer.merve : lexer.lexer;
  lexed.known = true;
  lexed.names = &view.names;
  // Node resolves each re-export from this file as require() does and
  // lexes what it finds when that is JavaScript: a .js or .cjs file (or one
  // of no known extension), whatever its package's type. Built-ins, JSON
  // and addons add nothing; a failed resolution is skipped by Node, but
  // ours may fail where Node's does not (NODE_PATH, runtime-provided
  // packages), so that, like .mjs, stays unknown.
  for (const std::string& specifier : view.reexports) {
    const ImportEdge* edge = EdgeFor(node, specifier, ImportKind::kRequire);
    if (!edge) {
      lexed.reexports.push_back(-1);
      continue;
    }
    const Resolution& r = edge->resolution;
    if (r.kind == Resolution::Kind::kBuiltin) continue;
    if (r.kind != Resolution::Kind::kFile) {
      lexed.reexports.push_back(-1);
      continue;
    }
    if (r.format == ModuleFormat::kJson || r.format == ModuleFormat::kAddon ||
        r.format == ModuleFormat::kWasm) {
      continue;
    }
    const bool mjs = r.path.ends_with(".mjs");
    lexed.reexports.push_back(mjs ? -1 : edge->target);
  }
  return lexed;
}

NameLookup ExportNames::LexedHas(int file, const std::string& name) {
  const Key root{file, name};
  if (auto it = lexed_has_.find(root); it != lexed_has_.end()) return it->second;
  // The names of every file reachable through re-exports count (in a cycle
  // Node may see fewer, as it copies a file's names while still adding to
  // them: the union is the safe side).
  std::vector<int> todo{file};
  std::set<int> seen{file};
  bool unknown = false;
  while (!todo.empty()) {
    const int f = todo.back();
    todo.pop_back();
    if (f < 0) {
      unknown = true;
      continue;
    }
    const LexedFile& lexed = Lexed(f);
    if (!lexed.known) {
      unknown = true;
      continue;
    }
    if (std::find(lexed.names->begin(), lexed.names->end(), name) != lexed.names->end()) {
      return lexed_has_[root] = NameLookup::kProvided;
    }
    for (int next : lexed.reexports) {
      if (next < 0 || seen.insert(next).second) todo.push_back(next);
    }
  }
  if (unknown) return lexed_has_[root] = NameLookup::kUnknown;
  // Nothing reachable has it: nothing reachable from any file seen does.
  for (int f : seen) lexed_has_[{f, name}] = NameLookup::kMissing;
  return NameLookup::kMissing;
}

// ResolveExport, computed for a whole strongly connected set of (module,
// name) pairs at once (Tarjan's algorithm, with an explicit stack): the
// spec walks every path and cuts only a pair already on the current path,
// so what a pair resolves to is the merge of everything it can reach, and
// every pair of a cycle reaches the same things.
ExportNames::Result ExportNames::Resolve(int module, const std::string& name) {
  const Key root{module, name};
  if (auto it = resolved_.find(root); it != resolved_.end()) return it->second;

  auto merge = [](Result* into, const Result& r) {
    if (into->status == NameLookup::kAmbiguous || r.status == NameLookup::kMissing) return;
    if (r.status == NameLookup::kAmbiguous || into->status == NameLookup::kMissing) {
      *into = r;
      return;
    }
    if (into->status == NameLookup::kProvided && r.status == NameLookup::kProvided) {
      if (into->module != r.module || into->name != r.name) *into = {NameLookup::kAmbiguous, -1, {}};
      return;
    }
    // A binding and an unknown: either could win, or they could clash.
    *into = {NameLookup::kUnknown, -1, {}};
  };
  auto provided = [](int m, const std::string& n) { return Result{NameLookup::kProvided, m, n}; };
  const Result unknown{NameLookup::kUnknown, -1, {}};
  const Result missing{NameLookup::kMissing, -1, {}};

  struct Pair {
    Key key;
    size_t index = 0;
    size_t lowlink = 0;
    bool on_stack = true;
    Result acc;                 // what it resolves to from what is known so far
    std::vector<Key> children;  // pairs it resolves through
    size_t next_child = 0;
  };
  std::vector<Pair> pairs;
  std::map<Key, size_t> ids;
  std::vector<size_t> scc_stack;
  std::vector<size_t> call;

  // One step of ResolveExport: a binding (or its absence), or the pairs
  // the answer comes from.
  auto expand = [&](Pair* p) {
    const auto& [m, n] = p->key;
    if (m < 0) {
      p->acc = unknown;
      return;
    }
    const ModuleNode& node = graph_.modules()[m];
    if (!node.read_ok || node.scan.parse_incomplete || node.scan.has_syntax_error) {
      p->acc = unknown;
      return;
    }
    if (node.format == ModuleFormat::kCommonJs) {
      // A CommonJS module's namespace: `default` (module.exports), on Node
      // 23+ `module.exports` too, and what the lexer finds.
      if (n == "default" || (n == "module.exports" && UsesMerveLexer(node_major_))) {
        p->acc = provided(m, n);
        return;
      }
      switch (LexedHas(m, n)) {
        case NameLookup::kProvided: p->acc = provided(m, n); return;
        case NameLookup::kMissing: p->acc = missing; return;
        default: p->acc = unknown; return;
      }
    }
    if (node.format != ModuleFormat::kEsm) {
      p->acc = unknown;
      return;
    }
    if (const ExportedName* e = ExportNamed(node.scan, n)) {
      if (e->from_specifier.empty()) {
        p->acc = provided(m, n);
        return;
      }
      const ImportEdge* edge = EdgeFor(node, e->from_specifier,
                                       e->through_import ? ImportKind::kImport : ImportKind::kReexport);
      if (e->imported_name == "*") {  // export * as n from: the namespace itself
        p->acc = edge && edge->target >= 0 ? provided(edge->target, "*") : provided(m, n);
        return;
      }
      if (!edge || edge->target < 0) {
        p->acc = unknown;
        return;
      }
      p->children.push_back({edge->target, e->imported_name});
      return;
    }
    if (n == "default") return;  // never through `export *`
    for (const StarReexport& star : node.scan.star_reexports) {
      const ImportEdge* edge = EdgeFor(node, star.specifier, ImportKind::kReexport);
      p->children.push_back({edge ? edge->target : -1, n});
    }
  };
  auto visit = [&](const Key& key) {
    const size_t id = pairs.size();
    ids[key] = id;
    pairs.push_back({key, id, id, true, missing, {}, 0});
    expand(&pairs.back());
    scc_stack.push_back(id);
    call.push_back(id);
  };

  visit(root);
  while (!call.empty()) {
    const size_t v = call.back();
    if (pairs[v].next_child < pairs[v].children.size()) {
      const Key child = pairs[v].children[pairs[v].next_child++];
      if (auto done = resolved_.find(child); done != resolved_.end()) {
        merge(&pairs[v].acc, done->second);
      } else if (auto seen = ids.find(child); seen == ids.end()) {
        visit(child);
      } else if (pairs[seen->second].on_stack) {
        pairs[v].lowlink = std::min(pairs[v].lowlink, pairs[seen->second].index);
      }
      continue;
    }
    call.pop_back();
    if (pairs[v].lowlink == pairs[v].index) {
      // v heads a finished set: all of it resolves the same way.
      Result result = missing;
      size_t first = scc_stack.size();
      do {
        --first;
      } while (scc_stack[first] != v);
      for (size_t i = first; i < scc_stack.size(); ++i) merge(&result, pairs[scc_stack[i]].acc);
      for (size_t i = first; i < scc_stack.size(); ++i) {
        pairs[scc_stack[i]].on_stack = false;
        resolved_[pairs[scc_stack[i]].key] = result;
      }
      scc_stack.resize(first);
      if (!call.empty()) merge(&pairs[call.back()].acc, result);
    } else if (!call.empty()) {
      const size_t parent = call.back();
      pairs[parent].lowlink = std::min(pairs[parent].lowlink, pairs[v].lowlink);
    }
  }
  return resolved_.at(root);
}

}  // namespace lel
