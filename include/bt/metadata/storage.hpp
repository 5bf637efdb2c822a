// SPDX-License-Identifier: MIT
// Storage keys and values of a runtime, driven by metadata.
//
// A storage key is Twox128(pallet storage prefix) ++ Twox128(entry name) ++, for each map key part,
// hasher(SCALE(key part)). Hashers: Blake2_128 / Blake2_256 / Twox128 / Twox256 (opaque hashes),
// Blake2_128Concat / Twox64Concat (hash ++ the encoded key, so the key can be read back) and
// Identity (the encoded key itself).
//
//   auto k = storage_key(md, "SubtensorModule", "Weights", {Value::u(1), Value::u(0)});  // full key
//   auto p = storage_key(md, "SubtensorModule", "Weights", {Value::u(1)});   // prefix: iterate netuid 1
//   auto parts = decode_storage_key(md, "System", "Account", key_bytes);    // parts[0].value = AccountId
//   auto v = decode_storage_value(md, "System", "Account", value_bytes);    // bt::metadata::Value
//
// Giving fewer key parts than the entry has hashers yields the prefix for state_getKeysPaged;
// more parts than hashers is MetadataError::invalid_key. Key part values follow encode_value's rules.
#pragma once

#include <bt/bytes.hpp>
#include <bt/metadata/metadata.hpp>
#include <bt/metadata/value.hpp>
#include <bt/result.hpp>

#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace bt::metadata {

// hasher(data) as it appears in a storage key (Concat hashers include `data` after the hash).
Bytes hash_key_part(StorageHasher h, ByteView data);
// Length of the hash that precedes the key for h (0 for Identity).
std::size_t hasher_hash_len(StorageHasher h) noexcept;
// True for hashers whose key can be read back (Blake2_128Concat, Twox64Concat, Identity).
bool hasher_is_reversible(StorageHasher h) noexcept;

// Twox128(pallet_prefix) ++ Twox128(entry): the 32-byte prefix of every key of the entry.
Bytes storage_prefix(std::string_view pallet_prefix, std::string_view entry);

// Type ids of the entry's key parts, one per hasher (empty for a plain entry).
Result<std::vector<TypeId>> storage_key_types(const Registry& reg, const StorageEntry& entry);

// Key (or prefix, with fewer parts) from values encoded by the key part types.
Result<Bytes> storage_key(const Metadata& md, std::string_view pallet, std::string_view entry,
                          std::span<const Value> keys = {});
// Same, from already SCALE-encoded key parts.
Result<Bytes> storage_key_encoded(const Metadata& md, std::string_view pallet, std::string_view entry,
                                  std::span<const Bytes> encoded_keys);

struct StorageKeyPart {
  StorageHasher hasher = StorageHasher::Identity;
  TypeId type = 0;
  Bytes hash;                  // the hash bytes (empty for Identity)
  Bytes encoded;               // the encoded key (reversible hashers only)
  std::optional<Value> value;  // decoded key (reversible hashers only)
};
// Splits a full key of the entry into its parts and decodes the reversible ones. A key that does not
// start with the entry's prefix, is too short, has a Concat hash that does not match its key, or
// has bytes left over is MetadataError::invalid_key.
Result<std::vector<StorageKeyPart>> decode_storage_key(const Metadata& md, std::string_view pallet,
                                                       std::string_view entry, ByteView key);

// Decodes a value read from storage as the entry's value type.
Result<Value> decode_storage_value(const Metadata& md, std::string_view pallet, std::string_view entry,
                                   ByteView data);
// The value a read returns when the key is absent: the decoded default for Default entries,
// nullopt for Optional entries.
Result<std::optional<Value>> storage_default(const Metadata& md, std::string_view pallet,
                                             std::string_view entry);

}  // namespace bt::metadata
