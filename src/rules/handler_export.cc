#include "rules/handler_export.h"

#include "rules/export_names.h"
#include "rules/handler.h"
#include "rules/module_graph.h"

namespace lel {
namespace {

const ExportedName* Named(const std::vector<ExportedName>& names, std::string_view name) {
  for (const ExportedName& e : names) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

HandlerExport Found(const ExportedName& e) {
  HandlerExport found;
  found.state = HandlerExport::State::kFound;
  found.value = e.value;
  found.span = e.span;
  return found;
}

HandlerExport Unknown(std::string why) {
  HandlerExport unknown;
  unknown.state = HandlerExport::State::kUnknown;
  unknown.unknown_why = std::move(why);
  return unknown;
}

}  // namespace

HandlerExport FindHandlerExport(const Context& context) {
  const int index = context.graph.handler();
  if (index < 0) return {};
  const ModuleNode& module = context.graph.modules()[index];
  // A module that does not load has no exports to judge: syntax-error and
  // esm-syntax-in-commonjs say why.
  if (!module.read_ok || module.scan.has_syntax_error) return {};
  if (module.format == ModuleFormat::kCommonJs && module.scan.first_esm_syntax != EsmSyntax::kNone) {
    return {};
  }
  if (module.scan.parse_incomplete) return Unknown("the file could not be parsed completely");
  const std::string& path = context.handler_spec.export_path;
  const std::string name = path.substr(0, path.find('.'));
  HandlerExport missing;
  missing.state = HandlerExport::State::kMissing;

  if (module.format == ModuleFormat::kCommonJs) {
    const CommonJsExports& cjs = module.scan.commonjs;
    if (const ExportedName* e = Named(cjs.names, name)) return Found(*e);
    if (cjs.dynamic) return Unknown("module.exports is built dynamically");
    return missing;
  }
  if (module.format != ModuleFormat::kEsm) return Unknown("the handler is not a JavaScript module");
  if (const ExportedName* e = Named(module.scan.exports, name)) return Found(*e);
  // aws-lambda-ric 4.x (nodejs24.x) also looks inside a default export.
  if (context.options.runtime->ric_major >= 4) {
    if (const ExportedName* def = Named(module.scan.exports, "default")) {
      if (const ExportedName* member = Named(def->members, name)) return Found(*member);
      if (def->members_incomplete || def->value.kind == ValueKind::kUnknown) {
        return Unknown("the default export's properties cannot be known statically");
      }
    }
  }
  ExportNames names(context.graph, context.options.node_major());
  switch (names.Lookup(index, name)) {
    case NameLookup::kProvided: {  // through `export * from`
      HandlerExport found;
      found.state = HandlerExport::State::kFound;
      return found;
    }
    case NameLookup::kUnknown: return Unknown("it re-exports `export *` from a module that cannot be read");
    default: return missing;  // an ambiguous name is not on the namespace either
  }
}

}  // namespace lel
