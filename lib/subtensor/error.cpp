// SPDX-License-Identifier: MIT
#include <bt/subtensor/error.hpp>

#include "detail/error_category.hpp"

namespace bt::subtensor {
namespace {
const char* subtensor_error_message(SubtensorError e) {
  switch (e) {
    case SubtensorError::negative_weight:
      return "negative weight";
    case SubtensorError::negative_uid:
      return "negative uid";
    case SubtensorError::uid_out_of_range:
      return "uid does not fit u16";
    case SubtensorError::non_finite_weight:
      return "weight is NaN or infinite";
    case SubtensorError::length_mismatch:
      return "uids and weights differ in length";
    case SubtensorError::empty_input:
      return "no uids/weights";
  }
  return "unknown subtensor error";
}
}  // namespace
BT_DEFINE_ERROR_CATEGORY(SubtensorError, subtensor_category, "bt.subtensor", subtensor_error_message)
}  // namespace bt::subtensor
