// SPDX-License-Identifier: MIT
#include <bt/bytes.hpp>

#include <catch2/catch.hpp>

using bt::Bytes;
using bt::CoreError;

TEST_CASE("to_hex writes lowercase with and without prefix", "[core][hex]") {
  Bytes b{0x00, 0x01, 0xab, 0xff};
  CHECK(bt::to_hex(b) == "0x0001abff");
  CHECK(bt::to_hex(b, false) == "0001abff");
  CHECK(bt::to_hex(Bytes{}) == "0x");
}

TEST_CASE("from_hex accepts prefix, both cases and empty input", "[core][hex]") {
  CHECK(bt::from_hex("0x0001ABff").value() == Bytes{0x00, 0x01, 0xab, 0xff});
  CHECK(bt::from_hex("0X0a").value() == Bytes{0x0a});
  CHECK(bt::from_hex("ff").value() == Bytes{0xff});
  CHECK(bt::from_hex("").value().empty());
  CHECK(bt::from_hex("0x").value().empty());
}

TEST_CASE("from_hex rejects bad input with typed errors", "[core][hex][bad-input]") {
  auto odd = bt::from_hex("0xabc");
  REQUIRE_FALSE(odd);
  CHECK(odd.error() == CoreError::invalid_hex);

  auto bad_char = bt::from_hex("0x0g");
  REQUIRE_FALSE(bad_char);
  CHECK(bad_char.error() == CoreError::invalid_hex);
  CHECK(bad_char.error().message().find("offset 3") != std::string::npos);

  for (const char* s : {"zz", "0x 1", "0x-1", "x0", "0xx0", "\xff\xfe", "12\n"}) {
    INFO(s);
    CHECK_FALSE(bt::from_hex(s));
  }
  // A NUL byte in the middle must not end parsing early.
  CHECK_FALSE(bt::from_hex(std::string_view("a\0", 2)));
}

TEST_CASE("round trip of every byte value", "[core][hex]") {
  Bytes all(256);
  for (int i = 0; i < 256; ++i) all[i] = static_cast<std::uint8_t>(i);
  CHECK(bt::from_hex(bt::to_hex(all)).value() == all);
  CHECK(bt::from_hex(bt::to_hex(all, false)).value() == all);
}

TEST_CASE("FixedBytes parses exact lengths only", "[core][hex][bad-input]") {
  auto h = bt::FixedBytes<4>::from_hex("0xdeadbeef");
  REQUIRE(h);
  CHECK(h->data[0] == 0xde);
  CHECK(h->data[3] == 0xef);
  CHECK(bt::to_hex(*h) == "0xdeadbeef");

  CHECK(bt::FixedBytes<4>::from_hex("0xdeadbe").error() == CoreError::invalid_hex);
  CHECK(bt::FixedBytes<4>::from_hex("0xdeadbeef00").error() == CoreError::invalid_hex);
  CHECK(bt::FixedBytes<4>::from_hex("0xdeadbeeg").error() == CoreError::invalid_hex);

  Bytes three{1, 2, 3};
  CHECK(bt::FixedBytes<4>::from_view(three).error() == CoreError::invalid_argument);
  Bytes four{1, 2, 3, 4};
  CHECK(bt::FixedBytes<4>::from_view(four).value().to_bytes() == four);
}

TEST_CASE("FixedBytes compares by content", "[core]") {
  auto a = bt::FixedBytes<2>::from_hex("0102").value();
  auto b = bt::FixedBytes<2>::from_hex("0103").value();
  CHECK(a == a);
  CHECK(a != b);
  CHECK(a < b);
}

TEST_CASE("as_bytes views string data without copying", "[core]") {
  std::string s = "abc";
  auto v = bt::as_bytes(s);
  REQUIRE(v.size() == 3);
  CHECK(v.data() == reinterpret_cast<const std::uint8_t*>(s.data()));
}
