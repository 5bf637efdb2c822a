// SPDX-License-Identifier: MIT
#include <bt/metadata/value.hpp>

#include <nlohmann/json.hpp>

#include "core/json_limits.hpp"

#include <algorithm>

namespace bt::metadata {

using scale::DecodeError;
using scale::Decoder;
using scale::Encoder;
using scale::i128;
using scale::u128;

const char* kind_name(ValueKind k) noexcept {
  static const char* const names[] = {"composite", "variant", "sequence", "array", "tuple",
                                      "bit sequence", "bool", "char", "string", "unsigned integer",
                                      "signed integer", "u256", "i256", "bytes"};
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

// --- decoding --------------------------------------------------------------------------------

namespace {

constexpr std::size_t kZeroSizedCap = 4096;

// True when values of the type take no bytes. A forged registry can make this search exponential
// (type k = (k+1, k+1)), so it is budgeted; running out answers "not zero-sized", which only makes the
// length checks stricter (a sequence of such values is then limited by the input length).
bool is_zero_sized_rec(const Registry& r, TypeId id, int depth, int& budget) {
  if (depth > 32 || --budget < 0) return false;
  const Type* t = r.find(id);
  if (!t) return false;
  if (auto* c = std::get_if<TypeDefComposite>(&t->def)) {
    for (const auto& f : c->fields)
      if (!is_zero_sized_rec(r, f.type, depth + 1, budget)) return false;
    return true;
  }
  if (auto* tu = std::get_if<TypeDefTuple>(&t->def)) {
    for (auto x : tu->types)
      if (!is_zero_sized_rec(r, x, depth + 1, budget)) return false;
    return true;
  }
  if (auto* a = std::get_if<TypeDefArray>(&t->def)) return a->len == 0 || is_zero_sized_rec(r, a->type, depth + 1, budget);
  return false;
}
bool is_zero_sized(const Registry& r, TypeId id) {
  int budget = 256;
  return is_zero_sized_rec(r, id, 0, budget);
}

// Upper bound on the number of value nodes one decode may build, so that a forged registry whose types
// take no input bytes (type k = (k+1, k+1), ...) cannot make decoding exponential. Real values have
// far fewer nodes than 8 per input byte.
thread_local std::size_t t_node_budget = 0;
std::size_t node_budget_for(std::size_t input_len) { return 8 * input_len + 4096; }

bool is_u8(const Registry& r, TypeId id) {
  const Type* t = r.find(id);
  if (!t) return false;
  auto* p = std::get_if<TypeDefPrimitive>(&t->def);
  return p && p->prim == Primitive::U8;
}

// Bit store width in bits (8..64) and order (true = Lsb0) of a BitSequence; 0 width if invalid.
std::pair<unsigned, bool> bit_layout(const Registry& r, const TypeDefBitSequence& b) {
  const Type* st = r.find(b.store);
  const Type* ot = r.find(b.order);
  unsigned width = 0;
  if (st) {
    if (auto* p = std::get_if<TypeDefPrimitive>(&st->def)) {
      switch (p->prim) {
        case Primitive::U8: width = 8; break;
        case Primitive::U16: width = 16; break;
        case Primitive::U32: width = 32; break;
        case Primitive::U64: width = 64; break;
        default: break;
      }
    }
  }
  bool lsb = true;
  if (!ot || ot->path.empty()) return {0, true};
  if (ot->path.back() == "Lsb0") lsb = true;
  else if (ot->path.back() == "Msb0") lsb = false;
  else return {0, true};
  return {width, lsb};
}

std::vector<bool> decode_bits(Decoder& d, unsigned width, bool lsb) {
  std::vector<bool> bits;
  u128 n = d.read_compact();
  if (!d.ok()) return bits;
  if (n > 0xffffffffu) {
    d.fail(DecodeError::invalid_compact, "bit count exceeds u32");
    return bits;
  }
  const std::size_t wb = width / 8;
  std::size_t words = static_cast<std::size_t>((n + width - 1) / width);
  if (words > d.remaining() / wb) {
    d.fail(DecodeError::length_too_large, "bit sequence");
    return bits;
  }
  bits.assign(static_cast<std::size_t>(n), false);
  for (std::size_t w = 0; w < words; ++w) {
    std::uint64_t s = 0;
    for (std::size_t k = 0; k < wb; ++k) s |= static_cast<std::uint64_t>(d.read_u8()) << (8 * k);
    for (unsigned i = 0; i < width && w * width + i < bits.size(); ++i)
      bits[w * width + i] = lsb ? ((s >> i) & 1) : ((s >> (width - 1 - i)) & 1);
  }
  return bits;
}

// primitive_types::U256 is a struct around [u64; 4]; it is decoded as a 256-bit integer (as
// polkadot-js does), which has the same little-endian bytes.
bool is_primitive_u256(const Type& t) {
  return t.path.size() == 2 && t.path[0] == "primitive_types" && t.path[1] == "U256" &&
         std::holds_alternative<TypeDefComposite>(t.def);
}

Value decode_rec(const Registry& r, TypeId id, Decoder& d);

Value decode_fields(const Registry& r, const std::vector<Field>& fields, Decoder& d, bool variant,
                    std::string name, std::uint8_t index) {
  std::vector<Value> items;
  items.reserve(fields.size());
  for (const auto& f : fields) {
    if (!d.ok()) break;
    items.push_back(decode_rec(r, f.type, d));
  }
  bool named = !fields.empty() && fields[0].name.has_value();
  if (named && items.size() == fields.size()) {
    Value::NamedFields nf;
    nf.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) nf.emplace_back(fields[i].name.value_or(""), std::move(items[i]));
    return variant ? Value::variant(std::move(name), std::move(nf), index) : Value::composite(std::move(nf));
  }
  return variant ? Value::variant_unnamed(std::move(name), std::move(items), index) : Value::unnamed(std::move(items));
}

// Compact<T>: T is an unsigned primitive or a newtype of one (or the unit type).
Value decode_compact(const Registry& r, TypeId inner, Decoder& d, int depth) {
  const Type* t = r.find(inner);
  if (!t || depth > 16) {
    d.fail(DecodeError::invalid_variant, "unsupported Compact<T> inner type");
    return {};
  }
  if (auto* p = std::get_if<TypeDefPrimitive>(&t->def)) {
    u128 max;
    switch (p->prim) {
      case Primitive::U8: max = 0xff; break;
      case Primitive::U16: max = 0xffff; break;
      case Primitive::U32: max = 0xffffffffu; break;
      case Primitive::U64: max = 0xffffffffffffffffull; break;
      case Primitive::U128: max = ~u128{0}; break;
      default:
        d.fail(DecodeError::invalid_variant, "Compact of a non-unsigned primitive");
        return {};
    }
    u128 v = d.read_compact();
    if (v > max) d.fail(DecodeError::invalid_compact, "compact value too large for its type");
    return Value::u(v);
  }
  if (auto* c = std::get_if<TypeDefComposite>(&t->def)) {
    if (c->fields.empty()) return Value::unnamed({});
    if (c->fields.size() == 1) {
      Value inner_v = decode_compact(r, c->fields[0].type, d, depth + 1);
      if (c->fields[0].name) return Value::composite({{*c->fields[0].name, std::move(inner_v)}});
      return Value::unnamed({std::move(inner_v)});
    }
  }
  if (auto* tu = std::get_if<TypeDefTuple>(&t->def)) {
    if (tu->types.empty()) return Value::tuple({});
    if (tu->types.size() == 1) return Value::tuple({decode_compact(r, tu->types[0], d, depth + 1)});
  }
  d.fail(DecodeError::invalid_variant, "unsupported Compact<T> inner type");
  return {};
}

Value decode_primitive(Primitive p, Decoder& d) {
  switch (p) {
    case Primitive::Bool: return Value::boolean(d.read_bool());
    case Primitive::Char: {
      std::uint32_t c = d.read_le<std::uint32_t>();
      if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) d.fail(DecodeError::invalid_char, "char");
      return Value::character(static_cast<char32_t>(c));
    }
    case Primitive::Str: return Value::string(d.read_string());
    case Primitive::U8: return Value::u(d.read_u8());
    case Primitive::U16: return Value::u(d.read_le<std::uint16_t>());
    case Primitive::U32: return Value::u(d.read_le<std::uint32_t>());
    case Primitive::U64: return Value::u(d.read_le<std::uint64_t>());
    case Primitive::U128: return Value::u(d.read_le<u128>());
    case Primitive::I8: return Value::i(d.read_le<std::int8_t>());
    case Primitive::I16: return Value::i(d.read_le<std::int16_t>());
    case Primitive::I32: return Value::i(d.read_le<std::int32_t>());
    case Primitive::I64: return Value::i(d.read_le<std::int64_t>());
    case Primitive::I128: return Value::i(d.read_le<i128>());
    case Primitive::U256: {
      scale::U256 v;
      d.read_into(v.le.data(), 32);
      return Value::u256(v);
    }
    case Primitive::I256: {
      scale::I256 v;
      d.read_into(v.le.data(), 32);
      return Value::i256(v);
    }
  }
  d.fail(DecodeError::invalid_variant, "primitive");
  return {};
}

Value decode_rec(const Registry& r, TypeId id, Decoder& d) {
  const Type* t = r.find(id);
  if (!t) {
    d.fail(DecodeError::invalid_variant, "unknown type id");
    return {};
  }
  if (t_node_budget == 0) {
    d.fail(DecodeError::length_too_large, "value has more nodes than its input could encode");
    return {};
  }
  --t_node_budget;
  // Leaves need no nesting guard.
  if (auto* p = std::get_if<TypeDefPrimitive>(&t->def)) return decode_primitive(p->prim, d);
  if (!d.enter()) return {};
  Value out;
  switch (t->def.index()) {
    case 0: {
      if (is_primitive_u256(*t)) {  // primitive_types::U256 ([u64; 4] little-endian limbs)
        scale::U256 x;
        d.read_into(x.le.data(), 32);
        out = Value::u256(x);
        break;
      }
      const auto& c = std::get<TypeDefComposite>(t->def);
      out = decode_fields(r, c.fields, d, false, {}, 0);
      break;
    }
    case 1: {
      const auto& v = std::get<TypeDefVariant>(t->def);
      std::uint8_t idx = d.read_u8();
      if (!d.ok()) break;
      const Variant* var = v.by_index(idx);
      if (!var) {
        d.fail(DecodeError::invalid_variant, "enum variant index");
        break;
      }
      out = decode_fields(r, var->fields, d, true, var->name, var->index);
      break;
    }
    case 2: {
      const auto& s = std::get<TypeDefSequence>(t->def);
      if (is_u8(r, s.type)) {
        ByteView b = d.read_bytes_with_length();
        out = Value::bytes(Bytes(b.begin(), b.end()));
        break;
      }
      bool zs = is_zero_sized(r, s.type);
      std::size_t n = d.read_length(zs ? 0 : 1);
      if (zs && n > kZeroSizedCap) {
        d.fail(DecodeError::length_too_large, "sequence of zero-sized values");
        break;
      }
      std::vector<Value> items;
      items.reserve(n);
      for (std::size_t i = 0; i < n && d.ok(); ++i) items.push_back(decode_rec(r, s.type, d));
      out = Value::sequence(std::move(items));
      break;
    }
    case 3: {
      const auto& a = std::get<TypeDefArray>(t->def);
      if (is_u8(r, a.type)) {
        ByteView b = d.read_view(a.len);
        out = Value::bytes(Bytes(b.begin(), b.end()));
        break;
      }
      bool zs = is_zero_sized(r, a.type);
      if (zs ? a.len > kZeroSizedCap : a.len > d.remaining()) {
        d.fail(zs ? DecodeError::length_too_large : DecodeError::not_enough_data, "array");
        break;
      }
      std::vector<Value> items;
      items.reserve(a.len);
      for (std::uint32_t i = 0; i < a.len && d.ok(); ++i) items.push_back(decode_rec(r, a.type, d));
      out = Value::array(std::move(items));
      break;
    }
    case 4: {
      const auto& tu = std::get<TypeDefTuple>(t->def);
      std::vector<Value> items;
      items.reserve(tu.types.size());
      for (auto x : tu.types) {
        if (!d.ok()) break;
        items.push_back(decode_rec(r, x, d));
      }
      out = Value::tuple(std::move(items));
      break;
    }
    case 5:
      out = decode_primitive(std::get<TypeDefPrimitive>(t->def).prim, d);
      break;
    case 6:
      out = decode_compact(r, std::get<TypeDefCompact>(t->def).type, d, 0);
      break;
    case 7: {
      auto [width, lsb] = bit_layout(r, std::get<TypeDefBitSequence>(t->def));
      if (width == 0) {
        d.fail(DecodeError::invalid_variant, "bit sequence store/order type");
        break;
      }
      out = Value::bit_sequence(decode_bits(d, width, lsb));
      break;
    }
  }
  d.leave();
  return out;
}

}  // namespace

Value decode_value(const Registry& reg, TypeId type, Decoder& d) {
  t_node_budget = node_budget_for(d.remaining());
  return decode_rec(reg, type, d);
}

void skip_value(const Registry& reg, TypeId type, Decoder& d) { (void)decode_value(reg, type, d); }

Result<Value> decode_value(const Registry& reg, TypeId type, ByteView data) {
  if (!reg.find(type)) return fail(MetadataError::unknown_type, "type id " + std::to_string(type));
  Decoder d(data);
  Value v = decode_value(reg, type, d);
  BT_TRY_VOID(d.finish());
  return v;
}

// --- encoding --------------------------------------------------------------------------------

namespace {

struct Enc {
  const Registry& r;
  Encoder& e;
  // Where we are in the value, rendered only for error messages (no allocation on success).
  struct Seg {
    char kind;  // '.' field, '[' index, ':' variant, 't' tuple position
    const std::string* name;
    std::size_t index;
  };
  std::vector<Seg> segs;

  std::string render() const {
    std::string p;
    for (const auto& s : segs) {
      switch (s.kind) {
        case '.':
          p += '.';
          p += *s.name;
          break;
        case ':':
          p += "::";
          p += *s.name;
          break;
        case 't':
          p += '.';
          p += std::to_string(s.index);
          break;
        default:
          p += '[';
          p += std::to_string(s.index);
          p += ']';
          break;
      }
    }
    return p.empty() ? std::string("value") : p;
  }
  Unexpected mismatch(const std::string& what) const {
    return fail(MetadataError::type_mismatch, render() + ": " + what);
  }
  Unexpected range(const std::string& what) const {
    return fail(MetadataError::out_of_range, render() + ": " + what);
  }

  struct PathGuard {
    std::vector<Seg>& s;
    PathGuard(std::vector<Seg>& segs, Seg x) : s(segs) { s.push_back(x); }
    ~PathGuard() { s.pop_back(); }
  };

  static bool is_unit(const Value& v) {
    return (v.is(ValueKind::Tuple) || v.is(ValueKind::Composite) || v.is(ValueKind::Sequence)) && v.items().empty();
  }
  static bool is_positional(const Value& v) {
    return v.is(ValueKind::Sequence) || v.is(ValueKind::Tuple) || v.is(ValueKind::Array) ||
           (v.is(ValueKind::Composite) && !v.has_named_fields());
  }

  // Signed magnitude of a numeric value (UInt, Int, Bool, decimal Str); false if not a number.
  Result<std::pair<bool, u128>> number(const Value& v) const {
    switch (v.kind()) {
      case ValueKind::UInt: return std::pair<bool, u128>{false, v.as_u128()};
      case ValueKind::Int: {
        i128 x = v.as_i128();
        if (x < 0) return std::pair<bool, u128>{true, u128{0} - static_cast<u128>(x)};
        return std::pair<bool, u128>{false, static_cast<u128>(x)};
      }
      case ValueKind::Str: {
        std::string_view s = v.str();
        bool neg = !s.empty() && s[0] == '-';
        auto m = scale::parse_u128(neg ? s.substr(1) : s);
        if (!m) return mismatch("expected a number, got the string '" + std::string(s.substr(0, 40)) + "'");
        return std::pair<bool, u128>{neg && *m != 0, *m};
      }
      default:
        return mismatch(std::string("expected a number, got ") + kind_name(v.kind()));
    }
  }

  Result<void> unsigned_to(const Value& v, unsigned bytes) {
    BT_TRY(auto nm, number(v));
    u128 max = bytes == 16 ? ~u128{0} : ((u128{1} << (8 * bytes)) - 1);
    if (nm.first || nm.second > max)
      return range("value out of range for u" + std::to_string(8 * bytes));
    std::uint8_t tmp[16];
    for (unsigned i = 0; i < bytes; ++i) tmp[i] = static_cast<std::uint8_t>(nm.second >> (8 * i));
    e.put_raw(tmp, bytes);
    return ok();
  }
  Result<void> signed_to(const Value& v, unsigned bytes) {
    BT_TRY(auto nm, number(v));
    u128 lim = u128{1} << (8 * bytes - 1);  // |min|
    if ((!nm.first && nm.second >= lim) || (nm.first && nm.second > lim))
      return range("value out of range for i" + std::to_string(8 * bytes));
    u128 bits = nm.first ? u128{0} - nm.second : nm.second;
    std::uint8_t tmp[16];
    for (unsigned i = 0; i < bytes; ++i) tmp[i] = static_cast<std::uint8_t>(bits >> (8 * i));
    e.put_raw(tmp, bytes);
    return ok();
  }
  Result<void> wide_to(const Value& v, bool is_signed) {
    std::array<std::uint8_t, 32> le{};
    if (v.is(ValueKind::U256) && !is_signed) {
      le = v.as_u256().le;
    } else if (v.is(ValueKind::I256) && is_signed) {
      le = v.as_i256().le;
    } else if (v.is(ValueKind::Str)) {
      if (is_signed) {
        auto x = scale::parse_i256(v.str());
        if (!x) return range("not an i256: " + v.str().substr(0, 80));
        le = x->le;
      } else {
        auto x = scale::parse_u256(v.str());
        if (!x) return range("not a u256: " + v.str().substr(0, 80));
        le = x->le;
      }
    } else {
      BT_TRY(auto nm, number(v));
      if (nm.first && !is_signed) return range("negative value for u256");
      u128 bits = nm.first ? u128{0} - nm.second : nm.second;
      for (int i = 0; i < 16; ++i) le[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(bits >> (8 * i));
      if (nm.first)
        for (std::size_t i = 16; i < 32; ++i) le[i] = 0xff;
    }
    e.put_raw(le.data(), 32);
    return ok();
  }

  Result<void> primitive(Primitive p, const Value& v) {
    switch (p) {
      case Primitive::Bool:
        if (!v.is(ValueKind::Bool)) return mismatch(std::string("expected a bool, got ") + kind_name(v.kind()));
        e.put_u8(v.as_bool() ? 1 : 0);
        return ok();
      case Primitive::Char: {
        std::uint32_t c;
        if (v.is(ValueKind::Char)) {
          c = static_cast<std::uint32_t>(v.as_char());
        } else if (v.is(ValueKind::Str) && !v.str().empty()) {
          // single UTF-8 code point
          const std::string& s = v.str();
          auto b0 = static_cast<unsigned char>(s[0]);
          std::size_t len = b0 < 0x80 ? 1 : (b0 >> 5) == 6 ? 2 : (b0 >> 4) == 14 ? 3 : 4;
          if (s.size() != len || !scale::is_valid_utf8(as_bytes(s))) return mismatch("expected one character");
          c = len == 1 ? b0 : (b0 & (0xff >> (len + 1)));
          for (std::size_t k = 1; k < len; ++k) c = (c << 6) | (static_cast<unsigned char>(s[k]) & 0x3f);
        } else {
          return mismatch(std::string("expected a char, got ") + kind_name(v.kind()));
        }
        e.put_le<std::uint32_t>(c);
        return ok();
      }
      case Primitive::Str:
        if (!v.is(ValueKind::Str)) return mismatch(std::string("expected a string, got ") + kind_name(v.kind()));
        e.put_bytes_with_length(as_bytes(v.str()));
        return ok();
      case Primitive::U8: return unsigned_to(v, 1);
      case Primitive::U16: return unsigned_to(v, 2);
      case Primitive::U32: return unsigned_to(v, 4);
      case Primitive::U64: return unsigned_to(v, 8);
      case Primitive::U128: return unsigned_to(v, 16);
      case Primitive::I8: return signed_to(v, 1);
      case Primitive::I16: return signed_to(v, 2);
      case Primitive::I32: return signed_to(v, 4);
      case Primitive::I64: return signed_to(v, 8);
      case Primitive::I128: return signed_to(v, 16);
      case Primitive::U256: return wide_to(v, false);
      case Primitive::I256: return wide_to(v, true);
    }
    return mismatch("unknown primitive");
  }

  // Bytes of a byte-like value (Bytes, "0x.." string, raw string, sequence of numbers).
  Result<Bytes> byte_content(const Value& v, bool allow_text) {
    if (v.is(ValueKind::Bytes)) return v.as_bytes();
    if (v.is(ValueKind::Str)) {
      const std::string& s = v.str();
      if (s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        auto b = bt::from_hex(s);
        if (!b) return mismatch("invalid hex string");
        return std::move(*b);
      }
      if (allow_text) return Bytes(s.begin(), s.end());
      return mismatch("expected 0x-hex bytes");
    }
    if (is_positional(v)) {
      Bytes out;
      out.reserve(v.items().size());
      for (std::size_t i = 0; i < v.items().size(); ++i) {
        BT_TRY(auto nm, number(v.items()[i]));
        if (nm.first || nm.second > 255) return range("byte value out of range at index " + std::to_string(i));
        out.push_back(static_cast<std::uint8_t>(nm.second));
      }
      return out;
    }
    return mismatch(std::string("expected bytes, got ") + kind_name(v.kind()));
  }

  Result<void> fields(const std::vector<Field>& defs, const Value& v, bool allow_newtype) {
    if (defs.empty()) {
      if (is_unit(v) || ((v.is(ValueKind::Composite) || v.is(ValueKind::Variant)) && v.items().empty()))
        return ok();
      return mismatch(std::string("expected no fields, got ") + kind_name(v.kind()));
    }
    const bool holder = v.is(ValueKind::Composite) || v.is(ValueKind::Variant) || is_positional(v);
    if (holder && v.has_named_fields() && defs[0].name) {
      // match by name when every declared field is present
      bool all = v.items().size() == defs.size();
      for (const auto& f : defs)
        if (all && !v.field(*f.name)) all = false;
      if (all) {
        for (const auto& f : defs) {
          PathGuard g(segs, {'.', &*f.name, 0});
          BT_TRY_VOID(value(f.type, *v.field(*f.name), 0));
        }
        return ok();
      }
    }
    if (holder && v.items().size() == defs.size() && (!v.has_named_fields() || !defs[0].name)) {
      for (std::size_t i = 0; i < defs.size(); ++i) {
        PathGuard g(segs, defs[i].name ? Seg{'.', &*defs[i].name, 0} : Seg{'[', nullptr, i});
        BT_TRY_VOID(value(defs[i].type, v.items()[i], 0));
      }
      return ok();
    }
    if (allow_newtype && defs.size() == 1) return value(defs[0].type, v, 0);
    if (holder && v.has_named_fields() && defs[0].name) {
      for (const auto& f : defs)
        if (!v.field(*f.name)) return mismatch("missing field '" + *f.name + "'");
      return mismatch("unexpected extra fields");
    }
    return mismatch("expected " + std::to_string(defs.size()) + " field(s), got " +
                    (holder ? std::to_string(v.items().size()) : std::string(kind_name(v.kind()))));
  }

  Result<void> variant(const Type& t, const TypeDefVariant& def, const Value& v) {
    const bool is_option = t.path.size() == 1 && t.path[0] == "Option";
    const Variant* var = nullptr;
    const Value* payload = &v;
    Value unit;
    if (v.is(ValueKind::Variant)) {
      var = v.name().empty() ? def.by_index(v.variant_index()) : def.by_name(v.name());
      if (!var) return mismatch("no variant '" + v.name() + "' in " + t.path_string());
    } else if (v.is(ValueKind::Str) && def.by_name(v.str())) {
      var = def.by_name(v.str());
      payload = &unit;
    } else if (v.is(ValueKind::Composite) && v.has_named_fields() && v.items().size() == 1 &&
               def.by_name(v.names()[0])) {
      var = def.by_name(v.names()[0]);
      payload = &v.items()[0];
    } else if (is_option) {
      if (is_unit(v)) {
        e.put_u8(0);  // None
        return ok();
      }
      var = def.by_name("Some");
      if (!var || var->fields.size() != 1) return mismatch("malformed Option type");
      e.put_u8(var->index);
      return value(var->fields[0].type, v, 0);
    } else {
      return mismatch(std::string("expected a variant of ") + t.path_string() + ", got " + kind_name(v.kind()));
    }
    e.put_u8(var->index);
    PathGuard g(segs, {':', &var->name, 0});
    return fields(var->fields, *payload, true);
  }

  Result<void> compact(TypeId inner, const Value& v, int depth) {
    const Type* t = r.find(inner);
    if (!t || depth > 16) return mismatch("unsupported Compact<T> inner type");
    if (auto* p = std::get_if<TypeDefPrimitive>(&t->def)) {
      unsigned bytes;
      switch (p->prim) {
        case Primitive::U8: bytes = 1; break;
        case Primitive::U16: bytes = 2; break;
        case Primitive::U32: bytes = 4; break;
        case Primitive::U64: bytes = 8; break;
        case Primitive::U128: bytes = 16; break;
        default: return mismatch("Compact of a non-unsigned primitive");
      }
      BT_TRY(auto nm, number(v));
      u128 max = bytes == 16 ? ~u128{0} : ((u128{1} << (8 * bytes)) - 1);
      if (nm.first || nm.second > max) return range("value out of range for Compact<u" + std::to_string(8 * bytes) + ">");
      e.put_compact(nm.second);
      return ok();
    }
    if (auto* c = std::get_if<TypeDefComposite>(&t->def)) {
      if (c->fields.empty()) return ok();
      if (c->fields.size() == 1) {
        const Value* x = &v;
        if ((v.is(ValueKind::Composite) || v.is(ValueKind::Tuple)) && v.items().size() == 1) x = &v.items()[0];
        return compact(c->fields[0].type, *x, depth + 1);
      }
    }
    if (auto* tu = std::get_if<TypeDefTuple>(&t->def)) {
      if (tu->types.empty()) return ok();
      if (tu->types.size() == 1) {
        const Value* x = &v;
        if (v.is(ValueKind::Tuple) && v.items().size() == 1) x = &v.items()[0];
        return compact(tu->types[0], *x, depth + 1);
      }
    }
    return mismatch("unsupported Compact<T> inner type");
  }

  Result<void> bits(const TypeDefBitSequence& b, const Value& v) {
    auto [width, lsb] = bit_layout(r, b);
    if (width == 0) return mismatch("bit sequence store/order type not supported");
    std::vector<bool> bs;
    if (v.is(ValueKind::BitSeq)) {
      bs = v.as_bits();
    } else if (is_positional(v)) {
      for (const auto& x : v.items()) {
        if (x.is(ValueKind::Bool)) bs.push_back(x.as_bool());
        else if (x.is(ValueKind::UInt) && x.as_u128() <= 1) bs.push_back(x.as_u128() == 1);
        else return mismatch("bit sequence items must be bools");
      }
    } else {
      return mismatch(std::string("expected a bit sequence, got ") + kind_name(v.kind()));
    }
    e.put_compact(bs.size());
    std::size_t words = (bs.size() + width - 1) / width;
    for (std::size_t w = 0; w < words; ++w) {
      std::uint64_t s = 0;
      for (unsigned i = 0; i < width && w * width + i < bs.size(); ++i)
        if (bs[w * width + i]) s |= lsb ? (std::uint64_t{1} << i) : (std::uint64_t{1} << (width - 1 - i));
      for (unsigned k = 0; k < width / 8; ++k) e.put_u8(static_cast<std::uint8_t>(s >> (8 * k)));
    }
    return ok();
  }

  Result<void> value(TypeId id, const Value& v, int depth) {
    const Type* t = r.find(id);
    if (!t) return fail(MetadataError::unknown_type, render() + ": type id " + std::to_string(id));
    if (segs.size() > 256 || depth > 64) return mismatch("nesting too deep");
    switch (t->def.index()) {
      case 0:
        if (is_primitive_u256(*t) && !is_positional(v) && !v.is(ValueKind::Composite)) return wide_to(v, false);
        return fields(std::get<TypeDefComposite>(t->def).fields, v, true);
      case 1:
        return variant(*t, std::get<TypeDefVariant>(t->def), v);
      case 2: {
        const auto& s = std::get<TypeDefSequence>(t->def);
        if (is_u8(r, s.type)) {
          BT_TRY(Bytes b, byte_content(v, true));
          e.put_bytes_with_length(b);
          return ok();
        }
        if (!is_positional(v)) return mismatch(std::string("expected a sequence, got ") + kind_name(v.kind()));
        e.put_compact(v.items().size());
        for (std::size_t i = 0; i < v.items().size(); ++i) {
          PathGuard g(segs, {'[', nullptr, i});
          BT_TRY_VOID(value(s.type, v.items()[i], depth + 1));
        }
        return ok();
      }
      case 3: {
        const auto& a = std::get<TypeDefArray>(t->def);
        if (is_u8(r, a.type)) {
          BT_TRY(Bytes b, byte_content(v, false));
          if (b.size() != a.len)
            return mismatch("expected " + std::to_string(a.len) + " bytes, got " + std::to_string(b.size()));
          e.put_bytes(b);
          return ok();
        }
        if (!is_positional(v)) return mismatch(std::string("expected an array, got ") + kind_name(v.kind()));
        if (v.items().size() != a.len)
          return mismatch("expected " + std::to_string(a.len) + " items, got " + std::to_string(v.items().size()));
        for (std::size_t i = 0; i < v.items().size(); ++i) {
          PathGuard g(segs, {'[', nullptr, i});
          BT_TRY_VOID(value(a.type, v.items()[i], depth + 1));
        }
        return ok();
      }
      case 4: {
        const auto& tu = std::get<TypeDefTuple>(t->def);
        if (tu.types.empty()) {
          if (is_unit(v)) return ok();
          return mismatch(std::string("expected (), got ") + kind_name(v.kind()));
        }
        if (!is_positional(v) && !(v.is(ValueKind::Composite) && v.items().size() == tu.types.size())) {
          if (tu.types.size() == 1) return value(tu.types[0], v, depth + 1);
          return mismatch(std::string("expected a tuple, got ") + kind_name(v.kind()));
        }
        if (v.items().size() != tu.types.size())
          return mismatch("expected a " + std::to_string(tu.types.size()) + "-tuple, got " +
                          std::to_string(v.items().size()) + " items");
        for (std::size_t i = 0; i < tu.types.size(); ++i) {
          PathGuard g(segs, {'t', nullptr, i});
          BT_TRY_VOID(value(tu.types[i], v.items()[i], depth + 1));
        }
        return ok();
      }
      case 5:
        return primitive(std::get<TypeDefPrimitive>(t->def).prim, v);
      case 6:
        return compact(std::get<TypeDefCompact>(t->def).type, v, 0);
      case 7:
        return bits(std::get<TypeDefBitSequence>(t->def), v);
    }
    return mismatch("unknown type definition");
  }
};

}  // namespace

Result<void> encode_value_to(const Registry& reg, TypeId type, const Value& v, Encoder& e) {
  Enc enc{reg, e, {}};
  return enc.value(type, v, 0);
}

Result<Bytes> encode_value(const Registry& reg, TypeId type, const Value& v) {
  Encoder e;
  BT_TRY_VOID(encode_value_to(reg, type, v, e));
  return std::move(e).take();
}

// --- JSON ------------------------------------------------------------------------------------

namespace {

using json = nlohmann::ordered_json;

json number_json(bool neg, u128 mag) {
  constexpr u128 kSafe = u128{1} << 53;
  if (mag <= kSafe) {
    if (neg) return json(-static_cast<std::int64_t>(static_cast<std::uint64_t>(mag)));
    return json(static_cast<std::uint64_t>(mag));
  }
  std::string s = scale::to_string(mag);
  return json(neg ? "-" + s : s);
}

std::string utf8_of(char32_t c) {
  std::string s;
  auto u = static_cast<std::uint32_t>(c);
  if (u < 0x80) {
    s.push_back(static_cast<char>(u));
  } else if (u < 0x800) {
    s.push_back(static_cast<char>(0xC0 | (u >> 6)));
    s.push_back(static_cast<char>(0x80 | (u & 0x3F)));
  } else if (u < 0x10000) {
    s.push_back(static_cast<char>(0xE0 | (u >> 12)));
    s.push_back(static_cast<char>(0x80 | ((u >> 6) & 0x3F)));
    s.push_back(static_cast<char>(0x80 | (u & 0x3F)));
  } else {
    s.push_back(static_cast<char>(0xF0 | (u >> 18)));
    s.push_back(static_cast<char>(0x80 | ((u >> 12) & 0x3F)));
    s.push_back(static_cast<char>(0x80 | ((u >> 6) & 0x3F)));
    s.push_back(static_cast<char>(0x80 | (u & 0x3F)));
  }
  return s;
}

json to_j(const Value& v);

json fields_j(const Value& v) {
  if (v.has_named_fields()) {
    json o = json::object();
    for (std::size_t i = 0; i < v.items().size(); ++i) o[v.names()[i]] = to_j(v.items()[i]);
    return o;
  }
  if (v.items().size() == 1) return to_j(v.items()[0]);
  json a = json::array();
  for (const auto& x : v.items()) a.push_back(to_j(x));
  return a;
}

json to_j(const Value& v) {
  switch (v.kind()) {
    case ValueKind::Composite:
      if (v.items().empty()) return json::array();
      return fields_j(v);
    case ValueKind::Variant:
      if (v.name() == "None" && v.items().empty()) return json(nullptr);
      if (v.name() == "Some" && v.items().size() == 1 && !v.has_named_fields()) return to_j(v.items()[0]);
      if (v.items().empty()) return json(v.name());
      return json::object({{v.name(), fields_j(v)}});
    case ValueKind::Sequence:
    case ValueKind::Array:
    case ValueKind::Tuple: {
      if (v.is(ValueKind::Tuple) && v.items().empty()) return json(nullptr);
      json a = json::array();
      for (const auto& x : v.items()) a.push_back(to_j(x));
      return a;
    }
    case ValueKind::BitSeq: {
      json a = json::array();
      for (bool b : v.as_bits()) a.push_back(b);
      return a;
    }
    case ValueKind::Bool: return json(v.as_bool());
    case ValueKind::Char: return json(utf8_of(v.as_char()));
    case ValueKind::Str: return json(v.str());
    case ValueKind::UInt: return number_json(false, v.as_u128());
    case ValueKind::Int: {
      i128 x = v.as_i128();
      return x < 0 ? number_json(true, u128{0} - static_cast<u128>(x)) : number_json(false, static_cast<u128>(x));
    }
    case ValueKind::U256: return json(scale::to_string(v.as_u256()));
    case ValueKind::I256: return json(scale::to_string(v.as_i256()));
    case ValueKind::Bytes: return json(bt::to_hex(v.as_bytes()));
  }
  return json(nullptr);
}

Result<Value> from_j(const json& j, int depth) {
  if (depth > 128) return fail(MetadataError::invalid_json, "nesting too deep");
  switch (j.type()) {
    case json::value_t::null: return Value::tuple({});
    case json::value_t::boolean: return Value::boolean(j.get<bool>());
    case json::value_t::number_unsigned: return Value::u(j.get<std::uint64_t>());
    case json::value_t::number_integer: return Value::i(j.get<std::int64_t>());
    case json::value_t::number_float: {
      double d = j.get<double>();
      return fail(MetadataError::invalid_json,
                  "non-integer or too large number " + std::to_string(d) + " (use a decimal string)");
    }
    case json::value_t::string: return Value::string(j.get<std::string>());
    case json::value_t::array: {
      std::vector<Value> items;
      items.reserve(j.size());
      for (const auto& x : j) {
        BT_TRY(Value v, from_j(x, depth + 1));
        items.push_back(std::move(v));
      }
      return Value::sequence(std::move(items));
    }
    case json::value_t::object: {
      Value::NamedFields f;
      f.reserve(j.size());
      for (auto it = j.begin(); it != j.end(); ++it) {
        BT_TRY(Value v, from_j(it.value(), depth + 1));
        f.emplace_back(it.key(), std::move(v));
      }
      return Value::composite(std::move(f));
    }
    default:
      return fail(MetadataError::invalid_json, "unsupported JSON value");
  }
}

}  // namespace

std::string to_json(const Value& v) { return to_j(v).dump(); }

Result<Value> from_json(std::string_view text) {
  // Depth-limited (and NUL-checked) before a DOM is built: to_j/from_j and nlohmann recurse per level.
  auto parsed = ::bt::detail::parse_json_checked(text);
  if (!parsed.ok()) return fail(MetadataError::invalid_json, parsed.error);
  const json& j = parsed.value;
  return from_j(j, 0);
}

}  // namespace bt::metadata
