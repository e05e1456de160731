#include "archive/vfs.h"

#include <algorithm>

#include "archive/package_source.h"

namespace lel {
namespace {

// Linux follows at most 40 links while resolving one path (ELOOP).
constexpr int kMaxLinkHops = 40;

// Splits "/a//b/./c" into {"a", "b", ".", "c"}; empty components dropped.
std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) parts.push_back(path.substr(i, j - i));
    i = j + 1;
  }
  return parts;
}

}  // namespace

std::string NormalizePath(std::string_view base, std::string_view relative) {
  std::vector<std::string> out;
  auto apply = [&out](std::string_view p) {
    for (std::string_view part : SplitPath(p)) {
      if (part == ".") continue;
      if (part == "..") {
        if (!out.empty()) out.pop_back();
        continue;
      }
      out.emplace_back(part);
    }
  };
  if (relative.empty() || relative.front() != '/') apply(base);
  apply(relative);
  std::string result;
  for (const std::string& part : out) result += "/" + part;
  return result.empty() ? "/" : result;
}

std::string DirName(std::string_view path) {
  size_t slash = path.rfind('/');
  if (slash == std::string_view::npos || slash == 0) return "/";
  return std::string(path.substr(0, slash));
}

std::string BaseName(std::string_view path) {
  size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

VfsNode::~VfsNode() {
  std::vector<std::unique_ptr<VfsNode>> pending;
  auto take_children = [&](VfsNode* node) {
    for (auto& [name, child] : node->children) pending.push_back(std::move(child));
    node->children.clear();
  };
  take_children(this);
  while (!pending.empty()) {
    std::unique_ptr<VfsNode> node = std::move(pending.back());
    pending.pop_back();
    take_children(node.get());
  }  // each node is destroyed childless
}

Vfs::Vfs() : root_(std::make_unique<VfsNode>()) { root_->mode = 0755; }

VfsNode* Vfs::MakeParents(std::string_view path, std::string* leaf) {
  std::vector<std::string_view> parts = SplitPath(path);
  if (parts.empty()) return nullptr;
  VfsNode* dir = root_.get();
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    auto it = dir->children.find(parts[i]);
    if (it == dir->children.end() || it->second->type != NodeType::kDirectory) {
      // A file or link in the way is replaced, as an extractor creating the
      // folder would have to.
      auto node = std::make_unique<VfsNode>();
      node->mode = 0755;
      it = dir->children.insert_or_assign(std::string(parts[i]), std::move(node)).first;
    }
    dir = it->second.get();
  }
  *leaf = std::string(parts.back());
  return dir;
}

void Vfs::AddDirectory(std::string_view path, uint32_t mode, Origin origin) {
  std::string leaf;
  VfsNode* parent = MakeParents(path, &leaf);
  if (parent == nullptr) {  // the root itself
    root_->mode = mode;
    return;
  }
  auto& slot = parent->children[leaf];
  if (!slot || slot->type != NodeType::kDirectory) slot = std::make_unique<VfsNode>();
  slot->type = NodeType::kDirectory;
  slot->mode = mode;
  slot->origin = origin;
}

void Vfs::AddFile(std::string_view path, uint32_t mode, Origin origin,
                  std::string inline_content) {
  std::string leaf;
  VfsNode* parent = MakeParents(path, &leaf);
  if (parent == nullptr) return;
  auto node = std::make_unique<VfsNode>();
  node->type = NodeType::kFile;
  node->mode = mode;
  node->origin = origin;
  node->inline_content = std::move(inline_content);
  parent->children.insert_or_assign(leaf, std::move(node));
}

void Vfs::AddSymlink(std::string_view path, std::string target, Origin origin) {
  std::string leaf;
  VfsNode* parent = MakeParents(path, &leaf);
  if (parent == nullptr) return;
  auto node = std::make_unique<VfsNode>();
  node->type = NodeType::kSymlink;
  node->mode = 0777;
  node->origin = origin;
  node->symlink_target = std::move(target);
  parent->children.insert_or_assign(leaf, std::move(node));
}

void Vfs::SetSources(std::vector<const PackageSource*> sources) {
  sources_ = std::move(sources);
}

const PackageSource* Vfs::source(int index) const {
  if (index < 0 || static_cast<size_t>(index) >= sources_.size()) return nullptr;
  return sources_[index];
}

const Entry* Vfs::EntryOf(const Origin& origin) const {
  const PackageSource* from = source(origin.archive);
  return from == nullptr ? nullptr : from->entry(origin.entry);
}

Lookup Vfs::Resolve(std::string_view path, bool follow_final) const {
  // `pending` holds the components still to walk, last first, so that a link
  // can push its target's components in front of the rest.
  std::vector<std::string> pending;
  for (std::string_view part : SplitPath(path)) pending.emplace_back(part);
  std::reverse(pending.begin(), pending.end());

  std::vector<const VfsNode*> stack = {root_.get()};  // folders walked so far
  std::vector<std::string> names;                     // their names
  int hops = 0;
  Lookup result;
  while (!pending.empty()) {
    std::string part = std::move(pending.back());
    pending.pop_back();
    if (part == ".") continue;
    if (part == "..") {
      if (stack.size() > 1) {
        stack.pop_back();
        names.pop_back();
      }
      continue;
    }
    const VfsNode* dir = stack.back();
    if (dir->type != NodeType::kDirectory) {
      result.status = LookupStatus::kNotADirectory;
      return result;
    }
    auto it = dir->children.find(part);
    if (it == dir->children.end()) {
      result.status = LookupStatus::kNotFound;
      return result;
    }
    const VfsNode* node = it->second.get();
    if (node->type == NodeType::kSymlink && (follow_final || !pending.empty())) {
      if (++hops > kMaxLinkHops) {
        result.status = LookupStatus::kLoop;
        return result;
      }
      const std::string& target = node->symlink_target;
      if (!target.empty() && target.front() == '/') {
        stack.resize(1);
        names.clear();
      }
      std::vector<std::string_view> parts = SplitPath(target);
      for (auto p = parts.rbegin(); p != parts.rend(); ++p) pending.emplace_back(*p);
      continue;
    }
    stack.push_back(node);
    names.push_back(std::move(part));
  }
  result.status = LookupStatus::kOk;
  result.node = stack.back();
  for (const std::string& name : names) result.real_path += "/" + name;
  if (result.real_path.empty()) result.real_path = "/";
  return result;
}

bool Vfs::IsFile(std::string_view path) const {
  Lookup l = Resolve(path);
  return l.status == LookupStatus::kOk && l.node->type == NodeType::kFile;
}

bool Vfs::IsDirectory(std::string_view path) const {
  Lookup l = Resolve(path);
  return l.status == LookupStatus::kOk && l.node->type == NodeType::kDirectory;
}

bool Vfs::Exists(std::string_view path) const {
  return Resolve(path).status == LookupStatus::kOk;
}

std::vector<std::string> Vfs::List(std::string_view path) const {
  std::vector<std::string> names;
  Lookup l = Resolve(path);
  if (l.status != LookupStatus::kOk || l.node->type != NodeType::kDirectory) return names;
  for (const auto& [name, child] : l.node->children) names.push_back(name);
  return names;  // std::map keeps them sorted
}

bool Vfs::ReadFile(std::string_view path, std::string* out, std::string* err) const {
  Lookup l = Resolve(path);
  if (l.status != LookupStatus::kOk) {
    *err = l.status == LookupStatus::kLoop ? "too many levels of symbolic links"
                                           : "no such file";
    return false;
  }
  if (l.node->type != NodeType::kFile) {
    *err = "is a directory";
    return false;
  }
  const Origin& origin = l.node->origin;
  const Entry* entry = EntryOf(origin);
  if (entry == nullptr) {
    *out = l.node->inline_content;
    return true;
  }
  return source(origin.archive)->Read(*entry, out, err);
}

Origin Vfs::OriginOf(std::string_view path) const {
  Lookup l = Resolve(path);
  return l.status == LookupStatus::kOk ? l.node->origin : Origin{};
}

}  // namespace lel
