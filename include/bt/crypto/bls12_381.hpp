// SPDX-License-Identifier: MIT
// BLS12-381 groups G1 (over Fp) and G2 (over Fp2), the scalar field Fr, and the zcash/arkworks point
// encodings.
//
//   auto pk = bls12_381::g2_from_compressed(pk_bytes);           // Result<G2>: on curve and in G2
//   if (!pk) ... pk.error() == Bls12381Error::not_in_subgroup ...
//   G2 u = bls12_381::mul(bls12_381::G2::generator(), r);         // constant time in the scalar
//   FixedBytes<96> out = bls12_381::to_compressed(u);
//
// Curves: E: y^2 = x^3 + 4 over Fp (G1), E': y^2 = x^3 + 4(u+1) over Fp2 (G2, the M-type sextic twist),
// group order r = 0x73eda753...00000001. Points are kept in homogeneous projective coordinates
// (x = X/Z, y = Y/Z, identity = (0:1:0)) and combined with the complete formulas of Renes, Costello and
// Batina (eprint 2015/1060, algorithms 7 and 9): one branch-free code path for every pair of inputs,
// including doubling and the identity.
//
// Encodings (zcash format = arkworks 0.4 `serialize_compressed/uncompressed` for BLS12-381):
// G1 48 bytes compressed / 96 uncompressed, G2 96 / 192; field elements big-endian, G2 coordinates as
// c1 then c0. The three top bits of byte 0 are flags: 0x80 compressed, 0x40 infinity, 0x20 "y is the
// lexicographically larger root" (compressed only). Decoding checks, in this order: length, flags,
// canonical coordinates (< p), on the curve, in the prime-order subgroup; each failure is its own
// Bls12381Error. The identity decodes only from its canonical encoding (0xc0 00.. / 0x40 00..).
//
// Timing: mul() with a Scalar is constant time (fixed 4-bit windows, table read by masked scans).
// Functions ending in `_var` and all decoders branch on their inputs and are for public data only.
#pragma once

#include <bt/bytes.hpp>
#include <bt/crypto/bls12_381_field.hpp>
#include <bt/error.hpp>
#include <bt/result.hpp>

#include <cstdint>
#include <span>
#include <vector>

namespace bt::crypto::bls12_381 {

enum class Bls12381Error {
  invalid_length = 1,   // encoding of the wrong size
  invalid_flags,        // flag bits inconsistent with the encoding (compression bit, sort bit on infinity...)
  invalid_infinity,     // infinity flag set but other bits non-zero
  non_canonical,        // a coordinate (or scalar) is not below the modulus
  not_on_curve,         // coordinates do not satisfy the curve equation / x has no y
  not_in_subgroup,      // point on the curve but outside the prime-order subgroup
  unexpected_infinity,  // the identity where a non-identity point is required
  invalid_argument,     // other argument contract violations (e.g. DST or output length in hashing)
};

BT_DECLARE_ERROR_ENUM(Bls12381Error, bls12_381_category);

// ---- Fr ------------------------------------------------------------------------------------------
// An integer modulo r, kept canonical (< r) as 4 little-endian limbs. Scalars are secrets in most
// uses: wipe() them when done (the destructor does not, so that Scalar stays trivially copyable).
struct Scalar {
  std::uint64_t l[4] = {0, 0, 0, 0};

  // 32 bytes big-/little-endian; Bls12381Error::non_canonical if >= r, invalid_length if not 32 bytes.
  static Result<Scalar> from_bytes_be(ByteView in);
  static Result<Scalar> from_bytes_le(ByteView in);
  // arkworks Fr::from_be_bytes_mod_order: int_be(in) mod r, any length. Constant time in the value.
  static Scalar from_bytes_be_mod_order(ByteView in) noexcept;
  FixedBytes<32> to_bytes_be() const noexcept;
  FixedBytes<32> to_bytes_le() const noexcept;  // arkworks serialization of Fr
  bool is_zero() const noexcept;
  void wipe() noexcept;
  friend bool operator==(const Scalar& a, const Scalar& b) noexcept;
};

// The order r as little-endian limbs.
std::span<const std::uint64_t, 4> group_order() noexcept;

// ---- points --------------------------------------------------------------------------------------
struct G1 {
  Fp x, y, z;
  static G1 identity() noexcept { return {Fp::zero(), Fp::one(), Fp::zero()}; }
  static G1 generator() noexcept;
  // (x, y) as an affine point; no checks.
  static G1 from_affine(const Fp& ax, const Fp& ay) noexcept { return {ax, ay, Fp::one()}; }
};

struct G2 {
  Fp2 x, y, z;
  static G2 identity() noexcept { return {Fp2::zero(), Fp2::one(), Fp2::zero()}; }
  static G2 generator() noexcept;
  static G2 from_affine(const Fp2& ax, const Fp2& ay) noexcept { return {ax, ay, Fp2::one()}; }
};

G1 operator+(const G1& a, const G1& b) noexcept;
G1 operator-(const G1& a) noexcept;
G1 operator-(const G1& a, const G1& b) noexcept;
G1 dbl(const G1& a) noexcept;
bool operator==(const G1& a, const G1& b) noexcept;  // projective equality
bool is_identity(const G1& a) noexcept;
bool is_on_curve(const G1& a) noexcept;
// Whether a point already known to be on the curve is in the order-r subgroup (variable time): the
// endomorphism tests sigma(P) == -[x^2]P (G1) and psi(Q) == [x]Q (G2), equivalent to [r]a == identity
// for points on the curve and several times cheaper (64/128-bit instead of 255-bit multiplications). True for
// the identity.
bool is_in_subgroup_var(const G1& a) noexcept;
// Affine coordinates; false for the identity.
bool to_affine(const G1& a, Fp& ax, Fp& ay) noexcept;
// [k]a, constant time in k.
G1 mul(const G1& a, const Scalar& k) noexcept;
// [k]a for a public little-endian limb scalar of any size (variable time).
G1 mul_var(const G1& a, std::span<const std::uint64_t> k) noexcept;

G2 operator+(const G2& a, const G2& b) noexcept;
G2 operator-(const G2& a) noexcept;
G2 operator-(const G2& a, const G2& b) noexcept;
G2 dbl(const G2& a) noexcept;
bool operator==(const G2& a, const G2& b) noexcept;
bool is_identity(const G2& a) noexcept;
bool is_on_curve(const G2& a) noexcept;
bool is_in_subgroup_var(const G2& a) noexcept;
bool to_affine(const G2& a, Fp2& ax, Fp2& ay) noexcept;
G2 mul(const G2& a, const Scalar& k) noexcept;
G2 mul_var(const G2& a, std::span<const std::uint64_t> k) noexcept;

// ---- fixed-base multiplication --------------------------------------------------------------------
// Precomputed multiples of one point: table[i][j] = [j * 16^i] base for the 64 four-bit windows of a
// scalar, j = 0..15 (j = 0 is the identity). mul() is then 64 complete additions and no doublings, each
// window's entry read by a masked scan of all 16 (constant time in k), about 3-4x faster than mul().
// Building costs about 1000 point additions (a few ms for G2), and the table takes 64 * 16 points
// (295 KB for G2): worth it for a point that is multiplied repeatedly (the G2 generator in timelock
// encryption, a beacon's public key). The table holds only public multiples of a public point.
template <class P>
class FixedBaseTable {
 public:
  explicit FixedBaseTable(const P& base);
  // [k]base, constant time in k; equal to mul(base, k).
  P mul(const Scalar& k) const noexcept;

 private:
  std::vector<P> table_;  // 64 * 16, window-major
};
extern template class FixedBaseTable<G1>;
extern template class FixedBaseTable<G2>;

// The tables of the generators, built on first use (thread-safe).
const FixedBaseTable<G1>& g1_generator_table();
const FixedBaseTable<G2>& g2_generator_table();
// [k] generator, constant time in k, through the generator's table.
G2 g2_mul_generator(const Scalar& k) noexcept;
G1 g1_mul_generator(const Scalar& k) noexcept;

// ---- encodings -----------------------------------------------------------------------------------
FixedBytes<48> to_compressed(const G1& a) noexcept;
FixedBytes<96> to_uncompressed(const G1& a) noexcept;
FixedBytes<96> to_compressed(const G2& a) noexcept;
FixedBytes<192> to_uncompressed(const G2& a) noexcept;

// Full validation (arkworks Validate::Yes): see the header comment for the checks and their order.
Result<G1> g1_from_compressed(ByteView in);
Result<G1> g1_from_uncompressed(ByteView in);
Result<G2> g2_from_compressed(ByteView in);
Result<G2> g2_from_uncompressed(ByteView in);

}  // namespace bt::crypto::bls12_381

template <>
struct std::is_error_code_enum<bt::crypto::bls12_381::Bls12381Error> : std::true_type {};
