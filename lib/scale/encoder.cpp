// SPDX-License-Identifier: MIT
#include <bt/scale/encoder.hpp>

namespace bt::scale {

void Encoder::put_compact(u128 v) {
  if (v < (u128{1} << 6)) {
    put_u8(static_cast<std::uint8_t>(v << 2));
  } else if (v < (u128{1} << 14)) {
    put_le<std::uint16_t>(static_cast<std::uint16_t>((v << 2) | 1));
  } else if (v < (u128{1} << 30)) {
    put_le<std::uint32_t>(static_cast<std::uint32_t>((v << 2) | 2));
  } else {
    std::uint8_t tmp[17];
    std::size_t n = 0;
    for (u128 x = v; x != 0; x >>= 8) tmp[1 + n++] = static_cast<std::uint8_t>(x);
    while (n < 4) tmp[1 + n++] = 0;  // unreachable for v >= 2^30, kept for clarity
    tmp[0] = static_cast<std::uint8_t>(((n - 4) << 2) | 3);
    put_raw(tmp, 1 + n);
  }
}

}  // namespace bt::scale
