// SPDX-License-Identifier: MIT
// Compact<T>: the SCALE compact (variable-length) encoding of an unsigned integer, as a distinct
// type so that `u64` and `Compact<u64>` can never be confused.
//
//   0..63            1 byte   (v << 2)
//   64..2^14-1       2 bytes  (v << 2 | 0b01)
//   2^14..2^30-1     4 bytes  (v << 2 | 0b10)
//   2^30..           1 + n bytes, n = 4..16 the minimal byte count, header ((n - 4) << 2 | 0b11)
//
// Decoding rejects non-canonical forms (a value that fits a shorter mode) and values that do not fit
// T with DecodeError::invalid_compact.
#pragma once

#include <bt/scale/types.hpp>

#include <cstdint>
#include <type_traits>

namespace bt::scale {

template <class T>
struct Compact {
  static_assert(std::is_unsigned_v<T> || std::is_same_v<T, u128>,
                "Compact<T> needs an unsigned integer type (u8..u128)");
  T value{};

  constexpr Compact() = default;
  constexpr Compact(T v) : value(v) {}            // NOLINT(implicit): Compact<u32> c = 5;
  constexpr operator T() const { return value; }  // NOLINT(implicit)
  friend constexpr bool operator==(const Compact&, const Compact&) = default;
};

// Number of bytes the compact encoding of v takes (1, 2, 4 or 5..17).
constexpr std::size_t compact_size(u128 v) {
  if (v < (u128{1} << 6)) return 1;
  if (v < (u128{1} << 14)) return 2;
  if (v < (u128{1} << 30)) return 4;
  std::size_t n = 0;
  while (v != 0) {
    v >>= 8;
    ++n;
  }
  return 1 + (n < 4 ? 4 : n);
}

}  // namespace bt::scale
