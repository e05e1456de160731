// The audit's own outputs: the summary table and the JSON document.
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "audit/audit.h"
#include "json/json_io.h"

namespace lel {
namespace {

using Json = nlohmann::ordered_json;

struct Counts {
  int errors = 0, warnings = 0, infos = 0, fixable = 0;
  void Add(const Finding& f) {
    errors += f.severity == Severity::kError;
    warnings += f.severity == Severity::kWarning;
    infos += f.severity == Severity::kInfo;
  }
};

Counts CountOf(const AuditedFunction& fn) {
  Counts counts;
  for (size_t i = 0; i < fn.report.findings.size(); ++i) {
    counts.Add(fn.report.findings[i]);
    counts.fixable += FixAvailabilityOf(fn.report.fixes, i) != FixAvailability::kNone;
  }
  return counts;
}

// The rule with the most findings ("" when none); ties go to the first id.
std::pair<std::string, int> MostFrequentRule(const AuditedFunction& fn) {
  std::map<std::string, int> by_rule;
  for (const Finding& f : fn.report.findings) ++by_rule[f.rule];
  std::pair<std::string, int> best;
  for (const auto& [rule, n] : by_rule) {
    if (n > best.second) best = {rule, n};
  }
  return best;
}

std::string_view StatusName(AuditedFunction::Status status) {
  switch (status) {
    case AuditedFunction::Status::kChecked:
      return "checked";
    case AuditedFunction::Status::kSkipped:
      return "skipped";
    case AuditedFunction::Status::kFailed:
      return "failed";
  }
  return "failed";
}

std::string Plural(int n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace

std::vector<LocatedReport> CheckedReports(const AuditResult& result, bool errors_only) {
  std::vector<LocatedReport> reports;
  for (const AuditedFunction& fn : result.functions) {
    if (fn.status != AuditedFunction::Status::kChecked) continue;
    LocatedReport report = fn.report;
    if (errors_only) {
      // Keep the vectors parallel to the findings in step with them.
      LocatedReport kept = report;
      kept.findings.clear();
      kept.located.clear();
      kept.located_end.clear();
      kept.fixes.clear();
      for (size_t i = 0; i < report.findings.size(); ++i) {
        if (report.findings[i].severity != Severity::kError) continue;
        kept.findings.push_back(report.findings[i]);
        kept.located.push_back(report.located[i]);
        kept.located_end.push_back(report.located_end[i]);
        if (i < report.fixes.size()) {
          kept.fixes.resize(kept.findings.size());
          kept.fixes.back() = report.fixes[i];
        }
      }
      report = std::move(kept);
    }
    reports.push_back(std::move(report));
  }
  return reports;
}

std::string RenderAuditText(const AuditResult& result, bool errors_only, bool color) {
  std::ostringstream out;
  // The findings, one line each, prefixed with the function's name.
  for (const AuditedFunction& fn : result.functions) {
    const LocatedReport& report = fn.report;
    for (size_t i = 0; i < report.findings.size(); ++i) {
      const Finding& f = report.findings[i];
      if (errors_only && f.severity != Severity::kError) continue;
      out << ShownText(fn.name) << ": " << ShownText(report.archive_names.at(f.archive));
      if (!f.path.empty()) out << "!" << ShownText(f.path);
      if (report.located[i])
        out << ":" << report.located[i]->line << ":" << report.located[i]->column;
      const char* on = !color                             ? ""
                       : f.severity == Severity::kError   ? "\x1b[1;31m"
                       : f.severity == Severity::kWarning ? "\x1b[1;35m"
                                                          : "\x1b[1;36m";
      out << ": " << on << SeverityName(f.severity) << (color ? "\x1b[0m" : "") << ": ";
      const FixAvailability fix = FixAvailabilityOf(report.fixes, i);
      if (fix != FixAvailability::kNone) out << FixMark(fix) << " ";
      out << ShownText(f.message) << " [" << f.rule << "]\n";
    }
    for (const std::string& note : fn.notes) {
      out << ShownText(fn.name) << ": note: " << ShownText(note) << "\n";
    }
  }
  if (out.tellp() > 0) out << "\n";

  // The table: function, runtime, errors, warnings, most frequent rule.
  size_t name_width = 8, runtime_width = 7;
  for (const AuditedFunction& fn : result.functions) {
    name_width = std::max(name_width, ShownText(fn.name).size());
    runtime_width = std::max(runtime_width, ShownText(fn.config.runtime).size());
  }
  auto pad = [](std::string s, size_t width) {
    s.resize(std::max(width, s.size()), ' ');
    return s;
  };
  auto right = [](std::string s, size_t width) {
    return std::string(width > s.size() ? width - s.size() : 0, ' ') + s;
  };
  out << pad("function", name_width) << "  " << pad("runtime", runtime_width)
      << "  errors  warnings"
      << "  most frequent rule\n";
  Counts total;
  int checked = 0, skipped = 0, failed = 0, suppressed = 0;
  for (const AuditedFunction& fn : result.functions) {
    std::string runtime = fn.config.runtime.empty() ? "-" : ShownText(fn.config.runtime);
    out << pad(ShownText(fn.name), name_width) << "  " << pad(runtime, runtime_width) << "  ";
    if (fn.status != AuditedFunction::Status::kChecked) {
      out << right("-", 6) << "  " << right("-", 8) << "  " << StatusName(fn.status) << ": "
          << fn.reason << "\n";
      (fn.status == AuditedFunction::Status::kSkipped ? skipped : failed)++;
      continue;
    }
    ++checked;
    suppressed += fn.suppressed;
    Counts counts = CountOf(fn);
    total.errors += counts.errors;
    total.warnings += counts.warnings;
    total.infos += counts.infos;
    total.fixable += counts.fixable;
    auto [rule, n] = MostFrequentRule(fn);
    out << right(std::to_string(counts.errors), 6) << "  "
        << right(std::to_string(counts.warnings), 8) << "  "
        << (rule.empty() ? "-" : rule + " (" + std::to_string(n) + ")") << "\n";
  }
  int opens = 0, attachments = 0;
  for (const AuditedLayer& layer : result.layers) {
    opens += layer.opened;
    attachments += layer.functions;
  }
  out << "\n"
      << Plural(static_cast<int>(result.functions.size()), "function") << ": " << checked
      << " checked, " << skipped << " skipped, " << failed << " failed\n"
      << "findings: " << Plural(total.errors, "error") << ", " << Plural(total.warnings, "warning")
      << ", " << Plural(total.infos, "info") << " (" << suppressed << " suppressed by comments; "
      << total.fixable << " fixable with `lambda-esm-lint fix`)\n"
      << "layers: " << Plural(static_cast<int>(result.layers.size()), "zip") << ", "
      << Plural(opens, "open") << " for " << Plural(attachments, "attachment") << "\n";
  return out.str();
}

std::string RenderAuditJson(const AuditResult& result, bool errors_only) {
  Json functions = Json::array();
  Counts total;
  int checked = 0, skipped = 0, failed = 0, suppressed = 0;
  for (const AuditedFunction& fn : result.functions) {
    Json item = {{"name", fn.name}, {"status", StatusName(fn.status)}};
    if (!fn.reason.empty()) item["reason"] = fn.reason;
    item["runtime"] = fn.config.runtime;
    if (fn.status != AuditedFunction::Status::kChecked) {
      (fn.status == AuditedFunction::Status::kSkipped ? skipped : failed)++;
      functions.push_back(std::move(item));
      continue;
    }
    ++checked;
    const LocatedReport& report = fn.report;
    item["handler"] = report.options.handler;
    item["architecture"] = report.options.architecture;
    item["resolution"] = report.options.managed ? "managed" : "stock";
    item["archives"] = report.archive_names;
    if (!fn.notes.empty()) item["notes"] = fn.notes;
    Json findings = Json::parse(fn.findings_json);
    if (errors_only) {
      Json errors = Json::array();
      for (Json& f : findings) {
        if (f["severity"] == "error") errors.push_back(std::move(f));
      }
      findings = std::move(errors);
    }
    item["findings"] = std::move(findings);
    Counts counts = CountOf(fn);
    total.errors += counts.errors;
    total.warnings += counts.warnings;
    total.infos += counts.infos;
    total.fixable += counts.fixable;
    suppressed += fn.suppressed;
    auto [rule, n] = MostFrequentRule(fn);
    item["summary"] = {{"errors", counts.errors},     {"warnings", counts.warnings},
                       {"infos", counts.infos},       {"fixable", counts.fixable},
                       {"suppressed", fn.suppressed}, {"most_frequent_rule", rule}};
    functions.push_back(std::move(item));
  }
  Json layers = Json::array();
  int opens = 0, attachments = 0;
  for (const AuditedLayer& layer : result.layers) {
    Json item = {{"file", layer.file},
                 {"arn", layer.arn},
                 {"opened", layer.opened},
                 {"functions", layer.functions}};
    if (!layer.error.empty()) item["error"] = layer.error;
    layers.push_back(std::move(item));
    opens += layer.opened;
    attachments += layer.functions;
  }
  Json doc = {
      {"version", 1},
      {"functions", std::move(functions)},
      {"layers", std::move(layers)},
      {"totals",
       {{"functions", result.functions.size()},
        {"checked", checked},
        {"skipped", skipped},
        {"failed", failed},
        {"errors", total.errors},
        {"warnings", total.warnings},
        {"infos", total.infos},
        {"fixable", total.fixable},
        {"suppressed", suppressed},
        {"layer_zips", result.layers.size()},
        {"layer_opens", opens},
        {"layer_attachments", attachments},
        {"file_scans", result.scans.lookups},
        {"file_scans_shared", result.scans.hits}}},
      {"seconds", result.seconds},
  };
  return DumpJson(doc) + "\n";
}

}  // namespace lel
