// SPDX-License-Identifier: MIT
// Error codes of the extrinsic module (category "bt.extrinsic").
#pragma once

#include <bt/error.hpp>

namespace bt::extrinsic {

enum class ExtrinsicError {
  invalid_era = 1,          // an era that cannot be encoded/decoded (bad period/phase, truncated)
  unknown_extension,        // the runtime lists a signed extension with data this library cannot produce
  extension_type_mismatch,  // a known extension whose metadata type does not have the expected shape
  unsupported_version,      // an extrinsic format version other than 4
  malformed,                // bytes that are not a well-formed extrinsic (length, address, signature...)
  missing_parameter,        // a parameter needed by an extension was not supplied (e.g. the genesis hash)
};

BT_DECLARE_ERROR_ENUM(ExtrinsicError, extrinsic_category);

}  // namespace bt::extrinsic

template <>
struct std::is_error_code_enum<bt::extrinsic::ExtrinsicError> : std::true_type {};
