// MatchNodeRange on the engines ranges the hunt's packages declare and on
// node-semver's own examples (its README, "Ranges" and "Advanced Range
// Syntax").
#include "resolve/node_range.h"

#include <catch2/catch.hpp>

namespace lel {
namespace {

bool In(std::string_view range, NodeVersion v) {
  return MatchNodeRange(range, v) == RangeMatch::kIncludes;
}
bool Out(std::string_view range, NodeVersion v) {
  return MatchNodeRange(range, v) == RangeMatch::kExcludes;
}

TEST_CASE("comparators and partial versions", "[node_range]") {
  CHECK(Out(">=20", {18, 20, 8}));
  CHECK(In(">=20", {20, 0, 0}));
  CHECK(In(">= 16 < 21", {20, 20, 2}));
  CHECK(Out(">= 16 < 21", {22, 23, 5}));
  CHECK(Out(">=16 <21", {21, 0, 0}));
  CHECK(In(">18", {18, 20, 8}) == false);  // >18 is >=19.0.0
  CHECK(In("<=18", {18, 99, 0}));
  CHECK(Out("<18.20", {18, 20, 8}));
  CHECK(In("18", {18, 20, 8}));
  CHECK(Out("18.19", {18, 20, 8}));
  CHECK(In("18.x", {18, 1, 0}));
  CHECK(In("=20.20.2", {20, 20, 2}));
  CHECK(Out("20.20.1", {20, 20, 2}));
  CHECK(In("v20.x", {20, 3, 0}));
  CHECK(In(">=20.0.0-rc.1", {20, 0, 0}));
}

TEST_CASE("or, tilde, caret, hyphen", "[node_range]") {
  const char* kRange = "^18.17.0 || >=20.5.0";
  CHECK(In(kRange, {18, 20, 8}));
  CHECK(Out(kRange, {18, 16, 0}));
  CHECK(Out(kRange, {20, 4, 0}));
  CHECK(In(kRange, {24, 22, 3}));
  CHECK(In("^20.19.0 || ^22.12.0 || >=23", {22, 23, 5}));
  CHECK(Out("^20.19.0 || ^22.12.0 || >=23", {18, 20, 8}));
  CHECK(In("~18.20.0", {18, 20, 8}));
  CHECK(Out("~18.20.0", {18, 21, 0}));
  CHECK(In("~18", {18, 99, 0}));
  CHECK(Out("^0.2.3", {0, 3, 0}));
  CHECK(In("^0.2.3", {0, 2, 9}));
  CHECK(Out("^0.0.3", {0, 0, 4}));
  CHECK(In("16 - 20", {20, 20, 2}));
  CHECK(Out("16 - 20", {22, 0, 0}));
  CHECK(Out("16.0.0 - 20.1.0", {20, 1, 1}));
  CHECK(In("16.0.0 - 20.1.0", {20, 1, 0}));
  CHECK(In("18.x || >=20", {18, 20, 8}));
}

TEST_CASE("everything, and what is not a range", "[node_range]") {
  CHECK(In("", {18, 20, 8}));
  CHECK(In("*", {18, 20, 8}));
  CHECK(In(">=0.10.0", {18, 20, 8}));
  CHECK(MatchNodeRange(">=node18", {18, 0, 0}) == RangeMatch::kUnparsed);
  CHECK(MatchNodeRange("1.", {18, 0, 0}) == RangeMatch::kUnparsed);
  CHECK(MatchNodeRange("1.x.3", {18, 0, 0}) == RangeMatch::kUnparsed);
}

TEST_CASE("the modelled runtime versions", "[node_range]") {
  CHECK(ModeledNodeVersion(18) == NodeVersion{18, 20, 8});
  CHECK(ModeledNodeVersion(24) == NodeVersion{24, 22, 3});
  CHECK(ModeledNodeVersion(26) == NodeVersion{26, 0, 0});
}

}  // namespace
}  // namespace lel
