// SPDX-License-Identifier: MIT
// The fused bond EMA + dividends tail (yuma3_bonds_from_storage / yuma2_bonds_from_storage in
// lib/yuma/epoch_fused.cpp) against the literal step-by-step sequence (EpochOptions::stepwise), on
// the shapes it handles (dense and sparse rows, edge values, alpha 0 and 1, any thread count) and
// on inputs outside them, which must take the general forms with the same results.
#include <bt/int128.hpp>
#include <bt/yuma/case.hpp>
#include <bt/yuma/epoch.hpp>
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

#include "../../lib/yuma/epoch_fused.hpp"
#include "subnet_support.hpp"

namespace {
using namespace bt::yuma;

// `validators` staked uids weighting about `density_pct` percent of n uids (ascending columns),
// bonds on most weighted entries and on some unweighted ones, a few re-registered uids (masked
// bond columns) and stored bond values 0 and 65535 among the random ones.
EpochInput subnet(std::uint16_t n, std::uint16_t validators, unsigned density_pct, std::uint32_t seed) {
  std::mt19937_64 rng(seed);
  auto uniform = [&](std::uint64_t lo, std::uint64_t hi) {
    return std::uniform_int_distribution<std::uint64_t>(lo, hi)(rng);
  };
  EpochInput in = test::subnet_frame(n, validators);
  for (std::uint16_t i = 0; i < n; ++i) {
    if (i % 37 == 3) in.block_at_registration[i] = in.current_block - 50;  // re-registered
    if (i < validators) {
      in.alpha_stake[i] = uniform(10'000'000'000'000ULL, 90'000'000'000'000ULL);
      in.validator_permit[i] = true;
      if (i % 9 == 4) in.last_update[i] = in.current_block - 40;  // last update after some registrations
    }
  }
  for (std::uint16_t i = 0; i < validators; ++i) {
    for (std::uint16_t j = 0; j < n; ++j) {
      const bool weighted = uniform(0, 99) < density_pct;
      if (weighted) in.weights[i].push_back({j, static_cast<std::uint16_t>(uniform(1, 65535))});
      if (uniform(0, 99) < (weighted ? 90u : density_pct / 3)) {
        const std::uint64_t r = uniform(0, 19);
        const auto b = static_cast<std::uint16_t>(r == 0 ? 65535 : r == 1 ? 0 : uniform(0, 65535));
        in.bonds[i].push_back({j, b});
      }
    }
  }
  return in;
}

using test::same_as_stepwise;

// Every variant that takes the fused bond paths: head Yuma2, head Yuma3, feb2025 (per-row masks).
void all_variants(EpochInput in) {
  same_as_stepwise(in, Variant::head);
  same_as_stepwise(in, Variant::feb2025);
  in.yuma3_enabled = true;
  same_as_stepwise(in, Variant::head);
}
}  // namespace

TEST_CASE("fused bond EMA and tail: the shapes it handles equal the literal sequence", "[yuma][bonds]") {
  SECTION("dense rows, above the parallel threshold") { all_variants(subnet(300, 200, 92, 5)); }
  SECTION("sparse rows (the merge form), above the parallel threshold") {
    all_variants(subnet(2000, 250, 12, 6));
  }
  SECTION("mixed row densities, small") {
    EpochInput in = subnet(120, 40, 60, 7);
    for (std::size_t i = 0; i < 40; i += 3) in.weights[i].resize(in.weights[i].size() / 8);
    all_variants(in);
  }
  SECTION("alpha 0: EMA values reach 1.0 (stored 65535 bonds)") {
    EpochInput in = subnet(150, 60, 80, 8);
    in.bonds_moving_average = 1'000'000;
    all_variants(in);
  }
  SECTION("alpha 1: stored bonds do not count") {
    EpochInput in = subnet(150, 60, 80, 9);
    in.bonds_moving_average = 0;
    all_variants(in);
  }
  SECTION("Yuma3 with enough stored bonds for the old-term table, dense and sparse rows") {
    EpochInput in = subnet(900, 420, 92, 13);
    std::size_t bonds = 0;
    for (std::size_t i = 0; i < 420; i += 10) {
      in.weights[i].resize(in.weights[i].size() / 10);
      in.bonds[i].resize(in.bonds[i].size() / 10);
    }
    for (const auto& row : in.bonds) bonds += row.size();
    REQUIRE(bonds >= 4 * 65536);
    in.yuma3_enabled = true;
    same_as_stepwise(in, Variant::head);
  }
  SECTION("one column holding most of the weight (sums beyond the one-multiply divisions)") {
    EpochInput in = subnet(150, 60, 80, 14);
    for (std::size_t i = 0; i < 60; ++i)
      for (auto& [j, w] : in.weights[i]) w = j == 100 ? 65535 : static_cast<std::uint16_t>(w % 64);
    all_variants(in);
  }
  SECTION("all weight on one uid (an incentive of 1.0: the Yuma2 tail's checked form)") {
    EpochInput in = subnet(150, 60, 80, 15);
    for (std::size_t i = 0; i < 60; ++i) in.weights[i] = {{100, 65535}};
    all_variants(in);
  }
  SECTION(
      "Yuma3 walk: bond-only columns before, between and after the weight columns, rows without weights") {
    EpochInput in = subnet(300, 200, 40, 16);
    in.weights[7] = {{10, 20000}, {20, 30000}, {30, 40000}};
    in.bonds[7] = {{2, 100},   {10, 5000}, {12, 6000}, {13, 65535}, {20, 0},
                   {25, 7000}, {30, 8000}, {31, 9},    {299, 1}};
    in.weights[8].clear();
    in.bonds[8] = {{3, 1000}, {40, 2000}, {41, 65535}};
    in.weights[9] = {{0, 65535}, {299, 65535}};
    in.bonds[9] = {{0, 1000}, {1, 2000}, {298, 3000}, {299, 4000}};
    all_variants(in);
  }
  SECTION("per-row masks: rows updated before many registrations (masked entry by entry)") {
    EpochInput in = subnet(300, 200, 92, 16);
    for (std::size_t j = 0; j < 300; j += 3) in.block_at_registration[j] = 2000;
    for (std::size_t i = 0; i < 200; i += 5) in.last_update[i] = 1500;  // masks a third of the columns
    for (std::size_t i = 2; i < 200; i += 11) in.last_update[i] = 900;  // masks every column
    all_variants(in);
  }
  SECTION("every column masked (the last tempo before every registration)") {
    EpochInput in = subnet(150, 60, 80, 17);
    for (auto& r : in.block_at_registration) r = in.current_block - 10;
    all_variants(in);
  }
  SECTION("dense rows with columns that only a minority weights (consensus 0: dropped entries)") {
    EpochInput in = subnet(300, 200, 92, 18);
    for (std::size_t i = 30; i < 200; ++i)
      std::erase_if(in.weights[i], [](const auto& e) { return e.first % 10 == 0; });
    all_variants(in);
  }
  SECTION("random registrations and last updates (per-row masks: searched, entry by entry, none)") {
    for (std::uint32_t seed = 20; seed < 26; ++seed) {
      EpochInput in =
          subnet(static_cast<std::uint16_t>(100 + 37 * (seed - 20)), 50, seed % 2 ? 85 : 40, seed);
      std::mt19937_64 rng(seed);
      auto uniform = [&](std::uint64_t lo, std::uint64_t hi) {
        return std::uniform_int_distribution<std::uint64_t>(lo, hi)(rng);
      };
      for (auto& r : in.block_at_registration)
        if (uniform(0, 9) == 0) r = in.current_block - uniform(0, 400);
      for (std::size_t i = 0; i < 50; ++i) in.last_update[i] = in.current_block - uniform(0, 600);
      INFO("seed " << seed);
      all_variants(in);
    }
  }
  SECTION("every stored bond 65535 in some columns") {
    EpochInput in = subnet(150, 60, 80, 10);
    for (std::size_t i = 0; i < 60; ++i)
      for (auto& [j, b] : in.bonds[i])
        if (j % 7 == 0) b = 65535;
    all_variants(in);
  }
}

TEST_CASE("fused bond EMA and tail: other shapes take the general forms", "[yuma][bonds]") {
  const EpochInput base = subnet(300, 200, 92, 11);
  SECTION("one stored bond row out of order in the middle") {
    EpochInput in = base;
    auto& row = in.bonds[17];
    std::swap(row[row.size() / 2], row[row.size() / 2 + 1]);
    all_variants(in);
  }
  SECTION("a duplicate stored bond column") {
    EpochInput in = base;
    auto& row = in.bonds[23];
    row.insert(row.begin() + static_cast<std::ptrdiff_t>(row.size() / 3), row[row.size() / 3]);
    all_variants(in);
  }
  SECTION(
      "one pair out of order or repeated at each position of the first steps (the vector check's lanes)") {
    // ascending_below compares four entries a step, eight per loop turn, then the rest one by one.
    for (std::size_t at = 1; at <= 13; ++at) {
      INFO("position " << at);
      EpochInput in = base;
      auto& row = in.bonds[29];
      REQUIRE(row.size() > 14);
      std::swap(row[at - 1], row[at]);
      all_variants(in);
      in = base;
      in.bonds[29][at].first = in.bonds[29][at - 1].first;
      all_variants(in);
    }
  }
  SECTION("a stored bond row ending in column 65535 twice (head: the saturating check)") {
    EpochInput in = base;
    in.bonds[6].push_back({65535, 7});
    in.bonds[6].push_back({65535, 9});
    same_as_stepwise(in, Variant::head);
  }
  SECTION("a sparse stored bond row out of order") {
    EpochInput in = subnet(2000, 250, 12, 12);
    auto& row = in.bonds[3];
    REQUIRE(row.size() >= 4);
    std::swap(row[1], row[2]);
    all_variants(in);
  }
  SECTION("a stored bond column >= n (head only: the older runtimes reject it)") {
    EpochInput in = base;
    in.bonds[5].push_back({static_cast<std::uint16_t>(in.n + 3), 1234});
    same_as_stepwise(in, Variant::head);
    in.yuma3_enabled = true;
    same_as_stepwise(in, Variant::head);
  }
  // Yuma3 walks each weight row with a cursor on the bond row (yuma3_walk_row): bonds outside the
  // weight columns are emitted on their own, and each of its order checks must send an unordered
  // row to the literal sequence.
  SECTION("Yuma3 walk: bond-only columns out of order between two weight columns") {
    EpochInput in = base;
    in.weights[30] = {{10, 20000}, {20, 30000}, {30, 40000}};
    in.bonds[30] = {{10, 5000}, {15, 6000}, {13, 7000}, {20, 8000}};
    all_variants(in);
  }
  SECTION("Yuma3 walk: a bond-only column below the previous weight column") {
    EpochInput in = base;
    in.weights[31] = {{10, 20000}, {20, 30000}, {30, 40000}};
    in.bonds[31] = {{10, 5000}, {20, 6000}, {12, 7000}, {30, 8000}};
    all_variants(in);
  }
  SECTION("Yuma3 walk: bonds past the last weight column out of order") {
    EpochInput in = base;
    in.weights[32] = {{10, 20000}, {20, 30000}};
    in.bonds[32] = {{10, 5000}, {40, 6000}, {35, 7000}};
    all_variants(in);
  }
  SECTION("Yuma3 walk: bonds past the last weight column equal to it") {
    EpochInput in = base;
    in.weights[33] = {{10, 20000}, {20, 30000}};
    in.bonds[33] = {{10, 5000}, {20, 6000}, {20, 7000}};
    all_variants(in);
  }
  SECTION("Yuma3 walk: a row without weights and bonds out of order") {
    EpochInput in = base;
    in.weights[34].clear();
    in.bonds[34] = {{50, 5000}, {40, 6000}};
    all_variants(in);
  }
  SECTION("bonds_moving_average above 1e6 (alpha below 0)") {
    EpochInput in = base;
    in.bonds_moving_average = 1'500'000;
    all_variants(in);
  }
}

TEST_CASE("fused bond EMA: Yuma3's one-multiply old term equals the floor product", "[yuma][bonds]") {
  // floor(uo * u16_proportion_to_fixed(u) / 2^32) with the 128-bit product, for every stored u and
  // the edge factors (alpha 1 and 0: uo = 0 and 1.0) and random ones in between.
  std::vector<std::uint64_t> factors = {0,
                                        1,
                                        2,
                                        65535,
                                        65537,
                                        std::uint64_t{1} << 31,
                                        (std::uint64_t{1} << 32) - 65537,
                                        (std::uint64_t{1} << 32) - 1,
                                        std::uint64_t{1} << 32};
  std::mt19937_64 rng(21);
  for (int k = 0; k < 40; ++k) factors.push_back(rng() % ((std::uint64_t{1} << 32) + 1));
  for (const std::uint64_t uo : factors) {
    std::size_t bad = 0;
    for (std::uint32_t u = 0; u < 65536; ++u) {
      const std::uint64_t x = (std::uint64_t{u} << 32) / 65535;
      const auto want = static_cast<std::uint64_t>((static_cast<bt::u128>(uo) * x) >> 32);
      bad += bt::yuma::detail::yuma3_old_term(uo, static_cast<std::uint16_t>(u)) != want;
      if (uo < (std::uint64_t{1} << 32))
        bad += bt::yuma::detail::yuma3_old_term_small(uo, static_cast<std::uint16_t>(u)) != want;
    }
    INFO("uo = " << uo);
    REQUIRE(bad == 0);
  }
}

TEST_CASE("fused Yuma2 EMA: PartDiv::of_u16_sum gives the constructor's division", "[yuma][bonds]") {
  using bt::yuma::detail::part_div_apply;
  using bt::yuma::detail::part_div_words;
  std::mt19937_64 rng(31);
  std::vector<std::uint64_t> sums;
  for (std::uint64_t s = 1; s <= 70'000; ++s) sums.push_back(s);
  for (unsigned b = 1; b <= 31; ++b) {
    const std::uint64_t p = std::uint64_t{1} << b;
    for (std::uint64_t d : {p - 1, p, p + 1}) sums.push_back(d);
  }
  for (int k = 0; k < 20'000; ++k)
    sums.push_back(std::uniform_int_distribution<std::uint64_t>(1, (1u << 31) - 1)(rng));
  for (const std::uint64_t s : sums) {
    if (s >= (std::uint64_t{1} << 31)) continue;
    const auto ctor = part_div_words(65535, s, false);
    const auto fast = part_div_words(65535, s, true);
    INFO("s = " << s);
    REQUIRE(ctor.fast);
    REQUIRE(fast.fast);
    REQUIRE(fast.m == ctor.m);
    REQUIRE(fast.shift == ctor.shift);
    // And it is the division (u << 32) / s for the stored values u.
    for (std::uint64_t u : {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{32768}, std::uint64_t{65534},
                            std::uint64_t{65535}, s % 65536})
      REQUIRE(part_div_apply(fast, u) == static_cast<std::uint64_t>((static_cast<bt::u128>(u) << 32) / s));
  }
}

// yuma3_bonds_from_storage with Yuma3Ranks (the clip pass folded into the walk) against the steps
// it replaces: clip_trust_ranks (validator trust, ranks), inplace_normalize (the incentive) and
// yuma3_bonds_from_storage given that incentive. Weights of the fused weights pass's shape with
// edge values (0, 1.0, at and around the thresholds), thresholds 0 and 1.0, zero stakes, rows
// without weights, any alpha, 1 and 2 threads.
TEST_CASE("fused bond EMA: Yuma3's walk forms clip_trust_ranks' trust and incentive", "[yuma][bonds]") {
  using bt::yuma::detail::clip_trust_ranks;
  using bt::yuma::detail::yuma3_bonds_from_storage;
  using bt::yuma::detail::Yuma3Ranks;
  using bt::yuma::math::I32F32;
  using bt::yuma::math::SparseMatrix;
  constexpr std::uint64_t kOneBits = std::uint64_t{1} << 32;
  auto bits = [](std::uint64_t b) { return I32F32::from_bits(static_cast<std::int64_t>(b)); };
  for (std::uint32_t seed = 40; seed < 46; ++seed) {
    const auto n = static_cast<std::uint16_t>(seed % 2 ? 300 : 1100);
    const EpochInput in = subnet(n, static_cast<std::uint16_t>(n / 3), seed % 3 ? 60 : 15, seed);
    std::mt19937_64 rng(seed);
    auto unit = [&](unsigned edge_pct) -> std::uint64_t {
      const std::uint64_t r = rng() % 100;
      if (r < edge_pct) return r % 2 ? kOneBits : 0;
      return rng() % (kOneBits + 1);
    };
    std::vector<I32F32> consensus(n), stake(n);
    for (auto& t : consensus) t = bits(unit(15));
    for (std::size_t i = 0; i < n; ++i) stake[i] = bits(i % 7 == 0 ? 0 : rng() % kOneBits);
    SparseMatrix w;
    for (std::size_t i = 0; i < n; ++i) {
      if (i % 11 != 5) {
        for (const auto& [j, v] : in.weights[i]) {
          const std::uint64_t r = rng() % 8;
          const std::uint64_t t = static_cast<std::uint64_t>(consensus[j].to_bits());
          // At, just below and just above the threshold, else any unit value.
          const std::uint64_t x = r == 0                   ? t
                                  : r == 1 && t > 0        ? t - 1
                                  : r == 2 && t < kOneBits ? t + 1
                                                           : unit(10);
          w.push(j, bits(x));
        }
      }
      w.end_row();
    }
    for (const std::uint64_t alpha : {std::uint64_t{0}, kOneBits / 10, kOneBits - 1, kOneBits}) {
      for (const unsigned threads : {1u, 2u}) {
        INFO("seed " << seed << " alpha " << alpha << " threads " << threads);
        const std::uint64_t scalar = in.current_block - 200;
        SparseMatrix clipped;
        std::vector<I32F32> trust, ranks, total;
        std::vector<Row> rows(n);
        clip_trust_ranks(w, true, consensus, stake, n, clipped, trust, ranks, nullptr, nullptr, nullptr,
                         /*want_clipped=*/false, threads);
        bt::yuma::math::inplace_normalize(ranks);
        REQUIRE(yuma3_bonds_from_storage(in, w, true, scalar, in.block_at_registration, bits(alpha), ranks,
                                         total, rows, threads, consensus));
        std::vector<I32F32> trust2, incentive2, total2;
        std::vector<Row> rows2(n);
        const Yuma3Ranks yr{.stake = stake, .trust = &trust2, .incentive = &incentive2};
        REQUIRE(yuma3_bonds_from_storage(in, w, true, scalar, in.block_at_registration, bits(alpha), {},
                                         total2, rows2, threads, consensus, &yr));
        CHECK(trust2 == trust);
        CHECK(incentive2 == ranks);
        CHECK(total2 == total);
        CHECK(rows2 == rows);
        // A stake of 1.0 (or above, or below 0) is left to clip_trust_ranks.
        std::vector<I32F32> whole = stake;
        whole[n / 2] = bits(kOneBits);
        const Yuma3Ranks yw{.stake = whole, .trust = &trust2, .incentive = &incentive2};
        CHECK_FALSE(yuma3_bonds_from_storage(in, w, true, scalar, in.block_at_registration, bits(alpha), {},
                                             total2, rows2, threads, consensus, &yw));
        whole[n / 2] = bits(~std::uint64_t{0});  // -2^-32
        CHECK_FALSE(yuma3_bonds_from_storage(in, w, true, scalar, in.block_at_registration, bits(alpha), {},
                                             total2, rows2, threads, consensus, &yw));
      }
    }
  }
}

TEST_CASE("fused bond EMA: Yuma3's folded clip pass in whole epochs (edge stakes and weights)",
          "[yuma][bonds]") {
  EpochInput base = subnet(300, 120, 70, 47);
  base.yuma3_enabled = true;
  SECTION("one validator holding all stake (stake 1.0: the separate clip pass)") {
    EpochInput in = base;
    for (std::size_t i = 1; i < in.n; ++i) in.alpha_stake[i] = 0;
    same_as_stepwise(in, Variant::head);
  }
  SECTION("validators without permits and rows without weights among them") {
    EpochInput in = base;
    for (std::size_t i = 0; i < 120; i += 4) in.validator_permit[i] = false;
    for (std::size_t i = 1; i < 120; i += 9) in.weights[i].clear();
    same_as_stepwise(in, Variant::head);
  }
  SECTION("rows of one weight (1.0 after normalisation), some on columns no one else weights") {
    EpochInput in = base;
    for (std::size_t i = 0; i < 120; i += 3) in.weights[i] = {{static_cast<std::uint16_t>(150 + i), 7}};
    same_as_stepwise(in, Variant::head);
  }
  SECTION("no weights at all (zero ranks: inplace_normalize leaves them)") {
    EpochInput in = base;
    for (auto& r : in.weights) r.clear();
    same_as_stepwise(in, Variant::head);
  }
}
