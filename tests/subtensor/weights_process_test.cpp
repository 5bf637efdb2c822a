// SPDX-License-Identifier: MIT
// process_weights / normalize_max_weight / convert_weights_and_uids_for_emit against reference outputs of the
// bittensor SDK's algorithm evaluated with numpy (tests/vectors/subtensor/weights_sdk.json, gen_weights.py):
// bit for bit, float32 and float64 paths; and the bad inputs.
#include <bt/subtensor/weights.hpp>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <vector>

#include "support/test_paths.hpp"

using namespace bt::subtensor;

namespace {
const nlohmann::json& doc() {
  static nlohmann::json j = nlohmann::json::parse(
      bt::test::read_text_file(bt::test::vectors_dir() / "subtensor" / "weights_sdk.json"));
  return j;
}
}  // namespace

TEST_CASE("weights: normalize_max_weight equals numpy bit for bit (float32 and float64)") {
  const auto& cases = doc().at("normalize_max_weight");
  REQUIRE(cases.size() >= 100);
  std::size_t i = 0;
  for (const auto& c : cases) {
    INFO("case " << i++);
    const double limit = c.at("limit").get<double>();
    const auto y = c.at("y").get<std::vector<double>>();
    if (c.contains("x")) {
      std::vector<float> x;
      for (double v : c.at("x").get<std::vector<double>>()) x.push_back(static_cast<float>(v));
      auto out = normalize_max_weight(std::span<const float>(x), limit);
      REQUIRE(out.size() == y.size());
      for (std::size_t k = 0; k < y.size(); ++k) CHECK(static_cast<double>(out[k]) == y[k]);
    } else {
      auto x = c.at("x64").get<std::vector<double>>();
      auto out = normalize_max_weight(std::span<const double>(x), limit);
      REQUIRE(out.size() == y.size());
      for (std::size_t k = 0; k < y.size(); ++k) CHECK(out[k] == y[k]);
    }
  }
}

TEST_CASE("weights: process_weights and the u16 conversion equal the SDK's") {
  const auto& cases = doc().at("process_weights");
  REQUIRE(cases.size() >= 50);
  std::size_t i = 0;
  for (const auto& c : cases) {
    INFO("case " << i++);
    auto uids = c.at("uids").get<std::vector<std::int64_t>>();
    std::vector<float> w;
    for (double v : c.at("weights").get<std::vector<double>>()) w.push_back(static_cast<float>(v));
    auto r = process_weights(
        uids, w, c.at("num_neurons").get<std::uint64_t>(), c.at("min_allowed_weights").get<std::uint64_t>(),
        c.at("max_weight_limit").get<double>(), c.at("exclude_quantile").get<std::int64_t>());
    REQUIRE(r);
    CHECK(r->uids == c.at("out_uids").get<std::vector<std::int64_t>>());
    CHECK(r->weights == c.at("out_weights").get<std::vector<double>>());
    CHECK(r->float32 == c.at("out_float32").get<bool>());
    auto emit = convert_weights_and_uids_for_emit(r->uids, std::span<const double>(r->weights));
    REQUIRE(emit);
    std::vector<std::uint16_t> eu, ew;
    for (auto u : c.at("emit_uids").get<std::vector<std::int64_t>>())
      eu.push_back(static_cast<std::uint16_t>(u));
    for (auto v : c.at("emit_weights").get<std::vector<std::int64_t>>())
      ew.push_back(static_cast<std::uint16_t>(v));
    CHECK(emit->uids == eu);
    CHECK(emit->weights == ew);
  }
}

TEST_CASE("weights: numpy_sum is pairwise (differs from a sequential float32 sum)") {
  // 1 followed by many tiny values: a sequential float32 sum loses them, numpy's pairwise blocks do not.
  std::vector<float> x(200, 1e-8f);
  x[0] = 1.0f;
  float seq = 0;
  for (float v : x) seq += v;
  CHECK(seq == 1.0f);
  CHECK(numpy_sum(std::span<const float>(x)) > 1.0f);
  std::vector<float> none;
  CHECK(numpy_sum(std::span<const float>(none)) == 0.0f);
}

TEST_CASE("weights: process_weights bad input") {
  std::vector<std::int64_t> uids{0, 1};
  std::vector<float> one{1.0f};
  auto r = process_weights(uids, one, 2, 1, 0.5);
  REQUIRE_FALSE(r);
  CHECK(r.error().code() == SubtensorError::length_mismatch);
  std::vector<float> inf{1.0f, std::numeric_limits<float>::infinity()};
  auto ri = process_weights(uids, inf, 2, 1, 0.5);
  REQUIRE_FALSE(ri);
  CHECK(ri.error().code() == SubtensorError::non_finite_weight);
  // fewer non-zero weights than min_allowed_weights, at a position past num_neurons: numpy's IndexError
  std::vector<std::int64_t> u3{0, 1, 2};
  std::vector<float> w3{0.0f, 0.0f, 1.0f};
  auto rx = process_weights(u3, w3, 2, 2, 0.5);
  REQUIRE_FALSE(rx);
  CHECK(rx.error().code() == SubtensorError::invalid_argument);
  // NaN and negative weights are dropped like numpy's `weights > 0`
  std::vector<float> wn{std::nanf(""), -1.0f, 2.0f};
  auto rn = process_weights(u3, wn, 3, 1, 1.0);
  REQUIRE(rn);
  CHECK(rn->uids == std::vector<std::int64_t>{2});
  CHECK(rn->weights == std::vector<double>{1.0});
  // nothing positive: 1/n everywhere
  std::vector<float> z{0.0f, 0.0f, 0.0f};
  auto rz = process_weights(u3, z, 4, 1, 0.5);
  REQUIRE(rz);
  CHECK(rz->uids == std::vector<std::int64_t>{0, 1, 2, 3});
  CHECK(rz->weights == std::vector<double>(4, 0.25));
  CHECK_FALSE(rz->float32);
  // empty input
  std::vector<std::int64_t> eu;
  std::vector<float> ew;
  auto re = process_weights(eu, ew, 0, 0, 0.5);
  REQUIRE(re);
  CHECK(re->uids.empty());
  CHECK(normalize_max_weight(std::span<const float>(ew), 0.1).empty());
  // negative exclude_quantile: numpy raises ValueError
  std::vector<float> w2{1.0f, 2.0f};
  CHECK_FALSE(process_weights(uids, w2, 2, 0, 0.5, -5));
  CHECK(u16_normalized_float(65535) == 1.0);
}

#include <bt/subtensor/weights_chain.hpp>

TEST_CASE("weights: weights_max_limited is the chain's I32F32 check") {
  const std::vector<std::uint16_t> even{65535, 65535};
  CHECK(weights_max_limited(even, 32768));        // 0.5 <= 32768/65535
  CHECK_FALSE(weights_max_limited(even, 32767));  // 0.5 > 32767/65535
  const std::vector<std::uint16_t> skew{1, 65535};
  CHECK_FALSE(weights_max_limited(skew, 40000));
  CHECK(weights_max_limited(skew, 65535));  // u16::MAX: no limit
  // the max share 65535/65536 is just above 65534/65535
  CHECK(weights_max_limited(skew, 65534) == false);
  const std::vector<std::uint16_t> zero{0, 0};
  CHECK(weights_max_limited(zero, 1));
  CHECK(weights_max_limited(std::span<const std::uint16_t>(), 1));
}

TEST_CASE("weights: pre-flight issue names and their chain errors") {
  CHECK(set_weights_issue_name(SetWeightsIssue::rate_limit) == "rate_limit");
  CHECK(set_weights_issue_chain_error(SetWeightsIssue::rate_limit) ==
        bt::subtensor::ChainError::SettingWeightsTooFast);
  CHECK(set_weights_issue_chain_error(SetWeightsIssue::commit_reveal_enabled) ==
        bt::subtensor::ChainError::CommitRevealEnabled);
  CHECK(set_weights_issue_chain_error(SetWeightsIssue::not_registered) ==
        bt::subtensor::ChainError::HotKeyNotRegisteredInSubNet);
}

TEST_CASE("weights: stake weight of the min-stake check (the chain's I96F32 inherited stake)") {
  constexpr std::uint64_t kMax = UINT64_MAX;
  CHECK(set_weights_issue_chain_error(SetWeightsIssue::not_enough_stake) ==
        bt::subtensor::ChainError::NotEnoughStakeToSetWeights);
  // No parents or children: alpha + tao * TaoWeight / u64::MAX. TaoWeight = u64::MAX counts TAO 1:1.
  CHECK(stake_weight_for_hotkey(100, 50, {}, {}, kMax) == 150);
  CHECK(stake_weight_for_hotkey(100, 50, {}, {}, 0) == 100);
  // TaoWeight u64::MAX / 2 is 2^31 - 1 in I96F32 bits (just under one half): 50 TAO weigh 24.99...
  CHECK(stake_weight_for_hotkey(100, 50, {}, {}, kMax / 2) == 124);
  // Half to a child: 100 * (1 - (2^31 - 1) / 2^32) = 50.0000000233 -> 50; the TAO likewise -> 25.
  const std::vector<StakeLink> half_child{{kMax / 2, 0, 0}};
  CHECK(stake_weight_for_hotkey(100, 50, half_child, {}, kMax) == 75);
  // Everything from a parent (proportion u64::MAX is exactly 1): its 1000 alpha and 400 TAO.
  const std::vector<StakeLink> parent{{kMax, 1000, 400}};
  CHECK(stake_weight_for_hotkey(0, 0, {}, parent, kMax) == 1400);
  // Children beyond the whole stake cannot make it negative.
  const std::vector<StakeLink> greedy{{kMax, 0, 0}, {kMax, 0, 0}};
  CHECK(stake_weight_for_hotkey(100, 0, greedy, {}, 0) == 0);
}
