// SPDX-License-Identifier: MIT
// Stake and unstake: add_stake / remove_stake (or the _limit variants with a price tolerance, where the
// runtime has them) built from the node's metadata, signed with the coldkey, submitted and waited for.
//
//   stake URL COLDKEY_URI HOTKEY_SS58 NETUID add|remove AMOUNT_RAO [--tolerance T [--partial]] [--offline]
//
//   --tolerance T  0..1: add_stake_limit / remove_stake_limit with the SDK's limit price from the subnet's
//                  current price (SubnetTAO / SubnetAlphaIn; netuid 0: 1 TAO)
//   --partial      allow a partial fill at the limit price
//   --offline      URL is a metadata file: print the RuntimeCall instead of contacting a node
//
// A bad argument prints one line "stake: error: ..." and exits 2 (examples/common/cli.hpp); the chain's
// refusal exits 1 with the decoded error; success exits 0.
#include <bt/crypto/keypair.hpp>
#include <bt/crypto/ss58.hpp>
#include <bt/subtensor/calls.hpp>
#include <bt/subtensor/calls_stake.hpp>
#include <bt/subtensor/chain_error.hpp>
#include <bt/subtensor/subtensor.hpp>
#include <iostream>
#include <optional>
#include <string>

#include "../common/cli.hpp"
#include "../common/receipt_print.hpp"

namespace {
constexpr std::string_view kTool = "stake";
using bt_example::die;

void usage(std::ostream& os) {
  os << "usage: stake URL COLDKEY_URI HOTKEY_SS58 NETUID add|remove AMOUNT_RAO [--tolerance T [--partial]] "
        "[--offline]\n";
}
}  // namespace

int main(int argc, char** argv) {
  bt_cli::OptionSpec spec{{"--offline", "--partial"}, {"--tolerance"}};
  const auto args = bt_cli::parse_args(kTool, argc, argv, 1, spec);
  if (args.help) {
    usage(std::cout);
    return 0;
  }
  if (args.positional.size() != 6)
    bt_cli::usage_error(kTool, "expected URL COLDKEY_URI HOTKEY_SS58 NETUID add|remove AMOUNT_RAO");
  const std::string& url = args.positional[0];
  auto coldkey = bt::crypto::Keypair::from_uri(args.positional[1]);
  if (!coldkey) bt_cli::usage_error(kTool, "COLDKEY_URI: " + coldkey.error().to_string());
  auto hotkey_r = bt::crypto::ss58_decode_account(args.positional[2], 42);
  if (!hotkey_r)
    bt_cli::usage_error(kTool,
                        "HOTKEY_SS58 must be an SS58 account address, got '" + args.positional[2] + "'");
  const auto hotkey = *hotkey_r;
  const auto netuid_arg = bt_cli::parse_uint(args.positional[3], 0, 65535);
  if (!netuid_arg) bt_cli::usage_error(kTool, "NETUID must be an integer 0..65535");
  const auto netuid = static_cast<std::uint16_t>(*netuid_arg);
  const std::string& op = args.positional[4];
  if (op != "add" && op != "remove") bt_cli::usage_error(kTool, "the operation must be add or remove");
  const auto amount = bt_cli::parse_uint(args.positional[5], 1, UINT64_MAX);
  if (!amount) bt_cli::usage_error(kTool, "AMOUNT_RAO must be an integer 1..18446744073709551615");
  std::optional<double> tolerance;
  if (const std::string* t = args.get("--tolerance")) {
    tolerance = bt_cli::parse_real(*t, 0.0, 1.0);
    if (!tolerance) bt_cli::usage_error(kTool, "--tolerance must be a number in 0..1");
  }
  const bool partial = args.has("--partial");
  if (partial && !tolerance) bt_cli::usage_error(kTool, "--partial needs --tolerance");
  const bool adding = op == "add";

  // The call for a given price (rao per alpha).
  auto build = [&](const bt::metadata::Metadata& md, std::uint64_t price_rao) -> bt::Result<bt::Bytes> {
    if (!tolerance)
      return adding ? bt::subtensor::add_stake_call(md, hotkey, netuid, *amount)
                    : bt::subtensor::remove_stake_call(md, hotkey, netuid, *amount);
    BT_TRY(std::uint64_t limit,
           bt::subtensor::stake_limit_price(
               price_rao, netuid, *tolerance,
               adding ? bt::subtensor::StakeDirection::stake : bt::subtensor::StakeDirection::unstake));
    std::cout << "limit price " << limit << " rao per alpha\n";
    return adding ? bt::subtensor::add_stake_limit_call(md, hotkey, netuid, *amount, limit, partial)
                  : bt::subtensor::remove_stake_limit_call(md, hotkey, netuid, *amount, limit, partial);
  };

  if (args.has("--offline")) {
    const auto md = bt_example::load_offline_metadata(kTool, url);
    auto call = build(md, 1'000'000'000);
    if (!call) return die("call", call.error());
    std::cout << "call " << bt::to_hex(*call) << "\n";
    return 0;
  }
  auto st = bt::subtensor::Subtensor::connect(url);
  if (!st) return die("connect", st.error());
  std::uint64_t price = 1'000'000'000;
  if (tolerance && netuid != 0) {
    auto info = (*st)->get_subnet_dynamic_info(netuid);
    if (!info) return die("subnet price", info.error());
    price = info->price.rao();  // the SDK's pool.price
  }
  auto call = build((*st)->metadata(), price);
  if (!call) return die("call", call.error());
  auto receipt = (*st)->sign_and_submit(*call, *coldkey);
  if (!receipt) return die("submit", receipt.error());
  const int status = bt_example::print_receipt(*receipt);
  if (status == 0) std::cout << (adding ? "staked" : "unstaked") << "\n";
  return status;
}
