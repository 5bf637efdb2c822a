// SPDX-License-Identifier: MIT
// Tests ported from subtensor pallets/subtensor/src/tests/math.rs (head 14bc6f9f), same names and
// same expected values. The Rust helpers build fixed values from f32 literals
// (`I32F32::from_num(x as f32)`), so the ports convert through float too.
// Ported so far: test_math_exp_safe, test_math_sigmoid_safe, test_math_is_topk,
// test_math_weighted_median_col, test_math_weighted_median_col_sparse, test_math_inplace_normalize,
// test_math_inplace_normalize_64, test_math_vecdiv, test_math_col_clip_sparse,
// test_math_inplace_row_normalize_sparse, test_math_inplace_col_normalize_sparse,
// test_math_inplace_col_max_upscale_sparse, test_math_row_sum_sparse, test_math_sparse_matmul,
// test_math_sparse_matmul_transpose.
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

namespace {
template <class F>
void vec_compare(const std::vector<F>& a, const std::vector<F>& b, F eps) {
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) CHECK(a[i].saturating_sub(b[i]).to_f64() <= eps.to_f64());
  for (std::size_t i = 0; i < a.size(); ++i) CHECK(b[i].saturating_sub(a[i]).to_f64() <= eps.to_f64());
}
std::vector<std::vector<std::pair<std::uint16_t, std::int64_t>>> entries(const SparseMatrix& m) {
  std::vector<std::vector<std::pair<std::uint16_t, std::int64_t>>> out(m.rows());
  for (std::size_t i = 0; i < m.rows(); ++i)
    for (const auto& e : m.row(i)) out[i].emplace_back(e.col, e.val.to_bits());
  return out;
}
}  // namespace

TEST_CASE("math.rs test_math_inplace_normalize(_64)", "[yuma][math][mathrs]") {
  std::vector<I32F32> x1 = vec_to_fixed_f64({1.0, 10.0, 30.0});
  inplace_normalize(x1);
  vec_compare(x1, vec_to_fixed_f64({0.0243902437, 0.243902439, 0.7317073171}), from_f64(0.0001));
  std::vector<I32F32> x2 = vec_to_fixed_f64({-1.0, 10.0, 30.0});
  inplace_normalize(x2);
  vec_compare(x2, vec_to_fixed_f64({-0.0256410255, 0.2564102563, 0.769230769}), from_f64(0.0001));

  using bt::fixed::I64F64;
  auto v64 = [](std::initializer_list<double> v) {
    std::vector<I64F64> r;
    for (double x : v) r.push_back(I64F64::saturating_from_f64(x));
    return r;
  };
  std::vector<I64F64> y1 = v64({1.0, 10.0, 30.0});
  inplace_normalize_64(y1);
  vec_compare(y1, v64({0.0243902437, 0.243902439, 0.7317073171}), I64F64::saturating_from_f64(0.0001));
  std::vector<I64F64> y2 = v64({-1.0, 10.0, 30.0});
  inplace_normalize_64(y2);
  vec_compare(y2, v64({-0.0256410255, 0.2564102563, 0.769230769}), I64F64::saturating_from_f64(0.0001));
}

TEST_CASE("math.rs test_math_vecdiv", "[yuma][math][mathrs]") {
  CHECK(vecdiv(vec_to_fixed({}), vec_to_fixed({})).empty());
  CHECK(vecdiv(vec_to_fixed({0, 1, 0, 1}), vec_to_fixed({0, 1, 1, 0})) == vec_to_fixed({0, 1, 0, 0}));
  CHECK(vecdiv(vec_to_fixed({1, 1, 10}), vec_to_fixed({2, 3, 2})) ==
        std::vector<I32F32>{fixed(1) / fixed(2), fixed(1) / fixed(3), fixed(5)});
}

TEST_CASE("math.rs test_math_col_clip_sparse", "[yuma][math][mathrs]") {
  const auto vector = vec_to_fixed({0, 5, 12});
  auto clip = [&](const std::vector<float>& m) {
    return entries(col_clip_sparse(vec_to_sparse_mat_fixed(m, 4), vector));
  };
  auto target = [](const std::vector<float>& m) { return entries(vec_to_sparse_mat_fixed(m, 4)); };
  CHECK(clip({0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}) == target({0, 2, 3, 0, 5, 6, 0, 5, 9, 0, 5, 12}));
  CHECK(clip({0, 2, 3, 4, 5, 6, 0, 0, 0, 10, 11, 12}) == target({0, 2, 3, 0, 5, 6, 0, 0, 0, 0, 5, 12}));
  CHECK(clip(std::vector<float>(12, 0.f)) == target(std::vector<float>(12, 0.f)));
}

namespace {
// vec_to_sparse_mat_fixed(vector, rows, transpose = true): one sparse row per column.
SparseMatrix vec_to_sparse_mat_fixed_t(const std::vector<float>& v, std::size_t rows) {
  const std::size_t cols = v.size() / rows;
  SparseMatrix m;
  for (std::size_t c = 0; c < cols; ++c) {
    for (std::size_t r = 0; r < rows; ++r)
      if (v[r * cols + c] > 0.f) m.push(static_cast<std::uint16_t>(r), fixed(v[r * cols + c]));
    m.end_row();
  }
  return m;
}
// assert_sparse_mat_compare: same shape and columns, values within eps.
void sparse_mat_compare(const SparseMatrix& a, const SparseMatrix& b, I32F32 eps) {
  REQUIRE(a.rows() == b.rows());
  for (std::size_t i = 0; i < a.rows(); ++i) {
    REQUIRE(a.row(i).size() == b.row(i).size());
    for (std::size_t k = 0; k < a.row(i).size(); ++k) {
      CHECK(a.row(i)[k].col == b.row(i)[k].col);
      CHECK(a.row(i)[k].val.saturating_sub(b.row(i)[k].val).to_f64() <= eps.to_f64());
      CHECK(b.row(i)[k].val.saturating_sub(a.row(i)[k].val).to_f64() <= eps.to_f64());
    }
  }
}
const std::vector<float> kNormInput = {
    0., 1.,  0., 2.,   0.,    3., 4.,     0., 1., 0., 2., 0., 3., 0., 1., 0., 0., 2., 0., 3., 4.,
    0., 10., 0., 100., 1000., 0., 10000., 0., 0., 0., 0., 0., 0., 0., 1., 1., 1., 1., 1., 1., 1.,
};
const std::vector<float> kNormTarget = {
    0.,  0.1, 0., 0.2, 0., 0.3, 0.4, 0.,       0.166666, 0.,       0.333333, 0.,       0.5,      0.,
    0.1, 0.,  0., 0.2, 0., 0.3, 0.4, 0.,       0.0009,   0.,       0.009,    0.09,     0.,       0.9,
    0.,  0.,  0., 0.,  0., 0.,  0.,  0.142857, 0.142857, 0.142857, 0.142857, 0.142857, 0.142857, 0.142857,
};
}  // namespace

TEST_CASE("math.rs test_math_inplace_row_normalize_sparse", "[yuma][math][mathrs]") {
  SparseMatrix mat = vec_to_sparse_mat_fixed(kNormInput, 6);
  inplace_row_normalize_sparse(mat);
  sparse_mat_compare(mat, vec_to_sparse_mat_fixed(kNormTarget, 6), fixed(0.0001f));
  SparseMatrix zeros = vec_to_sparse_mat_fixed(std::vector<float>(12, 0.f), 3);
  inplace_row_normalize_sparse(zeros);
  sparse_mat_compare(zeros, vec_to_sparse_mat_fixed(std::vector<float>(12, 0.f), 3), I32F32::zero());
}

TEST_CASE("math.rs test_math_inplace_col_normalize_sparse", "[yuma][math][mathrs]") {
  SparseMatrix mat = vec_to_sparse_mat_fixed_t(kNormInput, 6);
  inplace_col_normalize_sparse(mat, 6);
  sparse_mat_compare(mat, vec_to_sparse_mat_fixed_t(kNormTarget, 6), fixed(0.0001f));
  SparseMatrix zeros = vec_to_sparse_mat_fixed(std::vector<float>(12, 0.f), 3);
  inplace_col_normalize_sparse(zeros, 6);
  sparse_mat_compare(zeros, vec_to_sparse_mat_fixed(std::vector<float>(12, 0.f), 3), I32F32::zero());
  SparseMatrix empty;
  inplace_col_normalize_sparse(empty, 0);
  CHECK(empty.rows() == 0);
}

TEST_CASE("math.rs test_math_inplace_col_max_upscale_sparse", "[yuma][math][mathrs]") {
  SparseMatrix one_empty_row(1);
  inplace_col_max_upscale_sparse(one_empty_row, 0);
  CHECK(one_empty_row == SparseMatrix(1));
  SparseMatrix zero_entry;
  zero_entry.push(0, I32F32::zero());
  zero_entry.end_row();
  const SparseMatrix zero_entry_target = zero_entry;
  inplace_col_max_upscale_sparse(zero_entry, 1);
  CHECK(zero_entry == zero_entry_target);
  SparseMatrix mat = vec_to_sparse_mat_fixed_t(kNormInput, 6);
  inplace_col_max_upscale_sparse(mat, 6);
  const std::vector<float> target = {
      0.,   0.25, 0., 0.5, 0., 0.75, 1., 0., 0.333333, 0., 0.666666, 0.,  1., 0.,
      0.25, 0.,   0., 0.5, 0., 0.75, 1., 0., 0.001,    0., 0.01,     0.1, 0., 1.,
      0.,   0.,   0., 0.,  0., 0.,   0., 1., 1.,       1., 1.,       1.,  1., 1.,
  };
  sparse_mat_compare(mat, vec_to_sparse_mat_fixed_t(target, 6), fixed(0.0001f));
  SparseMatrix zeros = vec_to_sparse_mat_fixed(std::vector<float>(12, 0.f), 3);
  inplace_col_max_upscale_sparse(zeros, 6);
  sparse_mat_compare(zeros, vec_to_sparse_mat_fixed(std::vector<float>(12, 0.f), 3), I32F32::zero());
  SparseMatrix empty;
  inplace_col_max_upscale_sparse(empty, 0);
  CHECK(empty.rows() == 0);
}

TEST_CASE("math.rs test_math_row_sum_sparse", "[yuma][math][mathrs]") {
  auto rs = [](const std::vector<float>& m) { return row_sum_sparse(vec_to_sparse_mat_fixed(m, 4)); };
  CHECK(rs({1., 2., 3., 4., 5., 6., 7., 8., 9., 10., 11., 12.}) == vec_to_fixed({6., 15., 24., 33.}));
  CHECK(rs({0., 2., 3., 4., 0., 6., 7., 8., 0., 10., 11., 12.}) == vec_to_fixed({5., 10., 15., 33.}));
  CHECK(rs({1., 2., 3., 0., 0., 0., 7., 8., 9., 10., 11., 12.}) == vec_to_fixed({6., 0., 24., 33.}));
  CHECK(rs(std::vector<float>(12, 0.f)) == vec_to_fixed({0., 0., 0., 0.}));
}

TEST_CASE("math.rs test_math_sparse_matmul", "[yuma][math][mathrs]") {
  const auto vector = vec_to_fixed({1., 2., 3., 4.});
  auto mm = [&](const std::vector<float>& m) {
    return matmul_sparse(vec_to_sparse_mat_fixed(m, 4), vector, 3);
  };
  CHECK(mm({1., 2., 3., 4., 5., 6., 7., 8., 9., 10., 11., 12.}) == vec_to_fixed({70., 80., 90.}));
  CHECK(mm({0., 2., 3., 4., 0., 6., 7., 8., 0., 10., 11., 12.}) == vec_to_fixed({69., 70., 63.}));
  CHECK(mm(std::vector<float>(12, 0.f)) == vec_to_fixed({0., 0., 0.}));
}

TEST_CASE("math.rs test_math_sparse_matmul_transpose", "[yuma][math][mathrs]") {
  const auto vector = vec_to_fixed({1., 2., 3.});
  auto mt = [&](const std::vector<float>& m) {
    return matmul_transpose_sparse(vec_to_sparse_mat_fixed(m, 4), vector);
  };
  CHECK(mt({1., 2., 3., 4., 5., 6., 7., 8., 9., 10., 11., 12.}) == vec_to_fixed({14., 32., 50., 68.}));
  CHECK(mt({0., 2., 3., 4., 0., 6., 7., 8., 0., 10., 11., 12.}) == vec_to_fixed({13., 22., 23., 68.}));
  CHECK(mt(std::vector<float>(12, 0.f)) == vec_to_fixed({0., 0., 0., 0.}));
}
