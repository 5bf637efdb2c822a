// SPDX-License-Identifier: MIT
#include <bt/extrinsic/error.hpp>

#include "detail/error_category.hpp"

namespace bt::extrinsic {
namespace {
const char* extrinsic_error_message(ExtrinsicError e) {
  switch (e) {
    case ExtrinsicError::invalid_era:
      return "invalid era";
    case ExtrinsicError::unknown_extension:
      return "unknown signed extension";
    case ExtrinsicError::extension_type_mismatch:
      return "signed extension type mismatch";
    case ExtrinsicError::unsupported_version:
      return "unsupported extrinsic version";
    case ExtrinsicError::malformed:
      return "malformed extrinsic";
    case ExtrinsicError::missing_parameter:
      return "missing parameter";
  }
  return "unknown extrinsic error";
}
}  // namespace
BT_DEFINE_ERROR_CATEGORY(ExtrinsicError, extrinsic_category, "bt.extrinsic", extrinsic_error_message)
}  // namespace bt::extrinsic
