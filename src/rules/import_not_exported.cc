// import-not-exported: an import names a package subpath that the package's "exports" does not define.
// The package has "exports" and the subpath is not among them (or maps to null):
// ERR_PACKAGE_PATH_NOT_EXPORTED.
// Which failures belong to this rule is decided in one place,
// import_problems.cc; this file only reports them.
#include "rules/import_problems.h"
#include "rules/registry.h"

namespace lel {
namespace {

void Check(const Context& context, Findings* out) {
  EmitImportProblems(context, kImportNotExported, out);
}

}  // namespace

const Rule kImportNotExported = {
    "import-not-exported", Category::kCorrectness, Severity::kError, /*fixable=*/false,
    "an import names a package subpath that the package's \"exports\" does not define", &Check};

}  // namespace lel
