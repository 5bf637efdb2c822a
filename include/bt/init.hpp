// SPDX-License-Identifier: MIT
// One-time library initialisation.
//
// bt::init() initialises libsodium (thread-safe, idempotent). Every function that needs it calls it
// itself, so users never have to; calling it early just moves the (tiny) cost to start-up.
#pragma once

namespace bt {

// Returns false only if the crypto backend cannot initialise (no usable randomness source).
bool init() noexcept;

}  // namespace bt
