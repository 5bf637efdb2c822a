// SPDX-License-Identifier: MIT
// Integer types of SCALE beyond 64 bits.
//
//   bt::scale::u128 / i128   native 128-bit integers (bt::u128 / bt::i128 of bt/int128.hpp)
//   bt::scale::U256 / I256   256-bit values kept as 32 little-endian bytes (the SCALE byte order);
//                            convert to and from decimal strings with to_string / parse_*.
//
// Decimal conversion of u128/i128 (bt::to_string, bt::parse_u128, ...) is re-exported here too.
#pragma once

#include <bt/int128.hpp>
#include <bt/result.hpp>

#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

namespace bt::scale {

using bt::i128;
using bt::u128;
using bt::UnsignedOf;  // the unsigned type of the same width as Int (also for u128/i128)

// Unsigned 256-bit integer, little-endian bytes.
struct U256 {
  std::array<std::uint8_t, 32> le{};
  friend bool operator==(const U256&, const U256&) = default;
};
// Signed (two's complement) 256-bit integer, little-endian bytes.
struct I256 {
  std::array<std::uint8_t, 32> le{};
  friend bool operator==(const I256&, const I256&) = default;
};

// Decimal text of a value ("0", "340282366920938463463374607431768211455", "-5").
using bt::to_string;  // u128, i128
std::string to_string(const U256& v);
std::string to_string(const I256& v);

// Parses an unsigned/signed decimal integer (optional leading '-' for signed types; no '+', no
// spaces). Out of range or malformed text is CoreError::invalid_argument.
using bt::parse_i128;
using bt::parse_u128;
Result<U256> parse_u256(std::string_view s);
Result<I256> parse_i256(std::string_view s);

// U256 from a u128 (upper half zero).
U256 u256_from(u128 v);

}  // namespace bt::scale
