// SPDX-License-Identifier: MIT
// bt::subtensor::Balance: exact parsing and formatting (the SDK's "τ1,234.000000001"), checked arithmetic,
// units.
#include <bt/subtensor/balance.hpp>

#include <catch2/catch.hpp>

#include <vector>

using bt::subtensor::Balance;
using bt::subtensor::SubtensorError;

TEST_CASE("balance: parse_tao is exact (no float rounding)") {
  CHECK(Balance::parse_tao("1").value().rao() == 1'000'000'000);
  CHECK(Balance::parse_tao("0.1").value().rao() == 100'000'000);
  CHECK(Balance::parse_tao("0.000000001").value().rao() == 1);
  CHECK(Balance::parse_tao(".5").value().rao() == 500'000'000);
  CHECK(Balance::parse_tao("2.").value().rao() == 2'000'000'000);
  CHECK(Balance::parse_tao(" +3.25 ").value().rao() == 3'250'000'000);
  CHECK(Balance::parse_tao("18446744073.709551615").value().rao() == UINT64_MAX);
  CHECK(Balance::parse_tao("7", 3).value().netuid() == 3);
  for (const char* bad : {"", ".", "-1", "1e9", "0.0000000001", "1.2.3", "abc", "1 000", "0x10", "+"}) {
    INFO(bad);
    auto r = Balance::parse_tao(bad);
    REQUIRE_FALSE(r);
    CHECK(r.error() == SubtensorError::invalid_amount);
  }
  for (const char* big : {"18446744073.709551616", "18446744074", "99999999999999999999999"}) {
    INFO(big);
    CHECK(Balance::parse_tao(big).error() == SubtensorError::balance_overflow);
  }
}

TEST_CASE("balance: formatting like bittensor's Balance.__str__, exact digits") {
  CHECK(Balance::from_rao(1'000'000'000).to_string() == "\u03c41.000000000");
  CHECK(Balance::from_rao(0).to_string() == "\u03c40.000000000");
  CHECK(Balance::from_rao(1'234'000'000'001).to_string() == "\u03c41,234.000000001");
  CHECK(Balance::from_rao(UINT64_MAX).to_string() == "\u03c418,446,744,073.709551615");
  CHECK(Balance::from_rao(UINT64_MAX).to_decimal() == "18446744073.709551615");
  CHECK(Balance::from_rao(5, 1).to_string() == "\u200e0.000000005\u03b1\u200e");
  CHECK(Balance::unit_symbol(19) == "t");
  CHECK(Balance::unit_symbol(24) == "\u03c9");
  CHECK(Balance::unit_symbol(300) == "\u03b1");
  // Round trip through the decimal text.
  for (std::uint64_t v :
       std::vector<std::uint64_t>{0, 1, 999'999'999, 1'000'000'000, 123'456'789'012'345, UINT64_MAX})
    CHECK(Balance::parse_tao(Balance::from_rao(v).to_decimal()).value().rao() == v);
}

TEST_CASE("balance: checked arithmetic and units") {
  const auto one = Balance::from_rao(1'000'000'000);
  CHECK(one.checked_add(one).value().rao() == 2'000'000'000);
  CHECK(one.checked_sub(Balance::from_rao(1)).value().rao() == 999'999'999);
  CHECK(one.checked_sub(Balance::from_rao(1'000'000'001)).error() == SubtensorError::balance_overflow);
  CHECK(one.saturating_sub(Balance::from_rao(2'000'000'000)).value().rao() == 0);
  CHECK(Balance::from_rao(UINT64_MAX).checked_add(Balance::from_rao(1)).error() ==
        SubtensorError::balance_overflow);
  CHECK(one.checked_mul(3).value().rao() == 3'000'000'000);
  CHECK(Balance::from_rao(UINT64_MAX / 2 + 1).checked_mul(2).error() == SubtensorError::balance_overflow);
  CHECK(one.checked_div(3).value().rao() == 333'333'333);
  CHECK(one.checked_div(0).error() == SubtensorError::invalid_amount);
  CHECK(one.checked_add(Balance::from_rao(1, 2)).error() == SubtensorError::unit_mismatch);
  CHECK(Balance::from_tao_whole(18'446'744'074).error() == SubtensorError::balance_overflow);
  CHECK(Balance::from_tao_whole(2).value() == Balance::from_rao(2'000'000'000));
  CHECK(Balance::from_rao(1) < Balance::from_rao(2));
  CHECK(Balance::from_rao(1) != Balance::from_rao(1, 1));
  CHECK(one.with_netuid(4).netuid() == 4);
  CHECK(one.tao() == 1.0);
}
