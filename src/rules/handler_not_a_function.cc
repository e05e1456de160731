// handler-not-a-function: the handler's name is exported, but its value is
// certainly not a function (a literal, an object, an array): the runtime
// interface client refuses it with Runtime.HandlerNotFound at init.
#include "rules/handler.h"
#include "rules/handler_export.h"
#include "rules/module_graph.h"
#include "rules/registry.h"

namespace lel {
namespace {

void Check(const Context& context, Findings* out) {
  HandlerExport handler = FindHandlerExport(context);
  // Guard: only a found export with a known, non-callable value. (A class
  // passes the runtime's typeof check; nested export paths are not read.)
  if (handler.state != HandlerExport::State::kFound) return;
  if (context.handler_spec.export_path.find('.') != std::string::npos) return;
  if (handler.value.kind != ValueKind::kObject && handler.value.kind != ValueKind::kOther) return;
  const ModuleNode& module = context.graph.modules()[context.graph.handler()];
  Finding& finding = out->Add(kHandlerNotAFunction, "Runtime.HandlerNotFound: " +
                                                        context.options.handler +
                                                        " is not a function");
  PointAt(EntryOf(context.package, module.path), &finding);
  finding.span = handler.span;
}

}  // namespace

const Rule kHandlerNotAFunction = {
    "handler-not-a-function", Category::kCorrectness, Severity::kError, /*fixable=*/false,
    "the exported handler is not a function", &Check};

}  // namespace lel
