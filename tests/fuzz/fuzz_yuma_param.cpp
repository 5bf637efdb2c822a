// SPDX-License-Identifier: MIT
// Fuzzes the sweep parameter reader (bt::yuma::set_parameter, fed by `bt-yuma sweep --param` and
// Python's yuma.sweep): arbitrary "name=value" bytes must set a field or give a typed
// YumaError::invalid_input, never crash; a value that was accepted must read back through
// get_parameter and set the same storage value again (round trip).
#include <bt/yuma/case.hpp>
#include <bt/yuma/simulate.hpp>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto eq = text.find('=');
  const std::string_view name = text.substr(0, eq);
  const std::string_view value = eq == std::string_view::npos ? std::string_view() : text.substr(eq + 1);
  bt::yuma::EpochInput in;
  auto r = bt::yuma::set_parameter(in, name, value);
  if (!r) {
    if (!(r.error() == bt::yuma::YumaError::invalid_input)) std::abort();
    return 0;
  }
  auto back = bt::yuma::get_parameter(in, name);
  if (!back) std::abort();
  bt::yuma::EpochInput again;
  if (!bt::yuma::set_parameter(again, name, *back)) std::abort();
  if (bt::yuma::input_to_json(in, bt::yuma::Variant::head) !=
          bt::yuma::input_to_json(again, bt::yuma::Variant::head) ||
      bt::yuma::input_to_json(in, bt::yuma::Variant::spec143) !=
          bt::yuma::input_to_json(again, bt::yuma::Variant::spec143))
    std::abort();
  return 0;
}
