// SPDX-License-Identifier: MIT
// Value: construction, accessors and comparison. Decoding, encoding and JSON live in value_decode.cpp,
// value_encode.cpp and value_json.cpp (one per header).
#include <bt/metadata/value.hpp>

#include <algorithm>

namespace bt::metadata {

using scale::i128;
using scale::u128;

const char* kind_name(ValueKind k) noexcept {
  static const char* const names[] = {"composite",      "variant", "sequence", "array",  "tuple",
                                      "bit sequence",   "bool",    "char",     "string", "unsigned integer",
                                      "signed integer", "u256",    "i256",     "bytes"};
  auto i = static_cast<std::size_t>(k);
  return i < std::size(names) ? names[i] : "?";
}

// --- construction ----------------------------------------------------------------------------

Value Value::composite(NamedFields fields) {
  Value v;
  v.kind_ = ValueKind::Composite;
  v.items_.reserve(fields.size());
  v.names_.reserve(fields.size());
  for (auto& [n, x] : fields) {
    v.names_.push_back(std::move(n));
    v.items_.push_back(std::move(x));
  }
  return v;
}
Value Value::unnamed(std::vector<Value> fields) {
  Value v;
  v.kind_ = ValueKind::Composite;
  v.items_ = std::move(fields);
  return v;
}
Value Value::variant(std::string name, NamedFields fields, std::uint8_t index) {
  Value v = composite(std::move(fields));
  v.kind_ = ValueKind::Variant;
  v.str_ = std::move(name);
  v.index_ = index;
  return v;
}
Value Value::variant_unnamed(std::string name, std::vector<Value> fields, std::uint8_t index) {
  Value v;
  v.kind_ = ValueKind::Variant;
  v.str_ = std::move(name);
  v.index_ = index;
  v.items_ = std::move(fields);
  return v;
}
Value Value::sequence(std::vector<Value> items) {
  Value v;
  v.kind_ = ValueKind::Sequence;
  v.items_ = std::move(items);
  return v;
}
Value Value::array(std::vector<Value> items) {
  Value v;
  v.kind_ = ValueKind::Array;
  v.items_ = std::move(items);
  return v;
}
Value Value::tuple(std::vector<Value> items) {
  Value v;
  v.kind_ = ValueKind::Tuple;
  v.items_ = std::move(items);
  return v;
}
Value Value::bit_sequence(std::vector<bool> bits) {
  Value v;
  v.kind_ = ValueKind::BitSeq;
  v.bytes_.resize(bits.size());
  for (std::size_t i = 0; i < bits.size(); ++i) v.bytes_[i] = bits[i] ? 1 : 0;
  return v;
}
Value Value::boolean(bool b) {
  Value v;
  v.kind_ = ValueKind::Bool;
  v.u_ = b ? 1 : 0;
  return v;
}
Value Value::character(char32_t c) {
  Value v;
  v.kind_ = ValueKind::Char;
  v.u_ = c;
  return v;
}
Value Value::string(std::string s) {
  Value v;
  v.kind_ = ValueKind::Str;
  v.str_ = std::move(s);
  return v;
}
Value Value::u(u128 x) {
  Value v;
  v.kind_ = ValueKind::UInt;
  v.u_ = x;
  return v;
}
Value Value::i(i128 x) {
  Value v;
  v.kind_ = ValueKind::Int;
  v.u_ = static_cast<u128>(x);
  return v;
}
Value Value::u256(const scale::U256& x) {
  Value v;
  v.kind_ = ValueKind::U256;
  v.bytes_.assign(x.le.begin(), x.le.end());
  return v;
}
Value Value::i256(const scale::I256& x) {
  Value v;
  v.kind_ = ValueKind::I256;
  v.bytes_.assign(x.le.begin(), x.le.end());
  return v;
}
Value Value::bytes(Bytes b) {
  Value v;
  v.kind_ = ValueKind::Bytes;
  v.bytes_ = std::move(b);
  return v;
}

scale::U256 Value::as_u256() const noexcept {
  scale::U256 out;
  if (bytes_.size() == 32) std::copy(bytes_.begin(), bytes_.end(), out.le.begin());
  return out;
}
scale::I256 Value::as_i256() const noexcept {
  scale::I256 out;
  if (bytes_.size() == 32) std::copy(bytes_.begin(), bytes_.end(), out.le.begin());
  return out;
}
std::vector<bool> Value::as_bits() const {
  std::vector<bool> out(bytes_.size());
  for (std::size_t i = 0; i < bytes_.size(); ++i) out[i] = bytes_[i] != 0;
  return out;
}

const Value* Value::field(std::string_view name) const noexcept {
  for (std::size_t i = 0; i < names_.size() && i < items_.size(); ++i)
    if (names_[i] == name) return &items_[i];
  return nullptr;
}

bool operator==(const Value& a, const Value& b) {
  return a.kind_ == b.kind_ && a.index_ == b.index_ && a.u_ == b.u_ && a.str_ == b.str_ &&
         a.items_ == b.items_ && a.names_ == b.names_ && a.bytes_ == b.bytes_;
}

Result<std::uint64_t> Value::to_u64() const {
  if (kind_ == ValueKind::UInt && u_ <= 0xffffffffffffffffull) return static_cast<std::uint64_t>(u_);
  if (kind_ == ValueKind::Int && static_cast<i128>(u_) >= 0 && u_ <= 0xffffffffffffffffull)
    return static_cast<std::uint64_t>(u_);
  if (kind_ == ValueKind::Str) {
    BT_TRY(u128 x, scale::parse_u128(str_));
    if (x <= 0xffffffffffffffffull) return static_cast<std::uint64_t>(x);
  }
  if (kind_ == ValueKind::UInt || kind_ == ValueKind::Int || kind_ == ValueKind::Str)
    return fail(MetadataError::out_of_range, "value does not fit u64");
  return fail(MetadataError::type_mismatch, std::string("expected a number, got ") + kind_name(kind_));
}
Result<std::int64_t> Value::to_i64() const {
  i128 x;
  if (kind_ == ValueKind::UInt) {
    if (u_ > static_cast<u128>(INT64_MAX)) return fail(MetadataError::out_of_range, "value does not fit i64");
    x = static_cast<i128>(u_);
  } else if (kind_ == ValueKind::Int) {
    x = static_cast<i128>(u_);
  } else if (kind_ == ValueKind::Str) {
    BT_TRY(i128 y, scale::parse_i128(str_));
    x = y;
  } else {
    return fail(MetadataError::type_mismatch, std::string("expected a number, got ") + kind_name(kind_));
  }
  if (x < INT64_MIN || x > INT64_MAX) return fail(MetadataError::out_of_range, "value does not fit i64");
  return static_cast<std::int64_t>(x);
}

}  // namespace bt::metadata
