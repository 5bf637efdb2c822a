// SPDX-License-Identifier: MIT
#include <bt/secure.hpp>

#include <cstring>

namespace bt {

void secure_wipe(void* p, std::size_t n) noexcept {
  if (p == nullptr || n == 0) return;
  // explicit_bzero (glibc >= 2.25) is guaranteed not to be elided; it is what sodium_memzero uses too.
  explicit_bzero(p, n);
}

bool ct_equal(ByteView a, ByteView b) noexcept {
  if (a.size() != b.size()) return false;
  // Accumulate differences without an early exit so the time does not depend on the contents.
  volatile std::uint8_t diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff = diff | static_cast<std::uint8_t>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace bt
