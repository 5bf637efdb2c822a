// SPDX-License-Identifier: MIT
// Yuma vector math benchmarks: the normalizations of bt::yuma::math on pseudo-random vectors
// (items_per_second = elements per second).
#include <benchmark/benchmark.h>

#include <bt/fixed/fixed.hpp>
#include <bt/yuma/math.hpp>
#include <cstdint>
#include <vector>

namespace {

using bt::fixed::I32F32;
using bt::fixed::I64F64;

std::uint64_t mix(std::uint64_t& s) {
  std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// inplace_normalize (I32F32, wrapping sum + one safe_div per element) on a vector of n entries.
void BM_inplace_normalize(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  std::vector<I32F32> base(n);
  std::uint64_t s = 10;
  for (auto& v : base)
    v = I32F32::saturating_from_f64(static_cast<double>(mix(s) >> 11) / 9007199254740992.0);
  std::vector<I32F32> x;
  for (auto _ : state) {
    x = base;
    bt::yuma::math::inplace_normalize(x);
    benchmark::DoNotOptimize(x.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
}

// inplace_normalize_64 (I64F64, 128-bit divisions) on a stake vector.
void BM_inplace_normalize_64(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  std::vector<I64F64> base(n);
  std::uint64_t s = 11;
  for (auto& v : base) v = I64F64::saturating_from_num(mix(s) >> 12);
  std::vector<I64F64> x;
  for (auto _ : state) {
    x = base;
    bt::yuma::math::inplace_normalize_64(x);
    benchmark::DoNotOptimize(x.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
}

}  // namespace

BENCHMARK(BM_inplace_normalize)->Arg(256)->Arg(4096);
BENCHMARK(BM_inplace_normalize_64)->Arg(256)->Arg(4096);

BENCHMARK_MAIN();
