// SPDX-License-Identifier: MIT
// epoch_with_mechanisms (subnets/mechanism.rs): emission split, per-mechanism epochs and the
// U64F64-weighted aggregation. Expectations derived by hand from the Rust formulas.
#include <bt/yuma/case.hpp>
#include <bt/yuma/epoch.hpp>
#include <catch2/catch.hpp>

#include "support/test_paths.hpp"

using namespace bt::yuma;

namespace {
Case load(const char* name) {
  auto c = load_case_file((bt::test::vectors_dir() / "yuma" / name).string());
  REQUIRE(c.has_value());
  return std::move(c).value();
}
MechanismState state_of(const EpochInput& in) {
  MechanismState m;
  m.weights = in.weights;
  m.bonds = in.bonds;
  m.last_update = in.last_update;
  m.weight_commits = in.weight_commits;
  m.timelocked_commits = in.timelocked_commits;
  return m;
}
}  // namespace

TEST_CASE("split_emissions", "[yuma][mechanisms]") {
  // equal split, truncation remainder credited to mechanism 0
  CHECK(split_emissions(1000, 3, std::nullopt) == std::vector<std::uint64_t>{334, 333, 333});
  CHECK(split_emissions(1000, 1, std::nullopt) == std::vector<std::uint64_t>{1000});
  // u128 alpha*s/65535: 1000*32767/65535 = 499, 1000*32768/65535 = 500; remainder 1 -> mech 0
  CHECK(split_emissions(1000, 2, std::vector<std::uint16_t>{32767, 32768}) ==
        std::vector<std::uint64_t>{500, 500});
  // shorter split padded with zeros; longer split trimmed
  CHECK(split_emissions(1000, 3, std::vector<std::uint16_t>{65535}) ==
        std::vector<std::uint64_t>{1000, 0, 0});
  CHECK(split_emissions(1000, 1, std::vector<std::uint16_t>{0, 65535}) == std::vector<std::uint64_t>{1000});
  CHECK(split_emissions(UINT64_MAX, 2, std::vector<std::uint16_t>{65535, 65535}) ==
        std::vector<std::uint64_t>{UINT64_MAX, UINT64_MAX});  // no overflow in u128
  CHECK(split_emissions(0, 2, std::nullopt) == std::vector<std::uint64_t>{0, 0});
}

TEST_CASE("one mechanism equals the plain epoch", "[yuma][mechanisms]") {
  for (const char* name : {"head_random_n64_01.json", "head_edge_unregistered_uid_hole.json",
                           "head_multi_yuma3_liquid_n12.json", "head_edge_commit_reveal_mask.json"}) {
    const Case c = load(name);
    INFO(name);
    for (const auto& step : c.steps) {
      MechanismsInput mi;
      mi.base = step.input;
      mi.mechanisms.push_back(state_of(step.input));
      mi.rao_emission = step.input.rao_emission;
      auto r = epoch_with_mechanisms(mi);
      REQUIRE(r.has_value());
      auto plain = run_epoch(step.input, Variant::head, Path::sparse);
      REQUIRE(plain.has_value());
      REQUIRE(r->mechanisms.size() == 1);
      CHECK(diff_outputs(*plain, r->mechanisms[0]).empty());
      // Aggregation with sub_weight = 1 is the identity on every netuid-level term.
      EpochOutput agg = r->aggregated;
      EpochOutput expect = *plain;
      expect.bonds_written.clear();
      expect.post_state_bonds.clear();
      CHECK(diff_outputs(expect, agg).empty());
      // and the step's recorded reference output
      EpochOutput ref = step.expected;
      ref.bonds_written.clear();
      ref.post_state_bonds.clear();
      CHECK(diff_outputs(ref, agg).empty());
    }
  }
}

TEST_CASE("two equal mechanisms: halves, weighted u16 accumulation", "[yuma][mechanisms]") {
  const Case c = load("head_random_n16_01.json");
  const EpochInput& in = c.steps[0].input;
  REQUIRE(in.rao_emission % 2 == 0);
  MechanismsInput mi;
  mi.base = in;
  mi.mechanisms = {state_of(in), state_of(in)};
  mi.rao_emission = in.rao_emission;
  auto r = epoch_with_mechanisms(mi);
  REQUIRE(r.has_value());
  CHECK(r->sub_emissions == std::vector<std::uint64_t>{in.rao_emission / 2, in.rao_emission / 2});
  EpochInput half = in;
  half.rao_emission = in.rao_emission / 2;
  auto h = run_epoch(half);
  REQUIRE(h.has_value());
  CHECK(diff_outputs(*h, r->mechanisms[0]).empty());
  CHECK(diff_outputs(*h, r->mechanisms[1]).empty());
  // sub_weight = 0.5 exactly. First insert: floor(x * 0.5); second: floor(a + x * 0.5), i.e.
  // 2 * floor(x / 2) for u16 terms (x odd loses 1) and likewise for emission.
  const auto& a = r->aggregated;
  for (std::size_t k = 0; k < h->dividends.size(); ++k) {
    CHECK(a.dividends[k] == 2 * (h->dividends[k] / 2));
    CHECK(a.consensus[k] == 2 * (h->consensus[k] / 2));
    CHECK(a.validator_trust[k] == 2 * (h->validator_trust[k] / 2));
    CHECK(a.stake_weight[k] == 2 * (h->stake_weight[k] / 2));
    CHECK(a.emission[k] == 2 * (h->emission[k] / 2));
    CHECK(a.incentive[k] == h->incentive[k] / 2);  // not re-aggregated after the first mechanism
    CHECK(a.active[k] == h->active[k]);
    CHECK(a.validator_permit[k] == h->validator_permit[k]);
  }
  for (std::size_t uid = 0; uid < in.n; ++uid) {
    if (!in.registered[uid]) continue;
    CHECK(*a.server_emission[uid] == 2 * *h->server_emission[uid]);
    CHECK(*a.validator_emission[uid] == 2 * *h->validator_emission[uid]);
    CHECK(*a.stake[uid] == 2 * *h->stake[uid]);
  }
}

TEST_CASE("zero emission: mechanism 0 gets full weight, others none", "[yuma][mechanisms]") {
  const Case c = load("head_tiny_2v2m_partial.json");
  EpochInput in = c.steps[0].input;
  MechanismsInput mi;
  mi.base = in;
  mi.mechanisms = {state_of(in), state_of(in)};
  mi.rao_emission = 0;
  auto r = epoch_with_mechanisms(mi);
  REQUIRE(r.has_value());
  in.rao_emission = 0;
  auto plain = run_epoch(in);
  REQUIRE(plain.has_value());
  CHECK(r->aggregated.dividends == plain->dividends);
  CHECK(r->aggregated.consensus == plain->consensus);
}

TEST_CASE("mechanism input errors", "[yuma][mechanisms]") {
  MechanismsInput mi;
  CHECK(epoch_with_mechanisms(mi).error() == YumaError::invalid_input);
  const Case c = load("head_tiny_1v1m.json");
  mi.base = c.steps[0].input;
  MechanismState bad = state_of(mi.base);
  bad.weight_commits.push_back({9, {{0, 1}}});  // uid 9 >= n
  mi.mechanisms = {state_of(mi.base), bad};
  auto r = epoch_with_mechanisms(mi);
  REQUIRE(!r);
  CHECK(r.error() == YumaError::uid_out_of_range);
  CHECK(r.error().message().find("mechanism 1") != std::string::npos);
}
