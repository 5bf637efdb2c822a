// SPDX-License-Identifier: MIT
// exp / log2 / ln exactly as substrate-fixed `src/transcendental.rs` (v0.6.0) computes them for a
// signed fixed type (S = D, e.g. I32F32 as used by subtensor). Never uses libm.
//
//   exp(x):  x == 0 -> 1; x == 1 exactly -> the I9F23 constant E (2.718281746..., not e);
//            otherwise a Taylor series of |x| with terms i = 2 .. frac_bits-1 (30 terms for
//            I32F32), each term = floor-mul then truncating div; x < 0 -> 1 / result.
//            Any overflow -> nullopt (Rust Err). Inaccurate for large |x| by design (bit-exact
//            with the runtime: exp(20) = 481239357.67...).
//   log2(x): x <= 0 -> nullopt; x < 1 -> -log2_inner(1/x) (nullopt if 1/x overflows);
//            log2_inner = integer part by round-half-up halving, then frac_bits squaring rounds.
//   ln(x):   log2(x) / LOG2_E where LOG2_E is the I9F23 constant 12102203 / 2^23 (truncating div).
#pragma once

#include <bt/fixed/fixed.hpp>
#include <optional>
#include <type_traits>
#include <utility>

namespace bt::fixed {

namespace detail {
// substrate-fixed constants (I9F23 bits): E = consts::E >> 103, LOG2_E = consts::LOG2_E >> 104.
inline constexpr std::int32_t kI9F23E = 22802600;
inline constexpr std::int32_t kI9F23Log2E = 12102203;

template <class F>
constexpr F from_i9f23(std::int32_t bits) noexcept {
  static_assert(F::frac_bits >= 23, "");
  return F::from_bits(
      static_cast<typename F::repr_type>(static_cast<typename F::repr_type>(bits) *
                                         (static_cast<typename F::repr_type>(1) << (F::frac_bits - 23))));
}

// Right shift with rounding (half up): (b >> 1) + (b & 1).
template <class F>
constexpr F rs(F x) noexcept {
  const auto b = x.to_bits();
  return F::from_bits(static_cast<typename F::repr_type>((b >> 1) + (b & 1)));
}

// log2 for x >= 1.
template <class F>
constexpr F log2_inner(F x) noexcept {
  using R = typename F::repr_type;
  R result = 0;
  const F two = F::saturating_from_num(2);
  while (x >= two) {
    result += 1;
    x = rs(x);
  }
  if (x == F::one()) return F::saturating_from_num(result);
  for (int i = 0; i < F::frac_bits; ++i) {
    x = x.wrapping_mul(x);
    result = static_cast<R>(result << 1);
    if (x >= two) {
      result |= 1;
      x = rs(x);
    }
  }
  return F::from_bits(result);
}
}  // namespace detail

template <class F>
constexpr std::optional<F> exp(F operand) noexcept {
  static_assert(F::is_signed, "exp needs a signed fixed type");
  if (operand == F::zero()) return F::one();
  if (operand == F::one()) return detail::from_i9f23<F>(detail::kI9F23E);
  const bool neg = operand < F::zero();
  if (neg) {
    auto n = operand.checked_neg();
    if (!n) return std::nullopt;
    operand = *n;
  }
  auto result = operand.checked_add(F::one());
  if (!result) return std::nullopt;
  F res = *result;
  F term = operand;
  // Series terms i = 2 .. frac_bits-1, unrolled so that every divisor is a compile-time constant.
  // checked_div(D::from_num(i)) = trunc((t << frac) / (i << frac)) = trunc(t / i): it never
  // overflows for i >= 2, so the integer quotient of the raw bits is exactly the same value.
  bool ok = true;
  auto step = [&](auto ic) {
    constexpr int i = decltype(ic)::value;
    if (!ok) return;
    F t;
    if (!term.mul_raw(operand, &t)) {
      ok = false;
      return;
    }
    term =
        F::from_bits(static_cast<typename F::repr_type>(t.to_bits() / static_cast<typename F::repr_type>(i)));
    auto r = res.checked_add(term);
    if (!r) {
      ok = false;
      return;
    }
    res = *r;
  };
  [&]<int... Is>(std::integer_sequence<int, Is...>) { (step(std::integral_constant<int, Is + 2>{}), ...); }
  (std::make_integer_sequence<int, F::frac_bits - 2>{});
  if (!ok) return std::nullopt;
  if (neg) {
    auto inv = F::one().checked_div(res);
    if (!inv) return std::nullopt;
    res = *inv;
  }
  return res;
}

template <class F>
constexpr std::optional<F> log2(F operand) noexcept {
  static_assert(F::is_signed, "log2 needs a signed fixed type");
  if (operand <= F::zero()) return std::nullopt;
  if (operand < F::one()) {
    auto inv = F::one().checked_div(operand);
    if (!inv) return std::nullopt;
    return detail::log2_inner(*inv).wrapping_neg();
  }
  return detail::log2_inner(operand);
}

template <class F>
constexpr std::optional<F> ln(F operand) noexcept {
  auto l = log2(operand);
  if (!l) return std::nullopt;
  return l->saturating_div(detail::from_i9f23<F>(detail::kI9F23Log2E));
}

}  // namespace bt::fixed
