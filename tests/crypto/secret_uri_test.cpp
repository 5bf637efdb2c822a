// SPDX-License-Identifier: MIT
// Secret URI parsing and junction chain codes (sp_core::crypto::SecretUri / DeriveJunction).
#include <bt/crypto/error.hpp>
#include <bt/crypto/hashing.hpp>
#include <bt/crypto/secret_uri.hpp>
#include <catch2/catch.hpp>

using namespace bt;
using namespace bt::crypto;

TEST_CASE("junction chain codes follow DeriveJunction", "[crypto][secret_uri]") {
  auto alice = DeriveJunction::from_name("Alice", true);
  CHECK(alice.hard);
  // SCALE("Alice") = 0x14 ++ "Alice", zero padded.
  CHECK(to_hex(alice.chain_code) == "0x14416c6963650000000000000000000000000000000000000000000000000000");
  auto one = DeriveJunction::from_name("1", false);
  CHECK_FALSE(one.hard);
  CHECK(to_hex(one.chain_code) == "0x0100000000000000000000000000000000000000000000000000000000000000");
  CHECK(DeriveJunction::from_name("+1", false) == one);  // Rust u64 parsing accepts '+'
  CHECK(DeriveJunction::from_name("18446744073709551615", true).chain_code ==
        DeriveJunction::from_index(UINT64_MAX, true).chain_code);
  // u64 overflow -> treated as a string.
  auto big = DeriveJunction::from_name("18446744073709551616", true);
  CHECK(big.chain_code[0] == (20 << 2));
  // 31-byte name: SCALE is 32 bytes, kept as is; 32-byte name: 33 bytes -> blake2b-256.
  std::string n31(31, 'x'), n32(32, 'x');
  auto j31 = DeriveJunction::from_name(n31, true);
  CHECK(j31.chain_code[0] == 31 * 4);
  CHECK(j31.chain_code[31] == 'x');
  Bytes enc32{static_cast<std::uint8_t>(32 * 4)};
  enc32.insert(enc32.end(), n32.begin(), n32.end());
  CHECK(DeriveJunction::from_name(n32, true).chain_code == bt::crypto::ChainCode(blake2b_256(enc32).fixed()));
  // 64-byte name: compact length takes two bytes (64 << 2 | 1 = 0x0101).
  std::string n64(64, 'y');
  Bytes enc64{0x01, 0x01};
  enc64.insert(enc64.end(), n64.begin(), n64.end());
  CHECK(DeriveJunction::from_name(n64, false).chain_code ==
        bt::crypto::ChainCode(blake2b_256(enc64).fixed()));
}

TEST_CASE("secret URI grammar", "[crypto][secret_uri]") {
  auto a = parse_secret_uri("//Alice").value();
  CHECK(a.phrase == kDevPhrase);
  CHECK(a.phrase_is_dev_default);
  REQUIRE(a.junctions.size() == 1);
  CHECK(a.junctions[0] == DeriveJunction::from_name("Alice", true));
  CHECK_FALSE(a.password);

  auto b = parse_secret_uri("bottom drive obey//a/b//c///pass/word").value();
  CHECK(b.phrase == "bottom drive obey");
  REQUIRE(b.junctions.size() == 3);
  CHECK(b.junctions[0].hard);
  CHECK_FALSE(b.junctions[1].hard);
  CHECK(b.junctions[2].hard);
  CHECK(b.password.value() == "pass/word");

  auto c = parse_secret_uri("0xabcdef//0").value();
  CHECK(c.is_hex_seed());
  CHECK(c.junctions.size() == 1);

  auto d = parse_secret_uri("").value();
  CHECK(d.phrase == kDevPhrase);
  CHECK(d.junctions.empty());

  auto e = parse_secret_uri("////x").value();  // "///" + password "/x"
  CHECK(e.password.value() == "/x");
  CHECK(e.junctions.empty());

  auto f = parse_secret_uri("///").value();
  CHECK(f.password.value().empty());
  // sp-core AddressUri tests 01, 06, 07, 18, 19.
  CHECK(parse_secret_uri("////////").value().password.value() == "/////");
  auto g = parse_secret_uri("sdasd/xx//a/b//c///pass").value();
  CHECK(g.phrase == "sdasd");
  REQUIRE(g.junctions.size() == 4);
  CHECK(g.junctions[0] == DeriveJunction::from_name("xx", false));
  CHECK(g.junctions[1] == DeriveJunction::from_name("a", true));
  CHECK(g.junctions[2] == DeriveJunction::from_name("b", false));
  CHECK(g.junctions[3] == DeriveJunction::from_name("c", true));
  CHECK(g.password.value() == "pass");
  CHECK(parse_secret_uri("sdasd/asd.a").value().junctions[0] == DeriveJunction::from_name("asd.a", false));
  CHECK(parse_secret_uri("sdasd//asd.a").value().junctions[0] == DeriveJunction::from_name("asd.a", true));
}

TEST_CASE("secret URI rejects malformed text", "[crypto][secret_uri]") {
  // sp-core AddressUri tests 05, 09, 13, 15, 16, 17, 20-22 plus our own.
  for (const char* bad : {"a//", "a/", "//Alice/", "//Alice//", "bad-word//x", "0x12.34", "phrase!", "a//b//",
                          "sdasd//", "sdasd/xx//", "sdasd/", "sdasd.", "sd.asd/asd.a", "sd.asd//asd.a",
                          "///\n", "///a\n", "sd asd///asd.a\n", "snake_case", "caf\xc3\xa9"}) {
    INFO(bad);
    auto r = parse_secret_uri(bad);
    REQUIRE_FALSE(r);
    CHECK(r.error() == CryptoError::invalid_uri);
  }
  CHECK(parse_secret_uri(std::string(5000, 'a')).error() == CryptoError::invalid_uri);
}
