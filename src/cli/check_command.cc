// `lambda-esm-lint check`: lint one function zip and its layers.
#include <unistd.h>

#include <cstdlib>
#include <future>
#include <iostream>
#include <memory>

#include "archive/lambda_view.h"
#include "cli/command.h"
#include "cli/package_args.h"
#include "js/scan_cache.h"
#include "report/report.h"
#include "rules/config.h"
#include "rules/linter.h"
#include "rules/registry.h"

namespace lel {
namespace {

struct CheckArgs {
  PackageArgs package;
  std::string format = "text";
  std::string output;
  std::string source_prefix;
  bool quiet = false;
  int jobs = 0;  // 0: DefaultScanJobs()
};

int Usage(const std::string& message) {
  PrintError(message);
  return kExitUsage;
}

int RunCheck(const CheckArgs& args) {
  PackageSettings settings;
  std::string err;
  if (!ResolvePackageSettings(args.package, &settings, &err)) return Usage(err);
  const ProjectConfig& config = settings.config;
  const std::vector<std::string>& layers = settings.layers;
  const CheckOptions& options = settings.options;

  LambdaPackage package;
  if (!OpenLambdaPackage(args.package.function_zip, layers, &package, &err, /*verify=*/false)) {
    return Usage(err);
  }
  // Every entry's data is checked while the rules run: that reads every
  // entry once, the rules read few, and neither waits for the other. A
  // damaged archive is still exit 2, whatever the rules found.
  std::string damaged;
  std::future<bool> verified = std::async(std::launch::async, [&] {
    return VerifyPackageData(package, &damaged);
  });
  ScanCache cache;
  ScanSettings scan;
  scan.cache = &cache;
  scan.jobs = args.jobs > 0 ? args.jobs : DefaultScanJobs();
  LintResult lint = LintPackage(package, options, config, scan);
  if (!verified.get()) return Usage(damaged);
  bool has_error = std::any_of(lint.findings.begin(), lint.findings.end(),
                               [](const Finding& f) { return f.severity == Severity::kError; });
  // What `fix` could repair, planned from every finding (one fix may stand
  // for findings that --quiet hides), then kept in step with them.
  std::vector<std::vector<ReportFix>> fixes =
      PlanReportFixes(lint.analysis->context(), lint.findings);
  int hidden_warnings = 0, hidden_infos = 0;
  if (args.quiet) {
    for (const Finding& f : lint.findings) {
      hidden_warnings += f.severity == Severity::kWarning;
      hidden_infos += f.severity == Severity::kInfo;
    }
    std::vector<Finding> errors;
    std::vector<std::vector<ReportFix>> error_fixes;
    for (size_t i = 0; i < lint.findings.size(); ++i) {
      if (lint.findings[i].severity != Severity::kError) continue;
      errors.push_back(std::move(lint.findings[i]));
      error_fixes.push_back(std::move(fixes[i]));
    }
    lint.findings = std::move(errors);
    fixes = std::move(error_fixes);
  }
  std::vector<std::string> names = {args.package.function_zip};
  names.insert(names.end(), layers.begin(), layers.end());
  ReportInput input{package, options, names, lint.findings, fixes, hidden_warnings, hidden_infos};
  std::string text;
  if (args.format == "json") {
    text = RenderJson(input);
  } else if (args.format == "text") {
    const bool color =
        args.output.empty() && isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr;
    text = RenderText(input, color);
  } else {
    LocatedReport report = Locate(input);
    report.rules_run = lint.rules_run;
    std::span<const LocatedReport> reports(&report, 1);
    text = args.format == "sarif"   ? RenderSarif(reports, args.source_prefix)
           : args.format == "junit" ? RenderJunit(reports)
                                    : RenderGithub(reports, args.source_prefix);
  }
  if (!WriteOutput(args.output, text)) return kExitUsage;
  return has_error ? kExitFindings : kExitClean;
}

}  // namespace

std::function<int()> SetupCheck(CLI::App* sub) {
  auto args = std::make_shared<CheckArgs>();
  AddPackageOptions(sub, &args->package);
  sub->add_option("--format", args->format, "text (default), json, sarif, github or junit")
      ->check(CLI::IsMember({"text", "json", "sarif", "github", "junit"}));
  sub->add_option("--output,-o", args->output, "write the report to FILE");
  sub->add_option("--source-prefix", args->source_prefix,
                  "github and sarif formats: put before function-zip paths (the zip's source "
                  "folder)");
  sub->add_flag("--quiet,-q", args->quiet, "report errors only");
  sub->add_option("--jobs,-j", args->jobs,
                  "threads that parse the files (default: one per core, at most 4); the "
                  "findings do not depend on it")
      ->check(CLI::Range(1, 64));
  return [args] { return RunCheck(*args); };
}

}  // namespace lel
