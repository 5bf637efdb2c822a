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

// Python's round() for doubles: nearest integer, ties to even (independent of the FP rounding mode).
double round_half_even(double x) noexcept;

// The commit hash of commit_weights (CR v2): blake2b-256 of SCALE
// (AccountId32 hotkey, u16 netuid_index, Vec<u16> uids, Vec<u16> values, Vec<u16> salt, u64 version_key).
// netuid_index = netuid + mechanism_id * 4096.
Hash256 commit_weights_hash(const crypto::AccountId32& hotkey, std::uint16_t netuid_index,
                            std::span<const std::uint16_t> uids, std::span<const std::uint16_t> values,
                            std::span<const std::uint16_t> salt, std::uint64_t version_key);

}  // namespace bt::subtensor
