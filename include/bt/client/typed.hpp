// SPDX-License-Identifier: MIT
// Typed chain access through the runtime metadata:
// storage items, constants and runtime API calls by name, with keys, arguments and results as
// bt::metadata::Value.
//
//   auto tempo = bt::client::storage_value(*c, "SubtensorModule", "Tempo", {Value::u(1)}).value();
//   // tempo: std::optional<Value> (nullopt only for OptionQuery items that are absent)
//   auto rows = bt::client::storage_map(*c, "SubtensorModule", "Weights", {Value::u(1)}).value();
//   auto hp = bt::client::runtime_api_call(*c, "SubnetInfoRuntimeApi", "get_subnet_hyperparams",
//                                          {Value::u(1)}).value();
//
// The decoded metadata is fetched once per runtime spec_version (V15 through Metadata_metadata_at_version
// when the runtime offers it, else V14) and cached in the Client. Runtime API calls need V15 (the V14
// metadata has no runtime API types): MetadataError::not_found otherwise. Errors: bt::rpc / bt::client
// errors from the node, bt::metadata::MetadataError for unknown names and bad keys, bt::scale /
// metadata errors for values that do not decode.
#pragma once

#include <bt/client/client.hpp>

#include <bt/metadata/metadata.hpp>
#include <bt/metadata/value.hpp>

namespace bt::client {

// Decoded metadata for the runtime at `at` (cached per spec_version).
Result<std::shared_ptr<const metadata::Metadata>> decoded_metadata(Client& c,
                                                                   std::optional<Hash> at = std::nullopt);
// The same when the caller already read the spec_version of the runtime at `at` (e.g. in a batch with
// other requests): the cached metadata of that version without asking the node again; otherwise as above.
Result<std::shared_ptr<const metadata::Metadata>> decoded_metadata(Client& c, std::optional<Hash> at,
                                                                   std::uint32_t spec_version);

// The value of a storage item; an absent ValueQuery item yields its default, an absent OptionQuery item
// nullopt. `keys` must give every key part of the item.
Result<std::optional<metadata::Value>> storage_value(Client& c, std::string_view pallet,
                                                     std::string_view entry,
                                                     std::span<const metadata::Value> keys = {},
                                                     std::optional<Hash> at = std::nullopt);

struct StorageMapEntry {
  std::vector<metadata::Value> keys;  // every key part (opaque hashers: the hash as Value::bytes)
  metadata::Value value;
};
// Every entry of a map under the given leading key parts (none: the whole map), read page by page at one
// block.
Result<std::vector<StorageMapEntry>> storage_map(Client& c, std::string_view pallet, std::string_view entry,
                                                 std::span<const metadata::Value> leading_keys = {},
                                                 std::optional<Hash> at = std::nullopt,
                                                 std::uint32_t page_size = 0);

// A pallet constant.
Result<metadata::Value> constant(Client& c, std::string_view pallet, std::string_view name,
                                 std::optional<Hash> at = std::nullopt);

// A runtime API method called through state_call ("<api>_<method>"), arguments encoded and the result
// decoded with the V15 metadata types.
Result<metadata::Value> runtime_api_call(Client& c, std::string_view api, std::string_view method,
                                         std::span<const metadata::Value> args = {},
                                         std::optional<Hash> at = std::nullopt);

}  // namespace bt::client
