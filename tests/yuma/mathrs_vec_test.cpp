// SPDX-License-Identifier: MIT
// Ports of subtensor pallets/subtensor/src/tests/math.rs (head 14bc6f9f): scalar conversions,
// vectors and the test helpers themselves. Same test names, same expected literals.
#include <bt/yuma/math.hpp>
#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>

#include "yuma/mathrs_support.hpp"

using namespace bt::yuma::math;
using namespace bt::yuma::mathrs_test;

namespace {
std::vector<std::uint16_t> upscale(const std::vector<float>& v) {
  return vec_max_upscale_to_u16(vec_to_fixed(v));
}
std::vector<std::uint16_t> upscale(const std::vector<I32F32>& v) { return vec_max_upscale_to_u16(v); }
I32F32 num(std::int64_t v) { return I32F32::saturating_from_num(v); }
using U16s = std::vector<std::uint16_t>;
}  // namespace

TEST_CASE("math.rs test_vec_max_upscale_to_u16", "[yuma][mathrs]") {
  CHECK(upscale(std::vector<float>{}).empty());
  CHECK(upscale(std::vector<float>{0.f}) == U16s{0});
  CHECK(upscale(std::vector<float>{0.f, 0.f}) == U16s{0, 0});
  CHECK(upscale(std::vector<float>{0.f, 1.f}) == U16s{0, 65535});
  CHECK(upscale(std::vector<float>{0.f, 0.000000001f}) == U16s{0, 65535});
  CHECK(upscale(std::vector<float>{0.f, 0.000016f, 1.f}) == U16s{0, 1, 65535});
  CHECK(upscale(std::vector<float>{0.000000001f, 0.000000001f}) == U16s{65535, 65535});
  CHECK(upscale(std::vector<float>{0.000001f, 0.000006f, 0.000007f, 0.0001f, 0.001f, 0.01f, 0.1f, 0.2f, 0.3f,
                                   0.4f}) == U16s{0, 1, 1, 16, 164, 1638, 16384, 32768, 49151, 65535});
  CHECK(upscale(std::vector<I32F32>{num(16384)}) == U16s{65535});
  CHECK(upscale(std::vector<I32F32>{num(32768)}) == U16s{65535});
  CHECK(upscale(std::vector<I32F32>{num(32769)}) == U16s{65535});
  CHECK(upscale(std::vector<I32F32>{num(65535)}) == U16s{65535});
  CHECK(upscale(std::vector<I32F32>{I32F32::max()}) == U16s{65535});
  CHECK(upscale(std::vector<float>{0.f, 1.f, 65535.f}) == U16s{0, 1, 65535});
  CHECK(upscale(std::vector<float>{0.f, 0.5f, 1.f, 1.5f, 2.f, 32768.f}) == U16s{0, 1, 2, 3, 4, 65535});
  CHECK(upscale(std::vector<float>{0.f, 0.5f, 1.f, 1.5f, 2.f, 32768.f, 32769.f}) ==
        U16s{0, 1, 2, 3, 4, 65533, 65535});
  CHECK(upscale(std::vector<I32F32>{num(0), num(1), num(32768), num(32769), I32F32::max()}) ==
        U16s{0, 0, 1, 1, 65535});
}

// The Rust test also multiplies I96F32 and I110F18 values without asserting anything (it checks
// that the products do not panic); those types are not part of bt::fixed, so only the asserted
// I64F64 -> I32F32 steps (the bonds moving average of run_epoch) are ported.
TEST_CASE("math.rs test_math_fixed_overflow", "[yuma][mathrs]") {
  const I64F64 bonds_moving_average =
      I64F64::saturating_from_num(std::uint64_t{900'000}) / I64F64::saturating_from_num(1'000'000);
  CHECK(num(1) - I32F32::saturating_from_fixed(bonds_moving_average) == from_f64(0.1));
  const I64F64 max_32 = I64F64::saturating_from_fixed(I32F32::max());
  CHECK(num(1) - I32F32::saturating_from_fixed(max_32 / max_32) == num(0));
}

TEST_CASE("math.rs test_math_u64_normalization", "[yuma][mathrs]") {
  const std::uint64_t min = 1, min32 = 4'889'444, mid = 10'500'000'000'000'000, max = 21'000'000'000'000'000;
  const I64F64 max_sum = I64F64::saturating_from_num(max);
  const I64F64 min_frac = I64F64::saturating_from_num(min) / max_sum;
  CHECK(min_frac == from_f64_64(0.0000000000000000476));
  CHECK(I32F32::saturating_from_fixed(min_frac) == num(0));
  const I64F64 min32_frac = I64F64::saturating_from_num(min32) / max_sum;
  CHECK(min32_frac == from_f64_64(0.00000000023283066664));
  CHECK(I32F32::saturating_from_fixed(min32_frac) == from_f64(0.0000000002));
  const I64F64 half = I64F64::saturating_from_num(mid) / max_sum;
  CHECK(half == from_f64_64(0.5));
  CHECK(I32F32::saturating_from_fixed(half) == from_f64(0.5));
  const I64F64 one = I64F64::saturating_from_num(max) / max_sum;
  CHECK(one == I64F64::saturating_from_num(1));
  CHECK(I32F32::saturating_from_fixed(one) == num(1));
}

// to_num floors; the Rust test maps 1000-element vectors and compares them with the scalar result.
// Its last block converts I96F32::from_num(u64::MAX) back to u64; bt::fixed has no I96F32, so that
// block is not ported.
TEST_CASE("math.rs test_math_to_num", "[yuma][mathrs]") {
  const I32F32 val = I32F32::saturating_from_num(std::numeric_limits<std::uint16_t>::max());
  CHECK(val.saturating_to_num<std::uint16_t>() == std::numeric_limits<std::uint16_t>::max());
  const std::vector<I32F32> vector(1000, val);
  for (const auto& e : vector) CHECK(e.saturating_to_num<std::uint16_t>() == 65535);
  // I32F32::max_value().to_num::<u64>(): the integer part of max.
  CHECK(I32F32::max().saturating_to_num<std::uint64_t>() == 2147483647u);
  CHECK(I32F32::zero().saturating_to_num<std::uint64_t>() == 0u);
}

TEST_CASE("math.rs test_math_vec_to_fixed", "[yuma][mathrs]") {
  const std::vector<I32F32> target = {from_f64(0.), from_f64(1.), from_f64(2.), from_f64(3.)};
  assert_vec_compare(vec_to_fixed({0.f, 1.f, 2.f, 3.f}), target, num(0));
}

TEST_CASE("math.rs test_math_vec_to_mat_fixed", "[yuma][mathrs]") {
  const DenseMatrix target = {{from_f64(0.), from_f64(1.), from_f64(2.)},
                              {from_f64(0.), from_f64(10.), from_f64(100.)}};
  assert_mat_compare(vec_to_mat_fixed({0.f, 1.f, 2.f, 0.f, 10.f, 100.f}, 2, false), target, num(0));
}

TEST_CASE("math.rs test_math_vec_to_sparse_mat_fixed", "[yuma][mathrs]") {
  const std::vector<float> vector = {0.f, 1.f, 2.f, 0.f, 10.f, 100.f};
  assert_sparse_mat_compare(
      vec_to_sparse_mat_fixed(vector, 2, false),
      sparse({{{1, from_f64(1.)}, {2, from_f64(2.)}}, {{1, from_f64(10.)}, {2, from_f64(100.)}}}), num(0));
  assert_sparse_mat_compare(vec_to_sparse_mat_fixed({0.f, 0.f}, 2, false), sparse({{}, {}}), num(0));
  assert_sparse_mat_compare(
      vec_to_sparse_mat_fixed(vector, 2, true),
      sparse({{}, {{0, from_f64(1.)}, {1, from_f64(10.)}}, {{0, from_f64(2.)}, {1, from_f64(100.)}}}),
      num(0));
  assert_sparse_mat_compare(vec_to_sparse_mat_fixed({0.f, 0.f}, 2, true), sparse({{}}), num(0));
}

TEST_CASE("math.rs test_math_sum", "[yuma][mathrs]") {
  CHECK(sum(std::vector<I32F32>{}) == num(0));
  CHECK(sum(std::vector<I32F32>{from_f64(1.0), from_f64(10.0), from_f64(30.0)}) == num(41));
  CHECK(sum(std::vector<I32F32>{from_f64(-1.0), from_f64(10.0), from_f64(30.0)}) == num(39));
}

TEST_CASE("math.rs test_math_inplace_mask_vector", "[yuma][mathrs]") {
  const std::pair<std::vector<bool>, std::vector<float>> cases[] = {
      {{false, false, false}, {0.f, 1.f, 2.f}},
      {{false, true, false}, {0.f, 0.f, 2.f}},
      {{true, true, true}, {0.f, 0.f, 0.f}},
  };
  for (const auto& [mask, target] : cases) {
    std::vector<I32F32> vector = vec_to_fixed({0.f, 1.f, 2.f});
    inplace_mask_vector(mask, vector);
    assert_vec_compare(vector, vec_to_fixed(target), num(0));
  }
}

TEST_CASE("math.rs test_math_vec_mul", "[yuma][mathrs]") {
  const auto vector = vec_to_fixed({1.f, 2.f, 3.f, 4.f});
  assert_vec_compare(vec_mul(vector, vector), vec_to_fixed({1.f, 4.f, 9.f, 16.f}), num(0));
  assert_vec_compare(vec_mul(vec_to_fixed({}), vector), std::vector<I32F32>{}, num(0));
  // Zipping stops at the shorter input: 8 zeros times 4 values gives 4 zeros.
  assert_vec_compare(vec_mul(vec_to_fixed(std::vector<float>(8, 0.f)), vector),
                     std::vector<I32F32>(4, num(0)), num(0));
}

TEST_CASE("math.rs test_math_fixed64_to_u64", "[yuma][mathrs]") {
  CHECK(fixed64_to_u64(I64F64::saturating_from_num(std::uint64_t{0})) == 0u);
  const std::int64_t half = std::numeric_limits<std::int64_t>::max() / 2;
  CHECK(fixed64_to_u64(I64F64::saturating_from_num(half)) == static_cast<std::uint64_t>(half));
  const std::int64_t imax = std::numeric_limits<std::int64_t>::max();
  CHECK(fixed64_to_u64(I64F64::saturating_from_num(imax)) == static_cast<std::uint64_t>(imax));
}

TEST_CASE("math.rs test_math_fixed64_to_u64_saturates", "[yuma][mathrs]") {
  CHECK(fixed64_to_u64(I64F64::saturating_from_num(-1)) == 0u);
}

TEST_CASE("math.rs test_math_fixed64_to_fixed32", "[yuma][mathrs]") {
  // Rust compares the I32F32 result with the u32 value (fixed's PartialEq<u32>).
  CHECK(fixed64_to_fixed32(I64F64::saturating_from_num(std::uint32_t{0})) == num(0));
  const std::uint32_t expected = std::numeric_limits<std::uint32_t>::max() / 2;
  CHECK(fixed64_to_fixed32(I64F64::saturating_from_num(std::uint64_t{expected})) == num(expected));
}

TEST_CASE("math.rs test_math_fixed64_to_fixed32_saturates", "[yuma][mathrs]") {
  CHECK(fixed64_to_fixed32(I64F64::saturating_from_num(std::numeric_limits<std::uint32_t>::max())) ==
        I32F32::max());
}

TEST_CASE("math.rs test_math_u16_to_fixed", "[yuma][mathrs]") {
  for (std::uint16_t input : {std::uint16_t{0}, std::uint16_t{65535 / 2}, std::uint16_t{65535}})
    CHECK(u16_to_fixed(input) == num(input));
}

TEST_CASE("math.rs test_math_u16_proportion_to_fixed", "[yuma][mathrs]") {
  CHECK(u16_proportion_to_fixed(0) == num(0));
}

TEST_CASE("math.rs test_fixed_proportion_to_u16", "[yuma][mathrs]") {
  CHECK(fixed_proportion_to_u16(num(0)) == 0);
}

TEST_CASE("math.rs test_fixed_proportion_to_u16_saturates", "[yuma][mathrs]") {
  CHECK(fixed_proportion_to_u16(num(65535)) == 65535);
}

TEST_CASE("math.rs test_vec_fixed64_to_fixed32", "[yuma][mathrs]") {
  const std::int32_t lo = std::numeric_limits<std::int32_t>::min(),
                     hi = std::numeric_limits<std::int32_t>::max();
  CHECK(vec_fixed64_to_fixed32(std::vector<I64F64>{I64F64::saturating_from_num(lo)}) ==
        std::vector<I32F32>{num(lo)});
  CHECK(vec_fixed64_to_fixed32(std::vector<I64F64>{I64F64::saturating_from_num(hi)}) ==
        std::vector<I32F32>{num(hi)});
}

TEST_CASE("math.rs test_vec_fixed64_to_fixed32_saturates", "[yuma][mathrs]") {
  CHECK(vec_fixed64_to_fixed32(std::vector<I64F64>{I64F64::saturating_from_num(
            std::numeric_limits<std::int64_t>::max())}) == std::vector<I32F32>{I32F32::max()});
}
