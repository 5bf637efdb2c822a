// SPDX-License-Identifier: MIT
// End to end on the real finney runtime spec 143 (chopsticks): a subnet of 4 validators and 8 miners set
// up by signed transactions (register_network, burned_register, add_stake, set_weights), tempo 4, and 12
// consecutive epochs with the weights changing between epochs, a stake change, and a neuron deregistered
// and replaced. Before every epoch the metagraph is synced at E-1 and the epoch predicted; after it the
// metagraph is synced at E and every field the epoch writes must equal the prediction (integers, no
// tolerance).
#include <bt/client/client.hpp>
#include <bt/client/typed.hpp>
#include <bt/crypto/keypair.hpp>
#include <bt/extrinsic/online.hpp>
#include <bt/metadata/calls.hpp>
#include <bt/metagraph/metagraph.hpp>
#include <bt/metagraph/predict.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "localnet/localnet_env.hpp"

using namespace std::chrono_literals;
namespace ext = bt::extrinsic;
namespace mg = bt::metagraph;
using bt::metadata::Value;
using nlohmann::json;

namespace {

struct Chain {
  bt::client::Client& c;
  const bt::metadata::Metadata& md;

  void new_blocks(int count) {
    auto r = c.rpc().call("dev_newBlock", json::array({json{{"count", count}}}).dump(), 180s);
    INFO((r ? std::string() : r.error().to_string()));
    REQUIRE(r);
  }
  std::uint64_t head() { return c.header().value().number; }
  // Signs and submits every (call, signer), builds one block, requires every extrinsic to succeed.
  std::vector<ext::ExtrinsicOutcome> run(
      const std::vector<std::pair<bt::Bytes, const bt::crypto::Keypair*>>& items, const std::string& what) {
    std::vector<bt::Bytes> xts;
    for (const auto& [call, signer] : items) {
      auto xt = ext::create_signed(c, md, call, *signer);
      REQUIRE(xt);
      auto h = c.submit_extrinsic(*xt);
      INFO(what << ": " << (h ? std::string() : h.error().to_string()));
      REQUIRE(h);
      xts.push_back(*xt);
    }
    new_blocks(1);
    auto best = c.best_hash().value();
    std::vector<ext::ExtrinsicOutcome> out;
    for (const auto& xt : xts) {
      auto o = ext::find_outcome(c, md, best, xt);
      REQUIRE(o);
      REQUIRE(o->has_value());
      INFO(what << ": " << ((*o)->error ? (*o)->error->to_string() : std::string("ok")));
      REQUIRE((*o)->success());
      out.push_back(std::move(**o));
    }
    return out;
  }
  bt::Bytes call(std::string_view pallet, std::string_view name, const json& args) {
    auto r = bt::metadata::encode_call_json(md, pallet, name, args.dump());
    INFO(std::string(pallet) << "." << std::string(name) << ": "
                             << (r ? std::string() : r.error().to_string()));
    REQUIRE(r);
    return *r;
  }
  bt::Bytes sudo_batch(const std::vector<bt::Bytes>& calls) {
    std::vector<Value> vs;
    for (const auto& x : calls)
      vs.push_back(bt::metadata::decode_value(md.types, *md.runtime_call_type(), x).value());
    bt::Bytes batch = bt::metadata::encode_call(md, "Utility", "batch_all",
                                                Value::composite({{"calls", Value::sequence(std::move(vs))}}))
                          .value();
    Value inner = bt::metadata::decode_value(md.types, *md.runtime_call_type(), batch).value();
    return bt::metadata::encode_call(md, "Sudo", "sudo", Value::composite({{"call", inner}})).value();
  }
};

std::string hex(const bt::crypto::Keypair& k) { return bt::to_hex(k.account_id()); }
std::string ss58(const bt::crypto::Keypair& k) { return bt::crypto::ss58_encode(k.account_id()).value(); }

}  // namespace

TEST_CASE("spec143: 12 epochs predicted from the metagraph equal the chain, field by field") {
  BT_LOCALNET_URL_OR_SKIP(url, "spec143");
  auto conn = bt::client::Client::connect(url);
  REQUIRE(conn);
  auto& c = **conn;
  auto md = bt::client::decoded_metadata(c).value();
  Chain ch{c, *md};
  const std::uint64_t tao = 1'000'000'000;
  const std::uint16_t tempo = 4;

  const char* vnames[] = {"Alice", "Bob", "Charlie", "Dave"};
  std::vector<bt::crypto::Keypair> vcold, vhot, mhot;
  for (const char* n : vnames) {
    vcold.push_back(bt::crypto::Keypair::from_uri(std::string("//") + n).value());
    vhot.push_back(bt::crypto::Keypair::from_uri(std::string("//") + n + "//mgv").value());
  }
  auto eve = bt::crypto::Keypair::from_uri("//Eve").value();
  auto ferdie = bt::crypto::Keypair::from_uri("//Ferdie").value();
  for (int i = 0; i < 10; ++i)
    mhot.push_back(bt::crypto::Keypair::from_uri("//Eve//mgm" + std::to_string(i)).value());

  // Validator hotkeys sign set_weights, so they need funds for fees.
  json accounts = json::array();
  for (const auto& k : vhot)
    accounts.push_back(
        json::array({json::array({ss58(k)}), {{"providers", 1}, {"data", {{"free", "1000000000000000"}}}}}));
  REQUIRE(c.rpc().call("dev_setStorage", json::array({{{"System", {{"Account", accounts}}}}}).dump()));
  ch.new_blocks(1);

  ch.run({{ch.sudo_batch({ch.call("AdminUtils", "sudo_set_network_rate_limit", json::array({0})),
                          ch.call("AdminUtils", "sudo_set_tx_rate_limit", json::array({0}))}),
           &vcold[0]}},
         "rate limits off");
  auto rn = ch.run({{ch.call("SubtensorModule", "register_network", json::array()), &vcold[0]}},
                   "register_network");
  const auto* added = rn[0].find_event("SubtensorModule", "NetworkAdded");
  REQUIRE(added);
  const auto netuid = static_cast<std::uint16_t>(added->fields.at(0)->to_u64().value());
  INFO("netuid " << netuid);
  ch.run(
      {{ch.sudo_batch(
            {ch.call("AdminUtils", "sudo_set_tempo", json::array({netuid, tempo})),
             ch.call("AdminUtils", "sudo_set_weights_set_rate_limit", json::array({netuid, 0})),
             ch.call("AdminUtils", "sudo_set_min_allowed_weights", json::array({netuid, 1})),
             ch.call("AdminUtils", "sudo_set_max_registrations_per_block", json::array({netuid, 32})),
             ch.call("AdminUtils", "sudo_set_target_registrations_per_interval", json::array({netuid, 32})),
             ch.call("AdminUtils", "sudo_set_max_allowed_validators", json::array({netuid, 4})),
             ch.call("AdminUtils", "sudo_set_activity_cutoff", json::array({netuid, 30})),
             ch.call("AdminUtils", "sudo_set_bonds_moving_average", json::array({netuid, 500000})),
             ch.call("AdminUtils", "sudo_set_max_weight_limit", json::array({netuid, 65535})),
             ch.call("AdminUtils", "sudo_set_immunity_period", json::array({netuid, 0}))}),
        &vcold[0]}},
      "hyperparameters");
  REQUIRE(c.rpc().call(
      "dev_setStorage",
      json::array(
          {{{"SubtensorModule",
             {{"EmissionValues", json::array({json::array({json::array({netuid}), "1000000000"})})}}}}})
          .dump()));
  // 4 validators (uids 0..3) and 8 miners (uids 4..11).
  std::vector<std::pair<bt::Bytes, const bt::crypto::Keypair*>> regs;
  for (std::size_t i = 0; i < 4; ++i)
    regs.push_back(
        {ch.call("SubtensorModule", "burned_register", json::array({netuid, hex(vhot[i])})), &vcold[i]});
  for (std::size_t i = 0; i < 8; ++i)
    regs.push_back({ch.call("SubtensorModule", "burned_register", json::array({netuid, hex(mhot[i])})),
                    i % 2 ? &ferdie : &eve});
  ch.run(regs, "burned_register x12");

  auto weights_call = [&](int epoch, std::size_t v, std::uint16_t n) {
    json dests = json::array(), vals = json::array();
    for (std::uint16_t j = 4; j < n; ++j) {
      const unsigned w = (static_cast<unsigned>(epoch) * 7919u + v * 104729u + j * 31u) % 65536u;
      if ((j + v + static_cast<unsigned>(epoch)) % 3 == 0) continue;  // each validator skips some miners
      dests.push_back(j);
      vals.push_back(w == 0 ? 1 : w);
    }
    return ch.call("SubtensorModule", "set_weights", json::array({netuid, dests, vals, 0}));
  };

  const int epochs = 12;
  int identical = 0;
  std::uint32_t max_round_trips = 0;
  bool replaced = false;
  for (int k = 0; k < epochs; ++k) {
    // ---- what happens between the epochs (one block with extrinsics, right after the previous epoch)
    const std::uint16_t n_now = mg::sync(c, netuid).value().n;
    if (k == 1) {
      ch.run(
          {{ch.call("SubtensorModule", "add_stake", json::array({hex(vhot[0]), std::to_string(1000 * tao)})),
            &vcold[0]},
           {ch.call("SubtensorModule", "add_stake", json::array({hex(vhot[1]), std::to_string(600 * tao)})),
            &vcold[1]},
           {ch.call("SubtensorModule", "add_stake", json::array({hex(vhot[2]), std::to_string(300 * tao)})),
            &vcold[2]},
           {ch.call("SubtensorModule", "add_stake", json::array({hex(vhot[3]), std::to_string(100 * tao)})),
            &vcold[3]}},
          "add_stake x4");
    } else if (k >= 2) {
      std::vector<std::pair<bt::Bytes, const bt::crypto::Keypair*>> items;
      for (std::size_t v = 0; v < 4; ++v)
        if (!(k == 6 && v == 2)) items.push_back({weights_call(k, v, n_now), &vhot[v]});  // Charlie skips one
      if (k == 5)  // a stake change that reorders the validators
        items.push_back(
            {ch.call("SubtensorModule", "add_stake", json::array({hex(vhot[3]), std::to_string(800 * tao)})),
             &vcold[3]});
      if (k == 7)  // room for one more neuron, then the subnet is full
        items.push_back(
            {ch.sudo_batch({ch.call("AdminUtils", "sudo_set_max_allowed_uids", json::array({netuid, 13}))}),
             &vcold[0]});
      if (k == 8)
        items.push_back(
            {ch.call("SubtensorModule", "burned_register", json::array({netuid, hex(mhot[8])})), &eve});
      ch.run(items, "epoch " + std::to_string(k) + " actions");
      if (k == 9) {  // subnet full (13 = MaxAllowedUids): this registration replaces the lowest pruning score
        auto before = mg::sync(c, netuid).value();
        REQUIRE(before.n == 13);
        ch.run(
            {{ch.call("SubtensorModule", "burned_register", json::array({netuid, hex(mhot[9])})), &ferdie}},
            "replacing registration");
        auto after = mg::sync(c, netuid).value();
        REQUIRE(after.n == 13);
        int changed = 0;
        for (std::uint16_t u = 0; u < 13; ++u)
          if (before.hotkeys[u] != after.hotkeys[u]) {
            ++changed;
            CHECK(after.hotkeys[u] == mhot[9].account_id());
          }
        CHECK(changed == 1);
        replaced = changed == 1;
      }
    }

    // ---- up to E-1, predict, build E, compare
    const std::uint64_t head = ch.head();
    const std::uint64_t e = mg::next_epoch_block(netuid, tempo, head).value();
    if (e - 1 > head) ch.new_blocks(static_cast<int>(e - 1 - head));
    REQUIRE(ch.head() == e - 1);
    CHECK(mg::next_epoch_block(c, netuid).value() == e);
    auto before = mg::sync(c, netuid, e - 1);
    INFO((before ? std::string() : before.error().to_string()));
    REQUIRE(before);
    max_round_trips = std::max(max_round_trips, before->stats.round_trips);
    auto p = mg::predict_epoch(*before);
    REQUIRE(p);
    CHECK(p->exact);
    CHECK(p->epoch_block == e);
    ch.new_blocks(1);
    auto after = mg::sync(c, netuid, e);
    INFO((after ? std::string() : after.error().to_string()));
    REQUIRE(after);
    auto diffs = mg::compare(*p, *after).value();
    for (const auto& d : diffs)
      std::cerr << "epoch " << k << " (block " << e << "): " << mg::to_string(d) << "\n";
    CHECK(diffs.empty());
    if (diffs.empty()) ++identical;
    // The prediction is not vacuous: emission is paid and, once weights exist, incentive too.
    std::uint64_t paid = 0;
    for (auto x : p->output.emission) paid += x;
    if (k >= 1) CHECK(paid > 0);  // epoch 0: every stake is 0, so is the emission
    if (k >= 3) {
      std::uint32_t inc = 0;
      for (auto x : p->output.incentive) inc += x;
      CHECK(inc > 0);
    }
    std::cerr << "epoch " << k << " block " << e << ": n=" << before->n
              << " rao_emission=" << p->input.rao_emission << " sync round trips "
              << before->stats.round_trips << ", " << diffs.size() << " differences\n";
  }
  CHECK(identical == epochs);
  CHECK(replaced);
  CHECK(max_round_trips <= 8);
}
