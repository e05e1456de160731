// The project file lambda-esm-lint.json: rules to turn off or on, severity
// overrides, default runtime/resolution/architecture/handler, and paths whose
// findings are ignored (docs/configuration.md). Applied centrally, after the
// rules ran, never inside a rule.
#ifndef LEL_RULES_CONFIG_H_
#define LEL_RULES_CONFIG_H_

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "archive/lambda_view.h"
#include "rules/finding.h"
#include "rules/rule.h"

namespace lel {

class PackageAnalysis;

inline constexpr std::string_view kConfigFileName = "lambda-esm-lint.json";

// One "ignore" item: findings whose entry path matches `path` (a glob: `*`
// within one path segment, `**` across segments, `?` one character) are
// dropped; only those of `rules` when that list is not empty.
struct IgnoreEntry {
  std::string path;
  std::vector<std::string> rules;
};

struct ProjectConfig {
  std::string source;  // the file it was read from; "" for the defaults
  // Rule id -> on (true) / off (false); rules not named keep their default.
  std::map<std::string, bool, std::less<>> enabled;
  // Rule id -> severity given to every finding of that rule.
  std::map<std::string, Severity, std::less<>> severity;
  std::optional<std::string> runtime;       // "nodejs20.x"
  std::optional<std::string> resolution;    // "stock" | "managed"
  std::optional<std::string> architecture;  // "x86_64" | "arm64"
  std::optional<std::string> handler;
  std::vector<IgnoreEntry> ignore;
};

// Parses the text of a project file. False with *err a one-line message
// ("rules: unknown rule 'import-unresolve' (did you mean
// 'import-unresolved'?)") for invalid JSON, an unknown key or rule, or a
// value of the wrong kind; the caller adds the file name.
bool ParseProjectConfig(std::string_view text, ProjectConfig* out, std::string* err);

// Reads `path` when given, else ./lambda-esm-lint.json when it exists (no
// file: the defaults, true). False with *err naming the file on a read or
// parse error.
bool LoadProjectConfig(const std::string& path, ProjectConfig* out, std::string* err);

// The rules to run: every registry rule not turned off.
std::vector<const Rule*> EnabledRules(const ProjectConfig& config);

// Drops findings of turned-off rules and of ignored paths, applies the
// severity overrides. Keeps the order.
std::vector<Finding> ApplyProjectConfig(const ProjectConfig& config, std::vector<Finding> findings);

// The whole check of one package, as `check` and `audit` run it: the
// enabled rules (RunRules), then the suppression comments, then the
// config's ignores and severity overrides; sorted for output.
struct LintResult {
  std::vector<Finding> findings;
  int suppressed = 0;                  // findings silenced by comments
  std::vector<std::string> rules_run;  // ids, sorted, central ones included
  // What the rules saw (linter.h): plan the fixes of `findings` with its
  // context(). Refers to the package, which must outlive it.
  std::shared_ptr<const PackageAnalysis> analysis;
};
LintResult LintPackage(const LambdaPackage& package, const CheckOptions& options,
                       const ProjectConfig& config, const ScanSettings& scan = {});

// Every id a user can name in a config or a suppression comment: the
// registry's rules and the findings made centrally (suppression-unused),
// sorted by id.
std::vector<const Rule*> ReportedRules();
const Rule* FindReportedRule(std::string_view id);

// True when `path` matches the glob (see IgnoreEntry).
bool GlobMatch(std::string_view glob, std::string_view path);

// The known id closest to `id` (edit distance at most 3), or "".
std::string NearestRuleId(std::string_view id);

}  // namespace lel

#endif  // LEL_RULES_CONFIG_H_
