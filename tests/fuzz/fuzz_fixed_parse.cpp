// SPDX-License-Identifier: MIT
// Fuzzes the decimal readers of bt::fixed on arbitrary text: parse_decimal<F> for every fixed type
// and parse_i128 / parse_u128. Whatever they accept must print back (to_string / *_to_string) to a
// text that parses to the same value; nothing may crash, hang or throw.
#include <bt/fixed/fixed.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

template <class F>
void check(std::string_view text) {
  const auto v = bt::fixed::parse_decimal<F>(text);
  if (!v) return;
  const std::string printed = bt::fixed::to_string(*v);
  const auto again = bt::fixed::parse_decimal<F>(printed);
  if (!again || *again != *v) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return 0;  // decimal numbers are short; keeps each run fast
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check<bt::fixed::I32F32>(text);
  check<bt::fixed::I64F64>(text);
  check<bt::fixed::U64F64>(text);
  check<bt::fixed::I96F32>(text);
  check<bt::fixed::U96F32>(text);
  if (const auto i = bt::fixed::parse_i128(text)) {
    if (bt::fixed::parse_i128(bt::fixed::i128_to_string(*i)) != i) std::abort();
  }
  if (const auto u = bt::fixed::parse_u128(text)) {
    if (bt::fixed::parse_u128(bt::fixed::u128_to_string(*u)) != u) std::abort();
  }
  return 0;
}
