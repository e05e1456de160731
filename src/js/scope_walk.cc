#include "js/scope_walk.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <iterator>
#include <string>
#include <unordered_map>
#include <utility>

#include "js/ts_support.h"

namespace lel::js {
namespace {

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
constexpr size_t kMaxTrackedNames = 32;
using NameBits = uint32_t;  // a bit per tracked name
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
  TSFieldId field = 0;  // this node's field in its parent
  Sym sym = Sym::kOther;
  Role role = Role::kReference;
  DeclKind decl = DeclKind::kNone;
  bool deferred = false;  // inside a function body, parameters, or instance field initialiser
  bool pushed_scope = false;
  bool is_static_field = false;
  bool is_typeof = false;
  bool has_alias = false;       // import_specifier with `as`
  bool create_require = false;  // variable_declarator initialised by createRequire()
  // variable_declarator of `const f = require(...)`: the require call's start byte.
  uint32_t bound_require = ScopeFacts::kNoFunction;
  // Inside the block of a `try` with a `catch`, and in the same function:
  // what throws here is caught.
  bool guarded = false;
  // The test this node runs under (ImportRecord::condition), in the same
  // function; empty when it runs unconditionally.
  Span condition{};
  uint32_t function = ScopeFacts::kNoFunction;  // start byte of the innermost function
};

struct ScopeEntry {
  uint32_t entry_seq = 0;  // references numbered from here on are inside
  NameBits declared = 0;  // bit per tracked name
  NameBits declared_by_create_require = 0;
  // `const f = require(...)` in this scope: f's name index and the start
  // byte of the require call, whose result the calls of f call.
  std::vector<std::pair<int, uint32_t>> bound_requires;
  bool is_program = false;
  size_t var_scope = 0;  // index of the nearest function-level scope
};

struct Reference {
  uint32_t seq = 0;
  Span span;
  bool at_load = true;
  bool is_call = false;
  bool caught = false;  // Frame::guarded of the identifier
  Span condition{};     // Frame::condition of the identifier
  uint32_t function = ScopeFacts::kNoFunction;
  TSNode call{};
  int site = -1;  // index into sites_, for module / exports
};

class ScopeWalk {
 public:
  ScopeWalk(std::string_view source, const EsbuildRuntime& esbuild)
      : source_(source), g_(Grammar::Get()) {
    for (std::string_view name : kCommonJsNames) names_.push_back(name);
    // The shim is tracked like require, so that a local of the same name
    // (minified code reuses short names) is not taken for it.
    if (!esbuild.require_shim.empty()) {
      shim_index_ = static_cast<int>(names_.size());
      names_.push_back(esbuild.require_shim);
    }
    for (size_t i = 0; i < esbuild.lazy_modules.size(); ++i) {
      lazy_index_.emplace(esbuild.lazy_modules[i].name, i);
    }
    empty_import_meta_ = esbuild.empty_import_meta;
  }

  ScopeFacts Run(TSNode root) {
    TreeCursor cursor(root);
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
          FillResultCalls(&facts_.require_imports, require_import_calls_);
          FillResultCalls(&facts_.commonjs_requires, commonjs_require_calls_);
          return std::move(facts_);
        }
      }
    }
  }

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
    f.field = field;
    f.sym = g_.Classify(node);
    const Frame* parent = frames_.empty() ? nullptr : &frames_.back();
    if (parent != nullptr) {
      f.deferred = parent->deferred;
      f.guarded = parent->guarded || OpensCatchingBlock(*parent, field);
      f.function = parent->function;
      f.condition = parent->condition;
      AssignRole(*parent, field, &f);
      // Instance field initialisers run in the constructor, static ones
      // while the class is defined.
      if (parent->sym == Sym::kFieldDefinition && field == g_.field(Field::kValue) &&
          !parent->is_static_field) {
        Defer(&f);
      }
      if (IsFunctionBoundary(f.sym) ||
          (parent->sym == Sym::kFieldDefinition && field == g_.field(Field::kValue))) {
        f.guarded = false;  // a try outside a function does not see its throws
        f.function = ts_node_start_byte(node);
        f.condition = {};   // nor does a test outside it decide whether it runs
      }
      if (TSNode test; RunsOnlyIf(*parent, field, &test)) f.condition = SpanOf(test);
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
        if (!f.deferred && HasChild(node, Sym::kKwAwait)) {  // for await (...)
          NoteEsmSyntax(EsmSyntax::kTopLevelAwait, KeywordSpan(node, Sym::kKwAwait));
        }
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
        if (parent != nullptr) f.bound_require = BoundRequireCall(*parent, node);
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
        facts_.import_sites.push_back(node);
        NoteEsmSyntax(EsmSyntax::kImportStatement, KeywordSpan(node, Sym::kKwImport));
        break;
      case Sym::kExportStatement:
        if (!ts_node_is_null(g_.Child(node, Field::kSource))) facts_.import_sites.push_back(node);
        NoteEsmSyntax(EsmSyntax::kExportStatement, KeywordSpan(node, Sym::kKwExport));
        break;
      case Sym::kAwaitExpression:
        if (!f.deferred) NoteEsmSyntax(EsmSyntax::kTopLevelAwait, KeywordSpan(node, Sym::kKwAwait));
        break;
      case Sym::kRegex:
        NoteRegex(node);
        break;
      case Sym::kComment:
        facts_.comments.push_back(SpanOf(node));
        break;
      case Sym::kMetaProperty:
        if (NodeText(node, source_).substr(0, 6) == "import") {
          NoteEsmSyntax(EsmSyntax::kImportMeta, SpanOf(node));
        }
        break;
      case Sym::kCallExpression: {
        // import(...) and import.meta.resolve(...); the query decides.
        TSNode callee = g_.Child(node, Field::kFunction);
        Sym callee_sym = g_.Classify(callee);
        if (callee_sym == Sym::kImport ||
            (callee_sym == Sym::kMemberExpression &&
             g_.Classify(g_.Child(callee, Field::kObject)) == Sym::kMetaProperty)) {
          facts_.import_sites.push_back(node);
        }
        if (callee_sym == Sym::kImport && PromiseHandled(node)) {
          facts_.caught_import_calls.push_back(ts_node_start_byte(node));
        }
        // require(...)(...): the value a call of a require-like name is
        // called. Kept only where that call turns out to be a require().
        if (TSNode inner = Unparenthesized(callee);
            !ts_node_is_null(inner) && g_.Classify(inner) == Sym::kCallExpression) {
          TSNode inner_callee = g_.Child(inner, Field::kFunction);
          if (!ts_node_is_null(inner_callee) && IsRequireLike(inner_callee)) {
            NoteResultCall(ts_node_start_byte(inner),
                           {SpanOf(node), std::string(NodeText(inner_callee, source_)) + "(...)",
                            !f.deferred, f.guarded});
          }
        }
        if (callee_sym == Sym::kImport && f.condition.end > f.condition.begin) {
          facts_.conditional_import_calls.emplace_back(ts_node_start_byte(node),
                                                       ConditionText(f.condition));
        }
        if (callee_sym == Sym::kIdentifier && !lazy_index_.empty()) {
          auto it = lazy_index_.find(NodeText(callee, source_));
          if (it != lazy_index_.end()) {
            facts_.lazy_calls.push_back({it->second, frames_.empty() ? ScopeFacts::kNoFunction
                                                                     : frames_.back().function});
          }
        }
        break;
      }
      case Sym::kMemberExpression:
        if (!empty_import_meta_.empty() && parent != nullptr && parent->sym == Sym::kArguments) {
          NoteEmptyImportMetaUse(f);
        }
        break;
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

  // `import_meta.url` as an argument, where import_meta is esbuild's empty
  // stand-in.
  void NoteEmptyImportMetaUse(const Frame& member) {
    // The callee, by its last name: functions that throw on undefined
    // (fileURLToPath, createRequire, path.join ...), and `new URL(x, base)`
    // for a relative x. esbuild calls imports as `(0, ns.fileURLToPath)(...)`.
    if (frames_.size() < 2) return;
    TSNode call = frames_[frames_.size() - 2].node;
    if (ts_node_named_child_count(call) == 0) return;
    std::string_view callee = NodeText(ts_node_named_child(call, 0), source_);
    while (!callee.empty() && (callee.back() == ')' || callee.back() == ' ')) {
      callee.remove_suffix(1);
    }
    size_t start = callee.size();
    while (start > 0 && (std::isalnum(static_cast<unsigned char>(callee[start - 1])) ||
                         callee[start - 1] == '_' || callee[start - 1] == '$')) {
      --start;
    }
    static constexpr std::string_view kThrowsOnUndefined[] = {
        "fileURLToPath", "createRequire", "dirname", "basename", "join", "resolve", "URL"};
    if (std::find(std::begin(kThrowsOnUndefined), std::end(kThrowsOnUndefined),
                  callee.substr(start)) == std::end(kThrowsOnUndefined)) {
      return;
    }
    TSNode object = g_.Child(member.node, Field::kObject);
    if (g_.Classify(object) != Sym::kIdentifier) return;
    std::string_view name = NodeText(object, source_);
    if (std::find(empty_import_meta_.begin(), empty_import_meta_.end(), name) ==
        empty_import_meta_.end()) {
      return;
    }
    std::string_view property = NodeText(g_.Child(member.node, Field::kProperty), source_);
    if (property != "url" && property != "dirname" && property != "filename") return;
    facts_.empty_import_meta_uses.push_back(
        {SpanOf(member.node), std::string(property), !member.deferred, member.guarded});
  }

  void Exit() {
    if (frames_.back().pushed_scope) PopScope();
    frames_.pop_back();
  }

  // The block of `try { ... } catch`: what throws inside it is caught. The
  // catch and finally blocks are not, nor a try with only `finally`.
  bool OpensCatchingBlock(const Frame& parent, TSFieldId field) const {
    return parent.sym == Sym::kTryStatement && field != 0 && field == g_.field(Field::kBody) &&
           !ts_node_is_null(g_.Child(parent.node, Field::kHandler));
  }

  static bool IsFunctionBoundary(Sym sym) {
    switch (sym) {
      case Sym::kFunctionDeclaration:
      case Sym::kGeneratorFunctionDeclaration:
      case Sym::kFunctionExpression:
      case Sym::kGeneratorFunction:
      case Sym::kArrowFunction:
      case Sym::kMethodDefinition:
      case Sym::kClassStaticBlock:
        return true;
      default:
        return false;
    }
  }

  // A regex literal `/pattern/flags`, kept when some Node major refuses it
  // (ModuleScan::regexes).
  void NoteRegex(TSNode node) {
    std::string_view text = NodeText(node, source_);
    const size_t last = text.rfind('/');
    if (text.size() < 2 || text.front() != '/' || last == 0 || last == std::string_view::npos) {
      return;
    }
    RegexLiteral regex;
    regex.span = SpanOf(node);
    regex.flags = std::string(text.substr(last + 1));
    const bool unicode_sets = regex.flags.find('v') != std::string::npos;
    regex.modifiers = HasModifierGroup(text.substr(1, last - 1), unicode_sets);
    bool older = true;  // only the flags every modelled Node knows, once each
    for (size_t i = 0; i < regex.flags.size(); ++i) {
      if (std::string_view("dgimsuy").find(regex.flags[i]) == std::string_view::npos ||
          regex.flags.find(regex.flags[i], i + 1) != std::string::npos) {
        older = false;
      }
    }
    if (older && !regex.modifiers) return;
    facts_.regexes.push_back(std::move(regex));
  }

  // `(?i:`, `(?-s:`, `(?im-s:` outside a character class and not escaped.
  // With the v flag, classes nest.
  static bool HasModifierGroup(std::string_view pattern, bool nested_classes) {
    int class_depth = 0;
    for (size_t i = 0; i < pattern.size(); ++i) {
      const char c = pattern[i];
      if (c == '\\') {
        ++i;
      } else if (c == '[') {
        if (class_depth == 0 || nested_classes) ++class_depth;
      } else if (c == ']') {
        if (class_depth > 0) --class_depth;
      } else if (class_depth == 0 && c == '(' && i + 2 < pattern.size() && pattern[i + 1] == '?') {
        size_t j = i + 2;
        size_t letters = 0;
        while (j < pattern.size() && std::string_view("ims").find(pattern[j]) != std::string_view::npos) {
          ++j, ++letters;
        }
        if (j < pattern.size() && pattern[j] == '-') {
          ++j;
          while (j < pattern.size() && std::string_view("ims").find(pattern[j]) != std::string_view::npos) {
            ++j, ++letters;
          }
        }
        if (letters > 0 && j < pattern.size() && pattern[j] == ':') return true;
      }
    }
    return false;
  }

  // Whether a child at `field` of `parent` runs only when a test not known
  // at load holds, and which test: an `if`'s or a ternary's branches, the
  // right side of `&&`, `||` and `??`. A branch the test always takes (see
  // Evaluate) runs unconditionally.
  bool RunsOnlyIf(const Frame& parent, TSFieldId field, TSNode* test) const {
    auto is = [&](Field want) { return field != 0 && field == g_.field(want); };
    bool taken_when = true;  // the value of the test under which the child runs
    switch (parent.sym) {
      case Sym::kIfStatement:
      case Sym::kTernaryExpression:
        if (!is(Field::kConsequence) && !is(Field::kAlternative)) return false;
        *test = g_.Child(parent.node, Field::kCondition);
        taken_when = is(Field::kConsequence);
        break;
      case Sym::kBinaryExpression: {
        if (!is(Field::kRight)) return false;
        std::string_view op = NodeText(g_.Child(parent.node, Field::kOperator), source_);
        if (op != "&&" && op != "||" && op != "??") return false;
        *test = g_.Child(parent.node, Field::kLeft);
        if (op == "??") return true;  // whether the left side is nullish is not evaluated
        taken_when = op == "&&";
        break;
      }
      default:
        return false;
    }
    if (ts_node_is_null(*test)) return false;
    const Truth truth = Evaluate(*test, 0);
    if (truth == Truth::kUnknown) return true;
    return (truth == Truth::kTrue) != taken_when;
  }

  enum class Truth : uint8_t { kUnknown, kTrue, kFalse };

  // The value of a test in a CommonJS module on Node, where it is fixed:
  // literals, `module` / `exports` / `module.exports` (objects), `typeof
  // NAME` compared with a string for names whose type
  // Node fixes (module, exports, require, process, global ... and the
  // browser's window, self, document, define, which Node lacks), and `!`,
  // `&&`, `||` of those. Local variables of those names are not told apart.
  Truth Evaluate(TSNode node, int depth) const {
    if (ts_node_is_null(node) || depth > 32) return Truth::kUnknown;
    switch (g_.Classify(node)) {
      case Sym::kTrue: return Truth::kTrue;
      case Sym::kIdentifier:
      case Sym::kMemberExpression: {
        // `module`, `exports`, `module.exports`: objects while a CommonJS
        // module loads (UMD: `typeof module === 'object' && module.exports`).
        std::string_view text = NodeText(node, source_);
        return text == "module" || text == "exports" || text == "module.exports" ? Truth::kTrue
                                                                                 : Truth::kUnknown;
      }
      case Sym::kFalse:
      case Sym::kNull:
      case Sym::kUndefined: return Truth::kFalse;
      case Sym::kParenthesizedExpression:
        return ts_node_named_child_count(node) == 1
                   ? Evaluate(ts_node_named_child(node, 0), depth + 1)
                   : Truth::kUnknown;
      case Sym::kUnaryExpression: {
        if (ts_node_child_count(node) != 2 ||
            NodeText(ts_node_child(node, 0), source_) != "!") {
          return Truth::kUnknown;
        }
        const Truth inner = Evaluate(g_.Child(node, Field::kArgument), depth + 1);
        if (inner == Truth::kUnknown) return inner;
        return inner == Truth::kTrue ? Truth::kFalse : Truth::kTrue;
      }
      case Sym::kBinaryExpression: {
        std::string_view op = NodeText(g_.Child(node, Field::kOperator), source_);
        TSNode left = g_.Child(node, Field::kLeft);
        TSNode right = g_.Child(node, Field::kRight);
        if (op == "&&" || op == "||") {
          const Truth a = Evaluate(left, depth + 1);
          const Truth b = Evaluate(right, depth + 1);
          const Truth absorbing = op == "&&" ? Truth::kFalse : Truth::kTrue;
          if (a == absorbing || b == absorbing) return absorbing;
          return a == Truth::kUnknown || b == Truth::kUnknown ? Truth::kUnknown : a;
        }
        const bool equal = op == "===" || op == "==";
        if (!equal && op != "!==" && op != "!=") return Truth::kUnknown;
        std::string_view type = TypeofType(left);
        std::string literal;
        if (type.empty()) {
          type = TypeofType(right);
          if (!ConstantString(left, source_, &literal)) return Truth::kUnknown;
        } else if (!ConstantString(right, source_, &literal)) {
          return Truth::kUnknown;
        }
        if (type.empty()) return Truth::kUnknown;
        return (type == literal) == equal ? Truth::kTrue : Truth::kFalse;
      }
      default:
        return Truth::kUnknown;
    }
  }

  // What `typeof NAME` gives in a CommonJS module on Node, for `node` of
  // that form and a name whose type is fixed; "" otherwise.
  std::string_view TypeofType(TSNode node) const {
    if (ts_node_is_null(node) || g_.Classify(node) != Sym::kUnaryExpression ||
        ts_node_child_count(node) == 0 || g_.Classify(ts_node_child(node, 0)) != Sym::kKwTypeof) {
      return {};
    }
    TSNode operand = g_.Child(node, Field::kArgument);
    while (!ts_node_is_null(operand) && g_.Classify(operand) == Sym::kParenthesizedExpression &&
           ts_node_named_child_count(operand) == 1) {
      operand = ts_node_named_child(operand, 0);
    }
    if (ts_node_is_null(operand) || g_.Classify(operand) != Sym::kIdentifier) return {};
    static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
        {"module", "object"},    {"exports", "object"},      {"require", "function"},
        {"process", "object"},   {"global", "object"},       {"globalThis", "object"},
        {"Buffer", "function"},  {"window", "undefined"},    {"self", "undefined"},
        {"document", "undefined"}, {"define", "undefined"},
    };
    std::string_view name = NodeText(operand, source_);
    for (const auto& [known, type] : kTypes) {
      if (known == name) return type;
    }
    return {};
  }

  // ImportRecord::condition's text for a test at `span`.
  std::string ConditionText(Span span) const {
    constexpr size_t kMaxBytes = 80;
    std::string text;
    bool space = false;
    for (uint32_t i = span.begin; i < span.end && i < source_.size(); ++i) {
      const unsigned char c = static_cast<unsigned char>(source_[i]);
      if (std::isspace(c)) {
        space = !text.empty();
        continue;
      }
      if (space) text += ' ';
      space = false;
      if (text.size() >= kMaxBytes) {
        text += "...";
        break;
      }
      text += static_cast<char>(c);
    }
    // An if's test comes in its parentheses.
    if (text.size() >= 2 && text.front() == '(' && text.back() == ')') {
      text = text.substr(1, text.size() - 2);
    }
    return text;
  }

  // Whether the promise of `import_call` (not yet on the frame stack; its
  // ancestors are) gets a rejection handler: `.catch(f)` or `.then(f, g)`
  // somewhere along a chain of then / catch / finally calls on it, or an
  // `await` of the chain inside a catching try block.
  bool PromiseHandled(TSNode import_call) const {
    TSNode value = import_call;  // the expression whose promise we follow
    for (size_t i = frames_.size(); i-- > 0;) {
      const Frame& p = frames_[i];
      switch (p.sym) {
        case Sym::kParenthesizedExpression:
          value = p.node;
          continue;
        case Sym::kAwaitExpression:
          return p.guarded;
        case Sym::kMemberExpression: {
          if (i == 0 || !ts_node_eq(g_.Child(p.node, Field::kObject), value)) return false;
          const Frame& call = frames_[i - 1];
          if (call.sym != Sym::kCallExpression ||
              !ts_node_eq(g_.Child(call.node, Field::kFunction), p.node)) {
            return false;
          }
          std::string_view method = NodeText(g_.Child(p.node, Field::kProperty), source_);
          const size_t argc = CallArguments(g_.Child(call.node, Field::kArguments)).size();
          if ((method == "catch" && argc >= 1) || (method == "then" && argc >= 2)) return true;
          if (method != "then" && method != "catch" && method != "finally") return false;
          value = call.node;
          --i;
          continue;
        }
        default:
          return false;
      }
    }
    return false;
  }

  void Defer(Frame* f) {
    if (f->deferred) return;
    f->deferred = true;
    facts_.deferred.push_back(SpanOf(f->node));
  }

  // The span of the first child of `node` that is the keyword `sym`.
  Span KeywordSpan(TSNode node, Sym sym) const {
    uint32_t count = ts_node_child_count(node);
    for (uint32_t i = 0; i < count; ++i) {
      TSNode child = ts_node_child(node, i);
      if (g_.Classify(child) == sym) return SpanOf(child);
    }
    return SpanOf(node);
  }

  // Nodes are entered in source order, so the first note is the first.
  void NoteEsmSyntax(EsmSyntax kind, Span span) {
    if (facts_.first_esm_syntax != EsmSyntax::kNone) return;
    facts_.first_esm_syntax = kind;
    facts_.first_esm_syntax_span = span;
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

  TSNode Unparenthesized(TSNode node) const {
    while (!ts_node_is_null(node) && g_.Classify(node) == Sym::kParenthesizedExpression &&
           ts_node_named_child_count(node) == 1) {
      node = ts_node_named_child(node, 0);
    }
    return node;
  }

  // `const f = require('m')` (`declarator` under `declaration`), through the
  // free require or one made with createRequire: tracks f, and returns the
  // require call's start byte (kNoFunction when it is not such a
  // declarator). Only `const`: a let or var could be given another value
  // before it is called. Whether the require is a real one is known only
  // when its reference is resolved; the result calls of other functions
  // are dropped then.
  uint32_t BoundRequireCall(const Frame& declaration, TSNode declarator) {
    // Every node is tested for null first: a tree with errors lacks some
    // (`const x = ;` has no value), and a null node has no symbol to read.
    if (declaration.sym != Sym::kLexicalDeclaration) return ScopeFacts::kNoFunction;
    TSNode kind = g_.Child(declaration.node, Field::kKind);
    if (ts_node_is_null(kind) || g_.Classify(kind) != Sym::kKwConst) {
      return ScopeFacts::kNoFunction;
    }
    TSNode name = g_.Child(declarator, Field::kName);
    TSNode value = Unparenthesized(g_.Child(declarator, Field::kValue));
    if (ts_node_is_null(name) || ts_node_is_null(value) || g_.Classify(name) != Sym::kIdentifier ||
        g_.Classify(value) != Sym::kCallExpression) {
      return ScopeFacts::kNoFunction;
    }
    TSNode callee = g_.Child(value, Field::kFunction);
    if (ts_node_is_null(callee) || !IsRequireLike(callee)) return ScopeFacts::kNoFunction;
    // const module = require(...): not ours to follow.
    const int index = NameIndex(NodeText(name, source_));
    if (index >= 0 && index < kFirstDynamicName) return ScopeFacts::kNoFunction;
    TrackName(name);
    return ts_node_start_byte(value);
  }

  // An identifier that may call a require: `require`, or a name that
  // createRequire() initialised (tracked after the CommonJS names and the
  // shim; a const bound to a require's result is tracked there too, and
  // calling it is then only a call, which the resolution sorts out).
  bool IsRequireLike(TSNode callee) const {
    if (g_.Classify(callee) != Sym::kIdentifier) return false;
    const int index = NameIndex(NodeText(callee, source_));
    return index == kRequire || (index >= kFirstDynamicName && index != shim_index_);
  }

  // The first call (in source order) of what the call at `call_start` returns.
  void NoteResultCall(uint32_t call_start, ImportRecord::ResultCall call) {
    auto [it, added] = result_calls_.emplace(call_start, call);
    if (!added && call.span.begin < it->second.span.begin) it->second = call;
  }

  // Gives each require() record the first call of its result.
  void FillResultCalls(std::vector<ImportRecord>* records,
                       const std::vector<uint32_t>& call_starts) const {
    for (size_t i = 0; i < records->size(); ++i) {
      auto it = result_calls_.find(call_starts[i]);
      if (it != result_calls_.end()) (*records)[i].result_call = it->second;
    }
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

  void BindName(TSNode name, DeclKind decl, bool create_require,
                uint32_t bound_require = ScopeFacts::kNoFunction) {
    if (ts_node_is_null(name) || scopes_.empty()) return;
    Sym sym = g_.Classify(name);
    if (sym != Sym::kIdentifier && sym != Sym::kShorthandPropertyIdentifierPattern) return;
    int index = NameIndex(NodeText(name, source_));
    if (index < 0) return;
    ScopeEntry& scope = decl == DeclKind::kVar ? scopes_[scopes_.back().var_scope] : scopes_.back();
    scope.declared |= NameBits{1} << index;
    if (bound_require != ScopeFacts::kNoFunction) {
      scope.bound_requires.emplace_back(index, bound_require);
    }
    if (create_require) {
      scope.declared_by_create_require |= NameBits{1} << index;
      facts_.defines_require = true;
    }
    if (scope.is_program && index == kRequire) {
      facts_.defines_require = true;
      facts_.declares_require = true;
    }
  }

  void OnIdentifier(const Frame& f, const Frame& parent, TSFieldId field) {
    switch (f.role) {
      case Role::kBinding:
        // A createRequire() result bound to a plain name (not a pattern).
        if (parent.sym == Sym::kVariableDeclarator) {
          BindName(f.node, f.decl, parent.create_require, parent.bound_require);
        } else {
          BindName(f.node, f.decl, false);
        }
        return;
      case Role::kReference:
        break;
      case Role::kTypeofOperand:
        // `typeof exports == 'object' && exports` (UMD wrappers): a module
        // that tests a name this way guards its uses of it.
        if (int tested = NameIndex(NodeText(f.node, source_)); tested >= 0) {
          typeof_tested_ |= NameBits{1} << tested;
        }
        return;
      default:
        return;
    }
    int index = NameIndex(NodeText(f.node, source_));
    if (index < 0) return;
    Reference ref;
    ref.seq = next_seq_++;
    ref.span = SpanOf(f.node);
    ref.at_load = !f.deferred;
    ref.caught = f.guarded;
    ref.condition = f.condition;
    ref.function = f.function;
    if (parent.sym == Sym::kCallExpression && field == g_.field(Field::kFunction)) {
      ref.is_call = true;
      ref.call = parent.node;
    }
    if (index == kExports || index == kModule) ref.site = FindCommonJsSite(f, index);
    pending_[index].push_back(ref);
  }

  // Leaving a scope settles the pending references to the names it
  // declares: they are bound here, whatever came before or after in the
  // scope (hoisting, and the temporal dead zone is not a global use either).
  void PopScope() {
    const ScopeEntry scope = std::move(scopes_.back());
    scopes_.pop_back();
    for (size_t name = 0; name < names_.size(); ++name) {
      const NameBits bit = NameBits{1} << name;
      if (!(scope.declared & bit)) continue;
      // `const f = require(...)` here: the calls of f call its result.
      uint32_t bound_require = ScopeFacts::kNoFunction;
      for (const auto& [index, call_start] : scope.bound_requires) {
        if (static_cast<size_t>(index) == name) bound_require = call_start;
      }
      const bool node_require =
          (scope.declared_by_create_require & bit) || (scope.is_program && name == kRequire);
      std::vector<Reference>& refs = pending_[name];
      const bool shim = scope.is_program && static_cast<int>(name) == shim_index_;
      while (!refs.empty() && refs.back().seq >= scope.entry_seq) {
        if (node_require && refs.back().is_call) AddRequireImport(refs.back());
        if (bound_require != ScopeFacts::kNoFunction && refs.back().is_call) {
          const Reference& call = refs.back();
          NoteResultCall(bound_require, {SpanOf(call.call), std::string(names_[name]),
                                         call.at_load, call.caught});
        }
        if (shim && refs.back().is_call) {
          facts_.shim_calls.push_back({RequireRecord(refs.back()), refs.back().function});
        }
        refs.pop_back();
      }
    }
  }

  ImportRecord RequireRecord(const Reference& ref) const {
    ImportRecord record;
    record.kind = ImportKind::kRequire;
    record.at_load = ref.at_load;
    record.caught = ref.caught;
    if (ref.condition.end > ref.condition.begin) record.condition = ConditionText(ref.condition);
    FillCallArgument(ref.call, g_.Child(ref.call, Field::kArguments), source_, &record);
    return record;
  }

  void AddRequireImport(const Reference& ref) {
    facts_.require_imports.push_back(RequireRecord(ref));
    require_import_calls_.push_back(ts_node_start_byte(ref.call));
  }

  // `exports` or `module` in a position that defines CommonJS exports; -1
  // otherwise. `identifier` is not on the frame stack; its ancestors are.
  int FindCommonJsSite(const Frame& identifier, int name) {
    const size_t n = frames_.size();
    // The node standing for module.exports, and the index of its parent.
    TSNode target = identifier.node;
    TSFieldId target_field = identifier.field;
    size_t parent = n - 1;
    if (name == kModule) {
      const Frame& member = frames_[n - 1];
      if (member.sym != Sym::kMemberExpression || identifier.field != g_.field(Field::kObject) ||
          NodeText(g_.Child(member.node, Field::kProperty), source_) != "exports" || n < 2) {
        return -1;
      }
      target = member.node;
      target_field = member.field;
      parent = n - 2;
    }
    const Frame& p = frames_[parent];
    CommonJsSite site;
    site.at_load = !identifier.deferred;
    site.through_exports_variable = name == kExports;
    if ((p.sym == Sym::kMemberExpression || p.sym == Sym::kSubscriptExpression) &&
        target_field == g_.field(Field::kObject)) {
      // exports.x = v, exports['x'] = v, exports[key] = v
      if (parent == 0) return -1;
      const Frame& assignment = frames_[parent - 1];
      if (assignment.sym != Sym::kAssignmentExpression || p.field != g_.field(Field::kLeft)) {
        return -1;  // a read
      }
      site.span = SpanOf(assignment.node);
      site.value = g_.Child(assignment.node, Field::kRight);
      if (p.sym == Sym::kMemberExpression) {
        site.kind = CommonJsSite::Kind::kProperty;
        site.key = g_.Child(p.node, Field::kProperty);
      } else {
        TSNode index = g_.Child(p.node, Field::kIndex);
        std::string ignored;
        site.kind = ConstantString(index, source_, &ignored) ? CommonJsSite::Kind::kProperty
                                                             : CommonJsSite::Kind::kDynamic;
        site.key = index;
      }
    } else if (p.sym == Sym::kAssignmentExpression && target_field == g_.field(Field::kLeft)) {
      // `exports = ...` only rebinds the local variable.
      if (name == kExports) return -1;
      site.kind = CommonJsSite::Kind::kModuleExports;
      site.span = SpanOf(p.node);
      site.value = g_.Child(p.node, Field::kRight);
      if (parent > 0) {
        const Frame& outer = frames_[parent - 1];
        site.relinks_exports = outer.sym == Sym::kAssignmentExpression &&
                               p.field == g_.field(Field::kRight) &&
                               NodeText(g_.Child(outer.node, Field::kLeft), source_) == "exports";
      }
    } else if (p.sym == Sym::kArguments && parent > 0 &&
               frames_[parent - 1].sym == Sym::kCallExpression) {
      // Handed to a function: Object.defineProperty(exports, 'x', ...) is
      // understood, anything else (Object.assign, __exportStar) is not.
      TSNode call = frames_[parent - 1].node;
      site.span = SpanOf(call);
      std::vector<TSNode> args = CallArguments(p.node);
      std::string key;
      if (NodeText(g_.Child(call, Field::kFunction), source_) == "Object.defineProperty" &&
          args.size() >= 2 && ts_node_eq(args[0], target) &&
          ConstantString(args[1], source_, &key)) {
        site.kind = CommonJsSite::Kind::kDefineProperty;
        site.key = args[1];
        if (args.size() >= 3) site.value = args[2];
      } else {
        site.kind = CommonJsSite::Kind::kDynamic;
      }
    } else {
      return -1;
    }
    sites_.push_back(site);
    return static_cast<int>(sites_.size() - 1);
  }

  // After the program scope is gone, what is still pending is free.
  void FinishFreeReferences() {
    for (int name = kRequire; name < kFirstDynamicName; ++name) {
      for (const Reference& ref : pending_[name]) {
        if (!(typeof_tested_ & (NameBits{1} << name))) {
          facts_.commonjs_globals.push_back(
              {std::string(kCommonJsNames[name]), ref.span, ref.at_load});
        }
        if (name == kRequire && ref.is_call) {
          facts_.commonjs_requires.push_back(RequireRecord(ref));
          commonjs_require_calls_.push_back(ts_node_start_byte(ref.call));
        }
        if (ref.site >= 0) facts_.commonjs_sites.push_back(sites_[ref.site]);
      }
    }
    auto by_position = [](const auto& a, const auto& b) { return a.span.begin < b.span.begin; };
    std::sort(facts_.commonjs_globals.begin(), facts_.commonjs_globals.end(), by_position);
    std::sort(facts_.commonjs_sites.begin(), facts_.commonjs_sites.end(), by_position);
  }

 private:
  std::string_view source_;
  const Grammar& g_;
  int shim_index_ = -1;  // in names_
  std::unordered_map<std::string_view, size_t> lazy_index_;  // name -> lazy_modules index
  std::vector<std::string_view> empty_import_meta_;
  std::vector<Frame> frames_;
  std::vector<ScopeEntry> scopes_;
  NameBits typeof_tested_ = 0;  // bit per tracked name seen as `typeof name`
  std::vector<std::string_view> names_;
  std::array<std::vector<Reference>, kMaxTrackedNames> pending_;
  uint32_t next_seq_ = 0;
  std::vector<CommonJsSite> sites_;  // candidates, kept when the name is free
  // Calls of a call's result, by the start byte of the call whose result is
  // called (the first one in source order), and the start bytes of the
  // require calls behind facts_.require_imports and commonjs_requires.
  std::unordered_map<uint32_t, ImportRecord::ResultCall> result_calls_;
  std::vector<uint32_t> require_import_calls_;
  std::vector<uint32_t> commonjs_require_calls_;
  ScopeFacts facts_;
};

}  // namespace

bool ScopeFacts::AtLoad(uint32_t pos) const {
  auto it = std::upper_bound(deferred.begin(), deferred.end(), pos,
                             [](uint32_t p, const Span& s) { return p < s.begin; });
  return it == deferred.begin() || std::prev(it)->end <= pos;
}

bool ScopeFacts::PromiseCaught(TSNode import_call) const {
  return std::binary_search(caught_import_calls.begin(), caught_import_calls.end(),
                            ts_node_start_byte(import_call));
}

std::string ScopeFacts::ConditionOf(TSNode import_call) const {
  const uint32_t start = ts_node_start_byte(import_call);
  auto it = std::lower_bound(
      conditional_import_calls.begin(), conditional_import_calls.end(), start,
      [](const std::pair<uint32_t, std::string>& call, uint32_t p) { return call.first < p; });
  return it != conditional_import_calls.end() && it->first == start ? it->second : std::string();
}

ScopeFacts WalkScopes(TSNode root, std::string_view source, const EsbuildRuntime& esbuild) {
  return ScopeWalk(source, esbuild).Run(root);
}

}  // namespace lel::js
