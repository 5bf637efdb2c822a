// SPDX-License-Identifier: MIT
// bt::fixed::U64Divisor against the plain integer division: edge cases exhaustively around powers
// of two and the extremes, and random (x, d) pairs of every bit length.
#include <bt/fixed/divisor.hpp>
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <vector>

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
