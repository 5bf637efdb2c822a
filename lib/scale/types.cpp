// SPDX-License-Identifier: MIT
#include <bt/scale/types.hpp>

#include <algorithm>

namespace bt::scale {
namespace {

// In-place division of a little-endian 256-bit magnitude by 10; returns the remainder.
unsigned divmod10(std::array<std::uint8_t, 32>& le) {
  unsigned rem = 0;
  for (int i = 31; i >= 0; --i) {
    unsigned cur = (rem << 8) | le[static_cast<std::size_t>(i)];
    le[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(cur / 10);
    rem = cur % 10;
  }
  return rem;
}
bool is_zero(const std::array<std::uint8_t, 32>& le) {
  return std::all_of(le.begin(), le.end(), [](std::uint8_t b) { return b == 0; });
}
// le = le * 10 + digit; false on overflow past 256 bits.
bool muladd10(std::array<std::uint8_t, 32>& le, unsigned digit) {
  unsigned carry = digit;
  for (auto& b : le) {
    unsigned cur = b * 10u + carry;
    b = static_cast<std::uint8_t>(cur);
    carry = cur >> 8;
  }
  return carry == 0;
}
void negate(std::array<std::uint8_t, 32>& le) {
  unsigned carry = 1;
  for (auto& b : le) {
    unsigned cur = static_cast<std::uint8_t>(~b) + carry;
    b = static_cast<std::uint8_t>(cur);
    carry = cur >> 8;
  }
}
std::string magnitude_to_string(std::array<std::uint8_t, 32> le) {
  if (is_zero(le)) return "0";
  std::string out;
  while (!is_zero(le)) out.push_back(static_cast<char>('0' + divmod10(le)));
  std::reverse(out.begin(), out.end());
  return out;
}
bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}
Unexpected bad_number(std::string_view s, const char* what) {
  return fail(CoreError::invalid_argument,
              std::string("not a valid ") + what + ": '" + std::string(s.substr(0, 64)) + "'");
}

}  // namespace

std::string to_string(const U256& v) { return magnitude_to_string(v.le); }
std::string to_string(const I256& v) {
  if ((v.le[31] & 0x80) == 0) return magnitude_to_string(v.le);
  auto m = v.le;
  negate(m);
  std::string out = "-";
  out += magnitude_to_string(m);
  return out;
}

Result<U256> parse_u256(std::string_view s) {
  if (!all_digits(s)) return bad_number(s, "u256");
  U256 v;
  for (char c : s)
    if (!muladd10(v.le, static_cast<unsigned>(c - '0'))) return bad_number(s, "u256 (out of range)");
  return v;
}
Result<I256> parse_i256(std::string_view s) {
  bool neg = !s.empty() && s[0] == '-';
  BT_TRY(U256 m, parse_u256(neg ? s.substr(1) : s));
  // |v| <= 2^255 - 1 (positive) or 2^255 (negative)
  bool top = (m.le[31] & 0x80) != 0;
  if (top) {
    bool exact_min =
        m.le[31] == 0x80 && std::all_of(m.le.begin(), m.le.begin() + 31, [](auto b) { return b == 0; });
    if (!neg || !exact_min) return bad_number(s, "i256 (out of range)");
  }
  I256 out{m.le};
  if (neg) negate(out.le);
  return out;
}
U256 u256_from(u128 v) {
  U256 out;
  for (std::size_t i = 0; i < 16; ++i) out.le[i] = static_cast<std::uint8_t>(v >> (8 * i));
  return out;
}

}  // namespace bt::scale
