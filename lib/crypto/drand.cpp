// SPDX-License-Identifier: MIT
#include <bt/crypto/drand.hpp>

#include <bt/crypto/bls12_381_hash.hpp>
#include <bt/crypto/bls12_381_pairing.hpp>
#include <bt/crypto/hashing.hpp>

namespace bt::crypto::drand {
namespace bls = bls12_381;

const FixedBytes<96>& quicknet_public_key() noexcept {
  static const FixedBytes<96> key =
      FixedBytes<96>::from_hex(
          "83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d"
          "1fec7"
          "58c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a")
          .value();
  return key;
}

const Hash256& quicknet_chain_hash() noexcept {
  static const Hash256 h =
      Hash256::from_hex("52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971").value();
  return h;
}

Hash256 round_message(std::uint64_t round) noexcept {
  std::uint8_t be[8];
  for (int i = 0; i < 8; ++i) be[i] = static_cast<std::uint8_t>(round >> (56 - 8 * i));
  return sha256(ByteView(be, 8));
}

Hash256 randomness(ByteView signature) noexcept { return sha256(signature); }

bool verify_beacon(const bls::G2& public_key, std::uint64_t round, const bls::G1& signature) {
  const Hash256 m = round_message(round);
  return bls::verify(public_key, m.view(), signature, as_bytes(bls::kDrandQuicknetDst));
}

Result<bool> verify_beacon(ByteView public_key, std::uint64_t round, ByteView signature) {
  BT_TRY(bls::G2 pk, bls::g2_from_compressed(public_key));
  BT_TRY(bls::G1 sig, bls::g1_from_compressed(signature));
  if (bls::is_identity(pk))
    return fail(bls::Bls12381Error::unexpected_infinity, "public key is the identity");
  if (bls::is_identity(sig))
    return fail(bls::Bls12381Error::unexpected_infinity, "signature is the identity");
  return verify_beacon(pk, round, sig);
}

}  // namespace bt::crypto::drand
