// SPDX-License-Identifier: MIT
// BitVec<Store, Order>: a bit sequence with the SCALE encoding of Rust's bitvec::BitVec<Store, Order>:
// Compact<u32> number of bits, then ceil(bits / (8*sizeof(Store))) Store words, each little-endian.
// Within a word, bit i is the i-th least significant bit (Lsb0) or the i-th most significant (Msb0).
// Unused bits of the last word are written as 0 and ignored when decoding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <vector>

namespace bt::scale {

enum class BitOrder { Lsb0, Msb0 };

template <class Store = std::uint8_t, BitOrder Order = BitOrder::Lsb0>
struct BitVec {
  static_assert(std::is_same_v<Store, std::uint8_t> || std::is_same_v<Store, std::uint16_t> ||
                    std::is_same_v<Store, std::uint32_t> || std::is_same_v<Store, std::uint64_t>,
                "BitVec store must be u8, u16, u32 or u64");
  using store_type = Store;
  static constexpr BitOrder order = Order;
  std::vector<bool> bits;

  BitVec() = default;
  explicit BitVec(std::vector<bool> b) : bits(std::move(b)) {}
  std::size_t size() const noexcept { return bits.size(); }
  friend bool operator==(const BitVec&, const BitVec&) = default;
};

}  // namespace bt::scale
