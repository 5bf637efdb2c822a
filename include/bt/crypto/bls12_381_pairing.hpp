// SPDX-License-Identifier: MIT
// The optimal ate pairing on BLS12-381 and BLS signature verification (signatures in G1, keys in G2).
//
//   Gt g = bls12_381::pairing(p, q);                      // e: G1 x G2 -> GT, bilinear, non-degenerate
//   FixedBytes<576> b = g.to_arkworks_bytes();            // the bytes tle hashes (arkworks 0.4 layout)
//   bool ok = bls12_381::verify(pk, msg, sig, dst);       // e(sig, g2) == e(H(msg), pk)
//
// pairing() returns the GT element arkworks 0.4 (`Bls12_381::pairing`) and @noble/curves return:
// f_{|x|,Q}(P) (conjugated for the negative x) raised to 3 (p^12-1)/r. Their final exponentiation uses
// the chain 3 (p^4-p^2+1)/r = (x-1)^2 (x+p)(x^2+p^2-1) + 3, i.e. the cube of the textbook reduced
// pairing (found by comparing with tle's intermediates in tests/vectors/tlock). Since gcd(3, r) = 1 this
// is still a bilinear, non-degenerate pairing, and it is the value tle hashes, so we compute exactly it.
// Inputs are public points; the pairing is not constant time.
#pragma once

#include <bt/bytes.hpp>
#include <bt/crypto/bls12_381.hpp>
#include <bt/crypto/bls12_381_field.hpp>

#include <span>
#include <utility>

namespace bt::crypto::bls12_381 {

using Gt = Fp12;

// The Miller loop value f (before the final exponentiation); 1 if either point is the identity.
Fp12 miller_loop(const G1& p, const G2& q) noexcept;
// prod_i f_i for pairs (p_i, q_i), sharing the squarings.
Fp12 multi_miller_loop(std::span<const std::pair<G1, G2>> pairs) noexcept;
// f^(3 (p^12-1)/r), fast (cyclotomic chain over x).
Gt final_exponentiation(const Fp12& f) noexcept;
// The same value by plain exponentiation with (p^4-p^2+1)/r and a cube; slow, a reference for tests.
Gt final_exponentiation_reference(const Fp12& f) noexcept;

Gt pairing(const G1& p, const G2& q) noexcept;
// prod_i e(p_i, q_i) == 1, with one final exponentiation.
bool pairing_product_is_one(std::span<const std::pair<G1, G2>> pairs) noexcept;

// BLS verification, signature in G1 and public key in G2: e(sig, g2) == e(hash_to_g1(msg, dst), pk).
// False for the identity as key or signature and for points off the curve or outside the subgroup.
bool verify(const G2& public_key, ByteView msg, const G1& signature, ByteView dst);

}  // namespace bt::crypto::bls12_381
