// SPDX-License-Identifier: MIT
// Error codes of the metadata module (category "bt.metadata"; Python: bittensor_cpp.MetadataError).
// Byte-level decode failures inside metadata, values, keys and events are reported with the
// bt.scale DecodeError codes; these codes cover the metadata-level meaning.
#pragma once

#include <bt/error.hpp>

namespace bt::metadata {

enum class MetadataError {
  invalid_magic = 1,     // the blob does not start with "meta" (0x6d657461)
  unsupported_version,   // RuntimeMetadata version other than 14, 15, 16
  unknown_type,          // a type id that the registry does not contain
  not_found,             // a pallet / call / storage entry / constant / event / error / API by name
  type_mismatch,         // a bt::Value whose shape does not fit the registry type
  out_of_range,          // a number that does not fit the registry type
  invalid_key,           // a storage key that does not match the entry / wrong key count
  invalid_json,          // JSON text that cannot be parsed or mapped to a value
  invalid_registry,      // a registry that is inconsistent (non-sequential ids, bad bit-order type)
};

BT_DECLARE_ERROR_ENUM(MetadataError, metadata_category);

}  // namespace bt::metadata

template <>
struct std::is_error_code_enum<bt::metadata::MetadataError> : std::true_type {};
