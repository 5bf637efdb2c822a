// SPDX-License-Identifier: MIT
// Error codes of the subtensor module (category "bt.subtensor").
#pragma once

#include <bt/error.hpp>

namespace bt::subtensor {

enum class SubtensorError {
  negative_weight = 1,  // a weight < 0 (bittensor raises ValueError)
  negative_uid,         // a uid < 0
  uid_out_of_range,     // a uid > 65535 (does not fit the chain's u16)
  non_finite_weight,    // NaN or infinity
  length_mismatch,      // uids and weights of different lengths
  empty_input,          // no uids/weights at all (bittensor: min() of an empty list raises)
};

BT_DECLARE_ERROR_ENUM(SubtensorError, subtensor_category);

}  // namespace bt::subtensor

template <>
struct std::is_error_code_enum<bt::subtensor::SubtensorError> : std::true_type {};
