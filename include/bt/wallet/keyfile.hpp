// SPDX-License-Identifier: MIT
// Bittensor keyfiles (btwallet-compatible): JSON key data, "$NACL" encryption, environment passwords.
//
// Format (btwallet src/keyfile.rs): a JSON object with string fields
//   accountId, publicKey  "0x" + hex of the 32-byte sr25519 public key
//   privateKey            "0x" + hex of the 64-byte schnorrkel secret (key || nonce)
//   secretPhrase          BIP39 mnemonic (optional)
//   secretSeed            "0x" + hex of the 32-byte mini secret (optional)
//   ss58Address           SS58 (prefix 42) of the public key
// Loading precedence: secretPhrase, then secretSeed, then privateKey, then ss58Address (public only).
// Public files (coldkeypub.txt, hotkeys/<name>pub.txt) hold accountId, publicKey and ss58Address only.
//
// Encryption "$NACL": b"$NACL" ++ nonce(24) ++ crypto_secretbox(plaintext) (XSalsa20-Poly1305, 16-byte
// MAC), key = Argon2i v1.3 (libsodium crypto_pwhash ALG_ARGON2I13) of the password with the fixed salt
// 137183dff15a09bc9c90b5518739e9b1, opslimit 8, memlimit 512 MiB (libsodium *_SENSITIVE). One unlock
// costs 512 MiB of RAM and seconds of CPU: unlock once and keep the KeyMaterial (Wallet caches it).
// "$ANSIBLE_VAULT" and legacy Fernet ("gAAAAA") files are recognised and reported as
// KeyfileError::unsupported_format (re-encrypt them with btcli/btwallet first).
//
// Environment passwords: variable "BT_PW_" + upper(path with '/' and '.' replaced by '_') holding
// base64(password XOR variable name, repeated). This is obfuscation, not encryption.
//
// All functions return typed errors (category "bt.wallet"); malformed files never crash.
#pragma once

#include <bt/bytes.hpp>
#include <bt/crypto/keypair.hpp>
#include <bt/crypto/ss58.hpp>
#include <bt/error.hpp>
#include <bt/result.hpp>
#include <bt/secure.hpp>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace bt::wallet {

// The codes, each with its value and message, written once: X(enumerator, value, message). The enum
// and the category's messages (lib/wallet/keyfile.cpp) are both generated from this list.
#define BT_WALLET_KEYFILE_ERROR_CODES(X)                                                    \
  /* authentication failed: wrong password (a modified ciphertext looks the same) */        \
  X(wrong_password, 1, "wrong password (or the encrypted data was modified)")               \
  /* encrypted data shorter than "$NACL" + nonce + MAC */                                   \
  X(truncated, 2, "encrypted keyfile data is truncated")                                    \
  /* (decrypted) content is not a JSON object */                                            \
  X(not_json, 3, "keyfile data is not a JSON object")                                       \
  /* no secretPhrase / secretSeed / privateKey / ss58Address, or a field is not a string */ \
  X(missing_fields, 4, "keyfile data lacks the required fields")                            \
  /* a field is present but unusable (bad hex, wrong length, bad mnemonic/address) */       \
  X(invalid_key_data, 5, "keyfile field holds invalid key data")                            \
  /* $ANSIBLE_VAULT, legacy Fernet "gAAAAA", or other unknown encryption */                 \
  X(unsupported_format, 6, "unsupported keyfile encryption format")                         \
  /* the keyfile does not exist */                                                          \
  X(not_found, 7, "keyfile not found")                                                      \
  /* the OS refused access */                                                               \
  X(permission_denied, 8, "permission denied")                                              \
  /* any other read/write failure */                                                        \
  X(io_error, 9, "keyfile I/O error")                                                       \
  /* refusing to overwrite an existing keyfile */                                           \
  X(already_exists, 10, "keyfile already exists")                                           \
  /* refusing to write a secret key unencrypted without an explicit request */              \
  X(unencrypted_refused, 11, "refusing to write a secret key unencrypted")                  \
  /* the file is encrypted and no password was supplied */                                  \
  X(password_required, 12, "a password is required")                                        \
  /* Argon2 could not run (e.g. not enough memory) */                                       \
  X(kdf_failure, 13, "password key derivation failed")                                      \
  /* the BT_PW_ variable is not valid base64 / UTF-8 */                                     \
  X(invalid_env_password, 14, "invalid BT_PW_ environment password")                        \
  /* the operation needs a private key the file/key does not contain */                     \
  X(no_private_key, 15, "no private key available")                                         \
  /* the path contains a NUL byte (the OS would silently truncate it) or is empty */        \
  X(invalid_path, 16, "invalid keyfile path")

enum class KeyfileError { BT_WALLET_KEYFILE_ERROR_CODES(BT_ERROR_ENUMERATOR) };

BT_DECLARE_ERROR_ENUM(KeyfileError, keyfile_category);

// ---- key material ------------------------------------------------------------------------------

// What a keyfile holds: always the public key; the sr25519 pair when the secret is known, plus the
// mnemonic / seed it came from when known. Wipes its secrets on destruction.
class KeyMaterial {
 public:
  // Public-only material.
  static KeyMaterial public_only(const crypto::AccountId32& public_key);
  // From an sr25519 pair (the scheme btwallet uses); mnemonic/seed are stored when given.
  static KeyMaterial from_keypair(crypto::Keypair pair, std::optional<std::string> mnemonic = std::nullopt,
                                  std::optional<Bytes> seed = std::nullopt);
  // sr25519 from a BIP39 phrase (seed = mini secret), a 32- or 64-byte seed, or a secret URI.
  static Result<KeyMaterial> from_mnemonic(std::string_view phrase);
  static Result<KeyMaterial> from_seed(ByteView seed);
  static Result<KeyMaterial> from_uri(std::string_view uri);
  // Public-only from an SS58 address (any prefix) or 32-byte public key.
  static Result<KeyMaterial> from_ss58(std::string_view address);

  KeyMaterial(const KeyMaterial&) = default;
  KeyMaterial(KeyMaterial&&) noexcept = default;
  KeyMaterial& operator=(const KeyMaterial&) = default;
  KeyMaterial& operator=(KeyMaterial&&) noexcept = default;
  ~KeyMaterial();

  bool has_private_key() const noexcept { return pair_.has_value(); }
  const crypto::AccountId32& public_key() const noexcept { return public_key_; }
  std::string ss58_address(std::uint16_t prefix = crypto::bittensor_ss58_prefix) const;
  // The pair; KeyfileError::no_private_key for public-only material.
  Result<std::reference_wrapper<const crypto::Keypair>> keypair() const;
  const std::optional<std::string>& mnemonic() const noexcept { return mnemonic_; }
  const std::optional<Bytes>& seed() const noexcept { return seed_; }

 private:
  KeyMaterial() = default;
  std::optional<crypto::Keypair> pair_;
  crypto::AccountId32 public_key_;
  std::optional<std::string> mnemonic_;
  std::optional<Bytes> seed_;
};

// JSON keyfile text for `key` (all fields it knows; public_only keeps only the public fields).
std::string serialize_keyfile_data(const KeyMaterial& key, bool public_only = false);
// The bytes Keyfile::set_keypair writes for `key` (JSON, $NACL-encrypted when options.encrypt).
// Errors: unencrypted_refused, password_required, kdf_failure.
struct WriteOptions;
Result<SecureBytes> encode_keyfile(const KeyMaterial& key, const WriteOptions& options);
// Parses decrypted keyfile JSON. Errors: not_json, missing_fields, invalid_key_data.
Result<KeyMaterial> deserialize_keyfile_data(ByteView json);

// ---- encryption --------------------------------------------------------------------------------

struct KdfParams {
  std::uint64_t opslimit;
  std::size_t memlimit;
};
// The parameters btwallet uses (libsodium crypto_pwhash_argon2i OPSLIMIT/MEMLIMIT_SENSITIVE).
inline constexpr KdfParams nacl_kdf_params{8, 536870912};
// The fixed salt of every $NACL keyfile.
inline constexpr std::uint8_t nacl_salt[16] = {0x13, 0x71, 0x83, 0xdf, 0xf1, 0x5a, 0x09, 0xbc,
                                               0x9c, 0x90, 0xb5, 0x51, 0x87, 0x39, 0xe9, 0xb1};

namespace testing {
// TEST HOOK ONLY. Replaces the Argon2 parameters used by encrypt_nacl/decrypt_nacl (process-wide)
// so that unit tests do not spend 512 MiB per call; nullopt restores nacl_kdf_params. Files written
// under an override cannot be opened by btwallet. Never call this in production code.
void override_kdf_params_for_tests(std::optional<KdfParams> params);

// TEST HOOK ONLY. Makes one future keyfile write fail with errno `error` (e.g. ENOSPC): the
// (after+1)-th temporary-file write (at_publish=false) or the (after+1)-th publish step (link or
// rename of a finished temporary, at_publish=true), process-wide. nullopt clears it. Used to prove
// that a failed write leaves nothing half-created.
struct WriteFault {
  int after = 0;
  int error = 28;  // ENOSPC
  bool at_publish = false;
};
void inject_write_fault_for_tests(std::optional<WriteFault> fault);
}  // namespace testing

enum class Encryption { none, nacl, ansible_vault, legacy_fernet };
Encryption detect_encryption(ByteView data) noexcept;
// "NaCl", "Ansible Vault", "legacy", "unknown" (btwallet keyfile_data_encryption_method).
std::string_view encryption_method_name(ByteView data) noexcept;
inline bool is_encrypted(ByteView data) noexcept { return detect_encryption(data) != Encryption::none; }

// The 32-byte secretbox key for a password (Argon2i13, fixed salt, current KDF parameters).
Result<SecretBytes<32>> derive_nacl_key(std::string_view password);
// "$NACL" ++ random nonce ++ secretbox(plaintext).
Result<Bytes> encrypt_nacl(ByteView plaintext, std::string_view password);
Result<Bytes> encrypt_nacl_with_key(ByteView plaintext, const SecretBytes<32>& key);
// Decrypts "$NACL" data. Errors: truncated, wrong_password, unsupported_format (not $NACL), kdf_failure.
Result<SecureBytes> decrypt_nacl(ByteView data, std::string_view password);
Result<SecureBytes> decrypt_nacl_with_key(ByteView data, const SecretBytes<32>& key);

// ---- environment passwords -----------------------------------------------------------------------
// "BT_PW_" + upper(path with '/' and '.' replaced by '_').
std::string env_var_name_for(const std::filesystem::path& keyfile_path);
// base64(password XOR name) and its inverse (invalid_env_password on bad base64 or UTF-8).
std::string obfuscate_env_password(std::string_view password, std::string_view var_name);
Result<std::string> deobfuscate_env_password(std::string_view value, std::string_view var_name);

// ---- passwords -----------------------------------------------------------------------------------
// Asked only when needed; returning nullopt means "no password available" (password_required).
using PasswordCallback = std::function<std::optional<std::string>()>;

struct PasswordSource {
  std::optional<std::string> password;  // used first when set
  bool use_env = true;                  // then the BT_PW_ variable of the file
  PasswordCallback callback;            // then the callback

  static PasswordSource of(std::string pw) { return PasswordSource{std::move(pw), true, {}}; }
};

// ---- keyfiles on disk ----------------------------------------------------------------------------

struct WriteOptions {
  bool encrypt = true;
  std::optional<std::string> password;  // required when encrypt (else the callback is asked)
  PasswordCallback password_callback;
  bool overwrite = false;
  // Must be set to write private key material unencrypted (btwallet writes hotkeys this way).
  bool allow_unencrypted_secret = false;
  bool public_only = false;  // write only accountId/publicKey/ss58Address
};

class Keyfile {
 public:
  explicit Keyfile(std::filesystem::path path, std::string name = "Keyfile");

  const std::filesystem::path& path() const noexcept { return path_; }
  const std::string& name() const noexcept { return name_; }
  std::string env_var_name() const { return env_var_name_for(path_); }

  bool exists() const;
  // Raw file contents (at most 1 MiB). Errors: not_found, permission_denied, io_error.
  Result<Bytes> read_data() const;
  Result<bool> is_encrypted() const;

  // Reads, decrypts when needed (password from `pw`), parses.
  Result<KeyMaterial> get_keypair(const PasswordSource& pw = {}) const;
  // Same with an already derived key (skips Argon2).
  Result<KeyMaterial> get_keypair_with_key(const SecretBytes<32>& key) const;

  // Writes `key` atomically, mode 0600, parent directories 0700: the data goes to a temporary that
  // is fsync'ed, then published. Without options.overwrite the file is created only if it does not
  // exist, atomically (link/RENAME_NOREPLACE: of concurrent creators exactly one succeeds, the others
  // get already_exists); a failed write (ENOSPC...) leaves no file behind. Paths with a NUL byte:
  // invalid_path.
  Result<void> set_keypair(const KeyMaterial& key, const WriteOptions& options);

  // Re-encrypts a plaintext keyfile in place / decrypts an encrypted one in place.
  Result<void> encrypt(std::string_view password);
  Result<void> decrypt(const PasswordSource& pw);

  // Writes raw bytes atomically with mode 0600 (overwrite controls replacing an existing file; the
  // same guarantees as set_keypair).
  Result<void> write_data(ByteView data, bool overwrite);

 private:
  std::filesystem::path path_;
  std::string name_;
};

}  // namespace bt::wallet

template <>
struct std::is_error_code_enum<bt::wallet::KeyfileError> : std::true_type {};
