// import-unanalyzable: imports the linter cannot check: a dynamic import or
// require whose specifier is computed at run time, or a whole file it could
// not read or parse to its end. Not an error: the linter says what it could
// not check rather than skipping it silently.
// Which failures belong to this rule is decided in one place,
// import_problems.cc; this file only reports them.
#include "rules/import_problems.h"
#include "rules/module_findings.h"
#include "rules/registry.h"

namespace lel {
namespace {

// A file the graph reached but could not list the imports of: unread (over
// the read limit) or not parsed to its end (the scan's limits). A syntax
// error is syntax-error's.
void ReportUnscannedFiles(const Context& context, Findings* out) {
  const auto& modules = context.graph.modules();
  for (size_t m = 0; m < modules.size(); ++m) {
    const ModuleNode& module = modules[m];
    std::string why;
    if (!module.read_ok) {
      why = "it could not be read (" + module.read_error + ")";
    } else if (module.scan.parse_incomplete && !module.scan.has_syntax_error) {
      why = "it could not be parsed to its end (too large, too deeply nested, or over the "
            "parser's time or memory budget)";
    } else {
      continue;
    }
    Finding& finding =
        out->Add(kImportUnanalyzable, "this file's imports and exports are unchecked: " + why);
    PlaceInModule(context, static_cast<int>(m), {}, false, &finding);
    finding.span.reset();
  }
}

void Check(const Context& context, Findings* out) {
  EmitImportProblems(context, kImportUnanalyzable, out);
  ReportUnscannedFiles(context, out);
}

}  // namespace

const Rule kImportUnanalyzable = {
    "import-unanalyzable", Category::kSuspicious, Severity::kInfo, /*fixable=*/false,
    "an import the linter cannot check: a specifier computed at run time, or a file it "
    "could not read or parse", &Check};

}  // namespace lel
