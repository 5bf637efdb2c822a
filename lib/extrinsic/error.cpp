// SPDX-License-Identifier: MIT
#include <bt/extrinsic/error.hpp>

#include "detail/error_category.hpp"

namespace bt::extrinsic {
BT_DEFINE_ERROR_CATEGORY_FROM_CODES(ExtrinsicError, extrinsic_category, "bt.extrinsic",
                                    BT_EXTRINSIC_ERROR_CODES)
}  // namespace bt::extrinsic
