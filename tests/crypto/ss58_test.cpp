// SPDX-License-Identifier: MIT
// SS58 encode/decode, MultiSigner/MultiSignature SCALE helpers.
#include <bt/crypto/error.hpp>
#include <bt/crypto/ss58.hpp>
#include <catch2/catch.hpp>

using namespace bt;
using namespace bt::crypto;

namespace {
const char* kAlicePk = "0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d";
}

TEST_CASE("ss58 known addresses", "[crypto][ss58][vectors]") {
  auto alice = AccountId32::from_hex(kAlicePk).value();
  CHECK(ss58_encode(alice).value() == "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
  CHECK(ss58_encode(alice, 0).value() == "15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5");  // Polkadot
  CHECK(ss58_encode(alice, 2).value() == "HNZata7iMYWmk5RvZRTiAsSDhV8366zq2YGb3tLH5Upf74F");   // Kusama
  auto d = ss58_decode("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY").value();
  CHECK(d.prefix == 42);
  CHECK(d.payload == alice.to_bytes());
  CHECK(ss58_decode_account("15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5", 0).value() == alice);
  // 33-byte payload: subkey's "Public key (SS58)" of the //Alice ecdsa key.
  auto ecdsa_pk = from_hex("0x020a1091341fe5664bfa1782d5e04779689068c916b04cb365ec3153755684d9a1").value();
  CHECK(ss58_encode(ecdsa_pk).value() == "KW39r9CJjAVzmkf9zQ4YDb2hqfAVGdRqn53eRqyruqpxAP5YL");
  auto d33 = ss58_decode("KW39r9CJjAVzmkf9zQ4YDb2hqfAVGdRqn53eRqyruqpxAP5YL").value();
  CHECK(d33.payload == ecdsa_pk);
  CHECK(ss58_decode_account("KW39r9CJjAVzmkf9zQ4YDb2hqfAVGdRqn53eRqyruqpxAP5YL").error() ==
        CryptoError::invalid_length);
  CHECK(is_valid_ss58_address("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"));
}

TEST_CASE("ss58 round trip for every prefix and short payloads", "[crypto][ss58]") {
  AccountId32 id;
  for (std::size_t i = 0; i < 32; ++i) id[i] = static_cast<std::uint8_t>(i * 7 + 1);
  std::size_t checked = 0;
  for (std::uint32_t p = 0; p <= ss58_max_prefix; ++p) {
    auto prefix = static_cast<std::uint16_t>(p);
    auto enc = ss58_encode(id, prefix);
    if (p == 46 || p == 47) {
      CHECK(enc.error() == CryptoError::invalid_ss58);
      continue;
    }
    REQUIRE(enc);
    auto dec = ss58_decode(*enc);
    REQUIRE(dec);
    REQUIRE(dec->prefix == prefix);
    REQUIRE(dec->payload == id.to_bytes());
    ++checked;
  }
  CHECK(checked == 16382);
  CHECK(ss58_encode(id, 16384).error() == CryptoError::invalid_ss58);
  for (std::size_t n : {1u, 2u, 4u, 8u, 33u}) {
    Bytes payload(n, 0xab);
    for (std::uint16_t prefix : {0, 42, 63, 64, 255, 16383}) {
      auto enc = ss58_encode(payload, prefix).value();
      auto dec = ss58_decode(enc).value();
      CHECK(dec.prefix == prefix);
      CHECK(dec.payload == payload);
    }
  }
  CHECK(ss58_encode(Bytes(31, 1)).error() == CryptoError::invalid_length);
  CHECK(ss58_encode(Bytes{}).error() == CryptoError::invalid_length);
}

TEST_CASE("ss58 rejects bad input with typed errors", "[crypto][ss58]") {
  const std::string good = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
  CHECK(ss58_decode("").error() == CryptoError::invalid_ss58);
  CHECK(ss58_decode("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQ0").error() ==
        CryptoError::invalid_ss58);  // '0'
  CHECK(ss58_decode("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQI").error() ==
        CryptoError::invalid_ss58);  // 'I'
  CHECK(ss58_decode("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQR").error() ==
        CryptoError::ss58_checksum);  // valid character, wrong checksum
  CHECK(ss58_decode("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQl").error() ==
        CryptoError::invalid_ss58);  // 'l' is not in the alphabet
  CHECK(ss58_decode(good.substr(0, good.size() - 1)).error() == CryptoError::invalid_ss58);  // truncated
  {
    auto longer = ss58_decode(good + "1");  // 36 bytes: reads as a two-byte prefix, checksum fails
    REQUIRE_FALSE(longer);
    CHECK((longer.error() == CryptoError::invalid_ss58 || longer.error() == CryptoError::ss58_checksum));
    CHECK(ss58_decode(good + "11").error() == CryptoError::invalid_ss58);  // no payload size fits
  }
  CHECK(ss58_decode(std::string(5000, 'z')).error() == CryptoError::invalid_ss58);
  CHECK(ss58_decode(std::string("5Grwva\0F5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY", 48)).error() ==
        CryptoError::invalid_ss58);
  // Every single-character substitution is rejected (checksum or length), never crashes.
  std::size_t rejected = 0;
  for (std::size_t i = 0; i < good.size(); ++i) {
    std::string bad = good;
    bad[i] = bad[i] == 'a' ? 'b' : 'a';
    if (!ss58_decode(bad)) ++rejected;
  }
  CHECK(rejected == good.size());
  CHECK(ss58_decode_account(good, 0).error() == CryptoError::ss58_prefix_mismatch);
  CHECK_FALSE(is_valid_ss58_address("not an address"));
  // First byte >= 128 after base58 decoding.
  Bytes high(35, 0xff);
  CHECK(ss58_decode(base58_encode(high)).error() == CryptoError::invalid_ss58);
}

TEST_CASE("base58 edge cases", "[crypto][ss58]") {
  CHECK(base58_encode(Bytes{}).empty());
  CHECK(base58_encode(Bytes{0, 0, 1}) == "112");
  CHECK(base58_decode("112").value() == Bytes{0, 0, 1});
  CHECK(base58_encode(as_bytes("hello world")) == "StV1DL6CwTryKyV");
  CHECK(base58_decode("StV1DL6CwTryKyV").value() ==
        Bytes(as_bytes("hello world").begin(), as_bytes("hello world").end()));
  CHECK(base58_decode("0").error() == CryptoError::invalid_ss58);
}

TEST_CASE("MultiSigner and MultiSignature SCALE", "[crypto][ss58]") {
  auto pk = from_hex(kAlicePk).value();
  auto ms = MultiSigner::make(Scheme::sr25519, pk).value();
  auto enc = ms.encode();
  REQUIRE(enc.size() == 33);
  CHECK(enc[0] == 1);
  CHECK(MultiSigner::decode(enc).value() == ms);
  CHECK(ms.account_id().to_bytes() == pk);
  auto ec = MultiSigner::make(
                Scheme::ecdsa,
                from_hex("0x020a1091341fe5664bfa1782d5e04779689068c916b04cb365ec3153755684d9a1").value())
                .value();
  CHECK(ec.encode()[0] == 2);
  CHECK(to_hex(ec.account_id()) == "0x01e552298e47454041ea31273b4b630c64c104e4514aa3643490b8aaca9cf8ed");
  CHECK(MultiSigner::make(Scheme::ecdsa, pk).error() == CryptoError::invalid_length);
  CHECK(MultiSigner::decode(Bytes{}).error() == CryptoError::invalid_length);
  CHECK(MultiSigner::decode(Bytes{3, 1, 2}).error() == CryptoError::unsupported_scheme);
  Bytes trailing = enc;
  trailing.push_back(0);
  CHECK(MultiSigner::decode(trailing).error() == CryptoError::invalid_length);

  auto sig = MultiSignature::make(Scheme::ed25519, Bytes(64, 9)).value();
  auto senc = sig.encode();
  CHECK(senc.size() == 65);
  CHECK(senc[0] == 0);
  CHECK(MultiSignature::decode(senc).value() == sig);
  CHECK(MultiSignature::make(Scheme::ecdsa, Bytes(64, 9)).error() == CryptoError::invalid_length);
  CHECK(MultiSignature::decode(Bytes(66, 2)).value().scheme == Scheme::ecdsa);
  CHECK(parse_scheme("ecdsa").value() == Scheme::ecdsa);
  CHECK(parse_scheme("rsa").error() == CryptoError::unsupported_scheme);
}
