// SPDX-License-Identifier: MIT
// tle-compatible timelock encryption (see the header for the scheme and the byte layout).
#include <bt/crypto/timelock.hpp>

#include <openssl/evp.h>
#include <sodium.h>
#include <bt/crypto/bls12_381_hash.hpp>
#include <bt/crypto/bls12_381_pairing.hpp>
#include <bt/crypto/drand.hpp>
#include <bt/crypto/hashing.hpp>

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <string_view>

#include "detail/error_category.hpp"

namespace bt::crypto::timelock {
namespace bls = bls12_381;

namespace {
const char* timelock_error_message(TimelockError e) {
  switch (e) {
    case TimelockError::commit_deserialize:
      return "timelock ciphertext does not deserialize";
    case TimelockError::signature_deserialize:
      return "round signature does not deserialize";
    case TimelockError::header_len:
      return "timelock header V/W is not 32 bytes";
    case TimelockError::ibe_invalid_signature:
      return "signature does not open this ciphertext (wrong round or key)";
    case TimelockError::aead_decrypt:
      return "AES-GCM authentication failed";
    case TimelockError::invalid_public_key:
      return "invalid beacon public key";
    case TimelockError::backend_failure:
      return "crypto backend failure";
  }
  return "unknown timelock error";
}

constexpr std::string_view kCipherSuite = "AES_GCM_";
constexpr std::size_t kTagLen = 16;

struct CtxDeleter {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CtxDeleter>;

Result<Bytes> aes_gcm_seal(ByteView key, ByteView nonce, ByteView plain) {
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  Bytes out(plain.size() + kTagLen);
  int len = 0;
  if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(nonce.size()), nullptr) != 1 ||
      EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, key.data(), nonce.data()) != 1 ||
      EVP_EncryptUpdate(ctx.get(), out.data(), &len, plain.data(), static_cast<int>(plain.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), out.data() + len, &len) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagLen, out.data() + plain.size()) != 1)
    return fail(TimelockError::backend_failure, "AES-256-GCM encryption");
  return out;
}

Result<SecureBytes> aes_gcm_open(ByteView key, ByteView nonce, ByteView sealed) {
  if (sealed.size() < kTagLen) return fail(TimelockError::aead_decrypt, "shorter than the tag");
  if (nonce.size() != 12) return fail(TimelockError::aead_decrypt, "nonce is not 12 bytes");
  const std::size_t n = sealed.size() - kTagLen;
  SecureBytes out(n);
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  std::uint8_t tag[kTagLen];
  std::memcpy(tag, sealed.data() + n, kTagLen);
  int len = 0;
  if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(nonce.size()), nullptr) != 1 ||
      EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, key.data(), nonce.data()) != 1 ||
      EVP_DecryptUpdate(ctx.get(), out.data(), &len, sealed.data(), static_cast<int>(n)) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagLen, tag) != 1)
    return fail(TimelockError::backend_failure, "AES-256-GCM decryption setup");
  if (EVP_DecryptFinal_ex(ctx.get(), out.data() + len, &len) != 1) return fail(TimelockError::aead_decrypt);
  return out;
}

void put_vec(Bytes& out, ByteView v) {
  std::uint64_t n = v.size();
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(n >> (8 * i)));
  out.insert(out.end(), v.begin(), v.end());
}

// Reads a Vec<u8> (u64 LE length + bytes); a length beyond the input is an error, not an allocation.
Result<Bytes> get_vec(ByteView in, std::size_t& pos) {
  if (in.size() - pos < 8) return fail(TimelockError::commit_deserialize, "truncated length prefix");
  std::uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | in[pos + static_cast<std::size_t>(i)];
  pos += 8;
  if (n > in.size() - pos) return fail(TimelockError::commit_deserialize, "length prefix overruns the input");
  Bytes v(in.begin() + static_cast<std::ptrdiff_t>(pos), in.begin() + static_cast<std::ptrdiff_t>(pos + n));
  pos += static_cast<std::size_t>(n);
  return v;
}

// e(Q, P) hashed as tle does: SHA-256 of the arkworks Fq12 bytes.
Hash256 h2(const bls::G1& q, const bls::G2& p) {
  FixedBytes<576> gt = bls::pairing(q, p).to_arkworks_bytes();
  const Hash256 h = sha256(gt);
  secure_wipe(gt.data.data(), gt.size());
  return h;
}

bls::G1 identity_point(std::uint64_t round) {
  const Hash256 m = drand::round_message(round);
  return bls::hash_to_g1(m, as_bytes(bls::kDrandQuicknetDst)).value();  // fixed valid DST: cannot fail
}

// A decoded, subgroup-checked beacon key and, from its second use on, its fixed-base table.
struct BeaconKey {
  bls::G2 point;
  std::shared_ptr<const bls::FixedBaseTable<bls::G2>> table;  // null until the key is reused
  bls::G2 mul(const bls::Scalar& k) const noexcept { return table ? table->mul(k) : bls::mul(point, k); }
};

// The last key is cached (it is public and almost always drand quicknet): that saves the G2 subgroup
// check on every commit, and a key used twice gets a fixed-base table (a few ms once, then [r]pk costs
// a third of a variable-base multiplication).
Result<BeaconKey> decode_beacon_key(ByteView key) {
  static std::mutex mu;
  static Bytes cached_bytes;
  static BeaconKey cached;
  static bool cached_used_twice = false;
  bls::G2 point = bls::G2::identity();
  bool build_table = false;
  {
    std::lock_guard<std::mutex> lock(mu);
    if (!cached_bytes.empty() && key.size() == cached_bytes.size() &&
        std::equal(key.begin(), key.end(), cached_bytes.begin())) {
      if (cached.table || cached_used_twice) return cached;  // (another thread may be building it)
      cached_used_twice = true;
      point = cached.point;
      build_table = true;
    }
  }
  if (build_table) {
    // second use: build the table outside the lock, then publish it if the cache still holds this key
    auto table = std::make_shared<const bls::FixedBaseTable<bls::G2>>(point);
    std::lock_guard<std::mutex> lock(mu);
    if (key.size() == cached_bytes.size() && std::equal(key.begin(), key.end(), cached_bytes.begin()))
      cached.table = table;
    return BeaconKey{point, table};
  }
  auto pk = bls::g2_from_compressed(key);
  if (!pk) return fail(TimelockError::invalid_public_key, pk.error().to_string());
  if (bls::is_identity(*pk)) return fail(TimelockError::invalid_public_key, "identity");
  std::lock_guard<std::mutex> lock(mu);
  cached_bytes.assign(key.begin(), key.end());
  cached = BeaconKey{*pk, nullptr};
  cached_used_twice = false;
  return cached;
}

// r = int_be(SHA-256(sigma || esk)) mod r
bls::Scalar derive_r(ByteView sigma, ByteView esk) {
  std::uint8_t buf[64];
  std::memcpy(buf, sigma.data(), 32);
  std::memcpy(buf + 32, esk.data(), 32);
  Hash256 h = sha256(ByteView(buf, 64));
  const bls::Scalar r = bls::Scalar::from_bytes_be_mod_order(h);
  secure_wipe(buf, sizeof(buf));
  secure_wipe(h.data.data(), h.size());
  return r;
}
}  // namespace

BT_DEFINE_ERROR_CATEGORY(TimelockError, timelock_category, "bt.crypto.timelock", timelock_error_message)

Result<Ciphertext> Ciphertext::parse(ByteView in) {
  if (in.size() < 96) return fail(TimelockError::commit_deserialize, "shorter than U");
  auto u = bls::g2_from_compressed(in.first(96));
  if (!u) return fail(TimelockError::commit_deserialize, "U: " + u.error().to_string());
  Ciphertext c;
  c.u = *u;
  std::size_t pos = 96;
  BT_TRY(c.v, get_vec(in, pos));
  BT_TRY(c.w, get_vec(in, pos));
  BT_TRY(Bytes body, get_vec(in, pos));
  BT_TRY(c.cipher_suite, get_vec(in, pos));
  c.consumed = pos;
  // the body is itself a serialized AESOutput { ciphertext: Vec<u8>, nonce: Vec<u8> }, read from a reader
  std::size_t bpos = 0;
  BT_TRY(c.aes_ciphertext, get_vec(body, bpos));
  BT_TRY(c.nonce, get_vec(body, bpos));
  c.body_trailing.assign(body.begin() + static_cast<std::ptrdiff_t>(bpos), body.end());
  return c;
}

Bytes Ciphertext::serialize() const {
  Bytes out;
  const auto uc = bls::to_compressed(u);
  out.insert(out.end(), uc.begin(), uc.end());
  put_vec(out, v);
  put_vec(out, w);
  Bytes body;
  put_vec(body, aes_ciphertext);
  put_vec(body, nonce);
  body.insert(body.end(), body_trailing.begin(), body_trailing.end());
  put_vec(out, body);
  put_vec(out, cipher_suite);
  return out;
}

EncryptionRandomness EncryptionRandomness::generate() {
  EncryptionRandomness r;
  randombytes_buf(r.esk.data(), 32);
  for (;;) {  // uniform below r: 255 random bits, rejection-sampled (acceptance ~0.9)
    randombytes_buf(r.t_le.data(), 32);
    r.t_le.data()[31] &= 0x7f;
    auto s = bls::Scalar::from_bytes_le(r.t_le.view());
    if (s) {
      bls::Scalar t = *s;
      t.wipe();
      break;
    }
  }
  randombytes_buf(r.nonce.data(), r.nonce.size());
  return r;
}

Result<Bytes> encrypt(ByteView beacon_public_key, std::uint64_t round, ByteView plaintext) {
  return encrypt(beacon_public_key, round, plaintext, EncryptionRandomness::generate());
}

Result<Bytes> encrypt(ByteView beacon_public_key, std::uint64_t round, ByteView plaintext,
                      const EncryptionRandomness& rnd) {
  BT_TRY(const BeaconKey pk, decode_beacon_key(beacon_public_key));

  SecretBytes<32> sigma;
  {
    Hash256 s = sha256(rnd.t_le.view());
    std::memcpy(sigma.data(), s.data.data(), 32);
    secure_wipe(s.data.data(), 32);
  }
  bls::Scalar r = derive_r(sigma.view(), rnd.esk.view());
  Ciphertext c;
  c.u = bls::g2_mul_generator(r);
  bls::G2 r_pk = pk.mul(r);
  r.wipe();
  const Hash256 mask_v = h2(identity_point(round), r_pk);
  secure_wipe(&r_pk, sizeof(r_pk));
  Hash256 mask_w = sha256(sigma.view());
  c.v.resize(32);
  c.w.resize(32);
  for (std::size_t i = 0; i < 32; ++i) {
    c.v[i] = static_cast<std::uint8_t>(sigma.data()[i] ^ mask_v[i]);
    c.w[i] = static_cast<std::uint8_t>(rnd.esk.data()[i] ^ mask_w[i]);
  }
  secure_wipe(mask_w.data.data(), 32);
  BT_TRY(c.aes_ciphertext, aes_gcm_seal(rnd.esk.view(), ByteView(rnd.nonce.data(), 12), plaintext));
  c.nonce.assign(rnd.nonce.begin(), rnd.nonce.end());
  c.cipher_suite.assign(kCipherSuite.begin(), kCipherSuite.end());
  return c.serialize();
}

Result<SecureBytes> decrypt(ByteView ciphertext, ByteView round_signature) {
  BT_TRY(Ciphertext c, Ciphertext::parse(ciphertext));
  auto sig = bls::g1_from_compressed(round_signature);
  if (!sig) return fail(TimelockError::signature_deserialize, sig.error().to_string());
  if (c.v.size() != 32 || c.w.size() != 32) return fail(TimelockError::header_len);

  const Hash256 mask_v = h2(*sig, c.u);
  SecretBytes<32> sigma, esk;
  for (std::size_t i = 0; i < 32; ++i) sigma.data()[i] = static_cast<std::uint8_t>(c.v[i] ^ mask_v[i]);
  Hash256 mask_w = sha256(sigma.view());
  for (std::size_t i = 0; i < 32; ++i) esk.data()[i] = static_cast<std::uint8_t>(c.w[i] ^ mask_w[i]);
  secure_wipe(mask_w.data.data(), 32);
  bls::Scalar r = derive_r(sigma.view(), esk.view());
  const bool ok = bls::g2_mul_generator(r) == c.u;
  r.wipe();
  if (!ok) return fail(TimelockError::ibe_invalid_signature);
  return aes_gcm_open(esk.view(), c.nonce, c.aes_ciphertext);
}

}  // namespace bt::crypto::timelock
