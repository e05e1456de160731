// Reads a fuzz input as a stream of choices: one byte at a time, zero once
// it is used up. Each read is its own call, so the order in which a target
// takes its choices never depends on the compiler's order of evaluation
// (render_fuzzer's inputs once decoded differently under GCC and clang).
#ifndef LEL_FUZZ_INPUT_BYTES_H_
#define LEL_FUZZ_INPUT_BYTES_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace lel_fuzz {

class InputBytes {
 public:
  InputBytes(const uint8_t* data, size_t size)
      : data_(reinterpret_cast<const char*>(data), size) {}
  unsigned Next() { return pos_ < data_.size() ? static_cast<unsigned char>(data_[pos_++]) : 0; }
  // A string of up to 255 bytes, its length first.
  std::string String() {
    const size_t length = Next();
    const size_t n = std::min<size_t>(length, data_.size() - pos_);
    std::string out(data_.substr(pos_, n));
    pos_ += n;
    return out;
  }
  bool Done() const { return pos_ >= data_.size(); }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

}  // namespace lel_fuzz

#endif  // LEL_FUZZ_INPUT_BYTES_H_
