// Fuzz target: the package.json reader on its own (ParsePackageJson and
// LoadPackageJson, src/resolve/package_json.cc; resolver_fuzzer covers what
// the resolver does with the result). Input: the file's text.
// Invariants: an invalid file has a reason, one capped line
// (one_line_error.h); a valid one agrees with a plain read of the same text
// (ReadJson into an unordered nlohmann::json): "name", "version", "main",
// "type" (kept only when "module" or "commonjs"), "exports" present and not
// null, "imports" an object, the dependency names (each once); Node 22's
// objection (strict_error) is set exactly when the document is not an object
// or its "name" or "type" is not a string; reading the same bytes from a Vfs
// gives the same result; the kept "exports" and "imports" dump to JSON that
// reads back.
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include "archive/vfs.h"
#include "json/json_io.h"
#include "one_line_error.h"
#include "resolve/package_json.h"

namespace {

std::string StringOr(const nlohmann::json& doc, const char* key) {
  auto it = doc.find(key);
  return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void CheckAgainstPlainRead(const lel::PackageJson& pkg, std::string_view input) {
  nlohmann::json doc;
  std::string err;
  bool cut = false;
  // The reader's own bound: deeper values dropped, not refused.
  if (!lel::ReadJson(input, &doc, &err, {.max_depth = 1000, .drop_deeper = true}, &cut)) abort();
  if (!doc.is_object()) {
    if (pkg.strict_error.empty() || !pkg.name.empty() || pkg.has_exports) abort();
    return;
  }
  auto present_not = [&](const char* key) { return doc.contains(key) && !doc[key].is_string(); };
  if (pkg.strict_error.empty() == (present_not("name") || present_not("type"))) abort();
  if (pkg.name != StringOr(doc, "name") || pkg.version != StringOr(doc, "version")) abort();
  const std::string type = StringOr(doc, "type");
  if (pkg.type != (type == "module" || type == "commonjs" ? type : "")) abort();
  if (pkg.has_main != (doc.contains("main") && doc["main"].is_string())) abort();
  if (pkg.main != StringOr(doc, "main")) abort();
  if (pkg.has_exports != (doc.contains("exports") && !doc["exports"].is_null())) abort();
  if (pkg.has_imports != (doc.contains("imports") && doc["imports"].is_object())) abort();
  std::set<std::string> expected;
  for (const char* field : {"dependencies", "optionalDependencies", "peerDependencies"}) {
    if (!doc.contains(field) || !doc[field].is_object()) continue;
    for (const auto& item : doc[field].items()) expected.insert(item.key());
  }
  const std::set<std::string> got(pkg.dependencies.begin(), pkg.dependencies.end());
  if (got != expected || got.size() != pkg.dependencies.size()) abort();
}

void CheckDumpReadsBack(const nlohmann::ordered_json& value) {
  nlohmann::ordered_json back;
  std::string err;
  if (!lel::ReadJson(lel::DumpJson(value, -1), &back, &err, {.max_depth = 1000})) abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const lel::PackageJson pkg = lel::ParsePackageJson("/var/task/package.json", input);
  if (!pkg.exists) abort();
  if (!pkg.valid) {
    lel_fuzz::CheckOneLineError(pkg.parse_error, input);
  } else {
    CheckAgainstPlainRead(pkg, input);
    if (pkg.has_exports) CheckDumpReadsBack(pkg.exports);
    if (pkg.has_imports) CheckDumpReadsBack(pkg.imports);
  }
  lel::Vfs vfs;
  vfs.AddFile("/var/task/package.json", 0644, {}, std::string(input));
  const lel::PackageJson loaded = lel::LoadPackageJson(vfs, "/var/task/package.json");
  if (loaded.valid != pkg.valid || loaded.parse_error != pkg.parse_error ||
      loaded.strict_error != pkg.strict_error || loaded.name != pkg.name ||
      loaded.type != pkg.type || loaded.dependencies != pkg.dependencies) {
    abort();
  }
  return 0;
}
