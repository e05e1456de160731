// import-unanalyzable: a dynamic import or require whose specifier is computed at run time.
// Not an error: the linter says it could not check the import rather than
// skipping it silently.
// Which failures belong to this rule is decided in one place,
// import_problems.cc; this file only reports them.
#include "rules/import_problems.h"
#include "rules/registry.h"

namespace lel {
namespace {

void Check(const Context& context, Findings* out) {
  EmitImportProblems(context, kImportUnanalyzable, out);
}

}  // namespace

const Rule kImportUnanalyzable = {
    "import-unanalyzable", Category::kSuspicious, Severity::kInfo, /*fixable=*/false,
    "a dynamic import or require whose specifier is computed at run time", &Check};

}  // namespace lel
