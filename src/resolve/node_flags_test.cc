// LambdaNodeFlags for each major the linter models, with and without
// NODE_OPTIONS. What each row rests on is in docs/runtime-model.md: the
// flags without NODE_OPTIONS were seen in lambda-sim (and AWS documents
// them); the re-enabling through NODE_OPTIONS is AWS's documented
// behaviour, which node itself does not show (run: its command-line flag
// wins over NODE_OPTIONS).
#include "resolve/node_flags.h"

#include <catch2/catch.hpp>

namespace lel {
namespace {

using Strings = std::vector<std::string>;

TEST_CASE("Lambda's own flags, no NODE_OPTIONS", "[node_flags]") {
  NodeFlags n18 = LambdaNodeFlags(18, "");
  CHECK_FALSE(n18.require_module);
  CHECK_FALSE(n18.detect_module);
  CHECK(n18.lambda_flags.empty());
  CHECK(n18.rejected_option.empty());

  NodeFlags n20 = LambdaNodeFlags(20, "");
  CHECK_FALSE(n20.require_module);
  CHECK(n20.detect_module);  // Node 20.19+ detects; Lambda leaves it on
  CHECK(n20.lambda_flags == Strings{"--no-experimental-require-module"});

  NodeFlags n22 = LambdaNodeFlags(22, "");
  CHECK_FALSE(n22.require_module);
  CHECK_FALSE(n22.detect_module);
  CHECK(n22.lambda_flags ==
        Strings{"--no-experimental-require-module", "--no-experimental-detect-module"});

  NodeFlags n24 = LambdaNodeFlags(24, "");
  CHECK(n24.require_module);
  CHECK(n24.detect_module);
  CHECK(n24.lambda_flags.empty());
  CHECK(n24.node_major == 24);
}

TEST_CASE("NODE_OPTIONS re-enables what Lambda turns off", "[node_flags]") {
  NodeFlags n20 = LambdaNodeFlags(20, "--experimental-require-module");
  CHECK(n20.require_module);
  CHECK(n20.detect_module);
  CHECK(n20.lambda_flags.empty());

  // Only the feature named: detection stays off on 22.
  NodeFlags n22 = LambdaNodeFlags(22, "--enable-source-maps --experimental-require-module");
  CHECK(n22.require_module);
  CHECK_FALSE(n22.detect_module);
  CHECK(n22.lambda_flags == Strings{"--no-experimental-detect-module"});

  NodeFlags both =
      LambdaNodeFlags(22, "--experimental-detect-module  --experimental-require-module");
  CHECK(both.require_module);
  CHECK(both.detect_module);
  CHECK(both.lambda_flags.empty());

  // A quoted option is one word, quotes removed.
  CHECK(LambdaNodeFlags(20, "\"--experimental-require-module\"").require_module);
  // A longer flag that merely starts the same way is another flag.
  CHECK_FALSE(LambdaNodeFlags(20, "--experimental-require-module-x").require_module);
}

TEST_CASE("NODE_OPTIONS turns features off", "[node_flags]") {
  NodeFlags n24 = LambdaNodeFlags(24, "--no-experimental-require-module");
  CHECK_FALSE(n24.require_module);
  CHECK(n24.detect_module);
  CHECK_FALSE(LambdaNodeFlags(24, "--no-experimental-detect-module").detect_module);
  // The last mention wins; Lambda has dropped its flag for the first.
  NodeFlags n20 =
      LambdaNodeFlags(20, "--experimental-require-module --no-experimental-require-module");
  CHECK_FALSE(n20.require_module);
  CHECK(n20.lambda_flags.empty());
  CHECK(LambdaNodeFlags(24, "--no-experimental-require-module --experimental-require-module")
            .require_module);
}

TEST_CASE("Node 18 refuses the module flags in NODE_OPTIONS", "[node_flags]") {
  for (const char* option : {"--experimental-require-module", "--no-experimental-require-module",
                             "--experimental-detect-module", "--no-experimental-detect-module"}) {
    NodeFlags n18 = LambdaNodeFlags(18, std::string("--enable-source-maps ") + option);
    CHECK(n18.rejected_option == option);
    CHECK_FALSE(n18.require_module);
  }
  CHECK(LambdaNodeFlags(18, "--enable-source-maps").rejected_option.empty());
  CHECK(LambdaNodeFlags(20, "--experimental-detect-module").rejected_option.empty());
}

TEST_CASE("LoadsAmbiguousEsm: require() needs require(esm), import needs detection",
          "[node_flags]") {
  // Seen in lambda-sim: on nodejs20.x an import of an ES-syntax .js without
  // "type" loads, a require() of it fails; on 22.x both fail; on 24.x both load.
  NodeFlags n20 = LambdaNodeFlags(20, "");
  CHECK(n20.LoadsAmbiguousEsm(/*by_require=*/false));
  CHECK_FALSE(n20.LoadsAmbiguousEsm(/*by_require=*/true));
  NodeFlags n22 = LambdaNodeFlags(22, "");
  CHECK_FALSE(n22.LoadsAmbiguousEsm(false));
  CHECK_FALSE(n22.LoadsAmbiguousEsm(true));
  NodeFlags n24 = LambdaNodeFlags(24, "");
  CHECK(n24.LoadsAmbiguousEsm(false));
  CHECK(n24.LoadsAmbiguousEsm(true));
  // Run with node 22 directly: require(esm) alone lets require() load it.
  NodeFlags n22r = LambdaNodeFlags(22, "--experimental-require-module");
  CHECK(n22r.LoadsAmbiguousEsm(true));
  CHECK_FALSE(n22r.LoadsAmbiguousEsm(false));
}

}  // namespace
}  // namespace lel
