// require-esm-unsupported: require() of an ES module (a .mjs file, or a .js
// file under "type": "module", e.g. chalk 5, uuid 12, nanoid 4+) where the
// runtime has no require(esm): Node 18 has none, and Lambda runs Node 20
// and 22 with --no-experimental-require-module, so the call throws
// ERR_REQUIRE_ESM. nodejs24.x loads the module (and so does 20.x/22.x when
// NODE_OPTIONS re-enables require(esm)): silent there. Which require()
// calls fail is decided in import_problems.cc with the runtime's NodeFlags;
// this file only reports them, with the severity of the reach.
#include "rules/import_problems.h"
#include "rules/registry.h"

namespace lel {
namespace {

void Check(const Context& context, Findings* out) {
  EmitImportProblems(context, kRequireEsmUnsupported, out);
}

}  // namespace

const Rule kRequireEsmUnsupported = {
    "require-esm-unsupported", Category::kCorrectness, Severity::kError, /*fixable=*/false,
    "require() of an ES module on a runtime without require(esm)", &Check};

}  // namespace lel
