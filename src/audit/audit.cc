#include "audit/audit.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "archive/lambda_view.h"
#include "json/json_io.h"
#include "resolve/lambda_runtime.h"
#include "resolve/resolver.h"
#include "rules/linter.h"

namespace lel {
namespace {

namespace fs = std::filesystem;

// One layer zip, opened once for every function that attaches it.
struct LayerSlot {
  AuditedLayer info;
  std::shared_ptr<const PackageSource> archive;
};

// Everything about one function but the check itself, decided up front so
// the layer zips it needs can be opened before the workers start.
void Plan(const fs::path& dir, AuditedFunction* fn, std::map<std::string, LayerSlot>* layers,
          std::vector<std::string>* layer_files) {
  std::string err;
  std::string json = "functions/" + fn->name + ".json";
  if (!LoadFunctionConfig((dir / json).string(), &fn->config, &err)) {
    fn->status = AuditedFunction::Status::kFailed;
    fn->reason = json + err.substr((dir / json).string().size());
    return;
  }
  const FunctionConfig& config = fn->config;
  if (config.package_type != "Zip") {
    fn->status = AuditedFunction::Status::kSkipped;
    fn->reason = "a container image, not a zip";
    return;
  }
  if (config.runtime.rfind("nodejs", 0) != 0) {
    fn->status = AuditedFunction::Status::kSkipped;
    fn->reason = "runtime " + (config.runtime.empty() ? std::string("(none)") : config.runtime) +
                 " is not Node.js";
    return;
  }
  if (FindLambdaRuntime(config.runtime) == nullptr) {
    fn->status = AuditedFunction::Status::kSkipped;
    fn->reason = "runtime " + config.runtime + " is not modelled (" + LambdaRuntimeRange() + ")";
    return;
  }
  for (const std::string& arn : config.layer_arns) {
    std::string file;
    if (!LayerFileName(arn, &file, &err)) {
      fn->status = AuditedFunction::Status::kFailed;
      fn->reason = "Layers: " + err;
      return;
    }
    file = "layers/" + file;
    LayerSlot& slot = (*layers)[file];
    slot.info.file = file;
    if (slot.info.arn.empty()) slot.info.arn = arn;
    ++slot.info.functions;
    layer_files->push_back(file);
  }
}

// Opens each layer zip that some function attaches, once.
void OpenLayers(const fs::path& dir, std::map<std::string, LayerSlot>* layers) {
  for (auto& [file, slot] : *layers) {
    std::string err;
    std::unique_ptr<ZipArchive> archive = OpenVerifiedZip((dir / file).string(), &err);
    ++slot.info.opened;
    if (!archive) {
      slot.info.error = err;
      continue;
    }
    slot.archive = std::make_shared<ZipSource>(std::move(archive));
  }
}

void Check(const fs::path& dir, const AuditOptions& options,
           const std::map<std::string, LayerSlot>& layers,
           const std::vector<std::string>& layer_files, ScanCache* scans, AuditedFunction* fn) {
  const FunctionConfig& config = fn->config;
  std::string zip = "functions/" + fn->name + ".zip";
  LambdaPackage package;
  std::string err;
  std::unique_ptr<ZipArchive> function = OpenVerifiedZip((dir / zip).string(), &err);
  if (!function) {
    fn->status = AuditedFunction::Status::kFailed;
    fn->reason = zip + ": " + err;
    return;
  }
  package.archives.push_back(std::make_shared<ZipSource>(std::move(function)));
  std::vector<std::string> names = {zip};
  for (const std::string& file : layer_files) {
    const LayerSlot& slot = layers.at(file);
    if (!slot.archive) {
      fn->status = AuditedFunction::Status::kFailed;
      fn->reason = "layer " + slot.info.arn + ": " + file + ": " + slot.info.error;
      return;
    }
    package.archives.push_back(slot.archive);
    names.push_back(file);
  }
  BuildLambdaView(&package);

  CheckOptions check;
  // In the table: Plan() skipped every other runtime.
  check.runtime = FindLambdaRuntime(config.runtime);
  // A fleet mixes runtimes: where there is no managed NODE_PATH search
  // (nodejs16.x), a function is checked as stock Node.js runs it.
  check.managed = options.resolution != "stock" && check.runtime->managed_searches_node_path;
  check.handler = config.handler.empty() ? check.handler : config.handler;
  check.architecture = config.architecture;
  check.node_path = config.node_path;  // the function's own replaces the runtime's
  check.node_options = config.node_options;
  // One thread per function: the functions already keep every core busy.
  LintResult lint = LintPackage(package, check, options.config, ScanSettings{scans, 1});
  std::vector<std::vector<ReportFix>> fixes;
  if (options.plan_fixes) fixes = options.plan_fixes(lint.analysis->context(), lint.findings);
  ReportInput input{package, check, names, lint.findings, fixes};
  fn->report = Locate(input, fn->name);
  fn->report.rules_run = lint.rules_run;
  fn->suppressed = lint.suppressed;
  // The same finding objects `check --format json` prints.
  nlohmann::ordered_json doc = nlohmann::ordered_json::parse(RenderJson(input), nullptr, false);
  fn->findings_json = DumpJson(doc["findings"], -1);
}

}  // namespace

bool RunAudit(const AuditOptions& options, AuditResult* out, std::string* err) {
  auto start = std::chrono::steady_clock::now();
  *out = AuditResult();
  fs::path dir(options.dir);
  std::error_code ec;
  if (!fs::is_directory(dir / "functions", ec)) {
    *err = options.dir + ": no functions/ folder (see docs/audit.md for the layout)";
    return false;
  }
  std::vector<std::string> names;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir / "functions", ec)) {
    fs::path path = entry.path();
    if (path.extension() == ".json") names.push_back(path.stem().string());
  }
  if (ec) {
    *err = (dir / "functions").string() + ": " + ec.message();
    return false;
  }
  std::sort(names.begin(), names.end());

  std::map<std::string, LayerSlot> layers;
  std::vector<std::vector<std::string>> layer_files(names.size());
  out->functions.resize(names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    out->functions[i].name = names[i];
    Plan(dir, &out->functions[i], &layers, &layer_files[i]);
  }
  OpenLayers(dir, &layers);

  std::vector<size_t> to_check;
  for (size_t i = 0; i < names.size(); ++i) {
    if (out->functions[i].status == AuditedFunction::Status::kChecked) to_check.push_back(i);
  }
  ScanCache scans;
  std::atomic<size_t> next{0};
  std::mutex progress_mutex;
  size_t done = 0;
  auto worker = [&] {
    for (size_t k = next++; k < to_check.size(); k = next++) {
      size_t i = to_check[k];
      try {
        Check(dir, options, layers, layer_files[i], &scans, &out->functions[i]);
      } catch (const std::exception& e) {  // e.g. bad_alloc: one function, not the audit
        out->functions[i].status = AuditedFunction::Status::kFailed;
        out->functions[i].reason = std::string("internal error: ") + e.what();
      }
      if (options.progress) {
        std::lock_guard<std::mutex> lock(progress_mutex);
        options.progress(++done, to_check.size());
      }
    }
  };
  size_t jobs = std::clamp<size_t>(static_cast<size_t>(std::max(options.jobs, 1)), 1,
                                   std::max<size_t>(to_check.size(), 1));
  std::vector<std::thread> threads;
  for (size_t j = 1; j < jobs; ++j) threads.emplace_back(worker);
  worker();
  for (std::thread& t : threads) t.join();

  for (auto& [file, slot] : layers) out->layers.push_back(slot.info);
  out->scans = scans.stats();
  out->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return true;
}

}  // namespace lel
