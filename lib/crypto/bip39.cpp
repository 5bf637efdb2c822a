// SPDX-License-Identifier: MIT
#include <sodium.h>

#include <algorithm>
#include <array>
#include <bt/crypto/bip39.hpp>
#include <bt/crypto/error.hpp>
#include <bt/crypto/hashing.hpp>
#include <bt/init.hpp>
#include <cstring>

namespace bt::crypto::bip39 {
namespace {

constexpr std::string_view kWords[] = {
#include "bip39_english.inc"
};
static_assert(sizeof(kWords) / sizeof(kWords[0]) == 2048, "BIP39 list must have 2048 words");

bool valid_word_count(std::size_t n) { return n >= 12 && n <= 24 && n % 3 == 0; }
bool valid_entropy_len(std::size_t n) { return n >= 16 && n <= 32 && n % 4 == 0; }

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Splits on ASCII whitespace; stops collecting after `limit` words (the count is still exact up to
// limit + 1, enough to reject long inputs without allocating for each of their words).
std::vector<std::string_view> split_words(std::string_view phrase, std::size_t limit) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < phrase.size() && out.size() <= limit) {
    while (i < phrase.size() && is_space(phrase[i])) ++i;
    std::size_t start = i;
    while (i < phrase.size() && !is_space(phrase[i])) ++i;
    if (i > start) out.push_back(phrase.substr(start, i - start));
  }
  return out;
}

int word_index(std::string_view w) {
  auto it = std::lower_bound(std::begin(kWords), std::end(kWords), w);
  if (it == std::end(kWords) || *it != w) return -1;
  return static_cast<int>(it - std::begin(kWords));
}

}  // namespace

const std::vector<std::string_view>& english_words() {
  static const std::vector<std::string_view> words(std::begin(kWords), std::end(kWords));
  return words;
}

Result<std::string> phrase_from_entropy(ByteView entropy) {
  if (!valid_entropy_len(entropy.size()))
    return fail(CryptoError::invalid_length, "BIP39 entropy must be 16, 20, 24, 28 or 32 bytes");
  auto h = sha256(entropy);
  const std::size_t ent_bits = entropy.size() * 8;
  const std::size_t cs_bits = ent_bits / 32;
  const std::size_t n_words = (ent_bits + cs_bits) / 11;
  auto bit = [&](std::size_t i) -> unsigned {
    std::uint8_t byte = i < ent_bits ? entropy[i / 8] : h[(i - ent_bits) / 8];
    return (byte >> (7 - (i % 8))) & 1u;
  };
  std::string out;
  for (std::size_t w = 0; w < n_words; ++w) {
    unsigned idx = 0;
    for (std::size_t b = 0; b < 11; ++b) idx = (idx << 1) | bit(w * 11 + b);
    if (w) out.push_back(' ');
    out.append(kWords[idx]);
  }
  return out;
}

Result<std::string> generate(std::size_t words) {
  if (!valid_word_count(words))
    return fail(CryptoError::mnemonic_word_count,
                "cannot generate " + std::to_string(words) + " words (12, 15, 18, 21 or 24)");
  bt::init();
  std::array<std::uint8_t, 32> entropy{};
  const std::size_t len = words * 4 / 3;  // 12 -> 16 bytes ... 24 -> 32 bytes
  randombytes_buf(entropy.data(), len);
  auto r = phrase_from_entropy(ByteView(entropy.data(), len));
  secure_wipe(entropy.data(), entropy.size());
  return r;
}

Result<SecureBytes> entropy_from_phrase(std::string_view phrase) {
  auto words = split_words(phrase, 24);
  if (!valid_word_count(words.size()))
    return fail(CryptoError::mnemonic_word_count,
                words.size() > 24 ? std::string("more than 24 words")
                                  : std::to_string(words.size()) + " words (expected 12, 15, 18, 21 or 24)");
  const std::size_t total_bits = words.size() * 11;
  const std::size_t cs_bits = total_bits / 33;
  const std::size_t ent_bits = total_bits - cs_bits;
  std::array<std::uint8_t, 33> bits{};  // 24 words = 264 bits = 33 bytes
  for (std::size_t w = 0; w < words.size(); ++w) {
    int idx = word_index(words[w]);
    if (idx < 0)
      return fail(CryptoError::invalid_mnemonic,
                  "word " + std::to_string(w + 1) + " is not in the BIP39 English list");
    for (std::size_t b = 0; b < 11; ++b) {
      if ((static_cast<unsigned>(idx) >> (10 - b)) & 1u) {
        std::size_t i = w * 11 + b;
        bits[i / 8] |= static_cast<std::uint8_t>(0x80u >> (i % 8));
      }
    }
  }
  SecureBytes entropy(ByteView(bits.data(), ent_bits / 8));
  auto h = sha256(entropy.view());
  bool ok = true;
  for (std::size_t i = 0; i < cs_bits; ++i) {
    std::size_t pos = ent_bits + i;
    unsigned have = (bits[pos / 8] >> (7 - pos % 8)) & 1u;
    unsigned want = (h[i / 8] >> (7 - i % 8)) & 1u;
    ok = ok && have == want;
  }
  secure_wipe(bits.data(), bits.size());
  if (!ok) return fail(CryptoError::mnemonic_checksum, "BIP39 checksum mismatch");
  return entropy;
}

Result<void> validate(std::string_view phrase) {
  BT_TRY_VOID(entropy_from_phrase(phrase));
  return ok();
}

Result<SecretBytes<64>> seed_from_entropy(ByteView entropy, std::string_view password) {
  if (!valid_entropy_len(entropy.size()))
    return fail(CryptoError::invalid_length, "BIP39 entropy must be 16, 20, 24, 28 or 32 bytes");
  SecureBytes salt(as_bytes("mnemonic"));
  salt.resize(8 + password.size());
  if (!password.empty()) std::memcpy(salt.data() + 8, password.data(), password.size());
  SecretBytes<64> seed;
  pbkdf2_hmac_sha512(entropy, salt.view(), 2048, seed.span());
  return seed;
}

Result<SecretBytes<32>> mini_secret_from_entropy(ByteView entropy, std::string_view password) {
  BT_TRY(SecretBytes<64> seed, seed_from_entropy(entropy, password));
  return SecretBytes<32>(seed.span().subspan<0, 32>());
}

Result<SecretBytes<32>> mini_secret_from_phrase(std::string_view phrase, std::string_view password) {
  BT_TRY(SecureBytes entropy, entropy_from_phrase(phrase));
  return mini_secret_from_entropy(entropy.view(), password);
}

Result<SecretBytes<64>> standard_seed(std::string_view phrase, std::string_view passphrase) {
  BT_TRY_VOID(validate(phrase));
  auto words = split_words(phrase, 24);
  SecureBytes normalized;
  std::size_t total = 0;
  for (auto w : words) total += w.size() + 1;
  normalized.resize(total);
  std::size_t pos = 0;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i) normalized.data()[pos++] = ' ';
    std::memcpy(normalized.data() + pos, words[i].data(), words[i].size());
    pos += words[i].size();
  }
  normalized.resize(pos);
  SecureBytes salt(as_bytes("mnemonic"));
  salt.resize(8 + passphrase.size());
  if (!passphrase.empty()) std::memcpy(salt.data() + 8, passphrase.data(), passphrase.size());
  SecretBytes<64> seed;
  pbkdf2_hmac_sha512(normalized.view(), salt.view(), 2048, seed.span());
  return seed;
}

}  // namespace bt::crypto::bip39
