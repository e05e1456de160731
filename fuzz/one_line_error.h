// What a fuzz target checks of an error message made from hostile input
// (the project file, get-function output): one non-empty line of valid
// UTF-8 without control bytes, at most kMaxErrorBytes long, and no user
// value echoed whole when it is longer than PrintableName's cap. Aborts
// otherwise.
#ifndef LEL_FUZZ_ONE_LINE_ERROR_H_
#define LEL_FUZZ_ONE_LINE_ERROR_H_

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "archive/zip_archive.h"
#include "json/json_io.h"

namespace lel_fuzz {

// PrintableName's cap is 200 bytes of the value, up to 4 characters each
// once escaped; the rest of a message is the reader's own words.
inline constexpr size_t kMaxErrorBytes = 1024;
inline constexpr size_t kValueCap = 200;

inline bool ValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

inline bool HasControlByte(std::string_view s) {
  for (char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b == 0x7f) return true;
  }
  return false;
}

// Each string and key of `doc` longer than the cap: neither it (its first
// cap + 1 bytes) nor its whole escaped form may appear in `err`.
inline void CheckNoLongEcho(const nlohmann::json& doc, std::string_view err) {
  auto check = [&](const std::string& value) {
    if (value.size() <= kValueCap) return;
    if (err.find(value.substr(0, kValueCap + 1)) != std::string_view::npos) abort();
    if (err.find(lel::PrintableName(value, 0)) != std::string_view::npos) abort();
  };
  if (doc.is_string()) {
    check(doc.get_ref<const std::string&>());
  } else if (doc.is_array()) {
    for (const auto& item : doc) CheckNoLongEcho(item, err);
  } else if (doc.is_object()) {
    for (auto it = doc.begin(); it != doc.end(); ++it) {
      check(it.key());
      CheckNoLongEcho(it.value(), err);
    }
  }
}

// The checks of the file comment, for the error of reading `input`.
inline void CheckOneLineError(std::string_view err, std::string_view input) {
  if (err.empty() || err.size() > kMaxErrorBytes) abort();
  if (HasControlByte(err) || !ValidUtf8(err)) abort();
  nlohmann::json doc;
  std::string unused;
  if (lel::ReadJson(input, &doc, &unused)) CheckNoLongEcho(doc, err);
  // Not JSON: the parser's message quotes the bytes it stopped at, cut.
  if (input.size() > kMaxErrorBytes && err.find(input) != std::string_view::npos) abort();
}

}  // namespace lel_fuzz

#endif  // LEL_FUZZ_ONE_LINE_ERROR_H_
