// SPDX-License-Identifier: MIT
// Ports of subtensor pallets/subtensor/src/tests/math.rs: the bond EMA helpers.
// "math.rs test_*" are from head 14bc6f9f (mat_ema_alpha / mat_ema_alpha_sparse: per-entry alpha,
// result clamped to [0, 1]). "math.rs feb2025 test_*" are from e2b8367b, whose epoch uses mat_ema,
// mat_ema_sparse and the per-column mat_ema_alpha_vec(_sparse); head's file no longer tests those.
// Same expected literals and epsilons as the Rust tests.
#include <bt/yuma/math.hpp>
#include <catch2/catch.hpp>

#include "yuma/mathrs_support.hpp"

using namespace bt::yuma::math;
using namespace bt::yuma::mathrs_test;

namespace {
const std::vector<float> k12 = {1., 2., 3., 4., 5., 6., 7., 8., 9., 10., 11., 12.};
const std::vector<float> k12x10 = {10., 20., 30., 40., 50., 60., 70., 80., 90., 100., 110., 120.};
const std::vector<float> kSmall = {0.1, 0.2, 3., 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.10, 0.11, 0.12};
const std::vector<float> kZeros12(12, 0.f);

// mat_ema_alpha_sparse with the alpha matrix given as rows (flattened row-major for our signature).
SparseMatrix ema_alpha_sparse(const SparseMatrix& next, const SparseMatrix& prev, const DenseMatrix& alpha) {
  const std::size_t cols = alpha.empty() ? 0 : alpha.front().size();
  std::vector<I32F32> flat;
  for (const auto& row : alpha) {
    REQUIRE(row.size() == cols);
    flat.insert(flat.end(), row.begin(), row.end());
  }
  return mat_ema_alpha_sparse(next, prev, flat, alpha.size(), cols);
}
I32F32 n(double v) { return from_f64(v); }
DenseMatrix alpha_rows(std::vector<I32F32> row, std::size_t rows) {
  return DenseMatrix(rows, std::move(row));
}
}  // namespace

TEST_CASE("math.rs test_math_mat_ema_alpha", "[yuma][mathrs]") {
  const I32F32 eps = from_f64(1e-4);
  const DenseMatrix alpha01 = vec_to_mat_fixed(std::vector<float>(12, 0.1f), 4, false);
  assert_mat_compare(
      mat_ema_alpha(vec_to_mat_fixed(k12, 4, false), vec_to_mat_fixed(kSmall, 4, false), alpha01),
      vec_to_mat_fixed({0.19, 0.38, 1., 0.436, 0.545, 0.6539, 0.763, 0.8719, 0.981, 1., 1., 1.}, 4, false),
      eps);
  const std::vector<float> clamped = {0.10, 0.2,     1.,   0.0399, 0.05,    0.0599,
                                      0.07, 0.07999, 0.09, 0.1,    0.10999, 0.11999};
  assert_mat_compare(mat_ema_alpha(vec_to_mat_fixed(k12x10, 4, false), vec_to_mat_fixed(kSmall, 4, false),
                                   vec_to_mat_fixed(std::vector<float>(12, 0.f), 4, false)),
                     vec_to_mat_fixed(clamped, 4, false), eps);
  const std::vector<float> old = {0.001, 0.002, 0.003, 0.004, 0.05,  0.006,
                                  0.007, 0.008, 0.009, 0.010, 0.011, 0.012};
  assert_mat_compare(mat_ema_alpha(vec_to_mat_fixed(kSmall, 4, false), vec_to_mat_fixed(old, 4, false),
                                   vec_to_mat_fixed(std::vector<float>(12, 1.f), 4, false)),
                     vec_to_mat_fixed(clamped, 4, false), eps);
}

TEST_CASE("math.rs test_math_sparse_mat_ema_alpha", "[yuma][mathrs]") {
  const DenseMatrix alpha = vec_to_mat_fixed(std::vector<float>(12, 0.1f), 4, false);
  auto run = [&](const std::vector<float>& next, const std::vector<float>& prev) {
    return ema_alpha_sparse(vec_to_sparse_mat_fixed(next, 4, false), vec_to_sparse_mat_fixed(prev, 4, false),
                            alpha);
  };
  auto target = [](const std::vector<float>& t) { return vec_to_sparse_mat_fixed(t, 4, false); };
  const I32F32 eps = from_f64(1e-4);
  assert_sparse_mat_compare(
      run(k12, kSmall), target({0.19, 0.38, 1., 0.43599, 0.545, 0.65399, 0.763, 0.87199, 0.981, 1., 1., 1.}),
      eps);
  const std::vector<float> old = {0.001, 0.002, 0.003, 0.004, 0.05,  0.006,
                                  0.007, 0.008, 0.009, 0.010, 0.011, 0.012};
  assert_sparse_mat_compare(run(kSmall, old),
                            target({0.0109, 0.0218, 0.30270, 0.007599, 0.05, 0.01139, 0.0133, 0.01519, 0.017,
                                    0.01899, 0.02089, 0.0227}),
                            eps);
  assert_sparse_mat_compare(
      run(kSmall, kZeros12),
      target({0.01, 0.02, 0.3, 0.00399, 0.005, 0.00599, 0.007, 0.00799, 0.009, 0.01, 0.011, 0.01199}), eps);
  assert_sparse_mat_compare(run(kZeros12, kZeros12), target(kZeros12), eps);
  assert_sparse_mat_compare(
      run({0., 0., 0., 0., 2., 0., 0., 0., 0., 0., 0., 0.}, {1., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.}),
      target({0.0, 0., 0., 0., 0.2, 0., 0., 0., 0., 0., 0., 0.}), from_f64(1e-1));
}

TEST_CASE("math.rs test_mat_ema_alpha_sparse_empty", "[yuma][mathrs]") {
  CHECK(ema_alpha_sparse(SparseMatrix(), SparseMatrix(), DenseMatrix()) == SparseMatrix());
}

TEST_CASE("math.rs test_mat_ema_alpha_sparse_single_element", "[yuma][mathrs]") {
  CHECK(ema_alpha_sparse(sparse({{{0, n(1.0)}}}), sparse({{{0, n(2.0)}}}), DenseMatrix{{n(0.5)}}) ==
        sparse({{{0, n(1.0)}}}));
}

TEST_CASE("math.rs test_mat_ema_alpha_sparse_multiple_elements", "[yuma][mathrs]") {
  const SparseMatrix next = sparse({{{0, n(1.0)}, {1, n(2.0)}}, {{0, n(3.0)}, {1, n(4.0)}}});
  const SparseMatrix prev = sparse({{{0, n(5.0)}, {1, n(6.0)}}, {{0, n(7.0)}, {1, n(8.0)}}});
  assert_sparse_mat_compare(ema_alpha_sparse(next, prev, alpha_rows({n(0.1), n(0.2)}, 2)),
                            sparse({{{0, n(1.0)}, {1, n(1.0)}}, {{0, n(1.0)}, {1, n(1.0)}}}), n(0.000001));
}

TEST_CASE("math.rs test_mat_ema_alpha_sparse_zero_alpha", "[yuma][mathrs]") {
  CHECK(ema_alpha_sparse(sparse({{{0, n(1.0)}}}), sparse({{{0, n(2.0)}}}), DenseMatrix{{n(0.1), n(0.0)}}) ==
        sparse({{{0, n(1.0)}}}));
}

TEST_CASE("math.rs test_mat_ema_alpha_sparse_one_alpha", "[yuma][mathrs]") {
  CHECK(ema_alpha_sparse(sparse({{{0, n(1.0)}}}), sparse({{{0, n(2.0)}}}), DenseMatrix{{n(1.0), n(0.0)}}) ==
        sparse({{{0, n(1.0)}}}));
}

TEST_CASE("math.rs test_mat_ema_alpha_sparse_mixed_alpha", "[yuma][mathrs]") {
  const SparseMatrix next = sparse({{{0, n(1.0)}, {1, n(2.0)}}, {{0, n(3.0)}, {1, n(4.0)}}});
  const SparseMatrix prev = sparse({{{0, n(5.0)}, {1, n(6.0)}}, {{0, n(7.0)}, {1, n(8.0)}}});
  assert_sparse_mat_compare(ema_alpha_sparse(next, prev, alpha_rows({n(0.3), n(0.7)}, 2)),
                            sparse({{{0, n(1.0)}, {1, n(1.0)}}, {{0, n(1.0)}, {1, n(1.0)}}}), n(0.000001));
}

TEST_CASE("math.rs test_mat_ema_alpha_sparse_sparse_matrix", "[yuma][mathrs]") {
  CHECK(ema_alpha_sparse(sparse({{{0, n(1.0)}}, {{1, n(4.0)}}}), sparse({{{0, n(5.0)}}, {{1, n(8.0)}}}),
                         alpha_rows({n(0.5), n(0.5)}, 2)) == sparse({{{0, n(1.0)}}, {{1, n(1.0)}}}));
}

TEST_CASE("math.rs test_mat_ema_alpha_basic", "[yuma][mathrs]") {
  const DenseMatrix next = mat_to_fixed({{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}});
  const DenseMatrix prev = mat_to_fixed({{0.5, 1.5, 2.5}, {3.5, 4.5, 5.5}});
  CHECK(mat_ema_alpha(next, prev, alpha_rows({n(0.5), n(0.5), n(0.5)}, 2)) ==
        mat_to_fixed({{0.75, 1.0, 1.0}, {1.0, 1.0, 1.0}}));
}

TEST_CASE("math.rs test_mat_ema_alpha_varying_alpha", "[yuma][mathrs]") {
  const DenseMatrix next = mat_to_fixed({{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}});
  const DenseMatrix prev = mat_to_fixed({{0.5, 1.5, 2.5}, {3.5, 4.5, 5.5}});
  // assert_mat_approx_eq: same shape, |a - b| <= epsilon.
  assert_mat_compare(mat_ema_alpha(next, prev, alpha_rows({n(0.2), n(0.5), n(0.8)}, 2)),
                     mat_to_fixed({{0.6, 1.0, 1.0}, {1.0, 1.0, 1.0}}), n(1e-6));
}

TEST_CASE("math.rs test_mat_ema_alpha_sparse_varying_alpha", "[yuma][mathrs]") {
  const SparseMatrix weights = sparse({{{0, n(0.1)}, {1, n(0.2)}}, {{0, n(0.3)}, {1, n(0.4)}}});
  const SparseMatrix bonds = sparse({{{0, n(0.5)}, {1, n(0.6)}}, {{0, n(0.7)}, {1, n(0.8)}}});
  const DenseMatrix alpha = {{n(0.9), n(0.8)}, {n(0.5), n(0.7)}};
  assert_sparse_mat_compare(ema_alpha_sparse(weights, bonds, alpha),
                            sparse({{{0, n(0.14)}, {1, n(0.28)}}, {{0, n(0.499999)}, {1, n(0.519999)}}}),
                            n(1e-6));
}

TEST_CASE("math.rs test_mat_ema_alpha_empty_matrices", "[yuma][mathrs]") {
  CHECK(mat_ema_alpha(DenseMatrix(), DenseMatrix(), DenseMatrix()) == DenseMatrix(1));
}

TEST_CASE("math.rs test_mat_ema_alpha_single_element", "[yuma][mathrs]") {
  CHECK(mat_ema_alpha(mat_to_fixed({{1.0}}), mat_to_fixed({{0.5}}), DenseMatrix{{n(0.5)}}) ==
        mat_to_fixed({{0.75}}));
}

TEST_CASE("math.rs test_mat_ema_alpha_mismatched_dimensions", "[yuma][mathrs]") {
  const DenseMatrix next = mat_to_fixed({{1.0, 2.0}, {3.0, 4.0}});
  const DenseMatrix prev = mat_to_fixed({{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}});
  const DenseMatrix result = mat_ema_alpha(next, prev, alpha_rows({n(0.5), n(0.5), n(0.5)}, 2));
  REQUIRE(!result.empty());
  REQUIRE(!result[0].empty());
  CHECK(result[0][0] == prev[0][0]);
}

// ---- feb2025 (e2b8367b) tests of helpers whose head tests were removed or renamed.

template <class F>
static void test_math_mat_ema_case(F mat_ema) {
  const DenseMatrix prev = vec_to_mat_fixed(k12, 4, false), next = vec_to_mat_fixed(k12x10, 4, false);
  const I32F32 eps = n(0.000001);
  assert_mat_compare(
      mat_ema(next, prev, n(0.1)),
      vec_to_mat_fixed({1.9, 3.8, 5.7, 7.6, 9.5, 11.4, 13.3, 15.2, 17.1, 19., 20.9, 22.8}, 4, false), eps);
  assert_mat_compare(mat_ema(next, prev, n(0)), vec_to_mat_fixed(k12, 4, false), eps);
  assert_mat_compare(mat_ema(next, prev, n(1)), vec_to_mat_fixed(k12x10, 4, false), eps);
}
TEST_CASE("math.rs feb2025 test_math_mat_ema", "[yuma][mathrs]") {
  test_math_mat_ema_case(BT_MATHRS_FN(bt::yuma::math, mat_ema));
}
TEST_CASE("math.rs spec143 test_math_mat_ema", "[yuma][mathrs]") {
  test_math_mat_ema_case(BT_MATHRS_FN(s143, mat_ema));
}

template <class F>
static void test_math_sparse_mat_ema_case(F mat_ema_sparse) {
  auto run = [&](const std::vector<float>& next, const std::vector<float>& prev) {
    return mat_ema_sparse(vec_to_sparse_mat_fixed(next, 4, false), vec_to_sparse_mat_fixed(prev, 4, false),
                          n(0.1));
  };
  auto target = [](const std::vector<float>& t) { return vec_to_sparse_mat_fixed(t, 4, false); };
  const I32F32 eps = n(0.000001);
  assert_sparse_mat_compare(run(k12x10, k12),
                            target({1.9, 3.8, 5.7, 7.6, 9.5, 11.4, 13.3, 15.2, 17.1, 19., 20.9, 22.8}), eps);
  const std::vector<float> gappy = {10., 20., 0., 40., 0., 60., 0., 80., 90., 100., 110., 120.};
  assert_sparse_mat_compare(run(gappy, {0., 2., 3., 4., 0., 6., 7., 8., 0., 10., 11., 12.}),
                            target({1., 3.8, 2.7, 7.6, 0., 11.4, 6.3, 15.2, 9., 19., 20.9, 22.8}), eps);
  assert_sparse_mat_compare(run(gappy, kZeros12), target({1., 2., 0., 4., 0., 6., 0., 8., 9., 10., 11., 12.}),
                            eps);
  assert_sparse_mat_compare(run(kZeros12, kZeros12), target(kZeros12), eps);
  assert_sparse_mat_compare(
      run({0., 0., 0., 0., 2., 0., 0., 0., 0., 0., 0., 0.}, {1., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.}),
      target({0.9, 0., 0., 0., 0.2, 0., 0., 0., 0., 0., 0., 0.}), eps);
}
TEST_CASE("math.rs feb2025 test_math_sparse_mat_ema", "[yuma][mathrs]") {
  test_math_sparse_mat_ema_case(BT_MATHRS_FN(bt::yuma::math, mat_ema_sparse));
}
TEST_CASE("math.rs spec143 test_math_sparse_mat_ema", "[yuma][mathrs]") {
  test_math_sparse_mat_ema_case(BT_MATHRS_FN(s143, mat_ema_sparse));
}

TEST_CASE("math.rs feb2025 test_mat_ema_alpha_vec_sparse_empty", "[yuma][mathrs]") {
  CHECK(mat_ema_alpha_vec_sparse(SparseMatrix(), SparseMatrix(), std::vector<I32F32>{}) == SparseMatrix());
}

TEST_CASE("math.rs feb2025 test_mat_ema_alpha_vec_sparse_single_element", "[yuma][mathrs]") {
  CHECK(mat_ema_alpha_vec_sparse(sparse({{{0, n(1.0)}}}), sparse({{{0, n(2.0)}}}),
                                 std::vector<I32F32>{n(0.5)}) == sparse({{{0, n(1.5)}}}));
}

TEST_CASE("math.rs feb2025 test_mat_ema_alpha_vec_sparse_multiple_elements", "[yuma][mathrs]") {
  const SparseMatrix next = sparse({{{0, n(1.0)}, {1, n(2.0)}}, {{0, n(3.0)}, {1, n(4.0)}}});
  const SparseMatrix prev = sparse({{{0, n(5.0)}, {1, n(6.0)}}, {{0, n(7.0)}, {1, n(8.0)}}});
  assert_sparse_mat_compare(mat_ema_alpha_vec_sparse(next, prev, std::vector<I32F32>{n(0.1), n(0.2)}),
                            sparse({{{0, n(4.6)}, {1, n(5.2)}}, {{0, n(6.6)}, {1, n(7.2)}}}), n(0.000001));
}

TEST_CASE("math.rs feb2025 test_mat_ema_alpha_vec_sparse_zero_alpha", "[yuma][mathrs]") {
  CHECK(mat_ema_alpha_vec_sparse(sparse({{{0, n(1.0)}}}), sparse({{{0, n(2.0)}}}),
                                 std::vector<I32F32>{n(0.0)}) == sparse({{{0, n(2.0)}}}));
}

TEST_CASE("math.rs feb2025 test_mat_ema_alpha_vec_sparse_one_alpha", "[yuma][mathrs]") {
  CHECK(mat_ema_alpha_vec_sparse(sparse({{{0, n(1.0)}}}), sparse({{{0, n(2.0)}}}),
                                 std::vector<I32F32>{n(1.0)}) == sparse({{{0, n(1.0)}}}));
}

TEST_CASE("math.rs feb2025 test_mat_ema_alpha_vec_sparse_mixed_alpha", "[yuma][mathrs]") {
  const SparseMatrix next = sparse({{{0, n(1.0)}, {1, n(2.0)}}, {{0, n(3.0)}, {1, n(4.0)}}});
  const SparseMatrix prev = sparse({{{0, n(5.0)}, {1, n(6.0)}}, {{0, n(7.0)}, {1, n(8.0)}}});
  assert_sparse_mat_compare(mat_ema_alpha_vec_sparse(next, prev, std::vector<I32F32>{n(0.3), n(0.7)}),
                            sparse({{{0, n(3.8)}, {1, n(3.2)}}, {{0, n(5.8)}, {1, n(5.2)}}}), n(0.000001));
}

TEST_CASE("math.rs feb2025 test_mat_ema_alpha_vec_sparse_sparse_matrix", "[yuma][mathrs]") {
  CHECK(mat_ema_alpha_vec_sparse(
            sparse({{{0, n(1.0)}}, {{1, n(4.0)}}}), sparse({{{0, n(5.0)}}, {{1, n(8.0)}}}),
            std::vector<I32F32>{n(0.5), n(0.5)}) == sparse({{{0, n(3.0)}}, {{1, n(6.0)}}}));
}

TEST_CASE("math.rs feb2025 test_mat_ema_alpha_vec_basic", "[yuma][mathrs]") {
  const DenseMatrix next = mat_to_fixed({{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}});
  const DenseMatrix prev = mat_to_fixed({{0.5, 1.5, 2.5}, {3.5, 4.5, 5.5}});
  CHECK(mat_ema_alpha_vec(next, prev, std::vector<I32F32>{n(0.5), n(0.5), n(0.5)}) ==
        mat_to_fixed({{0.75, 1.75, 2.75}, {3.75, 4.75, 5.75}}));
}

TEST_CASE("math.rs feb2025 test_mat_ema_alpha_vec_varying_alpha", "[yuma][mathrs]") {
  const DenseMatrix next = mat_to_fixed({{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}});
  const DenseMatrix prev = mat_to_fixed({{0.5, 1.5, 2.5}, {3.5, 4.5, 5.5}});
  assert_mat_compare(mat_ema_alpha_vec(next, prev, std::vector<I32F32>{n(0.2), n(0.5), n(0.8)}),
                     mat_to_fixed({{0.6, 1.75, 2.9}, {3.6, 4.75, 5.9}}), n(1e-6));
}

TEST_CASE("math.rs feb2025 test_mat_ema_alpha_vec_empty_matrices", "[yuma][mathrs]") {
  CHECK(mat_ema_alpha_vec(DenseMatrix(), DenseMatrix(), std::vector<I32F32>{}) == DenseMatrix(1));
}

TEST_CASE("math.rs feb2025 test_mat_ema_alpha_vec_single_element", "[yuma][mathrs]") {
  CHECK(mat_ema_alpha_vec(mat_to_fixed({{1.0}}), mat_to_fixed({{0.5}}), std::vector<I32F32>{n(0.5)}) ==
        mat_to_fixed({{0.75}}));
}
