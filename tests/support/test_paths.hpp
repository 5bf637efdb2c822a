// SPDX-License-Identifier: MIT
// Where tests find their data: tests/vectors in the source tree, and the team's shared material
// (../shared next to the checkout, or $BT_SHARED_DIR).
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace bt::test {

inline std::filesystem::path vectors_dir() { return BT_VECTORS_DIR; }

inline std::filesystem::path shared_dir() {
  if (const char* env = std::getenv("BT_SHARED_DIR"); env && *env) return env;
  return BT_DEFAULT_SHARED_DIR;
}

inline std::string read_text_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open test data file " + p.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace bt::test
