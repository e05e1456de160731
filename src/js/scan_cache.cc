#include "js/scan_cache.h"

#include <chrono>
#include <cstring>
#include <exception>
#include <utility>

namespace lel {
namespace {

constexpr uint64_t RotateLeft(uint64_t x, int bits) { return (x << bits) | (x >> (64 - bits)); }

// A final avalanche, so that every input bit reaches every output bit.
constexpr uint64_t Finish(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

}  // namespace

// Two lanes over 8-byte words, each with its own odd multipliers and
// rotation, so that a collision needs both to collide at once.
void ContentHash128(std::string_view bytes, uint64_t* a, uint64_t* b) {
  uint64_t ha = 0x9e3779b97f4a7c15ULL;
  uint64_t hb = 0xd6e8feb86659fd93ULL;
  auto mix = [&](uint64_t word) {
    ha = RotateLeft(ha ^ (word * 0x87c37b91114253d5ULL), 31) * 0x4cf5ad432745937fULL + 0x52dce729;
    hb = RotateLeft(hb + (word * 0xa0761d6478bd642fULL), 27) * 0xe7037ed1a0b428dbULL ^ 0x38495ab5;
  };
  size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, bytes.data() + i, 8);
    mix(word);
  }
  uint64_t tail = 0;
  if (i < bytes.size()) std::memcpy(&tail, bytes.data() + i, bytes.size() - i);
  mix(tail);
  mix(bytes.size());
  *a = Finish(ha);
  *b = Finish(hb ^ RotateLeft(ha, 17));
}

ScanCache::Key ScanCache::KeyOf(std::string_view source) {
  Key key{source.size(), 0, 0};
  ContentHash128(source, &key.hash_a, &key.hash_b);
  return key;
}

std::shared_ptr<const ModuleScan> ScanCache::Scan(std::string_view source) {
  const Key key = KeyOf(source);  // outside the lock: it reads every byte
  std::promise<std::shared_ptr<const ModuleScan>> promise;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    ++stats_.lookups;
    auto it = entries_.find(key);
    if (it != entries_.end()) {
      ++stats_.hits;
      Result result = it->second;
      const bool ready = result.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
      if (!ready) ++stats_.waits;
      lock.unlock();
      return result.get();
    }
    entries_.emplace(key, promise.get_future().share());
    ++stats_.entries;
  }
  try {
    auto scan = std::make_shared<const ModuleScan>(ScanModule(source));
    promise.set_value(scan);
    return scan;
  } catch (...) {
    // Waiters get the exception; later callers try again.
    promise.set_exception(std::current_exception());
    std::lock_guard<std::mutex> lock(mutex_);
    entries_.erase(key);
    --stats_.entries;
    throw;
  }
}

ScanCache::Stats ScanCache::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stats_;
}

}  // namespace lel
