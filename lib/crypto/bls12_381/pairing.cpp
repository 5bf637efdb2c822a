// SPDX-License-Identifier: MIT
// Optimal ate pairing for BLS12-381.
//
// Lines are computed on the twist E' with T in homogeneous projective coordinates and mapped into Fp12
// through the untwisting psi(x', y') = (x'/w^2, y'/w^3) (w^6 = u + 1, M-type twist). A line l(P)
// multiplied by w^3 is  (lambda' x' - y') + (-lambda' xP) w^2 + yP w^3,  i.e. the Fp12 slots c0.c0, c0.c1
// and c1.c1. Each line is further scaled by a non-zero Fp2 factor to clear denominators; factors in a
// proper subfield (w^3 lies in Fp4) vanish under the final exponentiation, so the reduced pairing is
// unchanged.
#include <bt/crypto/bls12_381_pairing.hpp>

#include <bt/crypto/bls12_381_hash.hpp>

#include <vector>

#include "constants.hpp"

namespace bt::crypto::bls12_381 {
namespace {
struct Prepared {
  Fp xp, yp;   // affine P
  Fp2 xq, yq;  // affine Q
  G2 t;        // running point
};

// A line value c00 + c01 w^2 + c11 w^3, i.e. the Fp12 element ((c00, c01, 0), (0, c11, 0)).
struct Line {
  Fp2 c00, c01, c11;
};

// a * (b0 + b1 v) in Fp6
Fp6 mul_by_01(const Fp6& a, const Fp2& b0, const Fp2& b1) noexcept {
  const Fp2 v0 = a.c0 * b0;
  const Fp2 v1 = a.c1 * b1;
  return {mul_by_nonresidue((a.c1 + a.c2) * b1 - v1) + v0, (a.c0 + a.c1) * (b0 + b1) - v0 - v1,
          (a.c0 + a.c2) * b0 - v0 + v1};
}
// a * (b1 v) in Fp6
Fp6 mul_by_1(const Fp6& a, const Fp2& b1) noexcept {
  return {mul_by_nonresidue(a.c2 * b1), a.c0 * b1, a.c1 * b1};
}
// f * line with 13 instead of 18 Fp2 multiplications (Karatsuba over w, sparse Fp6 factors).
Fp12 mul_by_line(const Fp12& f, const Line& l) noexcept {
  const Fp6 v0 = mul_by_01(f.c0, l.c00, l.c01);
  const Fp6 v1 = mul_by_1(f.c1, l.c11);
  return {v0 + mul_by_v(v1), mul_by_01(f.c0 + f.c1, l.c00, l.c01 + l.c11) - v0 - v1};
}
Line sparse_line(const Fp2& c00, const Fp2& c01, const Fp2& c11) noexcept { return {c00, c01, c11}; }

// Tangent at T evaluated at P, scaled by 2 Y Z^2.
Line line_double(const G2& t, const Fp& xp, const Fp& yp) noexcept {
  const Fp2 x2 = sqr(t.x);
  const Fp2 three_x2 = x2 + x2 + x2;
  const Fp2 yz = t.y * t.z;
  const Fp2 c00 = three_x2 * t.x - (yz + yz) * t.y;
  const Fp2 c01 = -(three_x2 * t.z * xp);
  const Fp2 c11 = (yz + yz) * t.z * yp;
  return sparse_line(c00, c01, c11);
}

// Line through T and Q evaluated at P, scaled by (X - xq Z).
Line line_add(const G2& t, const Fp2& xq, const Fp2& yq, const Fp& xp, const Fp& yp) noexcept {
  const Fp2 n = t.y - yq * t.z;
  const Fp2 d = t.x - xq * t.z;
  return sparse_line(n * xq - d * yq, -(n * xp), d * yp);
}
}  // namespace

Fp12 multi_miller_loop(std::span<const std::pair<G1, G2>> pairs) noexcept {
  std::vector<Prepared> prep;
  prep.reserve(pairs.size());
  for (const auto& [p, q] : pairs) {
    Prepared pr;
    if (!to_affine(p, pr.xp, pr.yp) || !to_affine(q, pr.xq, pr.yq)) continue;  // e(O, .) = e(., O) = 1
    pr.t = G2::from_affine(pr.xq, pr.yq);
    prep.push_back(pr);
  }
  Fp12 f = Fp12::one();
  const std::uint64_t x = detail::kAbsX;
  for (int i = 62; i >= 0; --i) {
    f = sqr(f);
    for (auto& pr : prep) {
      f = mul_by_line(f, line_double(pr.t, pr.xp, pr.yp));
      pr.t = dbl(pr.t);
    }
    if ((x >> i) & 1) {
      for (auto& pr : prep) {
        f = mul_by_line(f, line_add(pr.t, pr.xq, pr.yq, pr.xp, pr.yp));
        pr.t = pr.t + G2::from_affine(pr.xq, pr.yq);
      }
    }
  }
  return conj(f);  // x < 0
}

Fp12 miller_loop(const G1& p, const G2& q) noexcept {
  const std::pair<G1, G2> one[1] = {{p, q}};
  return multi_miller_loop(one);
}

namespace {
Fp12 easy_part(const Fp12& f) noexcept {
  const Fp12 f1 = conj(f) * inv(f);  // f^(p^6 - 1)
  return frobenius(f1, 2) * f1;      // ^(p^2 + 1)
}
// (a + b s)^2 in Fp4 = Fp2[s]/(s^2 - (u+1)), as (c0, c1).
void fp4_square(const Fp2& a, const Fp2& b, Fp2& c0, Fp2& c1) noexcept {
  const Fp2 t0 = sqr(a);
  const Fp2 t1 = sqr(b);
  c0 = mul_by_nonresidue(t1) + t0;
  c1 = sqr(a + b) - t0 - t1;
}
// Squaring in the cyclotomic subgroup (Granger-Scott, "Guide to Pairing-Based Cryptography" alg. 5.5.4):
// valid only after the easy part of the final exponentiation.
Fp12 cyclotomic_square(const Fp12& f) noexcept {
  Fp2 z0 = f.c0.c0, z4 = f.c0.c1, z3 = f.c0.c2, z2 = f.c1.c0, z1 = f.c1.c1, z5 = f.c1.c2;
  Fp2 t0, t1, t2, t3;
  fp4_square(z0, z1, t0, t1);
  z0 = t0 - z0;
  z0 = z0 + z0 + t0;
  z1 = t1 + z1;
  z1 = z1 + z1 + t1;
  fp4_square(z2, z3, t0, t1);
  fp4_square(z4, z5, t2, t3);
  z4 = t0 - z4;
  z4 = z4 + z4 + t0;
  z5 = t1 + z5;
  z5 = z5 + z5 + t1;
  t0 = mul_by_nonresidue(t3);
  z2 = t0 + z2;
  z2 = z2 + z2 + t0;
  z3 = t2 - z3;
  z3 = z3 + z3 + t2;
  return {{z0, z4, z3}, {z2, z1, z5}};
}
// a^x for a in the cyclotomic subgroup (inverse = conjugate), x negative; |x| is public.
Fp12 cyclotomic_pow_x(const Fp12& a) noexcept {
  Fp12 r = a;  // top bit of |x|
  for (int i = 62; i >= 0; --i) {
    r = cyclotomic_square(r);
    if ((detail::kAbsX >> i) & 1) r = r * a;
  }
  return conj(r);
}
}  // namespace

Gt final_exponentiation(const Fp12& f) noexcept {
  const Fp12 m = easy_part(f);
  // 3 (p^4 - p^2 + 1)/r = (x-1)^2 (x + p) (x^2 + p^2 - 1) + 3: the cube of the textbook hard part,
  // which is what arkworks 0.4 computes (see the header).
  const Fp12 t = cyclotomic_pow_x(m) * conj(m);  // m^(x-1)
  const Fp12 a = cyclotomic_pow_x(t) * conj(t);  // m^((x-1)^2)
  const Fp12 b = cyclotomic_pow_x(a) * frobenius(a, 1);
  const Fp12 c = cyclotomic_pow_x(cyclotomic_pow_x(b)) * frobenius(b, 2) * conj(b);
  return c * cyclotomic_square(m) * m;
}

Gt final_exponentiation_reference(const Fp12& f) noexcept {
  const Fp12 h = pow(easy_part(f), detail::kHardPartFull);
  return sqr(h) * h;
}

Gt pairing(const G1& p, const G2& q) noexcept { return final_exponentiation(miller_loop(p, q)); }

bool pairing_product_is_one(std::span<const std::pair<G1, G2>> pairs) noexcept {
  return final_exponentiation(multi_miller_loop(pairs)).is_one();
}

bool verify(const G2& public_key, ByteView msg, const G1& signature, ByteView dst) {
  if (is_identity(public_key) || is_identity(signature)) return false;
  if (!is_on_curve(public_key) || !is_on_curve(signature)) return false;
  if (!is_in_subgroup_var(public_key) || !is_in_subgroup_var(signature)) return false;
  auto h = hash_to_g1(msg, dst);
  if (!h) return false;
  const std::pair<G1, G2> pairs[2] = {{signature, -G2::generator()}, {*h, public_key}};
  return pairing_product_is_one(pairs);
}

}  // namespace bt::crypto::bls12_381
