// SPDX-License-Identifier: MIT
// Helpers shared by the ports of subtensor's math.rs unit tests (tests/yuma/mathrs_*_test.cpp).
// They mirror the helpers at the top of subtensor pallets/subtensor/src/tests/math.rs: the Rust
// tests build fixed values from f32 slices (`vec_to_fixed(&[f32])`, `I32F32::from_num(f32)`,
// round to nearest), so these take float and convert exactly through double; `from_f64` is for
// the places where the Rust literal is an f64 (`I32F32::from_num(0.0001)`).
// Tests named "math.rs spec143 test_*" run the same Rust test (its bf3e754f copy in
// pallets/subtensor/src/math.rs has the same literals) against the spec_version 143 helpers.
// The comparisons are the Rust ones: |a - b| <= epsilon element by element, lengths equal, and for
// sparse matrices the same column indices in the same order.
#pragma once

#include <bt/yuma/math.hpp>
#include <catch2/catch.hpp>
#include <cstdint>
#include <initializer_list>
#include <utility>
#include <vector>

#include "../../lib/yuma/math_spec143.hpp"

// A generic lambda calling ns::name: lets one test body run against the head helpers (bt::yuma::math)
// and their spec_version 143 twins (lib/yuma/math_spec143.hpp), whose parameter types differ.
#define BT_MATHRS_FN(ns, name) [](auto&&... a) { return ns::name(std::forward<decltype(a)>(a)...); }

namespace bt::yuma::mathrs_test {

using bt::fixed::I32F32;
using bt::fixed::I64F64;
using bt::yuma::math::DenseMatrix;
using bt::yuma::math::SparseMatrix;
namespace s143 = bt::yuma::detail::spec143;

inline I32F32 fixed(float v) { return I32F32::saturating_from_f64(static_cast<double>(v)); }
inline I32F32 from_f64(double v) { return I32F32::saturating_from_f64(v); }
inline I64F64 from_f64_64(double v) { return I64F64::saturating_from_f64(v); }

inline std::vector<I32F32> vec_to_fixed(const std::vector<float>& v) {
  std::vector<I32F32> r;
  r.reserve(v.size());
  for (float x : v) r.push_back(fixed(x));
  return r;
}

// Row-major `rows` x (size / rows) values; with `transpose` the result has one row per column.
inline DenseMatrix vec_to_mat_fixed(const std::vector<float>& v, std::size_t rows, bool transpose) {
  REQUIRE(v.size() % rows == 0);
  const std::size_t cols = v.size() / rows;
  DenseMatrix m;
  if (transpose) {
    for (std::size_t c = 0; c < cols; ++c) {
      std::vector<I32F32> r;
      for (std::size_t i = 0; i < rows; ++i) r.push_back(fixed(v[i * cols + c]));
      m.push_back(std::move(r));
    }
  } else {
    for (std::size_t i = 0; i < rows; ++i) {
      std::vector<I32F32> r;
      for (std::size_t c = 0; c < cols; ++c) r.push_back(fixed(v[i * cols + c]));
      m.push_back(std::move(r));
    }
  }
  return m;
}

inline DenseMatrix mat_to_fixed(const std::vector<std::vector<float>>& m) {
  DenseMatrix r;
  for (const auto& row : m) r.push_back(vec_to_fixed(row));
  return r;
}

// As vec_to_mat_fixed, keeping only the entries > 0 (the Rust helper's sparse form).
inline SparseMatrix vec_to_sparse_mat_fixed(const std::vector<float>& v, std::size_t rows, bool transpose) {
  REQUIRE(v.size() % rows == 0);
  const std::size_t cols = v.size() / rows;
  SparseMatrix m;
  const std::size_t outer = transpose ? cols : rows, inner = transpose ? rows : cols;
  for (std::size_t a = 0; a < outer; ++a) {
    for (std::size_t b = 0; b < inner; ++b) {
      const float x = transpose ? v[b * cols + a] : v[a * cols + b];
      if (x > 0.f) m.push(static_cast<std::uint16_t>(b), fixed(x));
    }
    m.end_row();
  }
  return m;
}

// A sparse matrix written out as rows of (column, value) pairs, as in the Rust tests.
using SparseRows = std::vector<std::vector<std::pair<std::uint16_t, I32F32>>>;
inline SparseMatrix sparse(const SparseRows& rows) {
  SparseMatrix m;
  for (const auto& row : rows) {
    for (const auto& [c, v] : row) m.push(c, v);
    m.end_row();
  }
  return m;
}

template <class F>
F abs_diff(F a, F b) {
  return a > b ? a.saturating_sub(b) : b.saturating_sub(a);
}

template <class F>
void assert_float_compare(F a, F b, F epsilon) {
  INFO("a = " << a.to_f64() << ", b = " << b.to_f64());
  CHECK(abs_diff(a, b) <= epsilon);
}

template <class F>
void assert_vec_compare(const std::vector<F>& a, const std::vector<F>& b, F epsilon) {
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    INFO("index " << i);
    assert_float_compare(a[i], b[i], epsilon);
  }
}

inline void assert_mat_compare(const DenseMatrix& a, const DenseMatrix& b, I32F32 epsilon) {
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    INFO("row " << i);
    assert_vec_compare(a[i], b[i], epsilon);
  }
}

inline void assert_sparse_mat_compare(const SparseMatrix& a, const SparseMatrix& b, I32F32 epsilon) {
  REQUIRE(a.rows() == b.rows());
  for (std::size_t i = 0; i < a.rows(); ++i) {
    INFO("row " << i);
    REQUIRE(a.row(i).size() == b.row(i).size());
    for (std::size_t k = 0; k < a.row(i).size(); ++k) {
      CHECK(a.row(i)[k].col == b.row(i)[k].col);
      assert_float_compare(a.row(i)[k].val, b.row(i)[k].val, epsilon);
    }
  }
}

}  // namespace bt::yuma::mathrs_test
