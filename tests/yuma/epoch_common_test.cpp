// SPDX-License-Identifier: MIT
// The exact plain forms of the steps every variant shares (lib/yuma/epoch_common.cpp: the
// normalised stake and TAO product of compute_stake, the emission and u16 conversions of
// finish_epoch) against the literal run (EpochOptions::stepwise), on stakes the plain forms take
// and on stakes outside them (sums at or beyond 2^126 bits, wrapped sums, TAO weight 1.0, TAO
// stakes of 2^63 and more), which take the literal forms.
#include <algorithm>
#include <bt/yuma/epoch.hpp>
#include <bt/yuma/math.hpp>
#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "subnet_support.hpp"

namespace {
using namespace bt::yuma;

constexpr std::uint64_t kMax64 = std::numeric_limits<std::uint64_t>::max();

// A small subnet (random weights and bonds of its validators) whose stakes follow `shape`.
EpochInput staked(std::uint16_t n, std::mt19937_64& rng, int shape) {
  auto u = [&](std::uint64_t lo, std::uint64_t hi) {
    return std::uniform_int_distribution<std::uint64_t>(lo, hi)(rng);
  };
  const std::uint16_t validators = static_cast<std::uint16_t>(n / 4 + 1);
  EpochInput in = test::subnet_frame(n, validators);
  const std::uint64_t tao_weights[] = {0, 1, u(0, kMax64), kMax64 / 5, kMax64 - 1, kMax64};
  in.tao_weight = tao_weights[u(0, 5)];
  in.stake_threshold = u(0, 2) == 0 ? 1'000'000 : 0;
  for (std::uint16_t i = 0; i < n; ++i) {
    switch (shape) {
      case 0:  // realistic rao stakes (up to ~1e17)
        in.alpha_stake[i] = u(0, 100'000'000'000'000'000ULL);
        in.tao_stake[i] = u(0, 3) == 0 ? u(0, 10'000'000'000'000'000ULL) : 0;
        break;
      case 1:  // huge: the I64F64 sum reaches 2^126 bits or wraps
        in.alpha_stake[i] = u(kMax64 / 4, kMax64);
        in.tao_stake[i] = u(kMax64 / 2, kMax64);
        break;
      case 2:  // one uid holds (almost) everything: shares 0 and 1.0
        in.alpha_stake[i] = i == 1 ? u(1, kMax64 / 2) : u(0, 1);
        in.tao_stake[i] = 0;
        break;
      default:  // tiny stakes
        in.alpha_stake[i] = u(0, 3);
        in.tao_stake[i] = u(0, 2);
        break;
    }
    if (i < validators) {
      in.validator_permit[i] = true;
      for (std::uint16_t j = 0; j < n; ++j) {
        if (u(0, 2) == 0) in.weights[i].push_back({j, static_cast<std::uint16_t>(u(0, 65535))});
        if (u(0, 3) == 0) in.bonds[i].push_back({j, static_cast<std::uint16_t>(u(0, 65535))});
      }
    }
  }
  in.stake.assign(n, 0);
  for (std::uint16_t i = 0; i < n; ++i) in.stake[i] = in.alpha_stake[i];
  return in;
}
}  // namespace

TEST_CASE("stake normalisation and emission conversions: plain forms equal the literal run",
          "[yuma][stake]") {
  std::mt19937_64 rng(20261204);
  for (const Variant v : {Variant::head, Variant::feb2025, Variant::spec143})
    for (int shape = 0; shape < 4; ++shape)
      for (int rep = 0; rep < 4; ++rep) {
        const EpochInput in = staked(static_cast<std::uint16_t>(8 + rng() % 40), rng, shape);
        INFO("variant " << to_string(v) << " shape " << shape << " rep " << rep);
        test::same_as_stepwise(in, v);
      }
}

namespace {
// is_topk as math.rs spells it: a stable ascending sort of the uids by value, the first n - k
// cleared.
std::vector<bool> literal_topk(const std::vector<bt::fixed::I32F32>& v, std::size_t k, std::vector<bool> r) {
  const std::size_t n = v.size();
  if (n < k) return r;
  std::vector<std::size_t> idx(n);
  for (std::size_t i = 0; i < n; ++i) idx[i] = i;
  std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
  for (std::size_t t = 0; t < n - k; ++t) r[idx[t]] = false;
  return r;
}
}  // namespace

TEST_CASE("is_topk / is_topk_nonzero: the selection equals the stable sort", "[yuma][topk]") {
  using bt::fixed::I32F32;
  std::mt19937_64 rng(99);
  for (int rep = 0; rep < 400; ++rep) {
    // Sizes around the key's 2^16 uid limit too; values with many ties, and (in some vectors)
    // negative or huge values, which take the sort.
    const std::size_t n = rep % 50 == 7 ? 65536 + rng() % 3 : rng() % 300;
    const int shape = rep % 4;
    std::vector<I32F32> v(n);
    for (auto& x : v) {
      const std::uint64_t r = rng();
      std::int64_t b = static_cast<std::int64_t>(r % 5);  // ties
      if (shape == 1) b = static_cast<std::int64_t>(r % ((std::uint64_t{1} << 32) + 1));
      if (shape == 2) b = static_cast<std::int64_t>(r) >> (r % 40);  // negative and huge
      if (shape == 3) b = (std::int64_t{1} << 47) - 1 - static_cast<std::int64_t>(r % 3);
      x = I32F32::from_bits(b);
    }
    if (shape == 3 && n > 0) v[rng() % n] = I32F32::from_bits(std::int64_t{1} << 47);  // just outside
    const std::size_t k = n == 0 ? 0 : rng() % (n + 2);
    INFO("rep " << rep << " n " << n << " k " << k);
    CHECK(math::is_topk(v, k) == literal_topk(v, k, std::vector<bool>(n, true)));
    std::vector<bool> nz(n);
    for (std::size_t i = 0; i < n; ++i) nz[i] = v[i] != I32F32::zero();
    CHECK(math::is_topk_nonzero(v, k) == literal_topk(v, k, nz));
  }
}

TEST_CASE("feb2025 input check: a bond column >= n is found at any position of a long row", "[yuma][input]") {
  // (1, 64 and 1024 are powers of two: the columns' OR decides.)
  for (const std::uint16_t n : {std::uint16_t{1}, std::uint16_t{9}, std::uint16_t{40}, std::uint16_t{64},
                                std::uint16_t{300}, std::uint16_t{1024}}) {
    EpochInput in = test::subnet_frame(n, 1);
    in.alpha_stake[0] = 1000;
    in.validator_permit[0] = true;
    Row row;
    for (std::size_t k = 0; k < 37; ++k) row.push_back({static_cast<std::uint16_t>((k * 7) % n), 0xFFFF});
    row.back().first = static_cast<std::uint16_t>(n - 1);
    in.bonds[0] = row;
    CHECK(run_epoch(in, Variant::feb2025).has_value());
    for (std::size_t pos = 0; pos < row.size(); ++pos)
      for (const std::uint16_t bad : {n, static_cast<std::uint16_t>(n + 1), std::uint16_t{0xFFFF}}) {
        in.bonds[0] = row;
        in.bonds[0][pos].first = bad;
        INFO("n " << n << " position " << pos << " column " << bad);
        const auto r = run_epoch(in, Variant::feb2025);
        REQUIRE(!r.has_value());
        CHECK(r.error() == YumaError::uid_out_of_range);
      }
  }
}

// finish_epoch's one-pass emission form (a positive combined emission sum) and its whole-vector
// storage copies (every uid registered) against the literal run, and the inputs that take the
// general forms: uids without a hotkey (storage positions differ from uids), no emission at all
// (the sum is zero: nve / nce come from the stake), permits shorter than n or none, an owner,
// inactive uids (the active stake's one-pass masks).
TEST_CASE("finish_epoch and the active stake: the one-pass forms equal the literal run", "[yuma][stake]") {
  std::mt19937_64 rng(4052026);
  for (const Variant v : {Variant::head, Variant::feb2025, Variant::spec143})
    for (int shape = 0; shape < 8; ++shape)
      for (int rep = 0; rep < 3; ++rep) {
        const std::uint16_t n = static_cast<std::uint16_t>(6 + rng() % 40);
        EpochInput in = staked(n, rng, 0);
        if (shape == 1 || shape == 5)  // some uids without a hotkey (never uid 0, a validator)
          for (std::uint16_t i = 1; i < n; ++i)
            if (rng() % 3 == 0) in.registered[i] = false;
        if (shape == 2)  // no weights: no incentive, no consensus; dividends only from old bonds
          for (auto& r : in.weights) r.clear();
        if (shape == 3) {  // nothing at all: the emission sum is zero
          for (auto& r : in.weights) r.clear();
          for (auto& r : in.bonds) r.clear();
        }
        if (shape == 4 && v != Variant::spec143 && v != Variant::feb2025)  // permits shorter than n
          in.validator_permit.resize(n / 2);
        if (shape == 5) in.owner_uid = static_cast<std::uint16_t>(rng() % n);
        if (shape == 6 && v == Variant::head) in.validator_permit.clear();  // no permits: no mask
        if (shape == 7)  // inactive uids, validators among them
          for (std::uint16_t i = 0; i < n; ++i)
            if (rng() % 3 == 0) in.last_update[i] = 10;
        INFO("variant " << to_string(v) << " shape " << shape << " rep " << rep);
        test::same_as_stepwise(in, v);
      }
}

namespace {
// vec_max_upscale_to_u16 spelled as math.rs does (max, then per value: round(v * 65535 / max)
// for a max at most 32768; half away from zero).
std::vector<std::uint16_t> literal_max_upscale(const std::vector<bt::fixed::I32F32>& v) {
  using bt::fixed::I32F32;
  std::vector<std::uint16_t> out(v.size());
  if (v.empty()) return out;
  I32F32 maxv = v[0];
  for (auto x : v) maxv = maxv.max_of(x);
  const I32F32 u16max = I32F32::saturating_from_num(65535);
  auto round = [](I32F32 x) {
    const std::int64_t b = x.to_bits();
    const std::int64_t m = b < 0 ? -b : b;
    const std::int64_t r = (m + (std::int64_t{1} << 31)) & ~((std::int64_t{1} << 32) - 1);
    return I32F32::from_bits(b < 0 ? -r : r);
  };
  for (std::size_t i = 0; i < v.size(); ++i) {
    const I32F32 x = maxv == I32F32::zero() ? v[i].saturating_mul(u16max)
                     : maxv > I32F32::saturating_from_num(32768)
                         ? round(v[i].saturating_mul(u16max.safe_div(maxv)))
                         : round(v[i].saturating_mul(u16max).safe_div(maxv));
    out[i] = x.saturating_to_num<std::uint16_t>();
  }
  return out;
}
}  // namespace

TEST_CASE("vec_max_upscale_to_u16: the two-division form for a maximum up to 1.0 equals the literal one",
          "[yuma][stake]") {
  using bt::fixed::I32F32;
  std::mt19937_64 rng(77);
  for (int rep = 0; rep < 600; ++rep) {
    const std::size_t n = 1 + rng() % 40;
    const int shape = rep % 5;
    // maximum bits: 1.0 exactly, below 1.0, tiny, above 1.0 (literal form), huge
    const std::int64_t top = shape == 0   ? std::int64_t{1} << 32
                             : shape == 1 ? static_cast<std::int64_t>(rng() % (std::uint64_t{1} << 32)) + 1
                             : shape == 2 ? static_cast<std::int64_t>(rng() % 7) + 1
                             : shape == 3
                                 ? (std::int64_t{1} << 32) + 1 + static_cast<std::int64_t>(rng() % 1000)
                                 : std::int64_t{1} << 50;
    std::vector<I32F32> v(n);
    for (auto& x : v) {
      std::int64_t b = static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(top + 1));
      if (rng() % 9 == 0) b = -b;  // negative values take the literal form
      if (rng() % 5 == 0) b = top;
      x = I32F32::from_bits(b);
    }
    INFO("rep " << rep);
    CHECK(math::vec_max_upscale_to_u16(v) == literal_max_upscale(v));
  }
}
