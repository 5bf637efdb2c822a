// SPDX-License-Identifier: MIT
// Ports of subtensor pallets/subtensor/src/tests/math.rs (head 14bc6f9f): the dense-matrix helpers
// of epoch_dense. Same test names, same expected literals and epsilons.
#include <bt/yuma/math.hpp>
#include <catch2/catch.hpp>

#include "yuma/mathrs_support.hpp"

using namespace bt::yuma::math;
using namespace bt::yuma::mathrs_test;

namespace {
const I32F32 kExact = I32F32::zero();
const std::vector<float> k12 = {1., 2., 3., 4., 5., 6., 7., 8., 9., 10., 11., 12.};
const std::vector<float> k9 = {1., 2., 3., 4., 5., 6., 7., 8., 9.};
const std::vector<float> kNormInput = {0., 1., 2., 3., 4., 0., 10., 100., 1000., 10000.,
                                       0., 0., 0., 0., 0., 1., 1.,  1.,   1.,    1.};
const std::vector<float> kNormTarget = {0., 0.1, 0.2, 0.3, 0.4, 0.,  0.0009, 0.009, 0.09, 0.9,
                                        0., 0.,  0.,  0.,  0.,  0.2, 0.2,    0.2,   0.2,  0.2};
}  // namespace

template <class F>
static void test_math_inplace_row_normalize_case(F inplace_row_normalize) {
  DenseMatrix mat = vec_to_mat_fixed(kNormInput, 4, false);
  inplace_row_normalize(mat);
  assert_mat_compare(mat, vec_to_mat_fixed(kNormTarget, 4, false), from_f64(0.0001));
}
TEST_CASE("math.rs test_math_inplace_row_normalize", "[yuma][mathrs]") {
  test_math_inplace_row_normalize_case(BT_MATHRS_FN(bt::yuma::math, inplace_row_normalize));
}
TEST_CASE("math.rs spec143 test_math_inplace_row_normalize", "[yuma][mathrs]") {
  test_math_inplace_row_normalize_case(BT_MATHRS_FN(s143, inplace_row_normalize));
}

template <class F>
static void test_math_inplace_col_normalize_case(F inplace_col_normalize) {
  DenseMatrix mat = vec_to_mat_fixed(kNormInput, 4, true);
  inplace_col_normalize(mat);
  assert_mat_compare(mat, vec_to_mat_fixed(kNormTarget, 4, true), from_f64(0.0001));
}
TEST_CASE("math.rs test_math_inplace_col_normalize", "[yuma][mathrs]") {
  test_math_inplace_col_normalize_case(BT_MATHRS_FN(bt::yuma::math, inplace_col_normalize));
}
TEST_CASE("math.rs spec143 test_math_inplace_col_normalize", "[yuma][mathrs]") {
  test_math_inplace_col_normalize_case(BT_MATHRS_FN(s143, inplace_col_normalize));
}

template <class F>
static void test_math_inplace_col_max_upscale_case(F inplace_col_max_upscale) {
  DenseMatrix empty_row(1);
  inplace_col_max_upscale(empty_row);
  CHECK(empty_row == DenseMatrix(1));
  DenseMatrix zero = {{I32F32::zero()}};
  inplace_col_max_upscale(zero);
  CHECK(zero == DenseMatrix{{I32F32::zero()}});
  DenseMatrix mat = vec_to_mat_fixed(kNormInput, 4, true);
  inplace_col_max_upscale(mat);
  const std::vector<float> target = {0., 0.25, 0.5, 0.75, 1., 0., 0.001, 0.01, 0.1, 1.,
                                     0., 0.,   0.,  0.,   0., 1., 1.,    1.,   1.,  1.};
  assert_mat_compare(mat, vec_to_mat_fixed(target, 4, true), from_f64(0.0001));
}
TEST_CASE("math.rs test_math_inplace_col_max_upscale", "[yuma][mathrs]") {
  test_math_inplace_col_max_upscale_case(BT_MATHRS_FN(bt::yuma::math, inplace_col_max_upscale));
}
TEST_CASE("math.rs spec143 test_math_inplace_col_max_upscale", "[yuma][mathrs]") {
  test_math_inplace_col_max_upscale_case(BT_MATHRS_FN(s143, inplace_col_max_upscale));
}

TEST_CASE("math.rs test_math_inplace_mask_matrix", "[yuma][mathrs]") {
  const std::vector<float> vector = {0., 1., 2., 3., 4., 5., 6., 7., 8.};
  using Mask = std::vector<std::vector<bool>>;
  const std::pair<Mask, std::vector<float>> cases[] = {
      {{{false, false, false}, {false, false, false}, {false, false, false}}, vector},
      {{{true, false, false}, {false, true, false}, {false, false, true}},
       {0., 1., 2., 3., 0., 5., 6., 7., 0.}},
      {{{true, true, true}, {true, true, true}, {true, true, true}}, std::vector<float>(9, 0.f)},
  };
  for (const auto& [mask, target] : cases) {
    DenseMatrix mat = vec_to_mat_fixed(vector, 3, false);
    inplace_mask_matrix(mask, mat);
    assert_mat_compare(mat, vec_to_mat_fixed(target, 3, false), kExact);
  }
}

TEST_CASE("math.rs test_math_inplace_mask_rows", "[yuma][mathrs]") {
  const std::vector<float> zeros(9, 0.f);
  const std::tuple<std::vector<float>, std::vector<bool>, std::vector<float>> cases[] = {
      {k9, {false, false, false}, k9},
      {k9, {true, true, true}, zeros},
      {k9, {true, false, true}, {0., 0., 0., 4., 5., 6., 0., 0., 0.}},
      {zeros, {false, false, false}, zeros},
  };
  for (const auto& [input, mask, target] : cases) {
    DenseMatrix mat = vec_to_mat_fixed(input, 3, false);
    inplace_mask_rows(mask, mat);
    assert_mat_compare(mat, vec_to_mat_fixed(target, 3, false), kExact);
  }
}

TEST_CASE("math.rs test_math_inplace_mask_diag", "[yuma][mathrs]") {
  DenseMatrix mat = vec_to_mat_fixed(k9, 3, false);
  inplace_mask_diag(mat);
  assert_mat_compare(mat, vec_to_mat_fixed({0., 2., 3., 4., 0., 6., 7., 8., 0.}, 3, false), kExact);
}

TEST_CASE("math.rs test_math_inplace_mask_diag_except_index", "[yuma][mathrs]") {
  const std::size_t rows = 3;
  for (std::size_t i = 0; i < rows; ++i) {
    std::vector<float> target = {0., 2., 3., 4., 0., 6., 7., 8., 0.};
    target[i * rows + i] = k9[i * rows + i];
    DenseMatrix mat = vec_to_mat_fixed(k9, rows, false);
    inplace_mask_diag_except_index(mat, static_cast<std::uint16_t>(i));
    assert_mat_compare(mat, vec_to_mat_fixed(target, rows, false), kExact);
  }
}

TEST_CASE("math.rs test_math_mat_vec_mul", "[yuma][mathrs]") {
  const DenseMatrix matrix = vec_to_mat_fixed(k12, 4, false);
  assert_mat_compare(mat_vec_mul(matrix, vec_to_fixed({1., 2., 3.})),
                     vec_to_mat_fixed({1., 4., 9., 4., 10., 18., 7., 16., 27., 10., 22., 36.}, 4, false),
                     kExact);
  assert_mat_compare(mat_vec_mul(matrix, vec_to_fixed({1., 0., 0.})),
                     vec_to_mat_fixed({1., 0., 0., 4., 0., 0., 7., 0., 0., 10., 0., 0.}, 4, false), kExact);
  assert_mat_compare(mat_vec_mul(matrix, vec_to_fixed({})), DenseMatrix(4), kExact);
}

template <class F>
static void test_math_row_hadamard_case(F row_hadamard) {
  const DenseMatrix result = row_hadamard(vec_to_mat_fixed(k12, 4, false), vec_to_fixed({1., 2., 3., 4.}));
  assert_mat_compare(
      result, vec_to_mat_fixed({1., 2., 3., 8., 10., 12., 21., 24., 27., 40., 44., 48.}, 4, false), kExact);
}
TEST_CASE("math.rs test_math_row_hadamard", "[yuma][mathrs]") {
  test_math_row_hadamard_case(BT_MATHRS_FN(bt::yuma::math, row_hadamard));
}
TEST_CASE("math.rs spec143 test_math_row_hadamard", "[yuma][mathrs]") {
  test_math_row_hadamard_case(BT_MATHRS_FN(s143, row_hadamard));
}

template <class F>
static void test_math_row_sum_case(F row_sum) {
  assert_vec_compare(row_sum(vec_to_mat_fixed(k12, 4, false)), vec_to_fixed({6., 15., 24., 33.}), kExact);
}
TEST_CASE("math.rs test_math_row_sum", "[yuma][mathrs]") {
  test_math_row_sum_case(BT_MATHRS_FN(bt::yuma::math, row_sum));
}
TEST_CASE("math.rs spec143 test_math_row_sum", "[yuma][mathrs]") {
  test_math_row_sum_case(BT_MATHRS_FN(s143, row_sum));
}

template <class F>
static void test_math_matmul_case(F matmul) {
  assert_vec_compare(matmul(vec_to_mat_fixed(k12, 4, false), vec_to_fixed({1., 2., 3., 4.})),
                     vec_to_fixed({70., 80., 90.}), kExact);
}
TEST_CASE("math.rs test_math_matmul", "[yuma][mathrs]") {
  test_math_matmul_case(BT_MATHRS_FN(bt::yuma::math, matmul));
}
TEST_CASE("math.rs spec143 test_math_matmul", "[yuma][mathrs]") {
  test_math_matmul_case(BT_MATHRS_FN(s143, matmul));
}

template <class F>
static void test_math_matmul_transpose_case(F matmul_transpose) {
  assert_vec_compare(matmul_transpose(vec_to_mat_fixed(k12, 4, false), vec_to_fixed({1., 2., 3.})),
                     vec_to_fixed({14., 32., 50., 68.}), kExact);
}
TEST_CASE("math.rs test_math_matmul_transpose", "[yuma][mathrs]") {
  test_math_matmul_transpose_case(BT_MATHRS_FN(bt::yuma::math, matmul_transpose));
}
TEST_CASE("math.rs spec143 test_math_matmul_transpose", "[yuma][mathrs]") {
  test_math_matmul_transpose_case(BT_MATHRS_FN(s143, matmul_transpose));
}

TEST_CASE("math.rs test_math_inplace_col_clip", "[yuma][mathrs]") {
  DenseMatrix matrix = vec_to_mat_fixed({0., 2., 3., 4., 5., 6., 7., 8., 9., 10., 11., 12.}, 4, false);
  inplace_col_clip(matrix, vec_to_fixed({0., 5., 12.}));
  assert_mat_compare(matrix, vec_to_mat_fixed({0., 2., 3., 0., 5., 6., 0., 5., 9., 0., 5., 12.}, 4, false),
                     kExact);
}

TEST_CASE("math.rs test_math_interpolate", "[yuma][mathrs]") {
  const I32F32 zero = I32F32::zero(), one = I32F32::one();
  assert_mat_compare(interpolate(DenseMatrix(1), DenseMatrix(1), zero), DenseMatrix(1), kExact);

  const DenseMatrix m1 = {{zero}}, m2 = {{one}};
  assert_mat_compare(interpolate(m1, m2, zero), DenseMatrix{{zero}}, kExact);
  assert_mat_compare(interpolate(m1, m2, one), DenseMatrix{{one}}, kExact);

  const std::vector<float> zeros(12, 0.f), ones(12, 1.f);
  const DenseMatrix z = vec_to_mat_fixed(zeros, 4, false);
  assert_mat_compare(interpolate(z, z, zero), z, kExact);
  assert_mat_compare(interpolate(z, z, one), z, kExact);

  const DenseMatrix a = vec_to_mat_fixed({1., 10., 100., 1000., 10000., 100000.}, 3, false);
  const DenseMatrix b = vec_to_mat_fixed({10., 100., 1000., 10000., 100000., 1000000.}, 3, false);
  assert_mat_compare(interpolate(a, b, zero),
                     vec_to_mat_fixed({1., 10., 100., 1000., 10000., 100000.}, 3, false), kExact);
  assert_mat_compare(interpolate(a, b, from_f64(0.9)),
                     vec_to_mat_fixed({9.1, 91., 910., 9100., 91000., 910000.}, 3, false), from_f64(0.0001));

  const DenseMatrix o = vec_to_mat_fixed(ones, 4, false);
  assert_mat_compare(interpolate(z, o, zero), z, kExact);
  assert_mat_compare(interpolate(z, o, from_f64(0.000000001)),
                     vec_to_mat_fixed(std::vector<float>(12, 0.000000001f), 4, false), kExact);
  assert_mat_compare(interpolate(z, o, from_f64(0.5)),
                     vec_to_mat_fixed(std::vector<float>(12, 0.5f), 4, false), kExact);
  assert_mat_compare(interpolate(z, o, from_f64(0.9999998808)),
                     vec_to_mat_fixed(std::vector<float>(12, 0.9999999f), 4, false), kExact);
  assert_mat_compare(interpolate(z, o, one), o, kExact);
}

template <class F>
static void test_math_matmul2_case(F matmul) {
  const I32F32 epsilon = from_f64(0.0001);
  auto n = [](double v) { return from_f64(v); };
  auto full = [&](double v) { return std::vector<I32F32>(3, n(v)); };
  const DenseMatrix ones(3, full(1.0));
  assert_vec_compare(matmul(ones, full(1.0)), full(3), epsilon);
  assert_vec_compare(matmul(ones, full(2.0)), full(6), epsilon);
  assert_vec_compare(matmul(ones, full(3.0)), full(9), epsilon);
  assert_vec_compare(matmul(ones, full(-1.0)), full(-3), epsilon);
  const DenseMatrix minus(3, full(-1.0));
  assert_vec_compare(matmul(minus, full(1.0)), full(-3), epsilon);
  assert_vec_compare(matmul(minus, full(2.0)), full(-6), epsilon);
  assert_vec_compare(matmul(minus, full(3.0)), full(-9), epsilon);
  assert_vec_compare(matmul(minus, full(-1.0)), full(3), epsilon);
  const DenseMatrix rows = {full(1.0), full(2.0), full(3.0)};
  assert_vec_compare(matmul(rows, full(0.0)), full(0.0), epsilon);
  assert_vec_compare(matmul(rows, full(2.0)), full(12), epsilon);
  const DenseMatrix cols(3, std::vector<I32F32>{n(1), n(2), n(3)});
  assert_vec_compare(matmul(cols, full(0.0)), full(0.0), epsilon);
  assert_vec_compare(matmul(cols, std::vector<I32F32>(3, n(2.0))), std::vector<I32F32>{n(6), n(12), n(18)},
                     epsilon);
}
TEST_CASE("math.rs test_math_matmul2", "[yuma][mathrs]") {
  test_math_matmul2_case(BT_MATHRS_FN(bt::yuma::math, matmul));
}
TEST_CASE("math.rs spec143 test_math_matmul2", "[yuma][mathrs]") {
  test_math_matmul2_case(BT_MATHRS_FN(s143, matmul));
}
