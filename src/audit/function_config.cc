#include "audit/function_config.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "archive/zip_archive.h"
#include "json/json_io.h"

namespace lel {
namespace {

using Json = nlohmann::json;

constexpr size_t kMaxConfigBytes = 4 << 20;  // get-function output is a few KB

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t at = text.find(separator, start);
    parts.push_back(text.substr(start, at - start));
    if (at == std::string_view::npos) return parts;
    start = at + 1;
  }
}

bool AllOf(std::string_view s, bool (*ok)(char)) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!ok(c)) return false;
  }
  return true;
}

bool Digit(char c) { return c >= '0' && c <= '9'; }
bool RegionChar(char c) { return (c >= 'a' && c <= 'z') || Digit(c) || c == '-'; }
bool NameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || Digit(c) || c == '-' || c == '_';
}

// A string field; "" when absent. False when present but not a string.
bool StringField(const Json& object, const char* key, std::string* out, std::string* err) {
  if (!object.contains(key) || object[key].is_null()) return true;
  if (!object[key].is_string()) {
    *err = std::string(key) + ": expected a string";
    return false;
  }
  *out = object[key].get<std::string>();
  return true;
}

}  // namespace

bool LayerFileName(std::string_view arn, std::string* out, std::string* err) {
  std::vector<std::string_view> parts = Split(arn, ':');
  // arn : partition : lambda : region : account : layer : name : version
  if (parts.size() != 8 || parts[0] != "arn" || parts[2] != "lambda" || parts[5] != "layer" ||
      !AllOf(parts[1], RegionChar) || !AllOf(parts[3], RegionChar) || !AllOf(parts[4], Digit) ||
      !AllOf(parts[6], NameChar) || !AllOf(parts[7], Digit)) {
    *err = "'" + PrintableName(arn) +
           "' is not a layer version ARN (arn:aws:lambda:REGION:ACCOUNT:layer:NAME:VERSION)";
    return false;
  }
  *out = std::string(parts[3]) + "." + std::string(parts[4]) + "." + std::string(parts[6]) + "." +
         std::string(parts[7]) + ".zip";
  return true;
}

bool ParseFunctionConfig(std::string_view text, FunctionConfig* out, std::string* err) {
  *out = FunctionConfig();
  Json doc;
  std::string why;
  if (!ReadJson(text, &doc, &why)) {
    *err = "not valid JSON: " + why;
    return false;
  }
  if (!doc.is_object()) {
    *err = "not a JSON object";
    return false;
  }
  // get-function wraps the configuration; get-function-configuration is it.
  const Json& config = doc.contains("Configuration") ? doc["Configuration"] : doc;
  if (!config.is_object() || !(config.contains("FunctionName") || config.contains("Runtime"))) {
    *err = "no function configuration (expected the output of `aws lambda get-function`)";
    return false;
  }
  if (!StringField(config, "FunctionName", &out->name, err) ||
      !StringField(config, "Runtime", &out->runtime, err) ||
      !StringField(config, "Handler", &out->handler, err) ||
      !StringField(config, "PackageType", &out->package_type, err)) {
    return false;
  }
  if (out->package_type.empty()) out->package_type = "Zip";
  if (config.contains("Architectures")) {
    const Json& architectures = config["Architectures"];
    if (!architectures.is_array() || architectures.size() > 1 ||
        (architectures.size() == 1 && !architectures[0].is_string())) {
      *err = "Architectures: expected a list of one string";
      return false;
    }
    if (architectures.size() == 1) out->architecture = architectures[0].get<std::string>();
    if (out->architecture != "x86_64" && out->architecture != "arm64") {
      *err = "Architectures: unknown architecture '" + PrintableName(out->architecture) + "'";
      return false;
    }
  }
  if (config.contains("Layers")) {
    const Json& layers = config["Layers"];
    if (!layers.is_array()) {
      *err = "Layers: expected a list";
      return false;
    }
    for (const Json& layer : layers) {
      if (!layer.is_object() || !layer.contains("Arn") || !layer["Arn"].is_string()) {
        *err = "Layers: every item needs an \"Arn\" string";
        return false;
      }
      out->layer_arns.push_back(layer["Arn"].get<std::string>());
    }
  }
  if (config.contains("Environment") && config["Environment"].is_object() &&
      config["Environment"].contains("Variables") &&
      config["Environment"]["Variables"].is_object() &&
      config["Environment"]["Variables"].contains("NODE_PATH")) {
    const Json& value = config["Environment"]["Variables"]["NODE_PATH"];
    if (!value.is_string()) {
      *err = "Environment.Variables.NODE_PATH: expected a string";
      return false;
    }
    std::vector<std::string> folders;
    const std::string text = value.get<std::string>();
    for (std::string_view folder : Split(text, ':')) {
      if (!folder.empty()) folders.emplace_back(folder);  // Node skips empty parts
    }
    out->node_path = std::move(folders);
  }
  if (config.contains("Environment") && config["Environment"].is_object() &&
      config["Environment"].contains("Variables") &&
      config["Environment"]["Variables"].is_object() &&
      config["Environment"]["Variables"].contains("NODE_OPTIONS")) {
    const Json& value = config["Environment"]["Variables"]["NODE_OPTIONS"];
    if (!value.is_string()) {
      *err = "Environment.Variables.NODE_OPTIONS: expected a string";
      return false;
    }
    out->node_options = value.get<std::string>();
  }
  return true;
}

bool LoadFunctionConfig(const std::string& path, FunctionConfig* out, std::string* err) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *err = PrintableName(path, 0) + ": cannot open";
    return false;
  }
  std::string text(kMaxConfigBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > kMaxConfigBytes) {
    *err = PrintableName(path, 0) + ": larger than 4 MiB, not a function configuration";
    return false;
  }
  std::string why;
  if (!ParseFunctionConfig(text, out, &why)) {
    *err = PrintableName(path, 0) + ": " + why;
    return false;
  }
  return true;
}

}  // namespace lel
