// SPDX-License-Identifier: MIT
// weighted_median_col_sparse (math.cpp) with its first pass done by the writer of the score rows:
// the fused sparse epoch builds the weights row by row and adds each written entry's row stake
// into its (column, score key) bucket right there, so the consensus starts from filled buckets
// instead of reading every weight once more. Private to lib/yuma.
#pragma once

#include <algorithm>
#include <bit>
#include <bt/yuma/math.hpp>
#include <cstdint>
#include <span>
#include <vector>

namespace bt::yuma::math {

// The bucket key of a score s in [0, 2^52) (see math.cpp): the top bits of the double 2s + 1.
inline constexpr int kMedianMantissa = 3;  // mantissa bits of a key
inline constexpr std::uint64_t kMedianKeyBias = std::uint64_t{1023} << kMedianMantissa;
inline std::uint64_t median_key(std::uint64_t s) noexcept {
  return (std::bit_cast<std::uint64_t>(static_cast<double>(static_cast<std::int64_t>(2 * s + 1))) >>
          (52 - kMedianMantissa)) -
         kMedianKeyBias;
}

// Buckets for scores in [0, 2^32] (the fused weights: parts of their row sum): bit_width(2^33 + 1)
// = 34 exponents of 2^kMedianMantissa keys per column.
inline constexpr std::size_t kUnitKeys = 34 << kMedianMantissa;
// A bucket word is (count << 40) + stake.
inline constexpr int kMedianCountShift = 40;

// The consensus of the fused epoch: weighted_median_col_sparse(stake, score, columns, majority,
// threads, rows_unit_sorted = true) with pass 1 of its bucket form filled while `score` is written.
//
// Use: construct before writing the rows; if active(), each writer (`parts` of them, row chunks
// written concurrently, one part each) calls add_row for every row it writes, with the row's
// final entries; then finish(score, promise, threads) gives the medians. `promise` says that every
// row of `score` has strictly ascending columns below `columns` and values in [0, 2^32] and was
// added; without it (or when not active) finish computes weighted_median_col_sparse from `score`.
//
// Why it is exact: each bucket word is the sum of (1 << 40) + stake over the positive-stake rows
// with an entry of that key in that column -- the same addends pass 1 adds. They are integers
// whose total stays below 2^63 (stake total < 2^40, fewer than 2^23 rows), so the sums do not
// depend on the order of the additions, nor on how the rows are split into parts (summed per column
// before the walk).
class MedianBuckets {
 public:
  MedianBuckets(std::span<const I32F32> stake, std::uint16_t columns, I32F32 majority, unsigned parts);
  ~MedianBuckets();
  MedianBuckets(const MedianBuckets&) = delete;
  MedianBuckets& operator=(const MedianBuckets&) = delete;

  bool active() const noexcept { return active_; }
  // (1 << 40) + the row's normalised stake bits, or 0 for a row that takes no part (stake <= 0).
  std::uint64_t row_add(std::size_t r) const noexcept { return r < row_add_.size() ? row_add_[r] : 0; }
  // Part k's buckets, offset so that bucket (col, key) is at [col * kUnitKeys + key].
  std::uint64_t* part(unsigned k) const noexcept { return parts_[k]; }
  // kUnitKeys, as a value the compiler does not see (one multiply per entry instead of shifts and adds).
  std::size_t stride() const noexcept { return stride_; }
  // Adds row r's entries to part k: requires strictly ascending columns < columns and values in
  // [0, 2^32]; a row that is not so is not added and voids the buckets (finish falls back).
  void add_row(unsigned k, std::size_t r, std::span<const SparseEntry> row) noexcept;
  // A writer of part k that adds entries itself (part(), stride()) reports here an upper bound, at
  // most 2^32, of their values (add_row does so itself): the walks skip the keys above the largest.
  void raise_max(unsigned k, std::uint64_t bound) noexcept {
    std::uint64_t& m = max_[k * kMaxPad];
    m = std::max(m, bound);
  }

  std::vector<I32F32> finish(const SparseMatrix& score, bool promise, unsigned threads);

 private:
  std::span<const I32F32> stake_;
  std::uint16_t columns_;
  std::size_t stride_ = kUnitKeys;
  I32F32 majority_;
  std::vector<I32F32> use_stake_;  // the positive stakes, normalised
  std::int64_t minority_ = 0, total_ = 0;
  bool active_ = false;
  bool owns_ = false;
  std::vector<std::uint64_t> row_add_;
  std::vector<std::uint64_t*> parts_;
  std::vector<unsigned char> void_;          // per part: a row could not be added
  static constexpr std::size_t kMaxPad = 8;  // parts' maxima a cache line apart (written per row)
  std::vector<std::uint64_t> max_;           // per part: the bound of its values (raise_max)
};

}  // namespace bt::yuma::math
