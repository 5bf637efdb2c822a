// SPDX-License-Identifier: MIT
// raonet (spec 218): sudo setup, register_network (registers //Alice//hot as uid 0), burned_register of
// //Bob//hot, stake, set_weights from the hotkey with weights converted like bittensor; the weights land
// in storage; the weights path read from the node picks set_weights, and with commit-reveal enabled it
// refuses (raonet has only hash commit-reveal) as the chain does (CommitRevealEnabled); with a rate limit
// the next set_weights fails with SubtensorModule.SettingWeightsTooFast, classified as
// bt::subtensor::ChainError.
#include <bt/client/client.hpp>
#include <bt/client/submit.hpp>
#include <bt/client/typed.hpp>
#include <bt/crypto/keypair.hpp>
#include <bt/metadata/calls.hpp>
#include <bt/subtensor/calls.hpp>
#include <bt/subtensor/chain_error.hpp>
#include <bt/subtensor/error.hpp>
#include <bt/subtensor/weights.hpp>
#include <bt/subtensor/weights_path.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <vector>

#include "localnet/block_runner.hpp"
#include "localnet/localnet_env.hpp"

using namespace std::chrono_literals;
using bt::metadata::Value;
namespace ext = bt::extrinsic;

namespace {
struct Chain {
  bt::client::Client& c;
  const bt::metadata::Metadata& md;

  // One block of these signed calls (tests/localnet/block_runner.hpp).
  std::vector<bt::client::ExtrinsicOutcome> run(const std::vector<bt::test::SignedCall>& items) {
    return bt::test::run_in_block(c, md, items);
  }
  Value call_value(const bt::Bytes& call) {
    return bt::metadata::decode_value(md.types, *md.runtime_call_type(), call).value();
  }
  bt::Bytes call(std::string_view pallet, std::string_view name, Value args) {
    auto r = bt::metadata::encode_call(md, pallet, name, args);
    const std::string msg =
        std::string(pallet) + "." + std::string(name) + ": " + (r ? std::string() : r.error().to_string());
    INFO(msg);
    REQUIRE(r);
    return *r;
  }
  bt::Bytes sudo_batch(std::vector<bt::Bytes> calls) {
    std::vector<Value> vs;
    for (const auto& x : calls) vs.push_back(call_value(x));
    bt::Bytes batch =
        call("Utility", "batch_all", Value::composite({{"calls", Value::sequence(std::move(vs))}}));
    return call("Sudo", "sudo", Value::composite({{"call", call_value(batch)}}));
  }
};

void require_ok(const bt::client::ExtrinsicOutcome& o, const char* what) {
  const std::string msg = std::string(what) + ": " + (o.error ? o.error->to_string() : std::string("ok"));
  INFO(msg);
  REQUIRE(o.success());
}
}  // namespace

TEST_CASE("raonet: register, stake and set_weights, then SettingWeightsTooFast is typed") {
  BT_LOCALNET_URL_OR_SKIP(url, "raonet");
  auto conn = bt::client::Client::connect(url);
  REQUIRE(conn);
  auto md = bt::client::decoded_metadata(**conn).value();
  Chain ch{**conn, *md};
  auto alice = bt::crypto::Keypair::from_uri("//Alice").value();
  auto bob = bt::crypto::Keypair::from_uri("//Bob").value();
  auto alice_hot = bt::crypto::Keypair::from_uri("//Alice//hot").value();
  auto bob_hot = bt::crypto::Keypair::from_uri("//Bob//hot").value();
  const std::uint64_t tao = 1'000'000'000;

  // 1. admin rate limits off; fund the hotkeys (they sign set_weights).
  auto r1 = ch.run(
      {{ch.sudo_batch({ch.call("AdminUtils", "sudo_set_network_rate_limit",
                               Value::composite({{"rate_limit", Value::u(0)}})),
                       ch.call("AdminUtils", "sudo_set_tx_rate_limit",
                               Value::composite({{"tx_rate_limit", Value::u(0)}}))}),
        &alice},
       {bt::subtensor::transfer_keep_alive_call(*md, alice_hot.account_id(), 10 * tao).value(), &bob}});
  require_ok(r1[0], "sudo rate limits");
  require_ok(r1[1], "fund hotkey");

  // 2. register a subnet owned by //Alice with //Alice//hot.
  auto r2 = ch.run({{ch.call("SubtensorModule", "register_network",
                             Value::composite({{"hotkey", Value::bytes(alice_hot.account_id().to_bytes())},
                                               {"mechid", Value::u(1)}})),
                     &alice}});
  require_ok(r2[0], "register_network");
  const auto* added = r2[0].find_event("SubtensorModule", "NetworkAdded");
  REQUIRE(added);
  const auto netuid = static_cast<std::uint16_t>(added->fields.at(0)->to_u64().value());
  INFO("netuid " << netuid);

  // 3. hyperparameters: no weights rate limit, commit-reveal off, min 1 weight.
  auto r3 = ch.run(
      {{ch.sudo_batch(
            {ch.call(
                 "AdminUtils", "sudo_set_weights_set_rate_limit",
                 Value::composite({{"netuid", Value::u(netuid)}, {"weights_set_rate_limit", Value::u(0)}})),
             ch.call("AdminUtils", "sudo_set_commit_reveal_weights_enabled",
                     Value::composite({{"netuid", Value::u(netuid)}, {"enabled", Value::boolean(false)}})),
             ch.call(
                 "AdminUtils", "sudo_set_min_allowed_weights",
                 Value::composite({{"netuid", Value::u(netuid)}, {"min_allowed_weights", Value::u(1)}}))}),
        &alice}});
  require_ok(r3[0], "sudo hyperparameters");

  // 4. burned_register //Bob//hot; stake on //Alice//hot.
  auto r4 = ch.run(
      {{bt::subtensor::burned_register_call(*md, netuid, bob_hot.account_id()).value(), &bob},
       {bt::subtensor::add_stake_call(*md, alice_hot.account_id(), netuid, 1000 * tao).value(), &alice}});
  require_ok(r4[0], "burned_register");
  require_ok(r4[1], "add_stake");
  CHECK(r4[0].find_event("SubtensorModule", "NeuronRegistered"));
  REQUIRE(ch.c.rpc().call("dev_newBlock", R"([{"count":2}])", 120s));

  // 5. set_weights with bittensor's conversion.
  std::vector<std::int64_t> uids{0, 1};
  std::vector<float> w{0.25f, 0.75f};
  auto emit = bt::subtensor::convert_weights_and_uids_for_emit(uids, w).value();
  CHECK(emit.weights == std::vector<std::uint16_t>{21845, 65535});
  std::vector<Value> vk_key{Value::u(netuid)};
  auto vk = bt::client::storage_value(ch.c, "SubtensorModule", "WeightsVersionKey", vk_key).value();
  const std::uint64_t version_key = vk ? vk->to_u64().value_or(0) : 0;
  auto sw = bt::subtensor::set_weights_call(*md, netuid, emit, version_key).value();
  auto r5 = ch.run({{sw, &alice_hot}});
  require_ok(r5[0], "set_weights");
  CHECK(r5[0].find_event("SubtensorModule", "WeightsSet"));
  std::vector<Value> wkey{Value::u(netuid), Value::u(0)};
  auto stored = bt::client::storage_value(ch.c, "SubtensorModule", "Weights", wkey).value();
  REQUIRE(stored);
  CHECK(bt::metadata::to_json(*stored) == "[[0,21845],[1,65535]]");

  // 5b. the weights path read from the node: commit-reveal off -> the same set_weights call; on -> raonet
  // (hash commit-reveal only) has no timelocked call, and the chain indeed refuses set_weights.
  const bt::subtensor::StorageRead read = [&](const bt::Bytes& key) { return ch.c.storage(key); };
  const auto block = ch.c.header().value().number;
  auto st = bt::subtensor::read_weights_chain_state(*md, netuid, block, read);
  REQUIRE(st);
  CHECK_FALSE(st->commit_reveal_enabled);
  bt::subtensor::WeightsRequest req;
  req.netuid = netuid;
  req.weights = emit;
  req.version_key = version_key;
  req.hotkey = alice_hot.account_id();
  req.now = 1700000000.0;
  auto plan = bt::subtensor::build_weights_call(*md, *st, req);
  REQUIRE(plan);
  CHECK(plan->path == bt::subtensor::WeightsPath::set_weights);
  CHECK(plan->call == sw);
  auto set_cr = [&](bool on) {
    auto r =
        ch.run({{ch.sudo_batch({ch.call(
                     "AdminUtils", "sudo_set_commit_reveal_weights_enabled",
                     Value::composite({{"netuid", Value::u(netuid)}, {"enabled", Value::boolean(on)}}))}),
                 &alice}});
    require_ok(r[0], "sudo commit-reveal");
  };
  set_cr(true);
  auto st_on = bt::subtensor::read_weights_chain_state(*md, netuid, block, read);
  REQUIRE(st_on);
  CHECK(st_on->commit_reveal_enabled);
  CHECK(st_on->tempo == st->tempo);
  auto refused = bt::subtensor::build_weights_call(*md, *st_on, req);
  REQUIRE_FALSE(refused);
  CHECK(refused.error() == bt::subtensor::SubtensorError::unsupported_by_runtime);
  auto r5b = ch.run({{sw, &alice_hot}});
  REQUIRE(r5b[0].error);
  auto cr_kind = bt::subtensor::classify(*r5b[0].error);
  REQUIRE(cr_kind);
  CHECK(*cr_kind == bt::subtensor::ChainError::CommitRevealEnabled);
  set_cr(false);

  // 6. a weights rate limit makes the next call fail with a typed error.
  auto r6 = ch.run({{ch.sudo_batch({ch.call("AdminUtils", "sudo_set_weights_set_rate_limit",
                                            Value::composite({{"netuid", Value::u(netuid)},
                                                              {"weights_set_rate_limit", Value::u(1000)}}))}),
                     &alice}});
  require_ok(r6[0], "sudo weights rate limit");
  auto r7 = ch.run({{sw, &alice_hot}});
  REQUIRE(r7[0].error);
  INFO(r7[0].error->to_string());
  auto kind = bt::subtensor::classify(*r7[0].error);
  REQUIRE(kind);
  CHECK(*kind == bt::subtensor::ChainError::SettingWeightsTooFast);
  CHECK(bt::subtensor::chain_error_name(*kind) == "SettingWeightsTooFast");
}
