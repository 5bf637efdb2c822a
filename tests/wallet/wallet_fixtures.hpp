// SPDX-License-Identifier: MIT
// Fixtures shared by the wallet tests: a cheap keyfile KDF for the duration of a test, and a
// private temporary directory removed with everything in it at the end of its scope.
#pragma once

#include <stdlib.h>

#include <bt/wallet/keyfile.hpp>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>

namespace bt::test {

// Makes $NACL keyfile encryption use tiny scrypt parameters while alive (real ones are slow).
struct CheapKdf {
  CheapKdf() { wallet::testing::override_kdf_params_for_tests(wallet::KdfParams{3, 1 << 16}); }
  ~CheapKdf() { wallet::testing::override_kdf_params_for_tests(std::nullopt); }
  CheapKdf(const CheapKdf&) = delete;
  CheapKdf& operator=(const CheapKdf&) = delete;
};

// A fresh directory under the system temp dir (mode 0700 from mkdtemp), removed recursively on exit.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "bt_wallet_test_XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed for " + tmpl);
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

}  // namespace bt::test
