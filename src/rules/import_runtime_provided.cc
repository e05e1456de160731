// import-runtime-provided: an import resolves only to the AWS SDK copy the managed runtime ships.
// Under managed resolution on nodejs18.x+, @aws-sdk/* and @smithy/* come from
// /var/runtime/node_modules when the package has none: it loads, but the version is
// the runtime's, and stock Node.js has no such copy.
// Which failures belong to this rule is decided in one place,
// import_problems.cc; this file only reports them.
#include "rules/import_problems.h"
#include "rules/registry.h"

namespace lel {
namespace {

void Check(const Context& context, Findings* out) {
  EmitImportProblems(context, kImportRuntimeProvided, out);
}

}  // namespace

const Rule kImportRuntimeProvided = {
    "import-runtime-provided", Category::kPortability, Severity::kInfo, /*fixable=*/false,
    "an import resolves only to the AWS SDK copy the managed runtime ships", &Check};

}  // namespace lel
