// handler-callback-style: a handler declared with three or more parameters
// (event, context, callback). aws-lambda-ric 4.x (nodejs24.x) refuses it
// with Runtime.CallbackHandlerDeprecated; older runtimes still call it, so
// there it is a portability warning.
#include "rules/handler_export.h"
#include "rules/module_graph.h"
#include "rules/registry.h"

namespace lel {
namespace {

constexpr int kCallbackArity = 3;

void Check(const Context& context, Findings* out) {
  HandlerExport handler = FindHandlerExport(context);
  // Guard: only a function whose arity we know. A streaming handler is
  // wrapped (awslambda.streamifyResponse(...)) and so never a plain function.
  if (handler.state != HandlerExport::State::kFound) return;
  if (handler.value.kind != ValueKind::kFunction || handler.value.length < kCallbackArity) return;
  const ModuleNode& module = context.graph.modules()[context.graph.handler()];
  // aws-lambda-ric 4.x (nodejs24.x) refuses it; 3.x calls it.
  const bool fatal = context.options.runtime->ric_major >= 4;
  Finding& finding = out->Add(
      kHandlerCallbackStyle,
      fatal ? "Runtime.CallbackHandlerDeprecated: AWS Lambda has removed support for "
              "callback-based function handlers starting with Node.js 24 (the handler takes " +
                  std::to_string(handler.value.length) + " parameters)"
            : "the handler takes " + std::to_string(handler.value.length) +
                  " parameters (callback style): nodejs24.x refuses it with "
                  "Runtime.CallbackHandlerDeprecated; use an async handler");
  PointAt(EntryOf(context.package, module.path), &finding);
  finding.span = handler.span;
  if (!fatal) {
    finding.category = Category::kPortability;
    finding.severity = Severity::kWarning;
  }
}

}  // namespace

const Rule kHandlerCallbackStyle = {
    "handler-callback-style", Category::kCorrectness, Severity::kError, /*fixable=*/false,
    "a callback-style handler (three parameters), refused by nodejs24.x", &Check};

}  // namespace lel
