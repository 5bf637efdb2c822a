// SPDX-License-Identifier: MIT
// sr25519 anchors from Substrate (sp_core::sr25519 tests, the dev phrase accounts) and schnorrkel
// (keys.rs from_ed25519_bytes doc example), round trips and malformed input.
#include <bt/crypto/error.hpp>
#include <bt/crypto/hashing.hpp>
#include <bt/crypto/sr25519.hpp>
#include <catch2/catch.hpp>
#include <string>

using namespace bt::crypto;
namespace sr = bt::crypto::sr25519;

namespace {

std::string hex(bt::ByteView v) { return bt::to_hex(v, false); }
bt::Bytes unhex(std::string_view s) { return bt::from_hex(s).value(); }
std::array<std::uint8_t, 32> seed_from_hex(std::string_view s) {
  std::array<std::uint8_t, 32> out{};
  bt::from_hex_into(s, out).value();
  return out;
}

// Substrate's chain code for a text junction: SCALE(String) = compact(len) ++ bytes, zero-padded to
// 32 bytes (valid for texts shorter than 32 bytes; longer encodings are blake2b_256-hashed).
sr::ChainCode text_junction(std::string_view s) {
  REQUIRE(s.size() < 31);
  sr::ChainCode cc;
  cc[0] = static_cast<std::uint8_t>(s.size() << 2);
  std::copy(s.begin(), s.end(), cc.begin() + 1);
  return cc;
}
// Chain code for a numeric junction (u64 little-endian, padded).
sr::ChainCode index_junction(std::uint64_t i) {
  sr::ChainCode cc;
  for (int b = 0; b < 8; ++b) cc[b] = static_cast<std::uint8_t>(i >> (8 * b));
  return cc;
}

// The dev phrase "bottom drive obey lake curtain smoke basket hold race lonely fit walk":
// BIP39 entropy 1a486a5fbe53639984cb64b070755f7b (computed from the English word list, checksum
// verified), mini secret = PBKDF2-HMAC-SHA512(entropy, "mnemonic", 2048)[0..32].
std::array<std::uint8_t, 32> dev_mini_secret() {
  std::array<std::uint8_t, 64> seed{};
  pbkdf2_hmac_sha512(unhex("1a486a5fbe53639984cb64b070755f7b"), bt::as_bytes("mnemonic"), 2048, seed);
  std::array<std::uint8_t, 32> mini{};
  std::copy(seed.begin(), seed.begin() + 32, mini.begin());
  return mini;
}

const char kDevMini[] = "fac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e";
const char kDevPublic[] = "46ebddef8cd9bb167dc30878d7113b7e168e6f0646beffd77d69d39bad76b47a";

}  // namespace

TEST_CASE("sr25519 keypair_from_seed anchors", "[crypto][sr25519][vectors]") {
  const auto mini = dev_mini_secret();
  CHECK(hex(mini) == kDevMini);
  const sr::Keypair dev = sr::keypair_from_seed(mini);
  CHECK(hex(dev.public_key) == kDevPublic);
  // schnorrkel keys.rs doc example: this ed25519-form secret has public key 46eb...; it is the
  // expansion of the dev mini secret.
  CHECK(hex(sr::secret_to_ed25519_bytes(dev.secret).view()) ==
        "28b0ae221c6bb06856b287f60d7ea0d98552ea5a16db16956849aa371db3eb51fd190cce74df356432b410bd64"
        "682309d6dedb27c76845daf388557cbac3ca34");
  // sp_core sr25519 tests sr_test_vector_should_work and seeded_pair_should_work.
  CHECK(hex(sr::keypair_from_seed(
                seed_from_hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"))
                .public_key) == "44a996beb1eef7bdcab976ab6d2ca26104834164ecf28fb375600576fcc6eb0f");
  std::array<std::uint8_t, 32> s12{};
  const std::string_view ascii = "12345678901234567890123456789012";
  std::copy(ascii.begin(), ascii.end(), s12.begin());
  CHECK(hex(sr::keypair_from_seed(s12).public_key) ==
        "741c08a06f41c596608f6774259bd9043304adfa5d3eea62760bd9be97634d63");
}

TEST_CASE("sr25519 derivation anchors (//Alice, /Alice, //Alice//stash, //Bob)",
          "[crypto][sr25519][vectors]") {
  const sr::Keypair dev = sr::keypair_from_seed(dev_mini_secret());
  const sr::Keypair alice = sr::derive_hard(dev, text_junction("Alice"));
  CHECK(hex(alice.public_key) == "d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d");
  CHECK(hex(sr::derive_hard(dev, text_junction("Bob")).public_key) ==
        "8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48");
  CHECK(hex(sr::derive_hard(alice, text_junction("stash")).public_key) ==
        "be5ddb1579b72e84524fc29e78609e3caf42e85aa118ebfe0b0ad404b5bdd25f");
  // Hard derivation is deterministic, including the secret, and reported mini secret expands to it.
  const sr::Keypair alice2 = sr::derive_hard(dev, text_junction("Alice"));
  CHECK(sr::secret_to_bytes(alice.secret) == sr::secret_to_bytes(alice2.secret));
  const auto mini = sr::derive_hard_mini_secret(dev.secret, text_junction("Alice"));
  CHECK(sr::keypair_from_seed(mini.span()).public_key == alice.public_key);

  // sp_core derive_soft_known_pair_should_work: DEV_PHRASE/Alice.
  const sr::Keypair soft = sr::derive_soft(dev, text_junction("Alice"));
  CHECK(hex(soft.public_key) == "d6c71059dbbe9ad2b0ed3f289738b800836eb425544ce694825285b958ca755e");
  const auto soft_pub = sr::derive_soft_public(dev.public_key, text_junction("Alice"));
  REQUIRE(soft_pub);
  CHECK(*soft_pub == soft.public_key);
}

TEST_CASE("sr25519 soft derivation: public path equals secret path", "[crypto][sr25519]") {
  const sr::Keypair root = sr::keypair_from_seed(
      seed_from_hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
  const sr::Keypair d1 = sr::derive_soft(root, index_junction(1));
  const sr::Keypair d1b = sr::derive_soft(root, index_junction(1));
  const sr::Keypair d2 = sr::derive_soft(root, index_junction(2));
  CHECK(d1.public_key == d1b.public_key);
  CHECK(d1.public_key != d2.public_key);
  CHECK(d1.public_key != root.public_key);
  // Same key scalar; the nonce seed is freshly random (as in schnorrkel).
  const auto b1 = sr::secret_to_bytes(d1.secret), b1b = sr::secret_to_bytes(d1b.secret);
  CHECK(bt::ct_equal(b1.view().first(32), b1b.view().first(32)));
  CHECK_FALSE(bt::ct_equal(b1.view().last(32), b1b.view().last(32)));
  // Chained soft derivations agree on both paths.
  sr::Keypair kp = root;
  sr::PublicKey pk = root.public_key;
  for (std::uint64_t i = 0; i < 5; ++i) {
    kp = sr::derive_soft(kp, index_junction(i * 7 + 3));
    pk = sr::derive_soft_public(pk, index_junction(i * 7 + 3)).value();
    CHECK(kp.public_key == pk);
    CHECK(sr::verify(sr::sign(kp, bt::as_bytes("child")), bt::as_bytes("child"), pk));
  }
  // Hard children sign and verify too.
  const sr::Keypair h = sr::derive_hard(root, index_junction(1));
  CHECK(h.public_key != sr::derive_hard(root, index_junction(2)).public_key);
  CHECK(sr::verify(sr::sign(h, bt::as_bytes("m")), bt::as_bytes("m"), h.public_key));
}

TEST_CASE("sr25519 sign/verify round trips", "[crypto][sr25519]") {
  const sr::Keypair kp = sr::keypair_from_seed(dev_mini_secret());
  for (std::size_t len : {0u, 1u, 31u, 32u, 165u, 166u, 167u, 1000u}) {
    bt::Bytes msg(len);
    for (std::size_t i = 0; i < len; ++i) msg[i] = static_cast<std::uint8_t>(i * 13 + 1);
    const sr::Signature sig = sr::sign(kp, msg);
    CHECK((sig[63] & 0x80) != 0);
    CHECK(sr::verify(sig, msg, kp.public_key));
    CHECK(sr::verify_bytes(sig, msg, kp.public_key));
    // Randomized: a second signature differs but verifies.
    const sr::Signature sig2 = sr::sign(kp, msg);
    CHECK(sig != sig2);
    CHECK(sr::verify(sig2, msg, kp.public_key));
  }
  // Context separation.
  const auto msg = bt::as_bytes("hello");
  const sr::Signature sig = sr::sign(kp, msg, bt::as_bytes("other-context"));
  CHECK(sr::verify(sig, msg, kp.public_key, bt::as_bytes("other-context")));
  CHECK_FALSE(sr::verify(sig, msg, kp.public_key));
  CHECK_FALSE(sr::verify(sr::sign(kp, msg), msg, kp.public_key, bt::as_bytes("other-context")));
}

TEST_CASE("sr25519 tampering is rejected", "[crypto][sr25519][bad-input]") {
  const sr::Keypair kp = sr::keypair_from_seed(dev_mini_secret());
  const sr::Keypair other = sr::keypair_from_seed(seed_from_hex(std::string(64, '1')));
  const bt::Bytes msg = unhex("0102030405060708");
  const sr::Signature sig = sr::sign(kp, msg);
  REQUIRE(sr::verify(sig, msg, kp.public_key));

  bt::Bytes msg2 = msg;
  msg2[3] ^= 1;
  CHECK_FALSE(sr::verify(sig, msg2, kp.public_key));
  CHECK_FALSE(sr::verify(sig, bt::Bytes(msg.begin(), msg.end() - 1), kp.public_key));
  CHECK_FALSE(sr::verify(sig, msg, other.public_key));
  for (std::size_t i = 0; i < 64; ++i) {
    for (std::uint8_t bit : {0x01, 0x80}) {
      sr::Signature bad = sig;
      bad[i] ^= bit;
      INFO("byte " << i << " bit " << int(bit));
      CHECK_FALSE(sr::verify(bad, msg, kp.public_key));
    }
  }
  // Missing schnorrkel marker bit (an "ed25519-style" / pre-audit signature).
  sr::Signature unmarked = sig;
  unmarked[63] &= 0x7f;
  CHECK_FALSE(sr::verify(unmarked, msg, kp.public_key));
  // sp_core verify_known_old_message_should_work: a 0.1.x (unmarked) signature must not verify.
  const auto old_pk = sr::PublicKey{
      bt::FixedBytes<32>::from_hex("b4bfa1f7a5166695eb75299fd1c4c03ea212871c342f2c5dfea0902b2c246918")
          .value()};
  const auto old_sig = sr::Signature::from_hex(
                           "5a9755f069939f45d96aaf125cf5ce7ba1db998686f87f2fb3cbdea922078741a73891ba26"
                           "5f70c31436e18a9acd14d189d73c12317ab6c313285cd938453202")
                           .value();
  CHECK_FALSE(sr::verify(
      old_sig,
      bt::as_bytes("Verifying that I am the owner of 5G9hQLdsKQswNPgB499DeA5PkFBbgkLPJWkkS6FAM6xGQ8xD. "
                   "Hash: 221455a3\n"),
      old_pk));
  // Non-canonical s (s + l keeps the equation but must be rejected, like schnorrkel).
  {
    sr::Signature big = sig;
    std::uint8_t s[32];
    std::copy(sig.begin() + 32, sig.end(), s);
    s[31] &= 0x7f;
    const std::uint8_t l[32] = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7,
                                0xa2, 0xde, 0xf9, 0xde, 0x14, 0,    0,    0,    0,    0,    0,
                                0,    0,    0,    0,    0,    0,    0,    0,    0,    0x10};
    unsigned carry = 0;
    for (int i = 0; i < 32; ++i) {
      const unsigned v = s[i] + l[i] + carry;
      s[i] = static_cast<std::uint8_t>(v);
      carry = v >> 8;
    }
    if (carry == 0 && (s[31] & 0x80) == 0) {  // s + l < 2^255 (always: s < l < 2^253)
      std::copy(s, s + 32, big.begin() + 32);
      big[63] |= 0x80;
      CHECK_FALSE(sr::verify(big, msg, kp.public_key));
    }
  }
  // Wrong lengths via verify_bytes.
  CHECK_FALSE(sr::verify_bytes(bt::ByteView(sig).first(63), msg, kp.public_key));
  CHECK_FALSE(sr::verify_bytes(sig, msg, bt::ByteView(kp.public_key).first(31)));
  CHECK_FALSE(sr::verify_bytes({}, {}, {}));
}

TEST_CASE("sr25519 public key validation", "[crypto][sr25519][bad-input]") {
  const sr::Keypair kp = sr::keypair_from_seed(dev_mini_secret());
  auto ok = sr::public_key_from_bytes(kp.public_key);
  REQUIRE(ok);
  CHECK(*ok == kp.public_key);
  CHECK(sr::public_key_from_bytes(bt::ByteView(kp.public_key).first(31)).error() ==
        CryptoError::invalid_length);
  CHECK(sr::public_key_from_bytes(bt::Bytes(33)).error() == CryptoError::invalid_length);
  // Invalid encodings: all 0xff (non-canonical field element), negative field element (odd s),
  // and an encoding that is not on the curve (from libsodium's ristretto255 test lists).
  for (const char* bad : {"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
                          "0100000000000000000000000000000000000000000000000000000000000000",
                          "26948d35ca62e643e26a83177332e6b6afeb9d08e4268b650f1f5bbd8d81d371",
                          "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"}) {
    INFO(bad);
    const bt::Bytes b = unhex(bad);
    const auto r = sr::public_key_from_bytes(b);
    REQUIRE_FALSE(r);
    CHECK(r.error() == CryptoError::invalid_public_key);
    // verify() with such a key is false, never a crash.
    sr::PublicKey pk;
    std::copy(b.begin(), b.end(), pk.bytes.begin());
    CHECK_FALSE(sr::verify(sr::sign(kp, b), b, pk));
    CHECK(sr::derive_soft_public(pk, index_junction(1)).error() == CryptoError::invalid_public_key);
  }
  // The identity (all zeros) is a valid encoding, as in schnorrkel; nothing verifies under a wrong key.
  CHECK(sr::public_key_from_bytes(bt::Bytes(32)));
  CHECK_FALSE(sr::verify(sr::sign(kp, bt::as_bytes("x")), bt::as_bytes("x"), sr::PublicKey{}));
  // With the identity as public key, R = s*B satisfies the equation for any message: schnorrkel (and
  // so Substrate) accepts such a signature, and so do we. This exercises the identity paths of verify.
  {
    sr::SecretKey s_only;
    s_only.bytes.data()[0] = 5;  // s = 5
    const sr::PublicKey big_r = sr::public_key_from_secret(s_only);
    sr::Signature forged;
    std::copy(big_r.bytes.begin(), big_r.bytes.end(), forged.begin());
    forged[32] = 5;
    forged[63] |= 0x80;
    CHECK(sr::verify(forged, bt::as_bytes("anything"), sr::PublicKey{}));
    CHECK_FALSE(sr::verify(forged, bt::as_bytes("anything"), kp.public_key));
  }
  // Bit 255 set on an otherwise valid key: non-canonical, rejected as curve25519-dalek does (libsodium
  // 1.0.18 alone would accept it).
  bt::Bytes tweaked(kp.public_key.bytes.begin(), kp.public_key.bytes.end());
  tweaked[31] ^= 0x80;
  CHECK(sr::public_key_from_bytes(tweaked).error() == CryptoError::invalid_public_key);
  sr::PublicKey tweaked_pk;
  std::copy(tweaked.begin(), tweaked.end(), tweaked_pk.bytes.begin());
  CHECK_FALSE(sr::derive_soft_public(tweaked_pk, index_junction(0)));
}

TEST_CASE("sr25519 secret key encodings", "[crypto][sr25519]") {
  const sr::Keypair kp = sr::keypair_from_seed(dev_mini_secret());
  const auto raw = sr::secret_to_bytes(kp.secret);
  const auto ed = sr::secret_to_ed25519_bytes(kp.secret);
  CHECK_FALSE(raw == ed);
  CHECK(bt::ct_equal(raw.view().last(32), ed.view().last(32)));  // same nonce
  auto from_raw = sr::keypair_from_secret_bytes(raw.view());
  REQUIRE(from_raw);
  CHECK(from_raw->public_key == kp.public_key);
  CHECK(sr::secret_to_bytes(from_raw->secret) == raw);
  auto from_ed = sr::keypair_from_ed25519_bytes(ed.view());
  REQUIRE(from_ed);
  CHECK(from_ed->public_key == kp.public_key);
  CHECK(sr::secret_to_bytes(from_ed->secret) == raw);
  CHECK(sr::public_key_from_secret(kp.secret) == kp.public_key);
  // A keypair rebuilt from bytes signs compatibly.
  CHECK(sr::verify(sr::sign(*from_ed, bt::as_bytes("m")), bt::as_bytes("m"), kp.public_key));

  // Bad input.
  CHECK(sr::keypair_from_secret_bytes(bt::Bytes(63)).error() == CryptoError::invalid_length);
  CHECK(sr::keypair_from_secret_bytes(bt::Bytes(65)).error() == CryptoError::invalid_length);
  CHECK(sr::keypair_from_ed25519_bytes(bt::Bytes(32)).error() == CryptoError::invalid_length);
  bt::Bytes non_canonical(64, 0xff);
  CHECK(sr::keypair_from_secret_bytes(non_canonical).error() == CryptoError::invalid_secret_key);
  // l itself is not canonical; l - 1 is.
  bt::Bytes l(64);
  bt::Bytes l_le = unhex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
  std::copy(l_le.begin(), l_le.end(), l.begin());
  CHECK(sr::keypair_from_secret_bytes(l).error() == CryptoError::invalid_secret_key);
  l[0] = 0xec;
  CHECK(sr::keypair_from_secret_bytes(l));
  // ed25519 form: key/8 must be < l; 0xff..ff / 8 is not.
  CHECK(sr::keypair_from_ed25519_bytes(non_canonical).error() == CryptoError::invalid_secret_key);
}
