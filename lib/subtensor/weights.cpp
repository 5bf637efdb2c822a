// SPDX-License-Identifier: MIT
#include <bt/crypto/hashing.hpp>
#include <bt/scale/encoder.hpp>
#include <bt/subtensor/weights.hpp>
#include <cmath>
#include <string>

namespace bt::subtensor {
namespace {

template <class W>
Result<EmitWeights> convert(std::span<const std::int64_t> uids, std::span<const W> weights) {
  if (uids.empty() || weights.empty())
    return fail(SubtensorError::empty_input, "uids and weights must be non-empty");
  // bittensor checks min(weights) < 0, then min(uids) < 0, then the lengths.
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const double w = static_cast<double>(weights[i]);
    if (!std::isfinite(w)) return fail(SubtensorError::non_finite_weight, "weight #" + std::to_string(i));
    if (w < 0) return fail(SubtensorError::negative_weight, "weight #" + std::to_string(i));
  }
  for (std::size_t i = 0; i < uids.size(); ++i) {
    if (uids[i] < 0) return fail(SubtensorError::negative_uid, "uid #" + std::to_string(i));
    if (uids[i] > 0xffff) return fail(SubtensorError::uid_out_of_range, "uid #" + std::to_string(i));
  }
  if (uids.size() != weights.size())
    return fail(SubtensorError::length_mismatch,
                std::to_string(uids.size()) + " uids, " + std::to_string(weights.size()) + " weights");
  double sum = 0, max = 0;
  for (const W& w : weights) {
    sum += static_cast<double>(w);
    if (static_cast<double>(w) > max) max = static_cast<double>(w);
  }
  EmitWeights out;
  if (sum == 0) return out;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const double scaled = static_cast<double>(weights[i]) / max;
    const double v = round_half_even(scaled * 65535.0);
    if (v != 0) {
      out.uids.push_back(static_cast<std::uint16_t>(uids[i]));
      out.weights.push_back(static_cast<std::uint16_t>(v));
    }
  }
  return out;
}

void put_u16_vec(scale::Encoder& e, std::span<const std::uint16_t> v) {
  e.put_compact(v.size());
  for (std::uint16_t x : v) e.put_le<std::uint16_t>(x);
}

}  // namespace

double round_half_even(double x) noexcept {
  const double f = std::floor(x);
  const double diff = x - f;  // exact for |x| < 2^52
  if (diff > 0.5) return f + 1;
  if (diff < 0.5) return f;
  return std::fmod(f, 2.0) == 0 ? f : f + 1;
}

Result<EmitWeights> convert_weights_and_uids_for_emit(std::span<const std::int64_t> uids,
                                                      std::span<const float> weights) {
  return convert<float>(uids, weights);
}
Result<EmitWeights> convert_weights_and_uids_for_emit(std::span<const std::int64_t> uids,
                                                      std::span<const double> weights) {
  return convert<double>(uids, weights);
}

Hash256 commit_weights_hash(const crypto::AccountId32& hotkey, std::uint16_t netuid_index,
                            std::span<const std::uint16_t> uids, std::span<const std::uint16_t> values,
                            std::span<const std::uint16_t> salt, std::uint64_t version_key) {
  scale::Encoder e;
  e.put_bytes(hotkey.view());
  e.put_le<std::uint16_t>(netuid_index);
  put_u16_vec(e, uids);
  put_u16_vec(e, values);
  put_u16_vec(e, salt);
  e.put_le<std::uint64_t>(version_key);
  return crypto::blake2b_256(e.bytes());
}

}  // namespace bt::subtensor
