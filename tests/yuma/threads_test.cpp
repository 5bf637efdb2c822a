// SPDX-License-Identifier: MIT
// The epoch's threaded and fused forms on inputs large enough to take them (the reference vectors
// are below the parallel threshold): EpochOptions::threads must not change a single output bit,
// and the fused single-pass forms must equal the literal step-by-step sequence (stepwise).
#include <algorithm>
#include <bt/yuma/case.hpp>
#include <bt/yuma/epoch.hpp>
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>

#include "subnet_support.hpp"

namespace {
using namespace bt::yuma;

// A steady-state subnet shaped like the bench cases (shared/vectors/yuma-bench): `validators`
// top-stake uids weight ~90% of the uids (ascending columns, max-upscaled u16 rows), bonds on most
// weighted entries, a few re-registered uids (masked weights and bond columns) and a few stale
// validators (inactive).
EpochInput synthetic(std::uint16_t n, std::uint16_t validators, std::uint32_t seed) {
  std::mt19937_64 rng(seed);
  auto uniform = [&](std::uint64_t lo, std::uint64_t hi) {
    return std::uniform_int_distribution<std::uint64_t>(lo, hi)(rng);
  };
  EpochInput in = test::subnet_frame(n, validators);
  for (std::uint16_t i = 0; i < n; ++i) {
    if (i % 50 == 7) in.block_at_registration[i] = in.current_block - 50;  // re-registered
    if (i < validators) {
      in.alpha_stake[i] = uniform(10'000'000'000'000ULL, 90'000'000'000'000ULL);
      if (i % 2) in.tao_stake[i] = uniform(1'000'000'000'000ULL, 9'000'000'000'000ULL);
      in.validator_permit[i] = true;
      if (i % 33 == 5) in.last_update[i] = 100;  // stale: inactive
    } else if (i % 5 == 0) {
      in.alpha_stake[i] = uniform(1, 100'000'000'000ULL);
    }
  }
  for (std::uint16_t i = 0; i < validators; ++i) {
    for (std::uint16_t j = 0; j < n; ++j) {
      if (uniform(0, 99) >= 90) continue;
      const auto w = static_cast<std::uint16_t>(uniform(0, 65535));
      in.weights[i].push_back({j, w});
      if (uniform(0, 99) < 95) in.bonds[i].push_back({j, static_cast<std::uint16_t>(uniform(0, 65535))});
    }
  }
  return in;
}

void require_same(const EpochOutput& a, const EpochOutput& b, const char* what) {
  const auto diffs = diff_outputs(a, b);
  for (const auto& d : diffs) FAIL_CHECK(what << ": " << d);
  REQUIRE(diffs.empty());
}

void check_all_forms(const EpochInput& in, Variant variant) {
  EpochOptions literal;
  literal.stepwise = true;
  const auto ref = run_epoch(in, variant, Path::sparse, literal);
  REQUIRE(ref.has_value());
  for (unsigned threads : {1u, 2u, 3u}) {
    EpochOptions o;
    o.threads = threads;
    const auto out = run_epoch(in, variant, Path::sparse, o);
    REQUIRE(out.has_value());
    INFO("threads " << threads);
    require_same(*ref, *out, "fused vs stepwise");
  }
}
}  // namespace

TEST_CASE("epoch threads: every thread count gives the literal sequence's outputs (large inputs)",
          "[yuma][threads]") {
  // 200 validators x ~90% of 400 uids: ~72k weights and ~68k bonds, above the parallel threshold.
  const EpochInput base = synthetic(400, 200, 12);
  SECTION("head, Yuma2") { check_all_forms(base, Variant::head); }
  SECTION("head, Yuma3") {
    EpochInput in = base;
    in.yuma3_enabled = true;
    check_all_forms(in, Variant::head);
  }
  SECTION("head, Yuma3 with liquid alpha") {
    EpochInput in = base;
    in.yuma3_enabled = true;
    in.liquid_alpha_enabled = true;
    check_all_forms(in, Variant::head);
  }
  SECTION("feb2025 (per-row bond masks, ranks and trust)") { check_all_forms(base, Variant::feb2025); }
  SECTION("head, Yuma2 with a bonds penalty below 1 (no fused delta)") {
    EpochInput in = base;
    in.bonds_penalty = 30'000;
    check_all_forms(in, Variant::head);
  }
  SECTION("unsorted rows take the general forms") {
    EpochInput in = base;
    for (auto& row : in.weights) std::reverse(row.begin(), row.end());
    for (auto& row : in.bonds) std::reverse(row.begin(), row.end());
    check_all_forms(in, Variant::head);
    in.yuma3_enabled = true;
    check_all_forms(in, Variant::head);
  }
}
