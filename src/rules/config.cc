#include "rules/config.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <system_error>

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
constexpr std::string_view kRuntimes[] = {"nodejs16.x", "nodejs18.x", "nodejs20.x", "nodejs22.x",
                                          "nodejs24.x"};

// A config file is small; anything near this is not one.
constexpr std::uintmax_t kMaxConfigBytes = 1 << 20;

template <size_t N>
std::string JoinQuoted(const std::string_view (&items)[N]) {
  std::string out;
  for (size_t i = 0; i < N; ++i) {
    out += (i == 0 ? "" : i + 1 == N ? " or " : ", ");
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
  std::string message = "unknown rule '" + std::string(id) + "'";
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
      *err = "rules." + id +
             ": expected \"off\", \"on\", \"error\", \"warning\" or \"info\", got " + value.dump();
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
        *err = where + ": unknown key '" + key + "' (expected " + JoinQuoted(kIgnoreKeys) + ")";
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

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = above;
    }
  }
  return row[b.size()];
}

bool GlobMatchAt(std::string_view glob, std::string_view path) {
  while (!glob.empty()) {
    if (glob.substr(0, 2) == "**") {
      glob.remove_prefix(2);
      // "**/" also matches no folder at all: "**/x.js" matches "x.js".
      if (!glob.empty() && glob[0] == '/' && GlobMatchAt(glob.substr(1), path)) return true;
      for (size_t i = 0; i <= path.size(); ++i) {
        if (GlobMatchAt(glob, path.substr(i))) return true;
      }
      return false;
    }
    if (glob[0] == '*') {
      glob.remove_prefix(1);
      for (size_t i = 0; i <= path.size(); ++i) {
        if (GlobMatchAt(glob, path.substr(i))) return true;
        if (i < path.size() && path[i] == '/') break;
      }
      return false;
    }
    if (path.empty()) return false;
    if (glob[0] == '?' ? path[0] == '/' : glob[0] != path[0]) return false;
    glob.remove_prefix(1);
    path.remove_prefix(1);
  }
  return path.empty();
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
  std::string best;
  size_t best_distance = 4;
  for (const Rule* rule : ReportedRules()) {
    size_t d = EditDistance(id, rule->id);
    if (d < best_distance) {
      best_distance = d;
      best = std::string(rule->id);
    }
  }
  return best;
}

bool ParseProjectConfig(std::string_view text, ProjectConfig* out, std::string* err) {
  Json doc;
  try {
    doc = Json::parse(text);
  } catch (const Json::parse_error& e) {
    // Where it broke, as an editor counts: e.byte is the 1-based offset of
    // the last byte read.
    const size_t at = std::min<size_t>(e.byte > 0 ? e.byte - 1 : 0, text.size());
    const std::string_view before = text.substr(0, at);
    const size_t line_start = before.rfind('\n');
    const size_t line = 1 + std::count(before.begin(), before.end(), '\n');
    const size_t column = at - (line_start == std::string_view::npos ? 0 : line_start + 1) + 1;
    // nlohmann's reason, without its "[json.exception...] parse error at ...:" head.
    std::string reason = e.what();
    const size_t dash = reason.find(" - ");
    reason = dash == std::string::npos ? std::string() : ": " + reason.substr(dash + 3);
    *err = "not valid JSON at line " + std::to_string(line) + ", column " +
           std::to_string(column) + reason;
    return false;
  }
  if (!doc.is_object()) {
    *err = "expected a JSON object";
    return false;
  }
  for (const auto& [key, value] : doc.items()) {
    if (!OneOf(kTopKeys, key)) {
      *err = "unknown key '" + key + "' (expected " + JoinQuoted(kTopKeys) + ")";
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
      if (!OneOf(kRuntimes, text_value)) {
        *err = "runtime: '" + text_value + "' is not one of " + JoinQuoted(kRuntimes);
        return false;
      }
      out->runtime = text_value;
    } else if (key == "resolution") {
      if (text_value != "stock" && text_value != "managed") {
        *err = "resolution: expected \"stock\" or \"managed\", got '" + text_value + "'";
        return false;
      }
      out->resolution = text_value;
    } else if (key == "architecture") {
      if (text_value != "x86_64" && text_value != "arm64") {
        *err = "architecture: expected \"x86_64\" or \"arm64\", got '" + text_value + "'";
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
        file + ": " + (std::filesystem::exists(file, ec) ? "not a regular file" : "no such file");
    return false;
  }
  if (std::filesystem::file_size(file, ec) > kMaxConfigBytes) {
    *err = file + ": larger than 1 MiB, not a configuration file";
    return false;
  }
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) {
    *err = file + ": cannot read";
    return false;
  }
  std::string why;
  if (!ParseProjectConfig(text.str(), out, &why)) {
    *err = file + ": " + why;
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
  SuppressionOutcome suppressed =
      ApplySuppressions(package, RunRules(package, options, rules, scan), ran);
  LintResult result;
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
