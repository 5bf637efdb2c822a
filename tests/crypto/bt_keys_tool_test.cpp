// SPDX-License-Identifier: MIT
// Runs the installed tool examples/crypto/bt-keys: JSON output, exit codes 0 (ok / valid), 1 (invalid
// signature), 2 (error). Skipped loudly when the examples were not built.
#include <sys/wait.h>

#include <bt/bytes.hpp>
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "support/skip.hpp"

namespace fs = std::filesystem;

namespace {
struct Run {
  int status;
  std::string out;
};
Run run(const std::string& args) {
  const fs::path tool = fs::path(BT_BINARY_DIR) / "examples" / "bt-keys";
  Run r{-1, {}};
  FILE* p = popen((tool.string() + " " + args + " 2>/dev/null").c_str(), "r");
  if (!p) return r;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}
}  // namespace

TEST_CASE("bt-keys command line tool", "[crypto][keypair][tool]") {
  if (!fs::exists(fs::path(BT_BINARY_DIR) / "examples" / "bt-keys")) {
    BT_SKIP("bt-keys was not built (BT_BUILD_EXAMPLES=OFF)");
  }
  auto a = run("inspect --scheme ecdsa //Alice");
  REQUIRE(a.status == 0);
  auto j = nlohmann::json::parse(a.out);
  CHECK(j["public_key"] == "0x020a1091341fe5664bfa1782d5e04779689068c916b04cb365ec3153755684d9a1");
  CHECK(j["account_id"] == "0x01e552298e47454041ea31273b4b630c64c104e4514aa3643490b8aaca9cf8ed");
  CHECK(j["ss58_address"] == "5C7C2Z5sWbytvHpuLTvzKunnnRwQxft1jiqrLD5rhucQ5S9X");
  CHECK(nlohmann::json::parse(run("inspect --network-prefix 0 //Alice").out)["ss58_address"] ==
        "15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5");

  for (const char* scheme : {"sr25519", "ed25519", "ecdsa"}) {
    INFO(scheme);
    auto pub =
        nlohmann::json::parse(run(std::string("inspect --scheme ") + scheme + " //Bob").out)["public_key"];
    auto sig = run(std::string("sign --scheme ") + scheme + " //Bob 0xdeadbeef");
    REQUIRE(sig.status == 0);
    std::string s = sig.out.substr(0, sig.out.find('\n'));
    std::string base = std::string("verify --scheme ") + scheme + " --public " + pub.get<std::string>() +
                       " --signature " + s + " --message ";
    CHECK(run(base + "0xdeadbeef").status == 0);
    CHECK(run(base + "0xdeadbeee").status == 1);
  }
  auto g = run("generate --words 15");
  REQUIRE(g.status == 0);
  auto gj = nlohmann::json::parse(g.out);
  std::string m = gj["mnemonic"];
  CHECK(std::count(m.begin(), m.end(), ' ') == 14);
  auto again = nlohmann::json::parse(run("inspect '" + m + "'").out);
  CHECK(again["public_key"] == gj["public_key"]);
  auto d = run("ss58-decode 5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
  CHECK(nlohmann::json::parse(d.out)["prefix"] == 42);

  CHECK(run("inspect 'a//'").status == 2);
  CHECK(run("inspect --scheme rsa //Alice").status == 2);
  CHECK(run("ss58-decode 5Grwva").status == 2);
  CHECK(run("generate --words 13").status == 2);
  CHECK(run("frobnicate").status == 2);
  CHECK(run("").status == 2);
  CHECK(run("sign --scheme ed25519 //Alice 0xzz").status == 2);
}
