// SPDX-License-Identifier: MIT
#include <bt/scale/error.hpp>

#include "detail/error_category.hpp"

namespace bt::scale {
BT_DEFINE_ERROR_CATEGORY_FROM_CODES(DecodeError, decode_category, "bt.scale", BT_SCALE_DECODE_ERROR_CODES)

}  // namespace bt::scale
