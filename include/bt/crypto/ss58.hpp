// SPDX-License-Identifier: MIT
// SS58 addresses, account ids and the MultiSigner / MultiSignature enums of sp_runtime.
//
// SS58 (https://docs.substrate.io/reference/address-formats/): base58(prefix ++ payload ++ checksum)
// with the Bitcoin alphabet, where
//   prefix   = one byte p for p < 64, or two bytes for 64 <= p < 16384:
//              b0 = 0b01000000 | ((p & 0xfc) >> 2), b1 = (p >> 8) | ((p & 0x03) << 6)
//   checksum = the first bytes of blake2b-512("SS58PRE" ++ prefix ++ payload): 2 bytes for 32- and
//              33-byte payloads, 1 byte for 1/2/4/8-byte payloads (as polkadot-js).
// Prefixes 46 and 47 are reserved and rejected (CryptoError::invalid_ss58), like polkadot-js.
// Bittensor and generic Substrate use prefix 42.
//
//   std::string a = bt::crypto::ss58_encode(account_id).value();       // "5Grwva..."
//   auto d = bt::crypto::ss58_decode(a);                                 // {prefix 42, 32-byte payload}
//   bt::crypto::AccountId32 id = bt::crypto::ss58_decode_account(a, 42).value();
#pragma once

#include <bt/bytes.hpp>
#include <bt/crypto/types.hpp>
#include <bt/result.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bt::crypto {

inline constexpr std::uint16_t ss58_max_prefix = 16383;
inline constexpr std::uint16_t bittensor_ss58_prefix = 42;

// ---- base58 (Bitcoin alphabet) --------------------------------------------------------------------
std::string base58_encode(ByteView data);
// CryptoError::invalid_ss58 on a character outside the alphabet or input longer than 1024 characters.
Result<Bytes> base58_decode(std::string_view text);

// ---- SS58 ---------------------------------------------------------------------------------------
struct Ss58Decoded {
  std::uint16_t prefix = 0;
  Bytes payload;  // 1, 2, 4, 8, 32 or 33 bytes
};

// Encodes any payload of 1, 2, 4, 8, 32 or 33 bytes. Errors: CryptoError::invalid_ss58 for a prefix
// above 16383 or a reserved prefix (46, 47); CryptoError::invalid_length for other payload lengths.
Result<std::string> ss58_encode(ByteView payload, std::uint16_t prefix = bittensor_ss58_prefix);

// Decodes an address. Errors (all bt.crypto): invalid_ss58 (bad character, too short/long, length not
// matching any payload size, prefix byte >= 128, reserved prefix), ss58_checksum (checksum mismatch).
Result<Ss58Decoded> ss58_decode(std::string_view address);

// Decodes an address whose payload must be a 32-byte account id. If expected_prefix is given and
// differs, CryptoError::ss58_prefix_mismatch. A 33-byte payload is CryptoError::invalid_length.
Result<AccountId32> ss58_decode_account(std::string_view address,
                                        std::optional<std::uint16_t> expected_prefix = std::nullopt);

// True iff ss58_decode succeeds (any prefix) with a 32-byte payload.
bool is_valid_ss58_address(std::string_view address);

// ---- signature schemes and the sp_runtime enums --------------------------------------------------
// The numeric values are the SCALE variant indices of MultiSigner and MultiSignature.
enum class Scheme : std::uint8_t { ed25519 = 0, sr25519 = 1, ecdsa = 2 };

// "ed25519", "sr25519", "ecdsa".
std::string_view scheme_name(Scheme scheme) noexcept;
// Parses the names above (case-sensitive); CryptoError::unsupported_scheme otherwise.
Result<Scheme> parse_scheme(std::string_view name);
// Public key size of a scheme: 32 (ed25519, sr25519) or 33 (ecdsa compressed).
std::size_t public_key_size(Scheme scheme) noexcept;
// Signature size: 64 (ed25519, sr25519) or 65 (ecdsa recoverable).
std::size_t signature_size(Scheme scheme) noexcept;

// sp_runtime::MultiSigner: a public key tagged with its scheme.
struct MultiSigner {
  Scheme scheme = Scheme::sr25519;
  Bytes public_key;  // exactly public_key_size(scheme) bytes

  // Checks the length. CryptoError::invalid_length otherwise.
  static Result<MultiSigner> make(Scheme scheme, ByteView public_key);
  // SCALE: variant index byte ++ key bytes.
  Bytes encode() const;
  // Decodes exactly one MultiSigner; trailing bytes are CryptoError::invalid_length, an unknown index
  // CryptoError::unsupported_scheme.
  static Result<MultiSigner> decode(ByteView scale);
  // The AccountId32 (the key for ed25519/sr25519, blake2b-256(key) for ecdsa).
  AccountId32 account_id() const;

  friend bool operator==(const MultiSigner&, const MultiSigner&) = default;
};

// sp_runtime::MultiSignature: a signature tagged with its scheme.
struct MultiSignature {
  Scheme scheme = Scheme::sr25519;
  Bytes signature;  // exactly signature_size(scheme) bytes

  static Result<MultiSignature> make(Scheme scheme, ByteView signature);
  Bytes encode() const;
  static Result<MultiSignature> decode(ByteView scale);

  friend bool operator==(const MultiSignature&, const MultiSignature&) = default;
};

}  // namespace bt::crypto
