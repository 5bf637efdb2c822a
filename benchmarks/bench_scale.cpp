// SPDX-License-Identifier: MIT
// Typed SCALE codec: compact integers and Vec<(u16, u16)> of 4096 entries (a weights vector).
#include <bt/scale/scale.hpp>

#include <benchmark/benchmark.h>

#include <vector>

using namespace bt::scale;

static void BM_CompactEncode(benchmark::State& state) {
  std::uint64_t v = 1;
  for (auto _ : state) {
    Encoder e(32);
    for (int i = 0; i < 64; ++i) e.put_compact(v << (i % 60));
    benchmark::DoNotOptimize(e.bytes().data());
    v = v * 3 + 1;
  }
  state.SetItemsProcessed(state.iterations() * 64);
}
BENCHMARK(BM_CompactEncode);

static void BM_CompactDecode(benchmark::State& state) {
  Encoder e;
  for (int i = 0; i < 64; ++i) e.put_compact(u128{1} << (i % 70));
  bt::Bytes buf = std::move(e).take();
  for (auto _ : state) {
    Decoder d(buf);
    u128 acc = 0;
    for (int i = 0; i < 64; ++i) acc += d.read_compact();
    benchmark::DoNotOptimize(acc);
  }
  state.SetItemsProcessed(state.iterations() * 64);
}
BENCHMARK(BM_CompactDecode);

static std::vector<std::pair<std::uint16_t, std::uint16_t>> weights() {
  std::vector<std::pair<std::uint16_t, std::uint16_t>> v;
  for (std::uint16_t i = 0; i < 4096; ++i) v.emplace_back(i, static_cast<std::uint16_t>(i * 7));
  return v;
}

static void BM_VecU16PairEncode4096(benchmark::State& state) {
  auto v = weights();
  for (auto _ : state) {
    bt::Bytes b = encode(v);
    benchmark::DoNotOptimize(b.data());
  }
  state.SetBytesProcessed(state.iterations() * (2 + 4096 * 4));
}
BENCHMARK(BM_VecU16PairEncode4096);

static void BM_VecU16PairDecode4096(benchmark::State& state) {
  bt::Bytes b = encode(weights());
  for (auto _ : state) {
    auto r = decode<std::vector<std::pair<std::uint16_t, std::uint16_t>>>(b);
    benchmark::DoNotOptimize(r->data());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(b.size()));
}
BENCHMARK(BM_VecU16PairDecode4096);

BENCHMARK_MAIN();
