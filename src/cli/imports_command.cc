// `lambda-esm-lint imports FILE.zip|FILE.mjs`: what the scanner finds, with
// positions. For users ("what does my bundle import?") and for tests.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "archive/lambda_view.h"
#include "cli/command.h"
#include "js/module_scan.h"
#include "json/json_io.h"
#include "report/report.h"
#include "resolve/resolver.h"

namespace lel {
namespace {

struct ImportsArgs {
  std::string input;
  std::string format = "text";
  bool include_node_modules = false;
};

struct ScannedFile {
  std::string name;
  std::string source;
  ModuleScan scan;
  // Loaded as CommonJS: what it imports is its require() calls.
  bool commonjs = false;

  const std::vector<ImportRecord>& imports() const {
    return commonjs ? scan.commonjs_requires : scan.imports;
  }
};

std::string_view KindName(ImportKind kind) {
  switch (kind) {
    case ImportKind::kImport: return "import";
    case ImportKind::kSideEffect: return "side-effect";
    case ImportKind::kReexport: return "reexport";
    case ImportKind::kDynamic: return "dynamic";
    case ImportKind::kMetaResolve: return "meta-resolve";
    case ImportKind::kRequire: return "require";
  }
  return "import";
}

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// The JavaScript files of a zip or a build folder (its own files; node_modules' too when
// asked), ES modules and CommonJS as Node would decide their format; or the
// one file given, which is CommonJS when it says so (.cjs) or has no ES
// module syntax but calls require().
bool Collect(const std::string& input, bool include_node_modules,
             std::vector<ScannedFile>* files) {
  std::error_code ec;
  if (!EndsWith(input, ".zip") && !std::filesystem::is_directory(input, ec)) {
    std::ifstream in(input, std::ios::binary);
    if (!in) {
      PrintError(PrintableName(input, 0) + ": no such file");
      return false;
    }
    std::ostringstream text;
    text << in.rdbuf();
    ModuleScan scan = ScanModule(text.str());
    const bool commonjs =
        EndsWith(input, ".cjs") || (scan.first_esm_syntax == EsmSyntax::kNone &&
                                    scan.imports.empty() && !scan.commonjs_requires.empty());
    files->push_back({input, text.str(), std::move(scan), commonjs});
    return true;
  }
  LambdaPackage package;
  std::string err;
  if (!OpenLambdaPackage(input, {}, &package, &err)) {
    PrintError(err);
    return false;
  }
  Resolver resolver(package.vfs, ResolveOptions{});
  for (const Entry& entry : package.function().entries()) {
    if (entry.kind != EntryKind::kFile ||
        (!include_node_modules && entry.name.find("node_modules/") != std::string::npos)) {
      continue;
    }
    std::string path = ViewPath(0, entry);
    const ModuleFormat format = resolver.FormatOf(path);
    if (format != ModuleFormat::kEsm && format != ModuleFormat::kCommonJs) continue;
    std::string source;
    if (!package.function().Read(entry, &source, &err)) {
      PrintError(PrintableName(input, 0) + "!" + PrintableName(entry.name) + ": " + err);
      return false;
    }
    ModuleScan scan = ScanModule(source);
    const bool commonjs = format == ModuleFormat::kCommonJs;
    files->push_back({entry.name, std::move(source), std::move(scan), commonjs});
  }
  return true;
}

int RunImports(const ImportsArgs& args) {
  std::vector<ScannedFile> files;
  if (!Collect(args.input, args.include_node_modules, &files)) return kExitUsage;
  std::ostringstream text;
  nlohmann::ordered_json json_files = nlohmann::ordered_json::array();
  for (const ScannedFile& file : files) {
    nlohmann::ordered_json imports = nlohmann::ordered_json::array();
    for (const ImportRecord& record : file.imports()) {
      LineColumn at = LocateOffset(file.source, record.span.begin);
      nlohmann::ordered_json item = {
          {"specifier", record.specifier}, {"kind", KindName(record.kind)},
          {"line", at.line},               {"column", at.column},
          {"at_load", record.at_load},     {"analyzable", record.analyzable}};
      if (!record.type_attribute.empty()) item["type"] = record.type_attribute;
      imports.push_back(std::move(item));
      text << ShownText(file.name) << ":" << at.line << ":" << at.column << ": "
           << KindName(record.kind) << " "
           << (record.analyzable ? "'" + ShownText(record.specifier) + "'" : "<not analyzable>")
           << (record.at_load ? " (at load)" : " (when run)")
           << (record.type_attribute.empty()
                   ? ""
                   : " with type '" + ShownText(record.type_attribute) + "'")
           << "\n";
    }
    if (file.scan.has_syntax_error) {
      LineColumn at = LocateOffset(file.source, file.scan.first_error.begin);
      text << ShownText(file.name) << ":" << at.line << ":" << at.column << ": syntax error\n";
    }
    json_files.push_back({{"path", file.name},
                          {"format", file.commonjs ? "commonjs" : "esm"},
                          {"syntax_error", file.scan.has_syntax_error},
                          {"imports", std::move(imports)}});
  }
  if (args.format == "json") {
    nlohmann::ordered_json doc = {{"version", 1}, {"files", std::move(json_files)}};
    return WriteOutput("", DumpJson(doc) + "\n") ? kExitClean : kExitUsage;
  }
  return WriteOutput("", text.str()) ? kExitClean : kExitUsage;
}

}  // namespace

std::function<int()> SetupImports(CLI::App* sub) {
  auto args = std::make_shared<ImportsArgs>();
  sub->add_option("FILE", args->input, "a function zip, its build folder, or one JavaScript file")->required();
  sub->add_option("--format", args->format, "text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));
  sub->add_flag("--include-node-modules", args->include_node_modules,
                "also the ES modules inside node_modules folders (a layer zip's packages)");
  return [args] { return RunImports(*args); };
}

}  // namespace lel
