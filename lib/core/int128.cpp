// SPDX-License-Identifier: MIT
#include <algorithm>
#include <bt/int128.hpp>

namespace bt {
namespace {
Unexpected bad_number(std::string_view s, const char* what) {
  return fail(CoreError::invalid_argument,
              std::string("not a valid ") + what + ": '" + std::string(s.substr(0, 64)) + "'");
}
}  // namespace

std::string to_string(u128 v) {
  if (v == 0) return "0";
  std::string out;
  while (v != 0) {
    out.push_back(static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

std::string to_string(i128 v) {
  if (v >= 0) return to_string(static_cast<u128>(v));
  std::string out = "-";
  out += to_string(static_cast<u128>(0) - static_cast<u128>(v));
  return out;
}

Result<u128> parse_u128(std::string_view s) {
  if (s.empty() || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return bad_number(s, "u128");
  u128 v = 0;
  for (char c : s) {
    const unsigned d = static_cast<unsigned>(c - '0');
    if (v > (int_max<u128>() - d) / 10) return bad_number(s, "u128 (out of range)");
    v = v * 10 + d;
  }
  return v;
}

Result<i128> parse_i128(std::string_view s) {
  const bool neg = !s.empty() && s[0] == '-';
  BT_TRY(u128 m, parse_u128(neg ? s.substr(1) : s));
  const u128 limit = (u128{1} << 127) - (neg ? 0 : 1);
  if (m > limit) return bad_number(s, "i128 (out of range)");
  return neg ? static_cast<i128>(u128{0} - m) : static_cast<i128>(m);
}

}  // namespace bt
