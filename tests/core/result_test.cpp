// SPDX-License-Identifier: MIT
#include <bt/bt.hpp>

#include <catch2/catch.hpp>

#include <memory>

namespace {
bt::Result<int> parse_positive(int x) {
  if (x <= 0) return bt::fail(bt::CoreError::invalid_argument, "not positive: " + std::to_string(x));
  return x;
}

bt::Result<int> doubled(int x) {
  BT_TRY(int v, parse_positive(x));
  return v * 2;
}

bt::Result<void> check_positive(int x) {
  BT_TRY_VOID(parse_positive(x));
  return bt::ok();
}
}  // namespace

TEST_CASE("Result holds a value or an error", "[core][result]") {
  auto good = parse_positive(3);
  REQUIRE(good);
  CHECK(good.has_value());
  CHECK(*good == 3);
  CHECK(good.value() == 3);
  CHECK(good.value_or(7) == 3);

  auto bad = parse_positive(-1);
  REQUIRE_FALSE(bad);
  CHECK(bad.value_or(7) == 7);
  CHECK(bad.error() == bt::CoreError::invalid_argument);
  CHECK(bad.error().message() == "not positive: -1");
  CHECK(std::string(bad.error().module()) == "bt.core");
  CHECK(bad.error().to_string() == "bt.core: invalid argument: not positive: -1");
}

TEST_CASE("value() on an error throws BadResultAccess carrying the error", "[core][result]") {
  auto bad = parse_positive(0);
  try {
    (void)bad.value();
    FAIL("value() did not throw");
  } catch (const bt::BadResultAccess& e) {
    CHECK(e.error() == bt::CoreError::invalid_argument);
    CHECK(std::string(e.what()).find("not positive") != std::string::npos);
  }
  auto good = parse_positive(1);
  CHECK_THROWS_AS(good.error(), bt::BadResultAccess);
}

TEST_CASE("BT_TRY propagates errors and unwraps values", "[core][result]") {
  CHECK(doubled(4).value() == 8);
  auto e = doubled(-4);
  REQUIRE_FALSE(e);
  CHECK(e.error().message() == "not positive: -4");
  CHECK(check_positive(1));
  CHECK_FALSE(check_positive(0));
  CHECK_THROWS_AS(check_positive(0).value(), bt::BadResultAccess);
}

TEST_CASE("Result works with move-only types", "[core][result]") {
  bt::Result<std::unique_ptr<int>> r = std::make_unique<int>(5);
  REQUIRE(r);
  std::unique_ptr<int> p = std::move(r).value();
  CHECK(*p == 5);
}

TEST_CASE("error codes of different modules do not compare equal", "[core][error]") {
  bt::Error e(bt::CoreError::io_error, "x");
  CHECK(e == bt::CoreError::io_error);
  CHECK_FALSE(e == bt::CoreError::not_found);
  CHECK(e.code().category() == bt::core_category());
  CHECK(bt::Error(std::error_code(5, std::generic_category())).to_string().rfind("generic", 0) == 0);
}
