// SPDX-License-Identifier: MIT
// bt::metadata::Value: a dynamic SCALE value, shaped by the registry type it was decoded from or is
// encoded to. Its SCALE codec is declared in value_decode.hpp and value_encode.hpp, its JSON form in
// value_json.hpp; this header includes all three, so including it alone keeps working.
//
//   Value v = Value::composite({{"netuid", Value::u(1)}, {"dests", Value::sequence({...})}});
//   bt::Result<Bytes> b = encode_value(md.types, type_id, v);
//   bt::Result<Value> back = decode_value(md.types, type_id, b);       // whole input, no trailing bytes
//   std::string json = to_json(*back);   Value v2 = from_json("{\"netuid\": 1}").value();
//
// Kinds (decode_value produces this canonical form):
//   Composite  struct fields; names() empty for tuple-structs (unnamed fields)
//   Variant    enum variant (name, index) with its fields (named or unnamed); Option<T> is a variant
//              "None" / "Some"
//   Sequence   Vec<T> (except Vec<u8> -> Bytes)
//   Array      [T; N] (except [u8; N] -> Bytes)
//   Tuple      (A, B, ...); the unit type () decodes as an empty Tuple
//   BitSeq     bit sequence (bitvec)
//   Bool, Char, Str
//   UInt / Int u8..u128 / i8..i128 (also every Compact<T>: compact is a wire format, not a kind)
//   U256 / I256 (also primitive_types::U256, a struct around [u64; 4], as polkadot-js does)
//   Bytes      Vec<u8> and [u8; N]
//
#pragma once

#include <bt/bytes.hpp>
#include <bt/metadata/error.hpp>
#include <bt/metadata/registry.hpp>
#include <bt/result.hpp>
#include <bt/scale/decoder.hpp>
#include <bt/scale/encoder.hpp>
#include <bt/scale/types.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bt::metadata {

enum class ValueKind : std::uint8_t {
  Composite,
  Variant,
  Sequence,
  Array,
  Tuple,
  BitSeq,
  Bool,
  Char,
  Str,
  UInt,
  Int,
  U256,
  I256,
  Bytes
};
const char* kind_name(ValueKind k) noexcept;

class Value {
 public:
  using NamedFields = std::vector<std::pair<std::string, Value>>;

  Value() : kind_(ValueKind::Tuple) {}  // the unit value ()

  static Value composite(NamedFields fields);
  static Value unnamed(std::vector<Value> fields);  // tuple-struct
  static Value variant(std::string name, NamedFields fields, std::uint8_t index = 0);
  static Value variant_unnamed(std::string name, std::vector<Value> fields, std::uint8_t index = 0);
  static Value sequence(std::vector<Value> items);
  static Value array(std::vector<Value> items);
  static Value tuple(std::vector<Value> items);
  static Value bit_sequence(std::vector<bool> bits);
  static Value boolean(bool b);
  static Value character(char32_t c);
  static Value string(std::string s);
  static Value u(scale::u128 v);
  static Value i(scale::i128 v);
  static Value u256(const scale::U256& v);
  static Value i256(const scale::I256& v);
  static Value bytes(Bytes b);

  ValueKind kind() const noexcept { return kind_; }
  bool is(ValueKind k) const noexcept { return kind_ == k; }

  // Children of Composite, Variant, Sequence, Array, Tuple (empty for the others).
  const std::vector<Value>& items() const noexcept { return items_; }
  std::vector<Value>& items() noexcept { return items_; }
  // Field names of a Composite / Variant with named fields (same length as items()), else empty.
  const std::vector<std::string>& names() const noexcept { return names_; }
  bool has_named_fields() const noexcept { return !names_.empty(); }
  // Variant name (Variant), text (Str).
  const std::string& name() const noexcept { return str_; }
  const std::string& str() const noexcept { return str_; }
  std::uint8_t variant_index() const noexcept { return index_; }
  // Named field of a Composite/Variant, or nullptr.
  const Value* field(std::string_view name) const noexcept;
  // i-th child, or nullptr.
  const Value* at(std::size_t i) const noexcept { return i < items_.size() ? &items_[i] : nullptr; }

  bool as_bool() const noexcept { return u_ != 0; }
  char32_t as_char() const noexcept { return static_cast<char32_t>(u_); }
  scale::u128 as_u128() const noexcept { return u_; }                            // UInt (and Bool/Char)
  scale::i128 as_i128() const noexcept { return static_cast<scale::i128>(u_); }  // Int
  scale::U256 as_u256() const noexcept;                                          // U256
  scale::I256 as_i256() const noexcept;                                          // I256
  const Bytes& as_bytes() const noexcept { return bytes_; }                      // Bytes
  std::vector<bool> as_bits() const;                                             // BitSeq

  // Numeric value of UInt/Int (and a decimal Str) if it fits T, else an out_of_range/type_mismatch.
  Result<std::uint64_t> to_u64() const;
  Result<std::int64_t> to_i64() const;

  friend bool operator==(const Value& a, const Value& b);

 private:
  ValueKind kind_;
  std::uint8_t index_ = 0;
  scale::u128 u_ = 0;  // UInt, Int (two's complement), Bool, Char
  std::string str_;
  std::vector<Value> items_;
  std::vector<std::string> names_;
  Bytes bytes_;  // Bytes; BitSeq (one byte per bit); U256/I256 (32 little-endian bytes)
};

}  // namespace bt::metadata

// The codec and JSON halves of the API, for code that includes value.hpp only.
#include <bt/metadata/value_decode.hpp>
#include <bt/metadata/value_encode.hpp>
#include <bt/metadata/value_json.hpp>
