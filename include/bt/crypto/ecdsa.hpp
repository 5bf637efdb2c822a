// SPDX-License-Identifier: MIT
// ECDSA over secp256k1 as Substrate uses it (sp_core::ecdsa), backed by libsecp256k1.
//
// - The secret key is the 32-byte seed itself (a scalar in [1, n-1]; anything else is
//   CryptoError::invalid_secret_key).
// - Public keys are 33-byte compressed points; the account id is blake2b-256(compressed public key).
// - sign() hashes the message with blake2b-256 and produces a 65-byte recoverable signature
//   r(32) ++ s(32) ++ v(1), v = recovery id 0..3, RFC 6979 nonce, low-s. Signatures are deterministic,
//   so the same key and message give byte-identical signatures in Substrate and polkadot-js.
// - verify() recovers the public key from the signature and compares (as sp_core::ecdsa::Pair::verify).
// - Hard derivation: seed' = blake2b-256(SCALE("Secp256k1HDKD") ++ seed ++ chain_code); soft junctions
//   are CryptoError::soft_derivation_unsupported.
#pragma once

#include <bt/bytes.hpp>
#include <bt/crypto/types.hpp>
#include <bt/result.hpp>
#include <bt/secure.hpp>
#include <cstdint>
#include <span>

namespace bt::crypto::ecdsa {

using PublicKey = FixedBytes<33>;
using Signature = FixedBytes<65>;
using ChainCode = crypto::ChainCode;
using MessageHash = Hash256;  // a 32-byte digest (blake2b-256 for Substrate, keccak-256 for Ethereum)

struct Keypair {
  SecretBytes<32> secret;  // the secret scalar (big-endian), equal to the seed
  PublicKey public_key;    // compressed
};

// Key pair from a 32-byte seed. CryptoError::invalid_secret_key if the seed is zero or >= the group
// order (probability ~2^-128 for random seeds).
Result<Keypair> keypair_from_seed(std::span<const std::uint8_t, 32> seed);

// Parses a compressed (33-byte) or uncompressed (65-byte) public key and returns it compressed;
// CryptoError::invalid_public_key when not a curve point.
Result<PublicKey> public_key_from_bytes(ByteView bytes);

// blake2b-256(compressed public key): the 32-byte AccountId Substrate uses for ecdsa signers.
AccountId32 account_id(const PublicKey& public_key);

// Signs blake2b-256(message). Constant time in the secret.
Signature sign(const Keypair& keypair, ByteView message);
// Signs a 32-byte prehash directly.
Signature sign_prehashed(const Keypair& keypair, const MessageHash& hash);

// Recovers the signer's compressed public key. CryptoError::invalid_signature when v > 3, r or s is
// out of range, or no key recovers.
Result<PublicKey> recover(const Signature& signature, ByteView message);
Result<PublicKey> recover_prehashed(const Signature& signature, const MessageHash& hash);

// True iff recover(signature, message) == public_key. Never an error.
bool verify(const Signature& signature, ByteView message, const PublicKey& public_key);
// Same with unchecked lengths (false unless 65-byte signature and 33-byte key).
bool verify(ByteView signature, ByteView message, ByteView public_key);

// Substrate hard derivation seed: blake2b-256(SCALE("Secp256k1HDKD") ++ seed ++ chain_code).
SecretBytes<32> derive_hard_seed(std::span<const std::uint8_t, 32> seed, const ChainCode& chain_code);
Result<Keypair> derive_hard(const Keypair& keypair, const ChainCode& chain_code);
// Always CryptoError::soft_derivation_unsupported.
Result<Keypair> derive_soft(const Keypair& keypair, const ChainCode& chain_code);

}  // namespace bt::crypto::ecdsa
