// package-too-large: Lambda's deployment quotas: the function and all its
// layers unzipped must fit in 262,144,000 bytes (deployment fails), and a
// zip uploaded directly may be at most 50 MB (52,428,800 bytes; larger
// ones must go through S3).
#include "rules/registry.h"

namespace lel {
namespace {

constexpr uint64_t kDirectUploadQuota = 50ull * 1024 * 1024;

void Check(const Context& context, Findings* out) {
  uint64_t unzipped = 0;
  for (const auto& archive : context.package.archives) {
    for (const Entry& entry : archive->entries()) unzipped += entry.size;
  }
  if (unzipped > kLambdaUnzippedQuota) {
    out->Add(kPackageTooLarge, "the function and its layers unzip to " + std::to_string(unzipped) +
                                   " bytes, over Lambda's quota of 262,144,000: deployment fails");
  }
  // Guard: small enough to upload directly.
  if (context.package.function().file_size() <= kDirectUploadQuota) return;
  Finding& finding = out->Add(
      kPackageTooLarge, "the function zip is " + std::to_string(context.package.function().file_size()) +
                            " bytes, over the 50 MB limit for direct upload; upload it through S3");
  finding.category = Category::kHygiene;
  finding.severity = Severity::kWarning;
}

}  // namespace

const Rule kPackageTooLarge = {
    "package-too-large", Category::kCorrectness, Severity::kError, /*fixable=*/false,
    "the package exceeds Lambda's size quotas", &Check};

}  // namespace lel
