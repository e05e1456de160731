// import-unresolved: an import names a package or file that does not exist where Node looks.
// Node cannot find the package or file: ERR_MODULE_NOT_FOUND (or MODULE_NOT_FOUND for
// require). The message carries a hint when the package sits somewhere no lookup
// searches, or a near name exists.
// Which failures belong to this rule is decided in one place,
// import_problems.cc; this file only reports them.
#include "rules/import_problems.h"
#include "rules/registry.h"

namespace lel {
namespace {

void Check(const Context& context, Findings* out) {
  EmitImportProblems(context, kImportUnresolved, out);
}

}  // namespace

const Rule kImportUnresolved = {
    "import-unresolved", Category::kCorrectness, Severity::kError, /*fixable=*/false,
    "an import names a package or file that does not exist where Node looks", &Check};

}  // namespace lel
