// SPDX-License-Identifier: MIT
#include "core/json_limits.hpp"

namespace bt::detail {

JsonScan scan_json(std::string_view text, std::size_t max_depth) noexcept {
  JsonScan out;
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\0') {
      out.nul_offset = i;
      return out;
    }
    if (in_string) {
      if (c == '\\') {
        // Skip the escaped character, but still notice a NUL hidden behind a backslash.
        if (i + 1 < text.size() && text[i + 1] == '\0') {
          out.nul_offset = i + 1;
          return out;
        }
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > out.depth) out.depth = depth;
      if (depth > max_depth) return out;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return out;
}

JsonParsed parse_json_checked(std::string_view text, std::size_t max_depth, std::size_t max_bytes) {
  JsonParsed out;
  out.value = nlohmann::json(nlohmann::json::value_t::discarded);
  if (text.size() > max_bytes) {
    out.error = "JSON text of " + std::to_string(text.size()) + " bytes exceeds the limit of " +
                std::to_string(max_bytes) + " bytes";
    return out;
  }
  const JsonScan scan = scan_json(text, max_depth);
  if (scan.nul_offset != std::string_view::npos) {
    out.error = "NUL byte at offset " + std::to_string(scan.nul_offset) + " is not valid JSON";
    return out;
  }
  if (scan.depth > max_depth) {
    out.error = "JSON nested deeper than " + std::to_string(max_depth) + " levels";
    return out;
  }
  out.value = nlohmann::json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (out.value.is_discarded()) out.error = "not valid JSON";
  return out;
}

}  // namespace bt::detail
