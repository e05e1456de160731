// The fixes `fix` would make, in the form SARIF output shows them
// (report.h ReportFix): planned by the rules, described by src/fix, copied
// for src/report, which does not depend on src/fix.
#include "cli/command.h"
#include "fix/fix.h"

namespace lel {

std::vector<std::vector<ReportFix>> PlanReportFixes(const Context& context,
                                                    const std::vector<Finding>& findings) {
  std::vector<std::vector<ReportFix>> out(findings.size());
  for (const Fix& fix : PlanFixes(context, findings, FixOptions{})) {
    if (fix.finding >= findings.size()) continue;
    ReportFix report{fix.title, fix.applicability == Applicability::kSafe, {}};
    for (const ArchiveEdit& edit : fix.edits) {
      ReportEdit e;
      e.archive = fix.archive;
      e.path = edit.name;
      e.description = DescribeEdit(edit);
      switch (edit.kind) {
        case ArchiveEdit::kAddSymlink:
        case ArchiveEdit::kAddFile:
          e.kind = ReportEdit::Kind::kAddEntry;
          e.content = edit.content;
          break;
        case ArchiveEdit::kRemoveEntry:
          e.kind = ReportEdit::Kind::kRemoveEntry;
          break;
        case ArchiveEdit::kReplaceContent:
          e.kind = ReportEdit::Kind::kReplaceContent;
          e.content = edit.content;
          break;
        case ArchiveEdit::kSetMode:
        case ArchiveEdit::kSetUnixHost:
          e.kind = ReportEdit::Kind::kChangeMode;
          break;
      }
      report.edits.push_back(std::move(e));
    }
    out[fix.finding].push_back(std::move(report));
  }
  return out;
}

}  // namespace lel
