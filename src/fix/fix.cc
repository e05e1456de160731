#include "fix/fix.h"

#include <map>
#include <set>
#include <tuple>

namespace lel {
namespace {

int SeverityRank(Severity severity) {
  switch (severity) {
    case Severity::kError: return 2;
    case Severity::kWarning: return 1;
    case Severity::kInfo: return 0;
  }
  return 0;
}

using FindingKey = std::tuple<std::string, int, std::string>;
FindingKey KeyOf(const Finding& f) { return {f.rule, f.archive, f.path}; }

std::string Show(const Finding& f) {
  std::string where = f.path.empty() ? "archive " + std::to_string(f.archive) : f.path;
  return f.rule + " (" + std::string(SeverityName(f.severity)) + ") at " + where;
}

}  // namespace

std::string_view EditKindName(ArchiveEdit::Kind kind) {
  switch (kind) {
    case ArchiveEdit::kAddSymlink: return "add-symlink";
    case ArchiveEdit::kAddFile: return "add-file";
    case ArchiveEdit::kRemoveEntry: return "remove-entry";
    case ArchiveEdit::kReplaceContent: return "replace-content";
    case ArchiveEdit::kSetMode: return "set-mode";
    case ArchiveEdit::kSetUnixHost: return "set-unix-host";
  }
  return "?";
}

std::string DescribeEdit(const ArchiveEdit& edit) {
  switch (edit.kind) {
    case ArchiveEdit::kAddSymlink:
      return "add symlink " + edit.name + " -> " + edit.content;
    case ArchiveEdit::kAddFile:
      return "add file " + edit.name + " (" + std::to_string(edit.content.size()) +
             " bytes, mode " + OctalMode(edit.mode & 07777) + ")";
    case ArchiveEdit::kRemoveEntry:
      return "remove " + edit.name;
    case ArchiveEdit::kReplaceContent:
      return "replace the content of " + edit.name + " with '" + edit.content + "'";
    case ArchiveEdit::kSetMode:
      return "set the mode of " + edit.name + " to " + OctalMode(edit.mode);
    case ArchiveEdit::kSetUnixHost:
      return "set the \"made by\" host of " + edit.name + " to Unix";
  }
  return "?";
}

std::string WhyNotFixed(const Finding& finding, const std::string& archive_name,
                        const std::string& refusal) {
  std::string why = !refusal.empty() ? refusal
                    : finding.fixable
                        ? "no fix could be planned"
                        : "no automatic fix exists for this rule (`lambda-esm-lint explain " +
                              finding.rule + "` says how to fix it by hand)";
  if (finding.archive != 0) {
    const std::string zip = archive_name.substr(archive_name.rfind('/') + 1);
    if (refusal.empty()) why += "; it is in the layer " + archive_name + ", which fix never edits";
    why += "; rebuild that layer from its folder and publish it: cd LAYER_DIR && zip -r "
           "--symlinks ../" + zip + " nodejs && aws lambda publish-layer-version "
           "--layer-name NAME --zip-file fileb://" + zip;
  }
  return why;
}

std::string_view ApplicabilityName(Applicability applicability) {
  return applicability == Applicability::kSafe ? "safe" : "unsafe";
}

FixSelection SelectFixes(const std::vector<Fix>& fixes, bool unsafe) {
  FixSelection selection;
  std::set<std::string> touched;  // entry names edited by an applied fix
  std::set<std::string> removed;  // ... and those among them it removes
  auto structural = [](const Fix& fix) {
    for (const ArchiveEdit& edit : fix.edits) {
      if (edit.kind != ArchiveEdit::kSetMode && edit.kind != ArchiveEdit::kSetUnixHost) return true;
    }
    return false;
  };
  // Fixes that add, remove or rewrite entries first; then those that only
  // change metadata, minus their edits of entries already removed.
  for (bool first_pass : {true, false}) {
    for (const Fix& candidate : fixes) {
      if (structural(candidate) != first_pass) continue;
      if (candidate.applicability == Applicability::kUnsafe && !unsafe) {
        selection.skipped.emplace_back(candidate, "unsafe: apply with --unsafe-fixes");
        continue;
      }
      Fix fix = candidate;
      std::erase_if(fix.edits, [&](const ArchiveEdit& e) { return removed.count(e.name) > 0; });
      if (fix.edits.empty()) {
        selection.skipped.emplace_back(candidate, "its entries are removed by another fix");
        continue;
      }
      bool overlaps = false;
      for (const ArchiveEdit& edit : fix.edits) overlaps = overlaps || touched.count(edit.name);
      if (overlaps) {
        selection.skipped.emplace_back(candidate,
                                       "edits an entry another fix edits; run fix again");
        continue;
      }
      for (const ArchiveEdit& edit : fix.edits) {
        touched.insert(edit.name);
        if (edit.kind == ArchiveEdit::kRemoveEntry) removed.insert(edit.name);
      }
      selection.applied.push_back(std::move(fix));
    }
  }
  return selection;
}

bool BuildRewrite(const std::vector<Fix>& applied, ZipRewrite* rewrite,
                  std::string* err) {
  std::map<int64_t, ZipEntryChange> changes;
  for (const Fix& fix : applied) {
    if (fix.archive != 0) {
      *err = "fix '" + fix.title + "' edits a layer; only the function zip is edited";
      return false;
    }
    for (const ArchiveEdit& edit : fix.edits) {
      if (edit.kind == ArchiveEdit::kAddSymlink || edit.kind == ArchiveEdit::kAddFile) {
        const uint32_t mode = edit.kind == ArchiveEdit::kAddSymlink ? 0120777u : edit.mode;
        rewrite->additions.push_back({edit.name, edit.content, mode});
        continue;
      }
      if (edit.index < 0) {
        *err = "edit '" + DescribeEdit(edit) + "' names no entry";
        return false;
      }
      ZipEntryChange& change = changes[edit.index];
      change.index = static_cast<uint64_t>(edit.index);
      change.name = edit.name;
      switch (edit.kind) {
        case ArchiveEdit::kRemoveEntry: change.remove = true; break;
        case ArchiveEdit::kReplaceContent: change.content = edit.content; break;
        case ArchiveEdit::kSetMode: change.unix_mode = edit.mode; break;
        case ArchiveEdit::kSetUnixHost: change.unix_host = true; break;
        default: break;
      }
    }
  }
  for (auto& [index, change] : changes) rewrite->changes.push_back(std::move(change));
  return true;
}

bool CheckFixedFindings(const std::vector<Finding>& before, const std::vector<Finding>& after,
                        const std::vector<Fix>& applied, std::string* err) {
  std::map<FindingKey, int> worst_before;
  for (const Finding& f : before) {
    int& rank = worst_before.emplace(KeyOf(f), -1).first->second;
    rank = std::max(rank, SeverityRank(f.severity));
  }
  std::set<std::string> revealed;
  for (const Fix& fix : applied) revealed.insert(fix.reveals.begin(), fix.reveals.end());
  std::set<FindingKey> after_keys;
  for (const Finding& f : after) {
    after_keys.insert(KeyOf(f));
    if (f.archive > 0 && f.severity != Severity::kError && revealed.count(f.rule)) continue;
    auto it = worst_before.find(KeyOf(f));
    if (it == worst_before.end() || SeverityRank(f.severity) > it->second) {
      *err = "the fixed archive has a new finding: " + Show(f) + ": " + f.message;
      return false;
    }
  }
  for (const Fix& fix : applied) {
    const Finding& fixed = before.at(fix.finding);
    if (after_keys.count(KeyOf(fixed))) {
      *err = "the fix '" + fix.title + "' did not remove " + Show(fixed);
      return false;
    }
  }
  return true;
}

}  // namespace lel
