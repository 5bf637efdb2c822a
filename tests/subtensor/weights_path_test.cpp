// SPDX-License-Identifier: MIT
// Choosing between set_weights and the timelocked commit calls: the rules with scripted runtimes and
// chain states, the chain state read through a scripted storage (real raonet spec-218 metadata), the
// calls built on raonet, and the commits opened with a test beacon's signature of their reveal round.
#include <bt/crypto/bls12_381.hpp>
#include <bt/crypto/bls12_381_hash.hpp>
#include <bt/crypto/drand.hpp>
#include <bt/metadata/storage.hpp>
#include <bt/metadata/value.hpp>
#include <bt/subtensor/calls.hpp>
#include <bt/subtensor/error.hpp>
#include <bt/subtensor/weights_path.hpp>

#include <catch2/catch.hpp>
#include <map>

#include "support/test_beacon.hpp"
#include "support/test_paths.hpp"

using namespace bt;
using namespace bt::subtensor;
using metadata::Value;

namespace {
metadata::Metadata load_metadata(const char* file) {
  return metadata::Metadata::decode(
             as_bytes(bt::test::read_text_file(bt::test::vectors_dir() / "metadata" / file)))
      .value();
}
const metadata::Metadata& raonet() {
  static const auto md = load_metadata("raonet_v15.scale");
  return md;
}
const metadata::Metadata& spec143() {
  static const auto md = load_metadata("spec143_v14.scale");
  return md;
}

// A test beacon: secret key, its G2 public key, signatures of any round.
struct TestBeacon : bt::test::TestBeacon {
  TestBeacon() : bt::test::TestBeacon("weights path test beacon") {}
};

WeightsRequest request(const TestBeacon& beacon) {
  WeightsRequest r;
  r.netuid = 7;
  r.weights = {{0, 3, 9}, {65535, 100, 7}};
  r.version_key = 843000;
  r.hotkey.data.fill(0x42);
  r.now = 1750000000.0;
  r.beacon_public_key = beacon.pk;
  return r;
}

// Storage scripted as full key -> value bytes; every read is recorded.
struct ScriptedStorage {
  std::map<std::string, Bytes> values;  // keyed by the key in hex
  mutable std::vector<Bytes> reads;
  void set(const metadata::Metadata& md, std::string_view item, std::vector<Value> keys, Bytes value) {
    values[to_hex(metadata::storage_key(md, "SubtensorModule", item, keys).value())] = std::move(value);
  }
  StorageRead reader() const {
    return [this](const Bytes& key) -> Result<std::optional<Bytes>> {
      reads.push_back(key);
      auto it = values.find(to_hex(key));
      if (it == values.end()) return std::optional<Bytes>{};
      return std::optional<Bytes>(it->second);
    };
  }
};
}  // namespace

TEST_CASE("weights path: the runtime's calls and items by name", "[subtensor][weights_path]") {
  const WeightsRuntime rao = weights_runtime(raonet());
  CHECK(rao.set_weights);
  CHECK(rao.commit_weights);
  CHECK(rao.commit_reveal_weights_enabled_item);
  CHECK_FALSE(rao.set_mechanism_weights);
  CHECK_FALSE(rao.commit_timelocked_mechanism_weights);
  CHECK_FALSE(rao.commit_timelocked_weights);
  CHECK_FALSE(rao.commit_crv3_weights);
  CHECK_FALSE(rao.commit_reveal_weights_version_item);
  const WeightsRuntime old = weights_runtime(spec143());
  CHECK(old.set_weights);
  CHECK_FALSE(old.commit_weights);
  CHECK_FALSE(old.commit_reveal_weights_enabled_item);
}

TEST_CASE("weights path: the choice with scripted runtimes and states", "[subtensor][weights_path]") {
  WeightsRuntime v4;  // today's finney: every call
  v4.set_weights = v4.set_mechanism_weights = v4.commit_weights = true;
  v4.commit_timelocked_weights = v4.commit_timelocked_mechanism_weights = true;
  v4.commit_crv3_weights = v4.commit_crv3_mechanism_weights = true;
  WeightsRuntime v3;  // CRv3 era
  v3.set_weights = v3.commit_weights = v3.commit_crv3_weights = true;
  WeightsRuntime v2;  // hash commit-reveal only (raonet spec 218)
  v2.set_weights = v2.commit_weights = true;
  WeightsRuntime timelocked_no_mech;
  timelocked_no_mech.set_weights = timelocked_no_mech.commit_timelocked_weights = true;

  WeightsChainState off, on;
  on.commit_reveal_enabled = true;

  CHECK(choose_weights_path(v4, off, 0).value() == WeightsPath::set_weights);
  CHECK(choose_weights_path(v4, off, 1).value() == WeightsPath::set_mechanism_weights);
  CHECK(choose_weights_path(v4, on, 0).value() == WeightsPath::commit_timelocked_mechanism_weights);
  CHECK(choose_weights_path(v4, on, 2).value() == WeightsPath::commit_timelocked_mechanism_weights);
  CHECK(choose_weights_path(timelocked_no_mech, on, 0).value() == WeightsPath::commit_timelocked_weights);
  CHECK(choose_weights_path(timelocked_no_mech, on, 1).error() == SubtensorError::unsupported_by_runtime);
  CHECK(choose_weights_path(v3, on, 0).value() == WeightsPath::commit_crv3_weights);
  CHECK(choose_weights_path(v3, off, 0).value() == WeightsPath::set_weights);
  CHECK(choose_weights_path(v3, off, 1).error() == SubtensorError::unsupported_by_runtime);
  CHECK(choose_weights_path(v2, off, 0).value() == WeightsPath::set_weights);
  const auto v2_on = choose_weights_path(v2, on, 0);
  REQUIRE_FALSE(v2_on);
  CHECK(v2_on.error() == SubtensorError::unsupported_by_runtime);
  CHECK_THAT(v2_on.error().to_string(), Catch::Contains("hash commit-reveal"));
  CHECK(choose_weights_path(WeightsRuntime{}, off, 0).error() == SubtensorError::unsupported_by_runtime);
  CHECK(choose_weights_path(WeightsRuntime{}, on, 0).error() == SubtensorError::unsupported_by_runtime);
  CHECK(std::string(weights_path_name(WeightsPath::commit_crv3_mechanism_weights)) ==
        "commit_crv3_mechanism_weights");
}

TEST_CASE("weights path: chain state read through scripted storage", "[subtensor][weights_path]") {
  const auto& md = raonet();
  ScriptedStorage s;
  s.set(md, "CommitRevealWeightsEnabled", {Value::u(7)}, {0x01});
  s.set(md, "RevealPeriodEpochs", {Value::u(7)}, {3, 0, 0, 0, 0, 0, 0, 0});
  s.set(md, "Tempo", {Value::u(7)}, {99, 0});
  const auto st = read_weights_chain_state(md, 7, 123456, s.reader());
  REQUIRE(st);
  CHECK(st->commit_reveal_enabled);
  CHECK(st->reveal_period_epochs == 3);
  CHECK(st->tempo == 99);
  CHECK(st->current_block == 123456);
  CHECK_FALSE(st->commit_reveal_version);  // raonet has no CommitRevealWeightsVersion
  CHECK(s.reads.size() == 3);

  // absent keys: the metadata defaults
  const auto def = read_weights_chain_state(md, 8, 1, s.reader());
  REQUIRE(def);
  const auto def_enabled =
      metadata::storage_default(md, "SubtensorModule", "CommitRevealWeightsEnabled").value();
  const auto def_tempo = metadata::storage_default(md, "SubtensorModule", "Tempo").value();
  REQUIRE(def_enabled);
  REQUIRE(def_tempo);
  CHECK(def->commit_reveal_enabled == def_enabled->as_bool());
  CHECK(def->tempo == def_tempo->to_u64().value());

  // a runtime without the items keeps the struct defaults (commit-reveal off)
  const auto old = read_weights_chain_state(spec143(), 7, 5, s.reader());
  REQUIRE(old);
  CHECK_FALSE(old->commit_reveal_enabled);

  // malformed stored values and read errors are errors, not guesses
  ScriptedStorage bad;
  bad.set(md, "Tempo", {Value::u(7)}, {99});  // u16 needs 2 bytes
  CHECK_FALSE(read_weights_chain_state(md, 7, 1, bad.reader()));
  ScriptedStorage bad_bool;
  bad_bool.set(md, "CommitRevealWeightsEnabled", {Value::u(7)}, {0x02});
  CHECK_FALSE(read_weights_chain_state(md, 7, 1, bad_bool.reader()));
  const StorageRead failing = [](const Bytes&) -> Result<std::optional<Bytes>> {
    return fail(SubtensorError::invalid_argument, "node down");
  };
  const auto err = read_weights_chain_state(md, 7, 1, failing);
  REQUIRE_FALSE(err);
  CHECK(err.error() == SubtensorError::invalid_argument);
}

TEST_CASE("weights path: calls built on raonet (spec 218)", "[subtensor][weights_path]") {
  const auto& md = raonet();
  const TestBeacon beacon;
  const WeightsRequest req = request(beacon);
  WeightsChainState st;
  st.current_block = 1000;
  const auto plain = build_weights_call(md, st, req);
  REQUIRE(plain);
  CHECK(plain->path == WeightsPath::set_weights);
  CHECK(plain->call == set_weights_call(md, 7, req.weights, 843000).value());
  CHECK(plain->commit.empty());

  st.commit_reveal_enabled = true;  // raonet has only hash commit-reveal
  const auto on = build_weights_call(md, st, req);
  REQUIRE_FALSE(on);
  CHECK(on.error() == SubtensorError::unsupported_by_runtime);

  WeightsRequest mech = req;
  mech.mecid = 1;
  st.commit_reveal_enabled = false;
  CHECK(build_weights_call(md, st, mech).error() == SubtensorError::unsupported_by_runtime);

  WeightsRequest uneven = req;
  uneven.weights.weights.pop_back();
  CHECK(build_weights_call(md, st, uneven).error() == SubtensorError::length_mismatch);
}

TEST_CASE("weights path: timelocked commits open with the reveal round's signature",
          "[subtensor][weights_path]") {
  const TestBeacon beacon;
  const WeightsRequest req = request(beacon);
  WeightsChainState st;
  st.commit_reveal_enabled = true;
  st.current_block = 5000000;
  st.tempo = 360;
  st.reveal_period_epochs = 2;
  st.commit_reveal_version = 4;

  // CRv4: WeightsTlockPayload with the hotkey, reveal round of bittensor-drand's formula
  const auto v4 = build_weights_commit(WeightsPath::commit_timelocked_mechanism_weights, st, req);
  REQUIRE(v4);
  const RevealRoundInputs when{5000000, 7, 360, 2, 12.0, 1750000000.0};
  CHECK(v4->reveal_round == compute_reveal_round(when).reveal_round);
  const auto opened = open_commit(v4->commit, beacon.sign(v4->reveal_round), req.hotkey);
  REQUIRE(opened);
  CHECK_FALSE(opened->legacy);
  CHECK(opened->accepted());
  CHECK(opened->uids == req.weights.uids);
  CHECK(opened->values == req.weights.weights);
  CHECK(opened->version_key == 843000);
  CHECK_FALSE(open_commit(v4->commit, beacon.sign(v4->reveal_round + 1), req.hotkey));

  // a mechanism's reveal round uses the storage index mecid * 4096 + netuid
  WeightsRequest mech = req;
  mech.mecid = 1;
  const auto m = build_weights_commit(WeightsPath::commit_timelocked_mechanism_weights, st, mech);
  REQUIRE(m);
  CHECK(m->reveal_round ==
        compute_reveal_round({5000000, 4096 + 7, 360, 2, 12.0, 1750000000.0}).reveal_round);

  // CRv3: the legacy payload without the hotkey
  const auto v3 = build_weights_commit(WeightsPath::commit_crv3_weights, st, req);
  REQUIRE(v3);
  const auto opened3 = open_commit(v3->commit, beacon.sign(v3->reveal_round), req.hotkey);
  REQUIRE(opened3);
  CHECK(opened3->legacy);
  CHECK(opened3->uids == req.weights.uids);

  CHECK(build_weights_commit(WeightsPath::set_weights, st, req).error() == SubtensorError::invalid_argument);
  WeightsRequest bad_key = req;
  const Bytes short_key(95, 0);
  bad_key.beacon_public_key = short_key;
  CHECK_FALSE(build_weights_commit(WeightsPath::commit_timelocked_weights, st, bad_key));
}
