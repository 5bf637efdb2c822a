// SPDX-License-Identifier: MIT
// Era: Substrate's reference cases (sp_runtime generic/era.rs tests), exhaustive round trip, bad input.
#include <bt/extrinsic/era.hpp>
#include <catch2/catch.hpp>
#include <limits>

using bt::Bytes;
using bt::extrinsic::Era;
using bt::extrinsic::ExtrinsicError;

TEST_CASE("era: mortal rounding and clamping as Substrate") {
  CHECK(Era::mortal(64, 42) == Era::from_period_phase(64, 42).value());
  CHECK(Era::mortal(32768, 20000) == Era::from_period_phase(32768, 20000).value());
  CHECK(Era::mortal(200, 513) == Era::from_period_phase(256, 1).value());
  CHECK(Era::mortal(2, 1) == Era::from_period_phase(4, 1).value());
  CHECK(Era::mortal(4, 5) == Era::from_period_phase(4, 1).value());
  CHECK(Era::mortal(0, 5) == Era::from_period_phase(4, 1).value());
  // clamp 1000000 to 65536, quantize 1000001 % 65536 down to a multiple of 16
  CHECK(Era::mortal(1000000, 1000001) == Era::from_period_phase(65536, 1000001 % 65536 / 16 * 16).value());
  CHECK(Era::mortal(std::numeric_limits<std::uint64_t>::max(), 7).period() == 65536);
}

TEST_CASE("era: encodings") {
  CHECK(Era::immortal().encode() == Bytes{0x00});
  CHECK(Era::mortal(64, 42).encode() == Bytes{5 + 42 % 16 * 16, 42 / 16});
  CHECK(Era::mortal(32768, 20000).encode() ==
        Bytes{static_cast<std::uint8_t>(14 + 2500 % 16 * 16), static_cast<std::uint8_t>(2500 / 16)});
  CHECK(Era::decode(Bytes{0x00}).value().is_immortal());
  CHECK(Era::decode(Bytes{0xa5, 0x02}).value() == Era::mortal(64, 42));
}

TEST_CASE("era: birth and death") {
  const Era e = Era::mortal(4, 6);
  for (std::uint64_t i = 6; i < 10; ++i) {
    CHECK(e.birth(i) == 6);
    CHECK(e.death(i) == 10);
  }
  CHECK(e.birth(10) != 6);
  CHECK(e.birth(5) != 6);
  const Era im = Era::immortal();
  CHECK(im.birth(123) == 0);
  CHECK(im.death(123) == std::numeric_limits<std::uint64_t>::max());
  // birth(current) == current when the era was made at `current` with no quantization
  for (std::uint64_t cur : {0ull, 1ull, 63ull, 64ull, 1000ull, 123456789ull}) {
    const Era m = Era::mortal(64, cur);
    CHECK(m.birth(cur) == cur);
    CHECK(m.death(cur) == cur + 64);
  }
}

TEST_CASE("era: every valid two-byte encoding round-trips, invalid ones are typed errors") {
  int valid = 0;
  for (unsigned v = 0; v < 65536; ++v) {
    const Bytes b{static_cast<std::uint8_t>(v & 0xff), static_cast<std::uint8_t>(v >> 8)};
    if (b[0] == 0) continue;  // immortal marker (then the second byte is trailing)
    auto e = Era::decode(b);
    if (e) {
      ++valid;
      CHECK(e->encode() == b);
      CHECK(Era::from_period_phase(e->period(), e->phase()).value() == *e);
    } else {
      CHECK(e.error() == ExtrinsicError::invalid_era);
    }
  }
  // periods 4..65536 (15 values), phases period/quantize each
  int expected = 0;
  for (std::uint64_t p = 4; p <= 65536; p *= 2)
    expected += static_cast<int>(p / std::max<std::uint64_t>(p >> 12, 1));
  CHECK(valid == expected);
}

TEST_CASE("era: bad input") {
  CHECK(Era::decode(Bytes{}).error() == ExtrinsicError::invalid_era);
  CHECK(Era::decode(Bytes{0x00, 0x00}).error() == ExtrinsicError::invalid_era);  // trailing
  CHECK(Era::decode(Bytes{0xa5}).error() == ExtrinsicError::invalid_era);        // truncated
  CHECK(Era::decode(Bytes{0xa5, 0x02, 0x00}).error() == ExtrinsicError::invalid_era);
  CHECK(Era::decode(Bytes{0x10, 0x00}).error() == ExtrinsicError::invalid_era);  // period 2
  CHECK(Era::decode(Bytes{0x51, 0x00}).error() == ExtrinsicError::invalid_era);  // phase 5 >= period 4
  CHECK(Era::from_period_phase(3, 0).error() == ExtrinsicError::invalid_era);
  CHECK(Era::from_period_phase(2, 0).error() == ExtrinsicError::invalid_era);
  CHECK(Era::from_period_phase(131072, 0).error() == ExtrinsicError::invalid_era);
  CHECK(Era::from_period_phase(64, 64).error() == ExtrinsicError::invalid_era);
  CHECK(Era::from_period_phase(65536, 3).error() == ExtrinsicError::invalid_era);  // not quantized
  const Bytes bad{0x51, 0x00}, short1{0xa5};
  bt::scale::Decoder d(bad);
  (void)Era::read(d);
  CHECK_FALSE(d.ok());
  bt::scale::Decoder d2(short1);
  (void)Era::read(d2);
  CHECK_FALSE(d2.ok());
}
