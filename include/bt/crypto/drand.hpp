// SPDX-License-Identifier: MIT
// drand beacons in the quicknet scheme "bls-unchained-g1-rfc9380": signature sig = sk * H(m) in G1,
// public key in G2, m = SHA-256(round as 8 big-endian bytes), H = RFC 9380 hash_to_curve G1 with
// DST "BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_", randomness = SHA-256(compressed signature).
// This is the check subtensor's pallet_drand (QuicknetVerifier) runs on every pulse.
//
//   auto ok = bt::crypto::drand::verify_beacon(drand::quicknet_public_key(), 1000, sig_bytes);
//   // Result<bool>: an error for undecodable bytes, false for a well-formed signature that does not verify
#pragma once

#include <bt/bytes.hpp>
#include <bt/crypto/bls12_381.hpp>
#include <bt/result.hpp>

#include <cstdint>

namespace bt::crypto::drand {

// drand quicknet: genesis time 1692803367, period 3 s, chain hash 52db9ba7...c84e971.
inline constexpr std::uint64_t kQuicknetGenesisTime = 1692803367;
inline constexpr std::uint64_t kQuicknetPeriodSeconds = 3;
// The quicknet public key (G2, 96 bytes compressed).
const FixedBytes<96>& quicknet_public_key() noexcept;
const Hash256& quicknet_chain_hash() noexcept;

// SHA-256 of the round as 8 big-endian bytes: the message that is signed (and tle's identity).
Hash256 round_message(std::uint64_t round) noexcept;
// The beacon randomness: SHA-256 of the 48-byte compressed signature.
Hash256 randomness(ByteView signature) noexcept;

// Verifies a beacon. Errors (Bls12381Error) if the key or the signature does not decode (length, flags,
// curve, subgroup) or is the identity; otherwise true iff the pairing check holds.
Result<bool> verify_beacon(ByteView public_key, std::uint64_t round, ByteView signature);
bool verify_beacon(const bls12_381::G2& public_key, std::uint64_t round, const bls12_381::G1& signature);

}  // namespace bt::crypto::drand
