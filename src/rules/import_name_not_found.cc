// import-name-not-found: `import { parse } from 'ms'` where the module does
// not provide that name: an ES module without such an export (following
// `export *`), or a CommonJS module whose module.exports Node's
// cjs-module-lexer cannot read the name from. Node's linker throws a
// SyntaxError before any code runs. Found in import_problems.cc, where
// every failing import gets exactly one rule.
#include "rules/import_problems.h"
#include "rules/registry.h"

namespace lel {
namespace {

void Check(const Context& context, Findings* out) {
  EmitImportProblems(context, kImportNameNotFound, out);
}

}  // namespace

const Rule kImportNameNotFound = {
    "import-name-not-found", Category::kCorrectness, Severity::kError, /*fixable=*/false,
    "a named import that the imported module does not provide", &Check};

}  // namespace lel
