// SPDX-License-Identifier: MIT
// PRIVATE: STROBE-128 (the subset merlin uses: meta-AD, AD, PRF, KEY) over Keccak-f[1600], and merlin
// transcripts (dalek-cryptography/merlin 3.x), byte-compatible with the Rust crate so that schnorrkel
// signatures and derivations match. Transcript labels are ASCII strings; messages are bytes.
// Spec: https://merlin.cool, https://strobe.sourceforge.io/specs/ (v1.0.2).
#pragma once

#include <bt/bytes.hpp>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace bt::crypto::detail {

class Strobe128 {
 public:
  explicit Strobe128(ByteView protocol_label);
  Strobe128(const Strobe128&) = default;
  Strobe128& operator=(const Strobe128&) = default;
  ~Strobe128();

  void meta_ad(ByteView data, bool more);
  void ad(ByteView data, bool more);
  void prf(std::span<std::uint8_t> out, bool more);
  void key(ByteView data, bool more);

 private:
  std::uint8_t get(std::size_t i) const noexcept {
    return static_cast<std::uint8_t>(st_[i / 8] >> (8 * (i % 8)));
  }
  void xor_byte(std::size_t i, std::uint8_t b) noexcept {
    st_[i / 8] ^= static_cast<std::uint64_t>(b) << (8 * (i % 8));
  }
  void set_byte(std::size_t i, std::uint8_t b) noexcept {
    xor_byte(i, static_cast<std::uint8_t>(get(i) ^ b));
  }
  void run_f() noexcept;
  void absorb(ByteView data) noexcept;
  void overwrite(ByteView data) noexcept;
  void squeeze(std::span<std::uint8_t> out) noexcept;
  void begin_op(std::uint8_t flags, bool more);

  std::uint64_t st_[25] = {};  // the 200-byte state, lanes little-endian
  std::uint8_t pos_ = 0;
  std::uint8_t pos_begin_ = 0;
  std::uint8_t cur_flags_ = 0;
};

class TranscriptRng {
 public:
  explicit TranscriptRng(Strobe128 s) : strobe_(std::move(s)) {}
  void fill_bytes(std::span<std::uint8_t> out);

 private:
  Strobe128 strobe_;
};

class TranscriptRngBuilder {
 public:
  explicit TranscriptRngBuilder(Strobe128 s) : strobe_(std::move(s)) {}
  // Rekeys the RNG state with secret witness data.
  TranscriptRngBuilder& rekey_with_witness_bytes(std::string_view label, ByteView witness);
  // Mixes in 32 bytes of external randomness (merlin takes them from an RNG; so do our callers).
  TranscriptRng finalize(std::span<const std::uint8_t, 32> random_bytes);

 private:
  Strobe128 strobe_;
};

class Transcript {
 public:
  explicit Transcript(std::string_view label);

  void append_message(std::string_view label, ByteView message);
  void append_u64(std::string_view label, std::uint64_t x);
  void challenge_bytes(std::string_view label, std::span<std::uint8_t> out);
  TranscriptRngBuilder build_rng() const { return TranscriptRngBuilder(strobe_); }

 private:
  Strobe128 strobe_;
};

}  // namespace bt::crypto::detail
