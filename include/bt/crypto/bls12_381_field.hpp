// SPDX-License-Identifier: MIT
// The BLS12-381 base field and its extension tower, as used by the curve and pairing code.
//
//   Fp   = GF(p), p = 0x1a0111ea...ffffaaab (381 bits), 6 x 64-bit limbs in Montgomery form (R = 2^384)
//   Fp2  = Fp[u] / (u^2 + 1)
//   Fp6  = Fp2[v] / (v^3 - (u + 1))
//   Fp12 = Fp6[w] / (w^2 - v)
//
// This is the tower of the zcash/arkworks/blst/noble implementations, so element coordinates (and the
// arkworks GT byte layout built on them) agree with theirs. Values are always fully reduced, so two equal
// elements have equal limbs and `==` is a limb comparison.
//
// Timing: add/sub/neg/mul/sqr/inv/pow and the conditional helpers run in time independent of the
// values (inv is Fermat exponentiation with the public exponent p-2). Functions ending in `_var`, the
// sqrt functions and the byte decoders may branch on their inputs: use them only on public data
// (points, hashes of public messages). Secrets in this codebase are scalars; the field elements of the
// points derived from them are public.
#pragma once

#include <bt/bytes.hpp>

#include <cstdint>
#include <optional>
#include <span>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

namespace bt::crypto::bls12_381 {

struct Fp {
  std::uint64_t l[6];  // Montgomery form a*R mod p, little-endian limbs

  static Fp zero() noexcept { return Fp{{0, 0, 0, 0, 0, 0}}; }
  static Fp one() noexcept;
  // The element with the given small integer value.
  static Fp from_u64(std::uint64_t v) noexcept;
  // A 48-byte big-endian integer; nullopt unless it is < p (canonical).
  static std::optional<Fp> from_bytes_be(std::span<const std::uint8_t, 48> in) noexcept;
  // A 64-byte big-endian integer reduced mod p (RFC 9380 hash_to_field with L = 64).
  static Fp from_bytes_be_wide(std::span<const std::uint8_t, 64> in) noexcept;
  void to_bytes_be(std::span<std::uint8_t, 48> out) const noexcept;
  void to_bytes_le(std::span<std::uint8_t, 48> out) const noexcept;  // arkworks' field layout

  bool is_zero() const noexcept;
  // RFC 9380 sgn0: the parity of the canonical integer.
  bool sgn0() const noexcept;
  // zcash "lexicographically largest": the canonical integer is > (p-1)/2.
  bool lexicographically_largest() const noexcept;
  friend bool operator==(const Fp& a, const Fp& b) noexcept;
};

// +, -, negation, *, sqr and select are defined inline at the end of this header (the hot path of the
// curve and pairing code).
inline Fp operator+(const Fp& a, const Fp& b) noexcept;
inline Fp operator-(const Fp& a, const Fp& b) noexcept;
inline Fp operator-(const Fp& a) noexcept;
inline Fp operator*(const Fp& a, const Fp& b) noexcept;
inline Fp sqr(const Fp& a) noexcept;
// Inverse, 0 for 0 (RFC 9380 inv0).
Fp inv(const Fp& a) noexcept;
// a^e for a little-endian limb exponent (the exponent's bit length is public; its bits are not hidden).
Fp pow(const Fp& a, std::span<const std::uint64_t> e) noexcept;
// The square root with sqrt^2 == a, nullopt if a is not a square. Which root is returned is unspecified.
std::optional<Fp> sqrt(const Fp& a) noexcept;
// Returns b if choice is true, else a, without branching.
inline Fp select(const Fp& a, const Fp& b, bool choice) noexcept;

struct Fp2 {
  Fp c0, c1;  // c0 + c1*u

  static Fp2 zero() noexcept { return {Fp::zero(), Fp::zero()}; }
  static Fp2 one() noexcept { return {Fp::one(), Fp::zero()}; }
  bool is_zero() const noexcept { return c0.is_zero() && c1.is_zero(); }
  // zcash ordering: compare c1 first, c0 when c1 is zero.
  bool lexicographically_largest() const noexcept;
  friend bool operator==(const Fp2& a, const Fp2& b) noexcept { return a.c0 == b.c0 && a.c1 == b.c1; }
};

// Inline (end of this header): +, -, negation, *, sqr, conj, mul_by_nonresidue, select.
inline Fp2 operator+(const Fp2& a, const Fp2& b) noexcept;
inline Fp2 operator-(const Fp2& a, const Fp2& b) noexcept;
inline Fp2 operator-(const Fp2& a) noexcept;
inline Fp2 operator*(const Fp2& a, const Fp2& b) noexcept;
inline Fp2 operator*(const Fp2& a, const Fp& b) noexcept;
inline Fp2 sqr(const Fp2& a) noexcept;
Fp2 inv(const Fp2& a) noexcept;
inline Fp2 conj(const Fp2& a) noexcept;
inline Fp2 mul_by_nonresidue(const Fp2& a) noexcept;  // a * (u + 1)
std::optional<Fp2> sqrt(const Fp2& a) noexcept;
inline Fp2 select(const Fp2& a, const Fp2& b, bool choice) noexcept;

struct Fp6 {
  Fp2 c0, c1, c2;  // c0 + c1*v + c2*v^2
  static Fp6 zero() noexcept { return {Fp2::zero(), Fp2::zero(), Fp2::zero()}; }
  static Fp6 one() noexcept { return {Fp2::one(), Fp2::zero(), Fp2::zero()}; }
  friend bool operator==(const Fp6& a, const Fp6& b) noexcept {
    return a.c0 == b.c0 && a.c1 == b.c1 && a.c2 == b.c2;
  }
};

Fp6 operator+(const Fp6& a, const Fp6& b) noexcept;
Fp6 operator-(const Fp6& a, const Fp6& b) noexcept;
Fp6 operator-(const Fp6& a) noexcept;
Fp6 operator*(const Fp6& a, const Fp6& b) noexcept;
Fp6 mul_by_v(const Fp6& a) noexcept;
Fp6 inv(const Fp6& a) noexcept;

struct Fp12 {
  Fp6 c0, c1;  // c0 + c1*w
  static Fp12 one() noexcept { return {Fp6::one(), Fp6::zero()}; }
  bool is_one() const noexcept { return *this == one(); }
  friend bool operator==(const Fp12& a, const Fp12& b) noexcept { return a.c0 == b.c0 && a.c1 == b.c1; }
  // arkworks 0.4 serialization (compressed == uncompressed for field elements): the 12 Fp
  // coefficients, each 48 bytes little-endian, in the order c0.c0.c0, c0.c0.c1, c0.c1.c0, ..., c1.c2.c1.
  FixedBytes<576> to_arkworks_bytes() const noexcept;
};

Fp12 operator*(const Fp12& a, const Fp12& b) noexcept;
Fp12 sqr(const Fp12& a) noexcept;
Fp12 inv(const Fp12& a) noexcept;
Fp12 conj(const Fp12& a) noexcept;  // a^(p^6)
// a^(p^k) for k = 1, 2, 3.
Fp12 frobenius(const Fp12& a, int k) noexcept;
// a^e for a little-endian limb exponent (public exponent).
Fp12 pow(const Fp12& a, std::span<const std::uint64_t> e) noexcept;

// ---- inline arithmetic ---------------------------------------------------------------------------
// Montgomery multiplication is CIOS over 6 limbs with unsigned __int128 and the "no-carry" shortcut:
// p's top limb is below 2^62, so each row's running sum fits in 6 words plus a word-sized carry and the
// seventh word of textbook CIOS is never needed. Every reduction is a masked conditional subtraction of
// p, so nothing branches on the values.
namespace fp_impl {
__extension__ typedef unsigned __int128 u128;
inline constexpr std::uint64_t kP[6] = {0xb9feffffffffaaabULL, 0x1eabfffeb153ffffULL, 0x6730d2a0f6b0f624ULL,
                                        0x64774b84f38512bfULL, 0x4b1ba7b6434bacd7ULL, 0x1a0111ea397fe69aULL};
inline constexpr std::uint64_t kPInv = 0x89f3fffcfffcfffdULL;  // -p^-1 mod 2^64

// out = a + b + carry_in, returns the carry (x86-64: one adc; elsewhere through __int128).
inline unsigned char add_carry(unsigned char c, std::uint64_t a, std::uint64_t b,
                               std::uint64_t& out) noexcept {
#if defined(__x86_64__)
  unsigned long long o;
  c = _addcarry_u64(c, a, b, &o);
  out = o;
  return c;
#else
  const u128 s = static_cast<u128>(a) + b + c;
  out = static_cast<std::uint64_t>(s);
  return static_cast<unsigned char>(s >> 64);
#endif
}
// out = a - b - borrow_in, returns the borrow.
inline unsigned char sub_borrow(unsigned char c, std::uint64_t a, std::uint64_t b,
                                std::uint64_t& out) noexcept {
#if defined(__x86_64__)
  unsigned long long o;
  c = _subborrow_u64(c, a, b, &o);
  out = o;
  return c;
#else
  const u128 d = static_cast<u128>(a) - b - c;
  out = static_cast<std::uint64_t>(d);
  return static_cast<unsigned char>((d >> 64) & 1);
#endif
}

// r = t - p if t >= p, else t (t < 2p). Constant time.
inline void reduce_once(std::uint64_t r[6], const std::uint64_t t[6]) noexcept {
  std::uint64_t s[6];
  unsigned char borrow = 0;
#pragma GCC unroll 6
  for (int i = 0; i < 6; ++i) borrow = sub_borrow(borrow, t[i], kP[i], s[i]);
  const std::uint64_t keep_t = 0 - static_cast<std::uint64_t>(borrow);  // t < p: the subtraction borrowed
#pragma GCC unroll 6
  for (int i = 0; i < 6; ++i) r[i] = (t[i] & keep_t) | (s[i] & ~keep_t);
}

// Fully unrolled with scalar temporaries (kept in registers; an indexed array would spill).
inline void mont_mul_portable(std::uint64_t r[6], const std::uint64_t a[6],
                              const std::uint64_t b[6]) noexcept {
  const std::uint64_t a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4], a5 = a[5];
  std::uint64_t t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0, t5 = 0, ca, cm, m, lo;
  u128 x, y;
  {  // row 0
    const std::uint64_t bi = b[0];
    x = static_cast<u128>(a0) * bi + t0;
    lo = static_cast<std::uint64_t>(x);
    ca = static_cast<std::uint64_t>(x >> 64);
    m = lo * kPInv;
    y = static_cast<u128>(m) * kP[0] + lo;
    cm = static_cast<std::uint64_t>(y >> 64);
    x = static_cast<u128>(a1) * bi + t1 + ca;
    ca = static_cast<std::uint64_t>(x >> 64);
    y = static_cast<u128>(m) * kP[1] + static_cast<std::uint64_t>(x) + cm;
    cm = static_cast<std::uint64_t>(y >> 64);
    t0 = static_cast<std::uint64_t>(y);
    x = static_cast<u128>(a2) * bi + t2 + ca;
    ca = static_cast<std::uint64_t>(x >> 64);
    y = static_cast<u128>(m) * kP[2] + static_cast<std::uint64_t>(x) + cm;
    cm = static_cast<std::uint64_t>(y >> 64);
    t1 = static_cast<std::uint64_t>(y);
    x = static_cast<u128>(a3) * bi + t3 + ca;
    ca = static_cast<std::uint64_t>(x >> 64);
    y = static_cast<u128>(m) * kP[3] + static_cast<std::uint64_t>(x) + cm;
    cm = static_cast<std::uint64_t>(y >> 64);
    t2 = static_cast<std::uint64_t>(y);
    x = static_cast<u128>(a4) * bi + t4 + ca;
    ca = static_cast<std::uint64_t>(x >> 64);
    y = static_cast<u128>(m) * kP[4] + static_cast<std::uint64_t>(x) + cm;
    cm = static_cast<std::uint64_t>(y >> 64);
    t3 = static_cast<std::uint64_t>(y);
    x = static_cast<u128>(a5) * bi + t5 + ca;
    ca = static_cast<std::uint64_t>(x >> 64);
    y = static_cast<u128>(m) * kP[5] + static_cast<std::uint64_t>(x) + cm;
    cm = static_cast<std::uint64_t>(y >> 64);
    t4 = static_cast<std::uint64_t>(y);
    t5 = ca + cm;
  }
  {  // row 1
    const std::uint64_t bi = b[1];
    x = static_cast<u128>(a0) * bi + t0;
    lo = static_cast<std::uint64_t>(x);
    ca = static_cast<std::uint64_t>(x >> 64);
    m = lo * kPInv;
    y = static_cast<u128>(m) * kP[0] + lo;
    cm = static_cast<std::uint64_t>(y >> 64);
    x = static_cast<u128>(a1) * bi + t1 + ca;
    ca = static_cast<std::uint64_t>(x >> 64);
    y = static_cast<u128>(m) * kP[1] + static_cast<std::uint64_t>(x) + cm;
    cm = static_cast<std::uint64_t>(y >> 64);
    t0 = static_cast<std::uint64_t>(y);
    x = static_cast<u128>(a2) * bi + t2 + ca;
    ca = static_cast<std::uint64_t>(x >> 64);
    y = static_cast<u128>(m) * kP[2] + static_cast<std::uint64_t>(x) + cm;
    cm = static_cast<std::uint64_t>(y >> 64);
    t1 = static_cast<std::uint64_t>(y);
    x = static_cast<u128>(a3) * bi + t3 + ca;
    ca = static_cast<std::uint64_t>(x >> 64);
    y = static_cast<u128>(m) * kP[3] + static_cast<std::uint64_t>(x) + cm;
    cm = static_cast<std::uint64_t>(y >> 64);
    t2 = static_cast<std::uint64_t>(y);
    x = static_cast<u128>(a4) * bi + t4 + ca;
    ca = static_cast<std::uint64_t>(x >> 64);
    y = static_cast<u128>(m) * kP[4] + static_cast<std::uint64_t>(x) + cm;
    cm = static_cast<std::uint64_t>(y >> 64);
    t3 = static_cast<std::uint64_t>(y);
    x = static_cast<u128>(a5) * bi + t5 + ca;
    ca = static_cast<std::uint64_t>(x >> 64);
    y = static_cast<u128>(m) * kP[5] + static_cast<std::uint64_t>(x) + cm;
    cm = static_cast<std::uint64_t>(y >> 64);
    t4 = static_cast<std::uint64_t>(y);
    t5 = ca + cm;
  }
  {  // row 2
    const std::uint64_t bi = b[2];
    x = static_cast<u128>(a0) * bi + t0;
    lo = static_cast<std::uint64_t>(x);
    ca = static_cast<std::uint64_t>(x >> 64);
    m = lo * kPInv;
    y = static_cast<u128>(m) * kP[0] + lo;
    cm = static_cast<std::uint64_t>(y >> 64);
    x = static_cast<u128>(a1) * bi + t1 + ca;
    ca = static_cast<std::uint64_t>(x >> 64);
    y = static_cast<u128>(m) * kP[1] + static_cast<std::uint64_t>(x) + cm;
    cm = static_cast<std::uint64_t>(y >> 64);
    t0 = static_cast<std::uint64_t>(y);
    x = static_cast<u128>(a2) * bi + t2 + ca;
    ca = static_cast<std::uint64_t>(x >> 64);
    y = static_cast<u128>(m) * kP[2] + static_cast<std::uint64_t>(x) + cm;
    cm = static_cast<std::uint64_t>(y >> 64);
    t1 = static_cast<std::uint64_t>(y);
    x = static_cast<u128>(a3) * bi + t3 + ca;
    ca = static_cast<std::uint64_t>(x >> 64);
    y = static_cast<u128>(m) * kP[3] + static_cast<std::uint64_t>(x) + cm;
    cm = static_cast<std::uint64_t>(y >> 64);
    t2 = static_cast<std::uint64_t>(y);
    x = static_cast<u128>(a4) * bi + t4 + ca;
    ca = static_cast<std::uint64_t>(x >> 64);
    y = static_cast<u128>(m) * kP[4] + static_cast<std::uint64_t>(x) + cm;
    cm = static_cast<std::uint64_t>(y >> 64);
    t3 = static_cast<std::uint64_t>(y);
    x = static_cast<u128>(a5) * bi + t5 + ca;
    ca = static_cast<std::uint64_t>(x >> 64);
    y = static_cast<u128>(m) * kP[5] + static_cast<std::uint64_t>(x) + cm;
    cm = static_cast<std::uint64_t>(y >> 64);
    t4 = static_cast<std::uint64_t>(y);
    t5 = ca + cm;
  }
  {  // row 3
    const std::uint64_t bi = b[3];
    x = static_cast<u128>(a0) * bi + t0;
    lo = static_cast<std::uint64_t>(x);
    ca = static_cast<std::uint64_t>(x >> 64);
    m = lo * kPInv;
    y = static_cast<u128>(m) * kP[0] + lo;
    cm = static_cast<std::uint64_t>(y >> 64);
    x = static_cast<u128>(a1) * bi + t1 + ca;
    ca = static_cast<std::uint64_t>(x >> 64);
    y = static_cast<u128>(m) * kP[1] + static_cast<std::uint64_t>(x) + cm;
    cm = static_cast<std::uint64_t>(y >> 64);
    t0 = static_cast<std::uint64_t>(y);
    x = static_cast<u128>(a2) * bi + t2 + ca;
    ca = static_cast<std::uint64_t>(x >> 64);
    y = static_cast<u128>(m) * kP[2] + static_cast<std::uint64_t>(x) + cm;
    cm = static_cast<std::uint64_t>(y >> 64);
    t1 = static_cast<std::uint64_t>(y);
    x = static_cast<u128>(a3) * bi + t3 + ca;
    ca = static_cast<std::uint64_t>(x >> 64);
    y = static_cast<u128>(m) * kP[3] + static_cast<std::uint64_t>(x) + cm;
    cm = static_cast<std::uint64_t>(y >> 64);
    t2 = static_cast<std::uint64_t>(y);
    x = static_cast<u128>(a4) * bi + t4 + ca;
    ca = static_cast<std::uint64_t>(x >> 64);
    y = static_cast<u128>(m) * kP[4] + static_cast<std::uint64_t>(x) + cm;
    cm = static_cast<std::uint64_t>(y >> 64);
    t3 = static_cast<std::uint64_t>(y);
    x = static_cast<u128>(a5) * bi + t5 + ca;
    ca = static_cast<std::uint64_t>(x >> 64);
    y = static_cast<u128>(m) * kP[5] + static_cast<std::uint64_t>(x) + cm;
    cm = static_cast<std::uint64_t>(y >> 64);
    t4 = static_cast<std::uint64_t>(y);
    t5 = ca + cm;
  }
  {  // row 4
    const std::uint64_t bi = b[4];
    x = static_cast<u128>(a0) * bi + t0;
    lo = static_cast<std::uint64_t>(x);
    ca = static_cast<std::uint64_t>(x >> 64);
    m = lo * kPInv;
    y = static_cast<u128>(m) * kP[0] + lo;
    cm = static_cast<std::uint64_t>(y >> 64);
    x = static_cast<u128>(a1) * bi + t1 + ca;
    ca = static_cast<std::uint64_t>(x >> 64);
    y = static_cast<u128>(m) * kP[1] + static_cast<std::uint64_t>(x) + cm;
    cm = static_cast<std::uint64_t>(y >> 64);
    t0 = static_cast<std::uint64_t>(y);
    x = static_cast<u128>(a2) * bi + t2 + ca;
    ca = static_cast<std::uint64_t>(x >> 64);
    y = static_cast<u128>(m) * kP[2] + static_cast<std::uint64_t>(x) + cm;
    cm = static_cast<std::uint64_t>(y >> 64);
    t1 = static_cast<std::uint64_t>(y);
    x = static_cast<u128>(a3) * bi + t3 + ca;
    ca = static_cast<std::uint64_t>(x >> 64);
    y = static_cast<u128>(m) * kP[3] + static_cast<std::uint64_t>(x) + cm;
    cm = static_cast<std::uint64_t>(y >> 64);
    t2 = static_cast<std::uint64_t>(y);
    x = static_cast<u128>(a4) * bi + t4 + ca;
    ca = static_cast<std::uint64_t>(x >> 64);
    y = static_cast<u128>(m) * kP[4] + static_cast<std::uint64_t>(x) + cm;
    cm = static_cast<std::uint64_t>(y >> 64);
    t3 = static_cast<std::uint64_t>(y);
    x = static_cast<u128>(a5) * bi + t5 + ca;
    ca = static_cast<std::uint64_t>(x >> 64);
    y = static_cast<u128>(m) * kP[5] + static_cast<std::uint64_t>(x) + cm;
    cm = static_cast<std::uint64_t>(y >> 64);
    t4 = static_cast<std::uint64_t>(y);
    t5 = ca + cm;
  }
  {  // row 5
    const std::uint64_t bi = b[5];
    x = static_cast<u128>(a0) * bi + t0;
    lo = static_cast<std::uint64_t>(x);
    ca = static_cast<std::uint64_t>(x >> 64);
    m = lo * kPInv;
    y = static_cast<u128>(m) * kP[0] + lo;
    cm = static_cast<std::uint64_t>(y >> 64);
    x = static_cast<u128>(a1) * bi + t1 + ca;
    ca = static_cast<std::uint64_t>(x >> 64);
    y = static_cast<u128>(m) * kP[1] + static_cast<std::uint64_t>(x) + cm;
    cm = static_cast<std::uint64_t>(y >> 64);
    t0 = static_cast<std::uint64_t>(y);
    x = static_cast<u128>(a2) * bi + t2 + ca;
    ca = static_cast<std::uint64_t>(x >> 64);
    y = static_cast<u128>(m) * kP[2] + static_cast<std::uint64_t>(x) + cm;
    cm = static_cast<std::uint64_t>(y >> 64);
    t1 = static_cast<std::uint64_t>(y);
    x = static_cast<u128>(a3) * bi + t3 + ca;
    ca = static_cast<std::uint64_t>(x >> 64);
    y = static_cast<u128>(m) * kP[3] + static_cast<std::uint64_t>(x) + cm;
    cm = static_cast<std::uint64_t>(y >> 64);
    t2 = static_cast<std::uint64_t>(y);
    x = static_cast<u128>(a4) * bi + t4 + ca;
    ca = static_cast<std::uint64_t>(x >> 64);
    y = static_cast<u128>(m) * kP[4] + static_cast<std::uint64_t>(x) + cm;
    cm = static_cast<std::uint64_t>(y >> 64);
    t3 = static_cast<std::uint64_t>(y);
    x = static_cast<u128>(a5) * bi + t5 + ca;
    ca = static_cast<std::uint64_t>(x >> 64);
    y = static_cast<u128>(m) * kP[5] + static_cast<std::uint64_t>(x) + cm;
    cm = static_cast<std::uint64_t>(y >> 64);
    t4 = static_cast<std::uint64_t>(y);
    t5 = ca + cm;
  }
  const std::uint64_t t[6] = {t0, t1, t2, t3, t4, t5};
  reduce_once(r, t);
}

#if defined(__x86_64__) && defined(__GNUC__)
#define BT_BLS12_381_HAVE_ADX 1
// The same product with BMI2/ADX (mulx and the two carry chains adcx/adox), x86-64 CPUs since 2014;
// used when the CPU has them (checked once at start-up), bit-identical to mont_mul_portable. Row i of
// CIOS adds a * b[i] and then m * p (m = t0 * -p^-1), after which t0 is zero and the registers rotate.
inline void mont_mul_adx(std::uint64_t r[6], const std::uint64_t a[6], const std::uint64_t b[6]) noexcept {
  std::uint64_t r0 = 0, r1 = 0, r2 = 0, r3 = 0, r4 = 0, r5 = 0, r6 = 0, lo, hi;
  __asm__(
      "movq 0(%[b]), %%rdx\n\t"
      "xorq %[r6], %[r6]\n\t"
      "mulxq 0(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r0]\n\t"
      "adcxq %[hi], %[r1]\n\t"
      "mulxq 8(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r1]\n\t"
      "adcxq %[hi], %[r2]\n\t"
      "mulxq 16(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r2]\n\t"
      "adcxq %[hi], %[r3]\n\t"
      "mulxq 24(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r3]\n\t"
      "adcxq %[hi], %[r4]\n\t"
      "mulxq 32(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r4]\n\t"
      "adcxq %[hi], %[r5]\n\t"
      "mulxq 40(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r5]\n\t"
      "adcxq %[hi], %[r6]\n\t"
      "movq $0, %[lo]\n\t"
      "adoxq %[lo], %[r6]\n\t"
      "movq %[r0], %%rdx\n\t"
      "imulq %[pinv], %%rdx\n\t"
      "xorq %[lo], %[lo]\n\t"
      "mulxq %[p0], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r0]\n\t"
      "adcxq %[hi], %[r1]\n\t"
      "mulxq %[p1], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r1]\n\t"
      "adcxq %[hi], %[r2]\n\t"
      "mulxq %[p2], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r2]\n\t"
      "adcxq %[hi], %[r3]\n\t"
      "mulxq %[p3], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r3]\n\t"
      "adcxq %[hi], %[r4]\n\t"
      "mulxq %[p4], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r4]\n\t"
      "adcxq %[hi], %[r5]\n\t"
      "mulxq %[p5], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r5]\n\t"
      "adcxq %[hi], %[r6]\n\t"
      "movq $0, %[lo]\n\t"
      "adoxq %[lo], %[r6]\n\t"
      "movq 8(%[b]), %%rdx\n\t"
      "xorq %[r0], %[r0]\n\t"
      "mulxq 0(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r1]\n\t"
      "adcxq %[hi], %[r2]\n\t"
      "mulxq 8(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r2]\n\t"
      "adcxq %[hi], %[r3]\n\t"
      "mulxq 16(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r3]\n\t"
      "adcxq %[hi], %[r4]\n\t"
      "mulxq 24(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r4]\n\t"
      "adcxq %[hi], %[r5]\n\t"
      "mulxq 32(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r5]\n\t"
      "adcxq %[hi], %[r6]\n\t"
      "mulxq 40(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r6]\n\t"
      "adcxq %[hi], %[r0]\n\t"
      "movq $0, %[lo]\n\t"
      "adoxq %[lo], %[r0]\n\t"
      "movq %[r1], %%rdx\n\t"
      "imulq %[pinv], %%rdx\n\t"
      "xorq %[lo], %[lo]\n\t"
      "mulxq %[p0], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r1]\n\t"
      "adcxq %[hi], %[r2]\n\t"
      "mulxq %[p1], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r2]\n\t"
      "adcxq %[hi], %[r3]\n\t"
      "mulxq %[p2], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r3]\n\t"
      "adcxq %[hi], %[r4]\n\t"
      "mulxq %[p3], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r4]\n\t"
      "adcxq %[hi], %[r5]\n\t"
      "mulxq %[p4], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r5]\n\t"
      "adcxq %[hi], %[r6]\n\t"
      "mulxq %[p5], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r6]\n\t"
      "adcxq %[hi], %[r0]\n\t"
      "movq $0, %[lo]\n\t"
      "adoxq %[lo], %[r0]\n\t"
      "movq 16(%[b]), %%rdx\n\t"
      "xorq %[r1], %[r1]\n\t"
      "mulxq 0(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r2]\n\t"
      "adcxq %[hi], %[r3]\n\t"
      "mulxq 8(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r3]\n\t"
      "adcxq %[hi], %[r4]\n\t"
      "mulxq 16(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r4]\n\t"
      "adcxq %[hi], %[r5]\n\t"
      "mulxq 24(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r5]\n\t"
      "adcxq %[hi], %[r6]\n\t"
      "mulxq 32(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r6]\n\t"
      "adcxq %[hi], %[r0]\n\t"
      "mulxq 40(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r0]\n\t"
      "adcxq %[hi], %[r1]\n\t"
      "movq $0, %[lo]\n\t"
      "adoxq %[lo], %[r1]\n\t"
      "movq %[r2], %%rdx\n\t"
      "imulq %[pinv], %%rdx\n\t"
      "xorq %[lo], %[lo]\n\t"
      "mulxq %[p0], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r2]\n\t"
      "adcxq %[hi], %[r3]\n\t"
      "mulxq %[p1], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r3]\n\t"
      "adcxq %[hi], %[r4]\n\t"
      "mulxq %[p2], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r4]\n\t"
      "adcxq %[hi], %[r5]\n\t"
      "mulxq %[p3], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r5]\n\t"
      "adcxq %[hi], %[r6]\n\t"
      "mulxq %[p4], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r6]\n\t"
      "adcxq %[hi], %[r0]\n\t"
      "mulxq %[p5], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r0]\n\t"
      "adcxq %[hi], %[r1]\n\t"
      "movq $0, %[lo]\n\t"
      "adoxq %[lo], %[r1]\n\t"
      "movq 24(%[b]), %%rdx\n\t"
      "xorq %[r2], %[r2]\n\t"
      "mulxq 0(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r3]\n\t"
      "adcxq %[hi], %[r4]\n\t"
      "mulxq 8(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r4]\n\t"
      "adcxq %[hi], %[r5]\n\t"
      "mulxq 16(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r5]\n\t"
      "adcxq %[hi], %[r6]\n\t"
      "mulxq 24(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r6]\n\t"
      "adcxq %[hi], %[r0]\n\t"
      "mulxq 32(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r0]\n\t"
      "adcxq %[hi], %[r1]\n\t"
      "mulxq 40(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r1]\n\t"
      "adcxq %[hi], %[r2]\n\t"
      "movq $0, %[lo]\n\t"
      "adoxq %[lo], %[r2]\n\t"
      "movq %[r3], %%rdx\n\t"
      "imulq %[pinv], %%rdx\n\t"
      "xorq %[lo], %[lo]\n\t"
      "mulxq %[p0], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r3]\n\t"
      "adcxq %[hi], %[r4]\n\t"
      "mulxq %[p1], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r4]\n\t"
      "adcxq %[hi], %[r5]\n\t"
      "mulxq %[p2], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r5]\n\t"
      "adcxq %[hi], %[r6]\n\t"
      "mulxq %[p3], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r6]\n\t"
      "adcxq %[hi], %[r0]\n\t"
      "mulxq %[p4], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r0]\n\t"
      "adcxq %[hi], %[r1]\n\t"
      "mulxq %[p5], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r1]\n\t"
      "adcxq %[hi], %[r2]\n\t"
      "movq $0, %[lo]\n\t"
      "adoxq %[lo], %[r2]\n\t"
      "movq 32(%[b]), %%rdx\n\t"
      "xorq %[r3], %[r3]\n\t"
      "mulxq 0(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r4]\n\t"
      "adcxq %[hi], %[r5]\n\t"
      "mulxq 8(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r5]\n\t"
      "adcxq %[hi], %[r6]\n\t"
      "mulxq 16(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r6]\n\t"
      "adcxq %[hi], %[r0]\n\t"
      "mulxq 24(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r0]\n\t"
      "adcxq %[hi], %[r1]\n\t"
      "mulxq 32(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r1]\n\t"
      "adcxq %[hi], %[r2]\n\t"
      "mulxq 40(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r2]\n\t"
      "adcxq %[hi], %[r3]\n\t"
      "movq $0, %[lo]\n\t"
      "adoxq %[lo], %[r3]\n\t"
      "movq %[r4], %%rdx\n\t"
      "imulq %[pinv], %%rdx\n\t"
      "xorq %[lo], %[lo]\n\t"
      "mulxq %[p0], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r4]\n\t"
      "adcxq %[hi], %[r5]\n\t"
      "mulxq %[p1], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r5]\n\t"
      "adcxq %[hi], %[r6]\n\t"
      "mulxq %[p2], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r6]\n\t"
      "adcxq %[hi], %[r0]\n\t"
      "mulxq %[p3], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r0]\n\t"
      "adcxq %[hi], %[r1]\n\t"
      "mulxq %[p4], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r1]\n\t"
      "adcxq %[hi], %[r2]\n\t"
      "mulxq %[p5], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r2]\n\t"
      "adcxq %[hi], %[r3]\n\t"
      "movq $0, %[lo]\n\t"
      "adoxq %[lo], %[r3]\n\t"
      "movq 40(%[b]), %%rdx\n\t"
      "xorq %[r4], %[r4]\n\t"
      "mulxq 0(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r5]\n\t"
      "adcxq %[hi], %[r6]\n\t"
      "mulxq 8(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r6]\n\t"
      "adcxq %[hi], %[r0]\n\t"
      "mulxq 16(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r0]\n\t"
      "adcxq %[hi], %[r1]\n\t"
      "mulxq 24(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r1]\n\t"
      "adcxq %[hi], %[r2]\n\t"
      "mulxq 32(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r2]\n\t"
      "adcxq %[hi], %[r3]\n\t"
      "mulxq 40(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r3]\n\t"
      "adcxq %[hi], %[r4]\n\t"
      "movq $0, %[lo]\n\t"
      "adoxq %[lo], %[r4]\n\t"
      "movq %[r5], %%rdx\n\t"
      "imulq %[pinv], %%rdx\n\t"
      "xorq %[lo], %[lo]\n\t"
      "mulxq %[p0], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r5]\n\t"
      "adcxq %[hi], %[r6]\n\t"
      "mulxq %[p1], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r6]\n\t"
      "adcxq %[hi], %[r0]\n\t"
      "mulxq %[p2], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r0]\n\t"
      "adcxq %[hi], %[r1]\n\t"
      "mulxq %[p3], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r1]\n\t"
      "adcxq %[hi], %[r2]\n\t"
      "mulxq %[p4], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r2]\n\t"
      "adcxq %[hi], %[r3]\n\t"
      "mulxq %[p5], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r3]\n\t"
      "adcxq %[hi], %[r4]\n\t"
      "movq $0, %[lo]\n\t"
      "adoxq %[lo], %[r4]\n\t"
      : [r0] "+&r"(r0), [r1] "+&r"(r1), [r2] "+&r"(r2), [r3] "+&r"(r3), [r4] "+&r"(r4), [r5] "+&r"(r5),
        [r6] "+&r"(r6), [lo] "=&r"(lo), [hi] "=&r"(hi)
      : [a] "r"(a), [b] "r"(b), [pinv] "m"(kPInv), [p0] "m"(kP[0]), [p1] "m"(kP[1]), [p2] "m"(kP[2]),
        [p3] "m"(kP[3]), [p4] "m"(kP[4]), [p5] "m"(kP[5])
      : "rdx", "cc", "memory");
  const std::uint64_t t[6] = {r6, r0, r1, r2, r3, r4};
  reduce_once(r, t);
}

// Zero-initialized (false) before dynamic initialization, so a multiplication during static
// initialization safely takes the portable path.
inline bool cpu_has_bmi2_adx() noexcept {
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return false;
  return ((ebx >> 8) & 1) != 0 && ((ebx >> 19) & 1) != 0;  // CPUID.(7,0).EBX: BMI2 bit 8, ADX bit 19
}
inline const bool kCpuHasAdx = cpu_has_bmi2_adx();
#endif

inline void mont_mul(std::uint64_t r[6], const std::uint64_t a[6], const std::uint64_t b[6]) noexcept {
#if defined(BT_BLS12_381_HAVE_ADX)
  if (kCpuHasAdx) return mont_mul_adx(r, a, b);
#endif
  mont_mul_portable(r, a, b);
}
}  // namespace fp_impl

inline Fp operator+(const Fp& a, const Fp& b) noexcept {
  // a + b < 2p < 2^383: no carry out of the top limb
  std::uint64_t t[6];
  unsigned char carry = 0;
#pragma GCC unroll 6
  for (int i = 0; i < 6; ++i) carry = fp_impl::add_carry(carry, a.l[i], b.l[i], t[i]);
  Fp r;
  fp_impl::reduce_once(r.l, t);
  return r;
}

inline Fp operator-(const Fp& a, const Fp& b) noexcept {
  Fp r;
  unsigned char borrow = 0;
#pragma GCC unroll 6
  for (int i = 0; i < 6; ++i) borrow = fp_impl::sub_borrow(borrow, a.l[i], b.l[i], r.l[i]);
  const std::uint64_t mask = 0 - static_cast<std::uint64_t>(borrow);  // add p back when it borrowed
  unsigned char carry = 0;
#pragma GCC unroll 6
  for (int i = 0; i < 6; ++i) carry = fp_impl::add_carry(carry, r.l[i], fp_impl::kP[i] & mask, r.l[i]);
  return r;
}

inline Fp operator-(const Fp& a) noexcept { return Fp::zero() - a; }

inline Fp operator*(const Fp& a, const Fp& b) noexcept {
  Fp r;
  fp_impl::mont_mul(r.l, a.l, b.l);
  return r;
}

inline Fp sqr(const Fp& a) noexcept { return a * a; }

inline Fp select(const Fp& a, const Fp& b, bool choice) noexcept {
  const std::uint64_t mask = 0 - static_cast<std::uint64_t>(choice);
  Fp r;
  for (int i = 0; i < 6; ++i) r.l[i] = (a.l[i] & ~mask) | (b.l[i] & mask);
  return r;
}

inline Fp2 operator+(const Fp2& a, const Fp2& b) noexcept { return {a.c0 + b.c0, a.c1 + b.c1}; }
inline Fp2 operator-(const Fp2& a, const Fp2& b) noexcept { return {a.c0 - b.c0, a.c1 - b.c1}; }
inline Fp2 operator-(const Fp2& a) noexcept { return {-a.c0, -a.c1}; }
inline Fp2 operator*(const Fp2& a, const Fp2& b) noexcept {
  // Karatsuba: 3 multiplications
  const Fp v0 = a.c0 * b.c0;
  const Fp v1 = a.c1 * b.c1;
  return {v0 - v1, (a.c0 + a.c1) * (b.c0 + b.c1) - v0 - v1};
}
inline Fp2 operator*(const Fp2& a, const Fp& b) noexcept { return {a.c0 * b, a.c1 * b}; }
inline Fp2 sqr(const Fp2& a) noexcept {
  const Fp m = a.c0 * a.c1;
  return {(a.c0 + a.c1) * (a.c0 - a.c1), m + m};
}
inline Fp2 conj(const Fp2& a) noexcept { return {a.c0, -a.c1}; }
inline Fp2 mul_by_nonresidue(const Fp2& a) noexcept { return {a.c0 - a.c1, a.c0 + a.c1}; }
inline Fp2 select(const Fp2& a, const Fp2& b, bool choice) noexcept {
  return {select(a.c0, b.c0, choice), select(a.c1, b.c1, choice)};
}

}  // namespace bt::crypto::bls12_381
