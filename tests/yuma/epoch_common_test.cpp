// SPDX-License-Identifier: MIT
// The exact plain forms of the steps every variant shares (lib/yuma/epoch_common.cpp: the
// normalised stake and TAO product of compute_stake, the emission and u16 conversions of
// finish_epoch) against the literal run (EpochOptions::stepwise), on stakes the plain forms take
// and on stakes outside them (sums at or beyond 2^126 bits, wrapped sums, TAO weight 1.0, TAO
// stakes of 2^63 and more), which take the literal forms.
#include <bt/yuma/epoch.hpp>
#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>
#include <random>

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
