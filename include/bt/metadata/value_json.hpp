// SPDX-License-Identifier: MIT
// bt::metadata::Value as JSON text and back.
//
// JSON (to_json): Composite named -> object, unnamed -> array (a single unnamed field -> its value);
// Variant -> "Name" without fields, {"Name": fields} otherwise (Option: None -> null, Some(x) -> x);
// Sequence/Array/Tuple -> array; Bytes -> "0x.." hex; BitSeq -> array of bools; UInt/Int -> number
// when |v| <= 2^53, else a decimal string; U256/I256 -> decimal string; Char -> one-char string.
// from_json produces the generic shapes (object -> named Composite, array -> Sequence, null -> empty
// Tuple, number -> UInt/Int, string -> Str) which encode_value maps onto the target type.
#pragma once

#include <bt/bytes.hpp>
#include <bt/metadata/registry.hpp>
#include <bt/metadata/value.hpp>
#include <bt/result.hpp>

#include <string>
#include <string_view>

namespace bt::metadata {

// JSON text of a value (compact, no spaces).
std::string to_json(const Value& v);
// Parses JSON text into a generic value (see above); MetadataError::invalid_json on bad text.
Result<Value> from_json(std::string_view json);

}  // namespace bt::metadata
