// SPDX-License-Identifier: MIT
// bt-chain-info: print a chain's identity and runtime, and a subnet's hyperparameters read from raw
// SubtensorModule storage (twox128 keys, Identity u16 netuid).
//
// usage: bt-chain-info [--timeout SECONDS] [URL] [NETUID]
//   URL        default ws://127.0.0.1:9944 (local node); finney: wss://entrypoint-finney.opentensor.ai:443
//              (must start with ws://, wss://, http:// or https://)
//   NETUID     0..65535, default 1
//   --timeout  connect and per-request timeout in seconds, 1..3600 (default 10)
// A bad argument prints one line "bt-chain-info: error: ..." and exits 2; a node error exits 1.
#include <bt/client/client.hpp>
#include <bt/client/typed.hpp>
#include <bt/crypto/hashing.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "../common/cli.hpp"

namespace {

bt::Bytes item_key(std::string_view pallet, std::string_view item, std::uint16_t netuid) {
  bt::Bytes k;
  for (auto part : {bt::crypto::twox_128(bt::as_bytes(pallet)), bt::crypto::twox_128(bt::as_bytes(item))})
    k.insert(k.end(), part.begin(), part.end());
  k.push_back(static_cast<std::uint8_t>(netuid & 0xff));
  k.push_back(static_cast<std::uint8_t>(netuid >> 8));
  return k;
}

std::string le_number(const std::optional<bt::Bytes>& v) {
  if (!v) return "(default)";
  if (v->size() > 8) return bt::to_hex(*v);
  std::uint64_t x = 0;
  for (std::size_t i = v->size(); i-- > 0;) x = (x << 8) | (*v)[i];
  return std::to_string(x);
}

}  // namespace

int main(int argc, char** argv) {
  constexpr std::string_view kTool = "bt-chain-info";
  const auto args = bt_cli::parse_args(kTool, argc, argv, 1, bt_cli::OptionSpec{{}, {"--timeout"}});
  if (args.help) {
    std::printf(
        "usage: bt-chain-info [--timeout SECONDS] [URL] [NETUID]\n"
        "  URL      ws://, wss://, http:// or https:// (default ws://127.0.0.1:9944)\n"
        "  NETUID   0..65535 (default 1)\n"
        "  --timeout SECONDS  connect and per-request timeout, 1..3600 (default 10)\n");
    return 0;
  }
  if (args.positional.size() > 2) bt_cli::usage_error(kTool, "too many arguments");
  const std::string url = args.positional.size() > 0 ? args.positional[0] : "ws://127.0.0.1:9944";
  if (url.rfind("ws://", 0) != 0 && url.rfind("wss://", 0) != 0 && url.rfind("http://", 0) != 0 &&
      url.rfind("https://", 0) != 0)
    bt_cli::usage_error(kTool, "URL must start with ws://, wss://, http:// or https://, got '" + url + "'");
  std::uint16_t netuid = 1;
  if (args.positional.size() > 1) {
    auto n = bt_cli::parse_uint(args.positional[1], 0, 65535);
    if (!n)
      bt_cli::usage_error(kTool, "NETUID must be an integer 0..65535, got '" + args.positional[1] + "'");
    netuid = static_cast<std::uint16_t>(*n);
  }
  std::uint64_t timeout_s = 10;
  if (const std::string* t = args.get("--timeout")) {
    auto v = bt_cli::parse_uint(*t, 1, 3600);
    if (!v) bt_cli::usage_error(kTool, "--timeout must be an integer 1..3600 (seconds), got '" + *t + "'");
    timeout_s = *v;
  }
  bt::client::ClientOptions options;
  options.rpc.connect_timeout = std::chrono::seconds(timeout_s);
  options.rpc.request_timeout = std::chrono::seconds(timeout_s);
  options.rpc.auto_reconnect = false;  // a one-shot tool: fail instead of retrying a dead node
  auto connected = bt::client::Client::connect(url, options);
  if (!connected) {
    std::fprintf(stderr, "cannot connect to %s: %s\n", url.c_str(), connected.error().to_string().c_str());
    return 1;
  }
  auto& c = **connected;
  auto fail = [](const bt::Error& e) {
    std::fprintf(stderr, "error: %s\n", e.to_string().c_str());
    return 1;
  };
  auto chain = c.chain_name();
  auto genesis = c.genesis_hash();
  auto version = c.runtime_version();
  auto head = c.header();
  auto fin = c.finalized_head();
  if (!genesis) return fail(genesis.error());
  if (!version) return fail(version.error());
  if (!head) return fail(head.error());
  std::printf("url:            %s\n", url.c_str());
  std::printf("chain:          %s\n", chain ? chain->c_str() : "?");
  std::printf("genesis:        %s\n", bt::to_hex(*genesis).c_str());
  std::printf("runtime:        %s spec %u (impl %u, tx %u)\n", version->spec_name.c_str(),
              version->spec_version, version->impl_version, version->transaction_version);
  std::printf("best block:     #%llu\n", static_cast<unsigned long long>(head->number));
  if (fin) std::printf("finalized:      %s\n", bt::to_hex(*fin).c_str());
  if (auto props = c.properties()) std::printf("properties:     %s\n", props->json.c_str());
  if (auto md = c.metadata()) std::printf("metadata:       V%u, %zu bytes\n", (*md)->at(4), (*md)->size());

  std::printf("\nsubnet %u hyperparameters (raw SubtensorModule storage):\n", netuid);
  const char* items[] = {"Tempo",
                         "Kappa",
                         "Rho",
                         "ImmunityPeriod",
                         "MinAllowedWeights",
                         "MaxWeightsLimit",
                         "MaxAllowedUids",
                         "MaxAllowedValidators",
                         "ActivityCutoff",
                         "WeightsSetRateLimit",
                         "WeightsVersionKey",
                         "BondsMovingAverage",
                         "SubnetworkN",
                         "Difficulty",
                         "Burn"};
  std::vector<bt::Bytes> keys;
  for (const char* it : items) keys.push_back(item_key("SubtensorModule", it, netuid));
  auto values = c.storage_multi(keys);
  if (!values) return fail(values.error());
  for (std::size_t i = 0; i < keys.size(); ++i)
    std::printf("  %-22s %s\n", items[i], le_number((*values)[i]).c_str());

  // Typed through the runtime metadata (V15 runtime APIs when the runtime has them).
  using bt::metadata::Value;
  const Value arg[] = {Value::u(netuid)};
  if (auto hp = bt::client::runtime_api_call(c, "SubnetInfoRuntimeApi", "get_subnet_hyperparams", arg))
    std::printf("\nSubnetInfoRuntimeApi.get_subnet_hyperparams(%u):\n  %s\n", netuid,
                bt::metadata::to_json(*hp).c_str());
  else
    std::printf("\nget_subnet_hyperparams: %s\n", hp.error().to_string().c_str());
  if (auto neurons = bt::client::runtime_api_call(c, "NeuronInfoRuntimeApi", "get_neurons_lite", arg)) {
    std::printf("\nmetagraph (NeuronInfoRuntimeApi.get_neurons_lite(%u)):\n", netuid);
    std::string text = bt::metadata::to_json(*neurons);
    std::printf("  %s%s\n", text.substr(0, 2000).c_str(), text.size() > 2000 ? " ..." : "");
  } else {
    std::printf("\nget_neurons_lite: %s\n", neurons.error().to_string().c_str());
  }
  return 0;
}
