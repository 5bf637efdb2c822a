// SPDX-License-Identifier: MIT
// bt::fixed: binary fixed-point numbers with the exact semantics of the Rust crate substrate-fixed
// (encointer/substrate-fixed v0.6.0, the `fixed` crate fork used by subtensor).
//
// A Fixed<Repr, Frac> holds raw bits `b` of integer type Repr; its value is b / 2^Frac.
// Five instantiations are used by the Yuma epoch (types are declared at the bottom):
//
//   I32F32 = Fixed<int64_t, 32>     U64F64 = Fixed<u128, 64>     I64F64 = Fixed<i128, 64>
//   I96F32 = Fixed<i128, 32>        U96F32 = Fixed<u128, 32>
//
// Rounding and overflow contract (identical to substrate-fixed; every rule is tested bit-exactly):
//   * saturating_from_num(integer): exact, clamped to [min(), max()].
//   * from_f64 / saturating_from_f64(double): round to nearest, ties to even (exact on the double's
//     bits, never via a lossy multiply); NaN -> 0; out of range -> clamped.
//   * saturating_from_fixed(other fixed): dropping fraction bits floors (toward -inf); integer
//     overflow clamps.
//   * saturating_to_num<Int>(): floor (toward -inf), then clamp to Int's range (negative -> 0 for
//     unsigned Int).
//   * multiplication: exact double-width product, arithmetic shift right by Frac = floor.
//       checked_mul -> std::nullopt on overflow, saturating_mul clamps, wrapping_mul / operator*
//       keep the low bits (Rust release-build semantics of `*`).
//   * division: (a << Frac) / b in double width, integer division = truncation toward zero.
//       checked_div -> nullopt on /0 or overflow; saturating_div clamps on overflow (on /0, where
//       Rust panics, it returns max() for a >= 0 and min() for a < 0); safe_div (subtensor's
//       safe-math `FixedExt::safe_div`) -> 0 on /0 AND on overflow.
//   * operator+ / operator- / wrapping_* wrap modulo 2^bits (the wasm runtime is built without
//     overflow checks; `Iterator::sum` of fixed values is such a wrapping fold, see wrapping_sum).
//     saturating_add / saturating_sub clamp; checked_add / checked_sub return nullopt.
//   * comparisons compare the raw bits (same type only).
// All operations are total: no undefined behaviour, no exception, for every input.
// The 128-bit types use the compiler's __int128; their double-width (256-bit) products and
// quotients are computed out of line in lib/fixed/fixed.cpp.
#pragma once

#include <bt/int128.hpp>
#include <compare>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace bt::fixed {

using bt::i128;
using bt::u128;

namespace detail {
// A value as sign + magnitude, wide enough for every supported representation.
struct SignMag {
  bool neg;
  u128 mag;
};
template <class Repr>
constexpr SignMag to_sign_mag(Repr v) noexcept {
  if constexpr (is_signed_int_v<Repr>) {
    if (v < 0) return {true, static_cast<u128>(0) - static_cast<u128>(static_cast<i128>(v))};
    return {false, static_cast<u128>(v)};
  } else {
    return {false, static_cast<u128>(v)};
  }
}
// Clamps sign+magnitude into Repr; returns {value, overflowed}.
template <class Repr>
constexpr Repr from_sign_mag_saturating(SignMag s, bool* overflow) noexcept {
  *overflow = false;
  if constexpr (is_signed_int_v<Repr>) {
    const u128 maxmag = static_cast<u128>(int_max<Repr>());
    if (!s.neg) {
      if (s.mag > maxmag) {
        *overflow = true;
        return int_max<Repr>();
      }
      return static_cast<Repr>(s.mag);
    }
    if (s.mag > maxmag + 1) {
      *overflow = true;
      return int_min<Repr>();
    }
    if (s.mag == maxmag + 1) return int_min<Repr>();
    return static_cast<Repr>(-static_cast<i128>(s.mag));
  } else {
    if (s.neg && s.mag != 0) {
      *overflow = true;
      return 0;
    }
    if (s.mag > static_cast<u128>(int_max<Repr>())) {
      *overflow = true;
      return int_max<Repr>();
    }
    return static_cast<Repr>(s.mag);
  }
}

// floor((hi * 2^64 + lo) / d) for hi < d (the quotient fits in 64 bits); *rem gets the remainder.
// One hardware 128/64 division on x86-64.
constexpr std::uint64_t udiv_128_64(std::uint64_t hi, std::uint64_t lo, std::uint64_t d,
                                    std::uint64_t* rem) noexcept {
#if defined(__x86_64__)
  if (!std::is_constant_evaluated()) {
    std::uint64_t q = 0, r = 0;
    // volatile: divq traps when hi >= d, so it must not be hoisted above the caller's check.
    __asm__ volatile("divq %4" : "=a"(q), "=d"(r) : "a"(lo), "d"(hi), "rm"(d) : "cc");
    *rem = r;
    return q;
  }
#endif
  const u128 n = (static_cast<u128>(hi) << 64) | lo;
  *rem = static_cast<std::uint64_t>(n % d);
  return static_cast<std::uint64_t>(n / d);
}

// Double-width operations for 128-bit representations (lib/fixed/fixed.cpp).
// Each returns false on overflow (out is then the wrapped low 128 bits for mul, unspecified for div).
// mul: floor((a*b) / 2^frac).  div: trunc((a * 2^frac) / b), b != 0.
bool mul_i128(i128 a, i128 b, int frac, i128* out) noexcept;
bool mul_u128(u128 a, u128 b, int frac, u128* out) noexcept;
bool div_i128(i128 a, i128 b, int frac, i128* out) noexcept;
bool div_u128(u128 a, u128 b, int frac, u128* out) noexcept;
// Same quotient, wrapped to the low 128 bits (two's complement) on overflow; b != 0.
bool div_i128_wrapping(i128 a, i128 b, int frac, i128* out) noexcept;
bool div_u128_wrapping(u128 a, u128 b, int frac, u128* out) noexcept;
// Round-half-even conversion of a finite double to bits*2^-frac as sign+magnitude; false if |x|
// needs more than 128 integer+fraction bits.
bool f64_to_sign_mag(double x, int frac, SignMag* out) noexcept;
}  // namespace detail

template <class Repr, int Frac>
class Fixed {
  static_assert(Frac > 0 && Frac < static_cast<int>(sizeof(Repr) * 8), "bad fraction bit count");
  static_assert(sizeof(Repr) == 8 || sizeof(Repr) == 16, "64- or 128-bit representations only");

 public:
  using repr_type = Repr;
  static constexpr int frac_bits = Frac;
  static constexpr int total_bits = static_cast<int>(sizeof(Repr) * 8);
  static constexpr int int_bits = total_bits - Frac;
  static constexpr bool is_signed = is_signed_int_v<Repr>;

  constexpr Fixed() noexcept = default;

  // ---- construction / raw access
  static constexpr Fixed from_bits(Repr bits) noexcept {
    Fixed f;
    f.bits_ = bits;
    return f;
  }
  constexpr Repr to_bits() const noexcept { return bits_; }

  static constexpr Fixed min() noexcept { return from_bits(int_min<Repr>()); }
  static constexpr Fixed max() noexcept { return from_bits(int_max<Repr>()); }
  static constexpr Fixed zero() noexcept { return from_bits(0); }
  static constexpr Fixed one() noexcept { return from_bits(static_cast<Repr>(Repr{1} << Frac)); }
  // The smallest positive value (1 ulp).
  static constexpr Fixed delta() noexcept { return from_bits(1); }

  // Integer -> fixed, exact, clamped to [min(), max()] (Rust `saturating_from_num(int)`).
  template <class Int,
            std::enable_if_t<
                std::is_integral_v<Int> || std::is_same_v<Int, i128> || std::is_same_v<Int, u128>, int> = 0>
  static constexpr Fixed saturating_from_num(Int v) noexcept {
    detail::SignMag s = detail::to_sign_mag(v);
    bool ovf = false;
    // Shifting the magnitude left by Frac overflows 128 bits only if its top Frac bits are set.
    if ((s.mag >> (128 - Frac)) != 0) return s.neg ? min() : max();
    s.mag <<= Frac;
    return from_bits(detail::from_sign_mag_saturating<Repr>(s, &ovf));
  }

  // double -> fixed, round to nearest with ties to even, clamped; NaN -> 0 (Rust
  // `saturating_from_num(f64)`; `from_num(f64)` gives the same result for in-range values).
  static Fixed saturating_from_f64(double x) noexcept {
    if (x != x) return zero();
    detail::SignMag s{};
    if (!detail::f64_to_sign_mag(x, Frac, &s)) return x < 0 ? min() : max();
    bool ovf = false;
    return from_bits(detail::from_sign_mag_saturating<Repr>(s, &ovf));
  }
  static Fixed from_f64(double x) noexcept { return saturating_from_f64(x); }

  // Fixed -> this fixed type: fraction bits dropped by floor, integer overflow clamped
  // (Rust `saturating_from_num(fixed)` / `from_num` for in-range values).
  template <class R2, int F2>
  static constexpr Fixed saturating_from_fixed(Fixed<R2, F2> other) noexcept {
    detail::SignMag s = detail::to_sign_mag(other.to_bits());
    if constexpr (Frac >= F2) {
      constexpr int sh = Frac - F2;
      if constexpr (sh > 0) {
        if ((s.mag >> (128 - sh)) != 0) return s.neg ? min() : max();
        s.mag <<= sh;
      }
    } else {
      constexpr int sh = F2 - Frac;
      if (s.neg) {
        // floor(-m / 2^sh) = -ceil(m / 2^sh)
        const u128 low_mask = (u128{1} << sh) - 1;
        const bool inexact = (s.mag & low_mask) != 0;
        s.mag = (s.mag >> sh) + (inexact ? 1 : 0);
      } else {
        s.mag >>= sh;
      }
    }
    bool ovf = false;
    return from_bits(detail::from_sign_mag_saturating<Repr>(s, &ovf));
  }

  // Fixed -> integer: floor, then clamp to Int's range (Rust `saturating_to_num::<Int>()`).
  template <class Int>
  constexpr Int saturating_to_num() const noexcept {
    // Arithmetic shift = floor for signed representations.
    const Repr ip = static_cast<Repr>(bits_ >> Frac);
    detail::SignMag s = detail::to_sign_mag(ip);
    bool ovf = false;
    return detail::from_sign_mag_saturating<Int>(s, &ovf);
  }

  // Fixed -> integer, Rust release-build `to_num::<Int>()`: floor, then wrap modulo 2^bits(Int).
  template <class Int>
  constexpr Int wrapping_to_num() const noexcept {
    const Repr ip = static_cast<Repr>(bits_ >> Frac);
    using UI = typename UnsignedOf<Int>::type;
    return static_cast<Int>(static_cast<UI>(static_cast<u128>(ip)));
  }

  // Fixed -> this fixed type, Rust release-build `from_num(fixed)`: floor, then wrap.
  template <class R2, int F2>
  static constexpr Fixed wrapping_from_fixed(Fixed<R2, F2> other) noexcept {
    using UR = typename UnsignedOf<Repr>::type;
    u128 b = static_cast<u128>(other.to_bits());
    if constexpr (is_signed_int_v<R2>) {
      // sign-extend handled by the cast of a negative i128/i64 to u128 (two's complement)
    }
    if constexpr (Frac >= F2) {
      b <<= (Frac - F2);
    } else {
      // arithmetic shift of the signed source = floor
      if constexpr (is_signed_int_v<R2>) {
        b = static_cast<u128>(static_cast<i128>(other.to_bits()) >> (F2 - Frac));
      } else {
        b >>= (F2 - Frac);
      }
    }
    return from_bits(static_cast<Repr>(static_cast<UR>(b)));
  }

  // Approximate value as double (for display and diagnostics only; never used by the engine).
  double to_f64() const noexcept {
    const detail::SignMag s = detail::to_sign_mag(bits_);
    double m = static_cast<double>(s.mag);
    for (int i = 0; i < Frac; ++i) m *= 0.5;
    return s.neg ? -m : m;
  }

  // ---- addition / subtraction
  constexpr Fixed wrapping_add(Fixed o) const noexcept {
    using U = typename UnsignedOf<Repr>::type;
    return from_bits(static_cast<Repr>(static_cast<U>(bits_) + static_cast<U>(o.bits_)));
  }
  constexpr Fixed wrapping_sub(Fixed o) const noexcept {
    using U = typename UnsignedOf<Repr>::type;
    return from_bits(static_cast<Repr>(static_cast<U>(bits_) - static_cast<U>(o.bits_)));
  }
  constexpr Fixed wrapping_neg() const noexcept { return zero().wrapping_sub(*this); }
  constexpr std::optional<Fixed> checked_add(Fixed o) const noexcept {
    Repr r{};
    if (__builtin_add_overflow(bits_, o.bits_, &r)) return std::nullopt;
    return from_bits(r);
  }
  constexpr std::optional<Fixed> checked_sub(Fixed o) const noexcept {
    Repr r{};
    if (__builtin_sub_overflow(bits_, o.bits_, &r)) return std::nullopt;
    return from_bits(r);
  }
  constexpr std::optional<Fixed> checked_neg() const noexcept { return zero().checked_sub(*this); }
  constexpr Fixed saturating_add(Fixed o) const noexcept {
    Repr r{};
    if (__builtin_add_overflow(bits_, o.bits_, &r)) {
      if constexpr (is_signed) return o.bits_ < 0 ? min() : max();
      return max();
    }
    return from_bits(r);
  }
  constexpr Fixed saturating_sub(Fixed o) const noexcept {
    Repr r{};
    if (__builtin_sub_overflow(bits_, o.bits_, &r)) {
      if constexpr (is_signed) return o.bits_ > 0 ? min() : max();
      return min();
    }
    return from_bits(r);
  }

  // ---- multiplication (floor)
  // Returns false on overflow; *out gets the wrapped result.
  constexpr bool mul_raw(Fixed o, Fixed* out) const noexcept {
    if constexpr (sizeof(Repr) == 8) {
      static_assert(is_signed, "only I32F32-like 64-bit types");
      const i128 p = static_cast<i128>(bits_) * static_cast<i128>(o.bits_);
      const i128 q = p >> Frac;  // arithmetic shift: floor
      *out = from_bits(static_cast<Repr>(q));
      return q >= static_cast<i128>(int_min<Repr>()) && q <= static_cast<i128>(int_max<Repr>());
    } else if constexpr (is_signed) {
      Repr r{};
      const bool ok = detail::mul_i128(bits_, o.bits_, Frac, &r);
      *out = from_bits(r);
      return ok;
    } else {
      Repr r{};
      const bool ok = detail::mul_u128(bits_, o.bits_, Frac, &r);
      *out = from_bits(r);
      return ok;
    }
  }
  constexpr std::optional<Fixed> checked_mul(Fixed o) const noexcept {
    Fixed r;
    if (!mul_raw(o, &r)) return std::nullopt;
    return r;
  }
  constexpr Fixed saturating_mul(Fixed o) const noexcept {
    Fixed r;
    if (mul_raw(o, &r)) return r;
    if constexpr (is_signed) return ((bits_ < 0) != (o.bits_ < 0)) ? min() : max();
    return max();
  }
  constexpr Fixed wrapping_mul(Fixed o) const noexcept {
    Fixed r;
    (void)mul_raw(o, &r);
    return r;
  }

  // ---- division (truncation toward zero)
  // Returns false on /0 or overflow.
  constexpr bool div_raw(Fixed o, Fixed* out) const noexcept {
    if (o.bits_ == 0) return false;
    if constexpr (sizeof(Repr) == 8) {
      // Fast path: the shifted dividend fits in 64 bits (|a| < 2^(63-Frac)); truncating 64-bit
      // division gives the same quotient, which then always fits (|q| <= |a << Frac|).
      constexpr std::int64_t lim = std::int64_t{1} << (63 - Frac);
      if (bits_ > -lim && bits_ < lim && o.bits_ != -1) {
        *out = from_bits(static_cast<Repr>((bits_ * (std::int64_t{1} << Frac)) / o.bits_));
        return true;
      }
      // |a| * 2^Frac / |b| by one 128/64 division; the quotient needs more than 64 bits exactly
      // when the dividend's high word is >= |b| (then it overflows the representation anyway).
      const bool neg = (bits_ < 0) != (o.bits_ < 0);
      const std::uint64_t ua =
          bits_ < 0 ? 0 - static_cast<std::uint64_t>(bits_) : static_cast<std::uint64_t>(bits_);
      const std::uint64_t ub =
          o.bits_ < 0 ? 0 - static_cast<std::uint64_t>(o.bits_) : static_cast<std::uint64_t>(o.bits_);
      const std::uint64_t hi = ua >> (64 - Frac), lo = ua << Frac;
      if (hi >= ub) return false;
      std::uint64_t rem = 0;
      const std::uint64_t q = detail::udiv_128_64(hi, lo, ub, &rem);
      constexpr std::uint64_t kMaxPos = static_cast<std::uint64_t>(int_max<Repr>());
      if (q > kMaxPos + (neg ? 1 : 0)) return false;
      *out = from_bits(static_cast<Repr>(neg ? 0 - q : q));
      return true;
    } else if constexpr (is_signed) {
      Repr r{};
      if (!detail::div_i128(bits_, o.bits_, Frac, &r)) return false;
      *out = from_bits(r);
      return true;
    } else {
      Repr r{};
      if (!detail::div_u128(bits_, o.bits_, Frac, &r)) return false;
      *out = from_bits(r);
      return true;
    }
  }
  constexpr std::optional<Fixed> checked_div(Fixed o) const noexcept {
    Fixed r;
    if (!div_raw(o, &r)) return std::nullopt;
    return r;
  }
  constexpr Fixed saturating_div(Fixed o) const noexcept {
    Fixed r;
    if (div_raw(o, &r)) return r;
    if constexpr (is_signed) {
      if (o.bits_ == 0) return bits_ < 0 ? min() : max();
      return ((bits_ < 0) != (o.bits_ < 0)) ? min() : max();
    }
    return max();
  }
  // Rust release-build `/`: quotient truncated toward zero, wrapped to the representation on
  // overflow. Division by zero (a panic in Rust) returns 0.
  constexpr Fixed wrapping_div(Fixed o) const noexcept {
    if (o.bits_ == 0) return zero();
    Fixed r;
    if (div_raw(o, &r)) return r;
    if constexpr (sizeof(Repr) == 8) {
      const i128 q = (static_cast<i128>(bits_) * (i128{1} << Frac)) / static_cast<i128>(o.bits_);
      return from_bits(static_cast<Repr>(static_cast<std::uint64_t>(static_cast<u128>(q))));
    } else if constexpr (is_signed) {
      Repr w{};
      (void)detail::div_i128_wrapping(bits_, o.bits_, Frac, &w);
      return from_bits(w);
    } else {
      Repr w{};
      (void)detail::div_u128_wrapping(bits_, o.bits_, Frac, &w);
      return from_bits(w);
    }
  }
  // subtensor safe-math: checked_div(rhs).unwrap_or_default().
  constexpr Fixed safe_div(Fixed o) const noexcept {
    Fixed r;
    if (div_raw(o, &r)) return r;
    return zero();
  }

  // ---- operators (wrapping arithmetic like the release-built runtime)
  friend constexpr Fixed operator+(Fixed a, Fixed b) noexcept { return a.wrapping_add(b); }
  friend constexpr Fixed operator-(Fixed a, Fixed b) noexcept { return a.wrapping_sub(b); }
  friend constexpr Fixed operator*(Fixed a, Fixed b) noexcept { return a.wrapping_mul(b); }
  // Division operator = saturating_div (Rust `/` panics where this saturates).
  friend constexpr Fixed operator/(Fixed a, Fixed b) noexcept { return a.saturating_div(b); }
  constexpr Fixed operator-() const noexcept { return wrapping_neg(); }
  constexpr Fixed& operator+=(Fixed o) noexcept { return *this = wrapping_add(o); }
  constexpr Fixed& operator-=(Fixed o) noexcept { return *this = wrapping_sub(o); }

  friend constexpr bool operator==(Fixed a, Fixed b) noexcept { return a.bits_ == b.bits_; }
  friend constexpr bool operator!=(Fixed a, Fixed b) noexcept { return a.bits_ != b.bits_; }
  friend constexpr bool operator<(Fixed a, Fixed b) noexcept { return a.bits_ < b.bits_; }
  friend constexpr bool operator<=(Fixed a, Fixed b) noexcept { return a.bits_ <= b.bits_; }
  friend constexpr bool operator>(Fixed a, Fixed b) noexcept { return a.bits_ > b.bits_; }
  friend constexpr bool operator>=(Fixed a, Fixed b) noexcept { return a.bits_ >= b.bits_; }

  constexpr Fixed min_of(Fixed o) const noexcept { return o.bits_ < bits_ ? o : *this; }
  constexpr Fixed max_of(Fixed o) const noexcept { return o.bits_ > bits_ ? o : *this; }
  // Rust `clamp`-style: self.min(high).max(low).
  constexpr Fixed clamp(Fixed low, Fixed high) const noexcept { return min_of(high).max_of(low); }

 private:
  Repr bits_ = 0;
};

using I32F32 = Fixed<std::int64_t, 32>;
using I64F64 = Fixed<i128, 64>;
using I96F32 = Fixed<i128, 32>;
using U96F32 = Fixed<u128, 32>;
using U64F64 = Fixed<u128, 64>;

// Wrapping sum (Rust `Iterator::sum()` in a release build): fold with wrapping add from 0.
template <class It>
constexpr auto wrapping_sum(It first, It last) noexcept {
  using F = std::decay_t<decltype(*first)>;
  F acc = F::zero();
  for (; first != last; ++first) acc = acc.wrapping_add(*first);
  return acc;
}

// Decimal text of the exact value as substrate-fixed's Display prints it: the shortest decimal
// that converts back (round to nearest) to the same bits, e.g. "0.4999923704", "-100", "1".
template <class Repr, int Frac>
std::string to_string(Fixed<Repr, Frac> x);

// Parses a decimal ("-12.375", "1e-3" not accepted) to the nearest representable value (ties to
// even), saturating; returns nullopt on malformed text. Inverse of to_string.
template <class F>
std::optional<F> parse_decimal(std::string_view text);

// Decimal text of a 128-bit integer (for raw bits of the 128-bit types) and its inverse.
std::string i128_to_string(i128 v);
std::string u128_to_string(u128 v);
std::optional<i128> parse_i128(std::string_view text);
std::optional<u128> parse_u128(std::string_view text);

}  // namespace bt::fixed
