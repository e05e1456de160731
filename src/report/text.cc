#include <sstream>

#include "archive/zip_archive.h"
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

// The source line and a caret under the span, compiler style; long lines
// are cut to a window around the column.
void WriteSnippet(std::ostream& out, const std::string& line, const LineColumn& at,
                  size_t span_chars) {
  size_t column = static_cast<size_t>(at.column - 1);
  size_t start = 0;
  std::string shown = line;
  if (line.size() > kMaxShownLine) {
    start = column > kMaxShownLine / 2 ? column - kMaxShownLine / 2 : 0;
    shown = (start > 0 ? "..." : "") + line.substr(start, kMaxShownLine) + "...";
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
    out << (color ? "\x1b[1m" : "") << input.archive_names.at(f.archive);
    if (!f.path.empty()) out << "!" << PrintableName(f.path, 0);
    if (located[i]) out << ":" << located[i]->line << ":" << located[i]->column;
    out << ": " << (color ? Colour(f.severity) : "") << SeverityName(f.severity)
        << (color ? "\x1b[0m\x1b[1m" : "") << ": ";
    // Ruff's mark for what `fix` repairs, before the message.
    const FixAvailability fix = FixAvailabilityOf(input.fixes, i);
    if (fix != FixAvailability::kNone) out << FixMark(fix) << " ";
    safe_fixes += fix == FixAvailability::kSafe;
    unsafe_fixes += fix == FixAvailability::kUnsafe;
    out << f.message << (color ? "\x1b[0m" : "") << " [" << f.rule << "]\n";
    if (located[i] && f.span) {
      WriteSnippet(out, lines[i], *located[i], f.span->end - f.span->begin);
    }
    for (const std::string& note : f.notes) out << "  note: " << note << "\n";
  }
  auto plural = [](int n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
  };
  counts[1] += input.hidden_warnings;
  counts[2] += input.hidden_infos;
  out << plural(counts[0], "error") << ", " << plural(counts[1], "warning") << ", "
      << plural(counts[2], "info") << " (" << input.options.runtime << ", "
      << (input.options.managed ? "managed" : "stock") << " resolution, handler "
      << input.options.handler << ")";
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
