// SPDX-License-Identifier: MIT
#include "crypto/merlin.hpp"

#include <bt/crypto/hashing.hpp>
#include <bt/secure.hpp>
#include <cassert>
#include <limits>

namespace bt::crypto::detail {
namespace {

constexpr std::uint8_t kStrobeR = 166;  // rate for the 128-bit security level
constexpr std::uint8_t kFlagI = 1;
constexpr std::uint8_t kFlagA = 1 << 1;
constexpr std::uint8_t kFlagC = 1 << 2;
constexpr std::uint8_t kFlagT = 1 << 3;
constexpr std::uint8_t kFlagM = 1 << 4;
constexpr std::uint8_t kFlagK = 1 << 5;

ByteView label_bytes(std::string_view s) { return as_bytes(s); }

// Merlin encodes lengths as u32 little-endian; lengths beyond u32 are a programming error.
std::array<std::uint8_t, 4> le32(std::size_t n) {
  assert(n <= std::numeric_limits<std::uint32_t>::max());
  return {static_cast<std::uint8_t>(n), static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n >> 16),
          static_cast<std::uint8_t>(n >> 24)};
}

}  // namespace

Strobe128::Strobe128(ByteView protocol_label) {
  const std::uint8_t init[18] = {1,   kStrobeR + 2, 1,   0,   1,   96,  'S', 'T', 'R',
                                 'O', 'B',          'E', 'v', '1', '.', '0', '.', '2'};
  for (std::size_t i = 0; i < sizeof init; ++i) xor_byte(i, init[i]);
  keccak_f1600(st_);
  meta_ad(protocol_label, false);
}

Strobe128::~Strobe128() { secure_wipe(st_, sizeof st_); }

void Strobe128::run_f() noexcept {
  xor_byte(pos_, pos_begin_);
  xor_byte(pos_ + 1, 0x04);
  xor_byte(kStrobeR + 1, 0x80);
  keccak_f1600(st_);
  pos_ = 0;
  pos_begin_ = 0;
}

void Strobe128::absorb(ByteView data) noexcept {
  for (std::uint8_t b : data) {
    xor_byte(pos_, b);
    if (++pos_ == kStrobeR) run_f();
  }
}

void Strobe128::overwrite(ByteView data) noexcept {
  for (std::uint8_t b : data) {
    set_byte(pos_, b);
    if (++pos_ == kStrobeR) run_f();
  }
}

void Strobe128::squeeze(std::span<std::uint8_t> out) noexcept {
  for (std::uint8_t& b : out) {
    b = get(pos_);
    set_byte(pos_, 0);
    if (++pos_ == kStrobeR) run_f();
  }
}

void Strobe128::begin_op(std::uint8_t flags, bool more) {
  if (more) {
    // Continuing an operation with different flags is a programming error (merlin panics).
    assert(cur_flags_ == flags);
    return;
  }
  assert((flags & kFlagT) == 0);  // transport direction is not supported (nor needed)
  const std::uint8_t old_begin = pos_begin_;
  pos_begin_ = static_cast<std::uint8_t>(pos_ + 1);
  cur_flags_ = flags;
  const std::uint8_t hdr[2] = {old_begin, flags};
  absorb(hdr);
  const bool force_f = (flags & (kFlagC | kFlagK)) != 0;
  if (force_f && pos_ != 0) run_f();
}

void Strobe128::meta_ad(ByteView data, bool more) {
  begin_op(kFlagM | kFlagA, more);
  absorb(data);
}

void Strobe128::ad(ByteView data, bool more) {
  begin_op(kFlagA, more);
  absorb(data);
}

void Strobe128::prf(std::span<std::uint8_t> out, bool more) {
  begin_op(kFlagI | kFlagA | kFlagC, more);
  squeeze(out);
}

void Strobe128::key(ByteView data, bool more) {
  begin_op(kFlagA | kFlagC, more);
  overwrite(data);
}

// ---- Transcript -----------------------------------------------------------------------------

Transcript::Transcript(std::string_view label) : strobe_(label_bytes("Merlin v1.0")) {
  append_message("dom-sep", label_bytes(label));
}

void Transcript::append_message(std::string_view label, ByteView message) {
  const auto len = le32(message.size());
  strobe_.meta_ad(label_bytes(label), false);
  strobe_.meta_ad(len, true);
  strobe_.ad(message, false);
}

void Transcript::append_u64(std::string_view label, std::uint64_t x) {
  std::uint8_t buf[8];
  for (int i = 0; i < 8; ++i) buf[i] = static_cast<std::uint8_t>(x >> (8 * i));
  append_message(label, buf);
}

void Transcript::challenge_bytes(std::string_view label, std::span<std::uint8_t> out) {
  const auto len = le32(out.size());
  strobe_.meta_ad(label_bytes(label), false);
  strobe_.meta_ad(len, true);
  strobe_.prf(out, false);
}

TranscriptRngBuilder& TranscriptRngBuilder::rekey_with_witness_bytes(std::string_view label,
                                                                     ByteView witness) {
  const auto len = le32(witness.size());
  strobe_.meta_ad(label_bytes(label), false);
  strobe_.meta_ad(len, true);
  strobe_.key(witness, false);
  return *this;
}

TranscriptRng TranscriptRngBuilder::finalize(std::span<const std::uint8_t, 32> random_bytes) {
  strobe_.meta_ad(label_bytes("rng"), false);
  strobe_.key(random_bytes, false);
  return TranscriptRng(strobe_);
}

void TranscriptRng::fill_bytes(std::span<std::uint8_t> out) {
  const auto len = le32(out.size());
  strobe_.meta_ad(len, false);
  strobe_.prf(out, false);
}

}  // namespace bt::crypto::detail
