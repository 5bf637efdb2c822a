// SPDX-License-Identifier: MIT
// bt::fixed::U64Divisor against the plain integer division: edge cases exhaustively around powers
// of two and the extremes, and random (x, d) pairs of every bit length; U16ShiftDivisor against
// (w << 32) / d the same way.
#include <bt/fixed/divisor.hpp>
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <vector>

using bt::fixed::U16ShiftDivisor;
using bt::fixed::U64Divisor;

namespace {
constexpr std::uint64_t kMax = ~std::uint64_t{0};

// Numerators next to the places where an off-by-one would show: 0, small values, multiples of d
// and their neighbours near 2^k and near 2^64.
std::vector<std::uint64_t> probes(std::uint64_t d) {
  std::vector<std::uint64_t> xs = {0, 1, 2, 3, kMax, kMax - 1, kMax - 2, d - 1, d, d + 1};
  for (int k = 0; k < 64; ++k) {
    const std::uint64_t p = std::uint64_t{1} << k;
    for (std::uint64_t x : {p - 1, p, p + 1}) xs.push_back(x);
    // Multiples of d just below / at 2^k and the largest multiple below 2^64.
    const std::uint64_t m = (p / d) * d;
    for (std::uint64_t x : {m - 1, m, m + 1}) xs.push_back(x);
  }
  const std::uint64_t top = (kMax / d) * d;
  for (std::uint64_t x : {top - 1, top, top + (top < kMax ? 1 : 0), top - d, top - d + 1}) xs.push_back(x);
  return xs;
}
}  // namespace

TEST_CASE("U64Divisor equals plain division on edge divisors and numerators", "[fixed][divisor]") {
  std::vector<std::uint64_t> ds;
  for (std::uint64_t d = 1; d <= 1000; ++d) ds.push_back(d);
  for (int k = 1; k < 64; ++k) {
    const std::uint64_t p = std::uint64_t{1} << k;
    for (std::uint64_t d : {p - 1, p, p + 1}) ds.push_back(d);
  }
  for (std::uint64_t d : {kMax, kMax - 1, kMax / 2, kMax / 3, std::uint64_t{65535}, std::uint64_t{4294967295},
                          std::uint64_t{4294967296}, std::uint64_t{4294967297}})
    ds.push_back(d);
  std::uint64_t bad = 0, checked = 0;
  for (std::uint64_t d : ds) {
    const U64Divisor dv(d);
    CHECK(dv.divisor() == d);
    for (std::uint64_t x : probes(d)) {
      ++checked;
      if (dv.divide(x) != x / d) {
        ++bad;
        FAIL_CHECK("x=" << x << " d=" << d << " got " << dv.divide(x) << " want " << x / d);
      }
    }
  }
  CHECK(bad == 0);
  CHECK(checked > 100000);
  // Every numerator below 2^16 for every divisor below 2^8 (exhaustive small range).
  for (std::uint64_t d = 1; d < 256; ++d) {
    const U64Divisor dv(d);
    for (std::uint64_t x = 0; x < 65536; ++x)
      if (dv.divide(x) != x / d) FAIL("x=" << x << " d=" << d);
  }
}

TEST_CASE("U64Divisor equals plain division on random pairs", "[fixed][divisor]") {
  std::mt19937_64 rng(20261203);
  std::uint64_t bad = 0;
  for (int round = 0; round < 2'000'000; ++round) {
    // Random bit lengths so that small and large divisors / numerators are all frequent.
    const int db = 1 + static_cast<int>(rng() % 64), xb = 1 + static_cast<int>(rng() % 64);
    std::uint64_t d = rng() >> (64 - db);
    if (d == 0) d = 1;
    const std::uint64_t x = rng() >> (64 - xb);
    if (U64Divisor(d).divide(x) != x / d) ++bad;
  }
  CHECK(bad == 0);
  // The shapes the Yuma epoch uses: (w << 32) / row sum and (a << 32) / column sum with a <= d.
  for (int round = 0; round < 1'000'000; ++round) {
    const std::uint64_t d = 1 + (rng() >> 31);  // up to 2^33
    const std::uint64_t a = d == 0 ? 0 : rng() % std::min<std::uint64_t>(d + 1, std::uint64_t{1} << 32);
    const U64Divisor dv(d);
    if (dv.divide(a << 32) != (a << 32) / d) ++bad;
  }
  CHECK(bad == 0);
  static_assert(U64Divisor(7).divide(100) == 14);
  static_assert(U64Divisor(1).divide(kMax) == kMax);
  static_assert(U64Divisor(kMax).divide(kMax) == 1);
}

TEST_CASE("U16ShiftDivisor equals (w << 32) / d", "[fixed][divisor]") {
  auto want = [](std::uint64_t w, std::uint64_t d) {
    return static_cast<std::uint64_t>((static_cast<bt::u128>(w) << 32) / d);
  };
  std::vector<std::uint64_t> ds;
  for (std::uint64_t d = 1; d <= 2000; ++d) ds.push_back(d);
  for (int k = 1; k <= 48; ++k) {
    const std::uint64_t p = std::uint64_t{1} << k;
    for (std::uint64_t d : {p - 2, p - 1, p, p + 1, p / 3, p / 3 * 2 + 1}) {
      if (d >= 1 && d < (std::uint64_t{1} << 48)) ds.push_back(d);
    }
  }
  std::mt19937_64 rng(7);
  for (int k = 0; k < 2000; ++k) ds.push_back(1 + rng() % ((std::uint64_t{1} << (1 + rng() % 48)) - 1));
  std::uint64_t bad = 0;
  for (std::uint64_t d : ds) {
    const U16ShiftDivisor dv(d);
    // Every w for the small and power-of-two divisors, else edge and random numerators.
    if (d <= 300 || (d & (d - 1)) == 0) {
      for (std::uint64_t w = 0; w < 65536; ++w) bad += dv.divide(static_cast<std::uint16_t>(w)) != want(w, d);
    } else {
      for (std::uint64_t w : std::initializer_list<std::uint64_t>{0, 1, 2, 65534, 65535, d % 65536,
                                                                  (d - 1) % 65536, (d + 1) % 65536})
        bad += dv.divide(static_cast<std::uint16_t>(w)) != want(w, d);
      for (int r = 0; r < 64; ++r) {
        const std::uint64_t w = rng() % 65536;
        if (dv.divide(static_cast<std::uint16_t>(w)) != want(w, d)) {
          ++bad;
          FAIL_CHECK("w=" << w << " d=" << d);
        }
      }
    }
  }
  CHECK(bad == 0);
  // Every w against divisors whose quotients sit next to an integer (d divides w << 32 or nearly).
  for (std::uint64_t d :
       {std::uint64_t{65535}, std::uint64_t{65536}, std::uint64_t{65537}, std::uint64_t{3} << 30,
        (std::uint64_t{1} << 31) - 1, (std::uint64_t{1} << 48) - 1, std::uint64_t{4294967295}}) {
    const U16ShiftDivisor dv(d);
    for (std::uint64_t w = 0; w < 65536; ++w)
      if (dv.divide(static_cast<std::uint16_t>(w)) != want(w, d)) FAIL("w=" << w << " d=" << d);
  }
  static_assert(U16ShiftDivisor(1).divide(65535) == std::uint64_t{65535} << 32);
  static_assert(U16ShiftDivisor(3).divide(1) == (std::uint64_t{1} << 32) / 3);
}
