// SPDX-License-Identifier: MIT
// Error codes of the crypto module (keys, signatures, mnemonics, secret URIs, SS58 addresses).
#pragma once

#include <bt/error.hpp>

namespace bt::crypto {

// The codes, each with its value and message, written once: X(enumerator, value, message). The enum
// and the category's messages (lib/hashing/crypto_error.cpp) are both generated from this list.
#define BT_CRYPTO_ERROR_CODES(X)                                                    \
  /* a key, seed, signature or chain code has the wrong size */                     \
  X(invalid_length, 1, "invalid length")                                            \
  /* bytes are not a valid point/encoding for the scheme */                         \
  X(invalid_public_key, 2, "invalid public key")                                    \
  /* secret scalar out of range or not canonical */                                 \
  X(invalid_secret_key, 3, "invalid secret key")                                    \
  /* signature bytes malformed (not: "does not verify" - that is a bool) */         \
  X(invalid_signature, 4, "invalid signature encoding")                             \
  /* unknown word, wrong word count */                                              \
  X(invalid_mnemonic, 5, "invalid mnemonic")                                        \
  /* BIP39 checksum mismatch */                                                     \
  X(mnemonic_checksum, 6, "mnemonic checksum mismatch")                             \
  /* secret URI syntax (//hard /soft ///password, hex seed) */                      \
  X(invalid_uri, 7, "invalid secret URI")                                           \
  /* soft junction on a scheme that has none (ed25519, ecdsa) */                    \
  X(soft_derivation_unsupported, 8, "soft derivation not supported by this scheme") \
  /* not base58, bad length, bad prefix */                                          \
  X(invalid_ss58, 9, "invalid SS58 address")                                        \
  /* SS58 checksum mismatch */                                                      \
  X(ss58_checksum, 10, "SS58 checksum mismatch")                                    \
  /* decoded prefix differs from the expected network */                            \
  X(ss58_prefix_mismatch, 11, "SS58 prefix mismatch")                               \
  /* libsodium / libsecp256k1 refused an operation */                               \
  X(backend_failure, 12, "crypto backend failure")                                  \
  /* scheme not available for this operation */                                     \
  X(unsupported_scheme, 13, "unsupported scheme")                                   \
  /* BIP39 phrase has a word count other than 12, 15, 18, 21 or 24 */               \
  X(mnemonic_word_count, 14, "mnemonic word count must be 12, 15, 18, 21 or 24")

enum class CryptoError { BT_CRYPTO_ERROR_CODES(BT_ERROR_ENUMERATOR) };

BT_DECLARE_ERROR_ENUM(CryptoError, crypto_category);

}  // namespace bt::crypto

template <>
struct std::is_error_code_enum<bt::crypto::CryptoError> : std::true_type {};
