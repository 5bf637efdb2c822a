// SPDX-License-Identifier: MIT
// Timelock encryption against the reference commits in tests/vectors/tlock (made by tlref with the tle,
// arkworks and aes-gcm crates subtensor and bittensor-drand use): every commit decrypts to its payload,
// encryption with the recorded randomness reproduces each commit byte for byte, the negative cases fail
// with the matching error kind, and the lenient inputs subtensor accepts are accepted.
#include <bt/crypto/bls12_381.hpp>
#include <bt/crypto/bls12_381_hash.hpp>
#include <bt/crypto/drand.hpp>
#include <bt/crypto/timelock.hpp>

#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>

#include "support/test_paths.hpp"

using namespace bt;
using namespace bt::crypto;
using timelock::TimelockError;

namespace {
Bytes unhex(const std::string& s) { return from_hex(s).value(); }
nlohmann::json load(const char* name) {
  return nlohmann::json::parse(bt::test::read_text_file(bt::test::vectors_dir() / "tlock" / name));
}
std::string hx(ByteView b) { return to_hex(b, false); }

timelock::EncryptionRandomness recorded(const nlohmann::json& im) {
  timelock::EncryptionRandomness r;
  const Bytes esk = unhex(im["esk"]), t = unhex(im["t_le"]), nonce = unhex(im["nonce"]);
  std::copy(esk.begin(), esk.end(), r.esk.data());
  std::copy(t.begin(), t.end(), r.t_le.data());
  std::copy(nonce.begin(), nonce.end(), r.nonce.begin());
  return r;
}

// A test beacon's signature for any round: sk * H(round message).
Bytes beacon_sign(const std::string& sk_be, std::uint64_t round) {
  const auto sk = bls12_381::Scalar::from_bytes_be(unhex(sk_be)).value();
  const auto h =
      bls12_381::hash_to_g1(drand::round_message(round), as_bytes(bls12_381::kDrandQuicknetDst)).value();
  const auto sig = bls12_381::to_compressed(bls12_381::mul(h, sk));
  return Bytes(sig.begin(), sig.end());
}
}  // namespace

TEST_CASE("timelock: every reference commit decrypts to its payload", "[crypto][timelock]") {
  const auto v = load("commits.json");
  REQUIRE(v["cases"].size() >= 10);
  for (const auto& c : v["cases"]) {
    INFO(c["id"].get<std::string>());
    auto plain = timelock::decrypt(unhex(c["commit_hex"]), unhex(c["round_signature"]));
    REQUIRE(plain);
    CHECK(hx(plain->view()) == c["payload_hex"].get<std::string>());
    CHECK(unhex(c["commit_hex"]).size() == 244 + plain->size());
  }
}

TEST_CASE("timelock: encryption with the recorded randomness is byte-identical to tle",
          "[crypto][timelock]") {
  const auto v = load("commits.json");
  for (const auto& c : v["cases"]) {
    INFO(c["id"].get<std::string>());
    const auto out =
        timelock::encrypt(unhex(c["beacon"]["public_key"]), c["inputs"]["round"].get<std::uint64_t>(),
                          unhex(c["payload_hex"]), recorded(c["intermediates"]));
    REQUIRE(out);
    CHECK(hx(*out) == c["commit_hex"].get<std::string>());
    // the second and third encryptions to the same key go through the key's fixed-base table
    for (int again = 0; again < 2; ++again)
      CHECK(hx(timelock::encrypt(unhex(c["beacon"]["public_key"]), c["inputs"]["round"].get<std::uint64_t>(),
                                 unhex(c["payload_hex"]), recorded(c["intermediates"]))
                   .value()) == c["commit_hex"].get<std::string>());
  }
}

TEST_CASE("timelock: own randomness round-trips and opens only with the right round", "[crypto][timelock]") {
  const auto b = load("bls.json");
  const auto& beacon = b["test_beacons"][0];
  const Bytes pk = unhex(beacon["public_key"]);
  const std::string sk = beacon["secret_key_be"];
  for (std::uint64_t round : {std::uint64_t{1}, std::uint64_t{32340463}, ~std::uint64_t{0}}) {
    const Bytes payload = {1, 2, 3, 4, 5};
    const Bytes ct = timelock::encrypt(pk, round, payload).value();
    CHECK(ct.size() == 244 + payload.size());
    const auto plain = timelock::decrypt(ct, beacon_sign(sk, round));
    REQUIRE(plain);
    CHECK(Bytes(plain->view().begin(), plain->view().end()) == payload);
    CHECK(timelock::decrypt(ct, beacon_sign(sk, round - 1)).error() == TimelockError::ibe_invalid_signature);
    // two encryptions of the same payload differ (fresh esk, t and nonce)
    CHECK(timelock::encrypt(pk, round, payload).value() != ct);
  }
  // the empty plaintext is fine
  const Bytes ct = timelock::encrypt(pk, 7, {}).value();
  CHECK(timelock::decrypt(ct, beacon_sign(sk, 7)).value().size() == 0);
}

TEST_CASE("timelock: reference negative cases fail with the matching kind", "[crypto][timelock]") {
  const std::map<std::string, TimelockError> kinds = {
      {"commit_deserialize", TimelockError::commit_deserialize},
      {"signature_deserialize", TimelockError::signature_deserialize},
      {"header_len", TimelockError::header_len},
      {"ibe_invalid_signature", TimelockError::ibe_invalid_signature},
      {"aead_decrypt", TimelockError::aead_decrypt},
  };
  const auto v = load("negative.json");
  for (const auto& c : v["cases"]) {
    INFO(c["id"].get<std::string>());
    auto r = timelock::decrypt(unhex(c["commit_hex"]), unhex(c["signature_hex"]));
    REQUIRE_FALSE(r);
    CHECK(r.error() == kinds.at(c["expected_error_kind"]));
  }
  for (const auto& c : v["accepted_edges"]) {
    INFO(c["id"].get<std::string>());
    auto r = timelock::decrypt(unhex(c["commit_hex"]), unhex(c["signature_hex"]));
    REQUIRE(r);
    CHECK(hx(r->view()) == c["expected"]["plaintext_hex"].get<std::string>());
  }
}

TEST_CASE("timelock: malformed ciphertexts and signatures give typed errors", "[crypto][timelock]") {
  const auto v = load("commits.json");
  const auto& c = v["cases"][1];
  const Bytes commit = unhex(c["commit_hex"]);
  const Bytes sig = unhex(c["round_signature"]);
  // every truncation is a deserialization error, never a crash
  for (std::size_t n = 0; n < commit.size(); ++n) {
    auto r = timelock::decrypt(ByteView(commit).first(n), sig);
    REQUIRE_FALSE(r);
    CHECK(r.error() == TimelockError::commit_deserialize);
  }
  // extended: trailing bytes are ignored, as subtensor's reader-based deserialization does
  Bytes longer = commit;
  longer.insert(longer.end(), {9, 9, 9});
  CHECK(timelock::decrypt(longer, sig));
  CHECK(timelock::Ciphertext::parse(longer).value().consumed == commit.size());
  // signature problems
  CHECK(timelock::decrypt(commit, ByteView(sig).first(47)).error() == TimelockError::signature_deserialize);
  Bytes inf(48, 0);
  inf[0] = 0xc0;
  CHECK(timelock::decrypt(commit, inf).error() == TimelockError::ibe_invalid_signature);
  // header length: |V| = 33 (upstream tle panics here) and |W| = 31
  auto parsed = timelock::Ciphertext::parse(commit).value();
  CHECK(parsed.serialize() == commit);
  auto bad_v = parsed;
  bad_v.v.push_back(0);
  CHECK(timelock::decrypt(bad_v.serialize(), sig).error() == TimelockError::header_len);
  auto bad_w = parsed;
  bad_w.w.pop_back();
  CHECK(timelock::decrypt(bad_w.serialize(), sig).error() == TimelockError::header_len);
  auto bad_nonce = parsed;
  bad_nonce.nonce.push_back(0);
  CHECK(timelock::decrypt(bad_nonce.serialize(), sig).error() == TimelockError::aead_decrypt);
  // bytes after the AES output inside the body: tle ignores them (the body is read with a reader), so the
  // ciphertext still decrypts, and serialize() gives back exactly the parsed bytes (found by the fuzzer)
  auto padded = parsed;
  padded.body_trailing = {0xde, 0xad};
  const Bytes padded_bytes = padded.serialize();
  CHECK(padded_bytes.size() == commit.size() + 2);
  auto reparsed = timelock::Ciphertext::parse(padded_bytes);
  REQUIRE(reparsed);
  CHECK(reparsed->body_trailing == Bytes{0xde, 0xad});
  CHECK(reparsed->serialize() == padded_bytes);
  CHECK(timelock::decrypt(padded_bytes, sig).has_value());
  // a length prefix far beyond the input
  Bytes huge = commit;
  huge[96 + 7] = 0x7f;
  CHECK(timelock::decrypt(huge, sig).error() == TimelockError::commit_deserialize);
  // U off the curve / not compressed
  Bytes bad_u = commit;
  bad_u[0] &= 0x7f;
  CHECK(timelock::decrypt(bad_u, sig).error() == TimelockError::commit_deserialize);
  // encryption to an undecodable key
  CHECK(timelock::encrypt(ByteView(commit).first(95), 1, {}).error() == TimelockError::invalid_public_key);
}

TEST_CASE("timelock: the real on-chain commit parses with a valid U", "[crypto][timelock]") {
  const auto v = load("commits.json");
  for (const auto& e : v["onchain_examples"]) {
    const Bytes commit = unhex(e["commit_hex"]);
    auto c = timelock::Ciphertext::parse(commit);
    REQUIRE(c);
    CHECK(c->consumed == commit.size());
    CHECK(c->v.size() == 32);
    CHECK(c->w.size() == 32);
    CHECK(c->nonce.size() == 12);
    CHECK(std::string(c->cipher_suite.begin(), c->cipher_suite.end()) == "AES_GCM_");
    CHECK(bls12_381::is_in_subgroup_var(c->u));
  }
}
