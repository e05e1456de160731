// aws-sdk-partially-bundled: some AWS SDK v3 packages (@aws-sdk/*,
// @smithy/*) come with the function or its layers while others it imports
// resolve only to the runtime's copy. The two sets are different SDK
// versions sharing internal packages: a classic source of "x is not a
// function" and middleware errors at invoke.
#include "resolve/node_modules.h"
#include "rules/import_problems.h"
#include "rules/registry.h"

namespace lel {
namespace {

bool IsSdkScope(std::string_view name) {
  return name == "@aws-sdk" || name == "@smithy";
}

void Check(const Context& context, Findings* out) {
  std::vector<std::string> from_runtime;
  for (const ImportProblem& problem : context.import_problems) {
    if (problem.rule != &kImportRuntimeProvided) continue;
    const ModuleNode& module = context.graph.modules()[problem.module];
    from_runtime.push_back(module.records()[problem.import_index].specifier);
  }
  // Guard: nothing comes from the runtime's copy.
  if (from_runtime.empty()) return;
  std::vector<std::string> shipped;
  std::vector<std::string> folders = {"/var/task/node_modules"};
  folders.insert(folders.end(), context.link.populated_layer_folders.begin(),
                 context.link.populated_layer_folders.end());
  for (const std::string& folder : folders) {
    for (const std::string& name : PackagesIn(context.package.vfs, folder)) {
      if (IsSdkScope(name.substr(0, name.find('/')))) shipped.push_back(name);
    }
  }
  // Guard: the package ships no SDK package; all of it is the runtime's.
  if (shipped.empty()) return;
  Finding& finding = out->Add(
      kAwsSdkPartiallyBundled,
      std::to_string(shipped.size()) + " AWS SDK v3 package(s) are bundled (e.g. " + shipped.front() +
          ") but '" + from_runtime.front() +
          "' comes from the runtime's copy: two SDK versions mixed in one function");
  finding.notes.push_back("bundle every @aws-sdk/* client you import, or none");
}

}  // namespace

const Rule kAwsSdkPartiallyBundled = {
    "aws-sdk-partially-bundled", Category::kSuspicious, Severity::kWarning, /*fixable=*/false,
    "some AWS SDK v3 packages are bundled while others come from the runtime", &Check};

}  // namespace lel
