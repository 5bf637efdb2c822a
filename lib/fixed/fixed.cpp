// SPDX-License-Identifier: MIT
// Out-of-line parts of bt::fixed: 256-bit products/quotients for the 128-bit representations,
// exact double conversion, and decimal text.
#include <bit>
#include <boost/multiprecision/cpp_int.hpp>
#include <bt/fixed/fixed.hpp>
#include <cstring>

namespace bt::fixed {
namespace detail {
namespace {

struct U256 {
  std::uint64_t w[4];  // little-endian limbs
};

U256 mul_128x128(u128 a, u128 b) noexcept {
  const std::uint64_t a0 = static_cast<std::uint64_t>(a), a1 = static_cast<std::uint64_t>(a >> 64);
  const std::uint64_t b0 = static_cast<std::uint64_t>(b), b1 = static_cast<std::uint64_t>(b >> 64);
  const u128 p00 = static_cast<u128>(a0) * b0;
  const u128 p01 = static_cast<u128>(a0) * b1;
  const u128 p10 = static_cast<u128>(a1) * b0;
  const u128 p11 = static_cast<u128>(a1) * b1;
  U256 r{};
  r.w[0] = static_cast<std::uint64_t>(p00);
  u128 mid = (p00 >> 64) + static_cast<std::uint64_t>(p01) + static_cast<std::uint64_t>(p10);
  r.w[1] = static_cast<std::uint64_t>(mid);
  u128 hi = (mid >> 64) + (p01 >> 64) + (p10 >> 64) + static_cast<std::uint64_t>(p11);
  r.w[2] = static_cast<std::uint64_t>(hi);
  r.w[3] = static_cast<std::uint64_t>((hi >> 64) + (p11 >> 64));
  return r;
}

// (v >> sh) for sh in {32, 64}; returns low 128 bits and whether anything above them is non-zero;
// *inexact tells whether non-zero bits were shifted out.
u128 shr_256(const U256& v, int sh, bool* high_nonzero, bool* inexact) noexcept {
  if (sh == 64) {
    *inexact = v.w[0] != 0;
    *high_nonzero = v.w[3] != 0;
    return (static_cast<u128>(v.w[2]) << 64) | v.w[1];
  }
  // sh == 32
  *inexact = (v.w[0] & 0xffffffffULL) != 0;
  const std::uint64_t l0 = (v.w[0] >> 32) | (v.w[1] << 32);
  const std::uint64_t l1 = (v.w[1] >> 32) | (v.w[2] << 32);
  *high_nonzero = (v.w[2] >> 32) != 0 || v.w[3] != 0;
  return (static_cast<u128>(l1) << 64) | l0;
}

// floor/trunc helpers on magnitudes
bool mul_mag(u128 a, u128 b, int frac, bool neg, u128* mag_out) noexcept {
  const U256 p = mul_128x128(a, b);
  bool high = false, inexact = false;
  u128 q = shr_256(p, frac, &high, &inexact);
  if (neg && inexact) {  // floor of a negative value: magnitude rounds up
    ++q;
    if (q == 0) high = true;
  }
  *mag_out = q;
  return !high;
}

// ---- exact division of a 256-bit dividend by a 128-bit divisor (Knuth, TAOCP vol. 2, 4.3.1,
// algorithm D, on 64-bit limbs; hardware 128/64 division for each quotient digit).

// One quotient digit: (u2:u1:u0) / (v1:v0) where v1 has its top bit set and (u2:u1) < (v1:v0), so
// the digit fits in 64 bits. *rem gets the 128-bit remainder.
std::uint64_t div_3by2(std::uint64_t u2, std::uint64_t u1, std::uint64_t u0, std::uint64_t v1,
                       std::uint64_t v0, u128* rem) noexcept {
  std::uint64_t qhat = 0;
  u128 rhat = 0;
  if (u2 >= v1) {  // u2 == v1: the estimate (u2:u1)/v1 would be >= 2^64; start from 2^64 - 1
    qhat = ~std::uint64_t{0};
    rhat = static_cast<u128>(u1) + v1;
  } else {
    std::uint64_t r = 0;
    qhat = udiv_128_64(u2, u1, v1, &r);
    rhat = r;
  }
  // Knuth's test: after it, qhat is the true digit or one too large.
  while ((rhat >> 64) == 0 && static_cast<u128>(qhat) * v0 > ((rhat << 64) | u0)) {
    --qhat;
    rhat += v1;
  }
  // (u2:u1:u0) - qhat * (v1:v0), in 192 bits.
  const u128 p0 = static_cast<u128>(qhat) * v0;
  const u128 p1 = static_cast<u128>(qhat) * v1 + (p0 >> 64);
  const u128 ph = p1 >> 64;
  const u128 pl = (p1 << 64) | static_cast<std::uint64_t>(p0);
  const u128 ul = (static_cast<u128>(u1) << 64) | u0;
  const u128 low = ul - pl;
  const u128 borrow = ul < pl ? 1 : 0;
  if (static_cast<u128>(u2) < ph + borrow) {  // one too large: add the divisor back
    --qhat;
    *rem = low + ((static_cast<u128>(v1) << 64) | v0);
  } else {
    *rem = low;
  }
  return qhat;
}

// floor((hi:lo) / b) for hi < b (so the quotient fits in 128 bits).
u128 div_256_128(u128 hi, u128 lo, u128 b) noexcept {
  const std::uint64_t b1 = static_cast<std::uint64_t>(b >> 64), b0 = static_cast<std::uint64_t>(b);
  const std::uint64_t l1 = static_cast<std::uint64_t>(lo >> 64), l0 = static_cast<std::uint64_t>(lo);
  if (b1 == 0) {  // hi < b < 2^64: two hardware divisions
    std::uint64_t r = 0;
    const std::uint64_t q1 = udiv_128_64(static_cast<std::uint64_t>(hi), l1, b0, &r);
    const std::uint64_t q0 = udiv_128_64(r, l0, b0, &r);
    return (static_cast<u128>(q1) << 64) | q0;
  }
  // Normalise so the divisor's top bit is set; the shifted dividend still has (n3:n2) < v.
  const int s = std::countl_zero(b1);
  const u128 v = b << s;
  const u128 nh = s == 0 ? hi : (hi << s) | (lo >> (128 - s));
  const u128 nl = lo << s;
  const std::uint64_t v1 = static_cast<std::uint64_t>(v >> 64), v0 = static_cast<std::uint64_t>(v);
  u128 r = 0;
  // The high digit is 0 when (n3:n2:n1) < v, i.e. n3 = 0 and (n2:n1) < v; the remainder is then
  // (n2:n1) itself (a quotient below 2^64, as a value divided by a larger one shifted by 64 has).
  const u128 n21 = (nh << 64) | (nl >> 64);
  if ((nh >> 64) == 0 && n21 < v) {
    return div_3by2(static_cast<std::uint64_t>(n21 >> 64), static_cast<std::uint64_t>(n21),
                    static_cast<std::uint64_t>(nl), v1, v0, &r);
  }
  const std::uint64_t q1 = div_3by2(static_cast<std::uint64_t>(nh >> 64), static_cast<std::uint64_t>(nh),
                                    static_cast<std::uint64_t>(nl >> 64), v1, v0, &r);
  const std::uint64_t q0 = div_3by2(static_cast<std::uint64_t>(r >> 64), static_cast<std::uint64_t>(r),
                                    static_cast<std::uint64_t>(nl), v1, v0, &r);
  return (static_cast<u128>(q1) << 64) | q0;
}

// trunc((a << frac) / b), b != 0. false if the quotient needs more than 128 bits.
bool div_mag(u128 a, u128 b, int frac, u128* q_out) noexcept {
  const u128 hi = a >> (128 - frac);  // bits of the dividend above 128
  const u128 lo = a << frac;
  if (hi >= b) return false;
  *q_out = div_256_128(hi, lo, b);
  return true;
}

// The quotient of (a << frac) by b over all 128+frac dividend bits, kept to its low 128 bits.
// Returns false if higher quotient bits were non-zero.
bool div_mag_wrapping(u128 a, u128 b, int frac, u128* q_out) noexcept {
  const u128 hi = a >> (128 - frac);
  const u128 lo = a << frac;
  // floor((hi:lo)/b) = (hi/b) * 2^128 + floor(((hi%b):lo)/b); the first term is what wraps away.
  *q_out = div_256_128(hi % b, lo, b);
  return hi < b;
}

}  // namespace

bool div_i128_wrapping(i128 a, i128 b, int frac, i128* out) noexcept {
  if (b == 0) return false;
  const SignMag sa = to_sign_mag(a), sb = to_sign_mag(b);
  u128 q = 0;
  bool ok = div_mag_wrapping(sa.mag, sb.mag, frac, &q);
  const bool neg = sa.neg != sb.neg;
  const u128 w = neg ? static_cast<u128>(0) - q : q;
  *out = static_cast<i128>(w);
  if (ok) {
    bool ovf = false;
    (void)from_sign_mag_saturating<i128>({neg && q != 0, q}, &ovf);
    ok = !ovf;
  }
  return ok;
}

bool div_u128_wrapping(u128 a, u128 b, int frac, u128* out) noexcept {
  if (b == 0) return false;
  return div_mag_wrapping(a, b, frac, out);
}

bool mul_i128(i128 a, i128 b, int frac, i128* out) noexcept {
  const SignMag sa = to_sign_mag(a), sb = to_sign_mag(b);
  const bool neg = (sa.neg != sb.neg) && sa.mag != 0 && sb.mag != 0;
  u128 mag = 0;
  const bool fits = mul_mag(sa.mag, sb.mag, frac, neg, &mag);
  bool ovf = false;
  *out = from_sign_mag_saturating<i128>({neg, mag}, &ovf);
  if (!fits || ovf) {
    // wrapped result: low 128 bits of the exact floor product
    const u128 wrapped = neg ? static_cast<u128>(0) - mag : mag;
    *out = static_cast<i128>(wrapped);
    return false;
  }
  return true;
}

bool mul_u128(u128 a, u128 b, int frac, u128* out) noexcept {
  u128 mag = 0;
  const bool fits = mul_mag(a, b, frac, false, &mag);
  *out = mag;
  return fits;
}

bool div_i128(i128 a, i128 b, int frac, i128* out) noexcept {
  if (b == 0) return false;
  const SignMag sa = to_sign_mag(a), sb = to_sign_mag(b);
  u128 q = 0;
  if (!div_mag(sa.mag, sb.mag, frac, &q)) return false;
  const bool neg = sa.neg != sb.neg;
  bool ovf = false;
  *out = from_sign_mag_saturating<i128>({neg && q != 0, q}, &ovf);
  return !ovf;
}

bool div_u128(u128 a, u128 b, int frac, u128* out) noexcept {
  if (b == 0) return false;
  return div_mag(a, b, frac, out);
}

bool f64_to_sign_mag(double x, int frac, SignMag* out) noexcept {
  std::uint64_t u = 0;
  std::memcpy(&u, &x, sizeof u);
  const bool neg = (u >> 63) != 0;
  const int biased = static_cast<int>((u >> 52) & 0x7ff);
  std::uint64_t m = u & ((std::uint64_t{1} << 52) - 1);
  if (biased == 0x7ff) return false;  // inf (NaN handled by the caller)
  int e = 0;
  if (biased == 0) {
    e = -1074;  // subnormal
  } else {
    m |= std::uint64_t{1} << 52;
    e = biased - 1075;
  }
  if (m == 0) {
    *out = {false, 0};
    return true;
  }
  const int s = e + frac;  // value * 2^frac = m * 2^s
  u128 mag = 0;
  if (s >= 0) {
    if (s > 75) return false;  // m < 2^53, so m << s fits in 128 bits only if s <= 75
    mag = static_cast<u128>(m) << s;
  } else {
    const int sh = -s;
    if (sh >= 64) {
      // m < 2^53 <= 2^(sh-1)/2^10: the value is below one half ulp -> 0 (never a tie)
      mag = 0;
      if (sh == 64) {
        // unreachable for m < 2^53 (m / 2^64 < 0.5), kept for clarity
        mag = 0;
      }
    } else {
      const std::uint64_t q = m >> sh;
      const std::uint64_t rem = m & ((std::uint64_t{1} << sh) - 1);
      const std::uint64_t half = std::uint64_t{1} << (sh - 1);
      mag = q;
      if (rem > half || (rem == half && (q & 1) != 0)) ++mag;
    }
  }
  *out = {neg && mag != 0, mag};
  return true;
}

}  // namespace detail

namespace {
using boost::multiprecision::cpp_int;

cpp_int to_cpp(u128 v) {
  cpp_int r = static_cast<std::uint64_t>(v >> 64);
  r <<= 64;
  r += static_cast<std::uint64_t>(v);
  return r;
}

// Rounds num/den (both >= 0, den > 0) to nearest, ties to even.
cpp_int round_div_even(const cpp_int& num, const cpp_int& den) {
  cpp_int q = num / den;
  cpp_int r = num - q * den;
  cpp_int twice = r * 2;
  if (twice > den || (twice == den && (q & 1) != 0)) ++q;
  return q;
}

std::string digits_of(const cpp_int& v) { return v.str(); }

}  // namespace

// The decimal conversions are bt's (bt/int128.hpp); these keep bt::fixed's optional-returning API.
std::string u128_to_string(u128 v) { return bt::to_string(v); }
std::string i128_to_string(i128 v) { return bt::to_string(v); }

std::optional<u128> parse_u128(std::string_view t) {
  auto r = bt::parse_u128(t);
  if (!r) return std::nullopt;
  return *r;
}

std::optional<i128> parse_i128(std::string_view t) {
  auto r = bt::parse_i128(t);
  if (!r) return std::nullopt;
  return *r;
}

template <class Repr, int Frac>
std::string to_string(Fixed<Repr, Frac> x) {
  const detail::SignMag s = detail::to_sign_mag(x.to_bits());
  const u128 ip = s.mag >> Frac;
  const u128 fmask = (u128{1} << Frac) - 1;
  const u128 f = s.mag & fmask;
  std::string out;
  if (s.neg) out.push_back('-');
  out.append(u128_to_string(ip));
  if (f == 0) return out;
  const cpp_int one = cpp_int(1) << Frac;
  const cpp_int fc = to_cpp(f);
  cpp_int pow10 = 1;
  for (int k = 1; k <= Frac + 1; ++k) {
    pow10 *= 10;
    const cpp_int d = round_div_even(fc * pow10, one);
    if (round_div_even(d * one, pow10) == fc) {
      if (d == pow10) break;  // rounding reached 1.0: cannot happen for f < 1 ulp-exact; guard
      std::string ds = digits_of(d);
      if (static_cast<int>(ds.size()) < k) ds.insert(0, static_cast<std::size_t>(k) - ds.size(), '0');
      while (!ds.empty() && ds.back() == '0') ds.pop_back();
      out.push_back('.');
      out.append(ds);
      return out;
    }
  }
  // Fallback: the exact expansion (always terminates: Frac digits).
  cpp_int d = fc;
  std::string ds;
  for (int k = 0; k < Frac && d != 0; ++k) {
    d *= 10;
    cpp_int digit = d >> Frac;
    ds += digits_of(digit);
    d &= (one - 1);
  }
  out.push_back('.');
  out.append(ds);
  return out;
}

template <class F>
std::optional<F> parse_decimal(std::string_view t) {
  bool neg = false;
  if (!t.empty() && (t.front() == '-' || t.front() == '+')) {
    neg = t.front() == '-';
    t.remove_prefix(1);
  }
  if (t.empty() || t.size() > 200) return std::nullopt;
  cpp_int num = 0;
  cpp_int den = 1;
  bool seen_dot = false, any_digit = false;
  for (char c : t) {
    if (c == '.') {
      if (seen_dot) return std::nullopt;
      seen_dot = true;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    any_digit = true;
    num = num * 10 + (c - '0');
    if (seen_dot) den *= 10;
  }
  if (!any_digit) return std::nullopt;
  const cpp_int bits = round_div_even(num << F::frac_bits, den);
  // clamp
  const cpp_int maxc = to_cpp(static_cast<u128>(int_max<typename F::repr_type>()));
  if (!neg) {
    if (bits > maxc) return F::max();
    const u128 lo = static_cast<u128>(static_cast<std::uint64_t>(bits >> 64)) << 64 |
                    static_cast<std::uint64_t>(bits & cpp_int(~std::uint64_t{0}));
    return F::from_bits(static_cast<typename F::repr_type>(lo));
  }
  if constexpr (!F::is_signed) {
    if (bits != 0) return F::min();
    return F::zero();
  } else {
    if (bits > maxc + 1) return F::min();
    const u128 lo = static_cast<u128>(static_cast<std::uint64_t>(bits >> 64)) << 64 |
                    static_cast<std::uint64_t>(bits & cpp_int(~std::uint64_t{0}));
    bool ovf = false;
    return F::from_bits(detail::from_sign_mag_saturating<typename F::repr_type>({true, lo}, &ovf));
  }
}

template std::string to_string(I32F32);
template std::string to_string(I64F64);
template std::string to_string(I96F32);
template std::string to_string(U96F32);
template std::string to_string(U64F64);
template std::optional<I32F32> parse_decimal<I32F32>(std::string_view);
template std::optional<I64F64> parse_decimal<I64F64>(std::string_view);
template std::optional<I96F32> parse_decimal<I96F32>(std::string_view);
template std::optional<U96F32> parse_decimal<U96F32>(std::string_view);
template std::optional<U64F64> parse_decimal<U64F64>(std::string_view);

}  // namespace bt::fixed
