// `lambda-esm-lint check`: lint one function zip and its layers.
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <memory>

#include "archive/lambda_view.h"
#include "cli/command.h"
#include "report/report.h"
#include "rules/linter.h"
#include "rules/registry.h"

namespace lel {
namespace {

const std::vector<std::string> kRuntimes = {"nodejs16.x", "nodejs18.x", "nodejs20.x",
                                            "nodejs22.x", "nodejs24.x"};

struct CheckArgs {
  std::string function_zip;
  std::vector<std::string> layers;
  std::string runtime = "nodejs22.x";
  std::string resolution = "stock";
  std::string handler = "index.handler";
  std::string architecture = "x86_64";
  std::string format = "text";
  std::string output;
};

int RunCheck(const CheckArgs& args) {
  CheckOptions options;
  options.runtime = args.runtime;
  options.node_major = NodeMajorOfRuntime(args.runtime);
  options.managed = args.resolution == "managed";
  options.handler = args.handler;
  options.architecture = args.architecture;
  if (options.managed && options.node_major < 18) {
    std::cerr << "lambda-esm-lint: --resolution managed needs nodejs18.x or later ("
              << args.runtime << " resolves ES modules as stock Node.js does)\n";
    return kExitUsage;
  }
  LambdaPackage package;
  std::string err;
  if (!OpenLambdaPackage(args.function_zip, args.layers, &package, &err)) {
    std::cerr << "lambda-esm-lint: " << err << "\n";
    return kExitUsage;
  }
  std::vector<Finding> findings = RunRules(package, options, AllRules());
  std::vector<std::string> names = {args.function_zip};
  names.insert(names.end(), args.layers.begin(), args.layers.end());
  ReportInput input{package, options, names, findings};
  const bool color = args.output.empty() && args.format == "text" && isatty(STDOUT_FILENO) &&
                     std::getenv("NO_COLOR") == nullptr;
  std::string text = args.format == "json" ? RenderJson(input) : RenderText(input, color);
  if (!WriteOutput(args.output, text)) return kExitUsage;
  for (const Finding& f : findings) {
    if (f.severity == Severity::kError) return kExitFindings;
  }
  return kExitClean;
}

}  // namespace

std::function<int()> SetupCheck(CLI::App* sub) {
  auto args = std::make_shared<CheckArgs>();
  sub->add_option("FUNCTION.zip", args->function_zip, "the function's deployment package")
      ->required();
  sub->add_option("--layer", args->layers, "a layer zip, in attach order (repeatable)");
  sub->add_option("--runtime", args->runtime, "Lambda runtime (default nodejs22.x)")
      ->check(CLI::IsMember(kRuntimes));
  sub->add_option("--resolution", args->resolution,
                  "stock: ES modules see only ancestor node_modules (default, strict); managed: "
                  "the managed runtime's NODE_PATH search too")
      ->check(CLI::IsMember({"stock", "managed"}));
  sub->add_option("--handler", args->handler,
                  "the function's Handler setting (default index.handler)");
  sub->add_option("--architecture", args->architecture, "x86_64 (default) or arm64")
      ->check(CLI::IsMember({"x86_64", "arm64"}));
  sub->add_option("--format", args->format, "text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));
  sub->add_option("--output,-o", args->output, "write the report to FILE");
  return [args] { return RunCheck(*args); };
}

}  // namespace lel
