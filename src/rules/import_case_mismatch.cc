// import-case-mismatch: an import's path differs only in letter case from the file that exists.
// Lambda's file system is case-sensitive; macOS and Windows hide this mistake.
// Which failures belong to this rule is decided in one place,
// import_problems.cc; this file only reports them.
#include "rules/import_problems.h"
#include "rules/registry.h"

namespace lel {
namespace {

void Check(const Context& context, Findings* out) {
  EmitImportProblems(context, kImportCaseMismatch, out);
}

}  // namespace

const Rule kImportCaseMismatch = {
    "import-case-mismatch", Category::kCorrectness, Severity::kError, /*fixable=*/false,
    "an import's path differs only in letter case from the file that exists", &Check};

}  // namespace lel
