// The options that say which package to check and how Lambda runs it, shared
// by `check` and `fix`: the zips, the runtime settings, and where they can
// come from instead (`--function-config`, `--layer-dir`, `--config`).
#ifndef LEL_CLI_PACKAGE_ARGS_H_
#define LEL_CLI_PACKAGE_ARGS_H_

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "rules/config.h"
#include "rules/rule.h"

namespace lel {

struct PackageArgs {
  std::string function_zip;
  std::vector<std::string> layers;
  std::string runtime = "nodejs22.x";
  std::string resolution;  // "": managed where the runtime has it (18.x+), else stock
  std::string handler = "index.handler";
  std::string architecture = "x86_64";
  std::string config;
  std::string function_config;
  std::string layer_dir = ".";
  std::string node_options;
  // Options the user gave explicitly win over the function and project
  // configuration, which win over the defaults above.
  CLI::Option* runtime_option = nullptr;
  CLI::Option* resolution_option = nullptr;
  CLI::Option* handler_option = nullptr;
  CLI::Option* architecture_option = nullptr;
  CLI::Option* node_options_option = nullptr;
};

// Adds FUNCTION.zip and the options above to `sub`.
void AddPackageOptions(CLI::App* sub, PackageArgs* args);

// What the options mean together: the project configuration, the layer zips
// in attach order and the check options. False with *err a one-line usage
// error (a configuration that does not load, layers given twice, a layer
// zip missing, managed resolution on nodejs16.x, ...).
struct PackageSettings {
  ProjectConfig config;
  std::vector<std::string> layers;
  CheckOptions options;
};
bool ResolvePackageSettings(const PackageArgs& args, PackageSettings* out, std::string* err);

}  // namespace lel

#endif  // LEL_CLI_PACKAGE_ARGS_H_
