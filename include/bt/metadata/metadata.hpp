// SPDX-License-Identifier: MIT
// Runtime metadata (frame-metadata RuntimeMetadataPrefixed) versions 14, 15 and 16 in one model.
//
//   bt::Result<bt::metadata::Metadata> md = bt::metadata::Metadata::decode(blob);        // raw bytes
//   auto md2 = bt::metadata::Metadata::from_hex_or_bytes(text);   // "0x6d65..." as state_getMetadata
//   const Pallet* p = md->pallet("SubtensorModule");
//   const Variant* call = md->call("SubtensorModule", "set_weights");   // call->index
//   const StorageEntry* e = md->storage_entry("SubtensorModule", "TotalStake");
//
// The blob is "meta" (0x6d657461), then the RuntimeMetadata enum (index = version). Fields that a
// version does not have are empty / nullopt: `apis`, `outer_enums`, `custom` and pallet `docs` are V15+,
// `view_functions`, `associated_types`, deprecation info and transaction_extensions_by_version are V16.
// In V14/V15 the extrinsic's signed extensions are stored as `extrinsic.extensions` with
// `implicit_type` = the "additional signed" type; V16 calls them transaction extensions.
// Calls, events and errors are the variants of the pallet's call/event/error enum types
// (registry.hpp); lookups return them directly.
//
// Decoding never over-reads or allocates from an unchecked length; malformed input is a bt.scale
// DecodeError, a bad magic or version a MetadataError. Lookups are by exact (case-sensitive) name
// and linear in the number of items, except pallet() which is hashed.
#pragma once

#include <bt/bytes.hpp>
#include <bt/metadata/error.hpp>
#include <bt/metadata/registry.hpp>
#include <bt/result.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace bt::metadata {

enum class StorageHasher : std::uint8_t {
  Blake2_128 = 0,
  Blake2_256,
  Blake2_128Concat,
  Twox128,
  Twox256,
  Twox64Concat,
  Identity
};
const char* hasher_name(StorageHasher h) noexcept;

// V16 deprecation status of an item. kind: 0 not deprecated, 1 deprecated without note, 2 deprecated.
struct Deprecation {
  std::uint8_t kind = 0;
  std::string note;
  std::optional<std::string> since;
};

struct StorageEntry {
  std::string name;
  bool optional = false;  // modifier Optional (absent -> None) vs Default (absent -> `default_value`)
  bool is_map = false;    // Plain or Map
  std::vector<StorageHasher> hashers;  // Map only: one per key part
  TypeId key_type = 0;                 // Map only: a tuple when there are several hashers
  TypeId value_type = 0;
  Bytes default_value;  // SCALE of the default value
  std::vector<std::string> docs;
  Deprecation deprecation;  // V16
};

struct Constant {
  std::string name;
  TypeId type = 0;
  Bytes value;  // SCALE encoded
  std::vector<std::string> docs;
  Deprecation deprecation;  // V16
};

struct ViewFunctionParam {
  std::string name;
  TypeId type = 0;
};
struct ViewFunction {  // V16
  std::string name;
  FixedBytes<32> id;
  std::vector<ViewFunctionParam> inputs;
  TypeId output = 0;
  std::vector<std::string> docs;
  Deprecation deprecation;
};
struct AssociatedType {  // V16
  std::string name;
  TypeId type = 0;
  std::vector<std::string> docs;
};

struct Pallet {
  std::string name;
  std::uint8_t index = 0;
  std::optional<std::string> storage_prefix;  // present when the pallet has storage
  std::vector<StorageEntry> storage;
  std::optional<TypeId> call_type;   // variant type: one variant per call
  std::optional<TypeId> event_type;  // variant type: one variant per event
  std::optional<TypeId> error_type;  // variant type: one variant per error
  std::vector<Constant> constants;
  std::vector<std::string> docs;                 // V15+
  std::vector<AssociatedType> associated_types;  // V16
  std::vector<ViewFunction> view_functions;      // V16
  Deprecation deprecation;                       // V16
};

struct ExtrinsicExtension {
  std::string identifier;    // e.g. "CheckNonce"
  TypeId type = 0;           // data included in the extrinsic
  TypeId implicit_type = 0;  // data included only in the signed payload ("additional signed")
};

struct ExtrinsicInfo {
  // The extrinsic format versions: V14/V15 have one (e.g. 4); V16 lists all supported.
  std::vector<std::uint8_t> versions;
  std::optional<TypeId> extrinsic_type;        // V14 only: UncheckedExtrinsic
  std::optional<TypeId> address_type;          // V15+ (V14: from the extrinsic type's params, if named)
  std::optional<TypeId> call_type;             // V15 (V14/V16: from extrinsic type params / outer enums)
  std::optional<TypeId> signature_type;        // V15+
  std::optional<TypeId> extra_type;            // V15 only
  std::vector<ExtrinsicExtension> extensions;  // in the order they appear in the extrinsic
  // V16: extension indexes (into `extensions`) used by each transaction extension version.
  std::map<std::uint8_t, std::vector<std::uint32_t>> extensions_by_version;
};

struct RuntimeApiParam {
  std::string name;
  TypeId type = 0;
};
struct RuntimeApiMethod {
  std::string name;
  std::vector<RuntimeApiParam> inputs;
  TypeId output = 0;
  std::vector<std::string> docs;
  Deprecation deprecation;  // V16
};
struct RuntimeApi {
  std::string name;  // e.g. "Metadata"
  std::vector<RuntimeApiMethod> methods;
  std::vector<std::string> docs;
  Deprecation deprecation;  // V16
};

struct OuterEnums {
  TypeId call_type = 0;
  TypeId event_type = 0;
  TypeId error_type = 0;
};

struct CustomValue {
  TypeId type = 0;
  Bytes value;
};

class Metadata {
 public:
  // Decodes a RuntimeMetadataPrefixed blob (raw bytes).
  static Result<Metadata> decode(ByteView blob);
  // Accepts either raw bytes or ASCII hex text (with or without 0x, surrounding whitespace and
  // quotes allowed), as state_getMetadata returns it or as saved to a file.
  static Result<Metadata> from_hex_or_bytes(ByteView data);

  std::uint32_t version = 0;  // 14, 15 or 16
  Registry types;
  std::vector<Pallet> pallets;
  ExtrinsicInfo extrinsic;
  std::optional<TypeId> runtime_type;                       // V14/V15
  std::vector<RuntimeApi> apis;                             // V15+
  std::optional<OuterEnums> outer_enums;                    // V15+
  std::vector<std::pair<std::string, CustomValue>> custom;  // V15+, in key order

  // --- lookups (nullptr when absent) -------------------------------------------------------
  const Pallet* pallet(std::string_view name) const;
  const Pallet* pallet_by_index(std::uint8_t index) const;
  const Variant* call(std::string_view pallet, std::string_view call) const;
  const StorageEntry* storage_entry(std::string_view pallet, std::string_view entry) const;
  const Constant* constant(std::string_view pallet, std::string_view name) const;
  const Variant* event(std::string_view pallet, std::string_view name) const;
  const Variant* error(std::string_view pallet, std::string_view name) const;
  const RuntimeApiMethod* runtime_api_method(std::string_view api, std::string_view method) const;
  const RuntimeApi* runtime_api(std::string_view api) const;

  // Variants of the pallet's call / event / error enum in variant (declaration) order; empty when
  // the pallet has none.
  const std::vector<Variant>& calls(const Pallet& p) const;
  const std::vector<Variant>& events(const Pallet& p) const;
  const std::vector<Variant>& errors(const Pallet& p) const;

  // The outer RuntimeCall / RuntimeEvent type: V15+ outer_enums, else found from the registry
  // (the variant type whose path ends in "RuntimeCall" / "RuntimeEvent").
  std::optional<TypeId> runtime_call_type() const;
  std::optional<TypeId> runtime_event_type() const;

  // Same as the lookups but with a MetadataError::not_found naming what is missing.
  Result<const Pallet*> require_pallet(std::string_view name) const;
  Result<const Variant*> require_call(std::string_view pallet, std::string_view call) const;
  Result<const StorageEntry*> require_storage_entry(std::string_view pallet, std::string_view entry) const;
  Result<const Constant*> require_constant(std::string_view pallet, std::string_view name) const;

 private:
  void build_index();
  std::unordered_map<std::string, std::size_t> pallet_index_;
};

}  // namespace bt::metadata
