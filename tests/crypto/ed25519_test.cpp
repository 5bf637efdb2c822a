// SPDX-License-Identifier: MIT
// Ed25519: RFC 8032 vectors, Substrate hard derivation vector (sp-core ed25519.rs tests), bad input.
#include <bt/crypto/ed25519.hpp>
#include <bt/crypto/error.hpp>
#include <catch2/catch.hpp>

using namespace bt;
using namespace bt::crypto;

namespace {
template <std::size_t N>
FixedBytes<N> fx(std::string_view hex) {
  return FixedBytes<N>::from_hex(hex).value();
}
ed25519::Keypair kp_from_hex(std::string_view hex) {
  auto s = fx<32>(hex);
  return ed25519::keypair_from_seed(std::span<const std::uint8_t, 32>(s.data));
}
}  // namespace

TEST_CASE("ed25519 RFC 8032 test vectors", "[crypto][ed25519][vectors]") {
  // RFC 8032 section 7.1, TEST 1 (empty message) and TEST 2 (one byte 0x72).
  auto kp1 = kp_from_hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  CHECK(to_hex(kp1.public_key) == "0xd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  auto sig1 = ed25519::sign(kp1, {});
  CHECK(to_hex(sig1) ==
        "0xe5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd2"
        "5bf5f05"
        "95bbe24655141438e7a100b");
  CHECK(ed25519::verify(sig1, {}, kp1.public_key));

  auto kp2 = kp_from_hex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
  CHECK(to_hex(kp2.public_key) == "0x3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
  const Bytes msg{0x72};
  auto sig2 = ed25519::sign(kp2, msg);
  CHECK(to_hex(sig2) ==
        "0x92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c38"
        "7b2eaeb"
        "4302aeeb00d291612bb0c00");
  CHECK(ed25519::verify(sig2, msg, kp2.public_key));
}

TEST_CASE("ed25519 verify rejects tampering and malformed input", "[crypto][ed25519]") {
  auto kp = kp_from_hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  const Bytes msg{1, 2, 3};
  auto sig = ed25519::sign(kp, msg);
  CHECK(ed25519::verify(sig, msg, kp.public_key));
  for (std::size_t i = 0; i < 64; i += 7) {
    auto bad = sig;
    bad[i] ^= 0x01;
    CHECK_FALSE(ed25519::verify(bad, msg, kp.public_key));
  }
  CHECK_FALSE(ed25519::verify(sig, Bytes{1, 2, 4}, kp.public_key));
  auto other = kp_from_hex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
  CHECK_FALSE(ed25519::verify(sig, msg, other.public_key));
  // Wrong lengths through the unchecked overload.
  CHECK_FALSE(ed25519::verify(ByteView(sig.data.data(), 63), msg, kp.public_key.view()));
  CHECK_FALSE(ed25519::verify(sig.view(), msg, ByteView(kp.public_key.data.data(), 31)));
  CHECK(ed25519::verify(sig.view(), msg, kp.public_key.view()));
  // All-zero key (small order) never verifies.
  CHECK_FALSE(ed25519::verify(sig, msg, ed25519::PublicKey{}));
}

TEST_CASE("ed25519 Substrate hard derivation", "[crypto][ed25519][vectors]") {
  // sp-core ed25519.rs seed_and_derive_should_work: Hard([0; 32]).
  auto kp = kp_from_hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  auto d = ed25519::derive_hard(kp, ed25519::ChainCode{});
  CHECK(to_hex(d.seed.view()) == "0xede3354e133f9c8e337ddd6ee5415ed4b4ffe5fc7d21e933f4930a3730e5b21c");
  auto soft = ed25519::derive_soft(kp, ed25519::ChainCode{});
  REQUIRE_FALSE(soft);
  CHECK(soft.error() == CryptoError::soft_derivation_unsupported);
}
