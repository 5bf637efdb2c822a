// SPDX-License-Identifier: MIT
// Error codes of the metadata module (category "bt.metadata"; Python: bittensor_cpp.MetadataError).
// Byte-level decode failures inside metadata, values, keys and events are reported with the
// bt.scale DecodeError codes; these codes cover the metadata-level meaning.
#pragma once

#include <bt/error.hpp>

namespace bt::metadata {

// The codes, each with its value and message, written once: X(enumerator, value, message). The enum
// and the category's messages (lib/metadata/error.cpp) are both generated from this list.
#define BT_METADATA_ERROR_CODES(X)                                               \
  /* the blob does not start with "meta" (0x6d657461) */                         \
  X(invalid_magic, 1, "metadata: missing \"meta\" magic")                        \
  /* RuntimeMetadata version other than 14, 15, 16 */                            \
  X(unsupported_version, 2, "metadata: unsupported metadata version")            \
  /* a type id that the registry does not contain */                             \
  X(unknown_type, 3, "metadata: unknown type id")                                \
  /* a pallet / call / storage entry / constant / event / error / API by name */ \
  X(not_found, 4, "metadata: not found")                                         \
  /* a bt::Value whose shape does not fit the registry type */                   \
  X(type_mismatch, 5, "metadata: value does not match the type")                 \
  /* a number that does not fit the registry type */                             \
  X(out_of_range, 6, "metadata: number out of range for the type")               \
  /* a storage key that does not match the entry / wrong key count */            \
  X(invalid_key, 7, "metadata: invalid storage key")                             \
  /* JSON text that cannot be parsed or mapped to a value */                     \
  X(invalid_json, 8, "metadata: invalid JSON")                                   \
  /* a registry that is inconsistent (non-sequential ids, bad bit-order type) */ \
  X(invalid_registry, 9, "metadata: inconsistent type registry")

enum class MetadataError { BT_METADATA_ERROR_CODES(BT_ERROR_ENUMERATOR) };

BT_DECLARE_ERROR_ENUM(MetadataError, metadata_category);

}  // namespace bt::metadata

template <>
struct std::is_error_code_enum<bt::metadata::MetadataError> : std::true_type {};
