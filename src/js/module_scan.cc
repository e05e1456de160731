#include "js/module_scan.h"

#include <algorithm>
#include <array>
#include <csetjmp>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <utility>

#include "js/esbuild_runtime.h"
#include "js/grammar_gaps.h"
#include "js/js_lex.h"
#include "js/module_exports.h"
#include "js/scope_walk.h"
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
// Brackets nested this deep overflow the stack of V8's recursive parser on
// every Node version Lambda runs: lambda-sim and node 18-24 fail to load
// 5,000 nested parentheses or brackets, 1,000 nested `({a:`, and 10,000
// nested blocks, templates or functions, with "RangeError: Maximum call
// stack size exceeded"; 1,000 nested parentheses load. Twice the deepest
// failure seen, so that a claim is certain.
constexpr size_t kNodeMaxBracketDepth = 10000;
// Default memory budget of a parse: valid code takes about 25 bytes of
// tree per source byte (a 6.5 MB bundle: 160 MB).
constexpr size_t kBaseParserBytes = 128u << 20;
constexpr size_t kParserBytesPerSourceByte = 48;
// Default CPU budget: a 6.5 MB bundle parses in 2-4 s.
constexpr uint64_t kBaseParseMicros = 10'000'000;
constexpr uint64_t kParseMicrosPerSourceByte = 3;
// tree-sitter's wall-clock timeout, as a multiple of the CPU budget.
constexpr uint64_t kWallClockFactor = 20;

// ---------------------------------------------------------------------------
// A guard against a crash in libtree-sitter 0.20.7.
//
// When the parser reaches the end of the input in error recovery, it wraps
// its whole stack into one ERROR node; with 65536 or more stack entries the
// node's child count is truncated to 16 bits and the heap is corrupted (an
// invalid free, or a crash inside ts_parser_parse). Reproduced with "x="
// plus 65600 '(' and, with no deep brackets at all, "a=" * 30 + "," repeated
// 1075 times or more, where error recovery keeps every `a=` on the stack.
//
// The API does not expose the stack depth, so it is bounded in two steps.
//
// 1. Every parse of a big enough input reads its text through ReadSource, in
//    one chunk: the lexer calls it again, and gets an empty chunk, each time
//    it moves past the end of the text, so at the latest while lexing the
//    last token; after that only tokens of no bytes (the end of input, a
//    MISSING token, an automatic semicolon) can be pushed, plus the one token
//    a version may take from the parser's token cache without lexing: a
//    handful, far below the margin between kMaxStackDepth and 65536. At that
//    read the number of live stack nodes is bounded from above by counting
//    allocations: every stack node is a ts_malloc(kTsStackNodeBytes) block
//    (js::LiveStackNodeSizedBlocks counts the live blocks allocated with that
//    size), the nodes of one stack version are distinct live blocks, and
//    blocks of that size that are not stack nodes only add to the count. The
//    count is taken relative to the start of the parse; what existed before
//    (at most 50 pooled nodes and the base node, which may be reused or freed
//    during the parse, and the parser's own arrays) is covered by
//    kPreexistingBlocks. Measured on the reproducers: the count at
//    "recover_eof" is at most 2 above the count at the last end-of-input
//    read; the `a=` input crashes from 1075 repetitions of 61 tokens, where
//    the count says 64 per repetition (an over-count of 5%); on a real bundle
//    (1.4 MB of esbuild output) the count stays in the tens.
// 2. Only when that bound is near the limit (a huge error; valid code with
//    a deep stack at its end, like 30000 `a=` in one chain; or code that
//    allocates many other blocks of that size) is the parse
//    abandoned, by longjmp out of ReadSource, and redone with the parser's
//    debug log followed (FollowParserLog): shifts push, reduces pop, and
//    the depth is known again each time a top-level statement is reduced.
//    While several stack versions exist (GLR), pops are not trusted, so the
//    count only over-estimates. When "recover_eof" is logged with a
//    possible depth near the limit, the parse is abandoned by longjmp out of
//    the log callback: the parser has not changed anything yet.
//
// Both longjmps leave the runtime in code that holds no allocation of its
// own (the lexer, before the token is made; the log call) and the parser is
// never used again: it is deleted, and step 2 starts with a new one. Step 2
// costs what step 1 saves: the log formats a line for every lexed
// character, which doubled the parse time when it was always on.

constexpr int64_t kMaxStackDepth = 60000;       // the runtime breaks at 65536
constexpr size_t kGuardMinSourceBytes = 60000;  // fewer bytes, fewer entries
constexpr int64_t kPreexistingBlocks = 256;     // see step 1 above

struct StackGuard {
  std::jmp_buf escape;
  const std::string* text = nullptr;
  // Step 1: the count at the start of the parse, and whether it came near
  // the limit at an end-of-input read.
  int64_t blocks_at_start = 0;
  bool deep_at_end = false;
  // Step 2, following the log.
  bool follow_log = false;
  int64_t depth = 1;  // upper bound on the deepest stack version
  unsigned long versions = 1;
  bool tripped = false;
};

// No object with a destructor may live in this frame: it is left by
// longjmp. Tree-sitter reads at every lexed token boundary past the chunk it
// holds; the whole rest of the text is one chunk, so this runs a few times
// per parse.
const char* ReadSource(void* payload, uint32_t byte, TSPoint, uint32_t* length) {
  StackGuard* guard = static_cast<StackGuard*>(payload);
  const std::string& text = *guard->text;
  if (byte < text.size()) {
    *length = static_cast<uint32_t>(text.size() - byte);
    return text.data() + byte;
  }
  *length = 0;
  if (!guard->follow_log &&
      js::LiveStackNodeSizedBlocks() - guard->blocks_at_start + kPreexistingBlocks >=
          kMaxStackDepth) {
    guard->deep_at_end = true;
    std::longjmp(guard->escape, 1);
  }
  return "";
}

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

// Returns null when the parse was cancelled, timed out or was abandoned by
// the guard (which says why). Kept free of objects with destructors, as the
// setjmp target.
TSTree* GuardedParse(TSParser* parser, const std::string& text, StackGuard* guard) {
  if (guard == nullptr) {
    return ts_parser_parse_string(parser, nullptr, text.data(),
                                  static_cast<uint32_t>(text.size()));
  }
  guard->text = &text;
  ts_parser_set_logger(parser, guard->follow_log ? TSLogger{guard, FollowParserLog}
                                                 : TSLogger{nullptr, nullptr});
  if (setjmp(guard->escape) != 0) return nullptr;
  guard->blocks_at_start = js::LiveStackNodeSizedBlocks();
  return ts_parser_parse(parser, nullptr, TSInput{guard, ReadSource, TSInputEncodingUTF8});
}

// ---------------------------------------------------------------------------
// Parsing, with the known grammar gaps bridged.

struct ParsedSource {
  std::string text;  // the source with gap patches applied; same length
  js::TreePtr tree;  // null when the parse was abandoned
  std::vector<Span> gaps;
  // Abandoned by the stack guard, which trips only at "recover_eof": the
  // parser reached the end of the input still in error recovery.
  bool abandoned_in_recovery = false;
  js::BracketDepth brackets;  // as far as the nesting estimate scanned
};

// A parser for the grammar that stops when *cancel is set, or null.
js::ParserPtr NewParser(const size_t* cancel, uint64_t cpu_budget) {
  js::ParserPtr parser(ts_parser_new());
  if (!ts_parser_set_language(parser.get(), Grammar::Get().language())) return nullptr;
  ts_parser_set_cancellation_flag(parser.get(), cancel);
  // tree-sitter's own timeout is wall-clock; it only backs up the CPU
  // budget, far behind it, in case a parse stopped allocating.
  ts_parser_set_timeout_micros(
      parser.get(),
      std::clamp<uint64_t>(cpu_budget, 1, UINT64_MAX / kWallClockFactor) * kWallClockFactor);
  return parser;
}

ParsedSource Parse(std::string_view source, const ScanOptions& options) {
  ParsedSource parsed;
  if (source.size() > options.max_source_bytes || source.size() > UINT32_MAX) return parsed;
  // Cheap first line of defence against the runtime crash described above:
  // absurd nesting is refused before parsing.
  if (js::EstimateNesting(source, options.max_nesting, &parsed.brackets) > options.max_nesting) {
    return parsed;
  }
  parsed.text.assign(source);
  size_t cancel = 0;
  const size_t memory_budget = options.max_parser_bytes != 0
                                   ? options.max_parser_bytes
                                   : kBaseParserBytes + kParserBytesPerSourceByte * source.size();
  const uint64_t cpu_budget = options.timeout_micros != 0
                                  ? options.timeout_micros
                                  : kBaseParseMicros + kParseMicrosPerSourceByte * source.size();
  // One budget for all rounds of gap patching together.
  js::ParseBudget budget(memory_budget, cpu_budget, &cancel);
  js::ParserPtr parser = NewParser(&cancel, cpu_budget);
  if (!parser) return parsed;
  std::unique_ptr<StackGuard> guard;
  if (source.size() >= kGuardMinSourceBytes) guard = std::make_unique<StackGuard>();
  // Once step 1 of the guard finds this source near the limit, the later
  // rounds go straight to step 2: the patched text is just as deep.
  bool follow_log = false;
  // Gap patches can hide another gap behind error recovery, so patching
  // repeats; the last round's patches get one more parse.
  for (int round = 0; round <= kMaxGapRounds; ++round) {
    ts_parser_reset(parser.get());
    if (guard) {
      *guard = StackGuard{};
      guard->follow_log = follow_log;
    }
    parsed.tree.reset(GuardedParse(parser.get(), parsed.text, guard.get()));
    if (!parsed.tree && guard && guard->deep_at_end && !budget.exceeded()) {
      // Step 2 on a new parser: the old one was left in the middle of a token.
      follow_log = true;
      parser = NewParser(&cancel, cpu_budget);
      if (!parser) return parsed;
      *guard = StackGuard{};
      guard->follow_log = true;
      parsed.tree.reset(GuardedParse(parser.get(), parsed.text, guard.get()));
    }
    if (!parsed.tree || budget.exceeded()) {
      parsed.abandoned_in_recovery = guard && guard->tripped && !budget.exceeded();
      parsed.tree.reset();
      return parsed;
    }
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
            names->push_back(js::NameText(g.Child(spec, Field::kName), source));
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
          names->push_back(js::NameText(g.Child(spec, Field::kName), source));
        }
        break;
      }
      default:
        break;
    }
  }
}

// `import('m', { with: { type: 'json' } })`: the type from the options, and
// which key held it (`with` first, as Node reads it).
void ReadDynamicAttributes(TSNode arguments, std::string_view source, ImportRecord* record) {
  std::vector<TSNode> args = js::CallArguments(arguments);
  if (args.size() < 2 || Grammar::Get().Classify(args[1]) != Sym::kObject) return;
  for (auto [key, keyword] : {std::pair{"with", AttributeKeyword::kWith},
                              std::pair{"assert", AttributeKeyword::kAssert}}) {
    TSNode attributes = js::ObjectProperty(args[1], key, source);
    if (ts_node_is_null(attributes) || Grammar::Get().Classify(attributes) != Sym::kObject) {
      continue;
    }
    record->attribute_keyword = keyword;
    record->attributes = js::SpanOf(args[1]);
    std::string type;
    TSNode value = js::ObjectProperty(attributes, "type", source);
    if (!ts_node_is_null(value) && js::ConstantString(value, source, &type)) {
      record->type_attribute = std::move(type);
    }
    return;
  }
}

void CollectQueryImports(std::string_view original, std::string_view text,
                         const js::ScopeFacts& facts, std::vector<ImportRecord>* imports) {
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
  for (TSNode site : facts.import_sites) {
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
        record.span = js::SpanOf(source_node);
        if (!js::ConstantString(source_node, text, &record.specifier)) {
          record.analyzable = false;
          record.specifier.clear();
        }
        // Attributes are read from the original text: a gap patch may have
        // blanked them in the parsed copy.
        js::ImportAttributes attributes;
        if (js::ScanImportAttributes(original, record.span.end, &attributes)) {
          record.type_attribute = attributes.type;
          record.attribute_keyword =
              attributes.uses_assert ? AttributeKeyword::kAssert : AttributeKeyword::kWith;
          record.attributes = {static_cast<uint32_t>(attributes.begin),
                               static_cast<uint32_t>(attributes.end)};
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
        record.at_load = facts.AtLoad(ts_node_start_byte(outer));
        js::FillCallArgument(outer, arguments, text, &record);
        if (record.kind == ImportKind::kDynamic) {
          ReadDynamicAttributes(arguments, text, &record);
          record.caught = facts.PromiseCaught(outer);
        }
        record.condition = facts.ConditionOf(outer);
      }
      imports->push_back(std::move(record));
    }
  }
}

// Which of esbuild's lazy initialisers run while the module loads: those
// called at top level, and those called directly (not from a nested
// function) by one that runs. Then the shim calls made at load are the
// top-level ones and those directly in an initialiser that runs.
void SettleShimCalls(const js::EsbuildRuntime& runtime, js::ScopeFacts* facts) {
  std::vector<bool> runs(runtime.lazy_modules.size(), false);
  std::map<uint32_t, size_t> by_function;  // initialiser start -> lazy module
  for (size_t i = 0; i < runtime.lazy_modules.size(); ++i) {
    by_function.emplace(runtime.lazy_modules[i].initialiser, i);
  }
  auto running = [&](uint32_t function) {
    if (function == js::ScopeFacts::kNoFunction) return true;
    auto it = by_function.find(function);
    return it != by_function.end() && runs[it->second];
  };
  // A fixed point: each round marks at least one more initialiser, or ends.
  for (bool changed = true; changed;) {
    changed = false;
    for (const js::ScopeFacts::LazyCall& call : facts->lazy_calls) {
      if (!runs[call.lazy_module] && running(call.function)) {
        runs[call.lazy_module] = true;
        changed = true;
      }
    }
  }
  for (js::ScopeFacts::ShimCall& call : facts->shim_calls) {
    call.record.at_load = running(call.function);
  }
}

}  // namespace

ModuleScan ScanModule(std::string_view source) { return ScanModule(source, ScanOptions{}); }

ModuleScan ScanModule(std::string_view source, const ScanOptions& options) {
  ModuleScan scan;
  ParsedSource parsed = Parse(source, options);
  // Too deep for Node, whatever tree-sitter made of it: the error is there.
  auto mark_too_deep = [&] {
    if (parsed.brackets.max < kNodeMaxBracketDepth) return false;
    scan.too_deep_for_node = parsed.brackets.max;
    scan.has_syntax_error = true;
    const auto at = static_cast<uint32_t>(parsed.brackets.deepest_at);
    scan.first_error = {at, at + 1};
    return true;
  };
  if (!parsed.tree) {
    scan.parse_incomplete = true;
    if (!mark_too_deep() && parsed.abandoned_in_recovery) {
      scan.has_syntax_error = true;
      const auto end = static_cast<uint32_t>(source.size());
      scan.first_error = {end, end};
    }
    return scan;
  }
  scan.grammar_gaps = std::move(parsed.gaps);
  const std::string_view text = parsed.text;
  TSNode root = ts_tree_root_node(parsed.tree.get());
  scan.has_syntax_error = FindFirstError(root, &scan.first_error);
  mark_too_deep();

  const js::EsbuildRuntime esbuild = js::FindEsbuildRuntime(root, text);
  js::ScopeFacts facts = js::WalkScopes(root, text, esbuild);
  scan.defines_require = facts.defines_require;
  CollectQueryImports(source, text, facts, &scan.imports);
  for (ImportRecord& r : facts.require_imports) scan.imports.push_back(std::move(r));
  SettleShimCalls(esbuild, &facts);
  for (js::ScopeFacts::ShimCall& call : facts.shim_calls) {
    (facts.declares_require ? scan.imports : scan.shim_requires).push_back(std::move(call.record));
  }
  std::stable_sort(
      scan.shim_requires.begin(), scan.shim_requires.end(),
      [](const ImportRecord& a, const ImportRecord& b) { return a.span.begin < b.span.begin; });
  std::stable_sort(
      scan.imports.begin(), scan.imports.end(),
      [](const ImportRecord& a, const ImportRecord& b) { return a.span.begin < b.span.begin; });
  scan.empty_import_meta_uses = std::move(facts.empty_import_meta_uses);
  scan.commonjs_requires = std::move(facts.commonjs_requires);
  scan.commonjs_globals = std::move(facts.commonjs_globals);
  scan.regexes = std::move(facts.regexes);
  scan.comments = std::move(facts.comments);
  scan.first_esm_syntax = facts.first_esm_syntax;
  scan.first_esm_syntax_span = facts.first_esm_syntax_span;

  js::TopLevelValues values(root, text);
  js::CollectEsmExports(root, text, values, &scan.exports, &scan.star_reexports);
  scan.commonjs = js::BuildCommonJsExports(facts.commonjs_sites, text, values);
  scan.commonjs_lexer = js::LexCommonJsExports(source);
  return scan;
}

}  // namespace lel
