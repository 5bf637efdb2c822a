// SPDX-License-Identifier: MIT
// sr25519 (schnorrkel) on libsodium's ristretto255. The protocol steps mirror schnorrkel's
// sign.rs / keys.rs / derive.rs / context.rs; the transcript is our merlin port.
#include <sodium.h>

#include <algorithm>
#include <bt/crypto/hashing.hpp>
#include <bt/crypto/sr25519.hpp>
#include <bt/init.hpp>
#include <cstring>
#include <limits>

#include "crypto/merlin.hpp"

namespace bt::crypto::sr25519 {
namespace {

using detail::Transcript;

// Wipes a fixed-size scratch buffer when it goes out of scope.
template <std::size_t N>
struct Scratch {
  std::uint8_t b[N] = {};
  ~Scratch() { secure_wipe(b, N); }
  std::uint8_t* data() noexcept { return b; }
  std::span<std::uint8_t, N> span() noexcept { return std::span<std::uint8_t, N>(b); }
};

// Little-endian 256-bit value divided by 8 (schnorrkel divide_scalar_bytes_by_cofactor).
void divide_by_cofactor(std::uint8_t s[32]) noexcept {
  std::uint8_t low = 0;
  for (int i = 31; i >= 0; --i) {
    const std::uint8_t r = s[i] & 0x07;
    s[i] = static_cast<std::uint8_t>((s[i] >> 3) + low);
    low = static_cast<std::uint8_t>(r << 5);
  }
}

// Little-endian 256-bit value times 8, dropping bits above 2^256 (multiply_scalar_bytes_by_cofactor).
void multiply_by_cofactor(std::uint8_t s[32]) noexcept {
  std::uint8_t high = 0;
  for (int i = 0; i < 32; ++i) {
    const std::uint8_t r = s[i] & 0xe0;
    s[i] = static_cast<std::uint8_t>((s[i] << 3) + high);
    high = static_cast<std::uint8_t>(r >> 5);
  }
}

// Group order l = 2^252 + 27742317777372353535851937790883648493, little-endian.
constexpr std::uint8_t kL[32] = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7,
                                 0xa2, 0xde, 0xf9, 0xde, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                                 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10};

// True iff the little-endian 256-bit value s is < l. Constant time (no early exit, no branches on s).
bool scalar_is_canonical(const std::uint8_t s[32]) noexcept {
  // Compute s - l and look at the borrow: s < l  <=>  borrow out of the top byte.
  unsigned borrow = 0;
  for (int i = 0; i < 32; ++i) {
    const unsigned d = static_cast<unsigned>(s[i]) - kL[i] - borrow;
    borrow = (d >> 8) & 1;
  }
  return borrow == 1;
}

// merlin transcript of schnorrkel's signing_context(context).bytes(message).
Transcript signing_transcript(ByteView context, ByteView message) {
  Transcript t("SigningContext");
  t.append_message("", context);
  t.append_message("sign-bytes", message);
  return t;
}

// Scalar from 64 transcript challenge bytes, reduced mod l (Scalar::from_bytes_mod_order_wide).
void challenge_scalar(Transcript& t, std::string_view label, std::uint8_t out[32]) {
  Scratch<64> wide;
  t.challenge_bytes(label, wide.span());
  crypto_core_ristretto255_scalar_reduce(out, wide.data());
}

// schnorrkel witness_bytes: transcript RNG rekeyed with each nonce seed, finalized with 32 bytes
// from the OS RNG.
void witness_bytes(const Transcript& t, std::string_view label, std::initializer_list<ByteView> nonce_seeds,
                   std::span<std::uint8_t> out) {
  auto builder = t.build_rng();
  for (ByteView seed : nonce_seeds) builder.rekey_with_witness_bytes(label, seed);
  Scratch<32> random;
  randombytes_buf(random.data(), 32);
  auto rng = builder.finalize(random.span());
  rng.fill_bytes(out);
}

Keypair make_keypair(const std::uint8_t key[32], const std::uint8_t nonce[32]) {
  Keypair kp;
  std::memcpy(kp.secret.bytes.data(), key, 32);
  std::memcpy(kp.secret.bytes.data() + 32, nonce, 32);
  kp.public_key = public_key_from_secret(kp.secret);
  return kp;
}

// ExpansionMode::Ed25519 of a mini secret.
Keypair expand_ed25519(std::span<const std::uint8_t, 32> mini) {
  bt::init();
  Scratch<64> h;
  crypto_hash_sha512(h.data(), mini.data(), mini.size());
  std::uint8_t* key = h.data();
  key[0] &= 248;
  key[31] &= 63;
  key[31] |= 64;
  divide_by_cofactor(key);  // < 2^252 < l: canonical as is
  return make_keypair(key, h.data() + 32);
}

// Canonical ristretto255 encoding of a point. libsodium 1.0.18 ignores bit 255 when decoding (later
// versions reject it); curve25519-dalek, and so schnorrkel, rejects it, so we check it ourselves.
bool is_valid_point(const std::uint8_t p[32]) noexcept {
  return (p[31] & 0x80) == 0 && crypto_core_ristretto255_is_valid_point(p) == 1;
}

}  // namespace

PublicKey public_key_from_secret(const SecretKey& secret) {
  bt::init();
  PublicKey pk;
  // Returns -1 only for the identity (key == 0), whose encoding (all zeros) it has still written.
  (void)crypto_scalarmult_ristretto255_base(pk.bytes.data.data(), secret.key().data());
  return pk;
}

Keypair keypair_from_seed(std::span<const std::uint8_t, 32> mini_secret) {
  return expand_ed25519(mini_secret);
}

Result<Keypair> keypair_from_secret_bytes(ByteView secret64) {
  if (secret64.size() != secret_key_size)
    return fail(CryptoError::invalid_length, "sr25519 secret key must be 64 bytes");
  if (!scalar_is_canonical(secret64.data()))
    return fail(CryptoError::invalid_secret_key, "sr25519 secret scalar is not canonical (>= l)");
  return make_keypair(secret64.data(), secret64.data() + 32);
}

Result<Keypair> keypair_from_ed25519_bytes(ByteView secret64) {
  if (secret64.size() != secret_key_size)
    return fail(CryptoError::invalid_length, "sr25519 secret key must be 64 bytes");
  Scratch<32> key;
  std::memcpy(key.data(), secret64.data(), 32);
  divide_by_cofactor(key.data());
  if (!scalar_is_canonical(key.data()))
    return fail(CryptoError::invalid_secret_key, "sr25519 secret scalar is not canonical (>= l)");
  return make_keypair(key.data(), secret64.data() + 32);
}

SecretBytes<64> secret_to_bytes(const SecretKey& secret) { return secret.bytes; }

SecretBytes<64> secret_to_ed25519_bytes(const SecretKey& secret) {
  SecretBytes<64> out = secret.bytes;
  multiply_by_cofactor(out.data());
  return out;
}

Result<PublicKey> public_key_from_bytes(ByteView bytes) {
  if (bytes.size() != public_key_size)
    return fail(CryptoError::invalid_length, "sr25519 public key must be 32 bytes");
  bt::init();
  if (!is_valid_point(bytes.data()))
    return fail(CryptoError::invalid_public_key, "not a canonical ristretto255 point encoding");
  PublicKey pk;
  std::copy(bytes.begin(), bytes.end(), pk.bytes.begin());
  return pk;
}

Signature sign(const Keypair& keypair, ByteView message, ByteView context) {
  bt::init();
  Transcript t = signing_transcript(context, message);
  t.append_message("proto-name", as_bytes("Schnorr-sig"));
  t.append_message("sign:pk", keypair.public_key.view());

  Scratch<64> r_wide;
  witness_bytes(t, "signing", {ByteView(keypair.secret.nonce())}, r_wide.span());
  Scratch<32> r;
  crypto_core_ristretto255_scalar_reduce(r.data(), r_wide.data());

  Signature sig;
  std::uint8_t* big_r = sig.data.data();
  std::uint8_t* s = sig.data.data() + 32;
  (void)crypto_scalarmult_ristretto255_base(big_r, r.data());  // r == 0 gives the identity encoding
  t.append_message("sign:R", ByteView(big_r, 32));

  Scratch<32> k;
  challenge_scalar(t, "sign:c", k.data());
  Scratch<32> kx;
  crypto_core_ristretto255_scalar_mul(kx.data(), k.data(), keypair.secret.key().data());
  crypto_core_ristretto255_scalar_add(s, kx.data(), r.data());
  s[31] |= 0x80;  // schnorrkel marker
  return sig;
}

bool verify(const Signature& signature, ByteView message, const PublicKey& public_key, ByteView context) {
  bt::init();
  // merlin frames lengths as u32; longer inputs cannot have been signed.
  if (message.size() > std::numeric_limits<std::uint32_t>::max() ||
      context.size() > std::numeric_limits<std::uint32_t>::max())
    return false;
  const std::uint8_t* big_r = signature.data.data();
  std::uint8_t s[32];
  std::memcpy(s, signature.data.data() + 32, 32);
  if ((s[31] & 0x80) == 0) return false;  // not marked as a schnorrkel signature
  s[31] &= 0x7f;
  if (!scalar_is_canonical(s)) return false;
  const std::uint8_t* a = public_key.bytes.data.data();
  if (!is_valid_point(a)) return false;

  Transcript t = signing_transcript(context, message);
  t.append_message("proto-name", as_bytes("Schnorr-sig"));
  t.append_message("sign:pk", public_key.view());
  t.append_message("sign:R", ByteView(big_r, 32));
  std::uint8_t k[32];
  challenge_scalar(t, "sign:c", k);

  // R' = s*B - k*A. The scalar multiplications return -1 (having written the identity, all zero
  // bytes) when the product is the identity; that is a legitimate intermediate value here.
  std::uint8_t sb[32], ka[32], r2[32];
  (void)crypto_scalarmult_ristretto255_base(sb, s);
  if (crypto_scalarmult_ristretto255(ka, k, a) != 0 && !sodium_is_zero(ka, 32)) return false;
  if (crypto_core_ristretto255_sub(r2, sb, ka) != 0) return false;
  return std::memcmp(r2, big_r, 32) == 0;
}

bool verify_bytes(ByteView signature, ByteView message, ByteView public_key, ByteView context) {
  if (signature.size() != signature_size || public_key.size() != public_key_size) return false;
  Signature sig;
  std::copy(signature.begin(), signature.end(), sig.begin());
  PublicKey pk;
  std::copy(public_key.begin(), public_key.end(), pk.bytes.begin());
  return verify(sig, message, pk, context);
}

SecretBytes<32> derive_hard_mini_secret(const SecretKey& parent, const ChainCode& chain_code) {
  Transcript t("SchnorrRistrettoHDKD");
  t.append_message("sign-bytes", ByteView{});
  t.append_message("chain-code", chain_code.view());
  t.append_message("secret-key", ByteView(parent.key()));
  SecretBytes<32> mini;
  t.challenge_bytes("HDKD-hard", mini.span());
  return mini;
}

Keypair derive_hard(const Keypair& parent, const ChainCode& chain_code) {
  const SecretBytes<32> mini = derive_hard_mini_secret(parent.secret, chain_code);
  return expand_ed25519(mini.span());
}

namespace {
// schnorrkel PublicKey::derive_scalar_and_chaincode on the transcript of derived_key_simple(cc, b"").
Transcript soft_transcript(const PublicKey& parent, const ChainCode& chain_code, std::uint8_t scalar[32]) {
  Transcript t("SchnorrRistrettoHDKD");
  t.append_message("sign-bytes", ByteView{});
  t.append_message("chain-code", chain_code.view());
  t.append_message("public-key", parent.view());
  challenge_scalar(t, "HDKD-scalar", scalar);
  std::uint8_t next_chain_code[32];  // schnorrkel derives it too; Substrate does not use it
  t.challenge_bytes("HDKD-chaincode", next_chain_code);
  return t;
}
}  // namespace

Keypair derive_soft(const Keypair& parent, const ChainCode& chain_code) {
  bt::init();
  Scratch<32> scalar;
  Transcript t = soft_transcript(parent.public_key, chain_code, scalar.data());
  Scratch<32> nonce;
  witness_bytes(t, "HDKD-nonce", {ByteView(parent.secret.nonce()), parent.secret.bytes.view()}, nonce.span());
  Scratch<32> key;
  crypto_core_ristretto255_scalar_add(key.data(), parent.secret.key().data(), scalar.data());
  return make_keypair(key.data(), nonce.data());
}

Result<PublicKey> derive_soft_public(const PublicKey& parent, const ChainCode& chain_code) {
  bt::init();
  if (!is_valid_point(parent.bytes.data.data()))
    return fail(CryptoError::invalid_public_key, "parent is not a valid ristretto255 point");
  std::uint8_t scalar[32];
  (void)soft_transcript(parent, chain_code, scalar);
  std::uint8_t sb[32];
  (void)crypto_scalarmult_ristretto255_base(sb, scalar);
  PublicKey out;
  if (crypto_core_ristretto255_add(out.bytes.data.data(), parent.bytes.data.data(), sb) != 0)
    return fail(CryptoError::backend_failure, "ristretto255 point addition failed");
  return out;
}

}  // namespace bt::crypto::sr25519
