// The handler setting ("src/app.handler") and the file the runtime interface
// client loads for it (lambda-node-runtime.md §4).
#ifndef LEL_RULES_HANDLER_H_
#define LEL_RULES_HANDLER_H_

#include <string>
#include <string_view>
#include <vector>

#include "resolve/resolver.h"

namespace lel {

struct HandlerSpec {
  bool valid = false;
  std::string dir;          // "src" for "src/app.handler", "" for "index.handler"
  std::string module;       // "app"
  std::string export_path;  // "handler" (dots walk nested objects)
};

// Splits like the runtime interface client: the part after the last '/'
// splits at its first '.'. No '.' or any ".." is malformed.
HandlerSpec ParseHandler(std::string_view handler);

struct HandlerModule {
  bool found = false;
  std::string path;                 // /var/task/src/app.mjs
  ModuleFormat format = ModuleFormat::kUnknown;
  // The client loads it with require() (3.x: every CommonJS candidate),
  // not import() (3.x: ES modules; 4.x: everything).
  bool by_require = false;
  std::vector<std::string> tried;   // candidates in the order tried
};

// Finds the handler's file in the runtime's order: aws-lambda-ric 3.x for
// nodejs18.x-22.x (app, app.js, app.mjs, app.cjs; app and a .js outside a
// "type": "module" scope load as CommonJS), 4.x for nodejs24.x (the same
// order, each with import()).
HandlerModule LocateHandler(const Resolver& resolver, const HandlerSpec& spec);

}  // namespace lel

#endif  // LEL_RULES_HANDLER_H_
