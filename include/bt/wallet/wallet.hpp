// SPDX-License-Identifier: MIT
// Bittensor wallets on disk, laid out as btwallet does:
//   <root>/<wallet>/coldkey              coldkey keyfile (encrypted by default)
//   <root>/<wallet>/coldkeypub.txt       public part of the coldkey (plain JSON)
//   <root>/<wallet>/hotkeys/<hotkey>     hotkey keyfile (btwallet writes it unencrypted by default)
//   <root>/<wallet>/hotkeys/<hotkey>pub.txt
// with <root> = ~/.bittensor/wallets by default ($BT_WALLET_PATH overrides; a constructor argument
// overrides both). Files are created 0600, directories 0700. Keys are sr25519.
//
// A key and its public file are written together, all or nothing: both are written and flushed to
// temporaries first, then published; without overwrite they are created only if absent (atomically:
// of several processes creating the same wallet exactly one succeeds, the others get
// KeyfileError::already_exists, and the files on disk always belong to the winner's key), and a
// failure (ENOSPC, permissions...) leaves neither file behind. Wallet and hotkey names containing a
// NUL byte give KeyfileError::invalid_path.
//
// Unlocking the coldkey runs Argon2 with 512 MiB once; the unlocked key is cached in the Wallet so
// one unlock serves any number of signatures (lock() forgets it).
//
//   bt::wallet::Wallet w("my_wallet", "my_hotkey");
//   auto mnemonic = w.create_new_coldkey({.password = "correct horse"}).value();
//   const auto& cold = w.unlock_coldkey(bt::wallet::PasswordSource::of("correct horse")).value();
//   auto sig = cold.keypair().value().get().sign(payload);
#pragma once

#include <bt/result.hpp>
#include <bt/wallet/keyfile.hpp>
#include <filesystem>
#include <optional>
#include <string>

namespace bt::wallet {

// ~/.bittensor/wallets, or $BT_WALLET_PATH when set (a leading "~/" is expanded with $HOME).
std::filesystem::path default_wallet_root();

struct NewKeyOptions {
  std::size_t n_words = 12;
  bool use_password = true;             // encrypt (coldkey default); false needs no password
  std::optional<std::string> password;  // else password_callback is asked
  PasswordCallback password_callback;
  bool overwrite = false;
};

class Wallet {
 public:
  explicit Wallet(std::string name = "default", std::string hotkey = "default",
                  std::optional<std::filesystem::path> root = std::nullopt);

  const std::string& name() const noexcept { return name_; }
  const std::string& hotkey_name() const noexcept { return hotkey_; }
  const std::filesystem::path& root() const noexcept { return root_; }
  std::filesystem::path wallet_dir() const { return root_ / name_; }

  Keyfile coldkey_file() const;
  Keyfile coldkeypub_file() const;
  Keyfile hotkey_file() const;
  Keyfile hotkeypub_file() const;

  // Generates a new mnemonic, writes coldkey (+ coldkeypub.txt) and returns the mnemonic.
  // The coldkey is encrypted unless options.use_password is false (an explicit request).
  Result<std::string> create_new_coldkey(const NewKeyOptions& options = {});
  // Same for the hotkey; hotkeys default to unencrypted like btwallet (use_password=false).
  Result<std::string> create_new_hotkey(NewKeyOptions options = hotkey_defaults());
  static NewKeyOptions hotkey_defaults() {
    NewKeyOptions o;
    o.use_password = false;
    return o;
  }

  // Writes existing key material as coldkey / hotkey (+ public files).
  Result<void> set_coldkey(const KeyMaterial& key, const NewKeyOptions& options = {});
  Result<void> set_hotkey(const KeyMaterial& key, const NewKeyOptions& options = hotkey_defaults());
  Result<void> regenerate_coldkey_from_mnemonic(std::string_view mnemonic, const NewKeyOptions& options = {});
  Result<void> regenerate_coldkey_from_seed(ByteView seed, const NewKeyOptions& options = {});
  Result<void> regenerate_hotkey_from_mnemonic(std::string_view mnemonic,
                                               const NewKeyOptions& options = hotkey_defaults());
  // Writes coldkeypub.txt only (watch-only wallet).
  Result<void> regenerate_coldkeypub(const crypto::AccountId32& public_key, bool overwrite = false);

  // Loads and caches. The returned reference stays valid until lock() or the next unlock of the key.
  Result<std::reference_wrapper<const KeyMaterial>> unlock_coldkey(const PasswordSource& pw = {});
  Result<std::reference_wrapper<const KeyMaterial>> unlock_hotkey(const PasswordSource& pw = {});
  bool coldkey_unlocked() const noexcept { return coldkey_.has_value(); }
  bool hotkey_unlocked() const noexcept { return hotkey_cache_.has_value(); }
  // Public keys (no password needed).
  Result<KeyMaterial> coldkeypub() const;
  Result<KeyMaterial> hotkeypub() const;
  // Forgets cached private keys.
  void lock() noexcept;

 private:
  Result<void> write_pair(const Keyfile& secret_file, const Keyfile& pub_file, const KeyMaterial& key,
                          const NewKeyOptions& options);
  std::string name_;
  std::string hotkey_;
  std::filesystem::path root_;
  std::optional<KeyMaterial> coldkey_;
  std::optional<KeyMaterial> hotkey_cache_;
};

}  // namespace bt::wallet
