// SPDX-License-Identifier: MIT
// Error codes of the SCALE codec (category "bt.scale"; Python: bittensor_cpp.DecodeError).
#pragma once

#include <bt/error.hpp>

namespace bt::scale {

enum class DecodeError {
  not_enough_data = 1,  // the input ends before the value does
  invalid_compact,      // a compact integer is non-canonical or too large for its target type
  invalid_bool,         // a bool byte other than 0 or 1 (or an Option<bool> byte other than 0..2)
  invalid_variant,      // an enum / Option / Result index that the type does not have
  trailing_bytes,       // decode<T>() consumed a value but input remains
  length_too_large,     // a length prefix larger than the remaining input could possibly hold
  invalid_utf8,         // a string that is not valid UTF-8
  invalid_char,         // a char that is not a Unicode scalar value
  depth_limit,          // nesting deeper than the decoder allows (forged recursive input)
  buffer_too_small,     // encoding into a pre-sized buffer that is too short
};

BT_DECLARE_ERROR_ENUM(DecodeError, decode_category);

}  // namespace bt::scale

template <>
struct std::is_error_code_enum<bt::scale::DecodeError> : std::true_type {};
