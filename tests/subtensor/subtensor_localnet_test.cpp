// SPDX-License-Identifier: MIT
// bt::subtensor::Subtensor against the real raonet (spec 218) runtime under chopsticks: a transfer and a
// failing transfer with their receipts (events, fee, error name), pool refusals as typed errors, 100
// transfers from one key sent from 10 threads at once through the nonce manager, the typed reads, and
// set_weights (plain path, pre-flight refusal, commit path) with commit/reveal.
// chopsticks builds blocks only on dev_newBlock: a background thread asks for one while the test waits.
#include <bt/client/tx.hpp>
#include <bt/client/typed.hpp>
#include <bt/crypto/keypair.hpp>
#include <bt/crypto/ss58.hpp>
#include <bt/extrinsic/builder.hpp>
#include <bt/metadata/calls.hpp>
#include <bt/metadata/error.hpp>
#include <bt/metadata/storage.hpp>
#include <bt/metadata/value_json.hpp>
#include <bt/subtensor/calls.hpp>
#include <bt/subtensor/calls_admin.hpp>
#include <bt/subtensor/error.hpp>
#include <bt/subtensor/subtensor.hpp>
#include <bt/wallet/wallet.hpp>

#include <catch2/catch.hpp>

#include <unistd.h>

#include <atomic>
#include <ctime>
#include <filesystem>
#include <thread>

#include "localnet/block_runner.hpp"
#include "localnet/localnet_env.hpp"

using namespace std::chrono_literals;
using bt::subtensor::Balance;
using bt::subtensor::Subtensor;

namespace {

using bt::test::BlockProducer;

std::unique_ptr<Subtensor> connect(const std::string& url) {
  auto st = Subtensor::connect(url);
  if (!st) FAIL(st.error().to_string());
  return std::move(*st);
}

void require_success(const bt::Result<bt::client::Receipt>& r, const char* what) {
  INFO(what);
  if (!r) FAIL(r.error().to_string());
  if (!r->success()) FAIL(r->error->to_string());
}

}  // namespace

TEST_CASE("raonet: Subtensor transfer receipt (events, fee, block) and a failing transfer's error") {
  BT_LOCALNET_URL_OR_SKIP(url, "raonet");
  auto st = connect(url);
  BlockProducer producer(url, 300ms);
  const auto dave = bt::crypto::Keypair::from_uri("//Dave").value();
  const auto bob = bt::crypto::Keypair::from_uri("//Bob").value().account_id();
  const auto amount = Balance::parse_tao("1.234567891").value();
  const Balance before = st->get_balance(bob).value();

  auto r = st->transfer(dave, bob, amount);
  if (!r) FAIL(r.error().to_string());
  CHECK(r->success());
  CHECK(r->included);
  CHECK(r->block_number >= 1);
  CHECK(st->get_block_hash(r->block_number).value() == r->block_hash);
  const auto* tr = r->find_event("Balances", "Transfer");
  REQUIRE(tr);
  CHECK(tr->fields.field("amount")->to_u64().value() == amount.rao());
  const auto* paid = r->find_event("TransactionPayment", "TransactionFeePaid");
  REQUIRE(paid);
  CHECK(r->fee_paid > 0);
  CHECK(r->fee_paid == paid->fields.field("actual_fee")->as_u128());
  CHECK(r->find_event("System", "ExtrinsicSuccess"));
  CHECK(st->get_balance(bob).value().rao() == before.rao() + amount.rao());
  CHECK_FALSE(bt::subtensor::chain_error(*r));

  // More than Ferdie has: included, fee paid, dispatch error decoded.
  const auto ferdie = bt::crypto::Keypair::from_uri("//Ferdie").value();
  auto f = st->transfer(ferdie, bob, Balance::from_rao(std::uint64_t{1} << 62));
  if (!f) FAIL(f.error().to_string());
  CHECK(f->included);
  CHECK_FALSE(f->success());
  REQUIRE(f->error);
  CHECK(f->find_event("System", "ExtrinsicFailed"));
  CHECK(f->fee_paid > 0);
  INFO(f->error->to_string());
  CHECK((f->error->kind == "Token" || f->error->kind == "Module" || f->error->kind == "Arithmetic"));

  // A SubtensorModule error by name: add_stake to a hotkey that is not registered anywhere.
  const auto nobody = bt::crypto::Keypair::from_uri("//NobodyHotkey").value().account_id();
  auto call = bt::subtensor::add_stake_call(st->metadata(), nobody, 1, 1'000'000'000);
  REQUIRE(call);
  auto s = st->sign_and_submit(*call, dave);
  if (!s) FAIL(s.error().to_string());
  REQUIRE(s->error);
  INFO(s->error->to_string());
  REQUIRE(s->error->module);
  CHECK(s->error->module->pallet == "SubtensorModule");
  auto ce = bt::subtensor::chain_error(*s);
  REQUIRE(ce);
  CHECK((*ce == bt::subtensor::ChainError::HotKeyAccountNotExists ||
         *ce == bt::subtensor::ChainError::SubNetworkDoesNotExist));
}

TEST_CASE("raonet: pool refusals are typed (bad signature, stale nonce)") {
  BT_LOCALNET_URL_OR_SKIP(url, "raonet");
  auto st = connect(url);
  const auto& md = st->metadata();
  const auto dave = bt::crypto::Keypair::from_uri("//Dave").value();
  const auto bob = bt::crypto::Keypair::from_uri("//Bob").value().account_id();
  auto call = bt::subtensor::transfer_keep_alive_call(md, bob, 1'000'000).value();
  auto xt = bt::client::create_signed(st->client(), md, call, dave).value();
  bt::Bytes forged = xt;
  forged[40] ^= 0x01;  // inside the signature
  auto bad = bt::client::submit_and_wait(st->client(), md, forged, {bt::client::WaitFor::in_block, 10s});
  REQUIRE_FALSE(bad);
  INFO(bad.error().to_string());
  CHECK(bad.error() == bt::client::TxError::bad_signature);

  {
    BlockProducer producer(url, 200ms);
    auto ok = bt::client::submit_and_wait(st->client(), md, xt, {bt::client::WaitFor::in_block, 60s});
    if (!ok) FAIL(ok.error().to_string());
    CHECK(ok->success());
  }
  auto stale = bt::client::submit_and_wait(st->client(), md, xt, {bt::client::WaitFor::none, 10s});
  REQUIRE_FALSE(stale);
  INFO(stale.error().to_string());
  CHECK(stale.error() == bt::client::TxError::stale);

  // The nonce manager recovers: its local counter was never told about xt's nonce, and the node's
  // next index is past it, so the next transfer gets a fresh nonce and lands.
  BlockProducer producer(url, 200ms);
  auto next = st->transfer(dave, bob, Balance::from_rao(1'000'000));
  if (!next) FAIL(next.error().to_string());
  CHECK(next->success());
}

TEST_CASE("raonet: pool refusals are typed (cannot pay fees, future nonce, ancient birth block)") {
  BT_LOCALNET_URL_OR_SKIP(url, "raonet");
  auto st = connect(url);
  auto& c = st->client();
  const auto& md = st->metadata();
  const auto bob = bt::crypto::Keypair::from_uri("//Bob").value().account_id();
  auto call = bt::subtensor::transfer_keep_alive_call(md, bob, 1'000'000).value();
  const bt::client::WaitOptions none{bt::client::WaitFor::none, 10s};

  // An account without funds: InvalidTransaction::Payment.
  const auto pauper = bt::crypto::Keypair::from_uri("//PauperNoFunds").value();
  auto xt = bt::client::create_signed(c, md, call, pauper).value();
  auto r = bt::client::submit_and_wait(c, md, xt, none);
  REQUIRE_FALSE(r);
  INFO(r.error().to_string());
  CHECK(r.error() == bt::client::TxError::cannot_pay_fees);

  // A nonce ahead of the account's: Future, from the pool or (chopsticks) when the block is built.
  const auto ferdie = bt::crypto::Keypair::from_uri("//Ferdie").value();
  {
    BlockProducer producer(url, 200ms);
    bt::client::TxOptions tx;
    tx.nonce = c.account_next_index(ferdie.ss58_address()).value() + 5;
    xt = bt::client::create_signed(c, md, call, ferdie, tx).value();
    r = bt::client::submit_and_wait(c, md, xt, {bt::client::WaitFor::in_block, 20s});
    REQUIRE_FALSE(r);
    INFO(r.error().to_string());
    CHECK(r.error() == bt::client::TxError::future);
  }

  // A mortal era born at a block whose hash the chain no longer keeps (System.BlockHash pruned, here
  // removed with chopsticks' dev_setStorage): AncientBirthBlock.
  {
    const std::uint64_t head = st->get_current_block().value();
    REQUIRE(head >= 2);
    auto p = bt::client::prepare_params(c, ferdie, {}).value();
    p.era = bt::extrinsic::Era::mortal(64, head - 1);
    REQUIRE(p.era.birth(head + 1) == head - 1);
    p.era_block_hash = c.block_hash(head - 1).value();
    const std::vector<bt::metadata::Value> birth{bt::metadata::Value::u(head - 1)};
    auto key = bt::metadata::storage_key(md, "System", "BlockHash", birth).value();
    REQUIRE(c.rpc().call("dev_setStorage", "[[[\"" + bt::to_hex(key) + "\", null]]]"));
    xt = bt::extrinsic::build_signed(md, call, ferdie, p).value();
    r = bt::client::submit_and_wait(c, md, xt, none);
    REQUIRE_FALSE(r);
    INFO(r.error().to_string());
    CHECK(r.error() == bt::client::TxError::ancient_birth_block);
  }

  // Not provoked here: low_priority (1014, a second transaction with a nonce already in the pool and no
  // higher tip). chopsticks' pool takes both and drops one while building the block, so it never says
  // 1014; the polkadot-sdk shape is covered by the scripted node in tests/client/tx_test.cpp.
}

TEST_CASE("raonet: 100 transfers from one key sent back to back from 10 threads all land (nonce manager)") {
  BT_LOCALNET_URL_OR_SKIP(url, "raonet");
  auto st = connect(url);
  const auto charlie = bt::crypto::Keypair::from_uri("//Charlie").value();
  const auto eve = bt::crypto::Keypair::from_uri("//Eve").value().account_id();
  const Balance eve_before = st->get_balance(eve).value();
  bt::subtensor::SubmitOptions opt;
  opt.wait.wait_for = bt::client::WaitFor::none;  // into the pool back to back; blocks are built below
  std::atomic<int> accepted{0};
  std::mutex mu;
  std::vector<std::string> failures;
  std::vector<std::thread> threads;
  for (int t = 0; t < 10; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i) {
        auto r = st->transfer(charlie, eve, Balance::from_rao(1'000'000), true, opt);
        if (r) {
          ++accepted;
        } else {
          std::lock_guard lock(mu);
          failures.push_back(r.error().to_string());
        }
      }
    });
  for (auto& t : threads) t.join();
  for (const auto& f : failures) UNSCOPED_INFO(f);
  CHECK(accepted == 100);
  // The default nonce mode counts locally: the node was asked once (twice if a refusal forced a refresh),
  // not once per transaction.
  CHECK(st->nonces().options().mode == bt::client::NonceMode::cached);
  CHECK(st->nonces().node_queries() <= 2);
  // Every one of them lands: build blocks until the pool is empty (no nonce gap leaves any behind).
  const std::uint64_t want = eve_before.rao() + 100 * 1'000'000;
  for (int i = 0; i < 20 && st->get_balance(eve).value().rao() < want; ++i)
    REQUIRE(st->client().rpc().call("dev_newBlock", R"([{"count":1}])", 120s));
  CHECK(st->get_balance(eve).value().rao() == want);
  auto pending = st->client().rpc().call("author_pendingExtrinsics", "[]");
  REQUIRE(pending);
  CHECK(*pending == "[]");
}

TEST_CASE("raonet: nonce manager (cached mode) recovers after another sender used the key") {
  BT_LOCALNET_URL_OR_SKIP(url, "raonet");
  auto st = connect(url);
  BlockProducer producer(url, 200ms);
  const auto& md = st->metadata();
  const auto dave = bt::crypto::Keypair::from_uri("//Dave").value();
  const auto bob = bt::crypto::Keypair::from_uri("//Bob").value().account_id();
  const std::string dave_ss58 = bt::crypto::ss58_encode(dave.account_id().view()).value();
  const auto one = Balance::from_rao(1'000'000);
  auto chain_nonce = [&] { return st->client().account_next_index(dave_ss58).value(); };

  require_success(st->transfer(dave, bob, one), "first transfer (reads the node's nonce)");
  const std::uint64_t queries = st->nonces().node_queries();
  REQUIRE(st->nonces().local(dave.account_id()) == chain_nonce());

  // Another sender (a second client, not this Subtensor) uses Dave's next nonce: the local counter is
  // now stale, and nothing tells the manager.
  auto external = [&] {
    bt::client::TxOptions tx;
    tx.nonce = chain_nonce();
    auto call = bt::subtensor::transfer_keep_alive_call(md, bob, 1'000'000).value();
    auto xt = bt::client::create_signed(st->client(), md, call, dave, tx).value();
    auto r = bt::client::submit_and_wait(st->client(), md, xt, {bt::client::WaitFor::in_block, 60s});
    if (!r) FAIL(r.error().to_string());
    REQUIRE(r->success());
  };
  external();
  REQUIRE(*st->nonces().local(dave.account_id()) + 1 == chain_nonce());

  // The next transfer is signed with the stale nonce, refused by the pool (stale), the counter dropped,
  // re-signed with the node's nonce and lands: one extra node query, no error for the caller.
  const std::uint64_t before = chain_nonce();
  require_success(st->transfer(dave, bob, one), "transfer after the external one (retried)");
  CHECK(chain_nonce() == before + 1);
  CHECK(st->nonces().node_queries() == queries + 1);

  // Without retries the refusal is the caller's, as its typed error; the counter is dropped, so the
  // next call reads the node's nonce and lands.
  external();
  bt::subtensor::SubmitOptions no_retry;
  no_retry.nonce_retries = 0;
  auto refused = st->transfer(dave, bob, one, true, no_retry);
  REQUIRE_FALSE(refused);
  INFO(refused.error().to_string());
  CHECK(refused.error() == bt::client::TxError::stale);
  CHECK_FALSE(st->nonces().local(dave.account_id()));
  require_success(st->transfer(dave, bob, one), "transfer after the typed refusal");

  // On demand: resync() before sending avoids the refused submission altogether.
  external();
  st->nonces().resync(dave.account_id());
  require_success(st->transfer(dave, bob, one, true, no_retry), "transfer after resync()");

  // Query mode: the node is read before every transaction, so the external use is seen without a refusal.
  st->nonces().set_options({.mode = bt::client::NonceMode::query});
  external();
  const std::uint64_t before_query = st->nonces().node_queries();
  require_success(st->transfer(dave, bob, one, true, no_retry), "query mode after an external transaction");
  require_success(st->transfer(dave, bob, one, true, no_retry), "query mode, second");
  CHECK(st->nonces().node_queries() == before_query + 2);
}

TEST_CASE("raonet: Subtensor typed reads and blocks") {
  BT_LOCALNET_URL_OR_SKIP(url, "raonet");
  auto st = connect(url);
  const auto dave = bt::crypto::Keypair::from_uri("//Dave").value().account_id();
  CHECK(st->get_balance(dave).value().rao() > 0);
  CHECK(st->get_reserved_balance(dave).value().rao() == 0);
  CHECK(st->get_existential_deposit().value().rao() > 0);
  const auto now = st->get_current_block().value();
  CHECK(st->get_block_hash(now).value() == st->client().block_hash(now).value());
  {
    BlockProducer producer(url, 200ms);
    CHECK(st->wait_for_block(now + 1, 60s).value() >= now + 1);
  }
  auto timeout = st->wait_for_block(now + 1000, 300ms);
  REQUIRE_FALSE(timeout);
  CHECK(timeout.error() == bt::client::TxError::timeout);

  CHECK(st->subnet_exists(0).value());
  CHECK_FALSE(st->subnet_exists(999).value());
  auto missing = st->get_subnet_hyperparameters(999);
  CHECK_FALSE(missing);
  auto root = st->get_subnet_dynamic_info(0).value();
  CHECK(root.price.rao() == Balance::rao_per_tao);
  CHECK(st->get_subnet_burn_cost().value().rao() > 0);
  auto delegates = st->get_delegates();
  if (!delegates) FAIL(delegates.error().to_string());
  auto stakes = st->get_stake_info_for_coldkey(dave);
  if (!stakes) FAIL(stakes.error().to_string());
  for (std::uint16_t netuid = 1; netuid < 4; ++netuid) {
    if (!st->subnet_exists(netuid).value()) continue;
    auto hp = st->get_subnet_hyperparameters(netuid);
    if (!hp) FAIL(hp.error().to_string());
    CHECK(hp->tempo);
    CHECK(hp->max_allowed_uids);
    auto di = st->get_subnet_dynamic_info(netuid).value();
    CHECK(di.alpha_in.netuid() == netuid);
    CHECK(st->recycle(netuid).value().rao() > 0);
    if (auto hk = st->get_hotkey_for_uid(netuid, 0).value()) {
      CHECK(st->get_uid_for_hotkey_on_subnet(*hk, netuid).value() == std::optional<std::uint16_t>(0));
    }
  }
  CHECK_FALSE(st->get_uid_for_hotkey_on_subnet(dave, 999).value());
  CHECK_FALSE(st->get_hotkey_for_uid(999, 0).value());
}

TEST_CASE("raonet: audit_commits is refused: the runtime has neither timelocked commits nor pallet_drand") {
  BT_LOCALNET_URL_OR_SKIP(url, "raonet");
  auto st = connect(url);
  const auto r = st->audit_commits(1);
  REQUIRE_FALSE(r);
  CHECK(r.error() == bt::subtensor::SubtensorError::unsupported_by_runtime);
  CHECK_FALSE(st->metadata().pallet("Drand"));
}

TEST_CASE("raonet: Subtensor signs with a Wallet's coldkey (encrypted, unlocked by password)") {
  BT_LOCALNET_URL_OR_SKIP(url, "raonet");
  auto st = connect(url);
  const auto root =
      std::filesystem::temp_directory_path() / ("bt_subtensor_wallet_" + std::to_string(::getpid()));
  std::filesystem::remove_all(root);
  bt::wallet::Wallet w("w", "h", root);
  bt::wallet::NewKeyOptions o;
  o.password = "correct horse";
  REQUIRE(w.set_coldkey(bt::wallet::KeyMaterial::from_uri("//Dave").value(), o));
  bt::wallet::Wallet fresh("w", "h", root);  // locked: unlocked by sign_and_submit
  const auto bob = bt::crypto::Keypair::from_uri("//Bob").value().account_id();
  auto call = bt::subtensor::transfer_keep_alive_call(st->metadata(), bob, 7'000'000).value();
  BlockProducer producer(url, 300ms);
  auto wrong = st->sign_and_submit(call, fresh, bt::subtensor::KeyRole::coldkey,
                                   bt::wallet::PasswordSource{std::string("wrong"), false, {}});
  REQUIRE_FALSE(wrong);
  CHECK(std::string(wrong.error().module()) == "bt.wallet");
  auto r = st->sign_and_submit(call, fresh, bt::subtensor::KeyRole::coldkey,
                               bt::wallet::PasswordSource{std::string("correct horse"), false, {}});
  if (!r) FAIL(r.error().to_string());
  CHECK(r->success());
  const auto* tr = r->find_event("Balances", "Transfer");
  REQUIRE(tr);
  // The sender is the wallet's coldkey (//Dave): an AccountId32, decoded as bytes or as 32 u8 items.
  const auto* from = tr->fields.field("from");
  REQUIRE(from);
  bt::Bytes from_bytes = from->as_bytes();
  const auto* p = from;
  while (p->is(bt::metadata::ValueKind::Composite) && p->items().size() == 1) p = p->at(0);
  if (from_bytes.empty()) from_bytes = p->as_bytes();
  if (from_bytes.empty())
    for (const auto& it : p->items()) from_bytes.push_back(static_cast<std::uint8_t>(it.as_u128()));
  CHECK(from_bytes == bt::crypto::Keypair::from_uri("//Dave").value().account_id().to_bytes());
  std::filesystem::remove_all(root);
}

TEST_CASE(
    "raonet: SDK-named operations: register_network, burned_register, add/remove_stake, serve_axon, "
    "unstake_all, transfer_all, reads of stake, uid <-> hotkey, hyperparameters, pool") {
  BT_LOCALNET_URL_OR_SKIP(url, "raonet");
  auto st = connect(url);
  const auto bob = bt::crypto::Keypair::from_uri("//Bob").value();
  const std::string tag = std::to_string(::getpid()) + "_" + std::to_string(std::time(nullptr));
  const auto owner_hot = bt::crypto::Keypair::from_uri("//OwnerHot" + tag).value().account_id();
  const auto hot_pair = bt::crypto::Keypair::from_uri("//StakeHot" + tag).value();
  const auto hot = hot_pair.account_id();
  BlockProducer producer(url, 300ms);
  // The chain limits how often networks are added; other tests on this chain may have just added one,
  // and this test must pass alone too, so the sudo key (//Alice) lifts the limit first.
  {
    const auto alice = bt::crypto::Keypair::from_uri("//Alice").value();
    auto lift = bt::subtensor::sudo_admin_call(st->metadata(), "sudo_set_network_rate_limit",
                                               {bt::metadata::Value::u(0)});
    REQUIRE(lift);
    auto r = st->sign_and_submit(*lift, alice);
    if (!r) FAIL(r.error().to_string());
    if (!r->success()) FAIL(r->error->to_string());
  }
  // A fresh dynamic subnet owned by Bob.
  CHECK(st->get_subnet_burn_cost().value().rao() > 0);
  const auto bob_before = st->get_balance(bob.account_id()).value();
  // register_network is rate limited chain-wide (NetworkRateLimit blocks after NetworkLastRegistered).
  const auto limit = bt::client::storage_value(st->client(), "SubtensorModule", "NetworkRateLimit").value();
  const auto last =
      bt::client::storage_value(st->client(), "SubtensorModule", "NetworkLastRegistered").value();
  REQUIRE(limit);
  REQUIRE(last);
  REQUIRE(st->wait_for_block(last->to_u64().value() + limit->to_u64().value() + 1, 120s));
  auto net = st->register_network(bob, owner_hot);
  if (!net) FAIL(net.error().to_string());
  if (!net->success()) FAIL(net->error->to_string());
  const auto* added_net = net->find_event("SubtensorModule", "NetworkAdded");
  REQUIRE(added_net);
  const auto netuid = static_cast<std::uint16_t>(added_net->fields.at(0)->to_u64().value());
  CHECK(st->subnet_exists(netuid).value());
  CHECK(st->get_balance(bob.account_id()).value().rao() < bob_before.rao());
  auto hp = st->get_subnet_hyperparameters(netuid).value();
  CHECK(hp.tempo);
  const auto pool = st->get_subnet_dynamic_info(netuid).value();
  CHECK(pool.tao_in.rao() > 0);
  CHECK(pool.alpha_in.rao() > 0);
  CHECK(pool.alpha_in.netuid() == netuid);

  auto reg = st->burned_register(bob, hot, netuid);
  if (!reg) FAIL(reg.error().to_string());
  if (!reg->success()) FAIL(reg->error->to_string());
  CHECK(reg->find_event("SubtensorModule", "NeuronRegistered"));
  auto uid = st->get_uid_for_hotkey_on_subnet(hot, netuid).value();
  REQUIRE(uid);
  CHECK(st->get_hotkey_for_uid(netuid, *uid).value() == std::optional<bt::crypto::AccountId32>(hot));

  auto root = st->root_register(bob, hot);
  if (!root) FAIL(root.error().to_string());
  if (!root->success()) FAIL(root->error->to_string());
  CHECK(st->get_uid_for_hotkey_on_subnet(hot, 0).value());

  bt::subtensor::AxonParams axon;
  axon.ip = 0x01020304;  // 1.2.3.4 (loopback and private addresses are refused: InvalidIpAddress)
  axon.port = 8091;
  auto served = st->serve_axon(hot_pair, netuid, axon);
  if (!served) FAIL(served.error().to_string());
  if (!served->success()) FAIL(served->error->to_string());
  CHECK(served->find_event("SubtensorModule", "AxonServed"));

  // Stake on the root network (netuid 0: TAO 1:1). This dev runtime's mocked emission drains a subnet's
  // pool to 1 rao of alpha within blocks, so a stake bought on a subnet is 0 alpha here.
  auto stake = st->add_stake(bob, hot, 0, Balance::from_tao_whole(10).value());
  if (!stake) FAIL(stake.error().to_string());
  if (!stake->success()) FAIL(stake->error->to_string());
  const auto* added = stake->find_event("SubtensorModule", "StakeAdded");
  REQUIRE(added);
  INFO(bt::metadata::to_json(added->fields));
  // StakeAdded(coldkey, hotkey, tao, alpha, netuid): the alpha bought is the only stake on this new hotkey.
  const auto alpha = added->fields.at(3)->to_u64().value();
  CHECK(alpha > 0);
  const auto read = st->get_stake(bob.account_id(), hot, 0).value();
  CHECK(read.netuid() == 0);
  CHECK(read.rao() == alpha);
  auto infos = st->get_stake_info_for_coldkey(bob.account_id()).value();
  bool found = false;
  for (const auto& i : infos)
    if (i.hotkey == hot && i.netuid == 0) found = i.stake.rao() == alpha;
  CHECK(found);
  CHECK(st->get_stake(bob.account_id(), hot, 999).value().rao() == 0);
  // root_register made the hotkey a delegate with the default take.
  const auto take = st->get_delegate_take(hot).value();
  REQUIRE(take);
  bool listed = false;
  auto delegates = st->get_delegates();
  REQUIRE(delegates);
  const std::vector<bt::subtensor::DelegateTake> list = *delegates;
  for (const auto& d : list)
    if (d.hotkey == hot) listed = d.take == *take;
  CHECK(listed);
  CHECK_FALSE(st->get_delegate_take(owner_hot).value());

  // Remove a quarter, then everything.
  CHECK(st->remove_stake(bob, hot, 0, Balance::from_rao(1, 5)).error() ==
        bt::subtensor::SubtensorError::unit_mismatch);
  auto removed = st->remove_stake(bob, hot, 0, Balance::from_rao(alpha / 4));
  if (!removed) FAIL(removed.error().to_string());
  if (!removed->success()) FAIL(removed->error->to_string());
  CHECK(removed->find_event("SubtensorModule", "StakeRemoved"));
  // The mocked epoch pays emission by stake every block, so compare the removal block with its parent.
  const auto parent = st->client().header(removed->block_hash).value().parent_hash;
  const auto before_removal = st->get_stake(bob.account_id(), hot, 0, parent).value().rao();
  const auto after_removal = st->get_stake(bob.account_id(), hot, 0, removed->block_hash).value().rao();
  CHECK(after_removal < before_removal);
  CHECK(before_removal - after_removal <= alpha / 4);
  // spec 218 has no unstake_all: a typed error naming the call, nothing submitted.
  auto all = st->unstake_all(bob, hot);
  REQUIRE_FALSE(all);
  CHECK(all.error() == bt::metadata::MetadataError::not_found);
  CHECK(all.error().message().find("unstake_all") != std::string::npos);

  // transfer_all empties a fresh account (allow death).
  const auto temp = bt::crypto::Keypair::from_uri("//Temp" + tag).value();
  const auto dave = bt::crypto::Keypair::from_uri("//Dave").value();
  REQUIRE(st->transfer(dave, temp.account_id(), Balance::from_tao_whole(2).value()).value().success());
  auto emptied = st->transfer_all(temp, dave.account_id(), false);
  if (!emptied) FAIL(emptied.error().to_string());
  CHECK(emptied->success());
  CHECK(st->get_balance(temp.account_id()).value().rao() == 0);
}

// Subtensor::set_weights: the plain path stores the weights; an immediate second call under a weights rate
// limit is refused by the pre-flight (typed, nothing submitted: the hotkey's nonce is unchanged); with
// commit-reveal enabled set_weights takes the commit path, which raonet (hash commit-reveal only) refuses
// with the path chooser's typed error. Then commit_weights / reveal_weights. Every limit the case depends on
// is set via sudo (//Alice), so it passes alone and in any order.
TEST_CASE("raonet: Subtensor set_weights: plain path, pre-flight refusal, commit path, then commit/reveal") {
  BT_LOCALNET_URL_OR_SKIP(url, "raonet");
  auto connected = Subtensor::connect(url);
  if (!connected) FAIL(connected.error().to_string());
  auto& st = **connected;
  const auto alice = bt::crypto::Keypair::from_uri("//Alice").value();
  const auto bob = bt::crypto::Keypair::from_uri("//Bob").value();
  const std::string tag = std::to_string(::getpid()) + "_" + std::to_string(std::time(nullptr));
  const auto owner = bt::crypto::Keypair::from_uri("//WeightsOwner" + tag).value();
  const auto other = bt::crypto::Keypair::from_uri("//WeightsOther" + tag).value().account_id();
  BlockProducer producer(url, 300ms);
  auto sudo = [&](bt::Result<bt::Bytes> call, const char* what) {
    INFO(what);
    if (!call) FAIL(call.error().to_string());
    require_success(st.sign_and_submit(*call, alice), what);
  };

  // A fresh subnet owned by Bob whose owner hotkey (uid 0, funded: it signs) sets the weights.
  sudo(bt::subtensor::sudo_admin_call(st.metadata(), "sudo_set_network_rate_limit",
                                      {bt::metadata::Value::u(0)}),
       "network rate limit");
  require_success(st.transfer(bob, owner.account_id(), Balance::from_tao_whole(10).value()), "fund hotkey");
  auto net = st.register_network(bob, owner.account_id());
  require_success(net, "register_network");
  const auto* added = net->find_event("SubtensorModule", "NetworkAdded");
  REQUIRE(added);
  const auto netuid = static_cast<std::uint16_t>(added->fields.at(0)->to_u64().value());
  INFO("netuid " << netuid);
  const auto& md = st.metadata();
  sudo(bt::subtensor::sudo_set_hyperparameter(md, "weights_set_rate_limit", netuid, 0),
       "weights rate limit 0");
  sudo(bt::subtensor::sudo_set_hyperparameter(md, "commit_reveal_weights_enabled", netuid, 0), "cr off");
  sudo(bt::subtensor::sudo_set_hyperparameter(md, "min_allowed_weights", netuid, 1), "min weights");
  require_success(st.burned_register(bob, other, netuid), "burned_register");
  require_success(st.add_stake(bob, owner.account_id(), netuid, Balance::from_tao_whole(1000).value()),
                  "add_stake");
  const auto version_key = st.get_subnet_hyperparameters(netuid).value().weights_version.value_or(0);

  // 1. The plain path: stored as the SDK converts them.
  const std::vector<std::int64_t> uids{0, 1};
  const std::vector<float> weights{0.25f, 0.75f};
  auto set = st.set_weights(owner, netuid, uids, weights, version_key);
  if (!set) FAIL(set.error().to_string());
  if (!set->success()) FAIL(set->receipt.error->to_string());
  CHECK(set->path == bt::subtensor::WeightsPath::set_weights);
  CHECK(set->reveal_round == 0);
  CHECK(set->receipt.find_event("SubtensorModule", "WeightsSet"));
  std::vector<bt::metadata::Value> wkey{bt::metadata::Value::u(netuid), bt::metadata::Value::u(0)};
  auto stored = bt::client::storage_value(st.client(), "SubtensorModule", "Weights", wkey).value();
  REQUIRE(stored);
  CHECK(bt::metadata::to_json(*stored) == "[[0,21845],[1,65535]]");

  // 2. Under a rate limit the second call is refused before signing: typed, listing the problem, and the
  // hotkey's nonce does not move (no extrinsic).
  sudo(bt::subtensor::sudo_set_hyperparameter(md, "weights_set_rate_limit", netuid, 1000), "rate limit 1000");
  const auto ss58 = bt::crypto::ss58_encode(owner.account_id().to_bytes()).value();
  const auto nonce_before = st.client().account_next_index(ss58).value();
  auto again = st.set_weights(owner, netuid, uids, weights, version_key);
  REQUIRE_FALSE(again);
  CHECK(again.error() == bt::subtensor::SubtensorError::weights_rejected);
  INFO(again.error().to_string());
  CHECK(again.error().message().find("rate_limit: ") != std::string::npos);
  CHECK(st.client().account_next_index(ss58).value() == nonce_before);
  // A version key below the subnet's is listed too (every problem, not only the first).
  const std::uint64_t new_key = version_key + 7;
  sudo(bt::subtensor::sudo_set_hyperparameter(md, "weights_version_key", netuid, new_key), "version key");
  auto both = st.set_weights(owner, netuid, uids, weights, version_key);
  REQUIRE_FALSE(both);
  CHECK(both.error().message().find("version_key: ") != std::string::npos);
  CHECK(both.error().message().find("rate_limit: ") != std::string::npos);
  CHECK(st.client().account_next_index(ss58).value() == nonce_before);

  // 3. Commit-reveal on: set_weights picks the timelocked commit; spec 218 has only hash commit-reveal, so
  // the path chooser's typed refusal comes back (and nothing is submitted).
  sudo(bt::subtensor::sudo_set_hyperparameter(md, "weights_set_rate_limit", netuid, 0), "rate limit 0");
  sudo(bt::subtensor::sudo_set_hyperparameter(md, "commit_reveal_weights_enabled", netuid, 1), "cr on");
  const auto rt = bt::subtensor::weights_runtime(md);
  auto cr = st.set_weights(owner, netuid, uids, weights, new_key);
  if (rt.commit_timelocked_mechanism_weights || rt.commit_timelocked_weights || rt.commit_crv3_weights ||
      rt.commit_crv3_mechanism_weights) {
    if (!cr) FAIL(cr.error().to_string());
    CHECK(cr->path != bt::subtensor::WeightsPath::set_weights);
    CHECK(cr->reveal_round > 0);
    CHECK(cr->success());
  } else {
    REQUIRE_FALSE(cr);
    CHECK(cr.error() == bt::subtensor::SubtensorError::unsupported_by_runtime);
    CHECK(st.client().account_next_index(ss58).value() == nonce_before);
  }

  // 4. Hash commit-reveal via the SDK-named methods: the commit is accepted (WeightsCommitted) and the
  // reveal is signed and executed by the chain.
  const std::vector<std::uint16_t> salt{1, 2, 3, 4, 5, 6, 7, 8};
  auto commit = st.commit_weights(owner, netuid, salt, uids, weights, new_key);
  require_success(commit, "commit_weights");
  CHECK(commit->find_event("SubtensorModule", "WeightsCommitted"));
  auto reveal = st.reveal_weights(owner, netuid, uids, weights, salt, new_key);
  if (!reveal) FAIL(reveal.error().to_string());
  // Revealing in the commit's own epoch: the chain's RevealTooEarly (its reveal window opens later).
  if (!reveal->success()) CHECK(reveal->error->to_string().find("RevealTooEarly") != std::string::npos);
}
