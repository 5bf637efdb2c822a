// SPDX-License-Identifier: MIT
// Tests ported from subtensor pallets/subtensor/src/tests/math.rs (head 14bc6f9f), same names and
// same expected values. The Rust helpers build fixed values from f32 literals
// (`I32F32::from_num(x as f32)`), so the ports convert through float too.
// Ported so far: test_math_exp_safe, test_math_sigmoid_safe, test_math_is_topk,
// test_math_weighted_median_col, test_math_weighted_median_col_sparse.
#include <bt/fixed/transcendental.hpp>
#include <bt/yuma/math.hpp>
#include <catch2/catch.hpp>

using namespace bt::yuma::math;
using bt::fixed::I32F32;

namespace {
I32F32 fixed(float v) { return I32F32::saturating_from_f64(static_cast<double>(v)); }
I32F32 from_f64(double v) { return I32F32::saturating_from_f64(v); }
std::vector<I32F32> vec_to_fixed(std::initializer_list<float> v) {
  std::vector<I32F32> r;
  for (float x : v) r.push_back(fixed(x));
  return r;
}
std::vector<I32F32> vec_to_fixed_f64(std::initializer_list<double> v) {
  std::vector<I32F32> r;
  for (double x : v) r.push_back(from_f64(x));
  return r;
}
// Row-major `rows` x (size / rows) values; zeros are left out of the sparse form (as in Rust).
SparseMatrix vec_to_sparse_mat_fixed(const std::vector<float>& v, std::size_t rows) {
  const std::size_t cols = v.size() / rows;
  SparseMatrix m;
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < cols; ++c)
      if (v[r * cols + c] > 0.f) m.push(static_cast<std::uint16_t>(c), fixed(v[r * cols + c]));
    m.end_row();
  }
  return m;
}
DenseMatrix vec_to_mat_fixed(const std::vector<float>& v, std::size_t rows) {
  const std::size_t cols = v.size() / rows;
  DenseMatrix m(rows, std::vector<I32F32>(cols));
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t c = 0; c < cols; ++c) m[r][c] = fixed(v[r * cols + c]);
  return m;
}
}  // namespace

TEST_CASE("math.rs test_math_exp_safe", "[yuma][math][mathrs]") {
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

TEST_CASE("math.rs test_math_sigmoid_safe", "[yuma][math][mathrs]") {
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

TEST_CASE("math.rs test_math_is_topk", "[yuma][math][mathrs]") {
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

TEST_CASE("math.rs test_math_weighted_median_col(_sparse)", "[yuma][math][mathrs]") {
  // The dense and the sparse Rust tests use the same data and expectations.
  CHECK(weighted_median_col_sparse(vec_to_fixed({}), SparseMatrix(1), 0, fixed(0.5f)).empty());
  CHECK(weighted_median_col(vec_to_fixed({}), DenseMatrix(1), fixed(0.5f)).empty());

  const std::vector<float> zeros = {0, 0, 0, 0};
  CHECK(weighted_median_col_sparse(vec_to_fixed({0, 0}), vec_to_sparse_mat_fixed(zeros, 2), 2, fixed(0.5f)) ==
        vec_to_fixed({0, 0}));
  CHECK(weighted_median_col(vec_to_fixed({0, 0}), vec_to_mat_fixed(zeros, 2), fixed(0.5f)) ==
        vec_to_fixed({0, 0}));

  const std::vector<float> w = {0.f, 0.1f, 0.f, 0.f, 0.2f, 0.4f, 0.f, 0.3f, 0.1f, 0.f, 0.4f, 0.5f};
  const auto stake = vec_to_fixed({0.f, 0.75f, 0.25f, 0.f});
  const auto ws = vec_to_sparse_mat_fixed(w, 4);
  const auto wd = vec_to_mat_fixed(w, 4);
  const std::pair<float, std::vector<I32F32>> cases[] = {{0.24f, vec_to_fixed({0.f, 0.3f, 0.4f})},
                                                         {0.26f, vec_to_fixed({0.f, 0.2f, 0.4f})},
                                                         {0.76f, vec_to_fixed({0.f, 0.2f, 0.1f})}};
  for (const auto& [majority, median] : cases) {
    CHECK(weighted_median_col_sparse(stake, ws, 3, fixed(majority)) == median);
    CHECK(weighted_median_col(stake, wd, fixed(majority)) == median);
  }

  const std::vector<float> w2 = {0.f, 0.1f, 0.f, 0.f, 0.2f, 0.4f, 0.f, 0.3f, 0.1f, 0.f, 0.f, 0.5f};
  const auto stake2 = vec_to_fixed({0.f, 0.3f, 0.2f, 0.5f});
  CHECK(weighted_median_col_sparse(stake2, vec_to_sparse_mat_fixed(w2, 4), 3, fixed(0.51f)) ==
        vec_to_fixed({0.f, 0.f, 0.4f}));
  CHECK(weighted_median_col(stake2, vec_to_mat_fixed(w2, 4), fixed(0.51f)) == vec_to_fixed({0.f, 0.f, 0.4f}));
}
