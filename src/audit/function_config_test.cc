#include "audit/function_config.h"

#include <catch2/catch.hpp>

#include "rules/rule.h"

namespace lel {
namespace {

TEST_CASE("get-function output: runtime, handler, architecture, layers, NODE_PATH") {
  FunctionConfig config;
  std::string err;
  REQUIRE(ParseFunctionConfig(R"({
    "Configuration": {
      "FunctionName": "orders", "Runtime": "nodejs20.x", "Handler": "src/app.handler",
      "Architectures": ["arm64"], "PackageType": "Zip",
      "Layers": [{"Arn": "arn:aws:lambda:eu-west-1:123456789012:layer:deps:7", "CodeSize": 10}],
      "Environment": {"Variables": {"NODE_PATH": "/opt/custom::/var/task/lib", "X": "y",
                                    "NODE_OPTIONS": "--experimental-require-module"}}
    },
    "Code": {"RepositoryType": "S3", "Location": "https://example.invalid/x.zip"}
  })",
                              &config, &err));
  CHECK(config.name == "orders");
  CHECK(config.runtime == "nodejs20.x");
  CHECK(config.handler == "src/app.handler");
  CHECK(config.architecture == "arm64");
  CHECK(config.layer_arns ==
        std::vector<std::string>{"arn:aws:lambda:eu-west-1:123456789012:layer:deps:7"});
  REQUIRE(config.node_path);
  CHECK(*config.node_path == std::vector<std::string>{"/opt/custom", "/var/task/lib"});
  CHECK(config.node_options == "--experimental-require-module");
}

TEST_CASE("get-function-configuration output (no wrapper) and defaults") {
  FunctionConfig config;
  std::string err;
  REQUIRE(ParseFunctionConfig(R"({"FunctionName": "f", "Runtime": "python3.12"})", &config, &err));
  CHECK(config.runtime == "python3.12");
  CHECK(config.architecture == "x86_64");
  CHECK(config.package_type == "Zip");
  CHECK_FALSE(config.node_path);
  CHECK(config.node_options.empty());
}

TEST_CASE("what is not a function configuration is a clear error") {
  FunctionConfig config;
  std::string err;
  CHECK_FALSE(ParseFunctionConfig("[1]", &config, &err));
  CHECK(err == "not a JSON object");
  // Bounded before anything walks it (a recursive dump of this overflowed).
  CHECK_FALSE(ParseFunctionConfig(std::string(400000, '[') + std::string(400000, ']'), &config,
                                  &err));
  CHECK(err == "not valid JSON: nested more than 64 levels deep");
  CHECK_FALSE(ParseFunctionConfig(R"({"Functions": []})", &config, &err));
  CHECK(err == "no function configuration (expected the output of `aws lambda get-function`)");
  CHECK_FALSE(ParseFunctionConfig(R"({"Runtime": 20})", &config, &err));
  CHECK(err == "Runtime: expected a string");
  CHECK_FALSE(ParseFunctionConfig(R"({"Runtime": "nodejs20.x", "Layers": [{}]})", &config, &err));
  CHECK(err == "Layers: every item needs an \"Arn\" string");
  CHECK_FALSE(
      ParseFunctionConfig(R"({"Runtime": "nodejs20.x", "Architectures": ["ppc"]})", &config, &err));
  CHECK(err == "Architectures: unknown architecture 'ppc'");
  CHECK_FALSE(ParseFunctionConfig(
      R"({"Runtime": "nodejs20.x", "Environment": {"Variables": {"NODE_OPTIONS": 1}}})", &config,
      &err));
  CHECK(err == "Environment.Variables.NODE_OPTIONS: expected a string");
}

TEST_CASE("layer file names come from the ARN and cannot leave the folder") {
  std::string name, err;
  REQUIRE(LayerFileName("arn:aws:lambda:us-east-1:123456789012:layer:shared-deps:3", &name, &err));
  CHECK(name == "us-east-1.123456789012.shared-deps.3.zip");
  REQUIRE(LayerFileName("arn:aws-cn:lambda:cn-north-1:123456789012:layer:a_b:12", &name, &err));
  CHECK(name == "cn-north-1.123456789012.a_b.12.zip");
  CHECK_FALSE(LayerFileName("arn:aws:lambda:us-east-1:123456789012:layer:../x:3", &name, &err));
  CHECK(err.find("is not a layer version ARN") != std::string::npos);
  CHECK_FALSE(LayerFileName("arn:aws:lambda:us-east-1:123456789012:layer:deps", &name, &err));
  CHECK_FALSE(LayerFileName("arn:aws:lambda:us-east-1:123456789012:function:deps:3", &name, &err));
  CHECK_FALSE(LayerFileName("arn:aws:lambda:us-east-1:12345678901x:layer:deps:3", &name, &err));
}

}  // namespace
}  // namespace lel
