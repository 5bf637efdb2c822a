// SPDX-License-Identifier: MIT
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <bt/crypto/bip39.hpp>
#include <bt/crypto/error.hpp>
#include <bt/file.hpp>
#include <bt/init.hpp>
#include <bt/wallet/keyfile.hpp>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <vector>

#include "core/json_limits.hpp"
#include "detail/error_category.hpp"
#include "wallet/file_write.hpp"

namespace bt::wallet {
namespace {

constexpr std::size_t kMaxKeyfileBytes = 1 << 20;
constexpr std::size_t kNaclHeader = 5 + crypto_secretbox_NONCEBYTES;

std::mutex g_kdf_mu;
std::optional<KdfParams> g_kdf_override;

KdfParams current_kdf() {
  std::lock_guard<std::mutex> lock(g_kdf_mu);
  return g_kdf_override.value_or(nacl_kdf_params);
}

bool starts_with(ByteView data, std::string_view prefix) {
  return data.size() >= prefix.size() && std::memcmp(data.data(), prefix.data(), prefix.size()) == 0;
}

Error errno_error(int err, const std::filesystem::path& p, const char* what) {
  std::string msg = std::string(what) + " " + p.string() + ": " + std::strerror(err);
  if (err == ENOENT) return Error(KeyfileError::not_found, msg);
  if (err == EACCES || err == EPERM) return Error(KeyfileError::permission_denied, msg);
  return Error(KeyfileError::io_error, msg);
}

std::string hex0x(ByteView b) { return to_hex(b, true); }

Result<Bytes> parse_hex_field(const std::string& s, const char* field) {
  auto r = from_hex(s);
  if (!r) return fail(KeyfileError::invalid_key_data, std::string(field) + " is not hex");
  return std::move(*r);
}

}  // namespace

BT_DEFINE_ERROR_CATEGORY_FROM_CODES(KeyfileError, keyfile_category, "bt.wallet",
                                    BT_WALLET_KEYFILE_ERROR_CODES)

// ---- KeyMaterial -----------------------------------------------------------------------------------

KeyMaterial::~KeyMaterial() {
  if (mnemonic_) secure_wipe(mnemonic_->data(), mnemonic_->size());
  if (seed_) secure_wipe(seed_->data(), seed_->size());
}

KeyMaterial KeyMaterial::public_only(const crypto::AccountId32& public_key) {
  KeyMaterial k;
  k.public_key_ = public_key;
  return k;
}

KeyMaterial KeyMaterial::from_keypair(crypto::Keypair pair, std::optional<std::string> mnemonic,
                                      std::optional<Bytes> seed) {
  KeyMaterial k;
  k.public_key_ = pair.account_id();
  k.pair_.emplace(std::move(pair));
  k.mnemonic_ = std::move(mnemonic);
  k.seed_ = std::move(seed);
  return k;
}

Result<KeyMaterial> KeyMaterial::from_mnemonic(std::string_view phrase) {
  BT_TRY(crypto::Keypair kp, crypto::Keypair::from_mnemonic(phrase, crypto::Scheme::sr25519));
  Bytes seed = kp.seed() ? Bytes(kp.seed()->view().begin(), kp.seed()->view().end()) : Bytes{};
  return from_keypair(std::move(kp), std::string(phrase), std::move(seed));
}

Result<KeyMaterial> KeyMaterial::from_seed(ByteView seed) {
  if (seed.size() == 32) {
    BT_TRY(crypto::Keypair kp, crypto::Keypair::from_seed(seed, crypto::Scheme::sr25519));
    return from_keypair(std::move(kp), std::nullopt, Bytes(seed.begin(), seed.end()));
  }
  if (seed.size() == 64) {
    BT_TRY(crypto::Keypair kp, crypto::Keypair::from_sr25519_secret(seed));
    return from_keypair(std::move(kp), std::nullopt, Bytes(seed.begin(), seed.end()));
  }
  return fail(crypto::CryptoError::invalid_length, "seed must be 32 or 64 bytes");
}

Result<KeyMaterial> KeyMaterial::from_uri(std::string_view uri) {
  BT_TRY(crypto::Keypair kp, crypto::Keypair::from_uri(uri, crypto::Scheme::sr25519));
  std::optional<Bytes> seed;
  if (kp.seed()) seed = Bytes(kp.seed()->view().begin(), kp.seed()->view().end());
  return from_keypair(std::move(kp), std::nullopt, std::move(seed));
}

Result<KeyMaterial> KeyMaterial::from_ss58(std::string_view address) {
  BT_TRY(crypto::AccountId32 id, crypto::ss58_decode_account(address));
  return public_only(id);
}

std::string KeyMaterial::ss58_address(std::uint16_t prefix) const {
  auto r = crypto::ss58_encode(public_key_, prefix);
  return r ? *r : crypto::ss58_encode(public_key_, 42).value();
}

Result<std::reference_wrapper<const crypto::Keypair>> KeyMaterial::keypair() const {
  if (!pair_) return fail(KeyfileError::no_private_key, "this key has no private part (public keyfile)");
  return std::cref(*pair_);
}

// ---- JSON --------------------------------------------------------------------------------------------

std::string serialize_keyfile_data(const KeyMaterial& key, bool public_only) {
  nlohmann::json j = nlohmann::json::object();
  j["accountId"] = hex0x(key.public_key());
  j["publicKey"] = hex0x(key.public_key());
  j["ss58Address"] = key.ss58_address();
  if (!public_only && key.has_private_key()) {
    const crypto::Keypair& kp = key.keypair()->get();
    if (auto secret = kp.sr25519_secret()) {
      std::string h = hex0x(secret->view());
      j["privateKey"] = h;
      secure_wipe(h.data(), h.size());
    }
    if (key.mnemonic()) j["secretPhrase"] = *key.mnemonic();
    if (key.seed() && !key.seed()->empty()) j["secretSeed"] = hex0x(*key.seed());
  }
  std::string out = j.dump();
  // Wipe the JSON tree's copies of secrets.
  for (const char* f : {"privateKey", "secretPhrase", "secretSeed"}) {
    if (j.contains(f)) {
      auto& s = j[f].get_ref<std::string&>();
      secure_wipe(s.data(), s.size());
    }
  }
  return out;
}

Result<KeyMaterial> deserialize_keyfile_data(ByteView json) {
  if (json.size() > kMaxKeyfileBytes) return fail(KeyfileError::not_json, "keyfile data larger than 1 MiB");
  auto parsed = ::bt::detail::parse_json_checked(
      std::string_view(reinterpret_cast<const char*>(json.data()), json.size()));
  if (!parsed.ok()) return fail(KeyfileError::not_json, "keyfile data: " + parsed.error);
  const nlohmann::json& j = parsed.value;
  if (!j.is_object()) return fail(KeyfileError::not_json, "keyfile data is not a JSON object");
  auto field = [&](const char* name) -> Result<std::optional<std::string>> {
    auto it = j.find(name);
    if (it == j.end() || it->is_null()) return std::optional<std::string>{};
    if (!it->is_string()) return fail(KeyfileError::missing_fields, std::string(name) + " is not a string");
    return std::optional<std::string>(it->get<std::string>());
  };
  BT_TRY(auto phrase, field("secretPhrase"));
  BT_TRY(auto seed_hex, field("secretSeed"));
  BT_TRY(auto private_hex, field("privateKey"));
  BT_TRY(auto ss58, field("ss58Address"));
  struct Wipe {
    std::optional<std::string>* s;
    ~Wipe() {
      if (*s) secure_wipe((*s)->data(), (*s)->size());
    }
  } w1{&phrase}, w2{&seed_hex}, w3{&private_hex};
  if (phrase) {
    auto k = KeyMaterial::from_mnemonic(*phrase);
    if (!k) return fail(KeyfileError::invalid_key_data, "secretPhrase: " + k.error().to_string());
    return k;
  }
  if (seed_hex) {
    BT_TRY(Bytes seed, parse_hex_field(*seed_hex, "secretSeed"));
    auto k = KeyMaterial::from_seed(seed);
    secure_wipe(seed.data(), seed.size());
    if (!k) return fail(KeyfileError::invalid_key_data, "secretSeed: " + k.error().to_string());
    return k;
  }
  if (private_hex) {
    BT_TRY(Bytes pk, parse_hex_field(*private_hex, "privateKey"));
    Result<crypto::Keypair> kp = pk.size() == 64 ? crypto::Keypair::from_sr25519_secret(pk)
                                 : pk.size() == 32
                                     ? crypto::Keypair::from_seed(pk, crypto::Scheme::sr25519)
                                     : Result<crypto::Keypair>(fail(crypto::CryptoError::invalid_length,
                                                                    "privateKey must be 32 or 64 bytes"));
    secure_wipe(pk.data(), pk.size());
    if (!kp) return fail(KeyfileError::invalid_key_data, "privateKey: " + kp.error().to_string());
    return KeyMaterial::from_keypair(std::move(*kp));
  }
  if (ss58) {
    auto k = KeyMaterial::from_ss58(*ss58);
    if (!k) return fail(KeyfileError::invalid_key_data, "ss58Address: " + k.error().to_string());
    return k;
  }
  return fail(KeyfileError::missing_fields, "no secretPhrase, secretSeed, privateKey or ss58Address");
}

// ---- encryption ------------------------------------------------------------------------------------

namespace testing {
void inject_write_fault_for_tests(std::optional<WriteFault> fault) { detail::set_write_fault(fault); }

void override_kdf_params_for_tests(std::optional<KdfParams> params) {
  std::lock_guard<std::mutex> lock(g_kdf_mu);
  g_kdf_override = params;
}
}  // namespace testing

Encryption detect_encryption(ByteView data) noexcept {
  if (starts_with(data, "$NACL")) return Encryption::nacl;
  if (starts_with(data, "$ANSIBLE_VAULT")) return Encryption::ansible_vault;
  if (starts_with(data, "gAAAAA")) return Encryption::legacy_fernet;
  return Encryption::none;
}

std::string_view encryption_method_name(ByteView data) noexcept {
  switch (detect_encryption(data)) {
    case Encryption::nacl:
      return "NaCl";
    case Encryption::ansible_vault:
      return "Ansible Vault";
    case Encryption::legacy_fernet:
      return "legacy";
    case Encryption::none:
      break;
  }
  return "unknown";
}

Result<SecretBytes<32>> derive_nacl_key(std::string_view password) {
  if (!bt::init()) return fail(KeyfileError::kdf_failure, "libsodium did not initialise");
  KdfParams p = current_kdf();
  SecretBytes<32> key;
  if (crypto_pwhash(key.data(), key.size(), password.data(), password.size(), nacl_salt, p.opslimit,
                    p.memlimit, crypto_pwhash_ALG_ARGON2I13) != 0)
    return fail(KeyfileError::kdf_failure,
                "Argon2i failed (not enough memory for " + std::to_string(p.memlimit >> 20) + " MiB?)");
  return key;
}

Result<Bytes> encrypt_nacl_with_key(ByteView plaintext, const SecretBytes<32>& key) {
  bt::init();
  Bytes out(kNaclHeader + crypto_secretbox_MACBYTES + plaintext.size());
  std::memcpy(out.data(), "$NACL", 5);
  randombytes_buf(out.data() + 5, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(out.data() + kNaclHeader, plaintext.data(), plaintext.size(), out.data() + 5,
                        key.data());
  return out;
}

Result<Bytes> encrypt_nacl(ByteView plaintext, std::string_view password) {
  BT_TRY(SecretBytes<32> key, derive_nacl_key(password));
  return encrypt_nacl_with_key(plaintext, key);
}

Result<SecureBytes> decrypt_nacl_with_key(ByteView data, const SecretBytes<32>& key) {
  if (detect_encryption(data) != Encryption::nacl)
    return fail(KeyfileError::unsupported_format, "data does not start with $NACL");
  if (data.size() < kNaclHeader + crypto_secretbox_MACBYTES)
    return fail(KeyfileError::truncated,
                std::to_string(data.size()) + " bytes is shorter than a $NACL header");
  bt::init();
  SecureBytes out(data.size() - kNaclHeader - crypto_secretbox_MACBYTES);
  if (crypto_secretbox_open_easy(out.data(), data.data() + kNaclHeader, data.size() - kNaclHeader,
                                 data.data() + 5, key.data()) != 0)
    return fail(KeyfileError::wrong_password, "secretbox authentication failed");
  return out;
}

Result<SecureBytes> decrypt_nacl(ByteView data, std::string_view password) {
  // Check the framing before spending the KDF.
  if (detect_encryption(data) != Encryption::nacl)
    return fail(KeyfileError::unsupported_format, "data does not start with $NACL");
  if (data.size() < kNaclHeader + crypto_secretbox_MACBYTES)
    return fail(KeyfileError::truncated,
                std::to_string(data.size()) + " bytes is shorter than a $NACL header");
  BT_TRY(SecretBytes<32> key, derive_nacl_key(password));
  return decrypt_nacl_with_key(data, key);
}

// ---- environment passwords -------------------------------------------------------------------------

std::string env_var_name_for(const std::filesystem::path& keyfile_path) {
  std::string s = keyfile_path.string();
  for (char& c : s) {
    if (c == '/' || c == '.') c = '_';
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return "BT_PW_" + s;
}

std::string obfuscate_env_password(std::string_view password, std::string_view var_name) {
  bt::init();
  std::string x(password);
  for (std::size_t i = 0; i < x.size() && !var_name.empty(); ++i)
    x[i] = static_cast<char>(x[i] ^ var_name[i % var_name.size()]);
  std::string out(sodium_base64_ENCODED_LEN(x.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(x.data()), x.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  secure_wipe(x.data(), x.size());
  return out;
}

Result<std::string> deobfuscate_env_password(std::string_view value, std::string_view var_name) {
  bt::init();
  if (value.size() > 4096) return fail(KeyfileError::invalid_env_password, "value too long");
  std::string bin(value.size(), '\0');
  std::size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(bin.data()), bin.size(), value.data(), value.size(),
                        nullptr, &len, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != value.data() + value.size())
    return fail(KeyfileError::invalid_env_password, "not valid base64");
  bin.resize(len);
  for (std::size_t i = 0; i < bin.size() && !var_name.empty(); ++i)
    bin[i] = static_cast<char>(bin[i] ^ var_name[i % var_name.size()]);
  // Must be UTF-8 (btwallet returns an empty password otherwise; we report it).
  auto valid_utf8 = [](std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
      unsigned char c = static_cast<unsigned char>(s[i]);
      std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
      if (n == 0 || i + n > s.size()) return false;
      for (std::size_t k = 1; k < n; ++k)
        if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
      i += n;
    }
    return true;
  };
  if (!valid_utf8(bin)) {
    secure_wipe(bin.data(), bin.size());
    return fail(KeyfileError::invalid_env_password, "decoded password is not UTF-8");
  }
  return bin;
}

// ---- Keyfile ---------------------------------------------------------------------------------------

Keyfile::Keyfile(std::filesystem::path path, std::string name)
    : path_(std::move(path)), name_(std::move(name)) {}

bool Keyfile::exists() const {
  if (!detail::check_path(path_)) return false;
  std::error_code ec;
  return std::filesystem::is_regular_file(path_, ec);
}

Result<Bytes> Keyfile::read_data() const {
  BT_TRY_VOID(detail::check_path(path_));
  int open_errno = 0;
  auto data = read_regular_file(path_.string(), kMaxKeyfileBytes, &open_errno);
  if (data) return data;
  if (open_errno != 0) return Unexpected{errno_error(open_errno, path_, "cannot open")};
  return fail(KeyfileError::io_error, data.error().message());
}

Result<bool> Keyfile::is_encrypted() const {
  BT_TRY(Bytes data, read_data());
  return wallet::is_encrypted(data);
}

namespace {
Result<std::string> resolve_password(const PasswordSource& pw, const std::string& env_name) {
  if (pw.password) return *pw.password;
  if (pw.use_env) {
    if (const char* v = std::getenv(env_name.c_str())) return deobfuscate_env_password(v, env_name);
  }
  if (pw.callback) {
    if (auto p = pw.callback()) return std::move(*p);
  }
  return fail(KeyfileError::password_required, "the keyfile is encrypted and no password was supplied");
}

Result<SecureBytes> decrypt_any(ByteView data, const PasswordSource& pw, const std::string& env_name) {
  switch (detect_encryption(data)) {
    case Encryption::none:
      return SecureBytes(data);
    case Encryption::ansible_vault:
      return fail(KeyfileError::unsupported_format,
                  "Ansible Vault keyfiles are not supported; re-encrypt with btcli (NaCl)");
    case Encryption::legacy_fernet:
      return fail(KeyfileError::unsupported_format,
                  "legacy Fernet keyfiles are not supported; re-encrypt with btcli (NaCl)");
    case Encryption::nacl:
      break;
  }
  if (data.size() < kNaclHeader + crypto_secretbox_MACBYTES)
    return fail(KeyfileError::truncated,
                std::to_string(data.size()) + " bytes is shorter than a $NACL header");
  BT_TRY(std::string password, resolve_password(pw, env_name));
  auto r = decrypt_nacl(data, password);
  secure_wipe(password.data(), password.size());
  return r;
}
}  // namespace

Result<KeyMaterial> Keyfile::get_keypair(const PasswordSource& pw) const {
  BT_TRY(Bytes data, read_data());
  BT_TRY(SecureBytes plain, decrypt_any(data, pw, env_var_name()));
  return deserialize_keyfile_data(plain.view());
}

Result<KeyMaterial> Keyfile::get_keypair_with_key(const SecretBytes<32>& key) const {
  BT_TRY(Bytes data, read_data());
  if (detect_encryption(data) == Encryption::none) return deserialize_keyfile_data(data);
  BT_TRY(SecureBytes plain, decrypt_nacl_with_key(data, key));
  return deserialize_keyfile_data(plain.view());
}

Result<void> Keyfile::write_data(ByteView data, bool overwrite) {
  return detail::write_files({{path_, data}}, overwrite);
}

Result<SecureBytes> encode_keyfile(const KeyMaterial& key, const WriteOptions& options) {
  const bool has_secret = key.has_private_key() && !options.public_only;
  if (has_secret && !options.encrypt && !options.allow_unencrypted_secret)
    return fail(KeyfileError::unencrypted_refused,
                "writing a private key unencrypted needs WriteOptions::allow_unencrypted_secret");
  std::string json = serialize_keyfile_data(key, options.public_only);
  if (!options.encrypt) {
    SecureBytes out(as_bytes(json));
    secure_wipe(json.data(), json.size());
    return out;
  }
  std::optional<std::string> pw = options.password;
  if (!pw && options.password_callback) pw = options.password_callback();
  if (!pw) {
    secure_wipe(json.data(), json.size());
    return fail(KeyfileError::password_required, "encryption requested but no password supplied");
  }
  auto enc = encrypt_nacl(as_bytes(json), *pw);
  secure_wipe(pw->data(), pw->size());
  secure_wipe(json.data(), json.size());
  if (!enc) return Unexpected{std::move(enc).error()};
  return SecureBytes(*enc);
}

Result<void> Keyfile::set_keypair(const KeyMaterial& key, const WriteOptions& options) {
  BT_TRY_VOID(detail::check_path(path_));
  if (!options.overwrite && exists())
    return fail(KeyfileError::already_exists, path_.string() + " exists (pass overwrite to replace it)");
  BT_TRY(SecureBytes data, encode_keyfile(key, options));
  return write_data(data.view(), options.overwrite);
}

Result<void> Keyfile::encrypt(std::string_view password) {
  BT_TRY(Bytes data, read_data());
  if (wallet::is_encrypted(data)) return ok();  // already encrypted
  BT_TRY_VOID(deserialize_keyfile_data(data));  // refuse to encrypt garbage
  auto enc = encrypt_nacl(data, password);
  secure_wipe(data.data(), data.size());
  if (!enc) return Unexpected{std::move(enc).error()};
  return write_data(*enc, true);
}

Result<void> Keyfile::decrypt(const PasswordSource& pw) {
  BT_TRY(Bytes data, read_data());
  if (!wallet::is_encrypted(data)) return ok();
  BT_TRY(SecureBytes plain, decrypt_any(data, pw, env_var_name()));
  return write_data(plain.view(), true);
}

}  // namespace bt::wallet
