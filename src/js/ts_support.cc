#include "js/ts_support.h"

#include <malloc.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <unordered_set>

#include "js/js_lex.h"
#include "queries/imports.scm.h"

extern "C" const TSLanguage* tree_sitter_javascript(void);

namespace lel::js {
namespace {

struct SymbolName {
  const char* name;
  bool named;
  Sym sym;
};

// Node type names as the grammar (tree-sitter-javascript 0.23.1) spells them.
constexpr SymbolName kSymbolNames[] = {
    {"ERROR", true, Sym::kError},
    {"program", true, Sym::kProgram},
    {"comment", true, Sym::kComment},
    {"hash_bang_line", true, Sym::kHashBangLine},
    {"identifier", true, Sym::kIdentifier},
    {"property_identifier", true, Sym::kPropertyIdentifier},
    {"shorthand_property_identifier", true, Sym::kShorthandPropertyIdentifier},
    {"shorthand_property_identifier_pattern", true, Sym::kShorthandPropertyIdentifierPattern},
    {"private_property_identifier", true, Sym::kPrivatePropertyIdentifier},
    {"string", true, Sym::kString},
    {"template_string", true, Sym::kTemplateString},
    {"template_substitution", true, Sym::kTemplateSubstitution},
    {"regex", true, Sym::kRegex},
    {"number", true, Sym::kNumber},
    {"import_statement", true, Sym::kImportStatement},
    {"import_clause", true, Sym::kImportClause},
    {"named_imports", true, Sym::kNamedImports},
    {"import_specifier", true, Sym::kImportSpecifier},
    {"namespace_import", true, Sym::kNamespaceImport},
    {"import_attribute", true, Sym::kImportAttribute},
    {"export_statement", true, Sym::kExportStatement},
    {"export_clause", true, Sym::kExportClause},
    {"export_specifier", true, Sym::kExportSpecifier},
    {"namespace_export", true, Sym::kNamespaceExport},
    {"call_expression", true, Sym::kCallExpression},
    {"arguments", true, Sym::kArguments},
    {"member_expression", true, Sym::kMemberExpression},
    {"subscript_expression", true, Sym::kSubscriptExpression},
    {"meta_property", true, Sym::kMetaProperty},
    {"import", true, Sym::kImport},
    {"function_declaration", true, Sym::kFunctionDeclaration},
    {"generator_function_declaration", true, Sym::kGeneratorFunctionDeclaration},
    {"function_expression", true, Sym::kFunctionExpression},
    {"generator_function", true, Sym::kGeneratorFunction},
    {"arrow_function", true, Sym::kArrowFunction},
    {"method_definition", true, Sym::kMethodDefinition},
    {"class_declaration", true, Sym::kClassDeclaration},
    {"class", true, Sym::kClass},
    {"class_body", true, Sym::kClassBody},
    {"class_static_block", true, Sym::kClassStaticBlock},
    {"field_definition", true, Sym::kFieldDefinition},
    {"statement_block", true, Sym::kStatementBlock},
    {"for_statement", true, Sym::kForStatement},
    {"for_in_statement", true, Sym::kForInStatement},
    {"switch_body", true, Sym::kSwitchBody},
    {"catch_clause", true, Sym::kCatchClause},
    {"try_statement", true, Sym::kTryStatement},
    {"if_statement", true, Sym::kIfStatement},
    {"ternary_expression", true, Sym::kTernaryExpression},
    {"binary_expression", true, Sym::kBinaryExpression},
    {"lexical_declaration", true, Sym::kLexicalDeclaration},
    {"variable_declaration", true, Sym::kVariableDeclaration},
    {"variable_declarator", true, Sym::kVariableDeclarator},
    {"formal_parameters", true, Sym::kFormalParameters},
    {"object_pattern", true, Sym::kObjectPattern},
    {"array_pattern", true, Sym::kArrayPattern},
    {"pair_pattern", true, Sym::kPairPattern},
    {"assignment_pattern", true, Sym::kAssignmentPattern},
    {"object_assignment_pattern", true, Sym::kObjectAssignmentPattern},
    {"rest_pattern", true, Sym::kRestPattern},
    {"unary_expression", true, Sym::kUnaryExpression},
    {"parenthesized_expression", true, Sym::kParenthesizedExpression},
    {"await_expression", true, Sym::kAwaitExpression},
    {"assignment_expression", true, Sym::kAssignmentExpression},
    {"expression_statement", true, Sym::kExpressionStatement},
    {"object", true, Sym::kObject},
    {"pair", true, Sym::kPair},
    {"spread_element", true, Sym::kSpreadElement},
    {"computed_property_name", true, Sym::kComputedPropertyName},
    {"array", true, Sym::kArray},
    {"true", true, Sym::kTrue},
    {"false", true, Sym::kFalse},
    {"null", true, Sym::kNull},
    {"undefined", true, Sym::kUndefined},
    {"import", false, Sym::kKwImport},
    {"export", false, Sym::kKwExport},
    {"from", false, Sym::kKwFrom},
    {"default", false, Sym::kKwDefault},
    {"typeof", false, Sym::kKwTypeof},
    {"static", false, Sym::kKwStatic},
    {"await", false, Sym::kKwAwait},
    {"var", false, Sym::kKwVar},
    {"let", false, Sym::kKwLet},
    {"const", false, Sym::kKwConst},
    {"async", false, Sym::kKwAsync},
    {"get", false, Sym::kKwGet},
    {"set", false, Sym::kKwSet},
    {"@", false, Sym::kPunctAt},
    {"*", false, Sym::kPunctStar},
};

constexpr const char* kFieldNames[] = {
    "alias",       "alternative", "argument",  "arguments",  "body",     "condition",
    "consequence", "declaration", "function",  "handler",    "index",    "key",
    "kind",        "left",        "name",      "object",     "operator", "parameter",
    "parameters",  "property",    "right",     "source",     "value",
};
static_assert(sizeof(kFieldNames) / sizeof(kFieldNames[0]) == static_cast<size_t>(Field::kCount));

struct QuerySource {
  const char* file;
  std::string_view text;
};
constexpr QuerySource kQuerySources[] = {
    {"imports.scm", queries::kImportsScm},
};
static_assert(sizeof(kQuerySources) / sizeof(kQuerySources[0]) ==
              static_cast<size_t>(QueryId::kCount));

// Accounting for ParseBudget. Per thread, because scans may run on several
// threads; memory freed on another thread than the one that allocated it
// only skews that thread's count.
thread_local int64_t t_live_bytes = 0;
thread_local int64_t t_limit = 0;         // 0: no budget active
thread_local int64_t t_cpu_deadline = 0;  // thread CPU micros; 0: none
thread_local uint32_t t_calls = 0;
thread_local size_t* t_cancel_flag = nullptr;
thread_local bool t_exceeded = false;
// For LiveStackNodeSizedBlocks: the live blocks that tree-sitter asked for
// with malloc(kTsStackNodeBytes) on this thread, by address. Not by usable
// size: glibc hands out a slightly bigger chunk when splitting one would
// leave too small a remainder, so some stack nodes have a usable size above
// 232 (an under-count, seen in the tests). The count goes up with every
// such allocation and down only when a block of the set is freed: a block
// freed on another thread stays counted, even once a new block takes its
// address (an over-count either way).
thread_local std::unordered_set<void*> t_stack_node_sized;
thread_local int64_t t_stack_node_sized_count = 0;
// The usable size of a kTsStackNodeBytes request is at least that and, in
// glibc, less than 64 bytes more (a free chunk is split unless the rest
// would be under 32 bytes); ASan reports the request exactly. Frees of
// blocks outside these generous bounds skip the set lookup.
constexpr size_t kMaxStackNodeUsableBytes = kTsStackNodeBytes + 4096;

// Reading the clock costs more than an allocation, so it is read every
// 1024 allocations (a parse makes millions).
constexpr uint32_t kCallsPerClockCheck = 1024;

void Exceeded() {
  t_exceeded = true;
  if (t_cancel_flag != nullptr) *t_cancel_flag = 1;
}

void ForgetBlock(void* p, size_t usable_bytes) {
  if (usable_bytes >= kTsStackNodeBytes && usable_bytes <= kMaxStackNodeUsableBytes &&
      !t_stack_node_sized.empty()) {
    t_stack_node_sized_count -= static_cast<int64_t>(t_stack_node_sized.erase(p));
  }
}

void Account(int64_t delta) {
  t_live_bytes += delta;
  if (t_limit == 0) return;
  if (t_live_bytes > t_limit) Exceeded();
  if (t_cpu_deadline != 0 && ++t_calls % kCallsPerClockCheck == 0 &&
      static_cast<int64_t>(ThreadCpuMicros()) > t_cpu_deadline) {
    Exceeded();
  }
}

// tree-sitter's default allocator aborts on failure too; returning null
// would only crash later inside the library.
[[noreturn]] void OutOfMemory(size_t bytes) {
  std::fprintf(stderr, "lel: tree-sitter failed to allocate %zu bytes\n", bytes);
  std::abort();
}

void* CountingMalloc(size_t bytes) {
  void* p = std::malloc(bytes);
  if (p == nullptr && bytes != 0) OutOfMemory(bytes);
  if (bytes == kTsStackNodeBytes) {
    t_stack_node_sized.insert(p);
    ++t_stack_node_sized_count;
  }
  Account(static_cast<int64_t>(malloc_usable_size(p)));
  return p;
}

void* CountingCalloc(size_t count, size_t size) {
  void* p = std::calloc(count, size);
  if (p == nullptr && count != 0 && size != 0) OutOfMemory(count * size);
  Account(static_cast<int64_t>(malloc_usable_size(p)));
  return p;
}

void* CountingRealloc(void* old, size_t bytes) {
  const size_t old_usable = malloc_usable_size(old);
  ForgetBlock(old, old_usable);  // a null pointer has usable size 0
  void* p = std::realloc(old, bytes);
  if (p == nullptr && bytes != 0) OutOfMemory(bytes);
  Account(static_cast<int64_t>(malloc_usable_size(p)) - static_cast<int64_t>(old_usable));
  return p;
}

void CountingFree(void* p) {
  const size_t usable = malloc_usable_size(p);
  ForgetBlock(p, usable);
  Account(-static_cast<int64_t>(usable));
  std::free(p);
}

}  // namespace

uint64_t ThreadCpuMicros() {
  timespec ts{};
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0) return 0;
  return static_cast<uint64_t>(ts.tv_sec) * 1000000u + static_cast<uint64_t>(ts.tv_nsec) / 1000u;
}

ParseBudget::ParseBudget(size_t max_bytes, uint64_t max_cpu_micros, size_t* cancel_flag)
    : saved_limit_(t_limit), saved_deadline_(t_cpu_deadline), saved_flag_(t_cancel_flag) {
  Grammar::Get();  // installs the counting allocator
  t_limit = t_live_bytes + static_cast<int64_t>(std::min<size_t>(max_bytes, INT64_MAX / 2));
  t_cpu_deadline =
      static_cast<int64_t>(ThreadCpuMicros() + std::min<uint64_t>(max_cpu_micros, INT64_MAX / 4));
  t_cancel_flag = cancel_flag;
  t_exceeded = false;
}

ParseBudget::~ParseBudget() {
  t_limit = saved_limit_;
  t_cpu_deadline = saved_deadline_;
  t_cancel_flag = saved_flag_;
}

bool ParseBudget::exceeded() const { return t_exceeded; }

int64_t LiveStackNodeSizedBlocks() {
  Grammar::Get();  // installs the counting allocator
  return t_stack_node_sized_count;
}

const Grammar& Grammar::Get() {
  static const Grammar* grammar = new Grammar();  // never destroyed: no exit-order issues
  return *grammar;
}

Grammar::Grammar() : language_(tree_sitter_javascript()) {
  // Before the first tree-sitter object exists. The counting functions use
  // libc's heap, so objects made earlier by anyone else stay compatible.
  ts_set_allocator(CountingMalloc, CountingCalloc, CountingRealloc, CountingFree);
  // Several symbol ids can share one name (aliases), so the table is built by
  // walking every symbol rather than asking for a name's id.
  uint32_t count = ts_language_symbol_count(language_);
  symbols_.assign(count, Sym::kOther);
  for (uint32_t s = 0; s < count; ++s) {
    const char* name = ts_language_symbol_name(language_, static_cast<TSSymbol>(s));
    if (name == nullptr) continue;
    bool named =
        ts_language_symbol_type(language_, static_cast<TSSymbol>(s)) == TSSymbolTypeRegular;
    for (const SymbolName& entry : kSymbolNames) {
      if (entry.named == named && std::strcmp(entry.name, name) == 0) {
        symbols_[s] = entry.sym;
        break;
      }
    }
  }
  for (size_t f = 0; f < static_cast<size_t>(Field::kCount); ++f) {
    fields_[f] = ts_language_field_id_for_name(language_, kFieldNames[f],
                                               static_cast<uint32_t>(std::strlen(kFieldNames[f])));
  }
  for (size_t q = 0; q < static_cast<size_t>(QueryId::kCount); ++q) {
    uint32_t error_offset = 0;
    TSQueryError error = TSQueryErrorNone;
    const std::string_view text = kQuerySources[q].text;
    queries_[q].reset(ts_query_new(language_, text.data(), static_cast<uint32_t>(text.size()),
                                   &error_offset, &error));
    if (!queries_[q]) {
      query_errors_ += std::string(kQuerySources[q].file) + ": error " +
                       std::to_string(static_cast<int>(error)) + " at byte " +
                       std::to_string(error_offset) + "\n";
    }
  }
}

bool PredicatesHold(const TSQuery* query, const TSQueryMatch& match, std::string_view source) {
  uint32_t step_count = 0;
  const TSQueryPredicateStep* steps =
      ts_query_predicates_for_pattern(query, match.pattern_index, &step_count);
  auto capture_text = [&](uint32_t capture_id) -> std::string_view {
    for (uint16_t i = 0; i < match.capture_count; ++i) {
      if (match.captures[i].index == capture_id) {
        return NodeText(match.captures[i].node, source);
      }
    }
    return {};
  };
  auto string_value = [&](uint32_t id) -> std::string_view {
    uint32_t length = 0;
    const char* s = ts_query_string_value_for_id(query, id, &length);
    return std::string_view(s, length);
  };
  uint32_t i = 0;
  while (i < step_count) {
    // One predicate: a string (its name), arguments, then a Done step.
    uint32_t end = i;
    while (end < step_count && steps[end].type != TSQueryPredicateStepTypeDone) ++end;
    if (end - i != 3 || steps[i].type != TSQueryPredicateStepTypeString ||
        steps[i + 1].type != TSQueryPredicateStepTypeCapture) {
      return false;
    }
    std::string_view op = string_value(steps[i].value_id);
    std::string_view left = capture_text(steps[i + 1].value_id);
    std::string_view right = steps[i + 2].type == TSQueryPredicateStepTypeCapture
                                 ? capture_text(steps[i + 2].value_id)
                                 : string_value(steps[i + 2].value_id);
    if (op == "eq?") {
      if (left != right) return false;
    } else if (op == "not-eq?") {
      if (left == right) return false;
    } else {
      return false;
    }
    i = end + 1;
  }
  return true;
}

uint32_t CaptureIndex(const TSQuery* query, std::string_view name) {
  uint32_t count = ts_query_capture_count(query);
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t length = 0;
    const char* s = ts_query_capture_name_for_id(query, i, &length);
    if (std::string_view(s, length) == name) return i;
  }
  return UINT32_MAX;
}

std::vector<TSNode> CallArguments(TSNode arguments) {
  std::vector<TSNode> out;
  if (ts_node_is_null(arguments)) return out;
  uint32_t count = ts_node_named_child_count(arguments);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode child = ts_node_named_child(arguments, i);
    if (Grammar::Get().Classify(child) == Sym::kComment) continue;
    out.push_back(child);
  }
  return out;
}

bool ConstantString(TSNode node, std::string_view source, std::string* value) {
  if (ts_node_is_null(node)) return false;
  const Sym sym = Grammar::Get().Classify(node);
  if (sym != Sym::kString && sym != Sym::kTemplateString) return false;
  if (ts_node_has_error(node)) return false;
  return DecodeStringLiteral(NodeText(node, source), value);
}

std::string NameText(TSNode node, std::string_view source) {
  std::string value;
  if (Grammar::Get().Classify(node) == Sym::kString && ConstantString(node, source, &value)) {
    return value;
  }
  return std::string(NodeText(node, source));
}

TSNode ObjectProperty(TSNode object, std::string_view key, std::string_view source) {
  const Grammar& g = Grammar::Get();
  uint32_t count = ts_node_named_child_count(object);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode pair = ts_node_named_child(object, i);
    if (g.Classify(pair) != Sym::kPair) continue;
    TSNode k = g.Child(pair, Field::kKey);
    if (g.Classify(k) == Sym::kComputedPropertyName) continue;
    if (NameText(k, source) == key) return g.Child(pair, Field::kValue);
  }
  return TSNode{};
}

void FillCallArgument(TSNode call, TSNode arguments, std::string_view source,
                      ImportRecord* record) {
  std::vector<TSNode> args = CallArguments(arguments);
  if (!args.empty() && ConstantString(args[0], source, &record->specifier)) {
    record->span = SpanOf(args[0]);
    record->analyzable = true;
  } else {
    record->specifier.clear();
    record->span = SpanOf(call);
    record->analyzable = false;
  }
}

}  // namespace lel::js
