// SPDX-License-Identifier: MIT
// bt::crypto::Keypair: one key pair of any Substrate scheme (sr25519, ed25519, ecdsa) behind one API,
// created the ways Substrate tools create keys (secret URI, mnemonic, seed) and producing
// sp_runtime MultiSignature / MultiSigner values.
//
//   auto alice = bt::crypto::Keypair::from_uri("//Alice").value();            // sr25519
//   alice.ss58_address();                  // "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"
//   bt::crypto::MultiSignature sig = alice.sign(payload);
//   bool ok = bt::crypto::verify(sig, payload, alice.multi_signer());
//
// Semantics follow sp_core's `Pair::from_string_with_seed` and `Pair::from_phrase`: the phrase's
// 32-byte mini secret (see bip39.hpp) is the seed of every scheme; a "0x" phrase is a raw 32-byte
// seed; junctions are applied left to right (soft junctions only for sr25519). seed() reports the
// seed Substrate reports: the derived seed after a purely hard path, none after a soft junction
// (sr25519) or for keys made from a 64-byte sr25519 secret.
#pragma once

#include <bt/bytes.hpp>
#include <bt/crypto/ecdsa.hpp>
#include <bt/crypto/ed25519.hpp>
#include <bt/crypto/secret_uri.hpp>
#include <bt/crypto/sr25519.hpp>
#include <bt/crypto/ss58.hpp>
#include <bt/result.hpp>
#include <bt/secure.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace bt::crypto {

class Keypair {
 public:
  // From a secret URI (secret_uri.hpp). `password`, when given, replaces the URI's "///password".
  // Errors: invalid_uri (syntax, or a 0x seed that is not 32 bytes of hex), mnemonic errors from
  // bip39.hpp, soft_derivation_unsupported (soft junction with ed25519/ecdsa), invalid_secret_key
  // (an ecdsa seed that is not a valid scalar).
  static Result<Keypair> from_uri(std::string_view uri, Scheme scheme = Scheme::sr25519,
                                  std::optional<std::string_view> password = std::nullopt);
  // From a BIP39 phrase (no junctions) with an optional BIP39 password.
  static Result<Keypair> from_mnemonic(std::string_view phrase, Scheme scheme = Scheme::sr25519,
                                       std::string_view password = {});
  // From a 32-byte seed (sr25519 mini secret / ed25519 seed / secp256k1 secret). invalid_length
  // otherwise.
  static Result<Keypair> from_seed(ByteView seed, Scheme scheme = Scheme::sr25519);
  // sr25519 from a 64-byte schnorrkel secret (key || nonce), as Substrate's from_seed_slice(64).
  static Result<Keypair> from_sr25519_secret(ByteView secret64);

  explicit Keypair(sr25519::Keypair kp, std::optional<SecretBytes<32>> seed = std::nullopt);
  explicit Keypair(ed25519::Keypair kp);
  explicit Keypair(ecdsa::Keypair kp);

  Scheme scheme() const noexcept;
  // 32 bytes (sr25519, ed25519) or 33 bytes (ecdsa compressed).
  Bytes public_key() const;
  // The public key for sr25519/ed25519, blake2b-256(public key) for ecdsa.
  AccountId32 account_id() const;
  MultiSigner multi_signer() const;
  // SS58 of account_id() (what polkadot-js and subkey show as the address).
  std::string ss58_address() const;  // prefix 42
  Result<std::string> ss58_address(std::uint16_t prefix) const;

  // Signs `message` (sr25519: context "substrate", randomized; ed25519: RFC 8032; ecdsa:
  // blake2b-256 then recoverable signature).
  MultiSignature sign(ByteView message) const;
  // Verifies a signature of this key's scheme against this key; false for another scheme.
  bool verify(const MultiSignature& signature, ByteView message) const;

  // The 32-byte seed, when Substrate would report one (see file comment).
  const std::optional<SecretBytes<32>>& seed() const noexcept { return seed_; }
  // The 64-byte schnorrkel secret (key || nonce) of an sr25519 pair; nullopt for other schemes.
  std::optional<SecretBytes<64>> sr25519_secret() const;

  // Scheme-specific views (nullptr when the scheme differs).
  const sr25519::Keypair* as_sr25519() const noexcept { return std::get_if<sr25519::Keypair>(&kp_); }
  const ed25519::Keypair* as_ed25519() const noexcept { return std::get_if<ed25519::Keypair>(&kp_); }
  const ecdsa::Keypair* as_ecdsa() const noexcept { return std::get_if<ecdsa::Keypair>(&kp_); }

  // Applies one junction (used by from_uri). soft_derivation_unsupported for ed25519/ecdsa soft.
  Result<Keypair> derive(const DeriveJunction& junction) const;

 private:
  std::variant<ed25519::Keypair, sr25519::Keypair, ecdsa::Keypair> kp_;
  std::optional<SecretBytes<32>> seed_;
};

// Verifies `signature` of `message` by `signer`. False if the schemes differ or anything is malformed.
bool verify(const MultiSignature& signature, ByteView message, const MultiSigner& signer);
// Verifies against an account id, as sp_runtime's MultiSignature::verify does: sr25519/ed25519 use
// the account id as the public key; ecdsa recovers the key and compares blake2b-256 of it.
bool verify(const MultiSignature& signature, ByteView message, const AccountId32& account);

}  // namespace bt::crypto
