// SPDX-License-Identifier: MIT
#include <bt/client/typed.hpp>

#include <bt/metadata/error.hpp>
#include <bt/metadata/storage.hpp>

#include "client/cache.hpp"

namespace bt::client {

Result<std::shared_ptr<const metadata::Metadata>> decoded_metadata(Client& c, std::optional<Hash> at) {
  BT_TRY(auto v, c.runtime_version(at));
  auto& cache = client_cache(c);
  {
    std::lock_guard lock(cache.mu);
    if (auto it = cache.decoded.find(v.spec_version); it != cache.decoded.end()) return it->second;
  }
  std::shared_ptr<const Bytes> raw;
  if (auto v15 = c.metadata_at_version(15, at)) {
    raw = *v15;
  } else if (v15.error() == ClientError::not_found || v15.error() == rpc::RpcError::jsonrpc_error) {
    BT_TRY(raw, c.metadata(at));  // runtime without the metadata_at_version API or without V15
  } else {
    return fail(std::move(v15).error());
  }
  BT_TRY(auto md, metadata::Metadata::decode(*raw));
  auto shared = std::make_shared<const metadata::Metadata>(std::move(md));
  std::lock_guard lock(cache.mu);
  cache.decoded[v.spec_version] = shared;
  return shared;
}

Result<std::shared_ptr<const metadata::Metadata>> decoded_metadata(Client& c, std::optional<Hash> at,
                                                                   std::uint32_t spec_version) {
  {
    auto& cache = client_cache(c);
    std::lock_guard lock(cache.mu);
    if (auto it = cache.decoded.find(spec_version); it != cache.decoded.end()) return it->second;
  }
  return decoded_metadata(c, at);
}

Result<std::optional<metadata::Value>> storage_value(Client& c, std::string_view pallet,
                                                     std::string_view entry,
                                                     std::span<const metadata::Value> keys,
                                                     std::optional<Hash> at) {
  BT_TRY(auto md, decoded_metadata(c, at));
  BT_TRY(const metadata::StorageEntry* e, md->require_storage_entry(pallet, entry));
  BT_TRY(auto key_types, metadata::storage_key_types(md->types, *e));
  if (keys.size() != key_types.size())
    return fail(ClientError::invalid_argument, std::string(pallet) + "." + std::string(entry) + " takes " +
                                                   std::to_string(key_types.size()) + " key part(s)");
  BT_TRY(auto key, metadata::storage_key(*md, pallet, entry, keys));
  BT_TRY(auto raw, c.storage(key, at));
  if (!raw) return metadata::storage_default(*md, pallet, entry);
  BT_TRY(auto v, metadata::decode_storage_value(*md, pallet, entry, *raw));
  return std::optional<metadata::Value>(std::move(v));
}

Result<std::vector<StorageMapEntry>> storage_map(Client& c, std::string_view pallet, std::string_view entry,
                                                 std::span<const metadata::Value> leading_keys,
                                                 std::optional<Hash> at, std::uint32_t page_size) {
  if (!at) {
    BT_TRY(auto best, c.best_hash());
    at = best;
  }
  BT_TRY(auto md, decoded_metadata(c, at));
  BT_TRY(auto prefix, metadata::storage_key(*md, pallet, entry, leading_keys));
  std::vector<StorageMapEntry> out;
  std::optional<Error> failure;
  BT_TRY_VOID(c.for_each_storage(
      prefix,
      [&](const Bytes& k, const Bytes& v) {
        auto parts = metadata::decode_storage_key(*md, pallet, entry, k);
        if (!parts) {
          failure = std::move(parts).error();
          return false;
        }
        auto value = metadata::decode_storage_value(*md, pallet, entry, v);
        if (!value) {
          failure = std::move(value).error();
          return false;
        }
        StorageMapEntry e;
        for (auto& p : *parts)
          e.keys.push_back(p.value ? std::move(*p.value) : metadata::Value::bytes(p.hash));
        e.value = std::move(*value);
        out.push_back(std::move(e));
        return true;
      },
      at, page_size));
  if (failure) return fail(std::move(*failure));
  return out;
}

Result<metadata::Value> constant(Client& c, std::string_view pallet, std::string_view name,
                                 std::optional<Hash> at) {
  BT_TRY(auto md, decoded_metadata(c, at));
  BT_TRY(const metadata::Constant* k, md->require_constant(pallet, name));
  return metadata::decode_value(md->types, k->type, k->value);
}

Result<metadata::Value> runtime_api_call(Client& c, std::string_view api, std::string_view method,
                                         std::span<const metadata::Value> args, std::optional<Hash> at) {
  BT_TRY(auto md, decoded_metadata(c, at));
  const metadata::RuntimeApiMethod* m = md->runtime_api_method(api, method);
  if (!m)
    return fail(metadata::MetadataError::not_found,
                "runtime API " + std::string(api) + "." + std::string(method) +
                    (md->version < 15 ? " (this runtime has no V15 metadata)" : ""));
  if (args.size() != m->inputs.size())
    return fail(ClientError::invalid_argument, std::string(api) + "." + std::string(method) + " takes " +
                                                   std::to_string(m->inputs.size()) + " argument(s)");
  Bytes encoded;
  for (std::size_t i = 0; i < args.size(); ++i) {
    BT_TRY(auto e, metadata::encode_value(md->types, m->inputs[i].type, args[i]));
    encoded.insert(encoded.end(), e.begin(), e.end());
  }
  BT_TRY(auto out, c.state_call(std::string(api) + "_" + std::string(method), encoded, at));
  return metadata::decode_value(md->types, m->output, out);
}

}  // namespace bt::client
