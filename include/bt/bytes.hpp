// SPDX-License-Identifier: MIT
// Byte containers and hex conversion used by every module.
//
//   bt::Bytes       growable owned bytes (std::vector<uint8_t>)
//   bt::ByteView    non-owning read-only view (std::span<const uint8_t>)
//   bt::FixedBytes<N>  exactly N bytes (hashes, public keys, account ids); value type, comparable
//
// Hex: to_hex() writes lowercase with a "0x" prefix (the Substrate JSON-RPC convention) unless asked not
// to. from_hex() accepts an optional "0x"/"0X" prefix and both cases; anything else (odd length, a
// non-hex digit, a wrong length for FixedBytes) is a CoreError::invalid_hex error, never an exception.
#pragma once

#include <bt/result.hpp>

#include <algorithm>
#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace bt {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

// Views over string data as bytes (no copy).
inline ByteView as_bytes(std::string_view s) noexcept {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

template <std::size_t N>
struct FixedBytes {
  static constexpr std::size_t size_bytes = N;
  std::array<std::uint8_t, N> data{};

  static constexpr std::size_t size() noexcept { return N; }
  std::uint8_t* begin() noexcept { return data.data(); }
  std::uint8_t* end() noexcept { return data.data() + N; }
  const std::uint8_t* begin() const noexcept { return data.data(); }
  const std::uint8_t* end() const noexcept { return data.data() + N; }
  std::uint8_t& operator[](std::size_t i) noexcept { return data[i]; }
  const std::uint8_t& operator[](std::size_t i) const noexcept { return data[i]; }
  ByteView view() const noexcept { return {data.data(), N}; }
  operator ByteView() const noexcept { return view(); }  // NOLINT(implicit)
  Bytes to_bytes() const { return Bytes(data.begin(), data.end()); }

  // Copies exactly N bytes; a view of any other length is CoreError::invalid_argument.
  static Result<FixedBytes> from_view(ByteView v) {
    if (v.size() != N)
      return fail(CoreError::invalid_argument,
                  "expected " + std::to_string(N) + " bytes, got " + std::to_string(v.size()));
    FixedBytes out;
    std::copy(v.begin(), v.end(), out.data.begin());
    return out;
  }
  // Parses exactly N bytes of hex (optional 0x prefix).
  static Result<FixedBytes> from_hex(std::string_view hex);

  friend bool operator==(const FixedBytes&, const FixedBytes&) = default;
  friend auto operator<=>(const FixedBytes&, const FixedBytes&) = default;
};

using Hash256 = FixedBytes<32>;

// Lowercase hex; with_prefix adds "0x".
std::string to_hex(ByteView bytes, bool with_prefix = true);

// Parses hex with an optional 0x prefix. Empty input (or just "0x") gives empty bytes.
Result<Bytes> from_hex(std::string_view hex);

// Parses hex into exactly out.size() bytes.
Result<void> from_hex_into(std::string_view hex, std::span<std::uint8_t> out);

template <std::size_t N>
Result<FixedBytes<N>> FixedBytes<N>::from_hex(std::string_view hex) {
  FixedBytes out;
  BT_TRY_VOID(from_hex_into(hex, out.data));
  return out;
}

}  // namespace bt
