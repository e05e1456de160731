// Fuzz target: the names a module offers to `import { x }` (ExportNames,
// src/rules/export_names.cc) over module graphs generated from the input
// bytes: up to 6 modules, ES modules (local exports, `export *`,
// `export { a as b } from`, `export * as ns from`, an import re-exported)
// and CommonJS ones (`exports.a = 1`, `module.exports = require(...)`),
// with cycles or without, in an in-memory Vfs, looked up for every module
// and name, for Node 20 and 22.
// Invariants: the lookups end; the same graph asked in the opposite order
// never says kProvided where it said kAmbiguous (or the reverse); and on an
// acyclic graph every answer is that of the reference below, the spec's
// ResolveExport (ECMA-262 16.2.1.6.3) written over the generated model, with
// a CommonJS module's names as Node's cjsPreparseModuleExports collects
// them ("default", the lexed names, those of its re-exports). On an acyclic
// graph the spec's resolveSet only turns away a pair already resolved
// within the same lookup, which cannot change the answer, so the reference
// leaves it out; with cycles the answer may depend on what V8 resolved
// before, and only the first two invariants are checked. CommonJS
// re-exports never form a cycle (Node's answer there depends on load order).
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "archive/lambda_view.h"
#include "input_bytes.h"
#include "resolve/resolver.h"
#include "rules/export_names.h"
#include "rules/module_graph.h"

namespace {

constexpr const char* kNames[] = {"a", "b", "c", "default"};
constexpr int kNameCount = 4;


// The generated model of one module.
struct Indirect {
  std::string export_name;
  int target;
  std::string import_name;  // "*": `export * as export_name from`
};
struct Module {
  bool cjs = false;
  std::vector<std::string> locals;  // exported names with a binding of their own
  std::vector<Indirect> indirect;
  std::vector<int> stars;
  std::optional<int> reexport;      // CommonJS: module.exports = require(...)
  std::string text;
};

std::string FileName(const std::vector<Module>& modules, int i) {
  return "m" + std::to_string(i) + (modules[i].cjs ? ".cjs" : ".mjs");
}

// Which module the byte picks: any module, or with `acyclic` one after `from`
// (nullopt when there is none).
std::optional<int> PickTarget(lel_fuzz::InputBytes* in, int from, int count, bool acyclic) {
  const unsigned b = in->Next();
  if (!acyclic) return static_cast<int>(b % count);
  if (from + 1 >= count) return std::nullopt;
  return from + 1 + static_cast<int>(b % (count - from - 1));
}

std::vector<Module> Generate(lel_fuzz::InputBytes* in, bool acyclic) {
  const int count = 1 + static_cast<int>(in->Next() % 6);
  std::vector<Module> modules(count);
  for (int i = 1; i < count; ++i) modules[i].cjs = in->Next() % 3 == 0;
  for (int i = 0; i < count; ++i) {
    Module& m = modules[i];
    std::set<std::string> exported;
    int temps = 0;
    const unsigned statements = in->Next() % 6;
    for (unsigned s = 0; s < statements; ++s) {
      const unsigned op = in->Next();
      const std::string name = kNames[in->Next() % kNameCount];
      if (m.cjs) {
        if (op % 3 != 0) {
          if (name == "default") continue;
          m.locals.push_back(name);
          m.text += "exports." + name + " = 1;\n";
          continue;
        }
        // A re-export of a CommonJS module after this one: never a cycle.
        std::optional<int> target = PickTarget(in, i, count, /*acyclic=*/true);
        if (!target || !modules[*target].cjs || m.reexport) continue;
        m.reexport = target;
        m.text += "module.exports = require('./" + FileName(modules, *target) + "');\n";
        continue;
      }
      std::optional<int> target = PickTarget(in, i, count, acyclic);
      switch (op % 5) {
        case 0:
          if (!exported.insert(name).second) break;
          m.locals.push_back(name);
          m.text += name == "default" ? "export default 1;\n" : "export const " + name + " = 1;\n";
          break;
        case 1:
          if (target) {
            m.stars.push_back(*target);
            m.text += "export * from './" + FileName(modules, *target) + "';\n";
          }
          break;
        case 2:
        case 3: {
          const std::string imported = kNames[in->Next() % kNameCount];
          if (!target || !exported.insert(name).second) break;
          m.indirect.push_back({name, *target, imported});
          const std::string from = "'./" + FileName(modules, *target) + "'";
          if (op % 5 == 2) {
            m.text += "export { " + imported + " as " + name + " } from " + from + ";\n";
          } else {
            // An imported binding exported again: an indirect export too.
            const std::string local = "t" + std::to_string(temps++);
            m.text += "import { " + imported + " as " + local + " } from " + from +
                      ";\nexport { " + local + " as " + name + " };\n";
          }
          break;
        }
        case 4:
          if (!target || !exported.insert(name).second) break;
          m.indirect.push_back({name, *target, "*"});
          m.text += "export * as " + name + " from './" + FileName(modules, *target) + "';\n";
          break;
      }
    }
  }
  return modules;
}

// The reference: kMissing, kAmbiguous, or kProvided with the binding.
struct Binding {
  lel::NameLookup status = lel::NameLookup::kMissing;
  int module = -1;
  std::string name;
};

void CjsNames(const std::vector<Module>& modules, int i, std::set<std::string>* out) {
  out->insert("default");
  out->insert(modules[i].locals.begin(), modules[i].locals.end());
  if (modules[i].reexport) CjsNames(modules, *modules[i].reexport, out);
}

Binding Reference(const std::vector<Module>& modules, int i, const std::string& name) {
  const Module& m = modules[i];
  if (m.cjs) {
    std::set<std::string> names;
    CjsNames(modules, i, &names);
    if (names.count(name) != 0) return {lel::NameLookup::kProvided, i, name};
    return {};
  }
  for (const std::string& local : m.locals) {
    if (local == name) return {lel::NameLookup::kProvided, i, name};
  }
  for (const Indirect& e : m.indirect) {
    if (e.export_name != name) continue;
    if (e.import_name == "*") return {lel::NameLookup::kProvided, e.target, "*namespace*"};
    return Reference(modules, e.target, e.import_name);
  }
  if (name == "default") return {};
  Binding star;
  for (int target : m.stars) {
    Binding r = Reference(modules, target, name);
    if (r.status == lel::NameLookup::kAmbiguous) return r;
    if (r.status != lel::NameLookup::kProvided) continue;
    if (star.status == lel::NameLookup::kMissing) {
      star = r;
    } else if (star.module != r.module || star.name != r.name) {
      return {lel::NameLookup::kAmbiguous, -1, {}};
    }
  }
  return star;
}

bool Conflict(lel::NameLookup a, lel::NameLookup b) {
  return (a == lel::NameLookup::kProvided && b == lel::NameLookup::kAmbiguous) ||
         (a == lel::NameLookup::kAmbiguous && b == lel::NameLookup::kProvided);
}

void Check(const std::vector<Module>& modules, bool acyclic, int node_major) {
  lel::LambdaPackage package;
  for (size_t i = 0; i < modules.size(); ++i) {
    package.vfs.AddFile("/var/task/" + FileName(modules, static_cast<int>(i)), 0644, {},
                        modules[i].text);
  }
  lel::ResolveOptions options;
  options.node_major = node_major;
  options.node_path = lel::DefaultNodePath(node_major);
  lel::Resolver resolver(package.vfs, options);
  const lel::ModuleGraph graph = lel::ModuleGraph::Build(package, resolver, "/var/task/m0.mjs");
  std::vector<std::pair<int, int>> queries;  // (model index, graph index)
  for (size_t i = 0; i < modules.size(); ++i) {
    const int g = graph.Find("/var/task/" + FileName(modules, static_cast<int>(i)));
    if (g >= 0) queries.emplace_back(static_cast<int>(i), g);
  }
  std::vector<lel::NameLookup> forward, backward;
  {
    lel::ExportNames names(graph, node_major);
    for (auto [i, g] : queries) {
      for (const char* name : kNames) forward.push_back(names.Lookup(g, name));
    }
  }
  {
    lel::ExportNames names(graph, node_major);
    for (size_t q = queries.size(); q-- > 0;) {
      for (int n = kNameCount; n-- > 0;) backward.push_back(names.Lookup(queries[q].second, kNames[n]));
    }
  }
  for (size_t k = 0; k < forward.size(); ++k) {
    if (Conflict(forward[k], backward[backward.size() - 1 - k])) abort();
  }
  if (!acyclic) return;
  for (size_t q = 0; q < queries.size(); ++q) {
    for (int n = 0; n < kNameCount; ++n) {
      const lel::NameLookup got = forward[q * kNameCount + n];
      if (got == lel::NameLookup::kUnknown) continue;  // no conclusion drawn
      if (got != Reference(modules, queries[q].first, kNames[n]).status) abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  lel_fuzz::InputBytes in(data, size);
  const bool acyclic = in.Next() % 2 == 0;
  const std::vector<Module> modules = Generate(&in, acyclic);
  Check(modules, acyclic, 22);
  Check(modules, acyclic, 20);
  return 0;
}
