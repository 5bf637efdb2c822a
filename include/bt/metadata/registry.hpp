// SPDX-License-Identifier: MIT
// The portable type registry of runtime metadata (scale-info PortableRegistry): every type the
// runtime uses, by numeric id, with its path, generic parameters, definition and docs.
//
//   const bt::metadata::Type* t = registry.find(42);     // nullptr when absent
//   if (auto* v = std::get_if<bt::metadata::TypeDefVariant>(&t->def)) ...
//
// Type ids in metadata produced by scale-info are 0..N-1 in order; Registry::decode checks this, so
// find() is an O(1) index.
#pragma once

#include <bt/scale/decoder.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace bt::metadata {

using TypeId = std::uint32_t;

struct Field {
  std::optional<std::string> name;  // absent for tuple-like structs / variants
  TypeId type = 0;
  std::optional<std::string> type_name;  // the Rust type as written in source, e.g. "T::AccountId"
  std::vector<std::string> docs;
};

struct Variant {
  std::string name;
  std::vector<Field> fields;
  std::uint8_t index = 0;  // the SCALE variant index (not the position)
  std::vector<std::string> docs;
};

enum class Primitive : std::uint8_t {
  Bool,
  Char,
  Str,
  U8,
  U16,
  U32,
  U64,
  U128,
  U256,
  I8,
  I16,
  I32,
  I64,
  I128,
  I256
};
// Lower-case Rust name: "bool", "char", "str", "u8", ... "i256".
const char* primitive_name(Primitive p) noexcept;

struct TypeDefComposite {
  std::vector<Field> fields;
};
struct TypeDefVariant {
  std::vector<Variant> variants;
  // The variant with SCALE index i, or nullptr.
  const Variant* by_index(std::uint8_t i) const noexcept;
  const Variant* by_name(std::string_view name) const noexcept;
};
struct TypeDefSequence {
  TypeId type = 0;
};
struct TypeDefArray {
  std::uint32_t len = 0;
  TypeId type = 0;
};
struct TypeDefTuple {
  std::vector<TypeId> types;
};
struct TypeDefPrimitive {
  Primitive prim = Primitive::Bool;
};
struct TypeDefCompact {
  TypeId type = 0;
};
struct TypeDefBitSequence {
  TypeId store = 0;  // u8/u16/u32/u64 primitive
  TypeId order = 0;  // a type whose path ends in "Lsb0" or "Msb0"
};

using TypeDef = std::variant<TypeDefComposite, TypeDefVariant, TypeDefSequence, TypeDefArray, TypeDefTuple,
                             TypeDefPrimitive, TypeDefCompact, TypeDefBitSequence>;

struct TypeParam {
  std::string name;
  std::optional<TypeId> type;
};

struct Type {
  TypeId id = 0;
  std::vector<std::string> path;  // e.g. {"pallet_subtensor", "pallet", "Call"}
  std::vector<TypeParam> params;
  TypeDef def;
  std::vector<std::string> docs;

  // "pallet_subtensor::pallet::Call" (empty for anonymous types).
  std::string path_string() const;
};

class Registry {
 public:
  Registry() = default;
  explicit Registry(std::vector<Type> types) : types_(std::move(types)) {}

  // Reads a PortableRegistry (Compact count, then (Compact id, Type) pairs). Failures are recorded
  // in the decoder; a registry whose ids are not 0..N-1 in order fails with DecodeError::invalid_variant.
  static Registry decode(scale::Decoder& d);

  const Type* find(TypeId id) const noexcept { return id < types_.size() ? &types_[id] : nullptr; }
  std::size_t size() const noexcept { return types_.size(); }
  const std::vector<Type>& types() const noexcept { return types_; }

  // The first type whose path_string() equals `path` (linear scan), or nullptr.
  const Type* find_by_path(std::string_view path) const;

  // Follows newtype wrappers: a composite with exactly one field, or a 1-tuple, to the inner type
  // (bounded: stops after 64 steps or at a cycle).
  TypeId resolve_newtype(TypeId id) const noexcept;

  // Human-readable type name, e.g. "Vec<(u16, u16)>", "Compact<u64>", "AccountId32".
  std::string type_name(TypeId id) const;

 private:
  std::vector<Type> types_;
};

}  // namespace bt::metadata
