// SPDX-License-Identifier: MIT
#include <bt/metadata/error.hpp>

#include "detail/error_category.hpp"

namespace bt::metadata {
namespace {
const char* metadata_error_message(MetadataError e) {
  switch (e) {
    case MetadataError::invalid_magic: return "metadata: missing \"meta\" magic";
    case MetadataError::unsupported_version: return "metadata: unsupported metadata version";
    case MetadataError::unknown_type: return "metadata: unknown type id";
    case MetadataError::not_found: return "metadata: not found";
    case MetadataError::type_mismatch: return "metadata: value does not match the type";
    case MetadataError::out_of_range: return "metadata: number out of range for the type";
    case MetadataError::invalid_key: return "metadata: invalid storage key";
    case MetadataError::invalid_json: return "metadata: invalid JSON";
    case MetadataError::invalid_registry: return "metadata: inconsistent type registry";
  }
  return "metadata: unknown error";
}
}  // namespace

BT_DEFINE_ERROR_CATEGORY(MetadataError, metadata_category, "bt.metadata", metadata_error_message)

}  // namespace bt::metadata
