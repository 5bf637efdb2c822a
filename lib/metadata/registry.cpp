// SPDX-License-Identifier: MIT
#include <bt/metadata/registry.hpp>

#include "metadata/decode_util.hpp"

namespace bt::metadata {

using scale::DecodeError;
using scale::Decoder;

const char* primitive_name(Primitive p) noexcept {
  static const char* const names[] = {"bool", "char", "str", "u8",  "u16", "u32",  "u64", "u128",
                                      "u256", "i8",   "i16", "i32", "i64", "i128", "i256"};
  auto i = static_cast<std::size_t>(p);
  return i < std::size(names) ? names[i] : "?";
}

const Variant* TypeDefVariant::by_index(std::uint8_t i) const noexcept {
  // Variants are usually stored with index == position; try that first.
  if (i < variants.size() && variants[i].index == i) return &variants[i];
  for (const auto& v : variants)
    if (v.index == i) return &v;
  return nullptr;
}
const Variant* TypeDefVariant::by_name(std::string_view name) const noexcept {
  for (const auto& v : variants)
    if (v.name == name) return &v;
  return nullptr;
}

std::string Type::path_string() const {
  std::string s;
  for (const auto& p : path) {
    if (!s.empty()) s += "::";
    s += p;
  }
  return s;
}

namespace {

std::vector<Field> read_fields(Decoder& d) {
  std::vector<Field> out;
  std::size_t n = d.read_length(1);
  out.reserve(n);
  for (std::size_t i = 0; i < n && d.ok(); ++i) {
    Field f;
    f.name = detail::read_opt_string(d);
    f.type = d.read_compact_u32();
    f.type_name = detail::read_opt_string(d);
    f.docs = detail::read_strings(d);
    out.push_back(std::move(f));
  }
  return out;
}

TypeDef read_type_def(Decoder& d) {
  std::uint8_t tag = d.read_u8();
  switch (tag) {
    case 0:
      return TypeDefComposite{read_fields(d)};
    case 1: {
      TypeDefVariant v;
      std::size_t n = d.read_length(1);
      v.variants.reserve(n);
      for (std::size_t i = 0; i < n && d.ok(); ++i) {
        Variant var;
        var.name = d.read_string();
        var.fields = read_fields(d);
        var.index = d.read_u8();
        var.docs = detail::read_strings(d);
        v.variants.push_back(std::move(var));
      }
      return v;
    }
    case 2:
      return TypeDefSequence{d.read_compact_u32()};
    case 3: {
      TypeDefArray a;
      a.len = d.read_le<std::uint32_t>();
      a.type = d.read_compact_u32();
      return a;
    }
    case 4: {
      TypeDefTuple t;
      std::size_t n = d.read_length(1);
      t.types.reserve(n);
      for (std::size_t i = 0; i < n && d.ok(); ++i) t.types.push_back(d.read_compact_u32());
      return t;
    }
    case 5: {
      std::uint8_t p = d.read_u8();
      if (p > static_cast<std::uint8_t>(Primitive::I256))
        d.fail(DecodeError::invalid_variant, "primitive type");
      return TypeDefPrimitive{static_cast<Primitive>(p)};
    }
    case 6:
      return TypeDefCompact{d.read_compact_u32()};
    case 7: {
      TypeDefBitSequence b;
      b.store = d.read_compact_u32();
      b.order = d.read_compact_u32();
      return b;
    }
    default:
      d.fail(DecodeError::invalid_variant, "TypeDef variant");
      return TypeDefComposite{};
  }
}

}  // namespace

Registry Registry::decode(Decoder& d) {
  std::vector<Type> types;
  std::size_t n = d.read_length(4);  // a type takes at least 4 bytes
  types.reserve(n);
  for (std::size_t i = 0; i < n && d.ok(); ++i) {
    Type t;
    t.id = d.read_compact_u32();
    if (t.id != i) {
      d.fail(DecodeError::invalid_variant, "registry type ids are not 0..N-1 in order");
      break;
    }
    t.path = detail::read_strings(d);
    std::size_t np = d.read_length(2);
    t.params.reserve(np);
    for (std::size_t k = 0; k < np && d.ok(); ++k) {
      TypeParam p;
      p.name = d.read_string();
      p.type = detail::read_opt_compact_u32(d);
      t.params.push_back(std::move(p));
    }
    t.def = read_type_def(d);
    t.docs = detail::read_strings(d);
    types.push_back(std::move(t));
  }
  return Registry(std::move(types));
}

const Type* Registry::find_by_path(std::string_view path) const {
  for (const auto& t : types_)
    if (!t.path.empty() && t.path_string() == path) return &t;
  return nullptr;
}

TypeId Registry::resolve_newtype(TypeId id) const noexcept {
  for (int step = 0; step < 64; ++step) {
    const Type* t = find(id);
    if (!t) return id;
    if (auto* c = std::get_if<TypeDefComposite>(&t->def); c && c->fields.size() == 1) {
      id = c->fields[0].type;
    } else if (auto* tu = std::get_if<TypeDefTuple>(&t->def); tu && tu->types.size() == 1) {
      id = tu->types[0];
    } else {
      return id;
    }
  }
  return id;
}

namespace {
void append_name(const Registry& r, TypeId id, std::string& out, int depth) {
  const Type* t = r.find(id);
  if (!t) {
    out += "<unknown " + std::to_string(id) + ">";
    return;
  }
  if (depth > 16 || out.size() > 4096) {  // forged registries can nest names exponentially
    out += "...";
    return;
  }
  auto params = [&] {
    bool any = false;
    for (const auto& p : t->params) {
      if (!p.type) continue;
      out += any ? ", " : "<";
      any = true;
      append_name(r, *p.type, out, depth + 1);
    }
    if (any) out += ">";
  };
  std::visit(
      [&](const auto& def) {
        using D = std::decay_t<decltype(def)>;
        if constexpr (std::is_same_v<D, TypeDefSequence>) {
          out += "Vec<";
          append_name(r, def.type, out, depth + 1);
          out += ">";
        } else if constexpr (std::is_same_v<D, TypeDefArray>) {
          out += "[";
          append_name(r, def.type, out, depth + 1);
          out += "; " + std::to_string(def.len) + "]";
        } else if constexpr (std::is_same_v<D, TypeDefTuple>) {
          out += "(";
          for (std::size_t i = 0; i < def.types.size(); ++i) {
            if (i) out += ", ";
            append_name(r, def.types[i], out, depth + 1);
          }
          out += ")";
        } else if constexpr (std::is_same_v<D, TypeDefPrimitive>) {
          out += primitive_name(def.prim);
        } else if constexpr (std::is_same_v<D, TypeDefCompact>) {
          out += "Compact<";
          append_name(r, def.type, out, depth + 1);
          out += ">";
        } else if constexpr (std::is_same_v<D, TypeDefBitSequence>) {
          out += "BitVec<";
          append_name(r, def.store, out, depth + 1);
          out += ", ";
          append_name(r, def.order, out, depth + 1);
          out += ">";
        } else {
          out += t->path.empty() ? std::string("<anonymous>") : t->path.back();
          params();
        }
      },
      t->def);
}
}  // namespace

std::string Registry::type_name(TypeId id) const {
  std::string out;
  append_name(*this, id, out, 0);
  return out;
}

}  // namespace bt::metadata
