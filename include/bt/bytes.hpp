// SPDX-License-Identifier: MIT
// Byte containers and hex conversion used by every module.
//
//   bt::Bytes       growable owned bytes (std::vector<uint8_t>)
//   bt::ByteView    non-owning read-only view (std::span<const uint8_t>)
//   bt::FixedBytes<N>  exactly N bytes with no particular meaning; value type, comparable
//   bt::TaggedBytes<Tag, N>  exactly N bytes with one meaning (a hash, an account id, a public key, a
//                   chain code): the same interface as FixedBytes, but two TaggedBytes with different
//                   tags never convert into each other, so a block hash cannot be passed where an account
//                   id is expected. Conversions are explicit: TaggedBytes(fixed), TaggedBytes(std::array),
//                   .fixed(); from_view/from_hex build one from untyped bytes.
//   bt::Hash256     a 32-byte hash (block, extrinsic, storage, commit hashes; blake2b-256, sha256, keccak)
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

// Exactly N bytes that mean one thing, named by Tag (an incomplete struct is enough). Not an aggregate:
// construction from untyped bytes is explicit, and there is no conversion between different tags. Reading
// the bytes stays implicit (ByteView, .data, .view()), because a reader cannot misinterpret them.
template <typename Tag, std::size_t N>
struct TaggedBytes {
  using tag_type = Tag;
  static constexpr std::size_t size_bytes = N;
  std::array<std::uint8_t, N> data{};

  constexpr TaggedBytes() noexcept = default;  // all zero
  constexpr explicit TaggedBytes(const FixedBytes<N>& bytes) noexcept : data(bytes.data) {}
  constexpr explicit TaggedBytes(const std::array<std::uint8_t, N>& bytes) noexcept : data(bytes) {}

  // The same bytes without the tag (the explicit way back).
  constexpr FixedBytes<N> fixed() const noexcept { return FixedBytes<N>{data}; }

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
  static Result<TaggedBytes> from_view(ByteView v) {
    BT_TRY(FixedBytes<N> b, FixedBytes<N>::from_view(v));
    return TaggedBytes(b);
  }
  // Parses exactly N bytes of hex (optional 0x prefix).
  static Result<TaggedBytes> from_hex(std::string_view hex) {
    BT_TRY(FixedBytes<N> b, FixedBytes<N>::from_hex(hex));
    return TaggedBytes(b);
  }

  friend bool operator==(const TaggedBytes&, const TaggedBytes&) = default;
  friend auto operator<=>(const TaggedBytes&, const TaggedBytes&) = default;
};

// True for FixedBytes<N> and every TaggedBytes<Tag, N> (generic code over "N raw bytes").
template <typename T>
inline constexpr bool is_fixed_bytes_v = false;
template <std::size_t N>
inline constexpr bool is_fixed_bytes_v<FixedBytes<N>> = true;
template <typename Tag, std::size_t N>
inline constexpr bool is_fixed_bytes_v<TaggedBytes<Tag, N>> = true;

// A 32-byte hash: block and extrinsic hashes, storage and commit hashes, blake2b-256/sha256/keccak-256
// digests. Distinct from crypto::AccountId32: turning a digest into an account id (ecdsa signers,
// multisig addresses) is an explicit AccountId32(hash.fixed()).
struct Hash256Tag;
using Hash256 = TaggedBytes<Hash256Tag, 32>;

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
