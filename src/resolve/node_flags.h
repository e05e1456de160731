// The module-system switches of the Node.js a Lambda runtime runs, decided
// once per check from the runtime's major and the function's NODE_OPTIONS:
// require(esm), module syntax detection, and what follows from them (the
// "module-sync" condition). Every other place asks a NodeFlags; none tests
// the major itself for these.
//
// The facts (docs/runtime-model.md has the table and its sources):
// - Node 18 has neither feature; a NODE_OPTIONS naming either flag makes
//   node refuse to start ("... is not allowed in NODE_OPTIONS", run).
// - Node 20.19+, 22.12+ and 24 turn both on by default. Lambda passes
//   --no-experimental-require-module on nodejs20.x and nodejs22.x and
//   --no-experimental-detect-module on nodejs22.x (AWS "Building Lambda
//   functions with Node.js"; lambda-sim passes the same).
// - On the command line those flags win over NODE_OPTIONS (run: node 20 and
//   22 with both keep the feature off), but AWS documents that Lambda drops
//   its disable flag when NODE_OPTIONS holds the matching re-enable flag.
//   The model follows AWS there; lambda-sim cannot show it (no NODE_OPTIONS).
// - NODE_OPTIONS can also turn a feature off (--no-experimental-require-module
//   on nodejs24.x; run): the last mention in NODE_OPTIONS wins.
#ifndef LEL_RESOLVE_NODE_FLAGS_H_
#define LEL_RESOLVE_NODE_FLAGS_H_

#include <string>
#include <string_view>
#include <vector>

namespace lel {

struct NodeFlags {
  int node_major = 22;
  // require() of an ES module loads it (Node's process.features.
  // require_module); also makes "module-sync" an active exports condition.
  // Off: ERR_REQUIRE_ESM.
  bool require_module = false;
  // Module syntax detection in the ES module loader: a .js or extensionless
  // file whose package scope has no "type", loaded by import or import(),
  // is loaded as an ES module when it has ES module syntax.
  bool detect_module = false;
  // The module flags Lambda puts on node's command line for this run (after
  // dropping the ones NODE_OPTIONS re-enables).
  std::vector<std::string> lambda_flags;
  // A module flag in NODE_OPTIONS that this Node does not know: node exits
  // before loading anything. Empty when none.
  std::string rejected_option;

  // Whether a file Node would load as CommonJS by its name and package
  // scope, which has ES module syntax and whose scope has no "type", is
  // loaded as an ES module instead. By require(): only with require(esm)
  // (the CommonJS loader retries it as ESM; detection alone does not, run
  // on Node 20). By import: only with detection.
  bool LoadsAmbiguousEsm(bool by_require) const {
    return by_require ? require_module : detect_module;
  }
};

// The Node majors of the runtimes whose flags are modelled, oldest first.
inline constexpr int kModeledNodeMajors[] = {18, 20, 22, 24};

// The flags of the Node that Lambda's nodejsNN.x runtime runs, with the
// function's NODE_OPTIONS (Environment.Variables.NODE_OPTIONS; "" when
// unset). Majors other than 18/20/22/24: as 18 (no such features) below
// 20, as 24 above.
NodeFlags LambdaNodeFlags(int node_major, std::string_view node_options);

}  // namespace lel

#endif  // LEL_RESOLVE_NODE_FLAGS_H_
