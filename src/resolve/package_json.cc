#include "resolve/package_json.h"

#include <algorithm>

#include "archive/vfs.h"
#include "archive/zip_archive.h"
#include "json/json_io.h"

namespace lel {
namespace {

using Json = nlohmann::ordered_json;

// Node reads a package.json of any depth; the fields the resolver uses sit
// near the top ("exports" conditions a few levels down), and its walk of a
// target stops at 100 levels. Deeper values are dropped, not refused.
constexpr JsonReadLimits kPackageJsonLimits = {.max_depth = 1000, .drop_deeper = true};

void AddDependencyNames(const Json& object, const char* field, std::vector<std::string>* names) {
  auto it = object.find(field);
  if (it == object.end() || !it->is_object()) return;
  for (const auto& item : it->items()) {
    if (std::find(names->begin(), names->end(), item.key()) == names->end()) {
      names->push_back(item.key());
    }
  }
}

}  // namespace

PackageJson ParsePackageJson(std::string_view path, std::string_view text) {
  PackageJson pkg;
  pkg.path = std::string(path);
  pkg.exists = true;
  Json doc;
  if (!ReadJson(text, &doc, &pkg.parse_error, kPackageJsonLimits)) return pkg;
  pkg.valid = true;
  if (!doc.is_object()) {
    // Node <= 20 parses any JSON value and then finds none of its fields;
    // Node 22+'s reader rejects the file.
    pkg.strict_error = "not a JSON object";
    return pkg;
  }

  if (auto it = doc.find("name"); it != doc.end()) {
    if (it->is_string()) {
      pkg.name = it->get<std::string>();
    } else {
      pkg.strict_error = "\"name\" is not a string";
    }
  }
  if (auto it = doc.find("version"); it != doc.end() && it->is_string()) {
    pkg.version = it->get<std::string>();
  }
  if (auto it = doc.find("engines"); it != doc.end() && it->is_object()) {
    if (auto node = it->find("node"); node != it->end() && node->is_string()) {
      pkg.has_engines_node = true;
      pkg.engines_node = node->get<std::string>();
    }
  }
  if (auto it = doc.find("type"); it != doc.end()) {
    if (it->is_string()) {
      const std::string& type = it->get_ref<const std::string&>();
      if (type == "module" || type == "commonjs") pkg.type = type;
    } else if (pkg.strict_error.empty()) {
      pkg.strict_error = "\"type\" is not a string";
    }
  }
  if (auto it = doc.find("main"); it != doc.end() && it->is_string()) {
    pkg.has_main = true;
    pkg.main = it->get<std::string>();
  }
  if (auto it = doc.find("exports"); it != doc.end() && !it->is_null()) {
    pkg.has_exports = true;
    pkg.exports = std::move(*it);  // no deep copy
  }
  if (auto it = doc.find("imports"); it != doc.end() && it->is_object()) {
    pkg.has_imports = true;
    pkg.imports = std::move(*it);  // no deep copy
  }
  AddDependencyNames(doc, "dependencies", &pkg.dependencies);
  AddDependencyNames(doc, "optionalDependencies", &pkg.dependencies);
  AddDependencyNames(doc, "peerDependencies", &pkg.dependencies);
  return pkg;
}

PackageJson LoadPackageJson(const Vfs& vfs, std::string_view path) {
  PackageJson missing;
  missing.path = std::string(path);
  Lookup lookup = vfs.Resolve(path);
  if (lookup.status != LookupStatus::kOk || lookup.node->type != NodeType::kFile) {
    return missing;
  }
  // Refuse oversized files before inflating them.
  const VfsNode& node = *lookup.node;
  const Entry* entry = vfs.EntryOf(node.origin);
  uint64_t size = entry != nullptr ? entry->size : node.inline_content.size();
  if (size > kMaxPackageJsonBytes) {
    missing.exists = true;
    missing.parse_error = "larger than " + std::to_string(kMaxPackageJsonBytes) + " bytes";
    return missing;
  }
  std::string text, err;
  if (!vfs.ReadFile(path, &text, &err)) {
    missing.exists = true;
    missing.parse_error = "cannot read: " + err;
    return missing;
  }
  if (text.size() > kMaxPackageJsonBytes) {  // declared size was wrong
    missing.exists = true;
    missing.parse_error = "larger than " + std::to_string(kMaxPackageJsonBytes) + " bytes";
    return missing;
  }
  return ParsePackageJson(path, text);
}

}  // namespace lel
