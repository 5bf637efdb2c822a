// SPDX-License-Identifier: MIT
#include <algorithm>
#include <bit>
#include <bt/extrinsic/era.hpp>
#include <string>

namespace bt::extrinsic {
namespace {
constexpr std::uint64_t kMinPeriod = 4;
constexpr std::uint64_t kMaxPeriod = 1u << 16;

std::uint64_t quantize_factor(std::uint64_t period) noexcept {
  return std::max<std::uint64_t>(period >> 12, 1);
}

// Decodes the two mortal bytes; false when the pair is not a valid era.
bool decode_mortal(std::uint8_t lo, std::uint8_t hi, std::uint64_t& period, std::uint64_t& phase) noexcept {
  const std::uint64_t encoded = static_cast<std::uint64_t>(lo) | (static_cast<std::uint64_t>(hi) << 8);
  period = std::uint64_t{2} << (encoded % 16);
  phase = (encoded >> 4) * quantize_factor(period);
  return period >= kMinPeriod && phase < period;
}
}  // namespace

Era Era::mortal(std::uint64_t period, std::uint64_t current) noexcept {
  std::uint64_t p = period > kMaxPeriod ? kMaxPeriod : std::bit_ceil(std::max<std::uint64_t>(period, 1));
  p = std::clamp(p, kMinPeriod, kMaxPeriod);
  const std::uint64_t phase = current % p;
  const std::uint64_t q = quantize_factor(p);
  return Era(p, phase / q * q);
}

Result<Era> Era::from_period_phase(std::uint64_t period, std::uint64_t phase) {
  if (period < kMinPeriod || period > kMaxPeriod || !std::has_single_bit(period))
    return fail(ExtrinsicError::invalid_era,
                "period " + std::to_string(period) + " is not a power of two in [4, 65536]");
  if (phase >= period || phase % quantize_factor(period) != 0)
    return fail(ExtrinsicError::invalid_era,
                "phase " + std::to_string(phase) + " invalid for period " + std::to_string(period));
  return Era(period, phase);
}

std::uint64_t Era::birth(std::uint64_t current) const noexcept {
  if (is_immortal()) return 0;
  return (std::max(current, phase_) - phase_) / period_ * period_ + phase_;
}

std::uint64_t Era::death(std::uint64_t current) const noexcept {
  if (is_immortal()) return std::numeric_limits<std::uint64_t>::max();
  return birth(current) + period_;
}

void Era::encode_to(Bytes& out) const {
  if (is_immortal()) {
    out.push_back(0);
    return;
  }
  const int tz = std::countr_zero(period_);
  const std::uint64_t low = static_cast<std::uint64_t>(std::clamp(tz - 1, 1, 15));
  const std::uint64_t high = (phase_ / quantize_factor(period_)) << 4;
  const std::uint64_t encoded = low | high;
  out.push_back(static_cast<std::uint8_t>(encoded & 0xff));
  out.push_back(static_cast<std::uint8_t>((encoded >> 8) & 0xff));
}

Bytes Era::encode() const {
  Bytes out;
  encode_to(out);
  return out;
}

Era Era::read(scale::Decoder& d) noexcept {
  const std::uint8_t first = d.read_u8();
  if (!d.ok() || first == 0) return Era();
  const std::uint8_t second = d.read_u8();
  if (!d.ok()) return Era();
  std::uint64_t period = 0, phase = 0;
  if (!decode_mortal(first, second, period, phase)) {
    d.fail(scale::DecodeError::invalid_variant, "era: invalid period and phase");
    return Era();
  }
  return Era(period, phase);
}

Result<Era> Era::decode(ByteView bytes) {
  if (bytes.empty()) return fail(ExtrinsicError::invalid_era, "empty input");
  if (bytes[0] == 0) {
    if (bytes.size() != 1) return fail(ExtrinsicError::invalid_era, "trailing bytes after immortal era");
    return Era();
  }
  if (bytes.size() != 2)
    return fail(ExtrinsicError::invalid_era, "a mortal era is 2 bytes, got " + std::to_string(bytes.size()));
  std::uint64_t period = 0, phase = 0;
  if (!decode_mortal(bytes[0], bytes[1], period, phase))
    return fail(ExtrinsicError::invalid_era, "invalid period and phase");
  return Era(period, phase);
}

}  // namespace bt::extrinsic
