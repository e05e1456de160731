// Fuzz target: arbitrary bytes as an ES module source for ScanModule, which
// must never crash, hang or report a span outside the source.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "js/module_scan.h"

namespace {

void CheckSpan(const lel::Span& span, size_t size) {
  if (span.begin > span.end || span.end > size) abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view source(reinterpret_cast<const char*>(data), size);
  lel::ScanOptions options;
  options.timeout_micros = 2'000'000;  // a hang shows as a libFuzzer timeout
  lel::ModuleScan scan = lel::ScanModule(source, options);
  for (const lel::ImportRecord& import : scan.imports) CheckSpan(import.span, size);
  for (const lel::Span& gap : scan.grammar_gaps) CheckSpan(gap, size);
  if (scan.has_syntax_error) CheckSpan(scan.first_error, size);
  return 0;
}
