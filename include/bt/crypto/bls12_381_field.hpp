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

Fp operator+(const Fp& a, const Fp& b) noexcept;
Fp operator-(const Fp& a, const Fp& b) noexcept;
Fp operator-(const Fp& a) noexcept;
Fp operator*(const Fp& a, const Fp& b) noexcept;
Fp sqr(const Fp& a) noexcept;
// Inverse, 0 for 0 (RFC 9380 inv0).
Fp inv(const Fp& a) noexcept;
// a^e for a little-endian limb exponent (the exponent's bit length is public; its bits are not hidden).
Fp pow(const Fp& a, std::span<const std::uint64_t> e) noexcept;
// The square root with sqrt^2 == a, nullopt if a is not a square. Which root is returned is unspecified.
std::optional<Fp> sqrt(const Fp& a) noexcept;
// Returns b if choice is true, else a, without branching.
Fp select(const Fp& a, const Fp& b, bool choice) noexcept;

struct Fp2 {
  Fp c0, c1;  // c0 + c1*u

  static Fp2 zero() noexcept { return {Fp::zero(), Fp::zero()}; }
  static Fp2 one() noexcept { return {Fp::one(), Fp::zero()}; }
  bool is_zero() const noexcept { return c0.is_zero() && c1.is_zero(); }
  // zcash ordering: compare c1 first, c0 when c1 is zero.
  bool lexicographically_largest() const noexcept;
  friend bool operator==(const Fp2& a, const Fp2& b) noexcept { return a.c0 == b.c0 && a.c1 == b.c1; }
};

Fp2 operator+(const Fp2& a, const Fp2& b) noexcept;
Fp2 operator-(const Fp2& a, const Fp2& b) noexcept;
Fp2 operator-(const Fp2& a) noexcept;
Fp2 operator*(const Fp2& a, const Fp2& b) noexcept;
Fp2 operator*(const Fp2& a, const Fp& b) noexcept;
Fp2 sqr(const Fp2& a) noexcept;
Fp2 inv(const Fp2& a) noexcept;
Fp2 conj(const Fp2& a) noexcept;
Fp2 mul_by_nonresidue(const Fp2& a) noexcept;  // a * (u + 1)
std::optional<Fp2> sqrt(const Fp2& a) noexcept;
Fp2 select(const Fp2& a, const Fp2& b, bool choice) noexcept;

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

}  // namespace bt::crypto::bls12_381
