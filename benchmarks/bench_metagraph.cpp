// SPDX-License-Identifier: MIT
// Metagraph sync of a subnet the size of mainnet subnet 15 at block 4769998 (n = 256, its stakes and its 20
// weight rows from ../shared/data/metagraphs/sn15_block4769998.json, every other item filled), and the
// prediction of its next epoch.
//
//   bench_metagraph                                               # scripted node (loopback) + prediction
//   BT_BENCH_LOCALNET_SPEC143_URL=ws://127.0.0.1:9945 bench_metagraph
//       # + the same subnet written into the local spec-143 chain (chopsticks dev_setStorage) and synced
//       #   from it, against polkadot-js doing the same reads in the same run
//       #   (tests/localnet/bench-metagraph-polkadotjs.js, @polkadot/api pinned in tests/localnet)
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wrestrict"  // GCC 12 false positive on std::string operator+
#endif
#include <benchmark/benchmark.h>
#include <bt/client/client.hpp>
#include <bt/metagraph/metagraph.hpp>
#include <bt/metagraph/predict.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "../tests/metagraph/scripted_chain.hpp"
#include "../tests/metagraph/spec143_storage.hpp"

namespace {

namespace mg = bt::metagraph;
using bt::Bytes;
using nlohmann::json;
constexpr std::uint16_t kNetuid = 15;
constexpr std::uint64_t kBlock = 4'769'998;

Bytes read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

// The sn15 snapshot as spec-143 epoch state.
bt::yuma::EpochInput sn15() {
  const char* env = std::getenv("BT_SHARED_DIR");  // default: ../shared next to the clone
  const std::string shared = env && *env ? env : BT_DEFAULT_SHARED_DIR;
  std::ifstream f(shared + "/data/metagraphs/sn15_block4769998.json");
  const json j = json::parse(f, nullptr, false);
  if (!j.is_object()) {
    std::fprintf(stderr,
                 "bench_metagraph: %s/data/metagraphs/sn15_block4769998.json missing (set BT_SHARED_DIR)\n",
                 shared.c_str());
    std::exit(1);
  }
  bt::yuma::EpochInput in;
  in.netuid = kNetuid;
  in.n = j.at("n").get<std::uint16_t>();
  in.current_block = kBlock + 1;
  in.rao_emission = 9'020'050'347;
  in.activity_cutoff = 5000;
  in.max_allowed_validators = 64;
  in.kappa = 32767;
  in.bonds_moving_average = 900'000;
  in.registered.assign(in.n, true);
  in.last_update.assign(in.n, kBlock - 50);
  in.block_at_registration.assign(in.n, kBlock - 100'000);
  in.validator_permit.assign(in.n, false);
  in.weights.assign(in.n, {});
  in.bonds.assign(in.n, {});
  for (const auto& s : j.at("stake_tao"))
    in.stake.push_back(static_cast<std::uint64_t>(s.get<double>() * 1e9));
  for (const auto& w : j.at("weights")) {
    const auto uid = w.at("uid").get<std::uint16_t>();
    in.validator_permit[uid] = true;
    const auto& t = w.at("targets");
    const auto& v = w.at("weights_u16");
    for (std::size_t k = 0; k < t.size(); ++k) {
      in.weights[uid].push_back({t[k].get<std::uint16_t>(), v[k].get<std::uint16_t>()});
      in.bonds[uid].push_back(
          {t[k].get<std::uint16_t>(), static_cast<std::uint16_t>(v[k].get<std::uint16_t>() / 2)});
    }
  }
  return in;
}

const bt::metadata::Metadata& spec143_metadata() {
  static const auto md =
      bt::metadata::Metadata::decode(read_file(std::string(BT_VECTORS_DIR) + "/metadata/spec143_v14.scale"))
          .value();
  return md;
}

void BM_SyncScriptedNode(benchmark::State& state) {
  bt::test::ScriptedChain chain(143, read_file(std::string(BT_VECTORS_DIR) + "/metadata/spec143_v14.scale"));
  const auto in = sn15();
  bt::test::spec143::Writer w{spec143_metadata(),
                              [&](const Bytes& k, const Bytes& v) { chain.set(kBlock, k, v); }};
  w.write_input(kBlock, in, 360);
  auto c = bt::client::Client::connect(chain.url()).value();
  mg::Snapshot s = mg::sync(*c, kNetuid, kBlock).value();  // metadata fetched and cached
  for (auto _ : state) {
    s = mg::sync(*c, kNetuid, kBlock).value();
    benchmark::DoNotOptimize(s);
  }
  state.counters["n"] = s.n;
  state.counters["round_trips"] = s.stats.round_trips;
  state.counters["requests"] = s.stats.requests;
  state.counters["keys"] = s.stats.keys_read;
}
BENCHMARK(BM_SyncScriptedNode)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_PredictSn15(benchmark::State& state) {
  bt::test::ScriptedChain chain(143, read_file(std::string(BT_VECTORS_DIR) + "/metadata/spec143_v14.scale"));
  bt::test::spec143::Writer w{spec143_metadata(),
                              [&](const Bytes& k, const Bytes& v) { chain.set(kBlock, k, v); }};
  w.write_input(kBlock, sn15(), 360);
  auto c = bt::client::Client::connect(chain.url()).value();
  const mg::Snapshot s = mg::sync(*c, kNetuid, kBlock).value();
  for (auto _ : state) {
    auto p = mg::predict_epoch(s).value();
    benchmark::DoNotOptimize(p);
  }
}
BENCHMARK(BM_PredictSn15)->Unit(benchmark::kMillisecond);

void BM_SyncLocalChainVsPolkadotJs(benchmark::State& state) {
  const char* url = std::getenv("BT_BENCH_LOCALNET_SPEC143_URL");
  if (!url || !*url) {
    state.SkipWithError("set BT_BENCH_LOCALNET_SPEC143_URL=ws://127.0.0.1:9945 (spec143) to run");
    return;
  }
  auto c = bt::client::Client::connect(url).value();
  json kv = json::array();
  bt::test::spec143::Writer w{spec143_metadata(), [&](const Bytes& k, const Bytes& v) {
                                kv.push_back({bt::to_hex(k), bt::to_hex(v)});
                              }};
  w.write_input(0, sn15(), 360);
  if (!c->rpc().call("dev_setStorage", json::array({kv}).dump(), std::chrono::seconds(120))) {
    state.SkipWithError("dev_setStorage failed (not a chopsticks node?)");
    return;
  }
  const auto script =
      std::filesystem::path(BT_VECTORS_DIR).parent_path() / "localnet" / "bench-metagraph-polkadotjs.js";
  const std::string cmd = "node " + script.string() + " " + url + " " + std::to_string(kNetuid) + " 5";
  // Google Benchmark calls this function more than once: run the reference once per process.
  static double pjs_best = 0, pjs_mean = 0, pjs_requests = 0;
  static bool pjs_done = false;
  FILE* p = pjs_done ? nullptr : popen(cmd.c_str(), "r");
  pjs_done = true;
  if (p) {
    char buf[4096] = {0};
    std::string out;
    while (std::fgets(buf, sizeof buf, p)) out += buf;
    if (pclose(p) == 0) {
      auto j = json::parse(out, nullptr, false);
      if (j.is_object()) {
        pjs_best = j.value("best_ms", 0.0);
        pjs_mean = j.value("mean_ms", 0.0);
        pjs_requests = j.value("requests", 0.0);
      }
    }
  }
  mg::Snapshot s = mg::sync(*c, kNetuid).value();  // metadata cached, like the polkadot-js side
  for (auto _ : state) {
    s = mg::sync(*c, kNetuid).value();
    benchmark::DoNotOptimize(s);
  }
  state.counters["n"] = s.n;
  state.counters["round_trips"] = s.stats.round_trips;
  state.counters["requests"] = s.stats.requests;
  state.counters["polkadotjs_best_ms"] = pjs_best;
  state.counters["polkadotjs_mean_ms"] = pjs_mean;
  state.counters["polkadotjs_requests"] = pjs_requests;
}
BENCHMARK(BM_SyncLocalChainVsPolkadotJs)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);

}  // namespace

BENCHMARK_MAIN();
