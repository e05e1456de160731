#include "rules/registry.h"

namespace lel {
namespace {

// Sorted by id (config_test.cc checks the order, tests/check_rule_docs.py
// that each rule has its page in rules/, registry_test.cc that a rule has a
// fix plan exactly when it is fixable).
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
