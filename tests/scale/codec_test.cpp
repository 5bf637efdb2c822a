// SPDX-License-Identifier: MIT
// Typed SCALE codec: reference encodings from parity-scale-codec's documentation and tests,
// round trips, and malformed input.
#include <bt/scale/scale.hpp>

#include <catch2/catch.hpp>

#include <limits>

using namespace bt::scale;
using bt::Bytes;

namespace {
Bytes hex(std::string_view s) { return bt::from_hex(s).value(); }
template <class T>
void check_round_trip(const T& v, std::string_view expected_hex) {
  Bytes enc = encode(v);
  CHECK(bt::to_hex(enc) == expected_hex);
  auto dec = decode<T>(enc);
  REQUIRE(dec.has_value());
  CHECK(*dec == v);
}
template <class T>
DecodeError decode_error(std::string_view h) {
  auto r = decode<T>(hex(h));
  REQUIRE_FALSE(r.has_value());
  CHECK(std::string(r.error().module()) == "bt.scale");
  return static_cast<DecodeError>(r.error().code().value());
}

struct Neuron {
  std::uint16_t uid = 0;
  Compact<std::uint64_t> stake;
  std::vector<std::pair<std::uint16_t, std::uint16_t>> weights;
  std::optional<std::string> name;
  BT_SCALE_FIELDS(uid, stake, weights, name)
  friend bool operator==(const Neuron&, const Neuron&) = default;
};

enum class Color : std::uint8_t { red = 0, green = 3, blue = 7 };

struct Transfer {
  static constexpr std::uint8_t scale_index = 5;
  std::uint64_t amount = 0;
  BT_SCALE_FIELDS(amount)
  friend bool operator==(const Transfer&, const Transfer&) = default;
};
struct Remark {
  static constexpr std::uint8_t scale_index = 9;
  Bytes data;
  BT_SCALE_FIELDS(data)
  friend bool operator==(const Remark&, const Remark&) = default;
};
}  // namespace

BT_SCALE_ENUM(Color, Color::red, Color::green, Color::blue);

TEST_CASE("compact boundaries match parity-scale-codec", "[scale]") {
  struct Row {
    u128 v;
    const char* hex;
  };
  const u128 u128max = ~u128{0};
  const Row rows[] = {
      {0, "0x00"},
      {1, "0x04"},
      {63, "0xfc"},                       // max 1-byte
      {64, "0x0101"},                     // min 2-byte
      {16383, "0xfdff"},                  // max 2-byte
      {16384, "0x02000100"},              // min 4-byte
      {(1u << 30) - 1, "0xfeffffff"},     // max 4-byte
      {1u << 30, "0x0300000040"},         // min big-integer
      {0xffffffffu, "0x03ffffffff"},      // u32::MAX
      {u128{1} << 32, "0x070000000001"},  // 2^32
      {std::numeric_limits<std::uint64_t>::max(), "0x13ffffffffffffffff"},
      {u128max, "0x33ffffffffffffffffffffffffffffffff"},
  };
  for (const auto& r : rows) {
    INFO(to_string(r.v));
    check_round_trip(Compact<u128>(r.v), r.hex);
    CHECK(compact_size(r.v) == (std::string_view(r.hex).size() - 2) / 2);
    if (r.v <= std::numeric_limits<std::uint64_t>::max())
      check_round_trip(Compact<std::uint64_t>(static_cast<std::uint64_t>(r.v)), r.hex);
  }
  check_round_trip(Compact<std::uint8_t>(255), "0xfd03");
  check_round_trip(Compact<std::uint16_t>(65535), "0xfeff0300");
}

TEST_CASE("compact rejects non-canonical and out-of-range encodings", "[scale]") {
  CHECK(decode_error<Compact<std::uint32_t>>("0x0100") == DecodeError::invalid_compact);      // 0 in 2 bytes
  CHECK(decode_error<Compact<std::uint32_t>>("0xfd00") == DecodeError::invalid_compact);      // 63 in 2 bytes
  CHECK(decode_error<Compact<std::uint32_t>>("0x02000000") == DecodeError::invalid_compact);  // 0 in 4 bytes
  CHECK(decode_error<Compact<std::uint32_t>>("0x03ffffff3f") ==
        DecodeError::invalid_compact);  // 2^30-1 big form
  CHECK(decode_error<Compact<std::uint64_t>>("0x070000000000") ==
        DecodeError::invalid_compact);  // top byte 0
  CHECK(decode_error<Compact<std::uint32_t>>("0x070000000001") == DecodeError::invalid_compact);  // > u32
  CHECK(decode_error<Compact<std::uint8_t>>("0x0104") ==
        DecodeError::invalid_compact);  // 256 > u8? (0x0401>>2=256)
  CHECK(decode_error<Compact<u128>>("0x37" + std::string(34, 'f')) ==
        DecodeError::invalid_compact);  // 17 bytes
  CHECK(decode_error<Compact<std::uint32_t>>("0x01") == DecodeError::not_enough_data);
  CHECK(decode_error<Compact<std::uint32_t>>("0x020001") == DecodeError::not_enough_data);
  CHECK(decode_error<Compact<std::uint64_t>>("0x13ffff") == DecodeError::not_enough_data);
  CHECK(decode_error<Compact<std::uint32_t>>("0x") == DecodeError::not_enough_data);
}

TEST_CASE("fixed-width integers", "[scale]") {
  check_round_trip<std::uint8_t>(69, "0x45");
  check_round_trip<std::uint16_t>(42, "0x2a00");
  check_round_trip<std::uint32_t>(16777215, "0xffffff00");
  check_round_trip<std::int16_t>(-1, "0xffff");
  check_round_trip<std::int64_t>(std::numeric_limits<std::int64_t>::min(), "0x0000000000000080");
  check_round_trip<u128>(~u128{0}, "0xffffffffffffffffffffffffffffffff");
  check_round_trip<i128>(-2, "0xfeffffffffffffffffffffffffffffff");
  check_round_trip<u128>(u128{1} << 64, "0x00000000000000000100000000000000");
  U256 big =
      parse_u256("115792089237316195423570985008687907853269984665640564039457584007913129639935").value();
  check_round_trip(big, "0x" + std::string(64, 'f'));
  CHECK(to_string(big) == "115792089237316195423570985008687907853269984665640564039457584007913129639935");
  CHECK(decode_error<std::uint32_t>("0x010203") == DecodeError::not_enough_data);
  CHECK(decode_error<std::uint16_t>("0x010203") == DecodeError::trailing_bytes);
  CHECK(decode_error<U256>("0x00") == DecodeError::not_enough_data);
}

TEST_CASE("decimal conversion of wide integers", "[scale]") {
  CHECK(to_string(~u128{0}) == "340282366920938463463374607431768211455");
  CHECK(to_string(static_cast<i128>(u128{1} << 127)) == "-170141183460469231731687303715884105728");
  CHECK(parse_u128("340282366920938463463374607431768211455").value() == ~u128{0});
  CHECK_FALSE(parse_u128("340282366920938463463374607431768211456").has_value());
  CHECK_FALSE(parse_u128("").has_value());
  CHECK_FALSE(parse_u128("12a").has_value());
  CHECK(parse_i128("-170141183460469231731687303715884105728").value() == static_cast<i128>(u128{1} << 127));
  CHECK_FALSE(parse_i128("170141183460469231731687303715884105728").has_value());
  auto m = parse_i256("-1").value();
  CHECK(to_string(m) == "-1");
  CHECK(m.le[0] == 0xff);
  CHECK_FALSE(parse_u256(std::string(79, '9')).has_value());
}

TEST_CASE("bool, OptionBool and Option<bool>", "[scale]") {
  check_round_trip(true, "0x01");
  check_round_trip(false, "0x00");
  CHECK(decode_error<bool>("0x02") == DecodeError::invalid_bool);
  // OptionBool: the one-byte form (parity-scale-codec's OptionBool)
  check_round_trip(OptionBool{}, "0x00");
  check_round_trip(OptionBool{true}, "0x01");
  check_round_trip(OptionBool{false}, "0x02");
  CHECK(decode_error<OptionBool>("0x03") == DecodeError::invalid_bool);
  // std::optional<bool> is Rust's generic Option<bool>: tag byte + bool
  check_round_trip(std::optional<bool>{}, "0x00");
  check_round_trip(std::optional<bool>{true}, "0x0101");
  check_round_trip(std::optional<bool>{false}, "0x0100");
  CHECK(decode_error<std::optional<bool>>("0x0102") == DecodeError::invalid_bool);
}

TEST_CASE("Option, Result, strings, vectors, arrays, tuples", "[scale]") {
  check_round_trip(std::optional<std::uint32_t>{}, "0x00");
  check_round_trip(std::optional<std::uint32_t>{1}, "0x0101000000");
  CHECK(decode_error<std::optional<std::uint8_t>>("0x0201") == DecodeError::invalid_variant);
  check_round_trip(RustResult<std::uint8_t, bool>::make_ok(42), "0x002a");
  check_round_trip(RustResult<std::uint8_t, bool>::make_err(false), "0x0100");
  CHECK(decode_error<RustResult<std::uint8_t, bool>>("0x0200") == DecodeError::invalid_variant);
  check_round_trip(std::string("Hello"), "0x1448656c6c6f");
  check_round_trip(std::string(""), "0x00");
  CHECK(decode_error<std::string>("0x08c328") == DecodeError::invalid_utf8);
  CHECK(decode_error<std::string>("0x10eda080") == DecodeError::length_too_large);
  CHECK(decode_error<std::string>("0x0ceda080") == DecodeError::invalid_utf8);  // surrogate
  CHECK(decode_error<std::string>("0x08c0af") == DecodeError::invalid_utf8);    // overlong
  check_round_trip(std::vector<std::uint16_t>{4, 8, 15, 16, 23, 42}, "0x18040008000f00100017002a00");
  check_round_trip(Bytes{1, 2, 3}, "0x0c010203");
  check_round_trip(std::array<std::uint16_t, 2>{1, 2}, "0x01000200");
  check_round_trip(bt::FixedBytes<3>{{1, 2, 3}}, "0x010203");
  check_round_trip(std::tuple<std::uint8_t, Compact<std::uint32_t>, bool>{3, 64, true}, "0x03010101");
  check_round_trip(std::vector<std::tuple<>>(3), "0x0c");
  check_round_trip(std::vector<bool>{true, false}, "0x080100");
  CHECK(decode_error<std::vector<bool>>("0x080102") == DecodeError::invalid_bool);
}

TEST_CASE("forged lengths fail before allocating", "[scale]") {
  // u64::MAX elements claimed, 2 bytes present.
  CHECK(decode_error<std::vector<std::uint64_t>>("0x13ffffffffffffffff0102") ==
        DecodeError::length_too_large);
  CHECK(decode_error<Bytes>("0x130000000000000001") == DecodeError::length_too_large);
  CHECK(decode_error<std::string>("0xfeffffff") == DecodeError::length_too_large);
  CHECK(decode_error<std::vector<std::string>>("0x080400") == DecodeError::not_enough_data);
  CHECK(decode_error<std::vector<std::tuple<>>>("0x0300000040") == DecodeError::length_too_large);
  CHECK(decode_error<BitVec<std::uint64_t>>("0xfeffffff00") == DecodeError::length_too_large);
}

TEST_CASE("enums: unit enums, variants with explicit indices", "[scale]") {
  check_round_trip(Color::green, "0x03");
  check_round_trip(Color::blue, "0x07");
  CHECK(decode_error<Color>("0x01") == DecodeError::invalid_variant);
  using Call = std::variant<Transfer, Remark>;
  check_round_trip(Call{Transfer{1}}, "0x050100000000000000");
  check_round_trip(Call{Remark{{0xab}}}, "0x0904ab");
  CHECK(decode_error<Call>("0x00") == DecodeError::invalid_variant);
  check_round_trip(std::variant<std::uint8_t, std::uint16_t>{std::uint16_t{2}}, "0x010200");
}

TEST_CASE("bit sequences", "[scale]") {
  std::vector<bool> bits{true, false, true, true};
  check_round_trip(BitVec<std::uint8_t, BitOrder::Lsb0>(bits), "0x100d");
  check_round_trip(BitVec<std::uint8_t, BitOrder::Msb0>(bits), "0x10b0");
  check_round_trip(BitVec<std::uint16_t, BitOrder::Lsb0>(bits), "0x100d00");
  check_round_trip(BitVec<std::uint32_t, BitOrder::Msb0>(bits), "0x10000000b0");
  std::vector<bool> nine(9, false);
  nine[8] = true;
  check_round_trip(BitVec<std::uint8_t, BitOrder::Lsb0>(nine), "0x240001");
  check_round_trip(BitVec<std::uint64_t, BitOrder::Lsb0>(nine), "0x240001000000000000");
  check_round_trip(BitVec<>(), "0x00");
  CHECK(decode_error<BitVec<std::uint16_t>>("0x100d") == DecodeError::length_too_large);
}

TEST_CASE("user structs and streaming decode", "[scale]") {
  Neuron n{7, 1000, {{1, 2}, {3, 65535}}, std::string("alice")};
  Bytes enc = encode(n);
  CHECK(bt::to_hex(enc) == "0x0700a10f08010002000300ffff0114616c696365");
  auto back = decode<Neuron>(enc);
  REQUIRE(back);
  CHECK(*back == n);
  // Streaming: two values back to back.
  Bytes two = enc;
  Bytes more = encode(std::uint32_t{9});
  two.insert(two.end(), more.begin(), more.end());
  Decoder d(two);
  auto first = decode_next<Neuron>(d);
  REQUIRE(first);
  CHECK(*first == n);
  auto second = decode_next<std::uint32_t>(d);
  REQUIRE(second);
  CHECK(*second == 9);
  CHECK(d.at_end());
  // Every truncation of a valid encoding is a clean error.
  for (std::size_t len = 0; len < enc.size(); ++len) {
    auto r = decode<Neuron>(bt::ByteView(enc.data(), len));
    CHECK_FALSE(r.has_value());
  }
}

TEST_CASE("pre-sized encoder buffer", "[scale]") {
  std::array<std::uint8_t, 4> buf{};
  auto ok = encode_into(buf, std::uint32_t{0x01020304});
  REQUIRE(ok);
  CHECK(*ok == 4);
  CHECK(buf[0] == 4);
  auto too_small = encode_into(buf, std::uint64_t{1});
  REQUIRE_FALSE(too_small);
  CHECK(too_small.error() == DecodeError::buffer_too_small);
}

TEST_CASE("Vec<(u16,u16)> of 4096 entries round trips", "[scale]") {
  std::vector<std::pair<std::uint16_t, std::uint16_t>> v;
  for (std::uint16_t i = 0; i < 4096; ++i) v.emplace_back(i, static_cast<std::uint16_t>(65535 - i));
  Bytes enc = encode(v);
  CHECK(enc.size() == 2 + 4096 * 4);
  CHECK(enc[0] == 0x01);
  CHECK(enc[1] == 0x40);  // compact(4096) = 0x4001
  auto back = decode<decltype(v)>(enc);
  REQUIRE(back);
  CHECK(*back == v);
}
