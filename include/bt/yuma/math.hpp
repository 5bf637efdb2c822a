// SPDX-License-Identifier: MIT
// bt::yuma::math: the helpers of subtensor `pallets/subtensor/src/epoch/math.rs` (HEAD 14bc6f9f),
// one function per Rust function with the same name and the same edge-case behaviour, so that
// lib/yuma/math.cpp can be read side by side with math.rs. All arithmetic is bt::fixed
// (saturating / safe_div exactly where the Rust code uses them; `sum()` wraps).
//
// Sparse matrices are stored row-contiguously (SparseMatrix: one entry array + row offsets), rows
// keep their entry order (which matters: the runtime's rows are unsorted and may contain zeros).
// Functions never fail; out-of-range column indices are ignored exactly where the Rust code
// ignores them (`get(j)` returning None).
#pragma once

#include <bt/fixed/fixed.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <utility>
#include <vector>

namespace bt::yuma::math {

using fixed::I32F32;
using fixed::I64F64;

struct SparseEntry {
  std::uint16_t col;
  I32F32 val;
};

namespace storage {
// std::allocator whose value-initialising construct() does nothing, so that growing the entry
// array (SparseMatrix::open_row) does not first zero room that the caller overwrites anyway.
// SparseEntry is an aggregate of trivially copyable members (an implicit-lifetime type).
template <class T>
struct UninitAllocator : std::allocator<T> {
  template <class U>
  struct rebind {
    using other = UninitAllocator<U>;
  };
  UninitAllocator() noexcept = default;
  template <class U>
  UninitAllocator(const UninitAllocator<U>&) noexcept {}
  template <class U>
  void construct(U*) noexcept {}
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};
}  // namespace storage

// Row-major sparse matrix with contiguous storage. rows() rows; row(i) is a span over its entries.
class SparseMatrix {
 public:
  SparseMatrix() : start_{0} {}
  // A matrix of `rows` empty rows.
  explicit SparseMatrix(std::size_t rows) : start_(rows + 1, 0) {}

  std::size_t rows() const noexcept { return start_.size() - 1; }
  std::size_t nnz() const noexcept { return e_.size(); }
  std::span<const SparseEntry> row(std::size_t i) const noexcept {
    return {e_.data() + start_[i], e_.data() + start_[i + 1]};
  }
  std::span<SparseEntry> row(std::size_t i) noexcept {
    return {e_.data() + start_[i], e_.data() + start_[i + 1]};
  }
  // Building: push() entries of the row being built, then end_row().
  void push(std::uint16_t col, I32F32 v) { e_.push_back({col, v}); }
  void end_row() { start_.push_back(static_cast<std::uint32_t>(e_.size())); }
  void reserve(std::size_t rows, std::size_t nnz) {
    start_.reserve(rows + 1);
    e_.reserve(nnz);
  }
  // Writing a row in place: open_row(max) returns room for up to `max` entries at the end (not
  // initialised: write an entry before reading it), and close_row(count) keeps the first `count`
  // of them and ends the row.
  SparseEntry* open_row(std::size_t max) {
    const std::size_t at = e_.size();
    e_.resize(at + max);
    return e_.data() + at;
  }
  void close_row(std::size_t count) {
    e_.resize(start_.back() + count);
    end_row();
  }
  // Appends the rows of `other` below this matrix's rows.
  void append(const SparseMatrix& other) {
    const std::uint32_t base = static_cast<std::uint32_t>(e_.size());
    e_.insert(e_.end(), other.e_.begin(), other.e_.end());
    for (std::size_t i = 1; i < other.start_.size(); ++i) start_.push_back(base + other.start_[i]);
  }
  void clear() noexcept {
    start_.assign(1, 0);
    e_.clear();
  }
  std::span<SparseEntry> entries() noexcept { return e_; }
  std::span<const SparseEntry> entries() const noexcept { return e_; }

  friend bool operator==(const SparseMatrix& a, const SparseMatrix& b) {
    if (a.start_ != b.start_ || a.e_.size() != b.e_.size()) return false;
    for (std::size_t k = 0; k < a.e_.size(); ++k)
      if (a.e_[k].col != b.e_[k].col || a.e_[k].val != b.e_[k].val) return false;
    return true;
  }

 private:
  std::vector<std::uint32_t> start_;
  std::vector<SparseEntry, storage::UninitAllocator<SparseEntry>> e_;
};

using DenseMatrix = std::vector<std::vector<I32F32>>;

// ---- scalar conversions
std::uint16_t fixed_proportion_to_u16(I32F32 x) noexcept;  // floor(x*65535) clamped
I32F32 u16_proportion_to_fixed(std::uint16_t x) noexcept;  // x / 65535 (safe_div)
I32F32 fixed_to_fixed_u16_proportion(I32F32 x) noexcept;   // x / 65535 (safe_div)
I32F32 fixed64_to_fixed32(I64F64 x) noexcept;              // floor, saturating
I32F32 u16_to_fixed(std::uint16_t x) noexcept;             // exact
std::uint64_t fixed64_to_u64(I64F64 x) noexcept;           // floor, saturating
I32F32 exp_safe(I32F32 x) noexcept;                        // clamp to [-20,20]; Err -> 0 (x<=0) or MAX
I32F32 safe_ln(I32F32 x) noexcept;                         // ln or 0
I32F32 safe_exp(I32F32 x) noexcept;                        // exp or 0 (Feb-2025, no clamp)
// 1 / (1 + exp_safe(-rho * (input - kappa))), saturating; safe_div.
I32F32 sigmoid_safe(I32F32 input, I32F32 rho, I32F32 kappa) noexcept;
// run_epoch.rs `Pallet::alpha_sigmoid` (head, Yuma3 liquid alpha): the per-(validator, miner)
// EMA alpha from consensus, weight and bond, clamped to [alpha_low, alpha_high].
I32F32 alpha_sigmoid(I32F32 consensus, I32F32 weight, I32F32 bond, I32F32 alpha_low, I32F32 alpha_high,
                     I32F32 steepness) noexcept;

// ---- vectors
// fixed64_to_fixed32 of each element.
std::vector<I32F32> vec_fixed64_to_fixed32(std::span<const I64F64> v);
I32F32 sum(std::span<const I32F32> x) noexcept;  // wrapping
bool is_zero(std::span<const I32F32> x) noexcept;
void inplace_normalize(std::span<I32F32> x) noexcept;
void inplace_normalize_using_sum(std::span<I32F32> x, I32F32 sum) noexcept;
void inplace_normalize_64(std::span<I64F64> x) noexcept;
void inplace_mask_vector(const std::vector<bool>& mask, std::span<I32F32> v) noexcept;
std::vector<bool> is_topk(std::span<const I32F32> v, std::size_t k);
std::vector<bool> is_topk_nonzero(std::span<const I32F32> v, std::size_t k);
std::vector<I32F32> vec_mul(std::span<const I32F32> a, std::span<const I32F32> b);
std::vector<I32F32> vecdiv(std::span<const I32F32> x, std::span<const I32F32> y);
std::vector<std::uint16_t> vec_max_upscale_to_u16(std::span<const I32F32> v);
I32F32 quantile(std::span<const I32F32> data, double q);  // Feb-2025 math.rs

// ---- sparse matrices
SparseMatrix mask_rows_sparse(const std::vector<bool>& mask, const SparseMatrix& m);
SparseMatrix mask_diag_sparse(const SparseMatrix& m);
SparseMatrix mask_diag_sparse_except_index(const SparseMatrix& m, std::uint16_t except_index);
using MaskFn = bool (*)(std::uint64_t, std::uint64_t);
SparseMatrix vec_mask_sparse_matrix(const SparseMatrix& m, std::span<const std::uint64_t> first,
                                    std::span<const std::uint64_t> second, MaskFn f);
SparseMatrix scalar_vec_mask_sparse_matrix(const SparseMatrix& m, std::uint64_t scalar,
                                           std::span<const std::uint64_t> v, MaskFn f);
void inplace_row_normalize_sparse(SparseMatrix& m) noexcept;
std::vector<I32F32> row_sum_sparse(const SparseMatrix& m);
void inplace_col_normalize_sparse(SparseMatrix& m, std::uint16_t columns);
void inplace_col_max_upscale_sparse(SparseMatrix& m, std::uint16_t columns);
std::vector<I32F32> matmul_sparse(const SparseMatrix& m, std::span<const I32F32> v, std::uint16_t columns);
std::vector<I32F32> matmul_transpose_sparse(const SparseMatrix& m, std::span<const I32F32> v);
SparseMatrix row_hadamard_sparse(const SparseMatrix& m, std::span<const I32F32> v);
SparseMatrix col_clip_sparse(const SparseMatrix& m, std::span<const I32F32> threshold);
I32F32 weighted_median(std::span<const I32F32> stake, std::span<const I32F32> score,
                       std::span<const std::size_t> partition_idx, I32F32 minority, I32F32 partition_lo,
                       I32F32 partition_hi);
// `threads`: columns are split over that many threads (same result for any count).
// `rows_unit_sorted`: the caller promises every row has strictly ascending columns and values in
// [0, 1] (skips a check pass; same result).
std::vector<I32F32> weighted_median_col_sparse(std::span<const I32F32> stake, const SparseMatrix& score,
                                               std::uint16_t columns, I32F32 majority, unsigned threads = 1,
                                               bool rows_unit_sorted = false);
SparseMatrix interpolate_sparse(const SparseMatrix& a, const SparseMatrix& b, std::uint16_t columns,
                                I32F32 ratio);
// `threads`: rows are split over that many threads (same result for any count).
SparseMatrix mat_ema_sparse(const SparseMatrix& next, const SparseMatrix& prev, I32F32 alpha,
                            unsigned threads = 1);
// alpha: rows x alpha_cols dense, row-major (alpha[i * alpha_cols + j]).
SparseMatrix mat_ema_alpha_sparse(const SparseMatrix& next, const SparseMatrix& prev,
                                  std::span<const I32F32> alpha, std::size_t alpha_rows,
                                  std::size_t alpha_cols);
SparseMatrix mat_ema_alpha_vec_sparse(const SparseMatrix& next, const SparseMatrix& prev,
                                      std::span<const I32F32> alpha);  // Feb-2025
SparseMatrix mat_vec_mul_sparse(const SparseMatrix& m, std::span<const I32F32> v);
// row_sum_sparse(mat_vec_mul_sparse(m, v)) in one pass, without the intermediate matrix.
std::vector<I32F32> row_sum_mat_vec_mul_sparse(const SparseMatrix& m, std::span<const I32F32> v);

// ---- dense matrices (epoch_dense)
std::vector<I32F32> row_sum(const DenseMatrix& x);
void inplace_row_normalize(DenseMatrix& x) noexcept;
void inplace_col_normalize(DenseMatrix& x);
void inplace_col_max_upscale(DenseMatrix& x);
void inplace_mask_rows(const std::vector<bool>& mask, DenseMatrix& x) noexcept;
void inplace_mask_cols(const std::vector<bool>& mask, DenseMatrix& x) noexcept;
void inplace_mask_diag(DenseMatrix& x) noexcept;
void inplace_mask_diag_except_index(DenseMatrix& x, std::uint16_t except_index) noexcept;
void inplace_mask_matrix(const std::vector<std::vector<bool>>& mask, DenseMatrix& x) noexcept;
DenseMatrix row_hadamard(const DenseMatrix& m, std::span<const I32F32> v);
std::vector<I32F32> matmul(const DenseMatrix& m, std::span<const I32F32> v);
std::vector<I32F32> matmul_transpose(const DenseMatrix& m, std::span<const I32F32> v);
void inplace_col_clip(DenseMatrix& x, std::span<const I32F32> threshold) noexcept;
std::vector<I32F32> weighted_median_col(std::span<const I32F32> stake, const DenseMatrix& score,
                                        I32F32 majority);
DenseMatrix interpolate(const DenseMatrix& a, const DenseMatrix& b, I32F32 ratio);
DenseMatrix mat_ema(const DenseMatrix& next, const DenseMatrix& prev, I32F32 alpha);
DenseMatrix mat_ema_alpha(const DenseMatrix& next, const DenseMatrix& prev, const DenseMatrix& alpha);
DenseMatrix mat_ema_alpha_vec(const DenseMatrix& next, const DenseMatrix& prev,
                              std::span<const I32F32> alpha);  // Feb-2025
DenseMatrix mat_vec_mul(const DenseMatrix& m, std::span<const I32F32> v);

}  // namespace bt::yuma::math
