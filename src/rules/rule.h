// The shape of a rule, and what a rule's check() is given.
//
// A rule is data (id, category, default severity, fixability, summary) plus
// one check function made of guard clauses and, when it can fix, a plan
// function beside it, given the same Context. Every rule lives in its own
// file and is listed once in registry.cc; its page is rules/<id>.md.
#ifndef LEL_RULES_RULE_H_
#define LEL_RULES_RULE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "archive/lambda_view.h"
#include "resolve/lambda_runtime.h"
#include "resolve/resolver.h"
#include "rules/finding.h"

namespace lel {

class ModuleGraph;
class ScanCache;
struct Fix;
struct FixRequest;
struct HandlerModule;
struct HandlerSpec;
struct ImportProblem;
struct LinkState;

struct CheckOptions {
  // The runtime's row of the one table (resolve/lambda_runtime.h); never
  // null. The Node major is the row's, so the two cannot disagree.
  const LambdaRuntime* runtime = &DefaultLambdaRuntime();
  int node_major() const { return runtime->node_major; }
  std::string runtime_name() const { return std::string(runtime->name); }
  // false: stock Node.js ESM resolution (ancestor node_modules only);
  // true: the managed nodejs18.x+ runtime, which also searches NODE_PATH.
  bool managed = false;
  std::string handler = "index.handler";
  std::string architecture = "x86_64";
  // The function's own NODE_PATH (Environment.Variables.NODE_PATH), which
  // replaces the runtime's; nullopt: the runtime's default.
  std::optional<std::vector<std::string>> node_path;
  // The function's NODE_OPTIONS (Environment.Variables.NODE_OPTIONS, or
  // `--node-options`): it can switch require(esm) and syntax detection
  // (resolve/node_flags.h). "" when unset.
  std::string node_options;
};

// How a check scans its files: not what is checked, so it changes no
// finding. `cache` shares scans between checks (audit makes one for the
// whole run; null: every file is parsed); `jobs` is how many threads scan
// the files of the module graph (1: the calling thread only).
struct ScanSettings {
  ScanCache* cache = nullptr;
  int jobs = 1;
};

// The default `jobs` for one check: one thread per core, at most 4 (the
// graph's waves are rarely wider than that pays for).
int DefaultScanJobs();

struct Context {
  const LambdaPackage& package;
  const CheckOptions& options;
  const Resolver& resolver;
  const HandlerSpec& handler_spec;
  const HandlerModule& handler;
  const ModuleGraph& graph;
  const LinkState& link;
  const std::vector<ImportProblem>& import_problems;
};

class Findings;

// Which sources a rule judges (archive/package_source.h). Most rules judge
// the /var/task + /opt view, whatever it was built from; a few judge how a
// zip stores its entries, which a folder does not show until it is zipped.
// RunRules() drops a finding whose source the rule does not judge.
enum class RuleSources : uint8_t {
  kAny,
  // Zip records (names as stored, the "made by" host): zips only.
  kZipEntries,
  // The mode bits the zip carries: zips, and folders whose packager is
  // known (PackageSource::packager), whose zip's modes are then known too.
  kStoredModes,
};

// Whether `rule_sources` covers that source.
bool JudgesSource(RuleSources rule_sources, const PackageSource& source);

struct Rule {
  std::string_view id;          // kebab-case, reads as the problem
  Category category;
  Severity severity;            // default severity
  bool fixable;
  std::string_view summary;     // one line, for `rules` and SARIF
  void (*check)(const Context& context, Findings* out);
  // The fix for one of check()'s findings in the function zip, planned from
  // the Context check() saw (PlanFixes in fix_plan.h asks it); false with
  // *why when none can be built for this package. Set exactly when
  // `fixable` (registry_test.cc).
  bool (*plan)(const Context& context, const FixRequest& request, Fix* fix,
               std::string* why) = nullptr;
  RuleSources sources = RuleSources::kAny;
};

// Collects findings; Add() fills in the rule's id and defaults.
class Findings {
 public:
  Finding& Add(const Rule& rule, std::string message) {
    Finding& f = items_.emplace_back();
    f.rule = std::string(rule.id);
    f.category = rule.category;
    f.severity = rule.severity;
    f.fixable = rule.fixable;
    f.message = std::move(message);
    return f;
  }
  std::vector<Finding>& items() { return items_; }

 private:
  std::vector<Finding> items_;
};

}  // namespace lel

#endif  // LEL_RULES_RULE_H_
