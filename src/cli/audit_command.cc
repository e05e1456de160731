// `lambda-esm-lint audit DIR`: check every Node.js function of a folder
// filled by scripts/fetch-functions.sh (docs/audit.md).
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <thread>

#include "audit/audit.h"
#include "cli/command.h"

namespace lel {
namespace {

struct AuditArgs {
  std::string dir;
  int jobs = 0;
  std::string format = "text";
  std::string resolution = "managed";
  std::string output;
  std::string config;
  std::string source_prefix;
  bool quiet = false;
};

// "[##########..........] 12/40 functions" on stderr, redrawn in place.
void DrawProgress(size_t done, size_t total) {
  constexpr size_t kWidth = 30;
  size_t filled = total == 0 ? kWidth : done * kWidth / total;
  std::fprintf(stderr, "\r[%s%s] %zu/%zu functions", std::string(filled, '#').c_str(),
               std::string(kWidth - filled, '.').c_str(), done, total);
  if (done == total) std::fprintf(stderr, "\r\x1b[K");
  std::fflush(stderr);
}

int RunAuditCommand(const AuditArgs& args) {
  AuditOptions options;
  options.dir = args.dir;
  options.jobs = args.jobs > 0 ? args.jobs : static_cast<int>(std::thread::hardware_concurrency());
  options.resolution = args.resolution;
  std::string err;
  if (!LoadProjectConfig(args.config, &options.config, &err)) {
    PrintError(err);
    return kExitUsage;
  }
  if (!args.quiet && isatty(STDERR_FILENO)) options.progress = DrawProgress;
  options.plan_fixes = PlanReportFixes;
  AuditResult result;
  if (!RunAudit(options, &result, &err)) {
    PrintError(err);
    return kExitUsage;
  }
  std::string text;
  if (args.format == "text") {
    const bool color =
        args.output.empty() && isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr;
    text = RenderAuditText(result, args.quiet, color);
  } else if (args.format == "json") {
    text = RenderAuditJson(result, args.quiet);
  } else {
    std::vector<LocatedReport> reports = CheckedReports(result, args.quiet);
    text = args.format == "sarif"   ? RenderSarif(reports, args.source_prefix)
           : args.format == "junit" ? RenderJunit(reports)
                                    : RenderGithub(reports, args.source_prefix);
  }
  if (!WriteOutput(args.output, text)) return kExitUsage;
  // A function that could not be checked is as much a reason to look as an error.
  for (const AuditedFunction& fn : result.functions) {
    if (fn.status == AuditedFunction::Status::kFailed) return kExitFindings;
    for (const Finding& f : fn.report.findings) {
      if (f.severity == Severity::kError) return kExitFindings;
    }
  }
  return kExitClean;
}

}  // namespace

std::function<int()> SetupAudit(CLI::App* sub) {
  auto args = std::make_shared<AuditArgs>();
  sub->add_option("DIR", args->dir,
                  "functions/<name>.json + .zip and layers/<region>.<account>.<name>.<version>.zip")
      ->required();
  sub->add_option("--jobs,-j", args->jobs, "functions checked at once (default: one per core)")
      ->check(CLI::Range(1, 256));
  sub->add_option("--format", args->format, "text (default), json, sarif, github or junit")
      ->check(CLI::IsMember({"text", "json", "sarif", "github", "junit"}));
  sub->add_option("--resolution", args->resolution,
                  "managed (default: deployed functions run on the managed runtime; nodejs16.x ones are "
                  "checked as stock) or stock")
      ->check(CLI::IsMember({"stock", "managed"}));
  sub->add_option("--output,-o", args->output, "write the report to FILE");
  sub->add_option("--config", args->config,
                  "project configuration (default: ./lambda-esm-lint.json when it exists)");
  sub->add_option("--source-prefix", args->source_prefix,
                  "github and sarif formats: put before function-zip paths");
  sub->add_flag("--quiet,-q", args->quiet, "report errors only, no progress bar");
  return [args] { return RunAuditCommand(*args); };
}

}  // namespace lel
