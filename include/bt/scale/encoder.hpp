// SPDX-License-Identifier: MIT
// bt::scale::Encoder: appends SCALE bytes to a growable buffer, or writes them into a caller-supplied
// fixed buffer.
//
//   Encoder e;                 // growable
//   e.put_u8(1); e.put_le<std::uint32_t>(7); e.put_compact(300);
//   bt::Bytes out = std::move(e).take();
//
//   std::array<std::uint8_t, 16> buf;
//   Encoder f(std::span<std::uint8_t>(buf));   // pre-sized: never writes past buf
//   f.put_compact(1);  if (f.overflowed()) ...  // or f.finish() -> Result<size_t>
//
// Encoding itself cannot fail; in the pre-sized mode, writing past the end sets overflowed() and
// drops the bytes (finish() then returns DecodeError::buffer_too_small).
#pragma once

#include <bt/bytes.hpp>
#include <bt/result.hpp>
#include <bt/scale/error.hpp>
#include <bt/scale/types.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <type_traits>

namespace bt::scale {

class Encoder {
 public:
  Encoder() = default;
  // Growable, with `reserve` bytes reserved up front.
  explicit Encoder(std::size_t reserve) { buf_.reserve(reserve); }
  // Pre-sized: writes into `out` only.
  explicit Encoder(std::span<std::uint8_t> out) : fixed_(out), is_fixed_(true) {}

  void put_u8(std::uint8_t b) {
    if (!is_fixed_)
      buf_.push_back(b);
    else
      put_raw(&b, 1);
  }
  void put_bytes(ByteView b) { put_raw(b.data(), b.size()); }
  void put_raw(const std::uint8_t* p, std::size_t n) {
    if (n == 0) return;
    if (!is_fixed_) {
      const std::size_t old = buf_.size();
      buf_.resize(old + n);
      std::memcpy(buf_.data() + old, p, n);
    } else if (fixed_.size() - pos_ >= n && !overflow_) {
      std::memcpy(fixed_.data() + pos_, p, n);
      pos_ += n;
    } else {
      overflow_ = true;
    }
  }
  // Little-endian fixed-width integer (u8..u64, i8..i64, u128, i128).
  template <class Int>
  void put_le(Int v) {
    using U = typename UnsignedOf<Int>::type;
    U u = static_cast<U>(v);
    std::uint8_t tmp[sizeof(Int)];
    for (std::size_t i = 0; i < sizeof(Int); ++i) tmp[i] = static_cast<std::uint8_t>(u >> (8 * i));
    put_raw(tmp, sizeof(Int));
  }
  // Compact encoding of an unsigned integer up to 128 bits (see compact.hpp).
  void put_compact(u128 v);
  // Compact length prefix followed by the bytes (Vec<u8> / String).
  void put_bytes_with_length(ByteView b) {
    put_compact(b.size());
    put_bytes(b);
  }

  // Bytes written so far.
  std::size_t size() const noexcept { return is_fixed_ ? pos_ : buf_.size(); }
  bool overflowed() const noexcept { return overflow_; }
  // Growable mode: the bytes (empty in pre-sized mode).
  const Bytes& bytes() const& noexcept { return buf_; }
  Bytes take() && { return std::move(buf_); }
  // Pre-sized mode: bytes written, or buffer_too_small if anything did not fit.
  Result<std::size_t> finish() const {
    if (overflow_) return fail(DecodeError::buffer_too_small, "encoder output buffer too small");
    return size();
  }

 private:
  Bytes buf_;
  std::span<std::uint8_t> fixed_;
  std::size_t pos_ = 0;
  bool is_fixed_ = false;
  bool overflow_ = false;
};

}  // namespace bt::scale
