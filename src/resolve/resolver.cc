#include "resolve/resolver.h"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "archive/zip_archive.h"
#include "json/json_io.h"

namespace lel {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kRuntimeNodeModules = "/var/runtime/node_modules";

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}
bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}
int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// ---------------------------------------------------------------------------
// URLs. Node resolves ES module specifiers as URLs against the parent's
// file: URL and turns the result back into a path (fileURLToPath), so
// "%xx" escapes in specifiers are decoded, "?query" and "#hash" are dropped,
// and "\" is a separator. Internally a "url" here is a file: URL's pathname
// (percent-encoded as written) or "node:<builtin>".

std::string PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

void AppendEscaped(unsigned char c, std::string* out) {
  static const char kHex[] = "0123456789ABCDEF";
  out->push_back('%');
  out->push_back(kHex[c >> 4]);
  out->push_back(kHex[c & 15]);
}

// A path as a URL pathname base: only the characters that would change
// meaning in a URL are escaped (decoding gives the path back).
std::string EncodePathForBase(std::string_view path) {
  std::string out;
  for (char c : path) {
    if (c == '%' || c == '?' || c == '#' || c == '\\') {
      AppendEscaped(static_cast<unsigned char>(c), &out);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// pathToFileURL(path).href, as Node prints it in import attribute errors.
std::string FileUrlOf(std::string_view path) {
  std::string out = "file://";
  for (char ch : path) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c >= 0x7F || std::strchr("\"#%<>?`{}\\", c) != nullptr) {
      AppendEscaped(c, &out);
    } else {
      out.push_back(ch);
    }
  }
  return out;
}

bool IsSingleDot(std::string_view seg) { return seg == "." || Lower(seg) == "%2e"; }
bool IsDoubleDot(std::string_view seg) {
  std::string l = Lower(seg);
  return l == ".." || l == ".%2e" || l == "%2e." || l == "%2e%2e";
}

// Drops "?query" and "#fragment".
std::string_view StripQuery(std::string_view s) {
  size_t end = s.find_first_of("?#");
  return end == std::string_view::npos ? s : s.substr(0, end);
}

// Normalizes the dot segments of an absolute URL pathname the way the URL
// parser does: empty segments stay, a final "." or ".." leaves a trailing
// slash.
std::string NormalizeUrlPath(std::string_view path) {
  std::vector<std::string> segments;
  size_t i = 1;  // path[0] == '/'
  while (true) {
    size_t j = path.find('/', i);
    bool last = j == std::string_view::npos;
    std::string_view seg = path.substr(i, last ? std::string_view::npos : j - i);
    if (IsDoubleDot(seg)) {
      if (!segments.empty()) segments.pop_back();
      if (last) segments.emplace_back();
    } else if (IsSingleDot(seg)) {
      if (last) segments.emplace_back();
    } else {
      segments.emplace_back(seg);
    }
    if (last) break;
    i = j + 1;
  }
  std::string out;
  for (const std::string& seg : segments) out += "/" + seg;
  return out.empty() ? "/" : out;
}

// new URL(ref, base).pathname for a file: base pathname and a path-only ref.
std::string UrlResolve(std::string_view base, std::string_view ref) {
  std::string r(StripQuery(ref));
  std::replace(r.begin(), r.end(), '\\', '/');
  std::string combined;
  if (!r.empty() && r[0] == '/') {
    combined = r;
  } else {
    combined = std::string(base.substr(0, base.rfind('/') + 1)) + r;
  }
  return NormalizeUrlPath(combined);
}

// "file:///a/b" (or "file:/a/b", "file://localhost/a/b") -> "/a/b"; a
// "file:x" without slashes is relative to `base`.
std::string FileUrlPathname(std::string_view url, std::string_view base) {
  std::string_view rest = url.substr(5);
  if (StartsWith(rest, "//")) {
    size_t slash = rest.find('/', 2);
    rest = slash == std::string_view::npos ? std::string_view("/") : rest.substr(slash);
    return UrlResolve("/", rest);
  }
  return UrlResolve(base, rest);
}

// The scheme of an absolute URL specifier ("https:"), or "".
std::string UrlScheme(std::string_view s) {
  if (s.empty() || !std::isalpha(static_cast<unsigned char>(s[0]))) return "";
  for (size_t i = 1; i < s.size(); ++i) {
    char c = s[i];
    if (c == ':') return Lower(s.substr(0, i + 1));
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') {
      return "";
    }
  }
  return "";
}

bool HasEncodedSeparator(std::string_view s) {
  std::string l = Lower(s);
  return l.find("%2f") != std::string::npos || l.find("%5c") != std::string::npos;
}

// Node's isRelativeSpecifier + "/": "./x", "../x", ".", "..", "/x".
bool IsRelativeOrAbsolute(std::string_view s) {
  if (s.empty()) return false;
  if (s[0] == '/') return true;
  if (s[0] != '.') return false;
  if (s.size() == 1 || s[1] == '/') return true;
  return s[1] == '.' && (s.size() == 2 || s[2] == '/');
}

std::string JsonQuote(std::string_view s) {
  return DumpJson(Json(std::string(s)), -1);
}

// ---------------------------------------------------------------------------
// One resolution: the Node major's rules and the active conditions.

struct Base {
  std::string path;  // decoded path for "imported from"; "" = none
  std::string url;   // the same as Node passes it to ERR_INVALID_PACKAGE_CONFIG
};

Base BaseOfFile(std::string_view path) { return {std::string(path), FileUrlOf(path)}; }

struct Step {
  enum class State { kFound, kNull, kUndefined, kError };
  State state = State::kUndefined;
  std::string url;   // kFound: a file: pathname, or "node:<name>"
  Resolution error;  // kError

  static Step Found(std::string url) {
    Step s;
    s.state = State::kFound;
    s.url = std::move(url);
    return s;
  }
  static Step Null() {
    Step s;
    s.state = State::kNull;
    return s;
  }
  static Step Fail(ResolveError code, std::string message, std::string package_json = "") {
    Step s;
    s.state = State::kError;
    s.error.kind = Resolution::Kind::kError;
    s.error.error = code;
    s.error.message = std::move(message);
    s.error.package_json = std::move(package_json);
    return s;
  }
  bool found() const { return state == State::kFound; }
  bool failed() const { return state == State::kError; }
  bool nullish() const { return state == State::kNull || state == State::kUndefined; }
};

bool IsBuiltinUrl(std::string_view url) { return StartsWith(url, "node:"); }

std::string ImportedFrom(const Base& base) {
  return base.path.empty() ? "" : " imported from " + base.path;
}

// The folders from "/" down to `dir`, each as the length of its prefix of
// `real` (the canonical path of `dir`, set here) and its node, walked down
// the tree once; nullopt when `dir` is not a folder. Node's walks up the
// folders above a module (package scopes, node_modules lookups) test one
// path per folder, each as long as the path: written that way they take time
// and memory in the square of the depth. Visiting these nodes instead, and
// building a path only for a folder that holds the name sought, keeps them
// linear. The canonical path has no link in it, so the tree walk is exact.
using Folders = std::vector<std::pair<size_t, const VfsNode*>>;
std::optional<Folders> FoldersDownTo(const Vfs& vfs, std::string_view dir, std::string* real) {
  Lookup l = vfs.Resolve(dir);
  if (l.status != LookupStatus::kOk || l.node->type != NodeType::kDirectory) return std::nullopt;
  *real = l.real_path;
  Folders folders;
  const VfsNode* node = &vfs.root();
  folders.emplace_back(1, node);
  for (size_t start = 1; start < real->size();) {
    size_t end = real->find('/', start);
    if (end == std::string::npos) end = real->size();
    auto child = node->children.find(std::string_view(*real).substr(start, end - start));
    if (child == node->children.end() || child->second->type != NodeType::kDirectory) {
      return std::nullopt;
    }
    node = child->second.get();
    folders.emplace_back(end, node);
    start = end + 1;
  }
  return folders;
}

std::string Join(std::string_view folder, std::string_view name) {
  return (folder == "/" ? std::string() : std::string(folder)) + "/" + std::string(name);
}

// Node's package scope walks (ESM getPackageScopeConfig, CommonJS
// readPackageScope, the format lookup) go up from a folder trying
// <folder>/package.json until one exists or a folder stops the walk;
// `stops(folder)` is tested on each folder before its package.json, as Node
// does. Only folders that hold a package.json entry are read. Returns the
// path of the nearest package.json that exists, or nullopt.
template <typename Stops>
std::optional<std::string> NearestPackageJson(const Resolver& resolver, std::string_view dir,
                                              Stops stops) {
  auto try_read = [&](std::string_view folder) -> std::optional<std::string> {
    std::string pjson = Join(folder, "package.json");
    if (resolver.ReadPackageJson(pjson)->exists) return pjson;
    return std::nullopt;
  };
  std::string real;
  if (auto folders = FoldersDownTo(resolver.vfs(), dir, &real)) {
    for (size_t i = folders->size(); i-- > 0;) {
      std::string_view folder = std::string_view(real).substr(0, (*folders)[i].first);
      if (stops(folder)) return std::nullopt;
      if ((*folders)[i].second->children.count("package.json") == 0) continue;
      if (auto found = try_read(folder)) return found;
    }
    return std::nullopt;
  }
  // A folder that does not exist: the walk as written (nothing below the
  // last existing folder can hold a package.json, so this stays short in
  // practice).
  std::string folder(dir);
  while (true) {
    if (stops(folder)) return std::nullopt;
    if (auto found = try_read(folder)) return found;
    if (folder == "/") return std::nullopt;
    folder = DirName(folder);
  }
}

// Where ERR_INVALID_PACKAGE_CONFIG comes from, which decides its wording.
enum class PackageRead {
  kEsmPackage,  // a package found by an ES module's node_modules walk
  kEsmScope,    // the package scope of an ES module (self-reference, '#')
  kCjs,         // any package.json that require() reads
};

class Walk {
 public:
  Walk(const Resolver& resolver, bool esm)
      : resolver_(resolver), vfs_(resolver.vfs()), major_(resolver.options().node_major) {
    conditions_ = {"node", esm ? "import" : "require", "node-addons"};
    if (resolver.options().Flags().require_module) conditions_.push_back("module-sync");
  }

  int major() const { return major_; }
  const Vfs& vfs() const { return vfs_; }
  const Resolver& resolver() const { return resolver_; }

  bool HasCondition(std::string_view key) const {
    return key == "default" ||
           std::find(conditions_.begin(), conditions_.end(), key) != conditions_.end();
  }

  bool IsFile(std::string_view path) const { return vfs_.IsFile(path); }
  bool IsDirectory(std::string_view path) const { return vfs_.IsDirectory(path); }
  // The real path of a file, or "" when it is not a file.
  std::string RealFile(std::string_view path) const {
    Lookup l = vfs_.Resolve(path);
    if (l.status != LookupStatus::kOk || l.node->type != NodeType::kFile) return "";
    return l.real_path;
  }

  std::shared_ptr<const PackageJson> Read(std::string_view path) const {
    return resolver_.ReadPackageJson(path);
  }

  // Node 22+ keeps "exports" only when it is an object, array or string;
  // Node <= 20 takes any non-null value (and then exports nothing).
  bool HasExports(const PackageJson& pkg) const {
    if (!pkg.has_exports) return false;
    if (major_ >= 22) {
      return pkg.exports.is_object() || pkg.exports.is_array() || pkg.exports.is_string();
    }
    return true;
  }

  // The error Node raises for an unusable package.json, if any.
  std::optional<Step> ConfigError(const PackageJson& pkg, PackageRead how,
                                  std::string_view specifier, const Base& base) const {
    if (!pkg.exists) return std::nullopt;
    bool rejected = !pkg.valid || (major_ >= 22 && !pkg.strict_error.empty());
    if (!rejected) return std::nullopt;
    std::string message;
    if (major_ >= 22) {
      // src/node_modules.cc: no parser detail.
      if (how == PackageRead::kEsmPackage) {
        message = "Invalid package config " + pkg.path + " while importing \"" +
                  std::string(specifier) + "\" from " + base.path + ".";
      } else {
        message = "Invalid package config " + pkg.path + ".";
      }
    } else if (how == PackageRead::kEsmPackage) {
      message = "Invalid package config " + pkg.path + " while importing \"" +
                std::string(specifier) + "\" from " + base.path + ". " + pkg.parse_error;
    } else if (how == PackageRead::kEsmScope) {
      message = "Invalid package config " + pkg.path + " while importing " + base.path + ". " +
                pkg.parse_error;
    } else {
      message = "Error parsing " + pkg.path + ": " + pkg.parse_error;
    }
    return Step::Fail(ResolveError::kInvalidPackageConfig, message, pkg.path);
  }

  // ESM getPackageScopeConfig: the package.json nearest to `file`, stopping
  // at a node_modules folder. Returns the parsed file (exists=false: none).
  std::shared_ptr<const PackageJson> EsmScope(std::string_view file) const {
    // Node <= 20 tests the URL for "node_modules/package.json", 22+ for
    // "/node_modules/package.json".
    const std::string_view stop = major_ >= 22 ? "/node_modules" : "node_modules";
    auto found = NearestPackageJson(resolver_, DirName(file),
                                    [&](std::string_view dir) { return EndsWith(dir, stop); });
    return found ? Read(*found) : std::make_shared<PackageJson>();
  }

  // CommonJS readPackageScope: the same walk over the parent's folders,
  // not into a node_modules folder; Node 22+ does not try /package.json.
  std::shared_ptr<const PackageJson> CjsScope(std::string_view file) const {
    const bool skip_root = major_ >= 22;
    auto found = NearestPackageJson(resolver_, DirName(file), [&](std::string_view dir) {
      return EndsWith(dir, "/node_modules") || (dir == "/" && skip_root);
    });
    return found ? Read(*found) : std::make_shared<PackageJson>();
  }

 private:
  const Resolver& resolver_;
  const Vfs& vfs_;
  int major_;
  std::vector<std::string> conditions_;
};

// ---------------------------------------------------------------------------
// Error messages (lib/internal/errors.js).

Step ModuleNotFound(std::string_view path, const Base& base) {
  return Step::Fail(ResolveError::kModuleNotFound,
                    "Cannot find module '" + std::string(path) + "'" + ImportedFrom(base));
}

Step InvalidSpecifier(std::string_view request, std::string_view reason, const Base& base) {
  return Step::Fail(ResolveError::kInvalidModuleSpecifier,
                    "Invalid module \"" + std::string(request) + "\" " + std::string(reason) +
                        ImportedFrom(base));
}

// The package folder with a trailing slash, as fileURLToPath(new URL('.', pjson)).
std::string PackageDir(std::string_view pjson) {
  std::string dir = DirName(pjson);
  return dir == "/" ? dir : dir + "/";
}

Step NotExported(std::string_view pjson, std::string_view subpath, const Base& base) {
  std::string where = PackageDir(pjson) + "package.json" + ImportedFrom(base);
  std::string message = subpath == "." ? "No \"exports\" main defined in " + where
                                       : "Package subpath '" + std::string(subpath) +
                                             "' is not defined by \"exports\" in " + where;
  return Step::Fail(ResolveError::kPackagePathNotExported, message, std::string(pjson));
}

Step InvalidTarget(std::string_view pjson, std::string_view key, const Json& target,
                   bool internal, const Base& base) {
  // Node prints the whole target; a hostile package.json's can be megabytes.
  std::string text = target.is_string() ? target.get<std::string>() : DumpJson(target, -1);
  if (text.size() > 200) text = PrintableName(text);
  // errors.js sees the target already stringified (`${target}`), so a
  // number counts as a string not starting with "./".
  bool related = !internal && !text.empty() && !StartsWith(text, "./");
  std::string where = " in the package config " + PackageDir(pjson) + "package.json" +
                      ImportedFrom(base) + (related ? "; targets must start with \"./\"" : "");
  std::string message;
  if (key == "." && !internal) {
    message = "Invalid \"exports\" main target " + JsonQuote(text) + " defined" + where;
  } else {
    message = std::string("Invalid \"") + (internal ? "imports" : "exports") + "\" target " +
              JsonQuote(text) + " defined for '" + std::string(key) + "'" + where;
  }
  return Step::Fail(ResolveError::kInvalidPackageTarget, message, std::string(pjson));
}

Step InvalidConfig(std::string_view pjson, const Base& base, std::string_view detail) {
  std::string message = "Invalid package config " + std::string(pjson) +
                        (base.url.empty() ? "" : " while importing " + base.url) + ". " +
                        std::string(detail);
  return Step::Fail(ResolveError::kInvalidPackageConfig, message, std::string(pjson));
}

// ---------------------------------------------------------------------------
// Package names and "exports"/"imports" maps.

struct PackageName {
  std::string name;
  std::string subpath;  // "." or "./rest"
  bool valid = true;
};

// parsePackageName: first segment, or "@scope/name".
PackageName ParsePackageName(std::string_view specifier) {
  PackageName out;
  size_t separator = specifier.find('/');
  if (!specifier.empty() && specifier[0] == '@') {
    if (separator == std::string_view::npos) {
      out.valid = false;
    } else {
      separator = specifier.find('/', separator + 1);
    }
  }
  out.name = std::string(specifier.substr(0, separator));
  if (StartsWith(out.name, ".") || out.name.find('%') != std::string::npos ||
      out.name.find('\\') != std::string::npos) {
    out.valid = false;
  }
  out.subpath = "." + (separator == std::string_view::npos ? std::string()
                                                           : std::string(specifier.substr(separator)));
  return out;
}

// PATTERN_KEY_COMPARE: -1 when a sorts before b (a is more specific).
int PatternKeyCompare(std::string_view a, std::string_view b) {
  size_t a_star = a.find('*');
  size_t b_star = b.find('*');
  size_t base_a = a_star == std::string_view::npos ? a.size() : a_star + 1;
  size_t base_b = b_star == std::string_view::npos ? b.size() : b_star + 1;
  if (base_a > base_b) return -1;
  if (base_b > base_a) return 1;
  if (a_star == std::string_view::npos) return 1;
  if (b_star == std::string_view::npos) return -1;
  if (a.size() > b.size()) return -1;
  if (b.size() > a.size()) return 1;
  return 0;
}

// The best "*" key of `map` for `request`, and what its "*" stands for.
bool BestPatternMatch(const Json& map, std::string_view request, std::string* best,
                      std::string* star) {
  best->clear();
  for (const auto& item : map.items()) {
    const std::string& key = item.key();
    size_t star_at = key.find('*');
    if (star_at == std::string::npos || !StartsWith(request, key.substr(0, star_at))) continue;
    std::string_view trailer = std::string_view(key).substr(star_at + 1);
    if (request.size() >= key.size() && EndsWith(request, trailer) &&
        PatternKeyCompare(*best, key) == 1 && key.rfind('*') == star_at) {
      *best = key;
      *star = std::string(request.substr(star_at, request.size() - star_at - trailer.size()));
    }
  }
  return !best->empty();
}

// deprecatedInvalidSegmentRegEx: a segment (split at "/" and "\") that is
// ".", "..", or "node_modules", percent-encoded or not, in any case.
// (invalidSegmentRegEx also matches empty segments, which only warn.)
bool HasInvalidSegment(std::string_view s) {
  size_t i = 0;
  while (true) {
    size_t j = s.find_first_of("/\\", i);
    std::string_view seg = s.substr(i, j == std::string_view::npos ? std::string_view::npos : j - i);
    std::string decoded = Lower(PercentDecode(seg));
    if (decoded == "." || decoded == ".." || decoded == "node_modules") return true;
    if (j == std::string_view::npos) return false;
    i = j + 1;
  }
}

bool IsArrayIndex(std::string_view key) {
  if (key.empty() || key.size() > 10) return false;
  if (key.size() > 1 && key[0] == '0') return false;
  uint64_t n = 0;
  for (char c : key) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + static_cast<uint64_t>(c - '0');
  }
  return n < 0xFFFFFFFFull;
}

std::string ReplaceAll(std::string_view s, char from, std::string_view to) {
  std::string out;
  for (char c : s) {
    if (c == from) {
      out += to;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

Step PackageResolve(const Walk& w, std::string_view specifier, const Base& base);

struct TargetQuery {
  std::string_view pjson;  // the package.json path
  std::string_view match;  // the key that matched ("./x", "./*", "#a")
  std::string subpath;     // what "*" stands for; "" for exact keys
  bool pattern = false;
  bool internal = false;   // "imports"
  bool path_map = false;   // the request ended in "/"
  const Base* base = nullptr;
};

Step ResolveTargetString(const Walk& w, const std::string& target, const TargetQuery& q) {
  const Base& base = *q.base;
  if (!q.subpath.empty() && !q.pattern && !EndsWith(target, "/")) {
    return InvalidTarget(q.pjson, q.match, Json(target), q.internal, base);
  }
  if (!StartsWith(target, "./")) {
    if (q.internal && !StartsWith(target, "../") && !StartsWith(target, "/") &&
        UrlScheme(target).empty()) {
      // An "imports" target may name a package: resolve it from the
      // package.json's folder, which is also the "imported from" of errors.
      std::string request = q.pattern ? ReplaceAll(target, '*', q.subpath) : target + q.subpath;
      return PackageResolve(w, request, BaseOfFile(q.pjson));
    }
    return InvalidTarget(q.pjson, q.match, Json(target), q.internal, base);
  }
  std::string_view tail = std::string_view(target).substr(2);
  // Empty segments ("a//b", "dir/") only warn (DEP0166); ".", "..",
  // "node_modules" segments are errors.
  if (HasInvalidSegment(tail)) {
    return InvalidTarget(q.pjson, q.match, Json(target), q.internal, base);
  }
  std::string pjson_url = EncodePathForBase(q.pjson);
  std::string resolved = UrlResolve(pjson_url, target);
  std::string package_url = pjson_url.substr(0, pjson_url.rfind('/') + 1);
  if (!StartsWith(resolved, package_url)) {
    return InvalidTarget(q.pjson, q.match, Json(target), q.internal, base);
  }
  if (q.subpath.empty()) return Step::Found(resolved);
  if (HasInvalidSegment(q.subpath)) {
    std::string request = q.pattern ? [&] {
      std::string m(q.match);
      size_t star = m.find('*');
      return m.substr(0, star) + q.subpath + m.substr(star + 1);
    }()
                                    : std::string(q.match) + q.subpath;
    std::string reason = "request is not a valid match in pattern \"" + std::string(q.match) +
                         "\" for the \"" + (q.internal ? "imports" : "exports") +
                         "\" resolution of " + std::string(q.pjson);
    return InvalidSpecifier(request, reason, base);
  }
  if (q.pattern) {
    // new URL(resolved.href.replace(/\*/g, subpath)): parsed again.
    return Step::Found(UrlResolve("/", ReplaceAll(resolved, '*', q.subpath)));
  }
  return Step::Found(UrlResolve(resolved, q.subpath));
}

// resolvePackageTarget: kFound, kNull (null target), kUndefined (no
// condition matched), or an error.
Step ResolveTarget(const Walk& w, const Json& target, const TargetQuery& q, int depth = 0) {
  // Real packages nest conditions a few levels deep; a hostile one could
  // nest thousands. Deeper than this counts as "no match".
  if (depth > 100) return Step::Null();
  if (target.is_string()) return ResolveTargetString(w, target.get<std::string>(), q);
  if (target.is_array()) {
    if (target.empty()) return Step::Null();
    std::optional<Step> last;  // lastException: unset, a null, or an error
    for (const Json& item : target) {
      Step step = ResolveTarget(w, item, q, depth + 1);
      if (step.failed()) {
        if (step.error.error != ResolveError::kInvalidPackageTarget) return step;
        last = step;
        continue;
      }
      if (step.state == Step::State::kUndefined) continue;
      if (step.state == Step::State::kNull) {
        last = Step::Null();
        continue;
      }
      return step;
    }
    if (!last) return Step();
    return *last;
  }
  if (target.is_object()) {
    for (const auto& item : target.items()) {
      if (IsArrayIndex(item.key())) {
        return InvalidConfig(q.pjson, *q.base, "\"exports\" cannot contain numeric property keys.");
      }
    }
    for (const auto& item : target.items()) {
      if (!w.HasCondition(item.key())) continue;
      Step step = ResolveTarget(w, item.value(), q, depth + 1);
      if (step.state == Step::State::kUndefined) continue;
      return step;
    }
    return Step();
  }
  if (target.is_null()) return Step::Null();
  return InvalidTarget(q.pjson, q.match, target, q.internal, *q.base);
}

// packageExportsResolve.
Step ExportsResolve(const Walk& w, std::string_view pjson, std::string_view subpath,
                    const PackageJson& pkg, const Base& base) {
  const Json& raw = pkg.exports;
  // isConditionalExportsMainSugar.
  bool sugar = raw.is_string() || raw.is_array();
  if (raw.is_object()) {
    bool first = true;
    for (const auto& item : raw.items()) {
      const std::string& key = item.key();
      bool conditional = key.empty() || key[0] != '.';
      if (first) {
        sugar = conditional;
        first = false;
      } else if (sugar != conditional) {
        return InvalidConfig(pjson, base,
                             "\"exports\" cannot contain some keys starting with '.' and some "
                             "not. The exports object must either be an object of package "
                             "subpath keys or an object of main entry condition name keys only.");
      }
    }
  }
  TargetQuery q;
  q.pjson = pjson;
  q.base = &base;
  if (sugar) {
    // Node wraps it as {".": exports}; only "." can match that. (No copy:
    // nlohmann copies recursively, and a hostile file nests deeply.)
    if (subpath != ".") return NotExported(pjson, subpath, base);
    q.match = ".";
    Step step = ResolveTarget(w, raw, q);
    if (step.nullish()) return NotExported(pjson, subpath, base);
    return step;
  }
  const Json* exports = &raw;
  if (!exports->is_object()) return NotExported(pjson, subpath, base);  // e.g. "exports": 5

  std::string key(subpath);
  if (exports->contains(key) && key.find('*') == std::string::npos && !EndsWith(key, "/")) {
    q.match = key;
    Step step = ResolveTarget(w, (*exports)[key], q);
    if (step.nullish()) return NotExported(pjson, subpath, base);
    return step;
  }
  std::string best, star;
  if (BestPatternMatch(*exports, subpath, &best, &star)) {
    q.match = best;
    q.subpath = star;
    q.pattern = true;
    q.path_map = EndsWith(subpath, "/");
    Step step = ResolveTarget(w, (*exports)[best], q);
    if (step.nullish()) return NotExported(pjson, subpath, base);
    return step;
  }
  return NotExported(pjson, subpath, base);
}

// packageImportsResolve (require() uses it too, once it has seen that the
// CommonJS package scope has "imports").
Step ImportsResolve(const Walk& w, std::string_view name, std::string_view parent) {
  Base base = BaseOfFile(parent);
  // Node 24 allows "#/x" (nodejs/node PR "module: allow #/ imports").
  if (name == "#" || EndsWith(name, "/") || (w.major() < 24 && StartsWith(name, "#/"))) {
    return InvalidSpecifier(name, "is not a valid internal imports specifier name", base);
  }
  auto scope = w.EsmScope(parent);
  if (auto error = w.ConfigError(*scope, PackageRead::kEsmScope, name, base)) return *error;
  std::string package_dir;
  if (scope->exists) {
    package_dir = PackageDir(scope->path);
    if (scope->has_imports) {
      const Json& imports = scope->imports;
      TargetQuery q;
      q.pjson = scope->path;
      q.internal = true;
      q.base = &base;
      std::string key(name);
      if (imports.contains(key) && key.find('*') == std::string::npos) {
        q.match = key;
        Step step = ResolveTarget(w, imports[key], q);
        if (!step.nullish()) return step;
      } else {
        std::string best, star;
        if (BestPatternMatch(imports, name, &best, &star)) {
          q.match = best;
          q.subpath = star;
          q.pattern = true;
          Step step = ResolveTarget(w, imports[best], q);
          if (!step.nullish()) return step;
        }
      }
    }
  }
  std::string message = "Package import specifier \"" + std::string(name) + "\" is not defined" +
                        (package_dir.empty() ? "" : " in package " + package_dir + "package.json") +
                        ImportedFrom(base);
  return Step::Fail(ResolveError::kPackageImportNotDefined, message, scope->path);
}

// legacyMainResolve (Node 20+: src/node_file.cc LegacyMainResolve).
Step LegacyMainResolve(const Walk& w, std::string_view pjson, const PackageJson& pkg,
                       const Base& base) {
  std::string pjson_url = EncodePathForBase(pjson);
  std::string initial;
  if (pkg.has_main) {
    std::string main_url = UrlResolve(pjson_url, "./" + pkg.main);
    initial = PercentDecode(main_url);
    for (const char* ext : {"", ".js", ".json", ".node", "/index.js", "/index.json", "/index.node"}) {
      if (w.IsFile(initial + ext)) return Step::Found(main_url + ext);
    }
  }
  std::string index_url = UrlResolve(pjson_url, "./index");
  for (const char* ext : {".js", ".json", ".node"}) {
    if (w.IsFile(PercentDecode(index_url) + ext)) return Step::Found(index_url + ext);
  }
  std::string what;
  if (w.major() >= 20) {
    what = initial.empty() ? PercentDecode(index_url) + ".js" : initial;
  } else {
    what = PackageDir(pjson);  // Node <= 18: the package folder
  }
  return Step::Fail(ResolveError::kModuleNotFound,
                    "Cannot find package '" + what + "'" + ImportedFrom(base),
                    std::string(pjson));
}

// packageResolve: builtins, self-reference, the node_modules walk.
Step PackageResolve(const Walk& w, std::string_view specifier, const Base& base) {
  if (IsBuiltin(specifier, w.major(), /*has_node_prefix=*/false)) {
    return Step::Found("node:" + std::string(specifier));
  }
  PackageName parsed = ParsePackageName(specifier);
  if (!parsed.valid) return InvalidSpecifier(specifier, "is not a valid package name", base);

  auto scope = w.EsmScope(base.path);
  if (auto error = w.ConfigError(*scope, PackageRead::kEsmScope, specifier, base)) return *error;
  if (scope->exists && w.HasExports(*scope) && scope->name == parsed.name) {
    return ExportsResolve(w, scope->path, parsed.subpath, *scope, base);
  }

  for (const std::string& node_modules : NodeModulePaths(w.vfs(), DirName(base.path), false)) {
    std::string folder = node_modules + "/" + parsed.name;
    if (w.IsDirectory(folder)) {
      std::string pjson = folder + "/package.json";
      auto pkg = w.Read(pjson);
      if (auto error = w.ConfigError(*pkg, PackageRead::kEsmPackage, specifier, base)) {
        return *error;
      }
      if (w.HasExports(*pkg)) return ExportsResolve(w, pjson, parsed.subpath, *pkg, base);
      if (parsed.subpath == ".") return LegacyMainResolve(w, pjson, *pkg, base);
      return Step::Found(UrlResolve(EncodePathForBase(pjson), parsed.subpath));
    }
  }
  return Step::Fail(ResolveError::kModuleNotFound,
                    "Cannot find package '" + parsed.name + "'" + ImportedFrom(base));
}

// finalizeResolution: the file must exist; its real path is the result.
Resolution Finalize(const Walk& w, const std::string& url, const Base& base) {
  Resolution r;
  if (IsBuiltinUrl(url)) {
    r.kind = Resolution::Kind::kBuiltin;
    r.path = url;
    r.format = ModuleFormat::kBuiltin;
    return r;
  }
  if (HasEncodedSeparator(url)) {
    return InvalidSpecifier(url, "must not include encoded \"/\" or \"\\\" characters", base).error;
  }
  std::string path = PercentDecode(url);
  std::string_view stat_path = path;
  if (stat_path.size() > 1 && EndsWith(stat_path, "/")) stat_path.remove_suffix(1);
  Lookup l = w.vfs().Resolve(stat_path);
  if (l.status == LookupStatus::kOk && l.node->type == NodeType::kDirectory) {
    return Step::Fail(ResolveError::kUnsupportedDirImport,
                      "Directory import '" + path +
                          "' is not supported resolving ES modules imported from " + base.path)
        .error;
  }
  if (l.status != LookupStatus::kOk || l.node->type != NodeType::kFile) {
    return ModuleNotFound(path, base).error;
  }
  r.kind = Resolution::Kind::kFile;
  r.path = l.real_path;
  r.format = w.resolver().FormatOf(r.path);
  return r;
}

Resolution FromStep(const Walk& w, const Step& step, const Base& base) {
  if (step.failed()) return step.error;
  return Finalize(w, step.url, base);
}

// moduleResolve (+ the node:/data: cases of defaultResolve) for `specifier`
// imported from the file `parent` (a real path).
Resolution EsmResolve(const Walk& w, std::string_view specifier, std::string_view parent) {
  Base base = BaseOfFile(parent);
  if (IsRelativeOrAbsolute(specifier)) {
    return Finalize(w, UrlResolve(EncodePathForBase(parent), specifier), base);
  }
  if (!specifier.empty() && specifier[0] == '#') {
    return FromStep(w, ImportsResolve(w, specifier, parent), base);
  }
  std::string scheme = UrlScheme(specifier);
  if (scheme == "node:") {
    std::string_view name = StripQuery(specifier.substr(5));
    if (IsBuiltin(name, w.major(), /*has_node_prefix=*/true)) {
      return Finalize(w, "node:" + std::string(name), base);
    }
    return Step::Fail(ResolveError::kUnknownBuiltin,
                      "No such built-in module: " + std::string(specifier))
        .error;
  }
  if (scheme == "data:") {
    Resolution r;
    r.kind = Resolution::Kind::kBuiltin;  // nothing on disk to check
    r.path = std::string(specifier);
    return r;
  }
  if (scheme == "file:") {
    return Finalize(w, FileUrlPathname(specifier, EncodePathForBase(parent)), base);
  }
  if (!scheme.empty()) {
    std::string allowed = w.major() >= 22 ? "file and data" : "file, data, and node";
    return Step::Fail(ResolveError::kUnsupportedScheme,
                      "Only URLs with a scheme in: " + allowed +
                          " are supported by the default ESM loader. Received protocol '" +
                          scheme + "'")
        .error;
  }
  return FromStep(w, PackageResolve(w, specifier, base), base);
}

// The package name lambda-sim's NODE_PATH hook looks for, or "".
std::string HookPackageName(std::string_view specifier) {
  if (specifier.empty() || specifier[0] == '#' || specifier[0] == '/' ||
      StartsWith(specifier, "./") || StartsWith(specifier, "../") || !UrlScheme(specifier).empty()) {
    return "";
  }
  size_t first = specifier.find('/');
  if (specifier[0] != '@' || first == std::string_view::npos) {
    return std::string(specifier.substr(0, first));
  }
  size_t second = specifier.find('/', first + 1);
  return std::string(specifier.substr(0, second));
}

// validateAttributes (lib/internal/modules/esm/assert.js), for `type` only.
Resolution CheckTypeAttribute(const Walk& w, Resolution r, std::string_view type) {
  if (r.kind != Resolution::Kind::kFile && r.kind != Resolution::Kind::kBuiltin) return r;
  if (r.kind == Resolution::Kind::kBuiltin && !IsBuiltinUrl(r.path)) return r;  // data:
  const bool old = w.major() <= 20;
  const std::string url = r.kind == Resolution::Kind::kFile ? FileUrlOf(r.path) : r.path;
  auto fail = [&](ResolveError code, std::string message) {
    Resolution e;
    e.kind = Resolution::Kind::kError;
    e.error = code;
    e.message = std::move(message);
    return e;
  };
  auto invalid_type = [&]() {
    if (type != "json") {
      if (old) {
        const char* noun = w.major() <= 17 ? "assertion" : "attribute";
        return fail(ResolveError::kImportAttributeUnsupported,
                    std::string("Import ") + noun + " type \"" + std::string(type) +
                        "\" is unsupported");
      }
      return fail(ResolveError::kImportAttributeUnsupported,
                  "Import attribute \"type\" with value \"" + std::string(type) +
                      "\" is not supported in " + url);
    }
    return fail(ResolveError::kImportAttributeTypeIncompatible,
                "Module \"" + url + "\" is not of type \"" + std::string(type) + "\"");
  };
  switch (r.format) {
    case ModuleFormat::kJson:
      if (type == "json") return r;
      if (type.empty()) {
        if (old) {
          const char* noun = w.major() <= 17 ? "assertion" : "attribute";
          return fail(ResolveError::kImportAttributeMissing,
                      "Module \"" + url + "\" needs an import " + noun + " of type \"json\"");
        }
        return fail(ResolveError::kImportAttributeMissing,
                    "Module \"" + url + "\" needs an import attribute of \"type: json\"");
      }
      return invalid_type();
    case ModuleFormat::kEsm:
    case ModuleFormat::kCommonJs:
    case ModuleFormat::kBuiltin:
    case ModuleFormat::kWasm:
      if (type.empty()) return r;
      return invalid_type();
    default:
      return r;  // formats Node has no type for: attributes are not checked
  }
}

// ---------------------------------------------------------------------------
// CommonJS (lib/internal/modules/cjs/loader.js).

constexpr const char* kCjsExtensions[] = {".js", ".json", ".node"};

Step RequireNotFound(std::string_view what, std::string_view package_json = "") {
  return Step::Fail(ResolveError::kRequireNotFound, "Cannot find module '" + std::string(what) + "'",
                    std::string(package_json));
}

std::string TryExtensions(const Walk& w, const std::string& base) {
  for (const char* ext : kCjsExtensions) {
    std::string real = w.RealFile(base + ext);
    if (!real.empty()) return real;
  }
  return "";
}

// tryPackage: "main" with extensions and index, then index.
Step TryPackage(const Walk& w, const std::string& dir) {
  std::string pjson = dir + "/package.json";
  auto pkg = w.Read(pjson);
  if (auto error = w.ConfigError(*pkg, PackageRead::kCjs, "", Base{})) return *error;
  if (!pkg->has_main || pkg->main.empty()) {
    std::string found = TryExtensions(w, dir + "/index");
    return found.empty() ? Step() : Step::Found(found);
  }
  std::string filename = NormalizePath(dir, pkg->main);
  std::string found = w.RealFile(filename);
  if (found.empty()) found = TryExtensions(w, filename);
  if (found.empty()) found = TryExtensions(w, filename + "/index");
  if (found.empty()) found = TryExtensions(w, dir + "/index");  // DEP0128
  if (found.empty()) {
    return Step::Fail(ResolveError::kRequireNotFound,
                      "Cannot find module '" + filename +
                          "'. Please verify that the package.json has a valid \"main\" entry",
                      pjson);
  }
  return Step::Found(found);
}

// finalizeEsmResolution: an "exports"/"imports" result must be a file.
Step FinalizeForRequire(const Walk& w, const Step& step, const std::string& parent) {
  if (!step.found() || IsBuiltinUrl(step.url)) return step;
  if (HasEncodedSeparator(step.url)) {
    return InvalidSpecifier("file://" + step.url,
                            "must not include encoded \"/\" or \"\\\" characters",
                            Base{parent, ""});
  }
  std::string filename = PercentDecode(step.url);
  std::string real = w.RealFile(filename);
  if (real.empty()) return RequireNotFound(filename);
  return Step::Found(real);
}

// EXPORTS_PATTERN = /^((?:@[^/\\%]+\/)?[^./\\%][^/\\%]*)(\/.*)?$/
bool SplitExportsRequest(std::string_view request, std::string* name, std::string* expansion) {
  auto plain = [](char c) { return c != '/' && c != '\\' && c != '%'; };
  auto match_from = [&](size_t start) -> bool {
    if (start >= request.size() || request[start] == '.' || !plain(request[start])) return false;
    size_t i = start + 1;
    while (i < request.size() && plain(request[i])) ++i;
    if (i < request.size() && request[i] != '/') return false;
    *name = std::string(request.substr(0, i));
    *expansion = std::string(request.substr(i));
    return true;
  };
  if (!request.empty() && request[0] == '@') {
    size_t i = 1;
    while (i < request.size() && plain(request[i])) ++i;
    if (i > 1 && i < request.size() && request[i] == '/' && match_from(i + 1)) return true;
  }
  return match_from(0);
}

// resolveExports: a bare request into a node_modules folder with "exports".
Step ResolveExportsIn(const Walk& w, const std::string& folder, std::string_view request) {
  std::string name, expansion;
  if (!SplitExportsRequest(request, &name, &expansion)) return Step();
  std::string pkg_path = NormalizePath(folder, name);
  std::string pjson = pkg_path + "/package.json";
  auto pkg = w.Read(pjson);
  if (auto error = w.ConfigError(*pkg, PackageRead::kCjs, request, Base{})) return *error;
  if (!pkg->exists || !w.HasExports(*pkg)) return Step();
  Step step = ExportsResolve(w, pjson, "." + expansion, *pkg, Base{});
  if (step.failed() && step.error.error == ResolveError::kModuleNotFound) {
    return RequireNotFound(request, pjson);
  }
  return FinalizeForRequire(w, step, "");
}

// The package name a bare require() request would find in node_modules.
std::string RequirePackageName(std::string_view request) {
  std::string name, expansion;
  if (SplitExportsRequest(request, &name, &expansion)) return name;
  size_t slash = request.find('/');
  if (!request.empty() && request[0] == '@' && slash != std::string_view::npos) {
    slash = request.find('/', slash + 1);
  }
  return std::string(request.substr(0, slash));
}

}  // namespace

// ---------------------------------------------------------------------------

std::vector<std::string> DefaultNodePath(int node_major) {
  return {"/opt/nodejs/node" + std::to_string(node_major) + "/node_modules",
          "/opt/nodejs/node_modules", "/var/runtime/node_modules", "/var/runtime", "/var/task"};
}

std::string_view ResolveErrorCode(ResolveError error) { return ResolveErrorCode(error, 22); }

std::string_view ResolveErrorCode(ResolveError error, int node_major) {
  const bool old = node_major <= 20;
  switch (error) {
    case ResolveError::kNone: return "";
    case ResolveError::kModuleNotFound: return "ERR_MODULE_NOT_FOUND";
    case ResolveError::kUnsupportedDirImport: return "ERR_UNSUPPORTED_DIR_IMPORT";
    case ResolveError::kPackagePathNotExported: return "ERR_PACKAGE_PATH_NOT_EXPORTED";
    case ResolveError::kPackageImportNotDefined: return "ERR_PACKAGE_IMPORT_NOT_DEFINED";
    case ResolveError::kInvalidModuleSpecifier: return "ERR_INVALID_MODULE_SPECIFIER";
    case ResolveError::kInvalidPackageConfig: return "ERR_INVALID_PACKAGE_CONFIG";
    case ResolveError::kInvalidPackageTarget: return "ERR_INVALID_PACKAGE_TARGET";
    case ResolveError::kUnknownBuiltin: return "ERR_UNKNOWN_BUILTIN_MODULE";
    case ResolveError::kUnsupportedScheme: return "ERR_UNSUPPORTED_ESM_URL_SCHEME";
    case ResolveError::kImportAttributeMissing:
      return old ? "ERR_IMPORT_ASSERTION_TYPE_MISSING" : "ERR_IMPORT_ATTRIBUTE_MISSING";
    case ResolveError::kImportAttributeTypeIncompatible:
      return old ? "ERR_IMPORT_ASSERTION_TYPE_FAILED" : "ERR_IMPORT_ATTRIBUTE_TYPE_INCOMPATIBLE";
    case ResolveError::kImportAttributeUnsupported:
      return old ? "ERR_IMPORT_ASSERTION_TYPE_UNSUPPORTED" : "ERR_IMPORT_ATTRIBUTE_UNSUPPORTED";
    case ResolveError::kRequireNotFound: return "MODULE_NOT_FOUND";
  }
  return "";
}

Resolver::Resolver(const Vfs& vfs, ResolveOptions options)
    : vfs_(vfs), options_(std::move(options)) {}

std::shared_ptr<const PackageJson> Resolver::ReadPackageJson(std::string_view path) const {
  {
    std::lock_guard<std::mutex> lock(cache_mutex_);
    auto it = cache_.find(path);
    if (it != cache_.end()) return it->second;
  }
  // Parse outside the lock; a racing thread parses the same file, and the
  // first one stored wins.
  auto parsed = std::make_shared<const PackageJson>(LoadPackageJson(vfs_, path));
  std::lock_guard<std::mutex> lock(cache_mutex_);
  return cache_.emplace(std::string(path), std::move(parsed)).first->second;
}

Resolution Resolver::ResolveImport(const ImportRequest& request) const {
  Walk w(*this, /*esm=*/true);
  Lookup parent_lookup = vfs_.Resolve(request.parent);
  std::string parent = parent_lookup.status == LookupStatus::kOk ? parent_lookup.real_path
                                                                 : std::string(request.parent);
  Resolution r = EsmResolve(w, request.specifier, parent);

  if (options_.managed && r.kind == Resolution::Kind::kError &&
      r.error == ResolveError::kModuleNotFound) {
    std::string name = HookPackageName(request.specifier);
    for (const std::string& folder : name.empty() ? std::vector<std::string>{} : options_.node_path) {
      if (!EndsWith(folder, "/node_modules")) continue;
      std::string candidate = folder + "/" + name;
      if (!vfs_.IsDirectory(candidate)) {
        if (folder == kRuntimeNodeModules && options_.runtime_ships_sdk_v3 &&
            IsRuntimeProvidedPackage(name)) {
          Resolution provided;
          provided.kind = Resolution::Kind::kRuntimeProvided;
          provided.path = candidate;
          provided.node_path_folder = folder;
          return provided;
        }
        continue;
      }
      // The hook resolves again as if imported from a file next to the
      // folder, so Node's own exports/main logic applies there.
      std::string fake_parent =
          folder.substr(0, folder.size() - std::strlen("node_modules")) + ".lambda-node-path.mjs";
      r = EsmResolve(w, request.specifier, fake_parent);
      if (r.kind != Resolution::Kind::kError) {
        r.node_path_folder = folder;
      } else {
        // That parent exists only in the hook (and lambda-sim's emulation
        // of it): name the real importer and the folder instead.
        const std::string fake = " imported from " + fake_parent;
        if (size_t at = r.message.find(fake); at != std::string::npos) {
          r.message.replace(at, fake.size(),
                            " imported from " + parent + " (through NODE_PATH " + folder + ")");
        }
      }
      break;
    }
  }
  return CheckTypeAttribute(w, std::move(r), request.type_attribute);
}

Resolution Resolver::ResolveRequire(std::string_view specifier, std::string_view parent_in) const {
  Walk w(*this, /*esm=*/false);
  Lookup parent_lookup = vfs_.Resolve(parent_in);
  const std::string parent = parent_lookup.status == LookupStatus::kOk
                                 ? parent_lookup.real_path
                                 : std::string(parent_in);
  Resolution builtin;
  builtin.kind = Resolution::Kind::kBuiltin;
  builtin.format = ModuleFormat::kBuiltin;
  if (StartsWith(specifier, "node:")) {
    if (IsBuiltin(specifier.substr(5), w.major(), true)) {
      builtin.path = std::string(specifier);
      return builtin;
    }
    return Step::Fail(ResolveError::kUnknownBuiltin,
                      "No such built-in module: " + std::string(specifier))
        .error;
  }
  if (IsBuiltin(specifier, w.major(), false)) {
    builtin.path = "node:" + std::string(specifier);
    return builtin;
  }
  auto to_resolution = [&](const Step& step) {
    if (step.failed()) return step.error;
    if (IsBuiltinUrl(step.url)) {
      builtin.path = step.url;
      return builtin;
    }
    Resolution r;
    r.kind = Resolution::Kind::kFile;
    r.path = step.url;
    r.format = FormatOf(r.path);
    return r;
  };

  // "#name": the nearest package.json's "imports", when it has any.
  if (!specifier.empty() && specifier[0] == '#') {
    auto scope = w.CjsScope(parent);
    if (auto error = w.ConfigError(*scope, PackageRead::kCjs, specifier, Base{})) {
      return error->error;
    }
    if (scope->exists && scope->has_imports) {
      Step step = ImportsResolve(w, specifier, parent);
      if (step.failed() && step.error.error == ResolveError::kModuleNotFound) {
        return RequireNotFound(specifier).error;
      }
      return to_resolution(FinalizeForRequire(w, step, parent));
    }
  }

  // Self-reference through the package scope's "name" and "exports".
  {
    auto scope = w.CjsScope(parent);
    if (auto error = w.ConfigError(*scope, PackageRead::kCjs, specifier, Base{})) {
      return error->error;
    }
    if (scope->exists && w.HasExports(*scope) && !scope->name.empty()) {
      std::string expansion;
      bool self = false;
      if (specifier == scope->name) {
        expansion = ".";
        self = true;
      } else if (StartsWith(specifier, scope->name + "/")) {
        expansion = "." + std::string(specifier.substr(scope->name.size()));
        self = true;
      }
      if (self) {
        Step step = ExportsResolve(w, scope->path, expansion, *scope, BaseOfFile(parent));
        if (step.failed() && step.error.error == ResolveError::kModuleNotFound) {
          return RequireNotFound(specifier, scope->path).error;
        }
        return to_resolution(FinalizeForRequire(w, step, parent));
      }
    }
  }

  // Module._findPath over the lookup paths.
  const bool absolute = StartsWith(specifier, "/");
  const bool relative = specifier == "." || specifier == ".." || StartsWith(specifier, "./") ||
                        StartsWith(specifier, "../");
  std::vector<std::string> paths;
  if (absolute) {
    paths = {""};
  } else if (relative) {
    paths = {DirName(parent)};
  } else {
    paths = NodeModulePaths(vfs_, DirName(parent), /*cjs=*/true);
    paths.insert(paths.end(), options_.node_path.begin(), options_.node_path.end());
  }
  const bool trailing_slash = EndsWith(specifier, "/") || specifier == "." || specifier == ".." ||
                              EndsWith(specifier, "/.") || EndsWith(specifier, "/..");
  const std::string package_name = RequirePackageName(specifier);
  for (const std::string& folder : paths) {
    if (!absolute && !relative && folder == kRuntimeNodeModules &&
        options_.runtime_ships_sdk_v3 && IsRuntimeProvidedPackage(package_name) &&
        !vfs_.IsDirectory(folder + "/" + package_name)) {
      Resolution provided;
      provided.kind = Resolution::Kind::kRuntimeProvided;
      provided.path = folder + "/" + package_name;
      provided.node_path_folder = folder;
      return provided;
    }
    // (Node skips this test for relative requests that climb out of the
    // parent's folder; that folder exists, so it passes anyway.)
    if (!folder.empty() && !vfs_.IsDirectory(folder)) continue;
    if (!absolute) {
      Step step = ResolveExportsIn(w, folder, specifier);
      if (step.failed() || step.found()) return to_resolution(step);
    }
    std::string base_path = NormalizePath(folder.empty() ? "/" : folder, specifier);
    Lookup stat = vfs_.Resolve(base_path);
    const bool is_file = stat.status == LookupStatus::kOk && stat.node->type == NodeType::kFile;
    const bool is_dir = stat.status == LookupStatus::kOk && stat.node->type == NodeType::kDirectory;
    std::string filename;
    if (!trailing_slash) {
      if (is_file) filename = stat.real_path;
      if (filename.empty()) filename = TryExtensions(w, base_path);
    }
    if (filename.empty() && is_dir) {
      Step step = TryPackage(w, base_path);
      if (step.failed()) return step.error;
      if (step.found()) filename = step.url;
    }
    if (!filename.empty()) {
      Resolution r = to_resolution(Step::Found(filename));
      if (!relative && !absolute) {
        for (const std::string& global : options_.node_path) {
          if (global == folder) r.node_path_folder = folder;
        }
      }
      return r;
    }
  }
  return RequireNotFound(specifier).error;
}

ModuleFormat Resolver::FormatOf(std::string_view path_in) const {
  if (StartsWith(path_in, "node:")) return ModuleFormat::kBuiltin;
  Lookup l = vfs_.Resolve(path_in);
  std::string path = l.status == LookupStatus::kOk ? l.real_path : std::string(path_in);
  std::string base = BaseName(path);
  size_t dot = base.rfind('.');
  std::string ext = dot == std::string::npos || dot == 0 ? "" : base.substr(dot);
  if (ext == ".mjs") return ModuleFormat::kEsm;
  if (ext == ".cjs") return ModuleFormat::kCommonJs;
  if (ext == ".json") return ModuleFormat::kJson;
  if (ext == ".node") return ModuleFormat::kAddon;
  if (ext == ".wasm") return ModuleFormat::kWasm;
  if (ext != ".js" && !ext.empty()) return ModuleFormat::kUnknown;
  std::optional<std::string> scope = FindPackageScope(path);
  if (scope && ReadPackageJson(*scope)->type == "module") return ModuleFormat::kEsm;
  return ModuleFormat::kCommonJs;
}

bool Resolver::IsAmbiguousFormat(std::string_view path_in) const {
  if (FormatOf(path_in) != ModuleFormat::kCommonJs) return false;
  Lookup l = vfs_.Resolve(path_in);
  std::string path = l.status == LookupStatus::kOk ? l.real_path : std::string(path_in);
  if (EndsWith(path, ".cjs")) return false;
  std::optional<std::string> scope = FindPackageScope(path);
  return !scope || ReadPackageJson(*scope)->type.empty();
}

std::vector<std::string> NodeModulePaths(const Vfs& vfs, std::string_view dir, bool cjs) {
  std::vector<std::string> paths;
  std::string real;
  if (auto folders = FoldersDownTo(vfs, dir, &real)) {
    for (size_t i = folders->size(); i-- > 0;) {
      std::string_view folder = std::string_view(real).substr(0, (*folders)[i].first);
      if (cjs && EndsWith(folder, "/node_modules")) continue;
      if ((*folders)[i].second->children.count("node_modules") == 0) continue;
      paths.push_back(Join(folder, "node_modules"));
    }
    return paths;
  }
  std::string folder(dir);
  while (folder != "/") {
    if (!cjs || !EndsWith(folder, "/node_modules")) paths.push_back(folder + "/node_modules");
    folder = DirName(folder);
  }
  paths.push_back("/node_modules");
  return paths;
}

std::optional<std::string> Resolver::FindPackageScope(std::string_view path_in) const {
  std::string dir;
  if (EndsWith(path_in, "/")) {
    Lookup l = vfs_.Resolve(path_in);
    dir = l.status == LookupStatus::kOk ? l.real_path : NormalizePath("/", path_in);
  } else {
    Lookup l = vfs_.Resolve(path_in);
    dir = DirName(l.status == LookupStatus::kOk ? l.real_path : NormalizePath("/", path_in));
  }
  return NearestPackageJson(*this, dir,
                            [](std::string_view d) { return EndsWith(d, "/node_modules"); });
}

}  // namespace lel
