#include <algorithm>
#include <map>

#include "report/report.h"

namespace lel {

LineColumn LocateOffset(std::string_view text, uint32_t offset) {
  LineColumn at;
  if (offset > text.size()) offset = static_cast<uint32_t>(text.size());
  for (uint32_t i = 0; i < offset; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++at.line;
      at.column = 1;
    } else if ((c & 0xC0) != 0x80) {  // not a UTF-8 continuation byte
      ++at.column;
    }
  }
  return at;
}

namespace {

const Entry* FindEntry(const ZipArchive& archive, const std::string& name) {
  for (const Entry& entry : archive.entries()) {
    if (entry.name == name) return &entry;
  }
  return nullptr;
}

// The whole line around `offset`, without its newline.
std::string LineAround(std::string_view text, uint32_t offset) {
  if (offset > text.size()) offset = static_cast<uint32_t>(text.size());
  size_t begin = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  begin = (begin == std::string_view::npos || offset == 0) ? 0 : begin + 1;
  if (offset > 0 && text[offset - 1] == '\n') begin = offset;
  size_t end = text.find('\n', offset);
  if (end == std::string_view::npos) end = text.size();
  return std::string(text.substr(begin, end - begin));
}

}  // namespace

std::vector<std::optional<LineColumn>> LocateFindings(const ReportInput& input,
                                                      std::vector<std::string>* source_lines) {
  std::vector<std::optional<LineColumn>> located(input.findings.size());
  source_lines->assign(input.findings.size(), {});
  std::map<std::pair<int, std::string>, std::string> sources;  // read each entry once
  for (size_t i = 0; i < input.findings.size(); ++i) {
    const Finding& f = input.findings[i];
    if (!f.span || f.archive < 0 || static_cast<size_t>(f.archive) >= input.package.archives.size()) {
      continue;
    }
    auto key = std::make_pair(f.archive, f.path);
    auto it = sources.find(key);
    if (it == sources.end()) {
      const ZipArchive& archive = *input.package.archives[f.archive];
      const Entry* entry = FindEntry(archive, f.path);
      std::string text, err;
      if (entry == nullptr || !archive.Read(*entry, &text, &err)) text.clear();
      it = sources.emplace(key, std::move(text)).first;
    }
    if (it->second.empty() && f.span->begin > 0) continue;
    located[i] = LocateOffset(it->second, f.span->begin);
    (*source_lines)[i] = LineAround(it->second, f.span->begin);
  }
  return located;
}

}  // namespace lel

namespace lel {

FixAvailability FixAvailabilityOf(std::span<const std::vector<ReportFix>> fixes, size_t i) {
  if (i >= fixes.size() || fixes[i].empty()) return FixAvailability::kNone;
  const bool any_safe = std::any_of(fixes[i].begin(), fixes[i].end(),
                                    [](const ReportFix& fix) { return fix.safe; });
  return any_safe ? FixAvailability::kSafe : FixAvailability::kUnsafe;
}

LocatedReport Locate(const ReportInput& input, std::string label) {
  LocatedReport report;
  report.label = std::move(label);
  report.options = input.options;
  report.archive_names = input.archive_names;
  report.findings = input.findings;
  report.fixes.assign(input.fixes.begin(), input.fixes.end());
  std::vector<std::string> lines;
  report.located = LocateFindings(input, &lines);
  report.located_end.resize(report.located.size());
  for (size_t i = 0; i < report.located.size(); ++i) {
    const Finding& f = report.findings[i];
    if (!report.located[i] || !f.span) continue;
    // The span's characters on its first line: skip to the column, then
    // count code points until the span or the line ends.
    const std::string& line = lines[i];
    size_t byte = 0;
    for (int column = 1; byte < line.size(); ++byte) {
      if ((static_cast<unsigned char>(line[byte]) & 0xC0) == 0x80) continue;  // continuation
      if (column == report.located[i]->column) break;
      ++column;
    }
    size_t stop = std::min<size_t>(line.size(), byte + (f.span->end - f.span->begin));
    int end_column = report.located[i]->column;
    for (size_t k = byte; k < stop; ++k) {
      if ((static_cast<unsigned char>(line[k]) & 0xC0) != 0x80) ++end_column;
    }
    report.located_end[i] = LineColumn{report.located[i]->line, end_column};
  }
  return report;
}

}  // namespace lel
