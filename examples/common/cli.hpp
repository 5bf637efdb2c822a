// SPDX-License-Identifier: MIT
// Argument parsing and file loading shared by the example tools (bt-yuma, bt-keys, bt-metadata,
// bt-chain-info, set_weights). Header-only so that each example stays one file plus this header.
//
// Contract every tool follows: every argument is validated (range, format, unknown options) before
// anything is signed or sent; a bad argument prints ONE line "TOOL: error: MESSAGE" on stderr and
// exits with status 2; `--help` / `-h` print the usage on stdout and exit 0.
//
// Numbers are parsed strictly: decimal digits only (no sign, no spaces, no "0x", no exponent),
// the whole text must be consumed, and the value must lie in the stated range ("70000" is not a
// u16, "-1" is not a u64). Files are read only through load_file(): regular files up to a size
// limit; a directory, a FIFO, /dev/zero or any other non-regular file is refused with a message
// instead of hanging, aborting or reading until memory runs out.
#pragma once

#include <bt/file.hpp>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace bt_cli {

inline constexpr int kExitUsage = 2;

// Prints "TOOL: error: MESSAGE" (one line; embedded newlines are replaced) and exits with status 2.
[[noreturn]] inline void usage_error(std::string_view tool, std::string message) {
  for (char& c : message)
    if (c == '\n' || c == '\r') c = ' ';
  std::cerr << tool << ": error: " << message << " (see " << tool << " --help)\n";
  std::exit(kExitUsage);
}

// Strict unsigned decimal in [lo, hi].
inline std::optional<std::uint64_t> parse_uint(std::string_view s, std::uint64_t lo, std::uint64_t hi) {
  if (s.empty() || s.size() > 20) return std::nullopt;
  for (char c : s)
    if (c < '0' || c > '9') return std::nullopt;
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v < lo || v > hi) return std::nullopt;
  return v;
}

// Strict finite decimal number in [lo, hi] ("0.25", "1", "3e-2"; not "nan", "inf", "1e400", "0x1").
inline std::optional<double> parse_real(std::string_view s, double lo, double hi) {
  if (s.empty() || s.size() > 64) return std::nullopt;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+'))
      return std::nullopt;
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v) || v < lo || v > hi)
    return std::nullopt;
  return v;
}

// Options with or without a value; everything else starting with '-' is an unknown option.
struct OptionSpec {
  std::set<std::string> flags;       // e.g. "--offline"
  std::set<std::string> with_value;  // e.g. "--version-key" (as "--k V" or "--k=V")
};

struct ParsedArgs {
  bool help = false;
  std::map<std::string, std::string> values;  // option -> value ("" for flags)
  std::vector<std::string> positional;
  bool has(const std::string& k) const { return values.count(k) != 0; }
  const std::string* get(const std::string& k) const {
    auto it = values.find(k);
    return it == values.end() ? nullptr : &it->second;
  }
};

// Parses argv[start..]. "--" ends the options (later arguments are positional, so a value such as
// "-1" can be passed on purpose and then fail its own range check). A lone "-" or text not starting
// with '-' is positional. Errors (unknown option, missing value, repeated option) -> usage_error.
inline ParsedArgs parse_args(std::string_view tool, int argc, char** argv, int start,
                             const OptionSpec& spec) {
  ParsedArgs out;
  bool options_done = false;
  for (int i = start; i < argc; ++i) {
    std::string a = argv[i];
    if (!options_done && a == "--") {
      options_done = true;
      continue;
    }
    if (options_done || a.size() < 2 || a[0] != '-') {
      out.positional.push_back(std::move(a));
      continue;
    }
    if (a == "--help" || a == "-h") {
      out.help = true;
      continue;
    }
    const auto eq = a.find('=');
    const std::string key = eq == std::string::npos ? a : a.substr(0, eq);
    std::string value;
    if (spec.flags.count(key)) {
      if (eq != std::string::npos) usage_error(tool, "option " + key + " takes no value");
    } else if (spec.with_value.count(key)) {
      if (eq != std::string::npos) {
        value = a.substr(eq + 1);
      } else {
        if (i + 1 >= argc) usage_error(tool, "option " + key + " needs a value");
        value = argv[++i];
      }
    } else {
      usage_error(tool, "unknown option '" + key + "'");
    }
    if (out.values.count(key)) usage_error(tool, "option " + key + " given twice");
    out.values[key] = std::move(value);
  }
  return out;
}

// Size limits for load_file (callers pick the one that matches what they read).
inline constexpr std::size_t kMaxMetadataFileBytes = std::size_t{16} << 20;  // metadata ~0.3 MB (hex ~0.6 MB)

// Reads a whole regular file of at most max_bytes. On failure returns nullopt and sets *error to a
// one-line reason (no such file, a directory, not a regular file, too large, read error). Never
// blocks: the file is opened O_NONBLOCK and checked with fstat before anything is read.
inline std::optional<std::string> load_file(const std::string& path, std::size_t max_bytes,
                                            std::string* error) {
  auto bytes = bt::read_regular_file(path, max_bytes);  // the library's one checked loader
  if (!bytes) {
    *error = bytes.error().message();
    return std::nullopt;
  }
  return std::string(bytes->begin(), bytes->end());
}

}  // namespace bt_cli
