// SPDX-License-Identifier: MIT
// BIP39 mnemonics (English word list) and the Substrate way of turning them into seeds.
//
// Substrate (substrate-bip39, used by sp_core and polkadot-js) does NOT use the standard BIP39 seed
// (PBKDF2 over the phrase text). It runs PBKDF2-HMAC-SHA512 over the *entropy* the phrase encodes:
//   seed64      = PBKDF2-HMAC-SHA512(password = entropy, salt = "mnemonic" ++ password, 2048 rounds)
//   mini secret = seed64[0..32]
// The mini secret is the seed of sr25519 (schnorrkel MiniSecretKey), ed25519 and ecdsa key pairs
// (sp_core `Pair::from_phrase` takes the first 32 bytes of seed_from_entropy for every scheme).
// standard_seed() provides the standard BIP39 seed for completeness and for the reference vectors.
//
// Phrases: words are separated by ASCII whitespace (runs are accepted, leading/trailing ignored),
// lowercase English words only. Passwords are used as given (UTF-8 bytes): Substrate applies NFKD
// normalisation to the password, which is the identity for ASCII; non-ASCII passwords that are not
// already in NFKD form will give different seeds here.
//
// Errors (bt.crypto): mnemonic_word_count (not 12/15/18/21/24 words), invalid_mnemonic (a word that is
// not in the list), mnemonic_checksum (the checksum bits do not match), invalid_length (entropy size).
#pragma once

#include <bt/bytes.hpp>
#include <bt/result.hpp>
#include <bt/secure.hpp>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace bt::crypto::bip39 {

// The 2048-word English list, sorted.
const std::vector<std::string_view>& english_words();

// A fresh random mnemonic of `words` words (12, 15, 18, 21 or 24) from libsodium randombytes.
// CryptoError::mnemonic_word_count for other counts.
Result<std::string> generate(std::size_t words = 12);

// Phrase for the given entropy (16, 20, 24, 28 or 32 bytes; otherwise CryptoError::invalid_length).
Result<std::string> phrase_from_entropy(ByteView entropy);

// The entropy a phrase encodes, after checking word count, words and checksum.
Result<SecureBytes> entropy_from_phrase(std::string_view phrase);

// Ok iff the phrase is a valid English BIP39 mnemonic.
Result<void> validate(std::string_view phrase);

// Substrate seed: PBKDF2-HMAC-SHA512(entropy, "mnemonic" ++ password, 2048) (substrate-bip39
// seed_from_entropy). CryptoError::invalid_length unless entropy is 16..32 bytes and a multiple of 4.
Result<SecretBytes<64>> seed_from_entropy(ByteView entropy, std::string_view password = {});

// The first 32 bytes of seed_from_entropy (substrate-bip39 mini_secret_from_entropy).
Result<SecretBytes<32>> mini_secret_from_entropy(ByteView entropy, std::string_view password = {});

// Validates the phrase and returns mini_secret_from_entropy(entropy_from_phrase(phrase), password):
// the 32-byte seed of the key pair a Substrate wallet derives from this phrase (any scheme).
Result<SecretBytes<32>> mini_secret_from_phrase(std::string_view phrase, std::string_view password = {});

// The standard BIP39 seed: PBKDF2-HMAC-SHA512(phrase words joined by single spaces,
// "mnemonic" ++ passphrase, 2048). Validates the phrase first.
Result<SecretBytes<64>> standard_seed(std::string_view phrase, std::string_view passphrase = {});

}  // namespace bt::crypto::bip39
