// SPDX-License-Identifier: MIT
// Port of subtensor pallets/subtensor/src/epoch/math.rs (HEAD 14bc6f9f); same function names and
// order of operations. Comments only where the C++ differs in form from the Rust.
#include <algorithm>
#include <bit>
#include <bt/fixed/divisor.hpp>
#include <bt/fixed/transcendental.hpp>
#include <bt/yuma/math.hpp>
#include <cmath>
#include <numeric>

#include "yuma/median_buckets.hpp"
#include "yuma/parallel.hpp"

namespace bt::yuma::math {
namespace {
const I32F32 kZero = I32F32::zero();
const I32F32 kOne = I32F32::one();
const I32F32 kU16Max = I32F32::saturating_from_num(65535);
}  // namespace

std::uint16_t fixed_proportion_to_u16(I32F32 x) noexcept {
  return x.saturating_mul(kU16Max).saturating_to_num<std::uint16_t>();
}
I32F32 u16_proportion_to_fixed(std::uint16_t x) noexcept {
  // = I32F32::saturating_from_num(x).safe_div(65535): (x * 2^64) / (65535 * 2^32) truncated,
  // which is (x * 2^32) / 65535 (a division by a constant, no overflow possible).
  return I32F32::from_bits(static_cast<std::int64_t>((static_cast<std::uint64_t>(x) << 32) / 65535));
}
I32F32 fixed_to_fixed_u16_proportion(I32F32 x) noexcept { return x.safe_div(kU16Max); }
I32F32 fixed64_to_fixed32(I64F64 x) noexcept { return I32F32::saturating_from_fixed(x); }
I32F32 u16_to_fixed(std::uint16_t x) noexcept { return I32F32::saturating_from_num(x); }
std::vector<I32F32> vec_fixed64_to_fixed32(std::span<const I64F64> v) {
  std::vector<I32F32> out(v.size());
  std::transform(v.begin(), v.end(), out.begin(), fixed64_to_fixed32);
  return out;
}
std::uint64_t fixed64_to_u64(I64F64 x) noexcept { return x.saturating_to_num<std::uint64_t>(); }

I32F32 exp_safe(I32F32 input) noexcept {
  const I32F32 min_input = I32F32::saturating_from_num(-20);
  const I32F32 max_input = I32F32::saturating_from_num(20);
  I32F32 safe_input = input;
  if (input < min_input) {
    safe_input = min_input;
  } else if (max_input < input) {
    safe_input = max_input;
  }
  if (auto r = fixed::exp(safe_input)) return *r;
  return safe_input <= kZero ? kZero : I32F32::max();
}
I32F32 safe_ln(I32F32 x) noexcept { return fixed::ln(x).value_or(kZero); }
I32F32 safe_exp(I32F32 x) noexcept { return fixed::exp(x).value_or(kZero); }

I32F32 sigmoid_safe(I32F32 input, I32F32 rho, I32F32 kappa) noexcept {
  const I32F32 offset = input.saturating_sub(kappa);
  const I32F32 neg_rho = rho.saturating_mul(kZero.saturating_sub(kOne));
  const I32F32 exp_output = exp_safe(neg_rho.saturating_mul(offset));
  return kOne.safe_div(exp_output.saturating_add(kOne));
}

I32F32 alpha_sigmoid(I32F32 consensus, I32F32 weight, I32F32 bond, I32F32 alpha_low, I32F32 alpha_high,
                     I32F32 steepness) noexcept {
  const I32F32 diff_buy = weight.saturating_sub(consensus).clamp(kZero, kOne);
  const I32F32 diff_sell = bond.saturating_sub(weight).clamp(kZero, kOne);
  const I32F32 combined = weight >= bond ? diff_buy : diff_sell;
  const I32F32 x = steepness.saturating_div(I32F32::saturating_from_num(-100))
                       .saturating_mul(combined.saturating_sub(I32F32::from_bits(std::int64_t{1} << 31)));
  const I32F32 sigmoid = kOne.saturating_div(kOne.saturating_add(exp_safe(x)));
  const I32F32 alpha = alpha_low.saturating_add(sigmoid.saturating_mul(alpha_high.saturating_sub(alpha_low)));
  return alpha.clamp(alpha_low, alpha_high);
}

I32F32 sum(std::span<const I32F32> x) noexcept { return fixed::wrapping_sum(x.begin(), x.end()); }
bool is_zero(std::span<const I32F32> x) noexcept { return sum(x) == kZero; }

void inplace_normalize(std::span<I32F32> x) noexcept {
  const I32F32 s = sum(x);
  if (s == kZero) return;
  for (auto& v : x) v = v.safe_div(s);
}
void inplace_normalize_using_sum(std::span<I32F32> x, I32F32 s) noexcept {
  if (s == kZero) return;
  for (auto& v : x) v = v.safe_div(s);
}
void inplace_normalize_64(std::span<I64F64> x) noexcept {
  const I64F64 s = fixed::wrapping_sum(x.begin(), x.end());
  if (s == I64F64::zero()) return;
  for (auto& v : x) v = v.safe_div(s);
}

void inplace_mask_vector(const std::vector<bool>& mask, std::span<I32F32> v) noexcept {
  if (mask.empty()) return;
  for (std::size_t i = 0; i < v.size(); ++i)
    if (i >= mask.size() || mask[i]) v[i] = kZero;
}

namespace {
// is_topk (nonzero = false: every uid starts kept) and is_topk_nonzero (uids of zero value start
// cleared); the n - k smallest values are then cleared.
std::vector<bool> topk_impl(std::span<const I32F32> v, std::size_t k, bool nonzero) {
  const std::size_t n = v.size();
  auto initial = [&] {
    std::vector<bool> r(n, true);
    if (nonzero)
      for (std::size_t i = 0; i < n; ++i) r[i] = v[i] != kZero;
    return r;
  };
  if (n <= k) return initial();  // (n == k: no uid is cleared)
  // The stable ascending sort by value puts equal values in uid order, so its first n - k uids are
  // the n - k smallest (value, uid) pairs. For values in [0, 2^47) and n <= 2^16 the key
  // value << 16 | uid orders exactly as those pairs, and a selection (nth_element) finds the same
  // n - k smallest keys as the sort. Every other uid keeps its initial flag: the result is built
  // from those k uids alone (bits set on a cleared vector, not n initial flags then n - k clears).
  if (n <= 0x10000) {
    std::vector<std::uint64_t> keys(n);
    bool plain = true;
    for (std::size_t i = 0; i < n; ++i) {
      const std::int64_t b = v[i].to_bits();
      plain &= b >= 0 && b < (std::int64_t{1} << 47);
      keys[i] = (static_cast<std::uint64_t>(b) << 16) | i;
    }
    if (plain) {
      const auto cut = keys.begin() + static_cast<std::ptrdiff_t>(n - k);
      std::nth_element(keys.begin(), cut, keys.end());
      std::vector<bool> result(n, false);
      for (auto it = cut; it != keys.end(); ++it)
        if (!nonzero || (*it >> 16) != 0) result[*it & 0xFFFF] = true;  // (*it >> 16: the value's bits)
      return result;
    }
  }
  std::vector<bool> result = initial();
  std::vector<std::uint32_t> idx(n);
  std::iota(idx.begin(), idx.end(), 0u);
  std::stable_sort(idx.begin(), idx.end(), [&](std::uint32_t a, std::uint32_t b) { return v[a] < v[b]; });
  for (std::size_t t = 0; t < n - k; ++t) result[idx[t]] = false;
  return result;
}
}  // namespace

std::vector<bool> is_topk(std::span<const I32F32> v, std::size_t k) { return topk_impl(v, k, false); }
std::vector<bool> is_topk_nonzero(std::span<const I32F32> v, std::size_t k) { return topk_impl(v, k, true); }

std::vector<I32F32> vec_mul(std::span<const I32F32> a, std::span<const I32F32> b) {
  const std::size_t m = std::min(a.size(), b.size());
  std::vector<I32F32> out(m);
  for (std::size_t i = 0; i < m; ++i) out[i] = a[i].checked_mul(b[i]).value_or(kZero);
  return out;
}

std::vector<I32F32> vecdiv(std::span<const I32F32> x, std::span<const I32F32> y) {
  // Feb-2025 semantics (the only caller): 0 where y == 0, else safe_div. HEAD's version is the
  // same since safe_div returns 0 on /0.
  std::vector<I32F32> out(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    const I32F32 yi = i < y.size() ? y[i] : kZero;
    out[i] = yi != kZero ? x[i].safe_div(yi) : kZero;
  }
  return out;
}

std::vector<std::uint16_t> vec_max_upscale_to_u16(std::span<const I32F32> v) {
  std::vector<std::uint16_t> out(v.size());
  if (v.empty()) return out;
  const I32F32 threshold = I32F32::saturating_from_num(32768);
  I32F32 maxv = v[0];
  for (auto x : v) maxv = maxv.max_of(x);
  // I32F32::round(): half away from zero (fixed crate `round`), on bits.
  auto round = [](I32F32 x) {
    const std::int64_t half = std::int64_t{1} << 31;
    const std::int64_t mask = ~((std::int64_t{1} << 32) - 1);
    std::int64_t b = x.to_bits();
    std::int64_t r = 0;
    if (b >= 0) {
      r = static_cast<std::int64_t>(static_cast<std::uint64_t>(b) + static_cast<std::uint64_t>(half)) & mask;
    } else {
      // -round(|x|)
      const std::uint64_t m = static_cast<std::uint64_t>(0) - static_cast<std::uint64_t>(b);
      r = -static_cast<std::int64_t>((m + static_cast<std::uint64_t>(half)) &
                                     static_cast<std::uint64_t>(mask));
    }
    return I32F32::from_bits(r);
  };
  if (maxv == kZero) {
    for (std::size_t i = 0; i < v.size(); ++i)
      out[i] = v[i].saturating_mul(kU16Max).saturating_to_num<std::uint16_t>();
    return out;
  }
  if (maxv > threshold) {
    const I32F32 f = kU16Max.safe_div(maxv);
    for (std::size_t i = 0; i < v.size(); ++i)
      out[i] = round(v[i].saturating_mul(f)).saturating_to_num<std::uint16_t>();
    return out;
  }
  // For a maximum with bits M in (0, 2^32] (at most 1.0; the normalised emissions) and a value with
  // bits b in [0, M]: v * 65535 has bits x = b * 65535 < 2^48 (an integer multiple: no rounding, no
  // saturation); safe_div(maxv) is floor(x * 2^32 / M) (I32F32 div_raw: x >> 32 < M, the quotient
  // is at most 65535 * 2^32), formed as (x / M) * 2^32 + ((x mod M) * 2^32) / M with 64-bit
  // numerators (x mod M < M <= 2^32); round() adds 2^31 and clears the fraction, and the integer
  // part is at most 65535. Other values take the literal form.
  const std::int64_t mb = maxv.to_bits();
  if (mb > 0 && mb <= (std::int64_t{1} << 32)) {
    const fixed::U64Divisor dv(static_cast<std::uint64_t>(mb));
    for (std::size_t i = 0; i < v.size(); ++i) {
      const std::int64_t b = v[i].to_bits();
      if (b < 0) {
        out[i] = round(v[i].saturating_mul(kU16Max).safe_div(maxv)).saturating_to_num<std::uint16_t>();
        continue;
      }
      const std::uint64_t x = static_cast<std::uint64_t>(b) * 65535;
      const std::uint64_t qx = dv.divide(x);
      const std::uint64_t q = (qx << 32) + dv.divide((x - qx * static_cast<std::uint64_t>(mb)) << 32);
      out[i] = static_cast<std::uint16_t>((q + (std::uint64_t{1} << 31)) >> 32);
    }
    return out;
  }
  for (std::size_t i = 0; i < v.size(); ++i)
    out[i] = round(v[i].saturating_mul(kU16Max).safe_div(maxv)).saturating_to_num<std::uint16_t>();
  return out;
}

I32F32 quantile(std::span<const I32F32> data, double q) {
  std::vector<I32F32> sorted(data.begin(), data.end());
  std::stable_sort(sorted.begin(), sorted.end());
  const std::size_t len = sorted.size();
  if (len == 0) return kZero;
  const double pos = q * static_cast<double>(len - 1);
  const auto low = static_cast<std::size_t>(std::floor(pos));
  const auto high = static_cast<std::size_t>(std::ceil(pos));
  auto get = [&](std::size_t i) { return i < len ? sorted[i] : kZero; };
  if (low == high) return get(low);
  const I32F32 lo = get(low), hi = get(high);
  const I32F32 weight = I32F32::saturating_from_f64(pos - static_cast<double>(low));
  return lo.saturating_add(hi.saturating_sub(lo).saturating_mul(weight));
}

// ---------------------------------------------------------------- sparse

SparseMatrix mask_rows_sparse(const std::vector<bool>& mask, const SparseMatrix& m) {
  SparseMatrix out;
  out.reserve(m.rows(), m.nnz());
  for (std::size_t i = 0; i < m.rows(); ++i) {
    if (!(i >= mask.size() || mask[i]))
      for (const auto& e : m.row(i)) out.push(e.col, e.val);
    out.end_row();
  }
  return out;
}

SparseMatrix mask_diag_sparse(const SparseMatrix& m) {
  SparseMatrix out;
  out.reserve(m.rows(), m.nnz());
  for (std::size_t i = 0; i < m.rows(); ++i) {
    for (const auto& e : m.row(i))
      if (e.col != i) out.push(e.col, e.val);
    out.end_row();
  }
  return out;
}

SparseMatrix mask_diag_sparse_except_index(const SparseMatrix& m, std::uint16_t k) {
  SparseMatrix out;
  out.reserve(m.rows(), m.nnz());
  for (std::size_t i = 0; i < m.rows(); ++i) {
    for (const auto& e : m.row(i))
      if (e.col != i || (i == k && e.col == k)) out.push(e.col, e.val);
    out.end_row();
  }
  return out;
}

SparseMatrix vec_mask_sparse_matrix(const SparseMatrix& m, std::span<const std::uint64_t> first,
                                    std::span<const std::uint64_t> second, MaskFn f) {
  SparseMatrix out;
  out.reserve(m.rows(), m.nnz());
  for (std::size_t i = 0; i < m.rows(); ++i) {
    const std::uint64_t fv = i < first.size() ? first[i] : 0;
    for (const auto& e : m.row(i)) {
      const std::uint64_t sv = e.col < second.size() ? second[e.col] : 0;
      if (!f(fv, sv)) out.push(e.col, e.val);
    }
    out.end_row();
  }
  return out;
}

SparseMatrix scalar_vec_mask_sparse_matrix(const SparseMatrix& m, std::uint64_t scalar,
                                           std::span<const std::uint64_t> v, MaskFn f) {
  SparseMatrix out;
  out.reserve(m.rows(), m.nnz());
  for (std::size_t i = 0; i < m.rows(); ++i) {
    for (const auto& e : m.row(i)) {
      const std::uint64_t vj = e.col < v.size() ? v[e.col] : 0;
      if (!f(scalar, vj)) out.push(e.col, e.val);
    }
    out.end_row();
  }
  return out;
}

void inplace_row_normalize_sparse(SparseMatrix& m) noexcept {
  for (std::size_t i = 0; i < m.rows(); ++i) {
    auto row = m.row(i);
    I32F32 s = kZero;
    for (const auto& e : row) s = s.wrapping_add(e.val);
    if (s > kZero)
      for (auto& e : row) e.val = e.val.safe_div(s);
  }
}

std::vector<I32F32> row_sum_sparse(const SparseMatrix& m) {
  std::vector<I32F32> out(m.rows());
  for (std::size_t i = 0; i < m.rows(); ++i) {
    I32F32 s = kZero;
    for (const auto& e : m.row(i)) s = s.wrapping_add(e.val);
    out[i] = s;
  }
  return out;
}

void inplace_col_normalize_sparse(SparseMatrix& m, std::uint16_t columns) {
  std::vector<I32F32> col_sum(columns, kZero);
  for (const auto& e : m.entries())
    if (e.col < columns) col_sum[e.col] = col_sum[e.col].saturating_add(e.val);
  for (auto& e : m.entries()) {
    const I32F32 d = e.col < columns ? col_sum[e.col] : kZero;
    if (d != kZero) e.val = e.val.safe_div(d);
  }
}

void inplace_col_max_upscale_sparse(SparseMatrix& m, std::uint16_t columns) {
  std::vector<I32F32> col_max(columns, kZero);
  for (const auto& e : m.entries())
    if (e.col < columns && col_max[e.col] < e.val) col_max[e.col] = e.val;
  for (auto& e : m.entries()) {
    const I32F32 d = e.col < columns ? col_max[e.col] : kZero;
    if (d != kZero) e.val = e.val.safe_div(d);
  }
}

std::vector<I32F32> matmul_sparse(const SparseMatrix& m, std::span<const I32F32> v, std::uint16_t columns) {
  std::vector<I32F32> result(columns, kZero);
  for (std::size_t i = 0; i < m.rows(); ++i) {
    const I32F32 scale = i < v.size() ? v[i] : kZero;
    for (const auto& e : m.row(i))
      if (e.col < columns) result[e.col] = result[e.col].saturating_add(scale.saturating_mul(e.val));
  }
  return result;
}

std::vector<I32F32> matmul_transpose_sparse(const SparseMatrix& m, std::span<const I32F32> v) {
  std::vector<I32F32> result(m.rows(), kZero);
  for (std::size_t i = 0; i < m.rows(); ++i) {
    I32F32 acc = kZero;
    for (const auto& e : m.row(i)) {
      const I32F32 vj = e.col < v.size() ? v[e.col] : kZero;
      acc = acc.saturating_add(vj.saturating_mul(e.val));
    }
    result[i] = acc;
  }
  return result;
}

SparseMatrix row_hadamard_sparse(const SparseMatrix& m, std::span<const I32F32> v) {
  SparseMatrix out;
  const std::size_t rows = std::min(m.rows(), v.size());
  out.reserve(rows, m.nnz());
  for (std::size_t i = 0; i < rows; ++i) {
    for (const auto& e : m.row(i)) out.push(e.col, e.val.saturating_mul(v[i]));
    out.end_row();
  }
  return out;
}

SparseMatrix col_clip_sparse(const SparseMatrix& m, std::span<const I32F32> threshold) {
  SparseMatrix out;
  out.reserve(m.rows(), m.nnz());
  for (std::size_t i = 0; i < m.rows(); ++i) {
    for (const auto& e : m.row(i)) {
      const I32F32 th = e.col < threshold.size() ? threshold[e.col] : kZero;
      if (th < e.val) {
        if (th > kZero) out.push(e.col, th);
      } else {
        out.push(e.col, e.val);
      }
    }
    out.end_row();
  }
  return out;
}

namespace {
// weighted_median with caller-provided scratch buffers (no allocation per column). When `first`
// is empty the initial partition is [0, m) without materialising it.
struct MedianScratch {
  std::vector<std::uint32_t> cur, lower, upper;
};

I32F32 weighted_median_impl(std::span<const I32F32> stake, std::span<const I32F32> score,
                            std::span<const std::size_t> partition_idx, bool identity_partition,
                            std::size_t m, I32F32 minority, I32F32 lo, I32F32 hi, MedianScratch& s) {
  if (stake.size() != score.size()) return kZero;
  auto get = [](std::span<const I32F32> v, std::size_t i) { return i < v.size() ? v[i] : kZero; };
  const std::size_t limit = identity_partition ? m : partition_idx.size();
  s.cur.clear();
  if (!identity_partition)
    for (std::size_t i : partition_idx) s.cur.push_back(static_cast<std::uint32_t>(i));
  bool first = identity_partition;
  std::size_t iterations = 0;
  for (;;) {
    const std::size_t n = first ? m : s.cur.size();
    if (n == 0) return kZero;
    if (n == 1) return get(score, first ? 0 : s.cur[0]);
    const I32F32 pivot = get(score, first ? n / 2 : s.cur[n / 2]);
    I32F32 lo_stake = kZero, hi_stake = kZero;
    s.lower.clear();
    s.upper.clear();
    for (std::size_t k = 0; k < n; ++k) {
      const std::uint32_t idx = first ? static_cast<std::uint32_t>(k) : s.cur[k];
      const I32F32 sc = get(score, idx);
      if (sc == pivot) continue;
      if (sc < pivot) {
        lo_stake = lo_stake.saturating_add(get(stake, idx));
        s.lower.push_back(idx);
      } else {
        hi_stake = hi_stake.saturating_add(get(stake, idx));
        s.upper.push_back(idx);
      }
    }
    first = false;
    if (minority < lo.saturating_add(lo_stake) && !s.lower.empty()) {
      s.cur.swap(s.lower);
      hi = lo.saturating_add(lo_stake);
    } else if (hi.saturating_sub(hi_stake) <= minority && !s.upper.empty()) {
      s.cur.swap(s.upper);
      lo = hi.saturating_sub(hi_stake);
    } else {
      return pivot;
    }
    if (++iterations > limit) break;
  }
  return kZero;
}
}  // namespace

I32F32 weighted_median(std::span<const I32F32> stake, std::span<const I32F32> score,
                       std::span<const std::size_t> partition_idx, I32F32 minority, I32F32 lo, I32F32 hi) {
  MedianScratch s;
  return weighted_median_impl(stake, score, partition_idx, false, 0, minority, lo, hi, s);
}

namespace {
// One column's (score, stake) pair for the selection below.
struct ScoreStake {
  std::int64_t score;  // I32F32 bits
  std::int64_t stake;  // I32F32 bits, >= 0
};

// The value weighted_median returns on a whole column, found by one weighted quickselect.
//
// Why this equals the Rust recursion: when every stake is >= 0 and their exact sum `total` is the
// stake_sum the recursion starts from, none of its saturating additions saturates, so at each step
// lo + lo_stake = C(<pivot) and hi - hi_stake = C(<=pivot), where C(<=v) is the stake of the
// elements with score <= v. Following the three branches shows the recursion returns the smallest
// score v with C(<=v) > minority, or the largest score when there is none (minority >= total),
// whichever pivots it picks. So any pivot order gives the same value. Each round partitions the
// candidates without branches on the data (scores are random, so a branchy partition mispredicts
// about every other element): `a` is copied into the strictly-lower and strictly-upper halves of
// `tmp` (lower from the front, upper from the back), and the round continues on one of them.
std::int64_t weighted_select(ScoreStake* a, ScoreStake* tmp, std::size_t n, std::int64_t minority,
                             std::int64_t total) {
  if (minority >= total) {
    std::int64_t mx = a[0].score;
    for (std::size_t i = 1; i < n; ++i) mx = std::max(mx, a[i].score);
    return mx;
  }
  if (minority < 0) {
    std::int64_t mn = a[0].score;
    for (std::size_t i = 1; i < n; ++i) mn = std::min(mn, a[i].score);
    return mn;
  }
  // Invariant: the answer is in a[0, n), `below` = stake of the elements left out below it.
  std::int64_t below = 0;
  for (;;) {
    // Median of three as pivot (any choice gives the same result, see above).
    const std::int64_t x = a[0].score, y = a[n / 2].score, z = a[n - 1].score;
    const std::int64_t pivot = std::max(std::min(x, y), std::min(std::max(x, y), z));
    std::size_t lt = 0, gt = n;  // tmp[0, lt) < pivot, tmp[gt, n) > pivot
    std::int64_t stake_lt = 0, stake_eq = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const ScoreStake v = a[i];
      const bool l = v.score<pivot, g = v.score> pivot;
      tmp[lt] = v;
      tmp[gt - 1] = v;
      lt += l;
      gt -= g;
      // Masks, not ?: (the compiler turns a conditional add back into a branch).
      const std::int64_t ml = -static_cast<std::int64_t>(l);
      const std::int64_t me = -static_cast<std::int64_t>(!l && !g);
      stake_lt += v.stake & ml;
      stake_eq += v.stake & me;
    }
    if (minority < below + stake_lt) {
      std::swap(a, tmp);
      n = lt;  // non-empty: stake_lt > 0
    } else if (minority < below + stake_lt + stake_eq) {
      return pivot;
    } else {
      below += stake_lt + stake_eq;
      // The upper part is tmp[gt, n): move the window (a and tmp are both n long).
      const std::size_t k = n - gt;
      ScoreStake* const upper = tmp + gt;
      tmp = a;
      a = upper;
      n = k;  // non-empty: the total stake exceeds minority
    }
  }
}

// The same value as weighted_select for non-negative scores, by a most-significant-digit radix
// descent on the score bits instead of comparisons: each level adds the stake of every candidate
// to one of 256 buckets (by the next 8 bits below the common prefix), walks the buckets upward to
// the first one where the stake at or below it exceeds `minority`, and keeps only that bucket's
// candidates. A bucket holding one candidate (or one distinct score) is the answer: every element
// below it has a smaller score, every element above a larger one. About a dozen instructions per
// cell instead of repeated comparison partitions. `tmp` needs room for n cells.
//
// weighted_select_radix_from starts the descent from a known common prefix: every score is in
// [base, base + 2^width) and 0 <= minority < total (the candidates of one bucket of
// weighted_median_buckets below).
constexpr std::size_t kSmallSelect = 12;  // candidates selected by sorting instead of radix levels
std::int64_t weighted_select_radix_from(ScoreStake* a, ScoreStake* tmp, std::size_t n, std::int64_t minority,
                                        std::uint64_t base, int width) {
  std::int64_t below = 0;
  std::int64_t hist[256];
  std::uint32_t count[256];
  std::int64_t last[256];
  for (;;) {
    if (n == 1) return a[0].score;
    if (n <= kSmallSelect) {
      // Few candidates (most buckets of weighted_median_buckets): an insertion sort by score and
      // the first prefix whose stake, with `below`, exceeds minority -- the same smallest v with
      // below + C(<=v) > minority (equal scores are adjacent: the prefix ending at the first of
      // them that exceeds has C(<=v) > minority, every smaller score has C(<=) <= minority).
      // Cheaper than a radix level's bucket clearing and walk for a handful of cells.
      for (std::size_t i = 1; i < n; ++i) {
        const ScoreStake v = a[i];
        std::size_t k = i;
        for (; k > 0 && a[k - 1].score > v.score; --k) a[k] = a[k - 1];
        a[k] = v;
      }
      std::int64_t acc = below;
      for (std::size_t i = 0; i + 1 < n; ++i) {
        acc += a[i].stake;
        if (minority < acc) return a[i].score;
      }
      return a[n - 1].score;  // the candidates' stake plus `below` exceeds minority
    }
    // Digits of up to 8 bits, fewer for few candidates (fewer buckets to clear and walk).
    const int digit = std::min(8, static_cast<int>(std::bit_width(n)));
    const int shift = width > digit ? width - digit : 0;
    const std::size_t buckets = std::size_t{1} << (width - shift);
    std::fill(hist, hist + buckets, 0);
    std::fill(count, count + buckets, 0);
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t b = (static_cast<std::uint64_t>(a[i].score) - base) >> shift;
      hist[b] += a[i].stake;
      ++count[b];
      last[b] = a[i].score;
    }
    std::size_t k = 0;
    std::int64_t acc = below;
    for (;; ++k) {
      if (minority < acc + hist[k]) break;
      acc += hist[k];
    }
    // k exists: the candidates' stake plus `below` exceeds minority.
    if (count[k] == 1 || shift == 0) return last[k];
    below = acc;
    std::size_t m = 0;
    for (std::size_t i = 0; i < n; ++i) {
      tmp[m] = a[i];
      m += ((static_cast<std::uint64_t>(a[i].score) - base) >> shift) == k;
    }
    std::swap(a, tmp);
    n = m;
    base += static_cast<std::uint64_t>(k) << shift;
    width = shift;
  }
}

std::int64_t weighted_select_radix(ScoreStake* a, ScoreStake* tmp, std::size_t n, std::int64_t minority,
                                   std::int64_t total) {
  if (minority >= total || minority < 0) return weighted_select(a, tmp, n, minority, total);
  std::uint64_t mx = 0;
  for (std::size_t i = 0; i < n; ++i) mx |= static_cast<std::uint64_t>(a[i].score);
  if (mx >> 63) return weighted_select(a, tmp, n, minority, total);  // a negative score
  // The common prefix of the candidates' scores is 0; digits are taken below bit `width`.
  return weighted_select_radix_from(a, tmp, n, minority, 0, static_cast<int>(std::bit_width(mx)));
}
}  // namespace

namespace {
// The bucket key of a score s in [0, 2^52): the top bits of the double 2s + 1 (exact: an odd
// integer below 2^53) down to the kMantissa = M bits below its leading one, less 1023 << M, i.e.
// key = e * 2^M + mantissa with e = bit_width(2s + 1) - 1. Non-decreasing in s, so key(a) < key(b)
// implies a < b. One conversion instead of a bit scan and two shifts. Key j >= (M + 1) 2^M (e > M)
// holds the scores [(2^M + j % 2^M) << sh, (2^M + 1 + j % 2^M) << sh) with sh = e - M - 1, i.e.
// 2^-M to 2^-(M+1) of their magnitude; a lower key holds at most one score (2s + 1 has at most M + 1
// significant bits, all in the key), bucket_value(j). Keys are below bit_width(2 * max + 1) * 2^M.
// M = 3: fewer buckets to walk and clear per column than M = 4, a few more candidates (about 9% of
// the entries on bench cases a, b and e); fewer instructions on a and b (M = 2 loses on b).
// (median_key itself is in median_buckets.hpp: the fused weights build computes the same keys.)
constexpr int kMantissa = kMedianMantissa;      // mantissa bits of a key
constexpr std::size_t kGroup = 1 << kMantissa;  // keys per exponent
constexpr std::uint64_t kKeyBias = kMedianKeyBias;
inline std::uint64_t bucket_value(std::uint64_t j) {
  const auto t = static_cast<std::uint64_t>(std::bit_cast<double>((j + kKeyBias) << (52 - kMantissa)));
  return (t - 1) / 2;
}

// weighted_median_col_sparse for rows with strictly ascending columns, scores in [0, 2^52), exact
// non-negative stakes (sum `total` < 2^40, fewer than 2^23 rows) and 0 <= minority < total.
//
// Why this is the Rust result: as in weighted_select, weighted_median returns the smallest score v
// of the column (its m values, rows without an entry scoring 0) with C(<=v) > minority. Keys are
// non-decreasing in the score, so v lies in the smallest key j with C(key <= j) > minority: every
// value in a lower key has C(<=) <= C(key <= j - 1) <= minority, and the largest value of key j has
// C(<=) >= C(key <= j) > minority. Within key j, v is the smallest candidate with
// below + C_j(<=v) > minority, below = C(key < j): weighted_select_radix_from on the bucket's
// candidates with minority - below (in [0, bucket stake)). A key of one value gives v without
// looking at the cells. Strictly ascending columns give each column at most one entry per row (no
// duplicate to overwrite), so each row adds its stake to exactly one key of each column (rows
// without an entry to key 0, score 0), and every column's stake is `total`.
//
// Work per entry: one pass adds the row's stake to its (column, key) bucket, a second pass copies
// the entries whose score is in the column's chosen key (about 9% of them on the bench cases) --
// instead of a count pass, a scatter of every entry into its column and a radix select over all of
// them. Columns go in blocks so that a block's buckets stay in cache; with threads, chunks of
// columns, each walking its part of every row (rows are sorted: a binary search finds the start).
struct BucketScratch {
  std::vector<std::uint64_t> hist;  // all zero unless `dirty`
  bool dirty = false;
};

std::vector<I32F32> weighted_median_buckets(std::span<const I32F32> stake, std::span<const I32F32> use_stake,
                                            const SparseMatrix& score, std::size_t rows,
                                            std::uint16_t columns, std::int64_t minority, std::int64_t total,
                                            std::uint64_t max_score, std::size_t nnz, unsigned threads,
                                            std::span<std::uint64_t* const> filled = {},
                                            std::size_t filled_stride = 0, std::uint64_t min_nonzero = 0) {
  constexpr int kCountShift = kMedianCountShift;  // a bucket word is (count << 40) + stake
  constexpr std::uint64_t kStakeMask = (std::uint64_t{1} << kCountShift) - 1;
  const std::size_t groups = std::bit_width(2 * max_score + 1);  // keys < groups * kGroup
  const std::size_t keys = groups * kGroup;
  // Words between columns' buckets: `keys`, or the filled buckets' own layout (whose keys above
  // `keys` are all zero: every score is at most max_score).
  const std::size_t stride = filled.empty() ? keys : filled_stride;
  // Filled buckets come with a close bound of their scores (MedianBuckets::raise_max: 65535's
  // quotient in each row, which set_weights' max-upscaled rows hold): their walks zero every group
  // below it instead of tracking the top non-empty one (empty groups there are few).
  const bool tight = !filled.empty();
  const std::int64_t need = total - minority;  // C(key < j) <= minority  <=>  C(key >= j) >= need
  // Groups [1, low_group) hold no score: every score is 0 (group 0) or at least min_nonzero.
  const std::size_t low_group =
      std::max<std::size_t>(1, std::bit_width(2 * std::min(min_nonzero, max_score) + 1) - 1);
  // Columns per block: about 256 KB of buckets.
  // (Filled by the caller, MedianBuckets: one block per chunk of columns, the buckets of all columns.)
  const std::size_t block =
      filled.empty() ? std::clamp<std::size_t>((std::size_t{1} << 15) / keys, 1, 256) : columns;
  std::vector<I32F32> median(columns, kZero);
  // A column's chosen key as a score range [lo, lo + span] (pass 2 tests s - lo <= span); indexed
  // by column (chunks write only their own columns).
  // (Two arrays rather than pairs: an 8-byte stride is an addressing mode, pass 2 reads both per entry.)
  std::unique_ptr<std::uint64_t[]> range_lo(new std::uint64_t[columns]),
      range_span(new std::uint64_t[columns]);
  auto run = [&, keys, stride, groups, block, minority, total, tight, need, low_group](
                 unsigned, std::size_t c0, std::size_t c1) {
    // The positive-stake rows: cursor (first entry of the next block), block end, row end, stake.
    struct RowRef {
      const SparseEntry* at;
      const SparseEntry* stop;
      const SparseEntry* end;
      std::uint64_t stake;
    };
    std::vector<RowRef> refs;
    refs.reserve(use_stake.size());
    for (std::size_t r = 0, k = 0; r < rows; ++r) {
      if (!(stake[r] > kZero)) continue;
      const auto row = score.row(r);
      const SparseEntry* at = std::partition_point(row.data(), row.data() + row.size(),
                                                   [c0](const SparseEntry& e) { return e.col < c0; });
      refs.push_back({at, at, row.data() + row.size(), static_cast<std::uint64_t>(use_stake[k++].to_bits())});
    }
    // The buckets are kept per thread between calls (zeroing a fresh 300 KB each epoch was a tenth
    // of this function's work on bench case a); each column's words are zeroed after its walk, and
    // a call that did not finish (an exception) leaves `dirty` set, so the next one zeroes it all.
    thread_local BucketScratch scratch;
    std::uint64_t* hist = nullptr;
    if (filled.empty()) {
      if (scratch.dirty || scratch.hist.size() < block * keys) {
        scratch.hist.assign(std::max(scratch.hist.size(), block * keys), 0);
        scratch.dirty = false;
      }
      scratch.dirty = true;
      hist = scratch.hist.data();
    } else {
      // This chunk's columns: the other parts' words added into part 0's (and zeroed for the next call).
      hist = filled[0] + c0 * stride;
      for (std::size_t q = 1; q < filled.size(); ++q) {
        std::uint64_t* const o = filled[q] + c0 * stride;
        for (std::size_t c = 0; c < c1 - c0; ++c)
          for (std::size_t w = c * stride; w < c * stride + keys; ++w) {
            hist[w] += o[w];
            o[w] = 0;
          }
      }
    }
    struct Pick {
      std::uint32_t begin, fill;
      std::int64_t minority;
    };
    std::vector<Pick> picks(block);
    std::vector<ScoreStake> cells, tmp;
    for (std::size_t b0 = c0; b0 < c1; b0 += block) {
      const std::size_t b1 = std::min(c1, b0 + block);
      // Pass 1: every entry's row stake into its (column, key) bucket, with a count in the top bits.
      // A row has at most b1 - b0 entries in the block (strictly ascending columns).
      std::uint64_t* const hb = hist - b0 * keys;
      for (auto& rr : refs) {
        const SparseEntry* p = rr.at;
        if (!filled.empty()) {  // pass 1 done by the caller: only the block's end in the row
          rr.stop = std::partition_point(
              p, p + std::min<std::size_t>(static_cast<std::size_t>(rr.end - p), b1 - b0),
              [b1](const SparseEntry& e) { return e.col < b1; });
          continue;
        }
        // The row's entries in the block, found by the scan that adds them (a row's part of a
        // block is short, ~30 entries on bench case d, where a binary search's mispredicted steps
        // cost more than testing each entry's column).
        const std::uint64_t add = (std::uint64_t{1} << kCountShift) + rr.stake;
        const SparseEntry* const end = rr.end;
        for (; p != end && p->col < b1; ++p)
          hb[p->col * keys + median_key(static_cast<std::uint64_t>(p->val.to_bits()))] += add;
        rr.stop = p;
      }
      // Each column's key, walking down from the top: `above` = C(key > j), so the key is the
      // largest j with total - above - stake(j) = C(key < j) <= minority (key 0 at the latest).
      std::uint32_t cand = 0;
      for (std::size_t c = b0; c < b1; ++c) {
        std::uint64_t* h = hist + (c - b0) * stride;
        std::uint64_t& rg_lo = range_lo[c];
        std::uint64_t& rg_span = range_span[c];
        rg_lo = ~std::uint64_t{0};  // (s - lo) <= span is false for every score s < 2^63
        rg_span = 0;
        // (As sums: the walk stops at the first key j from the top with C(key >= j) >= need.)
        std::int64_t above = 0;
        std::size_t g = groups, used = groups;  // groups [used, groups) are all zero
        auto group_stake = [h](std::size_t q) {
          std::uint64_t sum = 0;
          for (std::size_t t = 0; t < kGroup; ++t) sum += h[q * kGroup + t];
          return sum;
        };
        if (tight) {
          for (;;) {
            --g;
            const auto st = static_cast<std::int64_t>(group_stake(g) & kStakeMask);
            if (g == 0 || above + st >= need) break;
            above += st;
          }
        } else {
          used = 0;
          for (;;) {
            --g;
            const std::uint64_t sum = group_stake(g);
            if (used == 0 && sum != 0) used = g + 1;  // a non-zero word has a count >= 1
            const auto st = static_cast<std::int64_t>(sum & kStakeMask);
            if (g == 0 || above + st >= need) break;
            above += st;
          }
        }
        std::size_t j = g * kGroup + kGroup;
        std::int64_t st = 0;
        for (;;) {
          --j;
          st = static_cast<std::int64_t>(h[j] & kStakeMask);
          if (j == 0 || above + st >= need) break;
          above += st;
        }
        const auto count = static_cast<std::uint32_t>(h[j] >> kCountShift);
        // Zero for the next block: the groups below the walk's end and the non-zero ones above.
        // (One fill: a memset instead of a store loop per group.)
        std::fill_n(h, kGroup, std::uint64_t{0});
        const std::size_t top = std::max(used, g + 1);
        if (top > low_group)
          std::fill_n(h + low_group * kGroup, (top - low_group) * kGroup, std::uint64_t{0});
        if (j <
            (kMantissa + 1) * kGroup) {  // a key of one value (key 0 also holds the rows without an entry)
          median[c] = I32F32::from_bits(static_cast<std::int64_t>(bucket_value(j)));
          continue;
        }
        const int sh = static_cast<int>(j >> kMantissa) - kMantissa - 1;
        rg_lo = static_cast<std::uint64_t>(kGroup + (j & (kGroup - 1))) << sh;
        rg_span = (std::uint64_t{1} << sh) - 1;
        Pick& pk = picks[c - b0];
        pk.begin = pk.fill = cand;
        pk.minority = minority - (total - above - st);  // minority - C(key < j)
        cand += count;
      }
      // Pass 2: the chosen key's entries of each column.
      if (cells.size() < cand) cells.resize(cand);
      const std::uint64_t* const rlo = range_lo.get();
      const std::uint64_t* const rspan = range_span.get();
      Pick* const pb = picks.data() - b0;
      for (auto& rr : refs) {
        const auto sk = static_cast<std::int64_t>(rr.stake);
#pragma GCC unroll 4
        for (const SparseEntry* p = rr.at; p != rr.stop; ++p) {
          const auto s = static_cast<std::uint64_t>(p->val.to_bits());
          if (s - rlo[p->col] <= rspan[p->col]) cells[pb[p->col].fill++] = {static_cast<std::int64_t>(s), sk};
        }
        rr.at = rr.stop;
      }
      for (std::size_t c = b0; c < b1; ++c) {
        if (range_lo[c] == ~std::uint64_t{0}) continue;
        const Pick& pk = picks[c - b0];
        const std::size_t n = pk.fill - pk.begin;
        if (tmp.size() < n) tmp.resize(n);
        median[c] = I32F32::from_bits(
            weighted_select_radix_from(cells.data() + pk.begin, tmp.data(), n, pk.minority, range_lo[c],
                                       static_cast<int>(std::bit_width(range_span[c]))));
      }
    }
    if (filled.empty()) scratch.dirty = false;
  };
  detail::parallel_chunks(columns, detail::threads_for(threads, nnz), run);
  return median;
}
}  // namespace

namespace {
// weighted_median_col_sparse's selection with one-word cells (see there): the same gather (row
// order, a duplicate column in a row overwrites its cell) and the same selection per column.
std::vector<I32F32> weighted_median_compact(std::span<const I32F32> stake, std::span<const I32F32> use_stake,
                                            const SparseMatrix& score, std::size_t rows,
                                            std::uint16_t columns, const std::vector<std::uint32_t>& begin,
                                            std::int64_t minority, std::int64_t total, bool sorted,
                                            unsigned threads) {
  const std::size_t m = use_stake.size();
  std::vector<I32F32> median(columns, kZero);
  // Not zeroed: a cell is read only after the gather wrote it (cells [begin, fill) of a column).
  std::unique_ptr<std::uint64_t[]> cells(new std::uint64_t[begin[columns]]);
  std::vector<std::uint32_t> fill(begin.begin(), begin.end() - 1);
  std::vector<std::uint32_t> last_k(columns, ~std::uint32_t{0});
  // One entry of row k (in row order): a duplicate column in a row overwrites its cell.
  auto put = [&](const SparseEntry& e, std::uint32_t k) {
    const std::uint64_t cell = (static_cast<std::uint64_t>(e.val.to_bits()) << 16) | k;
    if (last_k[e.col] == k) {
      cells[fill[e.col] - 1] = cell;
    } else {
      last_k[e.col] = k;
      cells[fill[e.col]++] = cell;
    }
  };
  auto run = [&](unsigned, std::size_t c0, std::size_t c1) {
    if (sorted) {
      // Rows with non-decreasing columns: the scatter goes block by block of columns (each row
      // resumes where the previous block stopped), so its writes stay within one block's cells
      // (cache-resident) instead of spreading over all of them. The same cells in the same order.
      std::vector<std::uint32_t> cur;
      cur.reserve(m);
      for (std::size_t r = 0; r < rows; ++r) {
        if (!(stake[r] > kZero)) continue;
        const auto row = score.row(r);
        const auto it =
            std::partition_point(row.begin(), row.end(), [c0](const SparseEntry& e) { return e.col < c0; });
        cur.push_back(static_cast<std::uint32_t>(it - row.begin()));
      }
      constexpr std::size_t kBlock = 256;
      for (std::size_t b0 = c0; b0 < c1; b0 += kBlock) {
        const std::size_t b1 = std::min(c1, b0 + kBlock);
        std::uint32_t k = 0;
        for (std::size_t r = 0; r < rows; ++r) {
          if (!(stake[r] > kZero)) continue;
          const auto row = score.row(r);
          std::uint32_t at = cur[k];
          for (; at < row.size() && row[at].col < b1; ++at) put(row[at], k);
          cur[k++] = at;
        }
      }
    } else {
      std::uint32_t k = 0;
      for (std::size_t r = 0; r < rows; ++r) {
        if (!(stake[r] > kZero)) continue;
        for (const auto& e : score.row(r))
          if (e.col >= c0 && e.col < c1) put(e, k);
        ++k;
      }
    }
    std::vector<ScoreStake> col(m + 1), tmp(m + 1);  // a column has at most m + 1 cells
    for (std::size_t c = c0; c < c1; ++c) {
      const std::uint32_t b = begin[c], e = fill[c];
      if (b == e) continue;  // all scores 0: the median of an all-zero column is 0
      std::size_t len = 0;
      std::int64_t with_entry = 0;
      for (std::uint32_t t = b; t < e; ++t) {
        const std::uint64_t cell = cells[t];
        const std::int64_t sk = use_stake[cell & 0xffff].to_bits();
        col[len++] = {static_cast<std::int64_t>(cell >> 16), sk};
        with_entry += sk;
      }
      if (len < m) col[len++] = {0, total - with_entry};  // rows without an entry score 0
      median[c] = I32F32::from_bits(weighted_select_radix(col.data(), tmp.data(), len, minority, total));
    }
  };
  detail::parallel_chunks(columns, detail::threads_for(threads, begin[columns]), run);
  return median;
}

// The stakes weighted_median_col_sparse selects with: the positive ones, normalised; their sum and
// the minority (sum - majority); `exact` when they are non-negative and their integer sum `total`
// does not overflow and equals the sum (true for normalised stake; the selections need it).
struct MedianStake {
  std::vector<I32F32> use;
  I32F32 sum, minority;
  std::int64_t total = 0;
  bool exact = true;
  // The bucket form's conditions on them (weighted_median_buckets: stake words below 2^40, row
  // counts below 2^23).
  bool buckets() const noexcept {
    const std::int64_t mb = minority.to_bits();
    return exact && mb >= 0 && mb < total && total < (std::int64_t{1} << 40) && !use.empty() &&
           use.size() < (std::size_t{1} << 23);
  }
};

MedianStake median_stake(std::span<const I32F32> stake, I32F32 majority) {
  MedianStake ms;
  ms.use.reserve(stake.size());
  for (auto s : stake)
    if (s > kZero) ms.use.push_back(s);
  inplace_normalize(ms.use);
  ms.sum = sum(ms.use);
  ms.minority = ms.sum.saturating_sub(majority);
  for (auto s : ms.use)
    ms.exact = ms.exact && s >= kZero && !__builtin_add_overflow(ms.total, s.to_bits(), &ms.total);
  ms.exact = ms.exact && ms.total == ms.sum.to_bits();
  return ms;
}
}  // namespace

std::vector<I32F32> weighted_median_col_sparse(std::span<const I32F32> stake, const SparseMatrix& score,
                                               std::uint16_t columns, I32F32 majority, unsigned threads,
                                               bool rows_unit_sorted) {
  const MedianStake ms = median_stake(stake, majority);
  const std::vector<I32F32>& use_stake = ms.use;
  const I32F32 stake_sum = ms.sum, minority = ms.minority;
  const std::size_t m = use_stake.size();
  std::vector<I32F32> median(columns, kZero);
  if (m == 0) return median;
  const std::size_t rows = std::min(stake.size(), score.rows());
  // The selections need `exact` stakes (an input whose sum wraps takes the literal recursion below).
  const bool exact = ms.exact;
  const std::int64_t total = ms.total;
  // Buckets of (column, score key) when each row has strictly ascending columns and non-negative
  // scores below 2^52 (the caller may promise it: then also scores <= 1, i.e. bits <= 2^32), see there.
  const std::int64_t minority_bits = minority.to_bits();
  if (ms.buckets()) {
    bool strict = true;
    std::uint64_t bits = std::uint64_t{1} << 32;
    if (!rows_unit_sorted) {
      bits = 0;
      for (std::size_t r = 0; r < rows && strict; ++r)
        if (stake[r] > kZero) {
          const auto row = score.row(r);
          for (std::size_t t = 0; t < row.size(); ++t) {
            bits |= static_cast<std::uint64_t>(row[t].val.to_bits());
            strict &= t == 0 || row[t].col > row[t - 1].col;
          }
        }
    }
    if (strict && !(bits >> 52))
      return weighted_median_buckets(stake, use_stake, score, rows, columns, minority_bits, total, bits,
                                     score.nnz(), threads);
  }
  // Gather each column's entries of positive-stake rows in row order. The Rust code fills a dense
  // columns x m matrix, so a duplicate column in a row keeps its last value: a duplicate overwrites
  // the cell the same row wrote before. Each column gets one spare cell (the implicit zeros).
  std::vector<std::uint32_t> begin(static_cast<std::size_t>(columns) + 1, 0);
  std::uint64_t score_bits = 0;  // OR of the gathered scores' bits
  bool sorted = true;            // every gathered row has non-decreasing columns
  for (std::size_t r = 0; r < rows; ++r)
    if (stake[r] > kZero) {
      std::uint32_t last = 0;
      for (const auto& e : score.row(r)) {
        sorted &= e.col >= last;
        last = e.col;
        if (e.col >= columns) continue;
        ++begin[e.col + 1];
        score_bits |= static_cast<std::uint64_t>(e.val.to_bits());
      }
    }
  for (std::size_t c = 0; c < columns; ++c) begin[c + 1] += begin[c] + 1;
  // Compact cells: with every gathered score in [0, 2^47) and fewer than 2^16 stake rows, a cell
  // is one word (score << 16 | k): half the memory of (score, stake) pairs for the scatter, which
  // is most of the time on large matrices. Each column is expanded to pairs before its selection.
  if (exact && score_bits < (std::uint64_t{1} << 47) && m < (std::size_t{1} << 16))
    return weighted_median_compact(stake, use_stake, score, rows, columns, begin, minority.to_bits(), total,
                                   sorted, threads);
  std::vector<ScoreStake> cells(begin[columns]);
  std::vector<std::uint32_t> fill(begin.begin(), begin.end() - 1);
  std::vector<std::uint32_t> last_k(columns, ~std::uint32_t{0});
  std::vector<std::uint32_t> cell_k(exact ? 0 : cells.size());  // row index k of each cell
  // Columns [c0, c1): gather, then select. Chunks touch disjoint columns.
  auto run = [&](unsigned, std::size_t c0, std::size_t c1) {
    std::uint32_t k = 0;
    for (std::size_t r = 0; r < rows; ++r) {
      if (!(stake[r] > kZero)) continue;
      const std::int64_t sk = use_stake[k].to_bits();
      for (const auto& e : score.row(r)) {
        if (e.col < c0 || e.col >= c1) continue;
        if (last_k[e.col] == k) {
          cells[fill[e.col] - 1].score = e.val.to_bits();
        } else {
          last_k[e.col] = k;
          if (!exact) cell_k[fill[e.col]] = k;
          cells[fill[e.col]++] = {e.val.to_bits(), sk};
        }
      }
      ++k;
    }
    if (!exact) return;
    std::vector<ScoreStake> tmp(m + 1);  // selection scratch (a column has at most m + 1 cells)
    for (std::size_t c = c0; c < c1; ++c) {
      const std::uint32_t b = begin[c];
      std::uint32_t e = fill[c];
      if (b == e) continue;  // all scores 0: the median of an all-zero column is 0
      if (e - b < m) {       // rows without an entry score 0, as one cell holding their stake
        std::int64_t with_entry = 0;
        for (std::uint32_t t = b; t < e; ++t) with_entry += cells[t].stake;
        cells[e++] = {0, total - with_entry};
      }
      median[c] = I32F32::from_bits(
          weighted_select_radix(cells.data() + b, tmp.data(), e - b, minority.to_bits(), total));
    }
  };
  detail::parallel_chunks(columns, detail::threads_for(threads, cells.size()), run);
  if (exact) return median;
  // Literal recursion on a densified column (one column at a time, O(m) memory), for stakes that
  // do not meet the selection's precondition.
  std::vector<I32F32> col(m, kZero);
  MedianScratch scratch;
  for (std::size_t c = 0; c < columns; ++c) {
    const std::uint32_t b = begin[c], e = fill[c];
    if (b == e) continue;
    for (std::uint32_t t = b; t < e; ++t) col[cell_k[t]] = I32F32::from_bits(cells[t].score);
    median[c] = weighted_median_impl(use_stake, col, {}, true, m, minority, kZero, stake_sum, scratch);
    for (std::uint32_t t = b; t < e; ++t) col[cell_k[t]] = kZero;
  }
  return median;
}

namespace {
// MedianBuckets' words, kept per thread between epochs (a fresh 2 MB each epoch would be zeroed
// pages to fault in every time). All zero unless `dirty` (a call that fell back or did not finish);
// `in_use`: a MedianBuckets of this thread holds them (another one then stays inactive).
struct FusedScratch {
  std::vector<std::vector<std::uint64_t>> parts;
  bool dirty = false;
  bool in_use = false;
};
thread_local FusedScratch fused_scratch;
// At most 4 MB of buckets over all parts (272 words per column and part: a 1024-column subnet on one
// thread, up to 963 columns on two); wider subnets and more parts keep the blocked pass 1 of
// weighted_median_buckets, whose buckets stay in cache.
constexpr std::size_t kMaxFusedWords = std::size_t{1} << 19;
}  // namespace

MedianBuckets::MedianBuckets(std::span<const I32F32> stake, std::uint16_t columns, I32F32 majority,
                             unsigned parts)
    : stake_(stake), columns_(columns), majority_(majority) {
  const std::size_t words = std::size_t{columns} * kUnitKeys;
  if (fused_scratch.in_use || parts == 0 || columns == 0 || words * parts > kMaxFusedWords) return;
  // weighted_median_col_sparse's stake, minority and the bucket form's conditions on them.
  MedianStake ms = median_stake(stake, majority);
  if (!ms.buckets()) return;
  use_stake_ = std::move(ms.use);
  minority_ = ms.minority.to_bits();
  total_ = ms.total;
  row_add_.assign(stake.size(), 0);
  for (std::size_t r = 0, k = 0; r < stake.size(); ++r)
    if (stake[r] > kZero)
      row_add_[r] =
          (std::uint64_t{1} << kMedianCountShift) + static_cast<std::uint64_t>(use_stake_[k++].to_bits());
  FusedScratch& fs = fused_scratch;
  if (fs.parts.size() < parts) fs.parts.resize(parts);
  for (unsigned k = 0; k < parts; ++k) {
    auto& v = fs.parts[k];
    if (v.size() < words) {
      v.assign(words, 0);
    } else if (fs.dirty) {
      std::fill(v.begin(), v.end(), 0);
    }
  }
  for (std::size_t k = parts; k < fs.parts.size(); ++k)
    if (fs.dirty) std::fill(fs.parts[k].begin(), fs.parts[k].end(), 0);
  fs.dirty = true;
  fs.in_use = owns_ = active_ = true;
  for (unsigned k = 0; k < parts; ++k) parts_.push_back(fs.parts[k].data());
  void_.assign(parts, 0);
  range_.assign(std::size_t{parts} * kRangePad, 0);
  for (unsigned k = 0; k < parts; ++k) range_[k * kRangePad] = ~std::uint64_t{0};
}

MedianBuckets::~MedianBuckets() {
  if (owns_) fused_scratch.in_use = false;
}

void MedianBuckets::add_row(unsigned k, std::size_t r, std::span<const SparseEntry> row) noexcept {
  const std::uint64_t add = row_add(r);
  if (add == 0) return;
  std::uint64_t lo = ~std::uint64_t{0}, hi = 0;
  for (std::size_t t = 0; t < row.size(); ++t) {
    const auto s = static_cast<std::uint64_t>(row[t].val.to_bits());
    if (row[t].col >= columns_ || (t > 0 && row[t].col <= row[t - 1].col) || s > (std::uint64_t{1} << 32)) {
      void_[k] = 1;
      return;
    }
    if (s != 0) lo = std::min(lo, s);
    hi = std::max(hi, s);
  }
  note_range(k, lo, hi);
  std::uint64_t* const h = parts_[k];
  for (const auto& e : row)
    h[e.col * kUnitKeys + median_key(static_cast<std::uint64_t>(e.val.to_bits()))] += add;
}

std::vector<I32F32> MedianBuckets::finish(const SparseMatrix& score, bool promise, unsigned threads) {
  const bool ok =
      active_ && promise && std::none_of(void_.begin(), void_.end(), [](unsigned char v) { return v; });
  // (The buckets stay dirty when not used: the next MedianBuckets zeroes them.)
  if (!ok) return weighted_median_col_sparse(stake_, score, columns_, majority_, threads, promise);
  const std::size_t rows = std::min(stake_.size(), score.rows());
  // The walks start at the largest score's key (the keys above it are empty in every column).
  // (And the zeroing skips the keys between 0's and the smallest non-zero score's: all empty.)
  std::uint64_t lo = ~std::uint64_t{0}, mx = 0;
  for (std::size_t k = 0; k < parts_.size(); ++k) {
    lo = std::min(lo, range_[k * kRangePad]);
    mx = std::max(mx, range_[k * kRangePad + 1]);
  }
  std::vector<I32F32> median =
      weighted_median_buckets(stake_, use_stake_, score, rows, columns_, minority_, total_, mx, score.nnz(),
                              threads, parts_, kUnitKeys, lo);
  fused_scratch.dirty = false;  // the walk zeroed every word it summed, the merge every other part's
  return median;
}

SparseMatrix interpolate_sparse(const SparseMatrix& a, const SparseMatrix& b, std::uint16_t columns,
                                I32F32 ratio) {
  if (ratio == kZero) return a;
  if (ratio == kOne) return b;
  if (a.rows() != b.rows()) return b;
  SparseMatrix out;
  out.reserve(a.rows(), a.nnz() + b.nnz());
  std::vector<I32F32> row1(columns), row2(columns);
  for (std::size_t i = 0; i < a.rows(); ++i) {
    std::fill(row1.begin(), row1.end(), kZero);
    std::fill(row2.begin(), row2.end(), kZero);
    for (const auto& e : a.row(i))
      if (e.col < columns) row1[e.col] = e.val;
    for (const auto& e : b.row(i))
      if (e.col < columns) row2[e.col] = e.val;
    for (std::size_t j = 0; j < columns; ++j) {
      const I32F32 v = row1[j].saturating_add(ratio.saturating_mul(row2[j].saturating_sub(row1[j])));
      if (kZero < v) out.push(static_cast<std::uint16_t>(j), v);
    }
    out.end_row();
  }
  return out;
}

SparseMatrix mat_ema_sparse(const SparseMatrix& next, const SparseMatrix& prev, I32F32 alpha,
                            unsigned threads) {
  const I32F32 one_minus_alpha = kOne.saturating_sub(alpha);
  const std::size_t n = next.rows();
  SparseMatrix out;
  if (n == 0) return out;
  // Rows with strictly ascending columns < n (what storage holds in practice) merge in one pass;
  // others accumulate in a dense row like the Rust code.
  auto ascending = [n](std::span<const SparseEntry> r) {
    for (std::size_t k = 0; k < r.size(); ++k)
      if (r[k].col >= n || (k > 0 && r[k - 1].col >= r[k].col)) return false;
    return true;
  };
  // ascending() and every value in [0, 1], in one pass without early exits.
  auto plain = [n](std::span<const SparseEntry> r) {
    bool ok = true;
    long last = -1;
    for (const auto& e : r) {
      ok &= (e.col < n) & (static_cast<long>(e.col) > last) &
            (static_cast<std::uint64_t>(e.val.to_bits()) <= (std::uint64_t{1} << 32));
      last = e.col;
    }
    return ok;
  };
  const bool unit = alpha >= kZero && alpha <= kOne;
  // Rows [r0, r1) into `dst`.
  auto run = [&](std::size_t r0, std::size_t r1, SparseMatrix& dst) {
    std::vector<I32F32> acc;
    std::vector<std::uint16_t> touched;
    std::vector<std::uint8_t> mark;
    for (std::size_t i = r0; i < r1; ++i) {
      const auto nr = next.row(i);
      const auto pr = i < prev.rows() ? prev.row(i) : std::span<const SparseEntry>{};
      if (unit && plain(nr) && plain(pr)) {
        // All of alpha, 1 - alpha and the values lie in [0, 1]: no product or sum can saturate,
        // so the saturating forms reduce to plain floor products (bit-identical).
        const std::uint64_t ua = static_cast<std::uint64_t>(alpha.to_bits());
        const std::uint64_t uo = static_cast<std::uint64_t>(one_minus_alpha.to_bits());
        {
          auto prod = [](std::uint64_t a, I32F32 x) {
            return static_cast<std::uint64_t>(
                (static_cast<fixed::u128>(a) * static_cast<std::uint64_t>(x.to_bits())) >> 32);
          };
          SparseEntry* w = dst.open_row(nr.size() + pr.size());
          std::size_t cnt = 0, a = 0, b = 0;
          while (a < nr.size() && b < pr.size()) {
            const std::uint16_t ca = nr[a].col, cb = pr[b].col;
            std::uint64_t v = 0;
            std::uint16_t col = ca;
            if (ca < cb) {
              v = prod(ua, nr[a++].val);
            } else if (ca > cb) {
              col = cb;
              v = prod(uo, pr[b++].val);
            } else {
              v = prod(ua, nr[a++].val) + prod(uo, pr[b++].val);
            }
            w[cnt] = {col, I32F32::from_bits(static_cast<std::int64_t>(v))};
            cnt += v != 0;
          }
          for (; a < nr.size(); ++a) {
            const std::uint64_t v = prod(ua, nr[a].val);
            w[cnt] = {nr[a].col, I32F32::from_bits(static_cast<std::int64_t>(v))};
            cnt += v != 0;
          }
          for (; b < pr.size(); ++b) {
            const std::uint64_t v = prod(uo, pr[b].val);
            w[cnt] = {pr[b].col, I32F32::from_bits(static_cast<std::int64_t>(v))};
            cnt += v != 0;
          }
          dst.close_row(cnt);
          continue;
        }
      }
      if (ascending(nr) && ascending(pr)) {
        std::size_t a = 0, b = 0;
        while (a < nr.size() || b < pr.size()) {
          const std::uint16_t ca = a < nr.size() ? nr[a].col : 0xffff,
                              cb = b < pr.size() ? pr[b].col : 0xffff;
          I32F32 v = kZero;
          std::uint16_t col = 0;
          if (ca <= cb) {
            col = ca;
            v = alpha.saturating_mul(nr[a++].val);
            if (ca == cb) v = v.saturating_add(one_minus_alpha.saturating_mul(pr[b++].val));
          } else {
            col = cb;
            v = kZero.saturating_add(one_minus_alpha.saturating_mul(pr[b++].val));
          }
          if (v > kZero) dst.push(col, v);
        }
        dst.end_row();
        continue;
      }
      if (mark.empty()) {
        acc.assign(n, kZero);
        mark.assign(n, 0);
        touched.reserve(n);
      }
      touched.clear();
      auto add = [&](std::uint16_t j, I32F32 x) {
        if (!mark[j]) {
          mark[j] = 1;
          acc[j] = kZero;
          touched.push_back(j);
        }
        acc[j] = acc[j].saturating_add(x);
      };
      for (const auto& e : nr)
        if (e.col < n) add(e.col, alpha.saturating_mul(e.val));
      for (const auto& e : pr)
        if (e.col < n) add(e.col, one_minus_alpha.saturating_mul(e.val));
      // Emit in ascending column order (the Rust code scans its dense accumulator).
      std::sort(touched.begin(), touched.end());
      for (std::uint16_t j : touched) {
        if (acc[j] > kZero) dst.push(j, acc[j]);
        mark[j] = 0;
      }
      dst.end_row();
    }
  };
  return detail::build_rows(
      n, detail::threads_for(threads, next.nnz() + prev.nnz()), next.nnz() + prev.nnz(),
      [&](unsigned, std::size_t r0, std::size_t r1, SparseMatrix& dst) { run(r0, r1, dst); });
}

SparseMatrix mat_ema_alpha_sparse(const SparseMatrix& next, const SparseMatrix& prev,
                                  std::span<const I32F32> alpha, std::size_t alpha_rows,
                                  std::size_t alpha_cols) {
  if (next.rows() != prev.rows() || next.rows() != alpha_rows) return next;
  SparseMatrix out;
  out.reserve(next.rows(), next.nnz());
  std::vector<I32F32> decayed(alpha_cols, kZero);
  std::vector<std::uint16_t> touched;
  for (std::size_t i = 0; i < next.rows(); ++i) {
    const I32F32* arow = alpha.data() + i * alpha_cols;
    for (const auto& e : prev.row(i)) {
      if (e.col < alpha_cols) {
        decayed[e.col] = kOne.saturating_sub(arow[e.col]).saturating_mul(e.val);
        touched.push_back(e.col);
      }
    }
    for (const auto& e : next.row(i)) {
      if (e.col < alpha_cols) {
        const I32F32 a = arow[e.col];
        const I32F32 inc = a.saturating_mul(e.val).max_of(kZero);
        const I32F32 v = decayed[e.col].saturating_add(inc).min_of(kOne);
        if (v > kZero) out.push(e.col, v);
      }
    }
    out.end_row();
    for (std::uint16_t j : touched) decayed[j] = kZero;
    touched.clear();
  }
  return out;
}

SparseMatrix mat_ema_alpha_vec_sparse(const SparseMatrix& next, const SparseMatrix& prev,
                                      std::span<const I32F32> alpha) {
  const std::size_t n = next.rows();
  SparseMatrix out;
  out.reserve(n, next.nnz() + prev.nnz());
  std::vector<I32F32> row(n, kZero);
  auto a_at = [&](std::size_t j) { return j < alpha.size() ? alpha[j] : kZero; };
  for (std::size_t i = 0; i < n; ++i) {
    std::fill(row.begin(), row.end(), kZero);
    for (const auto& e : next.row(i))
      if (e.col < n) row[e.col] = a_at(e.col).saturating_mul(e.val);
    if (i < prev.rows())
      for (const auto& e : prev.row(i))
        if (e.col < n)
          row[e.col] = row[e.col].saturating_add(kOne.saturating_sub(a_at(e.col)).saturating_mul(e.val));
    for (std::size_t j = 0; j < n; ++j)
      if (row[j] > kZero) out.push(static_cast<std::uint16_t>(j), row[j]);
    out.end_row();
  }
  return out;
}

std::vector<I32F32> row_sum_mat_vec_mul_sparse(const SparseMatrix& m, std::span<const I32F32> v) {
  std::vector<I32F32> out(m.rows());
  for (std::size_t i = 0; i < m.rows(); ++i) {
    I32F32 s = kZero;
    for (const auto& e : m.row(i))
      if (e.col < v.size()) s = s.wrapping_add(e.val.saturating_mul(v[e.col]));
    out[i] = s;
  }
  return out;
}

SparseMatrix mat_vec_mul_sparse(const SparseMatrix& m, std::span<const I32F32> v) {
  SparseMatrix out;
  out.reserve(m.rows(), m.nnz());
  for (std::size_t i = 0; i < m.rows(); ++i) {
    for (const auto& e : m.row(i)) {
      if (e.col < v.size()) {
        const I32F32 nv = e.val.saturating_mul(v[e.col]);
        if (nv != kZero) out.push(e.col, nv);
      }
    }
    out.end_row();
  }
  return out;
}

// ---------------------------------------------------------------- dense

std::vector<I32F32> row_sum(const DenseMatrix& x) {
  if (!x.empty() && x.front().empty()) return {};
  std::vector<I32F32> out(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) out[i] = sum(x[i]);
  return out;
}

void inplace_row_normalize(DenseMatrix& x) noexcept {
  for (auto& row : x) {
    const I32F32 s = sum(row);
    if (s > kZero)
      for (auto& v : row) v = v.safe_div(s);
  }
}

void inplace_col_normalize(DenseMatrix& x) {
  std::vector<I32F32> sums;
  for (const auto& row : x) {
    if (sums.size() < row.size()) sums.resize(row.size(), kZero);
    for (std::size_t j = 0; j < row.size(); ++j) sums[j] = sums[j].saturating_add(row[j]);
  }
  if (sums.empty()) return;
  for (auto& row : x)
    for (std::size_t j = 0; j < row.size() && j < sums.size(); ++j)
      if (sums[j] != kZero) row[j] = row[j].safe_div(sums[j]);
}

void inplace_col_max_upscale(DenseMatrix& x) {
  std::size_t cols = 0;
  for (const auto& r : x) cols = std::max(cols, r.size());
  if (cols == 0) return;
  std::vector<I32F32> mx(cols, kZero);
  for (const auto& row : x)
    for (std::size_t j = 0; j < row.size(); ++j)
      if (mx[j] < row[j]) mx[j] = row[j];
  for (auto& row : x)
    for (std::size_t j = 0; j < row.size(); ++j)
      if (mx[j] != kZero) row[j] = row[j].safe_div(mx[j]);
}

void inplace_mask_rows(const std::vector<bool>& mask, DenseMatrix& x) noexcept {
  if (x.empty()) return;
  const std::size_t cols = x.front().size();
  for (std::size_t r = 0; r < x.size(); ++r)
    if (r >= mask.size() || mask[r]) x[r].assign(cols, kZero);
}

void inplace_mask_cols(const std::vector<bool>& mask, DenseMatrix& x) noexcept {
  for (auto& row : x)
    for (std::size_t c = 0; c < row.size(); ++c)
      if (c >= mask.size() || mask[c]) row[c] = kZero;
}

void inplace_mask_diag(DenseMatrix& x) noexcept {
  if (x.empty() || x.front().empty() || x.size() != x.front().size()) return;
  for (std::size_t i = 0; i < x.size(); ++i)
    if (i < x[i].size()) x[i][i] = kZero;
}

void inplace_mask_diag_except_index(DenseMatrix& x, std::uint16_t k) noexcept {
  if (x.empty() || x.front().empty() || x.size() != x.front().size()) return;
  const bool has = k < x.size() && k < x[k].size();
  const I32F32 keep = has ? x[k][k] : kZero;
  inplace_mask_diag(x);
  if (has) x[k][k] = keep;
}

void inplace_mask_matrix(const std::vector<std::vector<bool>>& mask, DenseMatrix& x) noexcept {
  if (mask.empty() || mask.front().empty()) return;
  for (std::size_t r = 0; r < x.size(); ++r)
    for (std::size_t c = 0; c < x[r].size(); ++c) {
      const bool z = r < mask.size() ? (c < mask[r].size() ? static_cast<bool>(mask[r][c]) : true) : true;
      if (z) x[r][c] = kZero;
    }
}

DenseMatrix row_hadamard(const DenseMatrix& m, std::span<const I32F32> v) {
  if (m.empty() || m.front().empty()) return DenseMatrix(1);
  DenseMatrix out;
  out.reserve(m.size());
  for (std::size_t i = 0; i < m.size() && i < v.size(); ++i) {
    std::vector<I32F32> r(m[i].size());
    for (std::size_t j = 0; j < m[i].size(); ++j) r[j] = v[i].saturating_mul(m[i][j]);
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<I32F32> matmul(const DenseMatrix& m, std::span<const I32F32> v) {
  if (m.empty() || m.front().empty()) return {};
  const std::size_t cols = m.front().size();
  std::vector<I32F32> acc(cols, kZero);
  for (std::size_t i = 0; i < m.size(); ++i) {
    const I32F32 scale = i < v.size() ? v[i] : kZero;
    for (std::size_t j = 0; j < m[i].size() && j < cols; ++j)
      acc[j] = acc[j].saturating_add(scale.saturating_mul(m[i][j]));
  }
  return acc;
}

std::vector<I32F32> matmul_transpose(const DenseMatrix& m, std::span<const I32F32> v) {
  if (m.empty() || m.front().empty()) return {};
  std::vector<I32F32> out(m.size());
  for (std::size_t i = 0; i < m.size(); ++i) {
    I32F32 s = kZero;
    for (std::size_t j = 0; j < m[i].size() && j < v.size(); ++j)
      s = s.saturating_add(m[i][j].saturating_mul(v[j]));
    out[i] = s;
  }
  return out;
}

void inplace_col_clip(DenseMatrix& x, std::span<const I32F32> th) noexcept {
  for (auto& row : x)
    for (std::size_t j = 0; j < row.size() && j < th.size(); ++j) row[j] = th[j].min_of(row[j]);
}

std::vector<I32F32> weighted_median_col(std::span<const I32F32> stake, const DenseMatrix& score,
                                        I32F32 majority) {
  const std::size_t columns = score.empty() ? 0 : score.front().size();
  std::vector<I32F32> median(columns, kZero);
  std::vector<I32F32> use_stake, use_score;
  for (std::size_t c = 0; c < columns; ++c) {
    use_stake.clear();
    use_score.clear();
    for (std::size_t r = 0; r < stake.size(); ++r) {
      const I32F32 st = stake[r];
      if (st > kZero) {
        if (r < score.size()) {
          if (score[r].size() == columns) {
            use_stake.push_back(st);
            use_score.push_back(score[r][c]);
          } else {
            use_stake.push_back(kZero);
            use_score.push_back(kZero);
          }
        } else {
          use_stake.push_back(kZero);
          use_score.push_back(kZero);
        }
      }
    }
    if (!use_stake.empty()) {
      inplace_normalize(use_stake);
      const I32F32 stake_sum = sum(use_stake);
      const I32F32 minority = stake_sum.saturating_sub(majority);
      std::vector<std::size_t> idx(use_stake.size());
      std::iota(idx.begin(), idx.end(), std::size_t{0});
      median[c] = weighted_median(use_stake, use_score, idx, minority, kZero, stake_sum);
    }
  }
  return median;
}

DenseMatrix interpolate(const DenseMatrix& a, const DenseMatrix& b, I32F32 ratio) {
  if (ratio == kZero) return a;
  if (ratio == kOne) return b;
  if (a.empty() || a.front().empty()) return DenseMatrix(1);
  const std::size_t cols = a.front().size();
  DenseMatrix out(a.size(), std::vector<I32F32>(cols, kZero));
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i)
    for (std::size_t j = 0; j < a[i].size() && j < b[i].size() && j < cols; ++j)
      out[i][j] = a[i][j].saturating_add(ratio.saturating_mul(b[i][j].saturating_sub(a[i][j])));
  return out;
}

DenseMatrix mat_ema(const DenseMatrix& next, const DenseMatrix& prev, I32F32 alpha) {
  if (next.empty()) return DenseMatrix(1);
  if (next.front().empty()) return DenseMatrix(1);
  const I32F32 oma = kOne.saturating_sub(alpha);
  DenseMatrix out;
  for (std::size_t i = 0; i < next.size() && i < prev.size(); ++i) {
    const std::size_t w = std::min(next[i].size(), prev[i].size());
    std::vector<I32F32> r(w);
    for (std::size_t j = 0; j < w; ++j)
      r[j] = alpha.saturating_mul(next[i][j]).saturating_add(oma.saturating_mul(prev[i][j]));
    out.push_back(std::move(r));
  }
  return out;
}

DenseMatrix mat_ema_alpha(const DenseMatrix& next, const DenseMatrix& prev, const DenseMatrix& alpha) {
  if (next.empty() || next.front().empty()) return DenseMatrix(1);
  if (next.size() != prev.size() || next.size() != alpha.size()) return prev;
  for (std::size_t i = 0; i < next.size(); ++i)
    if (next[i].size() != prev[i].size() || next[i].size() != alpha[i].size()) return next;
  DenseMatrix out(next.size());
  for (std::size_t i = 0; i < next.size(); ++i) {
    out[i].resize(next[i].size());
    for (std::size_t j = 0; j < next[i].size(); ++j) {
      const I32F32 a = alpha[i][j];
      const I32F32 decayed = kOne.saturating_sub(a).saturating_mul(prev[i][j]);
      const I32F32 inc = a.saturating_mul(next[i][j]).max_of(kZero);
      out[i][j] = decayed.saturating_add(inc).min_of(kOne);
    }
  }
  return out;
}

DenseMatrix mat_ema_alpha_vec(const DenseMatrix& next, const DenseMatrix& prev,
                              std::span<const I32F32> alpha) {
  // Feb-2025 math.rs: result_ij = alpha_j * new_ij + (1 - alpha_j) * old_ij (saturating).
  if (next.empty() || next.front().empty()) return DenseMatrix(1);  // Rust: vec![vec![]; 1]
  DenseMatrix out(next.size());
  for (std::size_t i = 0; i < next.size(); ++i) {
    out[i].resize(next[i].size());
    for (std::size_t j = 0; j < next[i].size(); ++j) {
      const I32F32 a = j < alpha.size() ? alpha[j] : kZero;
      const I32F32 o = (i < prev.size() && j < prev[i].size()) ? prev[i][j] : kZero;
      out[i][j] = a.saturating_mul(next[i][j]).saturating_add(kOne.saturating_sub(a).saturating_mul(o));
    }
  }
  return out;
}

DenseMatrix mat_vec_mul(const DenseMatrix& m, std::span<const I32F32> v) {
  if (m.empty() || m.front().empty()) return DenseMatrix(1);
  DenseMatrix out;
  out.reserve(m.size());
  for (const auto& row : m) out.push_back(vec_mul(row, v));
  return out;
}

}  // namespace bt::yuma::math
