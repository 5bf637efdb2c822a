// SPDX-License-Identifier: MIT
// The sparse epoch (what the chain runs): run_epoch.rs `epoch_mechanism` (head) and `epoch`
// (feb2025) as one function whose variant differences are the Policy flags (epoch_common.hpp).
// spec143 (2024, plain wrapping operators throughout) has its own epoch_spec143.cpp. Step numbers refer to
// docs/yuma-epoch.md section 4.
#include "yuma/epoch_sparse.hpp"

#include <algorithm>
#include <array>
#include <bt/fixed/divisor.hpp>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <future>
#include <limits>
#include <memory>
#include <optional>
#include <span>

#include "yuma/epoch_fused.hpp"
#include "yuma/median_buckets.hpp"
#include "yuma/parallel.hpp"

namespace bt::yuma::detail {

using namespace bt::yuma::math;

namespace {
const I32F32 kZero = I32F32::zero();
const I32F32 kOne = I32F32::one();

bool le(std::uint64_t a, std::uint64_t b) { return a <= b; }
bool lt(std::uint64_t a, std::uint64_t b) { return a < b; }

// alpha_sigmoid depends on (consensus, weight, bond) only through the clamped combined diff; the
// result for a given diff is memoised (direct-mapped on its bits). Exact: a pure function.
class SigmoidCache {
 public:
  SigmoidCache(I32F32 lo, I32F32 hi, I32F32 steep)
      : lo_(lo), hi_(hi), steep_(steep), keys_(kSize, -1), vals_(kSize) {}
  I32F32 get(I32F32 consensus, I32F32 weight, I32F32 bond) {
    const I32F32 diff_buy = weight.saturating_sub(consensus).clamp(kZero, kOne);
    const I32F32 diff_sell = bond.saturating_sub(weight).clamp(kZero, kOne);
    const std::int64_t key = (weight >= bond ? diff_buy : diff_sell).to_bits();  // in [0, 2^32]
    const std::size_t slot =
        static_cast<std::size_t>((static_cast<std::uint64_t>(key) * 0x9E3779B97F4A7C15ULL) >> 52);
    if (keys_[slot] == key) return vals_[slot];
    const I32F32 v = alpha_sigmoid(consensus, weight, bond, lo_, hi_, steep_);
    keys_[slot] = key;
    vals_[slot] = v;
    return v;
  }

 private:
  static constexpr std::size_t kSize = 4096;
  I32F32 lo_, hi_, steep_;
  std::vector<std::int64_t> keys_;
  std::vector<I32F32> vals_;
};

// One step of the Rust peekable-iterator walk over a sparse row with ascending columns: moves
// `cursor` past the entries left of column j and returns the value at j, or zero when the row has
// none there (the cursor then stays on the next column to the right, as `peek` leaves it).
I32F32 value_at(std::span<const SparseEntry> row, std::size_t& cursor, std::size_t j) {
  while (cursor < row.size()) {
    if (row[cursor].col >= j) return row[cursor].col == j ? row[cursor].val : kZero;
    ++cursor;
  }
  return kZero;
}

// compute_liquid_alpha_values_sparse: rows x consensus.size() dense alphas, walking each row with
// a cursor that assumes ascending columns (as the Rust peekable iterators do).
std::vector<I32F32> compute_liquid_alpha_values_sparse(const EpochInput& in, const SparseMatrix& w,
                                                       const SparseMatrix& b,
                                                       const std::vector<I32F32>& consensus,
                                                       std::size_t* rows_out) {
  std::vector<I32F32> alphas;
  *rows_out = 0;
  if (w.rows() != b.rows()) return alphas;
  const I32F32 steep = I32F32::saturating_from_num(in.alpha_sigmoid_steepness);
  const I32F32 lo = u16_prop(in.alpha_low), hi = u16_prop(in.alpha_high);
  const std::size_t cols = consensus.size();
  alphas.resize(w.rows() * cols);
  SigmoidCache cache(lo, hi, steep);
  // alpha_sigmoid depends on (consensus, weight, bond); most pairs have weight = bond = 0, whose
  // result only depends on the combined diff (0): memoise the last combined input.
  for (std::size_t i = 0; i < w.rows(); ++i) {
    auto wr = w.row(i);
    auto br = b.row(i);
    std::size_t wi = 0, bi = 0;
    I32F32* out = alphas.data() + i * cols;
    for (std::size_t j = 0; j < cols; ++j) {
      const I32F32 weight = value_at(wr, wi, j);
      const I32F32 bond = value_at(br, bi, j);
      out[j] = cache.get(consensus[j], weight, bond);
    }
  }
  *rows_out = w.rows();
  return alphas;
}
// compute_liquid_alpha_values_sparse + mat_ema_alpha_sparse fused per row: the alpha matrix is
// only evaluated where mat_ema_alpha_sparse reads it (the columns of the row's bonds and weights),
// in O(n) memory instead of an n x n matrix. The cursor walk of the Rust code is reproduced
// exactly: evaluating it at an increasing subset of columns leaves the cursors in the same states.
SparseMatrix liquid_alpha_ema_fused(const EpochInput& in, const SparseMatrix& w, const SparseMatrix& b,
                                    const std::vector<I32F32>& consensus, unsigned threads) {
  if (w.rows() != b.rows()) return w;  // empty alphas -> mat_ema_alpha_sparse returns `new`
  const I32F32 steep = I32F32::saturating_from_num(in.alpha_sigmoid_steepness);
  const I32F32 lo = u16_prop(in.alpha_low), hi = u16_prop(in.alpha_high);
  const std::size_t cols = consensus.size();
  // Rows [r0, r1) into `out` (rows are independent; each chunk has its own scratch and cache).
  auto run = [&](std::size_t r0, std::size_t r1, SparseMatrix& out) {
    SigmoidCache cache(lo, hi, steep);
    std::vector<I32F32> alpha_row(cols, kZero), decayed(cols, kZero);
    std::vector<std::uint16_t> need;
    for (std::size_t i = r0; i < r1; ++i) {
      auto wr = w.row(i);
      auto br = b.row(i);
      need.clear();
      // The ascending union of both rows' columns < cols: a merge when both rows ascend strictly
      // (what storage holds), else sort + unique.
      bool ascending = true;
      for (std::size_t k = 1; k < wr.size() && ascending; ++k) ascending = wr[k - 1].col < wr[k].col;
      for (std::size_t k = 1; k < br.size() && ascending; ++k) ascending = br[k - 1].col < br[k].col;
      if (ascending) {
        std::size_t a = 0, b = 0;
        while (a < wr.size() || b < br.size()) {
          const std::uint32_t ca = a < wr.size() ? wr[a].col : 0x10000u;
          const std::uint32_t cb = b < br.size() ? br[b].col : 0x10000u;
          const std::uint32_t j = std::min(ca, cb);
          a += ca == j;
          b += cb == j;
          if (j >= cols) break;  // every later column is larger
          need.push_back(static_cast<std::uint16_t>(j));
        }
      } else {
        for (const auto& e : wr)
          if (e.col < cols) need.push_back(e.col);
        for (const auto& e : br)
          if (e.col < cols) need.push_back(e.col);
        std::sort(need.begin(), need.end());
        need.erase(std::unique(need.begin(), need.end()), need.end());
      }
      std::size_t wi = 0, bi = 0;
      for (std::uint16_t j : need) {
        const I32F32 weight = value_at(wr, wi, j);
        const I32F32 bond = value_at(br, bi, j);
        alpha_row[j] = cache.get(consensus[j], weight, bond);
      }
      for (const auto& e : br)
        if (e.col < cols) decayed[e.col] = kOne.saturating_sub(alpha_row[e.col]).saturating_mul(e.val);
      for (const auto& e : wr) {
        if (e.col < cols) {
          const I32F32 a = alpha_row[e.col];
          const I32F32 inc = a.saturating_mul(e.val).max_of(kZero);
          const I32F32 v = decayed[e.col].saturating_add(inc).min_of(kOne);
          if (v > kZero) out.push(e.col, v);
        }
      }
      out.end_row();
      for (const auto& e : br)
        if (e.col < cols) decayed[e.col] = kZero;
    }
  };
  return build_rows(w.rows(), threads_for(threads, w.nnz() + b.nnz()), w.nnz(),
                    [&](unsigned, std::size_t r0, std::size_t r1, SparseMatrix& dst) { run(r0, r1, dst); });
}

// Step 4.6 fused: get_weights_sparse, mask_rows_sparse(forbids), mask_diag_sparse(_except_index),
// vec_mask_sparse_matrix(last_update, block_at_registration, <=), (head with commit-reveal)
// vec_mask_sparse_matrix(commit_blocks, block_at_registration, <) and inplace_row_normalize_sparse
// as one write of each row.
//
// A kept entry is (j, w) with u16 w: its I32F32 value is w << 32, the row's wrapping I32F32 sum is
// sum_bits = (S << 32) mod 2^64 with S the u16 sum of the kept entries, and when sum_bits > 0
// inplace_row_normalize_sparse's safe_div gives ((w << 32) << 32) / sum_bits = (w << 32) / S
// (sum_bits >> 32 = S, below 2^48 then), which lies in [0, 2^32]; when sum_bits <= 0 the row is
// not divided (I32F32::from_num(w)).
//
// The entry (i, j) is outdated (dropped) when last_update[i] <= reg[j], and with commit-reveal
// also when commit_block[i] < reg[j] (reg = block_at_registration): both are "reg[j] >= thr_i"
// with thr_i = min(last_update[i], commit_block[i] + 1), so the dropped columns of row i are
// the columns of highest registration block down to thr_i. build_row takes a fast form for a row
// whose columns strictly ascend, at most kMaxMasked (and at most the row's length) columns of the
// whole subnet reach thr_i and S lies in [1, 2^31): it sums the row's u16 values once, finds the few dropped
// entries (columns >= n, which are a suffix, the diagonal and the outdated columns) by binary search and
// writes the kept entries already divided (U16ShiftDivisor: (w << 32) / S exactly), without a per-entry test.
// Any other row takes the entry-by-entry form (the literal masks in their order, then one U64Divisor
// division per entry: the same quotient).
class FusedWeightRows {
 public:
  FusedWeightRows(const EpochInput& in, const std::vector<bool>& forbids, const Common& c,
                  std::span<const std::uint64_t> commit, bool has_owner, std::size_t owner)
      : in_(in), forbids_(forbids), c_(c), commit_(commit), has_owner_(has_owner), owner_(owner) {
    // The kMaxMasked + 1 columns of highest registration block at or above the lowest row
    // threshold, highest first: a row whose threshold leaves more of them than kMaxMasked at or
    // above it takes the general form, so no other column can matter.
    const std::size_t n = in.n;
    std::uint64_t lowest = kNever;
    for (std::size_t i = 0; i < n && i < in.weights.size(); ++i)
      if (!in.weights[i].empty() && i < forbids.size() && !forbids[i])
        lowest = std::min(lowest, threshold(i));
    for (std::size_t j = 0; j < n; ++j)
      if (c.block_at_registration[j] >= lowest)
        recent_.push_back({c.block_at_registration[j], static_cast<std::uint16_t>(j)});
    auto later = [](const Recent& a, const Recent& b) { return a.reg > b.reg; };
    if (recent_.size() > kMaxMasked + 1) {
      std::nth_element(recent_.begin(), recent_.begin() + kMaxMasked, recent_.end(), later);
      recent_.resize(kMaxMasked + 1);
    }
    std::sort(recent_.begin(), recent_.end(), later);
  }

  // Appends row i (also for masked or absent rows: an empty row). With `mb` (active), the row's
  // entries also go into part `part` of the consensus buckets (MedianBuckets).
  void build_row(std::size_t i, SparseMatrix& dst, bool& unit, bool& sorted, math::MedianBuckets* mb,
                 unsigned part) const {
    const bool row_masked = i >= forbids_.size() || forbids_[i];
    if (row_masked || i >= in_.weights.size() || in_.weights[i].empty()) {
      dst.end_row();
      return;
    }
    const Row& src = in_.weights[i];
    SparseEntry* out = dst.open_row(src.size());
    std::size_t cnt = 0;
    const std::uint64_t add = mb != nullptr ? mb->row_add(i) : 0;
    std::uint64_t low = 0, high = 0;
    const bool fast = add != 0
                          ? fast_row<true>(i, src, out, cnt, mb->part(part), add, mb->stride(), low, high)
                          : fast_row<false>(i, src, out, cnt, nullptr, 0, 0, low, high);
    if (fast && add != 0) mb->note_range(part, low, high);
    if (!fast) {
      cnt = general_row(i, src, out, unit, sorted);
      if (add != 0) mb->add_row(part, i, std::span<const SparseEntry>(out, cnt));
    }
    dst.close_row(cnt);
  }

 private:
  static constexpr std::size_t kMaxMasked = 256;
  static constexpr std::uint64_t kNever = std::numeric_limits<std::uint64_t>::max();
  struct Recent {
    std::uint64_t reg;
    std::uint16_t col;
  };

  // The u16 sum of the row's values into `total`; false when the columns do not strictly ascend
  // (len <= 2^16, so every 32-bit lane sum below stays below 2^16 * 2^16 / 4).
  static bool sum_if_ascending(const std::pair<std::uint16_t, std::uint16_t>* p, std::size_t len,
                               std::uint64_t& total) noexcept {
    std::size_t k = 1;
    std::uint64_t sum = len > 0 ? p[0].second : 0;
    bool ascending = true;
#if defined(__SSE2__)
    // Four entries per step as 32-bit lanes (col | value << 16, little-endian), each compared with
    // the entry before it.
    static_assert(sizeof(std::pair<std::uint16_t, std::uint16_t>) == 4);
    const __m128i lo16 = _mm_set1_epi32(0xFFFF);
    __m128i acc = _mm_setzero_si128(), gt = _mm_set1_epi32(-1);
    for (; k + 4 <= len; k += 4) {
      const __m128i cur = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + k));
      const __m128i prev = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + k - 1));
      acc = _mm_add_epi32(acc, _mm_srli_epi32(cur, 16));
      gt = _mm_and_si128(gt, _mm_cmpgt_epi32(_mm_and_si128(cur, lo16), _mm_and_si128(prev, lo16)));
    }
    alignas(16) std::uint32_t lanes[4];
    _mm_store_si128(reinterpret_cast<__m128i*>(lanes), acc);
    sum += std::uint64_t{lanes[0]} + lanes[1] + lanes[2] + lanes[3];
    ascending = _mm_movemask_epi8(gt) == 0xFFFF;
#endif
    for (; k < len; ++k) {
      sum += p[k].second;
      ascending &= p[k].first > p[k - 1].first;
    }
    total = sum;
    return ascending;
  }

  // Entry (i, j) is dropped as outdated (or by commit-reveal) exactly when reg[j] >= threshold(i).
  std::uint64_t threshold(std::size_t i) const noexcept {
    std::uint64_t t = c_.last_update[i];                                            // last_update <= reg
    if (!commit_.empty() && commit_[i] != kNever) t = std::min(t, commit_[i] + 1);  // commit < reg
    return t;
  }

  // kBuckets: each written entry (col, q) also adds `add` to hist[col * stride + median_key(q)]
  // (stride = kUnitKeys; q <= 2^32: the key is below kUnitKeys), and every written value is 0 or in
  // [low, high], high <= 2^32: the quotients of 1 and of the largest u16 value (the quotient is
  // non-decreasing in the value).
  template <bool kBuckets>
  bool fast_row(std::size_t i, const Row& src, SparseEntry* out, std::size_t& cnt, std::uint64_t* hist,
                std::uint64_t add, std::size_t stride, std::uint64_t& low, std::uint64_t& high) const {
    const std::size_t n = in_.n;
    const std::uint64_t thr = threshold(i);
    std::size_t masked = 0;
    while (masked < recent_.size() && recent_[masked].reg >= thr) ++masked;
    const std::size_t len = src.size();
    // (Beyond about one masked column per entry the searches cost more than the per-entry tests.)
    if (masked > kMaxMasked || masked > len) return false;
    // Strictly ascending u16 columns: at most 2^16 entries (so their u16 sum stays below 2^32).
    if (len > 65536) return false;
    const std::pair<std::uint16_t, std::uint16_t>* p = src.data();
    std::uint64_t total = 0;
    if (!sum_if_ascending(p, len, total)) return false;
    // Ascending: the columns >= n (dropped by get_weights_sparse) are a suffix.
    auto find = [&](std::size_t lo, std::size_t hi, std::size_t col) {
      return static_cast<std::size_t>(
          std::lower_bound(p + lo, p + hi, col, [](const auto& e, std::size_t c) { return e.first < c; }) -
          p);
    };
    const std::size_t end = p[len - 1].first < n ? len : find(0, len, n);
    for (std::size_t k = end; k < len; ++k) total -= p[k].second;
    // Positions of the other dropped entries: the diagonal (unless the owner's) and the outdated
    // columns present in the row.
    std::array<std::uint32_t, kMaxMasked + 1> drop;
    std::size_t nd = 0;
    auto drop_col = [&](std::size_t col) {
      const std::size_t k = find(0, end, col);
      if (k < end && p[k].first == col) drop[nd++] = static_cast<std::uint32_t>(k);
    };
    if (!(has_owner_ && i == owner_)) drop_col(i);
    for (std::size_t r = 0; r < masked; ++r) drop_col(recent_[r].col);
    std::sort(drop.begin(), drop.begin() + static_cast<std::ptrdiff_t>(nd));
    nd = static_cast<std::size_t>(std::unique(drop.begin(), drop.begin() + static_cast<std::ptrdiff_t>(nd)) -
                                  drop.begin());
    for (std::size_t d = 0; d < nd; ++d) total -= p[drop[d]].second;
    if (total == 0 || total >= (std::uint64_t{1} << 31)) return false;
    const fixed::U16ShiftDivisor dv(total);
    // (Rows written by set_weights are max-upscaled: 65535 is usually the row's largest value.)
    if constexpr (kBuckets) {
      low = dv.divide(1);
      high = std::min(dv.divide(65535), std::uint64_t{1} << 32);
    }
    SparseEntry* o = out;
    std::size_t k = 0;
    for (std::size_t d = 0; d <= nd; ++d) {
      const std::size_t stop = d < nd ? drop[d] : end;
#pragma GCC unroll 4
      for (; k < stop; ++k) {
        const std::uint64_t q = dv.divide(p[k].second);
        *o++ = {p[k].first, I32F32::from_bits(static_cast<std::int64_t>(q))};
        if constexpr (kBuckets) hist[p[k].first * stride + math::median_key(q)] += add;
      }
      ++k;  // the dropped entry
    }
    cnt = static_cast<std::size_t>(o - out);
    return true;  // sorted, and every value is a part of S < 2^31: `unit` and `sorted` hold
  }

  std::size_t general_row(std::size_t i, const Row& src, SparseEntry* out, bool& unit, bool& sorted) const {
    const std::size_t n = in_.n;
    const bool cr = !commit_.empty();
    std::size_t cnt = 0;
    std::uint64_t sum = 0;
    long last = -1;
    const std::uint64_t lu = c_.last_update[i];
    const std::uint64_t cbi = cr ? commit_[i] : 0;
    for (const auto& [j, w] : src) {
      if (j >= n) continue;                                  // get_weights_sparse
      if (j == i && !(has_owner_ && i == owner_)) continue;  // mask_diag_sparse(_except)
      const std::uint64_t reg = c_.block_at_registration[j];
      if (lu <= reg) continue;        // outdated
      if (cr && cbi < reg) continue;  // commit-reveal
      out[cnt++] = {j, I32F32::from_bits(static_cast<std::int64_t>(w))};
      sum += w;
      sorted &= static_cast<long>(j) > last;
      last = j;
    }
    // Normalised values are parts of their row sum (<= 1) unless the I32F32 sum wrapped.
    unit &= sum < (std::uint64_t{1} << 31);
    const auto sum_bits = static_cast<std::int64_t>(sum << 32);  // the wrapping I32F32 sum
    if (sum_bits > 0) {
      const fixed::U64Divisor d(static_cast<std::uint64_t>(sum_bits) >> 32);  // exact, no division
      for (std::size_t k = 0; k < cnt; ++k)
        out[k].val = I32F32::from_bits(
            static_cast<std::int64_t>(d.divide(static_cast<std::uint64_t>(out[k].val.to_bits()) << 32)));
    } else {
      for (std::size_t k = 0; k < cnt; ++k)
        out[k].val = I32F32::from_bits(out[k].val.to_bits() << 32);  // I32F32::from_num(w)
    }
    return cnt;
  }

  const EpochInput& in_;
  const std::vector<bool>& forbids_;
  const Common& c_;
  std::span<const std::uint64_t> commit_;
  bool has_owner_;
  std::size_t owner_;
  std::vector<Recent> recent_;  // highest registration block first
};
}  // namespace

EpochOutput epoch_sparse(const EpochInput& in, const Policy& p, const EpochOptions& opts) {
  EpochOutput out_trace_holder;
  Tracer tr(opts.trace ? &out_trace_holder.trace : nullptr, p.variant, /*dense=*/false);
  const std::uint16_t n = in.n;
  // Without a trace and unless asked for the literal sequence, consecutive steps run fused
  // (epoch_fused.hpp): the same operations in fewer passes.
  const bool fused = !tr.on() && !opts.stepwise;

  // 4.2 activity
  const Common c = compute_common(in, p);
  // 4.3 stake
  StakeResult st = compute_stake(in, p, tr, fused);
  const std::vector<I32F32>& stake = st.stake;

  // 4.4 permits
  const bool has_owner = p.owner_exemptions && in.owner_uid.has_value();
  const std::size_t owner_idx = has_owner ? *in.owner_uid : 0;
  std::vector<bool> permits = in.validator_permit;
  if (has_owner && owner_idx < permits.size()) permits[owner_idx] = true;
  std::vector<bool> forbids = permits;
  forbids.flip();  // forbids[i] = !permits[i] (whole words at a time)
  std::vector<bool> new_permits = p.topk_nonzero ? is_topk_nonzero(stake, in.max_allowed_validators)
                                                 : is_topk(stake, in.max_allowed_validators);
  if (has_owner && owner_idx < new_permits.size()) new_permits[owner_idx] = true;

  // 4.5 active stake
  std::vector<I32F32> active_stake;
  if (fused && c.inactive.size() == n) {
    // Both masks in one pass: inplace_mask_vector zeroes v[i] where mask[i] or i >= mask.size(),
    // and an empty mask masks nothing (c.inactive has n entries here).
    active_stake.resize(n);
    auto inactive = c.inactive.begin();
    auto forbid = forbids.begin();
    for (std::size_t i = 0; i < n; ++i, ++inactive) {
      bool masked = *inactive;
      if (!forbids.empty()) {
        if (i < forbids.size()) {
          masked |= *forbid;
          ++forbid;
        } else {
          masked = true;
        }
      }
      active_stake[i] = masked ? kZero : stake[i];
    }
  } else {
    active_stake = stake;
    inplace_mask_vector(c.inactive, active_stake);
    inplace_mask_vector(forbids, active_stake);
  }
  inplace_normalize(active_stake);
  tr.vec("Active Stake", active_stake);

  // 4.11 / 4.12 bonds as read from storage and masked (Yuma2: also column-normalised). They do not
  // depend on the weights, so with threads > 1 they are loaded while the consensus is computed.
  const bool yuma3 = p.yuma3_available && in.yuma3_enabled;
  auto load_bonds = [&]() -> SparseMatrix {
    if (fused) {
      // Read + mask (+ Yuma2 column sums) in one pass; Yuma2 then divides.
      std::vector<I32F32> col_sum;
      const std::span<const std::uint64_t> row_first = p.bond_mask_last_tempo
                                                           ? std::span<const std::uint64_t>{}
                                                           : std::span<const std::uint64_t>(c.last_update);
      SparseMatrix b =
          get_bonds_sparse_masked(in, /*proportion=*/yuma3, p.bond_mask_last_tempo ? last_tempo(in) : 0,
                                  row_first, c.block_at_registration, yuma3 ? nullptr : &col_sum);
      if (!yuma3) normalize_cols_by(b, col_sum);
      return b;
    }
    if (yuma3) {
      SparseMatrix b = get_bonds_sparse(in, /*proportion=*/true);
      tr.sparse("Bonds", b);
      b = scalar_vec_mask_sparse_matrix(b, last_tempo(in), c.block_at_registration, le);
      tr.sparse("Bonds: (mask)", b);
      return b;
    }
    SparseMatrix b = get_bonds_sparse(in, /*proportion=*/false);
    tr.sparse("B", b);
    if (p.bond_mask_last_tempo) {
      b = scalar_vec_mask_sparse_matrix(b, last_tempo(in), c.block_at_registration, le);
    } else {
      b = vec_mask_sparse_matrix(b, c.last_update, c.block_at_registration, le);
    }
    tr.sparse("B (outdatedmask)", b);
    inplace_col_normalize_sparse(b, n);
    tr.sparse("B (mask+norm)", b);
    return b;
  };
  // 4.10 bonds penalty: interpolate_sparse returns one of its inputs unchanged for ratio 0 and 1.
  const I32F32 bp = p.bonds_penalty ? u16_prop(in.bonds_penalty) : kOne;
  // Yuma2 with weights_for_bonds = clipped: the fused clip pass also forms the bond delta, and
  // (without quantile liquid alpha) the fused EMA reads the stored bonds itself.
  const bool delta_in_clip = fused && !yuma3 && bp == kOne;
  const bool yuma2_from_storage = delta_in_clip && !(p.quantile_liquid_alpha && in.liquid_alpha_enabled);
  std::size_t bonds_nnz = 0;
  for (const auto& row : in.bonds) bonds_nnz += row.size();
  std::future<SparseMatrix> early_bonds;
  // (Not when the fused EMA reads the stored bonds itself: Yuma3 without liquid alpha, Yuma2.)
  if (opts.threads > 1 && fused && bonds_nnz >= kMinParallelWork && !(yuma3 && !in.liquid_alpha_enabled) &&
      !yuma2_from_storage)
    early_bonds = std::async(std::launch::async, load_bonds);
  auto take_bonds = [&] { return early_bonds.valid() ? early_bonds.get() : load_bonds(); };

  // 4.6 weights
  SparseMatrix weights;
  // Fused: whether every row of `weights` has values in [0, 1] (columns are < n by construction)
  // and strictly ascending columns; these select faster forms downstream (same results).
  bool weights_unit = false, weights_sorted = false;
  const bool cr = p.commit_reveal && in.commit_reveal_enabled;
  const I32F32 kappa = u16_prop(in.kappa);
  // Fused: the consensus buckets, filled while the rows are written (MedianBuckets).
  std::optional<MedianBuckets> median_buckets;
  if (!fused) {
    // Step by step, exactly as run_epoch.rs (and recording each step).
    weights = get_weights_sparse(in);
    tr.sparse("Weights", weights);
    weights = mask_rows_sparse(forbids, weights);
    tr.sparse("Weights (permit)", weights);
    weights = has_owner ? mask_diag_sparse_except_index(weights, static_cast<std::uint16_t>(owner_idx))
                        : mask_diag_sparse(weights);
    tr.sparse("Weights (permit+diag)", weights);
    weights = vec_mask_sparse_matrix(weights, c.last_update, c.block_at_registration, le);
    tr.sparse("Weights (permit+diag+outdate)", weights);
    if (cr) {
      const auto cb = commit_blocks(in);
      weights = vec_mask_sparse_matrix(weights, cb, c.block_at_registration, lt);
    }
  } else {
    // The same masks fused into one pass over the stored rows (no intermediate matrices).
    const std::vector<std::uint64_t> cb = cr ? commit_blocks(in) : std::vector<std::uint64_t>{};
    std::size_t nnz = 0;
    for (std::size_t i = 0; i < n && i < in.weights.size(); ++i) nnz += in.weights[i].size();
    const FusedWeightRows rows(in, forbids, c,
                               cr ? std::span<const std::uint64_t>(cb) : std::span<const std::uint64_t>{},
                               has_owner, owner_idx);
    // Rows [i0, i1) into `dst`; `unit` / `sorted` are cleared when a row breaks the promise.
    // Rows are independent: with threads, row chunks fill their own parts, appended in row order
    // (and their own parts of the consensus buckets).
    const unsigned t = threads_for(opts.threads, nnz);
    median_buckets.emplace(active_stake, n, kappa, t);
    MedianBuckets* const mb = median_buckets->active() ? &*median_buckets : nullptr;
    auto build = [&](std::size_t i0, std::size_t i1, SparseMatrix& dst, bool& unit, bool& sorted,
                     unsigned part) {
      for (std::size_t i = i0; i < i1; ++i) rows.build_row(i, dst, unit, sorted, mb, part);
    };
    // Per chunk: unit, sorted (each chunk's rows update locals, stored once at its end: no
    // cache line written per row by two threads).
    std::vector<std::array<bool, 2>> flags(t, {true, true});
    weights = build_rows(n, t, nnz, [&](unsigned k, std::size_t i0, std::size_t i1, SparseMatrix& dst) {
      bool unit = true, sorted = true;
      build(i0, i1, dst, unit, sorted, k);
      flags[k] = {unit, sorted};
    });
    weights_unit = weights_sorted = true;
    for (const auto& [unit, sorted] : flags) {
      weights_unit &= unit;
      weights_sorted &= sorted;
    }
  }
  if (!fused) inplace_row_normalize_sparse(weights);
  tr.sparse("Weights (mask+norm)", weights);

  std::vector<I32F32> preranks;
  if (p.ranks_trust_pruning && !fused) {  // fused: computed by clip_trust_ranks
    preranks = matmul_sparse(weights, active_stake, n);
    tr.vec("Ranks (before)", preranks);
  }

  // 4.7 consensus, 4.8 clip + validator trust
  std::vector<I32F32> consensus =
      median_buckets ? median_buckets->finish(weights, weights_unit && weights_sorted, opts.threads)
                     : weighted_median_col_sparse(active_stake, weights, n, kappa, opts.threads,
                                                  weights_unit && weights_sorted);
  median_buckets.reset();
  tr.vec("Consensus", consensus);
  SparseMatrix clipped;
  std::vector<I32F32> validator_trust, ranks;
  SparseMatrix delta;
  std::vector<I32F32> delta_col_sum;
  DeltaVals delta_vals;  // (the fused Yuma2 EMA's delta values, formed by the clip pass)
  const bool any_consensus =
      std::any_of(consensus.begin(), consensus.end(), [](I32F32 x) { return x != kZero; });
  const bool liquid = yuma3 && in.liquid_alpha_enabled && !consensus.empty() && any_consensus;
  // Yuma3 without liquid alpha and penalty 1: the fused EMA clips the weights itself (the clipped
  // matrix is formed below only if that EMA does not apply).
  const bool clip_in_ema = fused && yuma3 && bp == kOne && !liquid && !early_bonds.valid();
  std::vector<I32F32> total_bonds;
  std::vector<Row> bond_rows(n);
  // That EMA also forms the validator trust and the incentive (the ranks, normalised) in its walk,
  // which visits every weight entry with its clipped value: no separate clip pass (head, without
  // the preranks of ranks_trust_pruning). It then also forms the dividends' total bonds and the
  // stored bond rows (yuma3_bonds_from_storage with Yuma3Ranks); if it does not take this input,
  // clip_trust_ranks and the general steps below run (the call without Yuma3Ranks would not take
  // it either: not tried again).
  const bool walk_ranks = clip_in_ema && !p.ranks_trust_pruning && stakes_below_one(active_stake);
  bool walked = false;
  if (walk_ranks) {
    const Yuma3Ranks yr{.stake = active_stake, .trust = &validator_trust, .incentive = &ranks};
    walked = yuma3_bonds_from_storage(in, weights, weights_unit && weights_sorted, last_tempo(in),
                                      c.block_at_registration, ema_alpha_disabled_la(in.bonds_moving_average),
                                      {}, total_bonds, bond_rows, opts.threads, consensus, &yr);
  }
  if (walked) {
    // validator_trust and ranks (already normalised) formed above
  } else if (fused) {
    // (With the delta formed here, the Yuma2 path never reads the clipped matrix. When the fused
    // Yuma2 EMA reads the stored bonds, it forms the delta from the weights itself: not here.)
    const bool form_delta = delta_in_clip && !yuma2_from_storage;
    clip_trust_ranks(weights, weights_unit, consensus, active_stake, n, clipped, validator_trust, ranks,
                     p.ranks_trust_pruning ? &preranks : nullptr, form_delta ? &delta : nullptr,
                     form_delta ? &delta_col_sum : nullptr,
                     /*want_clipped=*/!delta_in_clip && !clip_in_ema, opts.threads,
                     yuma2_from_storage ? &delta_vals : nullptr);
    // The delta's column sums are the ranks (see clip_trust_ranks).
    if (yuma2_from_storage) delta_col_sum = ranks;
  } else {
    clipped = col_clip_sparse(weights, consensus);
    tr.sparse("Clipped Weights", clipped);
    validator_trust = row_sum_sparse(clipped);
    tr.vec("Validator Trust", validator_trust);
    // 4.9 incentive
    ranks = matmul_sparse(clipped, active_stake, n);
  }
  std::vector<I32F32> trust;
  if (p.ranks_trust_pruning) {
    tr.vec("Ranks (after)", ranks);
    trust = vecdiv(ranks, preranks);
    tr.vec("T", trust);
  }
  if (!walked) inplace_normalize(ranks);
  std::vector<I32F32> incentive = ranks;
  tr.vec("Incentive (=Rank)", incentive);

  // 4.10 bonds penalty (interpolate_sparse returns `weights` for 0 and `clipped` for 1: referenced).
  SparseMatrix interpolated;
  const SparseMatrix* wfb = &clipped;
  if (bp == kZero) {
    wfb = &weights;
  } else if (bp != kOne) {
    interpolated = interpolate_sparse(weights, clipped, n, bp);
    wfb = &interpolated;
  }
  const SparseMatrix& weights_for_bonds = *wfb;

  std::vector<I32F32> dividends;
  if (yuma3) {
    // 4.12a Yuma3
    SparseMatrix ema;
    // Fused: the EMA reads the stored bonds directly (unless they were loaded concurrently), and
    // its tail (dividends and stored bond rows) follows without forming the EMA matrix.
    // weights_for_bonds is `weights` or its clipped form here: the same shape promise.
    const bool next_plain = weights_unit && weights_sorted && wfb != &interpolated;
    const bool ema_done =
        walked || (!walk_ranks && fused && !liquid && !early_bonds.valid() &&
                   yuma3_bonds_from_storage(
                       in, clip_in_ema ? weights : weights_for_bonds,
                       clip_in_ema ? weights_unit && weights_sorted : next_plain, last_tempo(in),
                       c.block_at_registration, ema_alpha_disabled_la(in.bonds_moving_average), incentive,
                       total_bonds, bond_rows, opts.threads,
                       clip_in_ema ? std::span<const I32F32>(consensus) : std::span<const I32F32>{}));
    // The EMA did not take this input's shape: the clipped matrix after all (what the fused clip
    // pass forms, col_clip_sparse), for the general forms below.
    if (clip_in_ema && !ema_done) clipped = col_clip_sparse(weights, consensus);
    const SparseMatrix bonds = ema_done ? SparseMatrix{} : take_bonds();
    tr.sparse("weights_for_bonds", weights_for_bonds);
    if (ema_done) {
      // computed above, with total_bonds and bond_rows
    } else if (liquid && fused) {
      ema = liquid_alpha_ema_fused(in, weights_for_bonds, bonds, consensus, opts.threads);
    } else if (liquid) {
      std::size_t arows = 0;
      const auto alphas = compute_liquid_alpha_values_sparse(in, weights_for_bonds, bonds, consensus, &arows);
      if (tr.on()) {
        DenseMatrix a(arows);
        for (std::size_t i = 0; i < arows; ++i)
          a[i].assign(alphas.begin() + static_cast<std::ptrdiff_t>(i * consensus.size()),
                      alphas.begin() + static_cast<std::ptrdiff_t>((i + 1) * consensus.size()));
        tr.dense("alphas", a);
      }
      ema = mat_ema_alpha_sparse(weights_for_bonds, bonds, alphas, arows, consensus.size());
    } else {
      ema = mat_ema_sparse(weights_for_bonds, bonds, ema_alpha_disabled_la(in.bonds_moving_average),
                           opts.threads);
    }
    tr.sparse("emaB", ema);
    if (fused) {
      if (!ema_done) yuma3_dividends_and_rows(ema, incentive, n, total_bonds, bond_rows, opts.threads);
      dividends = vec_mul(total_bonds, active_stake);
      inplace_normalize(dividends);
    } else {
      SparseMatrix ema_norm = ema;
      inplace_col_normalize_sparse(ema_norm, n);
      tr.sparse("emaB norm", ema_norm);
      const std::vector<I32F32> total_bonds = row_sum_mat_vec_mul_sparse(ema_norm, incentive);
      tr.vec("total_bonds_per_validator", total_bonds);
      dividends = vec_mul(total_bonds, active_stake);
      inplace_normalize(dividends);
      tr.vec("Dividends", dividends);
      for (std::size_t i = 0; i < n && i < ema.rows(); ++i) bond_rows[i] = to_u16_row(ema.row(i));
    }
  } else {
    // 4.12b Yuma2 (all variants)
    // Fused: the delta's normalisation, the stored bonds (read, masked, normalised) and the EMA
    // in one pass (the shape promise: weights in [0, 1] with ascending columns, stake in [0, 1]).
    SparseMatrix ema;
    const bool stake_unit = std::all_of(active_stake.begin(), active_stake.end(), [](I32F32 x) {
      return static_cast<std::uint64_t>(x.to_bits()) <= (std::uint64_t{1} << 32);
    });
    const bool ema_done = yuma2_from_storage && !early_bonds.valid() &&
                          yuma2_bonds_from_storage(
                              in, weights, weights_unit && weights_sorted && stake_unit, delta_col_sum,
                              p.bond_mask_last_tempo ? last_tempo(in) : 0,
                              p.bond_mask_last_tempo ? std::span<const std::uint64_t>{}
                                                     : std::span<const std::uint64_t>(c.last_update),
                              c.block_at_registration, ema_alpha_normal(in.bonds_moving_average), incentive,
                              dividends, bond_rows, opts.threads, consensus, active_stake, delta_vals);
    const SparseMatrix bonds = ema_done ? SparseMatrix{} : take_bonds();
    if (ema_done) {
      // computed above, with dividends and bond_rows
    } else if (delta_in_clip && !yuma2_from_storage) {
      normalize_cols_by(delta, delta_col_sum);
    } else {
      // (The fused EMA did not take this input: neither the delta nor the clipped matrix it is
      // formed from was formed by the clip pass.)
      if (yuma2_from_storage) clipped = col_clip_sparse(weights, consensus);
      delta = row_hadamard_sparse(weights_for_bonds, active_stake);
      tr.sparse(
          "\xce\x94"
          "B",
          delta);
      inplace_col_normalize_sparse(delta, n);
    }
    tr.sparse(
        "\xce\x94"
        "B (norm)",
        delta);
    bool done = ema_done;
    if (!done && p.quantile_liquid_alpha && in.liquid_alpha_enabled && !consensus.empty() &&
        std::any_of(consensus.begin(), consensus.end(), [](I32F32 x) { return x != kZero; })) {
      std::vector<I32F32> alpha;
      if (feb2025_liquid_alphas(in, consensus, &alpha, tr)) {
        ema = mat_ema_alpha_vec_sparse(delta, bonds, alpha);
        tr.sparse("Exponential Moving Average Bonds Liquid Alpha", ema);
        done = true;
      }
    }
    if (!done) {
      const I32F32 alpha = ema_alpha_normal(in.bonds_moving_average);
      ema = mat_ema_sparse(delta, bonds, alpha, opts.threads);
      tr.sparse("Exponential Moving Average Bonds Normal", ema);
    }
    if (fused) {
      if (!ema_done) yuma2_dividends_and_rows(ema, incentive, n, dividends, bond_rows);
      inplace_normalize(dividends);
    } else {
      inplace_col_normalize_sparse(ema, n);
      tr.sparse("Exponential Moving Average Bonds", ema);
      dividends = matmul_transpose_sparse(ema, incentive);
      inplace_normalize(dividends);
      tr.vec("Dividends", dividends);
      inplace_col_max_upscale_sparse(ema, n);
      for (std::size_t i = 0; i < n && i < ema.rows(); ++i) bond_rows[i] = to_u16_row(ema.row(i));
    }
  }

  Finals f;
  f.stake = std::move(st.stake);  // (`stake` refers to it: not used below)
  f.active_stake = std::move(active_stake);
  f.incentive = std::move(incentive);
  f.dividends = std::move(dividends);
  f.dividends.resize(n, kZero);
  f.consensus = std::move(consensus);
  f.validator_trust = std::move(validator_trust);
  if (p.ranks_trust_pruning) f.ranks = f.incentive;  // (read only for the rank output)
  f.trust = std::move(trust);
  f.new_permits = std::move(new_permits);
  f.old_permits = std::move(permits);
  f.total_stake = std::move(st.total);
  f.bond_rows = std::move(bond_rows);
  EpochOutput out = finish_epoch(in, p, c, f, tr, fused);
  out.trace = std::move(out_trace_holder.trace);
  return out;
}

}  // namespace bt::yuma::detail
