// Renders findings for people (compiler-style text) and for tools (the
// versioned JSON document described in docs/json-output.md).
#ifndef LEL_REPORT_REPORT_H_
#define LEL_REPORT_REPORT_H_

#include <string>
#include <vector>

#include "archive/lambda_view.h"
#include "rules/finding.h"
#include "rules/rule.h"

namespace lel {

struct ReportInput {
  const LambdaPackage& package;
  const CheckOptions& options;
  // How to name each archive in output (the paths given on the command line).
  std::vector<std::string> archive_names;
  const std::vector<Finding>& findings;
};

// 1-based line and column of a byte offset; the column counts characters
// (UTF-8 code points), as editors do.
struct LineColumn {
  int line = 1;
  int column = 1;
};
LineColumn LocateOffset(std::string_view text, uint32_t offset);

// Finds the line/column of each finding's span by reading its entry once.
std::vector<std::optional<LineColumn>> LocateFindings(const ReportInput& input,
                                                      std::vector<std::string>* source_lines);

std::string RenderText(const ReportInput& input, bool color);
std::string RenderJson(const ReportInput& input);

}  // namespace lel

#endif  // LEL_REPORT_REPORT_H_
