// SPDX-License-Identifier: MIT
#include "yuma/epoch_fused.hpp"

#include <algorithm>
#include <bit>
#include <bt/fixed/divisor.hpp>
#include <cstring>
#include <limits>
#include <memory>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "yuma/epoch_common.hpp"
#include "yuma/parallel.hpp"

namespace bt::yuma::detail {

namespace {
const I32F32 kZero = I32F32::zero();
}  // namespace

namespace {
// a.saturating_mul(b) when both lie in [0, 1] (bits in [0, 2^32]): the product cannot saturate,
// so it is the plain floor product (one unsigned 64 x 64 -> 128 multiply).
bool in_unit(I32F32 x) noexcept {
  return static_cast<std::uint64_t>(x.to_bits()) <= (std::uint64_t{1} << 32);
}
I32F32 mul_unit(I32F32 a, I32F32 b) noexcept {
  using fixed::u128;
  return I32F32::from_bits(
      static_cast<std::int64_t>((static_cast<u128>(static_cast<std::uint64_t>(a.to_bits())) *
                                 static_cast<std::uint64_t>(b.to_bits())) >>
                                32));
}
I32F32 mul_sat(I32F32 a, I32F32 b, bool a_unit) noexcept {
  return a_unit && in_unit(b) ? mul_unit(a, b) : a.saturating_mul(b);
}

// fixed_proportion_to_u16 (floor(x * 65535) clamped); one multiply for x in [0, 1].
std::uint16_t to_u16(I32F32 x) noexcept {
  const std::int64_t b = x.to_bits();
  return (b >= 0 && b <= (std::int64_t{1} << 32))
             ? static_cast<std::uint16_t>((static_cast<std::uint64_t>(b) * 65535) >> 32)
             : math::fixed_proportion_to_u16(x);
}

// a.safe_div(d) for 0 <= a <= d, d > 0 (a value divided by a sum or maximum it is part of):
// the quotient is at most 1.0, so it fits, and (a << 32) / d is one unsigned division (64-bit
// when a < 2^32, else 128 / 64 with a high word a >> 32 < d). Other inputs take safe_div.
I32F32 div_part(I32F32 a, I32F32 d) noexcept {
  const std::int64_t ab = a.to_bits(), db = d.to_bits();
  if (ab < 0 || ab > db) return a.safe_div(d);
  const auto ua = static_cast<std::uint64_t>(ab), ud = static_cast<std::uint64_t>(db);
  if (ua < (std::uint64_t{1} << 32)) return I32F32::from_bits(static_cast<std::int64_t>((ua << 32) / ud));
  std::uint64_t rem = 0;
  return I32F32::from_bits(
      static_cast<std::int64_t>(fixed::detail::udiv_128_64(ua >> 32, ua << 32, ud, &rem)));
}

// div_part with the divisor's reciprocal precomputed (dv.divisor() == d.to_bits() when d > 0): the
// same quotient (U64Divisor is exact), a multiply instead of a division for a < 1.0.
I32F32 div_part_by(I32F32 a, I32F32 d, const fixed::U64Divisor& dv) noexcept {
  const std::int64_t ab = a.to_bits();
  if (ab >= 0 && ab < (std::int64_t{1} << 32) && ab <= d.to_bits())
    return I32F32::from_bits(static_cast<std::int64_t>(dv.divide(static_cast<std::uint64_t>(ab) << 32)));
  return div_part(a, d);
}

// One U64Divisor per non-zero positive sum (others are never divided by on the fast path).
std::vector<fixed::U64Divisor> divisors_of(std::span<const I32F32> sums) {
  std::vector<fixed::U64Divisor> r(sums.size());
  for (std::size_t j = 0; j < sums.size(); ++j)
    if (sums[j] > kZero) r[j] = fixed::U64Divisor(static_cast<std::uint64_t>(sums[j].to_bits()));
  return r;
}

// Row r of u16 values (to_u16_row) written by index.
Row u16_row(std::span<const SparseEntry> row) {
  Row r(row.size());
  for (std::size_t k = 0; k < row.size(); ++k) r[k] = {row[k].col, to_u16(row[k].val)};
  return r;
}

// The general form of clip_trust_ranks for rows [r0, r1) of `w` (any columns, any values, any
// stake): the literal operations entry by entry, appended to clipped / delta (trust[i] written by
// row index). Without `want_clipped` the clipped rows go to a scratch row (one row's room, reused).
template <bool kPre, bool kDelta>
void clip_trust_ranks_general(const SparseMatrix& w, std::span<const I32F32> consensus,
                              std::span<const I32F32> stake, std::uint16_t n, SparseMatrix& clipped,
                              std::vector<I32F32>& trust, std::vector<I32F32>& ranks,
                              std::vector<I32F32>* preranks, SparseMatrix* delta,
                              std::vector<I32F32>* delta_col_sum, bool want_clipped, std::size_t r0,
                              std::size_t r1) {
  std::vector<SparseEntry> scratch;
  I32F32* pre = kPre ? preranks->data() : nullptr;
  I32F32* dcs = kDelta ? delta_col_sum->data() : nullptr;
  I32F32* rk = ranks.data();
  // Thresholds for every column < n (0 beyond consensus, as col_clip_sparse reads them).
  std::vector<I32F32> th(n, kZero);
  std::copy_n(consensus.begin(), std::min<std::size_t>(n, consensus.size()), th.begin());
  for (std::size_t i = r0; i < r1; ++i) {
    const auto row = w.row(i);
    const I32F32 scale = i < stake.size() ? stake[i] : kZero;
    const bool scale_unit = in_unit(scale);
    if (!want_clipped && scratch.size() < row.size()) scratch.resize(row.size());
    SparseEntry* out = want_clipped ? clipped.open_row(row.size()) : scratch.data();
    // row_hadamard_sparse stops at the shorter of rows / stake.
    const bool with_delta = kDelta && i < stake.size();
    SparseEntry* dout = with_delta ? delta->open_row(row.size()) : nullptr;
    std::size_t cnt = 0;
    I32F32 s = kZero;
    for (const auto& e : row) {
      const bool in_n = e.col < n;
      if (kPre && in_n) pre[e.col] = pre[e.col].saturating_add(mul_sat(scale, e.val, scale_unit));
      // col_clip_sparse (columns >= n: threshold 0 unless consensus is longer).
      const I32F32 t = in_n ? th[e.col] : (e.col < consensus.size() ? consensus[e.col] : kZero);
      I32F32 v = e.val;
      if (t < v) {
        if (!(t > kZero)) continue;  // clipped to a non-positive threshold: dropped
        v = t;
      }
      const I32F32 sv = mul_sat(scale, v, scale_unit);
      if (with_delta) {
        dout[cnt] = {e.col, sv};  // v.saturating_mul(scale) == scale.saturating_mul(v)
        if (in_n) dcs[e.col] = dcs[e.col].saturating_add(sv);
      }
      out[cnt++] = {e.col, v};
      s = s.wrapping_add(v);                               // row_sum_sparse
      if (in_n) rk[e.col] = rk[e.col].saturating_add(sv);  // matmul_sparse
    }
    trust[i] = s;
    if (want_clipped) clipped.close_row(cnt);
    if (with_delta) delta->close_row(cnt);
  }
}

// Per column of the plain form (below): `cap` = max(t, 0) and `keep` = INT64_MAX when t > 0,
// else t, for the consensus threshold t as col_clip_sparse reads it (0 beyond its end).
struct ClipColumns {
  std::vector<std::uint64_t> cap;
  std::vector<std::int64_t> keep;
  ClipColumns(std::span<const I32F32> consensus, std::uint16_t n) : cap(n, 0), keep(n, 0) {
    for (std::size_t j = 0; j < n && j < consensus.size(); ++j) {
      const std::int64_t t = consensus[j].to_bits();
      cap[j] = t > 0 ? static_cast<std::uint64_t>(t) : 0;
      keep[j] = t > 0 ? std::numeric_limits<std::int64_t>::max() : t;
    }
  }
};

// The plain form of clip_trust_ranks for rows [r0, r1): every entry of `w` has a column < n and a
// value v0 in [0, 1], every stake s lies in [0, 1] and there is a stake for every row. Why it gives
// the general form's bits:
// - col_clip_sparse keeps v0 when v0 <= t, writes t when t < v0 and t > 0, and drops the entry
//   when t < v0 and t <= 0. With v0 >= 0 each case's value is min(v0, cap) (a dropped entry has
//   v0 > t, t <= 0: min = 0; a kept v0 <= t: cap >= v0), so the sums below add min(v0, cap) for
//   every entry: a dropped entry adds 0 to them, as its absence does.
// - The entry is kept (written to clipped / delta, at the next position) when v0 <= t or t > 0,
//   i.e. (v0 >= 0) when v0 <= `keep` as signed values. Every entry is written and a dropped one
//   taken back (a branch: drops only happen in columns with t <= 0, which are few).
// - Every product is s.saturating_mul(v) of two values in [0, 1]: the floor product below 2^64
//   (at most 1.0 = 2^32 as bits), never saturating; the column sums of at most 2^16 such products
//   cannot saturate, and the row sums of at most 2^16 values (row_sum_sparse wraps) are the same
//   u64 sums, so saturating and wrapping additions are plain additions.
// `rk` and `pre` are n plain u64 column sums (the caller starts them at 0).
// One row of the plain form with stake bits su (kOne: su = 2^32, i.e. 1.0). floor(su * x / 2^32)
// for x in [0, 2^32]: for su < 2^32 the product su * x is below 2^64 (one 64-bit multiply), and
// for su = 2^32 it is x itself. Returns the row sum; `out` / `dout` advance past the kept entries.
// kVals: `vals` gets the delta value s.saturating_mul(min(v0, cap)) of every entry, dropped ones
// included (0: their cap is 0), in the row's order, and advances past them.
template <bool kPre, bool kDelta, bool kClipped, bool kOne, bool kVals>
std::uint64_t clip_row_plain(std::span<const SparseEntry> row, std::uint64_t su, const std::uint64_t* cap,
                             const std::int64_t* keep_upto, std::uint64_t* rk, std::uint64_t* pre,
                             SparseEntry*& out, SparseEntry*& dout, std::uint64_t*& vals) {
  auto mul = [su](std::uint64_t x) { return kOne ? x : (su * x) >> 32; };
  SparseEntry* o = out;
  SparseEntry* d = dout;
  std::uint64_t* vo = vals;
  std::uint64_t s = 0;
#pragma GCC unroll 4
  for (const SparseEntry e : row) {
    const auto v0 = static_cast<std::uint64_t>(e.val.to_bits());
    if (kPre) pre[e.col] += mul(v0);
    const std::uint64_t c = cap[e.col];
    const std::uint64_t v = v0 < c ? v0 : c;
    const std::uint64_t sv = mul(v);
    if (kVals) *vo++ = sv;
    if (kClipped) *o++ = {e.col, I32F32::from_bits(static_cast<std::int64_t>(v))};
    if (kDelta) *d++ = {e.col, I32F32::from_bits(static_cast<std::int64_t>(sv))};
    // A dropped entry (only in columns whose threshold is <= 0: few) is taken back.
    if ((kClipped || kDelta) && static_cast<std::int64_t>(v0) > keep_upto[e.col]) [[unlikely]] {
      if (kClipped) --o;
      if (kDelta) --d;
    }
    s += v;           // row_sum_sparse
    rk[e.col] += sv;  // matmul_sparse
  }
  out = o;
  dout = d;
  vals = vo;
  return s;
}

// Rows [r0, r1); with kVals, vals[k] gets entry k's delta value (k: the entry's position in w).
template <bool kPre, bool kDelta, bool kClipped, bool kVals>
void clip_trust_ranks_plain(const SparseMatrix& w, const ClipColumns& cols, std::span<const I32F32> stake,
                            SparseMatrix& clipped, std::vector<I32F32>& trust, std::uint64_t* rk,
                            std::uint64_t* pre, SparseMatrix* delta, std::uint64_t* vals, std::size_t r0,
                            std::size_t r1) {
  for (std::size_t i = r0; i < r1; ++i) {
    const auto row = w.row(i);
    const auto su = static_cast<std::uint64_t>(stake[i].to_bits());
    SparseEntry* const out0 = kClipped ? clipped.open_row(row.size()) : nullptr;
    SparseEntry* const dout0 = kDelta ? delta->open_row(row.size()) : nullptr;
    SparseEntry* out = out0;
    SparseEntry* dout = dout0;
    std::uint64_t* vo = kVals ? vals + (row.data() - w.entries().data()) : nullptr;
    const std::uint64_t s = su == (std::uint64_t{1} << 32)
                                ? clip_row_plain<kPre, kDelta, kClipped, true, kVals>(
                                      row, su, cols.cap.data(), cols.keep.data(), rk, pre, out, dout, vo)
                                : clip_row_plain<kPre, kDelta, kClipped, false, kVals>(
                                      row, su, cols.cap.data(), cols.keep.data(), rk, pre, out, dout, vo);
    trust[i] = I32F32::from_bits(static_cast<std::int64_t>(s));
    if (kClipped) clipped.close_row(static_cast<std::size_t>(out - out0));
    if (kDelta) delta->close_row(static_cast<std::size_t>(dout - dout0));
  }
}

template <bool kPre, bool kDelta>
void clip_trust_ranks_plain_for(bool want_clipped, const SparseMatrix& w, const ClipColumns& ct,
                                std::span<const I32F32> stake, SparseMatrix& clipped,
                                std::vector<I32F32>& trust, std::uint64_t* rk, std::uint64_t* pre,
                                SparseMatrix* delta, std::uint64_t* vals, std::size_t r0, std::size_t r1) {
  if (vals != nullptr && !want_clipped) {
    clip_trust_ranks_plain<kPre, kDelta, false, true>(w, ct, stake, clipped, trust, rk, pre, delta, vals, r0,
                                                      r1);
  } else if (want_clipped) {
    clip_trust_ranks_plain<kPre, kDelta, true, false>(w, ct, stake, clipped, trust, rk, pre, delta, nullptr,
                                                      r0, r1);
  } else {
    clip_trust_ranks_plain<kPre, kDelta, false, false>(w, ct, stake, clipped, trust, rk, pre, delta, nullptr,
                                                       r0, r1);
  }
}

std::vector<I32F32> from_sums(const std::vector<std::uint64_t>& x) {
  std::vector<I32F32> r(x.size());
  for (std::size_t j = 0; j < x.size(); ++j) r[j] = I32F32::from_bits(static_cast<std::int64_t>(x[j]));
  return r;
}
}  // namespace

void clip_trust_ranks(const SparseMatrix& w, bool w_plain, std::span<const I32F32> consensus,
                      std::span<const I32F32> stake, std::uint16_t n, SparseMatrix& clipped,
                      std::vector<I32F32>& trust, std::vector<I32F32>& ranks, std::vector<I32F32>* preranks,
                      SparseMatrix* delta, std::vector<I32F32>* delta_col_sum, bool want_clipped,
                      unsigned threads, DeltaVals* delta_vals) {
  clipped.clear();
  if (delta_vals) delta_vals->clear();
  trust.assign(w.rows(), kZero);
  if (delta) delta->clear();
  // (A stake for every row: in the epoch both have n entries.)
  bool plain = w_plain && stake.size() >= w.rows();
  for (const I32F32 x : stake) plain = plain && in_unit(x);
  if (!plain) {
    if (want_clipped) clipped.reserve(w.rows(), w.nnz());
    ranks.assign(n, kZero);
    if (preranks) preranks->assign(n, kZero);
    if (delta) {
      delta->reserve(w.rows(), w.nnz());
      delta_col_sum->assign(n, kZero);
    }
    auto run = [&]<bool kPre, bool kDelta>() {
      clip_trust_ranks_general<kPre, kDelta>(w, consensus, stake, n, clipped, trust, ranks, preranks, delta,
                                             delta_col_sum, want_clipped, 0, w.rows());
    };
    if (preranks && delta) {
      run.template operator()<true, true>();
    } else if (preranks) {
      run.template operator()<true, false>();
    } else if (delta) {
      run.template operator()<false, true>();
    } else {
      run.template operator()<false, false>();
    }
    return;
  }
  const ClipColumns ct(consensus, n);
  // (The delta values are written by entry position, so row chunks fill their own parts.)
  std::uint64_t* vals = nullptr;
  if (delta_vals && !want_clipped) {
    delta_vals->resize(w.nnz());
    vals = delta_vals->data();
  }
  // Rows [r0, r1) into the given outputs (column sums start at zero).
  auto run = [&](std::size_t r0, std::size_t r1, SparseMatrix& c, std::vector<std::uint64_t>& rk,
                 std::vector<std::uint64_t>* pre, SparseMatrix* d) {
    c.clear();
    if (want_clipped) c.reserve(r1 - r0, w.nnz());
    rk.assign(n, 0);
    if (pre) pre->assign(n, 0);
    if (d) {
      d->clear();
      d->reserve(r1 - r0, w.nnz());
    }
    std::uint64_t* p = pre ? pre->data() : nullptr;
    if (pre && d) {
      clip_trust_ranks_plain_for<true, true>(want_clipped, w, ct, stake, c, trust, rk.data(), p, d, vals, r0,
                                             r1);
    } else if (pre) {
      clip_trust_ranks_plain_for<true, false>(want_clipped, w, ct, stake, c, trust, rk.data(), p, d, vals, r0,
                                              r1);
    } else if (d) {
      clip_trust_ranks_plain_for<false, true>(want_clipped, w, ct, stake, c, trust, rk.data(), p, d, vals, r0,
                                              r1);
    } else {
      clip_trust_ranks_plain_for<false, false>(want_clipped, w, ct, stake, c, trust, rk.data(), p, d, vals,
                                               r0, r1);
    }
  };
  // Every column sum is a plain (never wrapped) u64 sum, so row chunks may sum separately and add
  // up (the same bits for any split); the rows are appended in order.
  const unsigned t = threads_for(threads, w.nnz());
  std::vector<std::uint64_t> rk, pre;
  if (t == 1) {
    run(0, w.rows(), clipped, rk, preranks ? &pre : nullptr, delta);
  } else {
    struct Part {
      SparseMatrix clipped, delta;
      std::vector<std::uint64_t> ranks, pre;
    };
    std::vector<Part> parts(t);
    parallel_chunks(w.rows(), t, [&](unsigned k, std::size_t r0, std::size_t r1) {
      Part& q = parts[k];
      run(r0, r1, q.clipped, q.ranks, preranks ? &q.pre : nullptr, delta ? &q.delta : nullptr);
    });
    rk.assign(n, 0);
    if (preranks) pre.assign(n, 0);
    auto add_into = [](std::vector<std::uint64_t>& acc, const std::vector<std::uint64_t>& x) {
      for (std::size_t j = 0; j < x.size(); ++j) acc[j] += x[j];
    };
    for (unsigned k = 0; k < t; ++k) {
      Part& q = parts[k];
      add_into(rk, q.ranks);  // a chunk that did not run (fewer rows than chunks) left them empty
      if (preranks) add_into(pre, q.pre);
      if (k == 0) {
        clipped = std::move(q.clipped);
        if (delta) *delta = std::move(q.delta);
      } else {
        if (want_clipped) clipped.append(q.clipped);
        if (delta) delta->append(q.delta);
      }
    }
  }
  ranks = from_sums(rk);
  if (preranks) *preranks = from_sums(pre);
  // inplace_col_normalize_sparse's column sums of the delta (columns < n) add, row by row, the
  // delta values s_i * clipped_ij of the rows i < stake.size(); matmul_sparse adds the same
  // products in the same order, and rows i >= stake.size() add s = 0 products (0): the same sums.
  if (delta) *delta_col_sum = ranks;
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
      // u16_proportion_to_fixed(b) = (b << 32) / 65535, inlined (a division by a constant).
      const I32F32 v = proportion
                           ? I32F32::from_bits(static_cast<std::int64_t>((std::uint64_t{b} << 32) / 65535))
                           : I32F32::saturating_from_num(b);
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
    if (d != kZero) e.val = div_part(e.val, d);
  }
}

namespace {
// floor(v * 2^32 / S) for 0 <= v <= max, with one multiply: with k = bit_width(max) +
// bit_width(S) and m = ceil(2^(32+k) / S), it is (v * m) >> k, computed as the high word of
// (v << (64 - k)) * m. Why: v * m / 2^k = v * 2^32 / S + v * e / 2^k with 0 <= e < 1, and
// v * e / 2^k < max / 2^k < 1 / S (2^k = 2^bit_width(max) * 2^bit_width(S) > max * S), while the
// fractional part of v * 2^32 / S is at most (S - 1) / S, so the floor is unchanged; v << (64 - k)
// < 2^(64 - bit_width(S)) does not overflow. `fast` is false (use another form) when k > 64 or m
// needs more than 64 bits (max at or above about 2^31) or S == 0. tests/yuma/bonds_fused_test.cpp
// drives both forms; the identity was also checked on 6.5e8 random and exhaustive small triples.
struct PartDiv {
  std::uint64_t m = 0;
  unsigned shift = 0;
  bool fast = false;
  PartDiv() = default;
  // (Inlined: its callers construct n of them per epoch.)
  [[gnu::always_inline]] PartDiv(std::uint64_t max, std::uint64_t s) noexcept {
    const auto k = static_cast<unsigned>(std::bit_width(max) + std::bit_width(s));
    if (s == 0 || k > 64) return;
    // m = (2^(32+k) - 1) / s + 1 fits in 64 bits exactly when the quotient does (high word below
    // s) and is not 2^64 - 1: then one 128 / 64 division (not a 128 / 128 library call).
    const fixed::u128 num = (fixed::u128{1} << (32 + k)) - 1;
    const auto hi = static_cast<std::uint64_t>(num >> 64);
    if (hi >= s) return;
    std::uint64_t rem = 0;
    const std::uint64_t q = fixed::detail::udiv_128_64(hi, static_cast<std::uint64_t>(num), s, &rem);
    if (q == ~std::uint64_t{0}) return;
    m = q + 1;
    shift = 64 - k;
    fast = true;
  }
  std::uint64_t divide(std::uint64_t v) const noexcept { return divide(v, shift, m); }
  // The same from a column record that keeps only (shift, m).
  static std::uint64_t divide(std::uint64_t v, unsigned shift, std::uint64_t m) noexcept {
    return static_cast<std::uint64_t>((static_cast<fixed::u128>(v << shift) * m) >> 64);
  }
  // PartDiv(65535, s) for 1 <= s < 2^31 (a column of u16 values with their sum s), which is
  // always fast: with b = bit_width(s), k = 16 + b <= 47, the numerator 2^(48 + b) - 1 has the
  // high word 2^(b - 16) - 1 < 2^(b - 1) <= s (b >= 16; 0 below), so the quotient fits, and it is
  // below 2^(48 + b) / 2^(b - 1) = 2^49, never 2^64 - 1. The words are formed directly (no
  // 128-bit shift). tests/yuma/bonds_fused_test.cpp checks it against the constructor.
  static PartDiv of_u16_sum(std::uint64_t s) noexcept {
    const auto b = static_cast<unsigned>(std::bit_width(s));
    const unsigned e = 48 + b;  // 2^e - 1: the numerator, in [2^49 - 1, 2^79 - 1]
    const std::uint64_t hi = e >= 64 ? (std::uint64_t{1} << (e - 64)) - 1 : 0;
    const std::uint64_t lo = e >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << e) - 1;
    std::uint64_t rem = 0;
    PartDiv p;
    p.m = fixed::detail::udiv_128_64(hi, lo, s, &rem) + 1;
    p.shift = 48 - b;
    p.fast = true;
    return p;
  }
  // The division for a column whose values are all 0 (a zero sum): div_part leaves a value when
  // the divisor is 0, and that value is 0; m = 0 gives 0 for any v.
  static PartDiv zero() noexcept {
    PartDiv p;
    p.fast = true;
    return p;
  }
};

}  // namespace

PartDivWords part_div_words(std::uint64_t max, std::uint64_t s, bool u16_sum) noexcept {
  const PartDiv p = u16_sum ? PartDiv::of_u16_sum(s) : PartDiv(max, s);
  return {p.fast, p.m, p.shift};
}

namespace {
// The bond EMA of mat_ema_sparse(next', old', alpha) read straight from storage, for the common
// shape (see yuma3_bonds_from_storage / yuma2_bonds_from_storage): every value in [0, 1], strictly
// ascending columns < n. kYuma2 selects how the two operands are formed from what is stored:
//   Yuma3: next' = next as it is; old' = u16_proportion_to_fixed(b) = (b << 32) / 65535.
//   Yuma2: next' = next normalised by its column sums (inplace_col_normalize_sparse, sums given);
//          old' = I32F32::from_num(b) normalised by the masked stored column sums S_j, which is
//          (b << 64) / (S_j << 32) = (b << 32) / S_j (one exact reciprocal multiply).
// Stored entry (i, j) is masked (dropped) when first_i <= reg[j], first_i = row_first[i] when
// row_first is not empty, else `scalar`.
struct EmaSource {
  const EpochInput& in;
  const SparseMatrix& next;
  bool next_plain;
  std::uint64_t scalar;
  std::span<const std::uint64_t> row_first;
  std::span<const std::uint64_t> reg;
  I32F32 alpha;
  // Yuma2 only: next's column sums with their divisors, and the stored bonds' column divisors.
  std::span<const I32F32> next_sum;
  const fixed::U64Divisor* next_div = nullptr;
  const PartDiv* next_pd = nullptr;  // the same divisions where one multiply is exact
  // Yuma2 with per-row masks: mask_rows[i] != 0 when row i's old terms are masked entry by entry
  // (it masks many columns); otherwise fix_pos[fix_at[i], fix_at[i + 1]) are the positions of its
  // masked stored entries, whose old terms the dense form adds with the others and takes back.
  std::span<const std::uint8_t> mask_rows = {};
  std::span<const std::uint32_t> fix_at = {}, fix_pos = {};
  // Yuma2: (u << 32) / S_j for every stored u is PartDiv::divide(u, old_shift[j], old_m[j])
  // (PartDiv(65535, S_j), always one multiply; PartDiv::zero() for a column whose masked sum is 0:
  // without per-row masks a masked column's sum is 0, so its old terms are 0 without a mask).
  // (With next_fast, next_pd's (m, shift) likewise: the dense rows' loops index these arrays.)
  const std::uint64_t* old_m = nullptr;
  const std::uint8_t* old_shift = nullptr;
  const std::uint64_t* next_m = nullptr;
  const std::uint8_t* next_shift = nullptr;
  // The stored bond rows (i < n) are known to have strictly ascending columns < n.
  bool bonds_checked = false;
  // Yuma2: next_pd[j] is fast for every column (PartDiv::zero() where the sum is 0, whose values
  // are then all 0), so the new operand takes it without a per-entry check.
  bool next_fast = false;
  // Yuma3 only, when not empty: `next` is the unclipped weights and this the consensus (n
  // entries); each value is clipped as col_clip_sparse does (a dropped entry counts as 0, which
  // the merge treats exactly like a missing one: a zero term, nothing emitted for a zero value).
  std::span<const I32F32> clip_th = {};
  // Yuma3 with clip_th, when not empty: n stakes in [0, 1) (below 1.0); the walk also forms clip_trust_ranks'
  // validator trust (into rank_trust[i], n entries) and ranks (column sums into EmaRows::sums[2n, 3n)).
  std::span<const I32F32> rank_stake = {};
  I32F32* rank_trust = nullptr;
  // Yuma2, when not null: `next` is the weights and the EMA forms the delta itself: entry (i, j)
  // of value w is floor(delta_stake[i] * min(w, delta_cap[j]) / 2^32) (see
  // yuma2_bonds_from_storage); a dropped entry's 0 is treated as a missing one, as with clip_th.
  const std::uint64_t* delta_cap = nullptr;
  const std::uint64_t* delta_stake = nullptr;
  // With delta_cap, when not null: entry k of `next` (its position in next.entries()) has that
  // delta value delta_vals[k] (clip_trust_ranks formed it: the same floor product), read instead.
  const std::uint64_t* delta_vals = nullptr;
};

// The bond EMA as the tails read it. Row i is exactly mat_ema_sparse's row i (its positive values,
// ascending columns): entry k has column bond_rows[i][k].first and value (I32F32 bits)
// val[at[i] + k]; bond_rows[i] has one entry per EMA entry, which is what to_u16_row keeps. Yuma3
// rows already hold their u16 values (to_u16 of the EMA value itself); Yuma2 ones get them in the
// tail. Yuma2: sums[0, n) are the column sums (every value is at most 1.0, so at most 2^16 rows
// sum below 2^49: plain, unsaturated sums) and sums[n, 2n) the column maxima. Yuma3: sums[2j] is
// column j's sum and sums[2j + 1] the bitwise OR of its values (at least each of them, with the
// maximum's bit width: what the tail's one-multiply division needs to know about them), side by
// side so that the EMA walk updates both through one pointer.
// Yuma3 keeps only the low 32 bits of each value, in val32 (val is not allocated): a value is at
// most 1.0 = 2^32, and its u16 is 65535 exactly when it is 2^32 (floor(v * 65535 / 2^32) = 65535
// needs v >= 2^32; 2^32 - 1 gives 65534), so value_of(low, u16) restores it. Half the bytes
// written and re-read by the tail (d's EMA does not fit in L2).
struct EmaRows {
  std::vector<std::size_t> at;
  std::unique_ptr<std::uint64_t[]> val;
  std::unique_ptr<std::uint32_t[]> val32;
  std::vector<std::uint64_t> sums;
  // (Yuma2: sums[2n, 3n) the dense rows' column maxima as kDenseMaxBias patterns, folded into
  // sums[n, 2n) by yuma2_bonds_from_storage.)
  // Yuma2: dense[i] != 0 when row i is kept dense: val[at[i] + j] is column j's value (0: no
  // entry) for every j < n, and bond_rows[i] is empty (the tail forms it).
  std::vector<std::uint8_t> dense;
  static std::uint64_t value_of(std::uint32_t low, std::uint16_t u16) noexcept {
    return std::uint64_t{low} | (std::uint64_t{u16 == 65535} << 32);
  }
};

// Yuma2's dense rows fold their column maxima as doubles, which vectorises (SSE2 has a double
// maximum, no 64-bit integer one): an EMA value v <= 2^32 < 2^52 with these bits set is the
// double 2^52 + v exactly (a normal number), and such doubles (and +0.0, the zero start) order
// as v does, and as their bit patterns do as integers (positive doubles), so the maximum's low 52
// bits are the maximum of the values, and integer maxima of the patterns (the threads' fold) agree.
constexpr std::uint64_t kDenseMaxBias = std::uint64_t{0x433} << 52;

// fixed_proportion_to_u16 of an EMA value v in [0, 2^32] (bits): floor(v * 65535 / 2^32).
std::uint16_t u16_of(std::uint64_t v) noexcept { return static_cast<std::uint16_t>((v * 65535) >> 32); }

// yuma3_old_term(uo, u) given cu = uo * 65537 and one = (uo != 0) (per-epoch constants).
inline std::uint64_t yuma3_old_term_by(std::uint64_t cu, std::uint64_t one, std::uint16_t u) noexcept {
  return ((cu * u) >> 32) + (((std::uint64_t{u} + 1) >> 16) & one);
}
}  // namespace

// Yuma3's old term without a table: prod(uo, x) for x = u16_proportion_to_fixed(u) is one 64-bit
// multiply by cu = uo * 65537. x = (u << 32) / 65535: as 2^32 = 65537 * 65535 + 1, u * 2^32 =
// u * 65537 * 65535 + u, so x = u * 65537 + floor(u / 65535) = u * 65537 + [u == 65535]. For u <= 65534, x =
// 65537 u and uo * x = cu * u, below 2^64 (uo <= 2^32 and 65537 * 65534 < 2^32). For u = 65535, x = 2^32 and
// the term is uo, while cu * 65535 = uo * (2^32 - 1) (as 65537 * 65535 = 2^32 - 1) gives
// floor(uo - uo / 2^32) = uo - 1 for uo >= 1 and 0 for uo = 0: add 1 when u == 65535 and uo != 0
// ((u + 1) >> 16 is 1 exactly for u = 65535).
std::uint64_t yuma3_old_term(std::uint64_t uo, std::uint16_t u) noexcept {
  return yuma3_old_term_by(uo * 65537, uo != 0 ? 1 : 0, u);
}

namespace {
// Whether the row's columns ascend strictly and stay below n (then the last one is the largest).
// (Entries read as 32-bit words, column in the low half: independent comparisons that vectorise.)
// With SSE2, four entries a step as 16-bit lanes (column lanes even, value lanes odd, masked off at
// the end): each column c_k against min(c_(k-1) + 1, 65535), the saturating sum, by a saturating
// difference, which is non-zero exactly when that exceeds c_k. Below 65535 that is c_(k-1) >= c_k;
// c_(k-1) = 65535 passes only when c_k = 65535 too, and then every later column is 65535 or fails,
// so the last one is 65535 >= n (n <= 65535): the row fails either way, as the plain test has it.
bool ascending_below(const Row& r, std::size_t n) noexcept {
  if (r.empty()) return true;
  const auto* p = reinterpret_cast<const unsigned char*>(r.data());
  static_assert(sizeof(Row::value_type) == 4);
  unsigned bad = r.back().first >= n;
  std::size_t k = 1;
#if defined(__SSE2__)
  const __m128i one = _mm_set1_epi16(1);
  __m128i acc = _mm_setzero_si128();
  auto step = [&](std::size_t at) {
    const __m128i cur = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 4 * at));
    const __m128i prev = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 4 * (at - 1)));
    acc = _mm_or_si128(acc, _mm_subs_epu16(_mm_adds_epu16(prev, one), cur));
  };
  for (; k + 8 <= r.size(); k += 8) {
    step(k);
    step(k + 4);
  }
  for (; k + 4 <= r.size(); k += 4) step(k);
  const __m128i cols = _mm_and_si128(acc, _mm_set1_epi32(0xFFFF));
  bad |= static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(cols, _mm_setzero_si128())) != 0xFFFF);
#endif
  for (; k < r.size(); ++k) {
    std::uint32_t a = 0, b = 0;
    std::memcpy(&a, p + 4 * (k - 1), 4);
    std::memcpy(&b, p + 4 * k, 4);
    bad |= static_cast<unsigned>((b & 0xFFFF) <= (a & 0xFFFF));
  }
  return bad == 0;
}

// Yuma3 rows: the merge driven by the weight row. b and d store bonds on ~95% of the weighted
// entries and elsewhere only in a few columns (masked ones, the diagonal), so the weight row
// is walked with a cursor on the bond row: the old term is added where the cursor's bond has
// the weight's column, and a bond below the current weight column (rare: a bond-only column)
// is emitted on its own first. Why it is the merge: `nr` has strictly ascending columns < n
// (checked or promised). Every bond emitted on its own must lie above every column emitted
// before it (checked: the previous weight column and the previous bond-only column; a bond
// taken with a weight has that weight's column), and the bonds left after the last weight
// column must ascend and stay below n (checked); then the bond row's columns ascend strictly
// and stay below n (the general merge's shape), and the columns come out in the merge's order,
// each with new + old, new alone or old alone (a masked bond: old term 0, as if dropped: a zero
// is not emitted and adds 0 to the sums). A failed check means the bond row
// is not strictly ascending below n: returns false (the caller then takes the literal sequence,
// as the other rows would).
// Per entry: the weight's new term alpha * min(v, cap[j]) and the bond's old term yuma3_old_term
// (from the table `ot` when kTable) masked by keep[j]. kSmall: ua and uo below 2^32 (0 < alpha <
// 1), so each term is one 64-bit multiply: alpha * x for x <= 2^32, and the old term
// yuma3_old_term_small. The walk runs in three phases (weights while bonds
// remain, the weights left, the bonds left) so that the cursor never passes the bond row's end.
// Returns false on a failed check; else cnt = the emitted entries, their values added to sm[2j]
// and OR-ed into sm[2j + 1] (EmaRows::sums).
// kRanks: the walk also does clip_trust_ranks' work for the row (see yuma3_bonds_from_storage's
// Yuma3Ranks): each weight entry's clipped value x = min(v, cap[j]) is added to `row_sum` and
// floor(su * x / 2^32), the row's stake product, to column j's rank sum (su < 2^32, x <= 2^32:
// su * x < 2^64, one 64-bit product). Then sm has 8 slots per column (one cache line): sm[8j + 2]
// the rank sum and sm[8j + 3], sm[8j + 4] copies of cap[j] and keep[j] (everything an entry reads
// and adds from one base and index: fewer registers and cache lines in the loop).
template <bool kSmall, bool kTable, bool kRanks>
bool yuma3_walk_row(std::span<const SparseEntry> nr, const Row& br, std::size_t n, std::uint64_t ua,
                    std::uint64_t uo, const std::uint64_t* cap, const std::uint64_t* keep,
                    const std::uint64_t* ot, Row::value_type* __restrict w, std::uint32_t* __restrict wv,
                    std::uint64_t* __restrict sm, std::size_t& cnt, std::uint64_t su = 0,
                    std::uint64_t* row_sum = nullptr) {
  constexpr std::size_t kStride = kRanks ? 8 : 2;
  std::uint64_t rs = 0;
  auto cap_of = [cap, sm](std::uint16_t j) { return kRanks ? sm[kStride * std::size_t{j} + 3] : cap[j]; };
  auto keep_of = [keep, sm](std::uint16_t j) { return kRanks ? sm[kStride * std::size_t{j} + 4] : keep[j]; };
  auto new_term = [ua, cap_of, su, sm, &rs](const SparseEntry& e) -> std::uint64_t {
    const std::uint64_t x = std::min(static_cast<std::uint64_t>(e.val.to_bits()), cap_of(e.col));
    if constexpr (kRanks) {
      rs += x;
      sm[kStride * std::size_t{e.col} + 2] += (su * x) >> 32;
    } else {
      static_cast<void>(su), static_cast<void>(sm), static_cast<void>(rs);
    }
    if constexpr (kSmall) return (ua * x) >> 32;
    return static_cast<std::uint64_t>((static_cast<fixed::u128>(ua) * x) >> 32);
  };
  auto old_term = [uo, ot](std::uint16_t u) -> std::uint64_t {
    static_cast<void>(ot);  // (read only with kTable: keeps clang's unused-capture warning quiet)
    if constexpr (kTable) return ot[u];
    if constexpr (kSmall) return yuma3_old_term_small(uo, u);
    return yuma3_old_term(uo, u);
  };
  const SparseEntry* a = nr.data();
  const SparseEntry* const ae = a + nr.size();
  const Row::value_type* pb = br.data();
  const Row::value_type* const pbe = pb + br.size();
  std::size_t c = 0;
  long prev = -1;  // the last column emitted on its own, or before the current weight column
  auto put = [&](std::uint16_t j, std::uint64_t v) {
    wv[c] = static_cast<std::uint32_t>(v);  // EmaRows::val32
    w[c] = {j, u16_of(v)};
    c += v != 0;
    sm[kStride * std::size_t{j}] += v;
    sm[kStride * std::size_t{j} + 1] |= v;
  };
  while (a != ae && pb != pbe) {
    const SparseEntry e = *a;
    const std::uint16_t j = e.col;
    const Row::value_type b = *pb;
    if (b.first < j) [[unlikely]] {
      // A bond emitted on its own, above every column emitted so far (checked).
      if (a != nr.data()) prev = std::max<long>(prev, a[-1].col);
      if (b.first <= prev) return false;
      put(b.first, old_term(b.second) & keep_of(b.first));
      prev = b.first;
      ++pb;
      continue;
    }
    const bool hit = b.first == j;
    const std::uint64_t m = hit ? keep_of(j) : 0;
    put(j, new_term(e) + (old_term(b.second) & m));
    pb += hit;
    ++a;
  }
  for (; a != ae; ++a) put(a->col, new_term(*a));
  if (pb != pbe) [[unlikely]] {
    if (!nr.empty()) prev = std::max<long>(prev, nr.back().col);
    for (; pb != pbe; ++pb) {
      const Row::value_type b = *pb;
      if (b.first <= prev || b.first >= n) return false;
      put(b.first, old_term(b.second) & keep_of(b.first));
      prev = b.first;
    }
  }
  cnt = c;
  if constexpr (kRanks) *row_sum = rs;
  return true;
}

// False (the caller then takes the literal sequence) when the input has another shape.
template <bool kYuma2>
bool ema_from_storage(const EmaSource& s, std::vector<Row>& bond_rows, EmaRows& ema, unsigned threads) {
  const EpochInput& in = s.in;
  const SparseMatrix& next = s.next;
  const std::size_t n = in.n;
  const std::size_t rows = next.rows();
  const I32F32 one_minus_alpha = I32F32::one().saturating_sub(s.alpha);
  if (rows != n || !in_unit(s.alpha) || s.alpha < kZero) return false;
  // (Yuma3 masks bonds by one block, `scalar`: its rows all take yuma3_walk_row.)
  if (!kYuma2 && !s.row_first.empty()) return false;
  // mat_ema_sparse's merge for rows in [0, 1]: alpha * new + (1 - alpha) * old, plain floor
  // products (no saturation possible), entries emitted when positive, ascending columns.
  const auto ua = static_cast<std::uint64_t>(s.alpha.to_bits());
  const auto uo = static_cast<std::uint64_t>(one_minus_alpha.to_bits());
  auto prod = [](std::uint64_t a, std::uint64_t x) {
    return static_cast<std::uint64_t>((static_cast<fixed::u128>(a) * x) >> 32);
  };
  // With 0 < alpha < 1 both factors ua and uo are below 2^32, and every operand they multiply is
  // at most 1.0 = 2^32 (or masked away afterwards, whatever its product), so a * x < 2^64: the
  // 64-bit product is exact and (a * x) >> 32 is prod(a, x) (`small` selects that form).
  const bool small = ua < (std::uint64_t{1} << 32) && uo < (std::uint64_t{1} << 32);
  // Per column, what does not depend on the row:
  //   cap[j] (Yuma3): col_clip_sparse's effect on a value v in [0, 1] with threshold t is
  //     t >= v ? v : (t > 0 ? t : 0) = min(v, max(t, 0)); without clipping cap[j] = 1.0 >= v.
  //   reg[j]: reg_of(j) (0 beyond reg's end); the mask keeps (i, j) when first_i > reg[j].
  //   keep[j] (no per-row first): that comparison for the one `first` = scalar, as a bit mask.
  const bool per_row = !s.row_first.empty();
  std::vector<std::uint64_t> cap, regp(n, 0), keep;
  std::copy_n(s.reg.begin(), std::min(n, s.reg.size()), regp.begin());
  if (!per_row) {
    keep.resize(n);
    for (std::size_t j = 0; j < n; ++j) keep[j] = s.scalar > regp[j] ? ~std::uint64_t{0} : 0;
  }
  if constexpr (!kYuma2) {
    cap.assign(n, std::uint64_t{1} << 32);
    for (std::size_t j = 0; j < s.clip_th.size() && j < n; ++j)
      cap[j] = static_cast<std::uint64_t>(std::max<std::int64_t>(s.clip_th[j].to_bits(), 0));
  }
  // Yuma2 with the delta formed here: the delta's value of weights entry e in a row of stake su
  // (row_hadamard_sparse(col_clip_sparse(..)): s.saturating_mul(min(w, cap)) of two values in
  // [0, 1], the plain floor product).
  auto delta_of = [&](const SparseEntry& e, std::uint64_t su) -> std::uint64_t {
    return prod(su, std::min(static_cast<std::uint64_t>(e.val.to_bits()), s.delta_cap[e.col]));
  };
  // Yuma2's new operand of entry e (div_part(v, sum) for 0 <= v <= sum; a zero sum leaves
  // the value, which is then 0).
  auto new_bits = [&](const SparseEntry& e) -> std::uint64_t {
    const auto v = static_cast<std::uint64_t>(e.val.to_bits());
    // A zero sum means v == 0 (v is part of it), and the default divisor 1 gives 0 = v.
    const PartDiv& pd = s.next_pd[e.col];
    if (pd.fast) return pd.divide(v);
    if (v < (std::uint64_t{1} << 32)) return s.next_div[e.col].divide(v << 32);
    return static_cast<std::uint64_t>(div_part(e.val, s.next_sum[e.col]).to_bits());
  };
  static const Row kEmpty;
  auto bonds_of = [&](std::size_t i) -> const Row& { return i < in.bonds.size() ? in.bonds[i] : kEmpty; };
  // Room per row: its entries are at most min(n, both rows' lengths); + 1 because the dense form
  // below writes one entry past the last kept one. Rows are placed at fixed offsets, so row
  // chunks on threads write straight into the one array.
  // The dense scan visits all n columns: worth it when one row alone holds half of them (b, e);
  // case d's rows hold a quarter, mostly the same columns in both rows, and merge faster
  // (d: 29-30 ms -> 24.5-26 ms per epoch with this bound instead of (nr + br) * 4 >= n).
  // (Yuma2's dense rows keep n slots.)
  auto dense_row = [n](std::size_t nr, std::size_t br) { return std::max(nr, br) * 2 >= n; };
  ema.at.resize(n + 1);
  if constexpr (kYuma2) ema.dense.assign(n, 0);
  std::size_t room = 0, nnz = 0;
  for (std::size_t i = 0; i < n; ++i) {
    ema.at[i] = room;
    const std::size_t len = next.row(i).size() + bonds_of(i).size();
    nnz += len;
    room += kYuma2 && dense_row(next.row(i).size(), bonds_of(i).size()) ? n : std::min(n, len) + 1;
  }
  ema.at[n] = room;
  if constexpr (kYuma2) {
    ema.val.reset(new std::uint64_t[room]);
  } else {
    ema.val32.reset(new std::uint32_t[room]);
  }
  bond_rows.resize(n);
  // Yuma3's old term (yuma3_old_term) depends on the u16 alone: with many stored bonds (one per
  // table entry: the table costs about 2 instructions per entry, a lookup saves about 6 per bond)
  // it is read from a table of all 65536 values (the same values).
  // The table is built by adding cu: for u <= 65534, yuma3_old_term is (cu * u) >> 32 with
  // cu * u < 2^64 (see yuma3_old_term), so the running sum is exactly cu * u; u = 65535 is computed.
  std::size_t bonds_nnz = 0;
  for (std::size_t i = 0; i < n; ++i) bonds_nnz += bonds_of(i).size();
  const std::uint64_t cu = uo * 65537, cu_one = uo != 0 ? 1 : 0;
  std::unique_ptr<std::uint64_t[]> old_table;
  if (!kYuma2 && bonds_nnz >= 65536) {
    old_table.reset(new std::uint64_t[65536]);
    std::uint64_t p = 0;
    for (std::uint32_t u = 0; u < 65535; ++u, p += cu) old_table[u] = p >> 32;
    old_table[65535] = yuma3_old_term_by(cu, cu_one, 65535);
  }
  const std::uint64_t* ot = old_table.get();
  // Rows [r0, r1) with their column sums added to sums (kYuma2: sums[0, n), with their column
  // maxima folded into sums[n, 2n); Yuma3: sums[2j], with their ORs in sums[2j + 1]); false on
  // another shape.
  // Yuma3 rows all take yuma3_walk_row. Yuma2 rows holding at least half of the columns take
  // the dense form (the row's EMA in a dense accumulator, its n slots kept: exactly the merge's
  // values, a column in neither row being 0 there); the other Yuma2 rows the merge below.
  // kAlt: Yuma2, s.next_fast (the new operand's division without a check); Yuma3, the old-term
  // table is used (chosen once, not per entry).
  auto run_as = [&]<bool kSmall, bool kAlt>(std::size_t r0, std::size_t r1, std::uint64_t* sums) {
    // (Yuma2 with the delta formed here: the row's stake, set per row below, and with delta_vals
    // the row's delta values.)
    std::uint64_t row_su = 0;
    const std::uint64_t* row_dv = nullptr;
    // The new term of entry k of the row `nr`.
    auto new_term = [&](std::span<const SparseEntry> nr, std::size_t k) -> std::uint64_t {
      std::uint64_t x = 0;
      SparseEntry d = nr[k];
      if (s.delta_cap)
        d.val = I32F32::from_bits(static_cast<std::int64_t>(row_dv ? row_dv[k] : delta_of(nr[k], row_su)));
      if constexpr (kAlt) {
        x = s.next_pd[d.col].divide(static_cast<std::uint64_t>(d.val.to_bits()));
      } else {
        x = new_bits(d);
      }
      if constexpr (kSmall) return (ua * x) >> 32;
      return prod(ua, x);
    };
    // A local copy of n: the stores below could alias the captured one, which would keep the
    // loops from being vectorised.
    const std::size_t nc = n;
    std::vector<std::uint64_t> nterm, oterm;
    // Yuma2's dense rows stay dense: the row's n slots hold its EMA values (0 where the merge
    // emits nothing) and the tail compacts them (ema.dense[i]); bond_rows[i] stays empty here.
    // Yuma2: the new terms of row i's entries nr, in their order: put(col, term) for each.
    auto new_terms = [&](std::size_t i, std::span<const SparseEntry> nr, auto&& put) {
      if constexpr (kAlt) {
        const std::uint64_t* __restrict nm = s.next_m;
        const std::uint8_t* __restrict ns = s.next_shift;
        // `val(e)`: the delta's value of entry e.
        auto fill = [&](auto&& val) {
#pragma GCC unroll 4
          for (const auto& e : nr) {
            const std::uint64_t x = PartDiv::divide(val(e), ns[e.col], nm[e.col]);
            put(e.col, kSmall ? (ua * x) >> 32 : prod(ua, x));
          }
        };
        if (!s.delta_cap) {
          fill([](const SparseEntry& e) { return static_cast<std::uint64_t>(e.val.to_bits()); });
        } else if (row_dv) {
          const std::uint64_t* __restrict dv = row_dv;
#pragma GCC unroll 4
          for (const auto& e : nr) {
            const std::uint64_t x = PartDiv::divide(*dv++, ns[e.col], nm[e.col]);
            put(e.col, kSmall ? (ua * x) >> 32 : prod(ua, x));
          }
        } else {
          // floor(su * min(w, cap) / 2^32) for su, min(w, cap) in [0, 2^32]: w itself for su = 2^32
          // (1.0), else su * min(..) < 2^64, one 64-bit product.
          const std::uint64_t su = s.delta_stake[i];
          const std::uint64_t* __restrict cap = s.delta_cap;
          if (su == (std::uint64_t{1} << 32)) {
            fill([&](const SparseEntry& e) {
              return std::min(static_cast<std::uint64_t>(e.val.to_bits()), cap[e.col]);
            });
          } else {
            fill([&](const SparseEntry& e) {
              return (su * std::min(static_cast<std::uint64_t>(e.val.to_bits()), cap[e.col])) >> 32;
            });
          }
        }
      } else {
        for (std::size_t k = 0; k < nr.size(); ++k) put(nr[k].col, new_term(nr, k));
      }
    };
    // Yuma2: the old operand's term (1 - alpha) * ((u << 32) / S_j), from the column arrays.
    const std::uint64_t* __restrict om = s.old_m;
    const std::uint8_t* __restrict os = s.old_shift;
    auto old_of = [&](std::uint16_t j, std::uint16_t u) -> std::uint64_t {
      const std::uint64_t x = PartDiv::divide(u, os[j], om[j]);
      return kSmall ? (uo * x) >> 32 : prod(uo, x);
    };
    // Yuma2's dense rows stay dense: the row's n slots hold its EMA values (0 where the merge
    // emits nothing) and the tail compacts them (ema.dense[i]); bond_rows[i] stays empty here.
    auto yuma2_dense_row = [&](std::size_t i, std::span<const SparseEntry> nr, const Row& br,
                               std::uint64_t first, std::uint64_t* sums) {
      // Accumulated in the row's slots (zeroed first), then read by the loop that forms the column
      // sums and maxima.
      std::uint64_t* __restrict a = ema.val.get() + ema.at[i];
      std::fill_n(a, nc, std::uint64_t{0});
      new_terms(i, nr, [a](std::uint16_t j, std::uint64_t t) { a[j] = t; });
      if (!per_row || !s.mask_rows[i]) {
        // Without per-row masks a masked column's old terms are 0 (old_m). With them, each
        // masked entry's old term (whatever its value: unsigned arithmetic, exactly taken back)
        // is subtracted again: a[j] is then exactly its new term.
#pragma GCC unroll 4
        for (const auto& [j, b] : br) a[j] += old_of(j, b);
        if (per_row)
          for (std::size_t q = s.fix_at[i]; q < s.fix_at[i + 1]; ++q) {
            const auto& [j, b] = br[s.fix_pos[q]];
            a[j] -= old_of(j, b);
          }
      } else {
        for (const auto& [j, b] : br) a[j] += old_of(j, b) & (first > regp[j] ? ~std::uint64_t{0} : 0);
      }
      // Column sums and maxima, the maxima as biased doubles in sums[2n, 3n) (see kDenseMaxBias),
      // two columns a step: x > y ? x : y is what maxpd computes (its first operand when it is
      // the greater, else the second; no NaN here).
      std::uint64_t* __restrict sm = sums;
      std::uint64_t* __restrict mx = sums + 2 * nc;
      std::size_t j = 0;
#if defined(__SSE2__)
      const __m128d bias = _mm_castsi128_pd(_mm_set1_epi64x(static_cast<long long>(kDenseMaxBias)));
#pragma GCC unroll 4
      for (; j + 2 <= nc; j += 2) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(a + j));
        __m128i* const ps = reinterpret_cast<__m128i*>(sm + j);
        _mm_storeu_si128(ps, _mm_add_epi64(_mm_loadu_si128(ps), v));
        double* const pm = reinterpret_cast<double*>(mx + j);
        _mm_storeu_pd(pm, _mm_max_pd(_mm_loadu_pd(pm), _mm_or_pd(_mm_castsi128_pd(v), bias)));
      }
#endif
      for (; j < nc; ++j) {
        const std::uint64_t v = a[j];
        sm[j] += v;
        const auto x = std::bit_cast<double>(mx[j]);
        const auto y = std::bit_cast<double>(v | kDenseMaxBias);
        mx[j] = std::bit_cast<std::uint64_t>(x > y ? x : y);
      }
      ema.dense[i] = 1;
    };
    for (std::size_t i = r0; i < r1; ++i) {
      const auto nr = next.row(i);
      const Row& br = bonds_of(i);
      Row& out = bond_rows[i];
      out.clear();
      if (nr.empty() && br.empty()) continue;
      const std::uint64_t first = per_row ? (i < s.row_first.size() ? s.row_first[i] : 0) : s.scalar;
      if constexpr (kYuma2) {
        row_su = s.delta_stake ? s.delta_stake[i] : 0;
        if (s.delta_vals) row_dv = s.delta_vals + (nr.data() - next.entries().data());
      }
      // The shape this function handles (else the caller takes the literal sequence): strictly
      // ascending columns < n in both rows, `next` values in [0, 1].
      bool ok = true;
      long last = -1;
      if (!s.next_plain) {
        for (const auto& e : nr) {
          ok &= (e.col < n) & (static_cast<long>(e.col) > last) & in_unit(e.val);
          last = e.col;
        }
      }
      if (!ok) return false;
      if constexpr (kYuma2) {
        if (!s.bonds_checked && !ascending_below(br, n)) return false;
        if (dense_row(nr.size(), br.size())) {
          yuma2_dense_row(i, nr, br, first, sums);
          continue;
        }
      }
      out.resize(ema.at[i + 1] - ema.at[i]);
      std::pair<std::uint16_t, std::uint16_t>* w = out.data();
      std::uint64_t* wv = kYuma2 ? ema.val.get() + ema.at[i] : nullptr;
      std::size_t cnt = 0;
      if constexpr (!kYuma2) {
        bool walked = false;
        if (s.rank_stake.empty()) {
          walked = yuma3_walk_row<kSmall, kAlt, false>(nr, br, nc, ua, uo, cap.data(), keep.data(), ot, w,
                                                       ema.val32.get() + ema.at[i], sums, cnt);
        } else {
          std::uint64_t row_sum = 0;
          walked = yuma3_walk_row<kSmall, kAlt, true>(
              nr, br, nc, ua, uo, cap.data(), keep.data(), ot, w, ema.val32.get() + ema.at[i], sums, cnt,
              static_cast<std::uint64_t>(s.rank_stake[i].to_bits()), &row_sum);
          s.rank_trust[i] = I32F32::from_bits(static_cast<std::int64_t>(row_sum));
        }
        if (!walked) return false;
        out.resize(cnt);
        continue;
      }
      // The other rows: both rows merged by column, each row's terms first formed in their own
      // loops (scratch nterm / oterm, the rows' lengths). A masked bond entry adds a zero old term
      // instead of being skipped, which emits the same entries and sums (a zero is not emitted, and
      // a column also in `next` gets new + 0): without per-row masks its old term is 0 already
      // (old_m), with them it is set to 0 (the row's fix positions, or entry by entry). The merge
      // takes both terms every step, masked, so it has no data-dependent branch (the rows' columns
      // interleave unpredictably).
      const std::size_t na = nr.size(), nb = br.size();
      if (nterm.size() < na) nterm.resize(na);
      if (oterm.size() < nb) oterm.resize(nb);
      {
        std::uint64_t* __restrict p = nterm.data();
        new_terms(i, nr, [&p](std::uint16_t, std::uint64_t t) { *p++ = t; });
        std::uint64_t* __restrict q = oterm.data();
        if (!per_row || !s.mask_rows[i]) {
#pragma GCC unroll 4
          for (const auto& [j, b] : br) *q++ = old_of(j, b);
          if (per_row)
            for (std::size_t f = s.fix_at[i]; f < s.fix_at[i + 1]; ++f) oterm[s.fix_pos[f]] = 0;
        } else {
          for (const auto& [j, b] : br) *q++ = old_of(j, b) & (first > regp[j] ? ~std::uint64_t{0} : 0);
        }
      }
      const std::uint64_t* __restrict ntp = nterm.data();
      const std::uint64_t* __restrict otp = oterm.data();
      auto emit = [&](std::uint32_t col, std::uint64_t v) {
        wv[cnt] = v;
        w[cnt] = {static_cast<std::uint16_t>(col), std::uint16_t{0}};  // (u16: the tail's)
        cnt += v != 0;
        sums[col] += v;
        sums[nc + col] = std::max(sums[nc + col], v);
      };
      std::size_t a = 0, b = 0;
      while (a < na && b < nb) {
        const std::uint32_t ca = nr[a].col, cb = br[b].first;
        const std::uint32_t col = std::min(ca, cb);
        const std::uint64_t take_new = ca == col ? ~std::uint64_t{0} : 0;
        const std::uint64_t take_old = cb == col ? ~std::uint64_t{0} : 0;
        const std::uint64_t v = (ntp[a] & take_new) + (otp[b] & take_old);
        a += take_new & 1;
        b += take_old & 1;
        emit(col, v);
      }
      for (; a < na; ++a) emit(nr[a].col, ntp[a]);
      for (; b < nb; ++b) emit(br[b].first, otp[b]);
      out.resize(cnt);
    }
    return true;
  };
  auto run = [&](std::size_t r0, std::size_t r1, std::uint64_t* sums) {
    if (kYuma2 ? s.next_fast : ot != nullptr)
      return small ? run_as.template operator()<true, true>(r0, r1, sums)
                   : run_as.template operator()<false, true>(r0, r1, sums);
    return small ? run_as.template operator()<true, false>(r0, r1, sums)
                 : run_as.template operator()<false, false>(r0, r1, sums);
  };
  // Rows are independent: with threads, contiguous row chunks write their own rows and fold their
  // own sums, combined in chunk order (the same rows and sums for any thread count).
  const unsigned t = threads_for(threads, nnz);
  // (Yuma3 with ranks: 8 slots per column while walking, with cap and keep, see yuma3_walk_row;
  // then the usual layout with the rank sums in sums[2n, 3n).)
  const bool with_ranks = !kYuma2 && !s.rank_stake.empty();
  const std::size_t slots = kYuma2 ? 3 * n : with_ranks ? 8 * n : 2 * n;
  auto with_columns = [&](std::uint64_t* sm) {
    if constexpr (!kYuma2) {
      if (with_ranks)
        for (std::size_t j = 0; j < n; ++j) {
          sm[8 * j + 3] = cap[j];
          sm[8 * j + 4] = keep[j];
        }
    }
  };
  auto ranks_apart = [&] {
    if (!with_ranks) return;
    std::vector<std::uint64_t> sums(3 * n);
    for (std::size_t j = 0; j < n; ++j) {
      sums[2 * j] = ema.sums[8 * j];
      sums[2 * j + 1] = ema.sums[8 * j + 1];
      sums[2 * n + j] = ema.sums[8 * j + 2];
    }
    ema.sums.swap(sums);
  };
  ema.sums.assign(slots, 0);
  if (t == 1) {
    with_columns(ema.sums.data());
    const bool ok = run(0, rows, ema.sums.data());
    ranks_apart();
    return ok;
  }
  std::vector<std::uint64_t> part_sums(std::size_t{t} * slots, 0);
  std::vector<std::uint8_t> ok(t, 0);
  parallel_chunks(rows, t, [&](unsigned c, std::size_t r0, std::size_t r1) {
    with_columns(part_sums.data() + c * slots);
    ok[c] = run(r0, r1, part_sums.data() + c * slots);
  });
  for (unsigned c = 0; c < t; ++c) {
    if (!ok[c]) return false;
    const std::uint64_t* ps = part_sums.data() + c * slots;
    if constexpr (kYuma2) {
      for (std::size_t j = 0; j < n; ++j) ema.sums[j] += ps[j];
      for (std::size_t j = n; j < slots; ++j) ema.sums[j] = std::max(ema.sums[j], ps[j]);
    } else {
      const std::size_t stride = with_ranks ? 8 : 2;
      for (std::size_t j = 0; j < slots; j += stride) {
        ema.sums[j] += ps[j];
        ema.sums[j + 1] |= ps[j + 1];
        if (with_ranks) ema.sums[j + 2] += ps[j + 2];
      }
    }
  }
  ranks_apart();
  return true;
}

// Every incentive in [0, 1] and one for every column < n (the tails' plain products).
bool plain_incentive(std::span<const I32F32> incentive, std::size_t n) {
  if (incentive.size() < n) return false;
  for (std::size_t j = 0; j < n; ++j)
    if (!in_unit(incentive[j])) return false;
  return true;
}

// The Yuma2 tail's column record in its common case (see yuma2_bonds_from_storage).
struct Yuma2FastCol {
  std::uint64_t norm_m, up_m, inc;
  std::uint32_t norm_shift, up_shift;
};

// That common case on one dense EMA row v (n columns, 0 where there is no entry): the entries
// (j, u16) of the non-zero values written to w (their count to `cnt`), the dividend returned. A
// zero value gives norm 0 and adds 0; its slot is written and not counted.
// (Not inlined: its loop keeps every pointer in a register, whatever the caller's pressure.)
// Each entry is written as one 32-bit word j | u16 << 16 (the pair's layout: first, then second,
// little-endian, no padding); `k65535` is 65535 hidden from the optimiser (an empty asm), so that
// u16_of's multiply stays one imul (a constant gets shift-and-subtract).
[[gnu::noinline]] std::uint64_t yuma2_dense_tail(const std::uint64_t* __restrict v, std::size_t n,
                                                 const Yuma2FastCol* __restrict fc,
                                                 Row::value_type* __restrict w, std::size_t& cnt) noexcept {
  static_assert(sizeof(Row::value_type) == 4 && std::endian::native == std::endian::little);
  std::uint64_t k65535 = 65535;
#if defined(__GNUC__)
  __asm__("" : "+r"(k65535));
#endif
  auto* const out = reinterpret_cast<unsigned char*>(w);
  std::uint64_t acc = 0;
  std::size_t k = 0;
#pragma GCC unroll 4
  for (std::size_t j = 0; j < n; ++j) {
    const Yuma2FastCol& c = fc[j];
    const std::uint64_t x = v[j];
    const std::uint64_t norm = PartDiv::divide(x, c.norm_shift, c.norm_m);
    const std::uint64_t up = PartDiv::divide(norm, c.up_shift, c.up_m);
    const auto word = static_cast<std::uint32_t>(j | (((up * k65535) >> 32) << 16));  // u16_of(up)
    std::memcpy(out + 4 * k, &word, 4);
    acc += (c.inc * norm) >> 32;
    k += x != 0;
  }
  cnt = k;
  return acc;
}

// div_part(v, d) for 0 <= v <= d, given d's divisor (d == 0 only when v == 0: then the default
// divisor 1 gives 0 = v, as div_part's zero-divisor case leaves the value).
std::uint64_t part_of(std::uint64_t v, std::uint64_t d, const fixed::U64Divisor& dv) noexcept {
  if (v < (std::uint64_t{1} << 32)) return dv.divide(v << 32);
  return static_cast<std::uint64_t>(div_part(I32F32::from_bits(static_cast<std::int64_t>(v)),
                                             I32F32::from_bits(static_cast<std::int64_t>(d)))
                                        .to_bits());
}
}  // namespace

bool stakes_below_one(std::span<const I32F32> stake) noexcept {
  return std::all_of(stake.begin(), stake.end(), [](I32F32 s) {
    return static_cast<std::uint64_t>(s.to_bits()) < (std::uint64_t{1} << 32);
  });
}

bool yuma3_bonds_from_storage(const EpochInput& in, const SparseMatrix& next, bool next_plain,
                              std::uint64_t scalar, std::span<const std::uint64_t> reg, I32F32 alpha,
                              std::span<const I32F32> incentive, std::vector<I32F32>& total,
                              std::vector<Row>& bond_rows, unsigned threads,
                              std::span<const I32F32> clip_consensus, const Yuma3Ranks* ranks) {
  const std::size_t n = in.n;
  if (ranks != nullptr) {
    // (Every stake below 1.0: one 64-bit product per entry. A stake of 1.0, one validator holding
    // all of it, takes clip_trust_ranks.)
    if (clip_consensus.empty() || ranks->stake.size() < n || !stakes_below_one(ranks->stake.first(n)))
      return false;
    ranks->trust->assign(n, kZero);
  } else if (!plain_incentive(incentive, n)) {
    return false;
  }
  if (!clip_consensus.empty()) {
    // Clipping on the fly needs every threshold in [0, 1] (then each clipped value lies in [0, 1]).
    if (clip_consensus.size() != n) return false;
    for (const I32F32 t : clip_consensus)
      if (!in_unit(t)) return false;
  }
  const EmaSource s{.in = in,
                    .next = next,
                    .next_plain = next_plain,
                    .scalar = scalar,
                    .row_first = {},
                    .reg = reg,
                    .alpha = alpha,
                    .next_sum = {},
                    .clip_th = clip_consensus,
                    .rank_stake = ranks != nullptr ? ranks->stake.first(n) : std::span<const I32F32>{},
                    .rank_trust = ranks != nullptr ? ranks->trust->data() : nullptr};
  EmaRows ema;
  if (!ema_from_storage<false>(s, bond_rows, ema, threads)) {
    bond_rows.assign(n, Row{});
    return false;
  }
  if (ranks != nullptr) {
    // Why the walk's trust and ranks are clip_trust_ranks' (its plain form, which applies: every
    // row of `next` has strictly ascending columns < n and values in [0, 1], checked or promised
    // by the walk's shape, and every stake lies in [0, 1), checked above): the walk visits every
    // entry of every row of `next` once (rows without weights add nothing: trust 0, no ranks)
    // with x = min(v, cap[j]), cap[j] = max(t_j, 0) = t_j, which is exactly the plain form's
    // clipped value (a dropped entry's x = 0 adds 0 to both sums, as its absence does); it adds x
    // to the row's sum (row_sum_sparse) and floor(su * x / 2^32) to column j's sum
    // (matmul_sparse; the plain form's product floor(su * x / 2^32), its su < 1.0 case). All of
    // these are plain u64 sums below 2^49 (at most 2^16 terms of at most 2^32), so neither the
    // order of the entries nor the split into row chunks (added up) changes them. The incentive
    // is then inplace_normalize itself.
    std::vector<I32F32>& inc = *ranks->incentive;
    inc.resize(n);
    for (std::size_t j = 0; j < n; ++j)
      inc[j] = I32F32::from_bits(static_cast<std::int64_t>(ema.sums[2 * n + j]));
    math::inplace_normalize(inc);
    incentive = inc;
    if (!plain_incentive(incentive, n)) {
      bond_rows.assign(n, Row{});
      return false;
    }
  }
  // The tail: ema_norm = inplace_col_normalize_sparse(ema, n); total = row_sum_sparse(
  // mat_vec_mul_sparse(ema_norm, incentive)). Every stored value v is positive and part of its
  // column sum S (so S > 0 and the normalised value div_part(v, S) lies in [0, 1]); every
  // incentive lies in [0, 1], so each product is a plain floor product, and the row sum of at most
  // 2^16 such products is a plain sum (row_sum_sparse wraps, but nothing reaches 2^63).
  // Every value of a column is at most its values' OR (sums[n + j]), which has the bit width of
  // their maximum: the one-multiply PartDiv where it applies.
  struct Col {
    PartDiv pd;
    fixed::U64Divisor dv;
    std::uint64_t inc;
  };
  std::vector<Col> col(n);
  // The common case: the one-multiply division applies in every column with entries (a column
  // without any has S = 0 and is never read), and every incentive is below 1.0, so each term
  // inc * norm (norm <= 1.0 = 2^32) is below 2^64: a 64-bit product. Then each entry reads one
  // compact column record, with no per-entry checks.
  struct FastCol {
    std::uint64_t m, inc;
    std::uint64_t shift;
  };
  std::vector<FastCol> fast(n);
  bool all_fast = true;
  for (std::size_t j = 0; j < n; ++j) {
    const std::uint64_t sj = ema.sums[2 * j];
    if (sj != 0) col[j].dv = fixed::U64Divisor(sj);
    col[j].pd = PartDiv(ema.sums[2 * j + 1], sj);
    col[j].inc = static_cast<std::uint64_t>(incentive[j].to_bits());
    all_fast &= col[j].inc < (std::uint64_t{1} << 32) && (sj == 0 || col[j].pd.fast);
    // (No value of 1.0 = 2^32: each value is its low 32 bits. Implied by pd.fast: a value 2^32
    // makes the OR and S at least 2^32, 33 bits each, so k > 64; kept to state what the fast
    // form reads.)
    all_fast &= ema.sums[2 * j + 1] < (std::uint64_t{1} << 32);
    fast[j] = {col[j].pd.m, col[j].inc, col[j].pd.shift};
  }
  total.assign(n, kZero);
  // Rows are independent (each writes its own total): any split gives the same bits.
  // Rows [r0, r1): `term(e, low)` is the term of the entry e (column, u16) with EMA value bits `low`.
  auto rows_by = [&](std::size_t r0, std::size_t r1, auto&& term) {
    for (std::size_t i = r0; i < r1; ++i) {
      const Row& r = bond_rows[i];
      const std::uint32_t* v = ema.val32.get() + ema.at[i];
      std::uint64_t acc = 0;
      for (std::size_t k = 0; k < r.size(); ++k) acc += term(r[k], v[k]);
      total[i] = I32F32::from_bits(static_cast<std::int64_t>(acc));
    }
  };
  parallel_chunks(n, threads_for(threads, ema.at[n]), [&](unsigned, std::size_t r0, std::size_t r1) {
    if (all_fast) {
      rows_by(r0, r1, [&](Row::value_type e, std::uint32_t low) {
        const FastCol& c = fast[e.first];
        return (PartDiv::divide(low, static_cast<unsigned>(c.shift), c.m) * c.inc) >> 32;
      });
    } else {
      rows_by(r0, r1, [&](Row::value_type e, std::uint32_t low) {
        const std::size_t j = e.first;
        const std::uint64_t v = EmaRows::value_of(low, e.second);
        const Col& cj = col[j];
        const std::uint64_t norm = cj.pd.fast ? cj.pd.divide(v) : part_of(v, ema.sums[2 * j], cj.dv);
        return static_cast<std::uint64_t>((static_cast<fixed::u128>(norm) * cj.inc) >> 32);
      });
    }
  });
  return true;
}

bool yuma2_bonds_from_storage(const EpochInput& in, const SparseMatrix& delta, bool delta_plain,
                              std::span<const I32F32> delta_col_sum, std::uint64_t scalar,
                              std::span<const std::uint64_t> row_first, std::span<const std::uint64_t> reg,
                              I32F32 alpha, std::span<const I32F32> incentive, std::vector<I32F32>& dividends,
                              std::vector<Row>& bond_rows, unsigned threads,
                              std::span<const I32F32> clip_consensus, std::span<const I32F32> stake,
                              std::span<const std::uint64_t> delta_vals) {
  const std::size_t n = in.n;
  if (delta_col_sum.size() != n || incentive.size() < n) return false;
  // The delta formed in the EMA (clip_consensus given): `delta` is the weights, each entry of row i
  // becomes stake_i * min(w, cap_j), cap_j = max(t_j, 0) for the threshold t_j col_clip_sparse
  // reads (0 beyond the consensus' end): for w in [0, 1] that is col_clip_sparse's value (kept,
  // clipped to t > 0, or dropped: 0), and row_hadamard_sparse's product with a stake in [0, 1]
  // is the plain floor product. A dropped entry's 0 is what its absence gives (see EmaSource).
  const bool form_delta = !clip_consensus.empty();
  if (form_delta && stake.size() < n) return false;
  // The per-column arrays (and the per-row stakes, n of them too) in one allocation, filled in one
  // pass with the checks: every incentive (plain_incentive) and stake in [0, 1].
  // bsum: the column sums S_j below; regp[j]: reg_of(j) (0 beyond reg's end); old_m / next_m: the
  // divisions' multipliers (their shifts in `shifts`).
  const std::unique_ptr<std::uint64_t[]> colbuf(new std::uint64_t[6 * n]);
  std::uint64_t* const bsum = colbuf.get();
  std::uint64_t* const regp = bsum + n;
  std::uint64_t* const old_m = regp + n;
  std::uint64_t* const next_m = old_m + n;
  std::uint64_t* const delta_cap = next_m + n;
  std::uint64_t* const delta_stake = delta_cap + n;
  const std::unique_ptr<std::uint8_t[]> shifts(new std::uint8_t[2 * n]);
  std::uint8_t* const old_shift = shifts.get();
  std::uint8_t* const next_shift = old_shift + n;
  bool unit = true;
  for (std::size_t j = 0; j < n; ++j) {
    unit &= in_unit(incentive[j]);
    bsum[j] = 0;
    regp[j] = j < reg.size() ? reg[j] : 0;
    if (form_delta) {
      unit &= in_unit(stake[j]);
      delta_stake[j] = static_cast<std::uint64_t>(stake[j].to_bits());
      delta_cap[j] = j < clip_consensus.size()
                         ? static_cast<std::uint64_t>(std::max<std::int64_t>(clip_consensus[j].to_bits(), 0))
                         : 0;
    }
  }
  if (!unit) return false;
  // Column sums S_j of the masked stored bonds (columns < n; another column is another shape).
  // get_bonds_sparse_masked adds I32F32::from_num(b) = b << 32 saturating: exact while S_j < 2^31.
  // They are the sums of all stored values (at most 2^16 * 65535: plain sums) less the masked ones:
  // without per-row masks the masked columns are whole columns (set to 0); with them only columns
  // registered at or after the smallest `first` can be masked, few in a steady subnet, and each
  // row's masked entries are found by a search in its ascending columns.
  const std::size_t brows = std::min(n, in.bonds.size());
  for (std::size_t i = 0; i < brows; ++i) {
    const Row& row = in.bonds[i];
    // (The EMA relies on this check: bonds_checked below.)
    if (!ascending_below(row, n)) return false;
#pragma GCC unroll 8
    for (const auto& [j, b] : row) bsum[j] += b;
  }
  const bool per_row = !row_first.empty();
  std::vector<std::uint8_t> mask_rows;
  std::vector<std::uint32_t> fix_at, fix_pos;
  if (!per_row) {
    for (std::size_t j = 0; j < n; ++j)
      if (scalar <= regp[j]) bsum[j] = 0;
  } else {
    auto first_of = [&](std::size_t i) { return i < row_first.size() ? row_first[i] : 0; };
    std::uint64_t min_first = ~std::uint64_t{0};
    for (std::size_t i = 0; i < brows; ++i)
      if (!in.bonds[i].empty()) min_first = std::min(min_first, first_of(i));
    // The columns some row masks, latest registration first: row i masks a prefix of them.
    std::vector<std::uint16_t> recent;
    for (std::size_t j = 0; j < n; ++j)
      if (regp[j] >= min_first) recent.push_back(static_cast<std::uint16_t>(j));
    std::sort(recent.begin(), recent.end(),
              [&](std::uint16_t x, std::uint16_t y) { return regp[x] > regp[y]; });
    mask_rows.assign(n, 0);
    fix_at.assign(n + 1, 0);
    for (std::size_t i = 0; i < brows; ++i) {
      fix_at[i] = static_cast<std::uint32_t>(fix_pos.size());
      const Row& row = in.bonds[i];
      const std::uint64_t first = first_of(i);
      std::size_t cnt = 0;
      while (cnt < recent.size() && regp[recent[cnt]] >= first && cnt * 8 <= row.size()) ++cnt;
      if (cnt * 8 > row.size()) {
        // Many masked columns: this row is masked entry by entry (here and in the EMA).
        mask_rows[i] = 1;
        for (const auto& [j, b] : row)
          if (first <= regp[j]) bsum[j] -= b;
        continue;
      }
      for (std::size_t q = 0; q < cnt; ++q) {
        const std::uint16_t j = recent[q];
        const auto it = std::lower_bound(
            row.begin(), row.end(), j, [](const Row::value_type& e, std::uint16_t c) { return e.first < c; });
        if (it == row.end() || it->first != j) continue;
        bsum[j] -= it->second;
        fix_pos.push_back(static_cast<std::uint32_t>(it - row.begin()));
      }
    }
    for (std::size_t i = brows; i <= n; ++i) fix_at[i] = static_cast<std::uint32_t>(fix_pos.size());
  }
  // Per column: S_j == 0: every kept value is 0, and masked ones are discarded or taken back:
  // PartDiv::zero(); else PartDiv(65535, S_j) (PartDiv::of_u16_sum), always one multiply.
  // The delta's divisions: each delta value v is part of its column sum D and at most 1.0:
  // v <= min(D, 1.0); a zero sum's values are all 0 (PartDiv::zero()). next_fast: every one of
  // them is one multiply (a negative sum, outside the plain shape, is not).
  bool next_fast = true;
  for (std::size_t j = 0; j < n; ++j) {
    if (bsum[j] >= (std::uint64_t{1} << 31)) return false;
    const PartDiv od = bsum[j] != 0 ? PartDiv::of_u16_sum(bsum[j]) : PartDiv::zero();
    old_m[j] = od.m;
    old_shift[j] = static_cast<std::uint8_t>(od.shift);
    const std::int64_t dj = delta_col_sum[j].to_bits();
    const PartDiv nd = dj > 0 ? PartDiv(std::min(static_cast<std::uint64_t>(dj), std::uint64_t{1} << 32),
                                        static_cast<std::uint64_t>(dj))
                              : PartDiv::zero();
    next_fast &= nd.fast && dj >= 0;
    next_m[j] = nd.m;
    next_shift[j] = static_cast<std::uint8_t>(nd.shift);
  }
  // Otherwise each division takes the checked form (new_bits): the PartDiv where it is fast, else
  // the U64Divisor.
  std::vector<PartDiv> next_pd;
  std::vector<fixed::U64Divisor> next_div;
  if (!next_fast) {
    next_pd.resize(n);
    for (std::size_t j = 0; j < n; ++j) {
      const auto sj = static_cast<std::uint64_t>(delta_col_sum[j].to_bits());
      if (delta_col_sum[j] > kZero) next_pd[j] = PartDiv(std::min(sj, std::uint64_t{1} << 32), sj);
    }
    next_div = divisors_of(delta_col_sum);
  }
  const EmaSource s{.in = in,
                    .next = delta,
                    .next_plain = delta_plain,
                    .scalar = scalar,
                    .row_first = row_first,
                    .reg = reg,
                    .alpha = alpha,
                    .next_sum = delta_col_sum,
                    .next_div = next_div.data(),
                    .next_pd = next_pd.data(),
                    .mask_rows = mask_rows,
                    .fix_at = fix_at,
                    .fix_pos = fix_pos,
                    .old_m = old_m,
                    .old_shift = old_shift,
                    .next_m = next_m,
                    .next_shift = next_shift,
                    .bonds_checked = true,
                    .next_fast = next_fast,
                    .delta_cap = form_delta ? delta_cap : nullptr,
                    .delta_stake = form_delta ? delta_stake : nullptr,
                    .delta_vals = form_delta && delta_vals.size() == delta.nnz() && delta.nnz() != 0
                                      ? delta_vals.data()
                                      : nullptr};
  EmaRows ema;
  if (!ema_from_storage<true>(s, bond_rows, ema, threads)) {
    bond_rows.assign(n, Row{});
    return false;
  }
  // The tail: inplace_col_normalize_sparse(ema, n); dividends = matmul_transpose_sparse(ema,
  // incentive); inplace_col_max_upscale_sparse(ema, n); bond_rows = to_u16_row of each row.
  // Every stored value v is positive and part of its column sum S (S > 0), so the normalised
  // value part_of(v, S) lies in [0, 1]; part_of(., S) does not decrease, so a column's maximum
  // after the normalisation is part_of(its maximum M before, S) =: M', and each normalised value
  // is a part of M' (upscaled: part_of(x, M'), in [0, 1]). Every incentive lies in [0, 1]: plain
  // floor products, and no dividend sum of at most 2^16 of them saturates.
  // Both divisions take the one-multiply PartDiv where it applies (the normalisation: values at
  // most M, divisor S; the upscale: values at most M', divisor M').
  // The common case: both one-multiply divisions apply in every column with entries, and every
  // incentive is below 1.0, so each dividend term inc * norm (norm <= 1.0 = 2^32) is below 2^64:
  // a 64-bit product. Then each entry reads one compact column record, with no per-entry checks.
  // (A column without entries, S = 0, has the record {0, 0, inc, 0, 0}: it is never read but by
  // a dense row's zero slots, whose norm is then 0.) The maxima M are the merged rows' (sums[n, 2n))
  // and the dense rows' (sums[2n, 3n), see kDenseMaxBias), folded here.
  using FastCol = Yuma2FastCol;
  std::vector<FastCol> fast(n);
  bool all_fast = true;
  for (std::size_t j = 0; j < n; ++j) {
    const std::uint64_t mj = std::max(ema.sums[n + j], ema.sums[2 * n + j] & ((std::uint64_t{1} << 52) - 1));
    ema.sums[n + j] = mj;
    const std::uint64_t sj = ema.sums[j];
    const auto inc = static_cast<std::uint64_t>(incentive[j].to_bits());
    all_fast &= inc < (std::uint64_t{1} << 32);
    fast[j] = {0, 0, inc, 0, 0};
    if (sj == 0) continue;
    const PartDiv norm_pd(mj, sj);
    if (!norm_pd.fast) {
      all_fast = false;
      continue;
    }
    const std::uint64_t mn = norm_pd.divide(mj);
    const PartDiv up_pd(mn, mn);
    all_fast &= up_pd.fast;
    fast[j] = {norm_pd.m, up_pd.m, inc, norm_pd.shift, up_pd.shift};
  }
  // Otherwise every column's record of the checked forms (the U64Divisors only where the
  // one-multiply form does not apply; the maximum M is at most S).
  struct Col {
    PartDiv norm_pd, up_pd;
    fixed::U64Divisor sum, max;
    std::uint64_t s, m, inc;
  };
  std::vector<Col> col;
  if (!all_fast) {
    col.resize(n);
    for (std::size_t j = 0; j < n; ++j) {
      Col& c = col[j];
      c.s = ema.sums[j];
      c.inc = static_cast<std::uint64_t>(incentive[j].to_bits());
      if (c.s == 0) continue;  // no entry in this column
      c.norm_pd = PartDiv(ema.sums[n + j], c.s);
      if (!c.norm_pd.fast) c.sum = fixed::U64Divisor(c.s);
      c.m = c.norm_pd.fast ? c.norm_pd.divide(ema.sums[n + j]) : part_of(ema.sums[n + j], c.s, c.sum);
      c.up_pd = PartDiv(c.m, c.m);
      if (!c.up_pd.fast && c.m != 0) c.max = fixed::U64Divisor(c.m);
    }
  }
  dividends.assign(n, kZero);
  // Rows are independent (each writes its own dividend and bond row): any split, same bits.
  // Rows [r0, r1): `entry(e, v)` stores entry e's u16 from its EMA value v and returns its
  // dividend term.
  // A dense row (ema.dense) visits all n columns: a zero value (no EMA entry) gives norm 0 in both
  // forms (0 divided by anything, a zero-sum column's divisors included), so it adds 0 and its
  // slot is dropped (written, not counted).
  // (Dense rows are compacted into a scratch row, then copied at their size.)
  auto rows_by = [&](std::size_t r0, std::size_t r1, auto&& entry) {
    std::unique_ptr<Row::value_type[]> scratch;
    for (std::size_t i = r0; i < r1; ++i) {
      Row& r = bond_rows[i];
      const std::uint64_t* v = ema.val.get() + ema.at[i];
      std::uint64_t acc = 0;
      if (ema.dense[i]) {
        if (!scratch) scratch.reset(new Row::value_type[n]);
        Row::value_type* w = scratch.get();
        std::size_t cnt = 0;
        if (all_fast) {
          acc = yuma2_dense_tail(v, n, fast.data(), w, cnt);
        } else {
          for (std::size_t j = 0; j < n; ++j) {
            Row::value_type e{static_cast<std::uint16_t>(j), 0};
            acc += entry(e, v[j]);
            w[cnt] = e;
            cnt += v[j] != 0;
          }
        }
        r.assign(w, w + cnt);
      } else {
        for (std::size_t k = 0; k < r.size(); ++k) acc += entry(r[k], v[k]);
      }
      dividends[i] = I32F32::from_bits(static_cast<std::int64_t>(acc));
    }
  };
  parallel_chunks(n, threads_for(threads, ema.at[n]), [&](unsigned, std::size_t r0, std::size_t r1) {
    if (all_fast) {
      rows_by(r0, r1, [&](Row::value_type& e, std::uint64_t v) {
        const FastCol& c = fast[e.first];
        const std::uint64_t norm = PartDiv::divide(v, c.norm_shift, c.norm_m);
        e.second = u16_of(PartDiv::divide(norm, c.up_shift, c.up_m));
        return (c.inc * norm) >> 32;
      });
    } else {
      rows_by(r0, r1, [&](Row::value_type& e, std::uint64_t v) {
        const Col& c = col[e.first];
        const std::uint64_t norm = c.norm_pd.fast ? c.norm_pd.divide(v) : part_of(v, c.s, c.sum);
        e.second = u16_of(c.up_pd.fast ? c.up_pd.divide(norm) : part_of(norm, c.m, c.max));
        return static_cast<std::uint64_t>((static_cast<fixed::u128>(c.inc) * norm) >> 32);
      });
    }
  });
  return true;
}

void yuma3_dividends_and_rows(const SparseMatrix& ema, std::span<const I32F32> incentive, std::uint16_t n,
                              std::vector<I32F32>& total, std::vector<Row>& bond_rows, unsigned threads) {
  std::vector<I32F32> col_sum(n, kZero);  // inplace_col_normalize_sparse's column sums
  // `plain`: every entry has a column < n and a value in [0, 1] (what yuma3_ema_from_storage and
  // mat_ema_sparse produce from storage), and every incentive lies in [0, 1]. Then no sum saturates
  // (at most 2^16 rows of values <= 1), each normalised value is a part of its column sum (in
  // [0, 1]), and every product is a plain floor product: the same bits with fewer checks.
  bool plain = incentive.size() >= n;
  for (std::size_t j = 0; j < n && plain; ++j) plain = in_unit(incentive[j]);
  if (plain) {
    for (const auto& e : ema.entries()) {
      plain &= (e.col < n) & in_unit(e.val);
      // Unsigned (wrapping) addition: an out-of-range entry is only detected here, and its sum is
      // discarded below, but a signed overflow on the way would be undefined behaviour.
      auto& sum = col_sum[e.col < n ? e.col : 0];
      sum = I32F32::from_bits(static_cast<std::int64_t>(static_cast<std::uint64_t>(sum.to_bits()) +
                                                        static_cast<std::uint64_t>(e.val.to_bits())));
    }
    if (!plain) col_sum.assign(n, kZero);
  }
  if (!plain)
    for (const auto& e : ema.entries())
      if (e.col < n) col_sum[e.col] = col_sum[e.col].saturating_add(e.val);
  const std::vector<fixed::U64Divisor> dv = divisors_of(col_sum);
  total.assign(ema.rows(), kZero);
  // Rows are independent (each writes its own total and bond row): any split gives the same bits.
  parallel_chunks(ema.rows(), threads_for(threads, ema.nnz()), [&](unsigned, std::size_t r0, std::size_t r1) {
    for (std::size_t i = r0; i < r1; ++i) {
      const auto row = ema.row(i);
      const bool write = i < n && i < bond_rows.size();
      if (plain) {
        Row u16(write ? row.size() : 0);
        std::uint64_t s = 0;  // wrapping I32F32 sum
        for (std::size_t k = 0; k < row.size(); ++k) {
          const SparseEntry e = row[k];
          const auto v = static_cast<std::uint64_t>(e.val.to_bits());
          if (write) u16[k] = {e.col, static_cast<std::uint16_t>((v * 65535) >> 32)};
          // A column without incentive adds norm * 0 = 0: its division is skipped.
          if (incentive[e.col] == kZero) continue;
          const auto d = static_cast<std::uint64_t>(col_sum[e.col].to_bits());
          // div_part(v, d) for 0 <= v <= d (d == 0 only when v == 0: the value stays).
          const std::uint64_t norm =
              d == 0 ? v
              : v < (std::uint64_t{1} << 32)
                  ? dv[e.col].divide(v << 32)
                  : static_cast<std::uint64_t>(div_part(e.val, col_sum[e.col]).to_bits());
          s += static_cast<std::uint64_t>(
              mul_unit(I32F32::from_bits(static_cast<std::int64_t>(norm)), incentive[e.col]).to_bits());
        }
        total[i] = I32F32::from_bits(static_cast<std::int64_t>(s));
        if (write) bond_rows[i] = std::move(u16);
        continue;
      }
      I32F32 s = kZero;
      for (const auto& e : row) {
        const I32F32 d = e.col < n ? col_sum[e.col] : kZero;
        const I32F32 norm = d != kZero ? div_part_by(e.val, d, dv[e.col]) : e.val;
        if (e.col < incentive.size()) s = s.wrapping_add(mul_sat(norm, incentive[e.col], in_unit(norm)));
      }
      total[i] = s;
      if (write) bond_rows[i] = u16_row(row);
    }
  });
}

void yuma2_dividends_and_rows(SparseMatrix& ema, std::span<const I32F32> incentive, std::uint16_t n,
                              std::vector<I32F32>& dividends, std::vector<Row>& bond_rows) {
  std::vector<I32F32> col(n, kZero);  // column sums, then column maxima
  // `plain`: every entry has a column < n and a value in [0, 1] (the EMA of two matrices in
  // [0, 1]), and every incentive lies in [0, 1]. Then no column sum saturates (at most 2^16 rows),
  // each normalised value is a part of its column sum and each upscaled one a part of its column
  // maximum (both in [0, 1]), every product is a plain floor product and no dividend sum saturates:
  // the same bits with fewer checks.
  bool plain = incentive.size() >= n;
  for (std::size_t j = 0; j < n && plain; ++j) plain = in_unit(incentive[j]);
  if (plain) {
    std::vector<std::uint64_t> sums(n, 0);
    for (const auto& e : ema.entries()) {
      const std::size_t j = e.col < n ? e.col : 0;
      plain &= (e.col < n) & in_unit(e.val);
      sums[j] += static_cast<std::uint64_t>(e.val.to_bits());
    }
    for (std::size_t j = 0; j < n; ++j) col[j] = I32F32::from_bits(static_cast<std::int64_t>(sums[j]));
  }
  // div_part(v, d) for 0 <= v <= d (d == 0 only when v == 0: the value stays).
  auto part = [](std::uint64_t v, I32F32 d, const fixed::U64Divisor& dv) -> std::uint64_t {
    if (d == kZero) return v;
    if (v < (std::uint64_t{1} << 32)) return dv.divide(v << 32);
    return static_cast<std::uint64_t>(div_part(I32F32::from_bits(static_cast<std::int64_t>(v)), d).to_bits());
  };
  if (plain) {
    const std::vector<fixed::U64Divisor> dv_sum = divisors_of(col);
    std::vector<std::uint64_t> col_max(n, 0);
    dividends.assign(ema.rows(), kZero);
    for (std::size_t i = 0; i < ema.rows(); ++i) {
      std::uint64_t acc = 0;
      for (auto& e : ema.row(i)) {
        const std::uint64_t v = part(static_cast<std::uint64_t>(e.val.to_bits()), col[e.col], dv_sum[e.col]);
        e.val = I32F32::from_bits(static_cast<std::int64_t>(v));  // inplace_col_normalize_sparse
        acc += static_cast<std::uint64_t>(mul_unit(incentive[e.col], e.val).to_bits());  // matmul_transpose
        col_max[e.col] = std::max(col_max[e.col], v);
      }
      dividends[i] = I32F32::from_bits(static_cast<std::int64_t>(acc));
    }
    for (std::size_t j = 0; j < n; ++j) col[j] = I32F32::from_bits(static_cast<std::int64_t>(col_max[j]));
    const std::vector<fixed::U64Divisor> dv_max = divisors_of(col);
    for (std::size_t i = 0; i < ema.rows(); ++i) {
      auto row = ema.row(i);
      const bool write = i < n && i < bond_rows.size();
      Row u16(write ? row.size() : 0);
      for (std::size_t k = 0; k < row.size(); ++k) {
        SparseEntry& e = row[k];
        const std::uint64_t v = part(static_cast<std::uint64_t>(e.val.to_bits()), col[e.col], dv_max[e.col]);
        e.val = I32F32::from_bits(static_cast<std::int64_t>(v));  // inplace_col_max_upscale_sparse
        if (write) u16[k] = {e.col, static_cast<std::uint16_t>((v * 65535) >> 32)};
      }
      if (write) bond_rows[i] = std::move(u16);
    }
    return;
  }
  col.assign(n, kZero);
  for (const auto& e : ema.entries())
    if (e.col < n) col[e.col] = col[e.col].saturating_add(e.val);
  std::vector<I32F32> col_max(n, kZero);
  const std::vector<fixed::U64Divisor> dv_sum = divisors_of(col);
  dividends.assign(ema.rows(), kZero);
  for (std::size_t i = 0; i < ema.rows(); ++i) {
    I32F32 acc = kZero;
    for (auto& e : ema.row(i)) {
      const I32F32 d = e.col < n ? col[e.col] : kZero;
      if (d != kZero) e.val = div_part_by(e.val, d, dv_sum[e.col]);  // inplace_col_normalize_sparse
      const I32F32 vj = e.col < incentive.size() ? incentive[e.col] : kZero;
      acc = acc.saturating_add(mul_sat(vj, e.val, in_unit(vj)));  // matmul_transpose_sparse
      if (e.col < n && col_max[e.col] < e.val) col_max[e.col] = e.val;
    }
    dividends[i] = acc;
  }
  const std::vector<fixed::U64Divisor> dv_max = divisors_of(col_max);
  for (std::size_t i = 0; i < ema.rows(); ++i) {
    auto row = ema.row(i);
    for (auto& e : row) {
      const I32F32 d = e.col < n ? col_max[e.col] : kZero;
      if (d != kZero) e.val = div_part_by(e.val, d, dv_max[e.col]);  // inplace_col_max_upscale_sparse
    }
    if (i < n && i < bond_rows.size()) bond_rows[i] = u16_row(row);
  }
}

}  // namespace bt::yuma::detail
