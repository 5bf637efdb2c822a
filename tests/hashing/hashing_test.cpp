// SPDX-License-Identifier: MIT
// Hash vectors: RFC 7693 / BLAKE2 KAT (blake2b), FIPS 180-2 examples (SHA-2), RFC 4231 (HMAC),
// RFC 6070-style PBKDF2-HMAC-SHA512 vectors, Substrate storage prefixes (twox). Values not taken from a
// spec were produced with Python's hashlib (an independent implementation) or with an independent
// pure-Python XXH64; each is commented.
#include <bt/crypto/error.hpp>
#include <bt/crypto/hashing.hpp>
#include <catch2/catch.hpp>
#include <string>

using namespace bt::crypto;

namespace {
std::string hex(bt::ByteView v) { return bt::to_hex(v, false); }
bt::Bytes unhex(std::string_view s) { return bt::from_hex(s).value(); }
}  // namespace

TEST_CASE("blake2b fixed sizes", "[crypto][hashing][vectors]") {
  CHECK(hex(blake2b_256({})) == "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
  // RFC 7693 appendix A.
  CHECK(hex(blake2b_512(bt::as_bytes("abc"))) ==
        "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de45"
        "33cc9518d38aa8dbf1925ab92386edd4009923");
  // hashlib.blake2b(..., digest_size=16)
  CHECK(hex(blake2b_128(bt::as_bytes("abc"))) == "cf4ab791c62b8d2b2109c90275287816");
  CHECK(hex(blake2b_128({})) == "cae66941d9efbd404e4d88758ea67670");
}

TEST_CASE("blake2b keyed and variable length", "[crypto][hashing][vectors]") {
  bt::Bytes key(64);
  for (int i = 0; i < 64; ++i) key[i] = static_cast<std::uint8_t>(i);
  // BLAKE2 reference blake2b-kat.txt, first two keyed entries (in = "" and in = 00 01 02).
  CHECK(hex(blake2b({}, 64, key).value()) ==
        "10ebb67700b1868efb4417987acf4690ae9d972fb7a590c2f02871799aaa4786b5e996e8f0f4eb981fc214b005"
        "f42d2ff4233499391653df7aefcbc13fc51568");
  CHECK(hex(blake2b(unhex("000102"), 64, key).value()) ==
        "33d0825dddf7ada99b0e7e307104ad07ca9cfd9692214f1561356315e784f3e5a17e364ae9dbb14cb2036df932"
        "b77f4b292761365fb328de7afdc6d8998f5fc1");
  // hashlib: digest_size=1, and digest_size=8 with key b"key" (lengths below libsodium's BYTES_MIN).
  CHECK(hex(blake2b(bt::as_bytes("abc"), 1).value()) == "6b");
  CHECK(hex(blake2b(bt::as_bytes("abc"), 8, bt::as_bytes("key")).value()) == "616aa094ad54529b");
  // Unkeyed variable-length agrees with the fixed helpers.
  CHECK(blake2b(bt::as_bytes("abc"), 32).value() == blake2b_256(bt::as_bytes("abc")).to_bytes());
}

TEST_CASE("blake2b rejects bad lengths", "[crypto][hashing][bad-input]") {
  auto r0 = blake2b(bt::as_bytes("x"), 0);
  REQUIRE_FALSE(r0);
  CHECK(r0.error() == CryptoError::invalid_length);
  CHECK(blake2b(bt::as_bytes("x"), 65).error() == CryptoError::invalid_length);
  CHECK(blake2b(bt::as_bytes("x"), static_cast<std::size_t>(-1)).error() == CryptoError::invalid_length);
  bt::Bytes long_key(65, 1);
  CHECK(blake2b(bt::as_bytes("x"), 32, long_key).error() == CryptoError::invalid_length);
  CHECK(blake2b(bt::as_bytes("x"), 64, bt::Bytes(64, 1)));
}

TEST_CASE("twox matches Substrate", "[crypto][hashing][vectors]") {
  // Storage prefixes of System.Account as every Substrate chain uses them.
  CHECK(hex(twox_128(bt::as_bytes("System"))) == "26aa394eea5630e07c48ae0c9558cef7");
  CHECK(hex(twox_128(bt::as_bytes("Account"))) == "b99d880ec681799c0cf30e8886371da9");
  // XXH64("", 0) = 0xef46db3751d8e999 (xxHash spec), written little-endian.
  CHECK(hex(twox_64({})) == "99e9d85137db46ef");
  // Independent pure-Python XXH64, seeds 0..3 little-endian (tests/crypto README: /tmp/xxh64.py).
  CHECK(hex(twox_64(bt::as_bytes("abc"))) == "990977adf52cbc44");
  CHECK(hex(twox_256({})) == "99e9d85137db46ef4bbea33613baafd56f963c64b1f3685a4eb4abd67ff6203a");
  CHECK(hex(twox_256(bt::as_bytes("Balances"))) ==
        "c2261276cc9d1f8598ea4b6a74b15c2f1982647952c5af2b7adeff7496e6388b");
  bt::Bytes data(100);
  for (int i = 0; i < 100; ++i) data[i] = static_cast<std::uint8_t>(i);  // exercises the 32-byte stripes
  CHECK(hex(twox_256(data)) == "9765163280e5c16a23708a09a2a3193d44c1d7fcf25cd859033ed69339cbc25d");
}

TEST_CASE("storage hasher concat helpers", "[crypto][hashing]") {
  const bt::Bytes acc = unhex("d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d");
  const bt::Bytes b = blake2_128_concat(acc);
  REQUIRE(b.size() == 48);
  CHECK(bt::Bytes(b.begin(), b.begin() + 16) == blake2b_128(acc).to_bytes());
  CHECK(bt::Bytes(b.begin() + 16, b.end()) == acc);
  // System.Account key for //Alice as it appears on every dev chain (blake2_128 =
  // de1e86a9a8c739864cf3cc5ec2bea59f).
  CHECK(hex(b) ==
        "de1e86a9a8c739864cf3cc5ec2bea59fd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d");
  const bt::Bytes t = twox_64_concat(bt::as_bytes("abc"));
  CHECK(hex(t) == "990977adf52cbc44616263");
  CHECK(twox_64_concat({}).size() == 8);
}

TEST_CASE("sha2 and hmac vectors", "[crypto][hashing][vectors]") {
  CHECK(hex(sha256(bt::as_bytes("abc"))) ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(hex(sha512(bt::as_bytes("abc"))) ==
        "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3"
        "feebbd454d4423643ce80e2a9ac94fa54ca49f");
  // RFC 4231 test case 1.
  const bt::Bytes k1(20, 0x0b);
  CHECK(hex(hmac_sha256(k1, bt::as_bytes("Hi There"))) ==
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  CHECK(hex(hmac_sha512(k1, bt::as_bytes("Hi There"))) ==
        "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eae"
        "a3f4e4be9d914eeb61f1702e696c203a126854");
  // RFC 4231 test case 6 (key longer than the block size).
  const bt::Bytes k6(131, 0xaa);
  const auto d6 = bt::as_bytes("Test Using Larger Than Block-Size Key - Hash Key First");
  CHECK(hex(hmac_sha256(k6, d6)) == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  CHECK(hex(hmac_sha512(k6, d6)) ==
        "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d"
        "6a1e5295e64f73f63f0aec8b915a985d786598");
}

TEST_CASE("pbkdf2-hmac-sha512 vectors", "[crypto][hashing][vectors]") {
  std::array<std::uint8_t, 64> out{};
  pbkdf2_hmac_sha512(bt::as_bytes("password"), bt::as_bytes("salt"), 1, out);
  CHECK(hex(out) ==
        "867f70cf1ade02cff3752599a3a53dc4af34c7a669815ae5d513554e1c8cf252c02d470a285a0501bad999bfe9"
        "43c08f050235d7d68b1da55e63f73b60a57fce");
  pbkdf2_hmac_sha512(bt::as_bytes("password"), bt::as_bytes("salt"), 2, out);
  CHECK(hex(out) ==
        "e1d9c16aa681708a45f5c7c4e215ceb66e011a2e9f0040713f18aefdb866d53cf76cab2868a39b9f7840edce4f"
        "ef5a82be67335c77a6068e04112754f27ccf4e");
  // Multi-block output (100 bytes = 2 blocks, the second truncated); hashlib.pbkdf2_hmac.
  std::array<std::uint8_t, 100> out100{};
  pbkdf2_hmac_sha512(bt::as_bytes("passwordPASSWORDpassword"),
                     bt::as_bytes("saltSALTsaltSALTsaltSALTsaltSALTsalt"), 4096, out100);
  CHECK(hex(out100) ==
        "8c0511f4c6e597c6ac6315d8f0362e225f3c501495ba23b868c005174dc4ee71115b59f9e60cd9532fa33e0f75"
        "aefe30225c583a186cd82bd4daea9724a3d3b804f75bdd41494fa324cab24bcc680fb3b96a30cf5d21fac3c287"
        "5913919f3399b1d9ce7e");
  // rounds == 0 behaves as 1; empty output is a no-op.
  std::array<std::uint8_t, 64> out0{};
  pbkdf2_hmac_sha512(bt::as_bytes("password"), bt::as_bytes("salt"), 0, out0);
  pbkdf2_hmac_sha512(bt::as_bytes("password"), bt::as_bytes("salt"), 1, out);
  CHECK(out0 == out);
  pbkdf2_hmac_sha512(bt::as_bytes("password"), bt::as_bytes("salt"), 1, std::span<std::uint8_t>());
}

TEST_CASE("BIP39 seed of the Substrate dev phrase (Substrate style: entropy as password)",
          "[crypto][hashing][vectors]") {
  // Entropy of "bottom drive obey lake curtain smoke basket hold race lonely fit walk" (the 12 words'
  // 11-bit indices in the BIP39 English list, first 128 bits; checksum nibble 0100 verified).
  const bt::Bytes entropy = unhex("1a486a5fbe53639984cb64b070755f7b");
  std::array<std::uint8_t, 64> seed{};
  pbkdf2_hmac_sha512(entropy, bt::as_bytes("mnemonic"), 2048, seed);
  CHECK(hex(bt::ByteView(seed).first(32)) ==
        "fac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e");
}
