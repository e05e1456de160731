// What the handler's module exports under the handler's name, read
// statically, the way the runtime interface client looks it up.
#ifndef LEL_RULES_HANDLER_EXPORT_H_
#define LEL_RULES_HANDLER_EXPORT_H_

#include "js/module_scan.h"
#include "rules/rule.h"

namespace lel {

struct HandlerExport {
  enum class State {
    kNoModule,  // no handler module (malformed, missing, unreadable)
    kFound,
    kMissing,   // certainly not exported: Runtime.HandlerNotFound
    kUnknown,   // the exports cannot be known statically
  };
  State state = State::kNoModule;
  ValueShape value;          // when found (kUnknown kind for re-exports)
  Span span;                 // the exported name in the handler's file
  std::string unknown_why;   // for kUnknown
};

// Looks up the first segment of the export path ("handler" of
// "index.handler", "a" of "index.a.b"): ES exports (and `export *`), on
// nodejs24.x also the members of `export default { ... }` (aws-lambda-ric
// 4.x), or CommonJS module.exports for a module loaded as CommonJS.
HandlerExport FindHandlerExport(const Context& context);

}  // namespace lel

#endif  // LEL_RULES_HANDLER_EXPORT_H_
