// SPDX-License-Identifier: MIT
// RFC 9380 hashing to BLS12-381 G1: suite BLS12381G1_XMD:SHA-256_SSWU_RO_.
//
//   G1 h = bls12_381::hash_to_g1(msg, bt::as_bytes("BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_")).value();
//
// hash_to_g1 = clear_cofactor(map_to_curve(u0) + map_to_curve(u1)) with (u0, u1) = hash_to_field(msg, 2),
// map_to_curve = simplified SWU on the 11-isogenous curve E' followed by the 11-isogeny to E, and
// clear_cofactor = multiplication by h_eff = 0xd201000000010001 (RFC 9380 section 8.8.1). All inputs are
// public, so these functions are not constant time.
#pragma once

#include <bt/bytes.hpp>
#include <bt/crypto/bls12_381.hpp>
#include <bt/result.hpp>

#include <cstddef>
#include <utility>

namespace bt::crypto::bls12_381 {

// The DST drand quicknet (bls-unchained-g1-rfc9380) signs with.
inline constexpr std::string_view kDrandQuicknetDst = "BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_";

// RFC 9380 section 5.3.1 with SHA-256. A DST longer than 255 bytes is replaced by
// SHA-256("H2C-OVERSIZE-DST-" || DST) as section 5.3.3 says. Errors: Bls12381Error::invalid_argument if
// len_in_bytes is 0, above 8160 (255 blocks) or above 65535.
Result<Bytes> expand_message_xmd_sha256(ByteView msg, ByteView dst, std::size_t len_in_bytes);

// RFC 9380 hash_to_field for Fp with L = 64 and count = 2.
Result<std::pair<Fp, Fp>> hash_to_field_fp2x(ByteView msg, ByteView dst);

// Simplified SWU to E' and the 11-isogeny to E; the result is on E but not cleared of the cofactor.
G1 map_to_curve_g1(const Fp& u) noexcept;

// Multiplication by h_eff = 1 - x = 0xd201000000010001.
G1 clear_cofactor_g1(const G1& p) noexcept;

// The full random-oracle hash_to_curve. Errors only for an unusable DST (see expand_message_xmd_sha256).
Result<G1> hash_to_g1(ByteView msg, ByteView dst);

}  // namespace bt::crypto::bls12_381
