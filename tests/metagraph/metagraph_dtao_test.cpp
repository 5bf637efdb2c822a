// SPDX-License-Identifier: MIT
// metagraph for the dTAO layout (generation feb2025) without a live runtime of that generation: a scripted
// node serves storage laid out with the real spec-218 metadata (raonet, the dTAO pre-launch runtime: the
// Feb-2025 layout without BondsPenalty / PendingAlphaSwapped), built from the epoch input of Feb-2025
// reference cases. sync + epoch_input must give back the case's input exactly, and the engine on it the
// case's outputs; stake inheritance through ParentKeys / ChildKeys follows the runtime's I96F32 arithmetic.
#include <bt/client/client.hpp>
#include <bt/metadata/metadata.hpp>
#include <bt/metadata/storage.hpp>
#include <bt/metagraph/metagraph.hpp>
#include <bt/metagraph/predict.hpp>
#include <bt/scale/encoder.hpp>
#include <bt/yuma/case.hpp>
#include <catch2/catch.hpp>

#include "metagraph/subnet_storage.hpp"
#include "support/test_paths.hpp"

namespace mg = bt::metagraph;
using bt::Bytes;
using bt::test::subnet::acc;
using bt::test::subnet::enc;
using bt::test::subnet::hotkey_of;
using bt::test::subnet::u16le;

namespace {

using bt::test::subnet::read_file;

const Bytes& raonet_metadata() {
  static const Bytes b = read_file(std::string(BT_VECTORS_DIR) + "/metadata/raonet_v14.scale");
  return b;
}

Bytes links(const std::vector<std::pair<std::uint64_t, bt::crypto::AccountId32>>& v) {
  return bt::test::subnet::enc_links(v);
}

// The Feb-2025 layout (own stake = the inherited stake of the case: no child / parent links).
struct Fixture : bt::test::subnet::SubnetChain {
  Fixture() : SubnetChain(218, raonet_metadata(), bt::test::subnet::Layout::feb2025) {}
};

std::unique_ptr<bt::client::Client> connect(const Fixture& f) {
  return bt::client::Client::connect(f.chain.url()).value();
}

std::uint16_t tempo_for(std::uint16_t netuid, std::uint64_t e) {
  // (e + netuid + 1) % (tempo + 1) == tempo: tempo + 1 divides e + netuid + 2
  for (std::uint32_t d = 2; d <= 65535; ++d)
    if ((e + netuid + 2) % d == 0) return static_cast<std::uint16_t>(d - 1);
  return 0;
}

}  // namespace

TEST_CASE("metagraph dtao: the raonet (spec 218) metadata is the feb2025 layout without BondsPenalty") {
  auto md = bt::metadata::Metadata::decode(raonet_metadata()).value();
  std::vector<std::string> names;
  for (const auto& e : md.pallet("SubtensorModule")->storage) names.push_back(e.name);
  CHECK(mg::detect_generation(218, names).value() == mg::Generation::feb2025);
  CHECK(md.storage_entry("SubtensorModule", "BondsPenalty") == nullptr);
  CHECK(md.storage_entry("SubtensorModule", "TotalHotkeyAlpha") != nullptr);
}

TEST_CASE("metagraph dtao: feb2025 storage round trip gives back the reference cases' inputs and outputs") {
  int ran = 0;
  for (const char* id : {"feb2025_random_n16_00", "feb2025_random_n64_01", "feb2025_liquid_alpha_quantile",
                         "feb2025_tiny_bonds_recently_registered", "feb2025_tiny_inactive_validator",
                         "feb2025_mainnet_sn15_snapshot"}) {
    auto c = bt::yuma::load_case_file(std::string(BT_VECTORS_DIR) + "/yuma/" + id + ".json").value();
    REQUIRE(c.variant == bt::yuma::Variant::feb2025);
    REQUIRE(c.path == bt::yuma::Path::sparse);
    for (std::size_t k = 0; k < c.steps.size(); ++k) {
      const auto& in = c.steps[k].input;
      INFO(id << " step " << k);
      const std::uint64_t e = in.current_block;
      const std::uint16_t tempo = tempo_for(in.netuid, e);
      if (!tempo) continue;  // e + netuid + 2 has no divisor <= 65535: no tempo makes e an epoch block
      Fixture f;
      f.write_input(e - 1, in, tempo);
      auto client = connect(f);
      mg::SyncOptions opt;
      opt.scan_rows = k % 2 == 1;
      opt.query_chunk = ran % 3 == 0 ? 7 : 128;
      auto s = mg::sync(*client, in.netuid, e - 1, opt);
      INFO((s ? std::string() : s.error().to_string()));
      REQUIRE(s);
      CHECK(s->generation == mg::Generation::feb2025);
      CHECK(s->spec_version == 218u);
      CHECK_FALSE(s->hp.has_bonds_penalty);
      CHECK(s->stats.round_trips <= 10);  // no parents outside the subnet: no extra round trip
      CHECK(s->alpha_stake == in.alpha_stake);
      CHECK(s->tao_stake == in.tao_stake);
      CHECK(s->own_alpha_stake == in.alpha_stake);
      // The runtime has no BondsPenalty: predict_epoch refuses, epoch_input builds the rest.
      auto p = mg::predict_epoch(*s);
      REQUIRE_FALSE(p);
      CHECK(p.error() == mg::MetagraphError::unsupported_generation);
      auto built = mg::epoch_input(*s, e);
      REQUIRE(built);
      bt::yuma::EpochInput x = *built;
      CHECK(x.rao_emission == in.rao_emission);
      CHECK(x.tao_weight == in.tao_weight);
      CHECK(x.liquid_alpha_enabled == in.liquid_alpha_enabled);
      CHECK(x.alpha_low == in.alpha_low);
      CHECK(x.alpha_high == in.alpha_high);
      CHECK(x.kappa == in.kappa);
      CHECK(x.bonds_moving_average == in.bonds_moving_average);
      CHECK(x.activity_cutoff == in.activity_cutoff);
      CHECK(x.last_update == in.last_update);
      CHECK(x.block_at_registration == in.block_at_registration);
      CHECK(x.registered == in.registered);
      x.bonds_penalty = in.bonds_penalty;  // the one epoch input spec 218 does not store
      auto out = bt::yuma::run_epoch(x, bt::yuma::Variant::feb2025);
      REQUIRE(out);
      const auto diffs = bt::yuma::diff_outputs(c.steps[k].expected, *out);
      for (const auto& d : diffs) UNSCOPED_INFO(d);
      CHECK(diffs.empty());
      ++ran;
    }
  }
  CHECK(ran >= 10);  // 12 steps, 2 at blocks no tempo makes epoch blocks
}

TEST_CASE("metagraph dtao: inherited stake follows get_inherited_for_hotkey_on_subnet") {
  constexpr std::uint64_t kMax = ~std::uint64_t{0};
  CHECK(mg::inherited_stake(1000, {}, {}) == 1000);
  CHECK(mg::inherited_stake(1000, {kMax}, {}) == 0);
  CHECK(mg::inherited_stake(0, {}, {{kMax, 1000}}) == 1000);
  // p = 2^63 - 1: p / u64::MAX = (2^31 - 1) / 2^32 in I96F32 (floored), so the parent keeps 500 + 1000/2^32
  // and the child receives 1000 * (2^31 - 1) / 2^32 = 499.99...
  CHECK(mg::inherited_stake(1000, {kMax / 2}, {}) == 500);
  CHECK(mg::inherited_stake(0, {}, {{kMax / 2, 1000}}) == 499);
  CHECK(mg::inherited_stake(kMax, {}, {{kMax, kMax}}) == kMax);  // saturates
  CHECK(mg::inherited_stake(10, {kMax, kMax}, {}) == 0);         // more than all given away: 0

  // Through sync: uid 0 gives half its alpha and root stake to uid 1; uid 2 inherits all of a parent that
  // is not registered on the subnet (one more round trip for its stake).
  auto c =
      bt::yuma::load_case_file(std::string(BT_VECTORS_DIR) + "/yuma/feb2025_tiny_2v2m_partial.json").value();
  bt::yuma::EpochInput in = c.steps[0].input;
  REQUIRE(in.n >= 3);
  in.alpha_stake[0] = 1000;
  in.tao_stake[0] = 3000;
  in.alpha_stake[1] = 7;
  in.alpha_stake[2] = 0;
  in.tao_stake[1] = in.tao_stake[2] = 0;
  const std::uint64_t e = in.current_block;
  Fixture f;
  f.write_input(e - 1, in, tempo_for(in.netuid, e));
  const Bytes nu = u16le(in.netuid);
  const auto outsider = hotkey_of(500);
  f.put(e - 1, "ChildKeys", {acc(hotkey_of(0)), nu}, links({{kMax / 2, hotkey_of(1)}}));
  f.put(e - 1, "ParentKeys", {acc(hotkey_of(1)), nu}, links({{kMax / 2, hotkey_of(0)}}));
  f.put(e - 1, "ParentKeys", {acc(hotkey_of(2)), nu}, links({{kMax, outsider}}));
  f.put(e - 1, "TotalHotkeyAlpha", {acc(outsider), nu}, enc<std::uint64_t>(40));
  f.put(e - 1, "TotalHotkeyAlpha", {acc(outsider), u16le(0)}, enc<std::uint64_t>(90));
  auto client = connect(f);
  auto s = mg::sync(*client, in.netuid, e - 1);
  INFO((s ? std::string() : s.error().to_string()));
  REQUIRE(s);
  CHECK(s->alpha_stake[0] == 500);
  CHECK(s->alpha_stake[1] == 7 + 499);
  CHECK(s->alpha_stake[2] == 40);
  CHECK(s->tao_stake[0] == 1500);
  CHECK(s->tao_stake[1] == 1499);
  CHECK(s->tao_stake[2] == 90);
  CHECK(s->own_alpha_stake[0] == 1000);
  CHECK(s->own_tao_stake[0] == 3000);
  auto again = mg::sync(*client, in.netuid, e - 1);
  REQUIRE(again);
  // metadata cached: 4 batches, and one for the outside parent's stake
  CHECK(again->stats.round_trips == 5);

  SECTION("a malformed ParentKeys value names the item") {
    f.put(e - 1, "ParentKeys", {acc(hotkey_of(1)), nu}, Bytes{0x04, 1, 2, 3});
    auto bad = mg::sync(*client, in.netuid, e - 1);
    REQUIRE_FALSE(bad);
    CHECK(bad.error() == mg::MetagraphError::malformed_item);
    CHECK(bad.error().to_string().find("ParentKeys") != std::string::npos);
  }
}
