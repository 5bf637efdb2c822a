// SPDX-License-Identifier: MIT
#include <bt/client/client.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <mutex>

#include "client/cache.hpp"
#include "core/json_limits.hpp"
#include "detail/error_category.hpp"

namespace bt::client {
namespace {
using nlohmann::json;

// Byte-wise ordering (hand-written: GCC 12 warns falsely on std::vector<uint8_t>'s operator<=> at -O3).
bool bytes_less(const Bytes& a, const Bytes& b) noexcept {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return a[i] < b[i];
  return a.size() < b.size();
}
struct BytesLess {
  bool operator()(const Bytes& a, const Bytes& b) const noexcept { return bytes_less(a, b); }
};

Unexpected bad(std::string why) { return fail(ClientError::bad_response, std::move(why)); }

Result<json> parse_json(const std::string& text) {
  auto parsed = ::bt::detail::parse_json_checked(text);
  if (!parsed.ok()) return bad("result: " + parsed.error);
  return std::move(parsed.value);
}

Result<Bytes> hex_bytes(const json& j, const char* what) {
  if (!j.is_string()) return bad(std::string(what) + " is not a hex string");
  auto b = from_hex(j.get_ref<const std::string&>());
  if (!b) return bad(std::string(what) + ": " + b.error().message());
  return std::move(*b);
}

Result<Hash> hex_hash(const json& j, const char* what) {
  if (!j.is_string()) return bad(std::string(what) + " is not a hex string");
  auto h = Hash::from_hex(j.get_ref<const std::string&>());
  if (!h) return bad(std::string(what) + ": " + h.error().message());
  return *h;
}

Result<std::uint64_t> number_of(const json& j, const char* what) {
  if (j.is_number_unsigned()) return j.get<std::uint64_t>();
  if (j.is_number_integer() && j.get<long long>() >= 0) return static_cast<std::uint64_t>(j.get<long long>());
  if (j.is_string()) {
    const std::string& s = j.get_ref<const std::string&>();
    std::uint64_t v = 0;
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
      if (s.size() > 18) return bad(std::string(what) + " exceeds u64");
      for (std::size_t i = 2; i < s.size(); ++i) {
        const char c = s[i];
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0) return bad(std::string(what) + " is not hex");
        v = (v << 4) | static_cast<std::uint64_t>(d);
      }
      return v;
    }
    if (s.empty() || s.size() > 20) return bad(std::string(what) + " is not a number");
    for (char c : s) {
      if (c < '0' || c > '9') return bad(std::string(what) + " is not a number");
      const std::uint64_t nv = v * 10 + static_cast<std::uint64_t>(c - '0');
      if (nv / 10 != v) return bad(std::string(what) + " exceeds u64");
      v = nv;
    }
    return v;
  }
  return bad(std::string(what) + " is not a number");
}

json at_param(const std::optional<Hash>& at) { return at ? json(to_hex(*at)) : json(nullptr); }

std::string params(std::initializer_list<json> items) {
  json a = json::array();
  for (const auto& i : items) a.push_back(i);
  // trailing nulls are optional "at" arguments; drop them for nodes that reject null
  while (!a.empty() && a.back().is_null()) a.erase(a.size() - 1);
  return a.dump();
}

Result<StorageChangeSet> parse_change_set(const json& j) {
  if (!j.is_object() || !j.contains("block") || !j.contains("changes") || !j["changes"].is_array())
    return bad("storage change set has the wrong shape");
  StorageChangeSet cs;
  BT_TRY(cs.block, hex_hash(j["block"], "block"));
  for (const auto& c : j["changes"]) {
    if (!c.is_array() || c.size() != 2) return bad("storage change is not a [key, value] pair");
    StorageChange ch;
    BT_TRY(ch.key, hex_bytes(c[0], "key"));
    if (!c[1].is_null()) {
      BT_TRY(auto v, hex_bytes(c[1], "value"));
      ch.value = std::move(v);
    }
    cs.changes.push_back(std::move(ch));
  }
  return cs;
}

}  // namespace

BT_DEFINE_ERROR_CATEGORY_FROM_CODES(ClientError, client_category, "bt.client", BT_CLIENT_ERROR_CODES)

Result<std::unique_ptr<Client>> Client::connect(std::string url, ClientOptions options) {
  BT_TRY(auto rpc, rpc::RpcClient::connect(std::move(url), options.rpc));
  return std::make_unique<Client>(std::move(rpc), std::move(options));
}

Client::Client(std::unique_ptr<rpc::RpcClient> rpc, ClientOptions options)
    : rpc_(std::move(rpc)), options_(std::move(options)), cache_(std::make_unique<Cache>()) {}
Client::~Client() = default;

Client::Cache& client_cache(Client& c) { return *c.cache_; }

Result<Hash> Client::genesis_hash() {
  {
    std::lock_guard lock(cache_->mu);
    if (cache_->genesis) return *cache_->genesis;
  }
  BT_TRY(auto h, block_hash(0));
  std::lock_guard lock(cache_->mu);
  cache_->genesis = h;
  return h;
}

Result<RuntimeVersion> Client::runtime_version(std::optional<Hash> at) {
  BT_TRY(auto text, rpc_->call("state_getRuntimeVersion", params({at_param(at)})));
  BT_TRY(auto j, parse_json(text));
  if (!j.is_object()) return bad("runtime version is not an object");
  RuntimeVersion v;
  v.spec_name = j.value("specName", "");
  v.impl_name = j.value("implName", "");
  auto u32 = [&](const char* k) -> std::uint32_t {
    auto it = j.find(k);
    return it != j.end() && it->is_number_unsigned() ? it->get<std::uint32_t>() : 0;
  };
  if (!j.contains("specVersion") || !j["specVersion"].is_number_unsigned()) return bad("specVersion missing");
  v.authoring_version = u32("authoringVersion");
  v.spec_version = u32("specVersion");
  v.impl_version = u32("implVersion");
  v.transaction_version = u32("transactionVersion");
  v.state_version = u32("stateVersion");
  if (auto it = j.find("apis"); it != j.end() && it->is_array()) {
    for (const auto& a : *it) {
      if (!a.is_array() || a.size() != 2 || !a[0].is_string() || !a[1].is_number_unsigned())
        return bad("apis entry has the wrong shape");
      auto id = FixedBytes<8>::from_hex(a[0].get_ref<const std::string&>());
      if (!id) return bad("api id is not 8 bytes of hex");
      v.apis.emplace_back(*id, a[1].get<std::uint32_t>());
    }
  }
  return v;
}

Result<ChainProperties> Client::properties() {
  BT_TRY(auto text, rpc_->call("system_properties", "[]"));
  BT_TRY(auto j, parse_json(text));
  if (!j.is_object()) return bad("properties is not an object");
  ChainProperties p;
  p.json = text;
  if (auto it = j.find("ss58Format"); it != j.end() && it->is_number_unsigned())
    p.ss58_format = it->get<std::uint16_t>();
  auto strings_or_one = [](const json& v, auto& out, auto conv) {
    if (v.is_array())
      for (const auto& e : v) conv(e, out);
    else
      conv(v, out);
  };
  if (auto it = j.find("tokenSymbol"); it != j.end())
    strings_or_one(*it, p.token_symbols, [](const json& e, std::vector<std::string>& o) {
      if (e.is_string()) o.push_back(e.get<std::string>());
    });
  if (auto it = j.find("tokenDecimals"); it != j.end())
    strings_or_one(*it, p.token_decimals, [](const json& e, std::vector<std::uint32_t>& o) {
      if (e.is_number_unsigned()) o.push_back(e.get<std::uint32_t>());
    });
  return p;
}

Result<std::string> Client::chain_name() {
  BT_TRY(auto text, rpc_->call("system_chain", "[]"));
  BT_TRY(auto j, parse_json(text));
  if (!j.is_string()) return bad("system_chain is not a string");
  return j.get<std::string>();
}

Result<Hash> Client::block_hash(std::uint64_t number) {
  BT_TRY(auto text, rpc_->call("chain_getBlockHash", json::array({number}).dump()));
  BT_TRY(auto j, parse_json(text));
  if (j.is_null()) return fail(ClientError::not_found, "no block #" + std::to_string(number));
  return hex_hash(j, "block hash");
}

Result<Hash> Client::best_hash() {
  BT_TRY(auto text, rpc_->call("chain_getBlockHash", "[]"));
  BT_TRY(auto j, parse_json(text));
  return hex_hash(j, "block hash");
}

Result<Hash> Client::finalized_head() {
  BT_TRY(auto text, rpc_->call("chain_getFinalizedHead", "[]"));
  BT_TRY(auto j, parse_json(text));
  return hex_hash(j, "finalized head");
}

Result<Header> Client::parse_header(std::string_view text) {
  auto parsed = ::bt::detail::parse_json_checked(text);
  if (!parsed.ok()) return bad("header: " + parsed.error);
  json& j = parsed.value;
  if (!j.is_object()) return bad("header is not a JSON object");
  Header h;
  for (const char* k : {"parentHash", "number", "stateRoot", "extrinsicsRoot"})
    if (!j.contains(k)) return bad(std::string("header without ") + k);
  BT_TRY(h.parent_hash, hex_hash(j["parentHash"], "parentHash"));
  BT_TRY(h.number, number_of(j["number"], "number"));
  BT_TRY(h.state_root, hex_hash(j["stateRoot"], "stateRoot"));
  BT_TRY(h.extrinsics_root, hex_hash(j["extrinsicsRoot"], "extrinsicsRoot"));
  if (auto d = j.find("digest"); d != j.end() && d->is_object()) {
    if (auto logs = d->find("logs"); logs != d->end() && logs->is_array()) {
      for (const auto& l : *logs) {
        BT_TRY(auto b, hex_bytes(l, "digest log"));
        h.digest_logs.push_back(std::move(b));
      }
    }
  }
  return h;
}

Result<Header> Client::header(std::optional<Hash> at) {
  BT_TRY(auto text, rpc_->call("chain_getHeader", params({at_param(at)})));
  if (text == "null") return fail(ClientError::not_found, "no such block");
  return parse_header(text);
}

Result<Block> Client::block(std::optional<Hash> at) {
  BT_TRY(auto text, rpc_->call("chain_getBlock", params({at_param(at)})));
  BT_TRY(auto j, parse_json(text));
  if (j.is_null()) return fail(ClientError::not_found, "no such block");
  if (!j.is_object() || !j.contains("block") || !j["block"].is_object())
    return bad("block has the wrong shape");
  const json& b = j["block"];
  if (!b.contains("header") || !b.contains("extrinsics") || !b["extrinsics"].is_array())
    return bad("block without header/extrinsics");
  Block out;
  BT_TRY(out.header, parse_header(b["header"].dump()));
  for (const auto& x : b["extrinsics"]) {
    BT_TRY(auto e, hex_bytes(x, "extrinsic"));
    out.extrinsics.push_back(std::move(e));
  }
  return out;
}

Result<std::shared_ptr<const Bytes>> Client::metadata(std::optional<Hash> at) {
  BT_TRY(auto v, runtime_version(at));
  const auto key = std::make_pair(v.spec_version, 0u);
  {
    std::lock_guard lock(cache_->mu);
    if (auto it = cache_->metadata.find(key); it != cache_->metadata.end()) return it->second;
  }
  BT_TRY(auto text, rpc_->call("state_getMetadata", params({at_param(at)})));
  BT_TRY(auto j, parse_json(text));
  BT_TRY(auto bytes, hex_bytes(j, "metadata"));
  if (bytes.size() < 5 || bytes[0] != 'm' || bytes[1] != 'e' || bytes[2] != 't' || bytes[3] != 'a')
    return bad("metadata does not start with the \"meta\" magic");
  auto shared = std::make_shared<const Bytes>(std::move(bytes));
  std::lock_guard lock(cache_->mu);
  cache_->metadata[key] = shared;
  return shared;
}

Result<std::shared_ptr<const Bytes>> Client::metadata_at_version(std::uint32_t version,
                                                                 std::optional<Hash> at) {
  BT_TRY(auto v, runtime_version(at));
  const auto key = std::make_pair(v.spec_version, version);
  {
    std::lock_guard lock(cache_->mu);
    if (auto it = cache_->metadata.find(key); it != cache_->metadata.end()) return it->second;
  }
  const std::uint8_t arg[4] = {static_cast<std::uint8_t>(version), static_cast<std::uint8_t>(version >> 8),
                               static_cast<std::uint8_t>(version >> 16),
                               static_cast<std::uint8_t>(version >> 24)};
  BT_TRY(auto out, state_call("Metadata_metadata_at_version", ByteView(arg, 4), at));
  // Option<OpaqueMetadata>: 0x00 = None; 0x01 ++ Compact<len> ++ bytes.
  if (out.empty()) return bad("empty Metadata_metadata_at_version result");
  if (out[0] == 0)
    return fail(ClientError::not_found, "runtime has no metadata version " + std::to_string(version));
  if (out[0] != 1) return bad("Metadata_metadata_at_version: bad Option tag");
  std::size_t pos = 1;
  if (pos >= out.size()) return bad("truncated metadata");
  std::uint64_t len = 0;
  const std::uint8_t mode = out[pos] & 3;
  std::size_t n = mode == 0 ? 1 : mode == 1 ? 2 : mode == 2 ? 4 : 0;
  if (n == 0) {
    n = static_cast<std::size_t>((out[pos] >> 2) + 4) + 1;
    if (n - 1 > 8) return bad("metadata length does not fit");
    if (pos + n > out.size()) return bad("truncated metadata length");
    for (std::size_t i = n - 1; i >= 1; --i) len = (len << 8) | out[pos + i];
  } else {
    if (pos + n > out.size()) return bad("truncated metadata length");
    for (std::size_t i = n; i-- > 0;) len = (len << 8) | out[pos + i];
    len >>= 2;
  }
  pos += n;
  if (len != out.size() - pos) return bad("metadata length does not match the data");
  auto shared = std::make_shared<const Bytes>(out.begin() + static_cast<std::ptrdiff_t>(pos), out.end());
  if (shared->size() < 5 || (*shared)[0] != 'm' || (*shared)[1] != 'e' || (*shared)[2] != 't' ||
      (*shared)[3] != 'a')
    return bad("metadata does not start with the \"meta\" magic");
  std::lock_guard lock(cache_->mu);
  cache_->metadata[key] = shared;
  return shared;
}

Result<std::optional<Bytes>> Client::storage(ByteView key, std::optional<Hash> at) {
  BT_TRY(auto text, rpc_->call("state_getStorage", params({to_hex(key), at_param(at)})));
  BT_TRY(auto j, parse_json(text));
  if (j.is_null()) return std::optional<Bytes>();
  BT_TRY(auto b, hex_bytes(j, "storage value"));
  return std::optional<Bytes>(std::move(b));
}

Result<std::vector<std::optional<Bytes>>> Client::storage_multi(std::span<const Bytes> keys,
                                                                std::optional<Hash> at) {
  std::vector<std::optional<Bytes>> out(keys.size());
  if (keys.empty()) return out;
  json jkeys = json::array();
  std::map<Bytes, std::size_t, BytesLess> index;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    jkeys.push_back(to_hex(keys[i]));
    index.emplace(keys[i], i);
  }
  BT_TRY(auto text, rpc_->call("state_queryStorageAt", params({std::move(jkeys), at_param(at)})));
  BT_TRY(auto j, parse_json(text));
  if (!j.is_array()) return bad("state_queryStorageAt result is not an array");
  for (const auto& set : j) {
    BT_TRY(auto cs, parse_change_set(set));
    for (auto& ch : cs.changes) {
      auto it = index.find(ch.key);
      if (it == index.end()) return bad("state_queryStorageAt returned a key that was not asked for");
      out[it->second] = std::move(ch.value);
    }
  }
  // duplicate keys: copy the value to every position
  for (std::size_t i = 0; i < keys.size(); ++i)
    if (!out[i]) out[i] = out[index[keys[i]]];
  return out;
}

Result<std::vector<Bytes>> Client::storage_keys_paged(ByteView prefix, std::uint32_t count,
                                                      std::optional<ByteView> start_key,
                                                      std::optional<Hash> at) {
  if (count == 0) return fail(ClientError::invalid_argument, "page size 0");
  json p = json::array({to_hex(prefix), count});
  p.push_back(start_key ? json(to_hex(*start_key)) : json(nullptr));
  if (at) p.push_back(to_hex(*at));
  BT_TRY(auto text, rpc_->call("state_getKeysPaged", p.dump()));
  BT_TRY(auto j, parse_json(text));
  if (!j.is_array()) return bad("state_getKeysPaged result is not an array");
  std::vector<Bytes> keys;
  keys.reserve(j.size());
  for (const auto& k : j) {
    BT_TRY(auto b, hex_bytes(k, "key"));
    if (b.size() < prefix.size() || !std::equal(prefix.begin(), prefix.end(), b.begin()))
      return bad("state_getKeysPaged returned a key outside the prefix");
    keys.push_back(std::move(b));
  }
  return keys;
}

Result<void> Client::for_each_storage(ByteView prefix,
                                      const std::function<bool(const Bytes&, const Bytes&)>& fn,
                                      std::optional<Hash> at, std::uint32_t page_size) {
  if (page_size == 0) page_size = options_.page_size;
  if (page_size == 0) return fail(ClientError::invalid_argument, "page size 0");
  if (!at) {
    BT_TRY(auto best, best_hash());
    at = best;
  }
  std::optional<Bytes> last;
  for (;;) {
    std::optional<ByteView> start;
    if (last) start = ByteView(*last);
    BT_TRY(auto keys, storage_keys_paged(prefix, page_size, start, at));
    if (keys.empty()) return ok();
    if (last && !bytes_less(*last, keys.front())) return bad("state_getKeysPaged did not advance");
    BT_TRY(auto values, storage_multi(keys, at));
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (!values[i]) continue;  // removed between the two calls cannot happen at a fixed block; skip
      if (!fn(keys[i], *values[i])) return ok();
    }
    if (keys.size() < page_size) return ok();
    last = std::move(keys.back());
  }
}

Result<std::vector<std::pair<Bytes, Bytes>>> Client::storage_entries(ByteView prefix, std::optional<Hash> at,
                                                                     std::uint32_t page_size) {
  std::vector<std::pair<Bytes, Bytes>> out;
  BT_TRY_VOID(for_each_storage(
      prefix,
      [&](const Bytes& k, const Bytes& v) {
        out.emplace_back(k, v);
        return true;
      },
      at, page_size));
  return out;
}

Result<Bytes> Client::state_call(std::string_view method, ByteView args, std::optional<Hash> at) {
  BT_TRY(auto text, rpc_->call("state_call", params({std::string(method), to_hex(args), at_param(at)})));
  BT_TRY(auto j, parse_json(text));
  return hex_bytes(j, "state_call result");
}

Result<std::uint64_t> Client::account_next_index(std::string_view ss58_address) {
  if (ss58_address.empty()) return fail(ClientError::invalid_argument, "empty address");
  BT_TRY(auto text, rpc_->call("system_accountNextIndex", json::array({std::string(ss58_address)}).dump()));
  BT_TRY(auto j, parse_json(text));
  return number_of(j, "account index");
}

Result<FeeInfo> Client::payment_query_info(ByteView extrinsic, std::optional<Hash> at) {
  BT_TRY(auto text, rpc_->call("payment_queryInfo", params({to_hex(extrinsic), at_param(at)})));
  BT_TRY(auto j, parse_json(text));
  if (!j.is_object()) return bad("payment_queryInfo result is not an object");
  FeeInfo f;
  if (auto w = j.find("weight"); w != j.end()) {
    if (w->is_object()) {
      if (auto r = w->find("refTime"); r != w->end()) {
        BT_TRY(f.ref_time, number_of(*r, "refTime"));
      }
      if (auto p = w->find("proofSize"); p != w->end()) {
        BT_TRY(f.proof_size, number_of(*p, "proofSize"));
      }
    } else {
      BT_TRY(f.ref_time, number_of(*w, "weight"));
    }
  }
  f.dispatch_class = j.value("class", "");
  auto pf = j.find("partialFee");
  if (pf == j.end()) return bad("payment_queryInfo without partialFee");
  if (pf->is_string())
    f.partial_fee = pf->get<std::string>();
  else if (pf->is_number_unsigned())
    f.partial_fee = std::to_string(pf->get<std::uint64_t>());
  else
    return bad("partialFee is not a number");
  if (f.partial_fee.empty() || f.partial_fee.find_first_not_of("0123456789") != std::string::npos)
    return bad("partialFee is not a decimal number");
  auto small = number_of(json(f.partial_fee), "partialFee");
  f.partial_fee_u64 = small ? *small : UINT64_MAX;
  return f;
}

Result<Hash> Client::submit_extrinsic(ByteView extrinsic) {
  BT_TRY(auto text, rpc_->call("author_submitExtrinsic", json::array({to_hex(extrinsic)}).dump()));
  BT_TRY(auto j, parse_json(text));
  return hex_hash(j, "extrinsic hash");
}

namespace {
rpc::SubscriptionCallback header_callback(Client::HeaderCallback cb) {
  return [cb = std::move(cb)](const rpc::SubscriptionEvent& ev) {
    if (!cb) return;
    switch (ev.kind) {
      case rpc::SubscriptionEvent::Kind::notification:
        cb(Client::parse_header(ev.result_json));
        break;
      case rpc::SubscriptionEvent::Kind::resubscribed:
        break;  // the next header follows
      case rpc::SubscriptionEvent::Kind::error:
        cb(fail(*ev.error));
        break;
    }
  };
}
}  // namespace

Result<rpc::Subscription> Client::subscribe_new_heads(HeaderCallback cb) {
  return rpc_->subscribe("chain_subscribeNewHeads", "[]", "chain_unsubscribeNewHeads",
                         header_callback(std::move(cb)));
}

Result<rpc::Subscription> Client::subscribe_finalized_heads(HeaderCallback cb) {
  return rpc_->subscribe("chain_subscribeFinalizedHeads", "[]", "chain_unsubscribeFinalizedHeads",
                         header_callback(std::move(cb)));
}

Result<rpc::Subscription> Client::subscribe_storage(std::span<const Bytes> keys,
                                                    std::function<void(const Result<StorageChangeSet>&)> cb) {
  json jkeys = json::array();
  for (const auto& k : keys) jkeys.push_back(to_hex(k));
  return rpc_->subscribe("state_subscribeStorage", json::array({jkeys}).dump(), "state_unsubscribeStorage",
                         [cb = std::move(cb)](const rpc::SubscriptionEvent& ev) {
                           if (!cb) return;
                           if (ev.kind == rpc::SubscriptionEvent::Kind::notification) {
                             auto parsed = ::bt::detail::parse_json_checked(ev.result_json);
                             if (!parsed.ok()) return cb(bad("storage change set: " + parsed.error));
                             cb(parse_change_set(parsed.value));
                           } else if (ev.kind == rpc::SubscriptionEvent::Kind::error) {
                             cb(fail(*ev.error));
                           }
                         });
}

Result<rpc::Subscription> Client::submit_and_watch(ByteView extrinsic,
                                                   std::function<void(const Result<std::string>&)> cb) {
  return rpc_->subscribe("author_submitAndWatchExtrinsic", json::array({to_hex(extrinsic)}).dump(),
                         "author_unwatchExtrinsic", [cb = std::move(cb)](const rpc::SubscriptionEvent& ev) {
                           if (!cb) return;
                           if (ev.kind == rpc::SubscriptionEvent::Kind::notification)
                             cb(ev.result_json);
                           else if (ev.kind == rpc::SubscriptionEvent::Kind::error)
                             cb(fail(*ev.error));
                           else
                             cb(fail(rpc::RpcError::closed,
                                     "connection dropped while watching; the extrinsic was re-submitted"));
                         });
}

}  // namespace bt::client
