// SPDX-License-Identifier: MIT
// Differential fuzzing of bt::fixed arithmetic against exact big-integer arithmetic
// (Boost.Multiprecision cpp_int): for raw operands a, b of every fixed type,
//   checked/saturating/wrapping mul = floor(a*b / 2^F) (None / clamp / wrap on overflow),
//   checked/saturating/safe div     = trunc(a*2^F / b) (None / clamp / 0 on overflow or /0),
//   checked/saturating/wrapping add and sub,
//   parse_decimal(to_string(x)) == x, saturating_from_fixed between types = floor + clamp.
// Any disagreement aborts.
#include <fuzzer/FuzzedDataProvider.h>

#include <boost/multiprecision/cpp_int.hpp>
#include <bt/fixed/fixed.hpp>
#include <bt/fixed/transcendental.hpp>
#include <cstdint>
#include <cstdlib>

namespace {

using bt::fixed::i128;
using bt::fixed::u128;
using Big = boost::multiprecision::cpp_int;

template <class Repr>
Big to_big(Repr v) {
  if constexpr (std::is_same_v<Repr, u128> || std::is_same_v<Repr, i128>) {
    const bool neg = bt::is_signed_int_v<Repr> && v < 0;
    u128 mag = neg ? static_cast<u128>(0) - static_cast<u128>(v) : static_cast<u128>(v);
    Big b = static_cast<std::uint64_t>(mag >> 64);
    b <<= 64;
    b += static_cast<std::uint64_t>(mag);
    return neg ? Big(-b) : b;
  } else {
    return Big(v);
  }
}

template <class F>
Big lo() {
  return to_big(F::min().to_bits());
}
template <class F>
Big hi() {
  return to_big(F::max().to_bits());
}
template <class F>
bool fits(const Big& v) {
  return v >= lo<F>() && v <= hi<F>();
}
template <class F>
Big wrap(Big v) {
  const Big mod = Big(1) << F::total_bits;
  v %= mod;  // sign follows the dividend
  if (v < 0) v += mod;
  if (F::is_signed && v > hi<F>()) v -= mod;
  return v;
}
// floor division by 2^k
Big floor_shift(const Big& v, int k) {
  const Big d = Big(1) << k;
  Big q = v / d;  // truncates
  if (v < 0 && q * d != v) q -= 1;
  return q;
}

template <class F>
void check(bool ok) {
  if (!ok) std::abort();
}

template <class F>
void check_type(FuzzedDataProvider& p) {
  using Repr = typename F::repr_type;
  Repr ra{}, rb{};
  if constexpr (sizeof(Repr) == 16) {
    const u128 a =
        (static_cast<u128>(p.ConsumeIntegral<std::uint64_t>()) << 64) | p.ConsumeIntegral<std::uint64_t>();
    const u128 b =
        (static_cast<u128>(p.ConsumeIntegral<std::uint64_t>()) << 64) | p.ConsumeIntegral<std::uint64_t>();
    const int sa = p.ConsumeIntegralInRange<int>(0, 127), sb = p.ConsumeIntegralInRange<int>(0, 127);
    ra = static_cast<Repr>(a >> sa);  // small magnitudes are common in the epoch
    rb = static_cast<Repr>(b >> sb);
    if (F::is_signed && p.ConsumeBool()) ra = static_cast<Repr>(static_cast<u128>(0) - static_cast<u128>(ra));
  } else {
    ra = static_cast<Repr>(p.ConsumeIntegral<std::uint64_t>() >> p.ConsumeIntegralInRange<int>(0, 63));
    rb = static_cast<Repr>(p.ConsumeIntegral<std::uint64_t>() >> p.ConsumeIntegralInRange<int>(0, 63));
    if (p.ConsumeBool()) ra = static_cast<Repr>(0 - static_cast<std::uint64_t>(ra));
    if (p.ConsumeBool()) rb = static_cast<Repr>(0 - static_cast<std::uint64_t>(rb));
  }
  const F a = F::from_bits(ra), b = F::from_bits(rb);
  const Big A = to_big(ra), B = to_big(rb);
  const int frac = F::frac_bits;

  // multiplication
  const Big prod = floor_shift(A * B, frac);
  const auto cm = a.checked_mul(b);
  check<F>(cm.has_value() == fits<F>(prod));
  if (cm) check<F>(to_big(cm->to_bits()) == prod);
  const Big sat_m = fits<F>(prod) ? prod : (prod < 0 ? lo<F>() : hi<F>());
  check<F>(to_big(a.saturating_mul(b).to_bits()) == sat_m);
  check<F>(to_big(a.wrapping_mul(b).to_bits()) == wrap<F>(prod));

  // division
  if (B != 0) {
    const Big q = (A << frac) / B;  // cpp_int division truncates toward zero
    const auto cd = a.checked_div(b);
    check<F>(cd.has_value() == fits<F>(q));
    if (cd) check<F>(to_big(cd->to_bits()) == q);
    check<F>(to_big(a.safe_div(b).to_bits()) == (fits<F>(q) ? q : Big(0)));
    const Big sat_d = fits<F>(q) ? q : (q < 0 ? lo<F>() : hi<F>());
    check<F>(to_big(a.saturating_div(b).to_bits()) == sat_d);
    check<F>(to_big(a.wrapping_div(b).to_bits()) == wrap<F>(q));
  } else {
    check<F>(!a.checked_div(b).has_value());
    check<F>(a.safe_div(b) == F::zero());
    check<F>(a.wrapping_div(b) == F::zero());
  }

  // addition / subtraction
  for (int op = 0; op < 2; ++op) {
    const Big exact = op == 0 ? Big(A + B) : Big(A - B);
    const auto c = op == 0 ? a.checked_add(b) : a.checked_sub(b);
    check<F>(c.has_value() == fits<F>(exact));
    if (c) check<F>(to_big(c->to_bits()) == exact);
    const F s = op == 0 ? a.saturating_add(b) : a.saturating_sub(b);
    check<F>(to_big(s.to_bits()) == (fits<F>(exact) ? exact : (exact < 0 ? lo<F>() : hi<F>())));
    const F w = op == 0 ? a + b : a - b;
    check<F>(to_big(w.to_bits()) == wrap<F>(exact));
  }

  // decimal text round trip
  const auto back = bt::fixed::parse_decimal<F>(bt::fixed::to_string(a));
  check<F>(back.has_value() && *back == a);

  // conversion to I32F32 and I64F64: floor, clamp
  {
    using T = bt::fixed::I32F32;
    const Big v = floor_shift(A << T::frac_bits, frac);
    const Big want = fits<T>(v) ? v : (v < 0 ? lo<T>() : hi<T>());
    check<F>(to_big(T::saturating_from_fixed(a).to_bits()) == want);
  }
  {
    using T = bt::fixed::I64F64;
    const Big v = floor_shift(A << T::frac_bits, frac);
    const Big want = fits<T>(v) ? v : (v < 0 ? lo<T>() : hi<T>());
    check<F>(to_big(T::saturating_from_fixed(a).to_bits()) == want);
  }
  // integer part: floor then clamp to u64
  {
    const Big ip = floor_shift(A, frac);
    const Big want = ip < 0 ? Big(0) : (ip > Big(UINT64_MAX) ? Big(UINT64_MAX) : ip);
    check<F>(Big(a.template saturating_to_num<std::uint64_t>()) == want);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider p(data, size);
  while (p.remaining_bytes() > 0) {
    switch (p.ConsumeIntegralInRange<int>(0, 5)) {
      case 0:
        check_type<bt::fixed::I32F32>(p);
        break;
      case 1:
        check_type<bt::fixed::I64F64>(p);
        break;
      case 2:
        check_type<bt::fixed::U64F64>(p);
        break;
      case 3:
        check_type<bt::fixed::I96F32>(p);
        break;
      case 4:
        check_type<bt::fixed::U96F32>(p);
        break;
      default: {
        // exp / ln never crash or hang for any I32F32.
        const auto x = bt::fixed::I32F32::from_bits(p.ConsumeIntegral<std::int64_t>());
        (void)bt::fixed::exp(x);
        (void)bt::fixed::ln(x);
        break;
      }
    }
  }
  return 0;
}
