// import-unresolved: an import names a package or file that does not exist where Node looks.
// Node cannot find the package or file: ERR_MODULE_NOT_FOUND (or MODULE_NOT_FOUND for
// require). The message carries a hint when the package sits somewhere no lookup
// searches, or a near name exists.
// Which failures belong to this rule is decided in one place,
// import_problems.cc; this file only reports them.
#include "rules/import_problems.h"
#include "rules/link_state.h"
#include "rules/registry.h"

namespace lel {
namespace {

void Check(const Context& context, Findings* out) {
  const size_t first = out->items().size();
  EmitImportProblems(context, kImportUnresolved, out);
  // Guard: the hint is for a check run without any layer zip.
  if (context.package.archives.size() > 1) return;
  for (size_t i = first; i < out->items().size(); ++i) {
    Finding& finding = out->items()[i];
    // Guard: a package that is missing, not a file or a subpath.
    const bool package_missing =
        finding.message.rfind("Cannot find package '", 0) == 0 ||
        finding.message.rfind("Cannot find module '" + finding.specifier + "'", 0) == 0;
    if (!IsBareSpecifier(finding.specifier) || !package_missing) {
      continue;
    }
    finding.notes.push_back("no layer zip was given: if a layer provides this package, "
                            "pass it with --layer LAYER.zip (in attach order), or give "
                            "--function-config");
  }
}

}  // namespace

const Rule kImportUnresolved = {
    "import-unresolved", Category::kCorrectness, Severity::kError, /*fixable=*/false,
    "an import names a package or file that does not exist where Node looks", &Check};

}  // namespace lel
