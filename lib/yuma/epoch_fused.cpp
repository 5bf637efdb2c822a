// SPDX-License-Identifier: MIT
#include "yuma/epoch_fused.hpp"

#include <algorithm>

#include "yuma/epoch_common.hpp"

namespace bt::yuma::detail {

namespace {
const I32F32 kZero = I32F32::zero();
}  // namespace

void clip_trust_ranks(const SparseMatrix& w, std::span<const I32F32> consensus, std::span<const I32F32> stake,
                      std::uint16_t n, SparseMatrix& clipped, std::vector<I32F32>& trust,
                      std::vector<I32F32>& ranks, std::vector<I32F32>* preranks, SparseMatrix* delta,
                      std::vector<I32F32>* delta_col_sum) {
  clipped.clear();
  clipped.reserve(w.rows(), w.nnz());
  trust.assign(w.rows(), kZero);
  ranks.assign(n, kZero);
  if (preranks) preranks->assign(n, kZero);
  if (delta) {
    delta->clear();
    delta->reserve(w.rows(), w.nnz());
    delta_col_sum->assign(n, kZero);
  }
  for (std::size_t i = 0; i < w.rows(); ++i) {
    const auto row = w.row(i);
    const I32F32 scale = i < stake.size() ? stake[i] : kZero;
    SparseEntry* out = clipped.open_row(row.size());
    // row_hadamard_sparse stops at the shorter of rows / stake.
    const bool with_delta = delta && i < stake.size();
    SparseEntry* dout = with_delta ? delta->open_row(row.size()) : nullptr;
    std::size_t cnt = 0;
    I32F32 s = kZero;
    for (const auto& e : row) {
      if (preranks && e.col < n)
        (*preranks)[e.col] = (*preranks)[e.col].saturating_add(scale.saturating_mul(e.val));
      const I32F32 th = e.col < consensus.size() ? consensus[e.col] : kZero;  // col_clip_sparse
      I32F32 v = e.val;
      if (th < v) {
        if (!(th > kZero)) continue;  // clipped to a non-positive threshold: dropped
        v = th;
      }
      if (with_delta) {
        const I32F32 dv = v.saturating_mul(scale);
        dout[cnt] = {e.col, dv};
        if (e.col < n) (*delta_col_sum)[e.col] = (*delta_col_sum)[e.col].saturating_add(dv);
      }
      out[cnt++] = {e.col, v};
      s = s.wrapping_add(v);                                                               // row_sum_sparse
      if (e.col < n) ranks[e.col] = ranks[e.col].saturating_add(scale.saturating_mul(v));  // matmul_sparse
    }
    clipped.close_row(cnt);
    if (with_delta) delta->close_row(cnt);
    trust[i] = s;
  }
}

SparseMatrix get_bonds_sparse_masked(const EpochInput& in, bool proportion, std::uint64_t scalar,
                                     std::span<const std::uint64_t> row_first,
                                     std::span<const std::uint64_t> reg, std::vector<I32F32>* col_sum) {
  const std::size_t n = in.n;
  SparseMatrix m;
  std::size_t nnz = 0;
  for (std::size_t i = 0; i < n && i < in.bonds.size(); ++i) nnz += in.bonds[i].size();
  m.reserve(n, nnz);
  if (col_sum) col_sum->assign(n, kZero);
  const bool per_row = !row_first.empty();
  for (std::size_t i = 0; i < n; ++i) {
    if (i >= in.bonds.size()) {
      m.end_row();
      continue;
    }
    const auto& src = in.bonds[i];
    SparseEntry* out = m.open_row(src.size());
    std::size_t cnt = 0;
    // The mask drops (i, j) when first <= reg[j] (reg beyond its end reads 0).
    const std::uint64_t first = per_row ? (i < row_first.size() ? row_first[i] : 0) : scalar;
    for (const auto& [j, b] : src) {
      const std::uint64_t rj = j < reg.size() ? reg[j] : 0;
      if (first <= rj) continue;
      const I32F32 v = proportion ? math::u16_proportion_to_fixed(b) : I32F32::saturating_from_num(b);
      out[cnt++] = {j, v};
      if (col_sum && j < n) (*col_sum)[j] = (*col_sum)[j].saturating_add(v);
    }
    m.close_row(cnt);
  }
  return m;
}

void normalize_cols_by(SparseMatrix& m, std::span<const I32F32> col_sum) {
  for (auto& e : m.entries()) {
    const I32F32 d = e.col < col_sum.size() ? col_sum[e.col] : kZero;
    if (d != kZero) e.val = e.val.safe_div(d);
  }
}

void yuma3_dividends_and_rows(const SparseMatrix& ema, std::span<const I32F32> incentive, std::uint16_t n,
                              std::vector<I32F32>& total, std::vector<Row>& bond_rows) {
  std::vector<I32F32> col_sum(n, kZero);  // inplace_col_normalize_sparse's column sums
  for (const auto& e : ema.entries())
    if (e.col < n) col_sum[e.col] = col_sum[e.col].saturating_add(e.val);
  total.assign(ema.rows(), kZero);
  for (std::size_t i = 0; i < ema.rows(); ++i) {
    const auto row = ema.row(i);
    I32F32 s = kZero;
    for (const auto& e : row) {
      const I32F32 d = e.col < n ? col_sum[e.col] : kZero;
      const I32F32 norm = d != kZero ? e.val.safe_div(d) : e.val;
      if (e.col < incentive.size()) s = s.wrapping_add(norm.saturating_mul(incentive[e.col]));
    }
    total[i] = s;
    if (i < n && i < bond_rows.size()) bond_rows[i] = to_u16_row(row);
  }
}

void yuma2_dividends_and_rows(SparseMatrix& ema, std::span<const I32F32> incentive, std::uint16_t n,
                              std::vector<I32F32>& dividends, std::vector<Row>& bond_rows) {
  std::vector<I32F32> col(n, kZero);  // column sums, then column maxima
  for (const auto& e : ema.entries())
    if (e.col < n) col[e.col] = col[e.col].saturating_add(e.val);
  std::vector<I32F32> col_max(n, kZero);
  dividends.assign(ema.rows(), kZero);
  for (std::size_t i = 0; i < ema.rows(); ++i) {
    I32F32 acc = kZero;
    for (auto& e : ema.row(i)) {
      const I32F32 d = e.col < n ? col[e.col] : kZero;
      if (d != kZero) e.val = e.val.safe_div(d);  // inplace_col_normalize_sparse
      const I32F32 vj = e.col < incentive.size() ? incentive[e.col] : kZero;
      acc = acc.saturating_add(vj.saturating_mul(e.val));  // matmul_transpose_sparse
      if (e.col < n && col_max[e.col] < e.val) col_max[e.col] = e.val;
    }
    dividends[i] = acc;
  }
  for (std::size_t i = 0; i < ema.rows(); ++i) {
    auto row = ema.row(i);
    for (auto& e : row) {
      const I32F32 d = e.col < n ? col_max[e.col] : kZero;
      if (d != kZero) e.val = e.val.safe_div(d);  // inplace_col_max_upscale_sparse
    }
    if (i < n && i < bond_rows.size()) bond_rows[i] = to_u16_row(row);
  }
}

}  // namespace bt::yuma::detail
