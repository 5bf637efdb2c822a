// SPDX-License-Identifier: MIT
#include <bt/client/typed.hpp>
#include <bt/metadata/storage.hpp>
#include <bt/metagraph/metagraph.hpp>
#include <bt/scale/decoder.hpp>

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
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
      return "runtime generation not supported by this build";
    case MetagraphError::inconsistent_state:
      return "inconsistent chain state";
    case MetagraphError::missing_item:
      return "missing storage item";
    case MetagraphError::malformed_item:
      return "malformed storage item";
    case MetagraphError::invalid_argument:
      return "invalid argument";
    case MetagraphError::limit_exceeded:
      return "limit exceeded";
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

std::uint64_t inherited_stake(std::uint64_t own, const std::vector<std::uint64_t>& child_proportions,
                              const std::vector<std::pair<std::uint64_t, std::uint64_t>>& parents) {
  // I96F32 values as raw bits (value * 2^32) in a signed 128-bit integer, saturating at its bounds.
  using bt::i128;
  using bt::u128;
  constexpr i128 kMax = static_cast<i128>((~static_cast<u128>(0)) >> 1);
  auto sat_add = [&](i128 a, i128 b) { return a > kMax - b ? kMax : a + b; };  // both >= 0 here
  // proportion.safe_div(u64::MAX): bits = floor(p * 2^32 / (2^64 - 1)) (<= 2^32)
  auto norm = [](std::uint64_t p) {
    return static_cast<i128>((static_cast<u128>(p) << 32) / ~std::uint64_t{0});
  };
  // x.saturating_mul(norm): (x * 2^32) * norm_bits / 2^32 = x * norm_bits, exact (< 2^97)
  auto part = [&](std::uint64_t x, std::uint64_t p) { return static_cast<i128>(x) * norm(p); };
  i128 to_children = 0, from_parents = 0;
  for (std::uint64_t p : child_proportions) to_children = sat_add(to_children, part(own, p));
  for (const auto& [p, stake] : parents) from_parents = sat_add(from_parents, part(stake, p));
  const i128 initial = static_cast<i128>(own) << 32;
  i128 v = initial - to_children;  // >= -kMax: never saturates
  v = v > 0 ? sat_add(v, from_parents) : v + from_parents;
  if (v <= 0) return 0;  // saturating_to_num::<u64>: negative -> 0, fraction floored
  const i128 whole = v >> 32;
  return whole > static_cast<i128>(~std::uint64_t{0}) ? ~std::uint64_t{0} : static_cast<std::uint64_t>(whole);
}

std::uint64_t inherited_stake_u96(std::uint64_t own, const std::vector<std::uint64_t>& child_proportions,
                                  const std::vector<std::pair<std::uint64_t, std::uint64_t>>& parents) {
  // U96F32 values as raw bits (value * 2^32) in an unsigned 128-bit integer, saturating at its bounds.
  using bt::u128;
  constexpr u128 kMax = ~static_cast<u128>(0);
  auto sat_add = [&](u128 a, u128 b) { return a > kMax - b ? kMax : a + b; };
  // proportion.safe_div(u64::MAX): bits = floor(p * 2^32 / (2^64 - 1)) (<= 2^32)
  auto norm = [](std::uint64_t p) { return (static_cast<u128>(p) << 32) / ~std::uint64_t{0}; };
  // x.saturating_mul(norm): (x * 2^32) * norm_bits / 2^32 = x * norm_bits, exact (< 2^97)
  auto part = [&](std::uint64_t x, std::uint64_t p) { return static_cast<u128>(x) * norm(p); };
  u128 to_children = 0, from_parents = 0;
  for (std::uint64_t p : child_proportions) to_children = sat_add(to_children, part(own, p));
  for (const auto& [p, stake] : parents) from_parents = sat_add(from_parents, part(stake, p));
  const u128 initial = static_cast<u128>(own) << 32;
  const u128 kept = initial > to_children ? initial - to_children : 0;  // saturating_sub
  const u128 whole = sat_add(kept, from_parents) >> 32;                 // saturating_to_num::<u64>
  return whole > ~std::uint64_t{0} ? ~std::uint64_t{0} : static_cast<std::uint64_t>(whole);
}

std::optional<std::size_t> column_index(const Snapshot& s, std::uint16_t uid) {
  if (uid >= s.n) return std::nullopt;
  if (s.generation != Generation::head) return uid;
  if (uid >= s.registered.size() || !s.registered[uid]) return std::nullopt;
  return static_cast<std::size_t>(std::count(s.registered.begin(), s.registered.begin() + uid, true));
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
    raw_.push_back(false);
    return reqs_.size() - 1;
  }
  // The answer texts of the last run() for requests added by add_query (empty for the others).
  const std::vector<std::string>& texts() const { return texts_; }
  // Sends the pending requests as one batch; the parsed results in order.
  SyncStats& stats() { return st_; }
  // state_queryStorageAt for `keys` at `at`, split into requests of at most `chunk` keys inside the same
  // batch (nodes such as chopsticks answer one huge query much more slowly than several small ones).
  std::pair<std::size_t, std::size_t> add_query(const std::vector<Bytes>& keys, const std::string& at,
                                                std::size_t chunk) {
    const std::size_t first = reqs_.size();
    for (std::size_t i = 0; i < keys.size(); i += chunk) {
      // [["0xkey", ...], "0xhash"] written directly (hex needs no JSON escaping)
      std::string params = "[[";
      for (std::size_t k = i; k < std::min(keys.size(), i + chunk); ++k) {
        if (k != i) params += ',';
        params += '"';
        params += to_hex(keys[k]);
        params += '"';
      }
      params += "],\"";
      params += at;
      params += "\"]";
      reqs_.push_back({"state_queryStorageAt", std::move(params)});
      raw_.push_back(true);
    }
    return {first, reqs_.size() - first};
  }
  Result<std::vector<json>> run() {
    std::vector<rpc::Request> reqs;
    reqs.swap(reqs_);
    std::vector<bool> raw;
    raw.swap(raw_);
    texts_.assign(reqs.size(), std::string());
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
      if (raw[i]) {  // parsed by parse_query
        texts_[i] = std::move(*answers[i]);
        out.emplace_back();
        continue;
      }
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
  std::vector<bool> raw_;
  std::vector<std::string> texts_;
};

// (first request, request count) of a query added with Wire::add_query.
using QuerySpan = std::pair<std::size_t, std::size_t>;

// The state_queryStorageAt answer in the compact form nodes send (and the rpc layer re-serialises):
// [{"block":"0x..","changes":[["0xkey","0xvalue"|null],...]},...]. Calls f(key, value or nullopt) per
// change. False on anything else (whitespace, escapes, other members): the caller then parses the text
// as general JSON, so this only skips the DOM for the usual answer and never changes what is accepted.
template <class F>
bool scan_changes(std::string_view t, F&& f) {
  std::size_t i = 0;
  auto eat = [&](char c) {
    if (i < t.size() && t[i] == c) {
      ++i;
      return true;
    }
    return false;
  };
  auto lit = [&](std::string_view w) {
    if (t.substr(i, w.size()) != w) return false;
    i += w.size();
    return true;
  };
  auto str = [&](std::string_view& out) {
    if (!eat('"')) return false;
    const std::size_t e = t.find('"', i);
    if (e == std::string_view::npos) return false;
    out = t.substr(i, e - i);
    if (out.find('\\') != std::string_view::npos) return false;
    i = e + 1;
    return true;
  };
  if (!eat('[')) return false;
  if (eat(']')) return i == t.size();
  do {
    if (!eat('{')) return false;
    bool changes = false;
    do {
      std::string_view name;
      if (!str(name) || !eat(':')) return false;
      if (name == "block") {
        std::string_view h;
        if (!lit("null") && !str(h)) return false;
      } else if (name == "changes" && !changes) {
        changes = true;
        if (!eat('[')) return false;
        if (!eat(']')) {
          do {
            std::string_view k, v;
            if (!eat('[') || !str(k) || !eat(',')) return false;
            if (lit("null")) {
              if (!f(k, std::optional<std::string_view>())) return false;
            } else {
              if (!str(v) || !f(k, std::optional<std::string_view>(v))) return false;
            }
            if (!eat(']')) return false;
          } while (eat(','));
          if (!eat(']')) return false;
        }
      } else {
        return false;
      }
    } while (eat(','));
    if (!eat('}') || !changes) return false;
  } while (eat(','));
  return eat(']') && i == t.size();
}

bool hex_equal_nocase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

// state_queryStorageAt answers (Wire::texts()[span]) -> values in the order of `keys` (nullopt: absent).
Result<std::vector<std::optional<Bytes>>> parse_query(const std::vector<std::string>& texts, QuerySpan span,
                                                      const std::vector<Bytes>& keys, SyncStats& st) {
  std::vector<std::string> hex(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) hex[i] = to_hex(keys[i]);
  std::map<std::string, std::size_t> index;  // built only when a node answers out of order
  auto find = [&](std::string_view key, std::size_t expected) -> std::optional<std::size_t> {
    if (expected < hex.size() && hex_equal_nocase(key, hex[expected])) return expected;
    if (index.empty())
      for (std::size_t i = 0; i < hex.size(); ++i) index.emplace(hex[i], i);
    std::string k(key);
    std::transform(k.begin(), k.end(), k.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    auto it = index.find(k);
    if (it == index.end()) return std::nullopt;
    return it->second;
  };
  std::vector<std::optional<Bytes>> out(keys.size());
  std::size_t next = 0;  // the key a node answering in order sends next
  std::string error;
  auto take = [&](std::string_view k, std::optional<std::string_view> v) {
    auto at = find(k, next);
    if (!at) {
      error = "state_queryStorageAt: unexpected key " + std::string(k.substr(0, 200));
      return false;
    }
    next = *at + 1;
    if (!v) return true;
    auto b = from_hex(*v);
    if (!b) {
      error = "state_queryStorageAt: value of " + hex[*at] + " is not hex";
      return false;
    }
    st.bytes_read += b->size();
    out[*at] = std::move(*b);
    return true;
  };
  for (std::size_t r = span.first; r < span.first + span.second; ++r) {
    const std::string& text = texts.at(r);
    if (scan_changes(text, take)) continue;
    if (!error.empty()) return fail(MetagraphError::malformed_item, error);
    // Not the compact form: general JSON.
    auto parsed = ::bt::detail::parse_json_checked(text);
    if (!parsed.ok())
      return fail(MetagraphError::malformed_item, "state_queryStorageAt: the node's answer: " + parsed.error);
    const json& j = parsed.value;
    if (!j.is_array())
      return fail(MetagraphError::malformed_item, "state_queryStorageAt: result is not an array");
    for (const auto& set : j) {
      if (!set.is_object() || !set.contains("changes") || !set["changes"].is_array())
        return fail(MetagraphError::malformed_item, "state_queryStorageAt: change set without changes");
      for (const auto& ch : set["changes"]) {
        if (!ch.is_array() || ch.size() != 2 || !ch[0].is_string())
          return fail(MetagraphError::malformed_item, "state_queryStorageAt: a change is not [key, value]");
        if (!ch[1].is_null() && !ch[1].is_string())
          return fail(MetagraphError::malformed_item, "state_queryStorageAt: value is not hex");
        const std::string k = ch[0].get<std::string>();
        const bool ok =
            ch[1].is_null() ? take(k, std::nullopt) : take(k, ch[1].get_ref<const std::string&>());
        if (!ok) return fail(MetagraphError::malformed_item, error);
      }
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
  // `stored`: the node has a value (false when `raw` is the metadata's default of an absent entry).
  Item(std::string name, std::optional<Bytes> raw, bool stored = true)
      : name_(std::move(name)), raw_(std::move(raw)), stored_(stored && raw_.has_value()) {}
  const std::string& name() const { return name_; }
  // A value to decode: stored, or the default of a ValueQuery entry.
  bool present() const { return raw_.has_value(); }
  // Whether the storage holds the entry (contains_key / try_get), whatever the query kind.
  bool stored() const { return stored_; }

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
  bool stored_ = false;
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

using Links = std::vector<std::pair<std::uint64_t, AccountId32>>;  // ParentKeys / ChildKeys value

Result<Links> links(const Item& it) {
  return it.decode([](scale::Decoder& d) {
    Links v(d.read_length(40));
    for (auto& [p, a] : v) {
      p = d.read_le<std::uint64_t>();
      d.read_into(a.data.data(), a.data.size());
    }
    return v;
  });
}

// feb2025: the inherited stake columns from the level-3 values (own stakes and links per uid), reading
// the stake of parents that are not registered on the subnet in one more round trip.
Result<void> read_dtao_stake(Wire& w, const Layout& L, Snapshot& s,
                             const std::vector<std::optional<Bytes>>& v3, std::size_t per,
                             const std::string& at, const SyncOptions& opt) {
  const std::uint16_t n = s.n, nu = s.netuid;
  auto value = [&](std::size_t i, const char* item) { return v3[i] ? v3[i] : L.fallback(item); };
  s.own_alpha_stake.assign(n, 0);
  s.own_tao_stake.assign(n, 0);
  std::vector<Links> parents(n), children(n);
  std::map<AccountId32, std::pair<std::uint64_t, std::uint64_t>> stake_of;  // hotkey -> (alpha, root)
  for (std::uint16_t u = 0; u < n; ++u) {
    const std::string hk = to_hex(s.hotkeys[u]);
    const std::size_t b = per * u;
    BT_TRY(
        s.own_alpha_stake[u],
        Item("TotalHotkeyAlpha[" + hk + "][" + std::to_string(nu) + "]", value(b, "TotalHotkeyAlpha")).u64());
    BT_TRY(s.own_tao_stake[u],
           Item("TotalHotkeyAlpha[" + hk + "][0]", value(b + 1, "TotalHotkeyAlpha")).u64());
    BT_TRY(parents[u], links(Item(item_name("ParentKeys[" + hk + "]", nu), value(b + 2, "ParentKeys"))));
    BT_TRY(children[u], links(Item(item_name("ChildKeys[" + hk + "]", nu), value(b + 3, "ChildKeys"))));
    stake_of.emplace(s.hotkeys[u], std::make_pair(s.own_alpha_stake[u], s.own_tao_stake[u]));
  }
  // Parents outside the subnet: their TotalHotkeyAlpha on the subnet and on root.
  std::vector<AccountId32> outside;
  for (const auto& ps : parents)
    for (const auto& [p, a] : ps)
      if (!stake_of.count(a) && std::find(outside.begin(), outside.end(), a) == outside.end())
        outside.push_back(a);
  if (!outside.empty()) {
    std::vector<Bytes> k4;
    for (const auto& a : outside) {
      const Bytes hk(a.data.begin(), a.data.end());
      BT_TRY(auto x, L.key("TotalHotkeyAlpha", {hk, u16_le(nu)}));
      BT_TRY(auto r, L.key("TotalHotkeyAlpha", {hk, u16_le(0)}));
      k4.push_back(std::move(x));
      k4.push_back(std::move(r));
    }
    const QuerySpan q4 = w.add_query(k4, at, opt.query_chunk);
    BT_TRY(auto r4, w.run());
    BT_TRY(auto v4, parse_query(w.texts(), q4, k4, w.stats()));
    for (std::size_t i = 0; i < outside.size(); ++i) {
      const std::string hk = to_hex(outside[i]);
      auto val = [&](std::size_t j) { return v4[j] ? v4[j] : L.fallback("TotalHotkeyAlpha"); };
      BT_TRY(auto x, Item("TotalHotkeyAlpha[" + hk + "][" + std::to_string(nu) + "]", val(2 * i)).u64());
      BT_TRY(auto r, Item("TotalHotkeyAlpha[" + hk + "][0]", val(2 * i + 1)).u64());
      stake_of.emplace(outside[i], std::make_pair(x, r));
    }
  }
  s.alpha_stake.assign(n, 0);
  s.tao_stake.assign(n, 0);
  for (std::uint16_t u = 0; u < n; ++u) {
    if (!s.registered[u]) continue;
    std::vector<std::uint64_t> cp;
    for (const auto& [p, a] : children[u]) cp.push_back(p);
    std::vector<std::pair<std::uint64_t, std::uint64_t>> pa, pt;
    for (const auto& [p, a] : parents[u]) {
      const auto& st = stake_of.at(a);
      pa.emplace_back(p, st.first);
      pt.emplace_back(p, st.second);
    }
    // get_inherited_for_hotkey_on_subnet returns the own stake unchanged on the root subnet. feb2025
    // computes in I96F32, head in U96F32 (different saturation when children take more than the own).
    const auto inherit = s.generation == Generation::head ? inherited_stake_u96 : inherited_stake;
    s.alpha_stake[u] = nu == 0 ? s.own_alpha_stake[u] : inherit(s.own_alpha_stake[u], cp, pa);
    s.tao_stake[u] = inherit(s.own_tao_stake[u], cp, pt);
  }
  return bt::ok();
}

// ---- level 3: per-hotkey stake (spec143: TotalHotkeyStake; feb2025/head: own alpha on the subnet and
// on root, ParentKeys and ChildKeys on the subnet), owner (coldkey) and axon of every uid's hotkey, plus
// `extra` keys in the same round trip (their values are returned in order).
Result<std::vector<std::optional<Bytes>>> read_per_hotkey(Wire& w, const Layout& L, Snapshot& s,
                                                          const SyncOptions& opt,
                                                          const std::vector<Bytes>& extra) {
  const std::uint16_t nu = s.netuid, n = s.n;
  const Bytes nk = u16_le(nu);
  const std::string at = to_hex(s.block_hash);
  const bool dtao = s.generation != Generation::spec143;
  const std::size_t per = dtao ? 6 : 3;  // keys per uid; stake items first, then Owner and Axons
  std::vector<Bytes> k3;
  for (std::uint16_t u = 0; u < n; ++u) {
    const Bytes hk(s.hotkeys[u].data.begin(), s.hotkeys[u].data.end());
    if (dtao) {
      BT_TRY(auto a, L.key("TotalHotkeyAlpha", {hk, nk}));
      BT_TRY(auto r, L.key("TotalHotkeyAlpha", {hk, u16_le(0)}));
      BT_TRY(auto pk, L.key("ParentKeys", {hk, nk}));
      BT_TRY(auto ck, L.key("ChildKeys", {hk, nk}));
      k3.push_back(std::move(a));
      k3.push_back(std::move(r));
      k3.push_back(std::move(pk));
      k3.push_back(std::move(ck));
    } else {
      BT_TRY(auto a, L.key("TotalHotkeyStake", {hk}));
      k3.push_back(std::move(a));
    }
    BT_TRY(auto b, L.key("Owner", {hk}));
    BT_TRY(auto c, L.key("Axons", {nk, hk}));
    k3.push_back(std::move(b));
    k3.push_back(std::move(c));
  }
  const std::size_t e0 = k3.size();
  k3.insert(k3.end(), extra.begin(), extra.end());
  std::vector<std::optional<Bytes>> v3;
  if (!k3.empty()) {
    const QuerySpan q3 = w.add_query(k3, at, opt.query_chunk);
    BT_TRY(auto r3, w.run());
    BT_TRY(v3, parse_query(w.texts(), q3, k3, w.stats()));
  }
  if (dtao) {
    BT_TRY_VOID(read_dtao_stake(w, L, s, v3, per, at, opt));
  }
  s.stake.assign(n, 0);
  s.coldkeys.assign(n, AccountId32{});
  s.axons.assign(n, std::nullopt);
  for (std::uint16_t u = 0; u < n; ++u) {
    const std::string hk = to_hex(s.hotkeys[u]);
    const std::size_t o = per * u + per - 2;  // Owner, then Axons
    if (!dtao) {
      BT_TRY(s.stake[u],
             Item("TotalHotkeyStake[" + hk + "]", v3[per * u] ? v3[per * u] : L.fallback("TotalHotkeyStake"))
                 .u64());
    }
    BT_TRY(s.coldkeys[u], Item("Owner[" + hk + "]", v3[o] ? v3[o] : L.fallback("Owner")).account());
    if (v3[o + 1]) {
      BT_TRY(s.axons[u],
             Item("Axons[" + std::to_string(nu) + "][" + hk + "]", v3[o + 1]).decode([](scale::Decoder& d) {
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
  return std::vector<std::optional<Bytes>>(
      std::make_move_iterator(v3.begin() + static_cast<std::ptrdiff_t>(e0)),
      std::make_move_iterator(v3.end()));
}

// Keys and BlockAtRegistration of uids < n: values v[0..n) and v[n..2n). A uid without hotkey is
// missing_item, unless `holes` (head: the epoch skips uids without hotkey).
Result<void> read_registrations(const Layout& L, Snapshot& s, const std::vector<std::optional<Bytes>>& v,
                                bool holes) {
  const std::uint16_t n = s.n, nu = s.netuid;
  s.uids.resize(n);
  s.registered.assign(n, false);
  s.hotkeys.assign(n, AccountId32{});
  s.block_at_registration.assign(n, 0);
  for (std::uint16_t u = 0; u < n; ++u) {
    s.uids[u] = u;
    Item bar(item_name("BlockAtRegistration", nu, u),
             v[n + u] ? v[n + u] : L.fallback("BlockAtRegistration"));
    BT_TRY(s.block_at_registration[u], bar.u64());
    if (!v[u]) {
      if (holes) continue;
      return fail(MetagraphError::missing_item, item_name("Keys", nu, u) + ": no hotkey for uid " +
                                                    std::to_string(u) + " < SubnetworkN " +
                                                    std::to_string(n));
    }
    s.registered[u] = true;
    BT_TRY(s.hotkeys[u], Item(item_name("Keys", nu, u), v[u]).account());
  }
  return bt::ok();
}

// The rows of a (key, uid) double map (`name` = "Weights[1]") from the values v[first..] of `keys`:
// n rows at least, more when a key names a uid >= n; `stored` marks the rows with an entry.
Result<void> read_rows(const std::vector<std::optional<Bytes>>& v, std::size_t first,
                       const std::vector<Bytes>& keys, std::size_t prefix_len, const std::string& name,
                       std::uint16_t n, std::vector<yuma::Row>& rows, std::vector<bool>& stored) {
  rows.assign(n, {});
  stored.assign(n, false);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    BT_TRY(std::uint16_t uid, uid_of_key(keys[i], prefix_len, name));
    if (!v[first + i]) continue;  // not stored (or removed between listing and reading: not at one block)
    BT_TRY(auto row, Item(name + "[" + std::to_string(uid) + "]", v[first + i]).row());
    if (uid >= rows.size()) {
      rows.resize(uid + 1u);
      stored.resize(uid + 1u, false);
    }
    rows[uid] = std::move(row);
    stored[uid] = true;
  }
  return bt::ok();
}

// The per-subnet hyperparameters every generation stores alike (Tempo ... BondsMovingAverage).
template <class Get>
Result<void> read_shared_hyperparameters(const Get& get, Hyperparameters& hp) {
  BT_TRY(hp.tempo, get("Tempo").u16());
  BT_TRY(hp.kappa, get("Kappa").u16());
  BT_TRY(hp.rho, get("Rho").u16());
  BT_TRY(hp.max_allowed_validators, get("MaxAllowedValidators").u16());
  BT_TRY(hp.max_allowed_uids, get("MaxAllowedUids").u16());
  BT_TRY(hp.immunity_period, get("ImmunityPeriod").u16());
  BT_TRY(hp.min_allowed_weights, get("MinAllowedWeights").u16());
  BT_TRY(hp.max_weights_limit, get("MaxWeightsLimit").u16());
  BT_TRY(hp.weights_version_key, get("WeightsVersionKey").u64());
  BT_TRY(hp.weights_set_rate_limit, get("WeightsSetRateLimit").u64());
  BT_TRY(hp.bonds_moving_average, get("BondsMovingAverage").u64());
  return bt::ok();
}

// AlphaValues: (low, high) u16.
Result<void> read_alpha_values(const Item& it, Hyperparameters& hp) {
  BT_TRY(auto av, it.decode([](scale::Decoder& d) {
    const std::uint16_t lo = d.read_le<std::uint16_t>();
    return std::make_pair(lo, d.read_le<std::uint16_t>());
  }));
  hp.alpha_low = av.first;
  hp.alpha_high = av.second;
  return bt::ok();
}

// get_mechanism_storage_index: mechanism * 4096 + netuid, saturating (subnets/mechanism.rs at 14bc6f9f).
std::uint16_t storage_index(std::uint16_t netuid, std::uint8_t mechanism) {
  const std::uint32_t v = std::uint32_t{mechanism} * 4096u + netuid;
  return static_cast<std::uint16_t>(v > 0xffff ? 0xffff : v);
}

template <class T>
Result<T> le_value(const Item& it) {
  return it.decode([](scale::Decoder& d) { return d.read_le<T>(); });
}

// head (subtensor 14bc6f9f): the per-subnet values of level 1 (`items`), then level 2 (hotkeys,
// registration blocks, every mechanism's LastUpdate / Incentive / rows, the owner's uid, the timelocked
// commit keys) and level 3 (per hotkey, plus the WeightCommits queues and timelocked commit values).
// `wlisted` / `blisted`: with SyncOptions::scan_rows, the listed row keys of the chosen mechanism.
Result<void> sync_head(Wire& w, const Layout& L, Snapshot& s, const SyncOptions& opt,
                       const std::map<std::string, Item>& items, const std::vector<Bytes>& wlisted,
                       const std::vector<Bytes>& blisted) {
  const std::uint16_t nu = s.netuid, n = s.n;
  const Bytes nk = u16_le(nu);
  const std::string at = to_hex(s.block_hash);
  auto get = [&](const char* name) -> const Item& { return items.at(name); };
  // The epoch writes one entry per registered uid: at most n.
  auto upto_n = [&](const std::string& name, auto& out, auto decoded) -> Result<void> {
    if (!decoded) return fail(std::move(decoded).error());
    if (decoded->size() > n)
      return fail(MetagraphError::inconsistent_state, name + ": " + std::to_string(decoded->size()) +
                                                          " entries, SubnetworkN is " + std::to_string(n));
    out = std::move(*decoded);
    return bt::ok();
  };
  auto vec16 = [&](const char* item, std::vector<std::uint16_t>& out) {
    return upto_n(get(item).name(), out, get(item).vec<std::uint16_t>());
  };
  BT_TRY_VOID(upto_n(get("ValidatorPermit").name(), s.validator_permit, get("ValidatorPermit").bools()));
  BT_TRY_VOID(upto_n(get("Active").name(), s.active, get("Active").bools()));
  BT_TRY_VOID(vec16("Consensus", s.consensus));
  BT_TRY_VOID(vec16("Dividends", s.dividends));
  BT_TRY_VOID(vec16("ValidatorTrust", s.validator_trust));
  BT_TRY_VOID(vec16("StakeWeight", s.stake_weight));
  BT_TRY_VOID(upto_n(get("Emission").name(), s.emission, get("Emission").vec<std::uint64_t>()));

  auto& hp = s.hp;
  BT_TRY(hp.activity_cutoff_factor_milli, le_value<std::uint32_t>(get("ActivityCutoffFactorMilli")));
  BT_TRY_VOID(read_shared_hyperparameters(get, hp));
  BT_TRY(hp.bonds_penalty, get("BondsPenalty").u16());
  hp.has_bonds_penalty = true;
  BT_TRY(hp.liquid_alpha_enabled, get("LiquidAlphaOn").boolean());
  BT_TRY_VOID(read_alpha_values(get("AlphaValues"), hp));
  BT_TRY(hp.alpha_sigmoid_steepness, le_value<std::int16_t>(get("AlphaSigmoidSteepness")));
  BT_TRY(hp.yuma3_enabled, get("Yuma3On").boolean());
  BT_TRY(hp.commit_reveal_enabled, get("CommitRevealWeightsEnabled").boolean());
  BT_TRY(hp.reveal_period, get("RevealPeriodEpochs").u64());
  // SubnetOwner / SubnetOwnerHotkey are ValueQuery; get_owner_uid uses try_get: whether a value is stored.
  if (get("SubnetOwner").stored()) {
    BT_TRY(auto owner, get("SubnetOwner").account());
    hp.owner = owner;
  }
  if (get("SubnetOwnerHotkey").stored()) {
    BT_TRY(auto owner, get("SubnetOwnerHotkey").account());
    hp.owner_hotkey = owner;
  }
  BT_TRY(hp.blocks_since_last_step, get("BlocksSinceLastStep").u64());
  BT_TRY(hp.last_mechanism_step_block, get("LastMechansimStepBlock").u64());
  BT_TRY(hp.last_epoch_block, get("LastEpochBlock").u64());
  BT_TRY(hp.pending_epoch_at, get("PendingEpochAt").u64());
  BT_TRY(hp.subnet_epoch_index, get("SubnetEpochIndex").u64());
  BT_TRY(hp.mechanism_count, le_value<std::uint8_t>(get("MechanismCountCurrent")));
  if (get("MechanismEmissionSplit").present()) {
    BT_TRY(auto split, get("MechanismEmissionSplit").vec<std::uint16_t>());
    hp.emission_split = std::move(split);
  }
  BT_TRY(hp.pending_server_emission, get("PendingServerEmission").u64());
  BT_TRY(hp.pending_validator_emission, get("PendingValidatorEmission").u64());
  BT_TRY(hp.pending_root_alpha_divs, get("PendingRootAlphaDivs").u64());
  BT_TRY(hp.pending_owner_cut, get("PendingOwnerCut").u64());
  BT_TRY(hp.subnet_owner_cut, get("SubnetOwnerCut").u16());
  BT_TRY(hp.stake_threshold, get("StakeThreshold").u64());
  BT_TRY(hp.tao_weight, get("TaoWeight").u64());
  BT_TRY(hp.max_epochs_per_block, le_value<std::uint8_t>(get("MaxEpochsPerBlock")));
  const std::uint8_t mechs = hp.mechanism_count;
  if (mechs == 0)
    return fail(MetagraphError::inconsistent_state,
                get("MechanismCountCurrent").name() + ": 0 mechanisms (the runtime keeps at least 1)");
  if (opt.mechanism >= mechs)
    return fail(MetagraphError::invalid_argument, "mechanism " + std::to_string(opt.mechanism) + ": " +
                                                      get("MechanismCountCurrent").name() + " is " +
                                                      std::to_string(mechs));
  s.mechanism = opt.mechanism;

  // ---- level 2
  std::vector<Bytes> k2;
  for (const char* item : {"Keys", "BlockAtRegistration"})
    for (std::uint16_t u = 0; u < n; ++u) {
      BT_TRY(auto k, L.key(item, {nk, u16_le(u)}));
      k2.push_back(std::move(k));
    }
  struct MechKeys {
    std::uint16_t index = 0;
    std::size_t first = 0;  // LastUpdate, Incentive, then the Weights keys, then the Bonds keys
    std::vector<Bytes> wkeys, bkeys;
    Bytes wprefix, bprefix, tprefix;
    std::size_t tlist = 0;  // the TimelockedWeightCommits key listing request
  };
  std::vector<MechKeys> mk(mechs);
  for (std::uint8_t m = 0; m < mechs; ++m) {
    auto& x = mk[m];
    x.index = storage_index(nu, m);
    const Bytes ik = u16_le(x.index);
    BT_TRY(x.wprefix, L.key("Weights", {ik}));
    BT_TRY(x.bprefix, L.key("Bonds", {ik}));
    if (m == opt.mechanism && opt.scan_rows) {
      x.wkeys = wlisted;
      x.bkeys = blisted;
    } else {
      for (std::uint16_t u = 0; u < n; ++u) {
        BT_TRY(auto wk, L.key("Weights", {ik, u16_le(u)}));
        BT_TRY(auto bk, L.key("Bonds", {ik, u16_le(u)}));
        x.wkeys.push_back(std::move(wk));
        x.bkeys.push_back(std::move(bk));
      }
    }
    x.first = k2.size();
    BT_TRY(auto lu, L.key("LastUpdate", {ik}));
    BT_TRY(auto inc, L.key("Incentive", {ik}));
    k2.push_back(std::move(lu));
    k2.push_back(std::move(inc));
    k2.insert(k2.end(), x.wkeys.begin(), x.wkeys.end());
    k2.insert(k2.end(), x.bkeys.begin(), x.bkeys.end());
    if (hp.commit_reveal_enabled) {
      BT_TRY(x.tprefix, L.key("TimelockedWeightCommits", {ik}));
      x.tlist = w.add("state_getKeysPaged", json::array({to_hex(x.tprefix), opt.page_size, nullptr, at}));
    }
  }
  std::optional<std::size_t> uid_key;
  if (hp.owner_hotkey) {
    BT_TRY(auto k, L.key("Uids", {nk, Bytes(hp.owner_hotkey->data.begin(), hp.owner_hotkey->data.end())}));
    uid_key = k2.size();
    k2.push_back(std::move(k));
  }
  const QuerySpan q2 = w.add_query(k2, at, opt.query_chunk);
  BT_TRY(auto r2, w.run());
  BT_TRY(auto v2, parse_query(w.texts(), q2, k2, w.stats()));

  BT_TRY_VOID(read_registrations(L, s, v2, true));
  std::map<AccountId32, std::uint16_t> uid_of;
  for (std::uint16_t u = 0; u < n; ++u)
    if (s.registered[u]) uid_of.emplace(s.hotkeys[u], u);
  if (uid_key && v2[*uid_key]) {
    BT_TRY(auto uid,
           Item("Uids[" + std::to_string(nu) + "][" + to_hex(*hp.owner_hotkey) + "]", v2[*uid_key]).u16());
    if (uid >= n)
      return fail(MetagraphError::inconsistent_state,
                  "Uids[" + std::to_string(nu) + "][" + to_hex(*hp.owner_hotkey) + "]: owner uid " +
                      std::to_string(uid) + " >= SubnetworkN " + std::to_string(n));
    hp.owner_uid = uid;
  }
  s.mechanisms.assign(mechs, {});
  std::vector<std::vector<std::uint16_t>> incentives(mechs);
  std::vector<std::vector<bool>> wstored(mechs), bstored(mechs);
  std::vector<std::vector<Bytes>> tkeys(mechs);
  for (std::uint8_t m = 0; m < mechs; ++m) {
    auto& x = mk[m];
    auto& st = s.mechanisms[m];
    const std::string idx = std::to_string(x.index);
    // get_last_update pads to n; a longer vector is read as it is (any length is a state the epoch reads).
    Item lu("LastUpdate[" + idx + "]", v2[x.first] ? v2[x.first] : L.fallback("LastUpdate"));
    BT_TRY(st.last_update, lu.vec<std::uint64_t>());
    Item inc("Incentive[" + idx + "]", v2[x.first + 1] ? v2[x.first + 1] : L.fallback("Incentive"));
    BT_TRY_VOID(upto_n(inc.name(), incentives[m], inc.vec<std::uint16_t>()));
    // Bond columns >= n are kept by get_bonds_sparse and ignored by the head epoch: not an error here.
    BT_TRY_VOID(read_rows(v2, x.first + 2, x.wkeys, x.wprefix.size(), "Weights[" + idx + "]", n, st.weights,
                          wstored[m]));
    BT_TRY_VOID(read_rows(v2, x.first + 2 + x.wkeys.size(), x.bkeys, x.bprefix.size(), "Bonds[" + idx + "]",
                          n, st.bonds, bstored[m]));
    if (hp.commit_reveal_enabled) {
      BT_TRY(tkeys[m], list_keys(w, r2[x.tlist], x.tprefix, s.block_hash, opt.page_size,
                                 "TimelockedWeightCommits[" + idx + "]"));
    }
  }

  // ---- level 3: per hotkey, plus WeightCommits[idx][hotkey] of registered hotkeys and the timelocked
  // commit queues (both only with commit-reveal: the epoch reads them only then). WeightCommits of
  // hotkeys not registered on the subnet are skipped by the epoch (uid_of = None): not read.
  std::vector<Bytes> extra;
  std::vector<std::pair<std::uint8_t, std::uint16_t>> wc_of;  // (mechanism, uid) per WeightCommits key
  if (hp.commit_reveal_enabled) {
    for (std::uint8_t m = 0; m < mechs; ++m)
      for (std::uint16_t u = 0; u < n; ++u) {
        if (!s.registered[u]) continue;
        BT_TRY(auto k, L.key("WeightCommits", {u16_le(mk[m].index),
                                               Bytes(s.hotkeys[u].data.begin(), s.hotkeys[u].data.end())}));
        extra.push_back(std::move(k));
        wc_of.emplace_back(m, u);
      }
    for (std::uint8_t m = 0; m < mechs; ++m) extra.insert(extra.end(), tkeys[m].begin(), tkeys[m].end());
  }
  BT_TRY(auto ev, read_per_hotkey(w, L, s, opt, extra));
  std::size_t e = 0;
  for (const auto& [m, u] : wc_of) {
    const auto& raw = ev[e++];
    if (!raw) continue;
    const std::string name =
        "WeightCommits[" + std::to_string(mk[m].index) + "][" + to_hex(s.hotkeys[u]) + "]";
    BT_TRY(auto q, Item(name, raw).decode([](scale::Decoder& d) {
      // VecDeque<(H256, commit_epoch, commit_block, unused)>
      std::vector<std::pair<std::uint64_t, std::uint64_t>> v(d.read_length(56));
      for (auto& [epoch, block] : v) {
        (void)d.read_view(32);
        epoch = d.read_le<std::uint64_t>();
        block = d.read_le<std::uint64_t>();
        (void)d.read_le<std::uint64_t>();
      }
      return v;
    }));
    s.mechanisms[m].weight_commits.push_back({u, std::move(q)});
  }
  for (std::uint8_t m = 0; m < mechs; ++m) {
    for (const auto& key : tkeys[m]) {
      const auto& raw = ev[e++];
      // key = prefix ++ twox64(epoch) ++ epoch (u64 LE)
      if (key.size() != mk[m].tprefix.size() + 16)
        return fail(MetagraphError::malformed_item, "TimelockedWeightCommits[" + std::to_string(mk[m].index) +
                                                        "]: key " + to_hex(key) + " is not (index, epoch)");
      std::uint64_t epoch = 0;
      for (int i = 7; i >= 0; --i)
        epoch = (epoch << 8) | key[mk[m].tprefix.size() + 8 + static_cast<std::size_t>(i)];
      if (!raw) continue;
      const std::string name =
          "TimelockedWeightCommits[" + std::to_string(mk[m].index) + "][" + std::to_string(epoch) + "]";
      BT_TRY(auto q, Item(name, raw).decode([](scale::Decoder& d) {
        // VecDeque<(AccountId, commit_block, BoundedVec<u8> ciphertext, RoundNumber)>
        std::vector<std::pair<AccountId32, std::uint64_t>> v(d.read_length(49));
        for (auto& [who, block] : v) {
          d.read_into(who.data.data(), who.data.size());
          block = d.read_le<std::uint64_t>();
          (void)d.read_bytes_with_length();
          (void)d.read_le<std::uint64_t>();
        }
        return v;
      }));
      yuma::TimelockedCommits tc;
      tc.commit_epoch = epoch;
      for (const auto& [who, block] : q)
        if (auto it = uid_of.find(who); it != uid_of.end()) tc.commits.emplace_back(it->second, block);
      s.mechanisms[m].timelocked_commits.push_back(std::move(tc));
    }
  }
  // The chosen mechanism fills the snapshot's per-mechanism columns.
  const auto& sel = s.mechanisms[opt.mechanism];
  s.last_update = sel.last_update;
  s.incentive = incentives[opt.mechanism];
  s.weights = sel.weights;
  s.bonds = sel.bonds;
  s.weights_stored = wstored[opt.mechanism];
  s.bonds_stored = bstored[opt.mechanism];
  s.weight_commits = sel.weight_commits;
  s.timelocked_commits = sel.timelocked_commits;
  return bt::ok();
}

// Reads a subnet's storage in the layout of s.generation (spec143 or feb2025).
// `level1_hook`, when set, checks the answers of requests the caller added to `w` before this call (they
// travel in the level-1 batch); an error from it aborts the sync.
using Level1Hook = std::function<Result<void>(const std::vector<json>&)>;
Result<void> sync_subnet(Wire& w, const Layout& L, Snapshot& s, const SyncOptions& opt,
                         const Level1Hook& level1_hook = {}) {
  const std::uint16_t nu = s.netuid;
  const Bytes nk = u16_le(nu);
  const std::string at = to_hex(s.block_hash);
  const bool dtao = s.generation != Generation::spec143;

  // ---- level 1: every per-subnet item, and the Weights / Bonds / Axons key listings
  struct Plain {
    const char* item;
    bool per_netuid;
  };
  // Items every generation has (an item missing from the metadata is MetagraphError::unknown_runtime).
  static constexpr Plain shared[] = {
      {"NetworksAdded", true},
      {"SubnetworkN", true},
      {"ValidatorPermit", true},
      {"Active", true},
      {"Consensus", true},
      {"Dividends", true},
      {"Emission", true},
      {"ValidatorTrust", true},
      {"Tempo", true},
      {"Kappa", true},
      {"Rho", true},
      {"MaxAllowedValidators", true},
      {"MaxAllowedUids", true},
      {"ImmunityPeriod", true},
      {"MinAllowedWeights", true},
      {"MaxWeightsLimit", true},
      {"WeightsVersionKey", true},
      {"WeightsSetRateLimit", true},
      {"BondsMovingAverage", true},
      {"SubnetOwner", true},
      {"BlocksSinceLastStep", true},
      {"LastMechansimStepBlock", true},
      {"SubnetOwnerCut", false},
  };
  // spec143 and feb2025 on top.
  static constexpr Plain common[] = {
      {"LastUpdate", true},      {"Rank", true},           {"Trust", true},
      {"Incentive", true},       {"PruningScores", true},  {"ActivityCutoff", true},
      {"PendingEmission", true}, {"EmissionValues", true}, {"LoadedEmission", true},
  };
  // feb2025: what its epoch and coinbase read on top (the first four must exist; the rest are read when
  // the runtime has them: spec 218 has neither BondsPenalty nor PendingAlphaSwapped / PendingRootDivs).
  static constexpr Plain dtao_required[] = {
      {"TaoWeight", false},
      {"LiquidAlphaOn", true},
      {"AlphaValues", true},
      {"CommitRevealWeightsEnabled", true},
  };
  static constexpr Plain dtao_optional[] = {
      {"BondsPenalty", true},
      {"PendingAlphaSwapped", true},
      {"PendingRootDivs", true},
  };
  // head (14bc6f9f): per-mechanism items (LastUpdate, Incentive, rows, commits) are read at level 2 once
  // MechanismCountCurrent is known; Rank/Trust/PruningScores, ActivityCutoff, PendingEmission,
  // EmissionValues and LoadedEmission's role are gone.
  static constexpr Plain head_items[] = {
      {"StakeWeight", true},
      {"ActivityCutoffFactorMilli", true},
      {"BondsPenalty", true},
      {"LiquidAlphaOn", true},
      {"AlphaValues", true},
      {"AlphaSigmoidSteepness", true},
      {"Yuma3On", true},
      {"CommitRevealWeightsEnabled", true},
      {"RevealPeriodEpochs", true},
      {"SubnetOwnerHotkey", true},
      {"LastEpochBlock", true},
      {"PendingEpochAt", true},
      {"SubnetEpochIndex", true},
      {"MechanismCountCurrent", true},
      {"MechanismEmissionSplit", true},
      {"PendingServerEmission", true},
      {"PendingValidatorEmission", true},
      {"PendingRootAlphaDivs", true},
      {"PendingOwnerCut", true},
      {"StakeThreshold", false},
      {"TaoWeight", false},
      {"MaxEpochsPerBlock", false},
  };
  const bool head = s.generation == Generation::head;
  std::vector<Plain> plains(std::begin(shared), std::end(shared));
  if (head)
    plains.insert(plains.end(), std::begin(head_items), std::end(head_items));
  else
    plains.insert(plains.end(), std::begin(common), std::end(common));
  if (dtao && !head) {
    plains.insert(plains.end(), std::begin(dtao_required), std::end(dtao_required));
    for (const auto& p : dtao_optional)
      if (L.has(p.item)) plains.push_back(p);
  }
  std::vector<Bytes> pkeys;
  for (const auto& p : plains) {
    BT_TRY(auto k, p.per_netuid ? L.key(p.item, {nk}) : L.key(p.item));
    pkeys.push_back(std::move(k));
  }
  // The rows' first key part: netuid, or at head NetUidStorageIndex of the chosen mechanism (both u16).
  const Bytes rk = head ? u16_le(storage_index(nu, opt.mechanism)) : nk;
  BT_TRY(const Bytes wprefix, L.key("Weights", {rk}));
  BT_TRY(const Bytes bprefix, L.key("Bonds", {rk}));
  const QuerySpan q1 = w.add_query(pkeys, at, opt.query_chunk);
  // Rows keyed by a uid >= n exist only through direct storage writes (the epoch ignores them); listing
  // the keys finds them but costs a key scan on the node, so it is optional.
  std::size_t wlist = 0, blist = 0;
  if (opt.scan_rows) {
    wlist = w.add("state_getKeysPaged", json::array({to_hex(wprefix), opt.page_size, nullptr, at}));
    blist = w.add("state_getKeysPaged", json::array({to_hex(bprefix), opt.page_size, nullptr, at}));
  }
  BT_TRY(auto r1, w.run());
  if (level1_hook) BT_TRY_VOID(level1_hook(r1));
  BT_TRY(auto pv, parse_query(w.texts(), q1, pkeys, w.stats()));
  std::map<std::string, Item> items;
  for (std::size_t i = 0; i < pkeys.size(); ++i) {
    const std::string name =
        plains[i].per_netuid ? item_name(plains[i].item, nu) : std::string(plains[i].item);
    const bool stored = pv[i].has_value();
    std::optional<Bytes> raw = stored ? std::move(pv[i]) : L.fallback(plains[i].item);
    items.emplace(plains[i].item, Item(name, std::move(raw), stored));
  }
  auto get = [&](const char* n) -> const Item& { return items.at(n); };
  auto has = [&](const char* n) { return items.count(n) != 0; };

  BT_TRY(s.hp.network_registered, get("NetworksAdded").boolean());
  if (!s.hp.network_registered)
    return fail(MetagraphError::missing_item, item_name("NetworksAdded", nu) + ": subnet " +
                                                  std::to_string(nu) + " does not exist at block " +
                                                  std::to_string(s.block));
  BT_TRY(s.n, get("SubnetworkN").u16());
  if (s.n > opt.max_neurons)
    return fail(MetagraphError::limit_exceeded, item_name("SubnetworkN", nu) + " is " + std::to_string(s.n) +
                                                    ", above SyncOptions::max_neurons " +
                                                    std::to_string(opt.max_neurons));
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
  if (head) {
    std::vector<Bytes> wl, bl;
    if (opt.scan_rows) {
      BT_TRY(wl, list_keys(w, r1[wlist], wprefix, s.block_hash, opt.page_size, item_name("Weights", nu)));
      BT_TRY(bl, list_keys(w, r1[blist], bprefix, s.block_hash, opt.page_size, item_name("Bonds", nu)));
    }
    return sync_head(w, L, s, opt, items, wl, bl);
  }
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
  BT_TRY(hp.activity_cutoff, get("ActivityCutoff").u16());
  BT_TRY_VOID(read_shared_hyperparameters(get, hp));
  BT_TRY(hp.pending_emission, get("PendingEmission").u64());
  BT_TRY(hp.emission_value, get("EmissionValues").u64());
  BT_TRY(hp.blocks_since_last_step, get("BlocksSinceLastStep").u64());
  BT_TRY(hp.last_mechanism_step_block, get("LastMechansimStepBlock").u64());
  BT_TRY(hp.subnet_owner_cut, get("SubnetOwnerCut").u16());
  // SubnetOwner is a ValueQuery, but the emission checks contains_key: whether the node has a value.
  if (get("SubnetOwner").stored()) {
    BT_TRY(auto owner, get("SubnetOwner").account());
    hp.owner = owner;
  }
  if (dtao) {
    BT_TRY(hp.tao_weight, get("TaoWeight").u64());
    BT_TRY(hp.liquid_alpha_enabled, get("LiquidAlphaOn").boolean());
    BT_TRY_VOID(read_alpha_values(get("AlphaValues"), hp));
    BT_TRY(hp.commit_reveal_enabled, get("CommitRevealWeightsEnabled").boolean());
    hp.has_bonds_penalty = has("BondsPenalty");
    if (hp.has_bonds_penalty) {
      BT_TRY(hp.bonds_penalty, get("BondsPenalty").u16());
    }
    if (has("PendingAlphaSwapped")) {
      BT_TRY(hp.pending_alpha_swapped, get("PendingAlphaSwapped").u64());
    }
    if (has("PendingRootDivs")) {
      BT_TRY(hp.pending_root_divs, get("PendingRootDivs").u64());
    }
  }

  // ---- level 2: hotkeys and registration blocks of uids < n, the stored rows
  std::vector<Bytes> wkeys, bkeys;
  if (opt.scan_rows) {
    BT_TRY(wkeys, list_keys(w, r1[wlist], wprefix, s.block_hash, opt.page_size, item_name("Weights", nu)));
    BT_TRY(bkeys, list_keys(w, r1[blist], bprefix, s.block_hash, opt.page_size, item_name("Bonds", nu)));
  } else {
    for (std::uint16_t u = 0; u < n; ++u) {
      BT_TRY(auto wk, L.key("Weights", {nk, u16_le(u)}));
      BT_TRY(auto bk, L.key("Bonds", {nk, u16_le(u)}));
      wkeys.push_back(std::move(wk));
      bkeys.push_back(std::move(bk));
    }
  }
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
  const QuerySpan q2 = w.add_query(k2, at, opt.query_chunk);
  BT_TRY(auto r2, w.run());
  BT_TRY(auto v2, parse_query(w.texts(), q2, k2, w.stats()));

  BT_TRY_VOID(read_registrations(L, s, v2, false));
  BT_TRY_VOID(
      read_rows(v2, w0, wkeys, wprefix.size(), item_name("Weights", nu), n, s.weights, s.weights_stored));
  BT_TRY_VOID(read_rows(v2, b0, bkeys, bprefix.size(), item_name("Bonds", nu), n, s.bonds, s.bonds_stored));
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

  // ---- level 3
  BT_TRY(auto extra, read_per_hotkey(w, L, s, opt, {}));
  (void)extra;
  return bt::ok();
}

std::vector<std::string> storage_names(const metadata::Metadata& md) {
  std::vector<std::string> names;
  if (const auto* p = md.pallet(kPallet))
    for (const auto& e : p->storage) names.push_back(e.name);
  return names;
}

Result<std::uint32_t> read_spec_version(const json& v) {
  if (!v.is_object() || !v.contains("specVersion") || !v["specVersion"].is_number_unsigned())
    return fail(MetagraphError::malformed_item, "state_getRuntimeVersion: no specVersion");
  return v["specVersion"].get<std::uint32_t>();
}

Result<std::uint64_t> read_block_number(const json& header, const std::string& at,
                                        std::optional<std::uint64_t> at_block) {
  if (!header.is_object() || !header.contains("number"))
    return fail(MetagraphError::block_not_found, "chain_getHeader(" + at + "): no header");
  BT_TRY(auto number, parse_number(header["number"]));
  if (at_block && number != *at_block)
    return fail(MetagraphError::inconsistent_state, "chain_getHeader: block " + at + " has number " +
                                                        std::to_string(number) + ", asked for " +
                                                        std::to_string(*at_block));
  return number;
}

// The spec version of the last runtime a sync read through a client (a hint only: it is checked against
// the block's runtime version in the same batch). Keyed by the client's address; a reused address gives a
// wrong hint at worst, which costs the discarded round trip.
std::mutex hint_mu;
std::map<const client::Client*, std::uint32_t> hints;

std::optional<std::uint32_t> spec_hint(client::Client& c) {
  std::lock_guard lock(hint_mu);
  if (auto it = hints.find(&c); it != hints.end()) return it->second;
  return std::nullopt;
}

void remember_spec(client::Client& c, std::uint32_t spec) {
  std::lock_guard lock(hint_mu);
  if (hints.size() > 64) hints.clear();
  hints[&c] = spec;
}

}  // namespace

Result<Snapshot> sync(client::Client& client, std::uint16_t netuid, std::optional<std::uint64_t> at_block,
                      const SyncOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  if (options.page_size == 0 || options.query_chunk == 0)
    return fail(MetagraphError::invalid_argument, "page size / query chunk 0");
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

  // Speculative: the runtime this client saw last is most likely the one at `at`. Its level-1 reads then
  // travel with the runtime version + header (one round trip less); a different version discards them
  // and the sync goes on the plain way.
  if (const auto hint = spec_hint(client)) {
    auto md = client::decoded_metadata(client, s.block_hash, *hint);  // cached: no request
    if (md && (*md)->pallet(kPallet)) {
      Snapshot sp;
      sp.netuid = netuid;
      sp.block_hash = s.block_hash;
      sp.stats = s.stats;
      sp.spec_version = *hint;
      auto gen = detect_generation(*hint, storage_names(**md));
      if (gen) {
        sp.generation = *gen;
        Wire ws(client, sp.stats);
        ws.add("state_getRuntimeVersion", json::array({at}));
        ws.add("chain_getHeader", json::array({at}));
        bool stale = false;
        auto hook = [&](const std::vector<json>& r) -> Result<void> {
          BT_TRY(auto spec, read_spec_version(r[0]));
          if (spec != *hint) {
            stale = true;
            return fail(MetagraphError::unknown_runtime, "runtime changed");
          }
          BT_TRY(sp.block, read_block_number(r[1], at, at_block));
          return bt::ok();
        };
        Layout layout(**md);
        auto r = sync_subnet(ws, layout, sp, options, hook);
        if (r) {
          sp.stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
          return sp;
        }
        if (!stale) return fail(std::move(r).error());
        s.stats = sp.stats;  // the discarded round trip still counts
      }
    }
  }

  w.add("state_getRuntimeVersion", json::array({at}));
  w.add("chain_getHeader", json::array({at}));
  BT_TRY(auto r1, w.run());
  BT_TRY(s.spec_version, read_spec_version(r1[0]));
  BT_TRY(s.block, read_block_number(r1[1], at, at_block));

  // ---- the runtime (metadata cached per spec version by the client)
  const auto before = client.rpc().stats().requests_sent;
  BT_TRY(auto md, client::decoded_metadata(client, s.block_hash, s.spec_version));
  const auto sent = static_cast<std::uint32_t>(client.rpc().stats().requests_sent - before);
  s.stats.round_trips += sent;
  s.stats.requests += sent;
  BT_TRY(s.generation, detect_generation(s.spec_version, storage_names(*md)));
  remember_spec(client, s.spec_version);
  Layout layout(*md);
  BT_TRY_VOID(sync_subnet(w, layout, s, options));
  s.stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return s;
}

}  // namespace bt::metagraph
