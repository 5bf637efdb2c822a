// SPDX-License-Identifier: MIT
// The 32-byte values of the crypto module that must not be mixed up with each other or with a
// bt::Hash256. Each is a bt::TaggedBytes (include/bt/bytes.hpp): the bytes read like FixedBytes<32>,
// but one kind never converts implicitly into another.
//
//   bt::crypto::AccountId32 who = keypair.account_id();
//   bt::crypto::AccountId32 from_hash{some_hash.fixed()};      // explicit: a digest used as an account
//   auto id = bt::crypto::AccountId32::from_hex("0xd435...");  // Result<AccountId32>
//
// Public keys: ed25519::PublicKey is its own TaggedBytes (any 32 bytes, checked on use), and
// sr25519::PublicKey is its own struct (a validated ristretto255 point). Neither is an AccountId32:
// an account id is an address on chain (for ecdsa it is a hash of the key, not the key), so the step
// from a key to its account is spelled out with account_id(...) / Keypair::account_id(), while the
// key types keep the guarantees their constructors checked.
#pragma once

#include <bt/bytes.hpp>

namespace bt::crypto {

// A 32-byte Substrate account id (sp_core::crypto::AccountId32): hotkeys, coldkeys, destinations. The
// sr25519/ed25519 public key bytes, or blake2b-256 of the 33-byte compressed ecdsa public key.
struct AccountId32Tag;
using AccountId32 = TaggedBytes<AccountId32Tag, 32>;

// A 32-byte junction chain code of hierarchical derivation ("//Alice", "/0"), shared by the sr25519,
// ed25519 and ecdsa derivations and produced by secret_uri parsing.
struct ChainCodeTag;
using ChainCode = TaggedBytes<ChainCodeTag, 32>;

}  // namespace bt::crypto
