// SPDX-License-Identifier: MIT
#include <bt/client/typed.hpp>
#include <bt/subtensor/weights_chain.hpp>

#include <bt/int128.hpp>
#include <bt/metadata/error.hpp>

#include <algorithm>
#include <iterator>
#include <optional>
#include <set>

namespace bt::subtensor {
namespace {
using metadata::Value;
constexpr std::string_view kPallet = "SubtensorModule";

// The storage items the pre-flight reads (spec-218 names).
constexpr std::string_view kItems[] = {"NetworksAdded",
                                       "SubnetworkN",
                                       "Uids",
                                       "Keys",
                                       "ValidatorPermit",
                                       "LastUpdate",
                                       "WeightsSetRateLimit",
                                       "WeightsVersionKey",
                                       "MinAllowedWeights",
                                       "MaxWeightsLimit",
                                       "CommitRevealWeightsEnabled"};

struct Reader {
  client::Client& c;
  client::Hash at;
  Result<std::optional<Value>> get(std::string_view entry, std::vector<Value> keys) {
    return client::storage_value(c, kPallet, entry, keys, at);
  }
  Result<std::uint64_t> u64(std::string_view entry, std::vector<Value> keys) {
    BT_TRY(auto v, get(entry, std::move(keys)));
    if (!v) return std::uint64_t{0};
    return v->to_u64();
  }
  Result<bool> boolean(std::string_view entry, std::vector<Value> keys) {
    BT_TRY(auto v, get(entry, std::move(keys)));
    return v && v->as_bool();
  }
};

std::string str(std::uint64_t x) { return std::to_string(x); }

// An AccountId32 value (bytes, or 32 u8 items, possibly in a one-field wrapper) as 32 bytes.
Result<Bytes> account_bytes(const Value& v) {
  const Value* p = &v;
  while (p->is(metadata::ValueKind::Composite) && p->items().size() == 1) p = p->at(0);
  if (p->is(metadata::ValueKind::Bytes) && p->as_bytes().size() == 32) return p->as_bytes();
  if (p->items().size() == 32) {
    Bytes b;
    for (const auto& it : p->items()) {
      BT_TRY(std::uint64_t x, it.to_u64());
      b.push_back(static_cast<std::uint8_t>(x));
    }
    return b;
  }
  return fail(metadata::MetadataError::type_mismatch, "not an account id");
}

// I96F32 bits of proportion / u64::MAX (the chain's normalized_proportion).
u128 proportion_bits(std::uint64_t proportion) {
  return (static_cast<u128>(proportion) << 32) / static_cast<u128>(UINT64_MAX);
}

// get_inherited_for_hotkey_on_subnet / get_tao_inherited_for_hotkey_on_subnet in I96F32 bits.
std::uint64_t inherited(std::uint64_t initial, std::span<const StakeLink> children,
                        std::span<const StakeLink> parents, bool tao) {
  i128 bits = static_cast<i128>(initial) << 32;
  for (const auto& c : children)
    bits -= static_cast<i128>(initial) * static_cast<i128>(proportion_bits(c.proportion));
  for (const auto& p : parents)
    bits += static_cast<i128>(tao ? p.tao : p.alpha) * static_cast<i128>(proportion_bits(p.proportion));
  if (bits <= 0) return 0;
  const i128 whole = bits >> 32;
  return whole > static_cast<i128>(UINT64_MAX) ? UINT64_MAX : static_cast<std::uint64_t>(whole);
}

// The items of the stake check (dTAO runtimes).
constexpr std::string_view kStakeItems[] = {"StakeThreshold", "TaoWeight", "TotalHotkeyAlpha", "ChildKeys",
                                            "ParentKeys"};
}  // namespace

std::uint64_t stake_weight_for_hotkey(std::uint64_t alpha, std::uint64_t tao,
                                      std::span<const StakeLink> children, std::span<const StakeLink> parents,
                                      std::uint64_t tao_weight) noexcept {
  const std::uint64_t a = inherited(alpha, children, parents, false);
  const std::uint64_t t = inherited(tao, children, parents, true);
  // I64F64: alpha + tao * (TaoWeight / u64::MAX as I96F32); whole part.
  const u128 w32 = (static_cast<u128>(tao_weight) << 32) / static_cast<u128>(UINT64_MAX);
  const u128 total = static_cast<u128>(a) + ((static_cast<u128>(t) * w32) >> 32);
  return total > UINT64_MAX ? UINT64_MAX : static_cast<std::uint64_t>(total);
}

std::string_view set_weights_issue_name(SetWeightsIssue issue) noexcept {
  switch (issue) {
#define BT_CASE(name, chain)  \
  case SetWeightsIssue::name: \
    return #name;
    BT_SET_WEIGHTS_ISSUES(BT_CASE)
#undef BT_CASE
  }
  return "unknown";
}

ChainError set_weights_issue_chain_error(SetWeightsIssue issue) noexcept {
  switch (issue) {
#define BT_CASE(name, chain)  \
  case SetWeightsIssue::name: \
    return ChainError::chain;
    BT_SET_WEIGHTS_ISSUES(BT_CASE)
#undef BT_CASE
  }
  return ChainError::SettingWeightsTooFast;
}

bool SetWeightsCheck::has(SetWeightsIssue i) const noexcept {
  return std::any_of(problems.begin(), problems.end(),
                     [i](const SetWeightsProblem& p) { return p.issue == i; });
}

bool weights_max_limited(std::span<const std::uint16_t> values, std::uint16_t max_weight_limit) noexcept {
  if (max_weight_limit == 0xffff) return true;
  // I32F32: x.bits = x << 32. a / b (positive) = floor((a.bits << 32) / b.bits).
  std::uint64_t sum = 0;
  for (auto v : values) sum += v;
  if (sum == 0) return true;
  const std::uint64_t limit_bits = (static_cast<std::uint64_t>(max_weight_limit) << 32) / 65535u;
  const std::uint16_t vmax = *std::max_element(values.begin(), values.end());
  const std::uint64_t max_bits = (static_cast<std::uint64_t>(vmax) << 32) / sum;
  return max_bits <= limit_bits;
}

Result<SetWeightsCheck> check_set_weights(client::Client& client, const metadata::Metadata& md,
                                          std::uint16_t netuid, const crypto::AccountId32& hotkey,
                                          std::span<const std::uint16_t> uids,
                                          std::span<const std::uint16_t> weights, std::uint64_t version_key) {
  BT_TRY_VOID(md.require_call(kPallet, "set_weights"));
  for (auto item : kItems) BT_TRY_VOID(md.require_storage_entry(kPallet, item));
  BT_TRY(client::Hash best, client.best_hash());
  BT_TRY(auto header, client.header(best));
  Reader r{client, best};
  SetWeightsCheck out;
  out.block = header.number;
  auto add = [&](SetWeightsIssue i, std::string msg, std::uint64_t remaining = 0) {
    out.problems.push_back({i, std::move(msg), remaining});
  };
  const Value n = Value::u(netuid);

  BT_TRY(out.commit_reveal_enabled, r.boolean("CommitRevealWeightsEnabled", {n}));
  if (out.commit_reveal_enabled)
    add(SetWeightsIssue::commit_reveal_enabled,
        "commit-reveal is enabled on subnet " + str(netuid) + ": use commit_weights / reveal_weights");
  if (netuid == 0) add(SetWeightsIssue::root_network, "weights cannot be set on the root network (netuid 0)");
  if (uids.size() != weights.size())
    add(SetWeightsIssue::length_mismatch, str(uids.size()) + " uids but " + str(weights.size()) + " weights");
  BT_TRY(bool exists, r.boolean("NetworksAdded", {n}));
  if (!exists) {
    add(SetWeightsIssue::subnet_not_found, "subnet " + str(netuid) + " does not exist");
    return out;
  }
  BT_TRY(std::uint64_t subnet_n, r.u64("SubnetworkN", {n}));
  if (uids.size() > subnet_n)
    add(SetWeightsIssue::too_many_uids, str(uids.size()) + " uids but the subnet has " + str(subnet_n));
  BT_TRY(auto uid_v, r.get("Uids", {n, Value::bytes(hotkey.to_bytes())}));
  if (uid_v) {
    BT_TRY(std::uint64_t u, uid_v->to_u64());
    out.uid = static_cast<std::uint16_t>(u);
  } else {
    add(SetWeightsIssue::not_registered, "hotkey is not registered on subnet " + str(netuid));
  }
  const bool stake_items =
      std::all_of(std::begin(kStakeItems), std::end(kStakeItems),
                  [&](std::string_view item) { return md.storage_entry(kPallet, item) != nullptr; });
  if (out.uid && stake_items) {
    const Value hk = Value::bytes(hotkey.to_bytes());
    const Value root = Value::u(0);
    BT_TRY(std::uint64_t threshold, r.u64("StakeThreshold", {}));
    BT_TRY(std::uint64_t tao_weight, r.u64("TaoWeight", {}));
    BT_TRY(std::uint64_t alpha, r.u64("TotalHotkeyAlpha", {hk, n}));
    BT_TRY(std::uint64_t tao, r.u64("TotalHotkeyAlpha", {hk, root}));
    auto links = [&](std::string_view entry, bool read_stake) -> Result<std::vector<StakeLink>> {
      BT_TRY(auto v, r.get(entry, {hk, n}));
      std::vector<StakeLink> out_links;
      if (!v) return out_links;
      for (const auto& item : v->items()) {
        if (item.items().size() != 2)
          return fail(metadata::MetadataError::type_mismatch,
                      std::string(entry) + " item is not (u64, account)");
        StakeLink l;
        BT_TRY(l.proportion, item.items()[0].to_u64());
        if (read_stake) {
          BT_TRY(Bytes who, account_bytes(item.items()[1]));
          BT_TRY(l.alpha, r.u64("TotalHotkeyAlpha", {Value::bytes(who), n}));
          BT_TRY(l.tao, r.u64("TotalHotkeyAlpha", {Value::bytes(std::move(who)), root}));
        }
        out_links.push_back(l);
      }
      return out_links;
    };
    BT_TRY(auto children, links("ChildKeys", false));
    BT_TRY(auto parents, links("ParentKeys", true));
    out.stake_threshold = threshold;
    out.stake_weight = stake_weight_for_hotkey(alpha, tao, children, parents, tao_weight);
  } else if (out.uid && md.storage_entry(kPallet, "WeightsMinStake")) {
    // Older runtimes: WeightsMinStake against the hotkey's own stake (dTAO: its alpha on the subnet).
    const Value hk = Value::bytes(hotkey.to_bytes());
    BT_TRY(std::uint64_t threshold, r.u64("WeightsMinStake", {}));
    std::optional<std::uint64_t> stake;
    if (md.storage_entry(kPallet, "TotalHotkeyAlpha")) {
      BT_TRY(stake, r.u64("TotalHotkeyAlpha", {hk, n}));
    } else if (md.storage_entry(kPallet, "TotalHotkeyStake")) {
      BT_TRY(stake, r.u64("TotalHotkeyStake", {hk}));
    }
    if (stake) {
      out.stake_threshold = threshold;
      out.stake_weight = stake;
    }
  }
  if (out.stake_weight && *out.stake_weight < *out.stake_threshold)
    add(SetWeightsIssue::not_enough_stake, "the hotkey's stake weight on subnet " + str(netuid) + " is " +
                                               str(*out.stake_weight) + " rao, below the chain's minimum " +
                                               str(*out.stake_threshold) +
                                               " (StakeThreshold / WeightsMinStake)");

  BT_TRY(std::uint64_t net_key, r.u64("WeightsVersionKey", {n}));
  if (!(net_key == 0 || version_key >= net_key))
    add(SetWeightsIssue::version_key,
        "version_key " + str(version_key) + " is below the subnet's WeightsVersionKey " + str(net_key));

  const bool self_weight = out.uid && weights.size() == 1 && !uids.empty() && uids[0] == *out.uid;
  if (out.uid && !out.commit_reveal_enabled) {
    BT_TRY(auto last_v, r.get("LastUpdate", {n}));
    std::uint64_t last = 0;
    if (last_v && *out.uid < last_v->items().size()) {
      BT_TRY(last, last_v->items()[*out.uid].to_u64());
    }
    BT_TRY(std::uint64_t limit, r.u64("WeightsSetRateLimit", {n}));
    const std::uint64_t next_block = out.block + 1;
    const std::uint64_t since = next_block >= last ? next_block - last : 0;
    if (last != 0 && since < limit)
      add(SetWeightsIssue::rate_limit,
          "weights were set at block " + str(last) + "; the rate limit is " + str(limit) +
              " blocks: " + str(limit - since) + " blocks remaining",
          limit - since);
  }
  if (out.uid && !self_weight) {
    BT_TRY(auto permits, r.get("ValidatorPermit", {n}));
    const bool permit = permits && *out.uid < permits->items().size() && permits->items()[*out.uid].as_bool();
    if (!permit)
      add(SetWeightsIssue::no_validator_permit, "uid " + str(*out.uid) + " has no validator permit");
  }
  std::set<std::uint16_t> seen;
  bool dup = false;
  for (auto u : uids) dup |= !seen.insert(u).second;
  if (dup) add(SetWeightsIssue::duplicate_uids, "the uids contain duplicates");
  std::vector<std::uint16_t> invalid;
  for (auto u : seen) {
    // Keys(netuid, uid) is a ValueQuery: a uid below SubnetworkN exists (uids are dense).
    if (u >= subnet_n) invalid.push_back(u);
  }
  if (!invalid.empty())
    add(SetWeightsIssue::invalid_uids,
        "uid " + str(invalid.front()) + " does not exist (subnet has " + str(subnet_n) + " neurons)");
  BT_TRY(std::uint64_t min_allowed, r.u64("MinAllowedWeights", {n}));
  const std::uint64_t min_len = std::min(min_allowed, subnet_n);
  if (!self_weight && weights.size() < min_len)
    add(SetWeightsIssue::too_few_weights,
        str(weights.size()) + " weights, the subnet requires at least " + str(min_len));
  BT_TRY(std::uint64_t max_limit, r.u64("MaxWeightsLimit", {n}));
  if (!self_weight && !weights_max_limited(weights, static_cast<std::uint16_t>(max_limit)))
    add(SetWeightsIssue::max_weight_exceeded,
        "the largest normalized weight exceeds MaxWeightsLimit " + str(max_limit) + "/65535");
  return out;
}

Result<WeightsParams> read_weights_params(client::Client& client, std::uint16_t netuid) {
  BT_TRY(client::Hash best, client.best_hash());
  Reader r{client, best};
  const Value n = Value::u(netuid);
  WeightsParams p;
  BT_TRY(p.num_neurons, r.u64("SubnetworkN", {n}));
  BT_TRY(p.min_allowed_weights, r.u64("MinAllowedWeights", {n}));
  BT_TRY(std::uint64_t limit, r.u64("MaxWeightsLimit", {n}));
  p.max_weight_limit = u16_normalized_float(static_cast<std::uint16_t>(limit));
  return p;
}

Result<ProcessedWeights> process_weights_for_netuid(client::Client& client, std::uint16_t netuid,
                                                    std::span<const std::int64_t> uids,
                                                    std::span<const float> weights,
                                                    std::int64_t exclude_quantile) {
  BT_TRY(WeightsParams p, read_weights_params(client, netuid));
  return process_weights(uids, weights, p.num_neurons, p.min_allowed_weights, p.max_weight_limit,
                         exclude_quantile);
}

}  // namespace bt::subtensor
