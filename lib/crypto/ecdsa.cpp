// SPDX-License-Identifier: MIT
#include <secp256k1.h>
#include <secp256k1_recovery.h>
#include <sodium.h>

#include <array>
#include <bt/crypto/ecdsa.hpp>
#include <bt/crypto/error.hpp>
#include <bt/crypto/hashing.hpp>
#include <bt/init.hpp>
#include <cstring>

namespace bt::crypto::ecdsa {
namespace {

// One context for the process, randomised once (side-channel blinding). libsecp256k1 contexts are
// safe to share between threads for signing/verification once created.
const secp256k1_context* ctx() {
  static secp256k1_context* c = [] {
    secp256k1_context* k = secp256k1_context_create(SECP256K1_CONTEXT_SIGN | SECP256K1_CONTEXT_VERIFY);
    bt::init();
    std::array<std::uint8_t, 32> rnd{};
    randombytes_buf(rnd.data(), rnd.size());
    if (secp256k1_context_randomize(k, rnd.data()) != 1) { /* blinding is optional */
    }
    secure_wipe(rnd.data(), rnd.size());
    return k;
  }();
  return c;
}

PublicKey serialize(const secp256k1_pubkey& pk) {
  PublicKey out;
  std::size_t len = out.size();
  secp256k1_ec_pubkey_serialize(ctx(), out.data.data(), &len, &pk, SECP256K1_EC_COMPRESSED);
  return out;
}

SecretBytes<32> hdkd(std::span<const std::uint8_t, 32> seed, const ChainCode& cc) {
  static constexpr char kTag[] = "Secp256k1HDKD";
  constexpr std::size_t tag_len = sizeof(kTag) - 1;  // 13
  std::array<std::uint8_t, 1 + tag_len + 64> buf{};
  buf[0] = static_cast<std::uint8_t>(tag_len << 2);
  std::memcpy(buf.data() + 1, kTag, tag_len);
  std::memcpy(buf.data() + 1 + tag_len, seed.data(), 32);
  std::memcpy(buf.data() + 1 + tag_len + 32, cc.data.data(), 32);
  auto h = blake2b_256(ByteView(buf.data(), buf.size()));
  secure_wipe(buf.data(), buf.size());
  SecretBytes<32> out(std::span<const std::uint8_t, 32>(h.data.data(), 32));
  secure_wipe(h.data.data(), h.size());
  return out;
}

}  // namespace

Result<Keypair> keypair_from_seed(std::span<const std::uint8_t, 32> seed) {
  if (secp256k1_ec_seckey_verify(ctx(), seed.data()) != 1)
    return fail(CryptoError::invalid_secret_key, "secp256k1 secret is zero or not below the group order");
  secp256k1_pubkey pk;
  if (secp256k1_ec_pubkey_create(ctx(), &pk, seed.data()) != 1)
    return fail(CryptoError::backend_failure, "secp256k1_ec_pubkey_create");
  return Keypair{SecretBytes<32>(seed), serialize(pk)};
}

Result<PublicKey> public_key_from_bytes(ByteView bytes) {
  if (bytes.size() != 33 && bytes.size() != 65)
    return fail(CryptoError::invalid_length, "secp256k1 public key must be 33 or 65 bytes");
  secp256k1_pubkey pk;
  if (secp256k1_ec_pubkey_parse(ctx(), &pk, bytes.data(), bytes.size()) != 1)
    return fail(CryptoError::invalid_public_key, "not a secp256k1 point");
  return serialize(pk);
}

AccountId32 account_id(const PublicKey& public_key) {
  // The digest is the account id (sp_runtime::MultiSigner::into_account for ecdsa).
  return AccountId32(blake2b_256(public_key.view()).fixed());
}

Signature sign_prehashed(const Keypair& keypair, const MessageHash& hash) {
  secp256k1_ecdsa_recoverable_signature rsig;
  Signature out;
  // The key was validated at construction, so signing cannot fail (nonce function is RFC 6979).
  if (secp256k1_ecdsa_sign_recoverable(ctx(), &rsig, hash.data.data(), keypair.secret.data(), nullptr,
                                       nullptr) != 1)
    return out;  // unreachable for a valid Keypair; an all-zero signature never verifies
  int recid = 0;
  secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx(), out.data.data(), &recid, &rsig);
  out[64] = static_cast<std::uint8_t>(recid);
  return out;
}

Signature sign(const Keypair& keypair, ByteView message) {
  auto h = blake2b_256(message);
  MessageHash mh;
  std::memcpy(mh.data.data(), h.data.data(), 32);
  return sign_prehashed(keypair, mh);
}

Result<PublicKey> recover_prehashed(const Signature& signature, const MessageHash& hash) {
  int recid = signature[64];
  if (recid > 3) return fail(CryptoError::invalid_signature, "recovery id must be 0..3");
  secp256k1_ecdsa_recoverable_signature rsig;
  if (secp256k1_ecdsa_recoverable_signature_parse_compact(ctx(), &rsig, signature.data.data(), recid) != 1)
    return fail(CryptoError::invalid_signature, "r or s out of range");
  secp256k1_pubkey pk;
  if (secp256k1_ecdsa_recover(ctx(), &pk, &rsig, hash.data.data()) != 1)
    return fail(CryptoError::invalid_signature, "no public key recovers from this signature");
  return serialize(pk);
}

Result<PublicKey> recover(const Signature& signature, ByteView message) {
  auto h = blake2b_256(message);
  MessageHash mh;
  std::memcpy(mh.data.data(), h.data.data(), 32);
  return recover_prehashed(signature, mh);
}

bool verify(const Signature& signature, ByteView message, const PublicKey& public_key) {
  auto pk = recover(signature, message);
  return pk && *pk == public_key;
}

bool verify(ByteView signature, ByteView message, ByteView public_key) {
  if (signature.size() != Signature::size() || public_key.size() != PublicKey::size()) return false;
  // The sizes are checked above, so from_view cannot fail here.
  return verify(*Signature::from_view(signature), message, *PublicKey::from_view(public_key));
}

SecretBytes<32> derive_hard_seed(std::span<const std::uint8_t, 32> seed, const ChainCode& chain_code) {
  return hdkd(seed, chain_code);
}

Result<Keypair> derive_hard(const Keypair& keypair, const ChainCode& chain_code) {
  SecretBytes<32> s = hdkd(keypair.secret.span(), chain_code);
  return keypair_from_seed(s.span());
}

Result<Keypair> derive_soft(const Keypair&, const ChainCode&) {
  return fail(CryptoError::soft_derivation_unsupported, "ecdsa has no soft derivation");
}

}  // namespace bt::crypto::ecdsa
