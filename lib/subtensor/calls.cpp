// SPDX-License-Identifier: MIT
#include <bt/metadata/calls.hpp>
#include <bt/metadata/value.hpp>
#include <bt/subtensor/calls.hpp>

#include <cmath>

#include "call_args.hpp"

namespace bt::subtensor {
namespace {
using detail::account;
using detail::u16_seq;
using metadata::Value;
}  // namespace

Result<Bytes> set_weights_call(const metadata::Metadata& md, std::uint16_t netuid, const EmitWeights& w,
                               std::uint64_t version_key) {
  return metadata::encode_call(md, "SubtensorModule", "set_weights",
                               Value::composite({{"netuid", Value::u(netuid)},
                                                 {"dests", u16_seq(w.uids)},
                                                 {"weights", u16_seq(w.weights)},
                                                 {"version_key", Value::u(version_key)}}));
}

Result<Bytes> commit_weights_call(const metadata::Metadata& md, std::uint16_t netuid,
                                  const Hash256& commit_hash) {
  return metadata::encode_call(md, "SubtensorModule", "commit_weights",
                               Value::composite({{"netuid", Value::u(netuid)},
                                                 {"commit_hash", Value::bytes(commit_hash.to_bytes())}}));
}

Result<Bytes> reveal_weights_call(const metadata::Metadata& md, std::uint16_t netuid, const EmitWeights& w,
                                  std::span<const std::uint16_t> salt, std::uint64_t version_key) {
  return metadata::encode_call(md, "SubtensorModule", "reveal_weights",
                               Value::composite({{"netuid", Value::u(netuid)},
                                                 {"uids", u16_seq(w.uids)},
                                                 {"values", u16_seq(w.weights)},
                                                 {"salt", u16_seq(salt)},
                                                 {"version_key", Value::u(version_key)}}));
}

Result<Bytes> add_stake_call(const metadata::Metadata& md, const crypto::AccountId32& hotkey,
                             std::uint16_t netuid, std::uint64_t amount_rao) {
  return metadata::encode_call(md, "SubtensorModule", "add_stake",
                               Value::composite({{"hotkey", account(hotkey)},
                                                 {"netuid", Value::u(netuid)},
                                                 {"amount_staked", Value::u(amount_rao)}}));
}

Result<Bytes> remove_stake_call(const metadata::Metadata& md, const crypto::AccountId32& hotkey,
                                std::uint16_t netuid, std::uint64_t amount) {
  return metadata::encode_call(md, "SubtensorModule", "remove_stake",
                               Value::composite({{"hotkey", account(hotkey)},
                                                 {"netuid", Value::u(netuid)},
                                                 {"amount_unstaked", Value::u(amount)}}));
}

Result<Bytes> burned_register_call(const metadata::Metadata& md, std::uint16_t netuid,
                                   const crypto::AccountId32& hotkey) {
  return metadata::encode_call(md, "SubtensorModule", "burned_register",
                               Value::composite({{"netuid", Value::u(netuid)}, {"hotkey", account(hotkey)}}));
}

Result<Bytes> serve_axon_call(const metadata::Metadata& md, std::uint16_t netuid, const AxonParams& a) {
  return metadata::encode_call(md, "SubtensorModule", "serve_axon",
                               Value::composite({{"netuid", Value::u(netuid)},
                                                 {"version", Value::u(a.version)},
                                                 {"ip", Value::u(a.ip)},
                                                 {"port", Value::u(a.port)},
                                                 {"ip_type", Value::u(a.ip_type)},
                                                 {"protocol", Value::u(a.protocol)},
                                                 {"placeholder1", Value::u(a.placeholder1)},
                                                 {"placeholder2", Value::u(a.placeholder2)}}));
}

Result<Bytes> transfer_keep_alive_call(const metadata::Metadata& md, const crypto::AccountId32& dest,
                                       std::uint64_t amount_rao) {
  return detail::encode(md, "Balances", "transfer_keep_alive",
                        {{"dest", detail::multi_address(dest)}, {"value", Value::u(amount_rao)}});
}

Result<Bytes> transfer_allow_death_call(const metadata::Metadata& md, const crypto::AccountId32& dest,
                                        std::uint64_t amount_rao) {
  return detail::encode(md, "Balances", "transfer_allow_death",
                        {{"dest", detail::multi_address(dest)}, {"value", Value::u(amount_rao)}});
}

Result<Bytes> transfer_all_call(const metadata::Metadata& md, const crypto::AccountId32& dest,
                                bool keep_alive) {
  return detail::encode(md, "Balances", "transfer_all",
                        {{"dest", detail::multi_address(dest)}, {"keep_alive", Value::boolean(keep_alive)}});
}

Result<Bytes> batch_reveal_weights_call(const metadata::Metadata& md, std::uint16_t netuid,
                                        std::span<const WeightsReveal> reveals) {
  std::vector<Value> uids, values, salts, keys;
  for (const auto& r : reveals) {
    if (r.weights.uids.size() != r.weights.weights.size())
      return fail(SubtensorError::length_mismatch, "batch_reveal_weights: uids and values of one reveal");
    uids.push_back(u16_seq(r.weights.uids));
    values.push_back(u16_seq(r.weights.weights));
    salts.push_back(u16_seq(r.salt));
    keys.push_back(Value::u(r.version_key));
  }
  return detail::encode(md, "SubtensorModule", "batch_reveal_weights",
                        {{"netuid", Value::u(netuid)},
                         {"uids_list", Value::sequence(std::move(uids))},
                         {"values_list", Value::sequence(std::move(values))},
                         {"salts_list", Value::sequence(std::move(salts))},
                         {"version_keys", Value::sequence(std::move(keys))}});
}

Result<Bytes> register_network_call(const metadata::Metadata& md, const crypto::AccountId32& hotkey,
                                    std::uint16_t mechid) {
  Value::NamedFields f{{"hotkey", account(hotkey)}};
  if (detail::call_has_field(md, "SubtensorModule", "register_network", "mechid"))
    f.emplace_back("mechid", Value::u(mechid));
  return detail::encode(md, "SubtensorModule", "register_network", std::move(f));
}

Result<Bytes> root_register_call(const metadata::Metadata& md, const crypto::AccountId32& hotkey) {
  return detail::encode(md, "SubtensorModule", "root_register", {{"hotkey", account(hotkey)}});
}

Result<Bytes> serve_prometheus_call(const metadata::Metadata& md, std::uint16_t netuid,
                                    const PrometheusParams& p) {
  return detail::encode(md, "SubtensorModule", "serve_prometheus",
                        {{"netuid", Value::u(netuid)},
                         {"version", Value::u(p.version)},
                         {"ip", Value::u(p.ip)},
                         {"port", Value::u(p.port)},
                         {"ip_type", Value::u(p.ip_type)}});
}

Result<Bytes> set_children_call(const metadata::Metadata& md, const crypto::AccountId32& hotkey,
                                std::uint16_t netuid, std::span<const Child> children) {
  std::vector<Value> items;
  items.reserve(children.size());
  for (const auto& c : children) items.push_back(Value::tuple({Value::u(c.proportion), account(c.hotkey)}));
  return detail::encode(md, "SubtensorModule", "set_children",
                        {{"hotkey", account(hotkey)},
                         {"netuid", Value::u(netuid)},
                         {"children", Value::sequence(std::move(items))}});
}

Result<std::uint64_t> child_proportion(double fraction) {
  if (!std::isfinite(fraction)) return fail(SubtensorError::non_finite_weight, "child proportion");
  if (fraction < 0) return fail(SubtensorError::negative_weight, "child proportion");
  if (fraction > 1) return fail(SubtensorError::fraction_out_of_range, "child proportion above 1");
  // bittensor: int(p * (2**64 - 1)); the product is a double, 2**64 - 1 rounds to 2**64, so p = 1 gives
  // 2**64, which the chain's u64 cannot hold: saturate there.
  const double x = fraction * 18446744073709551616.0;
  if (x >= 18446744073709551616.0) return std::uint64_t{UINT64_MAX};
  return static_cast<std::uint64_t>(x);
}

Result<Bytes> set_childkey_take_call(const metadata::Metadata& md, const crypto::AccountId32& hotkey,
                                     std::uint16_t netuid, std::uint16_t take) {
  return detail::encode(
      md, "SubtensorModule", "set_childkey_take",
      {{"hotkey", account(hotkey)}, {"netuid", Value::u(netuid)}, {"take", Value::u(take)}});
}

Result<Bytes> set_identity_call(const metadata::Metadata& md, const ChainIdentity& id) {
  constexpr std::string_view p = "SubtensorModule", c = "set_identity";
  BT_TRY_VOID(md.require_call(p, c));
  Value::NamedFields f;
  const std::pair<std::string_view, const std::string*> fields[] = {{"name", &id.name},
                                                                    {"url", &id.url},
                                                                    {"github_repo", &id.github_repo},
                                                                    {"image", &id.image},
                                                                    {"discord", &id.discord},
                                                                    {"description", &id.description},
                                                                    {"additional", &id.additional}};
  for (const auto& [name, value] : fields) BT_TRY_VOID(detail::add_optional_text(md, p, c, name, *value, f));
  return detail::encode(md, p, c, std::move(f));
}

Result<Bytes> set_subnet_identity_call(const metadata::Metadata& md, std::uint16_t netuid,
                                       const SubnetIdentity& id) {
  constexpr std::string_view p = "SubtensorModule", c = "set_subnet_identity";
  BT_TRY_VOID(md.require_call(p, c));
  Value::NamedFields f{{"netuid", Value::u(netuid)}};
  const std::pair<std::string_view, const std::string*> fields[] = {{"subnet_name", &id.subnet_name},
                                                                    {"github_repo", &id.github_repo},
                                                                    {"subnet_contact", &id.subnet_contact},
                                                                    {"subnet_url", &id.subnet_url},
                                                                    {"discord", &id.discord},
                                                                    {"description", &id.description},
                                                                    {"logo_url", &id.logo_url},
                                                                    {"additional", &id.additional}};
  for (const auto& [name, value] : fields) BT_TRY_VOID(detail::add_optional_text(md, p, c, name, *value, f));
  return detail::encode(md, p, c, std::move(f));
}

}  // namespace bt::subtensor
