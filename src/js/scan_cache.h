// ScanModule results shared between checks: an audit checks many functions
// that attach the same layers (and often deploy the same zip), so the same
// file content is scanned again and again. The cache is owned by whoever
// runs the checks (audit makes one for the whole run) and passed down; it
// is never global.
#ifndef LEL_JS_SCAN_CACHE_H_
#define LEL_JS_SCAN_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string_view>

#include "js/module_scan.h"

namespace lel {

// Thread-safe. Entries are keyed by the content: its size and a 128-bit
// hash of its bytes (two independent 64-bit lanes). The bytes themselves
// are not kept, so the cache costs only the scans (a fleet's bundles would
// otherwise be held twice). An accidental collision is out of reach (about
// 2^-128 per pair of distinct files of one size); the hash is not
// cryptographic, so two files crafted to collide would share one scan,
// which can only make the lint result of those files wrong, nothing worse.
//
// Two threads asking for the same content at once parse it once: the
// second waits for the first's result. Every caller gets the same
// ModuleScan that ScanModule(source) returns; only default ScanOptions are
// cached.
class ScanCache {
 public:
  struct Stats {
    uint64_t lookups = 0;
    uint64_t hits = 0;    // served from the cache, waits for an in-flight scan included
    uint64_t waits = 0;   // of the hits, those that waited for another thread's scan
    uint64_t entries = 0;
  };

  ScanCache() = default;
  ScanCache(const ScanCache&) = delete;
  ScanCache& operator=(const ScanCache&) = delete;

  // ScanModule(source), from the cache when this content was scanned before.
  // If the scan throws (bad_alloc), every caller waiting for it gets the
  // exception and the content is not cached.
  std::shared_ptr<const ModuleScan> Scan(std::string_view source);

  Stats stats() const;

 private:
  struct Key {
    uint64_t size;
    uint64_t hash_a;
    uint64_t hash_b;
    friend auto operator<=>(const Key&, const Key&) = default;
  };
  using Result = std::shared_future<std::shared_ptr<const ModuleScan>>;

  static Key KeyOf(std::string_view source);

  mutable std::mutex mutex_;
  std::map<Key, Result> entries_;
  Stats stats_;
};

// The 128-bit content hash the cache keys by, exposed for its tests.
void ContentHash128(std::string_view bytes, uint64_t* a, uint64_t* b);

}  // namespace lel

#endif  // LEL_JS_SCAN_CACHE_H_
