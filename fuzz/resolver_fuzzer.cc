// Fuzz target: package.json parsing and resolution from arbitrary JSON.
// Input: a specifier on the first line, then the package.json text. That
// JSON becomes both the function's own /var/task/package.json ("imports",
// self-reference) and node_modules/pkg/package.json ("exports", "main"), in
// a small in-memory tree; the specifier (and a few fixed ones) are resolved
// as import and as require, for two Node majors, stock and managed, and a
// failure is diagnosed as the linter would.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "archive/vfs.h"
#include "resolve/diagnose.h"
#include "resolve/package_json.h"
#include "resolve/resolver.h"

namespace {

lel::Vfs MakeTree(std::string_view json) {
  lel::Vfs vfs;
  const std::string text(json);
  vfs.AddFile("/var/task/index.mjs", 0644, {}, "export const handler = 1;\n");
  vfs.AddFile("/var/task/index.cjs", 0644, {}, "module.exports = {};\n");
  vfs.AddFile("/var/task/package.json", 0644, {}, text);
  const std::string pkg = "/var/task/node_modules/pkg/";
  vfs.AddFile(pkg + "package.json", 0644, {}, text);
  for (const char* file : {"index.js", "index.mjs", "index.cjs", "main.js", "lib/a.js",
                           "lib/a.mjs", "dist/esm/index.js", "dist/cjs/index.js", "data.json",
                           "x.node", "x.wasm"}) {
    vfs.AddFile(pkg + file, 0644, {}, "export {};\n");
  }
  vfs.AddFile(pkg + "sub/package.json", 0644, {}, "{\"type\":\"commonjs\",\"main\":\"a.js\"}");
  vfs.AddFile(pkg + "sub/a.js", 0644);
  vfs.AddSymlink(pkg + "loop", "loop");
  vfs.AddSymlink("/var/task/node_modules/alias", "pkg");
  vfs.AddFile("/opt/nodejs/node_modules/layered/package.json", 0644, {}, text);
  vfs.AddFile("/opt/nodejs/node_modules/layered/index.js", 0644);
  return vfs;
}

void ResolveAll(const lel::Vfs& vfs, int major, bool managed, std::string_view specifier) {
  lel::ResolveOptions options;
  options.node_major = major;
  options.managed = managed;
  options.node_path = lel::DefaultNodePath(major);
  lel::Resolver resolver(vfs, options);
  for (std::string_view spec : {specifier, std::string_view("pkg"), std::string_view("pkg/lib/a"),
                                std::string_view("#internal"), std::string_view("layered"),
                                std::string_view("alias/sub")}) {
    for (std::string_view type : {std::string_view(), std::string_view("json")}) {
      lel::ImportRequest request{spec, "/var/task/index.mjs", type};
      lel::Resolution resolution = resolver.ResolveImport(request);
      if (resolution.kind == lel::Resolution::Kind::kError) {
        if (resolution.message.empty()) abort();
        lel::Diagnose(resolver, request, resolution);
      }
    }
    resolver.ResolveRequire(spec, "/var/task/index.cjs");
  }
  resolver.FormatOf("/var/task/node_modules/pkg/index.js");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t newline = input.find('\n');
  std::string_view specifier = newline == std::string_view::npos ? "pkg" : input.substr(0, newline);
  std::string_view json = newline == std::string_view::npos ? input : input.substr(newline + 1);
  if (specifier.size() > 256) return 0;

  lel::PackageJson parsed = lel::ParsePackageJson("/var/task/package.json", json);
  if (!parsed.valid && parsed.exists && parsed.parse_error.empty()) abort();

  const lel::Vfs vfs = MakeTree(json);
  ResolveAll(vfs, 22, false, specifier);
  ResolveAll(vfs, 20, true, specifier);
  return 0;
}
