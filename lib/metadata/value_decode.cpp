// SPDX-License-Identifier: MIT
#include <bt/metadata/value_decode.hpp>

#include <algorithm>

#include "metadata/value_shape.hpp"

namespace bt::metadata {

using detail::bit_layout;
using detail::is_primitive_u256;
using detail::is_u8;
using scale::DecodeError;
using scale::Decoder;
using scale::i128;
using scale::u128;

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
  if (auto* a = std::get_if<TypeDefArray>(&t->def))
    return a->len == 0 || is_zero_sized_rec(r, a->type, depth + 1, budget);
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
    for (std::size_t i = 0; i < items.size(); ++i)
      nf.emplace_back(fields[i].name.value_or(""), std::move(items[i]));
    return variant ? Value::variant(std::move(name), std::move(nf), index) : Value::composite(std::move(nf));
  }
  return variant ? Value::variant_unnamed(std::move(name), std::move(items), index)
                 : Value::unnamed(std::move(items));
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
      case Primitive::U8:
        max = 0xff;
        break;
      case Primitive::U16:
        max = 0xffff;
        break;
      case Primitive::U32:
        max = 0xffffffffu;
        break;
      case Primitive::U64:
        max = 0xffffffffffffffffull;
        break;
      case Primitive::U128:
        max = ~u128{0};
        break;
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
    case Primitive::Bool:
      return Value::boolean(d.read_bool());
    case Primitive::Char: {
      std::uint32_t c = d.read_le<std::uint32_t>();
      if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) d.fail(DecodeError::invalid_char, "char");
      return Value::character(static_cast<char32_t>(c));
    }
    case Primitive::Str:
      return Value::string(d.read_string());
    case Primitive::U8:
      return Value::u(d.read_u8());
    case Primitive::U16:
      return Value::u(d.read_le<std::uint16_t>());
    case Primitive::U32:
      return Value::u(d.read_le<std::uint32_t>());
    case Primitive::U64:
      return Value::u(d.read_le<std::uint64_t>());
    case Primitive::U128:
      return Value::u(d.read_le<u128>());
    case Primitive::I8:
      return Value::i(d.read_le<std::int8_t>());
    case Primitive::I16:
      return Value::i(d.read_le<std::int16_t>());
    case Primitive::I32:
      return Value::i(d.read_le<std::int32_t>());
    case Primitive::I64:
      return Value::i(d.read_le<std::int64_t>());
    case Primitive::I128:
      return Value::i(d.read_le<i128>());
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

}  // namespace bt::metadata
