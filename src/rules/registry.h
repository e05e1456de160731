// Every rule the linter knows, in one sorted, explicit list.
#ifndef LEL_RULES_REGISTRY_H_
#define LEL_RULES_REGISTRY_H_

#include <span>
#include <string_view>

#include "rules/rule.h"

namespace lel {

// One line per rule; each is defined in its own file.
extern const Rule kAwsSdkPartiallyBundled;
extern const Rule kBundleDynamicRequire;
extern const Rule kCommonjsGlobalInEsm;
extern const Rule kDirectoryNotTraversable;
extern const Rule kEntryNameBackslash;
extern const Rule kEntryNameUnsafe;
extern const Rule kEsmSyntaxInCommonjs;
extern const Rule kFileNotReadable;
extern const Rule kHandlerCallbackStyle;
extern const Rule kHandlerFileMissing;
extern const Rule kHandlerMalformed;
extern const Rule kHandlerNotAFunction;
extern const Rule kHandlerNotExported;
extern const Rule kImportAttributesAssert;
extern const Rule kImportBuiltinUnknown;
extern const Rule kImportCaseMismatch;
extern const Rule kImportDirectory;
extern const Rule kImportImportsUndefined;
extern const Rule kImportInvalidSpecifier;
extern const Rule kImportJsonAttributeMissing;
extern const Rule kImportMetaEmptyInCommonjs;
extern const Rule kImportMissingExtension;
extern const Rule kImportNameNotFound;
extern const Rule kImportNotExported;
extern const Rule kImportRuntimeProvided;
extern const Rule kImportUnanalyzable;
extern const Rule kImportUnresolved;
extern const Rule kLayerContentUnreachable;
extern const Rule kNativeAddonWrongPlatform;
extern const Rule kNodeModulesBundled;
extern const Rule kNodeModulesLinkDangling;
extern const Rule kNodeModulesLinkMissing;
extern const Rule kNodeModulesLinkNotUnix;
extern const Rule kNodeModulesLinkRuntimeMismatch;
extern const Rule kNodeModulesLinkTargetInvalid;
extern const Rule kNodeModulesNotALink;
extern const Rule kPackageEnginesUnsupported;
extern const Rule kPackageJsonInvalid;
extern const Rule kPackageTooLarge;
extern const Rule kRequireEsmNamespaceCalled;
extern const Rule kRequireEsmUnsupported;
extern const Rule kSyntaxError;
extern const Rule kTooManyLayers;

// All rules, sorted by id.
std::span<const Rule* const> AllRules();
// The rule with this id, or nullptr.
const Rule* FindRule(std::string_view id);

}  // namespace lel

#endif  // LEL_RULES_REGISTRY_H_
