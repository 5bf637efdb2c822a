// SPDX-License-Identifier: MIT
// Wallet layout on disk, creation, regeneration, unlock caching.
#include <sys/stat.h>

#include <bt/crypto/bip39.hpp>
#include <bt/wallet/wallet.hpp>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>

#include "wallet/wallet_fixtures.hpp"

using namespace bt;
using namespace bt::wallet;
namespace fs = std::filesystem;
using bt::test::CheapKdf;
using bt::test::TempDir;

namespace {
mode_t mode_of(const fs::path& p) {
  struct stat st {};
  ::stat(p.c_str(), &st);
  return st.st_mode & 0777;
}
}  // namespace

TEST_CASE("wallet layout and creation", "[wallet]") {
  CheapKdf cheap;
  TempDir dir;
  Wallet w("alice", "hk1", dir.path / "wallets");
  CHECK(w.coldkey_file().path() == dir.path / "wallets" / "alice" / "coldkey");
  CHECK(w.coldkeypub_file().path() == dir.path / "wallets" / "alice" / "coldkeypub.txt");
  CHECK(w.hotkey_file().path() == dir.path / "wallets" / "alice" / "hotkeys" / "hk1");
  CHECK(w.hotkeypub_file().path() == dir.path / "wallets" / "alice" / "hotkeys" / "hk1pub.txt");

  NewKeyOptions opts;
  CHECK(w.create_new_coldkey(opts).error() == KeyfileError::password_required);
  opts.password = "pw";
  auto mnemonic = w.create_new_coldkey(opts).value();
  CHECK(crypto::bip39::validate(mnemonic));
  CHECK(w.coldkey_file().is_encrypted().value());
  CHECK_FALSE(w.coldkeypub_file().is_encrypted().value());
  CHECK(mode_of(w.coldkey_file().path()) == 0600);
  CHECK(mode_of(w.coldkeypub_file().path()) == 0600);
  CHECK(mode_of(w.wallet_dir()) == 0700);
  CHECK(w.create_new_coldkey(opts).error() == KeyfileError::already_exists);

  auto hot_mnemonic = w.create_new_hotkey().value();
  CHECK_FALSE(w.hotkey_file().is_encrypted().value());
  CHECK(mode_of(w.wallet_dir() / "hotkeys") == 0700);

  // A fresh Wallet object reads what was written.
  Wallet r("alice", "hk1", dir.path / "wallets");
  CHECK_FALSE(r.coldkey_unlocked());
  auto pub = r.coldkeypub().value();
  CHECK_FALSE(pub.has_private_key());
  CHECK(r.unlock_coldkey(PasswordSource::of("bad")).error() == KeyfileError::wrong_password);
  int asked = 0;
  PasswordSource cb{std::nullopt, false, [&]() -> std::optional<std::string> {
                      ++asked;
                      return std::string("pw");
                    }};
  const KeyMaterial& cold = r.unlock_coldkey(cb).value().get();
  CHECK(cold.public_key() == pub.public_key());
  CHECK(cold.mnemonic().value() == mnemonic);
  // Cached: the second unlock does not ask again, and signing works many times.
  CHECK(&r.unlock_coldkey(cb).value().get() == &cold);
  CHECK(asked == 1);
  const Bytes msg{1, 2, 3};
  for (int i = 0; i < 3; ++i) {
    auto sig = cold.keypair().value().get().sign(msg);
    CHECK(crypto::verify(sig, msg, pub.public_key()));
  }
  r.lock();
  CHECK_FALSE(r.coldkey_unlocked());
  auto hot = r.unlock_hotkey().value();
  CHECK(hot.get().mnemonic().value() == hot_mnemonic);
  CHECK(r.hotkeypub().value().public_key() == hot.get().public_key());
}

TEST_CASE("wallet regeneration and unencrypted coldkey only on request", "[wallet]") {
  CheapKdf cheap;
  TempDir dir;
  Wallet w("bob", "default", dir.path);
  const std::string phrase = "legal winner thank year wave sausage worth useful legal winner thank yellow";
  NewKeyOptions o;
  o.use_password = false;  // explicit request for an unencrypted coldkey
  REQUIRE(w.regenerate_coldkey_from_mnemonic(phrase, o));
  CHECK_FALSE(w.coldkey_file().is_encrypted().value());
  Wallet reader("bob", "default", dir.path);
  auto k = reader.unlock_coldkey();
  REQUIRE(k);
  CHECK(k->get().mnemonic().value() == phrase);
  CHECK(w.regenerate_coldkey_from_mnemonic(phrase, o).error() == KeyfileError::already_exists);
  o.overwrite = true;
  o.use_password = true;
  o.password = "x";
  REQUIRE(w.regenerate_coldkey_from_mnemonic(phrase, o));
  CHECK(w.coldkey_file().is_encrypted().value());
  CHECK(w.regenerate_coldkey_from_mnemonic("not a phrase", o).error() ==
        crypto::CryptoError::mnemonic_word_count);

  Wallet watch("watch", "default", dir.path);
  auto alice = KeyMaterial::from_uri("//Alice").value();
  REQUIRE(watch.regenerate_coldkeypub(alice.public_key()));
  CHECK(watch.coldkeypub().value().ss58_address() == "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
  CHECK(watch.unlock_coldkey().error() == KeyfileError::not_found);
}

TEST_CASE("default wallet root honours BT_WALLET_PATH and HOME", "[wallet]") {
  const char* old = std::getenv("BT_WALLET_PATH");
  std::string saved = old ? old : "";
  ::setenv("BT_WALLET_PATH", "/tmp/somewhere", 1);
  CHECK(default_wallet_root() == fs::path("/tmp/somewhere"));
  ::unsetenv("BT_WALLET_PATH");
  const char* home = std::getenv("HOME");
  CHECK(default_wallet_root() == fs::path(std::string(home ? home : "") + "/.bittensor/wallets"));
  if (old) ::setenv("BT_WALLET_PATH", saved.c_str(), 1);
}
