// `lambda-esm-lint fix`: plan fixes for the findings, rewrite the function
// zip, re-check it, and only then put it in place (docs/fix.md).
#include <iostream>
#include <memory>

#include "archive/lambda_view.h"
#include "archive/zip_writer.h"
#include "cli/command.h"
#include "cli/package_args.h"
#include "fix/fix.h"
#include "js/scan_cache.h"
#include "report/report.h"
#include "rules/config.h"
#include "rules/linter.h"

namespace lel {
namespace {

struct FixArgs {
  PackageArgs package;
  std::string output;
  bool in_place = false;
  bool dry_run = false;
  bool unsafe_fixes = false;
  std::string link_target;
  std::string format = "text";
  bool verbose = false;
};

int Fail(const std::string& message) {
  PrintError(message);
  return kExitUsage;
}

bool HasError(const std::vector<Finding>& findings) {
  for (const Finding& f : findings) {
    if (f.severity == Severity::kError) return true;
  }
  return false;
}

// --link-target is a request to change the node_modules link: refused,
// with the reason, when no applied fix makes that link (none is needed, or
// the planner refused it), rather than silently ignored.
bool LinkTargetHelps(const std::string& link_target, const std::vector<Finding>& findings,
                     const FixSelection& selection, const std::vector<FixRefusal>& refusals,
                     std::string* why) {
  if (link_target.empty()) return true;
  for (const Fix& fix : selection.applied) {
    for (const ArchiveEdit& edit : fix.edits) {
      const bool links = edit.kind == ArchiveEdit::kAddSymlink ||
                         edit.kind == ArchiveEdit::kReplaceContent;
      if (links && edit.content == link_target) return true;
    }
  }
  std::string reasons;
  for (const FixRefusal& refusal : refusals) {
    if (findings.at(refusal.finding).rule.rfind("node-modules-", 0) != 0) continue;
    if (reasons.find(refusal.reason) != std::string::npos) continue;
    reasons += (reasons.empty() ? "" : "; ") + refusal.reason;
  }
  for (const auto& [fix, reason] : selection.skipped) {
    if (fix.rule.rfind("node-modules-", 0) == 0) reasons += (reasons.empty() ? "" : "; ") + reason;
  }
  *why = "--link-target " + link_target + " would not help: " +
         (reasons.empty() ? "no finding needs the node_modules link changed" : reasons);
  return false;
}

int RunFix(const FixArgs& args) {
  PackageSettings settings;
  std::string err;
  if (!ResolvePackageSettings(args.package, &settings, &err)) return Fail(err);
  const CheckOptions& options = settings.options;
  const std::vector<std::string>& layers = settings.layers;
  const std::string& function_zip = args.package.function_zip;
  if (!args.output.empty() && args.in_place) return Fail("give either -o OUT.zip or --in-place");
  if (!args.dry_run && args.output.empty() && !args.in_place) {
    return Fail("fix writes a new zip: give -o OUT.zip or --in-place (or --dry-run)");
  }
  LambdaPackage package;
  if (!OpenLambdaPackage(function_zip, layers, &package, &err)) return Fail(err);
  // One cache for the check and the re-check of the fixed zip, whose files
  // are mostly the same bytes.
  ScanCache cache;
  const ScanSettings scan{&cache, DefaultScanJobs()};
  // The findings `check` reports with the same configuration: a rule turned
  // off or a finding suppressed is not fixed. Their rules plan the fixes
  // from the analyses the check built.
  const LintResult lint = LintPackage(package, options, settings.config, scan);
  const std::vector<Finding>& findings = lint.findings;
  std::vector<std::string> names = {function_zip};
  names.insert(names.end(), layers.begin(), layers.end());
  if (package.function().kind() != SourceKind::kZip) {
    // The findings as `check` reports them, then the refusal.
    WriteOutput("", RenderText(ReportInput{package, options, names, findings, {}}, false));
    return Fail(PrintableName(function_zip, 0) + ": a folder: " + std::string(kFolderNotFixed));
  }

  FixOptions fix_options;
  fix_options.link_target = args.link_target;
  fix_options.verbose = args.verbose;
  std::vector<FixRefusal> refusals;
  const std::vector<Fix> fixes =
      PlanFixes(lint.analysis->context(), findings, fix_options, &refusals);
  const FixSelection selection = SelectFixes(fixes, args.unsafe_fixes);
  std::string useless;
  if (!LinkTargetHelps(args.link_target, findings, selection, refusals, &useless)) {
    return Fail(useless + " (nothing was written)");
  }

  if (args.dry_run) {
    FixReport report{names, "", findings, selection, refusals, nullptr, args.verbose};
    const std::string text = args.format == "json" ? RenderFixJson(report) : RenderFixText(report);
    if (!WriteOutput("", text)) return kExitUsage;
    // Exit 1 when some error finding has no fix that would be applied.
    std::vector<bool> covered(findings.size());
    for (const Fix& fix : selection.applied) covered[fix.finding] = true;
    for (size_t i = 0; i < findings.size(); ++i) {
      if (findings[i].severity == Severity::kError && !covered[i]) return kExitFindings;
    }
    return kExitClean;
  }

  const std::string destination = args.in_place ? function_zip : args.output;
  ZipRewrite rewrite;
  if (!BuildRewrite(selection.applied, &rewrite, &err)) return Fail(err);
  std::vector<Finding> after = findings;
  // The fixed zip as the re-check opened it (still readable once renamed
  // into place) and what that check saw, for the findings that remain.
  LambdaPackage fixed;
  LintResult recheck;
  // Nothing to change: write nothing (fixing twice is a no-op), and say
  // why each error stays.
  const bool unchanged = rewrite.empty();
  if (!unchanged) {
    RewriteOptions write;
    write.verify = [&](const std::string& temp, std::string* why) {
      if (!ReplaceFunctionZip(package, temp, &fixed, why)) return false;
      recheck = LintPackage(fixed, options, settings.config, scan);
      after = recheck.findings;
      return CheckFixedFindings(findings, after, selection.applied, why);
    };
    if (!RewriteZip(function_zip, rewrite, destination, write, &err)) {
      return Fail("cannot fix " + PrintableName(function_zip, 0) + ": " + err +
                  " (nothing was written)");
    }
  }

  FixReport report{names,     unchanged ? "" : destination, findings, selection, refusals,
                   &after,    args.verbose,                 unchanged};
  if (args.format == "json") {
    if (!WriteOutput("", RenderFixJson(report))) return kExitUsage;
    return HasError(after) ? kExitFindings : kExitClean;
  }
  std::string text = RenderFixText(report);
  if (!after.empty() && unchanged) {
    // The findings as `check` prints them; the zip is the one given.
    const std::vector<std::vector<ReportFix>> still =
        PlanReportFixes(lint.analysis->context(), after);
    text += RenderText(ReportInput{package, options, names, after, still}, /*color=*/false);
  } else if (!after.empty()) {
    // The findings that remain, as `check` prints them, against the new zip.
    std::vector<std::string> fixed_names = names;
    fixed_names[0] = destination;
    // What is still fixable (an unsafe fix not asked for; an overlap left
    // for the next run) is marked, as `check` marks it.
    const std::vector<std::vector<ReportFix>> still =
        PlanReportFixes(recheck.analysis->context(), after);
    text += RenderText(ReportInput{fixed, options, fixed_names, after, still}, /*color=*/false);
  }
  if (!WriteOutput("", text)) return kExitUsage;
  return HasError(after) ? kExitFindings : kExitClean;
}

}  // namespace

std::function<int()> SetupFix(CLI::App* sub) {
  auto args = std::make_shared<FixArgs>();
  AddPackageOptions(sub, &args->package);
  sub->add_option("--output,-o", args->output, "write the fixed zip to OUT.zip");
  sub->add_flag("--in-place", args->in_place, "replace FUNCTION.zip with the fixed zip");
  sub->add_flag("--dry-run", args->dry_run, "print the planned edits; change nothing");
  sub->add_flag("--unsafe-fixes", args->unsafe_fixes,
                "also apply unsafe fixes (removing a bundled node_modules)");
  sub->add_option("--link-target", args->link_target,
                  "where the node_modules link points (default: chosen from the layers)");
  sub->add_option("--format", args->format, "text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));
  sub->add_flag("--verbose", args->verbose,
                "list every edit and package (else many removals are summed up per folder)");
  return [args] { return RunFix(*args); };
}

}  // namespace lel
