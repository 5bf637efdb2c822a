// SPDX-License-Identifier: MIT
// raonet (spec 218): the Subtensor methods of issue 10 beyond the basics, each run for real through
// bt::subtensor::Subtensor (sign, submit, wait for the block) with its storage and events checked and at
// least one failure provoked and asserted as its typed error: sudo and sudo_set_hyperparameter, batch_all,
// set_subnet_identity, set_identity, serve_prometheus, set_childkey_take, set_children, move_stake,
// set_weights signed from a Wallet, the WeightsMinStake pre-flight, commit_weights + batch_reveal_weights.
// The methods whose call spec 218 lacks (safe staking's _limit calls, swap_stake, transfer_stake,
// unstake_all_alpha) are typed "runtime lacks call" errors against the live metadata, with nothing sent.
#include <bt/client/typed.hpp>
#include <bt/crypto/keypair.hpp>
#include <bt/crypto/ss58.hpp>
#include <bt/metadata/error.hpp>
#include <bt/metadata/value_json.hpp>
#include <bt/subtensor/calls.hpp>
#include <bt/subtensor/calls_admin.hpp>
#include <bt/subtensor/subtensor.hpp>
#include <bt/subtensor/weights_chain.hpp>
#include <bt/wallet/wallet.hpp>

#include <catch2/catch.hpp>

#include <unistd.h>

#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "localnet/block_runner.hpp"
#include "localnet/localnet_env.hpp"

using namespace std::chrono_literals;
using namespace bt::subtensor;
using bt::Bytes;
using bt::crypto::AccountId32;
using bt::crypto::Keypair;
using bt::metadata::Value;

namespace {
constexpr std::uint64_t kTao = 1'000'000'000;

Keypair key(const std::string& uri) { return Keypair::from_uri(uri).value(); }

bt::client::Receipt require_success(const bt::Result<bt::client::Receipt>& r, const char* what) {
  INFO(what);
  if (!r) FAIL(r.error().to_string());
  if (!r->success()) FAIL(r->error->to_string());
  return *r;
}

// Included, failed, and the dispatch error is the SubtensorModule error `want`.
void require_chain_error(const bt::Result<bt::client::Receipt>& r, ChainError want, const char* what) {
  INFO(what);
  if (!r) FAIL(r.error().to_string());
  REQUIRE(r->included);
  REQUIRE(r->error);
  INFO(r->error->to_string());
  auto ce = chain_error(*r);
  REQUIRE(ce);
  CHECK(chain_error_name(*ce) == chain_error_name(want));
}

// Refused before signing: MetadataError::not_found naming the call the runtime lacks.
template <class R>
void require_lacks(const bt::Result<R>& r, std::string_view call) {
  INFO(call);
  REQUIRE_FALSE(r);
  CHECK(r.error() == bt::metadata::MetadataError::not_found);
  CHECK(r.error().message().find(call) != std::string::npos);
}

std::optional<Value> storage(Subtensor& st, std::string_view entry, std::vector<Value> keys) {
  return bt::client::storage_value(st.client(), "SubtensorModule", entry, keys).value();
}
// "Pallet.Name Pallet.Name ..." of a receipt's events (for failure messages).
std::string event_names(const bt::client::Receipt& r) {
  std::string out;
  for (const auto& e : r.events) out += std::string(e.pallet) + "." + std::string(e.name) + " ";
  return out;
}
Value acct(const AccountId32& a) { return Value::bytes(a.to_bytes()); }
std::uint64_t nonce_of(Subtensor& st, const Keypair& k) {
  return st.client().account_next_index(bt::crypto::ss58_encode(k.account_id().to_bytes()).value()).value();
}
}  // namespace

TEST_CASE("raonet: Subtensor operations of issue 10 with their failures typed") {
  BT_LOCALNET_URL_OR_SKIP(url, "raonet");
  auto connected = Subtensor::connect(url);
  if (!connected) FAIL(connected.error().to_string());
  auto& st = **connected;
  bt::test::BlockProducer producer(url, 300ms);
  const std::string tag = std::to_string(::getpid()) + "_" + std::to_string(std::time(nullptr));
  const Keypair alice = key("//Alice"), bob = key("//Bob"), charlie = key("//Charlie"), dave = key("//Dave");
  const Keypair hot_a = key("//OpsA" + tag), hot_b = key("//OpsB" + tag), nobody = key("//OpsNobody" + tag);
  const Keypair lonely = key("//OpsLonely" + tag);  // a funded coldkey that owns no hotkey
  const auto& md0 = st.metadata();

  // --- sudo: lift the chain-wide rate limits; a non-sudo signer is refused by Sudo (RequireSudo).
  require_success(st.sudo(alice, sudo_admin_call(md0, "sudo_set_network_rate_limit", {Value::u(0)}).value()),
                  "sudo network rate limit");
  require_success(st.sudo(alice, sudo_admin_call(md0, "sudo_set_tx_rate_limit", {Value::u(0)}).value()),
                  "sudo tx rate limit");
  {
    auto r = st.sudo(bob, sudo_admin_call(md0, "sudo_set_tx_rate_limit", {Value::u(0)}).value());
    if (!r) FAIL(r.error().to_string());
    REQUIRE(r->error);
    REQUIRE(r->error->module);
    CHECK(r->error->module->pallet == "Sudo");
    CHECK(r->error->module->name == "RequireSudo");
  }

  // --- batch_all: fund both hotkeys and a coldkey in one extrinsic; a batch with one failing transfer
  // changes nothing (all or nothing).
  {
    const std::vector<Bytes> calls{transfer_keep_alive_call(md0, hot_a.account_id(), 10 * kTao).value(),
                                   transfer_keep_alive_call(md0, hot_b.account_id(), 10 * kTao).value(),
                                   transfer_keep_alive_call(md0, lonely.account_id(), 10 * kTao).value()};
    const auto r = require_success(st.batch_all(bob, calls), "batch_all");
    CHECK(r.find_event("Utility", "BatchCompleted"));
    CHECK(st.get_balance(hot_a.account_id()).value().rao() == 10 * kTao);
    CHECK(st.get_balance(lonely.account_id()).value().rao() == 10 * kTao);
    const std::vector<Bytes> bad{
        transfer_keep_alive_call(md0, nobody.account_id(), kTao).value(),
        transfer_keep_alive_call(md0, bob.account_id(), std::uint64_t{1} << 62).value()};
    auto f = st.batch_all(dave, bad);
    if (!f) FAIL(f.error().to_string());
    CHECK(f->included);
    CHECK_FALSE(f->success());
    CHECK(st.get_balance(nobody.account_id()).value().rao() == 0);
  }

  // --- a subnet owned by Bob (owner hotkey A = uid 0), hotkey B registered; hyperparameters via sudo.
  auto net = st.register_network(bob, hot_a.account_id());
  require_success(net, "register_network");
  const auto* added = net->find_event("SubtensorModule", "NetworkAdded");
  REQUIRE(added);
  const auto netuid = static_cast<std::uint16_t>(added->fields.at(0)->to_u64().value());
  INFO("netuid " << netuid);
  require_success(st.burned_register(bob, hot_b.account_id(), netuid), "burned_register B");
  for (auto [name, value] :
       std::vector<std::pair<const char*, std::uint64_t>>{{"weights_set_rate_limit", 0},
                                                          {"commit_reveal_weights_enabled", 0},
                                                          {"min_allowed_weights", 1},
                                                          {"max_weight_limit", 65535},
                                                          {"tempo", 10}})
    require_success(st.sudo_set_hyperparameter(alice, name, netuid, value), name);
  CHECK(storage(st, "Tempo", {Value::u(netuid)})->to_u64().value() == 10);
  {
    auto unknown = st.sudo_set_hyperparameter(alice, "no_such_parameter", netuid, 1);
    require_lacks(unknown, "sudo_set_no_such_parameter");
    auto r = st.sudo_set_hyperparameter(bob, "tempo", netuid, 20);
    if (!r) FAIL(r.error().to_string());
    REQUIRE(r->error);
    REQUIRE(r->error->module);
    CHECK(r->error->module->name == "RequireSudo");
    CHECK(storage(st, "Tempo", {Value::u(netuid)})->to_u64().value() == 10);
  }

  // --- set_subnet_identity by the owner; by anyone else NotSubnetOwner; a field spec 218 lacks is typed.
  {
    SubnetIdentity sid;
    sid.subnet_name = "ops-" + tag;
    sid.github_repo = "https://github.com/example/ops";
    sid.subnet_contact = "ops@example.org";
    const auto r = require_success(st.set_subnet_identity(bob, netuid, sid), "set_subnet_identity");
    INFO(event_names(r));
    CHECK(r.find_event("SubtensorModule", "SubnetIdentitySet"));
    auto stored = storage(st, "SubnetIdentities", {Value::u(netuid)});
    REQUIRE(stored);
    CHECK(stored->field("subnet_name")->as_bytes() == Bytes(sid.subnet_name.begin(), sid.subnet_name.end()));
    require_chain_error(st.set_subnet_identity(charlie, netuid, sid), ChainError::NotSubnetOwner,
                        "set_subnet_identity by a non-owner");
    SubnetIdentity extra = sid;
    extra.discord = "ops#1";
    require_lacks(st.set_subnet_identity(bob, netuid, extra), "discord");
  }

  // --- set_identity: Bob owns a registered hotkey; a coldkey without one is refused; over-long is invalid.
  {
    ChainIdentity id;
    id.name = "ops-" + tag;
    id.url = "https://example.org";
    id.description = "bittensor-cpp localnet";
    const auto r = require_success(st.set_identity(bob, id), "set_identity");
    INFO(event_names(r));
    CHECK(r.find_event("SubtensorModule", "ChainIdentitySet"));
    auto stored = storage(st, "Identities", {acct(bob.account_id())});
    REQUIRE(stored);
    CHECK(stored->field("name")->as_bytes() == Bytes(id.name.begin(), id.name.end()));
    require_chain_error(st.set_identity(lonely, id), ChainError::HotKeyNotRegisteredInNetwork,
                        "set_identity without a registered hotkey");
    ChainIdentity longer = id;
    longer.name = std::string(300, 'x');
    require_chain_error(st.set_identity(bob, longer), ChainError::InvalidIdentity, "set_identity too long");
    ChainIdentity repo = id;
    repo.github_repo = "https://github.com/example/ops";
    require_lacks(st.set_identity(bob, repo), "github_repo");
  }

  // --- serve_prometheus (signed by the hotkey); address 0 is InvalidIpAddress.
  {
    PrometheusParams p;
    p.version = 3;
    p.ip = 0x01020305;  // 1.2.3.5
    p.port = 7091;
    const auto r = require_success(st.serve_prometheus(hot_a, netuid, p), "serve_prometheus");
    INFO(event_names(r));
    CHECK(r.find_event("SubtensorModule", "PrometheusServed"));
    auto stored = storage(st, "Prometheus", {Value::u(netuid), acct(hot_a.account_id())});
    REQUIRE(stored);
    CHECK(stored->field("port")->to_u64().value() == 7091);
    CHECK(stored->field("ip")->as_u128() == p.ip);
    p.ip = 0;
    require_chain_error(st.serve_prometheus(hot_a, netuid, p), ChainError::InvalidIpAddress,
                        "serve_prometheus to 0.0.0.0");
  }

  // --- set_childkey_take: 1% is stored as floor(0.01 * 65535); 50% is above the chain's maximum; outside
  // [0, 1] is refused before signing.
  {
    require_success(st.set_childkey_take(bob, hot_a.account_id(), netuid, 0.01), "set_childkey_take");
    CHECK(storage(st, "ChildkeyTake", {acct(hot_a.account_id()), Value::u(netuid)})->to_u64().value() == 655);
    require_chain_error(st.set_childkey_take(bob, hot_a.account_id(), netuid, 0.5),
                        ChainError::InvalidChildkeyTake, "set_childkey_take 50%");
    CHECK(st.set_childkey_take(bob, hot_a.account_id(), netuid, 1.5).error() ==
          SubtensorError::fraction_out_of_range);
  }

  // --- set_children: a hotkey cannot be its own child (InvalidChild, first: a failed call leaves no rate
  // limit behind); then half of A to B.
  {
    const std::vector<std::pair<double, AccountId32>> self{{0.5, hot_a.account_id()}};
    require_chain_error(st.set_children(bob, hot_a.account_id(), netuid, self), ChainError::InvalidChild,
                        "set_children to itself");
    const std::vector<std::pair<double, AccountId32>> kids{{0.5, hot_b.account_id()}};
    const auto r = require_success(st.set_children(bob, hot_a.account_id(), netuid, kids), "set_children");
    CHECK(r.find_event("SubtensorModule", "SetChildren"));
    auto stored = storage(st, "ChildKeys", {acct(hot_a.account_id()), Value::u(netuid)});
    REQUIRE(stored);
    REQUIRE(stored->items().size() == 1);
    CHECK(stored->items()[0].items()[0].to_u64().value() == child_proportion(0.5).value());
    CHECK(
        bt::metadata::to_json(stored->items()[0]).find(bt::to_hex(hot_b.account_id().to_bytes()).substr(2)) !=
        std::string::npos);
  }

  // --- move_stake on root (TAO 1:1 here): half of Charlie's stake on A moves to B; more than is staked
  // is NotEnoughStakeToWithdraw; an amount in another subnet's unit is refused before signing.
  {
    const auto staked = require_success(
        st.add_stake(charlie, hot_a.account_id(), 0, Balance::from_rao(20 * kTao)), "add_stake on root");
    const auto* sa = staked.find_event("SubtensorModule", "StakeAdded");
    REQUIRE(sa);
    const std::uint64_t alpha = sa->fields.at(3)->to_u64().value();
    REQUIRE(alpha > 0);
    const auto before_b = st.get_stake(charlie.account_id(), hot_b.account_id(), 0).value().rao();
    const auto r = require_success(
        st.move_stake(charlie, hot_a.account_id(), 0, hot_b.account_id(), 0, Balance::from_rao(alpha / 2)),
        "move_stake");
    CHECK(r.find_event("SubtensorModule", "StakeMoved"));
    CHECK(st.get_stake(charlie.account_id(), hot_b.account_id(), 0).value().rao() > before_b);
    require_chain_error(st.move_stake(charlie, hot_a.account_id(), 0, hot_b.account_id(), 0,
                                      Balance::from_rao(1'000'000 * kTao)),
                        ChainError::NotEnoughStakeToWithdraw, "move_stake beyond the stake");
    CHECK(st.move_stake(charlie, hot_a.account_id(), 0, hot_b.account_id(), 0, Balance::from_rao(1, netuid))
              .error() == SubtensorError::unit_mismatch);
  }

  // --- calls spec 218 does not have: typed errors naming them, nothing submitted (Bob's nonce unchanged).
  {
    const auto before = nonce_of(st, bob);
    StakeSafety safe;
    safe.safe_staking = true;
    require_lacks(st.add_stake(bob, hot_a.account_id(), netuid, Balance::from_rao(kTao), safe),
                  "add_stake_limit");
    require_lacks(st.remove_stake(bob, hot_a.account_id(), netuid, Balance::from_rao(1, netuid), safe),
                  "remove_stake_limit");
    require_lacks(st.swap_stake(bob, hot_a.account_id(), netuid, 0, Balance::from_rao(1, netuid)),
                  "swap_stake");
    require_lacks(st.swap_stake(bob, hot_a.account_id(), netuid, 0, Balance::from_rao(1, netuid), safe),
                  "swap_stake_limit");
    require_lacks(st.transfer_stake(bob, charlie.account_id(), hot_a.account_id(), netuid, netuid,
                                    Balance::from_rao(1, netuid)),
                  "transfer_stake");
    require_lacks(st.unstake_all_alpha(bob, hot_a.account_id()), "unstake_all_alpha");
    CHECK(nonce_of(st, bob) == before);
  }

  // --- set_weights signed from a Wallet whose hotkey is A (written to a temporary wallet directory).
  const std::vector<std::int64_t> uids{0, 1};
  const std::vector<float> weights{0.25f, 0.75f};
  require_success(st.add_stake(bob, hot_a.account_id(), netuid, Balance::from_rao(100 * kTao)),
                  "add_stake A");
  {
    const auto root = std::filesystem::temp_directory_path() / ("bt_ops_wallet_" + tag);
    std::filesystem::remove_all(root);
    bt::wallet::Wallet w("ops", "a", root);
    REQUIRE(w.set_hotkey(bt::wallet::KeyMaterial::from_uri("//OpsA" + tag).value()));
    bt::wallet::Wallet fresh("ops", "a", root);  // loaded from disk by set_weights
    auto set = st.set_weights(fresh, netuid, uids, weights, 0);
    std::filesystem::remove_all(root);
    if (!set) FAIL(set.error().to_string());
    if (!set->success()) FAIL(set->receipt.error->to_string());
    CHECK(set->path == WeightsPath::set_weights);
    CHECK(set->receipt.find_event("SubtensorModule", "WeightsSet"));
    auto stored = storage(st, "Weights", {Value::u(netuid), Value::u(0)});
    REQUIRE(stored);
    CHECK(bt::metadata::to_json(*stored) == "[[0,21845],[1,65535]]");
  }

  // --- WeightsMinStake: raised above A's stake, the pre-flight names it (with both numbers), set_weights
  // refuses before signing, and the chain refuses the raw call too (spec 218 already in the pool).
  {
    const std::uint64_t min_stake = 1'000'000'000 * kTao;
    require_success(
        st.sudo(alice, sudo_admin_call(md0, "sudo_set_weights_min_stake", {Value::u(min_stake)}).value()),
        "raise WeightsMinStake");
    const auto emit = convert_weights_and_uids_for_emit(uids, weights).value();
    auto pre =
        check_set_weights(st.client(), st.metadata(), netuid, hot_a.account_id(), emit.uids, emit.weights, 0);
    auto refused = st.set_weights(hot_a, netuid, uids, weights, 0);
    auto raw = st.sign_and_submit(set_weights_call(st.metadata(), netuid, emit, 0).value(), hot_a);
    require_success(st.sudo(alice, sudo_admin_call(md0, "sudo_set_weights_min_stake", {Value::u(0)}).value()),
                    "restore WeightsMinStake");
    if (!pre) FAIL(pre.error().to_string());
    for (const auto& p : pre->problems) UNSCOPED_INFO(set_weights_issue_name(p.issue) << ": " << p.message);
    CHECK(pre->has(SetWeightsIssue::not_enough_stake));
    REQUIRE(pre->stake_threshold);
    CHECK(*pre->stake_threshold == min_stake);
    REQUIRE(pre->stake_weight);
    // The mocked emission changes the stake every block: compare at the block the pre-flight read.
    const auto own = bt::client::storage_value(st.client(), "SubtensorModule", "TotalHotkeyAlpha",
                                               std::vector<Value>{acct(hot_a.account_id()), Value::u(netuid)},
                                               st.get_block_hash(pre->block).value())
                         .value();
    CHECK(*pre->stake_weight == (own ? own->to_u64().value() : 0));
    REQUIRE_FALSE(refused);
    CHECK(refused.error() == SubtensorError::weights_rejected);
    CHECK(refused.error().message().find("not_enough_stake: ") != std::string::npos);
    if (raw) {  // a runtime that lets it into a block says NotEnoughStakeToSetWeights
      REQUIRE(raw->error);
      CHECK(chain_error(*raw) == std::optional<ChainError>(ChainError::NotEnoughStakeToSetWeights));
    } else {  // spec 218: InvalidTransaction::Custom(1) (StakeAmountTooLow) from the pool
      INFO(raw.error().to_string());
      CHECK(raw.error() == bt::client::TxError::invalid);
    }
    auto after =
        check_set_weights(st.client(), st.metadata(), netuid, hot_a.account_id(), emit.uids, emit.weights, 0);
    REQUIRE(after);
    CHECK_FALSE(after->has(SetWeightsIssue::not_enough_stake));
  }

  // --- commit-reveal: two commits, then in the reveal epoch a batch with a wrong salt is refused
  // (InvalidRevealCommitHashNotMatch) and the right batch reveals both (WeightsBatchRevealed).
  {
    require_success(st.sudo_set_hyperparameter(alice, "commit_reveal_weights_enabled", netuid, 1), "cr on");
    std::vector<Subtensor::WeightsRevealInput> reveals{{uids, weights, {1, 2, 3}, 0},
                                                       {uids, {0.5f, 0.5f}, {4, 5, 6}, 0}};
    // Commit at the start of an epoch so both commits fall into the same one (epoch length tempo + 1).
    const std::uint64_t tempo = 10;
    auto epoch = [&](std::uint64_t b) { return (b + netuid + 1) / (tempo + 1); };
    std::uint64_t start = st.get_current_block().value() + 1;
    while (epoch(start) == epoch(start - 1)) ++start;
    REQUIRE(st.wait_for_block(start - 1, 120s));
    std::uint64_t commit_block = 0, first_commit = 0;
    for (const auto& r : reveals) {
      const auto c = require_success(
          st.commit_weights(hot_a, netuid, r.salt, r.uids, r.weights, r.version_key), "commit_weights");
      INFO(event_names(c));
      CHECK(c.find_event("SubtensorModule", "WeightsCommitted"));
      commit_block = c.block_number;
      if (!first_commit) first_commit = c.block_number;
    }
    REQUIRE(epoch(first_commit) == epoch(commit_block));
    // The reveal epoch is commit_epoch + RevealPeriodEpochs.
    const std::uint64_t period = storage(st, "RevealPeriodEpochs", {Value::u(netuid)})->to_u64().value();
    std::uint64_t first = commit_block;
    while (epoch(first) < epoch(commit_block) + period) ++first;
    REQUIRE(st.wait_for_block(first - 1, 120s));
    auto wrong = reveals;
    wrong[1].salt = {9, 9, 9};
    auto bad = st.batch_reveal_weights(hot_a, netuid, wrong);
    auto good = st.batch_reveal_weights(hot_a, netuid, reveals);
    if (!bad) FAIL(bad.error().to_string());
    REQUIRE(bad->error);
    INFO(bad->error->to_string());
    CHECK((chain_error(*bad) == std::optional<ChainError>(ChainError::InvalidRevealCommitHashNotMatch) ||
           chain_error(*bad) == std::optional<ChainError>(ChainError::NoWeightsCommitFound)));
    const auto g = require_success(good, "batch_reveal_weights");
    CHECK(g.find_event("SubtensorModule", "WeightsBatchRevealed"));
    CHECK_FALSE(storage(st, "WeightCommits", {Value::u(netuid), acct(hot_a.account_id())}));
  }
}
