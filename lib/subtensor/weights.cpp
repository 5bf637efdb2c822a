// SPDX-License-Identifier: MIT
#include <algorithm>
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

// ---------------------------------------------------------------------------------------------------------
// process_weights / normalize_max_weight (numpy >= 2 semantics; see weights.hpp)
namespace bt::subtensor {
namespace {

// numpy's pairwise summation (numpy/_core/src/umath/loops_utils.h.src), in the element type.
template <class T>
T pairwise_sum(const T* a, std::size_t n) noexcept {
  if (n < 8) {
    T res = -0.0;
    for (std::size_t i = 0; i < n; ++i) res += a[i];
    return res;
  }
  if (n <= 128) {
    T r[8];
    for (int j = 0; j < 8; ++j) r[j] = a[j];
    std::size_t i = 8;
    for (; i < n - (n % 8); i += 8)
      for (int j = 0; j < 8; ++j) r[j] += a[i + j];
    T res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) res += a[i];
    return res;
  }
  std::size_t n2 = n / 2;
  n2 -= n2 % 8;
  return pairwise_sum(a, n2) + pairwise_sum(a + n2, n - n2);
}

// add.reduce starts from the identity 0 and adds the pairwise sum of all elements.
template <class T>
T np_sum(std::span<const T> x) noexcept {
  return static_cast<T>(T(0) + pairwise_sum(x.data(), x.size()));
}

template <class T>
std::vector<T> normalize(std::span<const T> x, double limit) {
  constexpr double epsilon = 1e-7;
  const std::size_t n = x.size();
  std::vector<T> weights(x.begin(), x.end());
  if (n == 0) return weights;
  // `limit` and `epsilon` are Python floats: in an operation with a T array or scalar they become T.
  const T limit_t = static_cast<T>(limit);
  const T eps_t = static_cast<T>(epsilon);
  if (np_sum(x) == T(0) || static_cast<double>(n) * limit <= 1) {
    // np.ones_like(x) / x.shape[0]: the Python int becomes T
    return std::vector<T>(n, T(1) / static_cast<T>(n));
  }
  std::vector<T> values(x.begin(), x.end());
  std::sort(values.begin(), values.end());
  const T vsum = np_sum(std::span<const T>(values));
  std::vector<T> est(n);
  for (std::size_t i = 0; i < n; ++i) est[i] = values[i] / vsum;
  const T est_max = *std::max_element(est.begin(), est.end());
  const T wsum = np_sum(std::span<const T>(weights));
  if (est_max <= limit_t) {
    for (auto& w : weights) w = w / wsum;
    return weights;
  }
  std::vector<T> cumsum(n);
  T acc = 0;
  for (std::size_t i = 0; i < n; ++i) cumsum[i] = acc = acc + est[i];
  // estimation_sum[i] = (len - i - 1) * estimation[i] (Python int -> T)
  std::size_t n_values = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const T es = static_cast<T>(n - i - 1) * est[i];
    const T ratio = est[i] / ((es + cumsum[i]) + eps_t);
    if (ratio < limit_t) ++n_values;
  }
  // cumsum[n_values - 1] (index -1 = last when n_values == 0)
  const T c = cumsum[n_values == 0 ? n - 1 : n_values - 1];
  const T numerator = limit_t * c - eps_t;
  // limit * (len - n_values): Python float times np.int64 -> float64
  const double denominator = 1.0 - limit * static_cast<double>(static_cast<std::int64_t>(n - n_values));
  const double cutoff_scale = static_cast<double>(numerator) / denominator;  // np.float64
  const double cutoff = cutoff_scale * static_cast<double>(vsum);
  const T cutoff_t = static_cast<T>(cutoff);
  for (auto& w : weights)
    if (static_cast<double>(w) > cutoff) w = cutoff_t;
  const T sum = np_sum(std::span<const T>(weights));
  for (auto& w : weights) w = w / sum;
  return weights;
}

// np.quantile(a, q) with the "linear" method on float32 data, q rounded to float32 (numpy >= 2).
float quantile_linear(std::vector<float> a, double q) {
  std::sort(a.begin(), a.end());
  const std::size_t n = a.size();
  const float qf = static_cast<float>(q);
  const float vi = static_cast<float>(n - 1) * qf;  // (n - 1) * quantiles, in float32
  std::size_t prev, next;
  if (vi >= static_cast<float>(n - 1)) {
    prev = next = n - 1;
  } else {
    prev = static_cast<std::size_t>(std::floor(vi));
    next = prev + 1;
  }
  const float gamma = static_cast<float>(static_cast<double>(vi) - static_cast<double>(prev));
  const float lo = a[prev], hi = a[next];
  const float diff = hi - lo;
  if (gamma >= 0.5f) return hi - diff * (1.0f - gamma);
  return lo + diff * gamma;
}

}  // namespace

float numpy_sum(std::span<const float> x) noexcept { return np_sum(x); }
double numpy_sum(std::span<const double> x) noexcept { return np_sum(x); }

std::vector<float> normalize_max_weight(std::span<const float> x, double limit) {
  return normalize(x, limit);
}
std::vector<double> normalize_max_weight(std::span<const double> x, double limit) {
  return normalize(x, limit);
}

double u16_normalized_float(std::uint16_t x) noexcept { return static_cast<double>(x) / 65535.0; }

Result<ProcessedWeights> process_weights(std::span<const std::int64_t> uids, std::span<const float> weights,
                                         std::uint64_t num_neurons, std::uint64_t min_allowed_weights,
                                         double max_weight_limit, std::int64_t exclude_quantile) {
  if (uids.size() != weights.size())
    return fail(SubtensorError::length_mismatch,
                std::to_string(uids.size()) + " uids, " + std::to_string(weights.size()) + " weights");
  if (num_neurons > (std::uint64_t{1} << 32))
    return fail(SubtensorError::invalid_argument, "num_neurons too large");
  for (std::size_t i = 0; i < weights.size(); ++i)
    if (std::isinf(weights[i]))
      return fail(SubtensorError::non_finite_weight, "weight #" + std::to_string(i));
  std::vector<std::size_t> idx;
  for (std::size_t i = 0; i < weights.size(); ++i)
    if (weights[i] > 0) idx.push_back(i);  // NaN > 0 is false, as in numpy
  ProcessedWeights out;
  if (idx.empty() || num_neurons < min_allowed_weights) {
    out.float32 = false;
    for (std::uint64_t i = 0; i < num_neurons; ++i) {
      out.uids.push_back(static_cast<std::int64_t>(i));
      out.weights.push_back(1.0 / static_cast<double>(num_neurons));
    }
    return out;
  }
  if (idx.size() < min_allowed_weights) {
    std::vector<double> w(num_neurons, 1.0 * 1e-5);
    for (std::size_t i : idx) {
      if (i >= num_neurons)
        return fail(SubtensorError::invalid_argument,
                    "weight position " + std::to_string(i) + " is past num_neurons (numpy: IndexError)");
      w[i] = w[i] + static_cast<double>(weights[i]);
    }
    out.float32 = false;
    out.weights = normalize<double>(w, max_weight_limit);
    for (std::uint64_t i = 0; i < num_neurons; ++i) out.uids.push_back(static_cast<std::int64_t>(i));
    return out;
  }
  std::vector<float> nzw;
  std::vector<std::int64_t> nzu;
  for (std::size_t i : idx) {
    nzw.push_back(weights[i]);
    nzu.push_back(uids[i]);
  }
  const double quantile = static_cast<double>(exclude_quantile) / 65535.0;
  const double max_exclude =
      static_cast<double>(std::max<std::int64_t>(
          0, static_cast<std::int64_t>(nzw.size()) - static_cast<std::int64_t>(min_allowed_weights))) /
      static_cast<double>(nzw.size());
  const double q = std::min(quantile, max_exclude);
  if (q < 0) return fail(SubtensorError::invalid_argument, "exclude_quantile < 0 (numpy: ValueError)");
  const float lowest = quantile_linear(nzw, q);
  std::vector<float> kept;
  for (std::size_t i = 0; i < nzw.size(); ++i) {
    if (lowest <= nzw[i]) {
      kept.push_back(nzw[i]);
      out.uids.push_back(nzu[i]);
    }
  }
  auto norm = normalize<float>(kept, max_weight_limit);
  out.weights.assign(norm.begin(), norm.end());
  return out;
}

}  // namespace bt::subtensor
