// handler-not-exported: the handler's module loads but does not export the
// handler's name: Runtime.HandlerNotFound at init. Where the exports
// cannot be read statically, an info finding says so instead of guessing.
#include "rules/handler.h"
#include "rules/handler_export.h"
#include "rules/module_graph.h"
#include "rules/registry.h"

namespace lel {

namespace {

void CheckHandlerNotExported(const Context& context, Findings* out) {
  HandlerExport handler = FindHandlerExport(context);
  // Guard: nothing to say when there is no module, or it exports the name.
  if (handler.state == HandlerExport::State::kNoModule ||
      handler.state == HandlerExport::State::kFound) {
    return;
  }
  const ModuleNode& module = context.graph.modules()[context.graph.handler()];
  const bool unknown = handler.state == HandlerExport::State::kUnknown;
  Finding& finding = out->Add(
      kHandlerNotExported,
      unknown ? "cannot tell statically whether the handler's module exports '" +
                    context.handler_spec.export_path + "': " + handler.unknown_why
              : "Runtime.HandlerNotFound: " + context.options.handler +
                    " is undefined or not exported");
  PointAt(EntryOf(context.package, module.path), &finding);
  if (unknown) finding.severity = Severity::kInfo;
  // `export default { handler }` works on nodejs24.x only: say so.
  const std::string& path = context.handler_spec.export_path;
  const std::string name = path.substr(0, path.find('.'));
  for (const ExportedName& e : module.scan.exports) {
    if (unknown || e.name != "default") continue;
    for (const ExportedName& member : e.members) {
      if (member.name != name) continue;
      finding.notes.push_back("it is a property of the default export, which only nodejs24.x "
                              "looks into; export it by name");
    }
  }
}

}  // namespace

const Rule kHandlerNotExported = {
    "handler-not-exported", Category::kCorrectness, Severity::kError, /*fixable=*/false,
    "the handler's module does not export the handler's name", &CheckHandlerNotExported};

}  // namespace lel
