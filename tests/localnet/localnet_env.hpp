// SPDX-License-Identifier: MIT
// For *_localnet_test.cpp: where the local chains started by the ctest fixture `localnet` listen.
//
//   TEST_CASE("my chain test") {
//     BT_LOCALNET_URL_OR_SKIP(url, "raonet");   // or "spec143"
//     auto client = bt::client::Client::connect(url).value();
//     ...
//   }
//
// The URL comes from $BT_LOCALNET_RAONET_URL / $BT_LOCALNET_SPEC143_URL if set, otherwise from the file
// <build>/localnet/<target>.url that tests/localnet/localnet.sh writes when the chain is up. If neither
// exists: when the chain specs are missing (BT_CHAIN_DIR, default <shared>/chain) the test is skipped with
// a loud warning; otherwise the test FAILS (the specs are there, so the chain should have been started).
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>

#include "support/skip.hpp"
#include "support/test_paths.hpp"

namespace bt::test {

inline std::filesystem::path chain_spec_dir() {
  if (const char* env = std::getenv("BT_CHAIN_DIR"); env && *env) return env;
  return shared_dir() / "chain";
}

// nullopt: skip (specs missing). Throws (fails the test) when the chain should be there but is not.
inline std::optional<std::string> localnet_url(const std::string& target) {
  std::string var = "BT_LOCALNET_" + target + "_URL";
  std::transform(var.begin(), var.end(), var.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (const char* env = std::getenv(var.c_str()); env && *env) return std::string(env);
  const auto file = std::filesystem::path(BT_BINARY_DIR) / "localnet" / (target + ".url");
  if (std::filesystem::exists(file)) {
    std::string url = read_text_file(file);
    while (!url.empty() && (url.back() == '\n' || url.back() == '\r' || url.back() == ' ')) url.pop_back();
    if (!url.empty()) return url;
  }
  if (!std::filesystem::exists(chain_spec_dir())) return std::nullopt;
  throw std::runtime_error(
      "local chain '" + target + "' is not running: no $" + var + " and no " + file.string() +
      " (run `ctest -L localnet` so the fixture starts it, or tests/localnet/localnet.sh start " + target +
      ")");
}

}  // namespace bt::test

#define BT_LOCALNET_URL_OR_SKIP(var, target)                                                   \
  std::string var;                                                                             \
  do {                                                                                         \
    auto bt_ln_url_ = ::bt::test::localnet_url(target);                                        \
    if (!bt_ln_url_) {                                                                         \
      std::cerr << "######## SKIPPED: local chain specs missing; set BT_CHAIN_DIR ########\n"; \
      BT_SKIP("chain specs missing (" << ::bt::test::chain_spec_dir().string()                 \
                                      << "); set BT_CHAIN_DIR to run the local-chain tests");  \
    }                                                                                          \
    var = *bt_ln_url_;                                                                         \
  } while (0)
