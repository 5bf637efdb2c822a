// SPDX-License-Identifier: MIT
// Private: the math.rs helpers as they were at spec_version 143 (subtensor bf3e754f,
// pallets/subtensor/src/math.rs). That code used the plain operators `+ - * /` and `from_num` /
// `to_num`, which wrap on overflow in the release-built runtime, where later versions saturate or
// use safe_div. Same names as math.rs; only the helpers whose arithmetic differs are here.
#pragma once

#include <bt/yuma/math.hpp>
#include <vector>

namespace bt::yuma::detail::spec143 {

using fixed::I32F32;
using fixed::I64F64;
using math::SparseMatrix;

I32F32 fixed64_to_fixed32(I64F64 x) noexcept;              // I32F32::from_num: floor, wrap
std::uint16_t fixed_proportion_to_u16(I32F32 x) noexcept;  // (x * 65535).to_num::<u16>()
void inplace_normalize(std::vector<I32F32>& x) noexcept;
void inplace_normalize_using_sum(std::vector<I32F32>& x, I32F32 sum) noexcept;
void inplace_normalize_64(std::vector<I64F64>& x) noexcept;
void inplace_row_normalize_sparse(SparseMatrix& m) noexcept;
void inplace_col_normalize_sparse(SparseMatrix& m, std::uint16_t columns);
void inplace_col_max_upscale_sparse(SparseMatrix& m, std::uint16_t columns);
std::vector<I32F32> matmul_sparse(const SparseMatrix& m, const std::vector<I32F32>& v, std::uint16_t columns);
std::vector<I32F32> matmul_transpose_sparse(const SparseMatrix& m, const std::vector<I32F32>& v);
SparseMatrix row_hadamard_sparse(const SparseMatrix& m, const std::vector<I32F32>& v);
std::vector<I32F32> vecdiv(const std::vector<I32F32>& x, const std::vector<I32F32>& y);
std::vector<I32F32> weighted_median_col_sparse(const std::vector<I32F32>& stake, const SparseMatrix& score,
                                               std::uint16_t columns, I32F32 majority);
SparseMatrix mat_ema_sparse(const SparseMatrix& next, const SparseMatrix& prev, I32F32 alpha);
std::vector<std::uint16_t> vec_max_upscale_to_u16(const std::vector<I32F32>& v);

// Dense (epoch_dense) helpers; matrices are n x n.
using math::DenseMatrix;
void inplace_row_normalize(DenseMatrix& x) noexcept;
void inplace_col_normalize(DenseMatrix& x);
void inplace_col_max_upscale(DenseMatrix& x);
std::vector<I32F32> matmul(const DenseMatrix& m, const std::vector<I32F32>& v);
std::vector<I32F32> matmul_transpose(const DenseMatrix& m, const std::vector<I32F32>& v);
std::vector<I32F32> row_sum(const DenseMatrix& x);
DenseMatrix row_hadamard(const DenseMatrix& m, const std::vector<I32F32>& v);
DenseMatrix mat_ema(const DenseMatrix& next, const DenseMatrix& prev, I32F32 alpha);
std::vector<I32F32> weighted_median_col(const std::vector<I32F32>& stake, const DenseMatrix& score,
                                        I32F32 majority);

}  // namespace bt::yuma::detail::spec143
