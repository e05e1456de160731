// The sub-commands of lambda-esm-lint: one static table (main.cc) that
// --help prints from; each command lives in its own file.
#ifndef LEL_CLI_COMMAND_H_
#define LEL_CLI_COMMAND_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

#include "report/report.h"

namespace lel {

inline constexpr int kExitClean = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitUsage = 2;
// A bug: an exception reached main (or a thread), the process says so and
// asks for a report instead of aborting.
inline constexpr int kExitInternalError = 3;

// Declares the sub-command's options on `sub` and returns what to run when
// the user chose it (called after parsing).
using CommandSetup = std::function<int()> (*)(CLI::App* sub);

struct Command {
  const char* name;
  const char* summary;
  CommandSetup setup;
};

std::function<int()> SetupCheck(CLI::App* sub);
std::function<int()> SetupImports(CLI::App* sub);
std::function<int()> SetupFix(CLI::App* sub);
std::function<int()> SetupRules(CLI::App* sub);
std::function<int()> SetupExplain(CLI::App* sub);
std::function<int()> SetupAudit(CLI::App* sub);

// The fixes `fix` can build for `findings`, per finding (empty: none), in
// the form the reports show them (report_fixes.cc). A finding is marked
// fixable only when it has one. `context`: the analyses of the check that
// found them (LintResult::analysis), so nothing is built again.
std::vector<std::vector<ReportFix>> PlanReportFixes(const Context& context,
                                                    const std::vector<Finding>& findings);

// Writes `text` to `path`, or to stdout when `path` is empty. False (and a
// message on stderr) when it cannot.
bool WriteOutput(const std::string& path, const std::string& text);

// The one way an error reaches stderr: "lambda-esm-lint: MESSAGE" on one
// line. Values in messages are escaped where they are put in
// (PrintableName); this is the net under them: a raw control byte is
// written \xNN and the line is cut after 2,000 bytes.
void PrintError(std::string_view message);

}  // namespace lel

#endif  // LEL_CLI_COMMAND_H_
