// SPDX-License-Identifier: MIT
#include <bt/scale/decoder.hpp>

namespace bt::scale {

Error Decoder::error() const {
  return Error(code_, std::string(what_) + " at offset " + std::to_string(err_pos_));
}

u128 Decoder::read_compact_slow() noexcept {
  if (p_ == end_) {
    fail(DecodeError::not_enough_data, "compact");
    return 0;
  }
  const std::uint8_t b0 = *p_;
  switch (b0 & 3) {
    case 0:
      ++p_;
      return b0 >> 2;
    case 1: {
      if (remaining() < 2) break;
      std::uint32_t v = (static_cast<std::uint32_t>(p_[0]) | (static_cast<std::uint32_t>(p_[1]) << 8)) >> 2;
      if (v < 64) {
        fail(DecodeError::invalid_compact, "non-canonical compact (2-byte form)");
        return 0;
      }
      p_ += 2;
      return v;
    }
    case 2: {
      if (remaining() < 4) break;
      std::uint32_t v = 0;
      for (int i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(p_[i]) << (8 * i);
      v >>= 2;
      if (v < (1u << 14)) {
        fail(DecodeError::invalid_compact, "non-canonical compact (4-byte form)");
        return 0;
      }
      p_ += 4;
      return v;
    }
    default: {
      std::size_t n = static_cast<std::size_t>(b0 >> 2) + 4;
      if (n > 16) {
        fail(DecodeError::invalid_compact, "compact wider than 128 bits");
        return 0;
      }
      if (remaining() < 1 + n) break;
      u128 v = 0;
      for (std::size_t i = 0; i < n; ++i) v |= static_cast<u128>(p_[1 + i]) << (8 * i);
      // Canonical: 4 bytes only for values >= 2^30; otherwise the top byte must be non-zero.
      bool canonical = n == 4 ? v >= (u128{1} << 30) : p_[n] != 0;
      if (!canonical) {
        fail(DecodeError::invalid_compact, "non-canonical compact (big-integer form)");
        return 0;
      }
      p_ += 1 + n;
      return v;
    }
  }
  fail(DecodeError::not_enough_data, "compact");
  return 0;
}

std::string Decoder::read_string() {
  ByteView b = read_bytes_with_length();
  if (!ok()) return {};
  if (!is_valid_utf8(b)) {
    fail(DecodeError::invalid_utf8, "string");
    return {};
  }
  return std::string(reinterpret_cast<const char*>(b.data()), b.size());
}

bool is_valid_utf8(ByteView b) noexcept {
  std::size_t i = 0, n = b.size();
  while (i < n) {
    std::uint8_t c = b[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    std::uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (n - i < len) return false;
    for (std::size_t k = 1; k < len; ++k) {
      if ((b[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (b[i + k] & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)) return false;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

}  // namespace bt::scale
