// SPDX-License-Identifier: MIT
// Weights for set_weights / commit_weights, exactly as the bittensor Python SDK prepares them.
//
//   std::vector<std::int64_t> uids = {0, 1, 2};
//   std::vector<float> w = {0.5f, 0.25f, 0.0f};
//   auto emit = bt::subtensor::convert_weights_and_uids_for_emit(uids, w).value();
//   // emit.uids == {0, 1}, emit.weights == {65535, 32768}
//   auto call = bt::subtensor::set_weights_call(md, netuid, emit, version_key).value();
//
// convert_weights_and_uids_for_emit mirrors bittensor `utils/weight_utils.py`: float32 inputs are
// widened to double (numpy .tolist()); negatives, NaN/inf and length mismatch are rejected; an
// all-zero vector gives empty outputs; otherwise each weight is divided by the maximum, multiplied
// by 65535 and rounded half-to-even (Python round); entries that round to 0 are dropped.
#pragma once

#include <bt/bytes.hpp>
#include <bt/crypto/ss58.hpp>
#include <bt/metadata/metadata.hpp>
#include <bt/result.hpp>
#include <bt/subtensor/error.hpp>
#include <cstdint>
#include <span>
#include <vector>

namespace bt::subtensor {

struct EmitWeights {
  std::vector<std::uint16_t> uids;
  std::vector<std::uint16_t> weights;
  friend bool operator==(const EmitWeights&, const EmitWeights&) = default;
};

// See the file comment. Errors: SubtensorError::{empty_input, length_mismatch, negative_weight,
// negative_uid, uid_out_of_range, non_finite_weight}.
Result<EmitWeights> convert_weights_and_uids_for_emit(std::span<const std::int64_t> uids,
                                                      std::span<const float> weights);
// Same with double weights (no float32 widening step).
Result<EmitWeights> convert_weights_and_uids_for_emit(std::span<const std::int64_t> uids,
                                                      std::span<const double> weights);

// --- bittensor's process_weights / normalize_max_weight (utils/weight_utils.py), bit for bit ---
// The SDK computes these with numpy on float32 arrays; the results here are those of numpy >= 2 (NEP 50
// promotion, which bittensor >= 9 requires): a Python float meeting a float32 array or scalar is rounded to
// float32 first, a numpy float64 scalar (e.g. the cutoff) is not; `x.sum()` is numpy's pairwise summation
// (blocks of 8 accumulators, splits above 128 elements), `np.cumsum` is sequential, `np.quantile` is the
// "linear" method with q rounded to the array's dtype.

// numpy's add.reduce of a contiguous float32 / float64 array (pairwise summation in the array's dtype).
float numpy_sum(std::span<const float> x) noexcept;
double numpy_sum(std::span<const double> x) noexcept;

// normalize_max_weight(x, limit): scales x so that it sums to 1 and no entry exceeds `limit` (entries above
// the computed cutoff are clipped to it first). All zero, empty, or len(x) * limit <= 1: 1/len(x) each.
// The float overload is the SDK's float32 path, the double overload its float64 path (the one
// process_weights takes when fewer than min_allowed_weights are non-zero).
std::vector<float> normalize_max_weight(std::span<const float> x, double limit = 0.1);
std::vector<double> normalize_max_weight(std::span<const double> x, double limit = 0.1);

// The result of process_weights: uids and weights as the SDK returns them. `float32` tells the numpy dtype
// of the weights (float32 on the main path, float64 on the two fallback paths); each value is held exactly.
struct ProcessedWeights {
  std::vector<std::int64_t> uids;
  std::vector<double> weights;
  bool float32 = true;
};

// bittensor's process_weights(uids, weights, num_neurons, min_allowed_weights, max_weight_limit,
// exclude_quantile):
//  - no positive weight, or num_neurons < min_allowed_weights: every uid 0..num_neurons-1 with 1/num_neurons
//    (float64);
//  - fewer positive weights than min_allowed_weights: 1e-5 for every uid 0..num_neurons-1 plus the positive
//    weights at their positions, normalized (float64 path) -- a position >= num_neurons is
//    SubtensorError::invalid_argument (numpy raises IndexError);
//  - otherwise the positive weights, minus those below the exclude_quantile / 65535 quantile (at most
//    len - min_allowed_weights of them), normalized with normalize_max_weight (float32).
// Weights <= 0 or NaN are dropped like numpy's `weights > 0`. Errors: SubtensorError::length_mismatch,
// non_finite_weight (an infinite weight), invalid_argument.
Result<ProcessedWeights> process_weights(std::span<const std::int64_t> uids, std::span<const float> weights,
                                         std::uint64_t num_neurons, std::uint64_t min_allowed_weights,
                                         double max_weight_limit, std::int64_t exclude_quantile = 0);

// The SDK's u16_normalized_float: x / 65535 as a double (max_weight_limit from MaxWeightsLimit).
double u16_normalized_float(std::uint16_t x) noexcept;

// Python's round() for doubles: nearest integer, ties to even (independent of the FP rounding mode).
double round_half_even(double x) noexcept;

// The commit hash of commit_weights (CR v2): blake2b-256 of SCALE
// (AccountId32 hotkey, u16 netuid_index, Vec<u16> uids, Vec<u16> values, Vec<u16> salt, u64 version_key).
// netuid_index = netuid + mechanism_id * 4096.
Hash256 commit_weights_hash(const crypto::AccountId32& hotkey, std::uint16_t netuid_index,
                            std::span<const std::uint16_t> uids, std::span<const std::uint16_t> values,
                            std::span<const std::uint16_t> salt, std::uint64_t version_key);

}  // namespace bt::subtensor
