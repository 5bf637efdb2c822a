// SPDX-License-Identifier: MIT
#include <bt/metadata/value_encode.hpp>

#include <algorithm>

#include "metadata/value_shape.hpp"

namespace bt::metadata {

using detail::bit_layout;
using detail::is_primitive_u256;
using detail::is_u8;
using scale::Encoder;
using scale::i128;
using scale::u128;

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
    return (v.is(ValueKind::Tuple) || v.is(ValueKind::Composite) || v.is(ValueKind::Sequence)) &&
           v.items().empty();
  }
  static bool is_positional(const Value& v) {
    return v.is(ValueKind::Sequence) || v.is(ValueKind::Tuple) || v.is(ValueKind::Array) ||
           (v.is(ValueKind::Composite) && !v.has_named_fields());
  }

  // Signed magnitude of a numeric value (UInt, Int, Bool, decimal Str); false if not a number.
  Result<std::pair<bool, u128>> number(const Value& v) const {
    switch (v.kind()) {
      case ValueKind::UInt:
        return std::pair<bool, u128>{false, v.as_u128()};
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
    if (nm.first || nm.second > max) return range("value out of range for u" + std::to_string(8 * bytes));
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
      for (int i = 0; i < 16; ++i)
        le[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(bits >> (8 * i));
      if (nm.first)
        for (std::size_t i = 16; i < 32; ++i) le[i] = 0xff;
    }
    e.put_raw(le.data(), 32);
    return ok();
  }

  Result<void> primitive(Primitive p, const Value& v) {
    switch (p) {
      case Primitive::Bool:
        if (!v.is(ValueKind::Bool))
          return mismatch(std::string("expected a bool, got ") + kind_name(v.kind()));
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
          if (s.size() != len || !scale::is_valid_utf8(as_bytes(s)))
            return mismatch("expected one character");
          c = len == 1 ? b0 : (b0 & (0xff >> (len + 1)));
          for (std::size_t k = 1; k < len; ++k) c = (c << 6) | (static_cast<unsigned char>(s[k]) & 0x3f);
        } else {
          return mismatch(std::string("expected a char, got ") + kind_name(v.kind()));
        }
        e.put_le<std::uint32_t>(c);
        return ok();
      }
      case Primitive::Str:
        if (!v.is(ValueKind::Str))
          return mismatch(std::string("expected a string, got ") + kind_name(v.kind()));
        e.put_bytes_with_length(as_bytes(v.str()));
        return ok();
      case Primitive::U8:
        return unsigned_to(v, 1);
      case Primitive::U16:
        return unsigned_to(v, 2);
      case Primitive::U32:
        return unsigned_to(v, 4);
      case Primitive::U64:
        return unsigned_to(v, 8);
      case Primitive::U128:
        return unsigned_to(v, 16);
      case Primitive::I8:
        return signed_to(v, 1);
      case Primitive::I16:
        return signed_to(v, 2);
      case Primitive::I32:
        return signed_to(v, 4);
      case Primitive::I64:
        return signed_to(v, 8);
      case Primitive::I128:
        return signed_to(v, 16);
      case Primitive::U256:
        return wide_to(v, false);
      case Primitive::I256:
        return wide_to(v, true);
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
        if (nm.first || nm.second > 255)
          return range("byte value out of range at index " + std::to_string(i));
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
      return mismatch(std::string("expected a variant of ") + t.path_string() + ", got " +
                      kind_name(v.kind()));
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
        case Primitive::U8:
          bytes = 1;
          break;
        case Primitive::U16:
          bytes = 2;
          break;
        case Primitive::U32:
          bytes = 4;
          break;
        case Primitive::U64:
          bytes = 8;
          break;
        case Primitive::U128:
          bytes = 16;
          break;
        default:
          return mismatch("Compact of a non-unsigned primitive");
      }
      BT_TRY(auto nm, number(v));
      u128 max = bytes == 16 ? ~u128{0} : ((u128{1} << (8 * bytes)) - 1);
      if (nm.first || nm.second > max)
        return range("value out of range for Compact<u" + std::to_string(8 * bytes) + ">");
      e.put_compact(nm.second);
      return ok();
    }
    if (auto* c = std::get_if<TypeDefComposite>(&t->def)) {
      if (c->fields.empty()) return ok();
      if (c->fields.size() == 1) {
        const Value* x = &v;
        if ((v.is(ValueKind::Composite) || v.is(ValueKind::Tuple)) && v.items().size() == 1)
          x = &v.items()[0];
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
        if (x.is(ValueKind::Bool))
          bs.push_back(x.as_bool());
        else if (x.is(ValueKind::UInt) && x.as_u128() <= 1)
          bs.push_back(x.as_u128() == 1);
        else
          return mismatch("bit sequence items must be bools");
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
        if (is_primitive_u256(*t) && !is_positional(v) && !v.is(ValueKind::Composite))
          return wide_to(v, false);
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
        if (!is_positional(v))
          return mismatch(std::string("expected a sequence, got ") + kind_name(v.kind()));
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
          return mismatch("expected " + std::to_string(a.len) + " items, got " +
                          std::to_string(v.items().size()));
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

}  // namespace bt::metadata
