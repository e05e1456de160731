// PlanFixes: from findings and package facts to fixes. One small planner
// per fixable rule, made of guard clauses that say why no fix is possible.
#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "fix/fix.h"
#include "resolve/node_modules.h"
#include "rules/handler.h"
#include "rules/link_state.h"
#include "rules/linter.h"
#include "rules/module_graph.h"

namespace lel {
namespace {

constexpr std::string_view kLinkView = "/var/task/node_modules";
constexpr uint32_t kTypeMask = 0170000;
constexpr uint32_t kLinkMode = 0120777;
constexpr uint32_t kWorldRead = 0004;
constexpr uint32_t kAnyExecute = 0111;

std::string Octal(uint32_t mode) {
  char text[16];
  std::snprintf(text, sizeof text, "0%03o", mode);
  return text;
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// "@scope/name/sub" -> "@scope/name"; "name/sub" -> "name".
std::string PackageName(std::string_view specifier) {
  size_t slash = specifier.find('/');
  if (!specifier.empty() && specifier[0] == '@' && slash != std::string_view::npos) {
    slash = specifier.find('/', slash + 1);
  }
  return std::string(specifier.substr(0, slash));
}

// Files get 644 (755 when some execute bit was set), folders 755; the type
// bits stay.
uint32_t ReadableFileMode(uint32_t mode) {
  return (mode & kTypeMask) | ((mode & kAnyExecute) ? 0755 : 0644);
}
uint32_t TraversableDirMode(uint32_t mode) { return (mode & kTypeMask) | 0755; }

ArchiveEdit EditOf(ArchiveEdit::Kind kind, const Entry& entry) {
  ArchiveEdit edit;
  edit.kind = kind;
  edit.name = entry.name;
  edit.index = static_cast<int64_t>(entry.index);
  edit.size = entry.size;
  return edit;
}

ArchiveEdit SetMode(const Entry& entry, uint32_t mode) {
  ArchiveEdit edit = EditOf(ArchiveEdit::kSetMode, entry);
  edit.mode = mode;
  return edit;
}

class Planner {
 public:
  Planner(const LambdaPackage& package, const CheckOptions& options,
          const std::vector<Finding>& findings, const FixOptions& fix_options)
      : package_(package), options_(options), findings_(findings), fix_options_(fix_options) {}

  void Plan(std::vector<Fix>* fixes, std::vector<FixRefusal>* refusals) {
    for (size_t i = 0; i < findings_.size(); ++i) {
      const Finding& finding = findings_[i];
      if (!finding.fixable) continue;
      Fix fix;
      fix.rule = finding.rule;
      fix.archive = finding.archive;
      fix.finding = i;
      std::string why;
      if (PlanOne(finding, &fix, &why)) {
        fixes->push_back(std::move(fix));
      } else if (refusals != nullptr) {
        refusals->push_back({i, why});
      }
    }
  }

 private:
  bool PlanOne(const Finding& finding, Fix* fix, std::string* why) {
    // Guard: layers are published on their own; we edit the function only.
    if (finding.archive != 0) {
      *why =
          "the problem is in a layer zip, which fix never edits (a layer is published on its own)";
      return false;
    }
    const std::string& rule = finding.rule;
    if (rule == "node-modules-link-missing") return PlanLinkMissing(fix, why);
    if (rule == "node-modules-not-a-link" || rule == "node-modules-link-not-unix" ||
        rule == "node-modules-link-dangling" || rule == "node-modules-link-target-invalid" ||
        rule == "node-modules-link-runtime-mismatch") {
      return PlanLinkRepair(fix, why);
    }
    if (rule == "file-not-readable") return PlanReadable(finding, fix, why);
    if (rule == "directory-not-traversable") return PlanTraversable(finding, fix, why);
    if (rule == "node-modules-bundled") return PlanBundled(fix, why);
    *why = "no fix is implemented for this rule";
    return false;
  }

  // The module graph and link facts, built once, on first use.
  void Analyze() {
    if (link_) return;
    resolver_ = std::make_unique<Resolver>(package_.vfs,
                                           ResolveOptionsFor(options_, options_.managed));
    managed_ = std::make_unique<Resolver>(package_.vfs, ResolveOptionsFor(options_, true));
    HandlerModule handler = LocateHandler(*resolver_, ParseHandler(options_.handler));
    graph_ = std::make_unique<ModuleGraph>(
        ModuleGraph::Build(package_, *resolver_, handler, fix_options_.scan));
    link_ = AnalyzeLink(package_, *graph_, *resolver_, *managed_);
  }

  // Packages the function's own modules import by bare name.
  std::vector<std::string> ImportedPackages() {
    Analyze();
    std::set<std::string> names;
    for (const ModuleNode& module : graph_->modules()) {
      if (!StartsWith(module.path, "/var/task/")) continue;
      for (const ImportRecord& record : module.scan.imports) {
        if (!record.analyzable || !IsBareSpecifier(record.specifier)) continue;
        std::string name = PackageName(record.specifier);
        if (!IsBuiltin(name, options_.node_major(), false)) names.insert(name);
      }
    }
    return {names.begin(), names.end()};
  }

  // The link target, or "" with *why set.
  std::string LinkTarget(const std::vector<std::string>& extra_wanted, std::string* why) {
    Analyze();
    const std::string& given = fix_options_.link_target;
    std::string target = given;
    if (given.empty()) {
      std::vector<std::string> wanted = ImportedPackages();
      wanted.insert(wanted.end(), extra_wanted.begin(), extra_wanted.end());
      target = ChooseLinkTarget(package_, options_, wanted);
    }
    if (target.empty()) {
      *why = "no layer provides /opt/nodejs/node_modules or /opt/nodejs/node" +
             std::to_string(options_.node_major()) + "/node_modules to link to";
      return {};
    }
    // Guard: a target given with --link-target must be a folder the layers
    // fill; a link there would dangle.
    if (!given.empty() && (given.front() != '/' || package_.vfs.List(given).empty())) {
      *why = given.front() != '/' ? std::string("it is not an absolute path")
                                  : "no layer fills " + given + ", so the link would dangle";
      return {};
    }
    // Every import that needs the layer must be reachable through the one
    // link, else fixing the link only moves the error.
    std::vector<std::string> unreachable;  // "uuid (in /opt/nodejs/node_modules)"
    std::vector<std::string> unreachable_names;
    for (const LayerImport& use : link_->layer_imports) {
      const ModuleNode& module = graph_->modules()[use.module];
      const std::string name =
          PackageName(module.records()[module.edges[use.edge].import_index].specifier);
      if (!package_.vfs.IsDirectory(target + "/" + name) &&
          std::find(unreachable_names.begin(), unreachable_names.end(), name) ==
              unreachable_names.end()) {
        unreachable_names.push_back(name);
        unreachable.push_back(name + " (in " + use.layer_folder + ")");
      }
    }
    if (!unreachable.empty()) {
      const std::string list = ShortList(unreachable, fix_options_.verbose);
      *why = given.empty() ? "a link to " + target + " would not reach " + list +
                                 "; no single link reaches every layer package (use --link-target)"
                           : "a link there would not reach " + list;
      return {};
    }
    return target;
  }

  bool PlanLinkMissing(Fix* fix, std::string* why) {
    Analyze();
    // Guard: something already sits where the link goes.
    if (link_->kind != LinkKind::kAbsent) {
      *why = "node_modules already exists";
      return false;
    }
    const std::string target = LinkTarget({}, why);
    if (target.empty()) return false;
    ArchiveEdit add;
    add.kind = ArchiveEdit::kAddSymlink;
    add.name = "node_modules";
    add.content = target;
    add.mode = kLinkMode;
    fix->title = "add the node_modules link to " + target;
    fix->edits.push_back(add);
    return true;
  }

  bool PlanLinkRepair(Fix* fix, std::string* why) {
    Analyze();
    // Guard: an entry to repair (an implied folder has none).
    const Entry* entry = link_->entry;
    if (entry == nullptr || link_->kind == LinkKind::kAbsent ||
        link_->kind == LinkKind::kDirectory) {
      *why = "node_modules is not a single entry of the function zip";
      return false;
    }
    // Guard: only the function's own entry.
    const std::vector<Entry>& own = package_.function().entries();
    if (own.empty() || entry < own.data() || entry >= own.data() + own.size()) {
      *why = "node_modules comes from a layer";
      return false;
    }
    const std::string target = LinkTarget({}, why);
    if (target.empty()) return false;
    std::string stored, err;
    if (!package_.function().Read(*entry, &stored, &err)) {
      *why = "cannot read node_modules: " + err;
      return false;
    }
    const bool unix_host = entry->made_by_host == kHostUnix;
    const bool link_mode =
        unix_host ? (entry->unix_mode & kTypeMask) == (kLinkMode & kTypeMask) : entry->has_link_mode;
    // Guard: nothing to change.
    if (stored == target && unix_host && link_mode) {
      *why = "node_modules already links to " + target;
      return false;
    }
    if (stored != target) {
      ArchiveEdit replace = EditOf(ArchiveEdit::kReplaceContent, *entry);
      replace.content = target;
      fix->edits.push_back(replace);
    }
    if (!link_mode) fix->edits.push_back(SetMode(*entry, kLinkMode));
    if (!unix_host) fix->edits.push_back(EditOf(ArchiveEdit::kSetUnixHost, *entry));
    switch (link_->kind) {
      case LinkKind::kFile:
        fix->title = "turn the node_modules file into a link to " + target;
        break;
      case LinkKind::kNonUnixLink:
        fix->title = "make node_modules a Unix link to " + target;
        break;
      default:
        fix->title = "point the node_modules link at " + target;
        break;
    }
    // The folder the link reached so far, if a layer fills it, is left to
    // layer-content-unreachable: a layer problem this fix uncovers.
    if (link_->kind == LinkKind::kSymlink && link_->target_exists &&
        link_->resolved_target != target) {
      fix->reveals.push_back("layer-content-unreachable");
    }
    return true;
  }

  // Unreadable files of the function zip; the finding names one (loaded)
  // file, or, with an empty path, stands for every other one.
  bool PlanReadable(const Finding& finding, Fix* fix, std::string* why) {
    std::set<std::string> named;  // files that have a finding of their own
    for (const Finding& other : findings_) {
      if (other.rule == finding.rule && other.archive == 0 && !other.path.empty()) {
        named.insert(other.path);
      }
    }
    for (const Entry& entry : package_.function().entries()) {
      // Guard: only files whose mode we know and that lack world-read.
      if (entry.kind != EntryKind::kFile || entry.unix_mode == 0) continue;
      if (entry.unix_mode & kWorldRead) continue;
      if (finding.path.empty() ? named.count(entry.name) > 0 : entry.name != finding.path) {
        continue;
      }
      fix->edits.push_back(SetMode(entry, ReadableFileMode(entry.unix_mode)));
    }
    if (fix->edits.empty()) {
      *why = "no unreadable file entry found";
      return false;
    }
    if (finding.path.empty()) {
      fix->title = "make " + std::to_string(fix->edits.size()) +
                   " file(s) world-readable (644, 755 when executable)";
    } else {
      fix->title = "make " + finding.path + " world-readable (" +
                   Octal(fix->edits.front().mode & 07777) + ")";
    }
    return true;
  }

  bool PlanTraversable(const Finding& finding, Fix* fix, std::string* why) {
    for (const Entry& entry : package_.function().entries()) {
      if (entry.kind != EntryKind::kDirectory || entry.unix_mode == 0) continue;
      if (entry.name != finding.path || (entry.unix_mode & 0001)) continue;
      fix->edits.push_back(SetMode(entry, TraversableDirMode(entry.unix_mode)));
    }
    if (fix->edits.empty()) {
      *why = "no untraversable folder entry found";
      return false;
    }
    fix->title = "make " + finding.path + " world-traversable (0755)";
    return true;
  }

  bool PlanBundled(Fix* fix, std::string* why) {
    Analyze();
    fix->applicability = Applicability::kUnsafe;
    // Guard: only a real folder (made of function entries).
    if (link_->kind != LinkKind::kDirectory) {
      *why = "node_modules is not a folder";
      return false;
    }
    const std::vector<std::string> bundled = PackagesIn(package_.vfs, std::string(kLinkView));
    const std::string target = LinkTarget(bundled, why);
    if (target.empty()) return false;
    // Guard: every bundled package is in the layer folder, same version;
    // otherwise removing the folder loses code. Name the ones missing.
    std::vector<std::string> missing;
    std::vector<std::string> same;
    for (const std::string& name : bundled) {
      auto mine = resolver_->ReadPackageJson(std::string(kLinkView) + "/" + name + "/package.json");
      auto layer = resolver_->ReadPackageJson(target + "/" + name + "/package.json");
      const std::string label = name + (mine->version.empty() ? "" : "@" + mine->version);
      if (!layer->valid) {
        missing.push_back(label);
      } else if (!mine->valid || mine->version != layer->version) {
        missing.push_back(label + " (the layer has " + layer->version + ")");
      } else {
        same.push_back(label);
      }
    }
    if (!missing.empty()) {
      const std::string list = ShortList(missing, fix_options_.verbose);
      *why = "the layers do not provide " + list + " at " + target +
             ": removing node_modules would lose them";
      return false;
    }
    for (const Entry& entry : package_.function().entries()) {
      const std::string view = ViewPath(0, entry);
      if (view != kLinkView && !StartsWith(view, std::string(kLinkView) + "/")) continue;
      fix->edits.push_back(EditOf(ArchiveEdit::kRemoveEntry, entry));
    }
    ArchiveEdit add;
    add.kind = ArchiveEdit::kAddSymlink;
    add.name = "node_modules";
    add.content = target;
    add.mode = kLinkMode;
    fix->edits.push_back(add);
    fix->title = "remove the bundled node_modules (" + std::to_string(bundled.size()) +
                 " package(s) the layers provide: " + ShortList(same, fix_options_.verbose) +
                 ") and link it to " + target;
    return true;
  }

  const LambdaPackage& package_;
  const CheckOptions& options_;
  const std::vector<Finding>& findings_;
  const FixOptions& fix_options_;
  std::unique_ptr<Resolver> resolver_;
  std::unique_ptr<Resolver> managed_;
  std::unique_ptr<ModuleGraph> graph_;
  std::optional<LinkState> link_;
};

}  // namespace

std::string ChooseLinkTarget(const LambdaPackage& package, const CheckOptions& options,
                             const std::vector<std::string>& wanted) {
  const std::string versioned =
      "/opt/nodejs/node" + std::to_string(options.node_major()) + "/node_modules";
  const std::string generic = "/opt/nodejs/node_modules";
  auto score = [&](const std::string& folder) {
    int count = 0;
    for (const std::string& name : wanted) count += package.vfs.IsDirectory(folder + "/" + name);
    return count;
  };
  const bool has_versioned = !package.vfs.List(versioned).empty();
  const bool has_generic = !package.vfs.List(generic).empty();
  if (has_versioned && (!has_generic || score(versioned) > score(generic))) return versioned;
  return has_generic ? generic : "";
}

std::vector<Fix> PlanFixes(const LambdaPackage& package, const CheckOptions& options,
                           const std::vector<Finding>& findings, const FixOptions& fix_options,
                           std::vector<FixRefusal>* refusals) {
  std::vector<Fix> fixes;
  // Fixes are edits of the function's zip; a folder is not zipped yet.
  if (package.function().kind() != SourceKind::kZip) {
    for (size_t i = 0; refusals != nullptr && i < findings.size(); ++i) {
      if (findings[i].fixable) refusals->push_back({i, std::string(kFolderNotFixed)});
    }
    return fixes;
  }
  Planner(package, options, findings, fix_options).Plan(&fixes, refusals);
  return fixes;
}

}  // namespace lel
