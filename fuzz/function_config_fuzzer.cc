// Fuzz target: the get-function reader (ParseFunctionConfig,
// src/audit/function_config.cc) and the layer file names made from the
// ARNs it reads (LayerFileName). Input: the JSON text. A refusal is one
// capped line (one_line_error.h); a layer file name is a plain file name
// ending in ".zip", never a path.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "audit/function_config.h"
#include "resolve/lambda_runtime.h"
#include "one_line_error.h"

namespace {

void CheckLayerName(std::string_view arn) {
  std::string name, err;
  if (!lel::LayerFileName(arn, &name, &err)) {
    if (err.size() > lel_fuzz::kMaxErrorBytes || err.empty() || lel_fuzz::HasControlByte(err) ||
        !lel_fuzz::ValidUtf8(err)) {
      abort();
    }
    if (arn.size() > lel_fuzz::kValueCap &&
        err.find(arn.substr(0, lel_fuzz::kValueCap + 1)) != std::string::npos) {
      abort();
    }
    return;
  }
  if (name.size() <= 4 || name.compare(name.size() - 4, 4, ".zip") != 0) abort();
  if (name.find('/') != std::string::npos || name.find('\0') != std::string::npos) abort();
  if (name[0] == '.') abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  lel::FunctionConfig config;
  std::string err;
  if (!lel::ParseFunctionConfig(input, &config, &err)) {
    lel_fuzz::CheckOneLineError(err, input);
    return 0;
  }
  for (const std::string& arn : config.layer_arns) CheckLayerName(arn);
  // The input's first line as an ARN too, for inputs that are no document.
  CheckLayerName(input.substr(0, input.find('\n')));
  (void)lel::FindLambdaRuntime(config.runtime);
  return 0;
}
