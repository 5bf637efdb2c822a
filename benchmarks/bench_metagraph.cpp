// SPDX-License-Identifier: MIT
// Metagraph sync of a subnet the size of mainnet subnet 15 at block 4769998 (n = 256, its stakes and its 20
// weight rows from ../shared/data/metagraphs/sn15_block4769998.json, every other item filled), and the
// prediction of its next epoch.
//
//   bench_metagraph                                               # scripted node (loopback) + prediction
//   BT_BENCH_LOCALNET_SPEC143_URL=ws://127.0.0.1:9945 bench_metagraph --benchmark_filter=LocalChain
//       # + the same subnet written into the local spec-143 chain (chopsticks dev_setStorage) and synced
//       #   from it, alternating with polkadot-js doing the same reads in the same run
//       #   (tests/localnet/bench-metagraph-polkadotjs.js, @polkadot/api pinned in tests/localnet):
//       #   BT_BENCH_WARMUP (3) discarded syncs per side, then BT_BENCH_ROUNDS (7) rounds of
//       #   BT_BENCH_PER_ROUND (5) syncs per side; reports the medians, their ratio and the load average.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wrestrict"  // GCC 12 false positive on std::string operator+
#endif
#include <benchmark/benchmark.h>
#include <bt/client/client.hpp>
#include <bt/metagraph/metagraph.hpp>
#include <bt/metagraph/predict.hpp>

#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "../tests/metagraph/scripted_chain.hpp"
#include "../tests/metagraph/subnet_storage.hpp"

namespace {

namespace mg = bt::metagraph;
using bt::Bytes;
using nlohmann::json;
constexpr std::uint16_t kNetuid = 15;
constexpr std::uint64_t kBlock = 4'769'998;

using bt::test::subnet::read_file;

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
  bt::test::subnet::Writer w{spec143_metadata(),
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
  bt::test::subnet::Writer w{spec143_metadata(),
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

// The polkadot-js reference as a child process in serve mode: "K\n" on its stdin runs K syncs and it answers
// one JSON line with their times.
class PolkadotJs {
 public:
  PolkadotJs(const std::string& script, const std::string& url, std::uint16_t netuid) {
    int in[2], out[2];
    if (pipe(in) != 0 || pipe(out) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      dup2(in[0], 0);
      dup2(out[1], 1);
      close(in[1]);
      close(out[0]);
      execlp("node", "node", script.c_str(), url.c_str(), std::to_string(netuid).c_str(), "serve",
             static_cast<char*>(nullptr));
      _exit(127);
    }
    close(in[0]);
    close(out[1]);
    to_ = fdopen(in[1], "w");
    from_ = fdopen(out[0], "r");
    ok_ = pid_ > 0 && to_ && from_ && line().value("ready", false);
  }
  ~PolkadotJs() {
    if (to_) {
      std::fputs("quit\n", to_);
      std::fclose(to_);
    }
    if (from_) std::fclose(from_);
    if (pid_ > 0) waitpid(pid_, nullptr, 0);
  }
  bool ok() const { return ok_; }
  // Runs k syncs; their wall times in ms (empty on failure).
  std::vector<double> run(int k) {
    std::fprintf(to_, "%d\n", k);
    std::fflush(to_);
    const json j = line();
    std::vector<double> t;
    if (!j.is_object() || !j.contains("times")) return t;
    requests_ = j.value("requests", 0);
    for (const auto& x : j["times"]) t.push_back(x.get<double>());
    return t;
  }
  int requests() const { return requests_; }

 private:
  json line() {
    std::string s;
    char buf[4096];
    while (std::fgets(buf, sizeof buf, from_)) {
      s += buf;
      if (!s.empty() && s.back() == '\n') break;
    }
    return json::parse(s, nullptr, false);
  }
  pid_t pid_ = -1;
  FILE* to_ = nullptr;
  FILE* from_ = nullptr;
  bool ok_ = false;
  int requests_ = 0;
};

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t h = v.size() / 2;
  return v.size() % 2 ? v[h] : (v[h - 1] + v[h]) / 2;
}

double load1() {
  double l = 0;
  if (FILE* f = std::fopen("/proc/loadavg", "r")) {
    if (std::fscanf(f, "%lf", &l) != 1) l = 0;
    std::fclose(f);
  }
  return l;
}

double now_ms(clockid_t clock) {
  timespec t{};
  clock_gettime(clock, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int env_int(const char* name, int def) {
  const char* v = std::getenv(name);
  return v && *v ? std::max(1, std::atoi(v)) : def;
}

// bittensor-cpp against polkadot-js on the same chain in the same run: after a warm-up of both (discarded),
// `rounds` rounds each run `per_round` syncs of one side then of the other (the side going first alternates);
// the medians of every timed sync of each side and their ratio are reported. One benchmark iteration holds
// the whole comparison; its time is our median.
void BM_SyncLocalChainVsPolkadotJs(benchmark::State& state) {
  const char* url = std::getenv("BT_BENCH_LOCALNET_SPEC143_URL");
  if (!url || !*url) {
    state.SkipWithError("set BT_BENCH_LOCALNET_SPEC143_URL=ws://127.0.0.1:9945 (spec143) to run");
    return;
  }
  const int rounds = env_int("BT_BENCH_ROUNDS", 7), per_round = env_int("BT_BENCH_PER_ROUND", 5),
            warmup = env_int("BT_BENCH_WARMUP", 3);
  auto c = bt::client::Client::connect(url).value();
  json kv = json::array();
  bt::test::subnet::Writer w{spec143_metadata(), [&](const Bytes& k, const Bytes& v) {
                               kv.push_back({bt::to_hex(k), bt::to_hex(v)});
                             }};
  w.write_input(0, sn15(), 360);
  if (!c->rpc().call("dev_setStorage", json::array({kv}).dump(), std::chrono::seconds(120))) {
    state.SkipWithError("dev_setStorage failed (not a chopsticks node?)");
    return;
  }
  const auto script =
      std::filesystem::path(BT_VECTORS_DIR).parent_path() / "localnet" / "bench-metagraph-polkadotjs.js";
  PolkadotJs pjs(script.string(), url, kNetuid);
  if (!pjs.ok()) {
    state.SkipWithError("polkadot-js reference did not start (node + tests/localnet/node_modules needed)");
    return;
  }
  const double load_before = load1();
  std::vector<double> ours, ours_cpu, theirs;
  mg::Snapshot s;
  auto run_ours = [&](int k, bool keep) {
    for (int i = 0; i < k; ++i) {
      const double t0 = now_ms(CLOCK_MONOTONIC), c0 = now_ms(CLOCK_PROCESS_CPUTIME_ID);
      s = mg::sync(*c, kNetuid).value();
      benchmark::DoNotOptimize(s);
      if (keep) {
        ours.push_back(now_ms(CLOCK_MONOTONIC) - t0);
        ours_cpu.push_back(now_ms(CLOCK_PROCESS_CPUTIME_ID) - c0);
      }
    }
  };
  auto run_theirs = [&](int k, bool keep) {
    auto t = pjs.run(k);
    if (static_cast<int>(t.size()) != k) return false;
    if (keep) theirs.insert(theirs.end(), t.begin(), t.end());
    return true;
  };
  for (auto _ : state) {
    // warm-up: metadata caches, JIT, connections
    if (!run_theirs(warmup, false)) {
      state.SkipWithError("polkadot-js reference failed");
      return;
    }
    run_ours(warmup, false);
    for (int r = 0; r < rounds; ++r) {
      const bool theirs_first = r % 2 == 0;
      if (theirs_first && !run_theirs(per_round, true)) break;
      run_ours(per_round, true);
      if (!theirs_first && !run_theirs(per_round, true)) break;
      std::fprintf(stderr, "round %d: bittensor-cpp median %.2f ms, polkadot-js median %.2f ms (load %.2f)\n",
                   r + 1, median({ours.end() - per_round, ours.end()}),
                   median({theirs.end() - per_round, theirs.end()}), load1());
    }
    state.SetIterationTime(median(ours) / 1e3);
  }
  if (theirs.size() != ours.size()) {
    state.SkipWithError("polkadot-js reference failed");
    return;
  }
  const double m_ours = median(ours), m_theirs = median(theirs);
  state.counters["n"] = s.n;
  state.counters["round_trips"] = s.stats.round_trips;
  state.counters["requests"] = s.stats.requests;
  state.counters["syncs_each"] = static_cast<double>(ours.size());
  state.counters["ours_median_ms"] = m_ours;
  state.counters["ours_cpu_median_ms"] = median(ours_cpu);
  state.counters["pjs_median_ms"] = m_theirs;
  state.counters["pjs_requests"] = pjs.requests();
  state.counters["ratio_of_medians"] = m_ours > 0 ? m_theirs / m_ours : 0;
  state.counters["load1_before"] = load_before;
  state.counters["load1_after"] = load1();
}
BENCHMARK(BM_SyncLocalChainVsPolkadotJs)->Unit(benchmark::kMillisecond)->UseManualTime()->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
