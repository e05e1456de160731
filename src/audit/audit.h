// `lambda-esm-lint audit DIR`: checks every Node.js function of a folder
// filled by scripts/fetch-functions.sh (docs/audit.md):
//
//   DIR/functions/<name>.json   `aws lambda get-function` output
//   DIR/functions/<name>.zip    the function's code
//   DIR/layers/<region>.<account>.<layer>.<version>.zip   (LayerFileName)
//
// Functions are checked in parallel. Each layer zip is opened, and its
// central directory read, once; the archive is shared by every function
// that attaches it (LambdaPackage::archives holds shared pointers). What
// is parsed is shared too: one ScanCache serves every function, so a file
// of a layer (or a zip deployed as several functions) is parsed once.
#ifndef LEL_AUDIT_AUDIT_H_
#define LEL_AUDIT_AUDIT_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "audit/function_config.h"
#include "js/scan_cache.h"
#include "report/report.h"
#include "rules/config.h"

namespace lel {

struct AuditOptions {
  std::string dir;
  int jobs = 1;
  // "stock" or "managed"; deployed functions run on the managed runtime,
  // so managed is the default.
  std::string resolution = "managed";
  ProjectConfig config;
  // When set, called for each checked function while its package is open,
  // with the analyses its check used: the fixes per finding (the CLI's
  // PlanReportFixes). They mark the findings `fix` can repair and give SARIF
  // its `fixes`; unset, no finding counts as fixable.
  std::function<std::vector<std::vector<ReportFix>>(const Context&, const std::vector<Finding>&)>
      plan_fixes;
  // Called after each function, from the worker that checked it (under a
  // lock): functions done so far, total. For a progress bar.
  std::function<void(size_t done, size_t total)> progress;
};

struct AuditedFunction {
  enum class Status { kChecked, kSkipped, kFailed };
  std::string name;  // the file name without .json
  Status status = Status::kChecked;
  std::string reason;  // why skipped or failed
  FunctionConfig config;
  std::vector<std::string> notes;  // what the reader should know about how it was checked
  LocatedReport report;            // when checked: findings with positions
  std::string findings_json;       // when checked: check's JSON "findings" array
  int suppressed = 0;
};

struct AuditedLayer {
  std::string arn;    // one ARN that names the file
  std::string file;   // "layers/<name>.zip", relative to DIR
  int opened = 0;     // times the zip was opened and indexed
  int functions = 0;  // functions that attach it
  std::string error;  // why it could not be opened
};

struct AuditResult {
  std::vector<AuditedFunction> functions;  // sorted by name
  std::vector<AuditedLayer> layers;        // sorted by file
  // The scan cache shared by the functions: files scanned, and of those
  // served from a scan made for another function (or earlier in the same).
  ScanCache::Stats scans;
  double seconds = 0;
};

// False with *err when DIR has no functions/ folder; a bad function or
// layer is a failed function, not an error of the whole audit.
bool RunAudit(const AuditOptions& options, AuditResult* out, std::string* err);

// The outputs (docs/audit.md): a text summary table with totals, and a
// JSON document; SARIF, GitHub and JUnit go through report.h with
// CheckedReports().
std::string RenderAuditText(const AuditResult& result, bool errors_only, bool color);
std::string RenderAuditJson(const AuditResult& result, bool errors_only);
std::vector<LocatedReport> CheckedReports(const AuditResult& result, bool errors_only);

}  // namespace lel

#endif  // LEL_AUDIT_AUDIT_H_
