// SPDX-License-Identifier: MIT
#include <algorithm>
#include <array>
#include <bt/crypto/error.hpp>
#include <bt/crypto/hashing.hpp>
#include <bt/crypto/ss58.hpp>
#include <cstring>

namespace bt::crypto {
namespace {

constexpr char kAlphabet[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
constexpr std::size_t kMaxBase58Chars = 1024;

int base58_digit(char c) {
  const char* p = std::strchr(kAlphabet, c);
  if (c == '\0' || p == nullptr) return -1;
  return static_cast<int>(p - kAlphabet);
}

bool allowed_payload_len(std::size_t n) { return n == 1 || n == 2 || n == 4 || n == 8 || n == 32 || n == 33; }
std::size_t checksum_len(std::size_t payload_len) { return payload_len >= 32 ? 2 : 1; }

FixedBytes<64> ss58_hash(ByteView data) {
  static constexpr char kPre[] = "SS58PRE";
  Bytes buf(kPre, kPre + 7);
  buf.insert(buf.end(), data.begin(), data.end());
  return blake2b_512(buf);
}

bool reserved(std::uint16_t prefix) { return prefix == 46 || prefix == 47; }

}  // namespace

std::string base58_encode(ByteView data) {
  std::size_t zeros = 0;
  while (zeros < data.size() && data[zeros] == 0) ++zeros;
  // log(256)/log(58) ~ 1.366
  std::vector<std::uint8_t> digits((data.size() - zeros) * 138 / 100 + 1, 0);
  std::size_t used = 0;
  for (std::size_t i = zeros; i < data.size(); ++i) {
    unsigned carry = data[i];
    std::size_t j = 0;
    for (; j < used || carry != 0; ++j) {
      if (j < used) carry += static_cast<unsigned>(digits[j]) << 8;
      digits[j] = static_cast<std::uint8_t>(carry % 58);
      carry /= 58;
    }
    used = j;
  }
  std::string out(zeros, '1');
  for (std::size_t j = used; j-- > 0;) out.push_back(kAlphabet[digits[j]]);
  return out;
}

Result<Bytes> base58_decode(std::string_view text) {
  if (text.size() > kMaxBase58Chars)
    return fail(CryptoError::invalid_ss58, "base58 text longer than 1024 characters");
  std::size_t zeros = 0;
  while (zeros < text.size() && text[zeros] == '1') ++zeros;
  // log(58)/log(256) ~ 0.733
  std::vector<std::uint8_t> bytes((text.size() - zeros) * 733 / 1000 + 1, 0);
  std::size_t used = 0;
  for (std::size_t i = zeros; i < text.size(); ++i) {
    int d = base58_digit(text[i]);
    if (d < 0)
      return fail(CryptoError::invalid_ss58,
                  "character at offset " + std::to_string(i) + " is not in the base58 alphabet");
    unsigned carry = static_cast<unsigned>(d);
    std::size_t j = 0;
    for (; j < used || carry != 0; ++j) {
      if (j < used) carry += static_cast<unsigned>(bytes[j]) * 58;
      bytes[j] = static_cast<std::uint8_t>(carry & 0xff);
      carry >>= 8;
    }
    used = j;
  }
  Bytes out(zeros, 0);
  for (std::size_t j = used; j-- > 0;) out.push_back(bytes[j]);
  return out;
}

Result<std::string> ss58_encode(ByteView payload, std::uint16_t prefix) {
  if (prefix > ss58_max_prefix)
    return fail(CryptoError::invalid_ss58, "SS58 prefix " + std::to_string(prefix) + " above 16383");
  if (reserved(prefix))
    return fail(CryptoError::invalid_ss58, "SS58 prefix " + std::to_string(prefix) + " is reserved");
  if (!allowed_payload_len(payload.size()))
    return fail(CryptoError::invalid_length,
                "SS58 payload must be 1, 2, 4, 8, 32 or 33 bytes, got " + std::to_string(payload.size()));
  Bytes v;
  v.reserve(2 + payload.size() + 2);
  if (prefix < 64) {
    v.push_back(static_cast<std::uint8_t>(prefix));
  } else {
    v.push_back(static_cast<std::uint8_t>(0x40 | ((prefix & 0xfc) >> 2)));
    v.push_back(static_cast<std::uint8_t>((prefix >> 8) | ((prefix & 0x03) << 6)));
  }
  v.insert(v.end(), payload.begin(), payload.end());
  auto h = ss58_hash(v);
  v.insert(v.end(), h.begin(), h.begin() + static_cast<std::ptrdiff_t>(checksum_len(payload.size())));
  return base58_encode(v);
}

Result<Ss58Decoded> ss58_decode(std::string_view address) {
  if (address.empty()) return fail(CryptoError::invalid_ss58, "empty address");
  if (address.size() > 64) return fail(CryptoError::invalid_ss58, "address too long");
  BT_TRY(Bytes data, base58_decode(address));
  if (data.size() < 3) return fail(CryptoError::invalid_ss58, "address too short");
  std::size_t prefix_len = 0;
  std::uint16_t prefix = 0;
  if (data[0] < 64) {
    prefix_len = 1;
    prefix = data[0];
  } else if (data[0] < 128) {
    prefix_len = 2;
    std::uint8_t lower = static_cast<std::uint8_t>((data[0] << 2) | (data[1] >> 6));
    std::uint8_t upper = data[1] & 0x3f;
    prefix = static_cast<std::uint16_t>(lower | (upper << 8));
  } else {
    return fail(CryptoError::invalid_ss58, "first byte >= 128 is not an SS58 prefix");
  }
  if (reserved(prefix))
    return fail(CryptoError::invalid_ss58, "SS58 prefix " + std::to_string(prefix) + " is reserved");
  // Try the payload sizes whose total length fits.
  std::size_t body = data.size() - prefix_len;
  std::size_t payload_len = 0;
  for (std::size_t n : {32u, 33u, 1u, 2u, 4u, 8u}) {
    if (n + checksum_len(n) == body) payload_len = n;
  }
  if (payload_len == 0)
    return fail(CryptoError::invalid_ss58,
                "decoded length " + std::to_string(data.size()) + " matches no SS58 payload size");
  std::size_t ck = checksum_len(payload_len);
  auto h = ss58_hash(ByteView(data.data(), data.size() - ck));
  if (!std::equal(h.begin(), h.begin() + static_cast<std::ptrdiff_t>(ck),
                  data.end() - static_cast<std::ptrdiff_t>(ck)))
    return fail(CryptoError::ss58_checksum, "SS58 checksum mismatch");
  Ss58Decoded out;
  out.prefix = prefix;
  out.payload.assign(data.begin() + static_cast<std::ptrdiff_t>(prefix_len),
                     data.end() - static_cast<std::ptrdiff_t>(ck));
  return out;
}

Result<AccountId32> ss58_decode_account(std::string_view address,
                                        std::optional<std::uint16_t> expected_prefix) {
  BT_TRY(auto d, ss58_decode(address));
  if (d.payload.size() != 32)
    return fail(CryptoError::invalid_length,
                "SS58 payload is " + std::to_string(d.payload.size()) + " bytes, not a 32-byte account id");
  if (expected_prefix && *expected_prefix != d.prefix)
    return fail(CryptoError::ss58_prefix_mismatch, "address has prefix " + std::to_string(d.prefix) +
                                                       ", expected " + std::to_string(*expected_prefix));
  return AccountId32::from_view(d.payload);
}

bool is_valid_ss58_address(std::string_view address) {
  auto d = ss58_decode(address);
  return d && d->payload.size() == 32;
}

std::string_view scheme_name(Scheme scheme) noexcept {
  switch (scheme) {
    case Scheme::ed25519:
      return "ed25519";
    case Scheme::sr25519:
      return "sr25519";
    case Scheme::ecdsa:
      return "ecdsa";
  }
  return "unknown";
}

Result<Scheme> parse_scheme(std::string_view name) {
  if (name == "ed25519") return Scheme::ed25519;
  if (name == "sr25519") return Scheme::sr25519;
  if (name == "ecdsa") return Scheme::ecdsa;
  return fail(CryptoError::unsupported_scheme, "unknown scheme '" + std::string(name.substr(0, 32)) +
                                                   "' (expected sr25519, ed25519 or ecdsa)");
}

std::size_t public_key_size(Scheme scheme) noexcept { return scheme == Scheme::ecdsa ? 33 : 32; }
std::size_t signature_size(Scheme scheme) noexcept { return scheme == Scheme::ecdsa ? 65 : 64; }

namespace {
Result<Scheme> scheme_from_index(std::uint8_t index) {
  if (index > 2) return fail(CryptoError::unsupported_scheme, "variant index " + std::to_string(index));
  return static_cast<Scheme>(index);
}
}  // namespace

Result<MultiSigner> MultiSigner::make(Scheme scheme, ByteView public_key) {
  if (public_key.size() != public_key_size(scheme))
    return fail(CryptoError::invalid_length, std::string(scheme_name(scheme)) + " public key must be " +
                                                 std::to_string(public_key_size(scheme)) + " bytes");
  return MultiSigner{scheme, Bytes(public_key.begin(), public_key.end())};
}

Bytes MultiSigner::encode() const {
  Bytes out(1 + public_key.size());
  out[0] = static_cast<std::uint8_t>(scheme);
  std::copy(public_key.begin(), public_key.end(), out.begin() + 1);
  return out;
}

Result<MultiSigner> MultiSigner::decode(ByteView scale) {
  if (scale.empty()) return fail(CryptoError::invalid_length, "empty MultiSigner");
  BT_TRY(Scheme s, scheme_from_index(scale[0]));
  return make(s, scale.subspan(1));
}

AccountId32 MultiSigner::account_id() const {
  if (scheme == Scheme::ecdsa) return AccountId32(blake2b_256(public_key).fixed());
  AccountId32 out;
  std::copy_n(public_key.begin(), std::min<std::size_t>(32, public_key.size()), out.begin());
  return out;
}

Result<MultiSignature> MultiSignature::make(Scheme scheme, ByteView signature) {
  if (signature.size() != signature_size(scheme))
    return fail(CryptoError::invalid_length, std::string(scheme_name(scheme)) + " signature must be " +
                                                 std::to_string(signature_size(scheme)) + " bytes");
  return MultiSignature{scheme, Bytes(signature.begin(), signature.end())};
}

Bytes MultiSignature::encode() const {
  Bytes out(1 + signature.size());
  out[0] = static_cast<std::uint8_t>(scheme);
  std::copy(signature.begin(), signature.end(), out.begin() + 1);
  return out;
}

Result<MultiSignature> MultiSignature::decode(ByteView scale) {
  if (scale.empty()) return fail(CryptoError::invalid_length, "empty MultiSignature");
  BT_TRY(Scheme s, scheme_from_index(scale[0]));
  return make(s, scale.subspan(1));
}

}  // namespace bt::crypto
