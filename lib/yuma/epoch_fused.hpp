// SPDX-License-Identifier: MIT
// Private: fused forms of consecutive math.rs steps of the sparse epoch (docs/yuma-epoch.md
// section 4), used when no trace is recorded and EpochOptions::stepwise is off. Each function
// computes exactly what the named sequence of math.hpp functions computes (same operations on
// the same values in the same order), in fewer passes over the matrices and without their
// intermediate copies. tests/yuma/vectors_test.cpp runs every reference case both ways (the
// traced run takes the literal sequence) and requires identical outputs.
#pragma once

#include <bt/int128.hpp>
#include <bt/yuma/epoch.hpp>
#include <bt/yuma/math.hpp>
#include <cstdint>
#include <span>
#include <vector>

namespace bt::yuma::detail {

using math::I32F32;
using math::SparseEntry;
using math::SparseMatrix;

// clipped = col_clip_sparse(w, consensus); trust = row_sum_sparse(clipped);
// ranks = matmul_sparse(clipped, stake, n); and, when asked for (non-null):
//   preranks = matmul_sparse(w, stake, n) (feb2025, before clipping);
//   delta = row_hadamard_sparse(clipped, stake) with delta_col_sum its inplace_col_normalize_sparse
//   column sums over columns < n (Yuma2 with bonds_penalty 1, where weights_for_bonds = clipped);
//   the caller divides (normalize_cols_by).
// `clipped` is not formed when `want_clipped` is false (the Yuma2 fused path only needs the delta).
// With `threads` > 1 and plain inputs (see below), row chunks run concurrently (same results).
// `w_plain` promises that every row of `w` has columns < n and values in [0, 1] (as the fused
// weights pass produces them); it only selects a faster form with the same results.
// With `delta_vals` (and without `want_clipped`), when the plain form applies, (*delta_vals)[k] is
// the delta value floor(stake_i * min(v, max(t_j, 0)) / 2^32) of entry k of `w` (its position in
// w.entries(); 0 for an entry col_clip_sparse drops), what yuma2_bonds_from_storage forms the delta
// from; otherwise *delta_vals is left empty.
using DeltaVals = std::vector<std::uint64_t, math::storage::UninitAllocator<std::uint64_t>>;
void clip_trust_ranks(const SparseMatrix& w, bool w_plain, std::span<const I32F32> consensus,
                      std::span<const I32F32> stake, std::uint16_t n, SparseMatrix& clipped,
                      std::vector<I32F32>& trust, std::vector<I32F32>& ranks,
                      std::vector<I32F32>* preranks = nullptr, SparseMatrix* delta = nullptr,
                      std::vector<I32F32>* delta_col_sum = nullptr, bool want_clipped = true,
                      unsigned threads = 1, DeltaVals* delta_vals = nullptr);

// Bonds as read and masked: get_bonds_sparse(in, proportion) followed by
// scalar_vec_mask_sparse_matrix(.., scalar, reg, <=) when `row_first` is empty (head), else
// vec_mask_sparse_matrix(.., row_first, reg, <=) (feb2025: per-row last_update). With col_sum
// non-null it also gets inplace_col_normalize_sparse's column sums (columns < n), so the caller
// only divides (normalize_cols_by).
SparseMatrix get_bonds_sparse_masked(const EpochInput& in, bool proportion, std::uint64_t scalar,
                                     std::span<const std::uint64_t> row_first,
                                     std::span<const std::uint64_t> reg, std::vector<I32F32>* col_sum);

// The division half of inplace_col_normalize_sparse(m, n), given its column sums.
void normalize_cols_by(SparseMatrix& m, std::span<const I32F32> col_sum);

// Yuma3 bond EMA and its tail read straight from storage:
//   ema = mat_ema_sparse(next, get_bonds_sparse_masked(in, true, scalar, {}, reg, nullptr), alpha);
//   yuma3_dividends_and_rows(ema, incentive, n, total, bond_rows)
// without the bond matrix or the EMA matrix, for the common shape: alpha in [0, 1], every row of
// `next` (n rows) with strictly ascending columns < n and values in [0, 1], every stored bond row
// (i < n) with strictly ascending columns < n, n incentives in [0, 1]. Returns false for another
// shape (then `total` is unspecified and `bond_rows` holds n empty rows). `next_plain` promises the
// shape of `next` (the fused weights pass knows it), so it is not checked again.
// With `clip_consensus` (n thresholds in [0, 1]) `next` is the unclipped weights and the EMA is the
// one of col_clip_sparse(next, clip_consensus), clipped on the fly (the clipped matrix is not
// formed). With threads > 1 row chunks run concurrently (same results).
//
// Yuma3Ranks (with `clip_consensus`): the clip pass folded into the walk. Instead of taking
// `incentive` (then ignored), the function forms what
//   clip_trust_ranks(next, true, clip_consensus, stake, n, .., trust, ranks, nullptr, nullptr,
//                    nullptr, /*want_clipped=*/false); inplace_normalize(ranks); incentive = ranks
// forms, into *trust and *incentive, and runs the tail with that incentive; for n stakes in
// [0, 1) (else false: stakes_below_one). On false both are unspecified (the caller then runs
// clip_trust_ranks itself). When the stakes are below 1.0 and it still returns false, the call
// without Yuma3Ranks returns false too (the same shape and clip checks; its incentive, formed by
// clip_trust_ranks, has the same bits), so the caller need not try it.
struct Yuma3Ranks {
  std::span<const I32F32> stake;
  std::vector<I32F32>* trust = nullptr;
  std::vector<I32F32>* incentive = nullptr;
};
// Whether every stake lies in [0, 1): bits below 2^32 (what Yuma3Ranks needs).
bool stakes_below_one(std::span<const I32F32> stake) noexcept;
bool yuma3_bonds_from_storage(const EpochInput& in, const SparseMatrix& next, bool next_plain,
                              std::uint64_t scalar, std::span<const std::uint64_t> reg, I32F32 alpha,
                              std::span<const I32F32> incentive, std::vector<I32F32>& total,
                              std::vector<Row>& bond_rows, unsigned threads = 1,
                              std::span<const I32F32> clip_consensus = {}, const Yuma3Ranks* ranks = nullptr);

// Yuma2 bond EMA and its tail read straight from storage, for the shape yuma3_bonds_from_storage
// handles (alpha in [0, 1], rows of `delta` with strictly ascending columns < n and values in
// [0, 1], stored bond rows with strictly ascending columns < n, n incentives in [0, 1]) whose
// masked stored column sums stay below 2^31:
//   normalize_cols_by(delta, delta_col_sum);
//   bonds = get_bonds_sparse_masked(in, false, scalar, row_first, reg, &s); normalize_cols_by(bonds, s);
//   ema = mat_ema_sparse(delta, bonds, alpha);
//   yuma2_dividends_and_rows(ema, incentive, n, dividends, bond_rows)
// without the bond matrix and the EMA matrix and without modifying `delta`. `delta_plain`
// promises the shape of `delta`. Returns false for another shape (then `dividends` is unspecified
// and `bond_rows` holds n empty rows). With threads > 1 row chunks run concurrently (same results).
// With `clip_consensus` (not empty) `delta` is the unclipped weights (`delta_plain` promising
// their shape) and the delta row_hadamard_sparse(col_clip_sparse(delta, clip_consensus), stake)
// is formed on the fly (not as a matrix), for n stakes in [0, 1] (else false); delta_col_sum are
// its column sums as clip_trust_ranks forms them (= its ranks). `delta_vals`, when it has an entry
// for every entry of `delta` (clip_trust_ranks' delta_vals for these weights, consensus and stake),
// are those delta values, read instead of formed again.
bool yuma2_bonds_from_storage(const EpochInput& in, const SparseMatrix& delta, bool delta_plain,
                              std::span<const I32F32> delta_col_sum, std::uint64_t scalar,
                              std::span<const std::uint64_t> row_first, std::span<const std::uint64_t> reg,
                              I32F32 alpha, std::span<const I32F32> incentive, std::vector<I32F32>& dividends,
                              std::vector<Row>& bond_rows, unsigned threads = 1,
                              std::span<const I32F32> clip_consensus = {}, std::span<const I32F32> stake = {},
                              std::span<const std::uint64_t> delta_vals = {});

// Yuma3's EMA old term for a stored bond u: floor(uo * u16_proportion_to_fixed(u) / 2^32), the
// plain floor product of 1 - alpha (bits uo, at most 1.0 = 2^32) and the stored value, with one
// 64-bit multiply (exact for every uo <= 2^32 and u; the fused EMA uses it).
std::uint64_t yuma3_old_term(std::uint64_t uo, std::uint16_t u) noexcept;
// The same for uo < 2^32 (0 < alpha < 1; the Yuma3 walk's form) in one register: floor(uo * x /
// 2^32) with x = u16_proportion_to_fixed(u) = 65537 u + [u == 65535] (see yuma3_old_term) at most
// 2^32, so uo * x < 2^64 is the exact product. (Inline: the walk calls it per stored bond.)
inline std::uint64_t yuma3_old_term_small(std::uint64_t uo, std::uint16_t u) noexcept {
  return (uo * (std::uint64_t{u} * 65537 + ((std::uint64_t{u} + 1) >> 16))) >> 32;
}

// The fused Yuma2 EMA's one-multiply division floor(v * 2^32 / s) for 0 <= v <= max (PartDiv in
// epoch_fused.cpp) as its words: whether it applies, the multiplier and the shift. With `u16_sum`
// (max = 65535, 1 <= s < 2^31: a column sum of stored bonds) from its shortcut PartDiv::of_u16_sum,
// which must give the constructor's words (tests/yuma/bonds_fused_test.cpp compares them).
struct PartDivWords {
  bool fast;
  std::uint64_t m;
  unsigned shift;
};
PartDivWords part_div_words(std::uint64_t max, std::uint64_t s, bool u16_sum) noexcept;
// floor(v * 2^32 / s) by the words (v << shift) * m / 2^64.
inline std::uint64_t part_div_apply(const PartDivWords& p, std::uint64_t v) noexcept {
  return static_cast<std::uint64_t>((static_cast<bt::u128>(v << p.shift) * p.m) >> 64);
}

// Yuma3 dividends and stored bonds from the bond EMA:
//   ema_norm = inplace_col_normalize_sparse(copy of ema, n);
//   total = row_sum_sparse(mat_vec_mul_sparse(ema_norm, incentive));
//   bond_rows[i] = to_u16_row(ema.row(i)) for i < min(n, ema.rows()).
// `total` gets ema.rows() entries; ema is not modified. With threads > 1 row chunks run
// concurrently (same results).
void yuma3_dividends_and_rows(const SparseMatrix& ema, std::span<const I32F32> incentive, std::uint16_t n,
                              std::vector<I32F32>& total, std::vector<Row>& bond_rows, unsigned threads = 1);

// Yuma2 tail from the bond EMA:
//   inplace_col_normalize_sparse(ema, n); dividends = matmul_transpose_sparse(ema, incentive);
//   inplace_col_max_upscale_sparse(ema, n); bond_rows[i] = to_u16_row(ema.row(i)).
// ema is left normalised and upscaled as the literal sequence leaves it.
void yuma2_dividends_and_rows(SparseMatrix& ema, std::span<const I32F32> incentive, std::uint16_t n,
                              std::vector<I32F32>& dividends, std::vector<Row>& bond_rows);

}  // namespace bt::yuma::detail
