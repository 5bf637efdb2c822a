// SPDX-License-Identifier: MIT
// bt::scale::Decoder: reads SCALE values from a byte view.
//
// Contract:
// - Never reads outside the view. Reads past the end fail with DecodeError::not_enough_data.
// - Errors are sticky: the first failure is recorded (code, offset, what was being read), the
//   position moves to the end, and every later read returns zero / empty without touching memory.
//   Check ok() or call status() once at the end; loops should stop early on !ok().
// - read_length() checks a length prefix against the remaining input *before* anything is reserved,
//   so a forged length can never cause a large allocation.
//
//   Decoder d(bytes);
//   auto n = d.read_le<std::uint32_t>();
//   auto len = d.read_length();           // Compact length, <= remaining()
//   ByteView payload = d.read_view(len);
//   BT_TRY_VOID(d.finish());              // error if any read failed or bytes remain
#pragma once

#include <bt/bytes.hpp>
#include <bt/result.hpp>
#include <bt/scale/error.hpp>
#include <bt/scale/types.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>

namespace bt::scale {

class Decoder {
 public:
  explicit Decoder(ByteView in) noexcept : p_(in.data()), begin_(in.data()), end_(in.data() + in.size()) {}

  bool ok() const noexcept { return code_ == DecodeError{}; }
  std::size_t remaining() const noexcept { return static_cast<std::size_t>(end_ - p_); }
  std::size_t position() const noexcept { return static_cast<std::size_t>(p_ - begin_); }
  bool at_end() const noexcept { return p_ == end_; }

  // Records the first failure (later ones are ignored) and stops further reads.
  void fail(DecodeError code, const char* what) noexcept {
    if (ok()) {
      code_ = code;
      err_pos_ = position();
      what_ = what;
    }
    p_ = end_;
  }
  // The recorded failure; ok() when none.
  Result<void> status() const {
    if (ok()) return bt::ok();
    return bt::fail(error());
  }
  // status(), plus DecodeError::trailing_bytes if input remains.
  Result<void> finish() const {
    if (!ok()) return bt::fail(error());
    if (!at_end())
      return bt::fail(
          DecodeError::trailing_bytes,
          std::to_string(remaining()) + " trailing byte(s) at offset " + std::to_string(position()));
    return bt::ok();
  }
  // Precondition: !ok().
  Error error() const;
  DecodeError code() const noexcept { return code_; }

  std::uint8_t read_u8() noexcept {
    if (p_ == end_) {
      fail(DecodeError::not_enough_data, "u8");
      return 0;
    }
    return *p_++;
  }
  bool read_bool() noexcept {
    std::uint8_t b = read_u8();
    if (b > 1) fail(DecodeError::invalid_bool, "bool");
    return b == 1;
  }
  // Little-endian fixed-width integer (u8..u64, i8..i64, u128, i128).
  template <class Int>
  Int read_le() noexcept {
    using U = typename UnsignedOf<Int>::type;
    if (remaining() < sizeof(Int)) {
      fail(DecodeError::not_enough_data, "fixed-width integer");
      return 0;
    }
    U u = 0;
    for (std::size_t i = 0; i < sizeof(Int); ++i) u |= static_cast<U>(p_[i]) << (8 * i);
    p_ += sizeof(Int);
    return static_cast<Int>(u);
  }
  // Copies n bytes into out (zero-fills it on failure).
  void read_into(std::uint8_t* out, std::size_t n) noexcept {
    if (remaining() < n) {
      fail(DecodeError::not_enough_data, "bytes");
      std::memset(out, 0, n);
      return;
    }
    std::memcpy(out, p_, n);
    p_ += n;
  }
  // A view of the next n bytes (empty on failure); the view aliases the input.
  ByteView read_view(std::size_t n) noexcept {
    if (remaining() < n) {
      fail(DecodeError::not_enough_data, "bytes");
      return {};
    }
    ByteView v(p_, n);
    p_ += n;
    return v;
  }
  // Compact integer (canonical form required), up to 128 bits.
  u128 read_compact() noexcept {
    if (p_ != end_ && (*p_ & 3) == 0) return static_cast<u128>(*p_++ >> 2);  // fast path
    return read_compact_slow();
  }
  // Compact integer that must fit `max` (else invalid_compact).
  std::uint64_t read_compact_max(std::uint64_t max, const char* what) noexcept {
    u128 v = read_compact();
    if (v > max) {
      fail(DecodeError::invalid_compact, what);
      return 0;
    }
    return static_cast<std::uint64_t>(v);
  }
  std::uint32_t read_compact_u32() noexcept {
    return static_cast<std::uint32_t>(read_compact_max(0xffffffffu, "compact u32"));
  }
  // A compact length prefix for a sequence whose elements take at least min_elem_size bytes each:
  // fails with length_too_large when len * min_elem_size > remaining(). With min_elem_size == 0
  // (zero-sized elements) the length is capped at max_zero_sized_len().
  std::size_t read_length(std::size_t min_elem_size = 1) noexcept {
    u128 v = read_compact();
    if (!ok()) return 0;
    if (min_elem_size == 0) {
      if (v > max_zero_sized_len()) {
        fail(DecodeError::length_too_large, "length of zero-sized elements");
        return 0;
      }
      return static_cast<std::size_t>(v);
    }
    if (v > remaining() / min_elem_size) {
      fail(DecodeError::length_too_large, "length prefix");
      return 0;
    }
    return static_cast<std::size_t>(v);
  }
  static constexpr std::size_t max_zero_sized_len() { return 4096; }
  // Compact length, then that many bytes as a view.
  ByteView read_bytes_with_length() noexcept { return read_view(read_length(1)); }
  // Compact length, then UTF-8 text (invalid_utf8 when malformed).
  std::string read_string();
  // Skips a string (still validates its length, not its UTF-8).
  void skip_string() noexcept { (void)read_bytes_with_length(); }

  // Nesting guard for recursive decoders: enter() fails with depth_limit beyond max_depth().
  bool enter() noexcept {
    if (++depth_ > max_depth()) {
      fail(DecodeError::depth_limit, "nesting depth");
      return false;
    }
    return true;
  }
  void leave() noexcept { --depth_; }
  static constexpr int max_depth() { return 128; }

 private:
  u128 read_compact_slow() noexcept;

  const std::uint8_t* p_;
  const std::uint8_t* begin_;
  const std::uint8_t* end_;
  DecodeError code_{};
  std::size_t err_pos_ = 0;
  const char* what_ = "";
  int depth_ = 0;
};

// True when b is well-formed UTF-8 (no overlongs, surrogates or code points above U+10FFFF).
bool is_valid_utf8(ByteView b) noexcept;

}  // namespace bt::scale
