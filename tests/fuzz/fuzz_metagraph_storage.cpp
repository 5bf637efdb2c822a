// SPDX-License-Identifier: MIT
// libFuzzer: bt::metagraph::sync (and epoch_input / predict_epoch on what it returns) against a scripted
// node whose storage is a valid subnet with hostile values written over it: any storage item of the
// subnet, per-uid entry or per-hotkey entry replaced by arbitrary bytes or removed, for the spec-143, the
// dTAO (spec 218) and the head (subtensor 14bc6f9f, built from source: tests/metagraph/head_layout.hpp)
// layouts. Must never crash, hang or throw; every rejection is a typed error (SubnetworkN above
// SyncOptions::max_neurons included).
//
// Input: byte 0 picks the layout (bit 1 set: head; else bit 0: spec 218 / spec 143); then records (item,
// uid, length, bytes...) each replacing one value (length 0xff removes the entry). For head, `item` indexes
// every key of the valid subnet (sorted), `uid` is unused. Seeds: tests/fuzz/corpus/fuzz_metagraph_storage/.
#include <bt/client/client.hpp>
#include <bt/metadata/metadata.hpp>
#include <bt/metadata/storage.hpp>
#include <bt/metagraph/metagraph.hpp>
#include <bt/metagraph/predict.hpp>
#include <bt/scale/encoder.hpp>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>

#include "../metagraph/head_layout.hpp"
#include "../metagraph/scripted_chain.hpp"
#include "../metagraph/subnet_storage.hpp"

namespace {

using bt::Bytes;
namespace mg = bt::metagraph;

constexpr std::uint16_t kNetuid = 1;
constexpr std::uint16_t kN = 4;
constexpr std::uint64_t kBlock = 18;  // tempo 10, netuid 1: the next epoch is at 19

Bytes read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

Bytes le(std::uint64_t v, int bytes) {
  Bytes b;
  for (int i = 0; i < bytes; ++i) b.push_back(i < 8 ? static_cast<std::uint8_t>(v >> (8 * i)) : 0);
  return b;
}
Bytes hotkey(std::uint16_t uid) {
  Bytes a(32, 0x11);
  a[0] = static_cast<std::uint8_t>(uid);
  return a;
}
Bytes vec(std::size_t count, int width, std::uint64_t value) {
  bt::scale::Encoder e;
  e.put_compact(count);
  Bytes out = std::move(e).take();
  for (std::size_t i = 0; i < count; ++i) {
    const Bytes x = le(value, width);
    out.insert(out.end(), x.begin(), x.end());
  }
  return out;
}

// A scripted node with one valid subnet of kN neurons at kBlock, and the keys the fuzzer may overwrite.
struct Target {
  bt::metadata::Metadata md;
  std::unique_ptr<bt::test::ScriptedChain> chain;
  std::unique_ptr<bt::client::Client> client;
  std::map<std::string, std::string> base;   // the valid storage
  std::vector<Bytes> plain_keys;             // per-subnet items
  std::vector<std::vector<Bytes>> uid_keys;  // per uid: per-uid and per-hotkey items

  Target() = default;
  Target(const Bytes& metadata, std::uint32_t spec, bool dtao)
      : md(bt::metadata::Metadata::decode(metadata).value()),
        chain(std::make_unique<bt::test::ScriptedChain>(spec, metadata)) {
    const Bytes nu = le(kNetuid, 2);
    auto key = [&](std::string_view item, std::vector<Bytes> parts) {
      return bt::metadata::storage_key_encoded(md, "SubtensorModule", item, parts).value();
    };
    auto put = [&](const Bytes& k, const Bytes& v) { base[bt::to_hex(k)] = bt::to_hex(v); };
    struct P {
      const char* item;
      Bytes value;
    };
    std::vector<P> plains = {
        {"NetworksAdded", {1}},
        {"SubnetworkN", le(kN, 2)},
        {"Tempo", le(10, 2)},
        {"Kappa", le(32767, 2)},
        {"ActivityCutoff", le(5000, 2)},
        {"MaxAllowedValidators", le(2, 2)},
        {"PendingEmission", le(1'000'000'000, 8)},
        {"EmissionValues", le(1'000'000'000, 8)},
        {"LastUpdate", vec(kN, 8, 10)},
        {"ValidatorPermit", vec(kN, 1, 1)},
        {"Active", vec(kN, 1, 1)},
        {"Rank", vec(kN, 2, 7)},
        {"Trust", vec(kN, 2, 7)},
        {"Consensus", vec(kN, 2, 7)},
        {"Incentive", vec(kN, 2, 7)},
        {"Dividends", vec(kN, 2, 7)},
        {"ValidatorTrust", vec(kN, 2, 7)},
        {"PruningScores", vec(kN, 2, 7)},
        {"Emission", vec(kN, 8, 9)},
        {"SubnetOwner", hotkey(999)},
        {"LoadedEmission", vec(0, 1, 0)},
        {"BondsMovingAverage", le(900'000, 8)},
    };
    if (dtao) {
      plains.push_back({"LiquidAlphaOn", {1}});
      plains.push_back({"AlphaValues", le(0xe666b333, 4)});
      plains.push_back({"CommitRevealWeightsEnabled", {0}});
    }
    for (const auto& p : plains) {
      plain_keys.push_back(key(p.item, {nu}));
      put(plain_keys.back(), p.value);
    }
    plain_keys.push_back(key(dtao ? "TaoWeight" : "SubnetOwnerCut", {}));
    put(plain_keys.back(), dtao ? le(971'718'665'099'567'868ULL, 8) : le(11796, 2));
    for (std::uint16_t u = 0; u < kN; ++u) {
      const Bytes uid = le(u, 2), hk = hotkey(u);
      std::vector<Bytes> ks;
      auto add = [&](const Bytes& k, const Bytes& v) {
        ks.push_back(k);
        put(k, v);
      };
      add(key("Keys", {nu, uid}), hk);
      add(key("BlockAtRegistration", {nu, uid}), le(1, 8));
      // validators 0, 1 weight the miners 2, 3; bonds of the validators
      add(key("Weights", {nu, uid}), u < 2 ? Bytes{0x08, 2, 0, 0xff, 0xff, 3, 0, 0x00, 0x80} : vec(0, 1, 0));
      add(key("Bonds", {nu, uid}), u < 2 ? Bytes{0x04, 2, 0, 0x10, 0x00} : vec(0, 1, 0));
      add(key("Owner", {hk}), hotkey(static_cast<std::uint16_t>(u + 100)));
      Bytes axon = le(5, 8);
      for (const Bytes& x : {le(1, 4), le(0x7f000001, 16), le(8091, 2), Bytes{4, 0, 0, 0}})
        axon.insert(axon.end(), x.begin(), x.end());
      add(key("Axons", {nu, hk}), axon);
      if (dtao) {
        add(key("TotalHotkeyAlpha", {hk, nu}), le(1000 * (u + 1), 8));
        add(key("TotalHotkeyAlpha", {hk, le(0, 2)}), le(500, 8));
        add(key("ParentKeys", {hk, nu}), vec(0, 1, 0));
        Bytes child{0x04};
        const Bytes p = le(~std::uint64_t{0} / 4, 8), c = hotkey(static_cast<std::uint16_t>((u + 1) % kN));
        child.insert(child.end(), p.begin(), p.end());
        child.insert(child.end(), c.begin(), c.end());
        add(key("ChildKeys", {hk, nu}), child);
      } else {
        add(key("TotalHotkeyStake", {hk}), le(1000 * (u + 1), 8));
      }
      uid_keys.push_back(std::move(ks));
    }
    chain->block(kBlock).storage = base;
    client = bt::client::Client::connect(chain->url()).value();
  }
};

// head: a valid subnet written by the tests' storage writer (Yuma3, liquid alpha, commit-reveal with a
// v2 and a timelocked commit, an owner, child links), every key fuzzable.
struct HeadTarget : Target {
  HeadTarget() : Target() {
    const Bytes metadata = bt::test::head::metadata();
    md = bt::metadata::Metadata::decode(metadata).value();
    chain = std::make_unique<bt::test::ScriptedChain>(bt::test::head::kSpecVersion, metadata);
    bt::yuma::EpochInput in;
    in.netuid = kNetuid;
    in.n = kN;
    in.rao_emission = 1'000'000'000;
    in.current_block = kBlock + 1;
    in.tempo = 10;
    in.registered.assign(kN, true);
    in.last_update.assign(kN, 10);
    in.block_at_registration.assign(kN, 1);
    in.alpha_stake = {4000, 3000, 20, 10};
    in.tao_stake = {500, 500, 0, 0};
    in.validator_permit = {true, true, false, false};
    in.max_allowed_validators = 2;
    in.owner_uid = 3;
    in.weights = {{{2, 0xffff}, {3, 0x8000}}, {{2, 0x8000}, {3, 0xffff}}, {}, {{3, 1}}};
    in.bonds = {{{2, 0x1000}}, {{3, 0x2000}}, {}, {}};
    in.liquid_alpha_enabled = true;
    in.yuma3_enabled = true;
    in.commit_reveal_enabled = true;
    in.current_epoch_with_lookahead = 2;
    in.weight_commits = {{0, {{1, 5}}}};
    in.timelocked_commits = {{1, {{1, 6}}}};
    bt::test::subnet::Writer w{md,
                               [&](const Bytes& k, const Bytes& v) { base[bt::to_hex(k)] = bt::to_hex(v); },
                               bt::test::subnet::Layout::head};
    w.write_input(kBlock, in, 0);
    bt::scale::Encoder child;  // uid 0 gives a quarter of its stake to uid 1
    child.put_compact(1);
    child.put_le<std::uint64_t>(~std::uint64_t{0} / 4);
    child.put_bytes(bt::test::subnet::acc(bt::test::subnet::hotkey_of(1)));
    w.put(kBlock, "ChildKeys", {bt::test::subnet::acc(bt::test::subnet::hotkey_of(0)), le(kNetuid, 2)},
          std::move(child).take());
    for (const auto& [k, v] : base) plain_keys.push_back(bt::from_hex(k).value());
    chain->block(kBlock).storage = base;
    client = bt::client::Client::connect(chain->url()).value();
  }
};

Target& target(std::uint8_t selector) {
  if (selector & 2) {
    static HeadTarget head;
    return head;
  }
  const bool dtao = selector & 1;
  static Target spec143(read_file(std::string(BT_VECTORS_DIR) + "/metadata/spec143_v14.scale"), 143, false);
  static Target raonet(read_file(std::string(BT_VECTORS_DIR) + "/metadata/raonet_v14.scale"), 218, true);
  return dtao ? raonet : spec143;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  Target& t = target(data[0]);
  auto storage = t.base;
  std::size_t i = 1;
  while (i + 3 <= size) {
    const std::uint8_t item = data[i], uid = data[i + 1], len = data[i + 2];
    i += 3;
    const Bytes* k = nullptr;
    if (item < t.plain_keys.size()) {
      k = &t.plain_keys[item];
    } else if (t.uid_keys.empty()) {
      k = &t.plain_keys[item % t.plain_keys.size()];
    } else {
      const auto& ks = t.uid_keys[uid % kN];
      k = &ks[(item - t.plain_keys.size()) % ks.size()];
    }
    if (len == 0xff) {
      storage.erase(bt::to_hex(*k));
      continue;
    }
    const std::size_t m = std::min<std::size_t>(len, size - i);
    storage[bt::to_hex(*k)] = bt::to_hex(Bytes(data + i, data + i + m));
    i += m;
  }
  t.chain->block(kBlock).storage = std::move(storage);
  // The valid subnet has kN neurons; a hostile SubnetworkN above 64 must stop at the limit (a typed error)
  // instead of reading tens of thousands of absent uids (which took a minute a unit under ASan).
  mg::SyncOptions options;
  options.max_neurons = 64;
  auto s = mg::sync(*t.client, kNetuid, kBlock, options);
  if (!s) {
    if (s.error().module() != std::string("bt.metagraph")) std::abort();
    return 0;
  }
  if (s->n > 0 && s->hotkeys.size() != s->n) std::abort();
  auto p = mg::predict_epoch(*s);
  if (p) (void)mg::compare(*p, *s);
  (void)mg::epoch_input(*s, kBlock + 1);
  return 0;
}
