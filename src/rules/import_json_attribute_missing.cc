// import-json-attribute-missing: a JSON module is imported without `with { type: 'json' }`.
// ERR_IMPORT_ATTRIBUTE_MISSING: JSON modules need the import attribute.
// Which failures belong to this rule is decided in one place,
// import_problems.cc; this file only reports them.
#include "rules/import_problems.h"
#include "rules/registry.h"

namespace lel {
namespace {

void Check(const Context& context, Findings* out) {
  EmitImportProblems(context, kImportJsonAttributeMissing, out);
}

}  // namespace

const Rule kImportJsonAttributeMissing = {
    "import-json-attribute-missing", Category::kCorrectness, Severity::kError, /*fixable=*/false,
    "a JSON module is imported without `with { type: 'json' }`", &Check};

}  // namespace lel
