// SPDX-License-Identifier: MIT
// bt::client::Client: a Substrate chain client on top of bt::rpc::RpcClient (chain_*, state_*, system_*,
// author_*, payment_* RPCs), with results decoded from JSON into plain C++ types.
//
//   auto c = bt::client::Client::connect("ws://127.0.0.1:9944").value();
//   bt::Hash256 genesis = c->genesis_hash().value();
//   auto v = c->runtime_version().value();                       // v.spec_version == 218
//   auto raw = c->storage(key).value();                           // std::optional<Bytes>, nullopt = absent
//   c->for_each_storage(prefix, [](const Bytes& k, const Bytes& v) { ...; return true; });
//
// Threading: like RpcClient (every method is thread-safe and blocking; subscription callbacks run on the
// RpcClient's dispatch thread). `at` = nullopt means the node's best block. Errors: bt::rpc::RpcError
// for transport/timeout/node errors, bt::client::ClientError for answers of the wrong shape.
// Metadata is fetched once per runtime spec_version and cached; a block of a new runtime version (after
// a runtime upgrade) fetches and caches the new metadata.
#pragma once

#include <bt/bytes.hpp>
#include <bt/result.hpp>
#include <bt/rpc/rpc_client.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bt::client {

// The codes, each with its value and message, written once: X(enumerator, value, message). The enum
// and the category's messages (lib/client/client.cpp) are both generated from this list.
#define BT_CLIENT_ERROR_CODES(X)                                                      \
  /* the node's answer does not have the documented shape (bad hex, missing field) */ \
  X(bad_response, 1, "unexpected answer from the node")                               \
  /* block/header not found (the node returned null) */                               \
  X(not_found, 2, "not found")                                                        \
  /* e.g. an address that is not SS58, page size 0 */                                 \
  X(invalid_argument, 3, "invalid argument")

enum class ClientError { BT_CLIENT_ERROR_CODES(BT_ERROR_ENUMERATOR) };
BT_DECLARE_ERROR_ENUM(ClientError, client_category);

using Hash = Hash256;

struct RuntimeVersion {
  std::string spec_name;
  std::string impl_name;
  std::uint32_t authoring_version = 0;
  std::uint32_t spec_version = 0;
  std::uint32_t impl_version = 0;
  std::uint32_t transaction_version = 0;
  std::uint32_t state_version = 0;
  std::vector<std::pair<FixedBytes<8>, std::uint32_t>> apis;  // (blake2_64(api name), version)
};

struct ChainProperties {
  std::optional<std::uint16_t> ss58_format;
  std::vector<std::string> token_symbols;
  std::vector<std::uint32_t> token_decimals;
  std::string json;  // the whole answer
};

struct Header {
  Hash parent_hash;
  std::uint64_t number = 0;
  Hash state_root;
  Hash extrinsics_root;
  std::vector<Bytes> digest_logs;  // SCALE-encoded DigestItems
};

struct Block {
  Header header;
  std::vector<Bytes> extrinsics;  // SCALE-encoded extrinsics
};

struct FeeInfo {
  std::uint64_t ref_time = 0;         // weight.refTime (or the legacy u64 weight)
  std::uint64_t proof_size = 0;       // weight.proofSize
  std::string dispatch_class;         // "normal", "operational", "mandatory"
  std::string partial_fee;            // u128 in decimal, as the node sends it (rao)
  std::uint64_t partial_fee_u64 = 0;  // the same, saturated to u64
};

struct StorageChange {
  Bytes key;
  std::optional<Bytes> value;  // nullopt: removed / absent
};
struct StorageChangeSet {
  Hash block;
  std::vector<StorageChange> changes;
};

struct ClientOptions {
  rpc::Options rpc;
  std::uint32_t page_size = 1000;  // keys per state_getKeysPaged page in for_each_storage
};

class Client {
 public:
  static Result<std::unique_ptr<Client>> connect(std::string url, ClientOptions options = {});
  // Wraps an existing connection.
  explicit Client(std::unique_ptr<rpc::RpcClient> rpc, ClientOptions options = {});
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // The underlying JSON-RPC client (raw calls, custom subscriptions).
  rpc::RpcClient& rpc() { return *rpc_; }

  // ---- chain ----
  Result<Hash> genesis_hash();  // cached after the first call
  Result<RuntimeVersion> runtime_version(std::optional<Hash> at = std::nullopt);
  Result<ChainProperties> properties();
  Result<std::string> chain_name();  // system_chain
  // chain_getBlockHash(number); ClientError::not_found if the node has no such block.
  Result<Hash> block_hash(std::uint64_t number);
  Result<Hash> best_hash();       // chain_getBlockHash() without a number
  Result<Hash> finalized_head();  // chain_getFinalizedHead
  Result<Header> header(std::optional<Hash> at = std::nullopt);
  Result<Block> block(std::optional<Hash> at = std::nullopt);

  // ---- metadata ----
  // Raw SCALE metadata (RuntimeMetadataPrefixed, "meta" magic first) from state_getMetadata at `at`,
  // cached per spec_version.
  Result<std::shared_ptr<const Bytes>> metadata(std::optional<Hash> at = std::nullopt);
  // Metadata of a given version via the Metadata_metadata_at_version runtime API (e.g. 15), cached per
  // (spec_version, version). ClientError::not_found if the runtime does not offer that version.
  Result<std::shared_ptr<const Bytes>> metadata_at_version(std::uint32_t version,
                                                           std::optional<Hash> at = std::nullopt);

  // ---- storage ----
  // nullopt if the key has no value.
  Result<std::optional<Bytes>> storage(ByteView key, std::optional<Hash> at = std::nullopt);
  // state_queryStorageAt: values in the order of keys.
  Result<std::vector<std::optional<Bytes>>> storage_multi(std::span<const Bytes> keys,
                                                          std::optional<Hash> at = std::nullopt);
  // One page of keys with `prefix`, after `start_key` (exclusive) if given.
  Result<std::vector<Bytes>> storage_keys_paged(ByteView prefix, std::uint32_t count,
                                                std::optional<ByteView> start_key = std::nullopt,
                                                std::optional<Hash> at = std::nullopt);
  // Every (key, value) under prefix, page by page (keys page, then one state_queryStorageAt per page),
  // all pages read at one block (the best block when the iteration started if at is nullopt). `fn` returns
  // false to stop early. page_size 0 = ClientOptions::page_size.
  Result<void> for_each_storage(ByteView prefix, const std::function<bool(const Bytes&, const Bytes&)>& fn,
                                std::optional<Hash> at = std::nullopt, std::uint32_t page_size = 0);
  Result<std::vector<std::pair<Bytes, Bytes>>> storage_entries(ByteView prefix,
                                                               std::optional<Hash> at = std::nullopt,
                                                               std::uint32_t page_size = 0);

  // ---- runtime calls, accounts, fees, extrinsics ----
  // state_call(method e.g. "SubnetInfoRuntimeApi_get_subnet_hyperparams", SCALE args) -> SCALE result.
  Result<Bytes> state_call(std::string_view method, ByteView args, std::optional<Hash> at = std::nullopt);
  // system_accountNextIndex (pool-aware nonce) of an SS58 address.
  Result<std::uint64_t> account_next_index(std::string_view ss58_address);
  // payment_queryInfo of a signed extrinsic.
  Result<FeeInfo> payment_query_info(ByteView extrinsic, std::optional<Hash> at = std::nullopt);
  // author_submitExtrinsic: the extrinsic hash.
  Result<Hash> submit_extrinsic(ByteView extrinsic);

  // ---- subscriptions (WebSocket only) ----
  using HeaderCallback = std::function<void(const Result<Header>&)>;
  Result<rpc::Subscription> subscribe_new_heads(HeaderCallback cb);
  Result<rpc::Subscription> subscribe_finalized_heads(HeaderCallback cb);
  Result<rpc::Subscription> subscribe_storage(std::span<const Bytes> keys,
                                              std::function<void(const Result<StorageChangeSet>&)> cb);
  // author_submitAndWatchExtrinsic: cb gets each status as JSON text ("ready", {"inBlock":"0x.."}, ...).
  Result<rpc::Subscription> submit_and_watch(ByteView extrinsic,
                                             std::function<void(const Result<std::string>&)> cb);

  // Header from the JSON of chain_getHeader / chain_newHead (public for tests and custom subscriptions).
  static Result<Header> parse_header(std::string_view json);

 private:
  struct Cache;
  friend Cache& client_cache(Client& c);  // typed.cpp
  std::unique_ptr<rpc::RpcClient> rpc_;
  ClientOptions options_;
  std::unique_ptr<Cache> cache_;
};

}  // namespace bt::client

template <>
struct std::is_error_code_enum<bt::client::ClientError> : std::true_type {};
