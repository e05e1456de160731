// The floor of the benchmark: a bare tree-sitter parse of JavaScript files,
// with the same vendored grammar as the linter and nothing else (no query,
// no scan, no resolution). Reads every file into memory first, then parses
// each once (on `--jobs` threads) and prints the parse time.
//
//   ts_parse [--jobs N] [--list FILE] [PATH...]
//
// PATH: a file, or a folder searched for *.js, *.mjs, *.cjs; --list: a file
// with one path per line.
#include <tree_sitter/api.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

extern "C" const TSLanguage* tree_sitter_javascript();

namespace {

bool IsJavaScript(const std::filesystem::path& path) {
  const std::string ext = path.extension().string();
  return ext == ".js" || ext == ".mjs" || ext == ".cjs";
}

void Collect(const std::string& arg, std::vector<std::string>* paths) {
  if (!std::filesystem::is_directory(arg)) {
    paths->push_back(arg);
    return;
  }
  for (const auto& entry : std::filesystem::recursive_directory_iterator(arg)) {
    if (entry.is_regular_file() && IsJavaScript(entry.path())) {
      paths->push_back(entry.path().string());
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  int jobs = 1;
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--jobs" && i + 1 < argc) {
      jobs = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "--list" && i + 1 < argc) {
      std::ifstream list(argv[++i]);
      for (std::string line; std::getline(list, line);) {
        if (!line.empty()) paths.push_back(line);
      }
    } else {
      Collect(arg, &paths);
    }
  }
  if (paths.empty()) {
    std::cerr << "usage: ts_parse [--jobs N] [--list FILE] [PATH...]\n";
    return 2;
  }
  std::vector<std::string> sources;
  uint64_t bytes = 0;
  for (const std::string& path : paths) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::cerr << "ts_parse: cannot read " << path << "\n";
      return 2;
    }
    sources.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    bytes += sources.back().size();
  }

  const auto start = std::chrono::steady_clock::now();
  std::atomic<size_t> next{0};
  std::atomic<uint64_t> nodes{0};
  auto worker = [&] {
    TSParser* parser = ts_parser_new();
    ts_parser_set_language(parser, tree_sitter_javascript());
    for (size_t i = next++; i < sources.size(); i = next++) {
      TSTree* tree = ts_parser_parse_string(parser, nullptr, sources[i].data(),
                                            static_cast<uint32_t>(sources[i].size()));
      nodes += ts_node_child_count(ts_tree_root_node(tree));
      ts_tree_delete(tree);
    }
    ts_parser_delete(parser);
  };
  std::vector<std::thread> threads;
  for (int t = 1; t < jobs; ++t) threads.emplace_back(worker);
  worker();
  for (std::thread& t : threads) t.join();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("parsed %zu files, %llu bytes, %llu top-level nodes in %.3f s (%d jobs)\n",
              sources.size(), static_cast<unsigned long long>(bytes),
              static_cast<unsigned long long>(nodes.load()), seconds, jobs);
  return 0;
}
