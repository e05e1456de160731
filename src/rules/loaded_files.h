// Which files of the package the runtime will open for this handler: its
// module and everything the module graph reaches from it (addons and JSON
// included). Archive-level rules use it to tell "fails" from "untidy".
#ifndef LEL_RULES_LOADED_FILES_H_
#define LEL_RULES_LOADED_FILES_H_

#include <set>
#include <string>

#include "rules/rule.h"

namespace lel {

// Real view paths ("/var/task/index.mjs", "/opt/nodejs/node_modules/x/y.js").
std::set<std::string> LoadedFiles(const Context& context);

}  // namespace lel

#endif  // LEL_RULES_LOADED_FILES_H_
