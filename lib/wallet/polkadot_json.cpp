// SPDX-License-Identifier: MIT
#include <sodium.h>

#include <array>
#include <bt/crypto/sr25519.hpp>
#include <bt/init.hpp>
#include <bt/wallet/keyfile.hpp>
#include <bt/wallet/polkadot_json.hpp>
#include <cstring>
#include <nlohmann/json.hpp>

#include "core/json_limits.hpp"

namespace bt::wallet {
namespace {

constexpr std::uint8_t kHeader[16] = {48, 83, 2, 1, 1, 48, 5, 6, 3, 43, 101, 112, 4, 34, 4, 32};
constexpr std::uint8_t kDivider[5] = {161, 35, 3, 33, 0};
constexpr std::size_t kScryptLen = 32 + 12;
constexpr std::size_t kNonceLen = crypto_secretbox_NONCEBYTES;

struct ScryptParams {
  std::uint32_t n, p, r;
};
// @polkadot/util-crypto scrypt ALLOWED_PARAMS.
constexpr ScryptParams kAllowed[] = {{1u << 13, 10, 8}, {1u << 14, 5, 8}, {1u << 15, 3, 8},
                                     {1u << 15, 1, 8},  {1u << 16, 2, 8}, {1u << 17, 1, 8}};
constexpr ScryptParams kExportParams{1u << 15, 1, 8};

std::uint32_t le32(const std::uint8_t* p) {
  return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
         static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}
void put_le32(Bytes& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

Result<SecretBytes<32>> scrypt_key(std::string_view password, ByteView salt, const ScryptParams& p) {
  bt::init();
  SecretBytes<32> key;
  if (crypto_pwhash_scryptsalsa208sha256_ll(reinterpret_cast<const std::uint8_t*>(password.data()),
                                            password.size(), salt.data(), salt.size(), p.n, p.r, p.p,
                                            key.data(), key.size()) != 0)
    return fail(KeyfileError::kdf_failure, "scrypt failed");
  return key;
}

bool contains(const nlohmann::json& arr, std::string_view s) {
  if (arr.is_string()) return arr.get<std::string>() == s;
  if (!arr.is_array()) return false;
  for (const auto& v : arr)
    if (v.is_string() && v.get<std::string>() == s) return true;
  return false;
}

}  // namespace

Result<crypto::Keypair> import_polkadot_json(std::string_view json, std::string_view password) {
  if (json.size() > (1u << 20)) return fail(KeyfileError::not_json, "account JSON larger than 1 MiB");
  auto parsed = ::bt::detail::parse_json_checked(json);
  if (!parsed.ok()) return fail(KeyfileError::not_json, "account JSON: " + parsed.error);
  nlohmann::json& j = parsed.value;
  if (!j.is_object()) return fail(KeyfileError::not_json, "not a JSON object");
  auto enc_it = j.find("encoded");
  auto encoding = j.find("encoding");
  if (enc_it == j.end() || !enc_it->is_string() || encoding == j.end() || !encoding->is_object())
    return fail(KeyfileError::missing_fields, "account JSON needs 'encoded' and 'encoding'");
  auto content = encoding->find("content");
  if (content == encoding->end() || !content->is_array() || content->size() < 2 || !(*content)[1].is_string())
    return fail(KeyfileError::missing_fields, "encoding.content must be [\"pkcs8\", <type>]");
  if (!contains(*content, "pkcs8")) return fail(KeyfileError::unsupported_format, "content is not pkcs8");
  auto scheme = crypto::parse_scheme((*content)[1].get<std::string>());
  if (!scheme) return fail(KeyfileError::unsupported_format, "key type " + (*content)[1].get<std::string>());
  nlohmann::json type = encoding->contains("type") ? (*encoding)["type"] : nlohmann::json("none");

  // base64 (standard alphabet, padding optional as polkadot-js accepts).
  const std::string& b64 = enc_it->get_ref<const std::string&>();
  Bytes encoded(b64.size());
  std::size_t len = 0;
  const char* end = nullptr;
  bt::init();
  if (sodium_base642bin(encoded.data(), encoded.size(), b64.data(), b64.size(), nullptr, &len, &end,
                        sodium_base64_VARIANT_ORIGINAL) != 0 &&
      sodium_base642bin(encoded.data(), encoded.size(), b64.data(), b64.size(), nullptr, &len, &end,
                        sodium_base64_VARIANT_ORIGINAL_NO_PADDING) != 0)
    return fail(KeyfileError::invalid_key_data, "'encoded' is not base64");
  encoded.resize(len);

  SecureBytes body;
  if (contains(type, "xsalsa20-poly1305")) {
    if (password.empty()) return fail(KeyfileError::password_required, "the account JSON is encrypted");
    ByteView rest(encoded);
    SecretBytes<32> key;
    if (contains(type, "scrypt")) {
      if (rest.size() < kScryptLen) return fail(KeyfileError::truncated, "shorter than the scrypt header");
      ScryptParams p{le32(rest.data() + 32), le32(rest.data() + 36), le32(rest.data() + 40)};
      bool allowed = false;
      for (const auto& a : kAllowed) allowed = allowed || (a.n == p.n && a.p == p.p && a.r == p.r);
      if (!allowed)
        return fail(KeyfileError::unsupported_format, "scrypt parameters not in polkadot-js's allow-list");
      BT_TRY(key, scrypt_key(password, rest.subspan(0, 32), p));
      rest = rest.subspan(kScryptLen);
    } else {
      std::memcpy(key.data(), password.data(), std::min<std::size_t>(32, password.size()));
    }
    if (rest.size() < kNonceLen + crypto_secretbox_MACBYTES)
      return fail(KeyfileError::truncated, "shorter than nonce and MAC");
    body = SecureBytes(rest.size() - kNonceLen - crypto_secretbox_MACBYTES);
    if (crypto_secretbox_open_easy(body.data(), rest.data() + kNonceLen, rest.size() - kNonceLen, rest.data(),
                                   key.data()) != 0)
      return fail(KeyfileError::wrong_password, "secretbox authentication failed");
  } else if (contains(type, "none")) {
    body = SecureBytes(encoded);
  } else {
    return fail(KeyfileError::unsupported_format, "unknown encoding type");
  }

  ByteView b = body.view();
  if (b.size() < sizeof kHeader || std::memcmp(b.data(), kHeader, sizeof kHeader) != 0)
    return fail(KeyfileError::invalid_key_data, "bad PKCS8 header");
  std::size_t secret_len = 0;
  for (std::size_t n : {64u, 32u}) {
    std::size_t div = sizeof kHeader + n;
    if (b.size() >= div + sizeof kDivider + 32 &&
        std::memcmp(b.data() + div, kDivider, sizeof kDivider) == 0) {
      secret_len = n;
      break;
    }
  }
  if (secret_len == 0) return fail(KeyfileError::invalid_key_data, "bad PKCS8 divider");
  ByteView secret = b.subspan(sizeof kHeader, secret_len);
  ByteView stored_pub = b.subspan(sizeof kHeader + secret_len + sizeof kDivider);
  if (stored_pub.size() > 33) stored_pub = stored_pub.subspan(0, 33);

  Result<crypto::Keypair> kp = fail(KeyfileError::invalid_key_data, "unusable secret");
  if (*scheme == crypto::Scheme::sr25519 && secret_len == 64) {
    auto sr = crypto::sr25519::keypair_from_ed25519_bytes(secret);
    if (sr) kp = crypto::Keypair(std::move(*sr));
  } else {
    // ed25519 64-byte secrets are seed || public; everything else is a 32-byte seed.
    kp = crypto::Keypair::from_seed(secret.subspan(0, 32), *scheme);
  }
  if (!kp) return fail(KeyfileError::invalid_key_data, "secret key: " + kp.error().to_string());
  Bytes pub = kp->public_key();
  const std::size_t cmp = std::min<std::size_t>(32, stored_pub.size());
  if (cmp < 32 || std::memcmp(pub.data(), stored_pub.data(), cmp) != 0)
    return fail(KeyfileError::invalid_key_data, "the secret does not match the stored public key");
  return kp;
}

Result<std::string> export_polkadot_json(const crypto::Keypair& keypair, std::string_view password,
                                         std::string_view name) {
  bt::init();
  if (password.empty()) return fail(KeyfileError::password_required, "export needs a password");
  SecureBytes body(ByteView(kHeader, sizeof kHeader));
  Bytes secret;
  switch (keypair.scheme()) {
    case crypto::Scheme::sr25519: {
      auto s = crypto::sr25519::secret_to_ed25519_bytes(keypair.as_sr25519()->secret);
      secret.assign(s.view().begin(), s.view().end());
      break;
    }
    case crypto::Scheme::ed25519: {
      const auto* ed = keypair.as_ed25519();
      secret.assign(ed->seed.view().begin(), ed->seed.view().end());
      secret.insert(secret.end(), ed->public_key.begin(), ed->public_key.end());
      break;
    }
    case crypto::Scheme::ecdsa: {
      const auto* ec = keypair.as_ecdsa();
      secret.assign(ec->secret.view().begin(), ec->secret.view().end());
      break;
    }
  }
  Bytes pub = keypair.public_key();
  std::size_t total = sizeof kHeader + secret.size() + sizeof kDivider + pub.size();
  body.resize(total);
  std::size_t pos = sizeof kHeader;
  std::memcpy(body.data() + pos, secret.data(), secret.size());
  pos += secret.size();
  std::memcpy(body.data() + pos, kDivider, sizeof kDivider);
  pos += sizeof kDivider;
  std::memcpy(body.data() + pos, pub.data(), pub.size());
  secure_wipe(secret.data(), secret.size());

  Bytes out;
  out.resize(32);
  randombytes_buf(out.data(), 32);
  put_le32(out, kExportParams.n);
  put_le32(out, kExportParams.p);
  put_le32(out, kExportParams.r);
  BT_TRY(SecretBytes<32> key, scrypt_key(password, ByteView(out.data(), 32), kExportParams));
  std::size_t nonce_at = out.size();
  out.resize(nonce_at + kNonceLen + crypto_secretbox_MACBYTES + body.size());
  randombytes_buf(out.data() + nonce_at, kNonceLen);
  crypto_secretbox_easy(out.data() + nonce_at + kNonceLen, body.data(), body.size(), out.data() + nonce_at,
                        key.data());

  std::string b64(sodium_base64_ENCODED_LEN(out.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(b64.data(), b64.size(), out.data(), out.size(), sodium_base64_VARIANT_ORIGINAL);
  b64.resize(std::strlen(b64.c_str()));
  std::string address = keypair.scheme() == crypto::Scheme::ecdsa ? to_hex(pub) : keypair.ss58_address();
  nlohmann::json j{{"encoded", b64},
                   {"encoding",
                    {{"content", {"pkcs8", std::string(crypto::scheme_name(keypair.scheme()))}},
                     {"type", {"scrypt", "xsalsa20-poly1305"}},
                     {"version", "3"}}},
                   {"address", address},
                   {"meta", {{"name", std::string(name)}}}};
  return j.dump();
}

}  // namespace bt::wallet
