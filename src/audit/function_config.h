// What `aws lambda get-function` prints about a function, as far as the
// check needs it: runtime, handler, architecture, layers, NODE_PATH,
// NODE_OPTIONS; and the
// file name a layer zip has in a layer folder (docs/audit.md).
#ifndef LEL_AUDIT_FUNCTION_CONFIG_H_
#define LEL_AUDIT_FUNCTION_CONFIG_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lel {

struct FunctionConfig {
  std::string name;     // FunctionName
  std::string runtime;  // "nodejs20.x"; "" for a container image
  std::string handler;  // "index.handler"
  std::string architecture = "x86_64";
  std::string package_type = "Zip";
  std::vector<std::string> layer_arns;  // in attach order
  // Environment.Variables.NODE_PATH split at ':' when the function sets
  // it: then it replaces the runtime's NODE_PATH entirely.
  std::optional<std::vector<std::string>> node_path;
  // Environment.Variables.NODE_OPTIONS, "" when unset: it can switch
  // require(esm) and syntax detection (resolve/node_flags.h).
  std::string node_options;
};

// Reads the JSON of `aws lambda get-function` ({"Configuration": {...}}) or
// of `get-function-configuration` (the configuration object itself). False
// with *err a one-line reason when it is neither.
bool ParseFunctionConfig(std::string_view text, FunctionConfig* out, std::string* err);
bool LoadFunctionConfig(const std::string& path, FunctionConfig* out, std::string* err);

// The file a layer version's zip has in a layer folder:
//   arn:aws:lambda:us-east-1:123456789012:layer:shared-deps:3
//   -> us-east-1.123456789012.shared-deps.3.zip
// (region, account, layer name, version, joined with '.'). False with *err
// for anything that is not a layer version ARN; the parts are checked so
// the name can never leave the folder.
bool LayerFileName(std::string_view arn, std::string* out, std::string* err);

}  // namespace lel

#endif  // LEL_AUDIT_FUNCTION_CONFIG_H_
