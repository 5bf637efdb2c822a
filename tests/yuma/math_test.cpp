// SPDX-License-Identifier: MIT
// Unit tests of the math.rs helpers; expected values derived by hand from the Rust source.
#include <algorithm>
#include <bt/yuma/math.hpp>
#include <catch2/catch.hpp>
#include <random>

using namespace bt::yuma::math;
using bt::fixed::I32F32;
using bt::fixed::I64F64;

namespace {
constexpr std::int64_t kOne = std::int64_t{1} << 32;
I32F32 b(std::int64_t bits) { return I32F32::from_bits(bits); }
I32F32 f(double v) { return I32F32::from_f64(v); }
std::vector<std::int64_t> bits(const std::vector<I32F32>& v) {
  std::vector<std::int64_t> r;
  for (auto x : v) r.push_back(x.to_bits());
  return r;
}
SparseMatrix rows(std::initializer_list<std::initializer_list<std::pair<std::uint16_t, double>>> init) {
  SparseMatrix m;
  for (const auto& r : init) {
    for (const auto& [j, v] : r) m.push(j, f(v));
    m.end_row();
  }
  return m;
}
std::vector<std::vector<std::pair<std::uint16_t, std::int64_t>>> dump(const SparseMatrix& m) {
  std::vector<std::vector<std::pair<std::uint16_t, std::int64_t>>> out(m.rows());
  for (std::size_t i = 0; i < m.rows(); ++i)
    for (const auto& e : m.row(i)) out[i].emplace_back(e.col, e.val.to_bits());
  return out;
}
}  // namespace

TEST_CASE("inplace_normalize: safe_div, wrapping sum", "[yuma][math]") {
  std::vector<I32F32> v = {f(1), f(1), f(2)};
  inplace_normalize(v);
  CHECK(bits(v) == std::vector<std::int64_t>{kOne / 4, kOne / 4, kOne / 2});
  std::vector<I32F32> z = {f(0), f(0)};
  inplace_normalize(z);
  CHECK(bits(z) == std::vector<std::int64_t>{0, 0});
  // The sum wraps to -2 ulp; MAX / -2ulp overflows -> safe_div gives 0 (pitfalls 2 and 3).
  std::vector<I32F32> w = {I32F32::max(), I32F32::max()};
  inplace_normalize(w);
  CHECK(bits(w) == std::vector<std::int64_t>{0, 0});
  std::vector<I64F64> s = {I64F64::max(), I64F64::max()};
  inplace_normalize_64(s);
  CHECK(s[0] == I64F64::zero());
  CHECK(s[1] == I64F64::zero());
}

TEST_CASE("inplace_mask_vector: short mask masks the tail, empty mask is a no-op", "[yuma][math]") {
  std::vector<I32F32> v = {f(1), f(1), f(1)};
  inplace_mask_vector({false}, v);
  CHECK(bits(v) == std::vector<std::int64_t>{kOne, 0, 0});
  std::vector<I32F32> u = {f(1), f(1)};
  inplace_mask_vector({}, u);
  CHECK(bits(u) == std::vector<std::int64_t>{kOne, kOne});
}

TEST_CASE("is_topk / is_topk_nonzero: stable ascending sort, lowest uids lose ties", "[yuma][math]") {
  const std::vector<I32F32> eq = {f(1), f(1), f(1), f(1)};
  CHECK(is_topk(eq, 2) == std::vector<bool>{false, false, true, true});
  CHECK(is_topk(eq, 5) == std::vector<bool>{true, true, true, true});  // n < k: all
  const std::vector<I32F32> z = {f(0), f(5), f(0)};
  CHECK(is_topk(z, 5) == std::vector<bool>{true, true, true});
  CHECK(is_topk_nonzero(z, 5) == std::vector<bool>{false, true, false});
  CHECK(is_topk_nonzero(z, 1) == std::vector<bool>{false, true, false});
  CHECK(is_topk_nonzero(z, 3) == std::vector<bool>{false, true, false});  // n == k: no pruning
}

TEST_CASE("weighted_median: kappa picks the column quantile", "[yuma][math]") {
  const std::vector<I32F32> stake = {b(kOne / 2), b(kOne / 2)};
  const std::vector<I32F32> score = {f(0.25), f(0.75)};
  const std::vector<std::size_t> idx = {0, 1};
  const I32F32 one = I32F32::one();
  // minority = 1 - kappa. kappa = 0.5: pivot 0.75, lower stake 0.5 == minority -> pivot.
  CHECK(weighted_median(stake, score, idx, one.saturating_sub(f(0.5)), I32F32::zero(), one) == f(0.75));
  // kappa = 0.6: minority 0.4 < 0.5 -> lower partition -> 0.25.
  CHECK(weighted_median(stake, score, idx, one.saturating_sub(f(0.6)), I32F32::zero(), one) == f(0.25));
  // kappa = 1 (minority 0): minimum; kappa = 0 (minority 1): maximum.
  CHECK(weighted_median(stake, score, idx, I32F32::zero(), I32F32::zero(), one) == f(0.25));
  CHECK(weighted_median(stake, score, idx, one, I32F32::zero(), one) == f(0.75));
  CHECK(weighted_median(stake, score, {}, one, I32F32::zero(), one) == I32F32::zero());
  // mismatched lengths -> 0 (Rust logs and returns zero)
  CHECK(weighted_median(stake, std::vector<I32F32>{f(1)}, idx, one, I32F32::zero(), one) == I32F32::zero());
}

TEST_CASE("weighted_median_col_sparse: zero-stake rows skipped, missing entries are 0", "[yuma][math]") {
  // rows: uid0 (stake 0.75) weights col1=1.0; uid1 (stake 0) ignored; uid2 (stake 0.25) col1=0.5, col2=1.
  const std::vector<I32F32> stake = {f(0.75), f(0), f(0.25)};
  const SparseMatrix w = rows({{{1, 1.0}}, {{1, 0.1}}, {{1, 0.5}, {2, 1.0}}});
  const auto c = weighted_median_col_sparse(stake, w, 3, f(0.5));
  // col0: all 0 -> 0; col1: 0.75 stake on 1.0 -> 1.0; col2: 0.75 stake on 0 (missing) -> 0.
  CHECK(bits(c) == std::vector<std::int64_t>{0, kOne, 0});
}

TEST_CASE("col_clip_sparse drops entries clipped to a zero consensus, keeps explicit zeros", "[yuma][math]") {
  const SparseMatrix w = rows({{{0, 0.5}, {1, 0.5}, {2, 0.0}}});
  const auto c = col_clip_sparse(w, std::vector<I32F32>{f(0.25), f(0), f(0)});
  CHECK(dump(c) == std::vector<std::vector<std::pair<std::uint16_t, std::int64_t>>>{{{0, kOne / 4}, {2, 0}}});
}

TEST_CASE("masks: rows, diagonal, vector predicates", "[yuma][math]") {
  const SparseMatrix w = rows({{{0, 1}, {1, 1}}, {{0, 1}, {1, 1}}, {{2, 1}}});
  CHECK(dump(mask_rows_sparse({false}, w))[1].empty());  // short mask: tail rows dropped
  CHECK(dump(mask_rows_sparse({false}, w))[0].size() == 2);
  CHECK(dump(mask_diag_sparse(w)) ==
        std::vector<std::vector<std::pair<std::uint16_t, std::int64_t>>>{{{1, kOne}}, {{0, kOne}}, {}});
  CHECK(dump(mask_diag_sparse_except_index(w, 2))[2].size() == 1);
  const std::vector<std::uint64_t> lu = {10, 10, 10}, reg = {0, 10, 0};
  const auto m = vec_mask_sparse_matrix(w, lu, reg, [](std::uint64_t a, std::uint64_t r) { return a <= r; });
  CHECK(dump(m)[0] == std::vector<std::pair<std::uint16_t, std::int64_t>>{{0, kOne}});  // col 1: 10 <= 10
  const auto s = scalar_vec_mask_sparse_matrix(w, 5, std::vector<std::uint64_t>{0, 10},
                                               [](std::uint64_t a, std::uint64_t r) { return a <= r; });
  CHECK(dump(s)[2].size() == 1);  // column 2 out of range -> registration 0 -> kept
  CHECK(dump(s)[0].size() == 1);
}

TEST_CASE("normalisation of sparse rows and columns, max-upscale", "[yuma][math]") {
  SparseMatrix w = rows({{{0, 1}, {1, 3}}, {{0, 3}, {5, 2}}});
  inplace_row_normalize_sparse(w);
  CHECK(dump(w)[0] == std::vector<std::pair<std::uint16_t, std::int64_t>>{{0, kOne / 4}, {1, 3 * kOne / 4}});
  SparseMatrix c = rows({{{0, 1}, {1, 2}}, {{0, 3}, {5, 2}}});
  inplace_col_normalize_sparse(c, 2);  // column 5 >= columns: untouched
  CHECK(dump(c)[0][0].second == kOne / 4);
  CHECK(dump(c)[0][1].second == kOne);
  CHECK(dump(c)[1][1].second == 2 * kOne);
  SparseMatrix u = rows({{{0, 0.25}}, {{0, 0.5}}});
  inplace_col_max_upscale_sparse(u, 1);
  CHECK(dump(u)[0][0].second == kOne / 2);
  CHECK(dump(u)[1][0].second == kOne);
}

TEST_CASE("matmul / transpose / hadamard / vec_mul edge behaviour", "[yuma][math]") {
  const SparseMatrix w = rows({{{0, 1}, {3, 1}}, {{0, 0.5}}});
  CHECK(bits(matmul_sparse(w, std::vector<I32F32>{f(0.5)}, 2)) == std::vector<std::int64_t>{kOne / 2, 0});
  CHECK(bits(matmul_transpose_sparse(w, std::vector<I32F32>{f(2)})) ==
        std::vector<std::int64_t>{2 * kOne, kOne});
  CHECK(row_hadamard_sparse(w, std::vector<I32F32>{f(2)}).rows() == 1);  // stops at the shorter
  CHECK(bits(vec_mul(std::vector<I32F32>{I32F32::max(), f(2)}, std::vector<I32F32>{f(2), f(3)})) ==
        std::vector<std::int64_t>{0, 6 * kOne});  // checked_mul overflow -> 0
  CHECK(bits(vecdiv(std::vector<I32F32>{f(1), f(1)}, std::vector<I32F32>{f(2), f(0)})) ==
        std::vector<std::int64_t>{kOne / 2, 0});
}

TEST_CASE("EMA helpers", "[yuma][math]") {
  const I32F32 alpha = b(429496730);  // 0.1
  const SparseMatrix next = rows({{{1, 1.0}}, {}});
  const SparseMatrix prev = rows({{{0, 1.0}}, {}});
  // acc_0 = (1 - 0.1) * 1 = bits 2^32 - 429496730; acc_1 = 0.1 * 1; ascending columns.
  CHECK(dump(mat_ema_sparse(next, prev, alpha))[0] ==
        std::vector<std::pair<std::uint16_t, std::int64_t>>{{0, kOne - 429496730}, {1, 429496730}});
  // mat_ema_alpha_sparse: bonds on columns absent from the new row are dropped.
  const std::vector<I32F32> a(4, f(0.5));
  CHECK(dump(mat_ema_alpha_sparse(next, prev, a, 2, 2))[0] ==
        std::vector<std::pair<std::uint16_t, std::int64_t>>{{1, kOne / 2}});
  // shape mismatch -> returns new
  CHECK(dump(mat_ema_alpha_sparse(next, prev, a, 1, 4)) == dump(next));
  // interpolate: ratio 0 -> a, 1 -> b, 0.5 -> midpoint, only positive entries
  const SparseMatrix x = rows({{{0, 1.0}, {1, 0.5}}}), y = rows({{{0, 0.5}}});
  CHECK(dump(interpolate_sparse(x, y, 2, I32F32::zero())) == dump(x));
  CHECK(dump(interpolate_sparse(x, y, 2, I32F32::one())) == dump(y));
  CHECK(dump(interpolate_sparse(x, y, 2, f(0.5)))[0] ==
        std::vector<std::pair<std::uint16_t, std::int64_t>>{{0, 3 * kOne / 4}, {1, kOne / 4}});
}

TEST_CASE("conversions to u16 and liquid-alpha helpers", "[yuma][math]") {
  CHECK(fixed_proportion_to_u16(I32F32::one()) == 65535);
  CHECK(fixed_proportion_to_u16(f(0.5)) == 32767);  // floor(32767.5)
  CHECK(fixed_proportion_to_u16(f(-0.5)) == 0);
  CHECK(fixed_proportion_to_u16(f(2)) == 65535);
  CHECK(u16_proportion_to_fixed(32767).to_bits() == 2147450879);
  // (0.25*65535)/0.5 = 32767.5 -> round half away from zero = 32768
  CHECK(vec_max_upscale_to_u16(std::vector<I32F32>{f(0.25), f(0.5)}) ==
        std::vector<std::uint16_t>{32768, 65535});
  CHECK(vec_max_upscale_to_u16(std::vector<I32F32>{f(0), f(0)}) == std::vector<std::uint16_t>{0, 0});
  CHECK(quantile(std::vector<I32F32>{f(1), f(0), f(0.5)}, 0.25) == f(0.25));
  CHECK(quantile(std::vector<I32F32>{}, 0.5) == I32F32::zero());
  CHECK(exp_safe(f(100)) == exp_safe(f(20)));
  CHECK(exp_safe(f(-100)) > I32F32::zero());
  CHECK(safe_ln(I32F32::zero()) == I32F32::zero());
  CHECK(safe_exp(f(100)) == I32F32::zero());  // Err -> 0
}

// weighted_median_col_sparse selects in one pass per column; weighted_median_col (dense) runs the
// literal Rust recursion per column. They must agree on every column, for any stakes (including
// zero and tiny ones that normalise to 0), ties, missing entries and any kappa.
TEST_CASE("weighted_median_col_sparse equals the literal recursion on random columns", "[yuma][math]") {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 400; ++round) {
    const std::size_t n = 1 + rng() % 40;
    std::vector<I32F32> stake(n);
    for (auto& s : stake) {
      const int kind = static_cast<int>(rng() % 4);
      s = kind == 0   ? I32F32::zero()
          : kind == 1 ? b(1 + static_cast<std::int64_t>(rng() % 3))
                      : b(rng() % kOne);
    }
    inplace_normalize(stake);
    const std::int64_t levels = 1 + static_cast<std::int64_t>(rng() % 6);  // few levels -> many ties
    DenseMatrix dense(n, std::vector<I32F32>(n, I32F32::zero()));
    SparseMatrix sparse;
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < n; ++j) {
        if (rng() % 3 == 0) continue;  // missing entry
        const I32F32 v = b(static_cast<std::int64_t>(rng() % levels) * (kOne / 5));
        dense[i][j] = v;
        sparse.push(static_cast<std::uint16_t>(j), v);
      }
      sparse.end_row();
    }
    const std::uint16_t kappas[] = {0, 1, 32767, 32768, 50000, 65534, 65535};
    for (std::uint16_t k : kappas) {
      const I32F32 kappa = u16_proportion_to_fixed(k);
      INFO("round " << round << " kappa " << k);
      CHECK(bits(weighted_median_col_sparse(stake, sparse, static_cast<std::uint16_t>(n), kappa)) ==
            bits(weighted_median_col(stake, dense, kappa)));
    }
  }
}

// The selection descends by score bits (radix) for non-negative scores and by comparisons
// otherwise: full-range, huge, equal-prefix and negative scores on columns of up to 300 rows.
TEST_CASE("weighted_median_col_sparse equals the literal recursion on wide-range scores", "[yuma][math]") {
  std::mt19937_64 rng(11);
  for (int round = 0; round < 200; ++round) {
    const std::size_t n = 1 + rng() % 300;
    const std::size_t cols = 1 + rng() % 8;
    std::vector<I32F32> stake(n);
    for (auto& s : stake) s = rng() % 5 == 0 ? I32F32::zero() : b(static_cast<std::int64_t>(rng() % kOne));
    inplace_normalize(stake);
    const int kind = static_cast<int>(round % 5);
    auto score = [&]() -> std::int64_t {
      switch (kind) {
        case 0:
          return static_cast<std::int64_t>(rng() % (kOne + 1));  // [0, 1]
        case 1:
          return static_cast<std::int64_t>(rng() >> 1);  // up to 2^63
        case 2:
          return (std::int64_t{1} << 40) + static_cast<std::int64_t>(rng() % 700);  // shared prefix
        case 3:
          return static_cast<std::int64_t>(rng()) >> 8;  // negative too
        default:
          return static_cast<std::int64_t>(rng() % 3) << (rng() % 50);  // ties, zeros
      }
    };
    DenseMatrix dense(n, std::vector<I32F32>(cols, I32F32::zero()));
    SparseMatrix sparse;
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < cols; ++j) {
        if (rng() % 4 == 0) continue;
        const I32F32 v = b(score());
        dense[i][j] = v;
        sparse.push(static_cast<std::uint16_t>(j), v);
      }
      sparse.end_row();
    }
    for (std::uint16_t k : {std::uint16_t{0}, std::uint16_t{1}, std::uint16_t{32767}, std::uint16_t{65535}}) {
      const I32F32 kappa = u16_proportion_to_fixed(k);
      INFO("round " << round << " kappa " << k);
      CHECK(bits(weighted_median_col_sparse(stake, sparse, static_cast<std::uint16_t>(cols), kappa)) ==
            bits(weighted_median_col(stake, dense, kappa)));
    }
  }
}

// A bucket's few candidates are selected by sorting: the stake below the chosen score must exceed
// the minority strictly. Here the first candidate's stake equals the minority exactly (the median
// is the second score), with 2..12 candidates in one key and in any row order.
TEST_CASE("weighted_median_col_sparse: a prefix stake equal to the minority is not enough", "[yuma][math]") {
  const I32F32 kappa = u16_proportion_to_fixed(16384);
  const std::int64_t minority = kOne - kappa.to_bits();
  std::mt19937_64 rng(5);
  for (std::size_t m = 2; m <= 12; ++m) {
    // Row 0 holds exactly the minority; the others share the rest (sum exactly 1.0).
    std::vector<I32F32> stake(m);
    stake[0] = b(minority);
    std::int64_t rest = kOne - minority;
    for (std::size_t i = 1; i < m; ++i) {
      const std::int64_t s = i + 1 < m ? rest / 2 : rest;
      stake[i] = b(s);
      rest -= s;
    }
    // Scores in one key (just above 0.5): row 0 the smallest.
    std::vector<std::int64_t> sc(m);
    for (std::size_t i = 0; i < m; ++i) sc[i] = kOne / 2 + 1 + static_cast<std::int64_t>(3 * i);
    std::shuffle(sc.begin() + 1, sc.end(), rng);
    SparseMatrix sparse;
    DenseMatrix dense(m, std::vector<I32F32>(1, I32F32::zero()));
    for (std::size_t i = 0; i < m; ++i) {
      sparse.push(0, b(sc[i]));
      sparse.end_row();
      dense[i][0] = b(sc[i]);
    }
    INFO("candidates " << m);
    const auto want = bits(weighted_median_col(stake, dense, kappa));
    CHECK(want == std::vector<std::int64_t>{kOne / 2 + 4});  // the second smallest score
    CHECK(bits(weighted_median_col_sparse(stake, sparse, 1, kappa)) == want);
    CHECK(bits(weighted_median_col_sparse(stake, sparse, 1, kappa, 1, true)) == want);
  }
}

TEST_CASE("weighted_median_col_sparse: a duplicate column keeps the row's last value", "[yuma][math]") {
  const std::vector<I32F32> stake = {f(0.5), f(0.5)};
  const SparseMatrix w = rows({{{0, 1.0}, {0, 0.25}}, {{0, 0.25}}});
  CHECK(bits(weighted_median_col_sparse(stake, w, 1, f(0.5))) == std::vector<std::int64_t>{kOne / 4});
  // Stakes whose sum wraps take the literal recursion; same duplicate rule.
  const std::vector<I32F32> big = {I32F32::max(), I32F32::one()};  // normalises to negative stakes
  CHECK(bits(weighted_median_col_sparse(big, w, 1, f(0.5))) ==
        bits(weighted_median_col(big, DenseMatrix{{f(0.25)}, {f(0.25)}}, f(0.5))));
}

namespace {
// The literal recursion's columns for a sparse matrix: a dense columns-wide copy (a duplicate
// column in a row keeps its last value, columns >= `cols` dropped), as the Rust code fills it.
DenseMatrix densify(const SparseMatrix& m, std::size_t cols) {
  DenseMatrix d(m.rows(), std::vector<I32F32>(cols, I32F32::zero()));
  for (std::size_t i = 0; i < m.rows(); ++i)
    for (const auto& e : m.row(i))
      if (e.col < cols) d[i][e.col] = e.val;
  return d;
}
}  // namespace

// The bucket selection (rows with strictly ascending columns, scores in [0, 2^52)) on matrices wide
// enough for several column blocks and both threads: scores below 80 (keys of one value), ties
// inside one key, scores up to 1 (and up to 2^51 without the promise), zero-stake rows, empty and
// all-zero columns, entries past the last column; with and without the caller's promise.
TEST_CASE("weighted_median_col_sparse buckets equal the literal recursion", "[yuma][math]") {
  std::mt19937_64 rng(19);
  for (int round = 0; round < 24; ++round) {
    const std::size_t n = 20 + rng() % 220;
    const std::size_t cols = 60 + rng() % 400;
    std::vector<I32F32> stake(n);
    for (auto& s : stake) s = rng() % 5 == 0 ? I32F32::zero() : b(static_cast<std::int64_t>(rng() % kOne));
    inplace_normalize(stake);
    const int kind = round % 6;
    const bool unit = kind != 5;
    auto score = [&](std::size_t j) -> std::int64_t {
      switch (kind) {
        case 0:
          return static_cast<std::int64_t>(rng() % (kOne + 1));  // [0, 1]
        case 1:
          return static_cast<std::int64_t>(rng() % 90);  // small: keys of one value
        case 2:  // ties inside one key, and column j's scores near j << 20
          return static_cast<std::int64_t>((j << 20) + (rng() % 4) * 1000);
        case 3:
          return rng() % 3 == 0 ? 0 : kOne;  // zeros and ones
        case 4:
          return static_cast<std::int64_t>(rng() % 3) << (rng() % 32);  // powers of two (<= 1), zeros
        default:
          return static_cast<std::int64_t>(rng() >> (13 + rng() % 40));  // up to 2^51
      }
    };
    SparseMatrix sparse;
    const int density = 1 + static_cast<int>(rng() % 4);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < cols + 3; ++j) {  // a few entries past the last column
        if (j % 7 == 3) continue;                   // empty columns
        if (static_cast<int>(rng() % 4) >= density) continue;
        sparse.push(static_cast<std::uint16_t>(j), b(j % 11 == 5 ? 0 : score(j)));  // all-zero columns
      }
      sparse.end_row();
    }
    const DenseMatrix dense = densify(sparse, cols);
    for (std::uint16_t k :
         {std::uint16_t{1}, std::uint16_t{20000}, std::uint16_t{32768}, std::uint16_t{65000}}) {
      const I32F32 kappa = u16_proportion_to_fixed(k);
      INFO("round " << round << " kappa " << k);
      const auto want = bits(weighted_median_col(stake, dense, kappa));
      const auto c16 = static_cast<std::uint16_t>(cols);
      CHECK(bits(weighted_median_col_sparse(stake, sparse, c16, kappa, 1, false)) == want);
      CHECK(bits(weighted_median_col_sparse(stake, sparse, c16, kappa, 2, false)) == want);
      if (unit) {
        CHECK(bits(weighted_median_col_sparse(stake, sparse, c16, kappa, 1, true)) == want);
        CHECK(bits(weighted_median_col_sparse(stake, sparse, c16, kappa, 2, true)) == want);
      }
    }
  }
}

// Inputs outside the bucket selection's shape take the general gather: unsorted rows, duplicate
// columns, negative scores, scores of 2^52 and more (and >= 2^47, past the one-word cells), a
// majority above the stake sum (minority < 0) and kappa 0 (minority = stake sum).
TEST_CASE("weighted_median_col_sparse fallbacks equal the literal recursion", "[yuma][math]") {
  std::mt19937_64 rng(23);
  for (int round = 0; round < 60; ++round) {
    const std::size_t n = 5 + rng() % 120;
    const std::size_t cols = 1 + rng() % 90;
    std::vector<I32F32> stake(n);
    for (auto& s : stake) s = rng() % 5 == 0 ? I32F32::zero() : b(static_cast<std::int64_t>(rng() % kOne));
    inplace_normalize(stake);
    const int kind = round % 6;
    SparseMatrix sparse;
    for (std::size_t i = 0; i < n; ++i) {
      std::vector<std::pair<std::uint16_t, std::int64_t>> row;
      for (std::size_t j = 0; j < cols; ++j) {
        if (rng() % 3 == 0) continue;
        std::int64_t v = static_cast<std::int64_t>(rng() % (kOne + 1));
        if (kind == 2 && rng() % 9 == 0) v = -v;  // negative
        if (kind == 3 && rng() % 9 == 0)
          v = (std::int64_t{1} << 52) + static_cast<std::int64_t>(rng() % 5);      // >= 2^52
        if (kind == 4 && rng() % 9 == 0) v = std::int64_t{1} << (47 + rng() % 5);  // >= 2^47
        row.emplace_back(static_cast<std::uint16_t>(j), v);
        if (kind == 1 && rng() % 5 == 0)  // a duplicate column: the later value wins
          row.emplace_back(static_cast<std::uint16_t>(j), static_cast<std::int64_t>(rng() % (kOne + 1)));
      }
      if (kind == 0 || kind == 5) std::shuffle(row.begin(), row.end(), rng);  // unsorted
      for (const auto& [j, v] : row) sparse.push(j, b(v));
      sparse.end_row();
    }
    const DenseMatrix dense = densify(sparse, cols);
    const I32F32 above_sum = b(sum(stake).to_bits() + 5);  // majority > stake sum: minority < 0
    for (I32F32 kappa : {u16_proportion_to_fixed(0), u16_proportion_to_fixed(30000), above_sum}) {
      INFO("round " << round << " kappa " << kappa.to_bits());
      const auto c16 = static_cast<std::uint16_t>(cols);
      CHECK(bits(weighted_median_col_sparse(stake, sparse, c16, kappa, 1)) ==
            bits(weighted_median_col(stake, dense, kappa)));
    }
  }
}

TEST_CASE("u16_proportion_to_fixed equals the fixed-point division for every u16", "[yuma][math]") {
  const I32F32 u16max = I32F32::saturating_from_num(65535);
  for (std::uint32_t x = 0; x <= 65535; ++x) {
    const I32F32 slow = I32F32::saturating_from_num(x).safe_div(u16max);
    REQUIRE(u16_proportion_to_fixed(static_cast<std::uint16_t>(x)) == slow);
    REQUIRE(fixed_to_fixed_u16_proportion(I32F32::saturating_from_num(x)) == slow);
  }
}

TEST_CASE("threaded column medians and bond EMA equal the single-thread results", "[yuma][math]") {
  // Large enough (> 20k entries) for the work to be split.
  std::mt19937_64 rng(3);
  const std::size_t n = 300;
  std::vector<I32F32> stake(n);
  for (auto& s : stake) s = rng() % 4 == 0 ? I32F32::zero() : b(static_cast<std::int64_t>(rng() % kOne));
  inplace_normalize(stake);
  SparseMatrix w, prev;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      if (rng() % 4 != 0) w.push(static_cast<std::uint16_t>(j), b(static_cast<std::int64_t>(rng() % kOne)));
      if (rng() % 3 != 0)
        prev.push(static_cast<std::uint16_t>(j), b(static_cast<std::int64_t>(rng() % kOne)));
    }
    w.end_row();
    prev.end_row();
  }
  REQUIRE(w.nnz() > 40000);
  const I32F32 kappa = u16_proportion_to_fixed(32767);
  const auto m1 = weighted_median_col_sparse(stake, w, static_cast<std::uint16_t>(n), kappa, 1);
  CHECK(bits(weighted_median_col_sparse(stake, w, static_cast<std::uint16_t>(n), kappa, 2)) == bits(m1));
  CHECK(bits(weighted_median_col_sparse(stake, w, static_cast<std::uint16_t>(n), kappa, 3)) == bits(m1));
  const I32F32 alpha = f(0.1);
  CHECK(dump(mat_ema_sparse(w, prev, alpha, 2)) == dump(mat_ema_sparse(w, prev, alpha, 1)));
  CHECK(dump(mat_ema_sparse(w, prev, alpha, 3)) == dump(mat_ema_sparse(w, prev, alpha, 1)));
}
