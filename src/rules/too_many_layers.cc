// too-many-layers: a function can use at most 5 layers; deployment fails
// with more.
#include "rules/registry.h"

namespace lel {
namespace {

constexpr size_t kMaxLayers = 5;

void Check(const Context& context, Findings* out) {
  // Guard: within the quota.
  if (context.package.layer_count() <= kMaxLayers) return;
  out->Add(kTooManyLayers, std::to_string(context.package.layer_count()) +
                               " layers given; a Lambda function can use at most 5");
}

}  // namespace

const Rule kTooManyLayers = {
    "too-many-layers", Category::kCorrectness, Severity::kError, /*fixable=*/false,
    "more than 5 layers", &Check};

}  // namespace lel
