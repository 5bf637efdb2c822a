// SPDX-License-Identifier: MIT
#include <bt/bytes.hpp>

namespace bt {
namespace {
constexpr char kDigits[] = "0123456789abcdef";

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string_view strip_prefix(std::string_view hex) noexcept {
  if (hex.size() >= 2 && hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X')) hex.remove_prefix(2);
  return hex;
}

// Decodes digits (no prefix, even length already checked) into out.
Result<void> decode_digits(std::string_view digits, std::uint8_t* out, std::size_t offset_base) {
  for (std::size_t i = 0; i < digits.size(); i += 2) {
    int hi = hex_value(digits[i]);
    int lo = hex_value(digits[i + 1]);
    if (hi < 0 || lo < 0) {
      std::size_t bad = offset_base + i + (hi < 0 ? 0 : 1);
      return fail(CoreError::invalid_hex, "non-hex character at offset " + std::to_string(bad));
    }
    out[i / 2] = static_cast<std::uint8_t>((hi << 4) | lo);
  }
  return ok();
}
}  // namespace

std::string to_hex(ByteView bytes, bool with_prefix) {
  const std::size_t prefix = with_prefix ? 2 : 0;
  std::string s(prefix + bytes.size() * 2, '\0');
  if (with_prefix) {
    s[0] = '0';
    s[1] = 'x';
  }
  char* out = s.data() + prefix;
  for (std::uint8_t b : bytes) {
    *out++ = kDigits[b >> 4];
    *out++ = kDigits[b & 15];
  }
  return s;
}

Result<Bytes> from_hex(std::string_view hex) {
  std::string_view digits = strip_prefix(hex);
  std::size_t prefix = hex.size() - digits.size();
  if (digits.size() % 2 != 0) return fail(CoreError::invalid_hex, "odd number of hex digits");
  Bytes out(digits.size() / 2);
  BT_TRY_VOID(decode_digits(digits, out.data(), prefix));
  return out;
}

Result<void> from_hex_into(std::string_view hex, std::span<std::uint8_t> out) {
  std::string_view digits = strip_prefix(hex);
  std::size_t prefix = hex.size() - digits.size();
  if (digits.size() % 2 != 0) return fail(CoreError::invalid_hex, "odd number of hex digits");
  if (digits.size() / 2 != out.size())
    return fail(CoreError::invalid_hex, "expected " + std::to_string(out.size()) + " bytes, got " +
                                            std::to_string(digits.size() / 2));
  return decode_digits(digits, out.data(), prefix);
}

}  // namespace bt
