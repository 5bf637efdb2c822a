// SPDX-License-Identifier: MIT
// Skipping a test honestly. Catch2 v2 has no SKIP, so a test that cannot run here (no node, no npm
// packages, no local chain specs, a tool not built) calls
//
//   BT_SKIP("polkadot-js interop: run `npm ci` in " << dir);   // prints the marker, then returns
//
// which prints the line "BT_TEST_SKIPPED: <why>" on stdout. tests/CMakeLists.txt registers every test
// with SKIP_REGULAR_EXPRESSION "BT_TEST_SKIPPED", so ctest reports it as Skipped, not Passed.
#pragma once

#include <catch2/catch.hpp>
#include <iostream>
#include <sstream>
#include <string>

#define BT_TEST_SKIP_MARKER "BT_TEST_SKIPPED"

namespace bt::test {
// Prints the skip marker (and a Catch2 warning); the caller then returns from the test case.
inline void report_skip(const std::string& why) {
  std::cout << BT_TEST_SKIP_MARKER ": " << why << std::endl;
  WARN("SKIPPED: " << why);
}
}  // namespace bt::test

#define BT_SKIP(why)                             \
  do {                                           \
    std::ostringstream bt_skip_why_;             \
    bt_skip_why_ << why;                         \
    ::bt::test::report_skip(bt_skip_why_.str()); \
    return;                                      \
  } while (0)
