// SPDX-License-Identifier: MIT
// Error codes of the extrinsic module (category "bt.extrinsic").
#pragma once

#include <bt/error.hpp>

namespace bt::extrinsic {

// The codes, each with its value and message, written once: X(enumerator, value, message). The enum
// and the category's messages (lib/extrinsic/error.cpp) are both generated from this list.
#define BT_EXTRINSIC_ERROR_CODES(X)                                                 \
  /* an era that cannot be encoded/decoded (bad period/phase, truncated) */         \
  X(invalid_era, 1, "invalid era")                                                  \
  /* the runtime lists a signed extension with data this library cannot produce */  \
  X(unknown_extension, 2, "unknown signed extension")                               \
  /* a known extension whose metadata type does not have the expected shape */      \
  X(extension_type_mismatch, 3, "signed extension type mismatch")                   \
  /* an extrinsic format version other than 4 */                                    \
  X(unsupported_version, 4, "unsupported extrinsic version")                        \
  /* bytes that are not a well-formed extrinsic (length, address, signature...) */  \
  X(malformed, 5, "malformed extrinsic")                                            \
  /* a parameter needed by an extension was not supplied (e.g. the genesis hash) */ \
  X(missing_parameter, 6, "missing parameter")

enum class ExtrinsicError { BT_EXTRINSIC_ERROR_CODES(BT_ERROR_ENUMERATOR) };

BT_DECLARE_ERROR_ENUM(ExtrinsicError, extrinsic_category);

}  // namespace bt::extrinsic

template <>
struct std::is_error_code_enum<bt::extrinsic::ExtrinsicError> : std::true_type {};
