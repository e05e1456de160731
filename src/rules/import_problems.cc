#include "rules/import_problems.h"

#include "rules/export_names.h"
#include "rules/module_findings.h"
#include "rules/registry.h"

namespace lel {
namespace {

// The rule that owns a failed resolution: Node's error code first, then,
// for "not found", what Diagnose() learnt about why.
const Rule* RuleFor(const Resolution& resolution, const Diagnosis& diagnosis) {
  switch (resolution.error) {
    case ResolveError::kUnknownBuiltin: return &kImportBuiltinUnknown;
    case ResolveError::kInvalidModuleSpecifier:
    case ResolveError::kUnsupportedScheme: return &kImportInvalidSpecifier;
    case ResolveError::kImportAttributeMissing:
    case ResolveError::kImportAttributeTypeIncompatible:
    case ResolveError::kImportAttributeUnsupported: return &kImportJsonAttributeMissing;
    case ResolveError::kPackageImportNotDefined: return &kImportImportsUndefined;
    case ResolveError::kInvalidPackageConfig:
    case ResolveError::kInvalidPackageTarget: return &kPackageJsonInvalid;
    case ResolveError::kPackagePathNotExported: return &kImportNotExported;
    case ResolveError::kUnsupportedDirImport: return &kImportDirectory;
    case ResolveError::kModuleNotFound:
    case ResolveError::kRequireNotFound:
      switch (diagnosis.kind) {
        case Diagnosis::Kind::kMissingExtension: return &kImportMissingExtension;
        case Diagnosis::Kind::kCaseMismatch: return &kImportCaseMismatch;
        case Diagnosis::Kind::kDirectoryIndex: return &kImportDirectory;
        case Diagnosis::Kind::kBuiltinNeedsPrefix: return &kImportBuiltinUnknown;
        default: return &kImportUnresolved;
      }
    case ResolveError::kNone: break;
  }
  return &kImportUnresolved;
}

// `import { a }` / `export { a } from` of a name the target does not
// provide: Node's linker throws a SyntaxError before any code runs.
void FindMissingNames(const ModuleGraph& graph, int m, ExportNames* exports,
                      std::vector<ImportProblem>* problems) {
  const ModuleNode& module = graph.modules()[m];
  if (module.format != ModuleFormat::kEsm) return;
  for (const ImportEdge& edge : module.edges) {
    const ImportRecord& record = module.records()[edge.import_index];
    if (edge.target < 0 || (record.kind != ImportKind::kImport && record.kind != ImportKind::kReexport)) {
      continue;
    }
    // Names it cannot be sure of are left alone, one by one.
    std::vector<std::string> missing;
    bool ambiguous = false;
    for (const std::string& name : record.names) {
      if (name == "*") continue;
      const NameLookup found = exports->Lookup(edge.target, name);
      if (found != NameLookup::kMissing && found != NameLookup::kAmbiguous) continue;
      if (missing.empty()) ambiguous = found == NameLookup::kAmbiguous;
      missing.push_back(name);
    }
    if (missing.empty()) continue;
    const bool commonjs = exports->IsCommonJs(edge.target);
    ImportProblem problem{&kImportNameNotFound, m, edge.import_index, edge.resolution, {}};
    if (ambiguous) {
      problem.resolution.message = "SyntaxError: The requested module '" + record.specifier +
                                   "' contains conflicting star exports for name '" + missing.front() + "'";
    } else if (commonjs) {
      problem.resolution.message = "SyntaxError: Named export '" + missing.front() +
                                   "' not found. The requested module '" + record.specifier +
                                   "' is a CommonJS module, which may not support all "
                                   "module.exports as named exports.";
    } else {
      problem.resolution.message = "SyntaxError: The requested module '" + record.specifier +
                                   "' does not provide an export named '" + missing.front() + "'";
    }
    if (commonjs) {
      // As Node writes it: every name the statement imports (lambda-sim:
      // "const { parse, format } = pkg;" on 20, 22 and 24).
      std::string names;
      for (const std::string& name : record.names) {
        if (name != "*" && name != "default") names += (names.empty() ? "" : ", ") + name;
      }
      problem.diagnosis.detail = "CommonJS modules can always be imported via the default export: "
                                 "import pkg from '" + record.specifier + "'; const { " +
                                 names + " } = pkg;";
    }
    for (size_t i = 1; i < missing.size(); ++i) {
      // The CommonJS advice already ends its sentence with the code's ';'.
      const std::string& detail = problem.diagnosis.detail;
      const char* separator = detail.empty() ? "" : detail.back() == ';' ? " " : "; ";
      problem.diagnosis.detail += separator + std::string("'") + missing[i] + "' is missing too";
    }
    problems->push_back(std::move(problem));
  }
}

// require() of an ES module where the runtime has no require(esm): Node's
// ERR_REQUIRE_ESM, whose first line reads (run on 18, 20, 22):
//   require() of ES Module /var/task/lib.mjs from /var/task/index.js not supported.
// Node 18 leaves out "from ..." for a .mjs.
ImportProblem RequireEsmProblem(const ModuleGraph& graph, int m, const ImportEdge& edge,
                                const NodeFlags& flags) {
  const ModuleNode& module = graph.modules()[m];
  const std::string& target = graph.modules()[edge.target].path;
  ImportProblem problem{&kRequireEsmUnsupported, m, edge.import_index, edge.resolution, {}};
  const bool from = flags.node_major >= 20 || !target.ends_with(".mjs");
  problem.resolution.message = "require() of ES Module " + target +
                               (from ? " from " + module.path : std::string()) + " not supported.";
  problem.diagnosis.detail =
      flags.node_major < 20
          ? "Node " + std::to_string(flags.node_major) +
                " cannot require() an ES module; load it with import(), or make this file an "
                "ES module"
          : "Lambda runs Node " + std::to_string(flags.node_major) +
                " with --no-experimental-require-module; load it with import(), make this file "
                "an ES module, or set NODE_OPTIONS=--experimental-require-module (experimental; "
                "AWS: Lambda then drops its flag)";
  if (flags.node_major >= 20 && flags.lambda_flags.empty()) {
    // Turned off by the function's own NODE_OPTIONS (nodejs24.x).
    problem.diagnosis.detail = "the function's NODE_OPTIONS turns require(esm) off; load it with "
                               "import(), or drop --no-experimental-require-module";
  }
  return problem;
}

}  // namespace

std::vector<ImportProblem> FindImportProblems(const ModuleGraph& graph, const LinkState& link,
                                              const Resolver& resolver) {
  std::vector<ImportProblem> problems;
  ExportNames exports(graph, resolver.options().node_major);
  for (size_t m = 0; m < graph.modules().size(); ++m) {
    const ModuleNode& module = graph.modules()[m];
    for (size_t k = 0; k < module.records().size(); ++k) {
      if (module.records()[k].analyzable) continue;
      problems.push_back({&kImportUnanalyzable, static_cast<int>(m), k, {}, {}});
    }
    for (size_t e = 0; e < module.edges.size(); ++e) {
      const ImportEdge& edge = module.edges[e];
      const ImportRecord& record = module.records()[edge.import_index];
      ImportProblem problem{nullptr, static_cast<int>(m), edge.import_index, edge.resolution, {}};
      if (edge.resolution.kind == Resolution::Kind::kRuntimeProvided) {
        problem.rule = &kImportRuntimeProvided;
      } else if (edge.resolution.kind == Resolution::Kind::kError) {
        // Left to the link rules: only the missing/broken link breaks it.
        if (link.IsLayerImport(static_cast<int>(m), e)) continue;
        problem.diagnosis = Diagnose(resolver,
                                     {record.specifier, module.path,
                                      TypeAttributeOf(record, resolver.options().node_major)},
                                     edge.resolution);
        problem.rule = RuleFor(edge.resolution, problem.diagnosis);
      } else if (edge.target >= 0 && record.kind == ImportKind::kRequire &&
                 graph.modules()[edge.target].format == ModuleFormat::kEsm &&
                 !resolver.options().Flags().require_module) {
        problem = RequireEsmProblem(graph, static_cast<int>(m), edge, resolver.options().Flags());
      } else {
        continue;
      }
      problems.push_back(std::move(problem));
    }
    FindMissingNames(graph, static_cast<int>(m), &exports, &problems);
  }
  return problems;
}

void EmitImportProblems(const Context& context, const Rule& rule, Findings* out) {
  const ModuleGraph& graph = context.graph;
  for (const ImportProblem& problem : context.import_problems) {
    if (problem.rule != &rule) continue;
    const ModuleNode& module = graph.modules()[problem.module];
    const ImportRecord& record = module.records()[problem.import_index];
    std::string message;
    if (&rule == &kImportUnanalyzable) {
      message = "this import's specifier is computed at run time; it cannot be checked";
    } else if (&rule == &kImportRuntimeProvided) {
      message = "'" + record.specifier + "' is not in the package; it resolves only to the copy the " +
                context.options.runtime_name() + " runtime ships in /var/runtime/node_modules";
    } else {
      message = problem.resolution.message;
      if (!problem.diagnosis.suggestion.empty()) {
        message += " (did you mean '" + problem.diagnosis.suggestion + "'?)";
      }
    }
    Finding& finding = out->Add(rule, std::move(message));
    PointAt(EntryOf(context.package, module.path), &finding);
    finding.span = record.span;
    finding.specifier = record.specifier;
    if (!problem.diagnosis.detail.empty()) finding.notes.push_back(problem.diagnosis.detail);
    if (&rule == &kPackageJsonInvalid && !problem.resolution.package_json.empty()) {
      finding.notes.push_back("the package.json is " +
                              context.package.vfs.Resolve(problem.resolution.package_json).real_path);
    }
    if (record.kind == ImportKind::kDynamic &&
        record.attribute_keyword == AttributeKeyword::kAssert &&
        !AcceptsAssertAttributes(context.options.node_major())) {
      finding.notes.push_back(context.options.runtime_name() +
                              " ignores import()'s `assert` option; write { with: { type: '" +
                              (record.type_attribute.empty() ? "json" : record.type_attribute) +
                              "' } }");
    }
    // A failure the code catches (try/catch around require(), a rejection
    // handler on import()) is how optional dependencies are loaded: the
    // code goes on without the module, so nothing fails.
    if (record.caught && finding.severity != Severity::kInfo) {
      finding.severity = Severity::kInfo;
      finding.notes.push_back(
          "the failure is caught where it happens (an enclosing try/catch, or a rejection "
          "handler on the import): an optional dependency, handled when it is absent");
    }
    // Severity follows what the handler loads: a problem in a file it never
    // loads cannot fail this function, and import.meta.resolve() loads nothing.
    if (finding.severity == Severity::kError && record.kind == ImportKind::kMetaResolve &&
        module.reach != Reach::kNever) {
      finding.severity = Severity::kWarning;
      finding.notes.push_back("import.meta.resolve() throws here when it runs; it loads nothing");
    }
    WeighByReach(context, problem.module, record.at_load, record.condition,
                 "a lazy import inside a package (often an optional dependency): it fails only "
                 "if that code runs",
                 &finding);
    NoteLoadedThrough(graph, problem.module, &finding);
  }
}

}  // namespace lel
