// SPDX-License-Identifier: MIT
#include <bt/subtensor/calls_stake.hpp>
#include <bt/subtensor/error.hpp>

#include <cmath>

#include "call_args.hpp"

namespace bt::subtensor {
namespace {
using detail::account;
using metadata::Value;
constexpr std::string_view kPallet = "SubtensorModule";
}  // namespace

Result<Bytes> add_stake_limit_call(const metadata::Metadata& md, const crypto::AccountId32& hotkey,
                                   std::uint16_t netuid, std::uint64_t amount_rao, std::uint64_t limit_price,
                                   bool allow_partial) {
  return detail::encode(md, kPallet, "add_stake_limit",
                        {{"hotkey", account(hotkey)},
                         {"netuid", Value::u(netuid)},
                         {"amount_staked", Value::u(amount_rao)},
                         {"limit_price", Value::u(limit_price)},
                         {"allow_partial", Value::boolean(allow_partial)}});
}

Result<Bytes> remove_stake_limit_call(const metadata::Metadata& md, const crypto::AccountId32& hotkey,
                                      std::uint16_t netuid, std::uint64_t amount, std::uint64_t limit_price,
                                      bool allow_partial) {
  return detail::encode(md, kPallet, "remove_stake_limit",
                        {{"hotkey", account(hotkey)},
                         {"netuid", Value::u(netuid)},
                         {"amount_unstaked", Value::u(amount)},
                         {"limit_price", Value::u(limit_price)},
                         {"allow_partial", Value::boolean(allow_partial)}});
}

Result<Bytes> move_stake_call(const metadata::Metadata& md, const crypto::AccountId32& origin_hotkey,
                              const crypto::AccountId32& destination_hotkey, std::uint16_t origin_netuid,
                              std::uint16_t destination_netuid, std::uint64_t alpha_amount) {
  return detail::encode(md, kPallet, "move_stake",
                        {{"origin_hotkey", account(origin_hotkey)},
                         {"destination_hotkey", account(destination_hotkey)},
                         {"origin_netuid", Value::u(origin_netuid)},
                         {"destination_netuid", Value::u(destination_netuid)},
                         {"alpha_amount", Value::u(alpha_amount)}});
}

Result<Bytes> swap_stake_call(const metadata::Metadata& md, const crypto::AccountId32& hotkey,
                              std::uint16_t origin_netuid, std::uint16_t destination_netuid,
                              std::uint64_t alpha_amount) {
  return detail::encode(md, kPallet, "swap_stake",
                        {{"hotkey", account(hotkey)},
                         {"origin_netuid", Value::u(origin_netuid)},
                         {"destination_netuid", Value::u(destination_netuid)},
                         {"alpha_amount", Value::u(alpha_amount)}});
}

Result<Bytes> transfer_stake_call(const metadata::Metadata& md,
                                  const crypto::AccountId32& destination_coldkey,
                                  const crypto::AccountId32& hotkey, std::uint16_t origin_netuid,
                                  std::uint16_t destination_netuid, std::uint64_t alpha_amount) {
  return detail::encode(md, kPallet, "transfer_stake",
                        {{"destination_coldkey", account(destination_coldkey)},
                         {"hotkey", account(hotkey)},
                         {"origin_netuid", Value::u(origin_netuid)},
                         {"destination_netuid", Value::u(destination_netuid)},
                         {"alpha_amount", Value::u(alpha_amount)}});
}

Result<Bytes> swap_stake_limit_call(const metadata::Metadata& md, const crypto::AccountId32& hotkey,
                                    std::uint16_t origin_netuid, std::uint16_t destination_netuid,
                                    std::uint64_t alpha_amount, std::uint64_t limit_price,
                                    bool allow_partial) {
  return detail::encode(md, kPallet, "swap_stake_limit",
                        {{"hotkey", account(hotkey)},
                         {"origin_netuid", Value::u(origin_netuid)},
                         {"destination_netuid", Value::u(destination_netuid)},
                         {"alpha_amount", Value::u(alpha_amount)},
                         {"limit_price", Value::u(limit_price)},
                         {"allow_partial", Value::boolean(allow_partial)}});
}

Result<std::uint64_t> swap_limit_price(std::uint64_t origin_price_rao, std::uint64_t destination_price_rao,
                                       double rate_tolerance) {
  if (!std::isfinite(rate_tolerance)) return fail(SubtensorError::non_finite_weight, "rate tolerance");
  if (rate_tolerance < 0 || rate_tolerance > 1)
    return fail(SubtensorError::fraction_out_of_range, "rate tolerance must be in [0, 1]");
  if (destination_price_rao == 0)
    return fail(SubtensorError::invalid_argument, "destination subnet has no price");
  const double rao = static_cast<double>(origin_price_rao) / static_cast<double>(destination_price_rao) *
                     (1 + rate_tolerance) * 1e9;
  if (!(rao < 18446744073709551616.0))
    return fail(SubtensorError::fraction_out_of_range, "limit price does not fit u64");
  return static_cast<std::uint64_t>(rao);
}

Result<Bytes> unstake_all_call(const metadata::Metadata& md, const crypto::AccountId32& hotkey) {
  return detail::encode(md, kPallet, "unstake_all", {{"hotkey", account(hotkey)}});
}

Result<Bytes> unstake_all_alpha_call(const metadata::Metadata& md, const crypto::AccountId32& hotkey) {
  return detail::encode(md, kPallet, "unstake_all_alpha", {{"hotkey", account(hotkey)}});
}

Result<std::uint64_t> stake_limit_price(std::uint64_t price_rao, std::uint16_t netuid, double rate_tolerance,
                                        StakeDirection direction) {
  if (!std::isfinite(rate_tolerance)) return fail(SubtensorError::non_finite_weight, "rate tolerance");
  if (rate_tolerance < 0 || rate_tolerance > 1)
    return fail(SubtensorError::fraction_out_of_range, "rate tolerance must be in [0, 1]");
  const double price_tao = static_cast<double>(price_rao) / 1e9;
  double x = price_tao;
  if (netuid != 0)
    x = direction == StakeDirection::stake ? price_tao * (1 + rate_tolerance)
                                           : price_tao * (1 - rate_tolerance);
  const double rao = x * 1e9;
  if (!(rao < 18446744073709551616.0))
    return fail(SubtensorError::fraction_out_of_range, "limit price does not fit u64");
  return static_cast<std::uint64_t>(rao);  // int(): truncation toward zero
}

}  // namespace bt::subtensor
