// SPDX-License-Identifier: MIT
// Ports of subtensor pallets/subtensor/src/tests/math.rs: weighted_median (head 14bc6f9f) and the
// Feb-2025 quantile (e2b8367b). Same expected literals.
#include <algorithm>
#include <bt/yuma/math.hpp>
#include <catch2/catch.hpp>
#include <numeric>
#include <random>

#include "yuma/mathrs_support.hpp"

using namespace bt::yuma::math;
using namespace bt::yuma::mathrs_test;

namespace {
// weighted_median over the whole vector with the arguments the Rust test passes:
// (stake, score, 0..n, one - majority, zero, sum(stake)).
I32F32 median_of(const std::vector<float>& stake_f, const std::vector<float>& score_f, float majority) {
  const auto stake = vec_to_fixed(stake_f), score = vec_to_fixed(score_f);
  std::vector<std::size_t> idx(stake.size());
  std::iota(idx.begin(), idx.end(), std::size_t{0});
  return weighted_median(stake, score, idx, fixed(1.f) - fixed(majority), fixed(0.f), sum(stake));
}
}  // namespace

// The Rust test draws its random columns from rand::rng() (an unseeded thread RNG), so its exact
// sequence cannot be reproduced. The fixed cases are ported as they are; the randomized part keeps
// its invariant (the result is one of the scores at the minority stake boundary, also after
// shuffling the rows) with a seeded std::mt19937_64 in place of rand, same sizes and loop counts.
TEST_CASE("math.rs test_math_weighted_median", "[yuma][mathrs]") {
  const I32F32 zero = fixed(0.f), one = fixed(1.f);
  CHECK(median_of({}, {}, 0.51f) == zero);
  {
    // stake = normalize(&vec_to_fixed(&[0.51])): normalize is x / sum(x), i.e. inplace_normalize.
    std::vector<I32F32> stake = vec_to_fixed({0.51f});
    inplace_normalize(stake);
    const std::vector<std::size_t> idx = {0};
    CHECK(weighted_median(stake, vec_to_fixed({1.f}), idx, one - fixed(0.51f), zero, sum(stake)) == one);
  }
  CHECK(median_of({0.49f, 0.51f}, {0.5f, 1.f}, 0.51f) == one);
  CHECK(median_of({0.51f, 0.49f}, {0.5f, 1.f}, 0.51f) == fixed(0.5f));
  CHECK(median_of({0.49f, 0.f, 0.51f}, {0.5f, 0.7f, 1.f}, 0.51f) == one);
  CHECK(median_of({0.49f, 0.01f, 0.5f}, {0.5f, 0.7f, 1.f}, 0.51f) == fixed(0.7f));
  CHECK(median_of({0.49f, 0.51f, 0.0f}, {0.5f, 0.7f, 1.f}, 0.51f) == fixed(0.7f));
  CHECK(median_of({0.0f, 0.49f, 0.51f}, {0.5f, 0.7f, 1.f}, 0.51f) == one);
  CHECK(median_of({0.0f, 0.49f, 0.0f, 0.51f}, {0.5f, 0.5f, 1.f, 1.f}, 0.51f) == one);
  CHECK(median_of({0.0f, 0.49f, 0.0f, 0.51f, 0.0f}, {0.5f, 0.5f, 1.f, 1.f, 0.5f}, 0.51f) == one);
  CHECK(median_of({0.2f, 0.2f, 0.2f, 0.2f, 0.2f}, {0.8f, 0.2f, 1.f, 0.6f, 0.4f}, 0.51f) == fixed(0.6f));
  CHECK(median_of(std::vector<float>(10, 0.1f), {0.8f, 0.8f, 0.2f, 0.2f, 1.0f, 1.0f, 0.6f, 0.6f, 0.4f, 0.4f},
                  0.51f) == fixed(0.6f));

  std::mt19937_64 rng(0x6d617468);  // "math"
  auto coin = [&] { return (rng() & 1) == 1; };
  const std::size_t n = 100;
  for (int round = 0; round < 100; ++round) {
    for (I32F32 majority : vec_to_fixed(
             {0.f, 0.0000001f, 0.25f, 0.49f, 0.49f, 0.49f, 0.5f, 0.51f, 0.51f, 0.51f, 0.9999999f, 1.f})) {
      for (bool allow_equal : {false, true}) {
        std::vector<I32F32> stake, score;
        I32F32 last_score = zero;
        for (std::size_t i = 0; i < n; ++i) {
          if (allow_equal) {
            stake.push_back(coin() ? one : zero);
            if (coin()) last_score += one;
            score.push_back(last_score);
          } else {
            stake.push_back(one);
            score.push_back(I32F32::saturating_from_num(i));
          }
        }
        inplace_normalize(stake);
        const I32F32 total_stake = sum(stake);
        I32F32 minority = total_stake - majority;
        if (minority < zero) minority = zero;
        // The scores at which the cumulative stake first reaches the minority (any of them is a
        // valid answer), as the Rust test computes them.
        std::vector<I32F32> medians;
        I32F32 median_stake = zero, stake_sum = zero;
        bool median_set = false;
        auto add = [&](I32F32 v) {
          if (std::find(medians.begin(), medians.end(), v) == medians.end()) medians.push_back(v);
        };
        for (std::size_t i = 0; i < n; ++i) {
          stake_sum += stake[i];
          if (!median_set && stake_sum >= minority) {
            median_stake = stake_sum;
            median_set = true;
          }
          if (median_set) {
            if (median_stake < stake_sum) {
              if (median_stake == minority) add(score[i]);
              break;
            }
            add(score[i]);
          }
        }
        if (medians.empty()) medians.push_back(zero);
        std::vector<std::size_t> stake_idx(n);
        std::iota(stake_idx.begin(), stake_idx.end(), std::size_t{0});
        auto is_median = [&](I32F32 r) {
          return std::find(medians.begin(), medians.end(), r) != medians.end();
        };
        CHECK(is_median(weighted_median(stake, score, stake_idx, minority, zero, total_stake)));
        for (int k = 0; k < 10; ++k) {
          std::vector<std::size_t> permuted(n);
          std::iota(permuted.begin(), permuted.end(), std::size_t{0});
          for (std::size_t i = n - 1; i > 0; --i) std::swap(permuted[i], permuted[rng() % (i + 1)]);
          std::vector<I32F32> s2(n), c2(n);
          for (std::size_t i = 0; i < n; ++i) {
            s2[i] = stake[permuted[i]];
            c2[i] = score[permuted[i]];
          }
          stake = std::move(s2);
          score = std::move(c2);
          CHECK(is_median(weighted_median(stake, score, stake_idx, minority, zero, total_stake)));
        }
      }
    }
  }
}

TEST_CASE("math.rs feb2025 test_quantile", "[yuma][mathrs]") {
  const std::vector<I32F32> data = {from_f64(1.0), from_f64(2.0), from_f64(3.0), from_f64(4.0),
                                    from_f64(5.0)};
  CHECK(quantile(data, 0.0) == from_f64(1.0));
  CHECK(quantile(data, 0.25) == from_f64(2.0));
  CHECK(quantile(data, 0.5) == from_f64(3.0));
  CHECK(quantile(data, 0.66) == from_f64(3.64));
  CHECK(quantile(data, 0.75) == from_f64(4.0));
  CHECK(quantile(data, 1.0) == from_f64(5.0));
}

// ---- moved from mathrs_test.cpp (which ran both Rust tests in one TEST_CASE), now also run on the
// spec143 helpers. The dense and the sparse Rust tests use the same data and expectations.

namespace {
const std::vector<float> kWeights = {0., 0.1, 0., 0., 0.2, 0.4, 0., 0.3, 0.1, 0., 0.4, 0.5};
const std::vector<float> kWeights2 = {0., 0.1, 0., 0., 0.2, 0.4, 0., 0.3, 0.1, 0., 0., 0.5};

// `median(stake, weights as a row-major float list with 4 rows (or 2), majority)` for one variant.
template <class Median>
void weighted_median_col_cases(Median median) {
  CHECK(median(vec_to_fixed({}), std::vector<float>{}, 1, fixed(0.5)).empty());
  CHECK(median(vec_to_fixed({0., 0.}), std::vector<float>{0., 0., 0., 0.}, 2, fixed(0.5)) ==
        vec_to_fixed({0., 0.}));
  const auto stake = vec_to_fixed({0., 0.75, 0.25, 0.});
  CHECK(median(stake, kWeights, 4, fixed(0.24)) == vec_to_fixed({0., 0.3, 0.4}));
  CHECK(median(stake, kWeights, 4, fixed(0.26)) == vec_to_fixed({0., 0.2, 0.4}));
  CHECK(median(stake, kWeights, 4, fixed(0.76)) == vec_to_fixed({0., 0.2, 0.1}));
  CHECK(median(vec_to_fixed({0., 0.3, 0.2, 0.5}), kWeights2, 4, fixed(0.51)) == vec_to_fixed({0., 0., 0.4}));
}
// An empty weight list stands for the Rust `vec![vec![]]` (one empty row, no columns).
template <class F>
auto dense_median(F weighted_median_col) {
  return
      [=](const std::vector<I32F32>& stake, const std::vector<float>& w, std::size_t rows, I32F32 majority) {
        const DenseMatrix m = w.empty() ? DenseMatrix(1) : vec_to_mat_fixed(w, rows, false);
        return weighted_median_col(stake, m, majority);
      };
}
template <class F>
auto sparse_median(F weighted_median_col_sparse) {
  return
      [=](const std::vector<I32F32>& stake, const std::vector<float>& w, std::size_t rows, I32F32 majority) {
        const SparseMatrix m = w.empty() ? SparseMatrix(1) : vec_to_sparse_mat_fixed(w, rows, false);
        return weighted_median_col_sparse(stake, m, static_cast<std::uint16_t>(w.size() / rows), majority);
      };
}
}  // namespace

TEST_CASE("math.rs test_math_weighted_median_col", "[yuma][mathrs]") {
  weighted_median_col_cases(dense_median(BT_MATHRS_FN(bt::yuma::math, weighted_median_col)));
}
TEST_CASE("math.rs spec143 test_math_weighted_median_col", "[yuma][mathrs]") {
  weighted_median_col_cases(dense_median(BT_MATHRS_FN(s143, weighted_median_col)));
}
TEST_CASE("math.rs test_math_weighted_median_col_sparse", "[yuma][mathrs]") {
  weighted_median_col_cases(sparse_median(BT_MATHRS_FN(bt::yuma::math, weighted_median_col_sparse)));
}
TEST_CASE("math.rs spec143 test_math_weighted_median_col_sparse", "[yuma][mathrs]") {
  weighted_median_col_cases(sparse_median(BT_MATHRS_FN(s143, weighted_median_col_sparse)));
}
