#include "resolve/diagnose.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "resolve/node_modules.h"

namespace lel {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}
std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsPathSpecifier(std::string_view s) {
  return StartsWith(s, "/") || StartsWith(s, "./") || StartsWith(s, "../") || s == "." ||
         s == "..";
}

// "pkg/sub" -> "pkg", "@s/p/sub" -> "@s/p".
std::string PackageNameOf(std::string_view specifier) {
  size_t slash = specifier.find('/');
  if (StartsWith(specifier, "@") && slash != std::string_view::npos) {
    slash = specifier.find('/', slash + 1);
  }
  return std::string(specifier.substr(0, slash));
}

// A failure counts as resolved when only the JSON import attribute is
// wrong: the path itself is right.
bool Resolves(const Resolution& r) {
  return r.kind != Resolution::Kind::kError ||
         r.error == ResolveError::kImportAttributeMissing ||
         r.error == ResolveError::kImportAttributeTypeIncompatible;
}

Resolution Retry(const Resolver& resolver, const ImportRequest& request, bool cjs,
                 const std::string& specifier) {
  if (cjs) return resolver.ResolveRequire(specifier, request.parent);
  return resolver.ResolveImport({specifier, request.parent, request.type_attribute});
}

std::string TrimSlashes(std::string_view s) {
  while (s.size() > 1 && s.back() == '/') s.remove_suffix(1);
  return std::string(s);
}

// The real path of the parent (Node knows modules by it).
std::string RealParent(const Resolver& resolver, std::string_view parent) {
  Lookup l = resolver.vfs().Resolve(parent);
  return l.status == LookupStatus::kOk ? l.real_path : std::string(parent);
}

// "./x" or "../x" from folder `from` to `to` (both absolute).
std::string RelativeSpecifier(const std::string& from, const std::string& to) {
  auto split = [](const std::string& p) {
    std::vector<std::string> parts;
    size_t i = 1;
    while (i <= p.size()) {
      size_t j = p.find('/', i);
      if (j == std::string::npos) j = p.size();
      if (j > i) parts.push_back(p.substr(i, j - i));
      i = j + 1;
    }
    return parts;
  };
  std::vector<std::string> a = split(from), b = split(to);
  size_t common = 0;
  while (common < a.size() && common < b.size() && a[common] == b[common]) ++common;
  std::string out;
  for (size_t i = common; i < a.size(); ++i) out += "../";
  if (out.empty()) out = "./";
  for (size_t i = common; i < b.size(); ++i) out += b[i] + (i + 1 < b.size() ? "/" : "");
  return out;
}

// The path with each component matched to an existing name ignoring case,
// or "" when some component has no such match. Prefers exact names.
std::string CaseInsensitiveLookup(const Vfs& vfs, const std::string& path) {
  std::string current = "/";
  size_t i = 1;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    std::string part = path.substr(i, j - i);
    i = j + 1;
    if (part.empty()) continue;
    std::string next = current == "/" ? "/" + part : current + "/" + part;
    if (!vfs.Exists(next)) {
      std::string match;
      for (const std::string& name : vfs.List(current)) {
        if (Lower(name) == Lower(part)) {
          match = name;
          break;
        }
      }
      if (match.empty()) return "";
      next = current == "/" ? "/" + match : current + "/" + match;
    }
    current = next;
  }
  return current;
}

// The node_modules folders a bare specifier was looked up in.
std::vector<std::string> SearchedFolders(const Resolver& resolver, const std::string& parent,
                                         bool cjs) {
  std::vector<std::string> folders = NodeModulePaths(resolver.vfs(), DirName(parent), cjs);
  if (cjs || resolver.options().managed) {
    for (const std::string& folder : resolver.options().node_path) folders.push_back(folder);
  }
  return folders;
}

std::string RuntimeName(int major) { return "nodejs" + std::to_string(major) + ".x"; }

// Where a layer may hold the package without it being found, and how to
// say so. Empty when none applies.
Diagnosis LayerDiagnosis(const Resolver& resolver, const std::string& parent,
                         const std::string& name, bool cjs) {
  const Vfs& vfs = resolver.vfs();
  const int major = resolver.options().node_major;
  std::vector<std::string> searched = SearchedFolders(resolver, parent, cjs);
  auto is_searched = [&](const std::string& folder) {
    return std::find(searched.begin(), searched.end(), folder) != searched.end();
  };
  Diagnosis d;

  // The runtime's own layer folders, which only a link makes visible to
  // stock ES module resolution from /var/task.
  const std::string own[] = {"/opt/nodejs/node" + std::to_string(major) + "/node_modules",
                             "/opt/nodejs/node_modules"};
  for (const std::string& folder : own) {
    std::string found = folder + "/" + name;
    if (is_searched(folder) || !vfs.IsDirectory(found)) continue;
    if (!cjs && !resolver.options().managed && StartsWith(parent, "/var/task/")) {
      d.kind = Diagnosis::Kind::kLayerNotLinked;
      d.found_path = found;
      d.detail = "the layer has it at " + found +
                 " but there is no node_modules link: ES modules under /var/task only search "
                 "/var/task/node_modules and its parents";
      return d;
    }
  }

  // Folders no lookup of this runtime searches.
  for (const std::string& entry : vfs.List("/opt/nodejs")) {
    if (!StartsWith(entry, "node") || entry.size() <= 4 ||
        !std::all_of(entry.begin() + 4, entry.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
      continue;
    }
    std::string folder = "/opt/nodejs/" + entry + "/node_modules";
    std::string found = folder + "/" + name;
    if (is_searched(folder) || !vfs.IsDirectory(found)) continue;
    d.kind = Diagnosis::Kind::kInUnsearchedLayerFolder;
    d.found_path = found;
    d.detail = "found in the layer at nodejs/" + entry + "/node_modules, which " +
               RuntimeName(major) + " does not search";
    return d;
  }
  if (!is_searched("/opt/node_modules") && vfs.IsDirectory("/opt/node_modules/" + name)) {
    d.kind = Diagnosis::Kind::kInUnsearchedLayerFolder;
    d.found_path = "/opt/node_modules/" + name;
    d.detail = "found in a layer at node_modules/ (the zip root, extracted to /opt/node_modules), "
               "which no lookup searches; layer packages belong under nodejs/node_modules/";
    return d;
  }
  if (vfs.IsDirectory("/opt/nodejs/" + name) && name != "node_modules") {
    d.kind = Diagnosis::Kind::kInUnsearchedLayerFolder;
    d.found_path = "/opt/nodejs/" + name;
    d.detail = "found in a layer at nodejs/" + name +
               ", outside nodejs/node_modules/, which no lookup searches";
    return d;
  }
  return d;
}

Diagnosis DidYouMean(const Resolver& resolver, const std::string& parent,
                     const std::string& specifier, const std::string& name, bool cjs) {
  Diagnosis d;
  int best_distance = 3;
  std::string best, best_folder;
  for (const std::string& folder : SearchedFolders(resolver, parent, cjs)) {
    for (const std::string& candidate : PackagesIn(resolver.vfs(), folder)) {
      if (candidate == name) continue;
      int distance = Lower(candidate) == Lower(name) ? 0 : EditDistance(candidate, name, 2);
      // Short names are near everything: demand a closer match.
      if (distance > 0 && std::min(candidate.size(), name.size()) <= 3 && distance > 1) continue;
      if (distance < best_distance || (distance == best_distance && candidate < best)) {
        best_distance = distance;
        best = candidate;
        best_folder = folder;
      }
    }
  }
  if (best.empty()) return d;
  // Only the letter case differs: the same mistake as a mis-cased path.
  d.kind = best_distance == 0 ? Diagnosis::Kind::kCaseMismatch : Diagnosis::Kind::kDidYouMean;
  d.suggestion = best + specifier.substr(name.size());
  d.found_path = best_folder + "/" + best;
  d.detail = best_distance == 0 ? "the package is named '" + best + "' (names are case-sensitive)"
                                : "there is a package named '" + best + "'";
  return d;
}

// The quoted path in "Cannot find module '<path>' ..." / "Directory import '<path>' ...".
std::string QuotedPath(const std::string& message) {
  size_t open = message.find('\'');
  if (open == std::string::npos) return "";
  size_t close = message.find('\'', open + 1);
  if (close == std::string::npos) return "";
  return message.substr(open + 1, close - open - 1);
}

}  // namespace

int EditDistance(std::string_view a, std::string_view b, int limit) {
  if (static_cast<int>(a.size()) - static_cast<int>(b.size()) > limit ||
      static_cast<int>(b.size()) - static_cast<int>(a.size()) > limit) {
    return limit + 1;
  }
  std::vector<int> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    int row_min = row[0];
    for (size_t j = 1; j <= b.size(); ++j) {
      int above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
      row_min = std::min(row_min, row[j]);
    }
    if (row_min > limit) return limit + 1;
  }
  return std::min(row[b.size()], limit + 1);
}

Diagnosis Diagnose(const Resolver& resolver, const ImportRequest& request,
                   const Resolution& failed) {
  Diagnosis none;
  if (failed.kind != Resolution::Kind::kError) return none;
  const bool cjs = failed.error == ResolveError::kRequireNotFound;
  const bool not_found = failed.error == ResolveError::kModuleNotFound || cjs;
  const bool dir_import = failed.error == ResolveError::kUnsupportedDirImport;
  const bool not_exported = failed.error == ResolveError::kPackagePathNotExported;
  if (!not_found && !dir_import && !not_exported) return none;

  const std::string specifier(request.specifier);
  const std::string parent = RealParent(resolver, request.parent);
  const bool path_specifier = IsPathSpecifier(specifier);
  const bool bare = !path_specifier && !StartsWith(specifier, "#") &&
                    specifier.find(':') == std::string::npos;
  if (!path_specifier && !bare) return none;
  const std::string name = bare ? PackageNameOf(specifier) : "";

  // A bare package that is nowhere the lookup went.
  const bool package_missing =
      bare && ((!cjs && StartsWith(failed.message, "Cannot find package '" + name + "'")) ||
               (cjs && failed.message == "Cannot find module '" + specifier + "'" &&
                [&] {
                  for (const std::string& folder : SearchedFolders(resolver, parent, true)) {
                    if (resolver.vfs().IsDirectory(folder + "/" + name)) return false;
                  }
                  return true;
                }()));
  if (package_missing && !cjs && IsBuiltin(name, resolver.options().node_major, true) &&
      !IsBuiltin(name, resolver.options().node_major, false)) {
    // 'test', 'sqlite', 'sea': built-ins that exist only as node:test ...
    Diagnosis d;
    d.kind = Diagnosis::Kind::kBuiltinNeedsPrefix;
    d.suggestion = "node:" + specifier;
    d.detail = "'" + name + "' is a built-in module only with the node: prefix";
    return d;
  }
  if (package_missing) {
    Diagnosis layer = LayerDiagnosis(resolver, parent, name, cjs);
    if (layer.kind != Diagnosis::Kind::kNone) return layer;
    return DidYouMean(resolver, parent, specifier, name, cjs);
  }

  // The specifier names a path (relative, absolute, or a package subpath
  // without "exports"): try what Node does not try for ES modules.
  const std::string stem = TrimSlashes(specifier);
  if (!cjs) {
    if (not_found || not_exported) {
      for (const char* ext : {".js", ".mjs", ".cjs", ".json"}) {
        Resolution r = Retry(resolver, request, cjs, stem + ext);
        if (!Resolves(r)) continue;
        Diagnosis d;
        d.kind = Diagnosis::Kind::kMissingExtension;
        d.suggestion = stem + ext;
        d.found_path = r.path;
        d.detail = std::string(ext) == ".json"
                       ? "ES module specifiers need the file extension; a JSON module also needs "
                         "with { type: 'json' }"
                       : "ES module specifiers need the file extension";
        return d;
      }
    }
    // The reverse for "exports": 'date-fns/addDays.js' where the package
    // exports './addDays'.
    const size_t dot = stem.rfind('.');
    if (not_exported && bare && dot != std::string::npos &&
        stem.find('/', dot) == std::string::npos) {
      Resolution r = Retry(resolver, request, cjs, stem.substr(0, dot));
      if (Resolves(r)) {
        Diagnosis d;
        d.kind = Diagnosis::Kind::kDidYouMean;
        d.suggestion = stem.substr(0, dot);
        d.found_path = r.path;
        d.detail = "the package's \"exports\" names this subpath without the extension";
        return d;
      }
    }
    for (const char* index : {"/index.js", "/index.mjs", "/index.cjs", "/index.json"}) {
      Resolution r = Retry(resolver, request, cjs, stem + index);
      if (!Resolves(r)) continue;
      Diagnosis d;
      d.kind = Diagnosis::Kind::kDirectoryIndex;
      d.suggestion = stem + index;
      d.found_path = r.path;
      d.detail = "ES modules do not resolve a folder to its index file";
      return d;
    }
    // A folder whose package.json "main" names the entry.
    std::string folder = QuotedPath(failed.message);
    if (dir_import && !folder.empty()) {
      std::string dir = TrimSlashes(folder);
      auto pkg = resolver.ReadPackageJson(dir + "/package.json");
      if (pkg->valid && pkg->has_main && !pkg->main.empty()) {
        std::string main = pkg->main;
        while (StartsWith(main, "./")) main = main.substr(2);
        for (const char* ext : {"", ".js", ".json", ".node"}) {
          Resolution r = Retry(resolver, request, cjs, stem + "/" + main + ext);
          if (!Resolves(r)) continue;
          Diagnosis d;
          d.kind = Diagnosis::Kind::kDirectoryIndex;
          d.suggestion = stem + "/" + main + ext;
          d.found_path = r.path;
          d.detail = "ES modules do not read a folder's package.json \"main\"";
          return d;
        }
      }
    }
  }

  // Letter case: the missing path (as Node reports it) exists spelled
  // differently, maybe only with an extension added.
  std::string missing = cjs && path_specifier
                            ? NormalizePath(DirName(parent), specifier)
                            : QuotedPath(failed.message);
  if (!missing.empty() && StartsWith(missing, "/")) {
    std::string real;
    std::string suffix;
    for (const char* ext : {"", ".js", ".mjs", ".cjs", ".json"}) {
      real = CaseInsensitiveLookup(resolver.vfs(), TrimSlashes(missing) + ext);
      if (!real.empty()) {
        suffix = ext;
        break;
      }
    }
    if (!real.empty() && real != TrimSlashes(missing) + suffix) {
      Diagnosis d;
      d.kind = Diagnosis::Kind::kCaseMismatch;
      d.found_path = real;
      if (path_specifier) {
        d.suggestion = StartsWith(specifier, "/") ? real : RelativeSpecifier(DirName(parent), real);
      } else {
        // A package subpath: keep the package name, fix the rest.
        size_t at = real.rfind("/node_modules/" + name + "/");
        d.suggestion = at == std::string::npos
                           ? specifier
                           : name + real.substr(at + std::string("/node_modules/").size() + name.size());
      }
      d.detail = "paths are case-sensitive on Lambda (Linux); the file is " + real;
      return d;
    }
  }
  return none;
}

}  // namespace lel
