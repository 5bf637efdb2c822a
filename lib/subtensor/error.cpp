// SPDX-License-Identifier: MIT
#include <bt/subtensor/error.hpp>

#include "detail/error_category.hpp"

namespace bt::subtensor {
BT_DEFINE_ERROR_CATEGORY_FROM_CODES(SubtensorError, subtensor_category, "bt.subtensor",
                                    BT_SUBTENSOR_ERROR_CODES)
}  // namespace bt::subtensor
