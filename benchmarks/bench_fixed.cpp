// SPDX-License-Identifier: MIT
// Fixed-point benchmarks: the substrate-fixed operations the Yuma epoch spends its time in.
// Each iteration processes a block of 1024 pseudo-random operands (so the numbers are per 1024
// operations; items_per_second gives the per-operation rate).
#include <benchmark/benchmark.h>

#include <bt/fixed/fixed.hpp>
#include <bt/fixed/transcendental.hpp>
#include <cstdint>
#include <vector>

namespace {

using bt::fixed::I32F32;
using bt::fixed::I64F64;
using bt::fixed::I96F32;
using bt::fixed::U64F64;
using bt::fixed::U96F32;

constexpr std::size_t kBlock = 1024;

std::uint64_t mix(std::uint64_t& s) {
  std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Values in [0, 1] as used by the epoch (normalized stakes and weights) plus a few larger ones.
template <class F>
std::vector<F> operands(std::uint64_t seed, bool unit_range) {
  std::vector<F> v(kBlock);
  for (auto& x : v) {
    const std::uint64_t r = mix(seed);
    const double d = unit_range ? static_cast<double>(r >> 11) / 9007199254740992.0
                                : static_cast<double>(r >> 40) / 1024.0 + 0.001;
    x = F::saturating_from_f64(d);
  }
  return v;
}

template <class F>
void BM_mul(benchmark::State& state) {
  const auto a = operands<F>(1, true), b = operands<F>(2, true);
  for (auto _ : state) {
    for (std::size_t i = 0; i < kBlock; ++i) benchmark::DoNotOptimize(a[i].saturating_mul(b[i]));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBlock));
}

template <class F>
void BM_checked_div(benchmark::State& state) {
  const auto a = operands<F>(3, true), b = operands<F>(4, false);
  for (auto _ : state) {
    for (std::size_t i = 0; i < kBlock; ++i) benchmark::DoNotOptimize(a[i].checked_div(b[i]));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBlock));
}

template <class F>
void BM_safe_div(benchmark::State& state) {
  const auto a = operands<F>(5, true), b = operands<F>(6, false);
  for (auto _ : state) {
    for (std::size_t i = 0; i < kBlock; ++i) benchmark::DoNotOptimize(a[i].safe_div(b[i]));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBlock));
}

// exp over the range the sigmoid of liquid alpha feeds it ([-20, 20] after exp_safe's clamp).
void BM_exp_I32F32(benchmark::State& state) {
  std::vector<I32F32> x(kBlock);
  std::uint64_t s = 7;
  for (auto& v : x)
    v = I32F32::saturating_from_f64(static_cast<double>(mix(s) >> 11) / 9007199254740992.0 * 40.0 - 20.0);
  for (auto _ : state) {
    for (std::size_t i = 0; i < kBlock; ++i) benchmark::DoNotOptimize(bt::fixed::exp(x[i]));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBlock));
}

void BM_ln_I32F32(benchmark::State& state) {
  const auto x = operands<I32F32>(8, false);
  for (auto _ : state) {
    for (std::size_t i = 0; i < kBlock; ++i) benchmark::DoNotOptimize(bt::fixed::ln(x[i]));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBlock));
}

void BM_from_f64_I32F32(benchmark::State& state) {
  std::vector<double> d(kBlock);
  std::uint64_t s = 9;
  for (auto& v : d) v = static_cast<double>(mix(s) >> 11) / 9007199254740992.0;
  for (auto _ : state) {
    for (std::size_t i = 0; i < kBlock; ++i) benchmark::DoNotOptimize(I32F32::saturating_from_f64(d[i]));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBlock));
}
}  // namespace

BENCHMARK(BM_mul<I32F32>);
BENCHMARK(BM_mul<I64F64>);
BENCHMARK(BM_mul<U64F64>);
BENCHMARK(BM_mul<I96F32>);
BENCHMARK(BM_mul<U96F32>);
BENCHMARK(BM_checked_div<I32F32>);
BENCHMARK(BM_checked_div<I64F64>);
BENCHMARK(BM_checked_div<U64F64>);
BENCHMARK(BM_checked_div<I96F32>);
BENCHMARK(BM_safe_div<I32F32>);
BENCHMARK(BM_safe_div<I64F64>);
BENCHMARK(BM_exp_I32F32);
BENCHMARK(BM_ln_I32F32);
BENCHMARK(BM_from_f64_I32F32);

BENCHMARK_MAIN();
