// SPDX-License-Identifier: MIT
// Staking calls (SubtensorModule), built by name from the runtime metadata like calls.hpp: a runtime
// without the call (spec 218 has add_stake, remove_stake and move_stake, but not the _limit variants,
// swap_stake, transfer_stake, unstake_all or unstake_all_alpha) is MetadataError::not_found naming it.
//
//   auto limit = bt::subtensor::stake_limit_price(price_rao, netuid, 0.005, StakeDirection::stake).value();
//   auto call = bt::subtensor::add_stake_limit_call(md, hotkey, netuid, amount_rao, limit, false).value();
//
// Amounts: TAO in rao (u64); alpha amounts in alpha's 1e-9 unit; prices in rao per alpha.
#pragma once

#include <bt/bytes.hpp>
#include <bt/crypto/types.hpp>
#include <bt/metadata/metadata.hpp>
#include <bt/result.hpp>
#include <cstdint>

namespace bt::subtensor {

// SubtensorModule.add_stake_limit { hotkey, netuid, amount_staked, limit_price, allow_partial }.
Result<Bytes> add_stake_limit_call(const metadata::Metadata& md, const crypto::AccountId32& hotkey,
                                   std::uint16_t netuid, std::uint64_t amount_rao, std::uint64_t limit_price,
                                   bool allow_partial);
// SubtensorModule.remove_stake_limit { hotkey, netuid, amount_unstaked, limit_price, allow_partial }.
Result<Bytes> remove_stake_limit_call(const metadata::Metadata& md, const crypto::AccountId32& hotkey,
                                      std::uint16_t netuid, std::uint64_t amount, std::uint64_t limit_price,
                                      bool allow_partial);
// SubtensorModule.move_stake { origin_hotkey, destination_hotkey, origin_netuid, destination_netuid,
// alpha_amount }.
Result<Bytes> move_stake_call(const metadata::Metadata& md, const crypto::AccountId32& origin_hotkey,
                              const crypto::AccountId32& destination_hotkey, std::uint16_t origin_netuid,
                              std::uint16_t destination_netuid, std::uint64_t alpha_amount);
// SubtensorModule.swap_stake { hotkey, origin_netuid, destination_netuid, alpha_amount }.
Result<Bytes> swap_stake_call(const metadata::Metadata& md, const crypto::AccountId32& hotkey,
                              std::uint16_t origin_netuid, std::uint16_t destination_netuid,
                              std::uint64_t alpha_amount);
// SubtensorModule.swap_stake_limit { hotkey, origin_netuid, destination_netuid, alpha_amount, limit_price,
// allow_partial }.
Result<Bytes> swap_stake_limit_call(const metadata::Metadata& md, const crypto::AccountId32& hotkey,
                                    std::uint16_t origin_netuid, std::uint16_t destination_netuid,
                                    std::uint64_t alpha_amount, std::uint64_t limit_price,
                                    bool allow_partial);
// SubtensorModule.transfer_stake { destination_coldkey, hotkey, origin_netuid, destination_netuid,
// alpha_amount }.
Result<Bytes> transfer_stake_call(const metadata::Metadata& md,
                                  const crypto::AccountId32& destination_coldkey,
                                  const crypto::AccountId32& hotkey, std::uint16_t origin_netuid,
                                  std::uint16_t destination_netuid, std::uint64_t alpha_amount);
// SubtensorModule.unstake_all { hotkey } / unstake_all_alpha { hotkey }.
Result<Bytes> unstake_all_call(const metadata::Metadata& md, const crypto::AccountId32& hotkey);
Result<Bytes> unstake_all_alpha_call(const metadata::Metadata& md, const crypto::AccountId32& hotkey);

enum class StakeDirection { stake, unstake };
// The limit price of add_stake_limit / remove_stake_limit from the subnet's current price and a rate
// tolerance, exactly as the bittensor SDK computes it: price_tao = price_rao / 1e9 (a double); on netuid 0
// the price itself, otherwise price_tao * (1 + tolerance) when staking, * (1 - tolerance) when unstaking;
// then Balance.from_tao: int(x * 1e9) (truncation). Errors: SubtensorError::non_finite_weight for a NaN or
// infinite tolerance, fraction_out_of_range for a tolerance outside [0, 1] or a result beyond u64.
Result<std::uint64_t> stake_limit_price(std::uint64_t price_rao, std::uint16_t netuid, double rate_tolerance,
                                        StakeDirection direction);

// The limit of swap_stake_limit: the ratio of the two subnets' prices (origin / destination, as the SDK
// computes it) raised by the tolerance, in the chain's 1e-9 price unit: int(o / d * (1 + tolerance) * 1e9).
// Errors as stake_limit_price; invalid_argument for a destination price of 0.
Result<std::uint64_t> swap_limit_price(std::uint64_t origin_price_rao, std::uint64_t destination_price_rao,
                                       double rate_tolerance);

}  // namespace bt::subtensor
