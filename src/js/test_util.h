// Helpers shared by the js unit tests (Catch2).
#pragma once

#include <catch2/catch.hpp>
#include <cstdint>
#include <string_view>

#include "js/module_scan.h"

namespace lel::testing {

// The span of the nth occurrence (from 0) of `needle` in `src`; the test
// fails when there is none.
inline Span Find(std::string_view src, std::string_view needle, size_t nth = 0) {
  size_t pos = src.find(needle);
  for (size_t i = 0; i < nth && pos != std::string_view::npos; ++i) {
    pos = src.find(needle, pos + 1);
  }
  REQUIRE(pos != std::string_view::npos);
  return {static_cast<uint32_t>(pos), static_cast<uint32_t>(pos + needle.size())};
}

}  // namespace lel::testing
