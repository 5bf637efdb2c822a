// SPDX-License-Identifier: MIT
// 128-bit integers, shared by every module that needs them (fixed-point, SCALE, metadata values):
//
//   bt::u128 / bt::i128       the compiler's unsigned __int128 / __int128 (GCC, Clang)
//   bt::UnsignedOf<Int>::type the unsigned type of Int's width (also for u128/i128, which
//                             std::make_unsigned does not know in strict -std=c++20 mode)
//   bt::is_signed_int_v<Int>  std::is_signed_v that also knows i128
//   bt::int_max<Int>() / bt::int_min<Int>()   limits (also for u128/i128)
//   bt::to_string(u128 / i128), bt::parse_u128 / bt::parse_i128   decimal text
//
// bt::scale and bt::fixed re-export the types (bt::scale::u128 is bt::u128).
#pragma once

#include <bt/result.hpp>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>

namespace bt {

__extension__ typedef unsigned __int128 u128;
__extension__ typedef __int128 i128;

template <class Int>
struct UnsignedOf {
  using type = std::make_unsigned_t<Int>;
};
template <>
struct UnsignedOf<i128> {
  using type = u128;
};
template <>
struct UnsignedOf<u128> {
  using type = u128;
};

template <class Int>
inline constexpr bool is_signed_int_v = std::is_signed_v<Int>;
template <>
inline constexpr bool is_signed_int_v<i128> = true;
template <>
inline constexpr bool is_signed_int_v<u128> = false;

template <class Int>
constexpr Int int_max() noexcept {
  if constexpr (std::is_same_v<Int, i128>) {
    return static_cast<i128>(~u128{0} >> 1);
  } else if constexpr (std::is_same_v<Int, u128>) {
    return ~u128{0};
  } else {
    return std::numeric_limits<Int>::max();
  }
}
template <class Int>
constexpr Int int_min() noexcept {
  if constexpr (std::is_same_v<Int, i128>) {
    return -int_max<i128>() - 1;
  } else if constexpr (std::is_same_v<Int, u128>) {
    return 0;
  } else {
    return std::numeric_limits<Int>::min();
  }
}

// Decimal text of a value ("0", "340282366920938463463374607431768211455", "-5").
std::string to_string(u128 v);
std::string to_string(i128 v);

// Parses a decimal integer: digits only, with one leading '-' for i128 (no '+', no spaces, not empty).
// Out of range or malformed text is CoreError::invalid_argument.
Result<u128> parse_u128(std::string_view s);
Result<i128> parse_i128(std::string_view s);

}  // namespace bt
