// SPDX-License-Identifier: MIT
// spec_version 143 math.rs helpers with release-build (wrapping) operator semantics.
#include "yuma/math_spec143.hpp"

#include <algorithm>
#include <numeric>

namespace bt::yuma::detail::spec143 {
namespace {
const I32F32 kZero = I32F32::zero();
const I32F32 kU16Max = I32F32::saturating_from_num(65535);

// fixed crate `round()`: half away from zero, wrapping on overflow.
I32F32 round_half_away(I32F32 x) {
  const std::uint64_t half = std::uint64_t{1} << 31;
  const std::uint64_t mask = ~((std::uint64_t{1} << 32) - 1);
  const std::int64_t b = x.to_bits();
  if (b >= 0)
    return I32F32::from_bits(static_cast<std::int64_t>((static_cast<std::uint64_t>(b) + half) & mask));
  const std::uint64_t m = std::uint64_t{0} - static_cast<std::uint64_t>(b);
  return I32F32::from_bits(static_cast<std::int64_t>(std::uint64_t{0} - ((m + half) & mask)));
}
}  // namespace

I32F32 fixed64_to_fixed32(I64F64 x) noexcept { return I32F32::wrapping_from_fixed(x); }

std::uint16_t fixed_proportion_to_u16(I32F32 x) noexcept {
  return x.wrapping_mul(kU16Max).wrapping_to_num<std::uint16_t>();
}

void inplace_normalize(std::vector<I32F32>& x) noexcept { inplace_normalize_using_sum(x, math::sum(x)); }
void inplace_normalize_using_sum(std::vector<I32F32>& x, I32F32 s) noexcept {
  if (s == kZero) return;
  for (auto& v : x) v = v.wrapping_div(s);
}
void inplace_normalize_64(std::vector<I64F64>& x) noexcept {
  const I64F64 s = fixed::wrapping_sum(x.begin(), x.end());
  if (s == I64F64::zero()) return;
  for (auto& v : x) v = v.wrapping_div(s);
}

void inplace_row_normalize_sparse(SparseMatrix& m) noexcept {
  for (std::size_t i = 0; i < m.rows(); ++i) {
    auto row = m.row(i);
    I32F32 s = kZero;
    for (const auto& e : row) s = s.wrapping_add(e.val);
    if (s > kZero)
      for (auto& e : row) e.val = e.val.wrapping_div(s);
  }
}

void inplace_col_normalize_sparse(SparseMatrix& m, std::uint16_t columns) {
  std::vector<I32F32> col_sum(columns, kZero);
  for (const auto& e : m.entries())
    if (e.col < columns) col_sum[e.col] = col_sum[e.col].wrapping_add(e.val);
  for (auto& e : m.entries())
    if (e.col < columns && col_sum[e.col] != kZero) e.val = e.val.wrapping_div(col_sum[e.col]);
}

void inplace_col_max_upscale_sparse(SparseMatrix& m, std::uint16_t columns) {
  std::vector<I32F32> col_max(columns, kZero);
  for (const auto& e : m.entries())
    if (e.col < columns && col_max[e.col] < e.val) col_max[e.col] = e.val;
  for (auto& e : m.entries())
    if (e.col < columns && col_max[e.col] != kZero) e.val = e.val.wrapping_div(col_max[e.col]);
}

std::vector<I32F32> matmul_sparse(const SparseMatrix& m, const std::vector<I32F32>& v,
                                  std::uint16_t columns) {
  std::vector<I32F32> r(columns, kZero);
  for (std::size_t i = 0; i < m.rows() && i < v.size(); ++i)
    for (const auto& e : m.row(i))
      if (e.col < columns) r[e.col] = r[e.col].wrapping_add(v[i].wrapping_mul(e.val));
  return r;
}

std::vector<I32F32> matmul_transpose_sparse(const SparseMatrix& m, const std::vector<I32F32>& v) {
  std::vector<I32F32> r(m.rows(), kZero);
  for (std::size_t i = 0; i < m.rows(); ++i)
    for (const auto& e : m.row(i))
      if (e.col < v.size()) r[i] = r[i].wrapping_add(v[e.col].wrapping_mul(e.val));
  return r;
}

SparseMatrix row_hadamard_sparse(const SparseMatrix& m, const std::vector<I32F32>& v) {
  SparseMatrix out;
  out.reserve(m.rows(), m.nnz());
  for (std::size_t i = 0; i < m.rows(); ++i) {
    const I32F32 s = i < v.size() ? v[i] : kZero;
    for (const auto& e : m.row(i)) out.push(e.col, e.val.wrapping_mul(s));
    out.end_row();
  }
  return out;
}

std::vector<I32F32> vecdiv(const std::vector<I32F32>& x, const std::vector<I32F32>& y) {
  std::vector<I32F32> r(x.size(), kZero);
  for (std::size_t i = 0; i < x.size() && i < y.size(); ++i)
    if (y[i] != kZero) r[i] = x[i].wrapping_div(y[i]);
  return r;
}

namespace {
// The 2024 recursive weighted_median (with its extra first test), iterated: each step recurses on
// a strictly smaller partition, so the loop terminates.
I32F32 weighted_median(const std::vector<I32F32>& stake, const I32F32* score, std::vector<std::uint32_t>& cur,
                       std::vector<std::uint32_t>& lower, std::vector<std::uint32_t>& upper, I32F32 minority,
                       I32F32 lo, I32F32 hi) {
  for (;;) {
    const std::size_t n = cur.size();
    if (n == 0) return kZero;
    if (n == 1) return score[cur[0]];
    const I32F32 pivot = score[cur[n / 2]];
    I32F32 lo_stake = kZero, hi_stake = kZero;
    lower.clear();
    upper.clear();
    for (std::uint32_t idx : cur) {
      const I32F32 s = score[idx];
      if (s == pivot) continue;
      if (s < pivot) {
        lo_stake = lo_stake.wrapping_add(stake[idx]);
        lower.push_back(idx);
      } else {
        hi_stake = hi_stake.wrapping_add(stake[idx]);
        upper.push_back(idx);
      }
    }
    const I32F32 lo_edge = lo.wrapping_add(lo_stake);
    const I32F32 hi_edge = hi.wrapping_sub(hi_stake);
    if (lo_edge <= minority && minority < hi_edge) return pivot;
    if (minority < lo_edge && !lower.empty()) {
      cur.swap(lower);
      hi = lo_edge;
    } else if (hi_edge <= minority && !upper.empty()) {
      cur.swap(upper);
      lo = hi_edge;
    } else {
      return pivot;
    }
  }
}
}  // namespace

std::vector<I32F32> weighted_median_col_sparse(const std::vector<I32F32>& stake, const SparseMatrix& score,
                                               std::uint16_t columns, I32F32 majority) {
  std::vector<I32F32> use_stake;
  for (auto s : stake)
    if (s > kZero) use_stake.push_back(s);
  inplace_normalize(use_stake);
  const I32F32 stake_sum = math::sum(use_stake);
  const I32F32 minority = stake_sum.wrapping_sub(majority);
  const std::size_t m = use_stake.size();
  std::vector<I32F32> use_score(static_cast<std::size_t>(columns) * m, kZero);
  std::size_t k = 0;
  for (std::size_t r = 0; r < stake.size() && r < score.rows(); ++r) {
    if (stake[r] <= kZero) continue;
    for (const auto& e : score.row(r))
      if (e.col < columns) use_score[e.col * m + k] = e.val;
    ++k;
  }
  std::vector<I32F32> median(columns, kZero);
  std::vector<std::uint32_t> cur, lower, upper;
  for (std::size_t c = 0; c < columns; ++c) {
    cur.resize(m);
    std::iota(cur.begin(), cur.end(), 0u);
    median[c] =
        weighted_median(use_stake, use_score.data() + c * m, cur, lower, upper, minority, kZero, stake_sum);
  }
  return median;
}

SparseMatrix mat_ema_sparse(const SparseMatrix& next, const SparseMatrix& prev, I32F32 alpha) {
  const std::size_t n = next.rows();
  const I32F32 one_minus_alpha = I32F32::one().wrapping_sub(alpha);
  SparseMatrix out;
  out.reserve(n, next.nnz() + prev.nnz());
  std::vector<I32F32> row(n, kZero);
  for (std::size_t i = 0; i < n; ++i) {
    std::fill(row.begin(), row.end(), kZero);
    for (const auto& e : next.row(i))
      if (e.col < n) row[e.col] = row[e.col].wrapping_add(alpha.wrapping_mul(e.val));
    if (i < prev.rows())
      for (const auto& e : prev.row(i))
        if (e.col < n) row[e.col] = row[e.col].wrapping_add(one_minus_alpha.wrapping_mul(e.val));
    for (std::size_t j = 0; j < n; ++j)
      if (row[j] > kZero) out.push(static_cast<std::uint16_t>(j), row[j]);
    out.end_row();
  }
  return out;
}

std::vector<std::uint16_t> vec_max_upscale_to_u16(const std::vector<I32F32>& v) {
  std::vector<std::uint16_t> out(v.size());
  if (v.empty()) return out;  // (the sum branch of the Rust code yields an empty vector too)
  const I32F32 threshold = I32F32::saturating_from_num(32768);
  I32F32 maxv = v[0];
  for (auto x : v) maxv = maxv.max_of(x);
  for (std::size_t i = 0; i < v.size(); ++i) {
    I32F32 r;
    if (maxv == kZero) {
      r = v[i].wrapping_mul(kU16Max);
    } else if (maxv > threshold) {
      r = round_half_away(v[i].wrapping_mul(kU16Max.wrapping_div(maxv)));
    } else {
      r = round_half_away(v[i].wrapping_mul(kU16Max).wrapping_div(maxv));
    }
    out[i] = r.wrapping_to_num<std::uint16_t>();
  }
  return out;
}

// ---------------------------------------------------------------- dense

void inplace_row_normalize(DenseMatrix& x) noexcept {
  for (auto& row : x) {
    const I32F32 s = math::sum(row);
    if (s > kZero)
      for (auto& v : row) v = v.wrapping_div(s);
  }
}

void inplace_col_normalize(DenseMatrix& x) {
  if (x.empty() || x[0].empty()) return;
  const std::size_t cols = x[0].size();
  std::vector<I32F32> col_sum(cols, kZero);
  for (const auto& row : x)
    for (std::size_t j = 0; j < cols && j < row.size(); ++j) col_sum[j] = col_sum[j].wrapping_add(row[j]);
  for (std::size_t j = 0; j < cols; ++j) {
    if (col_sum[j] == kZero) continue;
    for (auto& row : x)
      if (j < row.size()) row[j] = row[j].wrapping_div(col_sum[j]);
  }
}

void inplace_col_max_upscale(DenseMatrix& x) {
  if (x.empty() || x[0].empty()) return;
  const std::size_t cols = x[0].size();
  std::vector<I32F32> col_max(cols, kZero);
  for (const auto& row : x)
    for (std::size_t j = 0; j < cols && j < row.size(); ++j)
      if (col_max[j] < row[j]) col_max[j] = row[j];
  for (std::size_t j = 0; j < cols; ++j) {
    if (col_max[j] == kZero) continue;
    for (auto& row : x)
      if (j < row.size()) row[j] = row[j].wrapping_div(col_max[j]);
  }
}

std::vector<I32F32> matmul(const DenseMatrix& m, const std::vector<I32F32>& v) {
  if (m.empty() || m[0].empty()) return {};
  std::vector<I32F32> r(m[0].size(), kZero);
  for (std::size_t i = 0; i < m.size() && i < v.size(); ++i)
    for (std::size_t j = 0; j < m[i].size() && j < r.size(); ++j)
      r[j] = r[j].wrapping_add(v[i].wrapping_mul(m[i][j]));
  return r;
}

std::vector<I32F32> matmul_transpose(const DenseMatrix& m, const std::vector<I32F32>& v) {
  if (m.empty() || m[0].empty()) return {};
  std::vector<I32F32> r(m.size(), kZero);
  for (std::size_t i = 0; i < m.size(); ++i)
    for (std::size_t j = 0; j < m[i].size() && j < v.size(); ++j)
      r[i] = r[i].wrapping_add(v[j].wrapping_mul(m[i][j]));
  return r;
}

std::vector<I32F32> row_sum(const DenseMatrix& x) {
  if (x.empty() || x[0].empty()) return {};
  std::vector<I32F32> r(x.size(), kZero);
  for (std::size_t i = 0; i < x.size(); ++i) r[i] = math::sum(x[i]);
  return r;
}

DenseMatrix row_hadamard(const DenseMatrix& m, const std::vector<I32F32>& v) {
  if (m.empty() || m[0].empty()) return DenseMatrix(1);
  DenseMatrix r(m.size(), std::vector<I32F32>(m[0].size(), kZero));
  for (std::size_t i = 0; i < m.size() && i < v.size(); ++i)
    for (std::size_t j = 0; j < m[i].size() && j < r[i].size(); ++j) r[i][j] = v[i].wrapping_mul(m[i][j]);
  return r;
}

DenseMatrix mat_ema(const DenseMatrix& next, const DenseMatrix& prev, I32F32 alpha) {
  if (next.empty() || next[0].empty()) return DenseMatrix(1);
  const I32F32 oma = I32F32::one().wrapping_sub(alpha);
  DenseMatrix r(next.size(), std::vector<I32F32>(next[0].size(), kZero));
  for (std::size_t i = 0; i < next.size() && i < prev.size(); ++i)
    for (std::size_t j = 0; j < next[i].size() && j < prev[i].size() && j < r[i].size(); ++j)
      r[i][j] = alpha.wrapping_mul(next[i][j]).wrapping_add(oma.wrapping_mul(prev[i][j]));
  return r;
}

std::vector<I32F32> weighted_median_col(const std::vector<I32F32>& stake, const DenseMatrix& score,
                                        I32F32 majority) {
  const std::size_t columns = score.empty() ? 0 : score[0].size();
  std::vector<I32F32> median(columns, kZero);
  std::vector<I32F32> use_stake, use_score;
  std::vector<std::uint32_t> cur, lower, upper;
  for (std::size_t c = 0; c < columns; ++c) {
    use_stake.clear();
    use_score.clear();
    for (std::size_t r = 0; r < stake.size() && r < score.size(); ++r) {
      if (stake[r] > kZero) {
        use_stake.push_back(stake[r]);
        use_score.push_back(c < score[r].size() ? score[r][c] : kZero);
      }
    }
    if (use_stake.empty()) continue;
    inplace_normalize(use_stake);
    const I32F32 stake_sum = math::sum(use_stake);
    const I32F32 minority = stake_sum.wrapping_sub(majority);
    cur.resize(use_stake.size());
    std::iota(cur.begin(), cur.end(), 0u);
    median[c] = weighted_median(use_stake, use_score.data(), cur, lower, upper, minority, kZero, stake_sum);
  }
  return median;
}

}  // namespace bt::yuma::detail::spec143
