// SPDX-License-Identifier: MIT
// Byte-identical signed extrinsics with polkadot-js (ed25519 keys, so signatures are deterministic).
// The reference outputs in tests/vectors/extrinsic/polkadotjs_signed.json were produced by
// tests/interop-extrinsic/sign.js from polkadotjs_cases.json (see tests/vectors/extrinsic/README.md); when
// the pinned node_modules are installed (tests/interop-extrinsic: npm ci, or
// $BT_INTEROP_EXTRINSIC_NODE_MODULES), the script is re-run live and compared as well; otherwise that part is
// skipped loudly.
#include <unistd.h>

#include <bt/crypto/keypair.hpp>
#include <bt/extrinsic/builder.hpp>
#include <bt/metadata/value.hpp>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <string>

#include "support/skip.hpp"
#include "support/test_paths.hpp"

using namespace bt::extrinsic;
using bt::Bytes;
using bt::metadata::Metadata;
using bt::metadata::Value;

namespace {
std::filesystem::path repo_root() { return bt::test::vectors_dir().parent_path().parent_path(); }

const Metadata& metadata_at(const std::string& rel) {
  static std::map<std::string, Metadata> cache;
  auto it = cache.find(rel);
  if (it == cache.end()) {
    std::string s = bt::test::read_text_file(repo_root() / rel);
    it = cache.emplace(rel, Metadata::decode(bt::as_bytes(s)).value()).first;
  }
  return it->second;
}

std::string str(const Value& v, const char* f) {
  const Value* x = v.field(f);
  REQUIRE(x);
  return x->str();
}
std::uint64_t num(const Value& v, const char* f) {
  const Value* x = v.field(f);
  REQUIRE(x);
  return x->to_u64().value();
}

struct Built {
  Bytes extrinsic;
  Bytes payload;  // unhashed call ++ extra ++ additional
};

Built build_case(const Value& c) {
  const Metadata& md = metadata_at(str(c, "metadata"));
  Bytes call = bt::from_hex(str(c, "call")).value();
  auto seed = bt::from_hex(str(c, "seed")).value();
  auto key = bt::crypto::Keypair::from_seed(seed, bt::crypto::Scheme::ed25519).value();
  ExtensionParams p;
  p.spec_version = static_cast<std::uint32_t>(num(c, "specVersion"));
  p.transaction_version = static_cast<std::uint32_t>(num(c, "transactionVersion"));
  p.genesis_hash = bt::Hash256::from_hex(str(c, "genesisHash")).value();
  const std::uint64_t period = num(c, "period");
  p.era = period == 0 ? Era::immortal() : Era::mortal(period, num(c, "current"));
  p.era_block_hash = bt::Hash256::from_hex(str(c, "blockHash")).value();
  p.nonce = num(c, "nonce");
  p.tip = num(c, "tip");
  Built b;
  b.extrinsic = build_signed(md, call, key, p).value();
  auto ext = encode_extensions(md, p).value();
  b.payload = call;
  b.payload.insert(b.payload.end(), ext.extra.begin(), ext.extra.end());
  b.payload.insert(b.payload.end(), ext.additional.begin(), ext.additional.end());
  return b;
}

void compare(const Value& cases, const Value& results, const std::string& what) {
  REQUIRE(cases.items().size() == results.items().size());
  REQUIRE(cases.items().size() >= 20);
  for (std::size_t i = 0; i < cases.items().size(); ++i) {
    INFO(what << " case #" << i);
    Built b = build_case(cases.items()[i]);
    CHECK(bt::to_hex(b.extrinsic) == str(results.items()[i], "extrinsic"));
    CHECK(bt::to_hex(b.payload) == str(results.items()[i], "payload"));
  }
}

std::optional<std::filesystem::path> node_modules() {
  if (const char* env = std::getenv("BT_INTEROP_EXTRINSIC_NODE_MODULES"); env && *env)
    return std::filesystem::path(env);
  auto p = repo_root() / "tests" / "interop-extrinsic" / "node_modules";
  if (std::filesystem::exists(p / "@polkadot" / "types")) return p;
  return std::nullopt;
}
}  // namespace

TEST_CASE("interop: signed extrinsics equal polkadot-js's (stored reference)") {
  auto cases = bt::metadata::from_json(
                   bt::test::read_text_file(bt::test::vectors_dir() / "extrinsic" / "polkadotjs_cases.json"))
                   .value();
  auto results = bt::metadata::from_json(bt::test::read_text_file(bt::test::vectors_dir() / "extrinsic" /
                                                                  "polkadotjs_signed.json"))
                     .value();
  compare(cases, results, "stored");
}

TEST_CASE("interop: signed extrinsics equal polkadot-js's (live node run)") {
  auto nm = node_modules();
  if (!nm) {
    std::cerr << "######## SKIPPED live polkadot-js run: no tests/interop-extrinsic/node_modules (npm ci "
                 "there) ########\n";
    BT_SKIP("polkadot-js node_modules absent (run npm ci in tests/interop-extrinsic)");
  }
  const auto out = std::filesystem::temp_directory_path() /
                   ("bt_interop_extrinsic_" + std::to_string(::getpid()) + ".json");
  const std::string cmd =
      "cd '" + repo_root().string() + "' && NODE_PATH='" + nm->string() +
      "' node tests/interop-extrinsic/sign.js tests/vectors/extrinsic/polkadotjs_cases.json > '" +
      out.string() + "' 2>/dev/null";
  REQUIRE(std::system(cmd.c_str()) == 0);
  auto cases = bt::metadata::from_json(
                   bt::test::read_text_file(bt::test::vectors_dir() / "extrinsic" / "polkadotjs_cases.json"))
                   .value();
  auto results = bt::metadata::from_json(bt::test::read_text_file(out)).value();
  std::filesystem::remove(out);
  compare(cases, results, "live");
}
