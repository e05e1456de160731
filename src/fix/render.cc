// Text and JSON renderings of a fix run.
#include <nlohmann/json.hpp>

#include "fix/fix.h"
#include "json/json_io.h"

namespace lel {
namespace {

std::string Where(const FixReport& report, int archive, const std::string& path) {
  std::string name = archive >= 0 && static_cast<size_t>(archive) < report.archive_names.size()
                         ? report.archive_names[archive]
                         : "archive " + std::to_string(archive);
  return path.empty() ? name : name + "!" + path;
}

std::string Heading(const FixReport& report, const Fix& fix) {
  const Finding& finding = report.findings.at(fix.finding);
  return Where(report, fix.archive, finding.path) + ": " + fix.title + " [" + fix.rule + ", " +
         std::string(ApplicabilityName(fix.applicability)) + "]\n";
}

size_t CountErrors(const std::vector<Finding>& findings) {
  size_t errors = 0;
  for (const Finding& f : findings) errors += f.severity == Severity::kError;
  return errors;
}

nlohmann::ordered_json FixJson(const FixReport& report, const Fix& fix) {
  nlohmann::ordered_json out;
  out["rule"] = fix.rule;
  out["title"] = fix.title;
  out["applicability"] = std::string(ApplicabilityName(fix.applicability));
  out["archive"] = report.archive_names.at(fix.archive);
  out["path"] = report.findings.at(fix.finding).path;
  nlohmann::ordered_json edits = nlohmann::ordered_json::array();
  for (const ArchiveEdit& edit : fix.edits) {
    nlohmann::ordered_json e;
    e["kind"] = std::string(EditKindName(edit.kind));
    e["name"] = edit.name;
    if (edit.kind == ArchiveEdit::kAddSymlink || edit.kind == ArchiveEdit::kReplaceContent) {
      e["content"] = edit.content;
    }
    if (edit.kind == ArchiveEdit::kAddFile) e["size"] = edit.content.size();
    if (edit.kind == ArchiveEdit::kSetMode || edit.kind == ArchiveEdit::kAddFile ||
        edit.kind == ArchiveEdit::kAddSymlink) {
      char mode[16];
      std::snprintf(mode, sizeof mode, "0%03o", edit.mode);
      e["mode"] = mode;
    }
    edits.push_back(e);
  }
  out["edits"] = edits;
  return out;
}

}  // namespace

std::string RenderFixText(const FixReport& report) {
  const bool dry = report.remaining == nullptr;
  std::string out;
  for (const Fix& fix : report.selection.applied) {
    out += (dry ? "would fix " : "fixed ") + Heading(report, fix);
    for (const ArchiveEdit& edit : fix.edits) out += "  - " + DescribeEdit(edit) + "\n";
  }
  for (const auto& [fix, reason] : report.selection.skipped) {
    out += "not applied " + Heading(report, fix) + "  (" + reason + ")\n";
  }
  for (const FixRefusal& refusal : report.refusals) {
    const Finding& f = report.findings.at(refusal.finding);
    out += "cannot fix " + Where(report, f.archive, f.path) + " [" + f.rule + "]: " +
           refusal.reason + "\n";
  }
  const size_t fixes = report.selection.applied.size();
  out += (dry ? std::to_string(fixes) + " fix(es) would be applied"
              : std::to_string(fixes) + " fix(es) applied, written to " + report.output);
  out += ", " + std::to_string(report.selection.skipped.size()) + " not applied, " +
         std::to_string(report.refusals.size()) + " finding(s) cannot be fixed";
  if (!dry) out += "; " + std::to_string(CountErrors(*report.remaining)) + " error(s) remain";
  return out + "\n";
}

std::string RenderFixJson(const FixReport& report) {
  nlohmann::ordered_json doc;
  doc["version"] = 1;
  doc["dry_run"] = report.remaining == nullptr;
  doc["output"] = report.output.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(report.output);
  nlohmann::ordered_json applied = nlohmann::ordered_json::array();
  for (const Fix& fix : report.selection.applied) applied.push_back(FixJson(report, fix));
  doc["fixes"] = applied;
  nlohmann::ordered_json skipped = nlohmann::ordered_json::array();
  for (const auto& [fix, reason] : report.selection.skipped) {
    nlohmann::ordered_json item = FixJson(report, fix);
    item["reason"] = reason;
    skipped.push_back(item);
  }
  doc["not_applied"] = skipped;
  nlohmann::ordered_json refused = nlohmann::ordered_json::array();
  for (const FixRefusal& refusal : report.refusals) {
    const Finding& f = report.findings.at(refusal.finding);
    refused.push_back({{"rule", f.rule},
                       {"archive", report.archive_names.at(f.archive)},
                       {"path", f.path},
                       {"reason", refusal.reason}});
  }
  doc["cannot_fix"] = refused;
  if (report.remaining != nullptr) {
    nlohmann::ordered_json remaining = nlohmann::ordered_json::array();
    for (const Finding& f : *report.remaining) {
      remaining.push_back({{"rule", f.rule},
                           {"severity", std::string(SeverityName(f.severity))},
                           {"archive", f.archive == 0 ? report.output
                                                      : report.archive_names.at(f.archive)},
                           {"path", f.path},
                           {"message", f.message}});
    }
    doc["remaining"] = remaining;
  }
  return DumpJson(doc) + "\n";
}

}  // namespace lel
