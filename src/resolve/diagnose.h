// Why a resolution failed, in terms a fix can use: the specifier that would
// have worked, or where the package really is. Node itself only guesses
// with CommonJS rules ("Did you mean to import ...?"); this looks at the
// view of the function and its layers.
#ifndef LEL_RESOLVE_DIAGNOSE_H_
#define LEL_RESOLVE_DIAGNOSE_H_

#include <string>

#include "resolve/resolver.h"

namespace lel {

struct Diagnosis {
  enum class Kind {
    kNone,
    // "./util" where "./util.js" (or .mjs, .cjs, .json) resolves.
    kMissingExtension,
    // A folder imported where its index file (or its package.json "main")
    // would resolve: "./lib" -> "./lib/index.js".
    kDirectoryIndex,
    // The path exists with another letter case in some component.
    kCaseMismatch,
    // A bare package that a layer has, in a folder this runtime never
    // searches (nodejs/nodeNN/node_modules of another major, node_modules
    // at the layer root, nodejs/<pkg> without node_modules).
    kInUnsearchedLayerFolder,
    // A bare package the layer has in a searched-by-NODE_PATH folder, but
    // stock ES module resolution from /var/task cannot see it: there is no
    // /var/task/node_modules link to the layer.
    kLayerNotLinked,
    // A package with a near name (edit distance <= 2); another letter case
    // only is kCaseMismatch.
    kDidYouMean,
    // A bare name of a built-in that exists only with the node: prefix
    // ('test' for node:test); suggestion is the prefixed name.
    kBuiltinNeedsPrefix,
  };
  Kind kind = Kind::kNone;
  std::string suggestion;  // a specifier that would work, e.g. "./util.mjs"
  std::string found_path;  // what was found: the file, folder or package
  std::string detail;      // one sentence for the message, e.g. "found in the
                           // layer at nodejs/node20/node_modules, which
                           // nodejs22.x does not search"
};

// `failed` is what resolver.ResolveImport(request) returned (kError); for a
// require() failure (kRequireNotFound) pass the specifier and parent the
// same way. kNone when nothing better is known.
Diagnosis Diagnose(const Resolver& resolver, const ImportRequest& request,
                   const Resolution& failed);

// Levenshtein distance, capped: returns limit + 1 once it exceeds `limit`.
int EditDistance(std::string_view a, std::string_view b, int limit);

}  // namespace lel

#endif  // LEL_RESOLVE_DIAGNOSE_H_
