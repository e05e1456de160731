#include "resolve/lambda_runtime.h"

#include <catch2/catch.hpp>
#include <string>

namespace lel {
namespace {

TEST_CASE("the runtime table: every name finds its own row, majors strictly increase") {
  REQUIRE(LambdaRuntimes().size() == 5);
  int previous_major = 0;
  for (const LambdaRuntime& runtime : LambdaRuntimes()) {
    INFO(runtime.name);
    CHECK(FindLambdaRuntime(runtime.name) == &runtime);
    CHECK(runtime.name == "nodejs" + std::to_string(runtime.node_major) + ".x");
    CHECK(runtime.node_major > previous_major);
    previous_major = runtime.node_major;
    // The documented fact: managed NODE_PATH search for ES modules from Node 18 on.
    CHECK(runtime.managed_searches_node_path == (runtime.node_major >= 18));
    // aws-lambda-ric 3.x on 18-22, 4.x on 24; nodejs16.x's is not known from a source.
    CHECK(runtime.ric_major == (runtime.node_major == 16 ? 0 : runtime.node_major < 24 ? 3 : 4));
    // Dates are ISO or unknown, and in their order.
    for (std::string_view date :
         {runtime.deprecation, runtime.block_function_create, runtime.block_function_update}) {
      CHECK((date.empty() || (date.size() == 10 && date[4] == '-' && date[7] == '-')));
    }
    CHECK(!runtime.deprecation.empty());
    if (!runtime.block_function_create.empty()) {
      CHECK(runtime.deprecation < runtime.block_function_create);
    }
    CHECK(runtime.deprecation < runtime.block_function_update);
  }
  CHECK(LambdaRuntimeNames() == std::vector<std::string_view>{"nodejs16.x", "nodejs18.x",
                                                                "nodejs20.x", "nodejs22.x",
                                                                "nodejs24.x"});
  CHECK(DefaultLambdaRuntime().name == "nodejs22.x");
  CHECK(LambdaRuntimeRange() == "nodejs16.x to nodejs24.x");
}

TEST_CASE("the runtime table: other names have no row") {
  for (std::string_view name : {"", "nodejs14.x", "nodejs26.x", "nodejs22", "nodejs22.X",
                                "nodejs22.x ", "python3.12", "nodejs.x", "provided.al2023"}) {
    INFO(name);
    CHECK(FindLambdaRuntime(name) == nullptr);
  }
}

}  // namespace
}  // namespace lel
