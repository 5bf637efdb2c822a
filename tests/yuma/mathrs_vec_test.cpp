// SPDX-License-Identifier: MIT
// Ports of subtensor pallets/subtensor/src/tests/math.rs (head 14bc6f9f): scalar conversions,
// vectors and the test helpers themselves. Same test names, same expected literals.
#include <bt/fixed/transcendental.hpp>
#include <bt/yuma/math.hpp>
#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>

#include "yuma/mathrs_support.hpp"

using namespace bt::yuma::math;
using namespace bt::yuma::mathrs_test;

namespace {
I32F32 num(std::int64_t v) { return I32F32::saturating_from_num(v); }
using U16s = std::vector<std::uint16_t>;
}  // namespace

template <class F>
static void test_vec_max_upscale_to_u16_case(F f) {
  auto upscale_f = [&](const std::vector<float>& v) { return f(vec_to_fixed(v)); };
  CHECK(upscale_f(std::vector<float>{}).empty());
  CHECK(upscale_f(std::vector<float>{0.f}) == U16s{0});
  CHECK(upscale_f(std::vector<float>{0.f, 0.f}) == U16s{0, 0});
  CHECK(upscale_f(std::vector<float>{0.f, 1.f}) == U16s{0, 65535});
  CHECK(upscale_f(std::vector<float>{0.f, 0.000000001f}) == U16s{0, 65535});
  CHECK(upscale_f(std::vector<float>{0.f, 0.000016f, 1.f}) == U16s{0, 1, 65535});
  CHECK(upscale_f(std::vector<float>{0.000000001f, 0.000000001f}) == U16s{65535, 65535});
  CHECK(upscale_f(std::vector<float>{0.000001f, 0.000006f, 0.000007f, 0.0001f, 0.001f, 0.01f, 0.1f, 0.2f,
                                     0.3f, 0.4f}) ==
        U16s{0, 1, 1, 16, 164, 1638, 16384, 32768, 49151, 65535});
  CHECK(f(std::vector<I32F32>{num(16384)}) == U16s{65535});
  CHECK(f(std::vector<I32F32>{num(32768)}) == U16s{65535});
  CHECK(f(std::vector<I32F32>{num(32769)}) == U16s{65535});
  CHECK(f(std::vector<I32F32>{num(65535)}) == U16s{65535});
  CHECK(f(std::vector<I32F32>{I32F32::max()}) == U16s{65535});
  CHECK(upscale_f(std::vector<float>{0.f, 1.f, 65535.f}) == U16s{0, 1, 65535});
  CHECK(upscale_f(std::vector<float>{0.f, 0.5f, 1.f, 1.5f, 2.f, 32768.f}) == U16s{0, 1, 2, 3, 4, 65535});
  CHECK(upscale_f(std::vector<float>{0.f, 0.5f, 1.f, 1.5f, 2.f, 32768.f, 32769.f}) ==
        U16s{0, 1, 2, 3, 4, 65533, 65535});
  CHECK(f(std::vector<I32F32>{num(0), num(1), num(32768), num(32769), I32F32::max()}) ==
        U16s{0, 0, 1, 1, 65535});
}
TEST_CASE("math.rs test_vec_max_upscale_to_u16", "[yuma][mathrs]") {
  test_vec_max_upscale_to_u16_case(BT_MATHRS_FN(bt::yuma::math, vec_max_upscale_to_u16));
}
TEST_CASE("math.rs spec143 test_vec_max_upscale_to_u16", "[yuma][mathrs]") {
  test_vec_max_upscale_to_u16_case(BT_MATHRS_FN(s143, vec_max_upscale_to_u16));
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

template <class F>
static void test_math_fixed64_to_fixed32_case(F fixed64_to_fixed32) {
  // Rust compares the I32F32 result with the u32 value (fixed's PartialEq<u32>).
  CHECK(fixed64_to_fixed32(I64F64::saturating_from_num(std::uint32_t{0})) == num(0));
  const std::uint32_t expected = std::numeric_limits<std::uint32_t>::max() / 2;
  CHECK(fixed64_to_fixed32(I64F64::saturating_from_num(std::uint64_t{expected})) == num(expected));
}
TEST_CASE("math.rs test_math_fixed64_to_fixed32", "[yuma][mathrs]") {
  test_math_fixed64_to_fixed32_case(BT_MATHRS_FN(bt::yuma::math, fixed64_to_fixed32));
}
TEST_CASE("math.rs spec143 test_math_fixed64_to_fixed32", "[yuma][mathrs]") {
  test_math_fixed64_to_fixed32_case(BT_MATHRS_FN(s143, fixed64_to_fixed32));
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

template <class F>
static void test_fixed_proportion_to_u16_case(F fixed_proportion_to_u16) {
  CHECK(fixed_proportion_to_u16(num(0)) == 0);
}
TEST_CASE("math.rs test_fixed_proportion_to_u16", "[yuma][mathrs]") {
  test_fixed_proportion_to_u16_case(BT_MATHRS_FN(bt::yuma::math, fixed_proportion_to_u16));
}
TEST_CASE("math.rs spec143 test_fixed_proportion_to_u16", "[yuma][mathrs]") {
  test_fixed_proportion_to_u16_case(BT_MATHRS_FN(s143, fixed_proportion_to_u16));
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

// ---- moved from mathrs_test.cpp (one TEST_CASE per Rust test), now also run on the spec143 helpers.

template <class F>
static void test_math_inplace_normalize_case(F inplace_normalize) {
  const I32F32 epsilon = from_f64(0.0001);
  std::vector<I32F32> x1 = {from_f64(1.0), from_f64(10.0), from_f64(30.0)};
  inplace_normalize(x1);
  assert_vec_compare(x1, {from_f64(0.0243902437), from_f64(0.243902439), from_f64(0.7317073171)}, epsilon);
  std::vector<I32F32> x2 = {from_f64(-1.0), from_f64(10.0), from_f64(30.0)};
  inplace_normalize(x2);
  assert_vec_compare(x2, {from_f64(-0.0256410255), from_f64(0.2564102563), from_f64(0.769230769)}, epsilon);
}
TEST_CASE("math.rs test_math_inplace_normalize", "[yuma][mathrs]") {
  test_math_inplace_normalize_case(BT_MATHRS_FN(bt::yuma::math, inplace_normalize));
}
TEST_CASE("math.rs spec143 test_math_inplace_normalize", "[yuma][mathrs]") {
  test_math_inplace_normalize_case(BT_MATHRS_FN(s143, inplace_normalize));
}

template <class F>
static void test_math_inplace_normalize_64_case(F inplace_normalize_64) {
  const I64F64 epsilon = from_f64_64(0.0001);
  std::vector<I64F64> x1 = {from_f64_64(1.0), from_f64_64(10.0), from_f64_64(30.0)};
  inplace_normalize_64(x1);
  assert_vec_compare(x1, {from_f64_64(0.0243902437), from_f64_64(0.243902439), from_f64_64(0.7317073171)},
                     epsilon);
  std::vector<I64F64> x2 = {from_f64_64(-1.0), from_f64_64(10.0), from_f64_64(30.0)};
  inplace_normalize_64(x2);
  assert_vec_compare(x2, {from_f64_64(-0.0256410255), from_f64_64(0.2564102563), from_f64_64(0.769230769)},
                     epsilon);
}
TEST_CASE("math.rs test_math_inplace_normalize_64", "[yuma][mathrs]") {
  test_math_inplace_normalize_64_case(BT_MATHRS_FN(bt::yuma::math, inplace_normalize_64));
}
TEST_CASE("math.rs spec143 test_math_inplace_normalize_64", "[yuma][mathrs]") {
  test_math_inplace_normalize_64_case(BT_MATHRS_FN(s143, inplace_normalize_64));
}

template <class F>
static void test_math_vecdiv_case(F vecdiv) {
  CHECK(vecdiv(vec_to_fixed({}), vec_to_fixed({})).empty());
  CHECK(vecdiv(vec_to_fixed({0., 1., 0., 1.}), vec_to_fixed({0., 1., 1., 0.})) ==
        vec_to_fixed({0., 1., 0., 0.}));
  CHECK(vecdiv(vec_to_fixed({1., 1., 10.}), vec_to_fixed({2., 3., 2.})) ==
        std::vector<I32F32>{fixed(1.) / fixed(2.), fixed(1.) / fixed(3.), fixed(5.)});
}
TEST_CASE("math.rs test_math_vecdiv", "[yuma][mathrs]") {
  test_math_vecdiv_case(BT_MATHRS_FN(bt::yuma::math, vecdiv));
}
TEST_CASE("math.rs spec143 test_math_vecdiv", "[yuma][mathrs]") {
  test_math_vecdiv_case(BT_MATHRS_FN(s143, vecdiv));
}

// ---- moved from mathrs_test.cpp: exp_safe, sigmoid_safe, is_topk (head only: spec_version 143 has
// no exp_safe / sigmoid_safe, and its is_topk is the head one).

namespace {
std::vector<I32F32> vec_to_fixed_f64(std::initializer_list<double> v) {
  std::vector<I32F32> r;
  for (double x : v) r.push_back(from_f64(x));
  return r;
}
}  // namespace

TEST_CASE("math.rs test_math_exp_safe", "[yuma][mathrs]") {
  const I32F32 zero = I32F32::zero(), one = I32F32::one();
  CHECK(exp_safe(zero) == *bt::fixed::exp(zero));
  CHECK(exp_safe(one) == *bt::fixed::exp(one));
  const I32F32 min_input = I32F32::saturating_from_num(-20), max_input = I32F32::saturating_from_num(20);
  const I32F32 lo = *bt::fixed::exp(min_input), hi = *bt::fixed::exp(max_input);
  CHECK(exp_safe(min_input) == lo);
  CHECK(exp_safe(min_input - one) == lo);
  CHECK(exp_safe(I32F32::min()) == lo);
  CHECK(exp_safe(max_input) == hi);
  CHECK(exp_safe(max_input + one) == hi);
  CHECK(exp_safe(I32F32::max()) == hi);
}

TEST_CASE("math.rs test_math_sigmoid_safe", "[yuma][mathrs]") {
  // (I32F32::from_num(0.4) etc. in Rust: f64 literals.)
  const std::vector<I32F32> trust = {I32F32::min(), from_f64(0), from_f64(0.4), from_f64(0.5),
                                     from_f64(0.6), from_f64(1), I32F32::max()};
  auto map = [&](const std::vector<I32F32>& in, I32F32 rho, I32F32 kappa) {
    std::vector<I32F32> r;
    for (auto t : in) r.push_back(sigmoid_safe(t, rho, kappa));
    return r;
  };
  CHECK(map(trust, I32F32::max(), I32F32::max()) ==
        vec_to_fixed({0.0000000019f, 0.0000000019f, 0.0000000019f, 0.0000000019f, 0.0000000019f,
                      0.0000000019f, 0.5f}));
  CHECK(map(trust, I32F32::min(), I32F32::min()) ==
        vec_to_fixed({0.5f, 0.0000000019f, 0.0000000019f, 0.0000000019f, 0.0000000019f, 0.0000000019f,
                      0.0000000019f}));
  CHECK(map(trust, fixed(30), fixed(0.5f)) == vec_to_fixed_f64({0.0000000019, 0.0000003057, 0.0474258729, 0.5,
                                                                0.952574127, 0.9999996943, 0.9999999981}));
  const auto trust2 = vec_to_fixed({0.f, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f, 1.f});
  CHECK(map(trust2, fixed(40), fixed(0.5f)) ==
        vec_to_fixed_f64({0.0000000019, 0.0000001125, 0.0000061442, 0.0003353502, 0.017986214, 0.5,
                          0.9820138067, 0.9996646498, 0.9999938558, 0.9999998875, 0.9999999981}));
}

TEST_CASE("math.rs test_math_is_topk", "[yuma][mathrs]") {
  CHECK(is_topk(vec_to_fixed({}), 5).empty());
  const auto v = vec_to_fixed({0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
  CHECK(is_topk(v, 0) == std::vector<bool>(10, false));
  CHECK(is_topk(v, 5) == std::vector<bool>{false, false, false, false, false, true, true, true, true, true});
  CHECK(is_topk(v, 10) == std::vector<bool>(10, true));
  CHECK(is_topk(v, 100) == std::vector<bool>(10, true));
  CHECK(is_topk(vec_to_fixed({9, 8, 7, 6, 5, 4, 3, 2, 1, 0}), 5) ==
        std::vector<bool>{true, true, true, true, true, false, false, false, false, false});
  const std::vector<bool> alt = {true, false, true, false, true, false, true, false, true, false};
  CHECK(is_topk(vec_to_fixed({9, 0, 8, 1, 7, 2, 6, 3, 5, 4}), 5) == alt);
  CHECK(is_topk(vec_to_fixed({0.9f, 0.f, 0.8f, 0.1f, 0.7f, 0.2f, 0.6f, 0.3f, 0.5f, 0.4f}), 5) == alt);
  CHECK(is_topk(vec_to_fixed({0, 1, 2, 3, 4, 5, 5, 5, 5, 6}), 5) ==
        std::vector<bool>{false, false, false, false, false, true, true, true, true, true});
}
