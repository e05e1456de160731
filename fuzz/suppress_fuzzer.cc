// Fuzz target: the suppression comment reader (ScanSuppressions,
// src/rules/suppress.cc) over the comments the module scan finds
// (ModuleScan::comments), as ApplySuppressions reads a file. Input: a
// JavaScript source.
// Invariants: the comments come in order, without overlap, inside the
// source, each starting with "//" or "/*"; a comment's line is 1 + the
// newlines before its last byte; the rule ids are non-empty and hold no
// separator; the reason is trimmed; and the same source after a leading
// newline (when it has no hashbang) gives the same comments one byte and
// one line later: what is a comment does not depend on where the text starts.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "js/module_scan.h"
#include "rules/suppress.h"

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

void CheckComments(std::string_view source, const std::vector<lel::SuppressionComment>& found) {
  uint32_t previous_end = 0;
  for (const lel::SuppressionComment& c : found) {
    if (c.span.begin < previous_end || c.span.end < c.span.begin + 2 || c.span.end > source.size()) {
      abort();
    }
    previous_end = c.span.end;
    const std::string_view text = source.substr(c.span.begin, c.span.end - c.span.begin);
    if (text.substr(0, 2) != "//" && text.substr(0, 2) != "/*") abort();
    const size_t last = c.span.end - 1;
    if (c.line != 1 + std::count(source.begin(), source.begin() + last, '\n')) abort();
    for (const std::string& rule : c.rules) {
      if (rule.empty() || rule.find_first_of(", \t\n\r") != std::string::npos) abort();
    }
    if (!c.reason.empty() && (IsSpace(c.reason.front()) || IsSpace(c.reason.back()))) abort();
  }
}

std::vector<lel::SuppressionComment> Scan(std::string_view source) {
  return lel::ScanSuppressions(source, lel::ScanModule(source).comments);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view source(reinterpret_cast<const char*>(data), size);
  const std::vector<lel::SuppressionComment> found = Scan(source);
  CheckComments(source, found);
  if (source.substr(0, 2) == "#!") return 0;
  const std::string shifted = "\n" + std::string(source);
  const std::vector<lel::SuppressionComment> again = Scan(shifted);
  CheckComments(shifted, again);
  if (again.size() != found.size()) abort();
  for (size_t i = 0; i < found.size(); ++i) {
    if (again[i].span.begin != found[i].span.begin + 1 || again[i].span.end != found[i].span.end + 1 ||
        again[i].line != found[i].line + 1 || again[i].rules != found[i].rules ||
        again[i].reason != found[i].reason || again[i].kind != found[i].kind) {
      abort();
    }
  }
  return 0;
}
