// import-builtin-unknown: a node: import names no built-in module of this Node version.
// ERR_UNKNOWN_BUILTIN_MODULE: 'node:x' for a module this Node major lacks.
// Which failures belong to this rule is decided in one place,
// import_problems.cc; this file only reports them.
#include "rules/import_problems.h"
#include "rules/registry.h"

namespace lel {
namespace {

void Check(const Context& context, Findings* out) {
  EmitImportProblems(context, kImportBuiltinUnknown, out);
}

}  // namespace

const Rule kImportBuiltinUnknown = {
    "import-builtin-unknown", Category::kCorrectness, Severity::kError, /*fixable=*/false,
    "a node: import names no built-in module of this Node version", &Check};

}  // namespace lel
