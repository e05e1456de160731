// The blow-up classes of issue 17, measured on their own (bench/README.md,
// "Hostile input"): one class at one size per run, so that the peak RSS is
// that run's. Prints "CLASS SIZE MS PEAK_RSS_KB".
//
//   hostile_bench glob N         GlobMatch("*a*a*a*a*b", N 'a's), 20 times
//   hostile_bench suppress N     ApplySuppressions: N next-line comments, N findings
//   hostile_bench folders N      BuildLambdaView of ten entries N folders deep
//   hostile_bench rule-id N      NearestRuleId of an N-byte unknown id, 200 times
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "archive/lambda_view.h"
#include "rules/config.h"
#include "rules/suppress.h"
#include "testzip/zip_builder.h"

namespace {

using lel::testzip::File;
using lel::testzip::TestEntry;

long PeakRssKb() {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

// Opens `entries` written as a zip (the writing is not timed).
lel::LambdaPackage Package(const std::vector<TestEntry>& entries, lel::testzip::TempDir* dir,
                           bool build_view) {
  const std::string path = dir->Path("bench.zip");
  lel::testzip::WriteZip(path, entries);
  std::string err;
  lel::LambdaPackage package;
  std::unique_ptr<lel::ZipArchive> zip = lel::ZipArchive::Open(path, &err);
  if (!zip) {
    std::cerr << "hostile_bench: " << err << "\n";
    std::exit(1);
  }
  package.archives.push_back(std::make_shared<lel::ZipSource>(std::move(zip)));
  if (build_view) lel::BuildLambdaView(&package);
  return package;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: hostile_bench glob|suppress|folders|rule-id N\n";
    return 2;
  }
  const std::string what = argv[1];
  const size_t n = std::strtoul(argv[2], nullptr, 10);
  lel::testzip::TempDir dir;
  size_t sink = 0;
  std::chrono::steady_clock::duration took{};
  auto timed = [&](auto work) {
    const auto start = std::chrono::steady_clock::now();
    work();
    took = std::chrono::steady_clock::now() - start;
  };
  if (what == "glob") {
    const std::string path(n, 'a');
    timed([&] {
      for (int i = 0; i < 20; ++i) sink += lel::GlobMatch("*a*a*a*a*b", path);
    });
  } else if (what == "suppress") {
    std::string source;
    std::vector<lel::Finding> findings;
    for (size_t i = 0; i < n; ++i) {
      source += "// lambda-esm-lint-disable-next-line import-unresolved\n";
      lel::Finding& f = findings.emplace_back();
      f.rule = "import-unresolved";
      f.path = "index.mjs";
      f.span = lel::Span{static_cast<uint32_t>(source.size()),
                         static_cast<uint32_t>(source.size() + 6)};
      source += "import 'missing-" + std::to_string(i) + "';\n";
    }
    lel::LambdaPackage package = Package({File("index.mjs", source)}, &dir, true);
    const std::set<std::string, std::less<>> ran = {"import-unresolved"};
    timed([&] {
      lel::SuppressionOutcome outcome = lel::ApplySuppressions(package, findings, ran);
      sink += static_cast<size_t>(outcome.suppressed);
    });
  } else if (what == "folders") {
    std::vector<TestEntry> entries = {File("index.mjs", "export const handler = 1;\n")};
    for (int i = 0; i < 10; ++i) {
      std::string name;
      for (size_t d = 0; d < n; ++d) name += static_cast<char>('a' + i) + std::string("/");
      entries.push_back(File(name + "x.js", "1;\n"));
    }
    lel::LambdaPackage package = Package(entries, &dir, false);
    const long before = PeakRssKb();
    timed([&] { lel::BuildLambdaView(&package); });
    sink += package.skipped.size();
    std::fprintf(stderr, "(peak RSS before the view: %ld KB)\n", before);
  } else if (what == "rule-id") {
    const std::string id(n, 'y');
    timed([&] {
      for (int i = 0; i < 200; ++i) sink += lel::NearestRuleId(id).size();
    });
  } else {
    std::cerr << "hostile_bench: unknown class '" << what << "'\n";
    return 2;
  }
  const double ms = std::chrono::duration<double, std::milli>(took).count();
  std::printf("%s %zu %.2f %ld\n", what.c_str(), n, ms, PeakRssKb());
  return sink == static_cast<size_t>(-1) ? 1 : 0;
}
