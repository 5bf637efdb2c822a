// SPDX-License-Identifier: MIT
// raonet (spec 218): every Bittensor operation of issue 10 that this runtime has, built with the
// bt::subtensor call builders, signed with create_signed, submitted, and checked in storage/events; each
// set_weights failure is predicted by check_set_weights and then provoked and asserted as its typed
// ChainError; the stake/registration/transfer failures likewise. One test case so the setup (a subnet of our
// own, registered neurons, stake) is built once; calls of several signers share each block.
#include <bt/client/client.hpp>
#include <bt/client/submit.hpp>
#include <bt/client/typed.hpp>
#include <bt/crypto/keypair.hpp>
#include <bt/crypto/ss58.hpp>
#include <bt/metadata/calls.hpp>
#include <bt/subtensor/calls.hpp>
#include <bt/subtensor/calls_admin.hpp>
#include <bt/subtensor/calls_stake.hpp>
#include <bt/subtensor/chain_error.hpp>
#include <bt/subtensor/weights.hpp>
#include <bt/subtensor/weights_chain.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <iostream>
#include <map>
#include <vector>

#include "localnet/block_runner.hpp"
#include "localnet/localnet_env.hpp"

using namespace std::chrono_literals;
using namespace bt::subtensor;
using bt::Bytes;
using bt::crypto::Keypair;
using bt::metadata::Value;

namespace {
constexpr std::uint64_t kTao = 1'000'000'000;

struct Chain {
  bt::client::Client& c;
  const bt::metadata::Metadata& md;

  // One block of these signed calls (tests/localnet/block_runner.hpp).
  std::vector<bt::client::ExtrinsicOutcome> run(const std::vector<bt::test::SignedCall>& items) {
    return bt::test::run_in_block(c, md, items);
  }
  void blocks(int n) {
    REQUIRE(c.rpc().call("dev_newBlock", "[{\"count\":" + std::to_string(n) + "}]", 120s));
  }
  std::optional<Value> storage(std::string_view entry, std::vector<Value> keys) {
    return bt::client::storage_value(c, "SubtensorModule", entry, keys).value();
  }
  std::uint64_t block_number() { return c.header().value().number; }
  std::uint64_t free_balance(const bt::crypto::AccountId32& a) {
    std::vector<Value> k{Value::bytes(a.to_bytes())};
    auto v = bt::client::storage_value(c, "System", "Account", k).value();
    return v->field("data")->field("free")->to_u64().value();
  }
};

void require_ok(const bt::client::ExtrinsicOutcome& o, const char* what) {
  const std::string msg = std::string(what) + ": " + (o.error ? o.error->to_string() : std::string("ok"));
  INFO(msg);
  REQUIRE(o.success());
}
void require_chain_error(const bt::client::ExtrinsicOutcome& o, ChainError want, const char* what) {
  INFO(what);
  REQUIRE(o.error);
  INFO(o.error->to_string());
  auto kind = classify(*o.error);
  REQUIRE(kind);
  CHECK(chain_error_name(*kind) == chain_error_name(want));
}
// A module error by pallet and name (for errors the ChainError enum does not list).
void require_module_error(const bt::client::ExtrinsicOutcome& o, std::string_view pallet,
                          std::string_view name) {
  INFO(std::string(pallet) + "." + std::string(name));
  REQUIRE(o.error);
  INFO(o.error->to_string());
  REQUIRE(o.error->module);
  CHECK(o.error->module->pallet == pallet);
  CHECK(o.error->module->name == name);
}
Bytes ok(bt::Result<Bytes> r) {
  const std::string msg = r ? std::string() : r.error().to_string();
  INFO(msg);
  REQUIRE(r);
  return std::move(*r);
}
Value acct(const Keypair& k) { return Value::bytes(k.account_id().to_bytes()); }
}  // namespace

TEST_CASE("raonet: every operation of the runtime, with its failures typed") {
  BT_LOCALNET_URL_OR_SKIP(url, "raonet");
  auto conn = bt::client::Client::connect(url);
  REQUIRE(conn);
  auto mdp = bt::client::decoded_metadata(**conn).value();
  const auto& md = *mdp;
  Chain ch{**conn, md};
  auto kp = [](const char* uri) { return Keypair::from_uri(uri).value(); };
  const Keypair alice = kp("//Alice"), bob = kp("//Bob"), charlie = kp("//Charlie"), dave = kp("//Dave"),
                eve = kp("//Eve"), ferdie = kp("//Ferdie");
  const Keypair ahot = kp("//Alice//ops"), bhot = kp("//Bob//ops"), chot = kp("//Charlie//ops"),
                fhot = kp("//Ferdie//ops"), tmp = kp("//Ops//tmp");

  // --- A: admin rate limits off (sudo of a batch); fund hotkeys and a temporary account (batch of
  // transfers).
  auto a = ch.run(
      {{ok(sudo_call(md,
                     ok(batch_all_call(
                         md,
                         std::vector<Bytes>{
                             ok(bt::metadata::encode_call(
                                 md, "AdminUtils", "sudo_set_network_rate_limit",
                                 Value::composite({{"rate_limit", Value::u(0)}}))),
                             ok(bt::metadata::encode_call(
                                 md, "AdminUtils",
                                 "sudo_set_tx_rate_limit",
                                 Value::composite({{"tx_rate_limit", Value::u(0)}}))),
                         })))),
        &alice},
       {ok(batch_all_call(md,
                          std::vector<Bytes>{ok(transfer_keep_alive_call(md, ahot.account_id(), 10 * kTao)),
                                             ok(transfer_keep_alive_call(md, bhot.account_id(), 10 * kTao)),
                                             ok(transfer_allow_death_call(md, tmp.account_id(), 5 * kTao))})),
        &bob}});
  require_ok(a[0], "sudo batch rate limits");
  require_ok(a[1], "batch_all transfers");
  CHECK(a[1].find_event("Utility", "BatchCompleted"));
  CHECK(a[1].find_event("Balances", "Transfer"));
  CHECK(ch.free_balance(tmp.account_id()) == 5 * kTao);

  // --- B: register a subnet (owner //Ferdie); transfer_all away from the temporary account; insufficient
  // balance for transfer_keep_alive; root_register.
  auto b = ch.run({{ok(register_network_call(md, fhot.account_id())), &ferdie},
                   {ok(transfer_all_call(md, bob.account_id(), false)), &tmp},
                   {ok(transfer_keep_alive_call(md, bob.account_id(), 2'000'000 * kTao)), &eve},
                   {ok(root_register_call(md, chot.account_id())), &charlie}});
  require_ok(b[0], "register_network");
  const auto* added = b[0].find_event("SubtensorModule", "NetworkAdded");
  REQUIRE(added);
  const auto netuid = static_cast<std::uint16_t>(added->fields.at(0)->to_u64().value());
  INFO("netuid " << netuid);
  require_ok(b[1], "transfer_all");
  CHECK(ch.free_balance(tmp.account_id()) == 0);
  REQUIRE(b[2].error);
  // spec 218 reports an over-balance transfer as DispatchError::Arithmetic(Underflow)
  CHECK((b[2].error->kind == "Arithmetic" || b[2].error->kind == "Token" ||
         (b[2].error->module && b[2].error->module->pallet == "Balances")));
  if (b[3].success()) {
    CHECK(b[3].find_event("SubtensorModule", "NeuronRegistered"));
    CHECK(ch.storage("Uids", {Value::u(0), acct(chot)}));
  } else {  // a chain reused from an earlier run already has it
    require_chain_error(b[3], ChainError::HotKeyAlreadyRegisteredInSubNet, "root_register again");
  }

  // --- C: hyperparameters through the sudo helpers (one batch of Sudo.sudo calls); burned_register two
  // neurons; the subnet owner sets the subnet identity.
  auto sudo_batch = [&](std::vector<Bytes> calls) { return ok(batch_all_call(md, calls)); };
  SubnetIdentity sid;
  sid.subnet_name = "ops-subnet";
  sid.github_repo = "https://github.com/example/ops";
  sid.subnet_contact = "ops@example.org";
  auto c = ch.run({{sudo_batch({ok(sudo_set_weights_set_rate_limit(md, netuid, 0)),
                                ok(sudo_set_commit_reveal_weights_enabled(md, netuid, false)),
                                ok(sudo_set_hyperparameter(md, "min_allowed_weights", netuid, 1)),
                                ok(sudo_set_hyperparameter(md, "max_weight_limit", netuid, 65535)),
                                ok(sudo_set_tempo(md, netuid, 360))}),
                    &alice},
                   {ok(burned_register_call(md, netuid, ahot.account_id())), &alice},
                   {ok(burned_register_call(md, netuid, bhot.account_id())), &bob},
                   {ok(set_subnet_identity_call(md, netuid, sid)), &ferdie}});
  require_ok(c[0], "sudo hyperparameters");
  require_ok(c[1], "burned_register alice");
  require_ok(c[2], "burned_register bob");
  require_ok(c[3], "set_subnet_identity");
  CHECK(c[1].find_event("SubtensorModule", "NeuronRegistered"));
  CHECK(ch.storage("Tempo", {Value::u(netuid)})->to_u64().value() == 360);
  auto uid_of = [&](const Keypair& hot) -> std::optional<std::uint16_t> {
    auto v = ch.storage("Uids", {Value::u(netuid), acct(hot)});
    if (!v) return std::nullopt;
    return static_cast<std::uint16_t>(v->to_u64().value());
  };
  const auto auid = uid_of(ahot), buid = uid_of(bhot);
  REQUIRE(auid);
  REQUIRE(buid);
  auto si = ch.storage("SubnetIdentities", {Value::u(netuid)});
  REQUIRE(si);
  CHECK(si->field("subnet_name")->as_bytes() == Bytes(sid.subnet_name.begin(), sid.subnet_name.end()));

  // --- D: stake, serve axon/prometheus (signed by the hotkey), identity, childkey take and children;
  // remove_stake without stake, add_stake beyond the balance, burned_register on a missing subnet.
  AxonParams ax;
  ax.version = 7;
  ax.ip = (10u << 24) | 1u;  // 10.0.0.1
  ax.port = 8091;
  PrometheusParams pr;
  pr.version = 7;
  pr.ip = (10u << 24) | 2u;
  pr.port = 7091;
  ChainIdentity id;
  id.name = "ops-validator";
  id.url = "https://example.org";
  id.description = "bittensor-cpp localnet";
  std::vector<Child> kids{{child_proportion(0.5).value(), chot.account_id()}};
  auto d = ch.run({{ok(add_stake_call(md, ahot.account_id(), netuid, 100 * kTao)), &alice},
                   {ok(serve_axon_call(md, netuid, ax)), &ahot},
                   {ok(serve_prometheus_call(md, netuid, pr)), &ahot},
                   {ok(set_identity_call(md, id)), &alice},
                   {ok(set_childkey_take_call(md, bhot.account_id(), netuid, 1000)), &bob},
                   {ok(set_children_call(md, bhot.account_id(), netuid, kids)), &bob},
                   {ok(remove_stake_call(md, chot.account_id(), 0, kTao)), &dave},
                   {ok(add_stake_call(md, ahot.account_id(), netuid, 5'000'000 * kTao)), &charlie},
                   {ok(burned_register_call(md, 4000, chot.account_id())), &dave},
                   {ok(add_stake_call(md, chot.account_id(), 0, 100 * kTao)), &charlie}});
  require_ok(d[0], "add_stake on the subnet");
  const auto* sa = d[0].find_event("SubtensorModule", "StakeAdded");
  REQUIRE(sa);
  CHECK(sa->fields.at(2)->to_u64().value() == 100 * kTao);  // (coldkey, hotkey, tao, alpha, netuid)
  require_ok(d[9], "add_stake on root");
  auto alpha = ch.storage("Alpha", {acct(chot), acct(charlie), Value::u(0)});
  REQUIRE(alpha);
  const std::uint64_t staked_alpha = alpha->to_u64().value();
  CHECK(staked_alpha > 0);
  require_ok(d[1], "serve_axon");
  CHECK(d[1].find_event("SubtensorModule", "AxonServed"));
  auto axon = ch.storage("Axons", {Value::u(netuid), acct(ahot)});
  REQUIRE(axon);
  CHECK(axon->field("port")->to_u64().value() == 8091);
  CHECK(axon->field("ip")->as_u128() == ax.ip);
  require_ok(d[2], "serve_prometheus");
  CHECK(d[2].find_event("SubtensorModule", "PrometheusServed"));
  auto prom = ch.storage("Prometheus", {Value::u(netuid), acct(ahot)});
  REQUIRE(prom);
  CHECK(prom->field("port")->to_u64().value() == 7091);
  require_ok(d[3], "set_identity");
  auto ident = ch.storage("Identities", {acct(alice)});
  REQUIRE(ident);
  CHECK(ident->field("name")->as_bytes() == Bytes(id.name.begin(), id.name.end()));
  require_ok(d[4], "set_childkey_take");
  CHECK(ch.storage("ChildkeyTake", {acct(bhot), Value::u(netuid)})->to_u64().value() == 1000);
  require_ok(d[5], "set_children");
  CHECK(d[5].find_event("SubtensorModule", "SetChildren"));  // spec 218 applies children at once
  auto children = ch.storage("ChildKeys", {acct(bhot), Value::u(netuid)});
  REQUIRE(children);
  REQUIRE(children->items().size() == 1);
  CHECK(
      bt::metadata::to_json(children->items()[0]).find(bt::to_hex(chot.account_id().to_bytes()).substr(2)) !=
      std::string::npos);
  require_module_error(d[6], "SubtensorModule", "NotEnoughStakeToWithdraw");
  require_chain_error(d[7], ChainError::NotEnoughBalanceToStake, "add_stake beyond the balance");
  require_chain_error(d[8], ChainError::SubNetworkDoesNotExist, "burned_register on a missing subnet");

  // --- E: set_weights (pre-flight clean), move_stake, remove_stake; not registered; the pre-flight predicts.
  const auto emit = convert_weights_and_uids_for_emit(std::vector<std::int64_t>{*auid, *buid},
                                                      std::vector<float>{0.25f, 0.75f})
                        .value();
  auto pre = check_set_weights(ch.c, md, netuid, ahot.account_id(), emit.uids, emit.weights, 0).value();
  for (const auto& p : pre.problems) UNSCOPED_INFO(set_weights_issue_name(p.issue) << ": " << p.message);
  const bool permit_needed = pre.has(SetWeightsIssue::no_validator_permit);
  auto pre_c = check_set_weights(ch.c, md, netuid, chot.account_id(), emit.uids, emit.weights, 0).value();
  CHECK(pre_c.has(SetWeightsIssue::not_registered));
  CHECK_FALSE(pre_c.uid);
  auto e = ch.run(
      {{ok(set_weights_call(md, netuid, emit, 0)), &ahot},
       {ok(set_weights_call(md, netuid, emit, 0)), &chot},
       {ok(move_stake_call(md, chot.account_id(), bhot.account_id(), 0, 0, staked_alpha / 4)), &charlie},
       {ok(remove_stake_call(md, chot.account_id(), 0, staked_alpha / 4)), &charlie}});
  if (permit_needed) {
    require_chain_error(e[0], ChainError::NeuronNoValidatorPermit, "set_weights without permit");
  } else {
    require_ok(e[0], "set_weights");
    CHECK(e[0].find_event("SubtensorModule", "WeightsSet"));
    auto stored = ch.storage("Weights", {Value::u(netuid), Value::u(*auid)});
    REQUIRE(stored);
    CHECK(stored->items().size() == 2);
  }
  require_chain_error(e[1], ChainError::HotKeyNotRegisteredInSubNet, "set_weights not registered");
  require_ok(e[2], "move_stake");
  CHECK(e[2].find_event("SubtensorModule", "StakeMoved"));
  CHECK(ch.storage("Alpha", {acct(bhot), acct(charlie), Value::u(0)})->to_u64().value() > 0);
  require_ok(e[3], "remove_stake");
  CHECK(e[3].find_event("SubtensorModule", "StakeRemoved"));
  CHECK(ch.storage("Alpha", {acct(chot), acct(charlie), Value::u(0)})->to_u64().value() < staked_alpha);
  REQUIRE_FALSE(permit_needed);  // the rest needs a hotkey that can set weights

  // --- F/G: a weights rate limit: the pre-flight gives the blocks remaining; the chain says
  // SettingWeightsTooFast.
  auto f = ch.run({{ok(sudo_set_weights_set_rate_limit(md, netuid, 1000)), &alice}});
  require_ok(f[0], "sudo rate limit");
  auto pre_rl = check_set_weights(ch.c, md, netuid, ahot.account_id(), emit.uids, emit.weights, 0).value();
  REQUIRE(pre_rl.has(SetWeightsIssue::rate_limit));
  for (const auto& p : pre_rl.problems)
    if (p.issue == SetWeightsIssue::rate_limit) CHECK(p.blocks_remaining == 1000 - 2);
  auto g = ch.run({{ok(set_weights_call(md, netuid, emit, 0)), &ahot}});
  require_chain_error(g[0], ChainError::SettingWeightsTooFast, "rate limit");

  // --- H/I: version key.
  auto h = ch.run({{sudo_batch({ok(sudo_set_weights_set_rate_limit(md, netuid, 0)),
                                ok(sudo_set_hyperparameter(md, "weights_version_key", netuid, 5))}),
                    &alice}});
  require_ok(h[0], "sudo version key");
  auto pre_vk = check_set_weights(ch.c, md, netuid, ahot.account_id(), emit.uids, emit.weights, 4).value();
  CHECK(pre_vk.has(SetWeightsIssue::version_key));
  CHECK(check_set_weights(ch.c, md, netuid, ahot.account_id(), emit.uids, emit.weights, 5).value().ok());
  auto i = ch.run({{ok(set_weights_call(md, netuid, emit, 4)), &ahot}});
  require_chain_error(i[0], ChainError::IncorrectWeightVersionKey, "version key");

  // --- J/K: too few weights and the max weight limit.
  auto j = ch.run({{sudo_batch({ok(sudo_set_hyperparameter(md, "min_allowed_weights", netuid, 2)),
                                ok(sudo_set_hyperparameter(md, "max_weight_limit", netuid, 40000))}),
                    &alice}});
  require_ok(j[0], "sudo min weights / max limit");
  const EmitWeights one{{*buid}, {65535}};
  const EmitWeights skewed{{*auid, *buid}, {1, 65535}};
  auto pre_few = check_set_weights(ch.c, md, netuid, ahot.account_id(), one.uids, one.weights, 5).value();
  CHECK(pre_few.has(SetWeightsIssue::too_few_weights));
  auto pre_max =
      check_set_weights(ch.c, md, netuid, ahot.account_id(), skewed.uids, skewed.weights, 5).value();
  CHECK(pre_max.has(SetWeightsIssue::max_weight_exceeded));
  CHECK_FALSE(pre_max.has(SetWeightsIssue::too_few_weights));
  auto k = ch.run({{ok(set_weights_call(md, netuid, one, 5)), &ahot},
                   {ok(set_weights_call(md, netuid, skewed, 5)), &ahot}});
  require_chain_error(k[0], ChainError::WeightVecLengthIsLow, "too few weights");
  require_chain_error(k[1], ChainError::MaxWeightExceeded, "max weight limit");

  // --- L/M: commit-reveal on: set_weights is refused (pre-flight says so); commit three hashes.
  auto l = ch.run({{sudo_batch({ok(sudo_set_commit_reveal_weights_enabled(md, netuid, true)),
                                ok(sudo_set_hyperparameter(md, "max_weight_limit", netuid, 65535)),
                                ok(sudo_set_hyperparameter(md, "min_allowed_weights", netuid, 1)),
                                ok(sudo_set_tempo(md, netuid, 4))}),
                    &alice}});
  require_ok(l[0], "sudo commit-reveal on");
  auto pre_cr = check_set_weights(ch.c, md, netuid, ahot.account_id(), emit.uids, emit.weights, 5).value();
  CHECK(pre_cr.commit_reveal_enabled);
  CHECK(pre_cr.has(SetWeightsIssue::commit_reveal_enabled));
  std::vector<WeightsReveal> reveals;
  std::vector<Bytes> commits;
  for (std::uint16_t s = 0; s < 3; ++s) {
    WeightsReveal r{emit, {static_cast<std::uint16_t>(s + 1), 42}, 5};
    const auto hash =
        commit_weights_hash(ahot.account_id(), netuid, r.weights.uids, r.weights.weights, r.salt, 5);
    commits.push_back(ok(commit_weights_call(md, netuid, hash)));
    reveals.push_back(r);
  }
  auto m = ch.run({{ok(set_weights_call(md, netuid, emit, 5)), &ahot},
                   {commits[0], &ahot},
                   {commits[1], &ahot},
                   {commits[2], &ahot}});
  require_chain_error(m[0], ChainError::CommitRevealEnabled, "set_weights with commit-reveal");
  for (int x = 1; x <= 3; ++x) require_ok(m[static_cast<std::size_t>(x)], "commit_weights");
  CHECK(m[1].find_event("SubtensorModule", "WeightsCommitted"));
  const std::uint64_t commit_block = ch.block_number();

  // --- reveal in epoch commit_epoch + RevealPeriodEpochs: one reveal_weights, then batch_reveal_weights.
  const std::uint64_t tempo = 4;
  auto epoch = [&](std::uint64_t blk) { return (blk + netuid + 1) / (tempo + 1); };
  const std::uint64_t period = ch.storage("RevealPeriodEpochs", {Value::u(netuid)})->to_u64().value();
  std::uint64_t next = ch.block_number() + 1;
  while (epoch(next) < epoch(commit_block) + period) ++next;
  if (next > ch.block_number() + 1) ch.blocks(static_cast<int>(next - ch.block_number() - 1));
  auto r =
      ch.run({{ok(reveal_weights_call(md, netuid, reveals[0].weights, reveals[0].salt, 5)), &ahot},
              {ok(batch_reveal_weights_call(md, netuid, std::span<const WeightsReveal>(reveals).subspan(1))),
               &ahot}});
  require_ok(r[0], "reveal_weights");
  CHECK(r[0].find_event("SubtensorModule", "WeightsRevealed"));
  require_ok(r[1], "batch_reveal_weights");
  CHECK(r[1].find_event("SubtensorModule", "WeightsBatchRevealed"));
  CHECK_FALSE(ch.storage("WeightCommits", {Value::u(netuid), acct(ahot)}));

  // --- the calls spec 218 does not have are typed errors against the live metadata too.
  CHECK_FALSE(add_stake_limit_call(md, ahot.account_id(), netuid, kTao, 1, false));
  CHECK_FALSE(unstake_all_call(md, ahot.account_id()));
}
