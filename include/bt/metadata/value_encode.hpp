// SPDX-License-Identifier: MIT
// Encoding a bt::metadata::Value as a registry type.
//
// encode_value is lenient in the shapes it accepts, so that values built by hand or parsed from JSON
// encode without ceremony:
//   - a composite with one field (a newtype such as AccountId32 or Perbill) accepts the inner value;
//   - named composites match fields by name (order free); unnamed/Sequence/Tuple/Array values match
//     by position; named fields may also be given to a tuple-struct positionally;
//   - a variant accepts Variant (by name; index if name empty), Str "Name" for a fieldless variant,
//     a one-key Composite {"Name": fields}; an Option<T> type also accepts an empty Tuple (JSON null)
//     as None and any other value as Some(value);
//   - Bytes for a u8 sequence/array and vice versa; Str "0x..." for bytes; Str decimal for numbers;
//   - numbers must fit the target type (MetadataError::out_of_range), never truncated.
// Shape errors are MetadataError::type_mismatch with a path to the offending field in the message.
#pragma once

#include <bt/bytes.hpp>
#include <bt/metadata/registry.hpp>
#include <bt/metadata/value.hpp>
#include <bt/result.hpp>
#include <bt/scale/encoder.hpp>

#include <string>
#include <string_view>

namespace bt::metadata {

// Encodes v as registry type `type` (see the leniency rules above).
Result<Bytes> encode_value(const Registry& reg, TypeId type, const Value& v);
Result<void> encode_value_to(const Registry& reg, TypeId type, const Value& v, scale::Encoder& e);

}  // namespace bt::metadata
