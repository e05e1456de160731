#include "resolve/node_flags.h"

#include <algorithm>

namespace lel {
namespace {

constexpr std::string_view kRequireOn = "--experimental-require-module";
constexpr std::string_view kRequireOff = "--no-experimental-require-module";
constexpr std::string_view kDetectOn = "--experimental-detect-module";
constexpr std::string_view kDetectOff = "--no-experimental-detect-module";

// NODE_OPTIONS as node splits it: at spaces, a double-quoted part kept
// whole (node also honours backslash escapes inside quotes; no module flag
// needs them).
std::vector<std::string> SplitNodeOptions(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  bool quoted = false, any = false;
  for (char c : text) {
    if (c == '"') {
      quoted = !quoted;
      any = true;
    } else if (!quoted && (c == ' ' || c == '\t' || c == '\n')) {
      if (any) out.push_back(std::move(current));
      current.clear();
      any = false;
    } else {
      current += c;
      any = true;
    }
  }
  if (any) out.push_back(std::move(current));
  return out;
}

}  // namespace

NodeFlags LambdaNodeFlags(int node_major, std::string_view node_options) {
  NodeFlags flags;
  flags.node_major = node_major;
  const std::vector<std::string> options = SplitNodeOptions(node_options);
  auto mentions = [&](std::string_view flag) {
    return std::find(options.begin(), options.end(), flag) != options.end();
  };
  if (node_major < 20) {
    // Node 18 knows none of the four flags and refuses them in NODE_OPTIONS.
    for (const std::string& option : options) {
      if (option == kRequireOn || option == kRequireOff || option == kDetectOn ||
          option == kDetectOff) {
        flags.rejected_option = option;
        break;
      }
    }
    return flags;
  }
  // Node's defaults in the minors Lambda runs (20.19+, 22.12+, 24).
  flags.require_module = true;
  flags.detect_module = true;
  // NODE_OPTIONS is read before the command line; the last mention wins.
  for (const std::string& option : options) {
    if (option == kRequireOn) flags.require_module = true;
    if (option == kRequireOff) flags.require_module = false;
    if (option == kDetectOn) flags.detect_module = true;
    if (option == kDetectOff) flags.detect_module = false;
  }
  // Lambda's disable flags come after NODE_OPTIONS and win, unless Lambda
  // drops them because NODE_OPTIONS re-enables the feature (AWS docs).
  const bool lambda_disables_require = node_major == 20 || node_major == 22;
  const bool lambda_disables_detect = node_major == 22;
  if (lambda_disables_require && !mentions(kRequireOn)) {
    flags.lambda_flags.emplace_back(kRequireOff);
    flags.require_module = false;
  }
  if (lambda_disables_detect && !mentions(kDetectOn)) {
    flags.lambda_flags.emplace_back(kDetectOff);
    flags.detect_module = false;
  }
  return flags;
}

}  // namespace lel
