// import-directory: an import names a folder; ES modules do not look for index.js.
// ERR_UNSUPPORTED_DIR_IMPORT: ES modules never read a folder's index.js or main.
// Which failures belong to this rule is decided in one place,
// import_problems.cc; this file only reports them.
#include "rules/import_problems.h"
#include "rules/registry.h"

namespace lel {
namespace {

void Check(const Context& context, Findings* out) {
  EmitImportProblems(context, kImportDirectory, out);
}

}  // namespace

const Rule kImportDirectory = {
    "import-directory", Category::kCorrectness, Severity::kError, /*fixable=*/false,
    "an import names a folder; ES modules do not look for index.js", &Check};

}  // namespace lel
