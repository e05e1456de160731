#include "resolve/node_range.h"

#include <cctype>
#include <string>
#include <vector>

namespace lel {
namespace {

enum class Op { kLt, kLe, kGt, kGe, kEq };

struct Comparator {
  Op op;
  NodeVersion version;
};

// A version with wildcards: parts = how many leading parts are numbers.
struct Partial {
  NodeVersion v = {0, 0, 0};
  int parts = 0;
};

int Compare(const NodeVersion& a, const NodeVersion& b) {
  for (size_t i = 0; i < 3; ++i) {
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

// `1`, `1.2`, `1.2.3`, `1.x`, `*`, `v1.2.3-rc.1+build`: false when `text`
// is none of these.
bool ParsePartial(std::string_view text, Partial* out) {
  if (!text.empty() && (text[0] == 'v' || text[0] == '=')) text.remove_prefix(1);
  if (text.empty()) return false;
  // Prerelease and build tags follow the patch; ignore them.
  if (size_t tag = text.find_first_of("-+"); tag != std::string_view::npos) {
    text = text.substr(0, tag);
  }
  *out = Partial{};
  bool wildcard = false;
  for (int part = 0; part < 3 && !text.empty(); ++part) {
    size_t end = text.find('.');
    std::string_view piece = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (end != std::string_view::npos && text.empty()) return false;  // "1."
    if (piece == "x" || piece == "X" || piece == "*") {
      wildcard = true;
      continue;
    }
    if (wildcard || piece.empty() || piece.size() > 9) return false;
    long value = 0;
    for (char c : piece) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return false;
      value = value * 10 + (c - '0');
    }
    out->v[part] = value;
    out->parts = part + 1;
  }
  return text.empty();
}

// The first version above every version `p` matches ("1.2" -> 1.3.0).
NodeVersion NextAfter(const Partial& p) {
  NodeVersion v = p.v;
  if (p.parts == 1) return {v[0] + 1, 0, 0};
  if (p.parts == 2) return {v[0], v[1] + 1, 0};
  return v;
}

// One comparator word (operator and version already joined) into `set`.
bool AddComparator(std::string_view word, std::vector<Comparator>* set) {
  Op op = Op::kEq;
  bool tilde = false, caret = false;
  if (word.substr(0, 2) == ">=") op = Op::kGe, word.remove_prefix(2);
  else if (word.substr(0, 2) == "<=") op = Op::kLe, word.remove_prefix(2);
  else if (word[0] == '>') op = Op::kGt, word.remove_prefix(1);
  else if (word[0] == '<') op = Op::kLt, word.remove_prefix(1);
  else if (word.substr(0, 2) == "~>") tilde = true, word.remove_prefix(2);
  else if (word[0] == '~') tilde = true, word.remove_prefix(1);
  else if (word[0] == '^') caret = true, word.remove_prefix(1);
  Partial p;
  if (!ParsePartial(word, &p)) return false;
  const NodeVersion& v = p.v;
  if (p.parts == 0) {  // `*`, `>=*`: any version; `<*`, `>*`: none
    if (op == Op::kLt || op == Op::kGt) set->push_back({Op::kLt, {0, 0, 0}});
    return true;
  }
  if (tilde) {
    set->push_back({Op::kGe, v});
    set->push_back({Op::kLt, p.parts == 1 ? NodeVersion{v[0] + 1, 0, 0}
                                          : NodeVersion{v[0], v[1] + 1, 0}});
    return true;
  }
  if (caret) {
    // Up to the next change of the first non-zero part that is given.
    NodeVersion upper;
    if (v[0] != 0 || p.parts == 1) upper = {v[0] + 1, 0, 0};
    else if (v[1] != 0 || p.parts == 2) upper = {0, v[1] + 1, 0};
    else upper = {0, 0, v[2] + 1};
    set->push_back({Op::kGe, v});
    set->push_back({Op::kLt, upper});
    return true;
  }
  switch (op) {
    case Op::kEq:
      if (p.parts == 3) {
        set->push_back({Op::kEq, v});
      } else {
        set->push_back({Op::kGe, v});
        set->push_back({Op::kLt, NextAfter(p)});
      }
      return true;
    case Op::kGt:
      set->push_back(p.parts == 3 ? Comparator{Op::kGt, v} : Comparator{Op::kGe, NextAfter(p)});
      return true;
    case Op::kLe:
      set->push_back(p.parts == 3 ? Comparator{Op::kLe, v} : Comparator{Op::kLt, NextAfter(p)});
      return true;
    default:  // >=, < of a partial: its lower end, zeros filled
      set->push_back({op, v});
      return true;
  }
}

bool Satisfies(const std::vector<Comparator>& set, const NodeVersion& version) {
  for (const Comparator& c : set) {
    const int cmp = Compare(version, c.version);
    const bool ok = c.op == Op::kLt   ? cmp < 0
                    : c.op == Op::kLe ? cmp <= 0
                    : c.op == Op::kGt ? cmp > 0
                    : c.op == Op::kGe ? cmp >= 0
                                      : cmp == 0;
    if (!ok) return false;
  }
  return true;
}

// One comparator set ("" between two `||`s matches everything).
bool ParseSet(std::string_view text, std::vector<Comparator>* set) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!word.empty()) words.push_back(std::move(word)), word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  // Hyphen range: A - B.
  if (words.size() == 3 && words[1] == "-") {
    Partial low, high;
    if (!ParsePartial(words[0], &low) || !ParsePartial(words[2], &high)) return false;
    if (low.parts > 0) set->push_back({Op::kGe, low.v});
    if (high.parts == 3) set->push_back({Op::kLe, high.v});
    else if (high.parts > 0) set->push_back({Op::kLt, NextAfter(high)});
    return true;
  }
  for (size_t i = 0; i < words.size(); ++i) {
    std::string w = words[i];
    // An operator written apart from its version: ">= 16".
    if ((w == ">=" || w == "<=" || w == ">" || w == "<" || w == "=" || w == "~" || w == "^") &&
        i + 1 < words.size()) {
      w += words[++i];
    }
    if (!AddComparator(w, set)) return false;
  }
  return true;
}

}  // namespace

RangeMatch MatchNodeRange(std::string_view range, const NodeVersion& version) {
  bool any = false;
  while (true) {
    const size_t bar = range.find("||");
    std::vector<Comparator> set;
    if (!ParseSet(range.substr(0, bar), &set)) return RangeMatch::kUnparsed;
    any = any || Satisfies(set, version);
    if (bar == std::string_view::npos) break;
    range.remove_prefix(bar + 2);
  }
  return any ? RangeMatch::kIncludes : RangeMatch::kExcludes;
}

NodeVersion ModeledNodeVersion(int node_major) {
  switch (node_major) {
    case 18: return {18, 20, 8};
    case 20: return {20, 20, 2};
    case 22: return {22, 23, 5};
    case 24: return {24, 22, 3};
    default: return {node_major, 0, 0};
  }
}

}  // namespace lel
