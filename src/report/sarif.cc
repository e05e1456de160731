// SARIF 2.1.0 (OASIS), as docs/ci-output.md describes it. The shape follows
// the spec's object model: sarifLog -> runs[] -> tool.driver.rules[],
// artifacts[], results[].
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>

#include "json/json_io.h"
#include "report/report.h"
#include "rules/config.h"

namespace lel {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kSchema = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr std::string_view kToolName = "lambda-esm-lint";
// Where the rule pages are published (rules/<id>.md), set at configure
// time; empty by default, and then no helpUri is written: SARIF wants an
// absolute URI there, and a made-up one would send readers nowhere. The
// page travels in each rule's `help` instead.
constexpr std::string_view kRulePagesUri = LEL_RULE_PAGES_URI;

std::string_view Level(Severity severity) {
  switch (severity) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kInfo:
      return "note";
  }
  return "error";
}

// A URI reference for a file name: every byte but the unreserved ones and
// '/' percent-encoded (RFC 3986), so names with spaces, '#', '%' or bytes
// that are not UTF-8 still make a valid reference.
std::string UriOf(std::string_view name) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    // A leading '/' would make a relative reference that cannot combine
    // with a base URI (SARIF1004): an entry named "/etc/x" keeps it encoded.
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.' || c == '_' || c == '~' || (c == '/' && i > 0);
    if (keep) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// An archive as named on the command line: an absolute path becomes a
// file: URI, a relative one stays a relative reference.
std::string ArchiveUri(std::string_view name) {
  if (!name.empty() && name[0] == '/') return "file:///" + UriOf(name.substr(1));
  return UriOf(name);
}

// "import-unresolved" -> "ImportUnresolved": the reportingDescriptor name.
std::string PascalName(std::string_view id) {
  std::string out;
  bool upper = true;
  for (char c : id) {
    if (c == '-') {
      upper = true;
    } else {
      out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
      upper = false;
    }
  }
  return out;
}

Json RuleDescriptor(const Rule& rule) {
  std::string id(rule.id);
  std::string_view page = RulePage(id);
  std::string full = RuleDescription(page);
  Json descriptor = {
      {"id", id},
      {"name", PascalName(id)},
      {"shortDescription", {{"text", std::string(rule.summary)}}},
      {"fullDescription", {{"text", full.empty() ? std::string(rule.summary) : full}}},
  };
  if (!page.empty()) {
    descriptor["help"] = {{"text", std::string(page)}, {"markdown", std::string(page)}};
  }
  if (!kRulePagesUri.empty()) descriptor["helpUri"] = std::string(kRulePagesUri) + id + ".md";
  descriptor["defaultConfiguration"] = {{"level", Level(rule.severity)}};
  descriptor["properties"] = {
      {"category", std::string(CategoryName(rule.category))},
      {"fixable", rule.fixable},
      {"tags", {std::string(CategoryName(rule.category))}},
  };
  return descriptor;
}

// The run's artifacts: each archive once, each entry once below its archive.
class Artifacts {
 public:
  int Archive(const std::string& name) {
    auto [it, added] = archives_.try_emplace(name, static_cast<int>(list_.size()));
    if (added) {
      list_.push_back({{"location", {{"uri", ArchiveUri(name)}}},
                       {"mimeType", "application/zip"},
                       {"roles", {"analysisTarget"}}});
    }
    return it->second;
  }
  int Entry(const std::string& archive, const std::string& path, bool added_by_fix = false) {
    int parent = Archive(archive);
    auto [it, added] = entries_.try_emplace({archive, path}, static_cast<int>(list_.size()));
    if (added) {
      Json artifact = {{"location", {{"uri", UriOf(path)}}}, {"parentIndex", parent}};
      if (added_by_fix) artifact["roles"] = {"added"};
      list_.push_back(std::move(artifact));
    }
    return it->second;
  }
  // A repository file the entry `archive`!`path` was built from: a
  // top-level artifact, so that code scanning shows the result on it.
  int Source(const std::string& file, const std::string& archive, const std::string& path) {
    auto [it, added] = sources_.try_emplace(file, static_cast<int>(list_.size()));
    if (added) {
      list_.push_back({{"location", {{"uri", UriOf(file)}}},
                       {"properties", {{"zipEntry", archive + "!" + path}}}});
    }
    return it->second;
  }
  Json Location(const std::string& archive, const std::string& path) {
    if (path.empty()) {
      int index = Archive(archive);
      return {{"uri", ArchiveUri(archive)}, {"index", index}};
    }
    int index = Entry(archive, path);
    return {{"uri", UriOf(path)}, {"index", index}};
  }
  Json& list() { return list_; }

 private:
  std::map<std::string, int> archives_;
  std::map<std::pair<std::string, std::string>, int> entries_;
  std::map<std::string, int> sources_;
  Json list_ = Json::array();
};

// A fix whose edits are all content changes; nullopt for one that changes
// only modes, which SARIF's artifactChanges cannot say.
std::optional<Json> SarifFix(const ReportFix& fix, const LocatedReport& report,
                             Artifacts* artifacts) {
  Json changes = Json::array();
  for (const ReportEdit& edit : fix.edits) {
    if (edit.kind == ReportEdit::Kind::kChangeMode) continue;
    const std::string& archive = report.archive_names.at(edit.archive);
    int index = artifacts->Entry(archive, edit.path, edit.kind == ReportEdit::Kind::kAddEntry);
    Json replacement = {{"deletedRegion", {{"byteOffset", 0}, {"byteLength", 0}}}};
    if (edit.kind == ReportEdit::Kind::kRemoveEntry) {
      replacement["properties"] = {{"removesEntry", true}};
    } else {
      replacement["insertedContent"] = {{"text", edit.content}};
      if (edit.kind == ReportEdit::Kind::kReplaceContent) {
        replacement["properties"] = {{"replacesWholeEntry", true}};
      }
    }
    Json change = {{"artifactLocation", {{"uri", UriOf(edit.path)}, {"index", index}}},
                   {"replacements", Json::array({std::move(replacement)})}};
    if (!edit.description.empty()) change["properties"] = {{"edit", edit.description}};
    changes.push_back(std::move(change));
  }
  if (changes.empty()) return std::nullopt;
  return Json{{"description", {{"text", ShownJsonText(ShownText(fix.title))}}},
              {"artifactChanges", std::move(changes)},
              {"properties", {{"applicability", fix.safe ? "safe" : "unsafe"}}}};
}

}  // namespace

std::string RenderSarif(std::span<const LocatedReport> reports, std::string_view source_prefix) {
  // The rules that have results, sorted by id: each result's ruleIndex
  // points here. (Listing every rule would add the whole rule book to every
  // log; `lambda-esm-lint rules` and `explain` have it.)
  std::map<std::string, int, std::less<>> rule_index;
  for (const LocatedReport& report : reports) {
    for (const Finding& f : report.findings) rule_index.emplace(f.rule, 0);
  }
  Json descriptors = Json::array();
  for (auto& [id, index] : rule_index) {
    const Rule* rule = FindReportedRule(id);
    if (rule == nullptr) continue;  // not a known rule: the result has no ruleIndex
    index = static_cast<int>(descriptors.size());
    descriptors.push_back(RuleDescriptor(*rule));
  }
  std::erase_if(rule_index,
                [&](const auto& item) { return FindReportedRule(item.first) == nullptr; });
  Artifacts artifacts;
  Json results = Json::array();
  for (const LocatedReport& report : reports) {
    for (const std::string& name : report.archive_names) artifacts.Archive(name);
    for (size_t i = 0; i < report.findings.size(); ++i) {
      const Finding& f = report.findings[i];
      // A text a viewer shows: user bytes as ShownText writes them (still
      // lossless), not as JSON escapes that decode to a raw ESC or NUL;
      // ShownJsonText keeps DumpJson from escaping the escapes again.
      std::string text = ShownText(f.message);
      for (const std::string& note : f.notes) text += "\nnote: " + ShownText(note);
      Json result = {{"ruleId", f.rule}};
      if (auto it = rule_index.find(f.rule); it != rule_index.end())
        result["ruleIndex"] = it->second;
      result["level"] = Level(f.severity);
      result["message"] = {{"text", ShownJsonText(text)}};
      const std::string& archive = report.archive_names.at(f.archive);
      Json physical;
      if (!source_prefix.empty() && f.archive == 0 && !f.path.empty()) {
        // As the github format does: an entry of the function zip is shown
        // on the source file it was built from.
        const std::string file = std::string(source_prefix) + f.path;
        physical["artifactLocation"] = {{"uri", UriOf(file)},
                                        {"index", artifacts.Source(file, archive, f.path)}};
      } else {
        physical["artifactLocation"] = artifacts.Location(archive, f.path);
      }
      if (i < report.located.size() && report.located[i]) {
        Json region = {{"startLine", report.located[i]->line},
                       {"startColumn", report.located[i]->column}};
        if (i < report.located_end.size() && report.located_end[i]) {
          region["endLine"] = report.located_end[i]->line;
          region["endColumn"] = report.located_end[i]->column;
        }
        physical["region"] = std::move(region);
      }
      result["locations"] = Json::array({{{"physicalLocation", std::move(physical)}}});
      if (i < report.fixes.size()) {
        Json fixes = Json::array();
        for (const ReportFix& fix : report.fixes[i]) {
          if (auto sarif_fix = SarifFix(fix, report, &artifacts)) fixes.push_back(*sarif_fix);
        }
        if (!fixes.empty()) result["fixes"] = std::move(fixes);
      }
      const FixAvailability availability = FixAvailabilityOf(report.fixes, i);
      Json properties = {{"category", std::string(CategoryName(f.category))},
                         {"fixable", availability != FixAvailability::kNone}};
      // Also for a fix made of mode changes only, which has no `fixes` entry.
      if (availability != FixAvailability::kNone) {
        properties["applicability"] = availability == FixAvailability::kSafe ? "safe" : "unsafe";
      }
      properties["runtime"] = report.options.runtime_name();
      properties["resolution"] = report.options.managed ? "managed" : "stock";
      properties["handler"] = report.options.handler;
      if (!report.label.empty()) properties["function"] = report.label;
      if (!f.specifier.empty()) properties["specifier"] = f.specifier;
      result["properties"] = std::move(properties);
      results.push_back(std::move(result));
    }
  }
  Json driver = {
      {"name", std::string(kToolName)},
      {"version", LEL_VERSION},
      {"semanticVersion", LEL_VERSION},
  };
  if (!kRulePagesUri.empty()) driver["informationUri"] = std::string(kRulePagesUri);
  driver["rules"] = std::move(descriptors);
  Json run = {{"tool", {{"driver", std::move(driver)}}},
              {"artifacts", std::move(artifacts.list())},
              {"results", std::move(results)},
              {"columnKind", "unicodeCodePoints"}};
  Json log = {{"$schema", std::string(kSchema)},
              {"version", "2.1.0"},
              {"runs", Json::array({std::move(run)})}};
  // Entry names need not be UTF-8: such bytes were percent-encoded in URIs;
  // in messages they are replaced rather than failing the whole report.
  return DumpJson(log) + "\n";
}

}  // namespace lel
