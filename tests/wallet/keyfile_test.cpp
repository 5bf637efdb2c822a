// SPDX-License-Identifier: MIT
// Keyfile JSON, $NACL encryption (cheap KDF through the test hook, real parameters once against a
// PyNaCl-made vector), bad input, environment passwords.
#include <sys/stat.h>
#include <unistd.h>

#include <bt/crypto/keypair.hpp>
#include <bt/wallet/keyfile.hpp>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "support/test_paths.hpp"
#include "wallet/wallet_fixtures.hpp"

using namespace bt;
using namespace bt::wallet;
namespace fs = std::filesystem;
using bt::test::CheapKdf;
using bt::test::TempDir;

namespace {
const char* kDevPublic = "0x46ebddef8cd9bb167dc30878d7113b7e168e6f0646beffd77d69d39bad76b47a";
const char* kPhrase = "bottom drive obey lake curtain smoke basket hold race lonely fit walk";

Bytes read_vector(const char* name) {
  std::string s = test::read_text_file(test::vectors_dir() / "wallet" / name);
  return Bytes(s.begin(), s.end());
}
}  // namespace

TEST_CASE("keyfile JSON round trip and precedence", "[wallet][keyfile]") {
  auto key = KeyMaterial::from_mnemonic(kPhrase).value();
  CHECK(to_hex(key.public_key()) == kDevPublic);
  CHECK(key.ss58_address() == "5DfhGyQdFobKM8NsWvEeAKk5EQQgYe9AydgJ7rMB6E1EqRzV");
  std::string json = serialize_keyfile_data(key);
  auto j = nlohmann::json::parse(json);
  for (const char* f : {"accountId", "publicKey", "privateKey", "secretPhrase", "secretSeed", "ss58Address"})
    CHECK(j.contains(f));
  CHECK(j["secretSeed"] == "0xfac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e");
  auto back = deserialize_keyfile_data(as_bytes(json)).value();
  CHECK(back.public_key() == key.public_key());
  CHECK(back.mnemonic().value() == kPhrase);

  // Public-only serialisation has no secrets and loads as public-only.
  std::string pub = serialize_keyfile_data(key, true);
  auto pj = nlohmann::json::parse(pub);
  CHECK_FALSE(pj.contains("privateKey"));
  CHECK_FALSE(pj.contains("secretPhrase"));
  auto pk = deserialize_keyfile_data(as_bytes(pub)).value();
  CHECK_FALSE(pk.has_private_key());
  CHECK(pk.public_key() == key.public_key());
  CHECK(pk.keypair().error() == KeyfileError::no_private_key);

  // secretSeed only, privateKey only (64-byte schnorrkel form).
  nlohmann::json s{{"secretSeed", j["secretSeed"]}};
  CHECK(deserialize_keyfile_data(as_bytes(s.dump())).value().public_key() == key.public_key());
  nlohmann::json p{{"privateKey", j["privateKey"]}};
  auto from_private = deserialize_keyfile_data(as_bytes(p.dump())).value();
  CHECK(from_private.public_key() == key.public_key());
  CHECK(from_private.has_private_key());
  // Phrase wins over a conflicting seed.
  nlohmann::json both{{"secretPhrase", kPhrase}, {"secretSeed", "0x" + std::string(64, '1')}};
  CHECK(deserialize_keyfile_data(as_bytes(both.dump())).value().public_key() == key.public_key());
  // Null fields are skipped like btwallet's Option<String>.
  nlohmann::json nulls{{"secretPhrase", nullptr},
                       {"ss58Address", "5DfhGyQdFobKM8NsWvEeAKk5EQQgYe9AydgJ7rMB6E1EqRzV"}};
  CHECK_FALSE(deserialize_keyfile_data(as_bytes(nulls.dump())).value().has_private_key());
}

TEST_CASE("keyfile JSON bad input gives typed errors", "[wallet][keyfile]") {
  auto err = [](std::string_view s) { return deserialize_keyfile_data(as_bytes(s)).error(); };
  CHECK(err("") == KeyfileError::not_json);
  CHECK(err("not json") == KeyfileError::not_json);
  CHECK(err("[1,2]") == KeyfileError::not_json);
  CHECK(err("{\"secretPhrase\": ") == KeyfileError::not_json);
  CHECK(err(std::string(100000, '[')) == KeyfileError::not_json);
  CHECK(err("{}") == KeyfileError::missing_fields);
  CHECK(err("{\"accountId\":\"0x00\"}") == KeyfileError::missing_fields);
  CHECK(err("{\"secretPhrase\": 5}") == KeyfileError::missing_fields);
  CHECK(err("{\"secretPhrase\": \"abandon abandon\"}") == KeyfileError::invalid_key_data);
  CHECK(err("{\"secretSeed\": \"0xzz\"}") == KeyfileError::invalid_key_data);
  CHECK(err("{\"secretSeed\": \"0x1234\"}") == KeyfileError::invalid_key_data);
  CHECK(err("{\"privateKey\": \"0x" + std::string(128, 'f') + "\"}") ==
        KeyfileError::invalid_key_data);  // scalar >= l
  CHECK(err("{\"ss58Address\": \"5Grwva\"}") == KeyfileError::invalid_key_data);
}

TEST_CASE("$NACL encrypt/decrypt with the cheap test KDF", "[wallet][keyfile]") {
  CheapKdf cheap;
  const std::string plain = "{\"ss58Address\":\"5DfhGyQdFobKM8NsWvEeAKk5EQQgYe9AydgJ7rMB6E1EqRzV\"}";
  auto enc = encrypt_nacl(as_bytes(plain), "pw").value();
  CHECK(detect_encryption(enc) == Encryption::nacl);
  CHECK(encryption_method_name(enc) == "NaCl");
  CHECK(enc.size() == 5 + 24 + 16 + plain.size());
  auto dec = decrypt_nacl(enc, "pw").value();
  CHECK(std::string(dec.view().begin(), dec.view().end()) == plain);
  CHECK(decrypt_nacl(enc, "wrong").error() == KeyfileError::wrong_password);
  // Two encryptions use different nonces.
  CHECK(encrypt_nacl(as_bytes(plain), "pw").value() != enc);
  // Tampering anywhere after the prefix fails authentication.
  for (std::size_t i : {5u, 20u, 30u, 44u, 60u}) {
    Bytes t = enc;
    t[i] ^= 0x01;
    CHECK(decrypt_nacl(t, "pw").error() == KeyfileError::wrong_password);
  }
  // Truncations.
  for (std::size_t n : {0u, 5u, 28u, 29u, 44u}) {
    Bytes t(enc.begin(), enc.begin() + static_cast<std::ptrdiff_t>(n));
    auto r = decrypt_nacl(t, "pw");
    REQUIRE_FALSE(r);
    CHECK((r.error() == KeyfileError::truncated || r.error() == KeyfileError::unsupported_format));
  }
  Bytes t(enc.begin(), enc.end() - 1);
  CHECK(decrypt_nacl(t, "pw").error() == KeyfileError::wrong_password);
  CHECK(decrypt_nacl(as_bytes("$ANSIBLE_VAULT;1.1;AES256\n..."), "pw").error() ==
        KeyfileError::unsupported_format);
  CHECK(detect_encryption(as_bytes("gAAAAABfoo")) == Encryption::legacy_fernet);
  CHECK(detect_encryption(as_bytes("{}")) == Encryption::none);
}

TEST_CASE("$NACL with the real btwallet parameters against a PyNaCl keyfile", "[wallet][keyfile][slow]") {
  // Real Argon2i (opslimit 8, 512 MiB): this test intentionally runs the production parameters.
  testing::override_kdf_params_for_tests(std::nullopt);
  const Bytes enc = read_vector("pynacl_coldkey");
  const Bytes plain = read_vector("pynacl_coldkey.plain.json");
  auto dec = decrypt_nacl(enc, "bittensor-cpp test password").value();
  CHECK(Bytes(dec.view().begin(), dec.view().end()) == plain);
  auto key = deserialize_keyfile_data(dec.view()).value();
  CHECK(to_hex(key.public_key()) == kDevPublic);
  // Encrypt with the real parameters (key derived once) and read back with the same key.
  auto k = derive_nacl_key("bittensor-cpp test password").value();
  CHECK(decrypt_nacl_with_key(enc, k).value().view().size() == plain.size());
  auto again = encrypt_nacl_with_key(plain, k).value();
  auto again_plain = decrypt_nacl_with_key(again, k).value();
  CHECK(Bytes(again_plain.view().begin(), again_plain.view().end()) == plain);
}

TEST_CASE("Keyfile on disk: permissions, overwrite, passwords", "[wallet][keyfile]") {
  CheapKdf cheap;
  TempDir dir;
  Keyfile kf(dir.path / "w" / "coldkey");
  CHECK_FALSE(kf.exists());
  CHECK(kf.get_keypair().error() == KeyfileError::not_found);
  auto key = KeyMaterial::from_uri("//Alice").value();

  WriteOptions plain_opts;
  plain_opts.encrypt = false;
  CHECK(kf.set_keypair(key, plain_opts).error() == KeyfileError::unencrypted_refused);
  CHECK_FALSE(kf.exists());

  WriteOptions enc_opts;
  CHECK(kf.set_keypair(key, enc_opts).error() == KeyfileError::password_required);
  enc_opts.password = "secret";
  REQUIRE(kf.set_keypair(key, enc_opts));
  struct stat st {};
  REQUIRE(::stat(kf.path().c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  REQUIRE(::stat((dir.path / "w").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
  CHECK(kf.is_encrypted().value());
  CHECK(kf.set_keypair(key, enc_opts).error() == KeyfileError::already_exists);

  CHECK(kf.get_keypair(PasswordSource{std::nullopt, false, {}}).error() == KeyfileError::password_required);
  CHECK(kf.get_keypair(PasswordSource::of("nope")).error() == KeyfileError::wrong_password);
  auto loaded = kf.get_keypair(PasswordSource::of("secret")).value();
  CHECK(loaded.public_key() == key.public_key());
  int asked = 0;
  PasswordSource cb{std::nullopt, false, [&]() -> std::optional<std::string> {
                      ++asked;
                      return std::string("secret");
                    }};
  CHECK(kf.get_keypair(cb).value().public_key() == key.public_key());
  CHECK(asked == 1);

  // Environment password (obfuscated as btwallet does).
  const std::string var = kf.env_var_name();
  CHECK(var.rfind("BT_PW_", 0) == 0);
  CHECK(var.find('/') == std::string::npos);
  ::setenv(var.c_str(), obfuscate_env_password("secret", var).c_str(), 1);
  CHECK(kf.get_keypair().value().public_key() == key.public_key());
  ::setenv(var.c_str(), "!!!not base64", 1);
  CHECK(kf.get_keypair().error() == KeyfileError::invalid_env_password);
  ::unsetenv(var.c_str());

  // Decrypt in place, then encrypt again.
  REQUIRE(kf.decrypt(PasswordSource::of("secret")));
  CHECK_FALSE(kf.is_encrypted().value());
  REQUIRE(::stat(kf.path().c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  REQUIRE(kf.encrypt("secret2"));
  CHECK(kf.get_keypair(PasswordSource::of("secret2")).value().public_key() == key.public_key());

  // Explicit unencrypted write (hotkey style).
  Keyfile hk(dir.path / "w" / "hotkeys" / "default");
  WriteOptions hot;
  hot.encrypt = false;
  hot.allow_unencrypted_secret = true;
  REQUIRE(hk.set_keypair(key, hot));
  CHECK(hk.get_keypair().value().has_private_key());

  // Garbage and truncated files on disk.
  Keyfile junk(dir.path / "junk");
  REQUIRE(junk.write_data(as_bytes("$NACL123"), false));
  CHECK(junk.get_keypair(PasswordSource::of("x")).error() == KeyfileError::truncated);
  REQUIRE(junk.write_data(as_bytes("gAAAAAB-legacy"), true));
  CHECK(junk.get_keypair(PasswordSource::of("x")).error() == KeyfileError::unsupported_format);
  REQUIRE(junk.write_data(as_bytes("\x01\x02garbage"), true));
  CHECK(junk.get_keypair().error() == KeyfileError::not_json);
  // Unreadable file (skipped when running as root, which ignores permissions).
  if (::geteuid() != 0) {
    ::chmod(junk.path().c_str(), 0);
    CHECK(junk.get_keypair().error() == KeyfileError::permission_denied);
  }
  // A FIFO where a file is expected must not hang.
  REQUIRE(::mkfifo((dir.path / "fifo").c_str(), 0600) == 0);
  CHECK(Keyfile(dir.path / "fifo").get_keypair().error() == KeyfileError::io_error);
  // A directory where a file is expected.
  Keyfile d(dir.path / "w");
  CHECK(d.get_keypair().error() == KeyfileError::io_error);
}

TEST_CASE("environment password obfuscation", "[wallet][keyfile]") {
  CHECK(env_var_name_for("/home/u/.bittensor/wallets/default/coldkey") ==
        "BT_PW__HOME_U__BITTENSOR_WALLETS_DEFAULT_COLDKEY");
  const std::string name = "BT_PW__X";
  for (std::string pw : {"", "a", "correct horse battery staple", "pässwörd"}) {
    auto enc = obfuscate_env_password(pw, name);
    CHECK(deobfuscate_env_password(enc, name).value() == pw);
  }
  // base64("hi" XOR "BT") computed by hand: 'h'^'B' = 0x2a, 'i'^'T' = 0x3d -> "Kj0=".
  CHECK(obfuscate_env_password("hi", "BT") == "Kj0=");
  CHECK(deobfuscate_env_password("Kj0", "BT").error() == KeyfileError::invalid_env_password);
  CHECK(deobfuscate_env_password("@@@@", "BT").error() == KeyfileError::invalid_env_password);
}
