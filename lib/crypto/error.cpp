// SPDX-License-Identifier: MIT
#include <bt/crypto/error.hpp>

#include "detail/error_category.hpp"

namespace bt::crypto {
namespace {
const char* crypto_error_message(CryptoError e) {
  switch (e) {
    case CryptoError::invalid_length: return "invalid length";
    case CryptoError::invalid_public_key: return "invalid public key";
    case CryptoError::invalid_secret_key: return "invalid secret key";
    case CryptoError::invalid_signature: return "invalid signature encoding";
    case CryptoError::invalid_mnemonic: return "invalid mnemonic";
    case CryptoError::mnemonic_checksum: return "mnemonic checksum mismatch";
    case CryptoError::invalid_uri: return "invalid secret URI";
    case CryptoError::soft_derivation_unsupported: return "soft derivation not supported by this scheme";
    case CryptoError::invalid_ss58: return "invalid SS58 address";
    case CryptoError::ss58_checksum: return "SS58 checksum mismatch";
    case CryptoError::ss58_prefix_mismatch: return "SS58 prefix mismatch";
    case CryptoError::backend_failure: return "crypto backend failure";
    case CryptoError::unsupported_scheme: return "unsupported scheme";
    case CryptoError::mnemonic_word_count: return "mnemonic word count must be 12, 15, 18, 21 or 24";
  }
  return "unknown crypto error";
}
}  // namespace

BT_DEFINE_ERROR_CATEGORY(CryptoError, crypto_category, "bt.crypto", crypto_error_message)

}  // namespace bt::crypto
