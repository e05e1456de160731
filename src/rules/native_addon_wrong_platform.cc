// native-addon-wrong-platform: a *.node addon that is not a Linux ELF
// shared object for the function's architecture: a Mach-O or PE file built
// on a laptop, or an ELF for the other CPU. dlopen() refuses it when it is
// loaded ("invalid ELF header", "wrong ELF class", ...).
#include "rules/loaded_files.h"
#include "rules/registry.h"

namespace lel {
namespace {

constexpr uint16_t kElfMachineX8664 = 62;
constexpr uint16_t kElfMachineAarch64 = 183;
constexpr uint64_t kHeaderBytes = 64;

// What an addon's first bytes say it is: "linux-x86_64", "linux-arm64",
// "linux-other", "macOS (Mach-O)", "Windows (PE)", or "not a binary".
std::string Platform(std::string_view head) {
  auto byte = [&](size_t i) { return i < head.size() ? static_cast<unsigned char>(head[i]) : 0u; };
  if (head.size() >= 20 && head.substr(0, 4) == "\x7f" "ELF") {
    const bool little = byte(5) == 1;
    uint16_t machine = little ? static_cast<uint16_t>(byte(18) | (byte(19) << 8))
                              : static_cast<uint16_t>((byte(18) << 8) | byte(19));
    if (machine == kElfMachineX8664) return "linux-x86_64";
    if (machine == kElfMachineAarch64) return "linux-arm64";
    return "linux-other (ELF machine " + std::to_string(machine) + ")";
  }
  const uint32_t magic = (byte(0) << 24) | (byte(1) << 16) | (byte(2) << 8) | byte(3);
  if (magic == 0xFEEDFACE || magic == 0xFEEDFACF || magic == 0xCEFAEDFE || magic == 0xCFFAEDFE ||
      magic == 0xCAFEBABE) {
    return "macOS (Mach-O)";
  }
  if (byte(0) == 'M' && byte(1) == 'Z') return "Windows (PE)";
  return "not a binary";
}

// node-gyp-build and prebuildify ship one addon per platform under
// prebuilds/<platform>-<arch>/ and pick the matching one at run time: the
// others are never loaded.
bool IsPrebuildForAnotherTarget(std::string_view name, std::string_view architecture) {
  size_t at = name.find("prebuilds/");
  if (at == std::string_view::npos) return false;
  std::string_view rest = name.substr(at + 10);
  std::string wanted = "linux-" + std::string(architecture == "arm64" ? "arm64" : "x64");
  return rest.substr(0, wanted.size()) != wanted;
}

void Check(const Context& context, Findings* out) {
  const std::set<std::string> loaded = LoadedFiles(context);
  const std::string& arch = context.options.architecture;
  const std::string wanted = "linux-" + arch;
  for (size_t a = 0; a < context.package.archives.size(); ++a) {
    const PackageSource& archive = *context.package.archives[a];
    for (const Entry& entry : archive.entries()) {
      // Guard: only addons.
      if (entry.kind != EntryKind::kFile || entry.name.size() < 5 ||
          entry.name.compare(entry.name.size() - 5, 5, ".node") != 0) {
        continue;
      }
      // Guard: per-platform prebuilds for other targets are never loaded.
      if (IsPrebuildForAnotherTarget(entry.name, arch)) continue;
      std::string bytes, err;
      if (!archive.Read(entry, &bytes, &err)) continue;  // unreadable: other rules say so
      std::string platform = Platform(std::string_view(bytes).substr(0, kHeaderBytes));
      // Guard: the right platform.
      if (platform == wanted) continue;
      std::string path = context.package.vfs.Resolve(ViewPath(static_cast<int>(a), entry)).real_path;
      Finding& finding = out->Add(
          kNativeAddonWrongPlatform,
          "native addon built for " + platform + ", but the function runs on " + wanted +
              ": loading it fails (Error: " + path + ": invalid ELF header)");
      PointAt(static_cast<int>(a), entry, &finding);
      if (!loaded.count(path)) {
        finding.severity = Severity::kWarning;
        finding.notes.push_back("no import the linter follows loads it; it fails when code requires it");
      }
    }
  }
}

}  // namespace

const Rule kNativeAddonWrongPlatform = {
    "native-addon-wrong-platform", Category::kCorrectness, Severity::kError, /*fixable=*/false,
    "a native addon is not a Linux ELF for the function's architecture", &Check};

}  // namespace lel
