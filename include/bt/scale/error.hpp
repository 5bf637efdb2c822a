// SPDX-License-Identifier: MIT
// Error codes of the SCALE codec (category "bt.scale"; Python: bittensor_cpp.DecodeError).
#pragma once

#include <bt/error.hpp>

namespace bt::scale {

// The codes, each with its value and message, written once: X(enumerator, value, message). The enum
// and the category's messages (lib/scale/error.cpp) are both generated from this list.
#define BT_SCALE_DECODE_ERROR_CODES(X)                                          \
  /* the input ends before the value does */                                    \
  X(not_enough_data, 1, "SCALE decode: not enough data")                        \
  /* a compact integer is non-canonical or too large for its target type */     \
  X(invalid_compact, 2, "SCALE decode: invalid compact integer")                \
  /* a bool byte other than 0 or 1 (or an Option<bool> byte other than 0..2) */ \
  X(invalid_bool, 3, "SCALE decode: invalid bool")                              \
  /* an enum / Option / Result index that the type does not have */             \
  X(invalid_variant, 4, "SCALE decode: invalid variant index")                  \
  /* decode<T>() consumed a value but input remains */                          \
  X(trailing_bytes, 5, "SCALE decode: trailing bytes")                          \
  /* a length prefix larger than the remaining input could possibly hold */     \
  X(length_too_large, 6, "SCALE decode: length larger than the input")          \
  /* a string that is not valid UTF-8 */                                        \
  X(invalid_utf8, 7, "SCALE decode: invalid UTF-8")                             \
  /* a char that is not a Unicode scalar value */                               \
  X(invalid_char, 8, "SCALE decode: invalid char")                              \
  /* nesting deeper than the decoder allows (forged recursive input) */         \
  X(depth_limit, 9, "SCALE decode: nesting too deep")                           \
  /* encoding into a pre-sized buffer that is too short */                      \
  X(buffer_too_small, 10, "SCALE encode: output buffer too small")

enum class DecodeError { BT_SCALE_DECODE_ERROR_CODES(BT_ERROR_ENUMERATOR) };

BT_DECLARE_ERROR_ENUM(DecodeError, decode_category);

}  // namespace bt::scale

template <>
struct std::is_error_code_enum<bt::scale::DecodeError> : std::true_type {};
