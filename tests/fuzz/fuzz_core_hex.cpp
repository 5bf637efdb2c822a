// SPDX-License-Identifier: MIT
// Fuzzes hex decoding: any input either decodes and round-trips, or gives a typed error.
#include <bt/bytes.hpp>

#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view s(reinterpret_cast<const char*>(data), size);
  auto r = bt::from_hex(s);
  if (r) {
    auto back = bt::from_hex(bt::to_hex(*r));
    if (!back || *back != *r) std::abort();
  } else if (!(r.error() == bt::CoreError::invalid_hex)) {
    std::abort();
  }
  auto fixed = bt::FixedBytes<32>::from_hex(s);
  if (fixed && r && fixed->to_bytes() != *r) std::abort();
  return 0;
}
