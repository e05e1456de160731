// lambda-esm-lint: the command line. The only CLI11 user.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "archive/lambda_view.h"
#include "report/report.h"
#include "rules/linter.h"
#include "rules/registry.h"

namespace lel {
namespace {

constexpr int kExitClean = 0;
constexpr int kExitFindings = 1;
constexpr int kExitUsage = 2;

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

bool WriteOutput(const std::string& path, const std::string& text) {
  if (path.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return std::fflush(stdout) == 0;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    std::cerr << "lambda-esm-lint: cannot write " << path << "\n";
    return false;
  }
  return true;
}

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

int RunRulesList() {
  for (const Rule* rule : AllRules()) {
    std::printf("%-36s %-12s %-8s %-8s %s\n", std::string(rule->id).c_str(),
                std::string(CategoryName(rule->category)).c_str(),
                std::string(SeverityName(rule->severity)).c_str(),
                rule->fixable ? "fixable" : "-", std::string(rule->summary).c_str());
  }
  return kExitClean;
}

int Main(int argc, char** argv) {
  CLI::App app{"lambda-esm-lint: verify AWS Lambda Node.js packages the way the runtime loads them"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "lambda-esm-lint 0.1.0");

  CheckArgs check;
  CLI::App* check_cmd = app.add_subcommand(
      "check", "check a function zip (and its layers) for what fails at run time");
  check_cmd->add_option("FUNCTION.zip", check.function_zip, "the function's deployment package")
      ->required();
  check_cmd->add_option("--layer", check.layers, "a layer zip, in attach order (repeatable)");
  check_cmd->add_option("--runtime", check.runtime, "Lambda runtime (default nodejs22.x)")
      ->check(CLI::IsMember(kRuntimes));
  check_cmd
      ->add_option("--resolution", check.resolution,
                   "stock: ES modules see only ancestor node_modules (default, strict); managed: "
                   "the managed runtime's NODE_PATH search too")
      ->check(CLI::IsMember({"stock", "managed"}));
  check_cmd->add_option("--handler", check.handler, "the function's Handler setting (default index.handler)");
  check_cmd->add_option("--architecture", check.architecture, "x86_64 (default) or arm64")
      ->check(CLI::IsMember({"x86_64", "arm64"}));
  check_cmd->add_option("--format", check.format, "text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));
  check_cmd->add_option("--output,-o", check.output, "write the report to FILE");

  CLI::App* rules_cmd = app.add_subcommand("rules", "list every rule");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitClean : kExitUsage;
  }
  if (*check_cmd) return RunCheck(check);
  if (*rules_cmd) return RunRulesList();
  return kExitUsage;
}

}  // namespace
}  // namespace lel

int main(int argc, char** argv) { return lel::Main(argc, argv); }
