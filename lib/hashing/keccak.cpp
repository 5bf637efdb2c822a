// SPDX-License-Identifier: MIT
// Keccak-f[1600] (FIPS 202 section 3) and Keccak-256 with the original Keccak padding (Ethereum).
// libsodium 1.0.18 has no Keccak, so this is our own straightforward implementation.
#include <bt/crypto/hashing.hpp>
#include <cstring>

namespace bt::crypto {
namespace {

constexpr std::uint64_t kRoundConstants[24] = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL,
    0x000000000000808bULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL,
    0x000000000000008aULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
    0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL, 0x8000000000008003ULL,
    0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL,
    0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL,
};

// rho and pi combined: walking the lanes in pi order starting from lane 1, lane kPiLane[i] receives
// the previous lane rotated by kRhoOffset[i] (the triangular numbers mod 64).
constexpr int kPiLane[24] = {10, 7,  11, 17, 18, 3, 5,  16, 8,  21, 24, 4,
                             15, 23, 19, 13, 12, 2, 20, 14, 22, 9,  6,  1};
constexpr unsigned kRhoOffset[24] = {1,  3,  6,  10, 15, 21, 28, 36, 45, 55, 2,  14,
                                     27, 41, 56, 8,  25, 43, 62, 18, 39, 61, 20, 44};

constexpr std::uint64_t rotl(std::uint64_t v, unsigned n) noexcept {
  return n == 0 ? v : (v << n) | (v >> (64 - n));
}

std::uint64_t load_le64(const std::uint8_t* p) noexcept {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

void store_le64(std::uint8_t* p, std::uint64_t v) noexcept {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}

}  // namespace

void keccak_f1600(std::uint64_t a[25]) noexcept {
  std::uint64_t c[5];
  for (int round = 0; round < 24; ++round) {
    // theta
    for (int x = 0; x < 5; ++x) c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
    for (int x = 0; x < 5; ++x) {
      const std::uint64_t d = c[(x + 4) % 5] ^ rotl(c[(x + 1) % 5], 1);
      for (int y = 0; y < 25; y += 5) a[y + x] ^= d;
    }
    // rho and pi
    std::uint64_t t = a[1];
    for (int i = 0; i < 24; ++i) {
      const int j = kPiLane[i];
      const std::uint64_t next = a[j];
      a[j] = rotl(t, kRhoOffset[i]);
      t = next;
    }
    // chi
    for (int y = 0; y < 25; y += 5) {
      for (int x = 0; x < 5; ++x) c[x] = a[y + x];
      for (int x = 0; x < 5; ++x) a[y + x] = c[x] ^ (~c[(x + 1) % 5] & c[(x + 2) % 5]);
    }
    // iota
    a[0] ^= kRoundConstants[round];
  }
}

Hash256 keccak_256(ByteView data) {
  constexpr std::size_t rate = 136;  // 1600 - 2*256 bits
  std::uint64_t st[25] = {};
  const std::uint8_t* p = data.data();
  std::size_t n = data.size();
  while (n >= rate) {
    for (std::size_t i = 0; i < rate / 8; ++i) st[i] ^= load_le64(p + 8 * i);
    keccak_f1600(st);
    p += rate;
    n -= rate;
  }
  std::uint8_t block[rate] = {};
  if (n > 0) std::memcpy(block, p, n);
  block[n] ^= 0x01;
  block[rate - 1] ^= 0x80;
  for (std::size_t i = 0; i < rate / 8; ++i) st[i] ^= load_le64(block + 8 * i);
  keccak_f1600(st);
  Hash256 out;
  for (std::size_t i = 0; i < 4; ++i) store_le64(out.data.data() + 8 * i, st[i]);
  return out;
}

}  // namespace bt::crypto
