// SPDX-License-Identifier: MIT
// The fused sparse epoch's weights build and clip pass (lib/yuma/epoch_sparse.cpp FusedWeightRows,
// lib/yuma/epoch_fused.cpp clip_trust_ranks) take fast forms for the common row shape and fall
// back to the entry-by-entry forms for every other shape. Each section builds inputs whose rows
// reach one fallback (or mix both forms in one epoch) and requires the fused run, on 1 and 2
// threads, to give exactly the outputs of the literal step-by-step sequence (stepwise).
#include <algorithm>
#include <bt/yuma/case.hpp>
#include <bt/yuma/epoch.hpp>
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>

#include "subnet_support.hpp"

namespace {
using namespace bt::yuma;

// `validators` rows weighting ~90% of n uids in ascending column order; `recent` uids registered
// after most validators last set weights (the outdated mask drops them), validators' last_update
// spread over the last 2000 blocks so that each row's threshold differs.
EpochInput subnet(std::uint16_t n, std::uint16_t validators, std::uint16_t recent, std::uint32_t seed) {
  std::mt19937_64 rng(seed);
  auto uniform = [&](std::uint64_t lo, std::uint64_t hi) {
    return std::uniform_int_distribution<std::uint64_t>(lo, hi)(rng);
  };
  EpochInput in = test::subnet_frame(n, validators);
  for (std::uint16_t k = 0; k < recent; ++k)
    in.block_at_registration[uniform(0, n - 1)] = in.current_block - uniform(0, 2000);
  for (std::uint16_t i = 0; i < validators; ++i) {
    in.alpha_stake[i] = uniform(10'000'000'000'000ULL, 90'000'000'000'000ULL);
    in.validator_permit[i] = true;
    in.last_update[i] = in.current_block - uniform(0, 2000);
  }
  for (std::uint16_t i = 0; i < validators; ++i) {
    for (std::uint16_t j = 0; j < n; ++j) {
      if (uniform(0, 99) >= 90) continue;
      in.weights[i].push_back({j, static_cast<std::uint16_t>(uniform(0, 65535))});
      if (uniform(0, 99) < 90) in.bonds[i].push_back({j, static_cast<std::uint16_t>(uniform(0, 65535))});
    }
  }
  return in;
}

using test::same_as_stepwise;

void same_as_stepwise_all(const EpochInput& in) {
  same_as_stepwise(in, Variant::head);
  EpochInput y3 = in;
  y3.yuma3_enabled = true;
  same_as_stepwise(y3, Variant::head);
  same_as_stepwise(in, Variant::feb2025);
}
}  // namespace

TEST_CASE("fused weights: the fast row form and its fallbacks equal the stepwise run", "[yuma][fused]") {
  // 180 validators x ~90% of 400 uids: above the parallel threshold.
  SECTION("few recently registered uids (fast form)") { same_as_stepwise_all(subnet(400, 180, 6, 1)); }
  SECTION("more recently registered uids than the fast form takes (general form for many rows)") {
    // 300 uids registered over the last 2000 blocks: rows last updated early see more than 256
    // of them; a short row sees more of them than it has entries.
    EpochInput in = subnet(400, 180, 0, 2);
    for (std::uint16_t j = 100; j < 400; ++j) in.block_at_registration[j] = in.current_block - (j * 7 % 2000);
    in.weights[2].resize(5);
    in.last_update[2] = in.current_block - 1999;
    same_as_stepwise_all(in);
  }
  SECTION("a row's own uid registered late: diagonal and outdated column coincide") {
    EpochInput in = subnet(400, 180, 4, 3);
    for (std::uint16_t i = 0; i < 20; ++i) in.block_at_registration[i] = in.current_block;
    same_as_stepwise_all(in);
  }
  SECTION("unsorted, duplicate and out-of-range columns") {
    EpochInput in = subnet(400, 180, 6, 4);
    std::reverse(in.weights[3].begin(), in.weights[3].end());
    in.weights[5].push_back(in.weights[5].back());               // duplicate last column
    in.weights[7].insert(in.weights[7].begin() + 10, {2, 999});  // out of order
    for (std::uint16_t i = 10; i < 30; ++i) {
      in.weights[i].push_back({400, 65535});  // columns >= n: an ascending suffix
      in.weights[i].push_back({65535, 7});
    }
    in.weights[31].insert(in.weights[31].begin(), {500, 3});  // >= n first: not ascending
    same_as_stepwise_all(in);
  }
  SECTION("rows whose kept values sum to zero, and rows with one entry") {
    EpochInput in = subnet(400, 180, 6, 5);
    for (auto& e : in.weights[8]) e.second = 0;
    in.weights[9] = {{9, 65535}};  // only the diagonal: nothing kept
    in.weights[11] = {{12, 1}};
    in.weights[12] = {{0, 65535}};
    same_as_stepwise_all(in);
  }
  SECTION("the owner keeps its self-weight; commit-reveal masks late-registered columns") {
    EpochInput in = subnet(400, 180, 6, 6);
    in.owner_uid = 4;
    in.commit_reveal_enabled = true;
    in.current_epoch_with_lookahead = 100;
    in.reveal_period = 5;
    for (std::uint16_t uid = 0; uid < 40; ++uid) {
      WeightCommitQueue q;
      q.uid = uid;
      q.commits.push_back({99, in.current_block - 1500 + uid * 30});
      in.weight_commits.push_back(q);
    }
    same_as_stepwise(in, Variant::head);
    in.yuma3_enabled = true;
    same_as_stepwise(in, Variant::head);
  }
}

TEST_CASE("fused weights: a row sum of 2^31 or more (values outside [0, 1]) takes the general form",
          "[yuma][fused]") {
  // 33000 x 65535 > 2^31: the wrapping I32F32 row sum is negative and the row is not divided.
  const std::uint16_t n = 33'100;
  EpochInput in = subnet(n, 0, 0, 7);
  in.max_allowed_validators = 4;
  for (std::uint16_t i = 0; i < 3; ++i) {
    in.alpha_stake[i] = 1'000'000'000'000ULL * (i + 1);
    in.validator_permit[i] = true;
    for (std::uint16_t j = 0; j < 33'000; ++j) in.weights[i].push_back({j, 65535});
  }
  in.weights[1].resize(1000);  // a normal row next to them
  same_as_stepwise_all(in);
}

TEST_CASE("fused clip: a validator holding all active stake (stake 1.0) equals the stepwise run",
          "[yuma][fused]") {
  EpochInput in = subnet(400, 180, 6, 8);
  // Only uid 3 keeps its permit-worthy stake; the others' rows are masked (no permit).
  for (std::uint16_t i = 0; i < 180; ++i)
    if (i != 3) {
      in.alpha_stake[i] = 0;
      in.validator_permit[i] = false;
    }
  in.max_allowed_validators = 1;
  same_as_stepwise_all(in);
}

// The consensus buckets are filled while the fused build writes the rows (lib/yuma/median_buckets.hpp,
// MedianBuckets); these drive each of their fallbacks and the reuse of their per-thread words.
TEST_CASE("fused consensus buckets: fallbacks and reuse equal the stepwise run", "[yuma][fused]") {
  SECTION("kappa 0 and kappa 1 (minority at or past the stake sum: not active)") {
    for (std::uint16_t kappa : {std::uint16_t{0}, std::uint16_t{65535}, std::uint16_t{1}}) {
      EpochInput in = subnet(400, 180, 6, 11);
      in.kappa = kappa;
      same_as_stepwise_all(in);
    }
  }
  SECTION("no validator with stake (no positive stake: not active)") {
    EpochInput in = subnet(300, 120, 6, 12);
    for (auto& s : in.alpha_stake) s = 0;
    same_as_stepwise_all(in);
  }
  SECTION("more columns than the buckets hold (the blocked pass 1 instead)") {
    // 2100 x 272 words exceed the 2^19 words the fused buckets take, on one thread and on two.
    EpochInput in = subnet(2100, 40, 30, 13);
    same_as_stepwise_all(in);
  }
  SECTION("a row that breaks the shape after others were added, then a clean epoch on the same thread") {
    // The first epochs fill the buckets with the fast rows and then fall back (an unsorted row, a
    // duplicate column); the epochs after them must start from zeroed buckets.
    EpochInput bad = subnet(400, 180, 6, 14);
    std::reverse(bad.weights[170].begin(), bad.weights[170].end());
    EpochInput dup = subnet(400, 180, 6, 15);
    dup.weights[175].push_back(dup.weights[175].back());
    for (int k = 0; k < 2; ++k) {
      same_as_stepwise_all(bad);
      same_as_stepwise_all(subnet(400, 180, 6, 16));
      same_as_stepwise_all(dup);
      same_as_stepwise_all(subnet(400, 180, 6, 17));
    }
  }
  SECTION("validators in both halves of the rows: two threads fill two parts, summed per column") {
    same_as_stepwise_all(subnet(300, 250, 6, 19));
  }
  SECTION("a general-form row holding the largest value (the walks start at its key)") {
    // Row 0 has two entries and sees more recently registered columns than that (general form);
    // its first value (about 1.0) lies far above every fast row's (about 1/270), and it holds the
    // most stake: the consensus of column 5 depends on it. Twice: the second epoch starts from the
    // buckets the first one zeroed.
    EpochInput in = subnet(300, 250, 0, 21);
    for (std::uint16_t j = 290; j < 296; ++j) in.block_at_registration[j] = in.current_block - 2;
    in.last_update[0] = in.current_block - 5;
    in.alpha_stake[0] = 400'000'000'000'000ULL;
    in.weights[0] = {{5, 65535}, {6, 1}};
    for (int k = 0; k < 2; ++k) same_as_stepwise_all(in);
  }
  SECTION("general-form rows (many late registrations) added to the buckets next to fast rows") {
    EpochInput in = subnet(300, 250, 0, 18);
    for (std::uint16_t j = 0; j < 300; ++j) in.block_at_registration[j] = in.current_block - (j * 13 % 2000);
    same_as_stepwise_all(in);
  }
}
