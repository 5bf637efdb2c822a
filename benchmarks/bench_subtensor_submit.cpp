// SPDX-License-Identifier: MIT
// Submitting transactions to the local raonet chain through bt::subtensor::Subtensor, against polkadot-js
// (tests/localnet/bench-submit-polkadotjs.js, @polkadot/api pinned in tests/localnet) in the same run:
//
//   tests/localnet/localnet.sh start raonet 9944
//   BT_BENCH_LOCALNET_RAONET_URL=ws://127.0.0.1:9944 build/dev/benchmarks/bench_subtensor_submit
//   tests/localnet/localnet.sh stop raonet 9944
//
// Environment: BT_BENCH_SUBMIT_N transfers per throughput round (default 50), BT_BENCH_SUBMIT_K transfers
// per latency round (default 5), BT_BENCH_SUBMIT_ROUNDS rounds (default 3). Without the URL the benchmarks
// are skipped.
//
// Throughput: N Balances.transfer_keep_alive from one key sent back to back, each signed with the nonce of
// the Subtensor's NonceManager in its default mode (NonceMode::cached: the node's nonce read once, then
// counted locally) and handed to the pool (Subtensor::transfer with WaitFor::none: author_submitExtrinsic);
// "submit" is the time until the pool accepted the last one; then dev_newBlock until the sender's on-chain
// nonce says all N are in blocks ("include", measured from the first submission). "query mode" is the same
// through a second Subtensor whose NonceManager is in NonceMode::query (system_accountNextIndex before
// every transaction, the behaviour before the cached mode existed).
// "explicit nonces" is the same Subtensor::transfer with SubmitOptions::tx.nonce set by the caller from one
// system_accountNextIndex read (no NonceManager), which is what the polkadot-js side does (see its header).
// "pre-signed" submits N extrinsics signed before the clock starts
// (Client::submit_extrinsic only): the node's own floor (pool validation + one round trip per transaction).
// Latency (chopsticks in Instant mode: it builds a block as soon as a transaction arrives): one transfer
// signed, submitted and watched until it is in a block (Subtensor::transfer, WaitFor::in_block, which also
// reads the block's events for the receipt), K times, median. polkadot-js's signAndSend callback, which also
// fetches the events, sometimes never sees InBlock on chopsticks (see the script): its wait then ends on
// Finalized, 100 ms later; counter pjs_finalized_only says how often.
// Each round runs every side, reversing the order every other round; every side has its own sender (ours
// //Charlie, query mode //Alice, explicit nonces //Bob, pre-signed //Ferdie, polkadot-js //Dave; all pay
// //Eve) so nonces never collide. The load average is read before and after. Results per round go to stderr;
// counters hold the medians and ratios.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wrestrict"  // GCC 12 false positive on std::string operator+
#endif
#include <benchmark/benchmark.h>

#include <bt/client/submit.hpp>
#include <bt/client/tx.hpp>
#include <bt/subtensor/subtensor.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;
constexpr std::uint64_t kAmountRao = 1'000'000;  // per transfer; the senders hold 1e6 TAO each

int env_int(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::max(1, std::atoi(v)) : fallback;
}

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

double load1() {
  std::ifstream f("/proc/loadavg");
  double l = 0;
  f >> l;
  return l;
}

std::string script() {
  return (std::filesystem::path(BT_VECTORS_DIR).parent_path() / "localnet" / "bench-submit-polkadotjs.js")
      .string();
}

// Runs the polkadot-js side and returns its JSON (a null json on failure).
json run_polkadotjs(const std::string& mode, const std::string& url, int count) {
  const std::string cmd =
      "node " + script() + " " + mode + " " + url + " //Dave //Eve " + std::to_string(count);
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return {};
  std::string out;
  char buf[4096];
  while (std::fgets(buf, sizeof buf, p)) out += buf;
  if (pclose(p) != 0) return {};
  auto j = json::parse(out, nullptr, false);
  return j.is_object() ? j : json{};
}

// The on-chain nonce of `who` at the best block (AccountNonceApi: not counting the pool).
bt::Result<std::uint32_t> on_chain_nonce(bt::client::Client& c, const bt::crypto::AccountId32& who) {
  BT_TRY(auto raw, c.state_call("AccountNonceApi_account_nonce", who.view()));
  if (raw.size() < 4) return bt::fail(bt::client::ClientError::bad_response, "nonce");
  return static_cast<std::uint32_t>(raw[0] | raw[1] << 8 | raw[2] << 16 | std::uint32_t{raw[3]} << 24);
}

// dev_newBlock until the on-chain nonce of `who` reaches `target`.
bt::Result<void> build_until(bt::client::Client& c, const bt::crypto::AccountId32& who,
                             std::uint64_t target) {
  for (int blocks = 0; blocks < 20; ++blocks) {
    BT_TRY(auto nonce, on_chain_nonce(c, who));
    if (nonce >= target) return bt::ok();
    BT_TRY_VOID(c.rpc().call("dev_newBlock", R"([{"count":1}])", std::chrono::minutes(5)));
  }
  return bt::fail(bt::client::ClientError::bad_response, "transactions not included after 20 blocks");
}

bt::Result<void> set_build_mode(bt::client::Client& c, const char* mode) {
  BT_TRY_VOID(c.rpc().call("dev_setBlockBuildMode", std::string("[\"") + mode + "\"]"));
  return bt::ok();
}

struct Sides {
  std::unique_ptr<bt::subtensor::Subtensor> st;
  std::unique_ptr<bt::subtensor::Subtensor> st_query;  // its NonceManager in NonceMode::query
  bt::crypto::Keypair ours, explicit_nonces, presigned, query;
  bt::crypto::AccountId32 dest;
};

bt::Result<Sides> connect(benchmark::State& state) {
  const char* url = std::getenv("BT_BENCH_LOCALNET_RAONET_URL");
  if (!url || !*url) {
    state.SkipWithError("set BT_BENCH_LOCALNET_RAONET_URL=ws://127.0.0.1:9944 (raonet) to run");
    return bt::fail(bt::client::ClientError::invalid_argument, "no URL");
  }
  BT_TRY(auto st, bt::subtensor::Subtensor::connect(url));
  BT_TRY(auto st_query, bt::subtensor::Subtensor::connect(url));
  st_query->nonces().set_options({.mode = bt::client::NonceMode::query});
  BT_TRY(auto alice, bt::crypto::Keypair::from_uri("//Alice"));
  BT_TRY(auto charlie, bt::crypto::Keypair::from_uri("//Charlie"));
  BT_TRY(auto bob, bt::crypto::Keypair::from_uri("//Bob"));
  BT_TRY(auto ferdie, bt::crypto::Keypair::from_uri("//Ferdie"));
  BT_TRY(auto eve, bt::crypto::Keypair::from_uri("//Eve"));
  return Sides{std::move(st),     std::move(st_query), std::move(charlie), std::move(bob),
               std::move(ferdie), std::move(alice),    eve.account_id()};
}

// connect(), or nullopt after SkipWithError.
std::optional<Sides> connect_or_skip(benchmark::State& state) {
  auto sides = connect(state);
  if (sides) return std::move(*sides);
  if (!state.error_occurred()) state.SkipWithError(sides.error().message().c_str());
  return std::nullopt;
}

void report_load(benchmark::State& state, const std::vector<double>& loads) {
  state.counters["load1_min"] = *std::min_element(loads.begin(), loads.end());
  state.counters["load1_max"] = *std::max_element(loads.begin(), loads.end());
}

void BM_SubmitThroughputVsPolkadotJs(benchmark::State& state) {
  auto sides = connect_or_skip(state);
  if (!sides) return;
  auto& st = *sides->st;
  auto& client = st.client();
  const int n = env_int("BT_BENCH_SUBMIT_N", 50);
  std::vector<double> ours_submit, ours_incl, query_submit, query_incl, expl_submit, expl_incl, pre_submit,
      pre_incl, pjs_submit, pjs_incl, loads;
  bt::subtensor::SubmitOptions opt;
  opt.wait.wait_for = bt::client::WaitFor::none;  // into the pool; inclusion is measured separately
  int round = 0;
  for (auto _ : state) {
    loads.push_back(load1());
    // Times submit_all(), then the blocks until the on-chain nonce of `key` has moved by n.
    auto timed = [&](const bt::crypto::Keypair& key, std::vector<double>& submit_ms,
                     std::vector<double>& include_ms, const auto& submit_all) -> bt::Result<void> {
      const auto who = key.account_id();
      BT_TRY(auto start, on_chain_nonce(client, who));
      const auto t0 = Clock::now();
      BT_TRY_VOID(submit_all());
      submit_ms.push_back(ms_since(t0));
      BT_TRY_VOID(build_until(client, who, start + static_cast<std::uint64_t>(n)));
      include_ms.push_back(ms_since(t0));
      return bt::ok();
    };
    const auto amount = bt::subtensor::Balance::from_rao(kAmountRao);
    auto run_ours = [&] {
      return timed(sides->ours, ours_submit, ours_incl, [&]() -> bt::Result<void> {
        for (int i = 0; i < n; ++i) BT_TRY_VOID(st.transfer(sides->ours, sides->dest, amount, true, opt));
        return bt::ok();
      });
    };
    auto run_query = [&] {
      return timed(sides->query, query_submit, query_incl, [&]() -> bt::Result<void> {
        for (int i = 0; i < n; ++i)
          BT_TRY_VOID(sides->st_query->transfer(sides->query, sides->dest, amount, true, opt));
        return bt::ok();
      });
    };
    auto run_explicit = [&] {
      const auto& key = sides->explicit_nonces;
      return timed(key, expl_submit, expl_incl, [&]() -> bt::Result<void> {
        BT_TRY(auto next, client.account_next_index(key.ss58_address()));
        for (int i = 0; i < n; ++i) {
          bt::subtensor::SubmitOptions o = opt;
          o.tx.nonce = next++;
          BT_TRY_VOID(st.transfer(key, sides->dest, amount, true, o));
        }
        return bt::ok();
      });
    };
    auto run_presigned = [&]() -> bt::Result<void> {
      const auto& key = sides->presigned;
      BT_TRY(auto next, client.account_next_index(key.ss58_address()));
      BT_TRY(auto call, bt::subtensor::transfer_keep_alive_call(st.metadata(), sides->dest, kAmountRao));
      std::vector<bt::Bytes> xts;
      for (int i = 0; i < n; ++i) {
        bt::client::TxOptions tx;
        tx.nonce = next++;
        BT_TRY(auto xt, bt::client::create_signed(client, st.metadata(), call, key, tx));
        xts.push_back(std::move(xt));
      }
      return timed(key, pre_submit, pre_incl, [&]() -> bt::Result<void> {
        for (const auto& xt : xts) BT_TRY_VOID(client.submit_extrinsic(xt));
        return bt::ok();
      });
    };
    auto run_theirs = [&]() -> bool {
      const json j = run_polkadotjs("throughput", st.url(), n);
      if (j.is_null()) return false;
      pjs_submit.push_back(j.value("submit_ms", 0.0));
      pjs_incl.push_back(j.value("include_ms", 0.0));
      return true;
    };
    bool ok = true;
    if (round % 2 == 0) {
      ok = run_ours().has_value() && run_theirs() && run_query().has_value() && run_explicit().has_value() &&
           run_presigned().has_value();
    } else {
      ok = run_presigned().has_value() && run_explicit().has_value() && run_query().has_value() &&
           run_theirs() && run_ours().has_value();
    }
    if (!ok) {
      state.SkipWithError("a round failed (chain down? see stderr of the polkadot-js script)");
      return;
    }
    loads.push_back(load1());
    state.SetIterationTime(ours_submit.back() / 1000);
    std::fprintf(stderr,
                 "throughput round %d (n=%d, load %.2f): ours submit %.0f ms include %.0f ms | polkadot-js "
                 "submit %.0f ms include %.0f ms | query mode submit %.0f ms include %.0f ms | explicit "
                 "nonces submit %.0f ms include %.0f ms | pre-signed submit %.0f ms include %.0f ms\n",
                 round, n, loads.back(), ours_submit.back(), ours_incl.back(), pjs_submit.back(),
                 pjs_incl.back(), query_submit.back(), query_incl.back(), expl_submit.back(),
                 expl_incl.back(), pre_submit.back(), pre_incl.back());
    ++round;
  }
  const double os = median(ours_submit), ps = median(pjs_submit), fs = median(pre_submit);
  state.counters["n"] = n;
  state.counters["ours_submit_ms"] = os;
  state.counters["ours_tx_per_s"] = n / (os / 1000);
  state.counters["ours_include_ms"] = median(ours_incl);
  state.counters["pjs_submit_ms"] = ps;
  state.counters["pjs_tx_per_s"] = n / (ps / 1000);
  state.counters["pjs_include_ms"] = median(pjs_incl);
  state.counters["query_submit_ms"] = median(query_submit);
  state.counters["query_include_ms"] = median(query_incl);
  state.counters["ours_node_nonce_reads"] = static_cast<double>(st.nonces().node_queries());
  state.counters["explicit_submit_ms"] = median(expl_submit);
  state.counters["explicit_include_ms"] = median(expl_incl);
  state.counters["presigned_submit_ms"] = fs;
  state.counters["presigned_include_ms"] = median(pre_incl);
  state.counters["pjs_over_ours"] = ps / os;
  state.counters["pjs_over_explicit"] = ps / median(expl_submit);
  state.counters["pjs_over_query"] = ps / median(query_submit);
  report_load(state, loads);
}

void BM_SubmitLatencyVsPolkadotJs(benchmark::State& state) {
  auto sides = connect_or_skip(state);
  if (!sides) return;
  auto& st = *sides->st;
  const int k = env_int("BT_BENCH_SUBMIT_K", 5);
  // Instant: chopsticks builds a block as soon as a transaction is in the pool (both sides alike).
  if (!set_build_mode(st.client(), "Instant")) {
    state.SkipWithError("dev_setBlockBuildMode failed (not a chopsticks node?)");
    return;
  }
  std::vector<double> ours, theirs, loads;
  int pjs_finalized_only = 0;  // polkadot-js waits that ended on Finalized (InBlock dropped, see the script)
  bt::subtensor::SubmitOptions opt;  // WaitFor::in_block
  int round = 0;
  bool ok = true;
  for (auto _ : state) {
    loads.push_back(load1());
    std::vector<double> ours_round;
    auto run_ours = [&]() -> bool {
      for (int i = 0; i < k; ++i) {
        const auto t0 = Clock::now();
        auto r =
            st.transfer(sides->ours, sides->dest, bt::subtensor::Balance::from_rao(kAmountRao), true, opt);
        if (!r || !r->success()) return false;
        ours_round.push_back(ms_since(t0));
      }
      return true;
    };
    auto run_theirs = [&]() -> bool {
      const json j = run_polkadotjs("latency", st.url(), k);
      if (j.is_null()) return false;
      for (const auto& v : j.at("latency_ms")) theirs.push_back(v.get<double>());
      pjs_finalized_only += j.value("finalized_only", 0);
      return true;
    };
    ok = round % 2 == 0 ? run_ours() && run_theirs() : run_theirs() && run_ours();
    if (!ok) break;
    ours.insert(ours.end(), ours_round.begin(), ours_round.end());
    state.SetIterationTime(median(ours_round) / 1000);
    loads.push_back(load1());
    std::fprintf(stderr,
                 "latency round %d (k=%d, load %.2f): ours median %.0f ms | polkadot-js median %.0f ms\n",
                 round, k, loads.back(), median(ours_round),
                 median(std::vector<double>(theirs.end() - k, theirs.end())));
    ++round;
  }
  (void)set_build_mode(st.client(), "Manual");
  if (!ok) {
    state.SkipWithError("a round failed (chain down? see stderr of the polkadot-js script)");
    return;
  }
  state.counters["k"] = k;
  state.counters["ours_median_ms"] = median(ours);
  state.counters["pjs_median_ms"] = median(theirs);
  state.counters["pjs_over_ours"] = median(theirs) / median(ours);
  state.counters["pjs_finalized_only"] = pjs_finalized_only;
  report_load(state, loads);
}

}  // namespace

int main(int argc, char** argv) {
  const int rounds = env_int("BT_BENCH_SUBMIT_ROUNDS", 3);
  benchmark::RegisterBenchmark("BM_SubmitThroughputVsPolkadotJs", BM_SubmitThroughputVsPolkadotJs)
      ->Iterations(rounds)
      ->UseManualTime()
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("BM_SubmitLatencyVsPolkadotJs", BM_SubmitLatencyVsPolkadotJs)
      ->Iterations(rounds)
      ->UseManualTime()
      ->Unit(benchmark::kMillisecond);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
