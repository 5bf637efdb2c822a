// SPDX-License-Identifier: MIT
#include <bt/crypto/bip39.hpp>
#include <bt/crypto/error.hpp>
#include <bt/crypto/hashing.hpp>
#include <bt/crypto/keypair.hpp>
#include <cstring>

namespace bt::crypto {
namespace {

Result<Keypair> root_from_seed(std::span<const std::uint8_t, 32> seed, Scheme scheme) {
  switch (scheme) {
    case Scheme::sr25519:
      return Keypair(sr25519::keypair_from_seed(seed), SecretBytes<32>(seed));
    case Scheme::ed25519:
      return Keypair(ed25519::keypair_from_seed(seed));
    case Scheme::ecdsa: {
      BT_TRY(auto kp, ecdsa::keypair_from_seed(seed));
      return Keypair(std::move(kp));
    }
  }
  return fail(CryptoError::unsupported_scheme, "unknown scheme");
}

bool is_hex_digit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

}  // namespace

Keypair::Keypair(sr25519::Keypair kp, std::optional<SecretBytes<32>> seed)
    : kp_(std::move(kp)), seed_(std::move(seed)) {}
Keypair::Keypair(ed25519::Keypair kp) : kp_(std::move(kp)) { seed_ = std::get<ed25519::Keypair>(kp_).seed; }
Keypair::Keypair(ecdsa::Keypair kp) : kp_(std::move(kp)) { seed_ = std::get<ecdsa::Keypair>(kp_).secret; }

Result<Keypair> Keypair::from_seed(ByteView seed, Scheme scheme) {
  if (seed.size() != 32)
    return fail(CryptoError::invalid_length, "seed must be 32 bytes, got " + std::to_string(seed.size()));
  return root_from_seed(std::span<const std::uint8_t, 32>(seed.data(), 32), scheme);
}

Result<Keypair> Keypair::from_sr25519_secret(ByteView secret64) {
  BT_TRY(auto kp, sr25519::keypair_from_secret_bytes(secret64));
  return Keypair(std::move(kp));
}

Result<Keypair> Keypair::from_mnemonic(std::string_view phrase, Scheme scheme, std::string_view password) {
  BT_TRY(SecretBytes<32> mini, bip39::mini_secret_from_phrase(phrase, password));
  return root_from_seed(mini.span(), scheme);
}

Result<Keypair> Keypair::from_uri(std::string_view uri, Scheme scheme,
                                  std::optional<std::string_view> password) {
  BT_TRY(SecretUri parsed, parse_secret_uri(uri));
  std::optional<std::string_view> pw = password;
  if (!pw && parsed.password) pw = std::string_view(*parsed.password);
  std::optional<Keypair> root;
  if (parsed.is_hex_seed()) {
    std::string_view hex = std::string_view(parsed.phrase).substr(2);
    if (hex.size() != 64)
      return fail(CryptoError::invalid_uri, "a 0x seed must be exactly 32 bytes (64 hex digits)");
    for (char c : hex)
      if (!is_hex_digit(c)) return fail(CryptoError::invalid_uri, "a 0x seed must be hex");
    SecretBytes<32> seed;
    if (!from_hex_into(hex, seed.span())) return fail(CryptoError::invalid_uri, "bad hex seed");
    BT_TRY(Keypair k, root_from_seed(seed.span(), scheme));
    root.emplace(std::move(k));
  } else {
    BT_TRY(Keypair k, from_mnemonic(parsed.phrase, scheme, pw.value_or(std::string_view{})));
    root.emplace(std::move(k));
  }
  Keypair acc = std::move(*root);
  for (const auto& j : parsed.junctions) {
    BT_TRY(Keypair next, acc.derive(j));
    acc = std::move(next);
  }
  return acc;
}

Result<Keypair> Keypair::derive(const DeriveJunction& j) const {
  if (const auto* sr = as_sr25519()) {
    if (j.hard) {
      SecretBytes<32> mini = sr25519::derive_hard_mini_secret(sr->secret, j.chain_code);
      sr25519::Keypair kp = sr25519::keypair_from_seed(mini.span());
      // Substrate keeps a seed only while every junction so far is hard.
      std::optional<SecretBytes<32>> seed;
      if (seed_) seed = std::move(mini);
      return Keypair(std::move(kp), std::move(seed));
    }
    return Keypair(sr25519::derive_soft(*sr, j.chain_code));
  }
  if (const auto* ed = as_ed25519()) {
    if (!j.hard) return fail(CryptoError::soft_derivation_unsupported, "ed25519 has no soft junctions");
    return Keypair(ed25519::derive_hard(*ed, j.chain_code));
  }
  const auto* ec = as_ecdsa();
  if (!j.hard) return fail(CryptoError::soft_derivation_unsupported, "ecdsa has no soft junctions");
  BT_TRY(auto kp, ecdsa::derive_hard(*ec, j.chain_code));
  return Keypair(std::move(kp));
}

Scheme Keypair::scheme() const noexcept {
  switch (kp_.index()) {
    case 0:
      return Scheme::ed25519;
    case 1:
      return Scheme::sr25519;
    default:
      return Scheme::ecdsa;
  }
}

Bytes Keypair::public_key() const {
  if (const auto* sr = as_sr25519()) return sr->public_key.bytes.to_bytes();
  if (const auto* ed = as_ed25519()) return ed->public_key.to_bytes();
  return as_ecdsa()->public_key.to_bytes();
}

AccountId32 Keypair::account_id() const {
  if (const auto* ec = as_ecdsa()) return ecdsa::account_id(ec->public_key);
  return AccountId32::from_view(public_key()).value();
}

MultiSigner Keypair::multi_signer() const { return MultiSigner{scheme(), public_key()}; }

std::string Keypair::ss58_address() const { return ss58_encode(account_id(), 42).value(); }

Result<std::string> Keypair::ss58_address(std::uint16_t prefix) const {
  return ss58_encode(account_id(), prefix);
}

MultiSignature Keypair::sign(ByteView message) const {
  if (const auto* sr = as_sr25519())
    return MultiSignature{Scheme::sr25519, sr25519::sign(*sr, message).to_bytes()};
  if (const auto* ed = as_ed25519())
    return MultiSignature{Scheme::ed25519, ed25519::sign(*ed, message).to_bytes()};
  return MultiSignature{Scheme::ecdsa, ecdsa::sign(*as_ecdsa(), message).to_bytes()};
}

bool Keypair::verify(const MultiSignature& signature, ByteView message) const {
  return crypto::verify(signature, message, multi_signer());
}

std::optional<SecretBytes<64>> Keypair::sr25519_secret() const {
  if (const auto* sr = as_sr25519()) return sr25519::secret_to_bytes(sr->secret);
  return std::nullopt;
}

bool verify(const MultiSignature& signature, ByteView message, const MultiSigner& signer) {
  if (signature.scheme != signer.scheme) return false;
  switch (signature.scheme) {
    case Scheme::sr25519:
      return sr25519::verify_bytes(signature.signature, message, signer.public_key);
    case Scheme::ed25519:
      return ed25519::verify(ByteView(signature.signature), message, ByteView(signer.public_key));
    case Scheme::ecdsa:
      return ecdsa::verify(ByteView(signature.signature), message, ByteView(signer.public_key));
  }
  return false;
}

bool verify(const MultiSignature& signature, ByteView message, const AccountId32& account) {
  switch (signature.scheme) {
    case Scheme::sr25519:
      return sr25519::verify_bytes(signature.signature, message, account);
    case Scheme::ed25519:
      return ed25519::verify(ByteView(signature.signature), message, account.view());
    case Scheme::ecdsa: {
      if (signature.signature.size() != 65) return false;
      ecdsa::Signature s;
      std::memcpy(s.data.data(), signature.signature.data(), 65);
      auto pk = ecdsa::recover(s, message);
      return pk && ecdsa::account_id(*pk) == account;
    }
  }
  return false;
}

}  // namespace bt::crypto
