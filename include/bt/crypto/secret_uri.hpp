// SPDX-License-Identifier: MIT
// Substrate secret URIs and derivation junctions (sp_core::crypto::SecretUri / DeriveJunction).
//
// Grammar (sp-core AddressUri, equivalent to the regex
//   ^(?P<phrase>[a-zA-Z0-9 ]+)?(?P<path>(//?[^/]+)*)(///(?P<password>.*))?$ ):
//   uri      = [phrase] *junction ["///" password]
//   phrase   = BIP39 mnemonic, or "0x" + 64 hex digits (a raw 32-byte seed); ASCII letters, digits and
//              spaces; absent -> the development phrase (kDevPhrase)
//   junction = "//" name (hard) | "/" name (soft); name = one or more characters other than '/'
//   password = everything after the first "///" except newlines (applies to mnemonic phrases only;
//              ignored for 0x seeds)
// Examples: "//Alice", "bottom drive ... walk//polkadot/0", "0x<64 hex>//hard", "phrase///secret".
//
// Junction chain codes (DeriveJunction::soft/hard): a name that parses as a u64 ("42", also "+42" as
// Rust's parser accepts) is encoded as 8 bytes little-endian; any other name as SCALE string
// (compact length ++ UTF-8 bytes). Encodings up to 32 bytes are zero-padded to 32; longer ones are
// replaced by their blake2b-256.
//
// Errors: CryptoError::invalid_uri for text the grammar rejects (an empty junction such as "a//" or a
// trailing "/", characters like '-', '.', '_' or non-ASCII in the phrase, a newline in the password).
// ("a///" is the phrase "a" with an empty password.)
#pragma once

#include <bt/bytes.hpp>
#include <bt/crypto/types.hpp>
#include <bt/result.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bt::crypto {

// The Substrate development phrase ("//Alice" etc. derive from it).
inline constexpr std::string_view kDevPhrase =
    "bottom drive obey lake curtain smoke basket hold race lonely fit walk";

struct DeriveJunction {
  bool hard = false;
  ChainCode chain_code;

  // The junction as sp-core builds it from the text after the slashes (name without '/').
  static DeriveJunction from_name(std::string_view name, bool hard);
  // A junction from a number (u64 little-endian, zero-padded).
  static DeriveJunction from_index(std::uint64_t index, bool hard);
  friend bool operator==(const DeriveJunction&, const DeriveJunction&) = default;
};

// A parsed secret URI. Holds secrets: the destructor wipes phrase and password.
struct SecretUri {
  std::string phrase;  // as written, or kDevPhrase when the URI has none
  bool phrase_is_dev_default = false;
  std::vector<DeriveJunction> junctions;
  std::optional<std::string> password;

  SecretUri() = default;
  SecretUri(const SecretUri&) = default;
  SecretUri(SecretUri&&) noexcept = default;
  SecretUri& operator=(const SecretUri&) = default;
  SecretUri& operator=(SecretUri&&) noexcept = default;
  ~SecretUri();

  // True iff the phrase is a "0x..." hex seed.
  bool is_hex_seed() const noexcept { return phrase.size() >= 2 && phrase[0] == '0' && phrase[1] == 'x'; }
};

// Parses a secret URI (see grammar above). Length limit 4096 characters (CryptoError::invalid_uri).
Result<SecretUri> parse_secret_uri(std::string_view uri);

}  // namespace bt::crypto
