#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "archive/zip_archive.h"
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

// Where the lines of one text start, so that every finding in it is
// located without reading the text from its start again: a binary search
// for the line, then the characters from the line's start (or from the
// previous offset asked for on that line, so offsets asked in increasing
// order cost one pass over the text in all).
class LineIndex {
 public:
  explicit LineIndex(std::string_view text) : text_(text) {
    starts_.push_back(0);
    for (size_t i = text.find('\n'); i != std::string_view::npos; i = text.find('\n', i + 1)) {
      starts_.push_back(i + 1);
    }
  }

  // As LocateOffset(text, offset).
  LineColumn Locate(uint32_t offset) {
    offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text_.size()));
    const size_t line = LineOf(offset);
    size_t from = starts_[line];
    int column = 1;
    if (line == last_line_ && offset >= last_offset_) {
      from = last_offset_;
      column = last_column_;
    }
    for (size_t i = from; i < offset; ++i) {
      if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;  // not a continuation byte
    }
    last_line_ = line;
    last_offset_ = offset;
    last_column_ = column;
    return LineColumn{static_cast<int>(line) + 1, column};
  }

  // The whole line around `offset`, without its newline.
  std::string LineAround(uint32_t offset) const {
    offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text_.size()));
    const size_t line = LineOf(offset);
    const size_t end = line + 1 < starts_.size() ? starts_[line + 1] - 1 : text_.size();
    return std::string(text_.substr(starts_[line], end - starts_[line]));
  }

 private:
  // 0-based: the last line start at or before `offset`.
  size_t LineOf(uint32_t offset) const {
    return static_cast<size_t>(std::upper_bound(starts_.begin(), starts_.end(), offset) -
                               starts_.begin()) -
           1;
  }

  std::string_view text_;
  std::vector<size_t> starts_;
  size_t last_line_ = SIZE_MAX;
  uint32_t last_offset_ = 0;
  int last_column_ = 1;
};

struct SourceText {
  std::string text;
  std::unique_ptr<LineIndex> lines;
};

}  // namespace

std::vector<std::optional<LineColumn>> LocateFindings(const ReportInput& input,
                                                      std::vector<std::string>* source_lines) {
  std::vector<std::optional<LineColumn>> located(input.findings.size());
  source_lines->assign(input.findings.size(), {});
  // Each entry is read and indexed once; its findings are located in the
  // order of their offsets, which keeps the whole walk linear.
  std::vector<size_t> order;
  for (size_t i = 0; i < input.findings.size(); ++i) {
    const Finding& f = input.findings[i];
    if (!f.span || f.entry < 0 || f.archive < 0 ||
        static_cast<size_t>(f.archive) >= input.package.archives.size()) {
      continue;
    }
    order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const Finding& fa = input.findings[a];
    const Finding& fb = input.findings[b];
    if (fa.archive != fb.archive) return fa.archive < fb.archive;
    if (fa.entry != fb.entry) return fa.entry < fb.entry;
    return fa.span->begin < fb.span->begin;
  });
  // By entry id, not name: of two entries of one name, the finding is
  // about the one the rules read (the later one, which extraction keeps).
  std::map<std::pair<int, int64_t>, SourceText> sources;
  for (size_t i : order) {
    const Finding& f = input.findings[i];
    auto key = std::make_pair(f.archive, f.entry);
    auto it = sources.find(key);
    if (it == sources.end()) {
      SourceText source;
      std::string err;
      if (!input.package.archives[f.archive]->ReadId(f.entry, &source.text, &err)) {
        source.text.clear();
      }
      it = sources.emplace(key, std::move(source)).first;
      it->second.lines = std::make_unique<LineIndex>(it->second.text);
    }
    if (it->second.text.empty() && f.span->begin > 0) continue;
    located[i] = it->second.lines->Locate(f.span->begin);
    (*source_lines)[i] = it->second.lines->LineAround(f.span->begin);
  }
  return located;
}

}  // namespace lel

namespace lel {

std::string ShownText(std::string_view text) { return PrintableName(text, 0); }

std::string_view FixMark(FixAvailability availability) {
  switch (availability) {
    case FixAvailability::kSafe:
      return "[*]";
    case FixAvailability::kUnsafe:
      return "[unsafe fix]";
    case FixAvailability::kNone:
      break;
  }
  return "";
}

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
