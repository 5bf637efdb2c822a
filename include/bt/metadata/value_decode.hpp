// SPDX-License-Identifier: MIT
// Decoding SCALE bytes into a bt::metadata::Value shaped by a registry type (kinds: value.hpp).
#pragma once

#include <bt/bytes.hpp>
#include <bt/metadata/registry.hpp>
#include <bt/metadata/value.hpp>
#include <bt/result.hpp>
#include <bt/scale/decoder.hpp>

#include <string>
#include <string_view>

namespace bt::metadata {

// Decodes one value of registry type `type` from the whole input (trailing bytes are an error).
Result<Value> decode_value(const Registry& reg, TypeId type, ByteView data);
// Streaming form: decodes one value at the decoder's position; failures are recorded in `d`
// (DecodeError codes; an unknown type id is DecodeError::invalid_variant with a message) and
// the returned value is then unspecified.
Value decode_value(const Registry& reg, TypeId type, scale::Decoder& d);
// Skips one value of the type without building it (same validation as decode_value).
void skip_value(const Registry& reg, TypeId type, scale::Decoder& d);

}  // namespace bt::metadata
