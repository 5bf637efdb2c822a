// SPDX-License-Identifier: MIT
// Hash functions used by Substrate/Bittensor: BLAKE2b, xxHash ("twox"), Keccak-256, SHA-2, HMAC, PBKDF2,
// and the storage-key hashers built on them.
//
//   bt::Hash256 h = bt::crypto::blake2b_256(bt::as_bytes("abc"));
//   auto prefix = bt::crypto::twox_128(bt::as_bytes("System"));   // 0x26aa394eea5630e07c48ae0c9558cef7
//   bt::Bytes key = bt::crypto::blake2_128_concat(account_id);     // blake2b_128(x) ++ x
//
// All functions are pure, thread-safe and total (they cannot fail) except blake2b() with an explicit
// output length/key, which checks its arguments. The hashes themselves run in time independent of the
// data values (BLAKE2b, SHA-2, Keccak, HMAC via libsodium / our own Keccak); twox (xxHash) is NOT a
// cryptographic hash and must never be used on secrets.
//
// References: RFC 7693 (BLAKE2), FIPS 180-4 (SHA-2), RFC 2104/4231 (HMAC), RFC 8018 (PBKDF2),
// Keccak team reference (Keccak-f[1600], original Keccak padding 0x01 as Ethereum uses, not SHA3's 0x06),
// xxHash XXH64; Substrate `sp_core::hashing` and `frame_support::Twox64Concat/Blake2_128Concat`.
#pragma once

#include <bt/bytes.hpp>
#include <bt/result.hpp>
#include <cstddef>
#include <cstdint>
#include <span>

namespace bt::crypto {

// ---- BLAKE2b (unkeyed) -------------------------------------------------------------------------
// BLAKE2b with the given digest length (the digest length is part of the BLAKE2b parameter block, so
// blake2b_128(x) is NOT a prefix of blake2b_256(x)).
FixedBytes<16> blake2b_128(ByteView data);
Hash256 blake2b_256(ByteView data);
FixedBytes<64> blake2b_512(ByteView data);

// BLAKE2b with any digest length 1..64 and an optional key of 0..64 bytes.
// Errors: CryptoError::invalid_length if out_len is 0 or > 64, or key is longer than 64 bytes.
Result<Bytes> blake2b(ByteView data, std::size_t out_len, ByteView key = {});

// ---- xxHash (twox) -----------------------------------------------------------------------------
// Substrate's twox: XXH64 with seeds 0, 1, 2, 3, each 64-bit result written little-endian and
// concatenated. twox_64 uses seed 0 only, twox_128 seeds 0..1, twox_256 seeds 0..3.
// Not cryptographic: only for storage keys of trusted/public data.
FixedBytes<8> twox_64(ByteView data);
FixedBytes<16> twox_128(ByteView data);
FixedBytes<32> twox_256(ByteView data);

// ---- Keccak ------------------------------------------------------------------------------------
// Keccak-256 as Ethereum uses it (rate 136, original padding 0x01 ... 0x80). keccak_256("") =
// c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470.
Hash256 keccak_256(ByteView data);

// The Keccak-f[1600] permutation (24 rounds) applied in place. Lane i is state[i] = A[x][y] with
// i = x + 5*y, each lane holding 8 bytes little-endian (the byte layout of the sponge state).
void keccak_f1600(std::uint64_t state[25]) noexcept;

// ---- SHA-2, HMAC, PBKDF2 -----------------------------------------------------------------------
Hash256 sha256(ByteView data);
FixedBytes<64> sha512(ByteView data);
// HMAC (RFC 2104) with keys of any length (longer keys are hashed first, as the RFC specifies).
FixedBytes<64> hmac_sha512(ByteView key, ByteView data);
Hash256 hmac_sha256(ByteView key, ByteView data);

// PBKDF2 (RFC 8018) with HMAC-SHA512, filling all of `out` (any length; blocks of 64 bytes).
// rounds == 0 is treated as 1 (the RFC requires c >= 1). Constant time in password/salt contents.
// BIP39 seed: pbkdf2_hmac_sha512(mnemonic_or_entropy, "mnemonic" + passphrase, 2048, out).
void pbkdf2_hmac_sha512(ByteView password, ByteView salt, std::uint32_t rounds, std::span<std::uint8_t> out);

// ---- Substrate storage hashers -----------------------------------------------------------------
// Blake2_128Concat: blake2b_128(data) ++ data.
Bytes blake2_128_concat(ByteView data);
// Twox64Concat: twox_64(data) ++ data.
Bytes twox_64_concat(ByteView data);

}  // namespace bt::crypto
