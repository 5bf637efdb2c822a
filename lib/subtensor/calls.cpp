// SPDX-License-Identifier: MIT
#include <bt/metadata/calls.hpp>
#include <bt/metadata/value.hpp>
#include <bt/subtensor/calls.hpp>

namespace bt::subtensor {
namespace {
using metadata::Value;

Value u16_seq(std::span<const std::uint16_t> v) {
  std::vector<Value> items;
  items.reserve(v.size());
  for (std::uint16_t x : v) items.push_back(Value::u(x));
  return Value::sequence(std::move(items));
}
Value account(const crypto::AccountId32& a) { return Value::bytes(a.to_bytes()); }
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
  return metadata::encode_call(md, "Balances", "transfer_keep_alive",
                               Value::composite({{"dest", Value::variant_unnamed("Id", {account(dest)})},
                                                 {"value", Value::u(amount_rao)}}));
}

}  // namespace bt::subtensor
