// SPDX-License-Identifier: MIT
#include <bt/crypto/error.hpp>
#include <bt/crypto/hashing.hpp>
#include <bt/crypto/secret_uri.hpp>
#include <bt/secure.hpp>
#include <cstring>

namespace bt::crypto {
namespace {

constexpr std::size_t kMaxUri = 4096;

// sp-core AddressUri: the phrase is ASCII letters, digits and spaces.
bool phrase_char(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == ' ';
}

// Rust `str::parse::<u64>`: optional '+', then one or more ASCII digits, no overflow.
std::optional<std::uint64_t> parse_u64(std::string_view s) {
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    std::uint64_t d = static_cast<std::uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) return std::nullopt;
    v = v * 10 + d;
  }
  return v;
}

ChainCode chain_code_of(ByteView encoded) {
  ChainCode cc;
  if (encoded.size() > 32) return ChainCode(blake2b_256(encoded).fixed());  // sp-core hashes long names
  std::memcpy(cc.data.data(), encoded.data(), encoded.size());
  return cc;
}

// SCALE compact length prefix.
void put_compact(Bytes& out, std::size_t n) {
  if (n < 64) {
    out.push_back(static_cast<std::uint8_t>(n << 2));
  } else if (n < (1u << 14)) {
    std::uint16_t v = static_cast<std::uint16_t>((n << 2) | 1);
    out.push_back(static_cast<std::uint8_t>(v & 0xff));
    out.push_back(static_cast<std::uint8_t>(v >> 8));
  } else if (n < (1u << 30)) {
    std::uint32_t v = static_cast<std::uint32_t>((n << 2) | 2);
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  } else {
    // Big-integer mode: (bytes - 4) << 2 | 3, then the minimal little-endian bytes.
    std::uint64_t v = n;
    Bytes le;
    while (v) {
      le.push_back(static_cast<std::uint8_t>(v & 0xff));
      v >>= 8;
    }
    out.push_back(static_cast<std::uint8_t>(((le.size() - 4) << 2) | 3));
    out.insert(out.end(), le.begin(), le.end());
  }
}

}  // namespace

DeriveJunction DeriveJunction::from_index(std::uint64_t index, bool hard) {
  std::uint8_t le[8];
  for (int i = 0; i < 8; ++i) le[i] = static_cast<std::uint8_t>(index >> (8 * i));
  return DeriveJunction{hard, chain_code_of(ByteView(le, 8))};
}

DeriveJunction DeriveJunction::from_name(std::string_view name, bool hard) {
  if (auto n = parse_u64(name)) return from_index(*n, hard);
  Bytes enc;
  enc.reserve(name.size() + 5);
  put_compact(enc, name.size());
  enc.insert(enc.end(), name.begin(), name.end());
  return DeriveJunction{hard, chain_code_of(enc)};
}

SecretUri::~SecretUri() {
  secure_wipe(phrase.data(), phrase.size());
  if (password) secure_wipe(password->data(), password->size());
}

Result<SecretUri> parse_secret_uri(std::string_view uri) {
  if (uri.size() > kMaxUri) return fail(CryptoError::invalid_uri, "secret URI longer than 4096 characters");
  SecretUri out;
  // Phrase: the longest prefix of phrase characters (it cannot contain '/').
  std::size_t i = 0;
  while (i < uri.size() && phrase_char(static_cast<unsigned char>(uri[i]))) ++i;
  std::string_view phrase = uri.substr(0, i);
  std::string_view rest = uri.substr(i);
  if (!rest.empty() && rest[0] != '/')
    return fail(CryptoError::invalid_uri, "unexpected character at offset " + std::to_string(i));
  // Password: everything after the first "///" (a path element never contains "///").
  std::size_t pw = rest.find("///");
  std::string_view path = rest;
  if (pw != std::string_view::npos) {
    std::string_view pass = rest.substr(pw + 3);
    if (pass.find('\n') != std::string_view::npos)
      return fail(CryptoError::invalid_uri, "the password must not contain a newline");
    out.password = std::string(pass);
    path = rest.substr(0, pw);
  }
  // Path: ( "/" | "//" ) name, repeated.
  std::size_t p = 0;
  while (p < path.size()) {
    // path[p] == '/' always holds here.
    bool hard = p + 1 < path.size() && path[p + 1] == '/';
    std::size_t start = p + (hard ? 2 : 1);
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end == start)
      return fail(CryptoError::invalid_uri, "empty junction at offset " + std::to_string(i + p));
    out.junctions.push_back(DeriveJunction::from_name(path.substr(start, end - start), hard));
    p = end;
  }
  if (phrase.empty()) {
    out.phrase = std::string(kDevPhrase);
    out.phrase_is_dev_default = true;
  } else {
    out.phrase = std::string(phrase);
  }
  return out;
}

}  // namespace bt::crypto
