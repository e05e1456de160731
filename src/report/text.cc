#include <sstream>

#include "report/report.h"

namespace lel {
namespace {

constexpr size_t kMaxShownLine = 160;  // minified files have megabyte lines
// Marks of a finding `fix` can repair: by default, or only with
// --unsafe-fixes (the fix may change behaviour or drop content).

const char* Colour(Severity severity) {
  switch (severity) {
    case Severity::kError: return "\x1b[1;31m";
    case Severity::kWarning: return "\x1b[1;35m";
    case Severity::kInfo: return "\x1b[1;36m";
  }
  return "";
}

// Characters (UTF-8 code points) in `text`, which ShownText made valid.
size_t CodePoints(std::string_view text) {
  size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// The byte where code point `index` (0-based) of `text` starts; the size
// when there are fewer.
size_t ByteOfCodePoint(std::string_view text, size_t index) {
  for (size_t byte = 0; byte < text.size(); ++byte) {
    if ((static_cast<unsigned char>(text[byte]) & 0xC0) == 0x80) continue;
    if (index-- == 0) return byte;
  }
  return text.size();
}

// The source line (as ShownText shows it) and a caret under the span,
// compiler style; long lines are cut to a window around the column.
void WriteSnippet(std::ostream& out, std::string_view line, const LineColumn& at,
                  size_t span_bytes) {
  const size_t byte = ByteOfCodePoint(line, static_cast<size_t>(at.column - 1));
  std::string shown = ShownText(line);
  // Where the span starts and how wide it is in the shown line. A backslash
  // is escaped only before an 'x', so the one before the span is measured
  // with its successor.
  size_t column = CodePoints(ShownText(line.substr(0, byte)));
  if (byte > 0 && line[byte - 1] == '\\' && byte < line.size() && line[byte] == 'x') column += 3;
  const size_t span_chars = CodePoints(ShownText(line.substr(byte, span_bytes)));
  size_t start = 0;
  if (CodePoints(shown) > kMaxShownLine) {
    start = column > kMaxShownLine / 2 ? column - kMaxShownLine / 2 : 0;
    const size_t from = ByteOfCodePoint(shown, start);
    const size_t to = ByteOfCodePoint(shown, start + kMaxShownLine);
    shown = (start > 0 ? "..." : "") + shown.substr(from, to - from) + "...";
    if (start > 0) start -= 3;
  }
  std::string gutter = std::to_string(at.line);
  out << " " << gutter << " | " << shown << "\n";
  out << " " << std::string(gutter.size(), ' ') << " | " << std::string(column - start, ' ') << "^"
      << std::string(span_chars > 1 ? std::min(span_chars, kMaxShownLine) - 1 : 0, '~') << "\n";
}

}  // namespace

std::string RenderText(const ReportInput& input, bool color) {
  std::ostringstream out;
  std::vector<std::string> lines;
  std::vector<std::optional<LineColumn>> located = LocateFindings(input, &lines);
  int counts[3] = {0, 0, 0};
  int safe_fixes = 0, unsafe_fixes = 0;
  for (size_t i = 0; i < input.findings.size(); ++i) {
    const Finding& f = input.findings[i];
    ++counts[static_cast<int>(f.severity)];
    out << (color ? "\x1b[1m" : "") << ShownText(input.archive_names.at(f.archive));
    if (!f.path.empty()) out << "!" << ShownText(f.path);
    if (located[i]) out << ":" << located[i]->line << ":" << located[i]->column;
    out << ": " << (color ? Colour(f.severity) : "") << SeverityName(f.severity)
        << (color ? "\x1b[0m\x1b[1m" : "") << ": ";
    // Ruff's mark for what `fix` repairs, before the message.
    const FixAvailability fix = FixAvailabilityOf(input.fixes, i);
    if (fix != FixAvailability::kNone) out << FixMark(fix) << " ";
    safe_fixes += fix == FixAvailability::kSafe;
    unsafe_fixes += fix == FixAvailability::kUnsafe;
    out << ShownText(f.message) << (color ? "\x1b[0m" : "") << " [" << f.rule << "]\n";
    if (located[i] && f.span) {
      WriteSnippet(out, lines[i], *located[i], f.span->end - f.span->begin);
    }
    for (const std::string& note : f.notes) out << "  note: " << ShownText(note) << "\n";
  }
  auto plural = [](int n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
  };
  counts[1] += input.hidden_warnings;
  counts[2] += input.hidden_infos;
  out << plural(counts[0], "error") << ", " << plural(counts[1], "warning") << ", "
      << plural(counts[2], "info") << " (" << ShownText(input.options.runtime_name()) << ", "
      << (input.options.managed ? "managed" : "stock") << " resolution, handler "
      << ShownText(input.options.handler) << ")";
  if (input.hidden_warnings + input.hidden_infos > 0) {
    std::string hidden;
    if (input.hidden_warnings > 0) hidden = plural(input.hidden_warnings, "warning");
    if (input.hidden_infos > 0) {
      hidden += (hidden.empty() ? "" : " and ") + plural(input.hidden_infos, "info");
    }
    out << "; " << hidden << " not shown (--quiet)";
  }
  out << "\n";
  if (safe_fixes > 0) {
    out << FixMark(FixAvailability::kSafe) << " " << safe_fixes << " fixable with `lambda-esm-lint fix`";
    if (unsafe_fixes > 0) out << " (" << unsafe_fixes << " more with `--unsafe-fixes`)";
    out << "\n";
  } else if (unsafe_fixes > 0) {
    out << FixMark(FixAvailability::kUnsafe) << " " << unsafe_fixes
        << " fixable with `lambda-esm-lint fix --unsafe-fixes`\n";
  }
  return out.str();
}

}  // namespace lel
