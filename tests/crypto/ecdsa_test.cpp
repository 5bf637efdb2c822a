// SPDX-License-Identifier: MIT
// secp256k1 ECDSA as sp_core::ecdsa: vectors from sp-core ecdsa.rs tests, recovery, bad input.
#include <bt/crypto/ecdsa.hpp>
#include <bt/crypto/error.hpp>
#include <catch2/catch.hpp>

using namespace bt;
using namespace bt::crypto;

namespace {
std::span<const std::uint8_t, 32> span32(const FixedBytes<32>& f) {
  return std::span<const std::uint8_t, 32>(f.data);
}
}  // namespace

TEST_CASE("ecdsa sp-core test vector", "[crypto][ecdsa][vectors]") {
  auto seed =
      FixedBytes<32>::from_hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60").value();
  auto kp = ecdsa::keypair_from_seed(span32(seed)).value();
  CHECK(to_hex(kp.public_key) == "0x028db55b05db86c0b1786ca49f095d76344c9e6056b2f02701a7e7f3c20aabfd91");
  auto sig = ecdsa::sign(kp, {});
  CHECK(to_hex(sig) ==
        "0x3dde91174bd9359027be59a428b8146513df80a2a3c7eda2194f64de04a69ab97b753169e94db6ffd50921a2668a48b94c"
        "a11e3d32"
        "c1ff19cfe88890aa7e8f3c00");
  CHECK(ecdsa::verify(sig, {}, kp.public_key));
  CHECK(ecdsa::recover(sig, {}).value() == kp.public_key);
  // Uncompressed form from the same test parses to the same compressed key.
  auto full = from_hex(
                  "048db55b05db86c0b1786ca49f095d76344c9e6056b2f02701a7e7f3c20aabfd913ebbe148dd17c56551a52952"
                  "371071a6c604b"
                  "3f3abe8f2c8fa742158ea6dd7d4")
                  .value();
  CHECK(ecdsa::public_key_from_bytes(full).value() == kp.public_key);
  // Hard derivation with a zero chain code (sp-core seed_and_derive_should_work).
  auto derived = ecdsa::derive_hard_seed(kp.secret.span(), ecdsa::ChainCode{});
  CHECK(to_hex(derived.view()) == "0xb8eefc4937200a8382d00050e050ced2d4ab72cc2ef1b061477afb51564fdd61");
  auto soft = ecdsa::derive_soft(kp, ecdsa::ChainCode{});
  REQUIRE_FALSE(soft);
  CHECK(soft.error() == CryptoError::soft_derivation_unsupported);
}

TEST_CASE("ecdsa sign/verify round trip and tampering", "[crypto][ecdsa]") {
  auto seed =
      FixedBytes<32>::from_hex("cb6df9de1efca7a3998a8ead4e02159d5fa99c3e0d4fd6432667390bb4726854").value();
  auto kp = ecdsa::keypair_from_seed(span32(seed)).value();  // //Alice (subkey)
  CHECK(to_hex(kp.public_key) == "0x020a1091341fe5664bfa1782d5e04779689068c916b04cb365ec3153755684d9a1");
  CHECK(to_hex(ecdsa::account_id(kp.public_key)) ==
        "0x01e552298e47454041ea31273b4b630c64c104e4514aa3643490b8aaca9cf8ed");
  const Bytes msg{'h', 'e', 'l', 'l', 'o'};
  auto sig = ecdsa::sign(kp, msg);
  CHECK(ecdsa::sign(kp, msg) == sig);  // deterministic (RFC 6979)
  CHECK(ecdsa::verify(sig, msg, kp.public_key));
  CHECK_FALSE(ecdsa::verify(sig, Bytes{'h'}, kp.public_key));
  for (std::size_t i : {0u, 17u, 40u, 63u}) {
    auto bad = sig;
    bad[i] ^= 0x80;
    CHECK_FALSE(ecdsa::verify(bad, msg, kp.public_key));
  }
  auto bad_v = sig;
  bad_v[64] = 4;
  CHECK_FALSE(ecdsa::verify(bad_v, msg, kp.public_key));
  CHECK(ecdsa::recover(bad_v, msg).error() == CryptoError::invalid_signature);
  // r = 0 is out of range.
  ecdsa::Signature zero;
  CHECK(ecdsa::recover(zero, msg).error() == CryptoError::invalid_signature);
  CHECK_FALSE(ecdsa::verify(ByteView(sig.data.data(), 64), msg, kp.public_key.view()));
}

TEST_CASE("ecdsa rejects invalid secrets and public keys", "[crypto][ecdsa]") {
  FixedBytes<32> zero;
  CHECK(ecdsa::keypair_from_seed(span32(zero)).error() == CryptoError::invalid_secret_key);
  // The group order n itself is not a valid secret.
  auto n =
      FixedBytes<32>::from_hex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141").value();
  CHECK(ecdsa::keypair_from_seed(span32(n)).error() == CryptoError::invalid_secret_key);
  CHECK(ecdsa::public_key_from_bytes(Bytes(33, 0)).error() == CryptoError::invalid_public_key);
  CHECK(ecdsa::public_key_from_bytes(Bytes(32, 2)).error() == CryptoError::invalid_length);
}
