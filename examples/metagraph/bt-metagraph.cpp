// SPDX-License-Identifier: MIT
// bt-metagraph: a subnet's metagraph from a node, and optionally the prediction of its next epoch.
//
//   bt-metagraph ws://127.0.0.1:9945 1                 # table at the best block
//   bt-metagraph ws://127.0.0.1:9945 1 --block 41 --json
//   bt-metagraph ws://127.0.0.1:9945 1 --predict       # next epoch, predicted per uid
//
// Progress goes to stderr; the table / JSON / CSV to stdout. Exit codes: 0 ok, 1 chain or sync error,
// 2 bad arguments.
#include <bt/client/client.hpp>
#include <bt/crypto/ss58.hpp>
#include <bt/metagraph/metagraph.hpp>
#include <bt/metagraph/predict.hpp>

#include <cstdio>
#include <iostream>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "../common/cli.hpp"

namespace mg = bt::metagraph;

namespace {

const char* kUsage =
    "usage: bt-metagraph URL NETUID [--block N] [--mechanism K] [--predict] [--json | --csv]\n"
    "  URL        ws://, wss://, http:// or https:// node endpoint\n"
    "  NETUID     subnet id (0..65535)\n"
    "  --block N  read the state after block N (default: the best block)\n"
    "  --mechanism K  head runtimes: the mechanism whose incentive, last_update, weights and bonds are read\n"
    "             (default 0)\n"
    "  --predict  also predict the subnet's next epoch from that state (exact when N = epoch block - 1)\n"
    "  --json     machine-readable JSON on stdout\n"
    "  --csv      one CSV row per uid on stdout\n"
    "  --help     this text\n";

// Strict decimal in T's range (examples/common/cli.hpp).
template <class T>
std::optional<T> parse_uint(std::string_view s) {
  auto v = bt_cli::parse_uint(s, 0, std::numeric_limits<T>::max());
  if (!v) return std::nullopt;
  return static_cast<T>(*v);
}

int usage_error(const std::string& msg) { bt_cli::usage_error("bt-metagraph", msg); }

std::string ss58(const bt::crypto::AccountId32& a) {
  return bt::crypto::ss58_encode(a).value_or(bt::to_hex(a));
}

}  // namespace

// Element u of a column, or the type's zero when the column is shorter (head runtimes store one entry
// per registered uid and no rank/trust; a node may hold shorter vectors).
template <class V>
typename V::value_type at(const V& v, std::size_t u) {
  return u < v.size() ? static_cast<typename V::value_type>(v[u]) : typename V::value_type{};
}

int main(int argc, char** argv) {
  std::optional<std::string> url;
  std::optional<std::uint16_t> netuid;
  std::optional<std::uint64_t> block;
  bool predict = false, as_json = false, as_csv = false;
  mg::SyncOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      return 0;
    } else if (a == "--predict") {
      predict = true;
    } else if (a == "--json") {
      as_json = true;
    } else if (a == "--csv") {
      as_csv = true;
    } else if (a == "--mechanism") {
      if (i + 1 >= argc) return usage_error("--mechanism needs a mechanism id");
      const auto m = parse_uint<std::uint8_t>(argv[++i]);
      if (!m) return usage_error(std::string("--mechanism: not a mechanism id 0..255: ") + argv[i]);
      options.mechanism = *m;
    } else if (a == "--block") {
      if (i + 1 >= argc) return usage_error("--block needs a block number");
      block = parse_uint<std::uint64_t>(argv[++i]);
      if (!block) return usage_error(std::string("--block: not a block number: ") + argv[i]);
    } else if (a.size() > 1 && a[0] == '-') {
      return usage_error("unknown option " + std::string(a));
    } else if (!url) {
      url = std::string(a);
    } else if (!netuid) {
      netuid = parse_uint<std::uint16_t>(a);
      if (!netuid) return usage_error("NETUID must be an integer 0..65535, got " + std::string(a));
    } else {
      return usage_error("unexpected argument " + std::string(a));
    }
  }
  if (!url || !netuid) return usage_error("URL and NETUID are required");
  if (url->rfind("ws://", 0) != 0 && url->rfind("wss://", 0) != 0 && url->rfind("http://", 0) != 0 &&
      url->rfind("https://", 0) != 0)
    return usage_error("URL must start with ws://, wss://, http:// or https://, got '" + *url + "'");
  if (as_json && as_csv) return usage_error("--json and --csv exclude each other");

  std::cerr << "connecting to " << *url << "...\n";
  auto client = bt::client::Client::connect(*url);
  if (!client) {
    std::cerr << "bt-metagraph: " << client.error().to_string() << "\n";
    return 1;
  }
  std::cerr << "syncing subnet " << *netuid
            << (block ? " at block " + std::to_string(*block) : std::string(" at the best block")) << "...\n";
  auto s = mg::sync(**client, *netuid, block, options);
  if (!s) {
    std::cerr << "bt-metagraph: " << s.error().to_string() << "\n";
    return 1;
  }
  std::cerr << "synced block " << s->block << " (runtime " << mg::to_string(s->generation) << ", spec "
            << s->spec_version << "): n=" << s->n << " in " << s->stats.round_trips << " round trips, "
            << s->stats.requests << " requests, " << s->stats.keys_read << " keys, "
            << s->stats.seconds * 1000 << " ms\n";
  std::optional<mg::Prediction> p;
  if (predict) {
    auto r = mg::predict_epoch(*s);
    if (!r) {
      std::cerr << "bt-metagraph: " << r.error().to_string() << "\n";
      return 1;
    }
    p = std::move(*r);
    std::cerr << "next epoch at block " << p->epoch_block << " ("
              << (p->exact ? "exact" : "assuming no extrinsics until then") << "), emission "
              << p->input.rao_emission << " rao\n";
  }
  const auto n = s->n;
  // The stake column the epoch reads: spec143 TotalHotkeyStake; dTAO: inherited alpha (TAO below).
  const bool dtao = s->generation != mg::Generation::spec143;
  // the entry of uid u in the epoch-written columns (head: one entry per registered uid)
  auto ci = [&](std::uint16_t u) { return mg::column_index(*s, u).value_or(~std::size_t{0}); };
  auto stake = [&](std::uint16_t u) { return dtao ? at(s->alpha_stake, u) : at(s->stake, u); };
  if (as_json) {
    nlohmann::json j;
    j["netuid"] = s->netuid;
    j["block"] = s->block;
    j["block_hash"] = bt::to_hex(s->block_hash);
    j["generation"] = mg::to_string(s->generation);
    j["spec_version"] = s->spec_version;
    j["n"] = n;
    j["round_trips"] = s->stats.round_trips;
    j["hyperparameters"] = {{"tempo", s->hp.tempo},
                            {"kappa", s->hp.kappa},
                            {"activity_cutoff", s->hp.activity_cutoff},
                            {"max_allowed_validators", s->hp.max_allowed_validators},
                            {"bonds_moving_average", s->hp.bonds_moving_average},
                            {"pending_emission", s->hp.pending_emission},
                            {"tao_weight", s->hp.tao_weight},
                            {"liquid_alpha_enabled", s->hp.liquid_alpha_enabled}};
    if (s->generation == mg::Generation::head) {
      auto& h = j["hyperparameters"];
      h["activity_cutoff_factor_milli"] = s->hp.activity_cutoff_factor_milli;
      h["yuma3_enabled"] = s->hp.yuma3_enabled;
      h["commit_reveal_enabled"] = s->hp.commit_reveal_enabled;
      h["stake_threshold"] = s->hp.stake_threshold;
      h["mechanism_count"] = s->hp.mechanism_count;
      h["owner_uid"] = s->hp.owner_uid ? nlohmann::json(*s->hp.owner_uid) : nlohmann::json(nullptr);
      h["pending_emission"] =
          s->hp.pending_server_emission + s->hp.pending_validator_emission + s->hp.pending_root_alpha_divs;
      j["mechanism"] = s->mechanism;
    }
    nlohmann::json neurons = nlohmann::json::array();
    for (std::uint16_t u = 0; u < n; ++u) {
      nlohmann::json x = {{"uid", u},
                          {"hotkey", ss58(at(s->hotkeys, u))},
                          {"coldkey", ss58(at(s->coldkeys, u))},
                          {"stake", stake(u)},
                          {"rank", at(s->rank, u)},
                          {"trust", at(s->trust, u)},
                          {"consensus", at(s->consensus, ci(u))},
                          {"incentive", at(s->incentive, ci(u))},
                          {"dividends", at(s->dividends, ci(u))},
                          {"emission", at(s->emission, ci(u))},
                          {"validator_trust", at(s->validator_trust, ci(u))},
                          {"validator_permit", static_cast<bool>(at(s->validator_permit, ci(u)))},
                          {"active", static_cast<bool>(at(s->active, ci(u)))},
                          {"last_update", at(s->last_update, u)},
                          {"block_at_registration", at(s->block_at_registration, u)},
                          {"weights", at(s->weights, u)},
                          {"bonds", at(s->bonds, u)}};
      if (dtao) {
        x["alpha_stake"] = at(s->alpha_stake, u);
        x["tao_stake"] = at(s->tao_stake, u);
      }
      if (p)
        x["predicted"] = {{"incentive", at(p->output.incentive, ci(u))},
                          {"dividends", at(p->output.dividends, ci(u))},
                          {"emission", at(p->output.emission, ci(u))},
                          {"consensus", at(p->output.consensus, ci(u))},
                          {"validator_trust", at(p->output.validator_trust, ci(u))},
                          {"validator_permit", static_cast<bool>(at(p->output.validator_permit, ci(u)))}};
      neurons.push_back(std::move(x));
    }
    j["neurons"] = std::move(neurons);
    if (p) j["predicted_epoch_block"] = p->epoch_block;
    std::cout << j.dump(1) << "\n";
    return 0;
  }
  if (as_csv) {
    std::cout << "uid,hotkey,coldkey,stake,rank,trust,consensus,incentive,dividends,emission,validator_trust,"
                 "validator_permit,active,last_update,block_at_registration";
    if (p)
      std::cout
          << ",pred_incentive,pred_dividends,pred_emission,pred_consensus,pred_validator_trust,pred_permit";
    std::cout << "\n";
    for (std::uint16_t u = 0; u < n; ++u) {
      std::cout << u << "," << ss58(at(s->hotkeys, u)) << "," << ss58(at(s->coldkeys, u)) << "," << stake(u)
                << "," << at(s->rank, u) << "," << at(s->trust, u) << "," << at(s->consensus, ci(u)) << ","
                << at(s->incentive, ci(u)) << "," << at(s->dividends, ci(u)) << "," << at(s->emission, ci(u))
                << "," << at(s->validator_trust, ci(u)) << "," << at(s->validator_permit, ci(u)) << ","
                << at(s->active, ci(u)) << "," << at(s->last_update, u) << ","
                << at(s->block_at_registration, u);
      if (p)
        std::cout << "," << at(p->output.incentive, ci(u)) << "," << at(p->output.dividends, ci(u)) << ","
                  << at(p->output.emission, ci(u)) << "," << at(p->output.consensus, ci(u)) << ","
                  << at(p->output.validator_trust, ci(u)) << "," << at(p->output.validator_permit, ci(u));
      std::cout << "\n";
    }
    return 0;
  }
  std::printf("subnet %u at block %llu (%s, spec %u): n=%u tempo=%u kappa=%u pending_emission=%llu\n",
              *netuid, static_cast<unsigned long long>(s->block), mg::to_string(s->generation),
              s->spec_version, n, s->hp.tempo, s->hp.kappa,
              static_cast<unsigned long long>(s->hp.pending_emission));
  std::printf("%4s %-12s %16s %6s %6s %6s %6s %6s %12s %3s", "uid", "hotkey", "stake(rao)", "rank", "trust",
              "cons", "incen", "divs", "emission", "vp");
  if (p) std::printf(" | %6s %6s %12s %3s", "p.inc", "p.div", "p.emission", "pvp");
  std::printf("\n");
  for (std::uint16_t u = 0; u < n; ++u) {
    const std::string hk = ss58(at(s->hotkeys, u)).substr(0, 12);
    std::printf("%4u %-12s %16llu %6u %6u %6u %6u %6u %12llu %3s", u, hk.c_str(),
                static_cast<unsigned long long>(stake(u)), at(s->rank, u), at(s->trust, u),
                at(s->consensus, ci(u)), at(s->incentive, ci(u)), at(s->dividends, ci(u)),
                static_cast<unsigned long long>(at(s->emission, ci(u))),
                at(s->validator_permit, ci(u)) ? "yes" : "no");
    if (p)
      std::printf(" | %6u %6u %12llu %3s", at(p->output.incentive, ci(u)), at(p->output.dividends, ci(u)),
                  static_cast<unsigned long long>(at(p->output.emission, ci(u))),
                  at(p->output.validator_permit, ci(u)) ? "yes" : "no");
    std::printf("\n");
  }
  if (p) std::printf("predicted epoch block: %llu\n", static_cast<unsigned long long>(p->epoch_block));
  return 0;
}
