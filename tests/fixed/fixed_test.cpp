// SPDX-License-Identifier: MIT
// bt::fixed: substrate-fixed semantics at the edges, and cross-checks against the exact bits in the
// `derived` sections of the Yuma reference vectors.
#include <boost/multiprecision/cpp_int.hpp>
#include <bt/fixed/fixed.hpp>
#include <bt/fixed/transcendental.hpp>
#include <catch2/catch.hpp>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>

#include "support/test_paths.hpp"

using namespace bt::fixed;

namespace {
constexpr std::int64_t kOne = std::int64_t{1} << 32;
I32F32 b32(std::int64_t b) { return I32F32::from_bits(b); }
}  // namespace

TEST_CASE("integer to fixed is exact and saturating", "[fixed]") {
  CHECK(I32F32::saturating_from_num(std::uint16_t{65535}).to_bits() == 65535 * kOne);
  CHECK(I32F32::saturating_from_num(std::int16_t{-100}).to_bits() == -100 * kOne);
  CHECK(I32F32::saturating_from_num(std::int64_t{2147483647}).to_bits() == 2147483647 * kOne);
  CHECK(I32F32::saturating_from_num(std::int64_t{2147483648}) == I32F32::max());  // 2^31 overflows
  CHECK(I32F32::saturating_from_num(std::int64_t{-2147483648}).to_bits() ==
        std::numeric_limits<std::int64_t>::min());  // exactly MIN
  CHECK(I32F32::saturating_from_num(std::int64_t{-2147483649}) == I32F32::min());
  CHECK(I32F32::saturating_from_num(std::numeric_limits<std::uint64_t>::max()) == I32F32::max());
  // I64F64::saturating_from_num(u64::MAX) = I64F64::MAX (bits 2^127 - 1)
  CHECK(I64F64::saturating_from_num(std::numeric_limits<std::uint64_t>::max()) == I64F64::max());
  CHECK(I64F64::saturating_from_num(std::int64_t{std::numeric_limits<std::int64_t>::max()}).to_bits() ==
        static_cast<i128>(std::numeric_limits<std::int64_t>::max()) << 64);
  CHECK(U96F32::saturating_from_num(std::numeric_limits<std::uint64_t>::max()).to_bits() ==
        static_cast<u128>(std::numeric_limits<std::uint64_t>::max()) << 32);
  CHECK(U64F64::saturating_from_num(-1) == U64F64::zero());
  CHECK(U64F64::saturating_from_num(std::numeric_limits<std::uint64_t>::max()).to_bits() ==
        static_cast<u128>(std::numeric_limits<std::uint64_t>::max()) << 64);
}

TEST_CASE("f64 to fixed rounds to nearest, ties to even", "[fixed]") {
  CHECK(I32F32::from_f64(0.5).to_bits() == kOne / 2);
  CHECK(I32F32::from_f64(-100.0).to_bits() == -100 * kOne);
  CHECK(I32F32::from_f64(0.0).to_bits() == 0);
  CHECK(I32F32::from_f64(-0.0).to_bits() == 0);
  const double half_ulp = 1.0 / 8589934592.0;            // 2^-33
  CHECK(I32F32::from_f64(half_ulp).to_bits() == 0);      // tie -> even (0)
  CHECK(I32F32::from_f64(3 * half_ulp).to_bits() == 2);  // 1.5 ulp tie -> 2
  CHECK(I32F32::from_f64(5 * half_ulp).to_bits() == 2);  // 2.5 ulp tie -> 2
  CHECK(I32F32::from_f64(half_ulp * 1.0000001).to_bits() == 1);
  CHECK(I32F32::from_f64(-3 * half_ulp).to_bits() == -2);
  CHECK(I32F32::from_f64(0.1).to_bits() == 429496730);  // 0.1*2^32 = 429496729.6
  CHECK(I32F32::from_f64(1e300) == I32F32::max());
  CHECK(I32F32::from_f64(-1e300) == I32F32::min());
  CHECK(I32F32::from_f64(std::numeric_limits<double>::quiet_NaN()) == I32F32::zero());
  CHECK(I32F32::from_f64(std::numeric_limits<double>::infinity()) == I32F32::max());
  CHECK(I32F32::from_f64(4.9e-324).to_bits() == 0);  // smallest subnormal
  CHECK(I64F64::from_f64(1e6).to_bits() == static_cast<i128>(1000000) << 64);
}

TEST_CASE("narrowing fixed conversion floors and saturates", "[fixed]") {
  CHECK(I32F32::saturating_from_fixed(I64F64::from_bits(-1)).to_bits() == -1);  // -2^-64 -> -1ulp
  CHECK(I32F32::saturating_from_fixed(I64F64::from_bits((i128{1} << 32) - 1)).to_bits() == 0);
  CHECK(I32F32::saturating_from_fixed(I64F64::from_bits(i128{3} << 31)).to_bits() == 1);
  CHECK(I32F32::saturating_from_fixed(I64F64::from_bits(-(i128{3} << 31))).to_bits() == -2);
  CHECK(I32F32::saturating_from_fixed(I64F64::max()) == I32F32::max());
  CHECK(I32F32::saturating_from_fixed(I64F64::min()) == I32F32::min());
  CHECK(I64F64::saturating_from_fixed(I32F32::min()).to_bits() ==
        static_cast<i128>(std::numeric_limits<std::int64_t>::min()) << 32);
  CHECK(I64F64::saturating_from_fixed(U96F32::max()) == I64F64::max());
  CHECK(U64F64::saturating_from_fixed(I32F32::from_bits(-1)) == U64F64::zero());
  CHECK(I96F32::saturating_from_fixed(I32F32::from_bits(-5)).to_bits() == -5);
}

TEST_CASE("fixed to integer floors then saturates", "[fixed]") {
  CHECK(b32(-kOne / 2).saturating_to_num<std::uint16_t>() == 0);
  CHECK(b32(-kOne / 2).saturating_to_num<std::int64_t>() == -1);  // floor(-0.5) = -1
  CHECK(b32(65535 * kOne + kOne - 1).saturating_to_num<std::uint16_t>() == 65535);
  CHECK(b32(70000 * kOne).saturating_to_num<std::uint16_t>() == 65535);
  CHECK(I64F64::max().saturating_to_num<std::uint64_t>() == std::numeric_limits<std::int64_t>::max());
  CHECK(I96F32::max().saturating_to_num<std::uint64_t>() == std::numeric_limits<std::uint64_t>::max());
  CHECK(I32F32::min().saturating_to_num<std::uint64_t>() == 0);
}

TEST_CASE("multiplication floors, with saturating and checked forms", "[fixed]") {
  const I32F32 half = b32(kOne / 2);
  CHECK(b32(1).saturating_mul(half).to_bits() == 0);
  CHECK(b32(-1).saturating_mul(half).to_bits() == -1);  // -0.5 ulp floors to -1 ulp
  CHECK(b32(3).saturating_mul(half).to_bits() == 1);
  CHECK(b32(-3).saturating_mul(half).to_bits() == -2);
  const I32F32 two = I32F32::saturating_from_num(2);
  CHECK(I32F32::max().saturating_mul(two) == I32F32::max());
  CHECK(I32F32::min().saturating_mul(two) == I32F32::min());
  CHECK(I32F32::max().saturating_mul(two.wrapping_neg()) == I32F32::min());
  CHECK(!I32F32::max().checked_mul(two).has_value());
  CHECK(I32F32::max().checked_mul(I32F32::one()) == I32F32::max());
  CHECK(I32F32::min().checked_mul(I32F32::one()) == I32F32::min());
  CHECK(!I32F32::min().checked_mul(I32F32::one().wrapping_neg()).has_value());
  // 128-bit types
  CHECK(I64F64::from_bits(-1).saturating_mul(I64F64::from_bits(i128{1} << 63)).to_bits() == -1);
  CHECK(I64F64::from_bits(1).saturating_mul(I64F64::from_bits(i128{1} << 63)).to_bits() == 0);
  CHECK(I64F64::max().saturating_mul(I64F64::saturating_from_num(2)) == I64F64::max());
  CHECK(I64F64::max().saturating_mul(I64F64::saturating_from_num(-2)) == I64F64::min());
  CHECK(I64F64::saturating_from_num(3).saturating_mul(I64F64::saturating_from_num(-7)).to_bits() ==
        static_cast<i128>(-21) << 64);
  CHECK(I96F32::saturating_from_num(std::uint64_t{1} << 40)
            .saturating_mul(I96F32::from_bits(i128{1} << 31))
            .to_bits() == static_cast<i128>(1) << 71);
  CHECK(U64F64::max().saturating_mul(U64F64::one()) == U64F64::max());
  CHECK(U64F64::max().saturating_mul(U64F64::saturating_from_num(2)) == U64F64::max());
  CHECK(!U96F32::max().checked_mul(U96F32::saturating_from_num(2)).has_value());
}

TEST_CASE("division truncates toward zero, safe_div gives 0 on /0 and overflow", "[fixed]") {
  const I32F32 one = I32F32::one(), three = I32F32::saturating_from_num(3);
  CHECK(one.safe_div(three).to_bits() == 1431655765);
  CHECK(one.wrapping_neg().safe_div(three).to_bits() == -1431655765);
  CHECK(b32(-1).safe_div(I32F32::saturating_from_num(2)).to_bits() == 0);  // -0.5ulp -> 0
  CHECK(b32(-3).safe_div(I32F32::saturating_from_num(2)).to_bits() == -1);
  // u16_proportion(32767) = 2147450879 (spec kappa)
  CHECK(I32F32::saturating_from_num(32767).safe_div(I32F32::saturating_from_num(65535)).to_bits() ==
        2147450879);
  CHECK(I32F32::saturating_from_num(65535).safe_div(I32F32::saturating_from_num(65535)) == one);
  CHECK(I32F32::saturating_from_num(1000).safe_div(b32(1)) == I32F32::zero());  // overflow -> 0
  CHECK(one.safe_div(I32F32::zero()) == I32F32::zero());
  CHECK(!one.checked_div(I32F32::zero()).has_value());
  CHECK(I32F32::saturating_from_num(1000).saturating_div(b32(1)) == I32F32::max());
  CHECK(I32F32::saturating_from_num(-1000).saturating_div(b32(1)) == I32F32::min());
  CHECK(I32F32::min().checked_div(one.wrapping_neg()) == std::nullopt);
  // 128-bit
  CHECK(I64F64::saturating_from_num(900000).safe_div(I64F64::saturating_from_num(1000000)).to_bits() ==
        static_cast<i128>(16602069666338596454ULL));  // trunc(0.9 * 2^64)
  CHECK(I64F64::one().safe_div(I64F64::from_bits(1)) == I64F64::zero());
  CHECK(I64F64::saturating_from_num(-1).safe_div(I64F64::saturating_from_num(3)).to_bits() ==
        -static_cast<i128>(6148914691236517205ULL));
  CHECK(U64F64::saturating_from_num(1).safe_div(U64F64::saturating_from_num(4)).to_bits() ==
        static_cast<u128>(1) << 62);
  CHECK(U96F32::max().safe_div(U96F32::one()) == U96F32::max());
  CHECK(U96F32::max().safe_div(U96F32::from_bits(u128{1} << 31)) == U96F32::zero());
}

TEST_CASE("wrapping and saturating add/sub, comparisons, sums", "[fixed]") {
  CHECK(I32F32::max().wrapping_add(I32F32::delta()) == I32F32::min());
  CHECK((I32F32::max() + I32F32::delta()) == I32F32::min());
  CHECK(I32F32::max().saturating_add(I32F32::delta()) == I32F32::max());
  CHECK(I32F32::min().saturating_sub(I32F32::delta()) == I32F32::min());
  CHECK(I32F32::min().saturating_add(I32F32::min()) == I32F32::min());
  CHECK(I64F64::max().wrapping_add(I64F64::max()).to_bits() == -2);
  CHECK(U64F64::zero().saturating_sub(U64F64::delta()) == U64F64::zero());
  CHECK(U64F64::max().saturating_add(U64F64::delta()) == U64F64::max());
  CHECK(!I32F32::max().checked_add(I32F32::delta()).has_value());
  CHECK(I32F32::delta() > I32F32::zero());
  CHECK(b32(-1) < I32F32::zero());
  const I64F64 v[] = {I64F64::max(), I64F64::max()};
  CHECK(wrapping_sum(std::begin(v), std::end(v)).to_bits() == -2);  // pitfall 3: wraps negative
  CHECK(I32F32::saturating_from_num(5).clamp(I32F32::zero(), I32F32::one()) == I32F32::one());
}

TEST_CASE("exp / ln / log2: exact at known points, near the true values elsewhere", "[fixed]") {
  CHECK(exp(I32F32::zero()) == I32F32::one());
  CHECK(exp(I32F32::one())->to_bits() == 11674931200);  // I9F23 E, not e
  const auto e20 = exp(I32F32::saturating_from_num(20));
  REQUIRE(e20.has_value());
  CHECK(e20->to_f64() == Approx(481239357.674).margin(0.01));  // the series' (inexact) value
  CHECK(exp(I32F32::saturating_from_num(-20)).has_value());
  CHECK(!exp(I32F32::saturating_from_num(40)).has_value());  // overflow -> Err
  CHECK(!exp(I32F32::min()).has_value());                    // checked_neg fails
  // exp(0.5): hand-evaluated series in floor/trunc arithmetic lies within a few ulp of e^0.5
  CHECK(exp(b32(kOne / 2))->to_f64() == Approx(1.6487212707).epsilon(1e-8));
  CHECK(!log2(I32F32::zero()).has_value());
  CHECK(!log2(b32(-1)).has_value());
  CHECK(log2(I32F32::one()) == I32F32::zero());
  CHECK(log2(I32F32::saturating_from_num(8))->to_bits() == 3 * kOne);
  CHECK(log2(b32(kOne / 4))->to_bits() == -2 * kOne);
  CHECK(!log2(b32(1)).has_value());  // 1/ulp overflows
  CHECK(ln(I32F32::one()) == I32F32::zero());
  CHECK(ln(I32F32::saturating_from_num(2))->to_f64() == Approx(0.693147).epsilon(1e-6));
  // ln(2) = 1 / LOG2_E with the I9F23 constant: trunc(2^64 / (12102203 << 9))
  CHECK(ln(I32F32::saturating_from_num(2))->to_bits() ==
        static_cast<std::int64_t>((i128{1} << 64) / (i128{12102203} << 9)));
}

TEST_CASE("decimal text", "[fixed]") {
  CHECK(to_string(b32(2147450879)) == "0.4999923704");
  CHECK(to_string(b32(429496730)) == "0.1");
  CHECK(to_string(I32F32::saturating_from_num(-100)) == "-100");
  CHECK(to_string(b32(kOne)) == "1");
  CHECK(to_string(b32(3865503334)) == "0.9000076293");
  CHECK(parse_decimal<I32F32>("0.4999923704")->to_bits() == 2147450879);
  CHECK(parse_decimal<I32F32>("-0.5")->to_bits() == -kOne / 2);
  CHECK(!parse_decimal<I32F32>("1e5").has_value());
  CHECK(!parse_decimal<I32F32>("").has_value());
  CHECK(i128_to_string(I64F64::min().to_bits()) == "-170141183460469231731687303715884105728");
  CHECK(parse_i128("-170141183460469231731687303715884105728") == I64F64::min().to_bits());
  CHECK(!parse_i128("170141183460469231731687303715884105728").has_value());
  CHECK(!parse_u128("12a").has_value());
  CHECK(u128_to_string(U64F64::max().to_bits()) == "340282366920938463463374607431768211455");
}

// Every case's `derived` block gives exact bits of conversions computed by the Rust getters.
TEST_CASE("derived hyperparameters of every reference case", "[fixed][vectors]") {
  namespace fs = std::filesystem;
  const fs::path dir = bt::test::vectors_dir() / "yuma";
  int checked = 0;
  const I32F32 u16max = I32F32::saturating_from_num(65535);
  auto prop = [&](std::uint16_t v) { return I32F32::saturating_from_num(v).safe_div(u16max); };
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    const auto doc = nlohmann::json::parse(bt::test::read_text_file(entry.path()));
    const std::string variant = doc["generator"]["variant"];
    for (const auto& step : doc["steps"]) {
      const auto& in = step["input"];
      const auto& d = step["derived"];
      INFO(entry.path().filename().string());
      CHECK(prop(in["kappa"].get<std::uint16_t>()).to_bits() == d["kappa"]["bits"].get<std::int64_t>());
      CHECK(to_string(prop(in["kappa"].get<std::uint16_t>())) == d["kappa"]["dec"].get<std::string>());
      const std::uint64_t bma = in["bonds_moving_average"];
      const I64F64 bma64 = I64F64::saturating_from_num(bma).safe_div(I64F64::saturating_from_num(1000000));
      const I32F32 ema_alpha = I32F32::one().saturating_sub(I32F32::saturating_from_fixed(bma64));
      if (variant == "spec143") {
        CHECK(ema_alpha.to_bits() == d["ema_alpha"]["bits"].get<std::int64_t>());
        continue;
      }
      CHECK(prop(in["bonds_penalty"].get<std::uint16_t>()).to_bits() ==
            d["bonds_penalty"]["bits"].get<std::int64_t>());
      CHECK(prop(in["alpha_low"].get<std::uint16_t>()).to_bits() ==
            d["alpha_low"]["bits"].get<std::int64_t>());
      CHECK(prop(in["alpha_high"].get<std::uint16_t>()).to_bits() ==
            d["alpha_high"]["bits"].get<std::int64_t>());
      const std::uint64_t tw = in["tao_weight"];
      const U96F32 tw96 = U96F32::saturating_from_num(tw).safe_div(
          U96F32::saturating_from_num(std::numeric_limits<std::uint64_t>::max()));
      const I64F64 tw64 = I64F64::saturating_from_fixed(tw96);
      CHECK(i128_to_string(tw64.to_bits()) == d["tao_weight_I64F64"]["bits"].get<std::string>());
      if (variant == "head") {
        CHECK(u128_to_string(tw96.to_bits()) == d["tao_weight_U96F32"]["bits"].get<std::string>());
        CHECK(ema_alpha.to_bits() == d["ema_alpha_fixed"]["bits"].get<std::int64_t>());
        CHECK(I32F32::saturating_from_num(in["alpha_sigmoid_steepness"].get<std::int16_t>()).to_bits() ==
              d["alpha_sigmoid_steepness"]["bits"].get<std::int64_t>());
      } else {
        const I96F32 tw96s = I96F32::saturating_from_num(tw).safe_div(
            I96F32::saturating_from_num(std::numeric_limits<std::uint64_t>::max()));
        CHECK(i128_to_string(tw96s.to_bits()) == d["tao_weight_I96F32"]["bits"].get<std::string>());
      }
      ++checked;
    }
  }
  CHECK(checked > 100);
}

// The fast division (hardware 128/64 steps, Knuth's algorithm D on 64-bit limbs) against exact
// big-integer arithmetic: checked_div, and wrapping_div's low bits of the full quotient.
namespace {
using boost::multiprecision::cpp_int;

cpp_int big(i128 v) {
  const bool neg = v < 0;
  const u128 m = neg ? u128{0} - static_cast<u128>(v) : static_cast<u128>(v);
  cpp_int r = static_cast<std::uint64_t>(m >> 64);
  r <<= 64;
  r += static_cast<std::uint64_t>(m);
  return neg ? cpp_int(-r) : r;
}
cpp_int big(u128 v) {
  cpp_int r = static_cast<std::uint64_t>(v >> 64);
  r <<= 64;
  r += static_cast<std::uint64_t>(v);
  return r;
}
cpp_int big(std::int64_t v) { return cpp_int(v); }

// Low `bits` bits of a (possibly negative) integer, two's complement, as an unsigned cpp_int.
cpp_int low_bits(const cpp_int& v, int bits) {
  const cpp_int mod = cpp_int(1) << bits;
  cpp_int r = v % mod;
  if (r < 0) r += mod;
  return r;
}

template <class F>
void check_div(F a, F b) {
  using R = typename F::repr_type;
  if (b.to_bits() == 0) return;
  const cpp_int q = (big(a.to_bits()) << F::frac_bits) / big(b.to_bits());  // truncates toward 0
  const cpp_int lo = big(bt::int_min<R>()), hi = big(bt::int_max<R>());
  const auto c = a.checked_div(b);
  INFO("a bits " << big(a.to_bits()) << " b bits " << big(b.to_bits()));
  if (q < lo || q > hi) {
    CHECK(!c.has_value());
  } else {
    REQUIRE(c.has_value());
    CHECK(big(c->to_bits()) == q);
  }
  CHECK(low_bits(big(a.wrapping_div(b).to_bits()), F::total_bits) == low_bits(q, F::total_bits));
}

template <class F, class Rng>
typename F::repr_type random_bits(Rng& rng) {
  using R = typename F::repr_type;
  std::uniform_int_distribution<int> len(0, F::total_bits);
  const int l = len(rng);
  u128 v = (static_cast<u128>(rng()) << 64) | rng();
  v = l == 0 ? 0 : (l >= 128 ? v : v & ((u128{1} << l) - 1));
  if (rng() % 5 == 0) v = ~v;  // runs of ones (limb-boundary carries)
  return static_cast<R>(v);
}
}  // namespace

TEST_CASE("fast division equals exact big-integer division", "[fixed]") {
  std::mt19937_64 rng(12);
  for (int k = 0; k < 100000; ++k) {
    check_div(I32F32::from_bits(random_bits<I32F32>(rng)), I32F32::from_bits(random_bits<I32F32>(rng)));
    check_div(I64F64::from_bits(random_bits<I64F64>(rng)), I64F64::from_bits(random_bits<I64F64>(rng)));
    check_div(I96F32::from_bits(random_bits<I96F32>(rng)), I96F32::from_bits(random_bits<I96F32>(rng)));
    check_div(U96F32::from_bits(random_bits<U96F32>(rng)), U96F32::from_bits(random_bits<U96F32>(rng)));
    check_div(U64F64::from_bits(random_bits<U64F64>(rng)), U64F64::from_bits(random_bits<U64F64>(rng)));
  }
  // A dividend below a divisor of more than 64 bits (a quotient below 2^64: div_256_128 skips its
  // zero high digit), and equal to it.
  for (int k = 0; k < 20000; ++k) {
    const u128 b = ((static_cast<u128>(rng()) << 64) | rng()) >> (1 + rng() % 63);
    const u128 a = k % 7 == 0 ? b : ((static_cast<u128>(rng()) << 64) | rng()) % b;
    check_div(I64F64::from_bits(static_cast<i128>(a)), I64F64::from_bits(static_cast<i128>(b)));
    check_div(U64F64::from_bits(a), U64F64::from_bits(b));
    check_div(I96F32::from_bits(static_cast<i128>(a)), I96F32::from_bits(static_cast<i128>(b)));
  }
  // Edges: extreme values, powers of two around the limb boundary, divisors 2^64 +- 1.
  const u128 edges[] = {1,
                        2,
                        3,
                        (u128{1} << 31) - 1,
                        u128{1} << 31,
                        (u128{1} << 63) - 1,
                        u128{1} << 63,
                        (u128{1} << 64) - 1,
                        u128{1} << 64,
                        (u128{1} << 64) + 1,
                        (u128{1} << 96) - 1,
                        (u128{1} << 127) - 1,
                        u128{1} << 127,
                        ~u128{0},
                        ~u128{0} - 1};
  for (u128 x : edges)
    for (u128 y : edges)
      for (int sx = 0; sx < 2; ++sx)
        for (int sy = 0; sy < 2; ++sy) {
          const u128 xa = sx ? u128{0} - x : x, ya = sy ? u128{0} - y : y;
          check_div(I32F32::from_bits(static_cast<std::int64_t>(static_cast<std::uint64_t>(xa))),
                    I32F32::from_bits(static_cast<std::int64_t>(static_cast<std::uint64_t>(ya))));
          check_div(I64F64::from_bits(static_cast<i128>(xa)), I64F64::from_bits(static_cast<i128>(ya)));
          check_div(I96F32::from_bits(static_cast<i128>(xa)), I96F32::from_bits(static_cast<i128>(ya)));
          check_div(U64F64::from_bits(xa), U64F64::from_bits(ya));
          check_div(U96F32::from_bits(xa), U96F32::from_bits(ya));
        }
}
