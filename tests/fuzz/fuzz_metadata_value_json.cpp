// SPDX-License-Identifier: MIT
// libFuzzer: bt::metadata::from_json on arbitrary text (the JSON form of dynamic values users pass in).
// Must give a Value or MetadataError::invalid_json, never crash: deep nesting and "{...}\0junk" are
// rejected at parse time (seeds in corpus/fuzz_metadata_value_json). A parsed value serialises
// (to_json recurses per level: bounded by the parse-time depth limit) and that text is accepted again.
#include <bt/metadata/error.hpp>
#include <bt/metadata/value.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto v = bt::metadata::from_json(text);
  if (!v) {
    if (!(v.error() == bt::metadata::MetadataError::invalid_json)) std::abort();
    return 0;
  }
  if (text.find('\0') != std::string_view::npos) std::abort();  // NUL is never valid JSON
  const std::string once = bt::metadata::to_json(*v);
  auto again = bt::metadata::from_json(once);
  if (!again) std::abort();
  return 0;
}
