// SPDX-License-Identifier: MIT
// Registration: burned_register a hotkey on a subnet, register a new subnet (register_network), or
// root_register, built from the node's metadata, signed with the coldkey, submitted and waited for. Prints
// the registration cost first (recycle cost of the subnet, or the network lock cost).
//
//   register URL COLDKEY_URI HOTKEY_SS58 burned NETUID [--offline]
//   register URL COLDKEY_URI HOTKEY_SS58 network|root [--offline]
//
//   --offline   URL is a metadata file: print the RuntimeCall instead of contacting a node
//
// A bad argument prints one line "register: error: ..." and exits 2; the chain's refusal exits 1 with the
// decoded error (e.g. [HotKeyAlreadyRegisteredInSubNet]); success exits 0 and prints the new uid / netuid.
#include <bt/crypto/keypair.hpp>
#include <bt/crypto/ss58.hpp>
#include <bt/metadata/value.hpp>
#include <bt/subtensor/calls.hpp>
#include <bt/subtensor/chain_error.hpp>
#include <bt/subtensor/subtensor.hpp>
#include <iostream>
#include <optional>
#include <string>

#include "../common/cli.hpp"
#include "../common/receipt_print.hpp"

namespace {
constexpr std::string_view kTool = "register";
using bt_example::die;
void usage(std::ostream& os) {
  os << "usage: register URL COLDKEY_URI HOTKEY_SS58 burned NETUID [--offline]\n"
        "       register URL COLDKEY_URI HOTKEY_SS58 network|root [--offline]\n";
}
}  // namespace

int main(int argc, char** argv) {
  bt_cli::OptionSpec spec{{"--offline"}, {}};
  const auto args = bt_cli::parse_args(kTool, argc, argv, 1, spec);
  if (args.help) {
    usage(std::cout);
    return 0;
  }
  if (args.positional.size() < 4) bt_cli::usage_error(kTool, "expected URL COLDKEY_URI HOTKEY_SS58 KIND");
  const std::string& url = args.positional[0];
  auto coldkey = bt::crypto::Keypair::from_uri(args.positional[1]);
  if (!coldkey) bt_cli::usage_error(kTool, "COLDKEY_URI: " + coldkey.error().to_string());
  auto hotkey_r = bt::crypto::ss58_decode_account(args.positional[2], 42);
  if (!hotkey_r)
    bt_cli::usage_error(kTool,
                        "HOTKEY_SS58 must be an SS58 account address, got '" + args.positional[2] + "'");
  const auto hotkey = *hotkey_r;
  const std::string& kind = args.positional[3];
  std::optional<std::uint16_t> netuid;
  if (kind == "burned") {
    if (args.positional.size() != 5) bt_cli::usage_error(kTool, "burned needs NETUID");
    auto n = bt_cli::parse_uint(args.positional[4], 0, 65535);
    if (!n) bt_cli::usage_error(kTool, "NETUID must be an integer 0..65535");
    netuid = static_cast<std::uint16_t>(*n);
  } else if (kind == "network" || kind == "root") {
    if (args.positional.size() != 4) bt_cli::usage_error(kTool, kind + " takes no NETUID");
  } else {
    bt_cli::usage_error(kTool, "KIND must be burned, network or root, got '" + kind + "'");
  }
  auto build = [&](const bt::metadata::Metadata& md) -> bt::Result<bt::Bytes> {
    if (netuid) return bt::subtensor::burned_register_call(md, *netuid, hotkey);
    if (kind == "network") return bt::subtensor::register_network_call(md, hotkey);
    return bt::subtensor::root_register_call(md, hotkey);
  };
  if (args.has("--offline")) {
    const auto md = bt_example::load_offline_metadata(kTool, url);
    auto call = build(md);
    if (!call) return die("call", call.error());
    std::cout << "call " << bt::to_hex(*call) << "\n";
    return 0;
  }
  auto st = bt::subtensor::Subtensor::connect(url);
  if (!st) return die("connect", st.error());
  if (netuid) {
    auto cost = (*st)->recycle(*netuid);
    if (cost) std::cout << "registration cost " << cost->rao() << " rao\n";
  } else if (kind == "network") {
    auto cost = (*st)->get_subnet_burn_cost();
    if (cost) std::cout << "network lock cost " << cost->rao() << " rao\n";
  }
  auto call = build((*st)->metadata());
  if (!call) return die("call", call.error());
  auto receipt = (*st)->sign_and_submit(*call, *coldkey);
  if (!receipt) return die("submit", receipt.error());
  if (bt_example::print_receipt(*receipt) != 0) return 1;
  if (const auto* e = receipt->find_event("SubtensorModule", "NeuronRegistered"))
    std::cout << "registered: uid " << bt::metadata::to_json(*e->fields.at(1)) << "\n";
  if (const auto* e = receipt->find_event("SubtensorModule", "NetworkAdded"))
    std::cout << "new subnet: netuid " << bt::metadata::to_json(*e->fields.at(0)) << "\n";
  return 0;
}
