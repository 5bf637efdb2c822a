// SPDX-License-Identifier: MIT
// Error codes of the crypto module (keys, signatures, mnemonics, secret URIs, SS58 addresses).
#pragma once

#include <bt/error.hpp>

namespace bt::crypto {

enum class CryptoError {
  invalid_length = 1,      // a key, seed, signature or chain code has the wrong size
  invalid_public_key,      // bytes are not a valid point/encoding for the scheme
  invalid_secret_key,      // secret scalar out of range or not canonical
  invalid_signature,       // signature bytes malformed (not: "does not verify" - that is a bool)
  invalid_mnemonic,        // unknown word, wrong word count
  mnemonic_checksum,       // BIP39 checksum mismatch
  invalid_uri,             // secret URI syntax (//hard /soft ///password, hex seed)
  soft_derivation_unsupported,  // soft junction on a scheme that has none (ed25519, ecdsa)
  invalid_ss58,            // not base58, bad length, bad prefix
  ss58_checksum,           // SS58 checksum mismatch
  ss58_prefix_mismatch,    // decoded prefix differs from the expected network
  backend_failure,         // libsodium / libsecp256k1 refused an operation
  unsupported_scheme,      // scheme not available for this operation
  mnemonic_word_count,     // BIP39 phrase has a word count other than 12, 15, 18, 21 or 24
};

BT_DECLARE_ERROR_ENUM(CryptoError, crypto_category);

}  // namespace bt::crypto

template <>
struct std::is_error_code_enum<bt::crypto::CryptoError> : std::true_type {};
