// SPDX-License-Identifier: MIT
// bt::client::Client against a scripted node: JSON decoding, bad answers, metadata caching across a
// runtime upgrade, paged iteration, fee info.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wrestrict"  // GCC 12 false positive on std::string operator+
#endif
#include <bt/client/client.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <map>

#include "rpc/fake_node.hpp"

using bt::Bytes;
using bt::client::Client;
using bt::client::ClientError;
using bt::test::FakeNode;
using nlohmann::json;

namespace {

struct Chain {
  std::atomic<int> spec{100};
  std::atomic<int> metadata_calls{0};
  std::atomic<bool> garbage{false};
  std::map<std::string, std::string> storage;  // hex key -> hex value (sorted = key order)
  std::string payment =
      R"({"weight":{"refTime":12345,"proofSize":678},"class":"normal","partialFee":"340282366920938463463374607431768211455"})";

  std::string answer(const json& req) {
    const auto id = req["id"];
    const std::string m = req["method"];
    const json p = req.value("params", json::array());
    if (garbage) return FakeNode::result(id, "0xzz");
    if (m == "state_getRuntimeVersion")
      return FakeNode::result(id, {{"specName", "node-subtensor"},
                                   {"implName", "x"},
                                   {"specVersion", spec.load()},
                                   {"implVersion", 1},
                                   {"transactionVersion", 1},
                                   {"stateVersion", 1},
                                   {"apis", json::array({json::array({"0xdf6acb689907609b", 4})})}});
    if (m == "state_getMetadata") {
      metadata_calls++;
      return FakeNode::result(id, "0x6d657461" + std::string(spec.load() == 100 ? "0e" : "0f") + "00");
    }
    if (m == "chain_getBlockHash") {
      if (!p.empty() && p[0] == 5) return FakeNode::result(id, nullptr);
      return FakeNode::result(id, "0x" + std::string(64, '4'));
    }
    if (m == "chain_getHeader")
      return FakeNode::result(id, {{"parentHash", "0x" + std::string(64, '1')},
                                   {"number", "0x1f"},
                                   {"stateRoot", "0x" + std::string(64, '2')},
                                   {"extrinsicsRoot", "0x" + std::string(64, '3')},
                                   {"digest", {{"logs", json::array({"0x0642"})}}}});
    if (m == "state_getStorage") {
      auto it = storage.find(p[0].get<std::string>());
      return FakeNode::result(id, it == storage.end() ? json(nullptr) : json(it->second));
    }
    if (m == "state_getKeysPaged") {
      const std::string prefix = p[0];
      const std::size_t count = p[1];
      json out = json::array();
      auto it = p[2].is_null() ? storage.lower_bound(prefix) : storage.upper_bound(p[2].get<std::string>());
      for (; it != storage.end() && out.size() < count && it->first.rfind(prefix, 0) == 0; ++it)
        out.push_back(it->first);
      return FakeNode::result(id, out);
    }
    if (m == "state_queryStorageAt") {
      json changes = json::array();
      for (const auto& k : p[0]) {
        auto it = storage.find(k.get<std::string>());
        changes.push_back(json::array({k, it == storage.end() ? json(nullptr) : json(it->second)}));
      }
      return FakeNode::result(id,
                              json::array({{{"block", "0x" + std::string(64, '4')}, {"changes", changes}}}));
    }
    if (m == "system_accountNextIndex") return FakeNode::result(id, 7);
    if (m == "payment_queryInfo") return FakeNode::result(id, json::parse(payment));
    if (m == "state_call") return FakeNode::result(id, "0x0102");
    return FakeNode::error(id, -32601, "Method not found");
  }
};

}  // namespace

TEST_CASE("client: decoding of chain answers") {
  Chain chain;
  FakeNode node(
      [&](FakeNode::Conn& c, const std::string& text) { c.send_text(chain.answer(json::parse(text))); });
  auto c = Client::connect(node.ws_url()).value();
  auto v = c->runtime_version().value();
  CHECK(v.spec_version == 100);
  CHECK(v.apis.size() == 1);
  CHECK(v.apis[0].second == 4);
  auto h = c->header().value();
  CHECK(h.number == 31);
  CHECK(h.parent_hash[0] == 0x11);
  CHECK(h.digest_logs == std::vector<Bytes>{{0x06, 0x42}});
  CHECK(c->genesis_hash().value()[0] == 0x44);
  auto missing = c->block_hash(5);
  REQUIRE_FALSE(missing);
  CHECK(missing.error() == ClientError::not_found);
  CHECK(c->account_next_index("5Grw").value() == 7);
  CHECK(c->state_call("X_y", Bytes{1}).value() == Bytes{1, 2});
  auto fee = c->payment_query_info(Bytes{0}).value();
  CHECK(fee.ref_time == 12345);
  CHECK(fee.proof_size == 678);
  CHECK(fee.dispatch_class == "normal");
  CHECK(fee.partial_fee == "340282366920938463463374607431768211455");
  CHECK(fee.partial_fee_u64 == UINT64_MAX);
  chain.payment = R"({"weight":99,"class":"normal","partialFee":"1000"})";  // legacy weight shape
  fee = c->payment_query_info(Bytes{0}).value();
  CHECK(fee.ref_time == 99);
  CHECK(fee.partial_fee_u64 == 1000);
  chain.payment = R"({"weight":99,"class":"normal","partialFee":"-5"})";
  CHECK(c->payment_query_info(Bytes{0}).error() == ClientError::bad_response);
  auto unknown = c->rpc().call("nope");
  CHECK(unknown.error() == bt::rpc::RpcError::jsonrpc_error);
}

TEST_CASE("client: malformed answers are ClientError::bad_response") {
  Chain chain;
  chain.garbage = true;
  FakeNode node(
      [&](FakeNode::Conn& c, const std::string& text) { c.send_text(chain.answer(json::parse(text))); });
  auto c = Client::connect(node.ws_url()).value();
  CHECK(c->genesis_hash().error() == ClientError::bad_response);
  CHECK(c->runtime_version().error() == ClientError::bad_response);
  CHECK(c->header().error() == ClientError::bad_response);
  CHECK(c->storage(Bytes{1}).error() == ClientError::bad_response);
  CHECK(c->state_call("a", {}).error() == ClientError::bad_response);
  CHECK(c->storage_keys_paged(Bytes{1}, 10).error() == ClientError::bad_response);
  CHECK(c->storage_keys_paged(Bytes{1}, 0).error() == ClientError::invalid_argument);
  for (std::string bad :
       {"{}", "[]", "{\"parentHash\":1,\"number\":\"0x1\",\"stateRoot\":\"0x\",\"extrinsicsRoot\":\"0x\"}",
        "{\"parentHash\":\"0x00\",\"number\":\"0xfffffffffffffffffff\"}"}) {
    CHECK(Client::parse_header(bad).error() == ClientError::bad_response);
  }
}

TEST_CASE("client: metadata is fetched once per runtime version and refreshed after an upgrade") {
  Chain chain;
  FakeNode node(
      [&](FakeNode::Conn& c, const std::string& text) { c.send_text(chain.answer(json::parse(text))); });
  auto c = Client::connect(node.ws_url()).value();
  auto a = c->metadata().value();
  auto b = c->metadata().value();
  CHECK(a.get() == b.get());
  CHECK(chain.metadata_calls == 1);
  CHECK(a->at(4) == 14);
  chain.spec = 101;  // runtime upgrade
  auto d = c->metadata().value();
  CHECK(chain.metadata_calls == 2);
  CHECK(d->at(4) == 15);
  chain.spec = 100;  // an old block: served from the cache
  CHECK(c->metadata().value().get() == a.get());
  CHECK(chain.metadata_calls == 2);
}

TEST_CASE("client: paged iteration visits every entry once, for any page size") {
  Chain chain;
  for (int i = 0; i < 57; ++i) {
    char k[16];
    std::snprintf(k, sizeof k, "0xaabb%04x", i);
    chain.storage[k] = "0x" + std::string(2, static_cast<char>('0' + i % 10));
  }
  chain.storage["0xaacc00"] = "0x01";  // another prefix
  FakeNode node(
      [&](FakeNode::Conn& c, const std::string& text) { c.send_text(chain.answer(json::parse(text))); });
  auto c = Client::connect(node.ws_url()).value();
  const Bytes prefix = {0xaa, 0xbb};
  for (std::uint32_t page : {1u, 2u, 10u, 56u, 57u, 58u, 1000u}) {
    auto all = c->storage_entries(prefix, std::nullopt, page);
    REQUIRE(all);
    REQUIRE(all->size() == 57);
    CHECK(all->front().first == Bytes{0xaa, 0xbb, 0x00, 0x00});
    CHECK(all->back().first == Bytes{0xaa, 0xbb, 0x00, 0x38});
  }
  int seen = 0;
  REQUIRE(c->for_each_storage(
      prefix, [&](const Bytes&, const Bytes&) { return ++seen < 5; }, std::nullopt, 2));
  CHECK(seen == 5);
  std::vector<Bytes> keys = {{0xaa, 0xbb, 0, 3}, {0xde, 0xad}, {0xaa, 0xbb, 0, 3}};
  auto multi = c->storage_multi(keys).value();
  CHECK(multi[0] == Bytes{0x33});
  CHECK_FALSE(multi[1].has_value());
  CHECK(multi[2] == Bytes{0x33});
  CHECK(c->storage(Bytes{0xaa, 0xbb, 0, 3}).value() == Bytes{0x33});
  CHECK(c->storage(Bytes{0xde}).value() == std::nullopt);
}
