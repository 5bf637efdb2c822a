// SPDX-License-Identifier: MIT
#include <sodium.h>

#include <array>
#include <bt/crypto/ed25519.hpp>
#include <bt/crypto/error.hpp>
#include <bt/crypto/hashing.hpp>
#include <bt/init.hpp>
#include <cstring>

namespace bt::crypto::ed25519 {

Keypair keypair_from_seed(std::span<const std::uint8_t, 32> seed) {
  bt::init();
  Keypair kp{Seed(seed), {}};
  std::array<std::uint8_t, crypto_sign_SECRETKEYBYTES> sk{};
  crypto_sign_seed_keypair(kp.public_key.data.data(), sk.data(), seed.data());
  secure_wipe(sk.data(), sk.size());
  return kp;
}

Signature sign(const Keypair& keypair, ByteView message) {
  bt::init();
  // libsodium's secret key is seed ++ public key.
  std::array<std::uint8_t, crypto_sign_SECRETKEYBYTES> sk{};
  std::memcpy(sk.data(), keypair.seed.data(), 32);
  std::memcpy(sk.data() + 32, keypair.public_key.data.data(), 32);
  Signature sig;
  crypto_sign_detached(sig.data.data(), nullptr, message.data(), message.size(), sk.data());
  secure_wipe(sk.data(), sk.size());
  return sig;
}

bool verify(const Signature& signature, ByteView message, const PublicKey& public_key) {
  bt::init();
  return crypto_sign_verify_detached(signature.data.data(), message.data(), message.size(),
                                     public_key.data.data()) == 0;
}

bool verify(ByteView signature, ByteView message, ByteView public_key) {
  if (signature.size() != Signature::size() || public_key.size() != PublicKey::size()) return false;
  // The sizes are checked above, so from_view cannot fail here.
  return verify(*Signature::from_view(signature), message, *PublicKey::from_view(public_key));
}

Seed derive_hard_seed(std::span<const std::uint8_t, 32> seed, const ChainCode& chain_code) {
  // SCALE("Ed25519HDKD") = compact length (11 << 2) followed by the bytes.
  static constexpr char kTag[] = "Ed25519HDKD";
  std::array<std::uint8_t, 1 + 11 + 32 + 32> buf{};
  buf[0] = static_cast<std::uint8_t>(11 << 2);
  std::memcpy(buf.data() + 1, kTag, 11);
  std::memcpy(buf.data() + 12, seed.data(), 32);
  std::memcpy(buf.data() + 44, chain_code.data.data(), 32);
  auto h = blake2b_256(ByteView(buf.data(), buf.size()));
  secure_wipe(buf.data(), buf.size());
  Seed out(std::span<const std::uint8_t, 32>(h.data.data(), 32));
  secure_wipe(h.data.data(), h.size());
  return out;
}

Keypair derive_hard(const Keypair& keypair, const ChainCode& chain_code) {
  Seed s = derive_hard_seed(keypair.seed.span(), chain_code);
  return keypair_from_seed(s.span());
}

Result<Keypair> derive_soft(const Keypair&, const ChainCode&) {
  return fail(CryptoError::soft_derivation_unsupported, "ed25519 has no soft derivation");
}

}  // namespace bt::crypto::ed25519
