// SPDX-License-Identifier: MIT
// RpcClient against the scripted FakeNode: normal calls, concurrency, batches, subscriptions, and every
// fault the issue lists (refused, killed + restarted node, malformed JSON, wrong ids, no answer, 50 MB
// answer, byte-by-byte answer, missing pongs). Each ends in a typed error or a recovery, within bounds.
// GCC 12 false positive on std::string operator+ (GCC bug 105329).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wrestrict"
#endif
#include <bt/rpc/message.hpp>
#include <bt/rpc/rpc_client.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <fstream>

#include "rpc/fake_node.hpp"

using bt::rpc::RpcClient;
using bt::rpc::RpcError;
using bt::test::FakeNode;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

std::string reply_for(FakeNode::Conn& c, const json& req, bool* sent_directly) {
  const auto id = req.value("id", json());
  const std::string m = req.value("method", "");
  const json params = req.value("params", json::array());
  if (m == "echo") return FakeNode::result(id, params);
  if (m == "fail") return FakeNode::error(id, -32601, "Method not found");
  if (m == "wrong_id") return FakeNode::result(id.get<long long>() + 1000, "x");
  if (m == "malformed") return "{\"jsonrpc\":\"2.0\",\"id\":" + id.dump() + ",\"result\":[1,2";
  if (m == "big") return FakeNode::result(id, std::string(50u << 20, 'a'));
  if (m == "slow") {
    c.send_text_slowly(FakeNode::result(id, "slow-ok"), 1ms);
    *sent_directly = true;
    return {};
  }
  if (m == "drop") {
    c.drop();
    *sent_directly = true;
    return {};
  }
  if (m == "chain_subscribeNewHeads") return FakeNode::result(id, "sub-" + std::to_string(c.fd_));
  if (m == "chain_unsubscribeNewHeads") return FakeNode::result(id, true);
  if (m == "never") {
    *sent_directly = true;
    return {};
  }
  return FakeNode::error(id, -32601, "Method not found");
}

void standard_handler(FakeNode::Conn& c, const std::string& text) {
  json j = json::parse(text, nullptr, false);
  bool direct = false;
  if (j.is_array()) {
    json out = json::array();
    for (const auto& r : j) {
      auto s = reply_for(c, r, &direct);
      if (!s.empty()) out.push_back(json::parse(s));
    }
    c.send_text(out.dump());
    return;
  }
  auto s = reply_for(c, j, &direct);
  if (!direct) c.send_text(s);
}

bt::rpc::Options fast_options() {
  bt::rpc::Options o;
  o.request_timeout = 5s;
  o.connect_timeout = 2s;
  o.reconnect_initial_delay = 20ms;
  o.reconnect_max_delay = 200ms;
  return o;
}

std::unique_ptr<RpcClient> connect_or_fail(const std::string& url, bt::rpc::Options o = fast_options()) {
  auto c = RpcClient::connect(url, o);
  if (!c) FAIL(c.error().to_string());
  return std::move(c).value();
}

template <class F>
bool eventually(F f, std::chrono::milliseconds limit = 5s) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (f()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return f();
}

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t l = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &l);
  ::close(fd);
  return ntohs(a.sin_port);
}

}  // namespace

TEST_CASE("parse_message: responses, errors, batches, notifications") {
  auto r = bt::rpc::parse_message(R"({"jsonrpc":"2.0","id":7,"result":{"a":[1,"0x00"]}})");
  REQUIRE(r);
  CHECK(r->kind == bt::rpc::IncomingMessage::Kind::response);
  CHECK(r->responses.at(0).id == 7u);
  CHECK(r->responses[0].ok);
  CHECK(json::parse(r->responses[0].result_json) == json::parse(R"({"a":[1,"0x00"]})"));

  r = bt::rpc::parse_message(
      R"({"jsonrpc":"2.0","id":3,"error":{"code":1010,"message":"Invalid Transaction","data":"Bad proof"}})");
  REQUIRE(r);
  CHECK_FALSE(r->responses[0].ok);
  CHECK(r->responses[0].error.code == 1010);
  CHECK(r->responses[0].error.message == "Invalid Transaction");
  CHECK(r->responses[0].error.data_json == "\"Bad proof\"");

  r = bt::rpc::parse_message(
      R"([{"jsonrpc":"2.0","id":1,"result":null},{"jsonrpc":"2.0","id":2,"error":{"code":-32601,"message":"x"}}])");
  REQUIRE(r);
  CHECK(r->kind == bt::rpc::IncomingMessage::Kind::batch);
  REQUIRE(r->responses.size() == 2);
  CHECK(r->responses[0].result_json == "null");

  r = bt::rpc::parse_message(
      R"({"jsonrpc":"2.0","method":"chain_newHead","params":{"subscription":"abc","result":{"number":"0x10"}}})");
  REQUIRE(r);
  CHECK(r->kind == bt::rpc::IncomingMessage::Kind::notification);
  CHECK(r->notification.subscription == "abc");
  CHECK(r->notification.method == "chain_newHead");
}

TEST_CASE("parse_message: compact responses keep the node's text, other forms read the same") {
  // compact (no whitespace, no escapes): the result text is handed on as sent, key order included
  const std::string compact =
      R"([{"jsonrpc":"2.0","id":4,"result":[{"block":"0xab","changes":[["0x01","0x02"],["0x03",null]]}]},)"
      R"({"id":5,"jsonrpc":"2.0","result":{"z":true,"a":[0,18446744073,false,{}]}}])";
  auto r = bt::rpc::parse_message(compact);
  REQUIRE(r);
  REQUIRE(r->responses.size() == 2);
  CHECK(r->responses[0].id == 4u);
  CHECK(r->responses[0].result_json == R"([{"block":"0xab","changes":[["0x01","0x02"],["0x03",null]]}])");
  CHECK(r->responses[1].id == 5u);
  CHECK(r->responses[1].result_json == R"({"z":true,"a":[0,18446744073,false,{}]})");
  // the same values with whitespace, escapes, negative or huge numbers, an error entry: same meaning
  for (
      const std::string& other : std::vector<std::string>{
          R"([ {"jsonrpc":"2.0","id":4,"result":[{"block":"0xab","changes":[["0x01","0x02"],["0x03",null]]}]},)"
          R"({"id":5,"jsonrpc":"2.0","result":{"z":true,"a":[0,18446744073,false,{}]}}])",
          R"([{"jsonrpc":"2.0","id":4,"result":[{"block":"\u0030xab","changes":[["0x01","0x02"],["0x03",null]]}]},)"
          R"({"id":5,"jsonrpc":"2.0","result":{"z":true,"a":[0,18446744073,false,{}]}}])"}) {
    auto o = bt::rpc::parse_message(other);
    REQUIRE(o);
    REQUIRE(o->responses.size() == 2);
    for (std::size_t i = 0; i < 2; ++i) {
      CHECK(o->responses[i].id == r->responses[i].id);
      CHECK(json::parse(o->responses[i].result_json) == json::parse(r->responses[i].result_json));
    }
  }
  auto e = bt::rpc::parse_message(
      R"([{"jsonrpc":"2.0","id":1,"result":-1},{"jsonrpc":"2.0","id":2,"result":1e3}])");
  REQUIRE(e);
  CHECK(e->responses[0].result_json == "-1");
  CHECK(json::parse(e->responses[1].result_json) == 1000.0);
  // near misses of the compact form are still checked by the parser
  for (const std::string& bad : std::vector<std::string>{
           R"({"jsonrpc":"2.0","id":1,"result":[1,]})", R"({"jsonrpc":"2.0","id":1,"result":"0x"}x)",
           R"([{"jsonrpc":"2.0","id":1,"result":1},])", R"({"jsonrpc":"2.0","id":1,"result":01})",
           R"({"jsonrpc":"2.0","id":1,"result":{"a"}})", R"({"jsonrpc":"2.0","id":1,"result":[1})"}) {
    INFO(bad);
    CHECK_FALSE(bt::rpc::parse_message(bad));
  }
}

TEST_CASE("parse_message: bad input is a protocol_error") {
  for (const std::string& bad : std::vector<std::string>{
           "", "{", "[]", "42", "\"x\"", "{\"id\":1}", "{\"id\":1,\"error\":5}", "[1,2]",
           "{\"method\":\"x\",\"params\":{}}", "{\"method\":5,\"params\":{\"subscription\":1}}",
           std::string("\xff\xfe", 2)}) {
    auto r = bt::rpc::parse_message(bad);
    REQUIRE_FALSE(r);
    CHECK(r.error() == RpcError::protocol_error);
  }
  std::string deep(100000, '[');
  auto r = bt::rpc::parse_message(deep);
  REQUIRE_FALSE(r);
  CHECK(r.error() == RpcError::protocol_error);
  // a response without a usable id parses (the client counts it as unmatched)
  r = bt::rpc::parse_message(R"({"jsonrpc":"2.0","id":"x","result":1})");
  REQUIRE(r);
  CHECK_FALSE(r->responses[0].id.has_value());
}

TEST_CASE(
    "parse_message: nesting depth limit (128, the shared JSON limit) at the boundary and on the fuzz seeds") {
  const auto nested = [](int depth) {
    return R"({"jsonrpc":"2.0","id":1,"result":)" + std::string(static_cast<std::size_t>(depth - 1), '[') +
           std::string(static_cast<std::size_t>(depth - 1), ']') + "}";
  };
  CHECK(bt::rpc::parse_message(nested(128)));
  auto r = bt::rpc::parse_message(nested(129));
  REQUIRE_FALSE(r);
  CHECK(r.error() == RpcError::protocol_error);
  CHECK(r.error().message().find("nested deeper") != std::string::npos);
  // brackets inside strings are not nesting
  CHECK(bt::rpc::parse_message(R"({"jsonrpc":"2.0","id":1,"result":")" + std::string(5000, '[') + "\"}"));
  // every seed of the fuzz target parses or is a protocol_error
  int seeds = 0;
  for (const auto& e : std::filesystem::directory_iterator(std::string(BT_SOURCE_DIR) +
                                                           "/tests/fuzz/corpus/fuzz_rpc_message")) {
    std::ifstream in(e.path(), std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto m = bt::rpc::parse_message(text);
    if (!m) CHECK(m.error() == RpcError::protocol_error);
    ++seeds;
  }
  CHECK(seeds >= 10);
}

TEST_CASE("make_request: simple params are sent verbatim, everything else as parsed and re-serialised") {
  using J = nlohmann::json;
  for (const char* p : {R"([])", R"([["0xab","0xcd"],"0x01"])", R"([1,0,null,true,false,[[]]])", R"(["a b"])",
                        R"([ 1 ])", R"(["\u0041"])", R"({"a":1})", R"([1.5,-2])"}) {
    INFO(p);
    auto q = bt::rpc::make_request(9, "state_queryStorageAt", p);
    REQUIRE(q);
    auto j = J::parse(*q);
    CHECK(j["jsonrpc"] == "2.0");
    CHECK(j["id"] == 9);
    CHECK(j["method"] == "state_queryStorageAt");
    CHECK(j["params"] == J::parse(p));
  }
  for (const char* p :
       {"[01]", "[1,]", "[,1]", "[\"a]", "[1]]", "[[1]", "[nul]", "[1 2]", "]", "[\"\x01\"]"}) {
    INFO(p);
    CHECK_FALSE(bt::rpc::make_request(1, "m", p));
  }
  CHECK(bt::rpc::make_request(
      1, "m", std::string(9, '[') + std::string(9, ']')));  // deeper than the fast path: parsed
}

TEST_CASE("make_request and node_error round trip") {
  auto q = bt::rpc::make_request(5, "state_getStorage", R"(["0x00"])");
  REQUIRE(q);
  CHECK(json::parse(*q) ==
        json::parse(R"({"jsonrpc":"2.0","id":5,"method":"state_getStorage","params":["0x00"]})"));
  CHECK_FALSE(bt::rpc::make_request(1, "m", "5"));
  CHECK_FALSE(bt::rpc::make_request(1, "m", "[1,"));
  auto e = bt::rpc::make_node_error({-32000, "boom] x", "{\"k\":1}"});
  CHECK(e == RpcError::jsonrpc_error);
  auto back = bt::rpc::node_error(e);
  REQUIRE(back);
  CHECK(back->code == -32000);
  CHECK(back->message == "boom] x");
  CHECK(back->data_json == "{\"k\":1}");
  CHECK_FALSE(bt::rpc::node_error(bt::Error(RpcError::timeout)));
}

TEST_CASE("connect: refused, bad URL") {
  const auto t0 = std::chrono::steady_clock::now();
  auto c = RpcClient::connect("ws://127.0.0.1:" + std::to_string(free_port()), fast_options());
  REQUIRE_FALSE(c);
  CHECK(c.error() == RpcError::transport);
  CHECK(std::chrono::steady_clock::now() - t0 < 3s);
  c = RpcClient::connect("ftp://example.org");
  REQUIRE_FALSE(c);
  CHECK(c.error() == RpcError::invalid_url);
  c = RpcClient::connect("ws://");
  REQUIRE_FALSE(c);
  // HTTP connects lazily: the first call reports the refusal.
  auto h = RpcClient::connect("http://127.0.0.1:" + std::to_string(free_port()), fast_options());
  REQUIRE(h);
  auto r = (*h)->call("echo", "[]");
  REQUIRE_FALSE(r);
  CHECK(r.error() == RpcError::transport);
}

TEST_CASE("ws: calls, JSON-RPC errors, concurrency, batches") {
  FakeNode node(standard_handler);
  auto client = connect_or_fail(node.ws_url());
  auto r = client->call("echo", R"([1,"two",{"three":3}])");
  REQUIRE(r);
  CHECK(json::parse(*r) == json::parse(R"([1,"two",{"three":3}])"));

  r = client->call("fail", "[]");
  REQUIRE_FALSE(r);
  CHECK(r.error() == RpcError::jsonrpc_error);
  CHECK(bt::rpc::node_error(r.error())->code == -32601);

  r = client->call("echo", "not json");
  REQUIRE_FALSE(r);
  CHECK(r.error() == RpcError::protocol_error);

  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        auto x = client->call("echo", "[" + std::to_string(t * 1000 + i) + "]");
        if (x && json::parse(*x)[0] == t * 1000 + i) ok++;
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(ok == 400);

  std::vector<bt::rpc::PendingCall> calls;
  for (int i = 0; i < 100; ++i) calls.push_back(client->call_async("echo", "[" + std::to_string(i) + "]"));
  for (int i = 0; i < 100; ++i) {
    auto x = calls[static_cast<std::size_t>(i)].get();
    REQUIRE(x);
    CHECK(json::parse(*x)[0] == i);
  }

  auto b = client->batch({{"echo", "[1]"}, {"fail", "[]"}, {"echo", "[3]"}});
  REQUIRE(b);
  REQUIRE(b->size() == 3);
  CHECK((*b)[0].value() == "[1]");
  CHECK((*b)[1].error() == RpcError::jsonrpc_error);
  CHECK((*b)[2].value() == "[3]");
}

TEST_CASE("ws: an answer that never comes times out, and cancel works") {
  FakeNode node(standard_handler);
  auto client = connect_or_fail(node.ws_url());
  auto t0 = std::chrono::steady_clock::now();
  auto r = client->call("never", "[]", 200ms);
  REQUIRE_FALSE(r);
  CHECK(r.error() == RpcError::timeout);
  CHECK(std::chrono::steady_clock::now() - t0 < 1500ms);

  auto p = client->call_async("never", "[]", 10s);
  CHECK_FALSE(p.wait_for(50ms));
  t0 = std::chrono::steady_clock::now();
  std::thread canceller([&] {
    std::this_thread::sleep_for(50ms);
    p.cancel();
  });
  auto c = p.get();
  canceller.join();
  REQUIRE_FALSE(c);
  CHECK(c.error() == RpcError::cancelled);
  CHECK(std::chrono::steady_clock::now() - t0 < 2s);
  CHECK(client->call("echo", "[1]"));  // still usable
}

TEST_CASE("ws: wrong ids and malformed JSON are ignored and counted, the caller times out") {
  FakeNode node(standard_handler);
  auto client = connect_or_fail(node.ws_url());
  auto r = client->call("wrong_id", "[]", 300ms);
  REQUIRE_FALSE(r);
  CHECK(r.error() == RpcError::timeout);
  r = client->call("malformed", "[]", 300ms);
  REQUIRE_FALSE(r);
  CHECK(r.error() == RpcError::timeout);
  CHECK(client->stats().protocol_errors >= 2);
  CHECK(client->call("echo", "[2]").value() == "[2]");
}

TEST_CASE("ws: a 50 MB response over the limit is response_too_large, then the client recovers") {
  FakeNode node(standard_handler);
  auto o = fast_options();
  o.max_message_size = 8u << 20;
  auto client = connect_or_fail(node.ws_url(), o);
  auto t0 = std::chrono::steady_clock::now();
  auto r = client->call("big", "[]", 20s);
  REQUIRE_FALSE(r);
  CHECK(r.error() == RpcError::response_too_large);
  CHECK(std::chrono::steady_clock::now() - t0 < 15s);
  auto again = client->call("echo", "[5]");  // reconnects
  REQUIRE(again);
  CHECK(*again == "[5]");
  CHECK(client->stats().reconnects >= 1);
}

TEST_CASE("ws: a 50 MB response under the limit arrives whole") {
  FakeNode node(standard_handler);
  auto client = connect_or_fail(node.ws_url());
  auto r = client->call("big", "[]", 120s);  // generous: sanitizer builds are slow
  if (!r) FAIL(r.error().to_string());
  CHECK(r->size() == (50u << 20) + 2);
}

TEST_CASE("ws: byte-by-byte replies complete, or time out") {
  FakeNode node(standard_handler);
  auto client = connect_or_fail(node.ws_url());
  auto r = client->call("slow", "[]", 10s);
  REQUIRE(r);
  CHECK(*r == "\"slow-ok\"");
  auto t0 = std::chrono::steady_clock::now();
  r = client->call("slow", "[]", 20ms);
  REQUIRE_FALSE(r);
  CHECK(r.error() == RpcError::timeout);
  CHECK(std::chrono::steady_clock::now() - t0 < 1s);
}

TEST_CASE("ws: dropped connection fails in-flight calls with closed, then reconnects") {
  FakeNode node(standard_handler);
  auto client = connect_or_fail(node.ws_url());
  auto pending = client->call_async("never", "[]", 10s);
  auto r = client->call("drop", "[]", 5s);
  REQUIRE_FALSE(r);
  CHECK(r.error() == RpcError::closed);
  auto p = pending.get();
  REQUIRE_FALSE(p);
  CHECK(p.error() == RpcError::closed);
  CHECK(client->call("echo", "[9]").value() == "[9]");
  CHECK(client->stats().reconnects == 1);
}

TEST_CASE("ws: subscription survives a node kill + restart (resubscribed, gap reported)") {
  FakeNode node(standard_handler);
  auto client = connect_or_fail(node.ws_url());
  std::mutex mu;
  std::condition_variable cv;
  std::vector<bt::rpc::SubscriptionEvent> events;
  auto sub = client->subscribe("chain_subscribeNewHeads", "[]", "chain_unsubscribeNewHeads",
                               [&](const bt::rpc::SubscriptionEvent& e) {
                                 std::lock_guard lock(mu);
                                 events.push_back(e);
                                 cv.notify_all();
                               });
  REQUIRE(sub);
  const std::string id1 = sub->id();
  CHECK(id1.rfind("sub-", 0) == 0);
  for (int i = 1; i <= 3; ++i) node.broadcast(FakeNode::notification("chain_newHead", id1, {{"number", i}}));
  // a notification for an unknown subscription is dropped
  node.broadcast(FakeNode::notification("chain_newHead", "other", {{"number", 99}}));
  {
    std::unique_lock lock(mu);
    REQUIRE(cv.wait_for(lock, 5s, [&] { return events.size() >= 3; }));
    CHECK(json::parse(events[2].result_json)["number"] == 3);
  }
  node.kill();
  CHECK(eventually([&] { return !client->stats().connected; }));
  auto during = client->call("echo", "[1]", 100ms);  // node down: waits for reconnect, then times out
  REQUIRE_FALSE(during);
  CHECK(during.error() == RpcError::timeout);
  std::this_thread::sleep_for(300ms);
  node.restart();
  {
    std::unique_lock lock(mu);
    REQUIRE(cv.wait_for(lock, 10s, [&] { return events.size() >= 4; }));
    CHECK(events[3].kind == bt::rpc::SubscriptionEvent::Kind::resubscribed);
    CHECK(events[3].gap_ms >= 300ms);
  }
  const std::string id2 = sub->id();
  CHECK(id2.rfind("sub-", 0) == 0);
  node.broadcast(FakeNode::notification("chain_newHead", id2, {{"number", 4}}));
  {
    std::unique_lock lock(mu);
    REQUIRE(cv.wait_for(lock, 5s, [&] { return events.size() >= 5; }));
    CHECK(json::parse(events[4].result_json)["number"] == 4);
  }
  sub->unsubscribe();
  CHECK_FALSE(sub->active());
  const auto n = events.size();
  node.broadcast(FakeNode::notification("chain_newHead", id2, {{"number", 5}}));
  std::this_thread::sleep_for(100ms);
  std::lock_guard lock(mu);
  CHECK(events.size() == n);
}

TEST_CASE("ws: missing pongs drop the connection and the client reconnects") {
  FakeNode node(standard_handler);
  node.ignore_pings = true;
  auto o = fast_options();
  o.ping_interval = 100ms;
  o.pong_timeout = 200ms;
  auto client = connect_or_fail(node.ws_url(), o);
  CHECK(eventually([&] { return client->stats().reconnects >= 1; }, 5s));
  node.ignore_pings = false;
  CHECK(client->call("echo", "[1]").value() == "[1]");
}

TEST_CASE("ws: close() fails pending calls, joins threads and is idempotent") {
  FakeNode node(standard_handler);
  auto client = connect_or_fail(node.ws_url());
  auto pending = client->call_async("never", "[]", 30s);
  std::thread waiter([&] {
    auto r = client->call("never", "[]", 30s);
    CHECK(r.error() == RpcError::closed);
  });
  std::this_thread::sleep_for(100ms);
  const auto t0 = std::chrono::steady_clock::now();
  client->close();
  waiter.join();
  CHECK(std::chrono::steady_clock::now() - t0 < 5s);
  CHECK(pending.get().error() == RpcError::closed);
  CHECK(client->call("echo", "[]").error() == RpcError::closed);
  client->close();
  CHECK(client->subscribe("chain_subscribeNewHeads", "[]", "chain_unsubscribeNewHeads", nullptr).error() ==
        RpcError::closed);
}

TEST_CASE("ws: many clients created and destroyed in a loop do not leak connections") {
  FakeNode node(standard_handler);
  for (int i = 0; i < 30; ++i) {
    auto client = connect_or_fail(node.ws_url());
    REQUIRE(client->call("echo", "[1]"));
  }
  CHECK(node.connections_accepted() == 30);
  // every fd the clients used is closed again: opening a new one gets a low number
  CHECK(::dup(0) < 200);
}

TEST_CASE("http: calls, errors, batches, async, subscriptions unsupported") {
  FakeNode node(standard_handler);
  auto client = connect_or_fail(node.http_url());
  auto r = client->call("echo", "[1,2]");
  REQUIRE(r);
  CHECK(*r == "[1,2]");
  r = client->call("fail", "[]");
  REQUIRE_FALSE(r);
  CHECK(bt::rpc::node_error(r.error())->code == -32601);
  auto b = client->batch({{"echo", "[1]"}, {"fail", "[]"}});
  REQUIRE(b);
  CHECK((*b)[0].value() == "[1]");
  CHECK((*b)[1].error() == RpcError::jsonrpc_error);
  auto p = client->call_async("echo", "[3]");
  CHECK(p.get().value() == "[3]");
  auto t0 = std::chrono::steady_clock::now();
  r = client->call("never", "[]", 300ms);
  REQUIRE_FALSE(r);
  CHECK((r.error() == RpcError::timeout || r.error() == RpcError::transport));
  CHECK(std::chrono::steady_clock::now() - t0 < 3s);
  auto o = fast_options();
  o.max_message_size = 1u << 20;
  auto small = connect_or_fail(node.http_url(), o);
  r = small->call("big", "[]", 20s);
  REQUIRE_FALSE(r);
  CHECK(r.error() == RpcError::response_too_large);
  auto s = client->subscribe("chain_subscribeNewHeads", "[]", "chain_unsubscribeNewHeads", nullptr);
  REQUIRE_FALSE(s);
  CHECK(s.error() == RpcError::unsupported);
}

TEST_CASE("an unreadable ca_file is a typed error at connect, not a silent fallback", "[rpc][tls]") {
  for (const char* url : {"wss://127.0.0.1:1", "https://127.0.0.1:1"}) {
    INFO(url);
    bt::rpc::Options opt;
    opt.ca_file = "/nonexistent/ca.pem";
    auto c = RpcClient::connect(url, opt);
    REQUIRE_FALSE(c);
    CHECK(c.error() == RpcError::transport);
    CHECK(c.error().message().find("ca_file") != std::string::npos);
    opt.ca_file = BT_VECTORS_DIR;  // a directory is not a CA bundle either
    auto d = RpcClient::connect(url, opt);
    REQUIRE_FALSE(d);
    CHECK(d.error().message().find("ca_file") != std::string::npos);
  }
}

TEST_CASE("ws: a notification flood is bounded: the oldest are dropped and counted", "[rpc][flood]") {
  FakeNode node(standard_handler);
  auto o = fast_options();
  o.max_queued_notifications = 64;
  auto client = connect_or_fail(node.ws_url(), o);
  std::mutex mu;
  std::condition_variable cv;
  bool release = false;
  std::vector<int> seen;
  auto sub = client->subscribe("chain_subscribeNewHeads", "[]", "chain_unsubscribeNewHeads",
                               [&](const bt::rpc::SubscriptionEvent& e) {
                                 std::unique_lock lock(mu);
                                 cv.wait(lock, [&] { return release; });  // a callback slower than the node
                                 seen.push_back(json::parse(e.result_json)["number"].get<int>());
                               });
  REQUIRE(sub);
  constexpr int kSent = 20000;
  for (int i = 1; i <= kSent; ++i)
    node.broadcast(
        FakeNode::notification("chain_newHead", sub->id(), {{"number", i}, {"pad", std::string(200, 'x')}}));
  // everything arrived: each notification was either queued (at most 64 + the one running) or dropped
  CHECK(eventually([&] { return client->stats().notifications_dropped >= kSent - 65; }, 20s));
  const auto dropped = client->stats().notifications_dropped;
  {
    std::lock_guard lock(mu);
    release = true;
  }
  cv.notify_all();
  CHECK(eventually([&] {
    std::lock_guard lock(mu);
    return seen.size() + dropped == static_cast<std::size_t>(kSent);
  }));
  std::lock_guard lock(mu);
  CHECK(seen.size() <= 65);
  REQUIRE_FALSE(seen.empty());
  CHECK(seen.back() == kSent);                      // the newest survives
  CHECK(std::is_sorted(seen.begin(), seen.end()));  // still in arrival order
}

TEST_CASE("ws: a failed re-subscribe after a reconnect surfaces an error and clears active",
          "[rpc][resubscribe]") {
  std::atomic<int> subscribes{0};
  FakeNode node([&](FakeNode::Conn& c, const std::string& text) {
    const json j = json::parse(text, nullptr, false);
    if (j.value("method", "") == "chain_subscribeNewHeads" && subscribes++ > 0) {
      c.send_text(FakeNode::error(j["id"], -32000, "subscriptions are full"));
      return;
    }
    standard_handler(c, text);
  });
  auto client = connect_or_fail(node.ws_url());
  std::mutex mu;
  std::condition_variable cv;
  std::vector<bt::rpc::SubscriptionEvent> events;
  bool active_in_callback = true;
  bt::rpc::Subscription* handle = nullptr;
  auto sub = client->subscribe("chain_subscribeNewHeads", "[]", "chain_unsubscribeNewHeads",
                               [&](const bt::rpc::SubscriptionEvent& e) {
                                 std::lock_guard lock(mu);
                                 if (e.kind == bt::rpc::SubscriptionEvent::Kind::error && handle)
                                   active_in_callback = handle->active();
                                 events.push_back(e);
                                 cv.notify_all();
                               });
  REQUIRE(sub);
  {
    std::lock_guard lock(mu);
    handle = &*sub;
  }
  CHECK(sub->active());
  CHECK_FALSE(client->call("drop", "[]", 2s));  // the node drops the connection; the client reconnects
  {
    std::unique_lock lock(mu);
    REQUIRE(cv.wait_for(lock, 10s, [&] { return !events.empty(); }));
    REQUIRE(events[0].kind == bt::rpc::SubscriptionEvent::Kind::error);
    REQUIRE(events[0].error);
    CHECK(events[0].error->code() == RpcError::jsonrpc_error);
    CHECK(bt::rpc::node_error(*events[0].error)->code == -32000);
    CHECK_FALSE(active_in_callback);
  }
  CHECK_FALSE(sub->active());
  // nothing else arrives for the dead subscription, and the client itself works
  CHECK(client->call("echo", "[1]").value() == "[1]");
  std::this_thread::sleep_for(100ms);
  std::lock_guard lock(mu);
  CHECK(events.size() == 1);
}

TEST_CASE("ws: with auto_reconnect off, a dropped connection ends subscriptions with an error",
          "[rpc][resubscribe]") {
  FakeNode node(standard_handler);
  auto o = fast_options();
  o.auto_reconnect = false;
  auto client = connect_or_fail(node.ws_url(), o);
  std::mutex mu;
  std::condition_variable cv;
  std::vector<bt::rpc::SubscriptionEvent> events;
  auto sub = client->subscribe("chain_subscribeNewHeads", "[]", "chain_unsubscribeNewHeads",
                               [&](const bt::rpc::SubscriptionEvent& e) {
                                 std::lock_guard lock(mu);
                                 events.push_back(e);
                                 cv.notify_all();
                               });
  REQUIRE(sub);
  node.kill();
  std::unique_lock lock(mu);
  REQUIRE(cv.wait_for(lock, 5s, [&] { return !events.empty(); }));
  CHECK(events[0].kind == bt::rpc::SubscriptionEvent::Kind::error);
  CHECK(events[0].error->code() == RpcError::closed);
  CHECK_FALSE(sub->active());
}

TEST_CASE("ws: no error event after unsubscribe()", "[rpc][resubscribe]") {
  std::atomic<int> subscribes{0};
  FakeNode node([&](FakeNode::Conn& c, const std::string& text) {
    const json j = json::parse(text, nullptr, false);
    if (j.value("method", "") == "chain_subscribeNewHeads" && subscribes++ > 0) {
      c.send_text(FakeNode::error(j["id"], -32000, "no"));
      return;
    }
    standard_handler(c, text);
  });
  auto client = connect_or_fail(node.ws_url());
  std::atomic<int> calls{0};
  auto sub = client->subscribe("chain_subscribeNewHeads", "[]", "chain_unsubscribeNewHeads",
                               [&](const bt::rpc::SubscriptionEvent&) { calls++; });
  REQUIRE(sub);
  sub->unsubscribe();
  CHECK_FALSE(client->call("drop", "[]", 2s));
  CHECK(client->call("echo", "[1]").value() == "[1]");
  std::this_thread::sleep_for(200ms);
  CHECK(calls == 0);
}
