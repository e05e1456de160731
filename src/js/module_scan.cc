#include "js/module_scan.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <csetjmp>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <utility>

#include "js/grammar_gaps.h"
#include "js/js_lex.h"
#include "js/ts_support.h"

// Known gaps of the pinned grammar, tree-sitter-javascript 0.23.1 (found by
// parsing the newest valid syntax one construct at a time; each has a
// positive and a negative test in grammar_gaps_test.cc). Trees abridged.
//
// 1. Attributes on re-exports are not in the grammar:
//      export {a} from 'x' with { type: 'json' };
//      -> (ERROR (export_clause ...) source: (string)) (labeled_statement
//         label: (statement_identifier) ...) (ERROR) (empty_statement)
//    Same for `export * from 'x' with {...}` and `export * as ns from ...`;
//    `export {x} from 'y' with {}` even nests the ERROR in an export_statement.
// 2. The older `assert` form of attributes (Node 18-21), imports and exports:
//      import x from 'y' assert {type:'json'};
//      -> (import_statement (import_clause (identifier)) source: (string)
//         (ERROR (identifier) (identifier) (identifier)))
//    `import x from 'y' with {type:'json'}` parses fine.
// 3. Import phases (stage 3): `import defer * as ns from 'x'` ->
//    (import_statement (ERROR (identifier)) (import_clause (namespace_import
//    ...)) ...); `import source x from 'x'` -> (import_statement
//    (import_clause (identifier)) (ERROR (identifier)) source: ...).
// 4. Their dynamic forms: `import.defer('x')`, `import.source('x')` ->
//    (call_expression function: (import) (ERROR (identifier)) arguments: ...).
// 5. `using` declarations (explicit resource management):
//      using res = getResource();
//      -> (expression_statement (assignment_expression left: (identifier)
//         (ERROR (identifier)) right: (call_expression ...)))
//    also `await using x = f()`, `for (using x of y)`, `for (await using x of
//    y)` (the last one a bare ERROR).
// 6. `accessor` class members (decorators proposal): `class A { accessor x =
//    1; }` -> (field_definition property: (property_identifier) (ERROR
//    (identifier)) value: (number)); `accessor [k];` gives a MISSING ";".
// 7. Parenthesized decorators: `@(expr) class A {}` -> (program (ERROR
//    (parenthesized_expression (identifier))) (class_declaration ...)).
//    Bridged by blanking the expression, so an import() inside it is lost.
//
// Parsed correctly (no gap): decorators `@a.b.c` / `@dec()` on classes,
// members and before or after `export`; regex `v` flag incl. nested classes
// and `\q{}`; regex modifiers `(?i:)`; duplicate named groups; class static
// blocks; `#priv in obj`; hashbang (also after a BOM); top-level await and
// `for await`; optional chaining; numeric separators; `import.meta.dirname`;
// `import x from 'y' with {...}`; arbitrary module namespace names
// (`import {'a b' as c}`, `export * as "x" from`); `import(x, {with: ...})`.
// Not syntax errors in this grammar although they are in JavaScript (so
// has_syntax_error misses them): JSX, `y?.z\`t\``, `import()` without an
// argument, mixing `??` with `||` unparenthesized.

namespace lel {
namespace {

using js::Field;
using js::Grammar;
using js::NodeText;
using js::Sym;

// How many rounds of gap patching a scan may spend (each costs a parse).
constexpr int kMaxGapRounds = 3;
constexpr size_t kMaxGapPatches = 1000000;
// Far above real code (a 6 MB npm bundle peaks near 800).
constexpr size_t kMaxNestingEstimate = 65536;
// Default memory budget of a parse: valid code takes about 25 bytes of
// tree per source byte (a 6.5 MB bundle: 160 MB).
constexpr size_t kBaseParserBytes = 128u << 20;
constexpr size_t kParserBytesPerSourceByte = 48;

// ---------------------------------------------------------------------------
// A guard against a crash in libtree-sitter 0.20.7.
//
// When the parser reaches the end of the input in error recovery, it wraps
// its whole stack into one ERROR node; with 65536 or more stack entries the
// node's child count is truncated to 16 bits and the heap is corrupted (an
// invalid free, or a crash inside ts_parser_parse). Reproduced with "x="
// plus 65600 '(' and, with no deep brackets at all, "a=" * 30 + "," repeated
// 3000 times, where error recovery keeps every `a=` on the stack.
//
// The API does not expose the stack depth, so the parser's debug log is
// followed instead: shifts push, reduces pop, and the depth is known again
// each time a top-level statement is reduced. While several stack versions
// exist (GLR), pops are not trusted, so the count only over-estimates. When
// "recover_eof" is logged with a possible depth near the limit, the parse is
// abandoned by longjmp out of the log callback: at that point the parser has
// not changed anything yet, and it is deleted right after, never reused.
// Only inputs that could hold that many tokens are watched (the log roughly
// doubles the parse time).

constexpr int64_t kMaxStackDepth = 60000;       // the runtime breaks at 65536
constexpr size_t kGuardMinSourceBytes = 60000;  // fewer bytes, fewer entries

struct StackGuard {
  std::jmp_buf escape;
  int64_t depth = 1;  // upper bound on the deepest stack version
  unsigned long versions = 1;
  bool tripped = false;
};

bool StartsWith(const char* s, std::string_view prefix) {
  return std::strncmp(s, prefix.data(), prefix.size()) == 0;
}

// No object with a destructor may live in this frame: it is left by
// longjmp. Called for every parser action, so it looks at as few bytes as
// it can: most messages are "process ..." and "lex...".
void FollowParserLog(void* payload, TSLogType type, const char* message) {
  if (type != TSLogTypeParse) return;
  StackGuard* guard = static_cast<StackGuard*>(payload);
  switch (message[0]) {
    case 'p':
      if (StartsWith(message, "process ")) {
        const char* count = std::strstr(message + 8, "version_count:");
        if (count != nullptr) guard->versions = std::strtoul(count + 14, nullptr, 10);
      }
      return;
    case 's':
      if (StartsWith(message, "shift") || StartsWith(message, "skip_token")) ++guard->depth;
      return;
    case 'r':
      break;
    default:
      return;
  }
  if (StartsWith(message, "reduce sym:")) {
    if (guard->versions != 1) return;
    if (StartsWith(message + 11, "program_repeat1,")) {
      guard->depth = 2;  // the start state and the statements so far
      return;
    }
    const char* count = std::strstr(message + 11, "child_count:");
    if (count == nullptr) return;
    const int64_t children = std::strtol(count + 12, nullptr, 10);
    guard->depth = std::max<int64_t>(1, guard->depth - children + 1);
  } else if (StartsWith(message, "recover_with_missing")) {
    ++guard->depth;
  } else if (StartsWith(message, "recover_eof") && guard->depth >= kMaxStackDepth) {
    guard->tripped = true;
    std::longjmp(guard->escape, 1);
  }
}

// Returns null when the parse was cancelled, timed out or tripped the
// guard. Kept free of objects with destructors, as the setjmp target.
TSTree* GuardedParse(TSParser* parser, const std::string& text, StackGuard* guard) {
  if (guard != nullptr) {
    ts_parser_set_logger(parser, TSLogger{guard, FollowParserLog});
    if (setjmp(guard->escape) != 0) return nullptr;
  }
  return ts_parser_parse_string(parser, nullptr, text.data(), static_cast<uint32_t>(text.size()));
}

// ---------------------------------------------------------------------------
// Parsing, with the known grammar gaps bridged.

struct ParsedSource {
  std::string text;  // the source with gap patches applied; same length
  js::TreePtr tree;  // null when the parse was abandoned
  std::vector<Span> gaps;
};

ParsedSource Parse(std::string_view source, const ScanOptions& options) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::microseconds(options.timeout_micros);
  ParsedSource parsed;
  if (source.size() > options.max_source_bytes || source.size() > UINT32_MAX) return parsed;
  // Cheap first line of defence against the runtime crash described above:
  // absurd nesting is refused before parsing.
  if (js::EstimateNesting(source, kMaxNestingEstimate) > kMaxNestingEstimate) return parsed;
  parsed.text.assign(source);
  size_t cancel = 0;
  const size_t memory_budget = options.max_parser_bytes != 0
                                   ? options.max_parser_bytes
                                   : kBaseParserBytes + kParserBytesPerSourceByte * source.size();
  js::AllocationBudget budget(memory_budget, &cancel);
  js::ParserPtr parser(ts_parser_new());
  if (!ts_parser_set_language(parser.get(), Grammar::Get().language())) return parsed;
  ts_parser_set_cancellation_flag(parser.get(), &cancel);
  std::unique_ptr<StackGuard> guard;
  if (source.size() >= kGuardMinSourceBytes) guard = std::make_unique<StackGuard>();
  // Gap patches can hide another gap behind error recovery, so patching
  // repeats; the last round's patches get one more parse.
  for (int round = 0; round <= kMaxGapRounds; ++round) {
    auto now = Clock::now();
    if (now >= deadline) {
      parsed.tree.reset();
      return parsed;
    }
    auto left = std::chrono::duration_cast<std::chrono::microseconds>(deadline - now);
    // 0 would mean "no limit" to tree-sitter.
    ts_parser_set_timeout_micros(parser.get(), std::max<uint64_t>(1, left.count()));
    ts_parser_reset(parser.get());
    if (guard) *guard = StackGuard{};
    parsed.tree.reset(GuardedParse(parser.get(), parsed.text, guard.get()));
    if (!parsed.tree) return parsed;
    if (round == kMaxGapRounds) break;
    std::vector<js::GapPatch> patches =
        js::FindGrammarGaps(parsed.tree.get(), parsed.text, kMaxGapPatches);
    if (patches.empty()) break;
    js::ApplyGapPatches(patches, &parsed.text);
    for (const js::GapPatch& p : patches) parsed.gaps.push_back({p.begin, p.end});
  }
  std::sort(parsed.gaps.begin(), parsed.gaps.end(),
            [](const Span& a, const Span& b) { return a.begin < b.begin; });
  return parsed;
}

// The first ERROR or MISSING node, descending only where errors are.
bool FindFirstError(TSNode root, Span* where) {
  if (!ts_node_has_error(root)) return false;
  const Grammar& g = Grammar::Get();
  js::TreeCursor cursor(root);
  TSTreeCursor* c = cursor.get();
  for (;;) {
    TSNode node = ts_tree_cursor_current_node(c);
    if (g.Classify(node) == Sym::kError || ts_node_is_missing(node)) {
      where->begin = ts_node_start_byte(node);
      where->end = ts_node_is_missing(node) ? where->begin : ts_node_end_byte(node);
      return true;
    }
    if (ts_node_has_error(node) && ts_tree_cursor_goto_first_child(c)) continue;
    for (;;) {
      if (ts_tree_cursor_goto_next_sibling(c)) break;
      if (!ts_tree_cursor_goto_parent(c)) return false;
    }
  }
}

// ---------------------------------------------------------------------------
// Small node helpers.

Span SpanOf(TSNode node) { return {ts_node_start_byte(node), ts_node_end_byte(node)}; }

// The arguments of a call, without comments and punctuation.
std::vector<TSNode> CallArguments(TSNode arguments) {
  std::vector<TSNode> out;
  uint32_t count = ts_node_named_child_count(arguments);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode child = ts_node_named_child(arguments, i);
    if (Grammar::Get().Classify(child) == Sym::kComment) continue;
    out.push_back(child);
  }
  return out;
}

// The value of a string literal or of a template literal without
// substitutions; false for anything else.
bool ConstantString(TSNode node, std::string_view source, std::string* value) {
  const Sym sym = Grammar::Get().Classify(node);
  if (sym != Sym::kString && sym != Sym::kTemplateString) return false;
  if (ts_node_has_error(node)) return false;
  return js::DecodeStringLiteral(NodeText(node, source), value);
}

// A name in an import/export list: an identifier or a string.
std::string ModuleExportName(TSNode node, std::string_view source) {
  std::string value;
  if (Grammar::Get().Classify(node) == Sym::kString && ConstantString(node, source, &value)) {
    return value;
  }
  return std::string(NodeText(node, source));
}

// Finds `key: 'value'` among an object literal's pairs.
TSNode ObjectProperty(TSNode object, std::string_view key, std::string_view source) {
  const Grammar& g = Grammar::Get();
  uint32_t count = ts_node_named_child_count(object);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode pair = ts_node_named_child(object, i);
    if (g.Classify(pair) != Sym::kPair) continue;
    TSNode k = g.Child(pair, Field::kKey);
    std::string name;
    if (g.Classify(k) == Sym::kString) {
      if (!ConstantString(k, source, &name)) continue;
    } else {
      name = std::string(NodeText(k, source));
    }
    if (name == key) return g.Child(pair, Field::kValue);
  }
  return TSNode{};
}

// ---------------------------------------------------------------------------
// The scope walk: one pass over the tree with a TSTreeCursor and an explicit
// stack (no recursion, so nesting depth only costs heap). It records which
// ranges run only when a function is called, and resolves references to a
// handful of tracked names (require and the other CommonJS globals, plus
// whatever a createRequire() result is bound to) against the declarations
// that could shadow them.

enum TrackedName : uint8_t {
  kRequire,
  kModule,
  kExports,
  kDirname,
  kFilename,
  kFirstDynamicName,
};
constexpr size_t kMaxTrackedNames = 16;
constexpr std::string_view kCommonJsNames[kFirstDynamicName] = {"require", "module", "exports",
                                                                "__dirname", "__filename"};

// How an identifier (or the identifiers under a node) is read.
enum class Role : uint8_t {
  kReference,      // an expression: reads or writes a variable
  kBinding,        // declares a name
  kIgnored,        // names that are not variables here (export lists, ...)
  kTypeofOperand,  // `typeof x`: does not throw for an undeclared x
};

// Which scope a declaration binds in.
enum class DeclKind : uint8_t { kNone, kVar, kLexical };

struct Frame {
  TSNode node;
  Sym sym = Sym::kOther;
  Role role = Role::kReference;
  DeclKind decl = DeclKind::kNone;
  bool deferred = false;  // inside a function body, parameters, or instance field initialiser
  bool pushed_scope = false;
  bool is_static_field = false;
  bool is_typeof = false;
  bool has_alias = false;       // import_specifier with `as`
  bool create_require = false;  // variable_declarator initialised by createRequire()
};

struct ScopeEntry {
  uint32_t entry_seq = 0;  // references numbered from here on are inside
  uint16_t declared = 0;   // bit per tracked name
  uint16_t declared_by_create_require = 0;
  bool is_program = false;
  size_t var_scope = 0;  // index of the nearest function-level scope
};

struct Reference {
  uint32_t seq = 0;
  Span span;
  bool at_load = true;
  bool is_call = false;
  TSNode call{};
};

class ScopeWalk {
 public:
  explicit ScopeWalk(std::string_view source) : source_(source), g_(Grammar::Get()) {
    for (std::string_view name : kCommonJsNames) names_.push_back(name);
  }

  void Run(TSNode root) {
    js::TreeCursor cursor(root);
    TSTreeCursor* c = cursor.get();
    Enter(ts_tree_cursor_current_node(c), 0);
    for (;;) {
      if (Descends(frames_.back()) && ts_tree_cursor_goto_first_child(c)) {
        Enter(ts_tree_cursor_current_node(c), ts_tree_cursor_current_field_id(c));
        continue;
      }
      for (;;) {
        Exit();
        if (ts_tree_cursor_goto_next_sibling(c)) {
          Enter(ts_tree_cursor_current_node(c), ts_tree_cursor_current_field_id(c));
          break;
        }
        if (!ts_tree_cursor_goto_parent(c)) {
          FinishFreeReferences();
          return;
        }
      }
    }
  }

  // True when `pos` runs while the module loads (outside all deferred code).
  bool AtLoad(uint32_t pos) const {
    auto it = std::upper_bound(deferred_.begin(), deferred_.end(), pos,
                               [](uint32_t p, const Span& s) { return p < s.begin; });
    return it == deferred_.begin() || std::prev(it)->end <= pos;
  }

  std::vector<ImportRecord> TakeRequireImports() { return std::move(require_imports_); }
  // Nodes that may be imports, for queries/imports.scm to confirm.
  const std::vector<TSNode>& import_sites() const { return import_sites_; }
  bool defines_require() const { return defines_require_; }

 private:
  static bool Descends(const Frame& f) {
    switch (f.sym) {
      case Sym::kString:
      case Sym::kComment:
      case Sym::kRegex:
      case Sym::kNumber:
      case Sym::kHashBangLine:
        return false;
      default:
        return true;
    }
  }

  // The role and declaration kind of a child, from its parent and field.
  void AssignRole(const Frame& parent, TSFieldId field, Frame* f) const {
    auto is = [&](Field want) { return field != 0 && field == g_.field(want); };
    f->role = Role::kReference;
    f->decl = parent.decl;
    switch (parent.sym) {
      case Sym::kVariableDeclarator:
        if (is(Field::kName)) f->role = Role::kBinding;
        break;
      case Sym::kFormalParameters:
        f->role = Role::kBinding;
        f->decl = DeclKind::kVar;
        break;
      case Sym::kArrowFunction:
        if (is(Field::kParameter)) {
          f->role = Role::kBinding;
          f->decl = DeclKind::kVar;
        }
        break;
      case Sym::kCatchClause:
        if (is(Field::kParameter)) {
          f->role = Role::kBinding;
          f->decl = DeclKind::kLexical;
        }
        break;
      case Sym::kForInStatement:
        if (is(Field::kLeft) && parent.decl != DeclKind::kNone) f->role = Role::kBinding;
        break;
      case Sym::kImportStatement:
        if (f->sym == Sym::kImportClause) {
          f->role = Role::kBinding;
          f->decl = DeclKind::kLexical;
        } else {
          f->role = Role::kIgnored;
        }
        break;
      case Sym::kImportClause:
      case Sym::kNamedImports:
      case Sym::kNamespaceImport:
        f->role = parent.role;
        break;
      case Sym::kImportSpecifier:
        f->role = (is(Field::kName) && parent.has_alias) ? Role::kIgnored : parent.role;
        break;
      case Sym::kExportClause:
      case Sym::kExportSpecifier:
      case Sym::kNamespaceExport:
        f->role = Role::kIgnored;
        break;
      case Sym::kFunctionDeclaration:
      case Sym::kGeneratorFunctionDeclaration:
      case Sym::kFunctionExpression:
      case Sym::kGeneratorFunction:
      case Sym::kClassDeclaration:
      case Sym::kClass:
        // The name was bound when the node was entered.
        if (is(Field::kName)) f->role = Role::kIgnored;
        break;
      case Sym::kObjectPattern:
      case Sym::kArrayPattern:
      case Sym::kRestPattern:
        f->role = parent.role;
        break;
      case Sym::kPairPattern:
        if (is(Field::kValue)) f->role = parent.role;
        break;
      case Sym::kAssignmentPattern:
      case Sym::kObjectAssignmentPattern:
        if (is(Field::kLeft)) f->role = parent.role;
        break;
      case Sym::kUnaryExpression:
        if (parent.is_typeof && is(Field::kArgument)) f->role = Role::kTypeofOperand;
        break;
      case Sym::kParenthesizedExpression:
        if (parent.role == Role::kTypeofOperand) f->role = Role::kTypeofOperand;
        break;
      default:
        break;
    }
  }

  void Enter(TSNode node, TSFieldId field) {
    Frame f;
    f.node = node;
    f.sym = g_.Classify(node);
    const Frame* parent = frames_.empty() ? nullptr : &frames_.back();
    if (parent != nullptr) {
      f.deferred = parent->deferred;
      AssignRole(*parent, field, &f);
      // Instance field initialisers run in the constructor, static ones
      // while the class is defined.
      if (parent->sym == Sym::kFieldDefinition && field == g_.field(Field::kValue) &&
          !parent->is_static_field) {
        Defer(&f);
      }
    }
    switch (f.sym) {
      case Sym::kProgram:
        PushScope(&f, /*is_var_scope=*/true);
        scopes_.back().is_program = true;
        break;
      case Sym::kFunctionDeclaration:
      case Sym::kGeneratorFunctionDeclaration:
        // Block-scoped in module (strict) code: binds in the enclosing block.
        BindName(g_.Child(node, Field::kName), DeclKind::kLexical, false);
        PushScope(&f, true);
        Defer(&f);
        break;
      case Sym::kFunctionExpression:
      case Sym::kGeneratorFunction:
        PushScope(&f, true);
        BindName(g_.Child(node, Field::kName), DeclKind::kLexical, false);
        Defer(&f);
        break;
      case Sym::kArrowFunction:
      case Sym::kMethodDefinition:
        PushScope(&f, true);
        Defer(&f);
        break;
      case Sym::kClassDeclaration:
        BindName(g_.Child(node, Field::kName), DeclKind::kLexical, false);
        break;
      case Sym::kClass:
        if (!ts_node_is_null(g_.Child(node, Field::kName))) {
          PushScope(&f, false);
          BindName(g_.Child(node, Field::kName), DeclKind::kLexical, false);
        }
        break;
      case Sym::kClassStaticBlock:
        PushScope(&f, true);
        break;
      case Sym::kStatementBlock:
      case Sym::kForStatement:
      case Sym::kSwitchBody:
      case Sym::kCatchClause:
        PushScope(&f, false);
        break;
      case Sym::kForInStatement: {
        PushScope(&f, false);
        TSNode kind = g_.Child(node, Field::kKind);
        f.decl = DeclKind::kNone;
        if (!ts_node_is_null(kind)) {
          f.decl = g_.Classify(kind) == Sym::kKwVar ? DeclKind::kVar : DeclKind::kLexical;
        }
        break;
      }
      case Sym::kLexicalDeclaration:
        f.decl = DeclKind::kLexical;
        break;
      case Sym::kVariableDeclaration:
        f.decl = DeclKind::kVar;
        break;
      case Sym::kVariableDeclarator:
        f.create_require = IsCreateRequireCall(g_.Child(node, Field::kValue));
        if (f.create_require) TrackName(g_.Child(node, Field::kName));
        break;
      case Sym::kFieldDefinition:
        f.is_static_field = HasChild(node, Sym::kKwStatic);
        break;
      case Sym::kUnaryExpression:
        f.is_typeof =
            ts_node_child_count(node) > 0 && g_.Classify(ts_node_child(node, 0)) == Sym::kKwTypeof;
        break;
      case Sym::kImportSpecifier:
        f.has_alias = !ts_node_is_null(g_.Child(node, Field::kAlias));
        break;
      case Sym::kImportStatement:
        import_sites_.push_back(node);
        break;
      case Sym::kExportStatement:
        if (!ts_node_is_null(g_.Child(node, Field::kSource))) import_sites_.push_back(node);
        break;
      case Sym::kCallExpression: {
        // import(...) and import.meta.resolve(...); the query decides.
        TSNode callee = g_.Child(node, Field::kFunction);
        Sym callee_sym = g_.Classify(callee);
        if (callee_sym == Sym::kImport ||
            (callee_sym == Sym::kMemberExpression &&
             g_.Classify(g_.Child(callee, Field::kObject)) == Sym::kMetaProperty)) {
          import_sites_.push_back(node);
        }
        break;
      }
      case Sym::kIdentifier:
      case Sym::kShorthandPropertyIdentifier:
      case Sym::kShorthandPropertyIdentifierPattern:
        if (parent != nullptr) OnIdentifier(f, *parent, field);
        break;
      default:
        break;
    }
    frames_.push_back(f);
  }

  void Exit() {
    if (frames_.back().pushed_scope) PopScope();
    frames_.pop_back();
  }

  void Defer(Frame* f) {
    if (f->deferred) return;
    f->deferred = true;
    deferred_.push_back(SpanOf(f->node));
  }

  bool HasChild(TSNode node, Sym sym) const {
    uint32_t count = ts_node_child_count(node);
    for (uint32_t i = 0; i < count; ++i) {
      if (g_.Classify(ts_node_child(node, i)) == sym) return true;
    }
    return false;
  }

  // createRequire(...) or x.createRequire(...), e.g. module.createRequire.
  bool IsCreateRequireCall(TSNode value) const {
    if (ts_node_is_null(value) || g_.Classify(value) != Sym::kCallExpression) return false;
    TSNode callee = g_.Child(value, Field::kFunction);
    if (g_.Classify(callee) == Sym::kMemberExpression) {
      callee = g_.Child(callee, Field::kProperty);
    }
    return NodeText(callee, source_) == "createRequire";
  }

  int NameIndex(std::string_view text) const {
    for (size_t i = 0; i < names_.size(); ++i) {
      if (names_[i] == text) return static_cast<int>(i);
    }
    return -1;
  }

  void TrackName(TSNode name) {
    if (ts_node_is_null(name) || g_.Classify(name) != Sym::kIdentifier) return;
    std::string_view text = NodeText(name, source_);
    if (NameIndex(text) < 0 && names_.size() < kMaxTrackedNames) names_.push_back(text);
  }

  void PushScope(Frame* f, bool is_var_scope) {
    ScopeEntry s;
    s.entry_seq = next_seq_;
    s.var_scope = is_var_scope || scopes_.empty() ? scopes_.size() : scopes_.back().var_scope;
    scopes_.push_back(s);
    f->pushed_scope = true;
  }

  void BindName(TSNode name, DeclKind decl, bool create_require) {
    if (ts_node_is_null(name) || scopes_.empty()) return;
    Sym sym = g_.Classify(name);
    if (sym != Sym::kIdentifier && sym != Sym::kShorthandPropertyIdentifierPattern) return;
    int index = NameIndex(NodeText(name, source_));
    if (index < 0) return;
    ScopeEntry& scope = decl == DeclKind::kVar ? scopes_[scopes_.back().var_scope] : scopes_.back();
    scope.declared |= static_cast<uint16_t>(1u << index);
    if (create_require) {
      scope.declared_by_create_require |= static_cast<uint16_t>(1u << index);
      defines_require_ = true;
    }
    if (scope.is_program && index == kRequire) defines_require_ = true;
  }

  void OnIdentifier(const Frame& f, const Frame& parent, TSFieldId field) {
    switch (f.role) {
      case Role::kBinding:
        // A createRequire() result bound to a plain name (not a pattern).
        BindName(f.node, f.decl, parent.sym == Sym::kVariableDeclarator && parent.create_require);
        return;
      case Role::kReference:
        break;
      default:
        return;
    }
    int index = NameIndex(NodeText(f.node, source_));
    if (index < 0) return;
    Reference ref;
    ref.seq = next_seq_++;
    ref.span = SpanOf(f.node);
    ref.at_load = !f.deferred;
    if (parent.sym == Sym::kCallExpression && field == g_.field(Field::kFunction)) {
      ref.is_call = true;
      ref.call = parent.node;
    }
    pending_[index].push_back(ref);
  }

  // Leaving a scope settles the pending references to the names it
  // declares: they are bound here, whatever came before or after in the
  // scope (hoisting, and the temporal dead zone is not a global use either).
  void PopScope() {
    const ScopeEntry scope = scopes_.back();
    scopes_.pop_back();
    for (size_t name = 0; name < names_.size(); ++name) {
      const uint16_t bit = static_cast<uint16_t>(1u << name);
      if (!(scope.declared & bit)) continue;
      const bool node_require =
          (scope.declared_by_create_require & bit) || (scope.is_program && name == kRequire);
      std::vector<Reference>& refs = pending_[name];
      while (!refs.empty() && refs.back().seq >= scope.entry_seq) {
        if (node_require && refs.back().is_call) AddRequireImport(refs.back());
        refs.pop_back();
      }
    }
  }

  void AddRequireImport(const Reference& ref) {
    ImportRecord record;
    record.kind = ImportKind::kRequire;
    record.at_load = ref.at_load;
    FillArgument(ref.call, g_.Child(ref.call, Field::kArguments), &record);
    require_imports_.push_back(std::move(record));
  }

  void FinishFreeReferences() {
    // Phase 2 reports the references still pending here: free uses.
  }

 public:
  // Fills specifier, analyzable and span from a call's first argument.
  void FillArgument(TSNode call, TSNode arguments, ImportRecord* record) const {
    std::vector<TSNode> args;
    if (!ts_node_is_null(arguments)) args = CallArguments(arguments);
    if (!args.empty() && ConstantString(args[0], source_, &record->specifier)) {
      record->span = SpanOf(args[0]);
      record->analyzable = true;
    } else {
      record->specifier.clear();
      record->span = SpanOf(call);
      record->analyzable = false;
    }
  }

 private:
  std::string_view source_;
  const Grammar& g_;
  std::vector<Frame> frames_;
  std::vector<ScopeEntry> scopes_;
  std::vector<std::string_view> names_;
  std::array<std::vector<Reference>, kMaxTrackedNames> pending_;
  uint32_t next_seq_ = 0;
  std::vector<Span> deferred_;  // outermost deferred ranges, in source order
  std::vector<ImportRecord> require_imports_;
  std::vector<TSNode> import_sites_;
  bool defines_require_ = false;
};

// ---------------------------------------------------------------------------
// Imports, from queries/imports.scm.

// Names bound by an import clause: "default", "*", or the imported name.
void ImportClauseNames(TSNode statement, std::string_view source, std::vector<std::string>* names) {
  const Grammar& g = Grammar::Get();
  uint32_t count = ts_node_named_child_count(statement);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode clause = ts_node_named_child(statement, i);
    if (g.Classify(clause) != Sym::kImportClause) continue;
    uint32_t parts = ts_node_named_child_count(clause);
    for (uint32_t j = 0; j < parts; ++j) {
      TSNode part = ts_node_named_child(clause, j);
      switch (g.Classify(part)) {
        case Sym::kIdentifier:
          names->push_back("default");
          break;
        case Sym::kNamespaceImport:
          names->push_back("*");
          break;
        case Sym::kNamedImports: {
          uint32_t specs = ts_node_named_child_count(part);
          for (uint32_t k = 0; k < specs; ++k) {
            TSNode spec = ts_node_named_child(part, k);
            if (g.Classify(spec) != Sym::kImportSpecifier) continue;
            names->push_back(ModuleExportName(g.Child(spec, Field::kName), source));
          }
          break;
        }
        default:
          break;
      }
    }
  }
}

// Names a re-export takes from the other module: "*" or the listed names.
void ReexportNames(TSNode statement, std::string_view source, std::vector<std::string>* names) {
  const Grammar& g = Grammar::Get();
  uint32_t count = ts_node_child_count(statement);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode child = ts_node_child(statement, i);
    switch (g.Classify(child)) {
      case Sym::kPunctStar:
        names->push_back("*");
        break;
      case Sym::kNamespaceExport:
        // `export * as ns from`: the whole namespace.
        names->push_back("*");
        return;
      case Sym::kExportClause: {
        uint32_t specs = ts_node_named_child_count(child);
        for (uint32_t k = 0; k < specs; ++k) {
          TSNode spec = ts_node_named_child(child, k);
          if (g.Classify(spec) != Sym::kExportSpecifier) continue;
          names->push_back(ModuleExportName(g.Child(spec, Field::kName), source));
        }
        break;
      }
      default:
        break;
    }
  }
}

// `import('m', { with: { type: 'json' } })`: the type from the options.
std::string DynamicTypeAttribute(TSNode arguments, std::string_view source) {
  std::vector<TSNode> args = CallArguments(arguments);
  if (args.size() < 2 || Grammar::Get().Classify(args[1]) != Sym::kObject) return {};
  for (std::string_view key : {"with", "assert"}) {
    TSNode attributes = ObjectProperty(args[1], key, source);
    if (ts_node_is_null(attributes) || Grammar::Get().Classify(attributes) != Sym::kObject) {
      continue;
    }
    std::string type;
    TSNode value = ObjectProperty(attributes, "type", source);
    if (!ts_node_is_null(value) && ConstantString(value, source, &type)) return type;
  }
  return {};
}

void CollectQueryImports(std::string_view original, std::string_view text, const ScopeWalk& walk,
                         std::vector<ImportRecord>* imports) {
  const Grammar& g = Grammar::Get();
  const TSQuery* query = g.query(js::QueryId::kImports);
  if (query == nullptr) return;
  const uint32_t cap_static = js::CaptureIndex(query, "static");
  const uint32_t cap_reexport = js::CaptureIndex(query, "reexport");
  const uint32_t cap_dynamic = js::CaptureIndex(query, "dynamic");
  const uint32_t cap_meta_resolve = js::CaptureIndex(query, "meta_resolve");
  const uint32_t cap_source = js::CaptureIndex(query, "source");
  const uint32_t cap_arguments = js::CaptureIndex(query, "arguments");

  // The query runs on each candidate the walk found rather than on the
  // whole tree: the 0.20.7 query cursor slows down more than linearly on
  // nodes with very many children (a 1M-element array literal, or the flat
  // ERROR node of a binary file, take seconds), the walk does not. For a
  // call only the callee and the start of the argument list are visited, so
  // nested calls are not searched twice.
  js::QueryCursorPtr cursor(ts_query_cursor_new());
  TSQueryMatch match;
  for (TSNode site : walk.import_sites()) {
    uint32_t range_end = ts_node_end_byte(site);
    if (g.Classify(site) == Sym::kCallExpression) {
      TSNode args = g.Child(site, Field::kArguments);
      if (!ts_node_is_null(args)) range_end = ts_node_start_byte(args) + 1;
    }
    ts_query_cursor_set_byte_range(cursor.get(), ts_node_start_byte(site), range_end);
    ts_query_cursor_exec(cursor.get(), query, site);
    while (ts_query_cursor_next_match(cursor.get(), &match)) {
      if (!js::PredicatesHold(query, match, text)) continue;
      TSNode outer{}, source_node{}, arguments{};
      uint32_t kind_capture = UINT32_MAX;
      for (uint16_t i = 0; i < match.capture_count; ++i) {
        const TSQueryCapture& cap = match.captures[i];
        if (cap.index == cap_source) {
          source_node = cap.node;
        } else if (cap.index == cap_arguments) {
          arguments = cap.node;
        } else if (cap.index == cap_static || cap.index == cap_reexport ||
                   cap.index == cap_dynamic || cap.index == cap_meta_resolve) {
          outer = cap.node;
          kind_capture = cap.index;
        }
      }
      if (kind_capture == UINT32_MAX || !ts_node_eq(outer, site)) continue;
      ImportRecord record;
      if (kind_capture == cap_static || kind_capture == cap_reexport) {
        record.span = SpanOf(source_node);
        if (!ConstantString(source_node, text, &record.specifier)) {
          record.analyzable = false;
          record.specifier.clear();
        }
        // Attributes are read from the original text: a gap patch may have
        // blanked them in the parsed copy.
        js::ImportAttributes attributes;
        if (js::ScanImportAttributes(original, record.span.end, &attributes)) {
          record.type_attribute = attributes.type;
        }
        if (kind_capture == cap_static) {
          ImportClauseNames(outer, text, &record.names);
          record.kind = record.names.empty() ? ImportKind::kSideEffect : ImportKind::kImport;
        } else {
          record.kind = ImportKind::kReexport;
          ReexportNames(outer, text, &record.names);
        }
      } else {
        record.kind = kind_capture == cap_dynamic ? ImportKind::kDynamic : ImportKind::kMetaResolve;
        record.at_load = walk.AtLoad(ts_node_start_byte(outer));
        walk.FillArgument(outer, arguments, &record);
        if (record.kind == ImportKind::kDynamic) {
          record.type_attribute = DynamicTypeAttribute(arguments, text);
        }
      }
      imports->push_back(std::move(record));
    }
  }
}

}  // namespace

ModuleScan ScanModule(std::string_view source) { return ScanModule(source, ScanOptions{}); }

ModuleScan ScanModule(std::string_view source, const ScanOptions& options) {
  ModuleScan scan;
  ParsedSource parsed = Parse(source, options);
  if (!parsed.tree) {
    scan.parse_incomplete = true;
    return scan;
  }
  scan.grammar_gaps = std::move(parsed.gaps);
  const std::string_view text = parsed.text;
  TSNode root = ts_tree_root_node(parsed.tree.get());
  scan.has_syntax_error = FindFirstError(root, &scan.first_error);

  ScopeWalk walk(text);
  walk.Run(root);
  scan.defines_require = walk.defines_require();
  CollectQueryImports(source, text, walk, &scan.imports);
  for (ImportRecord& r : walk.TakeRequireImports()) scan.imports.push_back(std::move(r));
  std::stable_sort(
      scan.imports.begin(), scan.imports.end(),
      [](const ImportRecord& a, const ImportRecord& b) { return a.span.begin < b.span.begin; });
  return scan;
}

}  // namespace lel
