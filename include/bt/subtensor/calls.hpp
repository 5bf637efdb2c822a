// SPDX-License-Identifier: MIT
// RuntimeCall bytes of the Bittensor operations, built by name from the runtime metadata
// (bt::metadata::encode_call), so the pallet/call indices and argument types are always those of the
// connected runtime. A runtime without the call is MetadataError::not_found naming pallet and call; a
// runtime whose call lacks a field (e.g. pre-dTAO add_stake has no netuid) or has one the builder does not
// fill is a bt.metadata error naming the field, never a wrong call.
//
// The builders are split by area: this header (weights, registration, serving, transfers, children,
// identities), calls_stake.hpp (staking) and calls_admin.hpp (Utility.batch_all, Sudo + AdminUtils).
// Amounts are u64 in the chain's smallest unit (rao for TAO; alpha in its 1e-9 unit).
//
//   auto call = bt::subtensor::set_weights_call(md, 1, emit, 0).value();
//   auto xt = bt::extrinsic::build_signed(md, call, hotkey, params);
#pragma once

#include <bt/bytes.hpp>
#include <bt/crypto/ss58.hpp>
#include <bt/metadata/metadata.hpp>
#include <bt/result.hpp>
#include <bt/scale/types.hpp>
#include <bt/subtensor/weights.hpp>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace bt::subtensor {

// SubtensorModule.set_weights { netuid, dests, weights, version_key }.
Result<Bytes> set_weights_call(const metadata::Metadata& md, std::uint16_t netuid, const EmitWeights& w,
                               std::uint64_t version_key);
// SubtensorModule.commit_weights { netuid, commit_hash }.
Result<Bytes> commit_weights_call(const metadata::Metadata& md, std::uint16_t netuid,
                                  const Hash256& commit_hash);
// SubtensorModule.reveal_weights { netuid, uids, values, salt, version_key }.
Result<Bytes> reveal_weights_call(const metadata::Metadata& md, std::uint16_t netuid, const EmitWeights& w,
                                  std::span<const std::uint16_t> salt, std::uint64_t version_key);
// SubtensorModule.add_stake { hotkey, netuid, amount_staked } (amount in rao).
Result<Bytes> add_stake_call(const metadata::Metadata& md, const crypto::AccountId32& hotkey,
                             std::uint16_t netuid, std::uint64_t amount_rao);
// SubtensorModule.remove_stake { hotkey, netuid, amount_unstaked } (alpha amount in rao units).
Result<Bytes> remove_stake_call(const metadata::Metadata& md, const crypto::AccountId32& hotkey,
                                std::uint16_t netuid, std::uint64_t amount);
// SubtensorModule.burned_register { netuid, hotkey }.
Result<Bytes> burned_register_call(const metadata::Metadata& md, std::uint16_t netuid,
                                   const crypto::AccountId32& hotkey);

struct AxonParams {
  std::uint32_t version = 0;
  scale::u128 ip = 0;  // IPv4 as a 32-bit number, or IPv6 as 128 bits
  std::uint16_t port = 0;
  std::uint8_t ip_type = 4;  // 4 or 6
  std::uint8_t protocol = 4;
  std::uint8_t placeholder1 = 0;
  std::uint8_t placeholder2 = 0;
};
// SubtensorModule.serve_axon { netuid, version, ip, port, ip_type, protocol, placeholder1, placeholder2 }.
Result<Bytes> serve_axon_call(const metadata::Metadata& md, std::uint16_t netuid, const AxonParams& axon);
// Balances.transfer_keep_alive { dest: MultiAddress::Id, value }.
Result<Bytes> transfer_keep_alive_call(const metadata::Metadata& md, const crypto::AccountId32& dest,
                                       std::uint64_t amount_rao);

// SubtensorModule.batch_reveal_weights { netuid, uids_list, values_list, salts_list, version_keys }: one
// reveal per entry; the four lists must have the same length (SubtensorError::length_mismatch).
struct WeightsReveal {
  EmitWeights weights;
  std::vector<std::uint16_t> salt;
  std::uint64_t version_key = 0;
};
Result<Bytes> batch_reveal_weights_call(const metadata::Metadata& md, std::uint16_t netuid,
                                        std::span<const WeightsReveal> reveals);

// SubtensorModule.register_network { hotkey[, mechid] }: spec 218 has `mechid` (bittensor passes 1);
// newer runtimes have only `hotkey` (then `mechid` is not sent).
Result<Bytes> register_network_call(const metadata::Metadata& md, const crypto::AccountId32& hotkey,
                                    std::uint16_t mechid = 1);
// SubtensorModule.root_register { hotkey }.
Result<Bytes> root_register_call(const metadata::Metadata& md, const crypto::AccountId32& hotkey);

struct PrometheusParams {
  std::uint32_t version = 0;
  scale::u128 ip = 0;
  std::uint16_t port = 0;
  std::uint8_t ip_type = 4;
};
// SubtensorModule.serve_prometheus { netuid, version, ip, port, ip_type }.
Result<Bytes> serve_prometheus_call(const metadata::Metadata& md, std::uint16_t netuid,
                                    const PrometheusParams& prometheus);

// Balances.transfer_allow_death { dest, value }.
Result<Bytes> transfer_allow_death_call(const metadata::Metadata& md, const crypto::AccountId32& dest,
                                        std::uint64_t amount_rao);
// Balances.transfer_all { dest, keep_alive }.
Result<Bytes> transfer_all_call(const metadata::Metadata& md, const crypto::AccountId32& dest,
                                bool keep_alive);

// One child of SubtensorModule.set_children: its share as a u64 proportion (u64::MAX = all) and hotkey.
struct Child {
  std::uint64_t proportion = 0;
  crypto::AccountId32 hotkey;
};
// SubtensorModule.set_children { hotkey, netuid, children: Vec<(u64, AccountId)> }.
Result<Bytes> set_children_call(const metadata::Metadata& md, const crypto::AccountId32& hotkey,
                                std::uint16_t netuid, std::span<const Child> children);
// The u64 proportion of a fraction in [0, 1] as bittensor computes it (int(p * u64::MAX), saturated);
// SubtensorError::non_finite_weight for NaN/inf, negative_weight for p < 0.
Result<std::uint64_t> child_proportion(double fraction);
// SubtensorModule.set_childkey_take { hotkey, netuid, take } (take as u16, 65535 = 100%).
Result<Bytes> set_childkey_take_call(const metadata::Metadata& md, const crypto::AccountId32& hotkey,
                                     std::uint16_t netuid, std::uint16_t take);

// The on-chain identity of a coldkey (SubtensorModule.set_identity). `github_repo` exists only on newer
// runtimes: it is sent when the runtime's call has the field, and a non-empty value for a runtime without
// it is MetadataError::not_found (never dropped silently). Each field is UTF-8 text.
struct ChainIdentity {
  std::string name, url, github_repo, image, discord, description, additional;
};
Result<Bytes> set_identity_call(const metadata::Metadata& md, const ChainIdentity& identity);

// A subnet's identity (SubtensorModule.set_subnet_identity). Spec 218 has subnet_name, github_repo,
// subnet_contact; newer runtimes add the others (same rule as ChainIdentity for fields a runtime lacks).
struct SubnetIdentity {
  std::string subnet_name, github_repo, subnet_contact, subnet_url, discord, description, logo_url,
      additional;
};
Result<Bytes> set_subnet_identity_call(const metadata::Metadata& md, std::uint16_t netuid,
                                       const SubnetIdentity& identity);

}  // namespace bt::subtensor
