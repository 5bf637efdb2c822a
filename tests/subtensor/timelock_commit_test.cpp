// SPDX-License-Identifier: MIT
// Timelocked weight commits: the payload SCALE encoding and the reveal-round formula against the tlref
// vectors (bittensor-drand v1.x), commit generation + subtensor's opening rules (v4/legacy payloads,
// hotkey check, tolerated trailing bytes), and the call layout against a real finney call.
#include <bt/crypto/bls12_381.hpp>
#include <bt/crypto/bls12_381_hash.hpp>
#include <bt/crypto/drand.hpp>
#include <bt/crypto/timelock.hpp>
#include <bt/metadata/metadata.hpp>
#include <bt/subtensor/timelock_commit.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <tuple>

#include "support/test_paths.hpp"

using namespace bt;
using namespace bt::subtensor;

namespace {
Bytes unhex(const std::string& s) { return from_hex(s).value(); }
nlohmann::json load(const char* name) {
  return nlohmann::json::parse(bt::test::read_text_file(bt::test::vectors_dir() / "tlock" / name));
}
crypto::AccountId32 account(const std::string& h) { return crypto::AccountId32::from_hex(h).value(); }
Bytes beacon_sign(const std::string& sk_be, std::uint64_t round) {
  namespace bls = crypto::bls12_381;
  const auto sk = bls::Scalar::from_bytes_be(unhex(sk_be)).value();
  const auto h =
      bls::hash_to_g1(crypto::drand::round_message(round), as_bytes(bls::kDrandQuicknetDst)).value();
  const auto sig = bls::to_compressed(bls::mul(h, sk));
  return Bytes(sig.begin(), sig.end());
}
}  // namespace

TEST_CASE("timelock commit: reveal round as bittensor-drand v1.x generate_commit", "[subtensor][timelock]") {
  const auto v = load("reveal_round.json");
  REQUIRE(v["cases"].size() >= 6);
  for (const auto& c : v["cases"]) {
    INFO(c["description"].get<std::string>());
    const auto& in = c["inputs"];
    RevealRoundInputs ri;
    ri.current_block = in["current_block"].get<std::uint64_t>();
    ri.netuid = in["netuid"].get<std::uint16_t>();
    ri.tempo = in["tempo"].get<std::uint64_t>();
    ri.subnet_reveal_period_epochs = in["subnet_reveal_period_epochs"].get<std::uint64_t>();
    ri.block_time = in["block_time"].get<double>();
    ri.now = in["now"].get<double>();
    const RevealRound r = compute_reveal_round(ri);
    const auto& e = c["expected"];
    CHECK(r.reveal_round == e["reveal_round"].get<std::uint64_t>());
    CHECK(r.current_epoch == e["current_epoch"].get<std::uint64_t>());
    CHECK(r.reveal_epoch == e["reveal_epoch"].get<std::uint64_t>());
    CHECK(r.first_reveal_block == e["first_reveal_block"].get<std::uint64_t>());
    CHECK(r.target_ingest_block == e["target_ingest_block"].get<std::uint64_t>());
    CHECK(r.blocks_until_ingest == e["blocks_until_ingest"].get<std::uint64_t>());
    CHECK(r.secs_until_ingest == e["secs_until_ingest"].get<double>());
    CHECK(r.target_secs == e["target_secs"].get<double>());
  }
  // before drand genesis the round is clamped to 1
  CHECK(compute_reveal_round({100, 1, 360, 1, 12.0, 0.0}).reveal_round == 1);
}

TEST_CASE("timelock commit: WeightsTlockPayload SCALE bytes equal the reference payloads",
          "[subtensor][timelock]") {
  const auto v = load("commits.json");
  for (const auto& c : v["cases"]) {
    const auto& in = c["inputs"];
    WeightsTlockPayload p;
    p.hotkey = unhex(in["hotkey"]);
    p.uids = in["uids"].get<std::vector<std::uint16_t>>();
    p.values = in["values"].get<std::vector<std::uint16_t>>();
    p.version_key = in["version_key"].get<std::uint64_t>();
    CHECK(to_hex(scale::encode(p), false) == c["payload_hex"].get<std::string>());
    CHECK(scale::decode<WeightsTlockPayload>(unhex(c["payload_hex"])).value() == p);
  }
  LegacyWeightsTlockPayload legacy{{1, 2, 3}, {100, 200, 300}, 42};
  CHECK(to_hex(scale::encode(legacy), false) == "0c0100020003000c6400c8002c012a00000000000000");
}

TEST_CASE("timelock commit: generate_commit output opens as subtensor opens it", "[subtensor][timelock]") {
  const auto b = load("bls.json");
  const auto& beacon = b["test_beacons"][2];
  const auto hotkey = account("a79cf8c32aa496aedce1ed68edb5a50e3a7bd850e8f9a811d69e6ca66db64604");
  std::vector<std::uint16_t> uids(256), values(256);
  for (std::uint16_t i = 0; i < 256; ++i) {
    uids[i] = i;
    values[i] = static_cast<std::uint16_t>(i * 251u);
  }
  const RevealRoundInputs when{5000000, 1, 360, 1, 12.0, 1750000000.0};
  const auto c = generate_commit(uids, values, 843000, when, hotkey, unhex(beacon["public_key"])).value();
  CHECK(c.reveal_round == 19066392);                               // the "finney typical" reference case
  CHECK(c.commit.size() == 244 + 1 + 32 + 2 + 512 + 2 + 512 + 8);  // compact(256) is 2 bytes
  const auto o = open_commit(c.commit, beacon_sign(beacon["secret_key_be"], c.reveal_round), hotkey).value();
  CHECK(o.accepted());
  CHECK_FALSE(o.legacy);
  CHECK(o.uids == uids);
  CHECK(o.values == values);
  CHECK(o.version_key == 843000);
  CHECK(o.trailing_bytes == 0);
  // another committer: decrypts, but subtensor would skip it
  const auto other =
      open_commit(c.commit, beacon_sign(beacon["secret_key_be"], c.reveal_round), crypto::AccountId32{});
  CHECK_FALSE(other.value().accepted());
  // the wrong round's signature cannot open it
  CHECK(open_commit(c.commit, beacon_sign(beacon["secret_key_be"], c.reveal_round + 1), hotkey).error() ==
        crypto::timelock::TimelockError::ibe_invalid_signature);
  CHECK(generate_commit(uids, std::span<const std::uint16_t>(values).first(3), 0, when, hotkey).error() ==
        CoreError::length_mismatch);
}

TEST_CASE("timelock commit: subtensor's lenient inputs (tlref accepted_edges)", "[subtensor][timelock]") {
  const auto v = load("negative.json");
  for (const auto& c : v["accepted_edges"]) {
    INFO(c["id"].get<std::string>());
    const auto& e = c["expected"]["subtensor"];
    const auto o = open_commit(unhex(c["commit_hex"]), unhex(c["signature_hex"]), account(c["who"])).value();
    CHECK(o.accepted() == e["accepted"].get<bool>());
    CHECK(o.legacy == (e["format"] == "legacy"));
    CHECK(o.uids == e["uids"].get<std::vector<std::uint16_t>>());
    CHECK(o.values == e["values"].get<std::vector<std::uint16_t>>());
    CHECK(o.version_key == e["version_key"].get<std::uint64_t>());
    CHECK(o.trailing_bytes == e["trailing_bytes"].get<std::size_t>());
    if (!o.legacy) CHECK(to_hex(o.hotkey.value(), false) == e["hotkey_account"].get<std::string>());
  }
}

TEST_CASE("timelock commit: call builders", "[subtensor][timelock]") {
  // The argument layout of the real finney call (pallet 7, call 118): netuid u16, mecid u8,
  // commit BoundedVec<u8> (compact length), reveal_round u64, commit_reveal_version u16.
  const auto v = load("commits.json");
  const auto& ex = v["onchain_examples"][0];
  const Bytes call = unhex(ex["call_hex"]);
  const Bytes commit = unhex(ex["commit_hex"]);
  const auto args = scale::encode(
      std::make_tuple(std::uint16_t{7}, std::uint8_t{0}, commit, std::uint64_t{32340463}, std::uint16_t{4}));
  CHECK(call.size() == 2 + args.size());
  CHECK(Bytes(call.begin() + 2, call.end()) == args);
  // Our local runtimes (spec 218) predate these calls: the builders say so instead of guessing indices.
  const auto md =
      metadata::Metadata::decode(
          as_bytes(bt::test::read_text_file(bt::test::vectors_dir() / "metadata" / "raonet_v14.scale")))
          .value();
  CHECK_FALSE(commit_timelocked_mechanism_weights_call(md, 7, 0, commit, 32340463, 4));
  CHECK_FALSE(commit_timelocked_weights_call(md, 7, commit, 32340463, 4));
  CHECK_FALSE(commit_crv3_mechanism_weights_call(md, 7, 0, commit, 32340463));
}
