// package-json-invalid: an import goes through a package.json that Node cannot use.
// ERR_INVALID_PACKAGE_CONFIG (unparseable JSON, bad "exports") or
// ERR_INVALID_PACKAGE_TARGET (an export target outside the package).
// Which failures belong to this rule is decided in one place,
// import_problems.cc; this file only reports them.
#include "rules/import_problems.h"
#include "rules/registry.h"

namespace lel {
namespace {

void Check(const Context& context, Findings* out) {
  EmitImportProblems(context, kPackageJsonInvalid, out);
}

}  // namespace

const Rule kPackageJsonInvalid = {
    "package-json-invalid", Category::kCorrectness, Severity::kError, /*fixable=*/false,
    "an import goes through a package.json that Node cannot use", &Check};

}  // namespace lel
