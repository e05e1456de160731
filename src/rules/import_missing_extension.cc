// import-missing-extension: a relative or subpath import leaves out the file extension ES modules require.
// ES module specifiers name files exactly: './util' does not find './util.mjs'.
// Which failures belong to this rule is decided in one place,
// import_problems.cc; this file only reports them.
#include "rules/import_problems.h"
#include "rules/registry.h"

namespace lel {
namespace {

void Check(const Context& context, Findings* out) {
  EmitImportProblems(context, kImportMissingExtension, out);
}

}  // namespace

const Rule kImportMissingExtension = {
    "import-missing-extension", Category::kCorrectness, Severity::kError, /*fixable=*/false,
    "a relative or subpath import leaves out the file extension ES modules require", &Check};

}  // namespace lel
