// SPDX-License-Identifier: MIT
#include <bt/bt.hpp>

#include <catch2/catch.hpp>

TEST_CASE("secure_wipe zeroes memory", "[core][secure]") {
  std::uint8_t buf[32];
  for (auto& b : buf) b = 0xaa;
  bt::secure_wipe(buf, sizeof buf);
  for (auto b : buf) CHECK(b == 0);
  bt::secure_wipe(nullptr, 0);  // no-op
}

TEST_CASE("ct_equal compares content and length", "[core][secure]") {
  bt::Bytes a{1, 2, 3}, b{1, 2, 3}, c{1, 2, 4}, d{1, 2};
  CHECK(bt::ct_equal(a, b));
  CHECK_FALSE(bt::ct_equal(a, c));
  CHECK_FALSE(bt::ct_equal(a, d));
  CHECK(bt::ct_equal(bt::Bytes{}, bt::Bytes{}));
}

TEST_CASE("SecretBytes wipes the source on move", "[core][secure]") {
  std::array<std::uint8_t, 4> raw{9, 8, 7, 6};
  bt::SecretBytes<4> s{std::span<const std::uint8_t, 4>(raw)};
  bt::SecretBytes<4> t = std::move(s);
  CHECK(t.data()[0] == 9);
  for (auto b : s.view()) CHECK(b == 0);  // NOLINT(bugprone-use-after-move): checking the wipe
  bt::SecretBytes<4> u{std::span<const std::uint8_t, 4>(raw)};
  CHECK(t == u);
  t.wipe();
  CHECK_FALSE(t == u);
}

TEST_CASE("SecureBytes resize keeps content and wipes on shrink", "[core][secure]") {
  bt::SecureBytes s(bt::Bytes{1, 2, 3});
  s.resize(10);
  CHECK(s.size() == 10);
  CHECK(s.data()[2] == 3);
  s.resize(1);
  CHECK(s.size() == 1);
  CHECK(s.data()[0] == 1);
}

TEST_CASE("init and version", "[core]") {
  CHECK(bt::init());
  CHECK(bt::init());
  CHECK(bt::version() == std::to_string(bt::version_major()) + "." + std::to_string(bt::version_minor()) +
                             "." + std::to_string(bt::version_patch()));
}
