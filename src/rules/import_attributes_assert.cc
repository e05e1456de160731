// import-attributes-assert: import attributes written with the older
// `assert` keyword. Node 22 dropped it: a static `import ... assert {...}`
// or `export ... from ... assert {...}` no longer parses, so the file fails
// to load (at init when the handler loads it then); import()'s `{ assert:
// {...} }` option is ignored, which import-json-attribute-missing reports
// when the module is JSON. On Node 18 and 20 both still work, deprecated.
// Which majors accept `assert` is AcceptsAssertAttributes (src/resolve).
#include "rules/module_findings.h"
#include "rules/registry.h"

namespace lel {
namespace {

std::string WithForm(const ImportRecord& record) {
  const std::string type = record.type_attribute.empty() ? "json" : record.type_attribute;
  return record.kind == ImportKind::kDynamic ? "{ with: { type: '" + type + "' } }"
                                             : "with { type: '" + type + "' }";
}

void Check(const Context& context, Findings* out) {
  const bool accepted = AcceptsAssertAttributes(context.options.node_major());
  const auto& modules = context.graph.modules();
  for (size_t m = 0; m < modules.size(); ++m) {
    const ModuleNode& module = modules[m];
    // Guard: ES modules; a CommonJS file with import statements fails
    // anyway (esm-syntax-in-commonjs).
    if (!module.read_ok || module.format != ModuleFormat::kEsm) continue;
    for (const ImportRecord& record : module.records()) {
      // Guard: attributes written with `assert`.
      if (record.attribute_keyword != AttributeKeyword::kAssert) continue;
      const bool dynamic = record.kind == ImportKind::kDynamic;
      // Guard: an ignored import() option breaks only a JSON import, and
      // that failure is import-json-attribute-missing's.
      if (dynamic && !accepted) continue;
      std::string message;
      if (accepted) {
        message = "`assert` import attributes are deprecated on " + context.options.runtime_name() +
                  " and refused from nodejs22.x on (" +
                  (dynamic ? "the option is ignored"
                           : "SyntaxError: Unexpected identifier 'assert'") +
                  ")";
      } else {
        message = "SyntaxError: Unexpected identifier 'assert': " + context.options.runtime_name() +
                  " no longer accepts import attributes written with `assert`";
      }
      Finding& finding = out->Add(kImportAttributesAssert, std::move(message));
      finding.notes.push_back("write " + WithForm(record) + " (accepted from Node 18.20 on)");
      finding.specifier = record.specifier;
      // The whole file fails to parse, so it is an error wherever the
      // handler loads the file, like a syntax error.
      PlaceInModule(context, static_cast<int>(m), record.attributes, /*at_load=*/true, &finding);
      if (accepted) finding.severity = Severity::kWarning;
    }
  }
}

}  // namespace

const Rule kImportAttributesAssert = {
    "import-attributes-assert", Category::kCorrectness, Severity::kError, /*fixable=*/false,
    "import attributes use `assert`, which nodejs22.x and later refuse", &Check};

}  // namespace lel
