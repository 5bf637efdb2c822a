// SPDX-License-Identifier: MIT
// set_weights end to end through bt::subtensor::Subtensor::set_weights: convert float weights like
// bittensor, check before signing why the chain would refuse them (not registered, no validator permit,
// rate limit, version key, too few weights, max weight limit: the pre-flight), build
// SubtensorModule.set_weights from the node's metadata (or, on a subnet with commit-reveal enabled, the
// timelocked commit the runtime has: bt/subtensor/weights_path.hpp), sign with the hotkey (nonce and era
// from the chain), submit, wait until it is in a block and print the receipt.
//
//   set_weights URL NETUID HOTKEY_URI UID:WEIGHT... [--version-key K] [--offline]
//   set_weights URL NETUID --wallet NAME [--wallet-hotkey H] [--wallet-path DIR] UID:WEIGHT... [--version-key
//   K]
//
//   NETUID      0..65535            UID  0..65535 (each at most once)   WEIGHT  finite, >= 0
//   --version-key K   0..2^64-1 (default 0)
//   --wallet    sign with the hotkey of wallet NAME (hotkey H, default "default", under DIR, default
//               ~/.bittensor/wallets), unlocked with its BT_PW_ variable or a prompt if it is encrypted
//   --offline   URL is a metadata file (raw SCALE or 0x-hex); prints the signed extrinsic built for a
//               fixed nonce/era/genesis instead of contacting a node (used as a smoke test).
//
// Every argument is checked before anything is signed or sent: a bad one prints one line
// "set_weights: error: ..." and exits 2 (see examples/common/cli.hpp). Exit 1: the chain or the
// node refused; 0: success.
#include <bt/crypto/keypair.hpp>
#include <bt/extrinsic/builder.hpp>
#include <bt/subtensor/calls.hpp>
#include <bt/subtensor/subtensor.hpp>
#include <bt/subtensor/weights.hpp>
#include <bt/subtensor/weights_path.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "../common/cli.hpp"
#include "../common/receipt_print.hpp"

namespace {
constexpr std::string_view kTool = "set_weights";
using bt_example::die;

void usage(std::ostream& os) {
  os << "usage: set_weights URL NETUID HOTKEY_URI UID:WEIGHT... [--version-key K] [--offline]\n"
        "       set_weights URL NETUID --wallet NAME [--wallet-hotkey H] [--wallet-path DIR] UID:WEIGHT...\n"
        "                   [--version-key K]\n"
        "  NETUID 0..65535; UID 0..65535; WEIGHT a finite number >= 0; K 0..18446744073709551615\n"
        "  --offline: URL is a metadata file; print the signed extrinsic instead of submitting\n";
}
}  // namespace

int main(int argc, char** argv) {
  bt_cli::OptionSpec spec{{"--offline"}, {"--version-key", "--wallet", "--wallet-hotkey", "--wallet-path"}};
  const auto args = bt_cli::parse_args(kTool, argc, argv, 1, spec);
  if (args.help) {
    usage(std::cout);
    return 0;
  }
  const bool offline = args.has("--offline");
  const std::string* wallet_name = args.get("--wallet");
  if (!wallet_name && (args.has("--wallet-hotkey") || args.has("--wallet-path")))
    bt_cli::usage_error(kTool, "--wallet-hotkey and --wallet-path need --wallet");
  if (wallet_name && offline) bt_cli::usage_error(kTool, "--offline signs with HOTKEY_URI, not --wallet");
  // With --wallet there is no HOTKEY_URI: the weights start one argument earlier.
  const std::size_t first_weight = wallet_name ? 2 : 3;
  if (args.positional.size() < first_weight + 1)
    bt_cli::usage_error(kTool, wallet_name ? "expected URL NETUID and at least one UID:WEIGHT"
                                           : "expected URL NETUID HOTKEY_URI and at least one UID:WEIGHT");
  const std::string url = args.positional[0];
  const auto netuid_arg = bt_cli::parse_uint(args.positional[1], 0, 65535);
  if (!netuid_arg)
    bt_cli::usage_error(kTool, "NETUID must be an integer 0..65535, got '" + args.positional[1] + "'");
  const auto netuid = static_cast<std::uint16_t>(*netuid_arg);
  std::optional<bt::crypto::Keypair> hotkey;
  if (!wallet_name) {
    auto k = bt::crypto::Keypair::from_uri(args.positional[2]);
    if (!k) bt_cli::usage_error(kTool, "HOTKEY_URI: " + k.error().to_string());
    hotkey = std::move(*k);
  }
  std::uint64_t version_key = 0;
  if (const std::string* v = args.get("--version-key")) {
    auto k = bt_cli::parse_uint(*v, 0, UINT64_MAX);
    if (!k)
      bt_cli::usage_error(kTool,
                          "--version-key must be an integer 0..18446744073709551615, got '" + *v + "'");
    version_key = *k;
  }
  std::vector<std::int64_t> uids;
  std::vector<float> weights;
  std::set<std::uint64_t> seen;
  for (std::size_t i = first_weight; i < args.positional.size(); ++i) {
    const std::string& a = args.positional[i];
    const auto colon = a.find(':');
    if (colon == std::string::npos) bt_cli::usage_error(kTool, "expected UID:WEIGHT, got '" + a + "'");
    const auto uid = bt_cli::parse_uint(std::string_view(a).substr(0, colon), 0, 65535);
    if (!uid) bt_cli::usage_error(kTool, "UID must be an integer 0..65535 in '" + a + "'");
    const auto w = bt_cli::parse_real(std::string_view(a).substr(colon + 1), 0.0, 3.4e38);
    if (!w) bt_cli::usage_error(kTool, "WEIGHT must be a finite number >= 0 in '" + a + "'");
    if (!seen.insert(*uid).second) bt_cli::usage_error(kTool, "UID " + std::to_string(*uid) + " given twice");
    uids.push_back(static_cast<std::int64_t>(*uid));
    weights.push_back(static_cast<float>(*w));
  }
  std::optional<bt::metadata::Metadata> offline_md;
  if (offline) {
    // URL is the metadata file in offline mode: read it (checked) before anything is signed.
    offline_md = bt_example::load_offline_metadata(kTool, url);
  } else if (url.rfind("ws://", 0) != 0 && url.rfind("wss://", 0) != 0 && url.rfind("http://", 0) != 0 &&
             url.rfind("https://", 0) != 0) {
    bt_cli::usage_error(
        kTool,
        "URL must start with ws://, wss://, http:// or https:// (or pass --offline), got '" + url + "'");
  }
  auto emit = bt::subtensor::convert_weights_and_uids_for_emit(uids, weights);
  if (!emit) return die("weights", emit.error());
  std::cout << "u16 weights:";
  for (std::size_t i = 0; i < emit->uids.size(); ++i)
    std::cout << " " << emit->uids[i] << ":" << emit->weights[i];
  std::cout << "\n";

  if (offline) {
    auto call = bt::subtensor::set_weights_call(*offline_md, netuid, *emit, version_key);
    if (!call) return die("call", call.error());
    bt::extrinsic::ExtensionParams p;
    p.spec_version = 218;
    p.transaction_version = 1;
    p.genesis_hash.data.fill(0x45);
    p.era = bt::extrinsic::Era::immortal();
    auto xt = bt::extrinsic::build_signed(*offline_md, *call, *hotkey, p);
    if (!xt) return die("sign", xt.error());
    std::cout << "extrinsic " << bt::to_hex(*xt) << "\n";
    return bt::extrinsic::decode_extrinsic(*offline_md, *xt) ? 0 : 1;
  }

  auto st = bt::subtensor::Subtensor::connect(url);
  if (!st) return die("connect", st.error());
  // The pre-flight refusal is SubtensorError::weights_rejected naming every problem, before anything is
  // signed; otherwise set_weights (or the timelocked commit) is submitted and waited for.
  bt::Result<bt::subtensor::Subtensor::SetWeightsResult> r =
      bt::fail(bt::client::ClientError::invalid_argument, "no signer");
  if (hotkey) {
    r = (*st)->set_weights(*hotkey, netuid, uids, weights, version_key);
  } else {
    std::optional<std::filesystem::path> root;
    if (const std::string* dir = args.get("--wallet-path")) root = *dir;
    const std::string* hk = args.get("--wallet-hotkey");
    bt::wallet::Wallet wallet(*wallet_name, hk ? *hk : "default", root);
    bt::wallet::PasswordSource pw;  // BT_PW_ variable first, then the prompt
    pw.callback = []() -> std::optional<std::string> {
      std::string line;
      std::cerr << "hotkey password: ";
      if (!std::getline(std::cin, line)) return std::nullopt;
      return line;
    };
    r = (*st)->set_weights(wallet, netuid, uids, weights, version_key, pw);
  }
  if (!r) return die("set_weights", r.error());
  std::cout << "call " << bt::subtensor::weights_path_name(r->path);
  if (r->reveal_round != 0) std::cout << " (encrypted to drand round " << r->reveal_round << ")";
  std::cout << "\n";
  return bt_example::print_receipt(r->receipt);
}
