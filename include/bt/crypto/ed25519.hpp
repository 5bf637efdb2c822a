// SPDX-License-Identifier: MIT
// Ed25519 keys and signatures as Substrate uses them (sp_core::ed25519), backed by libsodium.
//
// A key pair is fully determined by its 32-byte seed (RFC 8032 "private key"). Signatures are plain
// RFC 8032 Ed25519 over the message bytes (no pre-hashing). Substrate derivation supports hard
// junctions only: seed' = blake2b-256(SCALE("Ed25519HDKD") ++ seed ++ chain_code); a soft junction
// is CryptoError::soft_derivation_unsupported.
//
//   auto kp = bt::crypto::ed25519::keypair_from_seed(seed);
//   auto sig = bt::crypto::ed25519::sign(kp, msg);
//   bool ok = bt::crypto::ed25519::verify(sig, msg, kp.public_key);
#pragma once

#include <bt/bytes.hpp>
#include <bt/crypto/types.hpp>
#include <bt/result.hpp>
#include <bt/secure.hpp>
#include <cstdint>
#include <span>

namespace bt::crypto::ed25519 {

// Any 32 bytes (a compressed Edwards point, checked when used); distinct from AccountId32 even though
// an ed25519 account id has the same bytes: see include/bt/crypto/types.hpp.
struct PublicKeyTag;
using PublicKey = TaggedBytes<PublicKeyTag, 32>;
using Signature = FixedBytes<64>;
using ChainCode = crypto::ChainCode;
using Seed = SecretBytes<32>;

struct Keypair {
  Seed seed;             // the secret: everything else is derived from it
  PublicKey public_key;  // compressed Edwards point
};

// Key pair from a 32-byte seed (libsodium crypto_sign_seed_keypair). Never fails; constant time.
Keypair keypair_from_seed(std::span<const std::uint8_t, 32> seed);

// Deterministic RFC 8032 signature of `message`. Constant time in the secret.
Signature sign(const Keypair& keypair, ByteView message);

// True iff `signature` is a valid signature of `message` under `public_key`. Returns false (never an
// error) for malformed or small-order keys and non-canonical signatures (libsodium's strict rules).
bool verify(const Signature& signature, ByteView message, const PublicKey& public_key);
// Same with unchecked lengths: false unless signature is 64 bytes and public_key 32 bytes.
bool verify(ByteView signature, ByteView message, ByteView public_key);

// Substrate hard derivation of a seed: blake2b-256(SCALE("Ed25519HDKD") ++ seed ++ chain_code).
Seed derive_hard_seed(std::span<const std::uint8_t, 32> seed, const ChainCode& chain_code);
// The key pair of derive_hard_seed(keypair.seed, chain_code).
Keypair derive_hard(const Keypair& keypair, const ChainCode& chain_code);
// Always CryptoError::soft_derivation_unsupported (Ed25519 has no soft derivation).
Result<Keypair> derive_soft(const Keypair& keypair, const ChainCode& chain_code);

}  // namespace bt::crypto::ed25519
