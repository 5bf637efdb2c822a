// SPDX-License-Identifier: MIT
// Submit-and-wait and the nonce manager against a scripted node: pool refusals in the shapes of
// polkadot-sdk (code 1010..1014 with the reason in data) and of chopsticks (the validity error as JSON in
// the message, or as a watch status), dropped and timed-out watches, nonce = max(node, local) and the
// resynchronisation after a rejection.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wrestrict"  // GCC 12 false positive on std::string operator+
#endif
#include <bt/client/nonce.hpp>
#include <bt/client/tx.hpp>
#include <bt/crypto/keypair.hpp>
#include <bt/rpc/error.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include "rpc/fake_node.hpp"

using bt::client::TxError;
using bt::test::FakeNode;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

std::string sdk_error(const json& id, int code, const std::string& message, const std::string& data) {
  return json{
      {"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}, {"data", data}}}}
      .dump();
}

// A node whose answer to author_submit(AndWatch)Extrinsic is set per test.
struct PoolNode {
  std::mutex mu;
  std::function<std::vector<std::string>(const json& id)> on_submit;  // frames to send
  std::atomic<std::uint64_t> next_index{5};
  FakeNode node{[this](FakeNode::Conn& c, const std::string& text) {
    const json req = json::parse(text);
    const json id = req["id"];
    const std::string m = req["method"];
    if (m == "author_submitExtrinsic" || m == "author_submitAndWatchExtrinsic") {
      std::vector<std::string> frames;
      {
        std::lock_guard lock(mu);
        frames = on_submit(id);
      }
      for (const auto& f : frames) c.send_text(f);
      return;
    }
    if (m == "author_unwatchExtrinsic") return (void)c.send_text(FakeNode::result(id, true));
    if (m == "system_accountNextIndex") return (void)c.send_text(FakeNode::result(id, next_index.load()));
    c.send_text(FakeNode::error(id, -32601, "Method not found"));
  }};
};

const bt::metadata::Metadata& no_metadata() {
  static bt::metadata::Metadata md;
  return md;
}

bt::Result<bt::client::Receipt> submit(PoolNode& n, bt::client::WaitFor w,
                                       std::chrono::milliseconds timeout = 5000ms) {
  auto c = bt::client::Client::connect(n.node.ws_url()).value();
  const bt::Bytes xt{0x01, 0x02, 0x03};
  return bt::client::submit_and_wait(*c, no_metadata(), xt, {w, timeout});
}

}  // namespace

TEST_CASE("tx: polkadot-sdk pool refusals are distinct TxErrors") {
  struct Case {
    int code;
    std::string message, data;
    TxError want;
  };
  const std::vector<Case> cases = {
      {1010, "Invalid Transaction", "Transaction is outdated", TxError::stale},
      {1010, "Invalid Transaction", "Transaction will be valid in the future", TxError::future},
      {1010, "Invalid Transaction", "Transaction has a bad signature", TxError::bad_signature},
      {1010, "Invalid Transaction", "Transaction has an ancient birth block", TxError::ancient_birth_block},
      {1010, "Invalid Transaction", "Inability to pay some fees (e.g. account balance too low)",
       TxError::cannot_pay_fees},
      {1010, "Invalid Transaction", "Transaction call is not expected", TxError::invalid},
      {1010, "Invalid Transaction", "Custom error: 7", TxError::invalid},
      {1011, "Unknown Transaction Validity",
       "Could not lookup information required to validate the transaction", TxError::unknown_validity},
      {1012, "Transaction is temporarily banned", "", TxError::temporarily_banned},
      {1013, "Transaction Already Imported", "", TxError::already_imported},
      {1014, "Priority is too low: (10 vs 10)",
       "The transaction has too low priority to replace another transaction already in the pool.",
       TxError::low_priority},
      {1016, "Immediately Dropped", "", TxError::pool_rejected},
  };
  PoolNode n;
  for (const auto& k : cases) {
    for (auto w : {bt::client::WaitFor::none, bt::client::WaitFor::in_block}) {
      n.on_submit = [&](const json& id) {
        return std::vector<std::string>{sdk_error(id, k.code, k.message, k.data)};
      };
      auto r = submit(n, w);
      INFO(k.code << " " << k.data);
      REQUIRE_FALSE(r);
      CHECK(r.error() == k.want);
      CHECK(r.error().message().find(std::to_string(k.code)) != std::string::npos);
    }
  }
}

TEST_CASE("tx: chopsticks pool refusals (validity JSON in the message) are distinct TxErrors") {
  const std::vector<std::pair<std::string, TxError>> cases = {
      {R"({"invalid":{"stale":null}})", TxError::stale},
      {R"({"invalid":{"future":null}})", TxError::future},
      {R"({"invalid":{"badProof":null}})", TxError::bad_signature},
      {R"({"invalid":{"ancientBirthBlock":null}})", TxError::ancient_birth_block},
      {R"({"invalid":{"payment":null}})", TxError::cannot_pay_fees},
      {R"({"invalid":{"custom":3}})", TxError::invalid},
      {R"({"unknown":{"cannotLookup":null}})", TxError::unknown_validity},
  };
  PoolNode n;
  for (const auto& [msg_binding, want] : cases) {
    const std::string msg = msg_binding;  // clang 14 cannot capture a structured binding
    n.on_submit = [&](const json& id) { return std::vector<std::string>{FakeNode::error(id, 1010, msg)}; };
    auto r = submit(n, bt::client::WaitFor::in_block);
    INFO(msg);
    REQUIRE_FALSE(r);
    if (want == TxError::unknown_validity) {
      CHECK(r.error() == TxError::unknown_validity);
    } else {
      CHECK(r.error() == want);
    }
  }
  // Not a pool refusal: stays an rpc error.
  n.on_submit = [&](const json& id) {
    return std::vector<std::string>{FakeNode::error(id, -32602, "bad params")};
  };
  auto r = submit(n, bt::client::WaitFor::none);
  REQUIRE_FALSE(r);
  CHECK(r.error() == bt::rpc::RpcError::jsonrpc_error);
  CHECK_FALSE(bt::client::classify_pool_error(r.error()));
}

TEST_CASE("tx: watch statuses after acceptance: failure while building, dropped, timeout") {
  PoolNode n;
  auto accepted_then = [&](json status) {
    n.on_submit = [status](const json& id) {
      return std::vector<std::string>{FakeNode::result(id, "sub1"),
                                      FakeNode::notification("author_extrinsicUpdate", "sub1", "ready"),
                                      FakeNode::notification("author_extrinsicUpdate", "sub1", status)};
    };
  };
  // chopsticks: the extrinsic failed to apply while a block was built.
  accepted_then(json::parse(R"({"invalid":{"future":null}})"));
  auto r = submit(n, bt::client::WaitFor::in_block);
  REQUIRE_FALSE(r);
  CHECK(r.error() == TxError::future);
  CHECK(bt::client::is_nonce_rejection(r.error()));
  // polkadot-sdk: terminal statuses.
  for (const char* s : {"dropped", "invalid", "usurped"}) {
    accepted_then(std::string(s));
    r = submit(n, bt::client::WaitFor::in_block);
    REQUIRE_FALSE(r);
    CHECK(r.error() == TxError::dropped);
  }
  accepted_then(json{{"usurped", "0x" + std::string(64, '1')}});
  r = submit(n, bt::client::WaitFor::finalized);
  REQUIRE_FALSE(r);
  CHECK(r.error() == TxError::dropped);
  // Accepted, never in a block.
  n.on_submit = [](const json& id) {
    return std::vector<std::string>{FakeNode::result(id, "sub2"),
                                    FakeNode::notification("author_extrinsicUpdate", "sub2", "ready")};
  };
  r = submit(n, bt::client::WaitFor::in_block, 300ms);
  REQUIRE_FALSE(r);
  CHECK(r.error() == TxError::timeout);
  // A malformed block hash in the status is a client error, not a crash.
  accepted_then(json{{"inBlock", "0xzz"}});
  r = submit(n, bt::client::WaitFor::in_block);
  REQUIRE_FALSE(r);
  CHECK(r.error() == bt::client::ClientError::bad_response);
  // WaitFor::none: the hash only.
  n.on_submit = [](const json& id) {
    return std::vector<std::string>{FakeNode::result(id, "0x" + std::string(64, 'a'))};
  };
  r = submit(n, bt::client::WaitFor::none);
  REQUIRE(r);
  CHECK_FALSE(r->included);
  CHECK_FALSE(r->success());
}

TEST_CASE("tx: classify_validity_text ignores unrelated text") {
  CHECK_FALSE(bt::client::classify_validity_text("hello"));
  CHECK_FALSE(bt::client::classify_validity_text(R"({"a":1,"b":2})"));
  CHECK_FALSE(bt::client::classify_validity_text(R"([[[[[[[[[[[[[[[[)"));
  CHECK(*bt::client::classify_validity_text("Transaction is outdated") == TxError::stale);
}

TEST_CASE("nonce manager (query mode): max(node, local), serialised per account, resync after a failure") {
  PoolNode n;
  auto c = bt::client::Client::connect(n.node.ws_url()).value();
  bt::client::NonceManager nm(*c, {.mode = bt::client::NonceMode::query});
  const auto alice = bt::crypto::Keypair::from_uri("//Alice").value().account_id();
  const auto bob = bt::crypto::Keypair::from_uri("//Bob").value().account_id();
  CHECK_FALSE(nm.local(alice));
  CHECK(nm.next(alice).value() == 5);  // node says 5
  CHECK(nm.next(alice).value() == 6);  // node still says 5 (not yet in its pool): local wins
  n.next_index = 9;                    // another client used the key: the node wins
  CHECK(nm.next(alice).value() == 9);
  CHECK(nm.next(bob).value() == 9);  // accounts are independent
  CHECK(*nm.local(alice) == 10);

  // A failed submission forgets the local counter: the node's nonce is used again.
  n.next_index = 9;
  auto r = nm.submit(alice, [](std::uint64_t nonce) -> bt::Result<void> {
    CHECK(nonce == 10);
    return bt::fail(TxError::bad_signature, "scripted");
  });
  REQUIRE_FALSE(r);
  CHECK(r.error() == TxError::bad_signature);
  CHECK_FALSE(nm.local(alice));
  CHECK(nm.submit(alice, [](std::uint64_t nonce) -> bt::Result<void> {
            CHECK(nonce == 9);
            return bt::ok();
          }).value() == 9);

  // Many threads: every nonce handed out once, in order per account.
  n.next_index = 0;
  nm.resync(alice);
  std::mutex mu;
  std::vector<std::uint64_t> seen;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i)
        REQUIRE(nm.submit(alice, [&](std::uint64_t nonce) -> bt::Result<void> {
          std::lock_guard lock(mu);
          seen.push_back(nonce);
          return bt::ok();
        }));
    });
  for (auto& t : threads) t.join();
  REQUIRE(seen.size() == 100);
  for (std::size_t i = 0; i < seen.size(); ++i) CHECK(seen[i] == i);
}

namespace {
// A fake chain for the nonce manager: the pool takes nonce == next and refuses the others as a node does
// (below: stale, above: future); `external()` is another sender using the same key.
struct FakePool {
  std::mutex mu;
  std::uint64_t next = 0;
  std::vector<std::uint64_t> accepted;
  std::uint64_t refused = 0;
  PoolNode* node = nullptr;
  bt::Result<void> take(std::uint64_t nonce) {
    std::lock_guard lock(mu);
    if (nonce != next) {
      ++refused;
      return bt::fail(nonce < next ? TxError::stale : TxError::future, "fake pool");
    }
    accepted.push_back(nonce);
    node->next_index = ++next;  // what system_accountNextIndex answers (pool-aware)
    return bt::ok();
  }
  void external() {
    std::lock_guard lock(mu);
    node->next_index = ++next;
  }
};
}  // namespace

TEST_CASE("nonce manager (cached mode, the default): one node query, then a local counter") {
  PoolNode n;
  auto c = bt::client::Client::connect(n.node.ws_url()).value();
  bt::client::NonceManager nm(*c);
  CHECK(nm.options().mode == bt::client::NonceMode::cached);
  const auto alice = bt::crypto::Keypair::from_uri("//Alice").value().account_id();
  const auto bob = bt::crypto::Keypair::from_uri("//Bob").value().account_id();
  CHECK(nm.next(alice).value() == 5);  // node says 5
  CHECK(nm.node_queries() == 1);
  n.next_index = 9;  // another sender used the key: not seen until a refresh
  CHECK(nm.next(alice).value() == 6);
  CHECK(nm.next(alice).value() == 7);
  CHECK(nm.node_queries() == 1);
  CHECK(nm.next(bob).value() == 9);  // accounts are independent: bob's counter starts from the node
  CHECK(nm.node_queries() == 2);

  // A refused submission (the stale nonce 8) drops the counter: the retry reads the node.
  auto r = nm.submit(alice, [](std::uint64_t nonce) -> bt::Result<void> {
    CHECK(nonce == 8);
    return bt::fail(TxError::stale, "scripted");
  });
  REQUIRE_FALSE(r);
  CHECK(r.error() == TxError::stale);
  CHECK_FALSE(nm.local(alice));
  CHECK(nm.submit(alice, [](std::uint64_t) -> bt::Result<void> { return bt::ok(); }).value() == 9);
  CHECK(nm.node_queries() == 3);
  CHECK(nm.next(alice).value() == 10);
  CHECK(nm.node_queries() == 3);

  // On demand: resync() and resync_all() make the next nonce the node's (max with nothing local).
  n.next_index = 20;
  nm.resync(alice);
  CHECK(nm.next(alice).value() == 20);
  nm.resync_all();
  CHECK_FALSE(nm.local(alice));
  CHECK_FALSE(nm.local(bob));
  CHECK(nm.next(bob).value() == 20);
  CHECK(nm.next(alice).value() == 20);
  CHECK(nm.node_queries() == 6);

  // Idle refresh: a counter unused for idle_refresh is read from the node again (max(node, local)).
  nm.set_options({.mode = bt::client::NonceMode::cached, .idle_refresh = 50ms});
  n.next_index = 30;
  CHECK(nm.next(alice).value() == 21);  // used just now: still local
  std::this_thread::sleep_for(80ms);
  CHECK(nm.next(alice).value() == 30);  // idle: the node's 30 wins over the local 22
  CHECK(nm.node_queries() == 7);
  nm.set_options({.mode = bt::client::NonceMode::cached, .idle_refresh = 0ms});  // never idles out
  std::this_thread::sleep_for(20ms);
  CHECK(nm.next(alice).value() == 31);
  CHECK(nm.node_queries() == 7);

  // Switching to query mode: the node is asked again for every nonce.
  nm.set_options({.mode = bt::client::NonceMode::query});
  CHECK(nm.next(alice).value() == 32);
  CHECK(nm.next(alice).value() == 33);
  CHECK(nm.node_queries() == 9);
}

TEST_CASE("nonce manager (cached mode): threads, refusals and an external sender against a fake pool") {
  PoolNode n;
  n.next_index = 0;
  FakePool pool;
  pool.node = &n;
  auto c = bt::client::Client::connect(n.node.ws_url()).value();
  bt::client::NonceManager nm(*c);
  const auto alice = bt::crypto::Keypair::from_uri("//Alice").value().account_id();
  constexpr int kThreads = 4, kPerThread = 50;
  std::atomic<int> done{0}, gave_up{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        // Another sender takes a nonce now and then: our counter goes stale until the pool refuses it.
        if (t == 0 && i % 10 == 5) pool.external();
        // As Subtensor::sign_and_submit: retry a nonce refusal (the manager has dropped its counter).
        bool ok = false;
        for (int attempt = 0; attempt < 6 && !ok; ++attempt) {
          auto r = nm.submit(alice, [&](std::uint64_t nonce) { return pool.take(nonce); });
          if (r) {
            ok = true;
          } else {
            CHECK(bt::client::is_nonce_rejection(r.error()));
          }
        }
        (ok ? done : gave_up).fetch_add(1);
      }
    });
  for (auto& th : threads) th.join();
  CHECK(gave_up == 0);
  REQUIRE(done == kThreads * kPerThread);
  // Every transaction landed once (the pool takes only its next nonce, so none collided).
  REQUIRE(pool.accepted.size() == static_cast<std::size_t>(kThreads * kPerThread));
  CHECK(pool.next == static_cast<std::uint64_t>(kThreads * kPerThread + kPerThread / 10));
  // Each external use costs at most one refusal and one node query, not one query per transaction.
  CHECK(pool.refused >= 1);
  CHECK(pool.refused <= static_cast<std::uint64_t>(kPerThread / 10));
  CHECK(nm.node_queries() == 1 + pool.refused);
}
