// SPDX-License-Identifier: MIT
// A test-only builder of runtime metadata V14 blobs (RuntimeMetadataPrefixed: "meta", version 14), for
// scripted nodes that must serve a runtime no local chain has (e.g. one with the Drand pallet).
//
//   bt::test::MetadataBuilder b;
//   auto u64 = b.prim("u64");
//   auto sig = b.sequence(b.prim("u8"));
//   auto pulse = b.composite("pallet_drand::types::Pulse", {{"round", u64}, {"signature", sig}});
//   b.pallet("Drand").map("Pulses", {Hasher::Blake2_128Concat}, u64, pulse);
//   b.pallet("Drand").plain("LastStoredRound", u64, Modifier::default_value, bt::Bytes(8, 0));
//   bt::Bytes blob = b.build();   // bt::metadata::Metadata::decode(blob) reads it back
//
// Type ids are handed out in creation order (0..N-1, as scale-info does); prim(), account_id32() and
// option() return the same id when asked twice. Pallets get indexes in the order they are first named
// unless index() sets one. Calls, events, errors and constants are optional (a pallet without them
// encodes None / an empty list). build() adds, after the user's types, an UncheckedExtrinsic type
// (params Address, Call, Signature, Extra) and a Runtime type, unless extrinsic_type() / runtime_type()
// were set. Nothing is validated: tests may build broken metadata on purpose.
#pragma once

#include <bt/bytes.hpp>
#include <bt/metadata/metadata.hpp>

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bt::test {

using metadata::TypeId;
using Hasher = metadata::StorageHasher;

// Optional: an absent key reads as None (default bytes 0x00). default_value: the entry's default.
enum class Modifier { optional, default_value };

struct FieldSpec {
  FieldSpec(std::string name_, TypeId type_, std::string type_name_ = {})
      : name(std::move(name_)), type(type_), type_name(std::move(type_name_)) {}
  std::string name;  // empty: an unnamed (tuple-like) field
  TypeId type = 0;
  std::string type_name;  // the Rust type name recorded in the metadata (empty: none)
};

struct VariantSpec {
  std::string name;
  std::vector<FieldSpec> fields;
  std::uint8_t index = 0;
};

class PalletBuilder {
 public:
  // A Plain storage entry. Modifier::optional with empty `default_bytes` records 0x00 (None).
  PalletBuilder& plain(std::string name, TypeId value, Modifier m = Modifier::optional,
                       Bytes default_bytes = {});
  // A Map entry: one hasher per key part; with several, `key` is the tuple of the parts.
  PalletBuilder& map(std::string name, std::vector<Hasher> hashers, TypeId key, TypeId value,
                     Modifier m = Modifier::optional, Bytes default_bytes = {});
  PalletBuilder& calls(TypeId variant_type);
  PalletBuilder& events(TypeId variant_type);
  PalletBuilder& errors(TypeId variant_type);
  PalletBuilder& constant(std::string name, TypeId type, Bytes value);
  PalletBuilder& index(std::uint8_t i);

 private:
  friend class MetadataBuilder;
  explicit PalletBuilder(std::string name, std::uint8_t index) : name_(std::move(name)), index_(index) {}
  void encode(Bytes& out) const;

  std::string name_;
  std::uint8_t index_ = 0;
  std::vector<Bytes> storage_;  // encoded StorageEntryMetadata
  std::optional<TypeId> calls_, events_, errors_;
  std::vector<Bytes> constants_;  // encoded PalletConstantMetadata
};

class MetadataBuilder {
 public:
  // "bool", "char", "str", "u8" ... "u256", "i8" ... "i256". An unknown name aborts the test (a typo).
  TypeId prim(std::string_view name);
  // sp_core::crypto::AccountId32: a composite of one unnamed [u8; 32] field.
  TypeId account_id32();
  // Named fields; `path` is "a::b::Name" (or just "Name").
  TypeId composite(std::string_view path, std::vector<FieldSpec> fields, std::vector<TypeId> params = {});
  TypeId variant(std::string_view path, std::vector<VariantSpec> variants, std::vector<TypeId> params = {});
  TypeId sequence(TypeId element);
  TypeId array(std::uint32_t len, TypeId element);
  TypeId tuple(std::vector<TypeId> elements);
  TypeId compact(TypeId inner);
  TypeId option(TypeId inner);  // Option<T>: variants None = 0, Some(T) = 1

  // The pallet named `name`, created on first use.
  PalletBuilder& pallet(std::string_view name);

  // V14 extrinsic fields: the extrinsic type, format version (default 4), signed extensions.
  MetadataBuilder& extrinsic_type(TypeId t);
  MetadataBuilder& extrinsic_version(std::uint8_t v);
  MetadataBuilder& signed_extension(std::string identifier, TypeId type, TypeId additional_signed);
  MetadataBuilder& runtime_type(TypeId t);

  // The RuntimeMetadataPrefixed blob. Adds the default extrinsic / runtime types on first call.
  Bytes build();

 private:
  TypeId add(std::string_view path, const std::vector<std::pair<std::string, std::optional<TypeId>>>& params,
             const Bytes& def);

  std::vector<Bytes> types_;  // encoded Type (without the id)
  std::map<std::string, TypeId, std::less<>> cache_;
  std::deque<PalletBuilder> pallets_;  // deque: references handed out stay valid
  std::optional<TypeId> extrinsic_type_, runtime_type_;
  std::uint8_t extrinsic_version_ = 4;
  std::vector<Bytes> extensions_;  // encoded SignedExtensionMetadata
};

}  // namespace bt::test
