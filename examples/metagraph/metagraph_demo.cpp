// SPDX-License-Identifier: MIT
// The main job on a real runtime: set up a subnet on a local spec-143 chain (chopsticks, dev_* RPCs) with
// signed transactions, then for several epochs sync the metagraph at E-1, predict the epoch, let the chain
// run it, and print per neuron the predicted and the on-chain values and a verdict.
//
//   metagraph_demo --local ws://127.0.0.1:9969 [--epochs 3]   # drive a local chain (scripts/demo does this)
//   metagraph_demo --url wss://node:443 --netuid 1             # any node: prediction only
//
// Exit codes: 0 identical (or prediction printed), 1 differences or chain errors, 2 bad arguments.
#include <bt/client/client.hpp>
#include <bt/client/submit.hpp>
#include <bt/client/typed.hpp>
#include <bt/crypto/keypair.hpp>
#include <bt/crypto/ss58.hpp>
#include <bt/metadata/calls.hpp>
#include <bt/metagraph/metagraph.hpp>
#include <bt/metagraph/predict.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace mg = bt::metagraph;
namespace ext = bt::client;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

[[noreturn]] void die(const std::string& what) {
  std::cerr << "metagraph_demo: " << what << "\n";
  std::exit(1);
}

template <class T>
T need(bt::Result<T> r, const std::string& what) {
  if (!r) die(what + ": " + r.error().to_string());
  return std::move(*r);
}

struct Local {
  bt::client::Client& c;
  const bt::metadata::Metadata& md;

  void blocks(int n) {
    need(c.rpc().call("dev_newBlock", json::array({json{{"count", n}}}).dump(), 180s), "dev_newBlock");
  }
  std::uint64_t head() { return need(c.header(), "header").number; }
  bt::Bytes call(std::string_view pallet, std::string_view name, const json& args) {
    return need(bt::metadata::encode_call_json(md, pallet, name, args.dump()),
                std::string(pallet) + "." + std::string(name));
  }
  bt::Bytes sudo(const bt::Bytes& inner) {
    auto v = need(bt::metadata::decode_value(md.types, *md.runtime_call_type(), inner), "decode call");
    return need(bt::metadata::encode_call(md, "Sudo", "sudo", bt::metadata::Value::composite({{"call", v}})),
                "sudo");
  }
  // Submits, builds one block, checks every outcome.
  std::vector<ext::ExtrinsicOutcome> run(
      const std::vector<std::pair<bt::Bytes, const bt::crypto::Keypair*>>& items, const std::string& what) {
    std::vector<bt::Bytes> xts;
    for (const auto& [call, signer] : items) {
      xts.push_back(need(ext::create_signed(c, md, call, *signer), what + ": sign"));
      need(c.submit_extrinsic(xts.back()), what + ": submit");
    }
    blocks(1);
    const auto best = need(c.best_hash(), "best hash");
    std::vector<ext::ExtrinsicOutcome> out;
    for (const auto& xt : xts) {
      auto o = need(ext::find_outcome(c, md, best, xt), what + ": outcome");
      if (!o) die(what + ": not included");
      if (o->error) die(what + ": " + o->error->to_string());
      out.push_back(std::move(*o));
    }
    std::cerr << "  block " << head() << ": " << what << " ok\n";
    return out;
  }
};

std::string hex(const bt::crypto::Keypair& k) { return bt::to_hex(k.account_id()); }

void print_table(const mg::Snapshot& before, const mg::Prediction& p, const mg::Snapshot& after) {
  std::printf("%4s %-10s %14s | %13s %13s | %13s %13s | %13s %13s | %5s\n", "uid", "hotkey", "stake (TAO)",
              "incentive p", "chain", "dividends p", "chain", "emission p", "chain", "same");
  for (std::uint16_t u = 0; u < before.n; ++u) {
    const bool same =
        p.output.incentive[u] == after.incentive[u] && p.output.dividends[u] == after.dividends[u] &&
        p.output.emission[u] == after.emission[u] && p.output.consensus[u] == after.consensus[u] &&
        p.output.validator_trust[u] == after.validator_trust[u];
    const std::string hk = bt::crypto::ss58_encode(before.hotkeys[u]).value_or("?").substr(0, 10);
    std::printf("%4u %-10s %14.3f | %13u %13u | %13u %13u | %13llu %13llu | %5s\n", u, hk.c_str(),
                static_cast<double>(before.stake[u]) / 1e9, p.output.incentive[u], after.incentive[u],
                p.output.dividends[u], after.dividends[u],
                static_cast<unsigned long long>(p.output.emission[u]),
                static_cast<unsigned long long>(after.emission[u]), same ? "yes" : "NO");
  }
}

int run_local(const std::string& url, int epochs) {
  auto client = need(bt::client::Client::connect(url), "connect " + url);
  auto& c = *client;
  auto md = need(bt::client::decoded_metadata(c), "metadata");
  Local ch{c, *md};
  const auto version = need(c.runtime_version(), "runtime version");
  std::cerr << "local chain " << url << ": runtime spec " << version.spec_version << "\n";
  const std::uint16_t tempo = 4;
  std::vector<bt::crypto::Keypair> cold, hot;
  const char* names[] = {"Alice", "Bob", "Charlie", "Dave", "Eve", "Ferdie"};
  for (const char* n : names) {
    cold.push_back(need(bt::crypto::Keypair::from_uri(std::string("//") + n), "key"));
    hot.push_back(need(bt::crypto::Keypair::from_uri(std::string("//") + n + "//demo"), "key"));
  }
  json accounts = json::array();
  for (std::size_t i = 0; i < 3; ++i)
    accounts.push_back(json::array({json::array({need(bt::crypto::ss58_encode(hot[i].account_id()), "ss58")}),
                                    {{"providers", 1}, {"data", {{"free", "1000000000000000"}}}}}));
  need(c.rpc().call("dev_setStorage", json::array({{{"System", {{"Account", accounts}}}}}).dump()),
       "fund hotkeys");
  ch.blocks(1);
  std::cerr << "setting up a subnet with signed transactions...\n";
  ch.run({{ch.sudo(ch.call("AdminUtils", "sudo_set_network_rate_limit", json::array({0}))), &cold[0]}},
         "sudo: network rate limit 0");
  auto rn =
      ch.run({{ch.call("SubtensorModule", "register_network", json::array()), &cold[0]}}, "register_network");
  const auto* added = rn[0].find_event("SubtensorModule", "NetworkAdded");
  if (!added) die("no NetworkAdded event");
  const auto netuid = static_cast<std::uint16_t>(need(added->fields.at(0)->to_u64(), "netuid"));
  for (const auto& [name, arg] :
       std::vector<std::pair<const char*, std::uint64_t>>{{"sudo_set_tempo", tempo},
                                                          {"sudo_set_weights_set_rate_limit", 0},
                                                          {"sudo_set_min_allowed_weights", 1},
                                                          {"sudo_set_max_allowed_validators", 3},
                                                          {"sudo_set_max_weight_limit", 65535},
                                                          {"sudo_set_max_registrations_per_block", 32},
                                                          {"sudo_set_target_registrations_per_interval", 32}})
    ch.run({{ch.sudo(ch.call("AdminUtils", name, json::array({netuid, arg}))), &cold[0]}},
           std::string("sudo: ") + name + " " + std::to_string(arg));
  need(c.rpc().call(
           "dev_setStorage",
           json::array(
               {{{"SubtensorModule",
                  {{"EmissionValues", json::array({json::array({json::array({netuid}), "1000000000"})})}}}}})
               .dump()),
       "EmissionValues");
  std::vector<std::pair<bt::Bytes, const bt::crypto::Keypair*>> regs;
  for (std::size_t i = 0; i < 6; ++i)
    regs.push_back(
        {ch.call("SubtensorModule", "burned_register", json::array({netuid, hex(hot[i])})), &cold[i]});
  ch.run(regs, "burned_register x6 (3 validators, 3 miners)");
  const std::uint64_t tao = 1'000'000'000;
  ch.run({{ch.call("SubtensorModule", "add_stake", json::array({hex(hot[0]), std::to_string(1000 * tao)})),
           &cold[0]},
          {ch.call("SubtensorModule", "add_stake", json::array({hex(hot[1]), std::to_string(400 * tao)})),
           &cold[1]},
          {ch.call("SubtensorModule", "add_stake", json::array({hex(hot[2]), std::to_string(150 * tao)})),
           &cold[2]}},
         "add_stake x3");
  // an epoch to hand out validator permits by stake
  const auto first = *mg::next_epoch_block(netuid, tempo, ch.head());
  ch.blocks(static_cast<int>(first - ch.head()));

  int identical = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (int k = 0; k < epochs; ++k) {
    std::vector<std::pair<bt::Bytes, const bt::crypto::Keypair*>> w;
    for (std::size_t v = 0; v < 3; ++v) {
      json dests = json::array(), vals = json::array();
      for (std::uint16_t j = 3; j < 6; ++j) {
        dests.push_back(j);
        vals.push_back(1 + (static_cast<unsigned>(k) * 20011u + v * 7919u + j * 4093u) % 65535u);
      }
      w.push_back(
          {ch.call("SubtensorModule", "set_weights", json::array({netuid, dests, vals, 0})), &hot[v]});
    }
    ch.run(w, "set_weights x3 (new weights for epoch " + std::to_string(k + 1) + ")");
    const auto e = *mg::next_epoch_block(netuid, tempo, ch.head());
    if (e - 1 > ch.head()) ch.blocks(static_cast<int>(e - 1 - ch.head()));
    auto before = need(mg::sync(c, netuid, e - 1), "sync at E-1");
    auto p = need(mg::predict_epoch(before), "predict");
    ch.blocks(1);
    auto after = need(mg::sync(c, netuid, e), "sync at E");
    auto diffs = need(mg::compare(p, after), "compare");
    std::printf(
        "\nepoch %d of subnet %u at block %llu (predicted from block %llu, %u round trips, emission %llu "
        "rao)\n",
        k + 1, netuid, static_cast<unsigned long long>(e), static_cast<unsigned long long>(before.block),
        before.stats.round_trips, static_cast<unsigned long long>(p.input.rao_emission));
    print_table(before, p, after);
    if (diffs.empty()) {
      std::printf(
          "every field the epoch wrote (rank, trust, consensus, incentive, dividends, emission, validator "
          "trust, pruning scores, active, permits, bonds, emission tuples) equals the prediction\n");
      ++identical;
    } else {
      for (const auto& d : diffs) std::printf("  DIFFERENCE %s\n", mg::to_string(d).c_str());
    }
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("\nverdict: %s (%d of %d epochs identical, %.1f s)\n",
              identical == epochs ? "identical" : "DIFFERENCES", identical, epochs, secs);
  return identical == epochs ? 0 : 1;
}

int run_remote(const std::string& url, std::uint16_t netuid) {
  auto client = need(bt::client::Client::connect(url), "connect " + url);
  auto s = need(mg::sync(*client, netuid), "sync");
  auto p = need(mg::predict_epoch(s), "predict");
  std::printf("subnet %u at block %llu (%s): n=%u, %u round trips, %.0f ms\n", netuid,
              static_cast<unsigned long long>(s.block), mg::to_string(s.generation), s.n, s.stats.round_trips,
              s.stats.seconds * 1000);
  std::printf("next epoch at block %llu%s\n", static_cast<unsigned long long>(p.epoch_block),
              p.exact ? "" : " (assuming no extrinsics until then)");
  std::printf("%4s %-10s %10s %10s %14s %4s\n", "uid", "hotkey", "incentive", "dividends", "emission", "vp");
  // Head runtimes write one entry per registered uid (column_index maps a uid to it).
  const auto& o = p.output;
  for (std::uint16_t u = 0; u < s.n; ++u) {
    const auto k = mg::column_index(s, u);
    if (!k || *k >= o.incentive.size() || *k >= o.dividends.size() || *k >= o.emission.size() ||
        *k >= o.validator_permit.size())
      continue;
    std::printf("%4u %-10s %10u %10u %14llu %4s\n", u,
                bt::crypto::ss58_encode(s.hotkeys[u]).value_or("?").substr(0, 10).c_str(), o.incentive[*k],
                o.dividends[*k], static_cast<unsigned long long>(o.emission[*k]),
                o.validator_permit[*k] ? "yes" : "no");
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string local, url;
  int epochs = 3;
  long netuid = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << "metagraph_demo: " << a << " needs a value\n";
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--local")
      local = value();
    else if (a == "--url")
      url = value();
    else if (a == "--epochs")
      epochs = std::atoi(value().c_str());
    else if (a == "--netuid")
      netuid = std::atol(value().c_str());
    else {
      std::cerr << "usage: metagraph_demo --local WS_URL [--epochs N] | --url URL [--netuid N]\n";
      return 2;
    }
  }
  if (epochs < 1 || epochs > 100 || netuid < 0 || netuid > 65535 || local.empty() == url.empty()) {
    std::cerr << "usage: metagraph_demo --local WS_URL [--epochs N] | --url URL [--netuid N]\n";
    return 2;
  }
  return url.empty() ? run_local(local, epochs) : run_remote(url, static_cast<std::uint16_t>(netuid));
}
