// SPDX-License-Identifier: MIT
// BLS12-381 field tower (the inline Fp/Fp2 core is in the header). Every reduction is a masked
// conditional subtraction, so the arithmetic has no data-dependent branches.
#include <bt/crypto/bls12_381_field.hpp>

#include <cstring>

#include "constants.hpp"

namespace bt::crypto::bls12_381 {
namespace {
__extension__ typedef unsigned __int128 u128;
using detail::kP;

using fp_impl::mont_mul;

// Canonical (non-Montgomery) limbs of a.
inline void to_canonical(std::uint64_t out[6], const Fp& a) noexcept {
  const std::uint64_t one[6] = {1, 0, 0, 0, 0, 0};
  mont_mul(out, a.l, one);
}

// a > b for canonical limb vectors (variable time; only used on public values).
bool greater_var(const std::uint64_t a[6], const std::uint64_t b[6]) noexcept {
  for (int i = 5; i >= 0; --i) {
    if (a[i] != b[i]) return a[i] > b[i];
  }
  return false;
}
}  // namespace

Fp Fp::one() noexcept { return detail::kOne; }

Fp Fp::from_u64(std::uint64_t v) noexcept {
  const std::uint64_t raw[6] = {v, 0, 0, 0, 0, 0};
  Fp r;
  mont_mul(r.l, raw, detail::kR2);
  return r;
}

std::optional<Fp> Fp::from_bytes_be(std::span<const std::uint8_t, 48> in) noexcept {
  std::uint64_t raw[6];
  for (int i = 0; i < 6; ++i) {
    std::uint64_t w = 0;
    for (int j = 0; j < 8; ++j) w = (w << 8) | in[static_cast<std::size_t>((5 - i) * 8 + j)];
    raw[i] = w;
  }
  // canonical means raw < p
  std::uint64_t borrow = 0;
  for (int i = 0; i < 6; ++i) {
    u128 d = static_cast<u128>(raw[i]) - kP[i] - borrow;
    borrow = static_cast<std::uint64_t>(d >> 64) & 1;
  }
  if (!borrow) return std::nullopt;
  Fp r;
  mont_mul(r.l, raw, detail::kR2);
  return r;
}

Fp Fp::from_bytes_be_wide(std::span<const std::uint8_t, 64> in) noexcept {
  // in = hi * 2^256 + lo with hi, lo < 2^256 < p
  std::uint8_t buf[48] = {};
  std::memcpy(buf + 16, in.data(), 32);
  const Fp hi = *from_bytes_be(std::span<const std::uint8_t, 48>(buf, 48));
  std::memcpy(buf + 16, in.data() + 32, 32);
  const Fp lo = *from_bytes_be(std::span<const std::uint8_t, 48>(buf, 48));
  return hi * detail::kTwoPow256 + lo;
}

void Fp::to_bytes_be(std::span<std::uint8_t, 48> out) const noexcept {
  std::uint64_t c[6];
  to_canonical(c, *this);
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 8; ++j)
      out[static_cast<std::size_t>((5 - i) * 8 + j)] = static_cast<std::uint8_t>(c[i] >> (56 - 8 * j));
}

void Fp::to_bytes_le(std::span<std::uint8_t, 48> out) const noexcept {
  std::uint64_t c[6];
  to_canonical(c, *this);
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 8; ++j)
      out[static_cast<std::size_t>(i * 8 + j)] = static_cast<std::uint8_t>(c[i] >> (8 * j));
}

bool Fp::is_zero() const noexcept {
  std::uint64_t acc = 0;
  for (auto w : l) acc |= w;
  return acc == 0;
}

bool Fp::sgn0() const noexcept {
  std::uint64_t c[6];
  to_canonical(c, *this);
  return (c[0] & 1) != 0;
}

bool Fp::lexicographically_largest() const noexcept {
  std::uint64_t c[6];
  to_canonical(c, *this);
  return greater_var(c, detail::kPMinus1Div2);
}

bool operator==(const Fp& a, const Fp& b) noexcept {
  std::uint64_t acc = 0;
  for (int i = 0; i < 6; ++i) acc |= a.l[i] ^ b.l[i];
  return acc == 0;
}

Fp pow(const Fp& a, std::span<const std::uint64_t> e) noexcept {
  // Fixed 4-bit windows: 4 squarings and one multiplication per window. The table index is a window of
  // the public exponent, so reading table[idx] leaks nothing about a.
  Fp table[16];
  table[0] = Fp::one();
  for (int i = 1; i < 16; ++i) table[i] = table[i - 1] * a;
  Fp r = Fp::one();
  for (std::size_t i = e.size(); i-- > 0;) {
    for (int w = 60; w >= 0; w -= 4) {
      r = sqr(sqr(sqr(sqr(r))));
      r = r * table[(e[i] >> w) & 0xf];
    }
  }
  return r;
}

Fp inv(const Fp& a) noexcept { return pow(a, detail::kPMinus2); }

std::optional<Fp> sqrt(const Fp& a) noexcept {
  const Fp s = pow(a, detail::kPPlus1Div4);  // p = 3 mod 4
  if (!(sqr(s) == a)) return std::nullopt;
  return s;
}

// ---- Fp2 -----------------------------------------------------------------------------------------
bool Fp2::lexicographically_largest() const noexcept {
  if (!c1.is_zero()) return c1.lexicographically_largest();
  return c0.lexicographically_largest();
}

Fp2 inv(const Fp2& a) noexcept {
  const Fp t = inv(sqr(a.c0) + sqr(a.c1));
  return {a.c0 * t, -(a.c1 * t)};
}

std::optional<Fp2> sqrt(const Fp2& a) noexcept {
  // "Complex method": with n = c0^2 + c1^2 = s^2, a root is x0 + x1*u with x0^2 = (c0 +- s)/2 and
  // x1 = c1 / (2 x0). Every candidate is checked by squaring, so a wrong branch can only give nullopt.
  if (a.c1.is_zero()) {
    if (auto r = sqrt(a.c0)) return Fp2{*r, Fp::zero()};
    if (auto r = sqrt(-a.c0)) return Fp2{Fp::zero(), *r};
    return std::nullopt;
  }
  const auto s = sqrt(sqr(a.c0) + sqr(a.c1));
  if (!s) return std::nullopt;
  const Fp half = inv(Fp::from_u64(2));
  auto x0 = sqrt((a.c0 + *s) * half);
  if (!x0) x0 = sqrt((a.c0 - *s) * half);
  if (!x0 || x0->is_zero()) return std::nullopt;
  const Fp x1 = a.c1 * inv(*x0 + *x0);
  const Fp2 r{*x0, x1};
  if (!(sqr(r) == a)) return std::nullopt;
  return r;
}

// ---- Fp6 -----------------------------------------------------------------------------------------
Fp6 operator+(const Fp6& a, const Fp6& b) noexcept { return {a.c0 + b.c0, a.c1 + b.c1, a.c2 + b.c2}; }
Fp6 operator-(const Fp6& a, const Fp6& b) noexcept { return {a.c0 - b.c0, a.c1 - b.c1, a.c2 - b.c2}; }
Fp6 operator-(const Fp6& a) noexcept { return {-a.c0, -a.c1, -a.c2}; }
Fp6 operator*(const Fp6& a, const Fp6& b) noexcept {
  const Fp2 v0 = a.c0 * b.c0;
  const Fp2 v1 = a.c1 * b.c1;
  const Fp2 v2 = a.c2 * b.c2;
  return {v0 + mul_by_nonresidue((a.c1 + a.c2) * (b.c1 + b.c2) - v1 - v2),
          (a.c0 + a.c1) * (b.c0 + b.c1) - v0 - v1 + mul_by_nonresidue(v2),
          (a.c0 + a.c2) * (b.c0 + b.c2) - v0 - v2 + v1};
}
Fp6 mul_by_v(const Fp6& a) noexcept { return {mul_by_nonresidue(a.c2), a.c0, a.c1}; }
Fp6 inv(const Fp6& a) noexcept {
  const Fp2 t0 = sqr(a.c0) - mul_by_nonresidue(a.c1 * a.c2);
  const Fp2 t1 = mul_by_nonresidue(sqr(a.c2)) - a.c0 * a.c1;
  const Fp2 t2 = sqr(a.c1) - a.c0 * a.c2;
  const Fp2 d = inv(a.c0 * t0 + mul_by_nonresidue(a.c2 * t1 + a.c1 * t2));
  return {t0 * d, t1 * d, t2 * d};
}

// ---- Fp12 ----------------------------------------------------------------------------------------
Fp12 operator*(const Fp12& a, const Fp12& b) noexcept {
  const Fp6 v0 = a.c0 * b.c0;
  const Fp6 v1 = a.c1 * b.c1;
  return {v0 + mul_by_v(v1), (a.c0 + a.c1) * (b.c0 + b.c1) - v0 - v1};
}
Fp12 sqr(const Fp12& a) noexcept {
  const Fp6 ab = a.c0 * a.c1;
  return {(a.c0 + a.c1) * (a.c0 + mul_by_v(a.c1)) - ab - mul_by_v(ab), ab + ab};
}
Fp12 inv(const Fp12& a) noexcept {
  const Fp6 t = inv(a.c0 * a.c0 - mul_by_v(a.c1 * a.c1));
  return {a.c0 * t, -(a.c1 * t)};
}
Fp12 conj(const Fp12& a) noexcept { return {a.c0, -a.c1}; }

Fp12 frobenius(const Fp12& a, int k) noexcept {
  const Fp2* g = k == 1 ? detail::kFrob1 : k == 2 ? detail::kFrob2 : detail::kFrob3;
  const bool odd = (k & 1) != 0;
  auto f = [&](const Fp2& x, int e) { return (odd ? conj(x) : x) * g[e]; };
  // slot -> power of w: c0.c0 = 1, c0.c1 = w^2, c0.c2 = w^4, c1.c0 = w, c1.c1 = w^3, c1.c2 = w^5
  return {{f(a.c0.c0, 0), f(a.c0.c1, 2), f(a.c0.c2, 4)}, {f(a.c1.c0, 1), f(a.c1.c1, 3), f(a.c1.c2, 5)}};
}

Fp12 pow(const Fp12& a, std::span<const std::uint64_t> e) noexcept {
  Fp12 r = Fp12::one();
  bool started = false;
  for (std::size_t i = e.size(); i-- > 0;) {
    for (int b = 63; b >= 0; --b) {
      if (started) r = sqr(r);
      if ((e[i] >> b) & 1) {
        r = started ? r * a : a;
        started = true;
      }
    }
  }
  return r;
}

FixedBytes<576> Fp12::to_arkworks_bytes() const noexcept {
  FixedBytes<576> out;
  const Fp* parts[12] = {&c0.c0.c0, &c0.c0.c1, &c0.c1.c0, &c0.c1.c1, &c0.c2.c0, &c0.c2.c1,
                         &c1.c0.c0, &c1.c0.c1, &c1.c1.c0, &c1.c1.c1, &c1.c2.c0, &c1.c2.c1};
  for (int i = 0; i < 12; ++i)
    parts[i]->to_bytes_le(std::span<std::uint8_t, 48>(out.data.data() + 48 * i, 48));
  return out;
}

}  // namespace bt::crypto::bls12_381
