// Text and JSON renderings of a fix run.
#include <cstdio>
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

// "11396" -> "11,396".
std::string Thousands(uint64_t n) {
  std::string digits = std::to_string(n);
  for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3) digits.insert(at, ",");
  return digits;
}

std::string Bytes(uint64_t n) {
  char text[32];
  if (n >= 1000 * 1000) {
    std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(n) / 1e6);
  } else if (n >= 1000) {
    std::snprintf(text, sizeof text, "%.1f kB", static_cast<double>(n) / 1e3);
  } else {
    std::snprintf(text, sizeof text, "%llu bytes", static_cast<unsigned long long>(n));
  }
  return text;
}

// A fix's edits, one line each; past kListedRemovals removals, those under
// one top folder are one line with their count and size (all of them with
// --verbose).
std::string EditLines(const Fix& fix, bool verbose) {
  constexpr size_t kListedRemovals = 10;
  size_t removals = 0;
  for (const ArchiveEdit& edit : fix.edits) removals += edit.kind == ArchiveEdit::kRemoveEntry;
  std::string out;
  if (verbose || removals <= kListedRemovals) {
    for (const ArchiveEdit& edit : fix.edits) out += "  - " + DescribeEdit(edit) + "\n";
    return out;
  }
  struct Folder {
    uint64_t entries = 0, bytes = 0;
  };
  std::vector<std::pair<std::string, Folder>> folders;  // in edit order
  for (const ArchiveEdit& edit : fix.edits) {
    if (edit.kind != ArchiveEdit::kRemoveEntry) continue;
    const size_t slash = edit.name.find('/');
    const std::string top = slash == std::string::npos ? edit.name : edit.name.substr(0, slash + 1);
    if (folders.empty() || folders.back().first != top) folders.push_back({top, {}});
    folders.back().second.entries++;
    folders.back().second.bytes += edit.size;
  }
  for (const auto& [top, folder] : folders) {
    out += "  - remove " + top + ": " + Thousands(folder.entries) +
           (folder.entries == 1 ? " entry, " : " entries, ") + Bytes(folder.bytes) +
           " (--verbose lists them)\n";
  }
  for (const ArchiveEdit& edit : fix.edits) {
    if (edit.kind != ArchiveEdit::kRemoveEntry) out += "  - " + DescribeEdit(edit) + "\n";
  }
  return out;
}

// Error findings that no applied fix answers and that no refusal explains.
std::vector<size_t> UnexplainedErrors(const FixReport& report) {
  std::vector<bool> covered(report.findings.size());
  for (const Fix& fix : report.selection.applied) covered.at(fix.finding) = true;
  for (const auto& [fix, reason] : report.selection.skipped) covered.at(fix.finding) = true;
  for (const FixRefusal& refusal : report.refusals) covered.at(refusal.finding) = true;
  std::vector<size_t> out;
  for (size_t i = 0; i < report.findings.size(); ++i) {
    if (!covered[i] && report.findings[i].severity == Severity::kError) out.push_back(i);
  }
  return out;
}

std::string ArchiveName(const FixReport& report, int archive) {
  return Where(report, archive, "");
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
      e["mode"] = OctalMode(edit.mode);
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
    out += EditLines(fix, report.verbose);
  }
  for (const auto& [fix, reason] : report.selection.skipped) {
    out += "not applied " + Heading(report, fix) + "  (" + reason + ")\n";
  }
  for (const FixRefusal& refusal : report.refusals) {
    const Finding& f = report.findings.at(refusal.finding);
    out += "cannot fix " + Where(report, f.archive, f.path) + " [" + f.rule + "]: " +
           WhyNotFixed(f, ArchiveName(report, f.archive), refusal.reason) + "\n";
  }
  // When nothing changes, every error that stays says why.
  size_t cannot = report.refusals.size();
  if (report.unchanged || (dry && report.selection.applied.empty())) {
    for (size_t i : UnexplainedErrors(report)) {
      ++cannot;
      const Finding& f = report.findings[i];
      out += "cannot fix " + Where(report, f.archive, f.path) + " [" + f.rule + "]: " +
             WhyNotFixed(f, ArchiveName(report, f.archive), "") + "\n";
    }
  }
  const size_t fixes = report.selection.applied.size();
  if (dry) {
    out += std::to_string(fixes) + " fix(es) would be applied";
  } else if (report.unchanged) {
    out += "nothing to change, no zip written (" + ArchiveName(report, 0) + " is as it was)";
  } else {
    out += std::to_string(fixes) + " fix(es) applied, written to " + report.output;
  }
  out += ", " + std::to_string(report.selection.skipped.size()) + " not applied, " +
         std::to_string(cannot) + " finding(s) cannot be fixed";
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
                       {"reason", WhyNotFixed(f, ArchiveName(report, f.archive), refusal.reason)}});
  }
  doc["cannot_fix"] = refused;
  // Error findings with neither a fix nor a refusal (rules without a fix).
  nlohmann::ordered_json no_fix = nlohmann::ordered_json::array();
  for (size_t i : UnexplainedErrors(report)) {
    const Finding& f = report.findings[i];
    no_fix.push_back({{"rule", f.rule},
                      {"archive", report.archive_names.at(f.archive)},
                      {"path", f.path},
                      {"reason", WhyNotFixed(f, ArchiveName(report, f.archive), "")}});
  }
  doc["no_fix"] = no_fix;
  doc["written"] = report.remaining != nullptr && !report.unchanged;
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
