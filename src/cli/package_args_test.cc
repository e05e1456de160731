#include "cli/package_args.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "resolve/lambda_runtime.h"

namespace lel {
namespace {

// `check fn.zip --runtime NAME` parsed and resolved as the CLI does; false
// when CLI11 refuses the value.
bool ParseRuntime(const std::string& name, PackageSettings* settings) {
  CLI::App app;
  PackageArgs args;
  AddPackageOptions(&app, &args);
  std::vector<std::string> argv = {"fn.zip", "--runtime", name};
  std::reverse(argv.begin(), argv.end());  // CLI11 reads a reversed vector
  try {
    app.parse(argv);
  } catch (const CLI::ParseError&) {
    return false;
  }
  std::string err;
  INFO(err);
  REQUIRE(ResolvePackageSettings(args, settings, &err));
  return true;
}

TEST_CASE("the runtime option accepts exactly the runtime table's names, each giving its own row") {
  for (const LambdaRuntime& runtime : LambdaRuntimes()) {
    INFO(runtime.name);
    PackageSettings settings;
    REQUIRE(ParseRuntime(std::string(runtime.name), &settings));
    CHECK(settings.options.runtime == &runtime);
    CHECK(settings.options.node_major() == runtime.node_major);
    // Unset --resolution: managed wherever the runtime has it.
    CHECK(settings.options.managed == runtime.managed_searches_node_path);
  }
  for (std::string name : {"nodejs14.x", "nodejs26.x", "nodejs22.X", "python3.12", ""}) {
    INFO(name);
    PackageSettings settings;
    CHECK_FALSE(ParseRuntime(name, &settings));
  }
}

TEST_CASE("no runtime option: the table default") {
  CLI::App app;
  PackageArgs args;
  AddPackageOptions(&app, &args);
  std::vector<std::string> argv = {"fn.zip"};
  app.parse(argv);
  PackageSettings settings;
  std::string err;
  REQUIRE(ResolvePackageSettings(args, &settings, &err));
  CHECK(settings.options.runtime == &DefaultLambdaRuntime());
}

}  // namespace
}  // namespace lel
