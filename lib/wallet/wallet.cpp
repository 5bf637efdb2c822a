// SPDX-License-Identifier: MIT
#include <bt/crypto/bip39.hpp>
#include <bt/wallet/wallet.hpp>
#include <cstdlib>

#include "wallet/file_write.hpp"

namespace bt::wallet {

std::filesystem::path default_wallet_root() {
  std::string p = "~/.bittensor/wallets";
  if (const char* env = std::getenv("BT_WALLET_PATH"); env && *env) p = env;
  if (p.size() >= 1 && p[0] == '~' && (p.size() == 1 || p[1] == '/')) {
    const char* home = std::getenv("HOME");
    p = std::string(home ? home : "") + p.substr(1);
  }
  return std::filesystem::path(p);
}

Wallet::Wallet(std::string name, std::string hotkey, std::optional<std::filesystem::path> root)
    : name_(std::move(name)), hotkey_(std::move(hotkey)), root_(root ? *root : default_wallet_root()) {}

Keyfile Wallet::coldkey_file() const { return Keyfile(wallet_dir() / "coldkey", "coldkey"); }
Keyfile Wallet::coldkeypub_file() const { return Keyfile(wallet_dir() / "coldkeypub.txt", "coldkeypub.txt"); }
Keyfile Wallet::hotkey_file() const { return Keyfile(wallet_dir() / "hotkeys" / hotkey_, hotkey_); }
Keyfile Wallet::hotkeypub_file() const {
  return Keyfile(wallet_dir() / "hotkeys" / (hotkey_ + "pub.txt"), hotkey_ + "pub.txt");
}

Result<void> Wallet::write_pair(const Keyfile& secret_file, const Keyfile& pub_file, const KeyMaterial& key,
                                const NewKeyOptions& options) {
  BT_TRY_VOID(detail::check_path(secret_file.path()));
  BT_TRY_VOID(detail::check_path(pub_file.path()));
  if (!options.overwrite && (secret_file.exists() || pub_file.exists()))
    return fail(KeyfileError::already_exists,
                secret_file.path().string() + " (or its public file) exists (pass overwrite to replace it)");
  WriteOptions w;
  w.encrypt = options.use_password;
  w.password = options.password;
  w.password_callback = options.password_callback;
  w.overwrite = options.overwrite;
  w.allow_unencrypted_secret = !options.use_password;  // NewKeyOptions::use_password=false is explicit
  BT_TRY(SecureBytes secret, encode_keyfile(key, w));
  WriteOptions pw;
  pw.encrypt = false;
  pw.public_only = true;
  pw.overwrite = options.overwrite;
  BT_TRY(SecureBytes pub, encode_keyfile(key, pw));
  // Both files or neither: the secret file first (it decides the winner among concurrent creators).
  return detail::write_files({{secret_file.path(), secret.view()}, {pub_file.path(), pub.view()}},
                             options.overwrite);
}

Result<std::string> Wallet::create_new_coldkey(const NewKeyOptions& options) {
  BT_TRY(std::string phrase, crypto::bip39::generate(options.n_words));
  BT_TRY(KeyMaterial key, KeyMaterial::from_mnemonic(phrase));
  BT_TRY_VOID(write_pair(coldkey_file(), coldkeypub_file(), key, options));
  coldkey_ = std::move(key);
  return phrase;
}

Result<std::string> Wallet::create_new_hotkey(NewKeyOptions options) {
  BT_TRY(std::string phrase, crypto::bip39::generate(options.n_words));
  BT_TRY(KeyMaterial key, KeyMaterial::from_mnemonic(phrase));
  BT_TRY_VOID(write_pair(hotkey_file(), hotkeypub_file(), key, options));
  hotkey_cache_ = std::move(key);
  return phrase;
}

Result<void> Wallet::set_coldkey(const KeyMaterial& key, const NewKeyOptions& options) {
  BT_TRY_VOID(write_pair(coldkey_file(), coldkeypub_file(), key, options));
  coldkey_ = key;
  return ok();
}

Result<void> Wallet::set_hotkey(const KeyMaterial& key, const NewKeyOptions& options) {
  BT_TRY_VOID(write_pair(hotkey_file(), hotkeypub_file(), key, options));
  hotkey_cache_ = key;
  return ok();
}

Result<void> Wallet::regenerate_coldkey_from_mnemonic(std::string_view mnemonic,
                                                      const NewKeyOptions& options) {
  BT_TRY(KeyMaterial key, KeyMaterial::from_mnemonic(mnemonic));
  return set_coldkey(key, options);
}

Result<void> Wallet::regenerate_coldkey_from_seed(ByteView seed, const NewKeyOptions& options) {
  BT_TRY(KeyMaterial key, KeyMaterial::from_seed(seed));
  return set_coldkey(key, options);
}

Result<void> Wallet::regenerate_hotkey_from_mnemonic(std::string_view mnemonic,
                                                     const NewKeyOptions& options) {
  BT_TRY(KeyMaterial key, KeyMaterial::from_mnemonic(mnemonic));
  return set_hotkey(key, options);
}

Result<void> Wallet::regenerate_coldkeypub(const crypto::AccountId32& public_key, bool overwrite) {
  WriteOptions w;
  w.encrypt = false;
  w.public_only = true;
  w.overwrite = overwrite;
  Keyfile f = coldkeypub_file();
  return f.set_keypair(KeyMaterial::public_only(public_key), w);
}

Result<std::reference_wrapper<const KeyMaterial>> Wallet::unlock_coldkey(const PasswordSource& pw) {
  if (coldkey_ && coldkey_->has_private_key()) return std::cref(*coldkey_);
  BT_TRY(KeyMaterial key, coldkey_file().get_keypair(pw));
  coldkey_ = std::move(key);
  return std::cref(*coldkey_);
}

Result<std::reference_wrapper<const KeyMaterial>> Wallet::unlock_hotkey(const PasswordSource& pw) {
  if (hotkey_cache_ && hotkey_cache_->has_private_key()) return std::cref(*hotkey_cache_);
  BT_TRY(KeyMaterial key, hotkey_file().get_keypair(pw));
  hotkey_cache_ = std::move(key);
  return std::cref(*hotkey_cache_);
}

Result<KeyMaterial> Wallet::coldkeypub() const { return coldkeypub_file().get_keypair(); }
Result<KeyMaterial> Wallet::hotkeypub() const { return hotkeypub_file().get_keypair(); }

void Wallet::lock() noexcept {
  coldkey_.reset();
  hotkey_cache_.reset();
}

}  // namespace bt::wallet
