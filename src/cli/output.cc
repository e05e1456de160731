#include <cstdio>
#include <fstream>
#include <iostream>

#include "archive/zip_archive.h"
#include "cli/command.h"

namespace lel {

void PrintError(std::string_view message) {
  constexpr size_t kMaxLine = 2000;
  std::string line = "lambda-esm-lint: ";
  for (size_t i = 0; i < message.size() && i < kMaxLine; ++i) {
    const auto c = static_cast<unsigned char>(message[i]);
    if (c < 0x20 || c == 0x7f) {
      char hex[5];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      line += hex;
    } else {
      line += static_cast<char>(c);
    }
  }
  if (message.size() > kMaxLine) line += "...";
  line += "\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
}

bool WriteOutput(const std::string& path, const std::string& text) {
  if (path.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return std::fflush(stdout) == 0;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    PrintError("cannot write " + PrintableName(path, 0));
    return false;
  }
  return true;
}

}  // namespace lel
