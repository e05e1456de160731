#include "cli/package_args.h"

#include <unistd.h>

#include <fstream>

#include "archive/zip_archive.h"
#include "audit/function_config.h"
#include "resolve/lambda_runtime.h"

namespace lel {
namespace {

// What --runtime accepts: the table's names.
std::vector<std::string> RuntimeChoices() {
  std::vector<std::string> names;
  for (std::string_view name : LambdaRuntimeNames()) names.emplace_back(name);
  return names;
}

// The value of a setting: the flag when given, else the function config's,
// else the project config's, else the flag's default.
std::string Pick(const CLI::Option* flag, const std::string& flag_value,
                 const std::string& function_value,
                 const std::optional<std::string>& project_value) {
  if (flag->count() > 0) return flag_value;
  if (!function_value.empty()) return function_value;
  if (project_value) return *project_value;
  return flag_value;
}

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// A JavaScript file given where the zip goes: `imports` is the command that
// reads one file. (A zip whatever its name starts with "PK".)
bool IsJavaScriptFile(const std::string& path) {
  bool script = false;
  for (const char* ext : {".mjs", ".cjs", ".js", ".mts", ".cts", ".ts"}) {
    script |= EndsWith(path, ext);
  }
  if (!script) return false;
  std::ifstream in(path, std::ios::binary);
  char magic[2] = {0, 0};
  in.read(magic, 2);
  return !(magic[0] == 'P' && magic[1] == 'K');
}

}  // namespace

void AddPackageOptions(CLI::App* sub, PackageArgs* args) {
  sub->add_option("FUNCTION", args->function_zip,
                  "the function's deployment package: a zip, or the build folder it is zipped "
                  "from with zip -r -y")
      ->required();
  sub->add_option("--layer", args->layers,
                  "a layer zip or build folder, in attach order (repeatable)");
  args->runtime_option =
      sub->add_option("--runtime", args->runtime,
                      "Lambda runtime (default " + std::string(DefaultLambdaRuntime().name) + ")")
          ->check(CLI::IsMember(RuntimeChoices()));
  args->resolution_option =
      sub->add_option(
             "--resolution", args->resolution,
             "managed (default on nodejs18.x+): the managed runtime, whose ES modules also "
             "search NODE_PATH; stock (default on nodejs16.x): ES modules see only ancestor "
             "node_modules, as in container images on stock Node.js, custom runtimes and "
             "emulators")
          ->check(CLI::IsMember({"stock", "managed"}));
  args->handler_option = sub->add_option("--handler", args->handler,
                                         "the function's Handler setting (default index.handler)");
  args->architecture_option =
      sub->add_option("--architecture", args->architecture, "x86_64 (default) or arm64")
          ->check(CLI::IsMember({"x86_64", "arm64"}));
  args->node_options_option = sub->add_option(
      "--node-options", args->node_options,
      "the function's NODE_OPTIONS (e.g. --experimental-require-module); default: "
      "--function-config's, else none");
  sub->add_option("--config", args->config,
                  "project configuration (default: ./lambda-esm-lint.json when it exists)");
  sub->add_option("--function-config", args->function_config,
                  "`aws lambda get-function` output: runtime, handler, architecture, layers");
  sub->add_option("--layer-dir", args->layer_dir,
                  "where --function-config's layer zips are, named from their ARNs (default .)");
}

bool ResolvePackageSettings(const PackageArgs& args, PackageSettings* out, std::string* err) {
  if (IsJavaScriptFile(args.function_zip)) {
    *err = args.function_zip +
           ": a JavaScript file, not a deployment package; check and fix read the function's "
           "zip (zip the folder's contents: cd fn && zip -r ../function.zip .), and "
           "`lambda-esm-lint imports " +
           args.function_zip + "` lists this file's imports";
    return false;
  }
  if (!LoadProjectConfig(args.config, &out->config, err)) return false;

  FunctionConfig function;
  out->layers = args.layers;
  if (!args.function_config.empty()) {
    if (!LoadFunctionConfig(args.function_config, &function, err)) return false;
    if (FindLambdaRuntime(function.runtime) == nullptr) {
      *err = PrintableName(args.function_config, 0) + ": runtime " +
             (function.runtime.empty() ? std::string("(none)") : PrintableName(function.runtime)) +
             " is not one lambda-esm-lint checks (" + LambdaRuntimeRange() + ")";
      return false;
    }
    if (!function.layer_arns.empty() && !args.layers.empty()) {
      *err = "give the layers either with --layer or through --function-config, not both";
      return false;
    }
    for (const std::string& arn : function.layer_arns) {
      std::string file;
      if (!LayerFileName(arn, &file, err)) {
        *err = PrintableName(args.function_config, 0) + ": Layers: " + *err;
        return false;
      }
      std::string path = args.layer_dir + "/" + file;
      if (access(path.c_str(), F_OK) != 0) {
        *err = "layer " + PrintableName(arn) + ": no zip at " + PrintableName(path, 0) +
               " (layer zips are named REGION.ACCOUNT.NAME.VERSION.zip, see docs/audit.md)";
        return false;
      }
      out->layers.push_back(path);
    }
  }

  const ProjectConfig& config = out->config;
  CheckOptions& options = out->options;
  // Each source of the name was checked against the table: CLI11 for the
  // flag, the project file's reader, and the function config just above.
  options.runtime =
      FindLambdaRuntime(Pick(args.runtime_option, args.runtime, function.runtime, config.runtime));
  if (options.runtime == nullptr) {
    *err = "runtime: not one lambda-esm-lint checks (" + LambdaRuntimeRange() + ")";
    return false;
  }
  // Unset: the model of the runtime named, managed wherever it exists.
  std::string resolution = Pick(args.resolution_option, args.resolution, "", config.resolution);
  options.managed = resolution.empty() ? options.runtime->managed_searches_node_path
                                       : resolution == "managed";
  options.handler = Pick(args.handler_option, args.handler, function.handler, config.handler);
  options.architecture =
      Pick(args.architecture_option, args.architecture,
           args.function_config.empty() ? "" : function.architecture, config.architecture);
  if (options.managed && !options.runtime->managed_searches_node_path) {
    *err = "--resolution managed needs nodejs18.x or later (" + options.runtime_name() +
           " resolves ES modules as stock Node.js does)";
    return false;
  }
  options.node_path = function.node_path;  // the function's own replaces the runtime's
  options.node_options =
      args.node_options_option->count() > 0 ? args.node_options : function.node_options;
  return true;
}

}  // namespace lel
