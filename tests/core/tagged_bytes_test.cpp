// SPDX-License-Identifier: MIT
// bt::TaggedBytes: the FixedBytes interface, explicit conversions only, and no conversion between tags.
#include <bt/bytes.hpp>

#include <array>
#include <catch2/catch.hpp>
#include <type_traits>

// Named (not anonymous) so that clang does not flag the declaration-only function as unneeded: it is
// only named in requires-expressions (unevaluated), so it needs no definition.
namespace tagged_bytes_test {
struct AppleTag;
struct PearTag;
using Apple = bt::TaggedBytes<AppleTag, 4>;
using Pear = bt::TaggedBytes<PearTag, 4>;

void takes_apple(const Apple&);

template <class T>
concept can_pass_to_apple = requires(T t) {
  takes_apple(t);
};
template <class A, class B>
concept comparable = requires(A a, B b) {
  a == b;
};
}  // namespace tagged_bytes_test
using namespace tagged_bytes_test;

// Different tags never mix, not even through FixedBytes or std::array.
static_assert(!std::is_convertible_v<Pear, Apple>);
static_assert(!std::is_constructible_v<Apple, Pear>);
static_assert(!std::is_convertible_v<bt::FixedBytes<4>, Apple>);
static_assert(!std::is_convertible_v<std::array<std::uint8_t, 4>, Apple>);
static_assert(!std::is_convertible_v<Apple, bt::FixedBytes<4>>);
static_assert(!can_pass_to_apple<Pear>);
static_assert(!can_pass_to_apple<bt::FixedBytes<4>>);
static_assert(!comparable<Apple, Pear>);
static_assert(!std::is_assignable_v<Apple&, Pear>);
static_assert(!std::is_assignable_v<Apple&, bt::FixedBytes<4>>);
// ... but explicit construction is there, and reading the bytes stays implicit.
static_assert(std::is_constructible_v<Apple, bt::FixedBytes<4>>);
static_assert(std::is_constructible_v<Apple, std::array<std::uint8_t, 4>>);
static_assert(can_pass_to_apple<Apple>);
static_assert(std::is_convertible_v<Apple, bt::ByteView>);
static_assert(!std::is_convertible_v<bt::Hash256, bt::FixedBytes<32>>);
static_assert(sizeof(bt::Hash256) == 32 && std::is_trivially_copyable_v<bt::Hash256>);
static_assert(bt::is_fixed_bytes_v<bt::Hash256> && bt::is_fixed_bytes_v<bt::FixedBytes<3>> &&
              !bt::is_fixed_bytes_v<std::array<std::uint8_t, 3>>);

TEST_CASE("TaggedBytes converts explicitly to and from FixedBytes and std::array", "[core][tagged]") {
  bt::FixedBytes<4> raw{{1, 2, 3, 4}};
  Apple a(raw);
  CHECK(a.fixed() == raw);
  CHECK(Apple(std::array<std::uint8_t, 4>{1, 2, 3, 4}) == a);
  Pear p(a.fixed());  // the one way from one tag to another: through the untagged bytes
  CHECK(p.to_bytes() == bt::Bytes{1, 2, 3, 4});
  CHECK(Apple{} == Apple(bt::FixedBytes<4>{}));
}

TEST_CASE("TaggedBytes has the FixedBytes interface", "[core][tagged]") {
  Apple a = Apple::from_hex("0x0102a0ff").value();
  CHECK(a.size() == 4);
  CHECK(a[2] == 0xa0);
  a[0] = 9;
  CHECK(bt::to_hex(a) == "0x0902a0ff");  // implicit ByteView
  CHECK(bt::to_hex(a.view()) == "0x0902a0ff");
  CHECK(std::distance(a.begin(), a.end()) == 4);
  CHECK(Apple::from_view(a.to_bytes()).value() == a);
  CHECK(Apple::from_hex("0x00000001").value() < Apple::from_hex("0x00000002").value());
}

TEST_CASE("TaggedBytes from_view and from_hex reject wrong lengths and bad hex",
          "[core][tagged][bad-input]") {
  auto short_view = Apple::from_view(bt::Bytes{1, 2, 3});
  REQUIRE_FALSE(short_view);
  CHECK(short_view.error() == bt::CoreError::invalid_argument);
  auto long_view = Apple::from_view(bt::Bytes{1, 2, 3, 4, 5});
  REQUIRE_FALSE(long_view);
  CHECK_FALSE(Apple::from_hex("0x010203"));
  CHECK_FALSE(Apple::from_hex("0x0102030405"));
  auto bad = Apple::from_hex("0x0102030g");
  REQUIRE_FALSE(bad);
  CHECK(bad.error() == bt::CoreError::invalid_hex);
}
