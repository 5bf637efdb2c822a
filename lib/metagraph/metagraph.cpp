// SPDX-License-Identifier: MIT
#include <bt/client/typed.hpp>
#include <bt/metadata/storage.hpp>
#include <bt/metagraph/metagraph.hpp>
#include <bt/scale/decoder.hpp>

#include <algorithm>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>

#include "core/json_limits.hpp"
#include "detail/error_category.hpp"

namespace bt::metagraph {

namespace {

const char* metagraph_error_message(MetagraphError e) noexcept {
  switch (e) {
    case MetagraphError::block_not_found:
      return "block not found";
    case MetagraphError::unknown_runtime:
      return "unknown runtime generation";
    case MetagraphError::unsupported_generation:
      return "runtime generation not supported by sync";
    case MetagraphError::inconsistent_state:
      return "inconsistent chain state";
    case MetagraphError::missing_item:
      return "missing storage item";
    case MetagraphError::malformed_item:
      return "malformed storage item";
    case MetagraphError::invalid_argument:
      return "invalid argument";
  }
  return "unknown metagraph error";
}

}  // namespace

BT_DEFINE_ERROR_CATEGORY(MetagraphError, metagraph_category, "bt.metagraph", metagraph_error_message)

const char* to_string(Generation g) noexcept {
  switch (g) {
    case Generation::spec143:
      return "spec143";
    case Generation::feb2025:
      return "feb2025";
    case Generation::head:
      return "head";
  }
  return "?";
}

yuma::Variant variant_of(Generation g) noexcept {
  switch (g) {
    case Generation::spec143:
      return yuma::Variant::spec143;
    case Generation::feb2025:
      return yuma::Variant::feb2025;
    case Generation::head:
      return yuma::Variant::head;
  }
  return yuma::Variant::head;
}

Result<Generation> detect_generation(std::uint32_t spec_version, const std::vector<std::string>& names) {
  auto has = [&](std::string_view n) { return std::find(names.begin(), names.end(), n) != names.end(); };
  const std::string sv = "spec_version " + std::to_string(spec_version);
  if (names.empty())
    return fail(MetagraphError::unknown_runtime, sv + ": the metadata has no SubtensorModule storage");
  if (has("TotalHotkeyStake") && !has("Alpha")) {
    if (spec_version == 143) return Generation::spec143;
    return fail(
        MetagraphError::unknown_runtime,
        sv + ": a pre-dTAO runtime (TotalHotkeyStake, no Alpha) other than 143, whose epoch is not modelled");
  }
  if (has("Alpha") && has("ActivityCutoffFactorMilli")) return Generation::head;
  if (has("Alpha") && has("ActivityCutoff") && has("TaoWeight")) return Generation::feb2025;
  return fail(
      MetagraphError::unknown_runtime,
      sv + ": SubtensorModule storage matches no known generation (expected TotalHotkeyStake, or Alpha with "
           "ActivityCutoff / ActivityCutoffFactorMilli)");
}

namespace {

using json = nlohmann::json;
using crypto::AccountId32;

constexpr const char* kPallet = "SubtensorModule";

Bytes u16_le(std::uint16_t v) {
  return Bytes{static_cast<std::uint8_t>(v & 0xff), static_cast<std::uint8_t>(v >> 8)};
}

// JSON-RPC batches, counted.
class Wire {
 public:
  Wire(client::Client& c, SyncStats& st) : c_(c), st_(st) {}

  std::size_t add(std::string method, json params) {
    reqs_.push_back({std::move(method), params.dump()});
    return reqs_.size() - 1;
  }
  // Sends the pending requests as one batch; the parsed results in order.
  SyncStats& stats() { return st_; }
  Result<std::vector<json>> run() {
    std::vector<rpc::Request> reqs;
    reqs.swap(reqs_);
    std::vector<json> out;
    if (reqs.empty()) return out;
    ++st_.round_trips;
    st_.requests += static_cast<std::uint32_t>(reqs.size());
    std::vector<Result<std::string>> answers;
    if (reqs.size() == 1) {
      answers.push_back(c_.rpc().call(reqs[0].method, reqs[0].params_json));
    } else {
      BT_TRY(auto a, c_.rpc().batch(reqs));
      answers = std::move(a);
    }
    for (std::size_t i = 0; i < answers.size(); ++i) {
      if (!answers[i]) return fail(std::move(answers[i]).error());
      auto parsed = ::bt::detail::parse_json_checked(*answers[i]);
      if (!parsed.ok())
        return fail(MetagraphError::malformed_item, reqs[i].method + ": the node's answer: " + parsed.error);
      out.push_back(std::move(parsed.value));
    }
    return out;
  }

 private:
  client::Client& c_;
  SyncStats& st_;
  std::vector<rpc::Request> reqs_;
};

// state_queryStorageAt answer -> values in the order of `keys` (nullopt: absent).
Result<std::vector<std::optional<Bytes>>> parse_query(const json& j, const std::vector<Bytes>& keys,
                                                      SyncStats& st) {
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < keys.size(); ++i) index.emplace(to_hex(keys[i]), i);
  std::vector<std::optional<Bytes>> out(keys.size());
  if (!j.is_array())
    return fail(MetagraphError::malformed_item, "state_queryStorageAt: result is not an array");
  for (const auto& set : j) {
    if (!set.is_object() || !set.contains("changes") || !set["changes"].is_array())
      return fail(MetagraphError::malformed_item, "state_queryStorageAt: change set without changes");
    for (const auto& ch : set["changes"]) {
      if (!ch.is_array() || ch.size() != 2 || !ch[0].is_string())
        return fail(MetagraphError::malformed_item, "state_queryStorageAt: a change is not [key, value]");
      std::string k = ch[0].get<std::string>();
      std::transform(k.begin(), k.end(), k.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      auto it = index.find(k);
      if (it == index.end())
        return fail(MetagraphError::malformed_item, "state_queryStorageAt: unexpected key " + k);
      if (ch[1].is_null()) continue;
      if (!ch[1].is_string())
        return fail(MetagraphError::malformed_item, "state_queryStorageAt: value is not hex");
      auto v = from_hex(ch[1].get<std::string>());
      if (!v)
        return fail(MetagraphError::malformed_item, "state_queryStorageAt: value of " + k + " is not hex");
      st.bytes_read += v->size();
      out[it->second] = std::move(*v);
    }
  }
  st.keys_read += static_cast<std::uint32_t>(keys.size());
  return out;
}

// The storage of SubtensorModule described by the metadata: keys and defaults.
class Layout {
 public:
  explicit Layout(const metadata::Metadata& md) : md_(md) {}
  bool has(std::string_view item) const { return md_.storage_entry(kPallet, item) != nullptr; }
  Result<Bytes> key(std::string_view item, std::vector<Bytes> parts = {}) const {
    auto k = metadata::storage_key_encoded(md_, kPallet, item, parts);
    if (!k)
      return fail(MetagraphError::unknown_runtime,
                  "SubtensorModule." + std::string(item) + ": " + k.error().to_string());
    return k;
  }
  // The bytes a read of an absent key stands for (the entry's default), nullopt for OptionQuery.
  std::optional<Bytes> fallback(std::string_view item) const {
    const auto* e = md_.storage_entry(kPallet, item);
    if (!e || e->optional) return std::nullopt;
    return e->default_value;
  }

 private:
  const metadata::Metadata& md_;
};

// A value read from storage or its default, decoded strictly (no trailing bytes), errors naming it.
class Item {
 public:
  Item(std::string name, std::optional<Bytes> raw) : name_(std::move(name)), raw_(std::move(raw)) {}
  const std::string& name() const { return name_; }
  bool present() const { return raw_.has_value(); }

  template <class F>
  auto decode(F&& f) const -> Result<decltype(f(std::declval<scale::Decoder&>()))> {
    static const Bytes empty;
    scale::Decoder d(raw_ ? ByteView(*raw_) : ByteView(empty));
    auto v = f(d);
    if (!d.ok() || !d.at_end()) {
      std::string why = !d.ok() ? d.error().to_string() : std::to_string(d.remaining()) + " trailing byte(s)";
      return fail(MetagraphError::malformed_item, name_ + ": " + why);
    }
    return v;
  }
  Result<std::uint16_t> u16() const {
    return decode([](scale::Decoder& d) { return d.read_le<std::uint16_t>(); });
  }
  Result<std::uint64_t> u64() const {
    return decode([](scale::Decoder& d) { return d.read_le<std::uint64_t>(); });
  }
  Result<bool> boolean() const {
    return decode([](scale::Decoder& d) { return d.read_bool(); });
  }
  template <class T>
  Result<std::vector<T>> vec() const {
    return decode([](scale::Decoder& d) {
      std::vector<T> v(d.read_length(sizeof(T)));
      for (auto& x : v) x = d.read_le<T>();
      return v;
    });
  }
  Result<std::vector<bool>> bools() const {
    return decode([](scale::Decoder& d) {
      std::vector<bool> v(d.read_length(1));
      for (std::size_t i = 0; i < v.size(); ++i) v[i] = d.read_bool();
      return v;
    });
  }
  Result<yuma::Row> row() const {
    return decode([](scale::Decoder& d) {
      yuma::Row r(d.read_length(4));
      for (auto& [j, w] : r) {
        j = d.read_le<std::uint16_t>();
        w = d.read_le<std::uint16_t>();
      }
      return r;
    });
  }
  Result<AccountId32> account() const {
    return decode([](scale::Decoder& d) {
      AccountId32 a{};
      d.read_into(a.data.data(), a.data.size());
      return a;
    });
  }

 private:
  std::string name_;
  std::optional<Bytes> raw_;
};

std::string item_name(std::string_view item, std::uint16_t netuid) {
  return std::string(item) + "[" + std::to_string(netuid) + "]";
}
std::string item_name(std::string_view item, std::uint16_t netuid, std::uint32_t uid) {
  return std::string(item) + "[" + std::to_string(netuid) + "][" + std::to_string(uid) + "]";
}

// Rows of a double map keyed (netuid, uid) listed under prefix(netuid): the uid of each key.
Result<std::uint16_t> uid_of_key(const Bytes& key, std::size_t prefix_len, std::string_view item) {
  if (key.size() != prefix_len + 2)
    return fail(MetagraphError::malformed_item,
                std::string(item) + ": key " + to_hex(key) + " is not (netuid, uid)");
  return static_cast<std::uint16_t>(key[prefix_len] | (key[prefix_len + 1] << 8));
}

// All keys under `prefix` at `at`, page by page (the first page may already be in `first`).
Result<std::vector<Bytes>> list_keys(Wire& w, const json& first, const Bytes& prefix, const Hash256& at,
                                     std::uint32_t page, std::string_view item) {
  std::vector<Bytes> keys;
  json cur = first;
  for (;;) {
    if (!cur.is_array())
      return fail(MetagraphError::malformed_item, std::string(item) + ": key page is not an array");
    for (const auto& k : cur) {
      if (!k.is_string()) return fail(MetagraphError::malformed_item, std::string(item) + ": key is not hex");
      auto b = from_hex(k.get<std::string>());
      if (!b || b->size() < prefix.size() || !std::equal(prefix.begin(), prefix.end(), b->begin()))
        return fail(MetagraphError::malformed_item, std::string(item) + ": key outside the prefix");
      keys.push_back(std::move(*b));
    }
    if (cur.size() < page) break;
    w.add("state_getKeysPaged", json::array({to_hex(prefix), page, to_hex(keys.back()), to_hex(at)}));
    BT_TRY(auto next, w.run());
    cur = std::move(next[0]);
  }
  return keys;
}

Result<Hash256> parse_hash(const json& j, std::string_view what) {
  if (!j.is_string()) return fail(MetagraphError::malformed_item, std::string(what) + ": not a hash");
  auto h = FixedBytes<32>::from_hex(j.get<std::string>());
  if (!h) return fail(MetagraphError::malformed_item, std::string(what) + ": not a 32-byte hash");
  return Hash256(*h);
}

Result<std::uint64_t> parse_number(const json& j) {
  if (j.is_number_unsigned()) return j.get<std::uint64_t>();
  if (j.is_string()) {
    const std::string s = j.get<std::string>();
    try {
      return static_cast<std::uint64_t>(std::stoull(s, nullptr, s.rfind("0x", 0) == 0 ? 16 : 10));
    } catch (...) {
    }
  }
  return fail(MetagraphError::malformed_item, "chain_getHeader: bad block number");
}

// Reads the spec-143 layout (the only generation whose sync is complete in this build).
Result<void> sync_spec143(Wire& w, const Layout& L, Snapshot& s, const SyncOptions& opt) {
  const std::uint16_t nu = s.netuid;
  const Bytes nk = u16_le(nu);
  const std::string at = to_hex(s.block_hash);

  // ---- level 1: every per-subnet item, and the Weights / Bonds / Axons key listings
  struct Plain {
    const char* item;
    bool per_netuid;
  };
  static constexpr Plain plains[] = {
      {"NetworksAdded", true},
      {"SubnetworkN", true},
      {"LastUpdate", true},
      {"ValidatorPermit", true},
      {"Active", true},
      {"Rank", true},
      {"Trust", true},
      {"Consensus", true},
      {"Incentive", true},
      {"Dividends", true},
      {"Emission", true},
      {"ValidatorTrust", true},
      {"PruningScores", true},
      {"Tempo", true},
      {"Kappa", true},
      {"Rho", true},
      {"ActivityCutoff", true},
      {"MaxAllowedValidators", true},
      {"MaxAllowedUids", true},
      {"ImmunityPeriod", true},
      {"MinAllowedWeights", true},
      {"MaxWeightsLimit", true},
      {"WeightsVersionKey", true},
      {"WeightsSetRateLimit", true},
      {"BondsMovingAverage", true},
      {"PendingEmission", true},
      {"EmissionValues", true},
      {"SubnetOwner", true},
      {"BlocksSinceLastStep", true},
      {"LastMechansimStepBlock", true},
      {"LoadedEmission", true},
      {"SubnetOwnerCut", false},
  };
  std::vector<Bytes> pkeys;
  for (const auto& p : plains) {
    BT_TRY(auto k, p.per_netuid ? L.key(p.item, {nk}) : L.key(p.item));
    pkeys.push_back(std::move(k));
  }
  BT_TRY(const Bytes wprefix, L.key("Weights", {nk}));
  BT_TRY(const Bytes bprefix, L.key("Bonds", {nk}));
  w.add("state_queryStorageAt", json::array({[&] {
                                               json a = json::array();
                                               for (const auto& k : pkeys) a.push_back(to_hex(k));
                                               return a;
                                             }(),
                                             at}));
  w.add("state_getKeysPaged", json::array({to_hex(wprefix), opt.page_size, nullptr, at}));
  w.add("state_getKeysPaged", json::array({to_hex(bprefix), opt.page_size, nullptr, at}));
  BT_TRY(auto r1, w.run());
  BT_TRY(auto pv, parse_query(r1[0], pkeys, w.stats()));
  std::map<std::string, Item> items;
  for (std::size_t i = 0; i < pkeys.size(); ++i) {
    const std::string name =
        plains[i].per_netuid ? item_name(plains[i].item, nu) : std::string(plains[i].item);
    std::optional<Bytes> raw = pv[i] ? std::move(pv[i]) : L.fallback(plains[i].item);
    items.emplace(plains[i].item, Item(name, std::move(raw)));
  }
  auto get = [&](const char* n) -> const Item& { return items.at(n); };

  BT_TRY(s.hp.network_registered, get("NetworksAdded").boolean());
  if (!s.hp.network_registered)
    return fail(MetagraphError::missing_item, item_name("NetworksAdded", nu) + ": subnet " +
                                                  std::to_string(nu) + " does not exist at block " +
                                                  std::to_string(s.block));
  BT_TRY(s.n, get("SubnetworkN").u16());
  const std::uint16_t n = s.n;
  auto vec_n = [&](const char* name, auto& out, auto decoded) -> Result<void> {
    if (!decoded) return fail(std::move(decoded).error());
    if (decoded->size() != n)
      return fail(MetagraphError::inconsistent_state, get(name).name() + ": " +
                                                          std::to_string(decoded->size()) +
                                                          " entries, SubnetworkN is " + std::to_string(n));
    out = std::move(*decoded);
    return bt::ok();
  };
  BT_TRY_VOID(vec_n("LastUpdate", s.last_update, get("LastUpdate").vec<std::uint64_t>()));
  BT_TRY_VOID(vec_n("ValidatorPermit", s.validator_permit, get("ValidatorPermit").bools()));
  BT_TRY_VOID(vec_n("Active", s.active, get("Active").bools()));
  BT_TRY_VOID(vec_n("Rank", s.rank, get("Rank").vec<std::uint16_t>()));
  BT_TRY_VOID(vec_n("Trust", s.trust, get("Trust").vec<std::uint16_t>()));
  BT_TRY_VOID(vec_n("Consensus", s.consensus, get("Consensus").vec<std::uint16_t>()));
  BT_TRY_VOID(vec_n("Incentive", s.incentive, get("Incentive").vec<std::uint16_t>()));
  BT_TRY_VOID(vec_n("Dividends", s.dividends, get("Dividends").vec<std::uint16_t>()));
  BT_TRY_VOID(vec_n("Emission", s.emission, get("Emission").vec<std::uint64_t>()));
  BT_TRY_VOID(vec_n("ValidatorTrust", s.validator_trust, get("ValidatorTrust").vec<std::uint16_t>()));
  BT_TRY_VOID(vec_n("PruningScores", s.pruning_scores, get("PruningScores").vec<std::uint16_t>()));
  auto& hp = s.hp;
  BT_TRY(hp.tempo, get("Tempo").u16());
  BT_TRY(hp.kappa, get("Kappa").u16());
  BT_TRY(hp.rho, get("Rho").u16());
  BT_TRY(hp.activity_cutoff, get("ActivityCutoff").u16());
  BT_TRY(hp.max_allowed_validators, get("MaxAllowedValidators").u16());
  BT_TRY(hp.max_allowed_uids, get("MaxAllowedUids").u16());
  BT_TRY(hp.immunity_period, get("ImmunityPeriod").u16());
  BT_TRY(hp.min_allowed_weights, get("MinAllowedWeights").u16());
  BT_TRY(hp.max_weights_limit, get("MaxWeightsLimit").u16());
  BT_TRY(hp.weights_version_key, get("WeightsVersionKey").u64());
  BT_TRY(hp.weights_set_rate_limit, get("WeightsSetRateLimit").u64());
  BT_TRY(hp.bonds_moving_average, get("BondsMovingAverage").u64());
  BT_TRY(hp.pending_emission, get("PendingEmission").u64());
  BT_TRY(hp.emission_value, get("EmissionValues").u64());
  BT_TRY(hp.blocks_since_last_step, get("BlocksSinceLastStep").u64());
  BT_TRY(hp.last_mechanism_step_block, get("LastMechansimStepBlock").u64());
  BT_TRY(hp.subnet_owner_cut, get("SubnetOwnerCut").u16());
  // SubnetOwner is a ValueQuery, but the emission checks contains_key: whether the node has a value.
  if (get("SubnetOwner").present()) {
    BT_TRY(auto owner, get("SubnetOwner").account());
    hp.owner = owner;
  }

  // ---- level 2: hotkeys and registration blocks of uids < n, the stored rows
  BT_TRY(auto wkeys, list_keys(w, r1[1], wprefix, s.block_hash, opt.page_size, item_name("Weights", nu)));
  BT_TRY(auto bkeys, list_keys(w, r1[2], bprefix, s.block_hash, opt.page_size, item_name("Bonds", nu)));
  std::vector<Bytes> k2;
  for (std::uint16_t u = 0; u < n; ++u) {
    BT_TRY(auto k, L.key("Keys", {nk, u16_le(u)}));
    k2.push_back(std::move(k));
  }
  for (std::uint16_t u = 0; u < n; ++u) {
    BT_TRY(auto k, L.key("BlockAtRegistration", {nk, u16_le(u)}));
    k2.push_back(std::move(k));
  }
  const std::size_t w0 = k2.size();
  k2.insert(k2.end(), wkeys.begin(), wkeys.end());
  const std::size_t b0 = k2.size();
  k2.insert(k2.end(), bkeys.begin(), bkeys.end());
  w.add("state_queryStorageAt", json::array({[&] {
                                               json a = json::array();
                                               for (const auto& k : k2) a.push_back(to_hex(k));
                                               return a;
                                             }(),
                                             at}));
  BT_TRY(auto r2, w.run());
  BT_TRY(auto v2, parse_query(r2[0], k2, w.stats()));

  s.uids.resize(n);
  s.registered.assign(n, false);
  s.hotkeys.assign(n, AccountId32{});
  s.block_at_registration.assign(n, 0);
  for (std::uint16_t u = 0; u < n; ++u) {
    s.uids[u] = u;
    if (!v2[u])
      return fail(MetagraphError::missing_item, item_name("Keys", nu, u) + ": no hotkey for uid " +
                                                    std::to_string(u) + " < SubnetworkN " +
                                                    std::to_string(n));
    s.registered[u] = true;
    BT_TRY(s.hotkeys[u], Item(item_name("Keys", nu, u), v2[u]).account());
    Item bar(item_name("BlockAtRegistration", nu, u),
             v2[n + u] ? v2[n + u] : L.fallback("BlockAtRegistration"));
    BT_TRY(s.block_at_registration[u], bar.u64());
  }
  auto read_rows = [&](std::string_view item, std::size_t first, const std::vector<Bytes>& keys,
                       const Bytes& prefix, std::vector<yuma::Row>& rows) -> Result<void> {
    rows.assign(n, {});
    for (std::size_t i = 0; i < keys.size(); ++i) {
      BT_TRY(std::uint16_t uid, uid_of_key(keys[i], prefix.size(), item_name(item, nu)));
      if (!v2[first + i]) continue;  // removed between listing and reading: cannot happen at one block
      BT_TRY(auto row, Item(item_name(item, nu, uid), v2[first + i]).row());
      if (uid >= rows.size()) rows.resize(uid + 1u);
      rows[uid] = std::move(row);
    }
    return bt::ok();
  };
  BT_TRY_VOID(read_rows("Weights", w0, wkeys, wprefix, s.weights));
  BT_TRY_VOID(read_rows("Bonds", b0, bkeys, bprefix, s.bonds));
  // A stored bond column >= n traps this runtime's epoch (vec_mask_sparse_matrix): not a state it can be in.
  for (std::size_t i = 0; i < s.bonds.size(); ++i)
    for (const auto& [j, v] : s.bonds[i])
      if (j >= n)
        return fail(MetagraphError::inconsistent_state,
                    item_name("Bonds", nu, static_cast<std::uint32_t>(i)) + ": column uid " +
                        std::to_string(j) + " >= SubnetworkN " + std::to_string(n));

  // LoadedEmission: an OptionQuery of Vec<(AccountId, u64 server, u64 validator)> (stored as the Vec)
  const Item& le = get("LoadedEmission");
  s.loaded_emission.assign(n, std::nullopt);
  s.has_loaded_emission = le.present();
  if (le.present()) {
    BT_TRY(auto tuples, le.decode([](scale::Decoder& d) {
      std::vector<std::tuple<AccountId32, std::uint64_t, std::uint64_t>> v;
      v.resize(d.read_length(48));
      for (auto& [a, x, y] : v) {
        d.read_into(a.data.data(), 32);
        x = d.read_le<std::uint64_t>();
        y = d.read_le<std::uint64_t>();
      }
      return v;
    }));
    std::map<AccountId32, std::uint16_t> uid_of;
    for (std::uint16_t u = 0; u < n; ++u) uid_of.emplace(s.hotkeys[u], u);
    for (const auto& [a, x, y] : tuples) {
      auto it = uid_of.find(a);
      if (it == uid_of.end())
        return fail(MetagraphError::inconsistent_state, le.name() + ": a tuple for hotkey " + to_hex(a) +
                                                            ", which is not registered on the subnet");
      s.loaded_emission[it->second] = std::make_pair(x, y);
    }
  }

  // ---- level 3: per-hotkey stake, owner (coldkey) and axon
  std::vector<Bytes> k3;
  for (std::uint16_t u = 0; u < n; ++u) {
    const Bytes hk(s.hotkeys[u].data.begin(), s.hotkeys[u].data.end());
    BT_TRY(auto a, L.key("TotalHotkeyStake", {hk}));
    BT_TRY(auto b, L.key("Owner", {hk}));
    BT_TRY(auto c, L.key("Axons", {nk, hk}));
    k3.push_back(std::move(a));
    k3.push_back(std::move(b));
    k3.push_back(std::move(c));
  }
  std::vector<std::optional<Bytes>> v3;
  if (!k3.empty()) {
    w.add("state_queryStorageAt", json::array({[&] {
                                                 json a = json::array();
                                                 for (const auto& k : k3) a.push_back(to_hex(k));
                                                 return a;
                                               }(),
                                               at}));
    BT_TRY(auto r3, w.run());
    BT_TRY(v3, parse_query(r3[0], k3, w.stats()));
  }
  s.stake.assign(n, 0);
  s.coldkeys.assign(n, AccountId32{});
  s.axons.assign(n, std::nullopt);
  for (std::uint16_t u = 0; u < n; ++u) {
    const std::string hk = to_hex(s.hotkeys[u]);
    BT_TRY(
        s.stake[u],
        Item("TotalHotkeyStake[" + hk + "]", v3[3 * u] ? v3[3 * u] : L.fallback("TotalHotkeyStake")).u64());
    BT_TRY(s.coldkeys[u],
           Item("Owner[" + hk + "]", v3[3 * u + 1] ? v3[3 * u + 1] : L.fallback("Owner")).account());
    if (v3[3 * u + 2]) {
      BT_TRY(
          s.axons[u],
          Item("Axons[" + std::to_string(nu) + "][" + hk + "]", v3[3 * u + 2]).decode([](scale::Decoder& d) {
            AxonInfo a;
            a.block = d.read_le<std::uint64_t>();
            a.version = d.read_le<std::uint32_t>();
            const std::uint64_t lo = d.read_le<std::uint64_t>();
            const std::uint64_t hi = d.read_le<std::uint64_t>();
            a.ip = (static_cast<scale::u128>(hi) << 64) | lo;
            a.port = d.read_le<std::uint16_t>();
            a.ip_type = d.read_u8();
            a.protocol = d.read_u8();
            a.placeholder1 = d.read_u8();
            a.placeholder2 = d.read_u8();
            return std::optional<AxonInfo>(a);
          }));
    }
  }
  return bt::ok();
}

}  // namespace

Result<Snapshot> sync(client::Client& client, std::uint16_t netuid, std::optional<std::uint64_t> at_block,
                      const SyncOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  if (options.page_size == 0) return fail(MetagraphError::invalid_argument, "page size 0");
  Snapshot s;
  s.netuid = netuid;
  Wire w(client, s.stats);

  // ---- the block
  if (at_block)
    w.add("chain_getBlockHash", json::array({*at_block}));
  else
    w.add("chain_getBlockHash", json::array());
  BT_TRY(auto r0, w.run());
  if (r0[0].is_null())
    return fail(MetagraphError::block_not_found,
                "chain_getBlockHash(" + (at_block ? std::to_string(*at_block) : std::string("best")) +
                    "): no such block");
  BT_TRY(s.block_hash, parse_hash(r0[0], "chain_getBlockHash"));
  const std::string at = to_hex(s.block_hash);
  w.add("state_getRuntimeVersion", json::array({at}));
  w.add("chain_getHeader", json::array({at}));
  BT_TRY(auto r1, w.run());
  if (!r1[0].is_object() || !r1[0].contains("specVersion") || !r1[0]["specVersion"].is_number_unsigned())
    return fail(MetagraphError::malformed_item, "state_getRuntimeVersion: no specVersion");
  s.spec_version = r1[0]["specVersion"].get<std::uint32_t>();
  if (!r1[1].is_object() || !r1[1].contains("number"))
    return fail(MetagraphError::block_not_found, "chain_getHeader(" + at + "): no header");
  BT_TRY(s.block, parse_number(r1[1]["number"]));
  if (at_block && s.block != *at_block)
    return fail(MetagraphError::inconsistent_state, "chain_getHeader: block " + to_hex(s.block_hash) +
                                                        " has number " + std::to_string(s.block) +
                                                        ", asked for " + std::to_string(*at_block));

  // ---- the runtime (metadata cached per spec version by the client)
  const auto before = client.rpc().stats().requests_sent;
  BT_TRY(auto md, client::decoded_metadata(client, s.block_hash));
  const auto sent = static_cast<std::uint32_t>(client.rpc().stats().requests_sent - before);
  s.stats.round_trips += sent;
  s.stats.requests += sent;
  std::vector<std::string> names;
  if (const auto* p = md->pallet(kPallet))
    for (const auto& e : p->storage) names.push_back(e.name);
  BT_TRY(s.generation, detect_generation(s.spec_version, names));
  if (s.generation != Generation::spec143)
    return fail(MetagraphError::unsupported_generation,
                std::string("runtime generation ") + to_string(s.generation) + " (spec_version " +
                    std::to_string(s.spec_version) + ") is detected but this build syncs only spec143");
  Layout layout(*md);
  BT_TRY_VOID(sync_spec143(w, layout, s, options));
  s.stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return s;
}

}  // namespace bt::metagraph
