// import-invalid-specifier: an import specifier is not a valid package name, path or supported URL.
// ERR_INVALID_MODULE_SPECIFIER (e.g. a lone '@scope') or ERR_UNSUPPORTED_ESM_URL_SCHEME.
// Which failures belong to this rule is decided in one place,
// import_problems.cc; this file only reports them.
#include "rules/import_problems.h"
#include "rules/registry.h"

namespace lel {
namespace {

void Check(const Context& context, Findings* out) {
  EmitImportProblems(context, kImportInvalidSpecifier, out);
}

}  // namespace

const Rule kImportInvalidSpecifier = {
    "import-invalid-specifier", Category::kCorrectness, Severity::kError, /*fixable=*/false,
    "an import specifier is not a valid package name, path or supported URL", &Check};

}  // namespace lel
