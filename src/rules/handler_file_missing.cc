// handler-file-missing: no file matches the handler's module in the order
// the runtime interface client tries (app, app.js, app.mjs, app.cjs under
// /var/task/<dir>), so init fails with Runtime.ImportModuleError.
#include "rules/handler.h"
#include "rules/registry.h"

namespace lel {
namespace {

void Check(const Context& context, Findings* out) {
  // Guard: malformed handlers are handler-malformed's.
  if (!context.handler_spec.valid) return;
  // Guard: found.
  if (context.handler.found) return;
  Finding& finding = out->Add(
      kHandlerFileMissing, "Runtime.ImportModuleError: Error: Cannot find module '" +
                               context.handler_spec.module + "' (handler " +
                               context.options.handler + ")");
  std::string tried;
  for (const std::string& candidate : context.handler.tried) {
    tried += (tried.empty() ? "" : ", ") + candidate;
  }
  finding.notes.push_back("tried, in the runtime's order: " + tried);
  // A common set-up mistake: the zip holds the project folder, not its
  // contents, so the handler's file is one folder down.
  constexpr std::string_view kRoot = "/var/task/";
  const Vfs& vfs = context.package.vfs;
  for (const std::string& folder : vfs.List("/var/task")) {
    if (folder == "node_modules" || !vfs.IsDirectory(std::string(kRoot) + folder)) continue;
    for (const std::string& candidate : context.handler.tried) {
      if (candidate.rfind(kRoot, 0) != 0) continue;
      const std::string below = folder + "/" + candidate.substr(kRoot.size());
      if (!vfs.IsFile(std::string(kRoot) + below)) continue;
      finding.notes.push_back("found " + below + ": zip from inside " + folder +
                              "/ (cd " + folder + " && zip -r ../function.zip .), or set the "
                              "Handler to " + folder + "/" + context.options.handler);
      return;
    }
  }
}

}  // namespace

const Rule kHandlerFileMissing = {
    "handler-file-missing", Category::kCorrectness, Severity::kError, /*fixable=*/false,
    "no file in the package matches the handler's module", &Check};

}  // namespace lel
