#include "js/js_lex.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace lel::js {
namespace {

uint8_t At(std::string_view src, size_t pos) {
  return pos < src.size() ? static_cast<uint8_t>(src[pos]) : 0;
}

// Length in bytes of the whitespace or line terminator at `pos`, 0 if there
// is none. The UTF-8 forms are spelled out because a sloppy check (any byte
// >= 0x80) would swallow non-ASCII identifiers.
size_t WhitespaceAt(std::string_view src, size_t pos, bool* is_newline) {
  *is_newline = false;
  uint8_t c = At(src, pos);
  switch (c) {
    case '\n':
    case '\r':
      *is_newline = true;
      return 1;
    case ' ':
    case '\t':
    case '\v':
    case '\f':
      return 1;
    default:
      break;
  }
  uint8_t c1 = At(src, pos + 1);
  uint8_t c2 = At(src, pos + 2);
  if (c == 0xC2 && c1 == 0xA0) return 2;                // U+00A0
  if (c == 0xE1 && c1 == 0x9A && c2 == 0x80) return 3;  // U+1680
  if (c == 0xE2 && c1 == 0x80) {
    if (c2 >= 0x80 && c2 <= 0x8A) return 3;  // U+2000..U+200A
    if (c2 == 0xA8 || c2 == 0xA9) {          // U+2028, U+2029
      *is_newline = true;
      return 3;
    }
    if (c2 == 0xAF) return 3;  // U+202F
  }
  if (c == 0xE2 && c1 == 0x81 && c2 == 0x9F) return 3;  // U+205F
  if (c == 0xE3 && c1 == 0x80 && c2 == 0x80) return 3;  // U+3000
  if (c == 0xEF && c1 == 0xBB && c2 == 0xBF) return 3;  // U+FEFF
  return 0;
}

int HexValue(uint8_t c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(uint32_t cp, std::string* out) {
  // Lone surrogates cannot be encoded in UTF-8; a specifier holding one can
  // never name a file, so U+FFFD keeps the result valid without losing that.
  if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Reads the code point of a \u escape whose 'u' is at body[*i]; leaves *i on
// the escape's last byte. Returns false when malformed.
bool ReadUnicodeEscape(std::string_view body, size_t* i, uint32_t* cp) {
  size_t p = *i + 1;
  if (At(body, p) == '{') {
    uint32_t value = 0;
    size_t digits = 0;
    for (++p; p < body.size() && body[p] != '}'; ++p, ++digits) {
      int h = HexValue(At(body, p));
      if (h < 0) return false;
      value = value * 16 + static_cast<uint32_t>(h);
      if (value > 0x10FFFF) return false;
    }
    if (digits == 0 || p >= body.size()) return false;
    *cp = value;
    *i = p;
    return true;
  }
  uint32_t value = 0;
  for (size_t k = 0; k < 4; ++k) {
    int h = HexValue(At(body, p + k));
    if (h < 0) return false;
    value = value * 16 + static_cast<uint32_t>(h);
  }
  *cp = value;
  *i = p + 3;
  return true;
}

}  // namespace

size_t SkipTrivia(std::string_view src, size_t pos, bool* crossed_newline) {
  bool newline = false;
  while (pos < src.size()) {
    bool is_newline = false;
    if (size_t n = WhitespaceAt(src, pos, &is_newline); n > 0) {
      newline |= is_newline;
      pos += n;
      continue;
    }
    if (src[pos] == '/' && At(src, pos + 1) == '/') {
      while (pos < src.size()) {
        if (WhitespaceAt(src, pos, &is_newline) > 0 && is_newline) break;
        ++pos;
      }
      continue;
    }
    if (src[pos] == '/' && At(src, pos + 1) == '*') {
      size_t close = src.find("*/", pos + 2);
      size_t end = close == std::string_view::npos ? src.size() : close + 2;
      for (size_t p = pos; p < end; ++p) {
        if (WhitespaceAt(src, p, &is_newline) > 0 && is_newline) newline = true;
      }
      pos = end;
      continue;
    }
    break;
  }
  if (crossed_newline != nullptr) *crossed_newline = newline;
  return pos;
}

size_t ScanIdentifierName(std::string_view src, size_t pos) {
  while (pos < src.size()) {
    uint8_t c = At(src, pos);
    bool ascii_part = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '$';
    if (ascii_part) {
      ++pos;
      continue;
    }
    bool is_newline = false;
    if (c >= 0x80 && WhitespaceAt(src, pos, &is_newline) == 0) {
      ++pos;
      continue;
    }
    break;
  }
  return pos;
}

size_t ScanStringLiteral(std::string_view src, size_t pos) {
  uint8_t quote = At(src, pos);
  if (quote != '\'' && quote != '"') return kNoMatch;
  for (size_t p = pos + 1; p < src.size(); ++p) {
    uint8_t c = At(src, p);
    if (c == quote) return p + 1;
    if (c == '\n' || c == '\r') return kNoMatch;
    if (c == '\\') {
      // A CRLF line continuation is two bytes; the loop's ++p takes the LF.
      if (At(src, p + 1) == '\r' && At(src, p + 2) == '\n') ++p;
      ++p;
    }
  }
  return kNoMatch;
}

bool DecodeStringLiteral(std::string_view literal, std::string* out) {
  out->clear();
  if (literal.size() < 2) return false;
  const char quote = literal.front();
  if ((quote != '\'' && quote != '"' && quote != '`') || literal.back() != quote) {
    return false;
  }
  const bool is_template = quote == '`';
  std::string_view body = literal.substr(1, literal.size() - 2);
  for (size_t i = 0; i < body.size(); ++i) {
    const uint8_t c = At(body, i);
    if (c == static_cast<uint8_t>(quote)) return false;  // ended early
    if (is_template && c == '$' && At(body, i + 1) == '{') return false;
    if (c == '\r' || c == '\n') {
      if (!is_template) return false;
      // Templates normalise CR and CRLF to LF in their cooked value.
      if (c == '\r' && At(body, i + 1) == '\n') ++i;
      out->push_back('\n');
      continue;
    }
    if (c != '\\') {
      out->push_back(static_cast<char>(c));
      continue;
    }
    if (i + 1 >= body.size()) return false;
    const uint8_t e = At(body, ++i);
    switch (e) {
      case 'n':
        out->push_back('\n');
        break;
      case 't':
        out->push_back('\t');
        break;
      case 'r':
        out->push_back('\r');
        break;
      case 'b':
        out->push_back('\b');
        break;
      case 'f':
        out->push_back('\f');
        break;
      case 'v':
        out->push_back('\v');
        break;
      case '\n':  // line continuation: contributes nothing
        break;
      case '\r':
        if (At(body, i + 1) == '\n') ++i;
        break;
      case 'x': {
        int hi = HexValue(At(body, i + 1));
        int lo = HexValue(At(body, i + 2));
        if (hi < 0 || lo < 0) return false;
        AppendUtf8(static_cast<uint32_t>(hi * 16 + lo), out);
        i += 2;
        break;
      }
      case 'u': {
        uint32_t cp = 0;
        if (!ReadUnicodeEscape(body, &i, &cp)) return false;
        // A \uD83D\uDE00 pair spells one code point.
        if (cp >= 0xD800 && cp <= 0xDBFF && At(body, i + 1) == '\\' && At(body, i + 2) == 'u') {
          size_t j = i + 2;
          uint32_t low = 0;
          if (ReadUnicodeEscape(body, &j, &low) && low >= 0xDC00 && low <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            i = j;
          }
        }
        AppendUtf8(cp, out);
        break;
      }
      case '0':
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7': {
        const uint8_t next = At(body, i + 1);
        if (e == '0' && !(next >= '0' && next <= '9')) {
          out->push_back('\0');
          break;
        }
        // Legacy octal escapes: only outside templates (and outside strict
        // code, which a CommonJS file may well be). At most three digits, value
        // at most 0377.
        if (is_template) return false;
        uint32_t value = e - '0';
        size_t max_digits = e <= '3' ? 3 : 2;
        for (size_t k = 1; k < max_digits; ++k) {
          uint8_t d = At(body, i + 1);
          if (d < '0' || d > '7') break;
          value = value * 8 + (d - '0');
          ++i;
        }
        AppendUtf8(value, out);
        break;
      }
      case '8':
      case '9':
        if (is_template) return false;
        out->push_back(static_cast<char>(e));
        break;
      default:
        // U+2028 / U+2029 after a backslash are line continuations too.
        if (e == 0xE2 && At(body, i + 1) == 0x80 &&
            (At(body, i + 2) == 0xA8 || At(body, i + 2) == 0xA9)) {
          i += 2;
          break;
        }
        // Any other escaped character stands for itself (\' \" \\ \` \$ ...).
        out->push_back(static_cast<char>(e));
        break;
    }
  }
  return true;
}

bool ScanImportAttributes(std::string_view src, size_t pos, ImportAttributes* out) {
  bool newline = false;
  size_t keyword = SkipTrivia(src, pos, &newline);
  size_t keyword_end = ScanIdentifierName(src, keyword);
  std::string_view word = src.substr(keyword, keyword_end - keyword);
  bool uses_assert = word == "assert";
  if (word != "with" && !uses_assert) return false;
  if (uses_assert && newline) return false;
  size_t p = SkipTrivia(src, keyword_end, nullptr);
  if (At(src, p) != '{') return false;
  std::string type;
  p = SkipTrivia(src, p + 1, nullptr);
  while (At(src, p) != '}') {
    // key
    std::string key;
    if (At(src, p) == '\'' || At(src, p) == '"') {
      size_t key_end = ScanStringLiteral(src, p);
      if (key_end == kNoMatch || !DecodeStringLiteral(src.substr(p, key_end - p), &key)) {
        return false;
      }
      p = key_end;
    } else {
      size_t key_end = ScanIdentifierName(src, p);
      if (key_end == p) return false;
      key = std::string(src.substr(p, key_end - p));
      p = key_end;
    }
    p = SkipTrivia(src, p, nullptr);
    if (At(src, p) != ':') return false;
    p = SkipTrivia(src, p + 1, nullptr);
    // value: always a string literal
    size_t value_end = ScanStringLiteral(src, p);
    std::string value;
    if (value_end == kNoMatch || !DecodeStringLiteral(src.substr(p, value_end - p), &value)) {
      return false;
    }
    if (key == "type") type = std::move(value);
    p = SkipTrivia(src, value_end, nullptr);
    if (At(src, p) == ',') {
      p = SkipTrivia(src, p + 1, nullptr);
    } else if (At(src, p) != '}') {
      return false;
    }
  }
  out->begin = keyword;
  out->end = p + 1;
  out->uses_assert = uses_assert;
  out->type = std::move(type);
  return true;
}

namespace {

// Skips template text from `pos` (just inside a backtick or just after the
// `}` of a substitution). Returns the offset after the closing backtick, or
// after a `${` with *opened_substitution set.
size_t SkipTemplateText(std::string_view src, size_t pos, bool* opened_substitution) {
  *opened_substitution = false;
  while (pos < src.size()) {
    const char c = src[pos];
    if (c == '\\') {
      pos += 2;
    } else if (c == '`') {
      return pos + 1;
    } else if (c == '$' && At(src, pos + 1) == '{') {
      *opened_substitution = true;
      return pos + 2;
    } else {
      ++pos;
    }
  }
  return src.size();
}

// Skips a regular expression literal starting at its opening '/'. A regex
// ends at an unescaped '/' outside a character class, and never spans lines.
size_t SkipRegex(std::string_view src, size_t pos) {
  bool in_class = false;
  for (++pos; pos < src.size(); ++pos) {
    const char c = src[pos];
    if (c == '\n' || c == '\r') return pos;
    if (c == '\\') {
      ++pos;
    } else if (c == '[') {
      in_class = true;
    } else if (c == ']') {
      in_class = false;
    } else if (c == '/' && !in_class) {
      return ScanIdentifierName(src, pos + 1);  // flags
    }
  }
  return pos;
}

bool IsOperatorChar(char c) {
  switch (c) {
    case '=':
    case '!':
    case '<':
    case '>':
    case '+':
    case '-':
    case '*':
    case '%':
    case '&':
    case '|':
    case '^':
    case '~':
    case '?':
    case ':':
    case '.':
      return true;
    default:
      return false;
  }
}

// Keywords after which a '/' starts a regular expression.
bool IsKeywordBeforeExpression(std::string_view word) {
  static constexpr std::string_view kWords[] = {"return", "typeof", "instanceof", "in",    "of",
                                                "new",    "delete", "void",       "throw", "case",
                                                "do",     "else",   "yield",      "await"};
  for (std::string_view w : kWords) {
    if (w == word) return true;
  }
  return false;
}

}  // namespace

size_t EstimateNesting(std::string_view src, size_t limit, BracketDepth* depth) {
  struct Level {
    size_t tokens = 0;
    char closer = 0;  // ')', ']', '}'; '}' with template=true for `${`
    bool template_substitution = false;
  };
  std::vector<Level> levels(1);
  size_t total = 1;  // sum over levels of 1 + tokens
  size_t peak = total;
  bool reset_pending = false;  // a `;` or block end was seen at this level
  bool after_operand = false;  // decides regex versus division
  // Opens a level whose opening bracket starts at `at`.
  auto open = [&](Level level, size_t at) {
    levels.push_back(level);
    ++total;
    if (depth != nullptr && levels.size() - 1 > depth->max) {
      depth->max = levels.size() - 1;
      depth->deepest_at = at;
    }
  };
  auto count = [&](bool is_else) {
    Level& level = levels.back();
    if (reset_pending && !is_else) {
      total -= level.tokens;
      level.tokens = 0;
    }
    reset_pending = false;
    ++level.tokens;
    ++total;
    peak = std::max(peak, total);
  };
  size_t pos = 0;
  while (pos < src.size() && peak <= limit) {
    pos = SkipTrivia(src, pos, nullptr);
    if (pos >= src.size()) break;
    const char c = src[pos];
    const uint8_t u = static_cast<uint8_t>(c);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
        c == '$' || c == '\\' || u >= 0x80) {
      size_t end = ScanIdentifierName(src, pos);
      if (end == pos) end = pos + 1;  // a lone backslash
      std::string_view word = src.substr(pos, end - pos);
      count(word == "else");
      after_operand = !IsKeywordBeforeExpression(word);
      pos = end;
    } else if (c == '\'' || c == '"') {
      size_t end = ScanStringLiteral(src, pos);
      if (end == kNoMatch) {
        // Unterminated: the grammar's lexer stops at the line end too.
        end = pos + 1;
        while (end < src.size() && src[end] != '\n' && src[end] != '\r') ++end;
      }
      count(false);
      after_operand = true;
      pos = end;
    } else if (c == '`') {
      count(false);
      bool opened = false;
      const size_t start = pos;
      pos = SkipTemplateText(src, pos + 1, &opened);
      if (opened) {
        open({0, '}', true}, start);
        after_operand = false;
      } else {
        after_operand = true;
      }
    } else if (c == '(' || c == '[' || c == '{') {
      count(false);
      open({0, c == '(' ? ')' : c == '[' ? ']' : '}', false}, pos);
      peak = std::max(peak, total);
      after_operand = false;
      ++pos;
    } else if (c == ')' || c == ']' || c == '}') {
      if (levels.size() == 1 || levels.back().closer != c) {
        // Unmatched or mismatched: the parser does not pop anything for it
        // either, so it counts as an ordinary token.
        count(false);
        ++pos;
        continue;
      }
      ++pos;
      after_operand = true;
      reset_pending = false;
      const Level closed = levels.back();
      levels.pop_back();
      total -= 1 + closed.tokens;
      if (closed.template_substitution) {
        bool opened = false;
        const size_t start = pos;
        pos = SkipTemplateText(src, pos, &opened);
        if (opened) {
          open({0, '}', true}, start);
          after_operand = false;
        }
      } else if (c == '}') {
        // A block ends a statement, unless an expression goes on after an
        // object literal; only a following word starts a new statement
        // (`else` keeps the if/else chain nesting; see count()).
        size_t next = SkipTrivia(src, pos, nullptr);
        if (next < src.size()) {
          const char n = src[next];
          const uint8_t nu = static_cast<uint8_t>(n);
          if ((n >= 'a' && n <= 'z') || (n >= 'A' && n <= 'Z') || n == '_' || n == '$' ||
              nu >= 0x80) {
            std::string_view word = src.substr(next, ScanIdentifierName(src, next) - next);
            reset_pending = word != "in" && word != "instanceof" && word != "of";
          }
        }
      }
    } else if (c == ';') {
      reset_pending = true;
      after_operand = false;
      ++pos;
    } else if (c == ',') {
      Level& level = levels.back();
      total -= level.tokens;
      level.tokens = 0;
      reset_pending = false;
      after_operand = false;
      ++pos;
    } else if (c == '/') {
      count(false);
      if (after_operand) {
        ++pos;
        after_operand = false;
      } else {
        pos = SkipRegex(src, pos);
        after_operand = true;
      }
    } else if (IsOperatorChar(c)) {
      // One count per character: `!!!!x` is four tokens, and `===` being
      // counted three times only makes the estimate more cautious.
      count(false);
      ++pos;
      after_operand = false;
    } else {
      count(false);
      after_operand = false;
      ++pos;
    }
  }
  return peak;
}

}  // namespace lel::js
