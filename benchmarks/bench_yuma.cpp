// SPDX-License-Identifier: MIT
// Yuma epoch benchmarks (Google Benchmark). Each case's input is parsed once before timing; the
// timed region is bt::yuma::run_epoch alone.
//
//   epoch/<case>/<path>   the five large cases of <shared>/vectors/yuma-bench (read in place;
//                         <shared> = $BT_SHARED_DIR or BT_DEFAULT_SHARED_DIR; skipped when absent)
//                         and the largest reference vectors (n=256, mainnet SN15 snapshot), per
//                         variant and path (dense only up to n=1024: it is O(n^2) memory).
//   chain/<case>/1000_epochs   1000 consecutive epochs of bench case a (n=256, 64 validators),
//                         each starting from the bonds and permits the previous one wrote, the
//                         block advancing by one tempo and every validator re-setting its weights.
//                         One iteration = 1000 epochs.
//   epoch_trace/<case>    the n=256 head vector with EpochOptions::trace (diagnostic mode).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <bt/yuma/case.hpp>
#include <bt/yuma/epoch.hpp>
#include <bt/yuma/simulate.hpp>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

fs::path shared_dir() {
  if (const char* env = std::getenv("BT_SHARED_DIR"); env && *env) return env;
  return BT_DEFAULT_SHARED_DIR;
}

// Loaded cases live here for the whole run (benchmarks keep pointers into it).
std::deque<bt::yuma::Case>& cases() {
  static std::deque<bt::yuma::Case> c;
  return c;
}

const bt::yuma::Case* load(const fs::path& file) {
  auto c = bt::yuma::load_case_file(file.string());
  if (!c) {
    std::fprintf(stderr, "bench_yuma: skipping %s: %s\n", file.string().c_str(),
                 c.error().to_string().c_str());
    return nullptr;
  }
  cases().push_back(std::move(*c));
  return &cases().back();
}

std::size_t nnz(const std::vector<bt::yuma::Row>& rows) {
  std::size_t s = 0;
  for (const auto& r : rows) s += r.size();
  return s;
}

void bench_epoch(benchmark::State& state, const bt::yuma::Case* c, bt::yuma::Path path, bool trace) {
  const auto& input = c->steps[0].input;
  bt::yuma::EpochOptions opts;
  opts.trace = trace;
  for (auto _ : state) {
    auto out = bt::yuma::run_epoch(input, c->variant, path, opts);
    if (!out) {
      state.SkipWithError(out.error().to_string().c_str());
      break;
    }
    benchmark::DoNotOptimize(out->emission.data());
  }
  state.counters["n"] = input.n;
  state.counters["weights_nnz"] = static_cast<double>(nnz(input.weights));
  state.counters["bonds_nnz"] = static_cast<double>(nnz(input.bonds));
}

// 1000 chained epochs: the storage after each epoch is the next epoch's input.
void bench_chain(benchmark::State& state, const bt::yuma::Case* c, int epochs) {
  const auto& start = c->steps[0].input;
  std::uint64_t emitted = 0;
  for (auto _ : state) {
    bt::yuma::EpochInput in = start;
    for (int e = 0; e < epochs; ++e) {
      auto out = bt::yuma::run_epoch(in, c->variant, bt::yuma::Path::sparse);
      if (!out) {
        state.SkipWithError(out.error().to_string().c_str());
        return;
      }
      for (auto x : out->emission) emitted += x;
      bt::yuma::set_bonds_storage(in, out->post_state_bonds);
      in.validator_permit = std::move(out->post_state_validator_permit);
      const std::uint64_t step = static_cast<std::uint64_t>(in.tempo) + 1;
      in.last_mechanism_step_block = in.current_block;
      in.current_block += step;
      for (std::size_t i = 0; i < in.weights.size() && i < in.last_update.size(); ++i) {
        if (!in.weights[i].empty()) in.last_update[i] = in.current_block - 1;
      }
    }
  }
  benchmark::DoNotOptimize(emitted);
  state.counters["epochs"] = epochs;
  state.counters["us_per_epoch"] =
      benchmark::Counter(static_cast<double>(epochs),
                         benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  state.counters["n"] = start.n;
}

void register_case(const bt::yuma::Case* c, bool with_dense) {
  if (!c || c->steps.empty()) return;
  const auto n = c->steps[0].input.n;
  const std::string base = "epoch/" + c->id + "/";
  benchmark::RegisterBenchmark((base + "sparse").c_str(), bench_epoch, c, bt::yuma::Path::sparse, false)
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
  if (with_dense && n <= 1024) {
    benchmark::RegisterBenchmark((base + "dense").c_str(), bench_epoch, c, bt::yuma::Path::dense, false)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
  }
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;

  const fs::path bench_dir = shared_dir() / "vectors" / "yuma-bench";
  const bt::yuma::Case* case_a = nullptr;
  if (fs::is_directory(bench_dir)) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(bench_dir)) {
      if (e.path().extension() == ".json") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      const bt::yuma::Case* c = load(f);
      register_case(c, /*with_dense=*/true);
      if (c && c->id.rfind("bench_a", 0) == 0) case_a = c;
    }
  } else {
    std::fprintf(stderr, "bench_yuma: %s not found (set BT_SHARED_DIR); large cases skipped\n",
                 bench_dir.string().c_str());
  }

  // The largest reference vectors, one or more per variant, sparse and dense.
  const fs::path vec_dir = fs::path(BT_VECTORS_DIR) / "yuma";
  for (const char* id : {"head_random_n256_00", "feb2025_random_n256_00", "spec143_random_n256_00",
                         "feb2025_mainnet_sn15_snapshot"}) {
    const fs::path f = vec_dir / (std::string(id) + ".json");
    if (fs::exists(f)) register_case(load(f), /*with_dense=*/true);
  }
  if (const fs::path f = vec_dir / "head_random_n256_00.json"; fs::exists(f)) {
    if (const bt::yuma::Case* c = load(f)) {
      benchmark::RegisterBenchmark(("epoch_trace/" + c->id).c_str(), bench_epoch, c, bt::yuma::Path::sparse,
                                   true)
          ->Unit(benchmark::kMillisecond);
    }
  }
  if (case_a) {
    benchmark::RegisterBenchmark(("chain/" + case_a->id + "/1000_epochs").c_str(), bench_chain, case_a, 1000)
        ->Unit(benchmark::kMillisecond)
        ->Iterations(1)
        ->Repetitions(3)
        ->UseRealTime();
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
