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

}  // namespace bt::fixed
