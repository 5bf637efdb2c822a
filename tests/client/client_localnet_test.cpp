// SPDX-License-Identifier: MIT
// bt::client::Client against the real subtensor runtimes under chopsticks (ctest fixture `localnet`):
// raonet (spec 218) and spec143 (finney 2024). The launcher made //Alice sudo and funded //Alice..//Ferdie.
#include <bt/client/client.hpp>
#include <bt/crypto/hashing.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <condition_variable>
#include <mutex>

#include "localnet/localnet_env.hpp"

using bt::Bytes;
using bt::client::Client;
using namespace std::chrono_literals;

namespace {

const char* kAlicePub = "0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d";
const char* kAlice = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";

Bytes prefix(std::string_view pallet, std::string_view item) {
  Bytes k;
  auto a = bt::crypto::twox_128(bt::as_bytes(pallet));
  auto b = bt::crypto::twox_128(bt::as_bytes(item));
  k.insert(k.end(), a.begin(), a.end());
  k.insert(k.end(), b.begin(), b.end());
  return k;
}

Bytes with(Bytes k, std::initializer_list<std::uint8_t> tail) {
  k.insert(k.end(), tail.begin(), tail.end());
  return k;
}

std::unique_ptr<Client> connect(const std::string& url) {
  auto c = Client::connect(url);
  if (!c) FAIL("connect " << url << ": " << c.error().to_string());
  return std::move(c).value();
}

std::uint64_t le(const Bytes& b) {
  std::uint64_t v = 0;
  for (std::size_t i = b.size(); i-- > 0;) v = (v << 8) | b[i];
  return v;
}

void check_common(Client& c, std::uint32_t spec) {
  auto v = c.runtime_version();
  REQUIRE(v);
  CHECK(v->spec_name == "node-subtensor");
  CHECK(v->spec_version == spec);
  CHECK_FALSE(v->apis.empty());

  auto g = c.genesis_hash();
  REQUIRE(g);
  auto g0 = c.block_hash(0);
  REQUIRE(g0);
  CHECK(*g == *g0);

  auto head = c.header();
  REQUIRE(head);
  CHECK(head->number >= 2);  // the launcher built block #2 after funding
  auto best = c.best_hash();
  REQUIRE(best);
  auto by_number = c.block_hash(head->number);
  REQUIRE(by_number);
  auto h2 = c.header(*by_number);
  REQUIRE(h2);
  CHECK(h2->number == head->number);
  auto parent = c.header(head->parent_hash);
  REQUIRE(parent);
  CHECK(parent->number + 1 == head->number);
  auto blk = c.block(*by_number);
  REQUIRE(blk);
  CHECK(blk->header.number == head->number);
  CHECK(blk->extrinsics.size() >= 1);  // timestamp inherent
  auto missing = c.block_hash(1'000'000);
  REQUIRE_FALSE(missing);
  CHECK(missing.error() == bt::client::ClientError::not_found);
  CHECK(c.finalized_head());
  auto props = c.properties();
  REQUIRE(props);
  CHECK(c.chain_name());

  // metadata V14 from state_getMetadata, cached per spec version
  auto md = c.metadata();
  REQUIRE(md);
  CHECK((*md)->size() > 50000);
  CHECK((*md)->at(4) == 14);
  auto md2 = c.metadata(*by_number);
  REQUIRE(md2);
  CHECK(md2->get() == md->get());  // same shared object: served from the cache

  // storage: sudo key (set by the launcher) and Alice's account
  auto sudo = c.storage(prefix("Sudo", "Key"));
  REQUIRE(sudo);
  REQUIRE(sudo->has_value());
  CHECK(bt::to_hex(**sudo) == kAlicePub);
  auto alice_pub = bt::from_hex(kAlicePub).value();
  Bytes account_key = prefix("System", "Account");
  auto h = bt::crypto::blake2b_128(alice_pub);
  account_key.insert(account_key.end(), h.begin(), h.end());
  account_key.insert(account_key.end(), alice_pub.begin(), alice_pub.end());
  auto acct = c.storage(account_key);
  REQUIRE(acct);
  REQUIRE(acct->has_value());
  // AccountInfo: nonce u32, consumers u32, providers u32, sufficients u32, then free u64 (Balance=u64)
  REQUIRE((*acct)->size() >= 24);
  CHECK(le(Bytes((*acct)->begin() + 16, (*acct)->begin() + 24)) >= 1'000'000'000'000'000ull);
  CHECK(c.storage(with(prefix("System", "Account"), {1, 2, 3})).value() == std::nullopt);

  // multi-get agrees with single gets, in order, absent keys as nullopt
  std::vector<Bytes> keys = {prefix("Sudo", "Key"), with(prefix("System", "Account"), {9}), account_key};
  auto multi = c.storage_multi(keys);
  REQUIRE(multi);
  REQUIRE(multi->size() == 3);
  CHECK((*multi)[0] == *sudo);
  CHECK_FALSE((*multi)[1].has_value());
  CHECK((*multi)[2] == *acct);

  // paged iteration: the same entries for page size 2 and 1000
  auto all = c.storage_entries(prefix("System", "Account"), *by_number, 1000);
  REQUIRE(all);
  CHECK(all->size() >= 6);
  auto small_pages = c.storage_entries(prefix("System", "Account"), *by_number, 2);
  REQUIRE(small_pages);
  CHECK(*small_pages == *all);
  auto page = c.storage_keys_paged(prefix("System", "Account"), 3, std::nullopt, *by_number);
  REQUIRE(page);
  CHECK(page->size() == 3);

  // subtensor storage
  auto total = c.storage(prefix("SubtensorModule", "TotalNetworks"));
  REQUIRE(total);
  INFO("TotalNetworks raw: " << (total->has_value() ? bt::to_hex(**total) : "absent"));
  auto tempos = c.storage_entries(prefix("SubtensorModule", "Tempo"));
  REQUIRE(tempos);
  for (const auto& [k, val] : *tempos) {
    CHECK(k.size() == 34);   // prefix ++ Identity u16 netuid
    CHECK(val.size() == 2);  // u16
  }

  // runtime API through state_call: Core_version returns the SCALE RuntimeVersion
  auto core = c.state_call("Core_version", {});
  REQUIRE(core);
  REQUIRE(core->size() > 15);
  CHECK((*core)[0] == 14 << 2);  // compact length of "node-subtensor"
  CHECK(std::string(core->begin() + 1, core->begin() + 15) == "node-subtensor");
  // AccountNonceApi_account_nonce(AccountId32) -> u32, equal to system_accountNextIndex (empty pool)
  auto nonce_api = c.state_call("AccountNonceApi_account_nonce", alice_pub);
  REQUIRE(nonce_api);
  REQUIRE(nonce_api->size() == 4);
  auto bad_call = c.state_call("NoSuchApi_no_such_method", {});
  REQUIRE_FALSE(bad_call);
  CHECK(bad_call.error() == bt::rpc::RpcError::jsonrpc_error);

  auto nonce = c.account_next_index(kAlice);
  REQUIRE(nonce);
  CHECK(*nonce == le(*nonce_api));
  auto bad_addr = c.account_next_index("not-an-address");
  REQUIRE_FALSE(bad_addr);
}

// Subscriptions advanced by chopsticks' dev_newBlock.
void check_subscriptions(Client& c) {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::uint64_t> heads, finalized;
  std::vector<bt::client::StorageChangeSet> changes;
  auto sub = c.subscribe_new_heads([&](const bt::Result<bt::client::Header>& h) {
    std::lock_guard lock(mu);
    if (h) heads.push_back(h->number);
    cv.notify_all();
  });
  REQUIRE(sub);
  auto fsub = c.subscribe_finalized_heads([&](const bt::Result<bt::client::Header>& h) {
    std::lock_guard lock(mu);
    if (h) finalized.push_back(h->number);
    cv.notify_all();
  });
  REQUIRE(fsub);
  std::vector<Bytes> keys = {prefix("System", "Number")};
  auto ssub = c.subscribe_storage(keys, [&](const bt::Result<bt::client::StorageChangeSet>& cs) {
    std::lock_guard lock(mu);
    if (cs) changes.push_back(*cs);
    cv.notify_all();
  });
  REQUIRE(ssub);
  const auto start = c.header().value().number;
  auto r = c.rpc().call("dev_newBlock", R"([{"count":2}])", 120s);
  REQUIRE(r);
  std::unique_lock lock(mu);
  REQUIRE(cv.wait_for(lock, 60s, [&] {
    return !heads.empty() && heads.back() >= start + 2 && !changes.empty() &&
           le(*changes.back().changes.at(0).value) >= start + 2;
  }));
  CHECK(heads.back() == start + 2);
  lock.unlock();
  sub->unsubscribe();
  fsub->unsubscribe();
  ssub->unsubscribe();
}

}  // namespace

TEST_CASE("raonet (spec 218): chain, metadata, storage, runtime calls") {
  BT_LOCALNET_URL_OR_SKIP(url, "raonet");
  auto c = connect(url);
  check_common(*c, 218);
  // V15 metadata through the runtime API (raonet has it)
  auto v15 = c->metadata_at_version(15);
  REQUIRE(v15);
  CHECK((*v15)->at(4) == 15);
  auto none = c->metadata_at_version(99);
  REQUIRE_FALSE(none);
  CHECK(none.error() == bt::client::ClientError::not_found);
  // a subtensor runtime API: hyperparameters of a subnet that exists (first Tempo entry)
  auto tempos = c->storage_entries(prefix("SubtensorModule", "Tempo")).value();
  if (!tempos.empty()) {
    Bytes netuid(tempos.front().first.end() - 2, tempos.front().first.end());
    auto hp = c->state_call("SubnetInfoRuntimeApi_get_subnet_hyperparams", netuid);
    REQUIRE(hp);
    // spec 218 returns the hyperparameters SCALE-encoded inside a Vec<u8>: compact length ++ bytes
    REQUIRE(hp->size() > 2);
    std::size_t len = 0, off = 0;
    if (((*hp)[0] & 3) == 0) {
      len = (*hp)[0] >> 2;
      off = 1;
    } else if (((*hp)[0] & 3) == 1) {
      len = ((*hp)[0] | ((*hp)[1] << 8)) >> 2;
      off = 2;
    }
    CHECK(off > 0);
    CHECK(len + off == hp->size());
  }
}

TEST_CASE("spec143: chain, metadata, storage, runtime calls") {
  BT_LOCALNET_URL_OR_SKIP(url, "spec143");
  auto c = connect(url);
  check_common(*c, 143);
  // the testfinney genesis has subnet 3: PendingEmission[3] exists (u64), MaxAllowedValidators[0] = 64
  auto pending = c->storage(with(prefix("SubtensorModule", "PendingEmission"), {3, 0}));
  REQUIRE(pending);
  REQUIRE(pending->has_value());
  CHECK((*pending)->size() == 8);
  auto mav = c->storage(with(prefix("SubtensorModule", "MaxAllowedValidators"), {0, 0}));
  REQUIRE(mav);
  REQUIRE(mav->has_value());
  CHECK(le(**mav) == 64);
  // this 2024 runtime has no SubnetInfoRuntimeApi: the node's error comes back typed
  Bytes netuid3 = {3, 0};
  auto hp = c->state_call("SubnetInfoRuntimeApi_get_subnet_hyperparams", netuid3);
  REQUIRE_FALSE(hp);
  CHECK(hp.error() == bt::rpc::RpcError::jsonrpc_error);
}

TEST_CASE("raonet: block, finalized-head and storage subscriptions follow dev_newBlock") {
  BT_LOCALNET_URL_OR_SKIP(url, "raonet");
  auto c = connect(url);
  check_subscriptions(*c);
}

TEST_CASE("spec143: block, finalized-head and storage subscriptions follow dev_newBlock") {
  BT_LOCALNET_URL_OR_SKIP(url, "spec143");
  auto c = connect(url);
  check_subscriptions(*c);
}

TEST_CASE("raonet over HTTP: the same answers as over WebSocket") {
  BT_LOCALNET_URL_OR_SKIP(url, "raonet");
  std::string http = "http://" + url.substr(url.find("://") + 3);
  auto ws = connect(url);
  auto hc = connect(http);
  CHECK(hc->runtime_version().value().spec_version == 218);
  CHECK(hc->genesis_hash().value() == ws->genesis_hash().value());
  CHECK(hc->storage(prefix("Sudo", "Key")).value() == ws->storage(prefix("Sudo", "Key")).value());
  auto b = hc->rpc().batch({{"chain_getBlockHash", "[0]"}, {"no_such_method", "[]"}});
  REQUIRE(b);
  CHECK((*b)[0]);
  CHECK((*b)[1].error() == bt::rpc::RpcError::jsonrpc_error);
}
