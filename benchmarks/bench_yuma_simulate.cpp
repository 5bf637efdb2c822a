// SPDX-License-Identifier: MIT
// Simulation-at-scale benchmarks (Google Benchmark): bt::yuma::sweep on a thread pool.
//
//   sweep/<case>/threads:T   a 4 x 2 grid (kappa x bonds_moving_average) of 8 runs x 5 chained
//                            epochs (block advancing one tempo per epoch) = 40 epochs per
//                            iteration, on T worker threads (1 and 2). Reported: epochs/s
//                            (items_per_second) in wall time, since the point is the speed-up
//                            from more threads.
// Cases: the n=256 head reference vector (tests/vectors/yuma/head_random_n256_00) and bench case a
// of <shared>/vectors/yuma-bench (n=256 / 64 validators, when present).
#include <benchmark/benchmark.h>

#include <bt/yuma/case.hpp>
#include <bt/yuma/simulate.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

constexpr std::size_t kEpochs = 5;

const std::vector<bt::yuma::SweepAxis>& grid() {
  static const std::vector<bt::yuma::SweepAxis> axes = {{"kappa", {"0.2", "0.4", "0.5", "0.7"}},
                                                        {"bonds_moving_average", {"0.9", "0.975"}}};
  return axes;
}

void bench_sweep(benchmark::State& state, const bt::yuma::Case* c) {
  bt::yuma::Run base;
  base.input = c->steps[0].input;
  base.variant = c->variant;
  base.path = c->path;
  base.epochs = kEpochs;
  base.chain.block_step = static_cast<std::uint64_t>(base.input.tempo) + 1;
  auto runs = bt::yuma::sweep_runs(base, grid());
  if (!runs) {
    state.SkipWithError(runs.error().to_string().c_str());
    return;
  }
  bt::yuma::SimulateOptions opts;
  opts.threads = static_cast<unsigned>(state.range(0));
  opts.keep_all_epochs = false;
  std::uint64_t emitted = 0;
  for (auto _ : state) {
    const auto results = bt::yuma::simulate(*runs, opts);
    for (const auto& r : results) {
      if (!r) {
        state.SkipWithError(r.error().to_string().c_str());
        return;
      }
      for (auto x : r->epochs.back().emission) emitted += x;
    }
  }
  benchmark::DoNotOptimize(emitted);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(runs->size() * kEpochs));
  state.counters["runs"] = static_cast<double>(runs->size());
  state.counters["n"] = static_cast<double>(base.input.n);
}

// Registers the sweep on the n=256 reference vector and on bench case a (read in place from
// $BT_SHARED_DIR or the build's default shared dir, when present).
void register_all() {
  static std::vector<std::unique_ptr<bt::yuma::Case>> loaded;  // benchmarks keep pointers into it
  const char* env = std::getenv("BT_SHARED_DIR");
  const fs::path bench_dir = fs::path(env && *env ? env : BT_DEFAULT_SHARED_DIR) / "vectors" / "yuma-bench";
  std::vector<fs::path> files = {fs::path(BT_VECTORS_DIR) / "yuma" / "head_random_n256_00.json"};
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(bench_dir, ec))
    if (e.path().extension() == ".json" && e.path().stem().string().rfind("bench_a", 0) == 0)
      files.push_back(e.path());
  for (const auto& file : files) {
    auto c = bt::yuma::load_case_file(file.string());
    if (!c) {
      std::fprintf(stderr, "bench_yuma_simulate: skipping %s: %s\n", file.string().c_str(),
                   c.error().to_string().c_str());
      continue;
    }
    loaded.push_back(std::make_unique<bt::yuma::Case>(std::move(*c)));
    benchmark::RegisterBenchmark(("sweep/" + file.stem().string()).c_str(), bench_sweep, loaded.back().get())
        ->ArgName("threads")
        ->Arg(1)
        ->Arg(2)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
  }
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  register_all();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
