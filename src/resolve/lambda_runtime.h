// The Node.js runtimes of AWS Lambda that lambda-esm-lint models: one table,
// one row per runtime, read by the project file, the CLI, the reading of
// get-function / list-functions output and the rules. Nothing else lists
// runtime names or maps a name to its Node major.
//
// Sources, per column (lambda_runtime.cc has the rows):
// - name, node_major: the Runtime setting, nodejsNN.x runs Node NN.
// - managed_searches_node_path: "Starting with Node.js 18, Lambda searches
//   folders in the NODE_PATH environment variable when loading ES modules"
//   (AWS Lambda developer guide, "Designating a function handler as an ES
//   module"; shared/docs/lambda-node-runtime.md §2). nodejs16.x and older
//   resolve ES modules as stock Node.js does.
// - ric_major: the major of aws-lambda-ric (the runtime interface client)
//   that loads the handler: 3 on nodejs18.x-22.x, 4 on nodejs24.x
//   (lambda-node-runtime.md §4; lambda-sim runs those); 0 where no source
//   says (nodejs16.x).
// - the three dates: AWS "Lambda runtimes" page
//   (docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html), whose
//   table is quoted with its link in public threads (lambda_runtime.cc
//   names each). "" where no quote of it was found; AWS has moved these
//   dates before, so they are informative and decide no finding.
#ifndef LEL_RESOLVE_LAMBDA_RUNTIME_H_
#define LEL_RESOLVE_LAMBDA_RUNTIME_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lel {

struct LambdaRuntime {
  std::string_view name;  // "nodejs20.x", as the Runtime setting writes it
  int node_major = 0;
  // Managed resolution exists: ES modules also search NODE_PATH (see above).
  bool managed_searches_node_path = false;
  int ric_major = 0;  // aws-lambda-ric major loading the handler; 0: unknown
  // ISO dates (YYYY-MM-DD) of the deprecation and of the blocks on creating
  // and updating functions; "" not known from a source.
  std::string_view deprecation;
  std::string_view block_function_create;
  std::string_view block_function_update;
};

// Every modelled runtime, oldest first (majors strictly increase).
std::span<const LambdaRuntime> LambdaRuntimes();

// The row of a Runtime setting; nullptr for anything not in the table
// (python3.12, nodejs14.x, "").
const LambdaRuntime* FindLambdaRuntime(std::string_view name);

// The names, oldest first: what the CLI and the project file accept.
std::vector<std::string_view> LambdaRuntimeNames();

// nodejs22.x: what a check assumes when no runtime is given.
const LambdaRuntime& DefaultLambdaRuntime();

// "nodejs16.x to nodejs24.x": the modelled range, for messages.
std::string LambdaRuntimeRange();

}  // namespace lel

#endif  // LEL_RESOLVE_LAMBDA_RUNTIME_H_
