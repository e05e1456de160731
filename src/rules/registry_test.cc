#include <catch2/catch.hpp>

#include "rules/config.h"
#include "rules/registry.h"

namespace lel {
namespace {

TEST_CASE("a rule has a fix plan exactly when it is marked fixable") {
  size_t fixable = 0;
  // The registry's rules and the central ones (suppression-unused).
  for (const Rule* rule : ReportedRules()) {
    INFO(rule->id);
    CHECK(rule->fixable == (rule->plan != nullptr));
    fixable += rule->fixable;
  }
  // Not vacuous: some rules can fix (the link, mode and bundling rules).
  CHECK(fixable > 0);
}

}  // namespace
}  // namespace lel
