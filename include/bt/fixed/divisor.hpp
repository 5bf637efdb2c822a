// SPDX-License-Identifier: MIT
// bt::fixed::U64Divisor: exact floor division of many 64-bit numerators by one divisor, with a
// multiply instead of a hardware division per quotient (the Yuma epoch divides every entry of a
// row or column by that row's or column's sum).
//
// Contract: for every d >= 1 and every x < 2^64, U64Divisor(d).divide(x) == x / d (bit-identical
// to the plain integer division; tests/fixed/divisor_test.cpp checks edge cases and random pairs).
//
// Why it is exact: the constructor keeps inv = floor((2^64 - 1) / d), so
// 2^64 / d - 1 = (2^64 - 1 - (d - 1)) / d <= inv <= 2^64 / d. For x < 2^64 the estimate
// e = floor(x * inv / 2^64) therefore satisfies x/d - x/2^64 <= x*inv/2^64 <= x/d, i.e.
// x/d - 1 < x*inv/2^64 <= x/d, so e is floor(x/d) or floor(x/d) - 1. Then r = x - e*d (no
// overflow: e*d <= x) lies in [0, 2d), and one comparison r >= d fixes the estimate.
#pragma once

#include <bit>
#include <bt/int128.hpp>
#include <cstdint>

namespace bt::fixed {

class U64Divisor {
 public:
  // d must be >= 1 (the default divisor is 1).
  constexpr U64Divisor() noexcept : U64Divisor(1) {}
  constexpr explicit U64Divisor(std::uint64_t d) noexcept : d_(d), inv_(~std::uint64_t{0} / d) {}

  constexpr std::uint64_t divisor() const noexcept { return d_; }

  // floor(x / divisor()).
  constexpr std::uint64_t divide(std::uint64_t x) const noexcept {
    const auto e = static_cast<std::uint64_t>((static_cast<bt::u128>(x) * inv_) >> 64);
    const std::uint64_t r = x - e * d_;
    return e + static_cast<std::uint64_t>(r >= d_);
  }

 private:
  std::uint64_t d_;
  std::uint64_t inv_;
};

// floor((w << 32) / d) for a 16-bit w and one divisor 1 <= d < 2^48 (a u16 weight divided by its
// row's u16 sum, as I32F32 bits), with one 64 x 64 multiply and no correction step.
//
// Contract: for every 1 <= d < 2^48 and every w < 2^16,
// U16ShiftDivisor(d).divide(w) == (u128(w) << 32) / d (tests/fixed/divisor_test.cpp).
//
// Why it is exact: let b be d's bit length (2^(b-1) <= d < 2^b, b <= 48) and k = 16 + b, and keep
// m = ceil(2^(32+k) / d) = 2^(32+k)/d + e with 0 <= e < 1 (m <= 2^(32+16+b)/2^(b-1) + 1 = 2^49 + 1
// fits in 64 bits). Then w*m/2^k = w*2^32/d + w*e/2^k, and w*e/2^k < 2^16/2^(16+b) = 2^-b < 1/d.
// Writing w*2^32 = q*d + r (0 <= r <= d - 1), w*m/2^k lies in [q, q + (d-1)/d + 1/d) = [q, q + 1),
// so floor(w*m/2^k) = q. It is computed as the high word of (w << (64 - k)) * m, where
// w << (64 - k) = w << (48 - b) < 2^(64-b) does not overflow.
class U16ShiftDivisor {
 public:
  // d must be in [1, 2^48) (the default divisor is 1).
  constexpr U16ShiftDivisor() noexcept : U16ShiftDivisor(1) {}
  constexpr explicit U16ShiftDivisor(std::uint64_t d) noexcept
      : shift_(48 - (64 - std::countl_zero(d))),
        m_(static_cast<std::uint64_t>(((bt::u128{1} << (32 + 16 + (64 - std::countl_zero(d)))) - 1) / d) +
           1) {}

  // floor((w << 32) / d).
  constexpr std::uint64_t divide(std::uint16_t w) const noexcept {
    return static_cast<std::uint64_t>((static_cast<bt::u128>(std::uint64_t{w} << shift_) * m_) >> 64);
  }

 private:
  int shift_;
  std::uint64_t m_;
};

}  // namespace bt::fixed
