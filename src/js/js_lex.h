// Small lexical helpers for JavaScript source text: skipping whitespace and
// comments, reading identifier names and string literals, and decoding a
// string literal's value. They exist for the few places where the pinned
// grammar leaves us with raw text (ERROR nodes, import attributes) and for
// decoding specifiers; they are not a tokenizer for whole files.
//
// Every function takes a byte offset into `src`, never reads outside it, and
// returns an offset in [pos, src.size()] (or kNoMatch).
#ifndef LEL_JS_JS_LEX_H_
#define LEL_JS_JS_LEX_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace lel::js {

inline constexpr size_t kNoMatch = static_cast<size_t>(-1);

// Skips whitespace (including the Unicode spaces and line terminators that
// JavaScript accepts) and comments. Sets *crossed_newline when a line
// terminator was skipped, inside a block comment too: several rules of the
// language ("no LineTerminator here") depend on it. An unterminated block
// comment skips to the end.
size_t SkipTrivia(std::string_view src, size_t pos, bool* crossed_newline);

// Returns the end of the identifier name starting at `pos` (ASCII letters,
// digits, '_', '$', any non-ASCII character that is not a space), or `pos`
// when there is none. Digits are accepted first, so callers check that
// themselves when it matters.
size_t ScanIdentifierName(std::string_view src, size_t pos);

// `pos` is at a quote (' or "). Returns the offset just past the closing
// quote, or kNoMatch when the literal is unterminated on its line.
size_t ScanStringLiteral(std::string_view src, size_t pos);

// Decodes a string literal ('...' or "...") or a template literal without
// substitutions (`...`) given with its delimiters, into UTF-8. Handles the
// single-character escapes, \xNN, \uNNNN (surrogate pairs joined), \u{...},
// legacy octal escapes and line continuations. Returns false for a malformed
// literal (bad escape, missing delimiter); *out is then unspecified.
bool DecodeStringLiteral(std::string_view literal, std::string* out);

// An import attributes clause: `with { type: 'json' }`, or the older
// `assert { type: 'json' }` that Node 18-21 accepted.
struct ImportAttributes {
  size_t begin = 0;  // the `with` / `assert` keyword
  size_t end = 0;    // just past the closing brace
  bool uses_assert = false;
  std::string type;  // decoded value of the `type` key, empty when absent
};

// `pos` is just past a module specifier's string literal. Returns true and
// fills *out when an attributes clause follows (keys are identifier names
// or strings, values are strings, a trailing comma is allowed). `assert`
// must be on the same line as the specifier, as the proposal required.
bool ScanImportAttributes(std::string_view src, size_t pos, ImportAttributes* out);

// An upper estimate of how deep the parser's stack can get on `src`, cut
// short once it passes `limit`.
//
// Why: libtree-sitter 0.20.7 corrupts its heap when error recovery wraps
// 65536 or more stack entries into one ERROR node (the child count is
// truncated to 16 bits; reproduced with "x=" followed by 65600 '(' or
// "if(1);else " repeated 70000 times). Input that could get there is not
// parsed at all. The estimate sums, over the open brackets (including `${`
// in templates), the tokens seen at each level since its last `;` or `,`
// (a `;` followed by `else` does not count: an if/else chain nests).
// Strings, comments, regular expressions and template text are skipped.
//
// `depth`, when given, gets the deepest bracket nesting seen (`(`, `[`, `{`
// and `${`, as far as the scan went) and where its innermost bracket opens:
// a lower bound on how deep Node's own recursive parser must go.
struct BracketDepth {
  size_t max = 0;
  size_t deepest_at = 0;  // byte offset
};
size_t EstimateNesting(std::string_view src, size_t limit, BracketDepth* depth = nullptr);

}  // namespace lel::js

#endif  // LEL_JS_JS_LEX_H_
