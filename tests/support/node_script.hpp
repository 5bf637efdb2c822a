// SPDX-License-Identifier: MIT
// Running the polkadot-js reference scripts under tests/interop*/ from Catch2 tests: check that node
// and the npm packages are there (otherwise the test is skipped with a loud WARN, Catch2 v2 has no
// SKIP), hand a JSON request to a script through a temporary file and capture what it prints.
#pragma once

#include <stdlib.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "support/skip.hpp"

namespace bt::test {

// Runs a shell command; appends its standard output to `out`. True when it exited with status 0.
inline bool run_capture(const std::string& cmd, std::string& out) {
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return false;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  return ::pclose(p) == 0;
}

inline bool node_on_path() {
  std::string ignored;
  return run_capture("node --version 2>/dev/null", ignored);
}

// tests/interop in the source tree: keys.js, sr25519.js and their pinned node_modules.
inline std::filesystem::path interop_dir() {
  return std::filesystem::path(BT_SOURCE_DIR) / "tests" / "interop";
}

// True when `node` runs and every package (e.g. "@polkadot/keyring") is installed under
// dir/node_modules. Otherwise reports the test skipped (support/skip.hpp) and returns false; the caller
// returns.
inline bool node_packages_available(std::string_view what, const std::filesystem::path& dir,
                                    std::initializer_list<std::string_view> packages) {
  if (!node_on_path()) {
    report_skip(std::string(what) + ": `node` not found on PATH");
    return false;
  }
  for (std::string_view pkg : packages) {
    if (!std::filesystem::exists(dir / "node_modules" / std::filesystem::path(pkg))) {
      report_skip(std::string(what) + ": run `npm ci` in " + dir.string());
      return false;
    }
  }
  return true;
}

struct NodeOutput {
  bool ok = false;  // the script ran and exited with status 0
  std::string out;  // its standard output
};

// Writes `request` to a fresh temporary file, runs `node <script> <file>`, removes the file.
inline NodeOutput run_node_script(const std::filesystem::path& script, const nlohmann::json& request) {
  NodeOutput r;
  std::string tmpl = (std::filesystem::temp_directory_path() / "bt_node_request_XXXXXX").string();
  int fd = ::mkstemp(tmpl.data());
  if (fd < 0) {
    r.out = "mkstemp failed for " + tmpl;
    return r;
  }
  ::close(fd);
  { std::ofstream(tmpl) << request.dump(); }
  r.ok = run_capture("node '" + script.string() + "' '" + tmpl + "'", r.out);
  std::error_code ec;
  std::filesystem::remove(tmpl, ec);
  return r;
}

}  // namespace bt::test
