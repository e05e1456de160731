#include <cstdio>
#include <fstream>
#include <iostream>

#include "cli/command.h"

namespace lel {

bool WriteOutput(const std::string& path, const std::string& text) {
  if (path.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return std::fflush(stdout) == 0;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    std::cerr << "lambda-esm-lint: cannot write " << path << "\n";
    return false;
  }
  return true;
}

}  // namespace lel
