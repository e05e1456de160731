#include "rules/registry.h"

namespace lel {
namespace {

// Sorted by id; registry_test.cc checks the order and that each rule has
// its page in rules/.
const Rule* const kRules[] = {
    &kAwsSdkPartiallyBundled,
    &kBundleDynamicRequire,
    &kCommonjsGlobalInEsm,
    &kDirectoryNotTraversable,
    &kEntryNameBackslash,
    &kEntryNameUnsafe,
    &kEsmSyntaxInCommonjs,
    &kFileNotReadable,
    &kHandlerCallbackStyle,
    &kHandlerFileMissing,
    &kHandlerMalformed,
    &kHandlerNotAFunction,
    &kHandlerNotExported,
    &kImportAttributesAssert,
    &kImportBuiltinUnknown,
    &kImportCaseMismatch,
    &kImportDirectory,
    &kImportImportsUndefined,
    &kImportInvalidSpecifier,
    &kImportJsonAttributeMissing,
    &kImportMetaEmptyInCommonjs,
    &kImportMissingExtension,
    &kImportNameNotFound,
    &kImportNotExported,
    &kImportRuntimeProvided,
    &kImportUnanalyzable,
    &kImportUnresolved,
    &kLayerContentUnreachable,
    &kNativeAddonWrongPlatform,
    &kNodeModulesBundled,
    &kNodeModulesLinkDangling,
    &kNodeModulesLinkMissing,
    &kNodeModulesLinkNotUnix,
    &kNodeModulesLinkRuntimeMismatch,
    &kNodeModulesLinkTargetInvalid,
    &kNodeModulesNotALink,
    &kPackageEnginesUnsupported,
    &kPackageJsonInvalid,
    &kPackageTooLarge,
    &kRequireEsmNamespaceCalled,
    &kRequireEsmUnsupported,
    &kSyntaxError,
    &kTooManyLayers,
};

}  // namespace

std::span<const Rule* const> AllRules() { return kRules; }

const Rule* FindRule(std::string_view id) {
  for (const Rule* rule : kRules) {
    if (rule->id == id) return rule;
  }
  return nullptr;
}

}  // namespace lel
