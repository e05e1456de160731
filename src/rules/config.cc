#include "rules/config.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <span>
#include <sstream>
#include <system_error>

#include "json/json_io.h"
#include "resolve/diagnose.h"
#include "resolve/lambda_runtime.h"
#include "resolve/resolver.h"
#include "rules/linter.h"
#include "rules/registry.h"
#include "rules/suppress.h"

namespace lel {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kTopKeys[] = {"runtime", "resolution", "architecture",
                                         "handler", "rules",      "ignore"};
constexpr std::string_view kIgnoreKeys[] = {"path", "rules"};

// A config file is small; anything near this is not one.
constexpr std::uintmax_t kMaxConfigBytes = 1 << 20;

std::string JoinQuoted(std::span<const std::string_view> items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    out += (i == 0 ? "" : i + 1 == items.size() ? " or " : ", ");
    out += "'" + std::string(items[i]) + "'";
  }
  return out;
}

template <size_t N>
bool OneOf(const std::string_view (&items)[N], std::string_view value) {
  return std::find(std::begin(items), std::end(items), value) != std::end(items);
}

// "unknown rule 'x'", with a suggestion when a known id is close.
std::string UnknownRule(std::string_view id) {
  std::string message = "unknown rule '" + PrintableName(id) + "'";
  std::string near = NearestRuleId(id);
  if (!near.empty()) message += " (did you mean '" + near + "'?)";
  return message + "; `lambda-esm-lint rules` lists them";
}

bool ReadString(const Json& value, std::string_view key, std::string* out, std::string* err) {
  if (!value.is_string()) {
    *err = std::string(key) + ": expected a string";
    return false;
  }
  *out = value.get<std::string>();
  return true;
}

bool ParseRules(const Json& rules, ProjectConfig* out, std::string* err) {
  if (!rules.is_object()) {
    *err =
        "rules: expected an object mapping rule ids to \"off\", \"on\", \"error\", \"warning\" "
        "or \"info\"";
    return false;
  }
  for (const auto& [id, value] : rules.items()) {
    if (FindReportedRule(id) == nullptr) {
      *err = "rules: " + UnknownRule(id);
      return false;
    }
    std::string setting = value.is_string() ? value.get<std::string>() : "";
    if (setting == "off") {
      out->enabled[id] = false;
    } else if (setting == "on") {
      out->enabled[id] = true;
    } else if (setting == "error" || setting == "warning" || setting == "info") {
      out->enabled[id] = true;
      out->severity[id] = setting == "error"     ? Severity::kError
                          : setting == "warning" ? Severity::kWarning
                                                 : Severity::kInfo;
    } else {
      *err = "rules." + PrintableName(id) +
             ": expected \"off\", \"on\", \"error\", \"warning\" or \"info\", got " +
             PrintableName(DumpJson(value, -1), 80);
      return false;
    }
  }
  return true;
}

bool ParseIgnore(const Json& ignore, ProjectConfig* out, std::string* err) {
  if (!ignore.is_array()) {
    *err = "ignore: expected an array of {\"path\": GLOB, \"rules\": [...]}";
    return false;
  }
  for (size_t i = 0; i < ignore.size(); ++i) {
    const Json& item = ignore[i];
    std::string where = "ignore[" + std::to_string(i) + "]";
    if (!item.is_object()) {
      *err = where + ": expected an object {\"path\": GLOB, \"rules\": [...]}";
      return false;
    }
    IgnoreEntry entry;
    for (const auto& [key, value] : item.items()) {
      if (!OneOf(kIgnoreKeys, key)) {
        *err = where + ": unknown key '" + PrintableName(key) + "' (expected " +
               JoinQuoted(kIgnoreKeys) + ")";
        return false;
      }
    }
    if (!item.contains("path")) {
      *err = where + ": missing \"path\"";
      return false;
    }
    if (!ReadString(item["path"], where + ".path", &entry.path, err)) return false;
    if (entry.path.empty()) {
      *err = where + ".path: empty glob";
      return false;
    }
    if (item.contains("rules")) {
      const Json& rules = item["rules"];
      if (!rules.is_array()) {
        *err = where + ".rules: expected an array of rule ids";
        return false;
      }
      for (const Json& id : rules) {
        if (!id.is_string()) {
          *err = where + ".rules: expected an array of rule ids";
          return false;
        }
        if (FindReportedRule(id.get<std::string>()) == nullptr) {
          *err = where + ".rules: " + UnknownRule(id.get<std::string>());
          return false;
        }
        entry.rules.push_back(id.get<std::string>());
      }
    }
    out->ignore.push_back(std::move(entry));
  }
  return true;
}

// The glob as an automaton run over the path once, keeping the set of glob
// positions reached: time O(path x glob) whatever the pattern. (Trying each
// way a '*' could match, recursively, took over 60 s for "*a*a*a*a*b"
// against a 300-character name.)
bool GlobMatchAt(std::string_view glob, std::string_view path) {
  const size_t m = glob.size();
  // double_star[p]: a "**" starts at p (its second '*' is at p + 1).
  std::vector<char> double_star(m + 1, 0);
  for (size_t p = 0; p + 1 < m; ++p) {
    double_star[p] = glob[p] == '*' && glob[p + 1] == '*' && (p == 0 || !double_star[p - 1]);
  }
  // The second '*' of a "**" is never a position of its own: add() steps
  // over it.
  std::vector<char> now(m + 1, 0), next(m + 1, 0);
  std::vector<std::pair<size_t, bool>> pending;
  // Adds position p and what it reaches without reading a character: past
  // a '*' or a "**" (both may match nothing), and, when the "**" is entered
  // rather than stayed in, past "**/" ("**/x.js" also matches "x.js"; once
  // "**" has taken characters, the '/' after it must be read).
  auto add = [&](std::vector<char>& set, size_t p, bool entering) {
    pending.emplace_back(p, entering);
    while (!pending.empty()) {
      auto [q, enter] = pending.back();
      pending.pop_back();
      // set[q]: 1 reached, 2 reached by entering (which reaches more).
      if (q > m || set[q] == 2 || (set[q] == 1 && !enter)) continue;
      const bool first = set[q] == 0;
      set[q] = enter ? 2 : 1;
      if (q == m || glob[q] != '*') continue;
      const size_t after = q + (double_star[q] ? 2 : 1);
      if (first) pending.emplace_back(after, true);
      if (enter && double_star[q] && after < m && glob[after] == '/') {
        pending.emplace_back(after + 1, true);
      }
    }
  };
  add(now, 0, true);
  for (char c : path) {
    std::fill(next.begin(), next.end(), 0);
    for (size_t p = 0; p < m; ++p) {
      if (!now[p]) continue;
      if (double_star[p]) {
        add(next, p, false);  // "**" takes any character, '/' included
      } else if (glob[p] == '*') {
        if (c != '/') add(next, p, false);  // '*' stays within one segment
      } else if (glob[p] == '?' ? c != '/' : glob[p] == c) {
        add(next, p + 1, true);
      }
    }
    now.swap(next);
  }
  return now[m] != 0;
}

}  // namespace

bool GlobMatch(std::string_view glob, std::string_view path) {
  // A glob ending in '/' names a folder and everything below it.
  if (!glob.empty() && glob.back() == '/') {
    std::string below(glob);
    below += "**";
    return GlobMatchAt(below, path);
  }
  return GlobMatchAt(glob, path);
}

std::vector<const Rule*> ReportedRules() {
  std::vector<const Rule*> rules(AllRules().begin(), AllRules().end());
  for (const Rule* central : CentralRules()) {
    if (FindRule(central->id) == nullptr) rules.push_back(central);
  }
  std::sort(rules.begin(), rules.end(), [](const Rule* a, const Rule* b) { return a->id < b->id; });
  return rules;
}

const Rule* FindReportedRule(std::string_view id) {
  if (const Rule* rule = FindRule(id)) return rule;
  for (const Rule* central : CentralRules()) {
    if (central->id == id) return central;
  }
  return nullptr;
}

std::string NearestRuleId(std::string_view id) {
  // The bounded distance gives up as soon as a row exceeds the bound (and at
  // once on lengths 4 apart): a 1 MB id costs nothing.
  std::string best;
  int best_distance = 4;
  for (const Rule* rule : ReportedRules()) {
    int d = EditDistance(id, rule->id, 3);
    if (d < best_distance) {
      best_distance = d;
      best = std::string(rule->id);
    }
  }
  return best;
}

bool ParseProjectConfig(std::string_view text, ProjectConfig* out, std::string* err) {
  Json doc;
  std::string why;
  if (!ReadJson(text, &doc, &why)) {
    *err = "not valid JSON: " + why;
    return false;
  }
  if (!doc.is_object()) {
    *err = "expected a JSON object";
    return false;
  }
  for (const auto& [key, value] : doc.items()) {
    if (!OneOf(kTopKeys, key)) {
      *err = "unknown key '" + PrintableName(key) + "' (expected " + JoinQuoted(kTopKeys) + ")";
      return false;
    }
    std::string text_value;
    if (key == "rules") {
      if (!ParseRules(value, out, err)) return false;
    } else if (key == "ignore") {
      if (!ParseIgnore(value, out, err)) return false;
    } else if (!ReadString(value, key, &text_value, err)) {
      return false;
    } else if (key == "runtime") {
      if (FindLambdaRuntime(text_value) == nullptr) {
        *err = "runtime: '" + PrintableName(text_value) + "' is not one of " +
               JoinQuoted(LambdaRuntimeNames());
        return false;
      }
      out->runtime = text_value;
    } else if (key == "resolution") {
      if (text_value != "stock" && text_value != "managed") {
        *err = "resolution: expected \"stock\" or \"managed\", got '" +
               PrintableName(text_value) + "'";
        return false;
      }
      out->resolution = text_value;
    } else if (key == "architecture") {
      if (text_value != "x86_64" && text_value != "arm64") {
        *err = "architecture: expected \"x86_64\" or \"arm64\", got '" +
               PrintableName(text_value) + "'";
        return false;
      }
      out->architecture = text_value;
    } else if (key == "handler") {
      out->handler = text_value;
    }
  }
  return true;
}

bool LoadProjectConfig(const std::string& path, ProjectConfig* out, std::string* err) {
  *out = ProjectConfig();
  std::string file = path.empty() ? std::string(kConfigFileName) : path;
  std::error_code ec;
  if (path.empty() && !std::filesystem::exists(file, ec)) return true;
  if (!std::filesystem::is_regular_file(file, ec)) {
    *err =
        PrintableName(file, 0) + ": " +
        (std::filesystem::exists(file, ec) ? "not a regular file" : "no such file");
    return false;
  }
  if (std::filesystem::file_size(file, ec) > kMaxConfigBytes) {
    *err = PrintableName(file, 0) + ": larger than 1 MiB, not a configuration file";
    return false;
  }
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) {
    *err = PrintableName(file, 0) + ": cannot read";
    return false;
  }
  std::string why;
  if (!ParseProjectConfig(text.str(), out, &why)) {
    *err = PrintableName(file, 0) + ": " + why;
    return false;
  }
  out->source = file;
  return true;
}

std::vector<const Rule*> EnabledRules(const ProjectConfig& config) {
  std::vector<const Rule*> rules;
  for (const Rule* rule : AllRules()) {
    auto it = config.enabled.find(rule->id);
    if (it == config.enabled.end() || it->second) rules.push_back(rule);
  }
  return rules;
}

std::vector<Finding> ApplyProjectConfig(const ProjectConfig& config,
                                        std::vector<Finding> findings) {
  std::vector<Finding> kept;
  kept.reserve(findings.size());
  for (Finding& f : findings) {
    auto on = config.enabled.find(f.rule);
    if (on != config.enabled.end() && !on->second) continue;
    bool ignored =
        std::any_of(config.ignore.begin(), config.ignore.end(), [&](const IgnoreEntry& e) {
          bool rule_named =
              e.rules.empty() || std::find(e.rules.begin(), e.rules.end(), f.rule) != e.rules.end();
          return rule_named && !f.path.empty() && GlobMatch(e.path, f.path);
        });
    if (ignored) continue;
    auto severity = config.severity.find(f.rule);
    if (severity != config.severity.end()) f.severity = severity->second;
    kept.push_back(std::move(f));
  }
  return kept;
}

LintResult LintPackage(const LambdaPackage& package, const CheckOptions& options,
                       const ProjectConfig& config, const ScanSettings& scan) {
  std::vector<const Rule*> rules = EnabledRules(config);
  std::set<std::string, std::less<>> ran;
  for (const Rule* rule : rules) ran.emplace(rule->id);
  LintResult result;
  result.analysis = std::make_shared<const PackageAnalysis>(package, options, scan);
  SuppressionOutcome suppressed =
      ApplySuppressions(package, RunRules(result.analysis->context(), rules), ran, scan);
  result.findings = ApplyProjectConfig(config, std::move(suppressed.findings));
  std::stable_sort(result.findings.begin(), result.findings.end(), FindingLess);
  result.suppressed = suppressed.suppressed;
  for (const Rule* central : CentralRules()) {
    auto on = config.enabled.find(central->id);
    if (on == config.enabled.end() || on->second) ran.emplace(central->id);
  }
  result.rules_run.assign(ran.begin(), ran.end());
  return result;
}

}  // namespace lel
