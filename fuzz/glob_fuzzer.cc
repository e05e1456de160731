// Fuzz target: the glob matcher of the project file's "ignore" paths
// (GlobMatch, src/rules/config.cc). Input: the glob, a newline, the path.
// For short inputs the answer must equal that of the backtracking matcher
// below, written from the documented rules (docs/configuration.md): '*'
// any characters within one path segment, '**' any characters across
// segments ("**/" also matching nothing), '?' one character but '/', a
// glob ending in '/' naming a folder and everything below it. Longer inputs
// are only matched: the bound on the input size (fuzz.sh -max_len) and
// libFuzzer's timeout catch a matcher that is no longer linear in the path.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "rules/config.h"

namespace {

// `glob` from its start against all of `path`. `entering`: the glob starts
// with a "**" that has taken no character yet.
bool Reference(std::string_view glob, std::string_view path) {
  if (glob.empty()) return path.empty();
  if (glob.substr(0, 2) == "**") {
    std::string_view rest = glob.substr(2);
    // "**/" matching nothing.
    if (!rest.empty() && rest[0] == '/' && Reference(rest.substr(1), path)) return true;
    for (size_t k = 0; k <= path.size(); ++k) {
      if (Reference(rest, path.substr(k))) return true;
    }
    return false;
  }
  if (glob[0] == '*') {
    for (size_t k = 0; k <= path.size(); ++k) {
      if (Reference(glob.substr(1), path.substr(k))) return true;
      if (k < path.size() && path[k] == '/') break;
    }
    return false;
  }
  if (path.empty()) return false;
  const bool one = glob[0] == '?' ? path[0] != '/' : glob[0] == path[0];
  return one && Reference(glob.substr(1), path.substr(1));
}

bool ReferenceGlobMatch(std::string_view glob, std::string_view path) {
  if (!glob.empty() && glob.back() == '/') return Reference(std::string(glob) + "**", path);
  return Reference(glob, path);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t newline = input.find('\n');
  if (newline == std::string_view::npos) {
    // The input as glob and as path.
    (void)lel::GlobMatch(input, input);
    return 0;
  }
  const std::string_view glob = input.substr(0, newline);
  const std::string_view path = input.substr(newline + 1);
  const bool matched = lel::GlobMatch(glob, path);
  // A glob always matches itself when it holds no wildcard.
  if (glob.find_first_of("*?") == std::string_view::npos && !glob.empty() &&
      glob.back() != '/' && !lel::GlobMatch(glob, glob)) {
    abort();
  }
  // The reference backtracks: exponential in the stars, so only short ones.
  if (glob.size() <= 16 && path.size() <= 32 && matched != ReferenceGlobMatch(glob, path)) {
    abort();
  }
  return 0;
}
