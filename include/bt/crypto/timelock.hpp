// SPDX-License-Identifier: MIT
// Timelock encryption to a drand round, byte-compatible with the `tle` crate (ideal-lab5/timelock rev
// 5416406, the revision bittensor-drand and subtensor pin): Boneh-Franklin FullIdent IBE on BLS12-381
// (identities in G1, beacon key in G2) wrapping a random AES-256-GCM key, and the arkworks serialization
// of tle's TLECiphertext.
//
//   auto commit = timelock::encrypt(drand::quicknet_public_key(), reveal_round, payload);  // Result<Bytes>
//   auto plain  = timelock::decrypt(commit, round_signature);    // Result<SecureBytes>, once the round is
//   out
//
// Encryption (identity m = SHA-256(round as u64 big-endian), Q_id = hash_to_g1(m, quicknet DST)):
//   esk: 32 random bytes (the AES key); t: a random Fr; sigma = SHA-256(t as 32 bytes little-endian)
//   r = int_be(SHA-256(sigma || esk)) mod r;  U = r*G2
//   V = sigma XOR SHA-256(arkworks bytes of e(Q_id, r*P_pub));  W = esk XOR SHA-256(sigma)
//   body = AES-256-GCM(esk, 12-byte random nonce, no AAD)(plaintext) = ct || 16-byte tag
// Ciphertext bytes (Vec<u8> = u64 little-endian length, then the bytes):
//   U (96, compressed G2) | Vec V | Vec W | Vec( Vec(ct||tag) | Vec(nonce) ) | Vec("AES_GCM_")
// so len = 244 + len(plaintext).
//
// Decryption mirrors subtensor's order and leniency: the ciphertext is read from the front and trailing
// bytes are ignored, cipher_suite is not checked; then the signature is decoded, |V| = |W| = 32 is
// required (subtensor spec >= 445; upstream tle would panic on |V| != 32, we never do), sigma and esk
// are recovered, U must equal r*G2 (else ibe_invalid_signature), and the AEAD must open.
//
// Secrets (esk, t, sigma, r, the AES key schedule) are wiped before returning and handled with
// constant-time code: the scalar multiplications by r use the fixed-window ladder, and the pairing on
// r*P_pub has no branches on its value.
#pragma once

#include <bt/bytes.hpp>
#include <bt/crypto/bls12_381.hpp>
#include <bt/error.hpp>
#include <bt/result.hpp>
#include <bt/secure.hpp>

#include <array>
#include <cstdint>

namespace bt::crypto::timelock {

// One code per failure kind of the reference decryptor (tlref / subtensor), in the order they are
// checked, plus encryption-side errors.
enum class TimelockError {
  commit_deserialize = 1,  // ciphertext truncated, a length overruns, or U is not a valid G2 point
  signature_deserialize,   // round signature is not a valid compressed G1 point
  header_len,              // |V| or |W| is not 32 bytes
  ibe_invalid_signature,   // the signature is not the one for this round and key (r*G2 != U)
  aead_decrypt,            // AES-GCM authentication failed (ciphertext or tag altered)
  invalid_public_key,      // beacon public key does not decode (encryption side)
  backend_failure,         // OpenSSL refused an operation, or the RNG failed
};

BT_DECLARE_ERROR_ENUM(TimelockError, timelock_category);

// The parsed TLECiphertext. `consumed` is how many input bytes it occupied (the rest is ignored).
struct Ciphertext {
  bls12_381::G2 u;
  Bytes v, w;
  Bytes aes_ciphertext;  // ct || tag
  Bytes nonce;
  // Bytes after the AES output inside its length-prefixed body. tle reads the body with a reader and
  // ignores what follows, so such a ciphertext still decrypts; they are kept so that serialize()
  // reproduces exactly the bytes that were parsed.
  Bytes body_trailing;
  Bytes cipher_suite;
  std::size_t consumed = 0;

  // Parses like arkworks' `deserialize_compressed` from a reader (U validated: on curve, in G2).
  static Result<Ciphertext> parse(ByteView in);
  Bytes serialize() const;
};

// The randomness of one encryption. Supplying it makes encryption deterministic (tests, vectors).
struct EncryptionRandomness {
  SecretBytes<32> esk;   // the AES-256 key
  SecretBytes<32> t_le;  // a scalar < r, 32 bytes little-endian
  std::array<std::uint8_t, 12> nonce{};
  // Fresh randomness from the OS CSPRNG (t rejection-sampled below r).
  static EncryptionRandomness generate();
};

// Encrypts to `round` under the beacon key (96-byte compressed G2; drand::quicknet_public_key() for
// the chain). Errors: invalid_public_key (also for the identity), backend_failure.
Result<Bytes> encrypt(ByteView beacon_public_key, std::uint64_t round, ByteView plaintext);
Result<Bytes> encrypt(ByteView beacon_public_key, std::uint64_t round, ByteView plaintext,
                      const EncryptionRandomness& randomness);

// Decrypts with the beacon signature of the ciphertext's round (48-byte compressed G1). Errors: the
// TimelockError kinds above, in that order.
Result<SecureBytes> decrypt(ByteView ciphertext, ByteView round_signature);

}  // namespace bt::crypto::timelock

template <>
struct std::is_error_code_enum<bt::crypto::timelock::TimelockError> : std::true_type {};
