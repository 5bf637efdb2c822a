// SPDX-License-Identifier: MIT
// RpcClient over loopback against the scripted node of the tests: round-trip latency, requests per second
// with many requests in flight, batches, HTTP. (The chain fetch benchmark is bench_client.)
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wrestrict"  // GCC 12 false positive on std::string operator+
#endif
#include <benchmark/benchmark.h>
#include <bt/rpc/rpc_client.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "../tests/rpc/fake_node.hpp"

namespace {
using bt::test::FakeNode;
using nlohmann::json;

void echo_handler(FakeNode::Conn& c, const std::string& text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_array()) {
    json out = json::array();
    for (auto& r : j) out.push_back({{"jsonrpc", "2.0"}, {"id", r["id"]}, {"result", r["params"]}});
    c.send_text(out.dump());
    return;
  }
  c.send_text(FakeNode::result(j["id"], j["params"]));
}

FakeNode& node() {
  static FakeNode n(echo_handler);
  return n;
}

void BM_WsRoundTrip(benchmark::State& state) {
  auto c = bt::rpc::RpcClient::connect(node().ws_url()).value();
  for (auto _ : state) {
    auto r = c->call("echo", "[1]");
    if (!r) state.SkipWithError(r.error().to_string().c_str());
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_WsRoundTrip)->UseRealTime();

// `range(0)` requests in flight at once on one connection.
void BM_WsPipelined(benchmark::State& state) {
  auto c = bt::rpc::RpcClient::connect(node().ws_url()).value();
  const auto n = static_cast<std::size_t>(state.range(0));
  std::vector<bt::rpc::PendingCall> calls(n);
  for (auto _ : state) {
    for (std::size_t i = 0; i < n; ++i) calls[i] = c->call_async("echo", "[1]");
    for (auto& p : calls)
      if (!p.get()) state.SkipWithError("call failed");
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
}
BENCHMARK(BM_WsPipelined)->Arg(100)->Arg(1000)->UseRealTime();

void BM_WsBatch(benchmark::State& state) {
  auto c = bt::rpc::RpcClient::connect(node().ws_url()).value();
  std::vector<bt::rpc::Request> reqs(static_cast<std::size_t>(state.range(0)), {"echo", "[1]"});
  for (auto _ : state) {
    auto r = c->batch(reqs);
    if (!r) state.SkipWithError(r.error().to_string().c_str());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_WsBatch)->Arg(100)->UseRealTime();

void BM_HttpRoundTrip(benchmark::State& state) {
  auto c = bt::rpc::RpcClient::connect(node().http_url()).value();
  for (auto _ : state) {
    auto r = c->call("echo", "[1]");
    if (!r) state.SkipWithError(r.error().to_string().c_str());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HttpRoundTrip)->UseRealTime();
}  // namespace

BENCHMARK_MAIN();
