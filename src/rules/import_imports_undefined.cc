// import-imports-undefined: a #specifier is not defined by the nearest package.json "imports".
// ERR_PACKAGE_IMPORT_NOT_DEFINED.
// Which failures belong to this rule is decided in one place,
// import_problems.cc; this file only reports them.
#include "rules/import_problems.h"
#include "rules/registry.h"

namespace lel {
namespace {

void Check(const Context& context, Findings* out) {
  EmitImportProblems(context, kImportImportsUndefined, out);
}

}  // namespace

const Rule kImportImportsUndefined = {
    "import-imports-undefined", Category::kCorrectness, Severity::kError, /*fixable=*/false,
    "a #specifier is not defined by the nearest package.json \"imports\"", &Check};

}  // namespace lel
