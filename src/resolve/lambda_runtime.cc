#include "resolve/lambda_runtime.h"

namespace lel {
namespace {

// Where the dates were read (each a quote of the AWS "Lambda runtimes"
// table, with its link):
// - nodejs16.x: deprecation Jun 12, 2024 (aws-samples/aws-iam-identity-
//   center-extensions#125, 2024-06-13); block create Oct 1, 2025 and block
//   update Nov 1, 2025 (cdklabs/cdk-docker-image-deployment#917,
//   2025-04-15, after AWS moved them from Feb 2025).
// - nodejs18.x, 20.x, 22.x: the table's rows (fortinet/fortigate-autoscale-
//   aws#93, 2025-06-18; 18.x also newrelic/newrelic-lambda-layers#349,
//   2025-05-19).
// - nodejs24.x: deprecation Apr 30, 2028 and block update Jul 1, 2028
//   (endoflife.date/aws-lambda, whose dates are the table's phase 1 and
//   phase 2); block create not found.
constexpr LambdaRuntime kRuntimes[] = {
    {"nodejs16.x", 16, false, 0, "2024-06-12", "2025-10-01", "2025-11-01"},
    {"nodejs18.x", 18, true, 3, "2025-09-01", "2025-10-01", "2025-11-01"},
    {"nodejs20.x", 20, true, 3, "2026-04-30", "2026-06-01", "2026-07-01"},
    {"nodejs22.x", 22, true, 3, "2027-04-30", "2027-06-01", "2027-07-01"},
    {"nodejs24.x", 24, true, 4, "2028-04-30", "", "2028-07-01"},
};
constexpr size_t kDefault = 3;  // nodejs22.x

}  // namespace

std::span<const LambdaRuntime> LambdaRuntimes() { return kRuntimes; }

const LambdaRuntime* FindLambdaRuntime(std::string_view name) {
  for (const LambdaRuntime& runtime : kRuntimes) {
    if (runtime.name == name) return &runtime;
  }
  return nullptr;
}

std::vector<std::string_view> LambdaRuntimeNames() {
  std::vector<std::string_view> names;
  for (const LambdaRuntime& runtime : kRuntimes) names.push_back(runtime.name);
  return names;
}

const LambdaRuntime& DefaultLambdaRuntime() { return kRuntimes[kDefault]; }

std::string LambdaRuntimeRange() {
  return std::string(kRuntimes[0].name) + " to " +
         std::string(kRuntimes[std::size(kRuntimes) - 1].name);
}

}  // namespace lel
