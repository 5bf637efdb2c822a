// SPDX-License-Identifier: MIT
// Drand pulses read from the chain (pallet_drand as in subtensor 14bc6f9f) and the audit of stored
// timelocked commits with them. No local runtime has the Drand pallet, so the runtime here is a metadata
// built with tests/support/metadata_builder.hpp after the pallet's source (Pulses, BeaconConfig,
// LastStoredRound, OldestStoredRound; SubtensorModule.TimelockedWeightCommits), and the commits are made
// by our own generate_commit for rounds a test beacon signs. Covered: the pulse codec and its bounds, the
// layout check, good / forged / missing / malformed / misplaced pulses, the beacon key from
// BeaconConfig (and its quicknet default), and Subtensor::audit_commits against a scripted node.
#include <bt/client/client.hpp>
#include <bt/crypto/bls12_381.hpp>
#include <bt/crypto/timelock.hpp>
#include <bt/metadata/storage.hpp>
#include <bt/metadata/value.hpp>
#include <bt/subtensor/drand_pulse.hpp>
#include <bt/subtensor/error.hpp>
#include <bt/subtensor/subtensor.hpp>
#include <bt/subtensor/timelock_commit.hpp>

#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>

#include "metagraph/scripted_chain.hpp"
#include "support/metadata_builder.hpp"
#include "support/test_beacon.hpp"
#include "support/test_paths.hpp"

using namespace bt;
using namespace bt::subtensor;
using bt::test::Hasher;
using bt::test::MetadataBuilder;
using bt::test::Modifier;
using metadata::Value;

namespace {

const bt::test::TestBeacon& beacon() {
  static const bt::test::TestBeacon b("drand pulse test beacon");
  return b;
}

Bytes le(std::uint64_t v, int n) {
  Bytes b(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) b[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v >> (8 * i));
  return b;
}
void put_vec(Bytes& out, ByteView v) {
  REQUIRE(v.size() < 64);
  out.push_back(static_cast<std::uint8_t>(v.size() << 2));
  out.insert(out.end(), v.begin(), v.end());
}

// SCALE of pallet_drand's BeaconConfiguration with `public_key` and quicknet's other fields.
Bytes beacon_config(ByteView public_key) {
  Bytes out;
  REQUIRE(public_key.size() == 96);
  out.insert(out.end(), {0x81, 0x01});  // compact(96): (96 << 2 | 1) little-endian
  out.insert(out.end(), public_key.begin(), public_key.end());
  const Bytes period = le(3, 4), genesis = le(1692803367, 4);
  out.insert(out.end(), period.begin(), period.end());
  out.insert(out.end(), genesis.begin(), genesis.end());
  const ByteView hash = crypto::drand::quicknet_chain_hash();
  put_vec(out, hash);                                  // hash
  put_vec(out, Bytes(32, 0xf4));                       // group_hash
  put_vec(out, as_bytes("bls-unchained-g1-rfc9380"));  // scheme_id
  put_vec(out, as_bytes("quicknet"));                  // metadata.beacon_id
  return out;
}

struct Shapes {
  bool drand = true;
  bool beacon_config = true;
  Hasher pulses_hasher = Hasher::Blake2_128Concat;
  bool pulses_key_u32 = false;
  bool rename_signature = false;
};

// A runtime after subtensor 14bc6f9f: SubtensorModule commits, Drand storage (or variations of it).
Bytes runtime(const Shapes& s = {}) {
  MetadataBuilder b;
  const auto u8 = b.prim("u8"), u16 = b.prim("u16"), u32 = b.prim("u32"), u64 = b.prim("u64");
  const auto bytes = b.sequence(u8);
  const auto bounded = b.composite("bounded_collections::bounded_vec::BoundedVec", {{"", bytes}}, {u8});
  const auto account = b.account_id32();
  const auto index = b.composite("subtensor_runtime_common::NetUidStorageIndex", {{"", u16}});
  const auto queue = b.sequence(b.tuple({account, u64, bounded, u64}));
  b.pallet("System").plain("Number", u32, Modifier::default_value, Bytes(4, 0));
  b.pallet("SubtensorModule")
      .map("TimelockedWeightCommits", {Hasher::Twox64Concat, Hasher::Twox64Concat}, b.tuple({index, u64}),
           queue, Modifier::default_value, Bytes{0x00});
  if (!s.drand) return b.build();
  const auto pulse = b.composite(
      "pallet_drand::types::Pulse",
      {{"round", u64}, {"randomness", bounded}, {s.rename_signature ? "sig" : "signature", bounded}});
  const auto meta = b.composite("pallet_drand::types::Metadata", {{"beacon_id", bounded}});
  const auto config = b.composite("pallet_drand::types::BeaconConfiguration", {{"public_key", bounded},
                                                                               {"period", u32},
                                                                               {"genesis_time", u32},
                                                                               {"hash", bounded},
                                                                               {"group_hash", bounded},
                                                                               {"scheme_id", bounded},
                                                                               {"metadata", meta}});
  auto& drand = b.pallet("Drand");
  if (s.beacon_config)
    drand.plain("BeaconConfig", config, Modifier::default_value,
                beacon_config(crypto::drand::quicknet_public_key()));
  drand.map("Pulses", {s.pulses_hasher}, s.pulses_key_u32 ? u32 : u64, pulse)
      .plain("LastStoredRound", u64, Modifier::default_value, Bytes(8, 0))
      .plain("OldestStoredRound", u64, Modifier::default_value, Bytes(8, 0));
  return b.build();
}

metadata::Metadata decode(const Bytes& blob) { return metadata::Metadata::decode(blob).value(); }

DrandPulse pulse_of(std::uint64_t round) {
  DrandPulse p;
  p.round = round;
  p.signature = beacon().sign(round);
  const Hash256 r = crypto::drand::randomness(p.signature);
  p.randomness.assign(r.begin(), r.end());
  return p;
}

// Raw storage keyed by the full key (hex: a map keyed by Bytes trips GCC 12's -Wstringop-overread).
struct Storage {
  std::map<std::string, Bytes> kv;
  Bytes& operator[](const Bytes& key) { return kv[to_hex(key)]; }
  void erase(const Bytes& key) { kv.erase(to_hex(key)); }
  StorageRead reader() const {
    return [this](const Bytes& key) -> Result<std::optional<Bytes>> {
      auto it = kv.find(to_hex(key));
      if (it == kv.end()) return std::optional<Bytes>{};
      return std::optional<Bytes>(it->second);
    };
  }
};
Bytes pulse_key(const metadata::Metadata& md, std::uint64_t round) {
  const Value k[1] = {Value::u(round)};
  return metadata::storage_key(md, "Drand", "Pulses", k).value();
}
Bytes queue_key(const metadata::Metadata& md, std::uint16_t index, std::uint64_t epoch) {
  const Value k[2] = {Value::u(index), Value::u(epoch)};
  return metadata::storage_key(md, "SubtensorModule", "TimelockedWeightCommits", k).value();
}

// A commit of our own code by hotkey `who`..., to `round`; `tag` marks its uids/values.
StoredCommit commit_for(std::uint64_t round, std::uint8_t who, std::uint16_t tag) {
  crypto::AccountId32 hotkey;
  hotkey.data.fill(who);
  // the payload and encryption generate_commit makes, to a chosen round (its reveal-round formula is
  // tested elsewhere)
  const WeightsTlockPayload payload{Bytes(hotkey.begin(), hotkey.end()), {0, 1, tag}, {65535, 7, tag}, 77};
  auto commit = crypto::timelock::encrypt(beacon().pk, round, scale::encode(payload)).value();
  StoredCommit s;
  s.who = hotkey;
  s.commit_block = 1000 + round;
  s.commit = std::move(commit);
  s.reveal_round = round;
  return s;
}

}  // namespace

TEST_CASE("drand pulse: codec, BoundedVec bounds, bad bytes are typed errors", "[subtensor][drand]") {
  const DrandPulse p = pulse_of(1000);
  const Bytes enc = encode_drand_pulse(p);
  // layout: round u64 LE, compact(32) randomness, compact(48) signature
  Bytes manual = le(1000, 8);
  put_vec(manual, p.randomness);
  put_vec(manual, p.signature);
  CHECK(enc == manual);
  CHECK(decode_drand_pulse(enc).value() == p);

  CHECK_FALSE(decode_drand_pulse(ByteView(enc).first(enc.size() - 1)));
  Bytes extended = enc;
  extended.push_back(0);
  CHECK_FALSE(decode_drand_pulse(extended));
  CHECK_FALSE(decode_drand_pulse(Bytes{}));
  CHECK_FALSE(decode_drand_pulse(Bytes{1, 2, 3, 4, 5, 6, 7, 8, 0xff, 0xff, 0xff, 0xff}));  // huge length

  DrandPulse big = p;
  big.randomness.resize(33);
  auto r = decode_drand_pulse(encode_drand_pulse(big));
  REQUIRE_FALSE(r);
  CHECK(r.error() == SubtensorError::invalid_drand_pulse);
  big = p;
  big.signature.resize(145);
  CHECK(decode_drand_pulse(encode_drand_pulse(big)).error() == SubtensorError::invalid_drand_pulse);
  big.signature.resize(144);
  CHECK(decode_drand_pulse(encode_drand_pulse(big)));  // at the bound

  // the signature subtensor's reveal reads: "0x" stripped, first 48 bytes
  CHECK(Bytes(pulse_signature_bytes(p).value().begin(), pulse_signature_bytes(p).value().end()) ==
        p.signature);
  DrandPulse prefixed = p;
  prefixed.signature.insert(prefixed.signature.begin(), {'0', 'x'});
  prefixed.signature.push_back(0xee);
  const ByteView s = pulse_signature_bytes(prefixed).value();
  CHECK(Bytes(s.begin(), s.end()) == p.signature);
  DrandPulse shorty = p;
  shorty.signature.resize(47);
  CHECK(pulse_signature_bytes(shorty).error() == SubtensorError::invalid_drand_pulse);
}

TEST_CASE("drand pulse: the runtime's Drand storage must have the layout we decode", "[subtensor][drand]") {
  CHECK(check_drand_pulses_layout(decode(runtime())));
  CHECK(check_drand_pulses_layout(decode(runtime({.drand = false}))).error() ==
        SubtensorError::unsupported_by_runtime);
  CHECK(check_drand_pulses_layout(decode(runtime({.pulses_hasher = Hasher::Twox64Concat}))).error() ==
        SubtensorError::drand_layout_mismatch);
  CHECK(check_drand_pulses_layout(decode(runtime({.pulses_key_u32 = true}))).error() ==
        SubtensorError::drand_layout_mismatch);
  const auto renamed = check_drand_pulses_layout(decode(runtime({.rename_signature = true})));
  REQUIRE_FALSE(renamed);
  CHECK(renamed.error() == SubtensorError::drand_layout_mismatch);
  CHECK(renamed.error().message().find("signature") != std::string::npos);
  // the real local runtimes have no Drand pallet
  const auto raonet =
      metadata::Metadata::decode(
          as_bytes(bt::test::read_text_file(bt::test::vectors_dir() / "metadata" / "raonet_v15.scale")))
          .value();
  CHECK(check_drand_pulses_layout(raonet).error() == SubtensorError::unsupported_by_runtime);
  const Storage none;
  CHECK(chain_pulse_source(raonet, none.reader()).error() == SubtensorError::unsupported_by_runtime);
  CHECK(audit_chain_commits(decode(runtime({.drand = false})), 3, 5, none.reader()).error() ==
        SubtensorError::unsupported_by_runtime);
}

TEST_CASE("drand pulse: stored commits opened with the chain's verified pulses", "[subtensor][drand]") {
  const metadata::Metadata md = decode(runtime());
  Storage st;
  st[metadata::storage_key(md, "Drand", "BeaconConfig").value()] = beacon_config(beacon().pk);
  // rounds: 101 good, 102 forged (another round's signature), 103 missing, 104 malformed, 105 stored
  // under another round, 106 signature with an "0x" prefix (subtensor strips it), 107 not a G1 point
  std::vector<StoredCommit> commits;
  for (std::uint64_t round = 101; round <= 107; ++round)
    commits.push_back(commit_for(round, 0x42, static_cast<std::uint16_t>(round)));
  st[pulse_key(md, 101)] = encode_drand_pulse(pulse_of(101));
  DrandPulse forged = pulse_of(102);
  forged.signature = beacon().sign(999);
  st[pulse_key(md, 102)] = encode_drand_pulse(forged);
  st[pulse_key(md, 104)] = Bytes{0x66, 0, 0, 0, 0, 0, 0, 0, 0xc1};
  st[pulse_key(md, 105)] = encode_drand_pulse(pulse_of(106));
  DrandPulse prefixed = pulse_of(106);
  prefixed.signature.insert(prefixed.signature.begin(), {'0', 'x'});
  st[pulse_key(md, 106)] = encode_drand_pulse(prefixed);
  DrandPulse garbage = pulse_of(107);
  garbage.signature.assign(48, 0x11);
  st[pulse_key(md, 107)] = encode_drand_pulse(garbage);
  st[queue_key(md, 3, 9)] = encode_stored_commits(commits, CommitsLayout::with_block);

  const auto report = audit_chain_commits(md, 3, 9, st.reader());
  REQUIRE(report);
  REQUIRE(report->size() == 7);
  for (const auto& a : *report) CHECK(a.epoch == std::optional<std::uint64_t>(9));
  const auto& r = *report;
  REQUIRE(r[0].status == CommitAudit::Status::opened);
  CHECK(r[0].opened->accepted());
  CHECK(r[0].opened->uids == std::vector<std::uint16_t>{0, 1, 101});
  CHECK(r[0].opened->version_key == 77);
  CHECK(r[1].status == CommitAudit::Status::failed);
  CHECK(*r[1].error == SubtensorError::invalid_drand_pulse);
  CHECK(r[2].status == CommitAudit::Status::pending);
  CHECK_FALSE(r[2].error);
  CHECK(r[3].status == CommitAudit::Status::failed);
  CHECK(std::string(r[3].error->module()) == "bt.scale");
  CHECK(r[4].status == CommitAudit::Status::failed);
  CHECK(*r[4].error == SubtensorError::invalid_drand_pulse);
  REQUIRE(r[5].status == CommitAudit::Status::opened);
  CHECK(r[5].opened->values == std::vector<std::uint16_t>{65535, 7, 106});
  CHECK(r[6].status == CommitAudit::Status::failed);
  CHECK(std::string(r[6].error->module()) == "bt.crypto.bls12_381");

  // the pulse source alone: a verified signature, nullopt for a missing round
  const auto source = chain_pulse_source(md, st.reader()).value();
  CHECK(source(101).value() == std::optional<Bytes>(beacon().sign(101)));
  CHECK_FALSE(source(103).value());

  // without a BeaconConfig value the runtime's default (quicknet) applies: our beacon's pulses fail,
  // unless the caller names the key
  Storage defaulted = st;
  defaulted.erase(metadata::storage_key(md, "Drand", "BeaconConfig").value());
  CHECK(read_beacon_public_key(md, defaulted.reader()).value() ==
        std::optional<Bytes>(
            Bytes(crypto::drand::quicknet_public_key().begin(), crypto::drand::quicknet_public_key().end())));
  const auto q = audit_chain_commits(md, 3, 9, defaulted.reader()).value();
  CHECK(q[0].status == CommitAudit::Status::failed);
  CHECK(*q[0].error == SubtensorError::invalid_drand_pulse);
  const auto k = audit_chain_commits(md, 3, 9, defaulted.reader(), ByteView(beacon().pk)).value();
  CHECK(k[0].status == CommitAudit::Status::opened);
  // a runtime without the BeaconConfig entry: quicknet's key
  const metadata::Metadata no_config = decode(runtime({.beacon_config = false}));
  CHECK_FALSE(read_beacon_public_key(no_config, st.reader()).value());

  // a broken BeaconConfig value or key: typed errors of the call, not of each commit
  Storage broken = st;
  broken[metadata::storage_key(md, "Drand", "BeaconConfig").value()] = Bytes{0x01};
  CHECK_FALSE(audit_chain_commits(md, 3, 9, broken.reader()));
  Bytes bad_key(96, 0);
  bad_key[0] = 0x80;  // compressed flag without infinity: not on the curve
  CHECK_FALSE(chain_pulse_source(md, st.reader(), ByteView(bad_key)));
  // an empty queue, a read error
  CHECK(audit_chain_commits(md, 3, 10, st.reader()).value().empty());
  const StorageRead failing = [](const Bytes&) -> Result<std::optional<Bytes>> {
    return fail(SubtensorError::invalid_argument, "node down");
  };
  CHECK(audit_chain_commits(md, 3, 9, failing).error() == SubtensorError::invalid_argument);
}

TEST_CASE("drand pulse: Subtensor::audit_commits against a scripted node", "[subtensor][drand]") {
  const Bytes blob = runtime();
  const metadata::Metadata md = decode(blob);
  bt::test::ScriptedChain chain(300, blob);
  chain.block(50);
  chain.set(50, metadata::storage_key(md, "Drand", "BeaconConfig").value(), beacon_config(beacon().pk));
  // two epochs of netuid 3, one of netuid 4, one of mechanism 1 of netuid 3 (index 4099)
  const std::vector<StoredCommit> e7 = {commit_for(201, 0x42, 1), commit_for(202, 0x43, 2)};
  const std::vector<StoredCommit> e8 = {commit_for(203, 0x42, 3)};
  chain.set(50, queue_key(md, 3, 7), encode_stored_commits(e7, CommitsLayout::with_block));
  chain.set(50, queue_key(md, 3, 8), encode_stored_commits(e8, CommitsLayout::with_block));
  chain.set(50, queue_key(md, 4, 7),
            encode_stored_commits(std::vector{commit_for(201, 0x44, 4)}, CommitsLayout::with_block));
  chain.set(50, queue_key(md, 4099, 7),
            encode_stored_commits(std::vector{commit_for(204, 0x42, 5)}, CommitsLayout::with_block));
  for (std::uint64_t round : {201, 202, 204})
    chain.set(50, pulse_key(md, round), encode_drand_pulse(pulse_of(round)));

  auto st = Subtensor::from_client(client::Client::connect(chain.url()).value()).value();
  const auto all = st->audit_commits(3);
  REQUIRE(all);
  REQUIRE(all->size() == 3);
  std::map<std::uint64_t, const CommitAudit*> by_round;
  for (const auto& a : *all) by_round[a.stored.reveal_round] = &a;
  REQUIRE(by_round.count(201));
  CHECK(by_round[201]->status == CommitAudit::Status::opened);
  CHECK(by_round[201]->epoch == std::optional<std::uint64_t>(7));
  CHECK(by_round[202]->status == CommitAudit::Status::opened);
  CHECK(by_round[202]->opened->uids == std::vector<std::uint16_t>{0, 1, 2});
  CHECK(by_round[203]->status == CommitAudit::Status::pending);  // pulse not stored yet
  CHECK(by_round[203]->epoch == std::optional<std::uint64_t>(8));

  crypto::AccountId32 hk;
  hk.data.fill(0x42);
  const auto mine = st->audit_commits(3, hk);
  REQUIRE(mine);
  REQUIRE(mine->size() == 2);
  for (const auto& a : *mine) CHECK(a.stored.who == hk);
  const auto mech = st->audit_commits(3, hk, 1).value();
  REQUIRE(mech.size() == 1);
  CHECK(mech[0].status == CommitAudit::Status::opened);
  CHECK(mech[0].opened->values == std::vector<std::uint16_t>{65535, 7, 5});
  CHECK(st->audit_commits(9).value().empty());
  CHECK(st->audit_commits(3, std::nullopt, 16).error() == SubtensorError::invalid_argument);

  // a runtime without Drand: refused
  const Bytes plain = runtime({.drand = false});
  bt::test::ScriptedChain no_drand(301, plain);
  no_drand.block(1);
  auto st2 = Subtensor::from_client(client::Client::connect(no_drand.url()).value()).value();
  CHECK(st2->audit_commits(3).error() == SubtensorError::unsupported_by_runtime);
}

TEST_CASE("drand pulse: the real quicknet round 1000 pulse verifies under the runtime's default key",
          "[subtensor][drand]") {
  // subtensor's pallets/drand tests store this pulse (DRAND_PULSE); here it sits in Drand.Pulses of a
  // runtime whose BeaconConfig is absent from storage, so the metadata default (quicknet) is the key
  const auto v =
      nlohmann::json::parse(bt::test::read_text_file(bt::test::vectors_dir() / "tlock" / "bls.json"));
  const auto& q = v["quicknet"];
  DrandPulse p;
  p.round = q["round"].get<std::uint64_t>();
  p.signature = from_hex(q["signature"].get<std::string>()).value();
  p.randomness = from_hex(q["randomness"].get<std::string>()).value();
  CHECK(to_hex(crypto::drand::randomness(p.signature), false) == q["randomness"].get<std::string>());
  const metadata::Metadata md = decode(runtime());
  Storage st;
  st[pulse_key(md, 1000)] = encode_drand_pulse(p);
  p.round = 1001;  // the same signature stored for the next round does not verify
  st[pulse_key(md, 1001)] = encode_drand_pulse(p);
  const auto source = chain_pulse_source(md, st.reader()).value();
  CHECK(source(1000).value() == std::optional<Bytes>(from_hex(q["signature"].get<std::string>()).value()));
  CHECK(source(1001).error() == SubtensorError::invalid_drand_pulse);
  CHECK_FALSE(source(1002).value());
}
