// SPDX-License-Identifier: MIT
// Calls and constants by name, driven by metadata.
//
//   auto call = encode_call(md, "SubtensorModule", "set_weights",
//       Value::composite({{"netuid", Value::u(1)},
//                         {"dests", Value::sequence({Value::u(0), Value::u(1)})},
//                         {"weights", Value::sequence({Value::u(65535), Value::u(0)})},
//                         {"version_key", Value::u(0)}}));
//   // -> pallet index, call index, then the SCALE arguments (the RuntimeCall encoding)
//   auto decoded = decode_call(md, *call);   // pallet/call names and the argument values
//   auto ss58 = constant_value(md, "System", "SS58Prefix");   // Value::u(42)
//
// Arguments: a Composite with the call's field names (any order), or a Sequence/Tuple/unnamed
// Composite in declaration order; each argument follows encode_value's rules (value.hpp).
#pragma once

#include <bt/bytes.hpp>
#include <bt/metadata/metadata.hpp>
#include <bt/metadata/value.hpp>
#include <bt/result.hpp>

#include <string>
#include <string_view>

namespace bt::metadata {

// Encodes pallet.call(args) as RuntimeCall bytes.
Result<Bytes> encode_call(const Metadata& md, std::string_view pallet, std::string_view call,
                          const Value& args);
// Encodes a RuntimeCall from JSON arguments (object by field name, or array by position).
Result<Bytes> encode_call_json(const Metadata& md, std::string_view pallet, std::string_view call,
                               std::string_view args_json);

struct DecodedCall {
  std::string pallet;
  std::uint8_t pallet_index = 0;
  std::string call;
  std::uint8_t call_index = 0;
  Value args;  // Variant value of the call (named fields)
};
// Decodes RuntimeCall bytes (whole input).
Result<DecodedCall> decode_call(const Metadata& md, ByteView data);

// The decoded value of a pallet constant.
Result<Value> constant_value(const Metadata& md, std::string_view pallet, std::string_view name);

}  // namespace bt::metadata
