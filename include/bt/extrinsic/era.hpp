// SPDX-License-Identifier: MIT
// The transaction era (sp_runtime::generic::Era): how long a signed extrinsic stays valid.
//
//   auto era = bt::extrinsic::Era::mortal(64, current_block);   // period rounded up to a power of two
//   bt::Bytes b = era.encode();                                 // 2 bytes (mortal) or 0x00 (immortal)
//   era.birth(current_block); era.death(current_block);         // first valid block, first invalid block
//   auto back = bt::extrinsic::Era::decode(b);                  // exact inverse
//
// Mortal eras follow Substrate exactly: the period is the next power of two of the requested one,
// clamped to [4, 65536]; the phase is `current % period`, quantized down to a multiple of
// max(period >> 12, 1). Encoding: u16 little endian = min(15, max(1, log2(period) - 1)) |
// (phase / quantize_factor) << 4. The immortal era is the single byte 0x00.
// The signed payload of a mortal transaction commits to the hash of its birth block; of an immortal
// one to the genesis hash.
#pragma once

#include <bt/bytes.hpp>
#include <bt/extrinsic/error.hpp>
#include <bt/result.hpp>
#include <bt/scale/decoder.hpp>
#include <cstdint>
#include <limits>

namespace bt::extrinsic {

class Era {
 public:
  // Immortal.
  constexpr Era() = default;
  static constexpr Era immortal() noexcept { return Era(); }
  // Mortal era of (at least) `period` blocks containing block `current` (Substrate's Era::mortal).
  // Never fails: the period is rounded and clamped as described above.
  static Era mortal(std::uint64_t period, std::uint64_t current) noexcept;
  // A mortal era from its exact period and phase. ExtrinsicError::invalid_era unless period is a
  // power of two in [4, 65536], phase < period and phase is a multiple of the quantize factor.
  static Result<Era> from_period_phase(std::uint64_t period, std::uint64_t phase);

  bool is_immortal() const noexcept { return period_ == 0; }
  std::uint64_t period() const noexcept { return period_; }  // 0 for immortal
  std::uint64_t phase() const noexcept { return phase_; }

  // First block in which a transaction with this era is valid (0 for immortal), given a block
  // `current` inside the era.
  std::uint64_t birth(std::uint64_t current) const noexcept;
  // First block in which it is no longer valid (UINT64_MAX for immortal).
  std::uint64_t death(std::uint64_t current) const noexcept;

  Bytes encode() const;
  void encode_to(Bytes& out) const;
  // Decodes exactly one era from the whole input (1 or 2 bytes); ExtrinsicError::invalid_era for
  // truncated, trailing or invalid (period/phase) input.
  static Result<Era> decode(ByteView bytes);
  // Reads one era from `d`; on malformed input fails the decoder (DecodeError::invalid_variant) and
  // returns an immortal era.
  static Era read(scale::Decoder& d) noexcept;

  friend bool operator==(const Era&, const Era&) = default;

 private:
  constexpr Era(std::uint64_t period, std::uint64_t phase) : period_(period), phase_(phase) {}
  std::uint64_t period_ = 0;
  std::uint64_t phase_ = 0;
};

}  // namespace bt::extrinsic
