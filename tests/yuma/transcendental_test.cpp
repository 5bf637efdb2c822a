// SPDX-License-Identifier: MIT
// exp / ln / log2 (substrate-fixed v0.6.0) and subtensor's exp_safe, safe_ln, sigmoid_safe and
// alpha_sigmoid, bit for bit against values printed by the Rust reference itself
// (tests/vectors/fixed/transcendental.json; its README says how it was produced).
#include <bt/fixed/transcendental.hpp>
#include <bt/yuma/math.hpp>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <optional>

#include "support/test_paths.hpp"

using bt::fixed::I32F32;
namespace math = bt::yuma::math;

namespace {
const nlohmann::json& vectors() {
  static const nlohmann::json j = nlohmann::json::parse(
      bt::test::read_text_file(bt::test::vectors_dir() / "fixed" / "transcendental.json"));
  return j;
}
I32F32 b(const nlohmann::json& v) { return I32F32::from_bits(v.get<std::int64_t>()); }
std::optional<std::int64_t> expected(const nlohmann::json& v) {
  if (v.is_null()) return std::nullopt;  // Err(()) in Rust
  return v.get<std::int64_t>();
}
std::optional<std::int64_t> bits(std::optional<I32F32> x) {
  if (!x) return std::nullopt;
  return x->to_bits();
}

template <class Fn>
void check_unary(const char* name, Fn fn) {
  const auto& rows = vectors().at(name);
  REQUIRE(rows.size() > 1000);
  for (const auto& r : rows) {
    INFO(name << "(bits " << r[0] << ")");
    CHECK(bits(fn(b(r[0]))) == expected(r[1]));
  }
}
}  // namespace

TEST_CASE("exp, ln, log2 equal substrate-fixed bit for bit", "[yuma][fixed][vectors]") {
  check_unary("exp", [](I32F32 x) { return bt::fixed::exp(x); });
  check_unary("ln", [](I32F32 x) { return bt::fixed::ln(x); });
  check_unary("log2", [](I32F32 x) { return bt::fixed::log2(x); });
}

TEST_CASE("exp_safe, safe_ln equal subtensor's math.rs bit for bit", "[yuma][math][vectors]") {
  check_unary("exp_safe", [](I32F32 x) { return std::optional<I32F32>(math::exp_safe(x)); });
  check_unary("safe_ln", [](I32F32 x) { return std::optional<I32F32>(math::safe_ln(x)); });
}

TEST_CASE("sigmoid_safe and alpha_sigmoid equal subtensor bit for bit", "[yuma][math][vectors]") {
  const auto& sig = vectors().at("sigmoid_safe");
  REQUIRE(sig.size() > 100);
  for (const auto& r : sig) {
    INFO("sigmoid_safe" << r.dump());
    CHECK(math::sigmoid_safe(b(r[0]), b(r[1]), b(r[2])).to_bits() == r[3].get<std::int64_t>());
  }
  const auto& alpha = vectors().at("alpha_sigmoid");
  REQUIRE(alpha.size() > 100);
  for (const auto& r : alpha) {
    INFO("alpha_sigmoid" << r.dump());
    CHECK(math::alpha_sigmoid(b(r[0]), b(r[1]), b(r[2]), b(r[3]), b(r[4]), b(r[5])).to_bits() ==
          r[6].get<std::int64_t>());
  }
}
