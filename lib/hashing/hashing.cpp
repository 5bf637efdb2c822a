// SPDX-License-Identifier: MIT
// BLAKE2b, SHA-2 and HMAC through libsodium; xxHash through libxxhash; PBKDF2 on top of HMAC.
// Keccak lives in keccak.cpp.
#include <sodium.h>
#include <xxhash.h>

#include <algorithm>
#include <bt/crypto/error.hpp>
#include <bt/crypto/hashing.hpp>
#include <bt/init.hpp>
#include <bt/secure.hpp>
#include <cstring>
#include <string>

namespace bt::crypto {
namespace {

template <std::size_t N>
FixedBytes<N> blake2b_fixed(ByteView data) {
  static_assert(N >= 1 && N <= crypto_generichash_BYTES_MAX);
  bt::init();  // libsodium wants sodium_init() first; idempotent and cheap after the first call
  FixedBytes<N> out;
  // crypto_generichash_blake2b accepts any output length 1..64 (BYTES_MIN is only a recommendation).
  crypto_generichash_blake2b(out.data.data(), N, data.data(), data.size(), nullptr, 0);
  return out;
}

void store_le64(std::uint8_t* p, std::uint64_t v) noexcept {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}

template <std::size_t N>
FixedBytes<N> twox(ByteView data) {
  static_assert(N % 8 == 0);
  FixedBytes<N> out;
  for (std::size_t seed = 0; seed < N / 8; ++seed)
    store_le64(out.data.data() + 8 * seed, XXH64(data.data(), data.size(), seed));
  return out;
}

}  // namespace

FixedBytes<16> blake2b_128(ByteView data) { return blake2b_fixed<16>(data); }
Hash256 blake2b_256(ByteView data) { return Hash256(blake2b_fixed<32>(data)); }
FixedBytes<64> blake2b_512(ByteView data) { return blake2b_fixed<64>(data); }

Result<Bytes> blake2b(ByteView data, std::size_t out_len, ByteView key) {
  if (out_len == 0 || out_len > crypto_generichash_blake2b_BYTES_MAX)
    return fail(CryptoError::invalid_length,
                "blake2b output length must be 1..64, got " + std::to_string(out_len));
  if (key.size() > crypto_generichash_blake2b_KEYBYTES_MAX)
    return fail(CryptoError::invalid_length,
                "blake2b key must be at most 64 bytes, got " + std::to_string(key.size()));
  bt::init();
  Bytes out(out_len);
  if (crypto_generichash_blake2b(out.data(), out_len, data.data(), data.size(),
                                 key.empty() ? nullptr : key.data(), key.size()) != 0)
    return fail(CryptoError::backend_failure, "crypto_generichash_blake2b failed");
  return out;
}

FixedBytes<8> twox_64(ByteView data) { return twox<8>(data); }
FixedBytes<16> twox_128(ByteView data) { return twox<16>(data); }
FixedBytes<32> twox_256(ByteView data) { return twox<32>(data); }

Hash256 sha256(ByteView data) {
  bt::init();
  Hash256 out;
  crypto_hash_sha256(out.data.data(), data.data(), data.size());
  return out;
}

FixedBytes<64> sha512(ByteView data) {
  bt::init();
  FixedBytes<64> out;
  crypto_hash_sha512(out.data.data(), data.data(), data.size());
  return out;
}

FixedBytes<64> hmac_sha512(ByteView key, ByteView data) {
  bt::init();
  crypto_auth_hmacsha512_state st;
  crypto_auth_hmacsha512_init(&st, key.data(), key.size());
  crypto_auth_hmacsha512_update(&st, data.data(), data.size());
  FixedBytes<64> out;
  crypto_auth_hmacsha512_final(&st, out.data.data());
  secure_wipe(&st, sizeof st);
  return out;
}

Hash256 hmac_sha256(ByteView key, ByteView data) {
  bt::init();
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, key.data(), key.size());
  crypto_auth_hmacsha256_update(&st, data.data(), data.size());
  Hash256 out;
  crypto_auth_hmacsha256_final(&st, out.data.data());
  secure_wipe(&st, sizeof st);
  return out;
}

void pbkdf2_hmac_sha512(ByteView password, ByteView salt, std::uint32_t rounds, std::span<std::uint8_t> out) {
  bt::init();
  if (rounds == 0) rounds = 1;
  // The keyed HMAC state is computed once and copied for every PRF call.
  crypto_auth_hmacsha512_state keyed, st;
  crypto_auth_hmacsha512_init(&keyed, password.data(), password.size());
  std::uint8_t u[64], t[64];
  std::size_t done = 0;
  for (std::uint32_t block = 1; done < out.size(); ++block) {
    const std::uint8_t counter[4] = {static_cast<std::uint8_t>(block >> 24),
                                     static_cast<std::uint8_t>(block >> 16),
                                     static_cast<std::uint8_t>(block >> 8), static_cast<std::uint8_t>(block)};
    st = keyed;
    crypto_auth_hmacsha512_update(&st, salt.data(), salt.size());
    crypto_auth_hmacsha512_update(&st, counter, sizeof counter);
    crypto_auth_hmacsha512_final(&st, u);
    std::memcpy(t, u, sizeof t);
    for (std::uint32_t i = 1; i < rounds; ++i) {
      st = keyed;
      crypto_auth_hmacsha512_update(&st, u, sizeof u);
      crypto_auth_hmacsha512_final(&st, u);
      for (std::size_t j = 0; j < sizeof t; ++j) t[j] ^= u[j];
    }
    const std::size_t n = std::min<std::size_t>(64, out.size() - done);
    std::memcpy(out.data() + done, t, n);
    done += n;
  }
  secure_wipe(&keyed, sizeof keyed);
  secure_wipe(&st, sizeof st);
  secure_wipe(u, sizeof u);
  secure_wipe(t, sizeof t);
}

Bytes blake2_128_concat(ByteView data) {
  Bytes out;
  out.reserve(16 + data.size());
  const auto h = blake2b_128(data);
  out.insert(out.end(), h.begin(), h.end());
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

Bytes twox_64_concat(ByteView data) {
  Bytes out;
  out.reserve(8 + data.size());
  const auto h = twox_64(data);
  out.insert(out.end(), h.begin(), h.end());
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

}  // namespace bt::crypto
