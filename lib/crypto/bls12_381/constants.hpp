// SPDX-License-Identifier: MIT
// Private: BLS12-381 constants shared by the field, curve, hash and pairing translation units.
#pragma once

#include <bt/crypto/bls12_381_field.hpp>

#include <cstdint>

namespace bt::crypto::bls12_381::detail {
#include "constants.inc"
}  // namespace bt::crypto::bls12_381::detail
