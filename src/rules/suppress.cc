#include "rules/suppress.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "js/scan_cache.h"
#include "rules/config.h"

namespace lel {
namespace {

constexpr std::string_view kNextLineDirective = "lambda-esm-lint-disable-next-line";
constexpr std::string_view kFileDirective = "lambda-esm-lint-disable";
// Suppression comments live in files people write; a larger file is a bundle
// or generated, read no further than this.
constexpr uint64_t kMaxScannedFile = 16ull << 20;

void NoCheck(const Context&, Findings*) {}

const Rule* const kCentralRules[] = {&kSuppressionUnused};

std::string_view Trim(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) {
    s.remove_prefix(1);
  }
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

// Reads a directive from a comment's text (without its delimiters).
bool ParseDirective(std::string_view body, bool block, SuppressionComment* out) {
  body = Trim(body);
  // "/**\n * lambda-esm-lint-disable ..." (a doc-comment layout).
  while (block && !body.empty() && body.front() == '*') body = Trim(body.substr(1));
  std::string_view rest;
  if (body.substr(0, kNextLineDirective.size()) == kNextLineDirective) {
    out->kind = SuppressionComment::Kind::kNextLine;
    rest = body.substr(kNextLineDirective.size());
  } else if (body.substr(0, kFileDirective.size()) == kFileDirective) {
    out->kind = SuppressionComment::Kind::kFile;
    rest = body.substr(kFileDirective.size());
  } else {
    return false;
  }
  // "lambda-esm-lint-disabled" or "-disable-line" are not directives.
  if (!rest.empty() && rest.front() != ' ' && rest.front() != '\t' && rest.front() != '\n' &&
      rest.front() != '\r') {
    return false;
  }
  size_t dashes = rest.find("--");
  std::string_view ids = rest.substr(0, dashes);
  if (dashes != std::string_view::npos) out->reason = std::string(Trim(rest.substr(dashes + 2)));
  size_t i = 0;
  while (i < ids.size()) {
    while (i < ids.size() && (ids[i] == ',' || ids[i] == ' ' || ids[i] == '\t' || ids[i] == '\n' ||
                              ids[i] == '\r' || ids[i] == '*')) {
      ++i;
    }
    size_t start = i;
    while (i < ids.size() && ids[i] != ',' && ids[i] != ' ' && ids[i] != '\t' && ids[i] != '\n' &&
           ids[i] != '\r') {
      ++i;
    }
    if (i > start) out->rules.emplace_back(ids.substr(start, i - start));
  }
  return true;
}

bool InNodeModules(std::string_view path) {
  return path.substr(0, 13) == "node_modules/" ||
         path.find("/node_modules/") != std::string_view::npos;
}

// The suppression comments of a file, from the comments its scan found: a
// file the module graph scanned comes from the check's scan cache, parsed
// once for both; without a cache, or for a file the graph did not reach,
// this parses it. A file that never names the directive, nearly every file,
// is not parsed here at all.
std::vector<SuppressionComment> SuppressionsOf(std::string_view text, const ScanSettings& scan) {
  if (text.find(kFileDirective) == std::string_view::npos) return {};
  if (scan.cache != nullptr) return ScanSuppressions(text, scan.cache->Scan(text)->comments);
  return ScanSuppressions(text, ScanModule(text).comments);
}

// The comment rules that could silence one kind of finding: the r-th rule
// of comment c, for each (c, r).
struct Silencers {
  std::vector<std::pair<size_t, size_t>> slots;
  bool marked = false;  // every slot is already marked used
};

struct ScannedFile {
  std::string path;  // the entry's name
  std::string text;
  std::vector<size_t> line_starts;  // offsets where lines 2, 3, ... begin
  std::vector<SuppressionComment> comments;
  // used[c][r]: comment c's r-th rule silenced something.
  std::vector<std::vector<bool>> used;
  // The comments by what they silence, so that a finding looks up its own
  // instead of trying every comment (20,000 comments and as many findings
  // took 32 s): file-wide ones by rule id, next-line ones by the line they
  // silence and rule id.
  std::unordered_map<std::string, Silencers> file_wide;
  std::map<std::pair<int, std::string>, Silencers, std::less<>> by_line;

  void Index() {
    for (size_t c = 0; c < comments.size(); ++c) {
      const SuppressionComment& comment = comments[c];
      for (size_t r = 0; r < comment.rules.size(); ++r) {
        Silencers& s = comment.kind == SuppressionComment::Kind::kFile
                           ? file_wide[comment.rules[r]]
                           : by_line[{comment.line + 1, comment.rules[r]}];
        s.slots.emplace_back(c, r);
      }
    }
  }
  // Marks the comments that silence `rule` (at `line`: 0 for a finding
  // without a span, which only file-wide comments silence); true when any
  // does.
  bool Silence(const std::string& rule, int line) {
    bool silenced = false;
    auto mark = [&](Silencers& s) {
      silenced = silenced || !s.slots.empty();
      if (s.marked) return;
      for (const auto& [c, r] : s.slots) used[c][r] = true;
      s.marked = true;
    };
    if (auto it = file_wide.find(rule); it != file_wide.end()) mark(it->second);
    if (line > 0) {
      if (auto it = by_line.find(std::make_pair(line, rule)); it != by_line.end()) {
        mark(it->second);
      }
    }
    return silenced;
  }
};

}  // namespace

const Rule kSuppressionUnused = {
    "suppression-unused",
    Category::kHygiene,
    Severity::kInfo,
    false,
    "a lambda-esm-lint-disable comment silences no finding, or names no known rule",
    &NoCheck,
};

std::span<const Rule* const> CentralRules() { return kCentralRules; }

bool IsScriptPath(std::string_view path) {
  for (std::string_view ext : {".js", ".mjs", ".cjs"}) {
    if (path.size() > ext.size() && path.substr(path.size() - ext.size()) == ext) return true;
  }
  return false;
}

std::vector<SuppressionComment> ScanSuppressions(std::string_view source,
                                                 std::span<const Span> comments) {
  std::vector<SuppressionComment> out;
  // Comments come in order: lines are counted from the previous one on,
  // once over the file (LineAt() from the start for each was quadratic).
  size_t counted_to = 0;
  int line = 1;
  for (const Span& span : comments) {
    if (span.begin >= span.end || span.end > source.size() || span.end - span.begin < 2 ||
        span.begin < counted_to) {
      continue;  // not a comment of this source, or out of order
    }
    const std::string_view text = source.substr(span.begin, span.end - span.begin);
    const bool block = text.substr(0, 2) == "/*";
    if (!block && text.substr(0, 2) != "//") continue;
    std::string_view body = text.substr(2);
    if (block && body.size() >= 2 && body.substr(body.size() - 2) == "*/") body.remove_suffix(2);
    SuppressionComment comment;
    if (!ParseDirective(body, block, &comment)) continue;
    comment.span = span;
    const size_t last = span.end - 1;
    line += static_cast<int>(std::count(source.begin() + counted_to, source.begin() + last, '\n'));
    counted_to = last;
    comment.line = line;
    out.push_back(std::move(comment));
  }
  return out;
}

SuppressionOutcome ApplySuppressions(const LambdaPackage& package, std::vector<Finding> findings,
                                     const std::set<std::string, std::less<>>& rules_run,
                                     const ScanSettings& scan) {
  SuppressionOutcome outcome;
  // The files to read, by entry id: where findings point, and every script
  // outside node_modules that extraction keeps (of two entries of one name,
  // the later one, which is the one the rules read; unused comments can be
  // in those).
  std::map<std::pair<int, int64_t>, ScannedFile> files;
  for (const Finding& f : findings) {
    if (f.entry >= 0 && IsScriptPath(f.path)) files.try_emplace({f.archive, f.entry});
  }
  for (size_t a = 0; a < package.archives.size(); ++a) {
    if (!package.archives[a]) continue;
    const int archive = static_cast<int>(a);
    for (const Entry& entry : package.archives[a]->entries()) {
      if (entry.kind != EntryKind::kFile || !IsScriptPath(entry.name) ||
          InNodeModules(entry.name)) {
        continue;
      }
      Lookup placed = package.vfs.Resolve(ViewPath(archive, entry), /*follow_final=*/false);
      if (placed.status != LookupStatus::kOk || placed.node->origin.archive != archive ||
          placed.node->origin.entry != static_cast<int64_t>(entry.index)) {
        continue;
      }
      files.try_emplace({archive, static_cast<int64_t>(entry.index)});
    }
  }
  for (auto& [key, file] : files) {
    const auto& [archive_index, id] = key;
    if (archive_index < 0 || static_cast<size_t>(archive_index) >= package.archives.size() ||
        !package.archives[archive_index]) {
      continue;
    }
    const Entry* entry = package.archives[archive_index]->entry(id);
    std::string err;
    if (entry == nullptr || entry->kind != EntryKind::kFile || entry->size > kMaxScannedFile ||
        !package.archives[archive_index]->Read(*entry, &file.text, &err, kMaxScannedFile)) {
      continue;
    }
    file.path = entry->name;
    ++outcome.files_scanned;
    file.comments = SuppressionsOf(file.text, scan);
    for (const SuppressionComment& c : file.comments) file.used.emplace_back(c.rules.size(), false);
    file.Index();
    for (size_t i = 0; !file.comments.empty() && i < file.text.size(); ++i) {
      if (file.text[i] == '\n') file.line_starts.push_back(i + 1);
    }
    file.text.clear();  // only the line starts are needed from here on
  }

  for (Finding& f : findings) {
    auto it = files.find({f.archive, f.entry});
    bool silenced = false;
    if (it != files.end() && !it->second.comments.empty()) {
      ScannedFile& file = it->second;
      // The span's line: 1 + the number of line starts at or before it.
      int line = f.span ? 1 + static_cast<int>(std::upper_bound(file.line_starts.begin(),
                                                                file.line_starts.end(),
                                                                size_t{f.span->begin}) -
                                               file.line_starts.begin())
                        : 0;
      silenced = file.Silence(f.rule, line);
    }
    if (silenced) {
      ++outcome.suppressed;
    } else {
      outcome.findings.push_back(std::move(f));
    }
  }

  // Not a structured binding: clang 14 (fuzz.sh) refuses one captured by
  // the lambda below.
  for (const auto& item : files) {
    const auto& key = item.first;
    const ScannedFile& file = item.second;
    for (size_t c = 0; c < file.comments.size(); ++c) {
      const SuppressionComment& comment = file.comments[c];
      auto report = [&](std::string message) {
        Finding& f = outcome.findings.emplace_back();
        f.rule = std::string(kSuppressionUnused.id);
        f.category = kSuppressionUnused.category;
        f.severity = kSuppressionUnused.severity;
        f.fixable = kSuppressionUnused.fixable;
        f.message = std::move(message);
        f.archive = key.first;
        f.path = file.path;
        f.entry = key.second;
        f.span = comment.span;
      };
      std::string where = comment.kind == SuppressionComment::Kind::kFile
                              ? "in this file"
                              : "on line " + std::to_string(comment.line + 1);
      if (comment.rules.empty()) {
        report("suppression comment names no rule: write the rule id after '" +
               std::string(comment.kind == SuppressionComment::Kind::kFile ? kFileDirective
                                                                           : kNextLineDirective) +
               "'");
        continue;
      }
      for (size_t r = 0; r < comment.rules.size(); ++r) {
        const std::string& id = comment.rules[r];
        if (FindReportedRule(id) == nullptr) {
          std::string near = NearestRuleId(id);
          report("suppression names unknown rule '" + id + "'" +
                 (near.empty() ? "" : " (did you mean '" + near + "'?)"));
        } else if (!file.used[c][r] && rules_run.count(id) != 0) {
          report("suppression of '" + id + "' silences no finding " + where);
        }
      }
    }
  }
  std::stable_sort(outcome.findings.begin(), outcome.findings.end(), FindingLess);
  return outcome;
}

}  // namespace lel
