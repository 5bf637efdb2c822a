// SPDX-License-Identifier: MIT
#include <bt/init.hpp>

#include <sodium.h>

namespace bt {

bool init() noexcept {
  // sodium_init is thread-safe and idempotent: 0 = initialised now, 1 = already, -1 = failure.
  static const bool ok = sodium_init() >= 0;
  return ok;
}

}  // namespace bt
