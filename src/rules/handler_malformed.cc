// handler-malformed: the Handler setting cannot name a module and an export:
// the part after the last '/' has no '.', or the setting contains "..".
// The runtime interface client refuses it before loading anything.
#include "rules/handler.h"
#include "rules/registry.h"

namespace lel {
namespace {

void Check(const Context& context, Findings* out) {
  // Guard: a well-formed handler.
  if (context.handler_spec.valid) return;
  const std::string& handler = context.options.handler;
  std::string message =
      handler.find("..") != std::string::npos
          ? "Runtime.MalformedHandlerName: '" + handler +
                "' is not a valid handler name. Use absolute paths when specifying root "
                "directories in handler names."
          : "Runtime.MalformedHandlerName: Bad handler ('" + handler +
                "' needs the form file.export, e.g. index.handler)";
  out->Add(kHandlerMalformed, std::move(message));
}

}  // namespace

const Rule kHandlerMalformed = {
    "handler-malformed", Category::kCorrectness, Severity::kError, /*fixable=*/false,
    "the Handler setting is not of the form [dir/]file.export", &Check};

}  // namespace lel
