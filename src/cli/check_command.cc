// `lambda-esm-lint check`: lint one function zip and its layers.
#include <malloc.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <memory>

#include "archive/lambda_view.h"
#include "audit/function_config.h"
#include "cli/command.h"
#include "js/scan_cache.h"
#include "report/report.h"
#include "rules/config.h"
#include "rules/registry.h"

namespace lel {
namespace {

const std::vector<std::string> kRuntimes = {"nodejs16.x", "nodejs18.x", "nodejs20.x", "nodejs22.x",
                                            "nodejs24.x"};

struct CheckArgs {
  std::string function_zip;
  std::vector<std::string> layers;
  std::string runtime = "nodejs22.x";
  std::string resolution = "stock";
  std::string handler = "index.handler";
  std::string architecture = "x86_64";
  std::string format = "text";
  std::string output;
  std::string config;
  std::string function_config;
  std::string layer_dir = ".";
  std::string source_prefix;
  bool quiet = false;
  int jobs = 0;  // 0: DefaultScanJobs()
  // Options the user gave explicitly win over the function and project
  // configuration, which win over the defaults above.
  CLI::Option* runtime_option = nullptr;
  CLI::Option* resolution_option = nullptr;
  CLI::Option* handler_option = nullptr;
  CLI::Option* architecture_option = nullptr;
};

// The value of a setting: the flag when given, else the function config's,
// else the project config's, else the flag's default.
std::string Pick(const CLI::Option* flag, const std::string& flag_value,
                 const std::string& function_value,
                 const std::optional<std::string>& project_value) {
  if (flag->count() > 0) return flag_value;
  if (!function_value.empty()) return function_value;
  if (project_value) return *project_value;
  return flag_value;
}

int Usage(const std::string& message) {
  std::cerr << "lambda-esm-lint: " << message << "\n";
  return kExitUsage;
}

int RunCheck(const CheckArgs& args) {
  ProjectConfig config;
  std::string err;
  if (!LoadProjectConfig(args.config, &config, &err)) return Usage(err);

  FunctionConfig function;
  std::vector<std::string> layers = args.layers;
  if (!args.function_config.empty()) {
    if (!LoadFunctionConfig(args.function_config, &function, &err)) return Usage(err);
    if (function.runtime.rfind("nodejs", 0) != 0 || !IsSupportedRuntime(function.runtime)) {
      return Usage(args.function_config + ": runtime " +
                   (function.runtime.empty() ? std::string("(none)") : function.runtime) +
                   " is not one lambda-esm-lint checks (nodejs16.x to nodejs24.x)");
    }
    if (!function.layer_arns.empty() && !args.layers.empty()) {
      return Usage("give the layers either with --layer or through --function-config, not both");
    }
    for (const std::string& arn : function.layer_arns) {
      std::string file;
      if (!LayerFileName(arn, &file, &err)) return Usage(args.function_config + ": Layers: " + err);
      std::string path = args.layer_dir + "/" + file;
      if (access(path.c_str(), F_OK) != 0) {
        return Usage("layer " + arn + ": no zip at " + path +
                     " (layer zips are named REGION.ACCOUNT.NAME.VERSION.zip, see docs/audit.md)");
      }
      layers.push_back(path);
    }
  }

  CheckOptions options;
  options.runtime = Pick(args.runtime_option, args.runtime, function.runtime, config.runtime);
  options.node_major = NodeMajorOfRuntime(options.runtime);
  options.managed =
      Pick(args.resolution_option, args.resolution, "", config.resolution) == "managed";
  options.handler = Pick(args.handler_option, args.handler, function.handler, config.handler);
  options.architecture =
      Pick(args.architecture_option, args.architecture,
           args.function_config.empty() ? "" : function.architecture, config.architecture);
  if (options.managed && options.node_major < 18) {
    return Usage("--resolution managed needs nodejs18.x or later (" + options.runtime +
                 " resolves ES modules as stock Node.js does)");
  }
  options.node_path = function.node_path;  // the function's own replaces the runtime's

  LambdaPackage package;
  if (!OpenLambdaPackage(args.function_zip, layers, &package, &err)) return Usage(err);
  // One cache for the check and the fix planner, which may need the module
  // graph again.
  ScanCache cache;
  ScanSettings scan;
  scan.cache = &cache;
  scan.jobs = args.jobs > 0 ? args.jobs : DefaultScanJobs();
  // One malloc arena for the scan threads: glibc gives each thread its own,
  // which keeps the memory of the parses it ran; with two threads the peak
  // RSS of the bench check went from 65 to 69-72 MB, past 64 MB + twice the
  // largest file. Same CPU time with one arena (bench/README.md).
  if (scan.jobs > 1) mallopt(M_ARENA_MAX, 1);
  LintResult lint = LintPackage(package, options, config, scan);
  bool has_error = std::any_of(lint.findings.begin(), lint.findings.end(),
                               [](const Finding& f) { return f.severity == Severity::kError; });
  // What `fix` could repair, planned from every finding (one fix may stand
  // for findings that --quiet hides), then kept in step with them.
  std::vector<std::vector<ReportFix>> fixes = PlanReportFixes(package, options, lint.findings, scan);
  if (args.quiet) {
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
  std::vector<std::string> names = {args.function_zip};
  names.insert(names.end(), layers.begin(), layers.end());
  ReportInput input{package, options, names, lint.findings, fixes};
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
    text = args.format == "sarif"   ? RenderSarif(reports)
           : args.format == "junit" ? RenderJunit(reports)
                                    : RenderGithub(reports, args.source_prefix);
  }
  if (!WriteOutput(args.output, text)) return kExitUsage;
  return has_error ? kExitFindings : kExitClean;
}

}  // namespace

std::function<int()> SetupCheck(CLI::App* sub) {
  auto args = std::make_shared<CheckArgs>();
  sub->add_option("FUNCTION.zip", args->function_zip, "the function's deployment package")
      ->required();
  sub->add_option("--layer", args->layers, "a layer zip, in attach order (repeatable)");
  args->runtime_option =
      sub->add_option("--runtime", args->runtime, "Lambda runtime (default nodejs22.x)")
          ->check(CLI::IsMember(kRuntimes));
  args->resolution_option =
      sub->add_option(
             "--resolution", args->resolution,
             "stock: ES modules see only ancestor node_modules (default, strict); managed: "
             "the managed runtime's NODE_PATH search too")
          ->check(CLI::IsMember({"stock", "managed"}));
  args->handler_option = sub->add_option("--handler", args->handler,
                                         "the function's Handler setting (default index.handler)");
  args->architecture_option =
      sub->add_option("--architecture", args->architecture, "x86_64 (default) or arm64")
          ->check(CLI::IsMember({"x86_64", "arm64"}));
  sub->add_option("--format", args->format, "text (default), json, sarif, github or junit")
      ->check(CLI::IsMember({"text", "json", "sarif", "github", "junit"}));
  sub->add_option("--output,-o", args->output, "write the report to FILE");
  sub->add_option("--config", args->config,
                  "project configuration (default: ./lambda-esm-lint.json when it exists)");
  sub->add_option("--function-config", args->function_config,
                  "`aws lambda get-function` output: runtime, handler, architecture, layers");
  sub->add_option("--layer-dir", args->layer_dir,
                  "where --function-config's layer zips are, named from their ARNs (default .)");
  sub->add_option("--source-prefix", args->source_prefix,
                  "github format: put before function-zip paths (the zip's source folder)");
  sub->add_flag("--quiet,-q", args->quiet, "report errors only");
  sub->add_option("--jobs,-j", args->jobs,
                  "threads that parse the files (default: one per core, at most 4); the "
                  "findings do not depend on it")
      ->check(CLI::Range(1, 64));
  return [args] { return RunCheck(*args); };
}

}  // namespace lel
