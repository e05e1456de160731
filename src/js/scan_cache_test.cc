#include "js/scan_cache.h"

#include <catch2/catch.hpp>
#include <string>
#include <thread>
#include <vector>

namespace lel {
namespace {

// Sources that exercise every part of a scan: imports and exports, CommonJS,
// a syntax error, a grammar gap, one large enough for the stack guard, and
// one refused before parsing (parse_incomplete).
std::vector<std::string> Sources() {
  std::vector<std::string> sources = {
      "",
      "import a, {b as c} from './a.mjs';\nexport * from 'x';\nexport const h = async (e) => e;\n",
      "const fs = require('fs');\nmodule.exports = { handler(event, ctx) {} };\n__dirname;\n",
      "import {createRequire} from 'module';\nconst r = createRequire(import.meta.url);\nr('y');\n",
      "export {a} from 'x' with { type: 'json' };\nawait import('z');\n",
      "import x from\n",  // syntax error
      std::string(70000, '(') ,  // absurd nesting: refused
  };
  std::string big = "import {S3} from '@aws-sdk/client-s3';\n";
  while (big.size() < 80000) big += "export function f" + std::to_string(big.size()) + "(a, b) { return a + b; }\n";
  sources.push_back(big);
  return sources;
}

TEST_CASE("ScanCache returns what ScanModule returns, and the second lookup is a hit") {
  ScanCache cache;
  const std::vector<std::string> sources = Sources();
  for (const std::string& source : sources) {
    const ModuleScan direct = ScanModule(source);
    std::shared_ptr<const ModuleScan> first = cache.Scan(source);
    std::shared_ptr<const ModuleScan> second = cache.Scan(source);
    REQUIRE(first != nullptr);
    CHECK(*first == direct);
    CHECK(second == first);  // the same object: no second parse
  }
  ScanCache::Stats stats = cache.stats();
  CHECK(stats.lookups == 2 * sources.size());
  CHECK(stats.hits == sources.size());
  CHECK(stats.entries == sources.size());
  CHECK(stats.waits == 0);
  // Sanity: the sources do differ in what a scan finds.
  CHECK(cache.Scan(sources[1])->imports.size() == 2);
  CHECK(cache.Scan(sources[6])->parse_incomplete);
  CHECK(cache.Scan(sources[5])->has_syntax_error);
}

TEST_CASE("ScanCache keys by content, not by size") {
  ScanCache cache;
  // Same size, one byte apart.
  std::shared_ptr<const ModuleScan> a = cache.Scan("import 'aaaa';");
  std::shared_ptr<const ModuleScan> b = cache.Scan("import 'aaab';");
  CHECK(a != b);
  CHECK(a->imports.at(0).specifier == "aaaa");
  CHECK(b->imports.at(0).specifier == "aaab");
  CHECK(cache.stats().entries == 2);

  uint64_t x1, x2, y1, y2;
  ContentHash128("abcdefgh12345678", &x1, &x2);
  ContentHash128("abcdefgh12345679", &y1, &y2);
  CHECK(x1 != y1);
  CHECK(x2 != y2);
  // A trailing zero byte is not the same content.
  ContentHash128(std::string_view("abc\0", 4), &y1, &y2);
  ContentHash128("abc", &x1, &x2);
  CHECK((x1 != y1 || x2 != y2));
}

TEST_CASE("ScanCache used from several threads scans each content once") {
  ScanCache cache;
  const std::vector<std::string> sources = Sources();
  std::vector<ModuleScan> expected;
  for (const std::string& source : sources) expected.push_back(ScanModule(source));

  constexpr int kThreads = 6;
  constexpr int kRounds = 3;
  std::vector<std::vector<std::shared_ptr<const ModuleScan>>> got(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      // Each thread walks the sources from a different start, so lookups of
      // one content overlap in time.
      for (int round = 0; round < kRounds; ++round) {
        for (size_t k = 0; k < sources.size(); ++k) {
          got[t].push_back(cache.Scan(sources[(k + t) % sources.size()]));
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  for (int t = 0; t < kThreads; ++t) {
    REQUIRE(got[t].size() == kRounds * sources.size());
    for (size_t n = 0; n < got[t].size(); ++n) {
      const size_t k = (n % sources.size() + t) % sources.size();
      REQUIRE(got[t][n] != nullptr);
      CHECK(*got[t][n] == expected[k]);
    }
  }
  ScanCache::Stats stats = cache.stats();
  CHECK(stats.lookups == kThreads * kRounds * sources.size());
  // One scan per content: every other lookup was a hit.
  CHECK(stats.entries == sources.size());
  CHECK(stats.hits == stats.lookups - sources.size());
}

}  // namespace
}  // namespace lel
