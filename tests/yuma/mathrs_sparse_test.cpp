// SPDX-License-Identifier: MIT
// Ports of subtensor pallets/subtensor/src/tests/math.rs (head 14bc6f9f): the sparse-matrix helpers
// of the epoch. Same test names, same expected literals and epsilons.
#include <bt/yuma/math.hpp>
#include <catch2/catch.hpp>

#include "yuma/mathrs_support.hpp"

using namespace bt::yuma::math;
using namespace bt::yuma::mathrs_test;

namespace {
const I32F32 kExact = I32F32::zero();
const std::vector<float> k9 = {1., 2., 3., 4., 5., 6., 7., 8., 9.};
const std::vector<float> k12 = {1., 2., 3., 4., 5., 6., 7., 8., 9., 10., 11., 12.};
const std::vector<float> kZeros9(9, 0.f);
const std::vector<float> kZeros12(12, 0.f);
}  // namespace

TEST_CASE("math.rs test_math_mask_rows_sparse", "[yuma][mathrs]") {
  const SparseMatrix mat = vec_to_sparse_mat_fixed(k9, 3, false);
  const std::pair<std::vector<bool>, std::vector<float>> cases[] = {
      {{false, false, false}, k9},
      {{true, true, true}, kZeros9},
      {{true, false, true}, {0., 0., 0., 4., 5., 6., 0., 0., 0.}},
  };
  for (const auto& [mask, target] : cases)
    assert_sparse_mat_compare(mask_rows_sparse(mask, mat), vec_to_sparse_mat_fixed(target, 3, false), kExact);
  assert_sparse_mat_compare(
      mask_rows_sparse({false, false, false}, vec_to_sparse_mat_fixed(kZeros9, 3, false)),
      vec_to_sparse_mat_fixed(kZeros9, 3, false), kExact);
}

TEST_CASE("math.rs test_math_mask_diag_sparse", "[yuma][mathrs]") {
  const std::pair<std::vector<float>, std::vector<float>> cases[] = {
      {k9, {0., 2., 3., 4., 0., 6., 7., 8., 0.}},
      {{1., 0., 0., 0., 5., 0., 0., 0., 9.}, kZeros9},
      {kZeros9, kZeros9},
  };
  for (const auto& [vector, target] : cases)
    assert_sparse_mat_compare(mask_diag_sparse(vec_to_sparse_mat_fixed(vector, 3, false)),
                              vec_to_sparse_mat_fixed(target, 3, false), kExact);
}

TEST_CASE("math.rs test_math_mask_diag_sparse_except_index", "[yuma][mathrs]") {
  const std::size_t rows = 3;
  const std::pair<std::vector<float>, std::vector<float>> cases[] = {
      {k9, {0., 2., 3., 4., 0., 6., 7., 8., 0.}},
      {{1., 0., 0., 0., 5., 0., 0., 0., 9.}, kZeros9},
      {kZeros9, kZeros9},
  };
  for (const auto& [vector, masked] : cases) {
    const SparseMatrix mat = vec_to_sparse_mat_fixed(vector, rows, false);
    for (std::size_t i = 0; i < rows; ++i) {
      std::vector<float> target = masked;
      target[i * rows + i] = vector[i * rows + i];
      const SparseMatrix result = mask_diag_sparse_except_index(mat, static_cast<std::uint16_t>(i));
      const SparseMatrix target_as_mat = vec_to_sparse_mat_fixed(target, rows, false);
      CHECK(result.rows() == target_as_mat.rows());
      assert_sparse_mat_compare(result, target_as_mat, kExact);
    }
  }
}

TEST_CASE("math.rs test_math_vec_mask_sparse_matrix", "[yuma][mathrs]") {
  const std::vector<std::uint64_t> first = {1, 2, 3}, second = {1, 2, 3};
  const MaskFn equal = [](std::uint64_t a, std::uint64_t b) { return a == b; };
  const MaskFn less = [](std::uint64_t a, std::uint64_t b) { return a < b; };
  const SparseMatrix mat = vec_to_sparse_mat_fixed(k9, 3, false);
  assert_sparse_mat_compare(vec_mask_sparse_matrix(mat, first, second, equal),
                            vec_to_sparse_mat_fixed({0., 2., 3., 4., 0., 6., 7., 8., 0.}, 3, false), kExact);
  assert_sparse_mat_compare(vec_mask_sparse_matrix(mat, first, second, less),
                            vec_to_sparse_mat_fixed({1., 0., 0., 4., 5., 0., 7., 8., 9.}, 3, false), kExact);
  assert_sparse_mat_compare(
      vec_mask_sparse_matrix(vec_to_sparse_mat_fixed(kZeros9, 3, false), first, second, equal),
      vec_to_sparse_mat_fixed(kZeros9, 3, false), kExact);
}

TEST_CASE("math.rs test_math_mat_vec_mul_sparse", "[yuma][mathrs]") {
  const SparseMatrix matrix = vec_to_sparse_mat_fixed(k12, 4, false);
  assert_sparse_mat_compare(
      mat_vec_mul_sparse(matrix, vec_to_fixed({1., 2., 3.})),
      vec_to_sparse_mat_fixed({1., 4., 9., 4., 10., 18., 7., 16., 27., 10., 22., 36.}, 4, false), kExact);
  assert_sparse_mat_compare(
      mat_vec_mul_sparse(matrix, vec_to_fixed({1., 0., 0.})),
      vec_to_sparse_mat_fixed({1., 0., 0., 4., 0., 0., 7., 0., 0., 10., 0., 0.}, 4, false), kExact);
  assert_sparse_mat_compare(mat_vec_mul_sparse(matrix, vec_to_fixed({})), SparseMatrix(4), kExact);
}

template <class F>
static void test_math_row_hadamard_sparse_case(F row_hadamard_sparse) {
  const auto vector = vec_to_fixed({1., 2., 3., 4.});
  const std::pair<std::vector<float>, std::vector<float>> cases[] = {
      {k12, {1., 2., 3., 8., 10., 12., 21., 24., 27., 40., 44., 48.}},
      {{0., 2., 3., 4., 0., 6., 7., 8., 0., 10., 11., 12.},
       {0., 2., 3., 8., 0., 12., 21., 24., 0., 40., 44., 48.}},
      {kZeros12, kZeros12},
  };
  for (const auto& [matrix, target] : cases)
    assert_sparse_mat_compare(row_hadamard_sparse(vec_to_sparse_mat_fixed(matrix, 4, false), vector),
                              vec_to_sparse_mat_fixed(target, 4, false), kExact);
}
TEST_CASE("math.rs test_math_row_hadamard_sparse", "[yuma][mathrs]") {
  test_math_row_hadamard_sparse_case(BT_MATHRS_FN(bt::yuma::math, row_hadamard_sparse));
}
TEST_CASE("math.rs spec143 test_math_row_hadamard_sparse", "[yuma][mathrs]") {
  test_math_row_hadamard_sparse_case(BT_MATHRS_FN(s143, row_hadamard_sparse));
}

TEST_CASE("math.rs test_math_interpolate_sparse", "[yuma][mathrs]") {
  const I32F32 zero = I32F32::zero(), one = I32F32::one();
  assert_sparse_mat_compare(interpolate_sparse(SparseMatrix(1), SparseMatrix(1), 0, zero), SparseMatrix(1),
                            kExact);

  const SparseMatrix a1 = vec_to_sparse_mat_fixed({0.}, 1, false),
                     b1 = vec_to_sparse_mat_fixed({1.}, 1, false);
  assert_sparse_mat_compare(interpolate_sparse(a1, b1, 1, zero), vec_to_sparse_mat_fixed({0.}, 1, false),
                            kExact);
  assert_sparse_mat_compare(interpolate_sparse(a1, b1, 1, from_f64(0.5)),
                            vec_to_sparse_mat_fixed({0.5}, 1, false), kExact);
  assert_sparse_mat_compare(interpolate_sparse(a1, b1, 1, one), vec_to_sparse_mat_fixed({1.}, 1, false),
                            kExact);

  const SparseMatrix z = vec_to_sparse_mat_fixed(kZeros12, 4, false);
  assert_sparse_mat_compare(interpolate_sparse(z, z, 3, zero), z, kExact);
  assert_sparse_mat_compare(interpolate_sparse(z, z, 3, one), z, kExact);

  const SparseMatrix a = vec_to_sparse_mat_fixed({1., 0., 100., 1000., 10000., 100000.}, 3, false);
  const SparseMatrix b = vec_to_sparse_mat_fixed({10., 100., 1000., 10000., 100000., 0.}, 3, false);
  assert_sparse_mat_compare(interpolate_sparse(a, b, 2, zero),
                            vec_to_sparse_mat_fixed({1., 0., 100., 1000., 10000., 100000.}, 3, false),
                            kExact);
  assert_sparse_mat_compare(interpolate_sparse(a, b, 2, from_f64(0.9)),
                            vec_to_sparse_mat_fixed({9.1, 90., 910., 9100., 91000., 10000.}, 3, false),
                            from_f64(0.0001));

  const SparseMatrix o = vec_to_sparse_mat_fixed(std::vector<float>(12, 1.f), 4, false);
  assert_sparse_mat_compare(interpolate_sparse(z, o, 3, zero), z, kExact);
  assert_sparse_mat_compare(interpolate_sparse(z, o, 3, from_f64(0.000000001)),
                            vec_to_sparse_mat_fixed(std::vector<float>(12, 0.000000001f), 4, false), kExact);
  assert_sparse_mat_compare(interpolate_sparse(z, o, 3, from_f64(0.5)),
                            vec_to_sparse_mat_fixed(std::vector<float>(12, 0.5f), 4, false), kExact);
  assert_sparse_mat_compare(interpolate_sparse(z, o, 3, from_f64(0.9999998808)),
                            vec_to_sparse_mat_fixed(std::vector<float>(12, 0.9999999f), 4, false), kExact);
  assert_sparse_mat_compare(interpolate_sparse(z, o, 3, one), o, kExact);
}

// ---- moved from mathrs_test.cpp, now also run on the spec143 helpers.

namespace {
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

template <class F>
static void test_math_inplace_row_normalize_sparse_case(F inplace_row_normalize_sparse) {
  SparseMatrix mat = vec_to_sparse_mat_fixed(kNormInput, 6, false);
  inplace_row_normalize_sparse(mat);
  assert_sparse_mat_compare(mat, vec_to_sparse_mat_fixed(kNormTarget, 6, false), from_f64(0.0001));
  SparseMatrix zeros = vec_to_sparse_mat_fixed(kZeros12, 3, false);
  inplace_row_normalize_sparse(zeros);
  assert_sparse_mat_compare(zeros, vec_to_sparse_mat_fixed(kZeros12, 3, false), kExact);
}
TEST_CASE("math.rs test_math_inplace_row_normalize_sparse", "[yuma][mathrs]") {
  test_math_inplace_row_normalize_sparse_case(BT_MATHRS_FN(bt::yuma::math, inplace_row_normalize_sparse));
}
TEST_CASE("math.rs spec143 test_math_inplace_row_normalize_sparse", "[yuma][mathrs]") {
  test_math_inplace_row_normalize_sparse_case(BT_MATHRS_FN(s143, inplace_row_normalize_sparse));
}

template <class F>
static void test_math_inplace_col_normalize_sparse_case(F inplace_col_normalize_sparse) {
  SparseMatrix mat = vec_to_sparse_mat_fixed(kNormInput, 6, true);
  inplace_col_normalize_sparse(mat, 6);
  assert_sparse_mat_compare(mat, vec_to_sparse_mat_fixed(kNormTarget, 6, true), from_f64(0.0001));
  SparseMatrix zeros = vec_to_sparse_mat_fixed(kZeros12, 3, false);
  inplace_col_normalize_sparse(zeros, 6);
  assert_sparse_mat_compare(zeros, vec_to_sparse_mat_fixed(kZeros12, 3, false), kExact);
  SparseMatrix empty;
  inplace_col_normalize_sparse(empty, 0);
  assert_sparse_mat_compare(empty, SparseMatrix(), from_f64(0.0001));
}
TEST_CASE("math.rs test_math_inplace_col_normalize_sparse", "[yuma][mathrs]") {
  test_math_inplace_col_normalize_sparse_case(BT_MATHRS_FN(bt::yuma::math, inplace_col_normalize_sparse));
}
TEST_CASE("math.rs spec143 test_math_inplace_col_normalize_sparse", "[yuma][mathrs]") {
  test_math_inplace_col_normalize_sparse_case(BT_MATHRS_FN(s143, inplace_col_normalize_sparse));
}

template <class F>
static void test_math_inplace_col_max_upscale_sparse_case(F inplace_col_max_upscale_sparse) {
  SparseMatrix one_empty_row(1);
  inplace_col_max_upscale_sparse(one_empty_row, 0);
  CHECK(one_empty_row == SparseMatrix(1));
  SparseMatrix zero_entry = sparse({{{0, I32F32::zero()}}});
  inplace_col_max_upscale_sparse(zero_entry, 1);
  CHECK(zero_entry == sparse({{{0, I32F32::zero()}}}));
  SparseMatrix mat = vec_to_sparse_mat_fixed(kNormInput, 6, true);
  inplace_col_max_upscale_sparse(mat, 6);
  const std::vector<float> target = {
      0.,   0.25, 0., 0.5, 0., 0.75, 1., 0., 0.333333, 0., 0.666666, 0.,  1., 0.,
      0.25, 0.,   0., 0.5, 0., 0.75, 1., 0., 0.001,    0., 0.01,     0.1, 0., 1.,
      0.,   0.,   0., 0.,  0., 0.,   0., 1., 1.,       1., 1.,       1.,  1., 1.,
  };
  assert_sparse_mat_compare(mat, vec_to_sparse_mat_fixed(target, 6, true), from_f64(0.0001));
  SparseMatrix zeros = vec_to_sparse_mat_fixed(kZeros12, 3, false);
  inplace_col_max_upscale_sparse(zeros, 6);
  assert_sparse_mat_compare(zeros, vec_to_sparse_mat_fixed(kZeros12, 3, false), kExact);
  SparseMatrix empty;
  inplace_col_max_upscale_sparse(empty, 0);
  assert_sparse_mat_compare(empty, SparseMatrix(), from_f64(0.0001));
}
TEST_CASE("math.rs test_math_inplace_col_max_upscale_sparse", "[yuma][mathrs]") {
  test_math_inplace_col_max_upscale_sparse_case(BT_MATHRS_FN(bt::yuma::math, inplace_col_max_upscale_sparse));
}
TEST_CASE("math.rs spec143 test_math_inplace_col_max_upscale_sparse", "[yuma][mathrs]") {
  test_math_inplace_col_max_upscale_sparse_case(BT_MATHRS_FN(s143, inplace_col_max_upscale_sparse));
}

template <class F>
static void test_math_sparse_matmul_case(F matmul_sparse) {
  const auto vector = vec_to_fixed({1., 2., 3., 4.});
  auto mm = [&](const std::vector<float>& m) {
    return matmul_sparse(vec_to_sparse_mat_fixed(m, 4, false), vector, 3);
  };
  assert_vec_compare(mm(k12), vec_to_fixed({70., 80., 90.}), kExact);
  assert_vec_compare(mm({0., 2., 3., 4., 0., 6., 7., 8., 0., 10., 11., 12.}), vec_to_fixed({69., 70., 63.}),
                     kExact);
  assert_vec_compare(mm(kZeros12), vec_to_fixed({0., 0., 0.}), kExact);
}
TEST_CASE("math.rs test_math_sparse_matmul", "[yuma][mathrs]") {
  test_math_sparse_matmul_case(BT_MATHRS_FN(bt::yuma::math, matmul_sparse));
}
TEST_CASE("math.rs spec143 test_math_sparse_matmul", "[yuma][mathrs]") {
  test_math_sparse_matmul_case(BT_MATHRS_FN(s143, matmul_sparse));
}

template <class F>
static void test_math_sparse_matmul_transpose_case(F matmul_transpose_sparse) {
  const auto vector = vec_to_fixed({1., 2., 3.});
  auto mt = [&](const std::vector<float>& m) {
    return matmul_transpose_sparse(vec_to_sparse_mat_fixed(m, 4, false), vector);
  };
  assert_vec_compare(mt(k12), vec_to_fixed({14., 32., 50., 68.}), kExact);
  assert_vec_compare(mt({0., 2., 3., 4., 0., 6., 7., 8., 0., 10., 11., 12.}),
                     vec_to_fixed({13., 22., 23., 68.}), kExact);
  assert_vec_compare(mt(kZeros12), vec_to_fixed({0., 0., 0., 0.}), kExact);
}
TEST_CASE("math.rs test_math_sparse_matmul_transpose", "[yuma][mathrs]") {
  test_math_sparse_matmul_transpose_case(BT_MATHRS_FN(bt::yuma::math, matmul_transpose_sparse));
}
TEST_CASE("math.rs spec143 test_math_sparse_matmul_transpose", "[yuma][mathrs]") {
  test_math_sparse_matmul_transpose_case(BT_MATHRS_FN(s143, matmul_transpose_sparse));
}

// ---- moved from mathrs_test.cpp (head only: spec_version 143 has the same col_clip_sparse and
// row_sum_sparse).

TEST_CASE("math.rs test_math_col_clip_sparse", "[yuma][mathrs]") {
  const auto vector = vec_to_fixed({0, 5, 12});
  auto clip = [&](const std::vector<float>& m) {
    return col_clip_sparse(vec_to_sparse_mat_fixed(m, 4, false), vector);
  };
  auto target = [](const std::vector<float>& m) { return vec_to_sparse_mat_fixed(m, 4, false); };
  assert_sparse_mat_compare(clip({0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}),
                            target({0, 2, 3, 0, 5, 6, 0, 5, 9, 0, 5, 12}), kExact);
  assert_sparse_mat_compare(clip({0, 2, 3, 4, 5, 6, 0, 0, 0, 10, 11, 12}),
                            target({0, 2, 3, 0, 5, 6, 0, 0, 0, 0, 5, 12}), kExact);
  assert_sparse_mat_compare(clip(std::vector<float>(12, 0.f)), target(std::vector<float>(12, 0.f)), kExact);
}
TEST_CASE("math.rs test_math_row_sum_sparse", "[yuma][mathrs]") {
  auto rs = [](const std::vector<float>& m) { return row_sum_sparse(vec_to_sparse_mat_fixed(m, 4, false)); };
  assert_vec_compare(rs({1., 2., 3., 4., 5., 6., 7., 8., 9., 10., 11., 12.}),
                     vec_to_fixed({6., 15., 24., 33.}), kExact);
  assert_vec_compare(rs({0., 2., 3., 4., 0., 6., 7., 8., 0., 10., 11., 12.}),
                     vec_to_fixed({5., 10., 15., 33.}), kExact);
  assert_vec_compare(rs({1., 2., 3., 0., 0., 0., 7., 8., 9., 10., 11., 12.}),
                     vec_to_fixed({6., 0., 24., 33.}), kExact);
  assert_vec_compare(rs(std::vector<float>(12, 0.f)), vec_to_fixed({0., 0., 0., 0.}), kExact);
}
