// SPDX-License-Identifier: MIT
#include <bt/bytes.hpp>

#include <benchmark/benchmark.h>

static void BM_to_hex_32(benchmark::State& state) {
  bt::Bytes b(32, 0x5a);
  for (auto _ : state) {
    auto s = bt::to_hex(b);
    b[0] = static_cast<std::uint8_t>(s[2]);  // feed the output back so nothing is hoisted
    benchmark::DoNotOptimize(s);
  }
}
BENCHMARK(BM_to_hex_32);

static void BM_from_hex_1MiB(benchmark::State& state) {
  std::string hex = bt::to_hex(bt::Bytes(1 << 20, 0xa5));
  for (auto _ : state) {
    auto r = bt::from_hex(hex);
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * (1 << 20));
}
BENCHMARK(BM_from_hex_1MiB);

BENCHMARK_MAIN();
