// One package.json, read the way Node.js reads it for module resolution.
//
// Node reads only a few fields ("name", "main", "type", "exports",
// "imports"); the rest here (version, dependencies) is for the rules.
// Parsing never throws and never reads more than kMaxPackageJsonBytes.
#ifndef LEL_RESOLVE_PACKAGE_JSON_H_
#define LEL_RESOLVE_PACKAGE_JSON_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace lel {

class Vfs;

// A package.json larger than this is reported as invalid rather than read.
// Real ones are a few KB; the largest on npm are well under 1 MB.
inline constexpr size_t kMaxPackageJsonBytes = 4u << 20;

struct PackageJson {
  std::string path;           // where it was read from, e.g. /var/task/package.json
  bool exists = false;        // a file (not a folder) is there
  bool valid = false;         // exists and is well-formed JSON
  std::string parse_error;    // why not valid (parser message or read error)
  // Node 22+'s reader (src/node_modules.cc) also rejects a document that is
  // not an object, or whose "name" or "type" is present but not a string;
  // Node <= 20 just ignores those. Set, with the reason, when that is the
  // case; `valid` stays true.
  std::string strict_error;

  std::string name;           // "" when absent or not a string
  std::string version;
  // "engines": {"node": RANGE}, a string (npm warns, and does not refuse,
  // outside it; Node never reads it).
  bool has_engines_node = false;
  std::string engines_node;
  std::string type;           // "module", "commonjs", or "" (absent/other)
  bool has_main = false;      // "main" is a string (may be "")
  std::string main;
  // "exports"/"imports" keep their object key order (conditions are matched
  // in object order), hence ordered_json. has_exports: present and not null.
  bool has_exports = false;
  nlohmann::ordered_json exports;
  bool has_imports = false;   // an object
  nlohmann::ordered_json imports;
  // Names in "dependencies", "optionalDependencies", "peerDependencies",
  // in that order, without duplicates.
  std::vector<std::string> dependencies;
};

// Parses `text` as the package.json at `path`. Never throws.
PackageJson ParsePackageJson(std::string_view path, std::string_view text);

// Reads and parses `path` from `vfs` (following links). A missing path or a
// folder gives exists=false; an unreadable or oversized file gives
// exists=true, valid=false.
PackageJson LoadPackageJson(const Vfs& vfs, std::string_view path);

}  // namespace lel

#endif  // LEL_RESOLVE_PACKAGE_JSON_H_
