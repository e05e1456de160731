#include "js/grammar_gaps.h"

#include <algorithm>
#include <utility>

#include "js/js_lex.h"
#include "js/ts_support.h"

namespace lel::js {
namespace {

// The merged byte ranges of ERROR nodes and the positions of MISSING nodes,
// for an "is this construct next to a parse error" test in O(log n).
class ErrorRanges {
 public:
  void Add(uint32_t begin, uint32_t end) { ranges_.emplace_back(begin, end); }

  void Finish() {
    std::sort(ranges_.begin(), ranges_.end());
    std::vector<std::pair<uint32_t, uint32_t>> merged;
    for (const auto& r : ranges_) {
      if (!merged.empty() && r.first <= merged.back().second) {
        merged.back().second = std::max(merged.back().second, r.second);
      } else {
        merged.push_back(r);
      }
    }
    ranges_ = std::move(merged);
  }

  // True when some error range meets the closed interval [begin, end]; a
  // MISSING node is a point, so the test is inclusive at both ends.
  bool Touches(size_t begin, size_t end) const {
    auto it = std::upper_bound(
        ranges_.begin(), ranges_.end(), end,
        [](size_t value, const std::pair<uint32_t, uint32_t>& r) { return value < r.first; });
    return it != ranges_.begin() && std::prev(it)->second >= begin;
  }

 private:
  std::vector<std::pair<uint32_t, uint32_t>> ranges_;
};

bool IsIdentifierStart(char c) {
  auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' || u >= 0x80;
}

// Spaces for every byte but line breaks, so rows stay where they were.
std::string Blank(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c != '\n' && c != '\r') c = ' ';
  }
  return out;
}

class GapFinder {
 public:
  GapFinder(std::string_view source, size_t max_patches)
      : source_(source), max_patches_(max_patches) {}

  std::vector<GapPatch> Run(const TSTree* tree) {
    CollectErrorsAndTriggers(ts_tree_root_node(tree));
    errors_.Finish();
    for (const Trigger& t : triggers_) {
      if (patches_.size() >= max_patches_) break;
      Check(t);
    }
    std::sort(patches_.begin(), patches_.end(),
              [](const GapPatch& a, const GapPatch& b) { return a.begin < b.begin; });
    // Two gaps never share bytes in valid code; on garbage they might, and
    // the rewrite must stay well defined.
    std::vector<GapPatch> disjoint;
    for (GapPatch& p : patches_) {
      if (!disjoint.empty() && p.begin < disjoint.back().end) continue;
      disjoint.push_back(std::move(p));
    }
    return disjoint;
  }

 private:
  enum class TriggerKind {
    kImportSpecifierEnd,  // a string right after `from` / `import`...
    kExportSpecifierEnd,  // ... in an import or an export statement
    kImportKeyword,
    kUsing,
    kAccessor,
    kParenDecorator,  // the parenthesized expression after `@`
  };
  struct Trigger {
    TriggerKind kind;
    uint32_t begin;
    uint32_t end;
  };

  // Visits every node in source order, collecting error ranges and the
  // tokens that start a known gap. (Only called when the tree has errors.
  // Descending only into subtrees with errors is not enough: the `using` of
  // `for (await using x of y)` sits in an error-free await_expression inside
  // the ERROR.)
  void CollectErrorsAndTriggers(TSNode root) {
    const Grammar& g = Grammar::Get();
    TreeCursor cursor(root);
    TSTreeCursor* c = cursor.get();
    Sym previous_token = Sym::kOther;
    Sym statement_keyword = Sym::kOther;  // the last `import` or `export`
    // The '(' of the last `@(` seen. Error recovery puts the parenthesized
    // expression anywhere (inside the ERROR, or as the first node of the next
    // statement), so it is recognised by position.
    uint32_t decorator_paren = UINT32_MAX;
    for (;;) {
      TSNode node = ts_tree_cursor_current_node(c);
      const Sym sym = g.Classify(node);
      const uint32_t begin = ts_node_start_byte(node);
      const uint32_t end = ts_node_end_byte(node);
      if (sym == Sym::kError) errors_.Add(begin, end);
      if (ts_node_is_missing(node)) errors_.Add(begin, begin);
      if (decorator_paren != UINT32_MAX) {
        if (begin == decorator_paren && sym == Sym::kParenthesizedExpression) {
          triggers_.push_back({TriggerKind::kParenDecorator, begin, end});
          decorator_paren = UINT32_MAX;
        } else if (begin > decorator_paren) {
          decorator_paren = UINT32_MAX;
        }
      }
      const bool is_token = ts_node_child_count(node) == 0 || sym == Sym::kString;
      if (is_token) {
        std::string_view text = NodeText(node, source_);
        if (sym == Sym::kString &&
            (previous_token == Sym::kKwFrom || previous_token == Sym::kKwImport)) {
          // `import ... with {}` parses; only exports and `assert` are gaps.
          triggers_.push_back({statement_keyword == Sym::kKwExport
                                   ? TriggerKind::kExportSpecifierEnd
                                   : TriggerKind::kImportSpecifierEnd,
                               begin, end});
        } else if (sym == Sym::kKwImport || sym == Sym::kKwExport) {
          statement_keyword = sym;
          if (sym == Sym::kKwImport) {
            triggers_.push_back({TriggerKind::kImportKeyword, begin, end});
          }
        } else if (sym == Sym::kIdentifier || sym == Sym::kPropertyIdentifier) {
          if (text == "using") triggers_.push_back({TriggerKind::kUsing, begin, end});
          if (text == "accessor") triggers_.push_back({TriggerKind::kAccessor, begin, end});
        } else if (sym == Sym::kPunctAt) {
          size_t next = SkipTrivia(source_, end, nullptr);
          if (next < source_.size() && source_[next] == '(') {
            decorator_paren = static_cast<uint32_t>(next);
          }
        }
        if (sym != Sym::kComment) previous_token = sym;
      }
      if (!is_token && ts_tree_cursor_goto_first_child(c)) continue;
      for (;;) {
        if (ts_tree_cursor_goto_next_sibling(c)) break;
        if (!ts_tree_cursor_goto_parent(c)) return;
      }
    }
  }

  void Add(GrammarGap gap, size_t begin, size_t end, std::string replacement) {
    patches_.push_back(
        {gap, static_cast<uint32_t>(begin), static_cast<uint32_t>(end), std::move(replacement)});
  }

  std::string_view Text(size_t begin, size_t end) const {
    return source_.substr(begin, end - begin);
  }

  void Check(const Trigger& t) {
    switch (t.kind) {
      case TriggerKind::kImportSpecifierEnd:
        CheckAttributes(t, /*is_export=*/false);
        break;
      case TriggerKind::kExportSpecifierEnd:
        CheckAttributes(t, /*is_export=*/true);
        break;
      case TriggerKind::kImportKeyword:
        CheckImportPhase(t);
        break;
      case TriggerKind::kUsing:
        CheckUsing(t);
        break;
      case TriggerKind::kAccessor:
        CheckAccessor(t);
        break;
      case TriggerKind::kParenDecorator:
        CheckParenDecorator(t);
        break;
    }
  }

  // `export ... from 'm' with {...}` is not in the grammar at all, and
  // `assert {...}` is not either, for imports or exports. The clause is
  // blanked; module_scan.cc reads the attribute from the original text.
  void CheckAttributes(const Trigger& t, bool is_export) {
    ImportAttributes attributes;
    if (!ScanImportAttributes(source_, t.end, &attributes)) return;
    if (!is_export && !attributes.uses_assert) return;
    if (!errors_.Touches(attributes.begin, attributes.end)) return;
    Add(attributes.uses_assert ? GrammarGap::kAssertAttributes : GrammarGap::kExportFromAttributes,
        attributes.begin, attributes.end, Blank(Text(attributes.begin, attributes.end)));
  }

  // `import defer * as ns from 'm'`, `import source x from 'm'` (stage 3
  // import phases) and their dynamic forms `import.defer('m')`,
  // `import.source('m')`. Dropping the phase word leaves an ordinary import
  // of the same module.
  void CheckImportPhase(const Trigger& t) {
    size_t p = SkipTrivia(source_, t.end, nullptr);
    const bool is_call = p < source_.size() && source_[p] == '.';
    const size_t dot = p;
    if (is_call) p = SkipTrivia(source_, p + 1, nullptr);
    const size_t word_end = ScanIdentifierName(source_, p);
    std::string_view word = Text(p, word_end);
    if (word != "defer" && word != "source") return;
    const size_t next = SkipTrivia(source_, word_end, nullptr);
    if (next >= source_.size()) return;
    const char c = source_[next];
    if (is_call) {
      if (c != '(' || !errors_.Touches(dot, next)) return;
      Add(GrammarGap::kImportPhaseCall, dot, word_end, Blank(Text(dot, word_end)));
      return;
    }
    const bool shape_ok =
        word == "defer"
            ? c == '*'
            : IsIdentifierStart(c) && Text(next, ScanIdentifierName(source_, next)) != "from";
    if (!shape_ok || !errors_.Touches(p, next + 1)) return;
    Add(GrammarGap::kImportPhase, p, word_end, Blank(word));
  }

  // `using x = f()` and `await using x = f()` (explicit resource
  // management). Rewritten to `let`, which binds the same name in the same
  // block; the disposal itself does not matter here.
  void CheckUsing(const Trigger& t) {
    bool newline = false;
    const size_t next = SkipTrivia(source_, t.end, &newline);
    if (newline || next >= source_.size() || !IsIdentifierStart(source_[next])) return;
    const size_t name_end = ScanIdentifierName(source_, next);
    std::string_view name = Text(next, name_end);
    if (name == "in" || name == "instanceof" || name == "of") return;
    if (!errors_.Touches(t.begin, name_end)) return;
    // `await` may precede on the same line, separated by blanks only.
    size_t begin = t.begin;
    size_t q = begin;
    while (q > 0 && (source_[q - 1] == ' ' || source_[q - 1] == '\t')) --q;
    if (q >= 5 && Text(q - 5, q) == "await" && q < begin &&
        (q == 5 || !IsIdentifierStart(source_[q - 6]))) {
      begin = q - 5;
    }
    std::string replacement = "let" + std::string(t.end - begin - 3, ' ');
    Add(GrammarGap::kUsingDeclaration, begin, t.end, std::move(replacement));
  }

  // `accessor x = 1` in a class body (decorators proposal). Without the
  // keyword it is a plain field with the same name.
  void CheckAccessor(const Trigger& t) {
    bool newline = false;
    const size_t next = SkipTrivia(source_, t.end, &newline);
    if (newline || next >= source_.size()) return;
    const char c = source_[next];
    const bool member_name = IsIdentifierStart(c) || c == '#' || c == '[' || c == '\'' ||
                             c == '"' || (c >= '0' && c <= '9');
    if (!member_name || !errors_.Touches(t.begin, next + 1)) return;
    Add(GrammarGap::kAccessorField, t.begin, t.end, Blank(Text(t.begin, t.end)));
  }

  // `@(expression)` decorators: the grammar only knows `@name`, `@a.b` and
  // `@call()`. The expression is blanked behind a placeholder name (there
  // is no same-length rewrite that keeps it), so an import() inside such a
  // decorator is not seen.
  void CheckParenDecorator(const Trigger& t) {
    if (t.begin == 0 || !errors_.Touches(t.begin - 1, t.end)) return;
    std::string replacement = Blank(Text(t.begin, t.end));
    replacement[0] = '_';
    Add(GrammarGap::kParenthesizedDecorator, t.begin, t.end, std::move(replacement));
  }

  std::string_view source_;
  size_t max_patches_;
  ErrorRanges errors_;
  std::vector<Trigger> triggers_;
  std::vector<GapPatch> patches_;
};

}  // namespace

std::vector<GapPatch> FindGrammarGaps(const TSTree* tree, std::string_view source,
                                      size_t max_patches) {
  if (tree == nullptr || !ts_node_has_error(ts_tree_root_node(tree))) return {};
  return GapFinder(source, max_patches).Run(tree);
}

void ApplyGapPatches(const std::vector<GapPatch>& patches, std::string* text) {
  for (const GapPatch& p : patches) {
    if (p.end > text->size() || p.begin > p.end || p.replacement.size() != p.end - p.begin) {
      continue;  // never shift offsets
    }
    text->replace(p.begin, p.end - p.begin, p.replacement);
  }
}

}  // namespace lel::js
