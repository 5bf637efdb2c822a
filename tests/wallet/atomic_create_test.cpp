// SPDX-License-Identifier: MIT
// Issue 14 findings 2, 6 and 12: wallet creation is atomic (concurrent creators: exactly one wins and
// the files match its mnemonic), a failed write leaves nothing half-created, NUL paths are refused.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bt/wallet/wallet.hpp>
#include <catch2/catch.hpp>
#include <cerrno>
#include <filesystem>
#include <string>
#include <vector>

#include "wallet/wallet_fixtures.hpp"

using namespace bt;
using namespace bt::wallet;
namespace fs = std::filesystem;
using bt::test::CheapKdf;
using bt::test::TempDir;

namespace {

std::vector<std::string> entries(const fs::path& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(dir, ec))
    out.push_back(e.path().lexically_relative(dir));
  std::sort(out.begin(), out.end());
  return out;
}

std::string read_all(int fd) {
  std::string s;
  char buf[512];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    s.append(buf, static_cast<std::size_t>(n));
  }
  return s;
}

struct Outcome {
  bool won = false;
  std::string mnemonic;  // winner only
  std::string error;     // losers: the KeyfileError value
};

// Forks `n` processes that all wait on a start pipe, then create the same coldkey (overwrite=false).
std::vector<Outcome> race_create(const fs::path& root, int n, bool encrypt) {
  int start[2];
  REQUIRE(::pipe(start) == 0);
  std::vector<std::pair<pid_t, int>> kids;
  for (int i = 0; i < n; ++i) {
    int out[2];
    REQUIRE(::pipe(out) == 0);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      ::close(start[1]);
      ::close(out[0]);
      char c;
      while (::read(start[0], &c, 1) < 0 && errno == EINTR) {
      }
      Wallet w("race", "default", root);
      NewKeyOptions o;
      o.use_password = encrypt;
      if (encrypt) o.password = "pw";
      auto r = w.create_new_coldkey(o);
      // 'W' + mnemonic for the winner, 'L' + error code value for the others.
      std::string msg(1, r ? 'W' : 'L');
      msg += r ? *r : std::to_string(static_cast<int>(r.error().code().value()));
      (void)!::write(out[1], msg.data(), msg.size());
      ::_exit(0);
    }
    ::close(out[1]);
    kids.emplace_back(pid, out[0]);
  }
  ::close(start[0]);
  ::close(start[1]);  // releases every child at once
  std::vector<Outcome> res;
  for (auto [pid, fd] : kids) {
    const std::string msg = read_all(fd);
    ::close(fd);
    int status = 0;
    ::waitpid(pid, &status, 0);
    REQUIRE(WIFEXITED(status));
    REQUIRE(!msg.empty());
    Outcome o;
    o.won = msg[0] == 'W';
    (o.won ? o.mnemonic : o.error) = msg.substr(1);
    res.push_back(o);
  }
  return res;
}

}  // namespace

TEST_CASE("concurrent wallet creation: one winner, files match its mnemonic", "[wallet][atomic]") {
  CheapKdf cheap;  // inherited by the forked children
  for (int round = 0; round < 8; ++round) {
    TempDir dir;
    const bool encrypt = round % 2 == 1;
    auto outcomes = race_create(dir.path, 6, encrypt);
    int winners = 0;
    std::string mnemonic;
    for (const auto& o : outcomes) {
      if (o.won) {
        ++winners;
        mnemonic = o.mnemonic;
      } else {
        CHECK(o.error == std::to_string(static_cast<int>(KeyfileError::already_exists)));
      }
    }
    REQUIRE(winners == 1);
    Wallet w("race", "default", dir.path);
    auto cold = w.unlock_coldkey(PasswordSource::of("pw"));
    REQUIRE(cold);
    REQUIRE(cold->get().mnemonic());
    CHECK(*cold->get().mnemonic() == mnemonic);
    auto pub = w.coldkeypub();
    REQUIRE(pub);
    CHECK(pub->public_key() == cold->get().public_key());
    // Nothing but the two files (no temporaries left behind).
    CHECK(entries(dir.path / "race") == std::vector<std::string>{"coldkey", "coldkeypub.txt"});
  }
}

TEST_CASE("a failed write leaves nothing half-created, and a retry succeeds", "[wallet][atomic]") {
  CheapKdf cheap;
  TempDir dir;
  Wallet w("w", "h", dir.path);
  NewKeyOptions o;
  o.password = "pw";

  SECTION("ENOSPC while writing coldkeypub.txt") {
    testing::inject_write_fault_for_tests(testing::WriteFault{1, ENOSPC, false});
  }
  SECTION("ENOSPC while writing coldkey") {
    testing::inject_write_fault_for_tests(testing::WriteFault{0, ENOSPC, false});
  }
  SECTION("publishing coldkeypub.txt fails after coldkey was published") {
    testing::inject_write_fault_for_tests(testing::WriteFault{1, EIO, true});
  }
  auto r = w.create_new_coldkey(o);
  testing::inject_write_fault_for_tests(std::nullopt);
  REQUIRE_FALSE(r);
  CHECK(r.error().code() == make_error_code(KeyfileError::io_error));
  CHECK_FALSE(w.coldkey_file().exists());
  CHECK_FALSE(w.coldkeypub_file().exists());
  CHECK(entries(dir.path / "w").empty());
  // The retry is not told already_exists.
  auto again = w.create_new_coldkey(o);
  REQUIRE(again);
  Wallet fresh("w", "h", dir.path);
  CHECK(*fresh.unlock_coldkey(PasswordSource::of("pw"))->get().mnemonic() == *again);
}

TEST_CASE("a failed overwrite restores the previous pair", "[wallet][atomic]") {
  CheapKdf cheap;
  TempDir dir;
  Wallet w("w", "h", dir.path);
  NewKeyOptions o;
  o.use_password = false;
  auto first = w.create_new_hotkey(o);
  REQUIRE(first);
  o.overwrite = true;
  testing::inject_write_fault_for_tests(testing::WriteFault{1, EIO, true});
  auto second = w.create_new_hotkey(o);
  testing::inject_write_fault_for_tests(std::nullopt);
  REQUIRE_FALSE(second);
  Wallet fresh("w", "h", dir.path);
  auto hk = fresh.unlock_hotkey({});
  REQUIRE(hk);
  CHECK(*hk->get().mnemonic() == *first);
  CHECK(fresh.hotkeypub()->public_key() == hk->get().public_key());
  CHECK(entries(dir.path / "w" / "hotkeys") == std::vector<std::string>{"h", "hpub.txt"});
}

TEST_CASE("paths with an embedded NUL are refused, never truncated", "[wallet][atomic]") {
  CheapKdf cheap;
  TempDir dir;
  const std::string nul_name = std::string("x\0y", 3);
  Wallet w("w", nul_name, dir.path);
  auto r = w.create_new_hotkey();
  REQUIRE_FALSE(r);
  CHECK(r.error().code() == make_error_code(KeyfileError::invalid_path));
  CHECK_FALSE(fs::exists(dir.path / "w" / "hotkeys" / "x"));
  Wallet wn(std::string("a\0b", 3), "h", dir.path);
  CHECK(wn.create_new_coldkey({}).error() == KeyfileError::invalid_path);
  CHECK_FALSE(fs::exists(dir.path / "a"));
  Keyfile kf(dir.path / std::string("go\0od", 5));
  CHECK_FALSE(kf.exists());
  CHECK(kf.read_data().error() == KeyfileError::invalid_path);
  CHECK(kf.write_data(ByteView{}, false).error() == KeyfileError::invalid_path);
  CHECK_FALSE(fs::exists(dir.path / "go"));
}
