// SPDX-License-Identifier: MIT
// metagraph without a live runtime: a scripted node serves spec-143 storage laid out as the runtime does
// (keys from the real spec-143 metadata) built from the epoch input of a reference case (block E-1) and
// from its expected output (block E). sync + predict_epoch must reproduce the case's outputs exactly and
// compare() must find nothing; inconsistent or malformed storage gives a typed error naming the item.
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
using namespace bt::test::subnet;

namespace {

struct Fixture : SubnetChain {
  explicit Fixture(std::uint32_t spec = 143)
      : SubnetChain(spec, read_file(std::string(BT_VECTORS_DIR) + "/metadata/spec143_v14.scale"),
                    Layout::spec143) {}

  // Storage after block E-1 = the case input (tempo such that E = input.current_block is the next epoch).
  void write_input(std::uint64_t b, const bt::yuma::EpochInput& in, std::uint16_t tempo) {
    REQUIRE(in.rao_emission >= kQueued);
    SubnetChain::write_input(b, in, tempo);
  }

  // Storage after block E: the input state overwritten with what the epoch writes.
  void write_output(std::uint64_t b, const bt::yuma::EpochInput& in, const bt::yuma::EpochOutput& out,
                    std::uint16_t tempo) {
    write_input(b, in, tempo);
    const Bytes nu = u16le(in.netuid);
    put(b, "PendingEmission", {nu}, enc<std::uint64_t>(0));
    put(b, "LastMechansimStepBlock", {nu}, enc<std::uint64_t>(b));
    put(b, "Rank", {nu}, enc_vec(out.rank));
    put(b, "Trust", {nu}, enc_vec(out.trust));
    put(b, "Consensus", {nu}, enc_vec(out.consensus));
    put(b, "Incentive", {nu}, enc_vec(out.incentive));
    put(b, "Dividends", {nu}, enc_vec(out.dividends));
    put(b, "ValidatorTrust", {nu}, enc_vec(out.validator_trust));
    put(b, "PruningScores", {nu}, enc_vec(out.pruning_scores));
    put(b, "Emission", {nu}, enc_vec(out.emission));
    put(b, "Active", {nu}, enc_bools(out.active));
    put(b, "ValidatorPermit", {nu}, enc_bools(out.post_state_validator_permit));
    for (std::size_t u = 0; u < out.post_state_bonds.size(); ++u) {
      const Bytes k = key("Bonds", {nu, u16le(static_cast<std::uint16_t>(u))});
      if (!out.post_state_bonds[u])
        chain.erase(b, k);
      else
        chain.set(b, k, enc_row(*out.post_state_bonds[u]));
    }
    bt::scale::Encoder e;
    std::vector<std::uint16_t> reg;
    for (std::uint16_t u = 0; u < in.n; ++u)
      if (in.registered[u]) reg.push_back(u);
    e.put_compact(reg.size());
    for (std::uint16_t u : reg) {
      e.put_bytes(acc(hotkey_of(u)));
      e.put_le<std::uint64_t>(out.server_emission[u].value_or(0));
      e.put_le<std::uint64_t>(out.validator_emission[u].value_or(0));
    }
    put(b, "LoadedEmission", {nu}, std::move(e).take());
  }
};

std::unique_ptr<bt::client::Client> connect(const Fixture& f) {
  return bt::client::Client::connect(f.chain.url()).value();
}

}  // namespace

// Epoch 3 of the recorded spec-143 chain: the input of the tests below that need one realistic subnet.
const bt::yuma::CaseStep& recorded_step3() {
  static const auto c =
      bt::yuma::load_case_file(std::string(BT_VECTORS_DIR) + "/yuma/spec143_chain_recorded_scenario.json")
          .value();
  return c.steps[3];
}

TEST_CASE("metagraph: spec143 storage round trip reproduces the recorded chain epochs") {
  int ran = 0;
  for (const char* id : {"spec143_chain_recorded_scenario", "spec143_chain_recorded_out_of_range_weights",
                         "spec143_random_n64_00", "spec143_sparse_replica_test_bonds"}) {
    auto c = bt::yuma::load_case_file(std::string(BT_VECTORS_DIR) + "/yuma/" + id + ".json").value();
    for (std::size_t k = 0; k < c.steps.size(); ++k) {
      const auto& step = c.steps[k];
      INFO(id << " step " << k);
      const std::uint64_t e = step.input.current_block;
      if (e == 0) continue;  // synthetic cases at block 0 have no block E-1
      // a tempo under which e is an epoch block of this netuid
      std::uint16_t tempo = 0;
      for (std::uint16_t t = 1; t < 1000 && !tempo; ++t)
        if (mg::next_epoch_block(step.input.netuid, t, e - 1) == e) tempo = t;
      REQUIRE(tempo);
      if (step.input.rao_emission < kQueued) continue;  // not expressible with this emission value
      Fixture f;
      f.write_input(e - 1, step.input, tempo);
      f.write_output(e, step.input, step.expected, tempo);
      auto client = connect(f);
      mg::SyncOptions opt;
      opt.scan_rows = k % 2 == 1;  // both ways of reading the rows
      opt.query_chunk = k % 3 == 0 ? 7 : 128;
      auto s = mg::sync(*client, step.input.netuid, e - 1, opt);
      INFO((s ? std::string() : s.error().to_string()));
      REQUIRE(s);
      CHECK(s->generation == mg::Generation::spec143);
      CHECK(s->n == step.input.n);
      CHECK(s->weights.size() ==
            (opt.scan_rows ? std::max<std::size_t>(step.input.n, step.input.weights.size()) : step.input.n));
      CHECK(s->stats.round_trips <= 10);  // first sync of this client: the metadata too
      auto p = mg::predict_epoch(*s);
      INFO((p ? std::string() : p.error().to_string()));
      REQUIRE(p);
      CHECK(p->exact);
      CHECK(p->epoch_block == e);
      CHECK(p->input.rao_emission == step.input.rao_emission);
      CHECK(p->input.stake == step.input.stake);
      const auto diffs = bt::yuma::diff_outputs(step.expected, p->output);
      for (const auto& d : diffs) UNSCOPED_INFO(d);
      CHECK(diffs.empty());
      auto after = mg::sync(*client, step.input.netuid, e);
      INFO((after ? std::string() : after.error().to_string()));
      REQUIRE(after);
      // metadata cached: hash; version + header + subnet items; 2 more storage levels
      CHECK(after->stats.round_trips == 4);
      auto cmp = mg::compare(*p, *after).value();
      for (const auto& d : cmp) UNSCOPED_INFO(mg::to_string(d));
      CHECK(cmp.empty());
      ++ran;
    }
  }
  CHECK(ran >= 16);  // 11 + 2 recorded epochs, 3 of the random case (the replica starts at block 0)
}

TEST_CASE("metagraph: storage answers out of order, in upper case or with extra members read the same") {
  const auto& step = recorded_step3();
  const std::uint64_t e = step.input.current_block;
  Fixture f;
  f.write_input(e - 1, step.input, 10);
  auto client = connect(f);
  auto plain = mg::sync(*client, 1, e - 1).value();
  f.chain.set_odd_answers(true);
  auto odd = mg::sync(*client, 1, e - 1);
  INFO((odd ? std::string() : odd.error().to_string()));
  REQUIRE(odd);
  CHECK(odd->hotkeys == plain.hotkeys);
  CHECK(odd->stake == plain.stake);
  CHECK(odd->weights == plain.weights);
  CHECK(odd->bonds == plain.bonds);
  CHECK(odd->incentive == plain.incentive);
  CHECK(odd->last_update == plain.last_update);
  CHECK(odd->hp.pending_emission == plain.hp.pending_emission);
  CHECK(odd->stats.keys_read == plain.stats.keys_read);
}

TEST_CASE("metagraph: a runtime upgrade between two syncs of one client is noticed") {
  const auto& step = recorded_step3();
  const std::uint64_t e = step.input.current_block;
  Fixture f;
  f.write_input(e - 1, step.input, 10);
  auto client = connect(f);
  auto plain = mg::sync(*client, 1, e - 1).value();
  auto again = mg::sync(*client, 1, e - 1).value();  // the subnet items ride with the runtime version
  CHECK(again.stats.round_trips == 4);
  CHECK(again.stats.requests == 6);  // hash; version, header, 1 + 2 + 1 storage queries (1024 keys each)
  CHECK(again.stats.keys_read == plain.stats.keys_read);
  CHECK(again.hotkeys == plain.hotkeys);
  CHECK(again.weights == plain.weights);
  // the node now reports another runtime: the speculative reads are discarded, the new runtime's
  // metadata is fetched, and its generation decides (a pre-dTAO runtime other than 143: refused)
  f.chain.set_spec_version(144);
  auto upgraded = mg::sync(*client, 1, e - 1);
  REQUIRE_FALSE(upgraded);
  CHECK(upgraded.error() == mg::MetagraphError::unknown_runtime);
  CHECK(upgraded.error().to_string().find("144") != std::string::npos);
  f.chain.set_spec_version(143);
  auto back = mg::sync(*client, 1, e - 1);
  REQUIRE(back);
  CHECK(back->stats.round_trips == 4);
  CHECK(back->stake == plain.stake);
}

TEST_CASE("metagraph: compare lists every differing field") {
  const auto& step = recorded_step3();
  const std::uint64_t e = step.input.current_block;
  Fixture f;
  f.write_input(e - 1, step.input, 10);
  auto wrong = step.expected;
  wrong.incentive[3] ^= 1;
  wrong.post_state_validator_permit[0] = !wrong.post_state_validator_permit[0];
  f.write_output(e, step.input, wrong, 10);
  auto client = connect(f);
  auto p = mg::predict_epoch(mg::sync(*client, 1, e - 1).value()).value();
  auto d = mg::compare(p, mg::sync(*client, 1, e).value()).value();
  REQUIRE(d.size() == 2);
  CHECK(mg::to_string(d[0]).rfind("incentive[3]: predicted ", 0) == 0);
  CHECK(d[1].field == "validator_permit");
  CHECK(mg::compare(p, mg::sync(*client, 1, e - 1).value()).error() == mg::MetagraphError::invalid_argument);
}

TEST_CASE("metagraph: inconsistent or malformed storage is a typed error naming the item") {
  auto c =
      bt::yuma::load_case_file(std::string(BT_VECTORS_DIR) + "/yuma/spec143_chain_recorded_scenario.json")
          .value();
  const auto& in = c.steps[3].input;
  const std::uint64_t b = in.current_block - 1;
  auto expect = [&](auto&& mutate, mg::MetagraphError code, const std::string& names) {
    Fixture f;
    f.write_input(b, in, 10);
    mutate(f);
    auto client = connect(f);
    auto s = mg::sync(*client, 1, b);
    REQUIRE_FALSE(s);
    INFO(s.error().to_string());
    CHECK(s.error() == code);
    CHECK(s.error().to_string().find(names) != std::string::npos);
  };
  const Bytes nu = u16le(1);
  SECTION("a vector shorter than n") {
    expect(
        [&](Fixture& f) { f.put(b, "LastUpdate", {nu}, enc_vec(std::vector<std::uint64_t>(in.n - 1, 5))); },
        mg::MetagraphError::inconsistent_state, "LastUpdate[1]");
  }
  SECTION("a vector longer than n") {
    expect(
        [&](Fixture& f) { f.put(b, "Incentive", {nu}, enc_vec(std::vector<std::uint16_t>(in.n + 1u, 5))); },
        mg::MetagraphError::inconsistent_state, "Incentive[1]");
  }
  SECTION("a missing hotkey") {
    expect(
        [&](Fixture& f) {
          f.chain.erase(b, f.key("Keys", {nu, u16le(2)}));
        },
        mg::MetagraphError::missing_item, "Keys[1][2]");
  }
  SECTION("truncated SCALE in a weights row") {
    expect(
        [&](Fixture& f) {
          f.put(b, "Weights", {nu, u16le(0)}, Bytes{0x08, 0x01, 0x00, 0xff});
        },
        mg::MetagraphError::malformed_item, "Weights[1][0]");
  }
  SECTION("trailing bytes after a u16") {
    expect(
        [&](Fixture& f) {
          f.put(b, "Kappa", {nu}, Bytes{1, 2, 3});
        },
        mg::MetagraphError::malformed_item, "Kappa[1]");
  }
  SECTION("a huge compact length") {
    expect(
        [&](Fixture& f) {
          f.put(b, "Emission", {nu}, Bytes{0x13, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff});
        },
        mg::MetagraphError::malformed_item, "Emission[1]");
  }
  SECTION("a bond column out of range") {
    expect(
        [&](Fixture& f) {
          f.put(b, "Bonds", {nu, u16le(1)}, enc_row({{static_cast<std::uint16_t>(in.n), 5}}));
        },
        mg::MetagraphError::inconsistent_state, "Bonds[1][1]");
  }
  SECTION("an emission tuple of a hotkey that is not on the subnet") {
    expect(
        [&](Fixture& f) {
          Bytes v{0x04};
          auto a = acc(hotkey_of(999));
          v.insert(v.end(), a.begin(), a.end());
          v.resize(v.size() + 16, 0);
          f.put(b, "LoadedEmission", {nu}, v);
        },
        mg::MetagraphError::inconsistent_state, "LoadedEmission[1]");
  }
  SECTION("a subnet that does not exist") {
    expect([&](Fixture& f) { f.chain.erase(b, f.key("NetworksAdded", {nu})); },
           mg::MetagraphError::missing_item, "NetworksAdded[1]");
  }
  SECTION("a SubnetworkN above SyncOptions::max_neurons (default 4096)") {
    expect([&](Fixture& f) { f.put(b, "SubnetworkN", {nu}, u16le(56312)); },
           mg::MetagraphError::limit_exceeded,
           "SubnetworkN[1] is 56312, above SyncOptions::max_neurons 4096");
  }
  SECTION("max_neurons bounds n itself: n is accepted, n - 1 is not") {
    Fixture f;
    f.write_input(b, in, 10);
    auto client = connect(f);
    mg::SyncOptions opt;
    opt.max_neurons = in.n;
    REQUIRE(mg::sync(*client, 1, b, opt));
    opt.max_neurons = in.n - 1u;
    auto s = mg::sync(*client, 1, b, opt);
    REQUIRE_FALSE(s);
    CHECK(s.error() == mg::MetagraphError::limit_exceeded);
  }
  SECTION("a block that does not exist") {
    Fixture f;
    f.write_input(b, in, 10);
    auto client = connect(f);
    auto s = mg::sync(*client, 1, b + 100);
    REQUIRE_FALSE(s);
    CHECK(s.error() == mg::MetagraphError::block_not_found);
    CHECK(s.error().to_string().find(std::to_string(b + 100)) != std::string::npos);
  }
  SECTION("an unknown runtime") {
    Fixture f(144);
    f.write_input(b, in, 10);
    auto client = connect(f);
    auto s = mg::sync(*client, 1, b);
    REQUIRE_FALSE(s);
    CHECK(s.error() == mg::MetagraphError::unknown_runtime);
    CHECK(s.error().to_string().find("144") != std::string::npos);
  }
}

TEST_CASE("metagraph: runtime generation detection") {
  using G = mg::Generation;
  CHECK(mg::detect_generation(143, {"TotalHotkeyStake", "Weights"}).value() == G::spec143);
  CHECK(mg::detect_generation(218, {"TotalHotkeyStake", "Alpha", "ActivityCutoff", "TaoWeight"}).value() ==
        G::feb2025);
  CHECK(mg::detect_generation(385, {"Alpha", "ActivityCutoffFactorMilli", "TaoWeight"}).value() == G::head);
  CHECK(mg::detect_generation(142, {"TotalHotkeyStake"}).error() == mg::MetagraphError::unknown_runtime);
  CHECK(mg::detect_generation(300, {"Weights"}).error() == mg::MetagraphError::unknown_runtime);
  CHECK(mg::detect_generation(143, {}).error() == mg::MetagraphError::unknown_runtime);
  CHECK(std::string(mg::to_string(G::feb2025)) == "feb2025");
  CHECK(mg::variant_of(G::head) == bt::yuma::Variant::head);
}

TEST_CASE("metagraph: next epoch block and queued emission follow EPOCH.md") {
  // netuid 1, tempo 10 -> 8, 19, 30, 41
  CHECK(mg::next_epoch_block(1, 10, 0) == 8u);
  CHECK(mg::next_epoch_block(1, 10, 7) == 8u);
  CHECK(mg::next_epoch_block(1, 10, 8) == 19u);
  CHECK(mg::next_epoch_block(1, 10, 29) == 30u);
  CHECK(!mg::next_epoch_block(1, 0, 5));
  for (std::uint16_t netuid : {1, 2, 7})
    for (std::uint16_t tempo : {1, 4, 10, 99})
      for (std::uint64_t after : {0ull, 5ull, 1000ull}) {
        const auto e = *mg::next_epoch_block(netuid, tempo, after);
        CHECK(e > after);
        CHECK((e + netuid + 1) % (tempo + 1u) == tempo);
        for (std::uint64_t x = after + 1; x < e; ++x) CHECK((x + netuid + 1) % (tempo + 1u) != tempo);
      }
  mg::Hyperparameters hp;
  hp.emission_value = kEmissionValue;
  hp.subnet_owner_cut = kOwnerCut;
  CHECK(mg::queued_emission(hp) == kEmissionValue);  // no owner: no cut
  hp.owner = hotkey_of(1);
  CHECK(mg::queued_emission(hp) == kQueued);
  hp.emission_value = ~0ull;
  hp.subnet_owner_cut = 65535;
  CHECK(mg::queued_emission(hp) == 0);
}
