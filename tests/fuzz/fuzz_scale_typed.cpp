// SPDX-License-Identifier: MIT
// Fuzzes the typed SCALE decoder: the first byte picks a type; any input either decodes, and then
// re-encodes to exactly the consumed bytes (SCALE is canonical; for bit sequences, whose padding
// bits are ignored, to the same value), or fails with a bt.scale error.
#include <bt/scale/scale.hpp>

#include <cstdlib>
#include <string>

namespace {
using namespace bt::scale;

struct Record {
  std::uint16_t uid = 0;
  Compact<u128> stake;
  std::vector<std::pair<std::uint16_t, std::uint16_t>> weights;
  std::optional<std::string> name;
  RustResult<std::uint8_t, std::string> status = RustResult<std::uint8_t, std::string>::make_ok(0);
  OptionBool flag;
  BT_SCALE_FIELDS(uid, stake, weights, name, status, flag)
  friend bool operator==(const Record&, const Record&) = default;
};
struct A {
  static constexpr std::uint8_t scale_index = 3;
  std::vector<Compact<std::uint32_t>> xs;
  BT_SCALE_FIELDS(xs)
  friend bool operator==(const A&, const A&) = default;
};
struct B {
  static constexpr std::uint8_t scale_index = 200;
  std::array<std::int64_t, 2> pair{};
  U256 big;
  BT_SCALE_FIELDS(pair, big)
  friend bool operator==(const B&, const B&) = default;
};

template <class T>
struct HasBits : std::false_type {};
template <class S, BitOrder O>
struct HasBits<BitVec<S, O>> : std::true_type {};
template <class S, BitOrder O>
struct HasBits<std::vector<BitVec<S, O>>> : std::true_type {};

template <class T>
void check(bt::ByteView in) {
  bt::scale::Decoder d(in);
  auto r = decode_next<T>(d);
  if (!r) {
    if (std::string(r.error().module()) != "bt.scale") std::abort();
    return;
  }
  bt::Bytes again = encode(*r);
  if constexpr (HasBits<T>::value) {
    // Unused bits of a bit sequence's last word are ignored when decoding and written as zero, so
    // only the value (not the bytes) must round-trip.
    auto back = decode<T>(again);
    if (!back || !(*back == *r) || again.size() != d.position()) std::abort();
    return;
  }
  if (again.size() != d.position() || !std::equal(again.begin(), again.end(), in.begin())) std::abort();
  auto whole = decode<T>(bt::ByteView(in.data(), d.position()));
  if (!whole || !(*whole == *r)) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  bt::ByteView in(data + 1, size - 1);
  switch (data[0] % 10) {
    case 0:
      check<Compact<u128>>(in);
      break;
    case 1:
      check<Record>(in);
      break;
    case 2:
      check<std::vector<Record>>(in);
      break;
    case 3:
      check<std::variant<A, B>>(in);
      break;
    case 4:
      check<BitVec<std::uint8_t, BitOrder::Lsb0>>(in);
      break;
    case 5:
      check<BitVec<std::uint64_t, BitOrder::Msb0>>(in);
      break;
    case 6:
      check<std::vector<std::string>>(in);
      break;
    case 7:
      check<std::tuple<bool, i128, std::optional<bool>, Compact<std::uint16_t>>>(in);
      break;
    case 8:
      check<std::vector<std::vector<std::tuple<>>>>(in);
      break;
    case 9:
      check<std::vector<BitVec<std::uint16_t, BitOrder::Lsb0>>>(in);
      break;
  }
  return 0;
}
