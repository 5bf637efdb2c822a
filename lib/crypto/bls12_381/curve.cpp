// SPDX-License-Identifier: MIT
// BLS12-381 G1/G2 arithmetic (complete projective formulas), Fr scalars and zcash point encodings.
#include <bt/crypto/bls12_381.hpp>

#include <bt/secure.hpp>

#include <cstring>

#include "constants.hpp"
#include "detail/error_category.hpp"

namespace bt::crypto::bls12_381 {
namespace {
__extension__ typedef unsigned __int128 u128;

const char* bls_error_message(Bls12381Error e) {
  switch (e) {
    case Bls12381Error::invalid_length:
      return "invalid encoding length";
    case Bls12381Error::invalid_flags:
      return "invalid flag bits";
    case Bls12381Error::invalid_infinity:
      return "infinity flag with non-zero coordinates";
    case Bls12381Error::non_canonical:
      return "value not below the modulus";
    case Bls12381Error::not_on_curve:
      return "point not on the curve";
    case Bls12381Error::not_in_subgroup:
      return "point not in the prime-order subgroup";
    case Bls12381Error::unexpected_infinity:
      return "point at infinity not allowed here";
    case Bls12381Error::invalid_argument:
      return "invalid argument";
  }
  return "unknown bls12-381 error";
}

// ---- generic curve arithmetic over F = Fp (G1) or Fp2 (G2) ----------------------------------------
template <class F>
struct CurveParams;
template <>
struct CurveParams<Fp> {
  static const Fp& b() { return detail::kB1; }
  static const Fp& b3() { return detail::kB3G1; }
};
template <>
struct CurveParams<Fp2> {
  static const Fp2& b() { return detail::kB2; }
  static const Fp2& b3() { return detail::kB3G2; }
};

// Renes-Costello-Batina algorithm 7 (a = 0): complete addition in homogeneous coordinates.
template <class P>
P add_impl(const P& p, const P& q) noexcept {
  using F = decltype(p.x);
  const F& b3 = CurveParams<F>::b3();
  F t0 = p.x * q.x;
  F t1 = p.y * q.y;
  F t2 = p.z * q.z;
  F t3 = (p.x + p.y) * (q.x + q.y);
  F t4 = t0 + t1;
  t3 = t3 - t4;
  t4 = (p.y + p.z) * (q.y + q.z);
  F x3 = t1 + t2;
  t4 = t4 - x3;
  x3 = (p.x + p.z) * (q.x + q.z);
  F y3 = t0 + t2;
  y3 = x3 - y3;
  x3 = t0 + t0;
  t0 = x3 + t0;
  t2 = b3 * t2;
  F z3 = t1 + t2;
  t1 = t1 - t2;
  y3 = b3 * y3;
  x3 = t4 * y3;
  t2 = t3 * t1;
  x3 = t2 - x3;
  y3 = y3 * t0;
  t1 = t1 * z3;
  y3 = t1 + y3;
  t0 = t0 * t3;
  z3 = z3 * t4;
  z3 = z3 + t0;
  return P{x3, y3, z3};
}

// Renes-Costello-Batina algorithm 9 (a = 0): doubling.
template <class P>
P dbl_impl(const P& p) noexcept {
  using F = decltype(p.x);
  const F& b3 = CurveParams<F>::b3();
  F t0 = p.y * p.y;
  F z3 = t0 + t0;
  z3 = z3 + z3;
  z3 = z3 + z3;
  F t1 = p.y * p.z;
  F t2 = p.z * p.z;
  t2 = b3 * t2;
  F x3 = t2 * z3;
  F y3 = t0 + t2;
  z3 = t1 * z3;
  t1 = t2 + t2;
  t2 = t1 + t2;
  t0 = t0 - t2;
  y3 = t0 * y3;
  y3 = x3 + y3;
  t1 = p.x * p.y;
  x3 = t0 * t1;
  x3 = x3 + x3;
  return P{x3, y3, z3};
}

template <class P>
bool eq_impl(const P& a, const P& b) noexcept {
  return a.x * b.z == b.x * a.z && a.y * b.z == b.y * a.z;
}

template <class P>
bool on_curve_impl(const P& a) noexcept {
  using F = decltype(a.x);
  // Y^2 Z = X^3 + b Z^3 (the identity (0:1:0) satisfies it)
  const F z3 = a.z * a.z * a.z;
  return a.y * a.y * a.z == a.x * a.x * a.x + CurveParams<F>::b() * z3 && !(a.z.is_zero() && a.y.is_zero());
}

template <class P>
P select_point(const P& a, const P& b, bool choice) noexcept {
  return P{select(a.x, b.x, choice), select(a.y, b.y, choice), select(a.z, b.z, choice)};
}

// The w-th 4-bit window of k (w = 0 is the least significant).
inline std::uint64_t window4(const Scalar& k, int w) noexcept {
  return (k.l[w / 16] >> ((w % 16) * 4)) & 0xf;
}

// row[idx] for a secret idx < 16, by a masked scan of all 16 entries.
template <class P>
P ct_lookup16(const P* row, std::uint64_t idx) noexcept {
  P t = row[0];
  for (std::uint64_t j = 1; j < 16; ++j) {
    const std::uint64_t diff = j ^ idx;
    t = select_point(t, row[j], ((diff | (0 - diff)) >> 63) == 0);  // j == idx without a branch
  }
  return t;
}

template <class P>
P mul_ct_impl(const P& a, const Scalar& k) noexcept {
  P table[16];
  table[0] = P::identity();
  table[1] = a;
  for (int i = 2; i < 16; ++i) table[i] = (i % 2 == 0) ? dbl_impl(table[i / 2]) : add_impl(table[i - 1], a);
  P r = P::identity();
  for (int w = 63; w >= 0; --w) {
    r = dbl_impl(dbl_impl(dbl_impl(dbl_impl(r))));
    P t = ct_lookup16(table, window4(k, w));
    r = add_impl(r, t);
  }
  secure_wipe(table, sizeof(table));
  return r;
}

template <class P>
P mul_var_impl(const P& a, std::span<const std::uint64_t> k) noexcept {
  P r = P::identity();
  bool started = false;
  for (std::size_t i = k.size(); i-- > 0;) {
    for (int b = 63; b >= 0; --b) {
      if (started) r = dbl_impl(r);
      if ((k[i] >> b) & 1) {
        r = started ? add_impl(r, a) : a;
        started = true;
      }
    }
  }
  return r;
}

template <class P, class F>
bool to_affine_impl(const P& a, F& ax, F& ay) noexcept {
  if (a.z.is_zero()) return false;
  const F zi = inv(a.z);
  ax = a.x * zi;
  ay = a.y * zi;
  return true;
}

// ---- encodings -----------------------------------------------------------------------------------
constexpr std::uint8_t kFlagCompressed = 0x80;
constexpr std::uint8_t kFlagInfinity = 0x40;
constexpr std::uint8_t kFlagSort = 0x20;

void write_fp(const Fp& v, std::uint8_t* out) { v.to_bytes_be(std::span<std::uint8_t, 48>(out, 48)); }
void write_fp2(const Fp2& v, std::uint8_t* out) {
  write_fp(v.c1, out);
  write_fp(v.c0, out + 48);
}

// Reads the flags and checks them against the encoding kind. For the identity, returns true in
// `infinity` after checking that every other bit is zero.
Result<void> read_flags(ByteView in, bool compressed, bool& infinity, bool& sort) {
  const std::uint8_t f = in[0];
  const bool c = (f & kFlagCompressed) != 0;
  infinity = (f & kFlagInfinity) != 0;
  sort = (f & kFlagSort) != 0;
  if (c != compressed)
    return fail(Bls12381Error::invalid_flags, "compression bit does not match the encoding size");
  if (!compressed && sort) return fail(Bls12381Error::invalid_flags, "sort bit set in an uncompressed point");
  if (infinity) {
    if (sort) return fail(Bls12381Error::invalid_flags, "sort bit set on the point at infinity");
    if ((f & 0x1f) != 0) return fail(Bls12381Error::invalid_infinity);
    for (std::size_t i = 1; i < in.size(); ++i)
      if (in[i] != 0) return fail(Bls12381Error::invalid_infinity);
  }
  return {};
}

Result<Fp> read_fp(const std::uint8_t* p, bool clear_flags) {
  std::uint8_t buf[48];
  std::memcpy(buf, p, 48);
  if (clear_flags) buf[0] &= 0x1f;
  auto v = Fp::from_bytes_be(std::span<const std::uint8_t, 48>(buf, 48));
  if (!v) return fail(Bls12381Error::non_canonical, "field element not below p");
  return *v;
}

Result<Fp2> read_fp2(const std::uint8_t* p, bool clear_flags) {
  BT_TRY(Fp c1, read_fp(p, clear_flags));
  BT_TRY(Fp c0, read_fp(p + 48, false));
  return Fp2{c0, c1};
}

template <class P>
Result<P> finish_point(const P& pt) {
  if (!on_curve_impl(pt)) return fail(Bls12381Error::not_on_curve);
  if (!is_in_subgroup_var(pt)) return fail(Bls12381Error::not_in_subgroup);
  return pt;
}

template <class P, class F>
Result<P> decompress(const F& x, bool sort) {
  const F rhs = x * x * x + CurveParams<F>::b();
  auto y = sqrt(rhs);
  if (!y) return fail(Bls12381Error::not_on_curve, "x has no matching y");
  F yy = *y;
  if (yy.lexicographically_largest() != sort) yy = -yy;
  return finish_point(P::from_affine(x, yy));
}

// 4-limb helpers for Fr
bool ge_order(const std::uint64_t a[4]) noexcept {  // constant time a >= r
  std::uint64_t borrow = 0;
  for (int i = 0; i < 4; ++i) {
    u128 d = static_cast<u128>(a[i]) - detail::kOrder[i] - borrow;
    borrow = static_cast<std::uint64_t>(d >> 64) & 1;
  }
  return borrow == 0;
}
// a -= r if (top_bit || a >= r); constant time
void cond_sub_order(std::uint64_t a[4], std::uint64_t top) noexcept {
  std::uint64_t s[4];
  std::uint64_t borrow = 0;
  for (int i = 0; i < 4; ++i) {
    u128 d = static_cast<u128>(a[i]) - detail::kOrder[i] - borrow;
    s[i] = static_cast<std::uint64_t>(d);
    borrow = static_cast<std::uint64_t>(d >> 64) & 1;
  }
  const std::uint64_t take = 0 - ((borrow ^ 1) | (top & 1));
  for (int i = 0; i < 4; ++i) a[i] = (s[i] & take) | (a[i] & ~take);
}
}  // namespace

BT_DEFINE_ERROR_CATEGORY(Bls12381Error, bls12_381_category, "bt.crypto.bls12_381", bls_error_message)

// ---- Scalar ----------------------------------------------------------------------------------------
Result<Scalar> Scalar::from_bytes_le(ByteView in) {
  if (in.size() != 32) return fail(Bls12381Error::invalid_length, "scalar must be 32 bytes");
  Scalar s;
  for (int i = 0; i < 4; ++i)
    for (int j = 7; j >= 0; --j) s.l[i] = (s.l[i] << 8) | in[static_cast<std::size_t>(i * 8 + j)];
  if (ge_order(s.l)) {
    s.wipe();
    return fail(Bls12381Error::non_canonical, "scalar not below r");
  }
  return s;
}

Result<Scalar> Scalar::from_bytes_be(ByteView in) {
  if (in.size() != 32) return fail(Bls12381Error::invalid_length, "scalar must be 32 bytes");
  std::uint8_t le[32];
  for (int i = 0; i < 32; ++i) le[i] = in[static_cast<std::size_t>(31 - i)];
  auto r = from_bytes_le(ByteView(le, 32));
  secure_wipe(le, sizeof(le));
  return r;
}

Scalar Scalar::from_bytes_be_mod_order(ByteView in) noexcept {
  // Horner over bits: acc = 2 acc + bit, reduced after each step (acc < r keeps 2 acc + 1 < 2^256 + r).
  Scalar s;
  for (std::uint8_t byte : in) {
    for (int b = 7; b >= 0; --b) {
      const std::uint64_t top = s.l[3] >> 63;
      for (int i = 3; i > 0; --i) s.l[i] = (s.l[i] << 1) | (s.l[i - 1] >> 63);
      s.l[0] = (s.l[0] << 1) | ((byte >> b) & 1);
      cond_sub_order(s.l, top);
    }
  }
  return s;
}

FixedBytes<32> Scalar::to_bytes_le() const noexcept {
  FixedBytes<32> out;
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 8; ++j)
      out[static_cast<std::size_t>(i * 8 + j)] = static_cast<std::uint8_t>(l[i] >> (8 * j));
  return out;
}

FixedBytes<32> Scalar::to_bytes_be() const noexcept {
  FixedBytes<32> le = to_bytes_le();
  FixedBytes<32> out;
  for (std::size_t i = 0; i < 32; ++i) out[i] = le[31 - i];
  secure_wipe(le.data.data(), 32);
  return out;
}

bool Scalar::is_zero() const noexcept { return (l[0] | l[1] | l[2] | l[3]) == 0; }
void Scalar::wipe() noexcept { secure_wipe(l, sizeof(l)); }
bool operator==(const Scalar& a, const Scalar& b) noexcept {
  return ((a.l[0] ^ b.l[0]) | (a.l[1] ^ b.l[1]) | (a.l[2] ^ b.l[2]) | (a.l[3] ^ b.l[3])) == 0;
}

std::span<const std::uint64_t, 4> group_order() noexcept {
  return std::span<const std::uint64_t, 4>(detail::kOrder);
}

// ---- G1 ------------------------------------------------------------------------------------------------
G1 G1::generator() noexcept { return from_affine(detail::kG1X, detail::kG1Y); }
G1 operator+(const G1& a, const G1& b) noexcept { return add_impl(a, b); }
G1 operator-(const G1& a) noexcept { return {a.x, -a.y, a.z}; }
G1 operator-(const G1& a, const G1& b) noexcept { return add_impl(a, -b); }
G1 dbl(const G1& a) noexcept { return dbl_impl(a); }
bool operator==(const G1& a, const G1& b) noexcept { return eq_impl(a, b); }
bool is_identity(const G1& a) noexcept { return a.z.is_zero(); }
bool is_on_curve(const G1& a) noexcept { return on_curve_impl(a); }
bool is_in_subgroup_var(const G1& a) noexcept {
  // sigma(P) == -[x^2]P with sigma(x, y) = (beta x, y) (eprint 2021/1130, section 6): two 64-bit
  // multiplications instead of one by the 255-bit r.
  const u128 x2 = static_cast<u128>(detail::kAbsX) * detail::kAbsX;
  const std::uint64_t k[2] = {static_cast<std::uint64_t>(x2), static_cast<std::uint64_t>(x2 >> 64)};
  return G1{a.x * detail::kBeta, a.y, a.z} == -mul_var_impl(a, k);
}
bool to_affine(const G1& a, Fp& ax, Fp& ay) noexcept { return to_affine_impl(a, ax, ay); }
G1 mul(const G1& a, const Scalar& k) noexcept { return mul_ct_impl(a, k); }
G1 mul_var(const G1& a, std::span<const std::uint64_t> k) noexcept { return mul_var_impl(a, k); }

// ---- G2 ------------------------------------------------------------------------------------------------
G2 G2::generator() noexcept { return from_affine(detail::kG2X, detail::kG2Y); }
G2 operator+(const G2& a, const G2& b) noexcept { return add_impl(a, b); }
G2 operator-(const G2& a) noexcept { return {a.x, -a.y, a.z}; }
G2 operator-(const G2& a, const G2& b) noexcept { return add_impl(a, -b); }
G2 dbl(const G2& a) noexcept { return dbl_impl(a); }
bool operator==(const G2& a, const G2& b) noexcept { return eq_impl(a, b); }
bool is_identity(const G2& a) noexcept { return a.z.is_zero(); }
bool is_on_curve(const G2& a) noexcept { return on_curve_impl(a); }
bool is_in_subgroup_var(const G2& a) noexcept {
  // psi(Q) == [x]Q, psi the untwist-Frobenius-twist endomorphism (Scott, "A note on group membership
  // tests for G1, G2 and GT on BLS pairing-friendly curves", 2021): one 64-bit multiplication.
  const std::uint64_t k[1] = {detail::kAbsX};
  const G2 psi{conj(a.x) * detail::kPsiX, conj(a.y) * detail::kPsiY, conj(a.z)};
  return psi == -mul_var_impl(a, k);  // x < 0
}
bool to_affine(const G2& a, Fp2& ax, Fp2& ay) noexcept { return to_affine_impl(a, ax, ay); }
G2 mul(const G2& a, const Scalar& k) noexcept { return mul_ct_impl(a, k); }
G2 mul_var(const G2& a, std::span<const std::uint64_t> k) noexcept { return mul_var_impl(a, k); }

// ---- fixed-base tables ---------------------------------------------------------------------------------
template <class P>
FixedBaseTable<P>::FixedBaseTable(const P& base) : table_(64 * 16) {
  P b = base;  // [16^i] base
  for (int i = 0; i < 64; ++i) {
    P* row = table_.data() + 16 * i;
    row[0] = P::identity();
    row[1] = b;
    for (int j = 2; j < 16; ++j) row[j] = (j % 2 == 0) ? dbl_impl(row[j / 2]) : add_impl(row[j - 1], b);
    b = dbl_impl(row[8]);
  }
}

template <class P>
P FixedBaseTable<P>::mul(const Scalar& k) const noexcept {
  P r = P::identity();
  P t;
  for (int w = 0; w < 64; ++w) {
    t = ct_lookup16(table_.data() + 16 * w, window4(k, w));
    r = add_impl(r, t);
  }
  secure_wipe(&t, sizeof(t));
  return r;
}

template class FixedBaseTable<G1>;
template class FixedBaseTable<G2>;

const FixedBaseTable<G1>& g1_generator_table() {
  static const FixedBaseTable<G1> table(G1::generator());
  return table;
}
const FixedBaseTable<G2>& g2_generator_table() {
  static const FixedBaseTable<G2> table(G2::generator());
  return table;
}
G1 g1_mul_generator(const Scalar& k) noexcept { return g1_generator_table().mul(k); }
G2 g2_mul_generator(const Scalar& k) noexcept { return g2_generator_table().mul(k); }

// ---- encodings -------------------------------------------------------------------------------------
FixedBytes<48> to_compressed(const G1& a) noexcept {
  FixedBytes<48> out;
  Fp x, y;
  if (!to_affine(a, x, y)) {
    out[0] = kFlagCompressed | kFlagInfinity;
    return out;
  }
  write_fp(x, out.data.data());
  out[0] |= kFlagCompressed | (y.lexicographically_largest() ? kFlagSort : 0);
  return out;
}

FixedBytes<96> to_uncompressed(const G1& a) noexcept {
  FixedBytes<96> out;
  Fp x, y;
  if (!to_affine(a, x, y)) {
    out[0] = kFlagInfinity;
    return out;
  }
  write_fp(x, out.data.data());
  write_fp(y, out.data.data() + 48);
  return out;
}

FixedBytes<96> to_compressed(const G2& a) noexcept {
  FixedBytes<96> out;
  Fp2 x, y;
  if (!to_affine(a, x, y)) {
    out[0] = kFlagCompressed | kFlagInfinity;
    return out;
  }
  write_fp2(x, out.data.data());
  out[0] |= kFlagCompressed | (y.lexicographically_largest() ? kFlagSort : 0);
  return out;
}

FixedBytes<192> to_uncompressed(const G2& a) noexcept {
  FixedBytes<192> out;
  Fp2 x, y;
  if (!to_affine(a, x, y)) {
    out[0] = kFlagInfinity;
    return out;
  }
  write_fp2(x, out.data.data());
  write_fp2(y, out.data.data() + 96);
  return out;
}

Result<G1> g1_from_compressed(ByteView in) {
  if (in.size() != 48) return fail(Bls12381Error::invalid_length, "compressed G1 point must be 48 bytes");
  bool infinity = false, sort = false;
  BT_TRY_VOID(read_flags(in, true, infinity, sort));
  if (infinity) return G1::identity();
  BT_TRY(Fp x, read_fp(in.data(), true));
  return decompress<G1>(x, sort);
}

Result<G1> g1_from_uncompressed(ByteView in) {
  if (in.size() != 96) return fail(Bls12381Error::invalid_length, "uncompressed G1 point must be 96 bytes");
  bool infinity = false, sort = false;
  BT_TRY_VOID(read_flags(in, false, infinity, sort));
  if (infinity) return G1::identity();
  BT_TRY(Fp x, read_fp(in.data(), true));
  BT_TRY(Fp y, read_fp(in.data() + 48, false));
  return finish_point(G1::from_affine(x, y));
}

Result<G2> g2_from_compressed(ByteView in) {
  if (in.size() != 96) return fail(Bls12381Error::invalid_length, "compressed G2 point must be 96 bytes");
  bool infinity = false, sort = false;
  BT_TRY_VOID(read_flags(in, true, infinity, sort));
  if (infinity) return G2::identity();
  BT_TRY(Fp2 x, read_fp2(in.data(), true));
  return decompress<G2>(x, sort);
}

Result<G2> g2_from_uncompressed(ByteView in) {
  if (in.size() != 192) return fail(Bls12381Error::invalid_length, "uncompressed G2 point must be 192 bytes");
  bool infinity = false, sort = false;
  BT_TRY_VOID(read_flags(in, false, infinity, sort));
  if (infinity) return G2::identity();
  BT_TRY(Fp2 x, read_fp2(in.data(), true));
  BT_TRY(Fp2 y, read_fp2(in.data() + 96, false));
  return finish_point(G2::from_affine(x, y));
}

}  // namespace bt::crypto::bls12_381
