#include "rules/handler.h"

#include "archive/lambda_view.h"

namespace lel {
namespace {

bool IsModuleScope(const Resolver& resolver, std::string_view path) {
  std::optional<std::string> scope = resolver.FindPackageScope(path);
  return scope && resolver.ReadPackageJson(*scope)->type == "module";
}

}  // namespace

HandlerSpec ParseHandler(std::string_view handler) {
  HandlerSpec spec;
  if (handler.find("..") != std::string_view::npos) return spec;
  size_t slash = handler.rfind('/');
  std::string_view file = slash == std::string_view::npos ? handler : handler.substr(slash + 1);
  size_t dot = file.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == file.size()) return spec;
  spec.valid = true;
  if (slash != std::string_view::npos) spec.dir = std::string(handler.substr(0, slash));
  spec.module = std::string(file.substr(0, dot));
  spec.export_path = std::string(file.substr(dot + 1));
  return spec;
}

HandlerModule LocateHandler(const Resolver& resolver, const HandlerSpec& spec) {
  HandlerModule result;
  if (!spec.valid) return result;
  const std::string base = NormalizePath(NormalizePath(kTaskRoot, spec.dir), spec.module);
  for (const char* ext : {"", ".js", ".mjs", ".cjs"}) {
    std::string candidate = base + ext;
    result.tried.push_back(candidate);
    if (!resolver.vfs().IsFile(candidate)) continue;
    result.found = true;
    result.path = resolver.vfs().Resolve(candidate).real_path;
    // An extensionless file is require()d by 3.x; by 4.x it is import()ed,
    // and Node then decides by the package scope like a .js file.
    const bool extensionless = *ext == '\0';
    if (extensionless && resolver.options().node_major < 24) {
      result.format = ModuleFormat::kCommonJs;
    } else if (extensionless) {
      result.format = IsModuleScope(resolver, result.path) ? ModuleFormat::kEsm
                                                          : ModuleFormat::kCommonJs;
    } else {
      result.format = resolver.FormatOf(result.path);
    }
    result.by_require =
        resolver.options().node_major < 24 && result.format == ModuleFormat::kCommonJs;
    return result;
  }
  return result;
}

}  // namespace lel
