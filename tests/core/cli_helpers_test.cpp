// SPDX-License-Identifier: MIT
// The argument-parsing and file-loading helpers shared by the example tools (examples/common/cli.hpp).
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "../../examples/common/cli.hpp"

namespace fs = std::filesystem;

TEST_CASE("parse_uint is strict", "[core][cli]") {
  CHECK(bt_cli::parse_uint("0", 0, 65535) == 0u);
  CHECK(bt_cli::parse_uint("65535", 0, 65535) == 65535u);
  CHECK(bt_cli::parse_uint("18446744073709551615", 0, UINT64_MAX) == UINT64_MAX);
  for (const char* bad :
       {"", "70000", "-1", "+1", " 1", "1 ", "abc", "0x10", "1e3", "1.0", "18446744073709551616"})
    CHECK_FALSE(bt_cli::parse_uint(bad, 0, 65535));
  CHECK_FALSE(bt_cli::parse_uint("18446744073709551616", 0, UINT64_MAX));
  CHECK_FALSE(bt_cli::parse_uint("0", 1, 10));
}

TEST_CASE("parse_real accepts finite numbers in range only", "[core][cli]") {
  CHECK(bt_cli::parse_real("0.25", 0, 1) == 0.25);
  CHECK(bt_cli::parse_real("3e-2", 0, 1) == 0.03);
  for (const char* bad : {"", "abc", "1e400", "nan", "inf", "-0.5", "0x1p3", "1.5.2", " 1", "2"})
    CHECK_FALSE(bt_cli::parse_real(bad, 0, 1));
}

TEST_CASE("load_file: regular files only, bounded", "[core][cli]") {
  const fs::path dir = fs::temp_directory_path() / ("bt_cli_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path f = dir / "f.txt";
  { std::ofstream(f) << "hello"; }
  std::string err;
  auto ok = bt_cli::load_file(f.string(), 100, &err);
  REQUIRE(ok);
  CHECK(*ok == "hello");
  CHECK_FALSE(bt_cli::load_file(f.string(), 4, &err));
  CHECK_THAT(err, Catch::Contains("larger than the limit"));
  CHECK_FALSE(bt_cli::load_file(dir.string(), 100, &err));
  CHECK_THAT(err, Catch::Contains("is a directory"));
  CHECK_FALSE(bt_cli::load_file("/dev/zero", 100, &err));
  CHECK_THAT(err, Catch::Contains("not a regular file"));
  const fs::path fifo = dir / "fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK_FALSE(bt_cli::load_file(fifo.string(), 100, &err));  // returns at once, no writer needed
  CHECK_THAT(err, Catch::Contains("not a regular file"));
  CHECK_FALSE(bt_cli::load_file((dir / "missing").string(), 100, &err));
  CHECK_THAT(err, Catch::Contains("cannot open"));
  CHECK_FALSE(bt_cli::load_file(f.string() + std::string("\0x", 2), 100, &err));
  fs::remove_all(dir);
}

TEST_CASE("parse_args: flags, values, --help, positional after --", "[core][cli]") {
  const bt_cli::OptionSpec spec{{"--offline"}, {"--version-key"}};
  std::vector<std::string> v = {"tool", "url", "--offline", "--version-key", "7", "--", "-1", "--help"};
  std::vector<char*> argv;
  for (auto& s : v) argv.push_back(s.data());
  auto a = bt_cli::parse_args("tool", static_cast<int>(argv.size()), argv.data(), 1, spec);
  CHECK_FALSE(a.help);
  CHECK(a.has("--offline"));
  CHECK(*a.get("--version-key") == "7");
  CHECK(a.positional == std::vector<std::string>{"url", "-1", "--help"});
  std::vector<std::string> h = {"tool", "--version-key=3", "-h"};
  std::vector<char*> hargv;
  for (auto& s : h) hargv.push_back(s.data());
  auto b = bt_cli::parse_args("tool", 3, hargv.data(), 1, spec);
  CHECK(b.help);
  CHECK(*b.get("--version-key") == "3");
  // Unknown options exit(2): covered by the examples.* ctest cases, which run the real tools.
}
