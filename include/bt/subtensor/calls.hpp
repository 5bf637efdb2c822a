// SPDX-License-Identifier: MIT
// RuntimeCall bytes of common SubtensorModule calls, built by name from the runtime metadata
// (bt::metadata::encode_call), so the pallet/call indices and argument types are always those of the
// connected runtime. A runtime whose call lacks a field (e.g. pre-dTAO add_stake has no netuid) is a
// bt.metadata error naming the field, never a wrong call.
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

}  // namespace bt::subtensor
