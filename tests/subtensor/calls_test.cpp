// SPDX-License-Identifier: MIT
// Every call builder against the spec-218 (raonet) metadata, byte for byte with polkadot-js: the stored
// reference tests/vectors/subtensor/polkadotjs_calls.json (tests/interop-extrinsic/calls.js) and, when the
// pinned node_modules are installed, a live re-run of that script. Calls the runtime lacks and fields it
// lacks are typed errors naming them.
#include <unistd.h>

#include <bt/crypto/keypair.hpp>
#include <bt/metadata/calls.hpp>
#include <bt/metadata/value.hpp>
#include <bt/subtensor/calls.hpp>
#include <bt/subtensor/calls_admin.hpp>
#include <bt/subtensor/calls_stake.hpp>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <string>

#include "support/skip.hpp"
#include "support/test_paths.hpp"

using namespace bt::subtensor;
using bt::Bytes;
using bt::crypto::AccountId32;
using bt::metadata::Metadata;
using bt::metadata::MetadataError;
using bt::metadata::Value;

namespace {
std::filesystem::path repo_root() { return bt::test::vectors_dir().parent_path().parent_path(); }

const Metadata& md() {
  static Metadata m = [] {
    std::string s = bt::test::read_text_file(bt::test::vectors_dir() / "metadata" / "raonet_v14.scale");
    return Metadata::decode(bt::as_bytes(s)).value();
  }();
  return m;
}
AccountId32 alice() {
  return AccountId32::from_hex("d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d").value();
}
AccountId32 bob() {
  return AccountId32::from_hex("8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48").value();
}

// Our builder for each case of calls.js, with the same arguments.
std::map<std::string, std::function<bt::Result<Bytes>()>> builders() {
  const Metadata& m = md();
  std::map<std::string, std::function<bt::Result<Bytes>()>> b;
  b["set_weights"] = [&] { return set_weights_call(m, 3, EmitWeights{{0, 1, 7}, {65535, 100, 1}}, 2001); };
  b["commit_weights"] = [&] {
    std::string h;
    for (int i = 0; i < 32; ++i) h += "ab";
    return commit_weights_call(m, 3, bt::Hash256::from_hex(h).value());
  };
  b["reveal_weights"] = [&] {
    std::vector<std::uint16_t> salt{1, 2, 3};
    return reveal_weights_call(m, 3, EmitWeights{{0, 1}, {65535, 2}}, salt, 7);
  };
  b["batch_reveal_weights"] = [&] {
    std::vector<WeightsReveal> r{{EmitWeights{{0, 1}, {65535, 2}}, {1, 2}, 7},
                                 {EmitWeights{{2}, {9}}, {3}, 8}};
    return batch_reveal_weights_call(m, 3, r);
  };
  b["add_stake"] = [&] { return add_stake_call(m, bob(), 3, 1'000'000'000'000); };
  b["remove_stake"] = [&] { return remove_stake_call(m, bob(), 3, 123456789); };
  b["move_stake"] = [&] { return move_stake_call(m, alice(), bob(), 1, 3, 5'000'000'000); };
  b["transfer_keep_alive"] = [&] { return transfer_keep_alive_call(m, bob(), 1'000'000'000); };
  b["transfer_allow_death"] = [&] { return transfer_allow_death_call(m, bob(), UINT64_MAX); };
  b["transfer_all"] = [&] { return transfer_all_call(m, bob(), true); };
  b["burned_register"] = [&] { return burned_register_call(m, 3, bob()); };
  b["register_network"] = [&] { return register_network_call(m, bob()); };
  b["root_register"] = [&] { return root_register_call(m, bob()); };
  b["serve_axon"] = [&] {
    AxonParams a;
    a.version = 9;
    a.ip = 3232235777u;
    a.port = 8091;
    return serve_axon_call(m, 3, a);
  };
  b["serve_prometheus"] = [&] {
    PrometheusParams p;
    p.version = 9;
    p.ip = 3232235777u;
    p.port = 7091;
    return serve_prometheus_call(m, 3, p);
  };
  b["set_children"] = [&] {
    std::vector<Child> c{{9223372036854775807ull, bob()}, {UINT64_MAX, alice()}};
    return set_children_call(m, alice(), 3, c);
  };
  b["set_childkey_take"] = [&] { return set_childkey_take_call(m, alice(), 3, 1000); };
  b["set_identity"] = [&] {
    ChainIdentity id;
    id.name = "bt-cpp";
    id.url = "https://example.org";
    id.discord = "d#1";
    id.description = "validator";
    id.additional = "x";
    return set_identity_call(m, id);
  };
  b["set_subnet_identity"] = [&] {
    SubnetIdentity id;
    id.subnet_name = "sn3";
    id.github_repo = "https://github.com/x/y";
    id.subnet_contact = "a@b.c";
    return set_subnet_identity_call(m, 3, id);
  };
  b["sudo_set_tempo"] = [&] { return sudo_set_tempo(m, 3, 10); };
  b["sudo_set_weights_set_rate_limit"] = [&] { return sudo_set_weights_set_rate_limit(m, 3, 0); };
  b["sudo_set_commit_reveal_weights_enabled"] = [&] {
    return sudo_set_commit_reveal_weights_enabled(m, 3, false);
  };
  b["batch_all"] = [&] {
    std::vector<Bytes> calls{transfer_keep_alive_call(m, bob(), 1'000'000'000).value(),
                             add_stake_call(m, bob(), 3, 1'000'000'000'000).value()};
    return batch_all_call(m, calls);
  };
  return b;
}

void compare_with(const Value& doc, const std::string& what) {
  const Value* cases = doc.field("cases");
  REQUIRE(cases);
  auto b = builders();
  REQUIRE(cases->items().size() == b.size());
  for (const auto& c : cases->items()) {
    const std::string name = c.field("name")->str();
    INFO(what << ": " << name);
    auto it = b.find(name);
    REQUIRE(it != b.end());
    auto built = it->second();
    if (!built) FAIL(built.error().to_string());
    CHECK(bt::to_hex(*built) == c.field("call_hex")->str());
    // and the decoded call names the expected pallet/call
    auto dec = bt::metadata::decode_call(md(), *built).value();
    CHECK(dec.pallet == c.field("pallet")->str());
    CHECK(dec.call == c.field("call")->str());
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

TEST_CASE("calls: every builder equals polkadot-js's encoding (stored reference)") {
  auto doc = bt::metadata::from_json(
                 bt::test::read_text_file(bt::test::vectors_dir() / "subtensor" / "polkadotjs_calls.json"))
                 .value();
  compare_with(doc, "stored");
}

TEST_CASE("interop: call builders equal polkadot-js's (live node run)") {
  auto nm = node_modules();
  if (!nm) {
    std::cerr << "######## SKIPPED live polkadot-js run: no tests/interop-extrinsic/node_modules ########\n";
    BT_SKIP("polkadot-js node_modules absent (run npm ci in tests/interop-extrinsic)");
  }
  const auto out =
      std::filesystem::temp_directory_path() / ("bt_interop_calls_" + std::to_string(::getpid()) + ".json");
  const std::string cmd = "cd '" + repo_root().string() + "' && NODE_PATH='" + nm->string() +
                          "' node tests/interop-extrinsic/calls.js > '" + out.string() + "' 2>/dev/null";
  REQUIRE(std::system(cmd.c_str()) == 0);
  auto doc = bt::metadata::from_json(bt::test::read_text_file(out)).value();
  std::filesystem::remove(out);
  compare_with(doc, "live");
}

TEST_CASE("calls: operations spec 218 lacks are typed errors naming the call") {
  const Metadata& m = md();
  auto check_missing = [](const bt::Result<Bytes>& r, const std::string& name) {
    REQUIRE_FALSE(r);
    CHECK(r.error().code() == MetadataError::not_found);
    CHECK(r.error().to_string().find(name) != std::string::npos);
  };
  check_missing(add_stake_limit_call(m, bob(), 3, 1, 2, true), "add_stake_limit");
  check_missing(remove_stake_limit_call(m, bob(), 3, 1, 2, false), "remove_stake_limit");
  check_missing(swap_stake_call(m, bob(), 1, 2, 3), "swap_stake");
  check_missing(transfer_stake_call(m, alice(), bob(), 1, 2, 3), "transfer_stake");
  check_missing(unstake_all_call(m, bob()), "unstake_all");
  check_missing(unstake_all_alpha_call(m, bob()), "unstake_all_alpha");
  // a field the runtime has no place for is never dropped
  ChainIdentity id;
  id.github_repo = "https://github.com/x/y";
  check_missing(set_identity_call(m, id), "github_repo");
  SubnetIdentity sid;
  sid.logo_url = "https://x/logo.png";
  check_missing(set_subnet_identity_call(m, 1, sid), "logo_url");
  check_missing(sudo_set_hyperparameter(m, "no_such_param", 1, 1), "sudo_set_no_such_param");
  // a setter that is not (netuid, value)
  auto r = sudo_set_hyperparameter(m, "alpha_values", 1, 1);
  REQUIRE_FALSE(r);
  CHECK(r.error().code() == MetadataError::type_mismatch);
  // value too large for the argument's type (tempo is u16)
  auto big = sudo_set_hyperparameter(m, "tempo", 1, 70000);
  REQUIRE_FALSE(big);
}

TEST_CASE("calls: batch_all and sudo reject bytes that are not a RuntimeCall") {
  const Metadata& m = md();
  std::vector<Bytes> bad{Bytes{0xff, 0x00}};
  CHECK_FALSE(batch_all_call(m, bad));
  std::vector<Bytes> trunc{add_stake_call(m, bob(), 3, 5).value()};
  trunc[0].pop_back();
  CHECK_FALSE(batch_all_call(m, trunc));
  auto extra = add_stake_call(m, bob(), 3, 5).value();
  extra.push_back(0);
  CHECK_FALSE(sudo_call(m, extra));
  CHECK_FALSE(sudo_call(m, Bytes{}));
  std::vector<Bytes> none;
  CHECK(bt::to_hex(batch_all_call(m, none).value()) ==
        bt::to_hex(bt::metadata::encode_call(m, "Utility", "batch_all",
                                             Value::composite({{"calls", Value::sequence({})}}))
                       .value()));
  // batch_reveal_weights with uids/values of different lengths
  std::vector<WeightsReveal> r{{EmitWeights{{0, 1}, {65535}}, {1}, 0}};
  auto br = batch_reveal_weights_call(m, 1, r);
  REQUIRE_FALSE(br);
  CHECK(br.error().code() == SubtensorError::length_mismatch);
}

TEST_CASE("calls: stake_limit_price follows the SDK (price_tao * (1 +- tolerance), int(x * 1e9))") {
  // price 0.5 TAO/alpha, 0.5 % tolerance: 0.5 * 1.005 = 0.5025 -> 502500000 (double 0.50249999.. * 1e9
  // truncates like Python int()).
  const double up = 0.5 * (1 + 0.005) * 1e9;
  CHECK(stake_limit_price(500'000'000, 3, 0.005, StakeDirection::stake).value() ==
        static_cast<std::uint64_t>(up));
  CHECK(stake_limit_price(500'000'000, 3, 0.005, StakeDirection::unstake).value() ==
        static_cast<std::uint64_t>(0.5 * (1 - 0.005) * 1e9));
  // Python: int(0.5 * 1.005 * 1e9) == 502499999 (binary rounding), int(0.5 * 0.995 * 1e9) == 497500000
  CHECK(stake_limit_price(500'000'000, 3, 0.005, StakeDirection::stake).value() == 502499999);
  CHECK(stake_limit_price(500'000'000, 3, 0.005, StakeDirection::unstake).value() == 497500000);
  // root: the price itself
  CHECK(stake_limit_price(1'000'000'000, 0, 0.5, StakeDirection::stake).value() == 1'000'000'000);
  CHECK(stake_limit_price(123, 1, 0, StakeDirection::unstake).value() == 123);
  CHECK_FALSE(stake_limit_price(1, 1, -0.1, StakeDirection::stake));
  CHECK_FALSE(stake_limit_price(1, 1, 1.5, StakeDirection::stake));
  CHECK_FALSE(stake_limit_price(1, 1, std::nan(""), StakeDirection::stake));
  CHECK_FALSE(stake_limit_price(UINT64_MAX, 1, 1.0, StakeDirection::stake));
}

TEST_CASE("calls: child_proportion is int(p * (2**64 - 1)) saturated at u64::MAX") {
  CHECK(child_proportion(0).value() == 0);
  CHECK(child_proportion(1).value() == UINT64_MAX);
  CHECK(child_proportion(0.5).value() == 9223372036854775808ull);  // Python: int(0.5 * (2**64-1))
  CHECK(child_proportion(0.25).value() == 4611686018427387904ull);
  CHECK_FALSE(child_proportion(-0.1));
  CHECK_FALSE(child_proportion(1.01));
  CHECK_FALSE(child_proportion(std::nan("")));
}
