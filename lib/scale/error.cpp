// SPDX-License-Identifier: MIT
#include <bt/scale/error.hpp>

#include "detail/error_category.hpp"

namespace bt::scale {
namespace {
const char* decode_error_message(DecodeError e) {
  switch (e) {
    case DecodeError::not_enough_data: return "SCALE decode: not enough data";
    case DecodeError::invalid_compact: return "SCALE decode: invalid compact integer";
    case DecodeError::invalid_bool: return "SCALE decode: invalid bool";
    case DecodeError::invalid_variant: return "SCALE decode: invalid variant index";
    case DecodeError::trailing_bytes: return "SCALE decode: trailing bytes";
    case DecodeError::length_too_large: return "SCALE decode: length larger than the input";
    case DecodeError::invalid_utf8: return "SCALE decode: invalid UTF-8";
    case DecodeError::invalid_char: return "SCALE decode: invalid char";
    case DecodeError::depth_limit: return "SCALE decode: nesting too deep";
    case DecodeError::buffer_too_small: return "SCALE encode: output buffer too small";
  }
  return "SCALE: unknown error";
}
}  // namespace

BT_DEFINE_ERROR_CATEGORY(DecodeError, decode_category, "bt.scale", decode_error_message)

}  // namespace bt::scale
