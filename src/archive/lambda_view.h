// Opens a function and its layers (zips or build folders, package_source.h)
// and lays them out as Lambda does: the function at /var/task, the layers
// extracted in order at /opt.
#ifndef LEL_ARCHIVE_LAMBDA_VIEW_H_
#define LEL_ARCHIVE_LAMBDA_VIEW_H_

#include <memory>
#include <string>
#include <vector>

#include "archive/package_source.h"
#include "archive/vfs.h"
#include "archive/zip_archive.h"

namespace lel {

inline constexpr std::string_view kTaskRoot = "/var/task";
inline constexpr std::string_view kOptRoot = "/opt";

// An entry that extraction does not place where its name says: placed
// elsewhere (absolute, "..", backslashes from a non-Unix host) or not at all
// (NUL, empty, below a link); kept, with the reason, for the hygiene rules.
struct SkippedEntry {
  int archive = 0;
  const Entry* entry = nullptr;
  std::string reason;
};

struct LambdaPackage {
  // archives[0] is the function, archives[1..] the layers in order: each a
  // zip or a folder. Shared so that an audit opens each layer once for many
  // functions.
  std::vector<std::shared_ptr<const PackageSource>> archives;
  Vfs vfs;
  std::vector<SkippedEntry> skipped;

  const PackageSource& function() const { return *archives[0]; }
  size_t layer_count() const { return archives.size() - 1; }
};

// Opens one zip and checks every entry's data (ZipArchive::VerifyData).
// Null on failure, with *err the reason (without the path).
std::unique_ptr<ZipArchive> OpenVerifiedZip(const std::string& path, std::string* err);

// Opens every zip or folder (OpenSource) and, with `verify`, checks every
// entry's data (VerifyPackageData). On failure returns false with *err a
// one-line message naming the file and the reason ("layer.zip: not a zip
// archive").
bool OpenLambdaPackage(const std::string& function_zip,
                       const std::vector<std::string>& layer_zips,
                       LambdaPackage* out, std::string* err, bool verify = true);

// `package` with another function zip, opened and verified; the layers
// are the ones `package` already has open. False with *err as for
// OpenLambdaPackage.
bool ReplaceFunctionZip(const LambdaPackage& package, const std::string& function_zip,
                        LambdaPackage* out, std::string* err);

// ZipArchive::VerifyData of every archive, in order; false with *err
// "fn.zip: entry 'x': reason" at the first damaged entry. Safe to run on
// one thread while others read the package.
bool VerifyPackageData(const LambdaPackage& package, std::string* err);

// Builds out->vfs (and out->skipped) from out->archives, already set.
void BuildLambdaView(LambdaPackage* out);

// The path inside the view where an entry of archive `archive` lands:
// "/var/task/<name>" for 0, "/opt/<name>" for layers, without a trailing "/"
// (after the extractor's own rewriting of a zip entry's name, see
// lambda_view.cc; a folder's entries land exactly where their names say).
// The root itself for an entry that lands nowhere.
std::string ViewPath(int archive, const Entry& entry);

}  // namespace lel

#endif  // LEL_ARCHIVE_LAMBDA_VIEW_H_
