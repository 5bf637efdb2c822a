// SPDX-License-Identifier: MIT
// bt::read_regular_file: the one checked loader (regular files only, size limit, never blocks).
#include <sys/stat.h>
#include <unistd.h>

#include <bt/error.hpp>
#include <bt/file.hpp>
#include <catch2/catch.hpp>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;

TEST_CASE("read_regular_file reads regular files and refuses everything else", "[core][file]") {
  const fs::path dir = fs::temp_directory_path() / ("bt_file_test_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path ok = dir / "ok.bin";
  { std::ofstream(ok, std::ios::binary) << std::string("a\0b", 3); }

  auto r = bt::read_regular_file(ok.string(), 3);
  REQUIRE(r);
  CHECK(*r == bt::Bytes{'a', 0, 'b'});

  // Over the limit: refused before reading; the message names the limit.
  auto big = bt::read_regular_file(ok.string(), 2);
  REQUIRE_FALSE(big);
  CHECK(big.error().code() == make_error_code(bt::CoreError::io_error));
  CHECK_THAT(big.error().message(), Catch::Contains("larger than the limit of 2 bytes"));

  // Missing: not_found, and the errno of the open is reported.
  int open_errno = -1;
  auto missing = bt::read_regular_file((dir / "nope").string(), 10, &open_errno);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code() == make_error_code(bt::CoreError::not_found));
  CHECK(open_errno == ENOENT);

  // A directory, a FIFO (would block) and /dev/zero (would never end).
  auto d = bt::read_regular_file(dir.string(), 10, &open_errno);
  REQUIRE_FALSE(d);
  CHECK_THAT(d.error().message(), Catch::Contains("is a directory"));
  CHECK(open_errno == 0);
  const fs::path fifo = dir / "fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  auto f = bt::read_regular_file(fifo.string(), 10);
  REQUIRE_FALSE(f);
  CHECK_THAT(f.error().message(), Catch::Contains("not a regular file"));
  CHECK_FALSE(bt::read_regular_file("/dev/zero", 1 << 20));

  // An embedded NUL would make the OS open a shorter path.
  auto nul = bt::read_regular_file(ok.string() + std::string("\0x", 2), 10);
  REQUIRE_FALSE(nul);
  CHECK(nul.error().code() == make_error_code(bt::CoreError::invalid_argument));

  fs::remove_all(dir);
}
