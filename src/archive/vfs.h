// The file system a Lambda function sees at run time, as an in-memory tree:
// the function zip at /var/task, the layers merged at /opt. Every check asks
// this view, never libzip. Tests build one directly with Add*() and inline
// contents; OpenLambdaPackage() (lambda_view.h) builds one from sources.
#ifndef LEL_ARCHIVE_VFS_H_
#define LEL_ARCHIVE_VFS_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lel {

class PackageSource;
struct Entry;

// Where a node came from: which source (index into the view's source list:
// 0 = the function, 1.. = layers in order) and which entry, by its id
// (PackageSource::entries() position).
struct Origin {
  int archive = -1;               // -1: synthetic (implied folder, test data)
  int64_t entry = -1;             // -1 for implied folders and test data
};

enum class NodeType { kFile, kDirectory, kSymlink };

struct VfsNode {
  NodeType type = NodeType::kDirectory;
  uint32_t mode = 0;              // permission bits (07777), as extracted
  Origin origin;
  std::string symlink_target;     // kSymlink only
  std::string inline_content;     // kFile without an archive entry (tests)
  std::map<std::string, std::unique_ptr<VfsNode>, std::less<>> children;

  VfsNode() = default;
  // Frees the subtree without recursing: an entry 32,000 folders deep would
  // otherwise take 32,000 nested destructor calls.
  ~VfsNode();
  VfsNode(const VfsNode&) = delete;
  VfsNode& operator=(const VfsNode&) = delete;
};

enum class LookupStatus { kOk, kNotFound, kNotADirectory, kLoop };

struct Lookup {
  LookupStatus status = LookupStatus::kNotFound;
  std::string real_path;          // canonical path, every link resolved
  const VfsNode* node = nullptr;  // set when kOk
};

// Joins and normalises POSIX paths: "/var/task" + "../opt" -> "/var/opt".
// Never goes above "/". `base` must be absolute.
std::string NormalizePath(std::string_view base, std::string_view relative);
std::string DirName(std::string_view path);   // "/a/b" -> "/a", "/a" -> "/"
std::string BaseName(std::string_view path);  // "/a/b" -> "b"

class Vfs {
 public:
  Vfs();

  // Building. Paths are absolute. Parents are created as implied folders
  // (mode 0755). A later Add at the same path replaces a file or link; on a
  // folder it keeps the children and takes the new mode (a later layer's
  // file replaces an earlier one's, as extraction does).
  void AddDirectory(std::string_view path, uint32_t mode, Origin origin = {});
  void AddFile(std::string_view path, uint32_t mode, Origin origin = {},
               std::string inline_content = {});
  void AddSymlink(std::string_view path, std::string target, Origin origin = {});
  // Sources whose entries back file contents; index = Origin::archive.
  void SetSources(std::vector<const PackageSource*> sources);

  // Lookups. Links are followed (at most 40 hops, then kLoop); relative link
  // targets resolve against the link's folder. With follow_final false the
  // last component is not followed when it is a link (lstat).
  Lookup Resolve(std::string_view path, bool follow_final = true) const;
  bool IsFile(std::string_view path) const;
  bool IsDirectory(std::string_view path) const;
  bool Exists(std::string_view path) const;
  // Names in a folder (after following links), sorted; empty if not a folder.
  std::vector<std::string> List(std::string_view path) const;
  // Reads a file's contents (following links). False + *err on a missing
  // file, a folder, or an archive read error (encrypted, too large, corrupt).
  bool ReadFile(std::string_view path, std::string* out, std::string* err) const;
  // The archive/entry a path came from (after following links), for
  // reporting "fn.zip!lib/a.mjs". Empty origin when unknown.
  Origin OriginOf(std::string_view path) const;
  const PackageSource* source(int index) const;
  // The entry an origin names; null for implied folders and test data.
  const Entry* EntryOf(const Origin& origin) const;

  const VfsNode& root() const { return *root_; }

 private:
  VfsNode* MakeParents(std::string_view path, std::string* leaf);
  std::unique_ptr<VfsNode> root_;
  std::vector<const PackageSource*> sources_;
};

}  // namespace lel

#endif  // LEL_ARCHIVE_VFS_H_
