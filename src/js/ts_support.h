// Owning handles for tree-sitter objects and a table that turns the grammar's
// symbol and field ids into enums, so the rest of src/js compares integers
// instead of node-type strings. Internal to src/js.
#ifndef LEL_JS_TS_SUPPORT_H_
#define LEL_JS_TS_SUPPORT_H_

#include <tree_sitter/api.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "js/module_scan.h"

namespace lel::js {

struct ParserDeleter {
  void operator()(TSParser* p) const { ts_parser_delete(p); }
};
struct TreeDeleter {
  void operator()(TSTree* t) const { ts_tree_delete(t); }
};
struct QueryDeleter {
  void operator()(TSQuery* q) const { ts_query_delete(q); }
};
struct QueryCursorDeleter {
  void operator()(TSQueryCursor* c) const { ts_query_cursor_delete(c); }
};
using ParserPtr = std::unique_ptr<TSParser, ParserDeleter>;
using TreePtr = std::unique_ptr<TSTree, TreeDeleter>;
using QueryPtr = std::unique_ptr<TSQuery, QueryDeleter>;
using QueryCursorPtr = std::unique_ptr<TSQueryCursor, QueryCursorDeleter>;

// A TSTreeCursor that frees itself.
class TreeCursor {
 public:
  explicit TreeCursor(TSNode root) : cursor_(ts_tree_cursor_new(root)) {}
  ~TreeCursor() { ts_tree_cursor_delete(&cursor_); }
  TreeCursor(const TreeCursor&) = delete;
  TreeCursor& operator=(const TreeCursor&) = delete;
  TSTreeCursor* get() { return &cursor_; }

 private:
  TSTreeCursor cursor_;
};

// Caps what one parse may use on this thread while the object lives: past
// `max_bytes` of tree-sitter allocations or `max_cpu_micros` of this
// thread's CPU time, *cancel_flag (the parser's cancellation flag) is set
// and the parse stops at its next check. Why memory: on some malformed
// input the 0.20.7 runtime's error recovery grows without bound (20 GB for
// 600 KB of "a=a=...a=,"). Why CPU time rather than tree-sitter's own
// wall-clock timeout: on a busy machine a valid bundle must not turn into
// parse_incomplete. Both are checked from tree-sitter's allocator (installed
// by Grammar::Get(), sharing libc's heap so memory allocated before or after
// stays compatible), which a parse calls constantly.
class ParseBudget {
 public:
  ParseBudget(size_t max_bytes, uint64_t max_cpu_micros, size_t* cancel_flag);
  ~ParseBudget();
  ParseBudget(const ParseBudget&) = delete;
  ParseBudget& operator=(const ParseBudget&) = delete;
  // Whether a limit was hit at some point.
  bool exceeded() const;

 private:
  int64_t saved_limit_;
  int64_t saved_deadline_;
  size_t* saved_flag_;
};

// This thread's CPU time.
uint64_t ThreadCpuMicros();

// The size of a parse-stack node (StackNode in lib/src/stack.c) in the
// 0.20.7 runtime: stack nodes are allocated with ts_malloc(232) (checked in
// the binary: `mov $0xe8,%edi` before the allocator call in ts_stack_push
// and ts_stack_new) and released with ts_free, or kept in a pool of at most
// 50 nodes.
inline constexpr size_t kTsStackNodeBytes = 232;

// How many blocks tree-sitter allocated with malloc(kTsStackNodeBytes) on
// this thread are live: every live stack node of a parser used on this
// thread, plus other blocks of that size (an over-count, never an
// under-count). Tracked by tree-sitter's allocator (installed by
// Grammar::Get()); callers compare two readings on the same thread.
int64_t LiveStackNodeSizedBlocks();

// The node types src/js looks at. Anything else is kOther. Keywords and
// punctuation (anonymous nodes) are prefixed kKw / kPunct.
enum class Sym : uint8_t {
  kOther,
  kError,
  kProgram,
  kComment,
  kHashBangLine,
  kIdentifier,
  kPropertyIdentifier,
  kShorthandPropertyIdentifier,
  kShorthandPropertyIdentifierPattern,
  kPrivatePropertyIdentifier,
  kString,
  kTemplateString,
  kTemplateSubstitution,
  kRegex,
  kNumber,
  kImportStatement,
  kImportClause,
  kNamedImports,
  kImportSpecifier,
  kNamespaceImport,
  kImportAttribute,
  kExportStatement,
  kExportClause,
  kExportSpecifier,
  kNamespaceExport,
  kCallExpression,
  kArguments,
  kMemberExpression,
  kSubscriptExpression,
  kMetaProperty,
  kImport,  // the callee of import(...), a named node
  kFunctionDeclaration,
  kGeneratorFunctionDeclaration,
  kFunctionExpression,
  kGeneratorFunction,
  kArrowFunction,
  kMethodDefinition,
  kClassDeclaration,
  kClass,
  kClassBody,
  kClassStaticBlock,
  kFieldDefinition,
  kStatementBlock,
  kForStatement,
  kForInStatement,
  kSwitchBody,
  kCatchClause,
  kTryStatement,
  kIfStatement,
  kTernaryExpression,
  kBinaryExpression,
  kLexicalDeclaration,
  kVariableDeclaration,
  kVariableDeclarator,
  kFormalParameters,
  kObjectPattern,
  kArrayPattern,
  kPairPattern,
  kAssignmentPattern,
  kObjectAssignmentPattern,
  kRestPattern,
  kUnaryExpression,
  kParenthesizedExpression,
  kAwaitExpression,
  kAssignmentExpression,
  kExpressionStatement,
  kObject,
  kPair,
  kSpreadElement,
  kComputedPropertyName,
  kArray,
  kTrue,
  kFalse,
  kNull,
  kUndefined,
  kKwImport,
  kKwExport,
  kKwFrom,
  kKwDefault,
  kKwTypeof,
  kKwStatic,
  kKwAwait,
  kKwVar,
  kKwLet,
  kKwConst,
  kKwAsync,
  kKwGet,
  kKwSet,
  kPunctAt,
  kPunctStar,
  kCount,
};

enum class Field : uint8_t {
  kAlias,
  kAlternative,
  kArgument,
  kArguments,
  kBody,
  kCondition,
  kConsequence,
  kDeclaration,
  kFunction,
  kHandler,
  kIndex,
  kKey,
  kKind,
  kLeft,
  kName,
  kObject,
  kOperator,
  kParameter,
  kParameters,
  kProperty,
  kRight,
  kSource,
  kValue,
  kCount,
};

// The embedded queries, in the order of queries/*.scm.
enum class QueryId : uint8_t {
  kImports,
  kCount,
};

// The JavaScript grammar with its lookup tables and compiled queries. Built
// once, immutable afterwards, so it is safe to share between threads.
class Grammar {
 public:
  static const Grammar& Get();

  const TSLanguage* language() const { return language_; }
  Sym Classify(TSNode node) const {
    TSSymbol s = ts_node_symbol(node);
    // ERROR nodes carry the builtin error symbol, outside the symbol table.
    if (s == static_cast<TSSymbol>(-1)) return Sym::kError;
    return s < symbols_.size() ? symbols_[s] : Sym::kOther;
  }
  TSFieldId field(Field f) const { return fields_[static_cast<size_t>(f)]; }
  // Null when the query failed to compile; query_errors() says why.
  const TSQuery* query(QueryId id) const { return queries_[static_cast<size_t>(id)].get(); }
  const std::string& query_errors() const { return query_errors_; }

  TSNode Child(TSNode node, Field f) const { return ts_node_child_by_field_id(node, field(f)); }

 private:
  Grammar();

  const TSLanguage* language_;
  std::vector<Sym> symbols_;
  TSFieldId fields_[static_cast<size_t>(Field::kCount)] = {};
  QueryPtr queries_[static_cast<size_t>(QueryId::kCount)];
  std::string query_errors_;
};

// The text of `node` in `source`, clamped to the source.
inline std::string_view NodeText(TSNode node, std::string_view source) {
  uint32_t begin = ts_node_start_byte(node);
  uint32_t end = ts_node_end_byte(node);
  if (begin > source.size() || end > source.size() || begin > end) return {};
  return source.substr(begin, end - begin);
}

// --- Node helpers ------------------------------------------------------------

inline Span SpanOf(TSNode node) { return {ts_node_start_byte(node), ts_node_end_byte(node)}; }

// The arguments of a call (`arguments` node), without comments.
std::vector<TSNode> CallArguments(TSNode arguments);

// The value of a string literal or of a template literal without
// substitutions; false for anything else.
bool ConstantString(TSNode node, std::string_view source, std::string* value);

// A name in an import/export list or a property key: an identifier's text,
// or a string's value.
std::string NameText(TSNode node, std::string_view source);

// The value of `key: value` among an object literal's pairs, or a null node.
TSNode ObjectProperty(TSNode object, std::string_view key, std::string_view source);

// Fills record->specifier, analyzable and span from a call's first
// argument: a constant string gives its value and literal; anything else
// gives analyzable=false and the whole call's span.
void FillCallArgument(TSNode call, TSNode arguments, std::string_view source, ImportRecord* record);

// True when the match satisfies the #eq? / #not-eq? predicates of its
// pattern. The C API leaves predicates to the caller; an unknown predicate
// fails the match so a query cannot silently match more than it says.
bool PredicatesHold(const TSQuery* query, const TSQueryMatch& match, std::string_view source);

// The index of the capture named `name` in `query`, or UINT32_MAX.
uint32_t CaptureIndex(const TSQuery* query, std::string_view name);

}  // namespace lel::js

#endif  // LEL_JS_TS_SUPPORT_H_
