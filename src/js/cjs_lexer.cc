#include "js/cjs_lexer.h"

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "js/js_lex.h"

// The scan walks the source one byte at a time, as cjs-module-lexer walks
// UTF-16 units, keeping just enough state to tell code from strings,
// comments, templates and regular expressions: the depth of open brackets,
// for each open bracket the token before it, and the last token's position.
// At each keyword it can start (`exports`, `module`, `Object`, `require`,
// `__export`, ...) it tries one pattern of the grammar and either records
// what it found or goes back to where it was. Where the upstream lexer's
// behaviour is odd (`exports.a == 1` counts as an assignment, a literal
// `module.exports = { a: b }` stops at the space before `}` after adding a,
// only a space may separate `var` from the binding of a star re-export) we
// keep the oddity: the point is to see what Node sees.
//
// Bytes, not UTF-16 units: outside strings, comments and regular
// expressions, valid JavaScript has non-ASCII characters only in
// identifiers and whitespace, so every non-ASCII code point that is not a
// space counts as an identifier character. The only non-ASCII space the
// lexer knows is U+00A0.

namespace lel::js {
namespace {

using Pos = std::ptrdiff_t;  // -1: no token yet

struct Slice {
  Pos begin = 0;
  Pos end = 0;
};

// Which of Node's lexers sees a detected name or re-export.
enum class SeenBy : uint8_t { kBoth, kLexerOnly, kMerveOnly };
struct Detected {
  Slice text;
  SeenBy seen_by = SeenBy::kBoth;
};

bool IsPunctuator(uint8_t c) {
  // !%&()*+,-./:;<=>?[]^{}|~
  return c == '!' || c == '%' || c == '&' || (c > 39 && c < 48) || (c > 57 && c < 64) || c == '[' ||
         c == ']' || c == '^' || (c > 122 && c < 127);
}

// Punctuators after which a `/` starts a regular expression.
bool IsExpressionPunctuator(uint8_t c) {
  return c == '!' || c == '%' || c == '&' || (c > 39 && c < 47 && c != ')') || (c > 57 && c < 64) ||
         c == '[' || c == '^' || (c > 122 && c < 127 && c != '}');
}

bool IsDigit(uint8_t c) { return c >= '0' && c <= '9'; }

// The JavaScript spaces and line terminators beyond ASCII: not identifiers.
bool IsUnicodeSpace(uint32_t cp) {
  return cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
         cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

bool IsIdentifierStart(uint32_t cp) {
  if (cp < 0x80) return cp == '$' || cp == '_' || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
  return !IsUnicodeSpace(cp) && cp != 0xFFFD && cp != 0x200C && cp != 0x200D;
}

bool IsIdentifierPart(uint32_t cp) {
  if (cp < 0x80) return IsIdentifierStart(cp) || IsDigit(static_cast<uint8_t>(cp));
  return !IsUnicodeSpace(cp) && cp != 0xFFFD;
}

class Lexer {
 public:
  explicit Lexer(std::string_view src) : src_(src), n_(static_cast<Pos>(src.size())) {}

  CjsLexerResult Run();

 private:
  enum class RequireUse { kImport, kExportStar, kExportAssign };
  struct StarBinding {
    Slice id;
    Slice specifier;
  };
  // Upstream tracks at most 255 `var x = require(...)` bindings.
  static constexpr size_t kMaxStarBindings = 255;

  uint8_t At(Pos i) const { return i >= 0 && i < n_ ? static_cast<uint8_t>(src_[i]) : 0; }
  bool Match(Pos i, std::string_view word) const {
    return i >= 0 && i <= n_ && src_.substr(static_cast<size_t>(i)).starts_with(word);
  }
  bool SameText(Pos i, Slice s) const {
    return Match(i, src_.substr(static_cast<size_t>(s.begin), static_cast<size_t>(s.end - s.begin)));
  }
  // Consumes the text of `s` at pos_ when it is there.
  bool Expect(Slice s) {
    if (!SameText(pos_, s)) return false;
    pos_ += s.end - s.begin;
    return true;
  }
  // The code point at i (UTF-8), its length in *len; U+FFFD for a bad byte.
  uint32_t CodePointAt(Pos i, Pos* len) const;
  // The code point whose last byte is at i, and its length.
  uint32_t CodePointEndingAt(Pos i, Pos* len) const;
  // cjs-module-lexer's isBrOrWs: ASCII whitespace and U+00A0, either byte.
  bool IsSpaceAt(Pos i) const {
    const uint8_t c = At(i);
    return (c > 8 && c < 14) || c == 32 || (c == 0xC2 && At(i + 1) == 0xA0) ||
           (c == 0xA0 && At(i - 1) == 0xC2);
  }
  bool IsBoundaryAt(Pos i) const { return IsSpaceAt(i) || (IsPunctuator(At(i)) && At(i) != '.'); }
  // A keyword may start at i: nothing but a space or a punctuator other
  // than `.` before it.
  bool KeywordStart(Pos i) const { return i == 0 || IsBoundaryAt(i - 1); }
  // `word` ends at `last` and starts a keyword there.
  bool PrecedingKeyword(Pos last, std::string_view word) const {
    const Pos start = last - static_cast<Pos>(word.size()) + 1;
    return start >= 0 && Match(start, word) && (start == 0 || IsBoundaryAt(start - 1));
  }
  bool IsExpressionKeyword(Pos last) const;
  bool IsParenKeyword(Pos last) const {
    return PrecedingKeyword(last, "while") || PrecedingKeyword(last, "for") || PrecedingKeyword(last, "if");
  }
  bool IsExpressionTerminator(Pos last) const;

  void PushOpen(Pos token_before, bool is_class) {
    if (open_.size() <= depth_) open_.resize(depth_ + 1);
    open_[depth_++] = {token_before, is_class};
  }
  Pos OpenTokenAt(size_t depth) const { return depth < open_.size() ? open_[depth].token_before : -1; }
  bool OpenClassAt(size_t depth) const { return depth < open_.size() && open_[depth].is_class; }

  void Fail() {
    if (ok_) error_offset_ = pos_ < 0 ? 0 : pos_;
    ok_ = false;
    pos_ = n_;
  }

  uint8_t SkipCommentsAndSpace();
  void LineComment();
  void BlockComment();
  void StringLiteral(uint8_t quote);
  void TemplateString();
  void RegularExpression();
  bool Identifier();
  bool TryParseRequire(RequireUse use);
  void TryBacktrackAddStarBinding(Pos before);
  void ThrowIfImportStatement();
  void ThrowIfExportStatement();
  void TryParseModuleExportsDotAssign();
  void TryParseExportsDotAssign(bool module_exports);
  void TryParseLiteralExports();
  void TryParseObjectDefineOrKeys(bool keys);
  void TryParseDefineProperty();
  void TryParseKeysForEach();
  bool TryParseHasOwnPropertyCall(Slice key);
  bool ReadExportsOrModuleExports();
  bool LiteralValue(uint8_t* ch);
  bool ExpectWord(std::string_view word) {
    if (!Match(pos_, word)) return false;
    pos_ += static_cast<Pos>(word.size());
    return true;
  }

  std::string_view src_;
  Pos n_;
  Pos pos_ = -1;
  bool ok_ = true;
  Pos error_offset_ = 0;

  struct Open {
    Pos token_before = -1;
    bool is_class = false;
  };
  std::vector<Open> open_;
  size_t depth_ = 0;
  static constexpr size_t kNoTemplate = static_cast<size_t>(-1);
  size_t template_depth_ = kNoTemplate;
  std::vector<size_t> template_stack_;
  Pos last_token_ = -1;
  bool last_slash_was_division_ = false;
  bool next_brace_is_class_ = false;

  Slice pending_specifier_;
  std::vector<StarBinding> star_bindings_;
  std::vector<Detected> exports_;
  std::vector<Detected> reexports_;
  std::vector<Slice> unsafe_getters_;
};

uint32_t Lexer::CodePointAt(Pos i, Pos* len) const {
  const uint8_t c = At(i);
  *len = 1;
  if (c < 0x80) return c;
  Pos need = c >= 0xF0 && c < 0xF5 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
  if (c >= 0xF5) need = 0;
  if (need == 0 || i + need > n_) return 0xFFFD;
  uint32_t cp = c & (need == 2 ? 0x1F : need == 3 ? 0x0F : 0x07);
  for (Pos k = 1; k < need; ++k) {
    const uint8_t b = At(i + k);
    if ((b & 0xC0) != 0x80) return 0xFFFD;
    cp = (cp << 6) | (b & 0x3F);
  }
  *len = need;
  return cp;
}

uint32_t Lexer::CodePointEndingAt(Pos i, Pos* len) const {
  Pos start = i;
  while (start > 0 && i - start < 3 && (At(start) & 0xC0) == 0x80) --start;
  const uint32_t cp = CodePointAt(start, len);
  if (start + *len - 1 != i) {
    *len = 1;
    return At(i) < 0x80 ? At(i) : 0xFFFD;
  }
  return cp;
}

bool Lexer::IsExpressionKeyword(Pos last) const {
  // The keywords after which `/` begins a regular expression.
  static constexpr std::string_view kWords[] = {"await", "case",   "debugger",   "delete", "do",
                                                "else",  "in",     "instanceof", "new",    "return",
                                                "throw", "typeof", "void",       "yield"};
  for (std::string_view word : kWords) {
    if (PrecedingKeyword(last, word)) return true;
  }
  return false;
}

bool Lexer::IsExpressionTerminator(Pos last) const {
  // A `{` after these opens a block, so a `/` after its `}` is a regex.
  switch (At(last)) {
    case '>': return At(last - 1) == '=';
    case ';':
    case ')': return true;
    case 'h': return PrecedingKeyword(last, "catch");
    case 'y': return PrecedingKeyword(last, "finally");
    case 'e': return PrecedingKeyword(last, "else");
    default: return false;
  }
}

uint8_t Lexer::SkipCommentsAndSpace() {
  uint8_t ch = 0;
  do {
    ch = At(pos_);
    if (ch == '/') {
      const uint8_t next = At(pos_ + 1);
      if (next == '/') {
        LineComment();
      } else if (next == '*') {
        BlockComment();
      } else {
        return ch;
      }
    } else if (!IsSpaceAt(pos_)) {
      return ch;
    }
  } while (pos_++ < n_ - 1);
  return ch;
}

void Lexer::LineComment() {
  while (++pos_ < n_) {
    const uint8_t ch = At(pos_);
    if (ch == '\n' || ch == '\r') return;
  }
}

void Lexer::BlockComment() {
  ++pos_;
  while (++pos_ < n_) {
    if (At(pos_) == '*' && At(pos_ + 1) == '/') {
      ++pos_;
      return;
    }
  }
  // Unterminated: upstream lets it run to the end without an error.
}

void Lexer::StringLiteral(uint8_t quote) {
  while (++pos_ < n_) {
    uint8_t ch = At(pos_);
    if (ch == quote) return;
    if (ch == '\\') {
      ch = At(++pos_);
      if (ch == '\r' && At(pos_ + 1) == '\n') ++pos_;
    } else if (ch == '\n' || ch == '\r') {
      break;
    }
  }
  Fail();
}

void Lexer::TemplateString() {
  while (++pos_ < n_) {
    const uint8_t ch = At(pos_);
    if (ch == '$' && At(pos_ + 1) == '{') {
      ++pos_;
      template_stack_.push_back(template_depth_);
      // The substitution's `{` takes a depth but no token slot, as upstream.
      if (open_.size() <= depth_) open_.resize(depth_ + 1);
      open_[depth_] = {};
      template_depth_ = ++depth_;
      return;
    }
    if (ch == '`') return;
    if (ch == '\\') ++pos_;
  }
  Fail();
}

void Lexer::RegularExpression() {
  while (++pos_ < n_) {
    const uint8_t ch = At(pos_);
    if (ch == '/') return;
    if (ch == '[') {
      // A class: `/` does not end the expression inside it.
      while (++pos_ < n_) {
        const uint8_t c = At(pos_);
        if (c == ']') break;
        if (c == '\\') {
          ++pos_;
        } else if (c == '\n' || c == '\r') {
          Fail();
          return;
        }
      }
      if (pos_ >= n_) {
        Fail();
        return;
      }
    } else if (ch == '\\') {
      ++pos_;
    } else if (ch == '\n' || ch == '\r') {
      break;
    }
  }
  Fail();
}

bool Lexer::Identifier() {
  Pos len = 1;
  uint32_t cp = CodePointAt(pos_, &len);
  // Upstream lets an identifier start with `\` (an escape it does not
  // decode) but not contain one.
  if (!IsIdentifierStart(cp) && cp != '\\') return false;
  pos_ += len;
  while (pos_ < n_) {
    cp = CodePointAt(pos_, &len);
    if (IsIdentifierPart(cp)) {
      pos_ += len;
    } else if (cp == '\\') {
      return false;
    } else {
      break;
    }
  }
  return true;
}

// At the `r` of `require`: require('x') or require("x"), the specifier a
// plain string. Leaves pos_ at the `)` when it matches.
bool Lexer::TryParseRequire(RequireUse use) {
  const Pos revert = pos_;
  if (!Match(pos_ + 1, "equire")) return false;
  pos_ += 7;
  uint8_t ch = SkipCommentsAndSpace();
  if (ch == '(') {
    ++pos_;
    ch = SkipCommentsAndSpace();
    const Pos start = pos_;
    if (ch == '\'' || ch == '"') {
      StringLiteral(ch);
      const Pos end = ++pos_;
      ch = SkipCommentsAndSpace();
      if (ch == ')') {
        if (use == RequireUse::kImport) {
          pending_specifier_ = {start, end};
        } else {
          reexports_.push_back({{start, end}});
        }
        return true;
      }
    }
  }
  pos_ = revert;
  return false;
}

// `before` is just before a top-level require(...) or
// _interopRequireWildcard(require(...)): when `var|let|const id = ` precedes
// it, id is a binding that a later Object.keys(id).forEach(...) may
// re-export.
void Lexer::TryBacktrackAddStarBinding(Pos before) {
  Pos b = before;
  while (At(b) == ' ' && b > 0) --b;
  if (At(b) != '=') return;
  --b;
  while (At(b) == ' ' && b > 0) --b;
  const Pos id_end = b;
  bool starts_identifier = false;
  Pos len = 1;
  uint32_t cp = 0;
  while (b > 0 && (cp = CodePointEndingAt(b, &len)) != 0) {
    if (cp == '\\') return;
    if (!IsIdentifierPart(cp)) break;
    starts_identifier = IsIdentifierStart(cp);
    b -= len;
  }
  if (!starts_identifier || At(b) != ' ') return;
  if (star_bindings_.size() >= kMaxStarBindings) return;
  const Slice id{b + 1, id_end + 1};
  while (At(b) == ' ' && b > 0) --b;
  const bool declared =
      PrecedingKeyword(b, "var") || PrecedingKeyword(b, "let") || PrecedingKeyword(b, "const");
  if (!declared) return;
  star_bindings_.push_back({id, pending_specifier_});
}

void Lexer::ThrowIfImportStatement() {
  const Pos start = pos_;
  pos_ += 6;
  const uint8_t ch = SkipCommentsAndSpace();
  switch (ch) {
    case '(':  // import(): allowed in CommonJS
      PushOpen(start, false);
      return;
    case '.':  // import.meta
      Fail();
      return;
    case '"':
    case '\'':
    case '{':
    case '*': break;
    default:
      if (pos_ == start + 6) return;  // `importX`: not the keyword
      break;
  }
  // An import statement (the lexer only looks at the top level).
  Fail();
}

void Lexer::ThrowIfExportStatement() {
  pos_ += 6;
  const Pos after = pos_;
  const uint8_t ch = SkipCommentsAndSpace();
  if (pos_ == after && !IsPunctuator(ch)) return;
  Fail();
}

void Lexer::TryParseModuleExportsDotAssign() {
  pos_ += 6;
  const Pos revert = pos_ - 1;
  uint8_t ch = SkipCommentsAndSpace();
  if (ch == '.') {
    ++pos_;
    ch = SkipCommentsAndSpace();
    if (ch == 'e' && Match(pos_ + 1, "xports")) {
      TryParseExportsDotAssign(true);
      return;
    }
  }
  pos_ = revert;
}

// At `exports` (alone or after `module.`).
void Lexer::TryParseExportsDotAssign(bool module_exports) {
  pos_ += 7;
  const Pos revert = pos_ - 1;
  uint8_t ch = SkipCommentsAndSpace();
  switch (ch) {
    case '.': {  // exports.name =
      ++pos_;
      SkipCommentsAndSpace();
      const Pos start = pos_;
      if (Identifier()) {
        const Pos end = pos_;
        if (SkipCommentsAndSpace() == '=') {
          exports_.push_back({{start, end}});
          return;
        }
      }
      break;
    }
    case '[': {  // exports['name'] =
      ++pos_;
      ch = SkipCommentsAndSpace();
      if (ch != '\'' && ch != '"') break;
      const Pos start = pos_;
      StringLiteral(ch);
      const Pos end = ++pos_;
      if (SkipCommentsAndSpace() != ']') break;
      ++pos_;
      if (SkipCommentsAndSpace() != '=') break;
      exports_.push_back({{start, end}});
      break;
    }
    case '=': {  // module.exports = ...: earlier re-exports no longer count
      if (!module_exports) break;
      reexports_.clear();
      ++pos_;
      ch = SkipCommentsAndSpace();
      if (ch == '{') {
        TryParseLiteralExports();
        return;
      }
      if (ch == 'r') TryParseRequire(RequireUse::kExportAssign);
      break;
    }
    default: break;
  }
  pos_ = revert;
}

// At the `{` of `module.exports = {`: properties up to the first one that
// is not `a`, `a: b`, `'a': b`, `...b` or `...require('x')`.
void Lexer::TryParseLiteralExports() {
  const Pos revert = pos_ - 1;
  while (++pos_ < n_) {
    uint8_t ch = SkipCommentsAndSpace();
    const Pos start = pos_;
    if (Identifier()) {
      const Pos end = pos_;
      ch = SkipCommentsAndSpace();
      SeenBy seen_by = SeenBy::kBoth;
      if (ch == ':') {
        ++pos_;
        SkipCommentsAndSpace();
        if (!LiteralValue(&ch)) {
          pos_ = revert;
          return;
        }
      } else if (end - start == 3 && Match(start, "get") && ch < 0x80 && IsIdentifierStart(ch)) {
        // `get x() {}`: merve stops here; cjs-module-lexer takes `get`,
        // then stops at the `x`.
        seen_by = SeenBy::kLexerOnly;
      }
      exports_.push_back({{start, end}, seen_by});
    } else if (ch == '\'' || ch == '"') {
      StringLiteral(ch);
      const Pos end = ++pos_;
      ch = SkipCommentsAndSpace();
      if (ch == ':') {
        ++pos_;
        SkipCommentsAndSpace();
        if (!LiteralValue(&ch)) {
          pos_ = revert;
          return;
        }
        exports_.push_back({{start, end}});
      }
    } else if (ch == '.' && Match(pos_ + 1, "..")) {
      pos_ += 3;
      if (At(pos_) == 'r' && TryParseRequire(RequireUse::kExportAssign)) {
        ++pos_;
      } else if (!Identifier()) {
        pos_ = revert;
        return;
      }
      ch = SkipCommentsAndSpace();
    } else {
      pos_ = revert;
      return;
    }
    if (ch == '}') return;
    if (ch != ',') {
      pos_ = revert;
      return;
    }
  }
}

// A literal's property value: an identifier (*ch the character right after
// it). `require('x')` is one too, whose `(` then stops the literal; merve
// takes it for a re-export of 'x' first (*ch is then its `)`).
bool Lexer::LiteralValue(uint8_t* ch) {
  const Pos start = pos_;
  if (At(pos_) == 'r' && TryParseRequire(RequireUse::kExportAssign)) {
    reexports_.back().seen_by = SeenBy::kMerveOnly;
    *ch = At(pos_);
    pos_ = start;
  }
  if (!Identifier()) return false;
  *ch = At(pos_);
  return true;
}

bool Lexer::ReadExportsOrModuleExports() {
  const Pos revert = pos_;
  uint8_t ch = At(pos_);
  if (ch == 'm' && Match(pos_ + 1, "odule")) {
    pos_ += 6;
    if (SkipCommentsAndSpace() != '.') {
      pos_ = revert;
      return false;
    }
    ++pos_;
    ch = SkipCommentsAndSpace();
  }
  if (ch == 'e' && Match(pos_ + 1, "xports")) {
    pos_ += 7;
    return true;
  }
  pos_ = revert;
  return false;
}

// At `Object`.
void Lexer::TryParseObjectDefineOrKeys(bool keys) {
  pos_ += 6;
  const Pos revert = pos_ - 1;
  if (SkipCommentsAndSpace() == '.') {
    ++pos_;
    const uint8_t ch = SkipCommentsAndSpace();
    if (ch == 'd' && Match(pos_ + 1, "efineProperty")) {
      TryParseDefineProperty();
      return;
    } else if (keys && ch == 'k' && Match(pos_ + 1, "eys")) {
      TryParseKeysForEach();
      return;
    }
  }
  pos_ = revert;
}

// At `defineProperty`. Where it leaves pos_ matters for what follows, as
// upstream: after a getter, at its closing `)` (the brackets consumed);
// otherwise back at the end of `defineProperty`.
void Lexer::TryParseDefineProperty() {
  Slice name{-1, -1};
  pos_ += 14;
  const Pos revert = pos_ - 1;
  bool getter = false;
  const bool found = [&] {
    if (SkipCommentsAndSpace() != '(') return false;
    ++pos_;
    SkipCommentsAndSpace();
    if (!ReadExportsOrModuleExports()) return false;
    if (SkipCommentsAndSpace() != ',') return false;
    ++pos_;
    uint8_t ch = SkipCommentsAndSpace();
    if (ch != '\'' && ch != '"') return false;
    name.begin = pos_;
    StringLiteral(ch);
    name.end = ++pos_;
    if (SkipCommentsAndSpace() != ',') return false;
    ++pos_;
    if (SkipCommentsAndSpace() != '{') return false;
    ++pos_;
    ch = SkipCommentsAndSpace();
    if (ch == 'e') {
      if (!ExpectWord("enumerable")) return false;
      if (SkipCommentsAndSpace() != ':') return false;
      ++pos_;
      if (SkipCommentsAndSpace() != 't' || !ExpectWord("true")) return false;
      if (SkipCommentsAndSpace() != ',') return false;
      ++pos_;
      ch = SkipCommentsAndSpace();
    }
    if (ch == 'v') {  // { value: ... }
      if (!ExpectWord("value")) return false;
      if (SkipCommentsAndSpace() != ':') return false;
      exports_.push_back({name});
      return true;
    }
    if (ch != 'g' || !ExpectWord("get")) return false;
    ch = SkipCommentsAndSpace();
    if (ch == ':') {  // get: function name? () { ... }
      ++pos_;
      if (SkipCommentsAndSpace() != 'f' || !ExpectWord("function")) return false;
      const Pos after_keyword = pos_;
      ch = SkipCommentsAndSpace();
      if (ch != '(' && (after_keyword == pos_ || !Identifier())) return false;
      ch = SkipCommentsAndSpace();
    }
    if (ch != '(') return false;
    ++pos_;
    if (SkipCommentsAndSpace() != ')') return false;
    ++pos_;
    if (SkipCommentsAndSpace() != '{') return false;
    ++pos_;
    if (SkipCommentsAndSpace() != 'r' || !ExpectWord("return")) return false;
    SkipCommentsAndSpace();
    if (!Identifier()) return false;
    ch = SkipCommentsAndSpace();
    if (ch == '.') {  // return a.b
      ++pos_;
      SkipCommentsAndSpace();
      if (!Identifier()) return false;
      ch = SkipCommentsAndSpace();
    } else if (ch == '[') {  // return a['b']
      ++pos_;
      ch = SkipCommentsAndSpace();
      if (ch != '\'' && ch != '"') return false;
      StringLiteral(ch);
      ++pos_;
      if (SkipCommentsAndSpace() != ']') return false;
      ++pos_;
      ch = SkipCommentsAndSpace();
    }
    if (ch == ';') {
      ++pos_;
      ch = SkipCommentsAndSpace();
    }
    if (ch != '}') return false;
    ++pos_;
    ch = SkipCommentsAndSpace();
    if (ch == ',') {
      ++pos_;
      ch = SkipCommentsAndSpace();
    }
    if (ch != '}') return false;
    ++pos_;
    if (SkipCommentsAndSpace() != ')') return false;
    exports_.push_back({name});
    getter = true;
    return true;
  }();
  // Any other descriptor for a named export opts that name out.
  if (!found && name.end > 0) unsafe_getters_.push_back(name);
  if (!getter) pos_ = revert;
}

// `Object.prototype.hasOwnProperty.call(obj, key)` /
// `Object.hasOwnProperty.call(...)`.
bool Lexer::TryParseHasOwnPropertyCall(Slice key) {
  if (SkipCommentsAndSpace() != 'O' || !ExpectWord("Object")) return false;
  if (SkipCommentsAndSpace() != '.') return false;
  ++pos_;
  uint8_t ch = SkipCommentsAndSpace();
  if (ch == 'p') {
    if (!ExpectWord("prototype")) return false;
    if (SkipCommentsAndSpace() != '.') return false;
    ++pos_;
    ch = SkipCommentsAndSpace();
  }
  if (ch != 'h' || !ExpectWord("hasOwnProperty")) return false;
  if (SkipCommentsAndSpace() != '.') return false;
  ++pos_;
  if (SkipCommentsAndSpace() != 'c' || !ExpectWord("call")) return false;
  if (SkipCommentsAndSpace() != '(') return false;
  ++pos_;
  SkipCommentsAndSpace();
  if (!Identifier()) return false;
  if (SkipCommentsAndSpace() != ',') return false;
  ++pos_;
  SkipCommentsAndSpace();
  if (!Expect(key)) return false;
  if (SkipCommentsAndSpace() != ')') return false;
  ++pos_;
  return true;
}

// At `keys` of a top-level `Object.keys(id).forEach(function (k) { ... })`,
// Babel's and Rollup's `export * from`: a re-export when id was bound by
// `var id = require('x')`.
void Lexer::TryParseKeysForEach() {
  Pos revert = pos_ - 1;
  // The statement shapes below; `break` = no match.
  do {
    pos_ += 4;
    revert = pos_ - 1;
    if (SkipCommentsAndSpace() != '(') break;
    ++pos_;
    SkipCommentsAndSpace();
    const Pos id_start = pos_;
    if (!Identifier()) break;
    const Slice id{id_start, pos_};
    if (SkipCommentsAndSpace() != ')') break;
    revert = pos_++;
    if (SkipCommentsAndSpace() != '.') break;
    ++pos_;
    if (SkipCommentsAndSpace() != 'f' || !Match(pos_ + 1, "orEach")) break;
    pos_ += 7;
    uint8_t ch = SkipCommentsAndSpace();
    revert = pos_ - 1;
    if (ch != '(') break;
    ++pos_;
    if (SkipCommentsAndSpace() != 'f' || !ExpectWord("function")) break;
    if (SkipCommentsAndSpace() != '(') break;
    ++pos_;
    SkipCommentsAndSpace();
    const Pos key_start = pos_;
    if (!Identifier()) break;
    const Slice key{key_start, pos_};
    if (SkipCommentsAndSpace() != ')') break;
    ++pos_;
    if (SkipCommentsAndSpace() != '{') break;
    ++pos_;
    if (SkipCommentsAndSpace() != 'i' || At(pos_ + 1) != 'f') break;
    pos_ += 2;
    if (SkipCommentsAndSpace() != '(') break;
    ++pos_;
    SkipCommentsAndSpace();
    if (!Expect(key)) break;
    ch = SkipCommentsAndSpace();
    // A quoted word: 'default' or "default" (the same quote both sides).
    auto quoted = [&](std::string_view word) {
      const uint8_t quote = SkipCommentsAndSpace();
      if (quote != '"' && quote != '\'') return false;
      if (!Match(pos_ + 1, word)) return false;
      pos_ += 1 + static_cast<Pos>(word.size());
      if (SkipCommentsAndSpace() != quote) return false;
      ++pos_;
      return true;
    };
    auto return_statement = [&] {
      if (SkipCommentsAndSpace() != 'r' || !ExpectWord("return")) return false;
      if (SkipCommentsAndSpace() == ';') ++pos_;
      return true;
    };
    if (ch == '=') {
      // if (k === 'default' || k === '__esModule') return;
      if (!ExpectWord("===")) break;
      if (!quoted("default")) break;
      if (SkipCommentsAndSpace() != '|' || At(pos_ + 1) != '|') break;
      pos_ += 2;
      SkipCommentsAndSpace();
      if (!Expect(key)) break;
      if (SkipCommentsAndSpace() != '=' || !ExpectWord("===")) break;
      if (!quoted("__esModule")) break;
      if (SkipCommentsAndSpace() != ')') break;
      ++pos_;
      if (!return_statement()) break;
      ch = SkipCommentsAndSpace();
      if (ch == 'i' && At(pos_ + 1) == 'f') {
        bool in_if = true;
        pos_ += 2;
        if (SkipCommentsAndSpace() != '(') break;
        ++pos_;
        const Pos if_inner = pos_;
        // if (Object.prototype.hasOwnProperty.call(_exportNames, k)) return;
        if (TryParseHasOwnPropertyCall(key)) {
          if (SkipCommentsAndSpace() != ')') break;
          ++pos_;
          if (!return_statement()) break;
          ch = SkipCommentsAndSpace();
          if (ch == 'i' && At(pos_ + 1) == 'f') {
            pos_ += 2;
            if (SkipCommentsAndSpace() != '(') break;
            ++pos_;
          } else {
            in_if = false;
          }
        } else {
          pos_ = if_inner;
        }
        // if (k in exports && exports[k] === id[k]) return;
        if (in_if) {
          // Upstream reads the key right after `(` here, no space allowed.
          if (!Expect(key)) break;
          if (SkipCommentsAndSpace() != 'i' || !Match(pos_ + 1, "n ")) break;
          pos_ += 3;
          SkipCommentsAndSpace();
          if (!ReadExportsOrModuleExports()) break;
          if (SkipCommentsAndSpace() != '&' || At(pos_ + 1) != '&') break;
          pos_ += 2;
          SkipCommentsAndSpace();
          if (!ReadExportsOrModuleExports()) break;
          if (SkipCommentsAndSpace() != '[') break;
          ++pos_;
          SkipCommentsAndSpace();
          if (!Expect(key)) break;
          if (SkipCommentsAndSpace() != ']') break;
          ++pos_;
          if (SkipCommentsAndSpace() != '=' || !ExpectWord("===")) break;
          SkipCommentsAndSpace();
          if (!Expect(id)) break;
          if (SkipCommentsAndSpace() != '[') break;
          ++pos_;
          SkipCommentsAndSpace();
          if (!Expect(key)) break;
          if (SkipCommentsAndSpace() != ']') break;
          ++pos_;
          if (SkipCommentsAndSpace() != ')') break;
          ++pos_;
          if (!return_statement()) break;
          ch = SkipCommentsAndSpace();
        }
      }
    } else if (ch == '!') {
      // if (k !== 'default' && !Object.prototype.hasOwnProperty.call(id, k))
      // or (k !== 'default' && !id.hasOwnProperty(k))
      if (!ExpectWord("!==")) break;
      if (!quoted("default")) break;
      ch = SkipCommentsAndSpace();
      if (ch == '&') {
        if (At(pos_ + 1) != '&') break;
        pos_ += 2;
        if (SkipCommentsAndSpace() != '!') break;
        ++pos_;
        ch = SkipCommentsAndSpace();
        if (ch == 'O' && Match(pos_ + 1, "bject.")) {
          if (!TryParseHasOwnPropertyCall(key)) break;
        } else if (Identifier()) {
          if (SkipCommentsAndSpace() != '.') break;
          ++pos_;
          if (SkipCommentsAndSpace() != 'h' || !ExpectWord("hasOwnProperty")) break;
          if (SkipCommentsAndSpace() != '(') break;
          ++pos_;
          SkipCommentsAndSpace();
          if (!Expect(key)) break;
          if (SkipCommentsAndSpace() != ')') break;
          ++pos_;
        }
        ch = SkipCommentsAndSpace();
      }
      if (ch != ')') break;
      ++pos_;
      ch = SkipCommentsAndSpace();
    } else {
      break;
    }

    if (ReadExportsOrModuleExports()) {
      // exports[k] = id[k];
      if (SkipCommentsAndSpace() != '[') break;
      ++pos_;
      SkipCommentsAndSpace();
      if (!Expect(key)) break;
      if (SkipCommentsAndSpace() != ']') break;
      ++pos_;
      if (SkipCommentsAndSpace() != '=') break;
      ++pos_;
      SkipCommentsAndSpace();
      if (!Expect(id)) break;
      if (SkipCommentsAndSpace() != '[') break;
      ++pos_;
      SkipCommentsAndSpace();
      if (!Expect(key)) break;
      if (SkipCommentsAndSpace() != ']') break;
      ++pos_;
      ch = SkipCommentsAndSpace();
      if (ch == ';') {
        ++pos_;
        ch = SkipCommentsAndSpace();
      }
    } else if (ch == 'O') {
      // Object.defineProperty(exports, k, { enumerable: true, get: function ()
      // { return id[k]; } });
      if (!ExpectWord("Object")) break;
      if (SkipCommentsAndSpace() != '.') break;
      ++pos_;
      if (SkipCommentsAndSpace() != 'd' || !ExpectWord("defineProperty")) break;
      if (SkipCommentsAndSpace() != '(') break;
      ++pos_;
      SkipCommentsAndSpace();
      if (!ReadExportsOrModuleExports()) break;
      if (SkipCommentsAndSpace() != ',') break;
      ++pos_;
      SkipCommentsAndSpace();
      if (!Expect(key)) break;
      if (SkipCommentsAndSpace() != ',') break;
      ++pos_;
      if (SkipCommentsAndSpace() != '{') break;
      ++pos_;
      if (SkipCommentsAndSpace() != 'e' || !ExpectWord("enumerable")) break;
      if (SkipCommentsAndSpace() != ':') break;
      ++pos_;
      // Upstream tests `ch != 't' && !"rue"` here: any word of four
      // characters starting with t, or any ending in rue, passes.
      ch = SkipCommentsAndSpace();
      if (ch != 't' && !Match(pos_ + 1, "rue")) break;
      pos_ += 4;
      if (SkipCommentsAndSpace() != ',') break;
      ++pos_;
      if (SkipCommentsAndSpace() != 'g' || !ExpectWord("get")) break;
      ch = SkipCommentsAndSpace();
      if (ch == ':') {
        ++pos_;
        if (SkipCommentsAndSpace() != 'f' || !ExpectWord("function")) break;
        const Pos after_keyword = pos_;
        ch = SkipCommentsAndSpace();
        if (ch != '(' && (after_keyword == pos_ || !Identifier())) break;
        ch = SkipCommentsAndSpace();
      }
      if (ch != '(') break;
      ++pos_;
      if (SkipCommentsAndSpace() != ')') break;
      ++pos_;
      if (SkipCommentsAndSpace() != '{') break;
      ++pos_;
      if (SkipCommentsAndSpace() != 'r' || !ExpectWord("return")) break;
      SkipCommentsAndSpace();
      if (!Expect(id)) break;
      if (SkipCommentsAndSpace() != '[') break;
      ++pos_;
      SkipCommentsAndSpace();
      if (!Expect(key)) break;
      if (SkipCommentsAndSpace() != ']') break;
      ++pos_;
      ch = SkipCommentsAndSpace();
      if (ch == ';') {
        ++pos_;
        ch = SkipCommentsAndSpace();
      }
      if (ch != '}') break;
      ++pos_;
      ch = SkipCommentsAndSpace();
      if (ch == ',') {
        ++pos_;
        ch = SkipCommentsAndSpace();
      }
      if (ch != '}') break;
      ++pos_;
      if (SkipCommentsAndSpace() != ')') break;
      ++pos_;
      ch = SkipCommentsAndSpace();
      if (ch == ';') {
        ++pos_;
        ch = SkipCommentsAndSpace();
      }
    } else {
      break;
    }
    if (ch != '}') break;
    ++pos_;
    if (SkipCommentsAndSpace() != ')') break;
    // The shape matched; it re-exports only a binding of require().
    for (const StarBinding& binding : star_bindings_) {
      if (binding.id.end - binding.id.begin == id.end - id.begin &&
          src_.substr(static_cast<size_t>(binding.id.begin), static_cast<size_t>(id.end - id.begin)) ==
              src_.substr(static_cast<size_t>(id.begin), static_cast<size_t>(id.end - id.begin))) {
        reexports_.push_back({binding.specifier});
        pos_ = revert;
        return;
      }
    }
    return;
  } while (false);
  pos_ = revert;
}

CjsLexerResult Lexer::Run() {
  CjsLexerResult result;
  if (At(0) == '#' && At(1) == '!') {
    if (n_ == 2) return result;
    pos_ = 1;
    while (++pos_ < n_) {
      const uint8_t ch = At(pos_);
      if (ch == '\n' || ch == '\r') break;
    }
  }
  while (ok_ && ++pos_ < n_) {
    const uint8_t ch = At(pos_);
    if (ch == 32 || (ch < 14 && ch > 8)) continue;

    // Patterns upstream looks for only at the top level.
    if (depth_ == 0) {
      switch (ch) {
        case 'i':
          if (Match(pos_ + 1, "mport") && KeywordStart(pos_)) ThrowIfImportStatement();
          last_token_ = pos_;
          continue;
        case 'r': {
          const Pos start = pos_;
          if (TryParseRequire(RequireUse::kImport) && KeywordStart(start))
            TryBacktrackAddStarBinding(start - 1);
          last_token_ = pos_;
          continue;
        }
        case '_':
          if (Match(pos_ + 1, "interopRequireWildcard") && (KeywordStart(pos_) || At(pos_ - 1) == '.')) {
            const Pos start = pos_;
            pos_ += 23;
            if (At(pos_) == '(') {
              ++pos_;
              PushOpen(last_token_, false);
              if (TryParseRequire(RequireUse::kImport) && KeywordStart(start)) {
                TryBacktrackAddStarBinding(start - 1);
              }
            }
          } else if (Match(pos_ + 1, "_export") && (KeywordStart(pos_) || At(pos_ - 1) == '.')) {
            pos_ += 8;
            if (Match(pos_, "Star")) pos_ += 4;
            if (At(pos_) == '(') {
              PushOpen(last_token_, false);
              if (At(pos_ + 1) == 'r') {
                ++pos_;
                TryParseRequire(RequireUse::kExportStar);
              }
            }
          }
          last_token_ = pos_;
          continue;
        default: break;
      }
    }

    switch (ch) {
      case 'e':
        if (Match(pos_ + 1, "xport") && KeywordStart(pos_)) {
          if (At(pos_ + 6) == 's') {
            TryParseExportsDotAssign(false);
          } else if (depth_ == 0) {
            ThrowIfExportStatement();
          }
        }
        break;
      case 'c':
        if (KeywordStart(pos_) && Match(pos_ + 1, "lass") && IsSpaceAt(pos_ + 5)) next_brace_is_class_ = true;
        break;
      case 'm':
        if (Match(pos_ + 1, "odule") && KeywordStart(pos_)) TryParseModuleExportsDotAssign();
        break;
      case 'O':
        if (Match(pos_ + 1, "bject") && KeywordStart(pos_)) TryParseObjectDefineOrKeys(depth_ == 0);
        break;
      case '(': PushOpen(last_token_, false); break;
      case ')':
        if (depth_ == 0) {
          Fail();
          break;
        }
        --depth_;
        break;
      case '{':
        PushOpen(last_token_, next_brace_is_class_);
        next_brace_is_class_ = false;
        break;
      case '}':
        // Upstream 2.x stops without an error at a `}` that closes
        // nothing, keeping what it found; that is not valid JavaScript, and
        // we call it an error.
        if (depth_ == 0) {
          Fail();
          break;
        }
        if (depth_-- == template_depth_) {
          template_depth_ = template_stack_.back();
          template_stack_.pop_back();
          TemplateString();
        } else if (template_depth_ != kNoTemplate && depth_ < template_depth_) {
          Fail();
        }
        break;
      case '\'':
      case '"': StringLiteral(ch); break;
      case '/': {
        const uint8_t next = At(pos_ + 1);
        if (next == '/') {
          LineComment();
          continue;  // a comment is not a token
        }
        if (next == '*') {
          BlockComment();
          continue;
        }
        // Division or regular expression, from the token before.
        const uint8_t last = At(last_token_);
        const bool regex =
            (IsExpressionPunctuator(last) && !(last == '.' && IsDigit(At(last_token_ - 1))) &&
             !(last == '+' && At(last_token_ - 1) == '+') && !(last == '-' && At(last_token_ - 1) == '-')) ||
            (last == ')' && IsParenKeyword(OpenTokenAt(depth_))) ||
            (last == '}' && (IsExpressionTerminator(OpenTokenAt(depth_)) || OpenClassAt(depth_))) ||
            (last == '/' && last_slash_was_division_) || IsExpressionKeyword(last_token_) || last == 0;
        if (regex) {
          RegularExpression();
          last_slash_was_division_ = false;
        } else {
          last_slash_was_division_ = true;
        }
        break;
      }
      case '`': TemplateString(); break;
      default: break;
    }
    last_token_ = pos_;
  }
  if (ok_ && (template_depth_ != kNoTemplate || depth_ != 0)) {
    error_offset_ = n_;
    ok_ = false;
  }
  if (!ok_) {
    result.ok = false;
    result.error_offset = static_cast<size_t>(error_offset_);
    return result;
  }

  // Decoded as upstream's wrapper does: a string's value (nothing when it
  // does not decode, or holds a lone surrogate), an identifier as written.
  auto decode = [&](Slice s, std::string* out) {
    const std::string_view text =
        src_.substr(static_cast<size_t>(s.begin), static_cast<size_t>(s.end - s.begin));
    if (text.empty() || (text[0] != '\'' && text[0] != '"')) {
      *out = std::string(text);
      return true;
    }
    if (!DecodeStringLiteral(text, out)) return false;
    // DecodeStringLiteral turns a lone surrogate into U+FFFD.
    constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
    return out->find(kReplacement) == std::string::npos || text.find(kReplacement) != std::string_view::npos;
  };
  std::string value;
  std::set<std::string> unsafe;
  for (const Slice& s : unsafe_getters_) {
    if (decode(s, &value)) unsafe.insert(value);
  }
  auto fill = [&](SeenBy excluded, bool opt_out_unsafe, CjsLexerView* view) {
    std::set<std::string> seen;
    for (const Detected& d : reexports_) {
      if (d.seen_by == excluded || !decode(d.text, &value) || value.empty()) continue;
      if (seen.insert(value).second) view->reexports.push_back(value);
    }
    seen.clear();
    for (const Detected& d : exports_) {
      if (d.seen_by == excluded || !decode(d.text, &value)) continue;
      if (opt_out_unsafe && unsafe.count(value)) continue;
      if (seen.insert(value).second) view->names.push_back(value);
    }
  };
  fill(SeenBy::kMerveOnly, true, &result.lexer);
  fill(SeenBy::kLexerOnly, false, &result.merve);
  return result;
}

}  // namespace

CjsLexerResult LexCommonJsExports(std::string_view source) { return Lexer(source).Run(); }

}  // namespace lel::js
