// SPDX-License-Identifier: MIT
// The head (subtensor 14bc6f9f) SubtensorModule layout built as metadata from the source
// (tests/metagraph/head_layout.hpp): it is detected as the head generation, its keys have the hashers
// and key parts the source declares; and the storage round trip: a scripted node serves that layout
// filled from every head reference case (both paths; Yuma2/Yuma3, liquid alpha, commit-reveal, owner,
// holes), sync + epoch_input give back the case's input, the engine its outputs, predict_epoch the
// sparse outputs, and compare finds nothing against the storage the epoch writes. Never a live node.
#include <bt/client/client.hpp>
#include <bt/metadata/metadata.hpp>
#include <bt/metadata/storage.hpp>
#include <bt/metagraph/metagraph.hpp>
#include <bt/metagraph/predict.hpp>
#include <bt/scale/encoder.hpp>
#include <bt/yuma/case.hpp>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "metagraph/head_layout.hpp"
#include "metagraph/subnet_storage.hpp"
#include "support/test_paths.hpp"

namespace mg = bt::metagraph;
using bt::Bytes;
namespace head = bt::test::head;
using bt::test::subnet::u16le;

namespace {

Bytes key(const bt::metadata::Metadata& md, std::string_view item, std::vector<Bytes> parts = {}) {
  auto k = bt::metadata::storage_key_encoded(md, "SubtensorModule", item, parts);
  INFO(std::string(item) << ": " << (k ? std::string() : k.error().to_string()));
  REQUIRE(k);
  return *k;
}

std::vector<std::string> names(const bt::metadata::Metadata& md) {
  std::vector<std::string> v;
  for (const auto& e : md.pallet("SubtensorModule")->storage) v.push_back(e.name);
  return v;
}

}  // namespace

TEST_CASE("metagraph head: the layout of subtensor 14bc6f9f is the head generation") {
  const Bytes blob = head::metadata();
  auto md = bt::metadata::Metadata::decode(blob);
  INFO((md ? std::string() : md.error().to_string()));
  REQUIRE(md);
  CHECK(mg::detect_generation(head::kSpecVersion, names(*md)).value() == mg::Generation::head);

  // Keys against the real spec-143 metadata where the declaration did not change (same pallet/item
  // prefix; Identity hashers), and the head-only key parts.
  const auto md143 =
      bt::metadata::Metadata::decode(
          bt::test::subnet::read_file(std::string(BT_VECTORS_DIR) + "/metadata/spec143_v14.scale"))
          .value();
  const Bytes nu = u16le(7);
  CHECK(key(*md, "SubnetworkN", {nu}) == key(md143, "SubnetworkN", {nu}));
  CHECK(key(*md, "Keys", {nu, u16le(3)}) == key(md143, "Keys", {nu, u16le(3)}));
  // Weights / Bonds / Incentive / LastUpdate: keyed by NetUidStorageIndex = mechanism * 4096 + netuid
  CHECK(head::storage_index(7) == 7);
  CHECK(head::storage_index(7, 1) == 4103);
  CHECK(head::storage_index(7, 16) == 0xffff);  // saturating
  const Bytes w = key(*md, "Weights", {u16le(head::storage_index(7, 1)), u16le(3)});
  const Bytes w143 = key(md143, "Weights", {nu, u16le(3)});
  CHECK(Bytes(w.begin(), w.begin() + 32) == Bytes(w143.begin(), w143.begin() + 32));
  CHECK(Bytes(w.begin() + 32, w.end()) == Bytes{0x07, 0x10, 0x03, 0x00});
  // Blake2_128Concat / Twox64Concat maps: hash then the key itself
  const Bytes la = key(*md, "LiquidAlphaOn", {nu});
  CHECK(la.size() == 32 + 16 + 2);
  CHECK(Bytes(la.end() - 2, la.end()) == nu);
  const Bytes rp = key(*md, "RevealPeriodEpochs", {nu});
  CHECK(rp.size() == 32 + 8 + 2);
  // defaults the epoch falls back to (absent keys)
  CHECK(md->storage_entry("SubtensorModule", "ActivityCutoffFactorMilli")->default_value ==
        head::le_bytes<std::uint32_t>(13'889));
  CHECK(md->storage_entry("SubtensorModule", "CommitRevealWeightsEnabled")->default_value == Bytes{1});
  CHECK(md->storage_entry("SubtensorModule", "PendingEmission") == nullptr);  // split at head
  CHECK(md->storage_entry("SubtensorModule", "Rank") == nullptr);             // removed at head
}

namespace {

using bt::test::subnet::acc;
using bt::test::subnet::enc;
using bt::test::subnet::hotkey_of;

struct HeadChain : bt::test::subnet::SubnetChain {
  HeadChain() : SubnetChain(head::kSpecVersion, head::metadata(), bt::test::subnet::Layout::head) {}
};

std::vector<std::string> head_case_ids() {
  std::vector<std::string> ids;
  for (const auto& e : std::filesystem::directory_iterator(std::string(BT_VECTORS_DIR) + "/yuma")) {
    const std::string name = e.path().filename().string();
    if (name.rfind("head_", 0) == 0 && e.path().extension() == ".json")
      ids.push_back(e.path().stem().string());
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

// The case input as sync stores it: n rows (a missing row = no storage entry), commit queues in a
// canonical order (the node lists keys in hash order; the epoch's result does not depend on it).
bt::yuma::EpochInput canonical(bt::yuma::EpochInput in) {
  auto pad = [&](std::vector<bt::yuma::Row>& rows, std::vector<bool>& stored) {
    std::vector<bool> st(std::max<std::size_t>(rows.size(), in.n), false);
    for (std::size_t u = 0; u < rows.size(); ++u)
      st[u] = !rows[u].empty() || stored.empty() || (u < stored.size() && stored[u]);
    rows.resize(st.size());
    stored = st;
  };
  pad(in.weights, in.weights_stored);
  pad(in.bonds, in.bonds_stored);
  std::sort(in.weight_commits.begin(), in.weight_commits.end(),
            [](const auto& a, const auto& b) { return a.uid < b.uid; });
  std::sort(in.timelocked_commits.begin(), in.timelocked_commits.end(),
            [](const auto& a, const auto& b) { return a.commit_epoch < b.commit_epoch; });
  return in;
}

}  // namespace

TEST_CASE("metagraph head: the layout blob the Python tests serve is head::metadata()") {
  // tests/vectors/metadata/head_14bc6f9f_built_v14.scale: this layout as bytes, for the Python scripted node
  // (bindings/python/tests/test_metagraph_head.py). BT_REGENERATE_HEAD_METADATA=1 rewrites it.
  const std::string path = std::string(BT_VECTORS_DIR) + "/metadata/head_14bc6f9f_built_v14.scale";
  if (std::getenv("BT_REGENERATE_HEAD_METADATA")) {
    const Bytes blob = head::metadata();
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(blob.data()), static_cast<std::streamsize>(blob.size()));
  }
  CHECK(bt::test::subnet::read_file(path) == head::metadata());
}

TEST_CASE("metagraph head: inherited stake in U96F32 saturates what children take at 0") {
  constexpr std::uint64_t kMax = ~std::uint64_t{0};
  CHECK(mg::inherited_stake_u96(1000, {}, {}) == 1000);
  CHECK(mg::inherited_stake_u96(1000, {kMax / 2}, {}) == 500);
  CHECK(mg::inherited_stake_u96(0, {}, {{kMax / 2, 1000}}) == 499);
  CHECK(mg::inherited_stake_u96(kMax, {}, {{kMax, kMax}}) == kMax);
  // children take 2x the own stake: U96F32 floors at 0 before the parents' share is added (head); the
  // I96F32 arithmetic of feb2025 carries the negative value
  CHECK(mg::inherited_stake_u96(10, {kMax, kMax}, {{kMax, 100}}) == 100);
  CHECK(mg::inherited_stake(10, {kMax, kMax}, {{kMax, 100}}) == 90);
}

TEST_CASE("metagraph head: storage round trip of every head reference case (both paths)") {
  int steps = 0, sparse = 0, dense = 0, yuma3 = 0, liquid = 0, commit = 0, owner = 0, holes = 0;
  for (const auto& id : head_case_ids()) {
    auto c = bt::yuma::load_case_file(std::string(BT_VECTORS_DIR) + "/yuma/" + id + ".json").value();
    REQUIRE(c.variant == bt::yuma::Variant::head);
    for (std::size_t k = 0; k < c.steps.size(); ++k) {
      const auto& in = c.steps[k].input;
      INFO(id << " step " << k);
      REQUIRE(in.tempo > 0);
      const std::uint64_t e = in.current_block;
      REQUIRE(e > 0);
      HeadChain f;
      f.write_input(e - 1, in, 0);
      auto client = bt::client::Client::connect(f.chain.url()).value();
      mg::SyncOptions opt;
      opt.scan_rows = k % 2 == 1;
      opt.query_chunk = steps % 3 == 0 ? 7 : 1024;
      auto s = mg::sync(*client, in.netuid, e - 1, opt);
      INFO((s ? std::string() : s.error().to_string()));
      REQUIRE(s);
      CHECK(s->generation == mg::Generation::head);
      CHECK(s->spec_version == head::kSpecVersion);
      CHECK(s->stats.round_trips <= 10);  // first sync of the client: + the metadata requests
      CHECK(s->registered == in.registered);
      CHECK(s->alpha_stake == in.alpha_stake);
      CHECK(s->tao_stake == in.tao_stake);
      CHECK(s->hp.owner_uid == in.owner_uid);
      // SubnetOwnerHotkey is a ValueQuery read with try_get: an absent entry is no owner, not the default
      CHECK(s->hp.owner_hotkey.has_value() == in.owner_uid.has_value());
      CHECK(s->hp.mechanism_count == 1);
      REQUIRE(s->mechanisms.size() == 1);
      CHECK(mg::next_epoch_block(*s) == std::optional<std::uint64_t>(e));
      // column_index: the k-th registered uid owns entry k of the epoch-written columns
      std::size_t col = 0;
      for (std::uint16_t u = 0; u < in.n; ++u)
        CHECK(mg::column_index(*s, u) ==
              (in.registered[u] ? std::optional<std::size_t>(col++) : std::nullopt));
      CHECK_FALSE(mg::column_index(*s, in.n));
      CHECK(s->stake_weight.size() == col);

      auto built = mg::epoch_input(*s, e);
      REQUIRE(built);
      // Every input field equals the case's (the same JSON text): an impossible
      // current_epoch_with_lookahead of 0 (SubnetEpochIndex + 1 >= 1) only in cases without commit-reveal.
      bt::yuma::EpochInput want = canonical(in);
      if (want.current_epoch_with_lookahead == 0) {
        CHECK_FALSE(want.commit_reveal_enabled);
        want.current_epoch_with_lookahead = 1;
      }
      if (!want.commit_reveal_enabled) {  // the queues are read only with commit-reveal
        want.weight_commits.clear();
        want.timelocked_commits.clear();
      }
      const bt::yuma::EpochInput got = canonical(*built);
      CHECK(bt::yuma::input_to_json(got, bt::yuma::Variant::head, 1) ==
            bt::yuma::input_to_json(want, bt::yuma::Variant::head, 1));

      auto out = bt::yuma::run_epoch(*built, bt::yuma::Variant::head, c.path);
      REQUIRE(out);
      auto diffs = bt::yuma::diff_outputs(c.steps[k].expected, *out);
      for (const auto& d : diffs) UNSCOPED_INFO(d);
      CHECK(diffs.empty());

      if (c.path == bt::yuma::Path::sparse) {
        auto p = mg::predict_epoch(*s);
        INFO((p ? std::string() : p.error().to_string()));
        REQUIRE(p);
        CHECK(p->epoch_block == e);
        CHECK_FALSE(p->exact);  // block E's coinbase share is not modelled
        std::size_t due = 0;    // timelocked commits revealed at E before the epoch (not modelled)
        for (const auto& t : in.timelocked_commits)
          if (in.commit_reveal_enabled &&
              t.commit_epoch + in.reveal_period == in.current_epoch_with_lookahead)
            due += t.commits.size();
        CHECK(p->reveals_due == due);
        diffs = bt::yuma::diff_outputs(c.steps[k].expected, p->output);
        for (const auto& d : diffs) UNSCOPED_INFO(d);
        CHECK(diffs.empty());
        // What the epoch writes at E, read back and compared: nothing differs.
        f.write_input(e, in, 0);
        bt::test::subnet::write_head_output(f.writer(e), e, in, c.steps[k].expected);
        auto after = mg::sync(*client, in.netuid, e, opt);
        REQUIRE(after);
        auto cmp = mg::compare(*p, *after);
        REQUIRE(cmp);
        for (const auto& d : *cmp) UNSCOPED_INFO(mg::to_string(d));
        CHECK(cmp->empty());
        ++sparse;
      } else {
        ++dense;
      }
      ++steps;
      yuma3 += in.yuma3_enabled;
      liquid += in.liquid_alpha_enabled;
      commit += in.commit_reveal_enabled;
      owner += in.owner_uid.has_value();
      holes += std::find(in.registered.begin(), in.registered.end(), false) != in.registered.end();
    }
  }
  // what the cases cover (both paths, Yuma2/Yuma3, liquid alpha, commit-reveal, owner, uid holes)
  CHECK(sparse == 118);  // every head case step (71 cases)
  CHECK(dense == 50);
  CHECK(yuma3 > 0);
  CHECK(steps - yuma3 > 0);
  CHECK(liquid > 0);
  CHECK(commit > 0);
  CHECK(owner > 0);
  CHECK(holes > 0);
}

namespace {

bt::yuma::EpochInput case_input(const char* id, std::size_t step = 0) {
  return bt::yuma::load_case_file(std::string(BT_VECTORS_DIR) + "/yuma/" + id + ".json")
      .value()
      .steps.at(step)
      .input;
}

}  // namespace

TEST_CASE("metagraph head: inconsistent or malformed head storage gives typed errors naming the item") {
  const bt::yuma::EpochInput in = case_input("head_edge_commit_reveal_mask");
  REQUIRE(in.commit_reveal_enabled);
  REQUIRE_FALSE(in.weight_commits.empty());
  REQUIRE_FALSE(in.timelocked_commits.empty());
  const std::uint64_t b = in.current_block - 1;
  HeadChain f;
  f.write_input(b, in, 0);
  auto client = bt::client::Client::connect(f.chain.url()).value();
  REQUIRE(mg::sync(*client, in.netuid, b));
  {
    auto again = mg::sync(*client, in.netuid, b);  // metadata cached; commit-reveal on: still 4 round trips
    REQUIRE(again);
    CHECK(again->stats.round_trips == 4);
    CHECK(again->weight_commits.size() == in.weight_commits.size());
    CHECK(again->timelocked_commits.size() == in.timelocked_commits.size());
  }
  const Bytes nu = u16le(in.netuid);
  const Bytes ik = u16le(head::storage_index(in.netuid));
  auto expect = [&](mg::MetagraphError code, const std::string& item) {
    auto s = mg::sync(*client, in.netuid, b);
    REQUIRE_FALSE(s);
    INFO(s.error().to_string());
    CHECK(s.error() == code);
    CHECK(s.error().to_string().find(item) != std::string::npos);
  };
  SECTION("an epoch-written vector longer than n") {
    f.put(b, "Consensus", {nu}, bt::test::subnet::enc_vec(std::vector<std::uint16_t>(in.n + 1u, 1)));
    expect(mg::MetagraphError::inconsistent_state, "Consensus[" + std::to_string(in.netuid) + "]");
  }
  SECTION("an Incentive of the mechanism longer than n") {
    f.put(b, "Incentive", {ik}, bt::test::subnet::enc_vec(std::vector<std::uint16_t>(in.n + 3u, 1)));
    expect(mg::MetagraphError::inconsistent_state, "Incentive[");
  }
  SECTION("the owner's uid out of range") {
    f.put(b, "SubnetOwnerHotkey", {nu}, acc(hotkey_of(0)));
    f.put(b, "Uids", {nu, acc(hotkey_of(0))}, u16le(in.n));
    expect(mg::MetagraphError::inconsistent_state, "Uids[");
  }
  SECTION("malformed SCALE of the head items") {
    f.put(b, "MechanismCountCurrent", {nu}, Bytes{1, 0});
    expect(mg::MetagraphError::malformed_item, "MechanismCountCurrent");
  }
  SECTION("AlphaSigmoidSteepness truncated") {
    f.put(b, "AlphaSigmoidSteepness", {nu}, Bytes{1});
    expect(mg::MetagraphError::malformed_item, "AlphaSigmoidSteepness");
  }
  SECTION("StakeWeight not a vector") {
    f.put(b, "StakeWeight", {nu}, Bytes{0x08, 1});
    expect(mg::MetagraphError::malformed_item, "StakeWeight");
  }
  SECTION("a truncated WeightCommits queue") {
    f.put(b, "WeightCommits", {ik, acc(hotkey_of(in.weight_commits[0].uid))}, Bytes{0x04, 1, 2, 3});
    expect(mg::MetagraphError::malformed_item, "WeightCommits[");
  }
  SECTION("a TimelockedWeightCommits queue with trailing bytes") {
    const auto& t = in.timelocked_commits[0];
    f.put(b, "TimelockedWeightCommits", {ik, enc<std::uint64_t>(t.commit_epoch)}, Bytes{0x00, 0x01});
    expect(mg::MetagraphError::malformed_item, "TimelockedWeightCommits[");
  }
  SECTION("MechanismCountCurrent 0") {
    f.put(b, "MechanismCountCurrent", {nu}, Bytes{0});
    expect(mg::MetagraphError::inconsistent_state, "MechanismCountCurrent");
  }
  SECTION("a mechanism the subnet does not have") {
    mg::SyncOptions opt;
    opt.mechanism = 1;
    auto s = mg::sync(*client, in.netuid, b, opt);
    REQUIRE_FALSE(s);
    CHECK(s.error() == mg::MetagraphError::invalid_argument);
  }
  SECTION("a hotkey under two uids: the runtime skips the epoch") {
    f.put(b, "Keys", {nu, u16le(1)}, acc(hotkey_of(0)));
    auto s = mg::sync(*client, in.netuid, b);
    REQUIRE(s);
    auto p = mg::predict_epoch(*s);
    REQUIRE_FALSE(p);
    CHECK(p.error() == mg::MetagraphError::inconsistent_state);
    CHECK(p.error().to_string().find("Keys[") != std::string::npos);
  }
}

TEST_CASE("metagraph head: the next epoch block follows the stateful scheduler") {
  mg::Snapshot s;
  s.generation = mg::Generation::head;
  s.block = 1000;
  s.hp.tempo = 360;
  s.hp.last_epoch_block = 900;
  CHECK(mg::next_epoch_block(s) == std::optional<std::uint64_t>(1260));  // LastEpochBlock + tempo
  s.hp.pending_epoch_at = 1100;                                          // owner-triggered, sooner
  CHECK(mg::next_epoch_block(s) == std::optional<std::uint64_t>(1100));
  s.hp.pending_epoch_at = 700;  // already due: the next block
  CHECK(mg::next_epoch_block(s) == std::optional<std::uint64_t>(1001));
  s.hp.pending_epoch_at = 0;
  s.hp.blocks_since_last_step = 50'390;  // + 1 per block, fires once > MAX_TEMPO (50400)
  CHECK(mg::next_epoch_block(s) == std::optional<std::uint64_t>(1011));
  s.hp.blocks_since_last_step = 0;
  s.hp.last_epoch_block = 0;  // overdue: the next block
  CHECK(mg::next_epoch_block(s) == std::optional<std::uint64_t>(1001));
  s.hp.tempo = 0;
  CHECK_FALSE(mg::next_epoch_block(s));

  // From a node: Tempo and the scheduler items at the best block.
  const bt::yuma::EpochInput in = case_input("head_tiny_2v2m_partial");
  HeadChain f;
  f.write_input(in.current_block - 1, in, 0);
  auto client = bt::client::Client::connect(f.chain.url()).value();
  auto e = mg::next_epoch_block(*client, in.netuid);
  INFO((e ? std::string() : e.error().to_string()));
  REQUIRE(e);
  CHECK(*e == in.current_block);
}

TEST_CASE("metagraph head: several mechanisms are read per NetUidStorageIndex and predicted together") {
  // Two mechanisms of one subnet: mechanism 0 holds the storage of one epoch of a case, mechanism 1 that
  // of the case's next epoch (same uids), with an uneven emission split.
  const char* id = "head_multi_yuma3_n12";
  const bt::yuma::EpochInput in0 = case_input(id, 0);
  bt::yuma::EpochInput in1 = case_input(id, 1);
  in1.current_block = in0.current_block;
  const std::uint64_t b = in0.current_block - 1;
  HeadChain f;
  f.write_input(b, in0, 0);
  bt::test::subnet::write_mechanism(f.writer(b), b, in1, 1);
  const Bytes nu = u16le(in0.netuid);
  f.put(b, "MechanismCountCurrent", {nu}, Bytes{2});
  f.put(b, "MechanismEmissionSplit", {nu},
        bt::test::subnet::enc_vec(std::vector<std::uint16_t>{20'000, 45'535}));
  auto client = bt::client::Client::connect(f.chain.url()).value();
  mg::SyncOptions opt;
  opt.mechanism = 1;
  auto s = mg::sync(*client, in0.netuid, b, opt);
  INFO((s ? std::string() : s.error().to_string()));
  REQUIRE(s);
  CHECK(s->mechanism == 1);
  CHECK(s->hp.mechanism_count == 2);
  REQUIRE(s->mechanisms.size() == 2);
  CHECK(s->weights == canonical(in1).weights);
  CHECK(s->last_update == in1.last_update);
  CHECK(s->mechanisms[0].weights == canonical(in0).weights);
  CHECK(s->mechanisms[0].bonds == canonical(in0).bonds);
  const auto again = mg::sync(*client, in0.netuid, b, opt);
  REQUIRE(again);
  CHECK(again->stats.round_trips == 4);  // metadata cached: block hash, level 1 (+version), 2, 3

  // The mechanism's own input carries its share of the split emission.
  const std::uint64_t total = in0.rao_emission;
  const auto split = bt::yuma::split_emissions(total, 2, std::vector<std::uint16_t>{20'000, 45'535});
  auto x = mg::epoch_input(*s, in0.current_block);
  REQUIRE(x);
  CHECK(x->rao_emission == split[1]);
  CHECK(x->weights == s->weights);

  // predict_epoch = epoch_with_mechanisms over the two mechanisms' storage.
  bt::yuma::MechanismsInput mi;
  mi.base = in0;
  for (const bt::yuma::EpochInput* m : {&in0, static_cast<const bt::yuma::EpochInput*>(&in1)})
    mi.mechanisms.push_back({m->weights, m->bonds, m->last_update, m->weight_commits, m->timelocked_commits});
  mi.emission_split = std::vector<std::uint16_t>{20'000, 45'535};
  mi.rao_emission = total;
  auto want = bt::yuma::epoch_with_mechanisms(mi);
  REQUIRE(want);
  auto p = mg::predict_epoch(*s);
  INFO((p ? std::string() : p.error().to_string()));
  REQUIRE(p);
  CHECK(p->mechanism == 1);
  CHECK(p->output.dividends == want->aggregated.dividends);
  CHECK(p->output.emission == want->aggregated.emission);
  CHECK(p->output.consensus == want->aggregated.consensus);
  CHECK(p->output.validator_permit == want->aggregated.validator_permit);
  CHECK(p->output.incentive == want->mechanisms[1].incentive);
  CHECK(p->output.post_state_bonds == want->mechanisms[1].post_state_bonds);
  CHECK(p->output.server_emission == want->aggregated.server_emission);
}

TEST_CASE("metagraph head: timelocked commits revealed at the epoch block are counted, not modelled") {
  bt::yuma::EpochInput in = case_input("head_edge_commit_reveal_mask");
  REQUIRE(in.commit_reveal_enabled);
  REQUIRE(in.current_epoch_with_lookahead > in.reveal_period);
  const std::uint64_t reveal_epoch = in.current_epoch_with_lookahead - in.reveal_period;
  in.timelocked_commits.push_back({reveal_epoch, {{2, 9300}, {3, 9310}}});
  const std::uint64_t b = in.current_block - 1;
  HeadChain f;
  f.write_input(b, in, 0);
  auto client = bt::client::Client::connect(f.chain.url()).value();
  auto s = mg::sync(*client, in.netuid, b);
  REQUIRE(s);
  auto p = mg::predict_epoch(*s);
  REQUIRE(p);
  CHECK(p->reveals_due == 2);
}

TEST_CASE("metagraph head: sync inherits stake through child / parent keys in U96F32") {
  constexpr std::uint64_t kMax = ~std::uint64_t{0};
  bt::yuma::EpochInput in = case_input("head_tiny_2v2m_partial");
  in.alpha_stake[0] = 10;
  in.tao_stake[0] = 10;
  const std::uint64_t b = in.current_block - 1;
  HeadChain f;
  f.write_input(b, in, 0);
  const auto links = bt::test::subnet::enc_links;
  const Bytes nu = u16le(in.netuid);
  const auto outsider = hotkey_of(700);
  // uid 0 gives its whole stake to two children (twice what it has) and inherits all of an outside parent's
  f.put(b, "ChildKeys", {acc(hotkey_of(0)), nu}, links({{kMax, hotkey_of(2)}, {kMax, hotkey_of(3)}}));
  f.put(b, "ParentKeys", {acc(hotkey_of(0)), nu}, links({{kMax, outsider}}));
  f.put(b, "TotalHotkeyAlpha", {acc(outsider), nu}, enc<std::uint64_t>(100));
  f.put(b, "TotalHotkeyAlpha", {acc(outsider), u16le(0)}, enc<std::uint64_t>(1000));
  auto client = bt::client::Client::connect(f.chain.url()).value();
  auto s = mg::sync(*client, in.netuid, b);
  INFO((s ? std::string() : s.error().to_string()));
  REQUIRE(s);
  CHECK(s->own_alpha_stake[0] == 10);
  CHECK(s->alpha_stake[0] == 100);  // U96F32: max(0, 10 - 20) + 100 (feb2025's I96F32 would give 90)
  CHECK(s->tao_stake[0] == 1000);   // max(0, 10 - 20) + 1000
  CHECK(s->alpha_stake[1] == in.alpha_stake[1]);
}
