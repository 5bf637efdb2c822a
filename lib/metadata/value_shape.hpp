// SPDX-License-Identifier: MIT
// Private: facts about registry types that both value decoding and encoding need.
#pragma once

#include <bt/metadata/registry.hpp>

#include <utility>
#include <variant>

namespace bt::metadata::detail {

inline bool is_u8(const Registry& r, TypeId id) {
  const Type* t = r.find(id);
  if (!t) return false;
  auto* p = std::get_if<TypeDefPrimitive>(&t->def);
  return p && p->prim == Primitive::U8;
}

// Bit store width in bits (8..64) and order (true = Lsb0) of a BitSequence; 0 width if invalid.
inline std::pair<unsigned, bool> bit_layout(const Registry& r, const TypeDefBitSequence& b) {
  const Type* st = r.find(b.store);
  const Type* ot = r.find(b.order);
  unsigned width = 0;
  if (st) {
    if (auto* p = std::get_if<TypeDefPrimitive>(&st->def)) {
      switch (p->prim) {
        case Primitive::U8:
          width = 8;
          break;
        case Primitive::U16:
          width = 16;
          break;
        case Primitive::U32:
          width = 32;
          break;
        case Primitive::U64:
          width = 64;
          break;
        default:
          break;
      }
    }
  }
  bool lsb = true;
  if (!ot || ot->path.empty()) return {0, true};
  if (ot->path.back() == "Lsb0")
    lsb = true;
  else if (ot->path.back() == "Msb0")
    lsb = false;
  else
    return {0, true};
  return {width, lsb};
}

// primitive_types::U256 is a struct around [u64; 4]; it is decoded as a 256-bit integer (as
// polkadot-js does), which has the same little-endian bytes.
inline bool is_primitive_u256(const Type& t) {
  return t.path.size() == 2 && t.path[0] == "primitive_types" && t.path[1] == "U256" &&
         std::holds_alternative<TypeDefComposite>(t.def);
}

}  // namespace bt::metadata::detail
