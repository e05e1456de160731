#include "rules/finding.h"

#include <tuple>

namespace lel {

std::string_view CategoryName(Category category) {
  switch (category) {
    case Category::kCorrectness: return "correctness";
    case Category::kPortability: return "portability";
    case Category::kSuspicious: return "suspicious";
    case Category::kHygiene: return "hygiene";
  }
  return "correctness";
}

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kInfo: return "info";
  }
  return "error";
}

void PointAt(int archive, const Entry& entry, Finding* finding) {
  finding->archive = archive;
  finding->path = entry.name;
  finding->entry = static_cast<int64_t>(entry.index);
}

bool FindingLess(const Finding& a, const Finding& b) {
  auto key = [](const Finding& f) {
    return std::make_tuple(f.archive, std::cref(f.path), f.span ? f.span->begin : 0u,
                           std::cref(f.rule), std::cref(f.message));
  };
  return key(a) < key(b);
}

}  // namespace lel
