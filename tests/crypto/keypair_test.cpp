// SPDX-License-Identifier: MIT
// Scheme-generic Keypair: Substrate dev-key vectors for all schemes, URIs, signing, bad input.
#include <bt/crypto/error.hpp>
#include <bt/crypto/keypair.hpp>
#include <catch2/catch.hpp>

using namespace bt;
using namespace bt::crypto;

TEST_CASE("//Alice in every scheme", "[crypto][keypair][vectors]") {
  auto sr = Keypair::from_uri("//Alice", Scheme::sr25519).value();
  CHECK(to_hex(sr.public_key()) == "0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d");
  CHECK(sr.ss58_address() == "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");

  auto ed = Keypair::from_uri("//Alice", Scheme::ed25519).value();
  CHECK(to_hex(ed.public_key()) == "0x88dc3417d5058ec4b4503e0c12ea1a0a89be200fe98922423d4334014fa6b0ee");
  CHECK(ed.ss58_address() == "5FA9nQDVg267DEd8m1ZypXLBnvN7SFxYwV7ndqSYGiN9TTpu");

  auto ec = Keypair::from_uri("//Alice", Scheme::ecdsa).value();
  CHECK(to_hex(ec.public_key()) == "0x020a1091341fe5664bfa1782d5e04779689068c916b04cb365ec3153755684d9a1");
  CHECK(to_hex(ec.account_id()) == "0x01e552298e47454041ea31273b4b630c64c104e4514aa3643490b8aaca9cf8ed");
  CHECK(ec.ss58_address() == "5C7C2Z5sWbytvHpuLTvzKunnnRwQxft1jiqrLD5rhucQ5S9X");
  // subkey reports the secret seed of //Alice (ecdsa).
  REQUIRE(ec.seed());
  CHECK(to_hex(ec.seed()->view()) == "0xcb6df9de1efca7a3998a8ead4e02159d5fa99c3e0d4fd6432667390bb4726854");

  // Same key from the explicit phrase.
  auto sr2 = Keypair::from_uri(std::string(kDevPhrase) + "//Alice").value();
  CHECK(sr2.public_key() == sr.public_key());
}

TEST_CASE("sr25519 URIs: soft, hard, password, hex seed", "[crypto][keypair][vectors]") {
  // sp-core derive_soft_known_pair_should_work.
  auto soft = Keypair::from_uri(std::string(kDevPhrase) + "/Alice").value();
  CHECK(to_hex(soft.public_key()) == "0xd6c71059dbbe9ad2b0ed3f289738b800836eb425544ce694825285b958ca755e");
  CHECK_FALSE(soft.seed());  // soft junction: no seed
  // sp-core sr_test_vector: mini secret -> public key.
  auto hex = Keypair::from_uri("0x9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60").value();
  CHECK(to_hex(hex.public_key()) == "0x44a996beb1eef7bdcab976ab6d2ca26104834164ecf28fb375600576fcc6eb0f");
  // default_phrase_should_be_used: "//Alice///password" == DEV_PHRASE//Alice with password.
  auto p1 = Keypair::from_uri("//Alice///password").value();
  auto p2 = Keypair::from_uri(std::string(kDevPhrase) + "//Alice", Scheme::sr25519, "password").value();
  CHECK(p1.public_key() == p2.public_key());
  CHECK(p1.public_key() != Keypair::from_uri("//Alice").value().public_key());
  // Password override wins over the URI password.
  auto p3 = Keypair::from_uri("//Alice///other", Scheme::sr25519, "password").value();
  CHECK(p3.public_key() == p1.public_key());
  // A hard-only path keeps the seed and the seed reproduces the key.
  auto hard = Keypair::from_uri("//Alice//stash").value();
  REQUIRE(hard.seed());
  CHECK(Keypair::from_seed(hard.seed()->view()).value().public_key() == hard.public_key());
  // Mnemonic route equals URI route.
  auto m = Keypair::from_mnemonic(kDevPhrase, Scheme::ed25519).value();
  CHECK(m.public_key() == Keypair::from_uri(std::string(kDevPhrase), Scheme::ed25519).value().public_key());
}

TEST_CASE("Keypair sign and verify for all schemes", "[crypto][keypair]") {
  const Bytes msg{'p', 'a', 'y', 'l', 'o', 'a', 'd'};
  for (Scheme s : {Scheme::sr25519, Scheme::ed25519, Scheme::ecdsa}) {
    INFO(scheme_name(s));
    auto kp = Keypair::from_uri("//Bob", s).value();
    auto sig = kp.sign(msg);
    CHECK(sig.scheme == s);
    CHECK(sig.signature.size() == signature_size(s));
    CHECK(kp.verify(sig, msg));
    CHECK(verify(sig, msg, kp.multi_signer()));
    CHECK(verify(sig, msg, kp.account_id()));
    CHECK_FALSE(kp.verify(sig, Bytes{1}));
    auto tampered = sig;
    tampered.signature[10] ^= 1;
    CHECK_FALSE(kp.verify(tampered, msg));
    auto other = Keypair::from_uri("//Charlie", s).value();
    CHECK_FALSE(verify(sig, msg, other.multi_signer()));
    CHECK_FALSE(verify(sig, msg, other.account_id()));
    // Round trip of the signature through SCALE.
    CHECK(MultiSignature::decode(sig.encode()).value() == sig);
  }
  // Scheme mismatch.
  auto sr = Keypair::from_uri("//Bob").value();
  auto ed = Keypair::from_uri("//Bob", Scheme::ed25519).value();
  CHECK_FALSE(ed.verify(sr.sign(msg), msg));
}

TEST_CASE("Keypair bad input", "[crypto][keypair]") {
  CHECK(Keypair::from_uri("//Alice/soft", Scheme::ed25519).error() ==
        CryptoError::soft_derivation_unsupported);
  CHECK(Keypair::from_uri("/x", Scheme::ecdsa).error() == CryptoError::soft_derivation_unsupported);
  CHECK(Keypair::from_uri("0x1234").error() == CryptoError::invalid_uri);
  CHECK(Keypair::from_uri("0x" + std::string(64, 'g')).error() == CryptoError::invalid_uri);
  CHECK(Keypair::from_uri("0x" + std::string(64, '0'), Scheme::ecdsa).error() ==
        CryptoError::invalid_secret_key);
  CHECK(Keypair::from_uri("a//").error() == CryptoError::invalid_uri);
  CHECK(Keypair::from_uri("abandon abandon").error() == CryptoError::mnemonic_word_count);
  CHECK(Keypair::from_uri("bottom drive obey lake curtain smoke basket hold race lonely fit walks").error() ==
        CryptoError::invalid_mnemonic);
  CHECK(Keypair::from_seed(Bytes(31, 1)).error() == CryptoError::invalid_length);
  CHECK(Keypair::from_sr25519_secret(Bytes(63, 1)).error() == CryptoError::invalid_length);
  auto kp = Keypair::from_uri("//Alice").value();
  CHECK(kp.ss58_address(46).error() == CryptoError::invalid_ss58);
  CHECK(kp.ss58_address(0).value() == "15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5");
  // 64-byte secret export/import keeps the key.
  auto secret = kp.sr25519_secret().value();
  CHECK(Keypair::from_sr25519_secret(secret.view()).value().public_key() == kp.public_key());
}
