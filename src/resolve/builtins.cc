// Data tables: Node.js built-in modules per major, and the packages the
// managed Lambda runtimes ship in /var/runtime/node_modules.
#include <algorithm>
#include <string_view>

#include "resolve/resolver.h"

namespace lel {
namespace {

struct Builtin {
  std::string_view name;
  int since_major;   // first Node major (of those Lambda ran) that has it
  bool prefix_only;  // only as "node:<name>"; the bare name is a package
};

// Sources: `require('module').builtinModules` and `module.isBuiltin()` run on
// the Node builds lambda-sim uses for each runtime (v18.20.8, v20.20.2,
// v22.23.3, v24.21.0; /var/cache/lambda-sim/nodeNN). Node 16 is derived from
// the v18 list and the "added in" notes of the Node docs: readline/promises
// came in v17.0.0, node:test in v16.17.0 (Lambda's nodejs16.x ran 16.20).
// The four builds list the same bare modules except readline/promises
// (17+) and inspector/promises (19+). Prefix-only modules
// (lib/internal/bootstrap/realm.js schemelessBlockList): test (16.17+),
// test/reporters (18.17+), sea (20.12+), sqlite (22.13+ without a flag).
// node:quic needs --experimental-quic, which Lambda does not pass.
constexpr Builtin kBuiltins[] = {
    {"_http_agent", 16, false},
    {"_http_client", 16, false},
    {"_http_common", 16, false},
    {"_http_incoming", 16, false},
    {"_http_outgoing", 16, false},
    {"_http_server", 16, false},
    {"_stream_duplex", 16, false},
    {"_stream_passthrough", 16, false},
    {"_stream_readable", 16, false},
    {"_stream_transform", 16, false},
    {"_stream_wrap", 16, false},
    {"_stream_writable", 16, false},
    {"_tls_common", 16, false},
    {"_tls_wrap", 16, false},
    {"assert", 16, false},
    {"assert/strict", 16, false},
    {"async_hooks", 16, false},
    {"buffer", 16, false},
    {"child_process", 16, false},
    {"cluster", 16, false},
    {"console", 16, false},
    {"constants", 16, false},
    {"crypto", 16, false},
    {"dgram", 16, false},
    {"diagnostics_channel", 16, false},
    {"dns", 16, false},
    {"dns/promises", 16, false},
    {"domain", 16, false},
    {"events", 16, false},
    {"fs", 16, false},
    {"fs/promises", 16, false},
    {"http", 16, false},
    {"http2", 16, false},
    {"https", 16, false},
    {"inspector", 16, false},
    {"inspector/promises", 19, false},
    {"module", 16, false},
    {"net", 16, false},
    {"os", 16, false},
    {"path", 16, false},
    {"path/posix", 16, false},
    {"path/win32", 16, false},
    {"perf_hooks", 16, false},
    {"process", 16, false},
    {"punycode", 16, false},
    {"querystring", 16, false},
    {"readline", 16, false},
    {"readline/promises", 17, false},
    {"repl", 16, false},
    {"sea", 20, true},
    {"sqlite", 22, true},
    {"stream", 16, false},
    {"stream/consumers", 16, false},
    {"stream/promises", 16, false},
    {"stream/web", 16, false},
    {"string_decoder", 16, false},
    {"sys", 16, false},
    {"test", 16, true},
    {"test/reporters", 18, true},
    {"timers", 16, false},
    {"timers/promises", 16, false},
    {"tls", 16, false},
    {"trace_events", 16, false},
    {"tty", 16, false},
    {"url", 16, false},
    {"util", 16, false},
    {"util/types", 16, false},
    {"v8", 16, false},
    {"vm", 16, false},
    {"wasi", 16, false},
    {"worker_threads", 16, false},
    {"zlib", 16, false},
};

// Packages in the managed runtime's /var/runtime/node_modules (nodejs18.x
// and later). @aws-sdk/*: AWS "Runtime-included SDK versions" (SDK for
// JavaScript v3 ships with nodejs18.x+). @smithy/*, @aws-crypto/* and
// tslib: declared "dependencies" of every v3 client (e.g.
// aws-sdk-js-v3 clients/client-s3/package.json), so an installed SDK has
// them; npm hoists them to the top level. Not listed: packages only some
// clients use (fast-xml-parser, uuid, ...), and aws-sdk (v2), which is
// absent from these runtimes.
constexpr std::string_view kRuntimeScopes[] = {"@aws-sdk/", "@smithy/", "@aws-crypto/"};
constexpr std::string_view kRuntimePackages[] = {"tslib"};

}  // namespace

bool AcceptsAssertAttributes(int node_major) { return node_major < 22; }

bool AcceptsRegexFlags(int node_major, std::string_view flags) {
  for (size_t i = 0; i < flags.size(); ++i) {
    const char flag = flags[i];
    if (flags.find(flag, i + 1) != std::string_view::npos) return false;
    if (flag == 'v' && (node_major < 20 || flags.find('u') != std::string_view::npos)) return false;
    if (std::string_view("dgimsuyv").find(flag) == std::string_view::npos) return false;
  }
  return true;
}

bool AcceptsRegexModifiers(int node_major) { return node_major >= 24; }

bool IsBuiltin(std::string_view name, int node_major, bool has_node_prefix) {
  for (const Builtin& builtin : kBuiltins) {
    if (builtin.name != name) continue;
    if (node_major < builtin.since_major) return false;
    return has_node_prefix || !builtin.prefix_only;
  }
  return false;
}

bool IsRuntimeProvidedPackage(std::string_view package_name) {
  for (std::string_view scope : kRuntimeScopes) {
    if (package_name.size() > scope.size() && package_name.substr(0, scope.size()) == scope) {
      return true;
    }
  }
  return std::find(std::begin(kRuntimePackages), std::end(kRuntimePackages), package_name) !=
         std::end(kRuntimePackages);
}

}  // namespace lel
