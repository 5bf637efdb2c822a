// SPDX-License-Identifier: MIT
// BIP39: the standard (Trezor) vectors, substrate-bip39 vectors, word list digest, bad phrases.
#include <bt/crypto/bip39.hpp>
#include <bt/crypto/error.hpp>
#include <bt/crypto/hashing.hpp>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>

#include "support/test_paths.hpp"

using namespace bt;
using namespace bt::crypto;

TEST_CASE("bip39 English word list is the standard one", "[crypto][bip39]") {
  const auto& w = bip39::english_words();
  REQUIRE(w.size() == 2048);
  std::string joined, concat;
  for (auto s : w) {
    joined.append(s);
    joined.push_back('\n');
    concat.append(s);
  }
  // bitcoin/bips bip-0039/english.txt (with its trailing newline).
  CHECK(to_hex(sha256(as_bytes(joined)), false) ==
        "2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda");
  CHECK(to_hex(sha256(as_bytes(concat)), false) ==
        "ad90bf3beb7b0eb7e5acd74727dc0da96e0a280a258354e7293fb7e211ac03db");
  CHECK(std::is_sorted(w.begin(), w.end()));
}

TEST_CASE("bip39 Trezor vectors: entropy <-> phrase, standard seed", "[crypto][bip39][vectors]") {
  auto j = nlohmann::json::parse(test::read_text_file(test::vectors_dir() / "bip39" / "trezor_english.json"));
  std::size_t n = 0;
  for (const auto& v : j["english"]) {
    auto entropy = from_hex(v[0].get<std::string>()).value();
    std::string phrase = v[1];
    CHECK(bip39::phrase_from_entropy(entropy).value() == phrase);
    auto back = bip39::entropy_from_phrase(phrase).value();
    CHECK(Bytes(back.view().begin(), back.view().end()) == entropy);
    auto seed = bip39::standard_seed(phrase, "TREZOR").value();
    CHECK(to_hex(seed.view(), false) == v[2].get<std::string>());
    ++n;
  }
  CHECK(n == 24);
}

TEST_CASE("bip39 substrate-bip39 vectors (seed over entropy)", "[crypto][bip39][vectors]") {
  auto j =
      nlohmann::json::parse(test::read_text_file(test::vectors_dir() / "bip39" / "substrate_bip39.json"));
  std::string password = j["password"];
  std::size_t n = 0;
  for (const auto& v : j["vectors"]) {
    std::string phrase = v["phrase"];
    auto entropy = bip39::entropy_from_phrase(phrase).value();
    CHECK(to_hex(entropy.view(), false) == v["entropy"].get<std::string>());
    auto seed = bip39::seed_from_entropy(entropy.view(), password).value();
    CHECK(to_hex(seed.view(), false) == v["seed"].get<std::string>());
    auto mini = bip39::mini_secret_from_phrase(phrase, password).value();
    CHECK(to_hex(mini.view(), false) == v["seed"].get<std::string>().substr(0, 64));
    ++n;
  }
  CHECK(n == 24);
}

TEST_CASE("bip39 generate gives valid, distinct phrases", "[crypto][bip39]") {
  std::set<std::string> seen;
  for (std::size_t words : {12u, 15u, 18u, 21u, 24u}) {
    for (int i = 0; i < 5; ++i) {
      auto p = bip39::generate(words).value();
      CHECK(bip39::validate(p));
      std::size_t count = static_cast<std::size_t>(std::count(p.begin(), p.end(), ' ')) + 1;
      CHECK(count == words);
      seen.insert(p);
    }
  }
  CHECK(seen.size() == 25);
  CHECK(bip39::generate(11).error() == CryptoError::mnemonic_word_count);
  CHECK(bip39::generate(0).error() == CryptoError::mnemonic_word_count);
  CHECK(bip39::generate(27).error() == CryptoError::mnemonic_word_count);
}

TEST_CASE("bip39 rejects bad phrases with distinct errors", "[crypto][bip39]") {
  const std::string good = "legal winner thank year wave sausage worth useful legal winner thank yellow";
  CHECK(bip39::validate(good));
  CHECK(bip39::validate("  legal winner thank year wave sausage\tworth useful legal winner thank yellow \n"));
  // Unknown word.
  CHECK(
      bip39::validate("legal winner thank year wave sausage worth useful legal winner thank yelow").error() ==
      CryptoError::invalid_mnemonic);
  CHECK(bip39::validate("Legal winner thank year wave sausage worth useful legal winner thank yellow")
            .error() == CryptoError::invalid_mnemonic);
  // Word count.
  CHECK(bip39::validate("legal winner thank year wave sausage worth useful legal winner thank").error() ==
        CryptoError::mnemonic_word_count);
  CHECK(bip39::validate("").error() == CryptoError::mnemonic_word_count);
  std::string many;
  for (int i = 0; i < 10000; ++i) many += "abandon ";
  CHECK(bip39::validate(many).error() == CryptoError::mnemonic_word_count);
  // Checksum: last word changed to another valid word.
  CHECK(
      bip39::validate("legal winner thank year wave sausage worth useful legal winner thank year").error() ==
      CryptoError::mnemonic_checksum);
  CHECK(bip39::validate(
            "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
            "abandon")
            .error() == CryptoError::mnemonic_checksum);
  CHECK(bip39::phrase_from_entropy(Bytes(15, 0)).error() == CryptoError::invalid_length);
  CHECK(bip39::seed_from_entropy(Bytes(33, 0)).error() == CryptoError::invalid_length);
  CHECK(bip39::mini_secret_from_phrase("zoo").error() == CryptoError::mnemonic_word_count);
}
