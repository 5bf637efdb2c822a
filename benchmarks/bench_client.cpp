// SPDX-License-Identifier: MIT
// bt::client::Client against a local chain: the time to fetch every Weights and Bonds entry of a subnet,
// against polkadot-js doing the same in the same run. Skipped without a chain:
//
//   BT_BENCH_LOCALNET_URL=ws://127.0.0.1:9944 bench_client
//
// The benchmark writes 256 Weights and 256 Bonds rows of 256 (u16,u16) pairs for netuid 42 with
// chopsticks' dev_setStorage (raonet runtime), then times Client::storage_entries + decoding.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wrestrict"  // GCC 12 false positive on std::string operator+
#endif
#include <benchmark/benchmark.h>

#include <bt/client/client.hpp>
#include <bt/crypto/hashing.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace {
using nlohmann::json;

constexpr std::uint16_t kNetuid = 42;
constexpr int kRows = 256;
constexpr int kPairs = 256;

bt::Bytes subtensor_prefix(std::string_view item) {
  bt::Bytes k;
  for (auto p :
       {bt::crypto::twox_128(bt::as_bytes("SubtensorModule")), bt::crypto::twox_128(bt::as_bytes(item))})
    k.insert(k.end(), p.begin(), p.end());
  k.push_back(kNetuid & 0xff);
  k.push_back(kNetuid >> 8);
  return k;
}

// Vec<(u16,u16)>: compact length, then pairs little-endian.
bool decode_pairs(const bt::Bytes& v, std::vector<std::pair<std::uint16_t, std::uint16_t>>& out) {
  if (v.empty()) return false;
  std::size_t n = 0, off = 0;
  switch (v[0] & 3) {
    case 0:
      n = v[0] >> 2;
      off = 1;
      break;
    case 1:
      if (v.size() < 2) return false;
      n = (v[0] | (v[1] << 8)) >> 2;
      off = 2;
      break;
    case 2:
      if (v.size() < 4) return false;
      n = (v[0] | (v[1] << 8) | (v[2] << 16) | (std::size_t{v[3]} << 24)) >> 2;
      off = 4;
      break;
    default:
      return false;
  }
  if (v.size() != off + 4 * n) return false;
  out.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint8_t* p = v.data() + off + 4 * i;
    out[i] = {static_cast<std::uint16_t>(p[0] | (p[1] << 8)), static_cast<std::uint16_t>(p[2] | (p[3] << 8))};
  }
  return true;
}

bool populate(bt::client::Client& c) {
  json kv = json::array();
  for (const char* item : {"Weights", "Bonds"}) {
    for (int uid = 0; uid < kRows; ++uid) {
      bt::Bytes key = subtensor_prefix(item);
      key.push_back(static_cast<std::uint8_t>(uid & 0xff));
      key.push_back(static_cast<std::uint8_t>(uid >> 8));
      bt::Bytes val = {static_cast<std::uint8_t>(((kPairs << 2) | 1) & 0xff),
                       static_cast<std::uint8_t>((kPairs << 2) >> 8)};
      for (int j = 0; j < kPairs; ++j) {
        const int w = (uid * 7919 + j * 104729) % 65536;
        val.insert(val.end(), {static_cast<std::uint8_t>(j & 0xff), static_cast<std::uint8_t>(j >> 8),
                               static_cast<std::uint8_t>(w & 0xff), static_cast<std::uint8_t>(w >> 8)});
      }
      kv.push_back(json::array({bt::to_hex(key), bt::to_hex(val)}));
    }
  }
  return static_cast<bool>(
      c.rpc().call("dev_setStorage", json::array({kv}).dump(), std::chrono::seconds(120)));
}

void BM_FetchWeightsAndBonds(benchmark::State& state) {
  const char* url = std::getenv("BT_BENCH_LOCALNET_URL");
  if (!url || !*url) {
    state.SkipWithError("set BT_BENCH_LOCALNET_URL=ws://127.0.0.1:9944 (raonet) to run");
    return;
  }
  auto c = bt::client::Client::connect(url).value();
  if (!populate(*c)) {
    state.SkipWithError("dev_setStorage failed (not a chopsticks node?)");
    return;
  }
  // polkadot-js doing the same fetch, in the same run
  double pjs_best = 0;
  const auto script = std::filesystem::path(__FILE__).parent_path() / ".." / "tests" / "localnet" /
                      "bench-weights-polkadotjs.js";
  const std::string cmd = "node " + script.string() + " " + url + " " + std::to_string(kNetuid) + " 5";
  if (FILE* p = popen(cmd.c_str(), "r")) {
    char buf[512] = {0};
    std::string out;
    while (std::fgets(buf, sizeof buf, p)) out += buf;
    if (pclose(p) == 0) {
      auto j = json::parse(out, nullptr, false);
      if (j.is_object()) pjs_best = j.value("best_ms", 0.0);
    }
  }
  std::size_t pairs = 0;
  for (auto _ : state) {
    pairs = 0;
    std::vector<std::pair<std::uint16_t, std::uint16_t>> row;
    for (const char* item : {"Weights", "Bonds"}) {
      auto entries = c->storage_entries(subtensor_prefix(item));
      if (!entries || entries->size() != kRows) {
        state.SkipWithError("fetch failed");
        return;
      }
      for (const auto& [k, v] : *entries) {
        if (!decode_pairs(v, row)) state.SkipWithError("bad row");
        pairs += row.size();
      }
    }
  }
  state.counters["rows"] = 2 * kRows;
  state.counters["pairs"] = static_cast<double>(pairs);
  state.counters["polkadotjs_best_ms"] = pjs_best;
}
BENCHMARK(BM_FetchWeightsAndBonds)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);

}  // namespace

BENCHMARK_MAIN();
