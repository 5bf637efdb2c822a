// SPDX-License-Identifier: MIT
// The bt-metadata command-line tool (built from examples/metadata when BT_BUILD_EXAMPLES is on).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <bt/bytes.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "support/skip.hpp"
#include "support/test_paths.hpp"

namespace {
namespace fs = std::filesystem;
fs::path tool() { return fs::path(BT_BINARY_DIR) / "examples" / "bt-metadata"; }
std::string quote(const std::string& s) {
  std::string q;
  q += '\'';
  q += s;
  q += '\'';
  return q;
}
int run(const std::string& args, std::string& out) {
  std::string cmd = quote(tool().string());
  cmd += ' ';
  cmd += args;
  cmd += " 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return -1;
  char buf[4096];
  out.clear();
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int rc = pclose(p);
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}
std::string vec(const char* name) { return quote((bt::test::vectors_dir() / "metadata" / name).string()); }
}  // namespace

TEST_CASE("bt-metadata summary and decode-value", "[metadata][tool]") {
  if (!fs::exists(tool())) {
    BT_SKIP(tool().string() << " not built (BT_BUILD_EXAMPLES=OFF)");
  }
  std::string out;
  REQUIRE(run("summary " + vec("raonet_v14.scale"), out) == 0);
  auto j = nlohmann::json::parse(out);
  CHECK(j["version"] == 14);
  CHECK(j["extrinsic"]["version"] == 4);
  CHECK(j["extrinsic"]["extensions"][0] == "CheckNonZeroSender");
  bool found = false;
  for (const auto& p : j["pallets"]) {
    if (p["name"] != "SubtensorModule") continue;
    found = true;
    CHECK(p["index"] == 7);
    CHECK(p["calls"][0] == "set_weights");
    CHECK(p["errors"].size() > 10);
    CHECK(!p["storage"].empty());
    CHECK(!p["events"].empty());
    CHECK(!p["constants"].empty());
  }
  CHECK(found);
  // keys in the documented order
  CHECK(out.rfind("{\"version\":14,\"pallets\":[{\"name\":\"System\",\"index\":0,\"calls\":[", 0) == 0);

  // hex text input, as state_getMetadata returns it
  std::string raw = bt::test::read_text_file(bt::test::vectors_dir() / "metadata" / "spec143_v14.scale");
  fs::path hex_file = fs::path(BT_BINARY_DIR) / "spec143_v14.hex";
  std::ofstream(hex_file) << bt::to_hex(bt::as_bytes(raw)) << "\n";
  std::string out2;
  REQUIRE(run("summary " + quote(hex_file.string()), out2) == 0);
  CHECK(nlohmann::json::parse(out2)["version"] == 14);

  // decode-value: find the u128 type id, decode u128::MAX
  std::string name;
  int u128_id = -1;
  for (int id = 0; id < 200 && u128_id < 0; ++id) {
    if (run("type-name " + vec("raonet_v15.scale") + " " + std::to_string(id), name) == 0 && name == "u128\n")
      u128_id = id;
  }
  REQUIRE(u128_id >= 0);
  REQUIRE(run("decode-value " + vec("raonet_v15.scale") + " " + std::to_string(u128_id) + " 0x" +
                  std::string(32, 'f'),
              out) == 0);
  CHECK(out == "\"340282366920938463463374607431768211455\"\n");
  // errors: truncated value, unknown type, bad file, bad usage
  CHECK(run("decode-value " + vec("raonet_v15.scale") + " " + std::to_string(u128_id) + " 0xff", out) == 1);
  CHECK(run("decode-value " + vec("raonet_v15.scale") + " 99999999 0x00", out) == 1);
  // An unreadable FILE is a bad argument (exit 2, issue 14 finding 9): missing, a directory, a device.
  CHECK(run("summary /nonexistent/file", out) == 2);
  CHECK(run("summary " + quote(bt::test::vectors_dir().string()), out) == 2);
  CHECK(run("summary /dev/zero", out) == 2);
  CHECK(run("summary " + vec("README.md"), out) == 1);
  CHECK(run("frobnicate", out) == 2);
}
