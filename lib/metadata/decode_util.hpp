// SPDX-License-Identifier: MIT
// Private helpers for the metadata decoders (sticky-error bt::scale::Decoder idioms).
#pragma once

#include <bt/scale/decoder.hpp>

#include <optional>
#include <string>
#include <vector>

namespace bt::metadata::detail {

inline std::vector<std::string> read_strings(scale::Decoder& d) {
  std::vector<std::string> out;
  std::size_t n = d.read_length(1);
  out.reserve(n);
  for (std::size_t i = 0; i < n && d.ok(); ++i) out.push_back(d.read_string());
  return out;
}
// Option tag: returns true for Some; a tag other than 0/1 fails the decoder.
inline bool read_option_tag(scale::Decoder& d) {
  std::uint8_t t = d.read_u8();
  if (t > 1) d.fail(scale::DecodeError::invalid_variant, "Option tag");
  return t == 1;
}
inline std::optional<std::string> read_opt_string(scale::Decoder& d) {
  if (read_option_tag(d)) return d.read_string();
  return std::nullopt;
}
inline std::optional<std::uint32_t> read_opt_compact_u32(scale::Decoder& d) {
  if (read_option_tag(d)) return d.read_compact_u32();
  return std::nullopt;
}

}  // namespace bt::metadata::detail
