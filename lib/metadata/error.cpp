// SPDX-License-Identifier: MIT
#include <bt/metadata/error.hpp>

#include "detail/error_category.hpp"

namespace bt::metadata {
BT_DEFINE_ERROR_CATEGORY_FROM_CODES(MetadataError, metadata_category, "bt.metadata", BT_METADATA_ERROR_CODES)

}  // namespace bt::metadata
