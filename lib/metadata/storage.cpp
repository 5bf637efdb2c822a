// SPDX-License-Identifier: MIT
#include <bt/metadata/storage.hpp>

#include <bt/crypto/hashing.hpp>

#include <algorithm>

namespace bt::metadata {

namespace {
void append(Bytes& out, ByteView b) { out.insert(out.end(), b.begin(), b.end()); }
}  // namespace

Bytes hash_key_part(StorageHasher h, ByteView data) {
  Bytes out;
  switch (h) {
    case StorageHasher::Blake2_128:
      append(out, crypto::blake2b_128(data));
      break;
    case StorageHasher::Blake2_256:
      append(out, crypto::blake2b_256(data));
      break;
    case StorageHasher::Blake2_128Concat:
      return crypto::blake2_128_concat(data);
    case StorageHasher::Twox128:
      append(out, crypto::twox_128(data));
      break;
    case StorageHasher::Twox256:
      append(out, crypto::twox_256(data));
      break;
    case StorageHasher::Twox64Concat:
      return crypto::twox_64_concat(data);
    case StorageHasher::Identity:
      append(out, data);
      break;
  }
  return out;
}

std::size_t hasher_hash_len(StorageHasher h) noexcept {
  switch (h) {
    case StorageHasher::Blake2_128:
    case StorageHasher::Blake2_128Concat:
    case StorageHasher::Twox128:
      return 16;
    case StorageHasher::Blake2_256:
    case StorageHasher::Twox256:
      return 32;
    case StorageHasher::Twox64Concat:
      return 8;
    case StorageHasher::Identity:
      return 0;
  }
  return 0;
}

bool hasher_is_reversible(StorageHasher h) noexcept {
  return h == StorageHasher::Blake2_128Concat || h == StorageHasher::Twox64Concat ||
         h == StorageHasher::Identity;
}

Bytes storage_prefix(std::string_view pallet_prefix, std::string_view entry) {
  Bytes out;
  out.reserve(32);
  append(out, crypto::twox_128(as_bytes(pallet_prefix)));
  append(out, crypto::twox_128(as_bytes(entry)));
  return out;
}

Result<std::vector<TypeId>> storage_key_types(const Registry& reg, const StorageEntry& e) {
  if (!e.is_map) return std::vector<TypeId>{};
  if (e.hashers.size() == 1) return std::vector<TypeId>{e.key_type};
  const Type* t = reg.find(e.key_type);
  auto* tu = t ? std::get_if<TypeDefTuple>(&t->def) : nullptr;
  if (!tu || tu->types.size() != e.hashers.size())
    return fail(MetadataError::invalid_registry, "storage entry '" + e.name + "' has " +
                                                     std::to_string(e.hashers.size()) +
                                                     " hashers but its key type is not a tuple of that size");
  return tu->types;
}

namespace {
struct Located {
  const Pallet* pallet;
  const StorageEntry* entry;
};
Result<Located> locate(const Metadata& md, std::string_view pallet, std::string_view entry) {
  BT_TRY(const Pallet* p, md.require_pallet(pallet));
  BT_TRY(const StorageEntry* e, md.require_storage_entry(pallet, entry));
  return Located{p, e};
}
}  // namespace

Result<Bytes> storage_key_encoded(const Metadata& md, std::string_view pallet, std::string_view entry,
                                  std::span<const Bytes> encoded_keys) {
  BT_TRY(Located loc, locate(md, pallet, entry));
  if (encoded_keys.size() > loc.entry->hashers.size())
    return fail(MetadataError::invalid_key, std::string(pallet) + "." + std::string(entry) + " takes " +
                                                std::to_string(loc.entry->hashers.size()) + " key(s), got " +
                                                std::to_string(encoded_keys.size()));
  Bytes key = storage_prefix(loc.pallet->storage_prefix.value_or(loc.pallet->name), entry);
  for (std::size_t i = 0; i < encoded_keys.size(); ++i)
    append(key, hash_key_part(loc.entry->hashers[i], encoded_keys[i]));
  return key;
}

Result<Bytes> storage_key(const Metadata& md, std::string_view pallet, std::string_view entry,
                          std::span<const Value> keys) {
  BT_TRY(Located loc, locate(md, pallet, entry));
  BT_TRY(std::vector<TypeId> types, storage_key_types(md.types, *loc.entry));
  if (keys.size() > types.size())
    return fail(MetadataError::invalid_key, std::string(pallet) + "." + std::string(entry) + " takes " +
                                                std::to_string(types.size()) + " key(s), got " +
                                                std::to_string(keys.size()));
  std::vector<Bytes> enc;
  enc.reserve(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    auto b = encode_value(md.types, types[i], keys[i]);
    if (!b)
      return fail(Error(b.error().code(), "key " + std::to_string(i) + " of " + std::string(pallet) + "." +
                                              std::string(entry) + ": " + b.error().message()));
    enc.push_back(std::move(*b));
  }
  return storage_key_encoded(md, pallet, entry, enc);
}

Result<std::vector<StorageKeyPart>> decode_storage_key(const Metadata& md, std::string_view pallet,
                                                       std::string_view entry, ByteView key) {
  BT_TRY(Located loc, locate(md, pallet, entry));
  BT_TRY(std::vector<TypeId> types, storage_key_types(md.types, *loc.entry));
  Bytes prefix = storage_prefix(loc.pallet->storage_prefix.value_or(loc.pallet->name), entry);
  if (key.size() < prefix.size() || !std::equal(prefix.begin(), prefix.end(), key.begin()))
    return fail(MetadataError::invalid_key,
                "key does not start with the prefix of " + std::string(pallet) + "." + std::string(entry));
  scale::Decoder d(key.subspan(prefix.size()));
  std::vector<StorageKeyPart> parts;
  for (std::size_t i = 0; i < types.size(); ++i) {
    StorageKeyPart part;
    part.hasher = loc.entry->hashers[i];
    part.type = types[i];
    std::size_t hl = hasher_hash_len(part.hasher);
    if (d.remaining() < hl)
      return fail(MetadataError::invalid_key, "key too short for part " + std::to_string(i));
    ByteView h = d.read_view(hl);
    part.hash.assign(h.begin(), h.end());
    if (hasher_is_reversible(part.hasher)) {
      std::size_t start = d.position();
      Value v = decode_value(md.types, types[i], d);
      if (!d.ok())
        return fail(MetadataError::invalid_key,
                    "key part " + std::to_string(i) + ": " + d.error().to_string());
      ByteView whole = key.subspan(prefix.size());
      part.encoded.assign(whole.begin() + static_cast<std::ptrdiff_t>(start),
                          whole.begin() + static_cast<std::ptrdiff_t>(d.position()));
      Bytes check = hash_key_part(part.hasher, part.encoded);
      if (!std::equal(part.hash.begin(), part.hash.end(), check.begin()))
        return fail(MetadataError::invalid_key,
                    "hash of key part " + std::to_string(i) + " does not match its key");
      part.value = std::move(v);
    }
    parts.push_back(std::move(part));
  }
  if (!d.at_end())
    return fail(MetadataError::invalid_key,
                std::to_string(d.remaining()) + " unexpected byte(s) after the key");
  return parts;
}

Result<Value> decode_storage_value(const Metadata& md, std::string_view pallet, std::string_view entry,
                                   ByteView data) {
  BT_TRY(Located loc, locate(md, pallet, entry));
  return decode_value(md.types, loc.entry->value_type, data);
}

Result<std::optional<Value>> storage_default(const Metadata& md, std::string_view pallet,
                                             std::string_view entry) {
  BT_TRY(Located loc, locate(md, pallet, entry));
  if (loc.entry->optional) return std::optional<Value>{};
  BT_TRY(Value v, decode_value(md.types, loc.entry->value_type, loc.entry->default_value));
  return std::optional<Value>(std::move(v));
}

}  // namespace bt::metadata
