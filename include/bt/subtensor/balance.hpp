// SPDX-License-Identifier: MIT
// bt::subtensor::Balance: an amount of TAO (netuid 0) or of a subnet's alpha (netuid > 0), held exactly
// as the chain holds it: an unsigned 64-bit count of rao (1 TAO = 1e9 rao; alpha has the same 9
// decimals).
//
//   auto a = Balance::from_rao(1'500'000'000);            // τ1.500000000
//   auto b = Balance::parse_tao("0.1").value();            // exactly 100'000'000 rao, no float
//   auto c = a.checked_add(b).value();                     // overflow / unit mismatch: a SubtensorError
//   std::string s = c.to_string();                         // "τ1.600000000" (the SDK's str())
//   auto alpha = Balance::from_rao(5, 3);                  // 0.000000005 of subnet 3's alpha: "γ"
//
// Formatting follows bittensor's Balance.__str__: the unit symbol, then the amount with 9 decimals and
// thousands separators ("τ1,234.000000001"); alpha amounts are "\u200e1.000000000α\u200e" (the SDK puts the
// subnet's symbol after the number between LEFT-TO-RIGHT MARKs). Unlike the SDK, which goes through a
// float, every digit here is exact. Units: netuid 0 "τ", then the SDK's symbols for netuids 1..24
// (α β γ δ ε ζ η θ ι κ λ μ ν ξ ο π ρ σ t υ φ χ ψ ω); higher netuids use "α".
// Arithmetic is checked: results that do not fit u64, negative results and mixing units are errors,
// never wrap-around.
#pragma once

#include <bt/result.hpp>
#include <bt/subtensor/error.hpp>

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace bt::subtensor {

class Balance {
 public:
  static constexpr std::uint64_t rao_per_tao = 1'000'000'000;

  constexpr Balance() = default;
  static constexpr Balance from_rao(std::uint64_t rao, std::uint16_t netuid = 0) noexcept {
    return Balance(rao, netuid);
  }
  // Whole TAO (or alpha). SubtensorError::balance_overflow above u64 rao.
  static Result<Balance> from_tao_whole(std::uint64_t tao, std::uint16_t netuid = 0);
  // A decimal amount in TAO: "1", "0.5", "1234.000000001", "+2", " 3 " (surrounding spaces allowed),
  // at most 9 decimals. SubtensorError::invalid_amount for anything else (sign '-', exponent, more
  // than 9 decimals, empty), balance_overflow above u64 rao.
  static Result<Balance> parse_tao(std::string_view text, std::uint16_t netuid = 0);

  constexpr std::uint64_t rao() const noexcept { return rao_; }
  constexpr std::uint16_t netuid() const noexcept { return netuid_; }
  constexpr bool is_tao() const noexcept { return netuid_ == 0; }
  // The same amount labelled with another unit (the SDK's set_unit).
  constexpr Balance with_netuid(std::uint16_t netuid) const noexcept { return Balance(rao_, netuid); }
  // The amount as a double (lossy above 2^53 rao; for display and ratios only).
  double tao() const noexcept { return static_cast<double>(rao_) / static_cast<double>(rao_per_tao); }

  // "τ1,234.567890000" / "\u200e1.000000000α\u200e" (see above).
  std::string to_string() const;
  // "1234.567890000": the exact decimal amount, no symbol, no separators.
  std::string to_decimal() const;
  // "τ" / "α" ... of the unit.
  static std::string_view unit_symbol(std::uint16_t netuid) noexcept;

  // Checked arithmetic. Errors: balance_overflow (above u64 or below 0), unit_mismatch (different
  // netuids), invalid_amount (division by zero).
  Result<Balance> checked_add(const Balance& o) const;
  Result<Balance> checked_sub(const Balance& o) const;
  Result<Balance> checked_mul(std::uint64_t factor) const;
  Result<Balance> checked_div(std::uint64_t divisor) const;
  // Subtraction clamped at zero (units must match, else unit_mismatch).
  Result<Balance> saturating_sub(const Balance& o) const;

  // Equal amount and unit.
  friend constexpr bool operator==(const Balance&, const Balance&) = default;
  // Orders by unit (netuid) first, then by amount; compare amounts of one unit only.
  friend constexpr auto operator<=>(const Balance& a, const Balance& b) noexcept {
    if (auto c = a.netuid_ <=> b.netuid_; c != 0) return c;
    return a.rao_ <=> b.rao_;
  }

 private:
  constexpr Balance(std::uint64_t rao, std::uint16_t netuid) noexcept : rao_(rao), netuid_(netuid) {}
  std::uint64_t rao_ = 0;
  std::uint16_t netuid_ = 0;
};

}  // namespace bt::subtensor
