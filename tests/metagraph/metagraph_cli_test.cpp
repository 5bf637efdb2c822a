// SPDX-License-Identifier: MIT
// The bt-metagraph tool against the scripted node: its JSON / CSV / table output carries the synced
// storage and the prediction of a reference epoch, and its exit codes are 0 (ok), 1 (chain or sync error:
// unknown block, subnet that does not exist, unreachable node) and 2 (bad arguments).
#include <sys/wait.h>
#include <bt/metadata/metadata.hpp>
#include <bt/metadata/storage.hpp>
#include <bt/metagraph/predict.hpp>
#include <bt/yuma/case.hpp>
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "metagraph/scripted_chain.hpp"
#include "metagraph/subnet_storage.hpp"
#include "support/skip.hpp"
#include "support/test_paths.hpp"

using bt::Bytes;

namespace {

struct Run {
  int code = -1;
  std::string out, err;
};

#ifdef BT_METAGRAPH_TOOL
using bt::test::subnet::read_file;

// Runs the tool with `args` (already shell-safe), capturing stdout and stderr.
Run run_tool(const std::string& args) {
  static int counter = 0;
  const std::string err_file =
      "/tmp/bt_metagraph_cli_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + ".err";
  const std::string cmd = std::string(BT_METAGRAPH_TOOL) + " " + args + " 2>" + err_file;
  Run r;
  FILE* p = ::popen(cmd.c_str(), "r");
  REQUIRE(p);
  char buf[4096];
  std::size_t k;
  while ((k = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, k);
  const int status = ::pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream e(err_file);
  r.err.assign(std::istreambuf_iterator<char>(e), std::istreambuf_iterator<char>());
  std::remove(err_file.c_str());
  return r;
}
#endif

}  // namespace

TEST_CASE("bt-metagraph: output and exit codes against the scripted node") {
#ifndef BT_METAGRAPH_TOOL
  BT_SKIP("bt-metagraph is not built (BT_BUILD_EXAMPLES=OFF)");
#else
  const Bytes md_bytes = read_file(std::string(BT_VECTORS_DIR) + "/metadata/spec143_v14.scale");
  const auto md = bt::metadata::Metadata::decode(md_bytes).value();
  auto c =
      bt::yuma::load_case_file(std::string(BT_VECTORS_DIR) + "/yuma/spec143_chain_recorded_scenario.json")
          .value();
  const auto& step = c.steps[3];
  const std::uint64_t e = step.input.current_block;
  bt::test::ScriptedChain chain(143, md_bytes);
  bt::test::subnet::Writer w{md, [&](const Bytes& k, const Bytes& v) { chain.set(e - 1, k, v); }};
  w.write_input(e - 1, step.input, 10);
  REQUIRE(bt::metagraph::next_epoch_block(1, 10, e - 1) == e);
  const std::string url = chain.url();
  const std::string at = " --block " + std::to_string(e - 1);
  const auto n = step.input.n;

  SECTION("--json carries the storage and the prediction") {
    auto r = run_tool(url + " 1" + at + " --predict --json");
    INFO(r.err);
    REQUIRE(r.code == 0);
    auto j = nlohmann::json::parse(r.out);
    CHECK(j["block"] == e - 1);
    CHECK(j["generation"] == "spec143");
    CHECK(j["n"] == n);
    CHECK(j["predicted_epoch_block"] == e);
    REQUIRE(j["neurons"].size() == n);
    for (std::uint16_t u = 0; u < n; ++u) {
      const auto& x = j["neurons"][u];
      CHECK(x["uid"] == u);
      CHECK(x["stake"] == step.input.stake[u]);
      CHECK(x["last_update"] == step.input.last_update[u]);
      CHECK(x["predicted"]["incentive"] == step.expected.incentive[u]);
      CHECK(x["predicted"]["dividends"] == step.expected.dividends[u]);
      CHECK(x["predicted"]["emission"] == step.expected.emission[u]);
      CHECK(x["predicted"]["consensus"] == step.expected.consensus[u]);
    }
    CHECK(r.err.find("syncing subnet 1") != std::string::npos);  // progress on stderr
    CHECK(r.err.find("round trips") != std::string::npos);
  }
  SECTION("--csv: a header and one row per uid") {
    auto r = run_tool(url + " 1" + at + " --csv");
    REQUIRE(r.code == 0);
    std::size_t lines = 0;
    for (char ch : r.out) lines += ch == '\n';
    CHECK(lines == n + 1u);
    CHECK(r.out.rfind("uid,hotkey,coldkey,stake,", 0) == 0);
    CHECK(r.out.find("\n0,") != std::string::npos);
  }
  SECTION("the table") {
    auto r = run_tool(url + " 1" + at + " --predict");
    REQUIRE(r.code == 0);
    CHECK(r.out.find("subnet 1 at block " + std::to_string(e - 1)) != std::string::npos);
    CHECK(r.out.find("predicted epoch block: " + std::to_string(e)) != std::string::npos);
  }
  SECTION("chain errors exit 1 with the typed error") {
    auto r = run_tool(url + " 1 --block 999999");
    CHECK(r.code == 1);
    CHECK(r.err.find("block not found") != std::string::npos);
    r = run_tool(url + " 7" + at);
    CHECK(r.code == 1);
    CHECK(r.err.find("NetworksAdded[7]") != std::string::npos);
    r = run_tool("ws://127.0.0.1:1 1");
    CHECK(r.code == 1);
    CHECK(r.out.empty());
  }
  SECTION("bad arguments exit 2 before connecting") {
    for (const char* args : {"", "ws://127.0.0.1:1", "ws://127.0.0.1:1 1 --json --csv",
                             "ws://127.0.0.1:1 65536", "ws://127.0.0.1:1 1 --block", "ftp://x 1"}) {
      INFO(args);
      auto r = run_tool(args);
      CHECK(r.code == 2);
      CHECK(r.err.rfind("bt-metagraph: error: ", 0) == 0);
      CHECK(r.err.find("connecting") == std::string::npos);
    }
  }
#endif
}

TEST_CASE("bt-metagraph: a head runtime (layout built from source) with a uid hole") {
#ifndef BT_METAGRAPH_TOOL
  BT_SKIP("bt-metagraph is not built (BT_BUILD_EXAMPLES=OFF)");
#else
  const Bytes md_bytes = read_file(std::string(BT_VECTORS_DIR) + "/metadata/head_14bc6f9f_built_v14.scale");
  const auto md = bt::metadata::Metadata::decode(md_bytes).value();
  auto c =
      bt::yuma::load_case_file(std::string(BT_VECTORS_DIR) + "/yuma/head_edge_unregistered_uid_hole.json")
          .value();
  const auto& step = c.steps[0];
  const std::uint64_t e = step.input.current_block;
  bt::test::ScriptedChain chain(425, md_bytes);
  bt::test::subnet::Writer w{md, [&](const Bytes& k, const Bytes& v) { chain.set(e - 1, k, v); },
                             bt::test::subnet::Layout::head};
  w.write_input(e - 1, step.input, 0);
  const std::string args = chain.url() + " " + std::to_string(step.input.netuid) + " --block " +
                           std::to_string(e - 1) + " --predict";
  for (const char* fmt : {" --json", " --csv", ""}) {
    auto r = run_tool(args + fmt);
    INFO(fmt << r.err);
    REQUIRE(r.code == 0);
    if (std::string(fmt) == " --json") {
      auto j = nlohmann::json::parse(r.out);
      CHECK(j["generation"] == "head");
      CHECK(j["predicted_epoch_block"] == e);
      CHECK(j["neurons"].size() == step.input.n);
      CHECK(j["mechanism"] == 0);
      CHECK(j["hyperparameters"]["mechanism_count"] == 1);
    }
  }
  auto r = run_tool(args + " --mechanism 1");  // the subnet has one mechanism
  CHECK(r.code == 1);
  CHECK(r.err.find("MechanismCountCurrent") != std::string::npos);
  r = run_tool(args + " --mechanism 256");
  CHECK(r.code == 2);
#endif
}
