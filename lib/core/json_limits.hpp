// SPDX-License-Identifier: MIT
// Private: the one way the library parses JSON it did not produce itself (yuma cases, RPC
// messages, keyfiles, polkadot-js account JSON, metadata Value JSON, client results).
//
// nlohmann's parser itself is iterative, but dump(), operator== and copies of the resulting DOM
// recurse once per nesting level, so a document of ~100k nested arrays overflows the stack long
// after it was accepted. parse_json_checked() therefore rejects, before any DOM is built:
//   - nesting deeper than max_depth arrays/objects (kMaxJsonDepth by default);
//   - a raw NUL byte anywhere: nlohmann's lexer treats NUL as end of input, so "{...}\0junk" would
//     otherwise parse as "{...}" while "{...} {}" is rejected; NUL is never valid JSON text;
//   - text longer than max_bytes (unlimited by default; callers with a natural bound pass it);
// and then parses with exceptions disabled. Each caller maps a failure to its own module's error
// code, keeping the message.
#pragma once

#include <cstddef>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace bt::detail {

// Deep enough for every document the library reads (the deepest, a yuma trace, is ~6 levels),
// shallow enough that every recursive nlohmann operation on the result stays well inside a thread stack.
inline constexpr std::size_t kMaxJsonDepth = 128;

struct JsonParsed {
  nlohmann::json value;  // discarded when !ok()
  std::string error;     // empty on success; otherwise why the text was rejected
  bool ok() const noexcept { return error.empty(); }
};

// Nesting depth of `text` (arrays and objects; strings and escapes are skipped), or max_depth + 1 as
// soon as it exceeds max_depth. Also reports the offset of the first raw NUL byte (npos if none).
struct JsonScan {
  std::size_t depth = 0;
  std::size_t nul_offset = std::string_view::npos;
};
JsonScan scan_json(std::string_view text, std::size_t max_depth) noexcept;

JsonParsed parse_json_checked(std::string_view text, std::size_t max_depth = kMaxJsonDepth,
                              std::size_t max_bytes = std::numeric_limits<std::size_t>::max());

}  // namespace bt::detail
