// SPDX-License-Identifier: MIT
// A TAO transfer with bt::subtensor::Subtensor: connect by network name or URL, sign with a key (a secret
// URI for dev chains, or a wallet's coldkey unlocked by password), wait for the block and print the
// typed receipt (block, fee, events, or the decoded dispatch error / pool refusal).
//
//   subtensor_transfer NETWORK DEST_SS58 AMOUNT_TAO (--uri URI | --wallet NAME) [--finalized]
//
//   NETWORK     finney | test | archive | local | ws://... (local honours BT_SUBTENSOR_CHAIN_ENDPOINT)
//   AMOUNT_TAO  decimal TAO, at most 9 decimals ("0.5", "12.000000001"); parsed exactly
//   --uri URI   signer from a secret URI (e.g. //Alice on a local chain)
//   --wallet N  the coldkey of wallet N under ~/.bittensor/wallets ($BT_WALLET_PATH); its password
//               comes from the keyfile's BT_PW_ variable or is asked on stdin
//
// Exit 2: bad arguments (one line on stderr); 1: connection, pool refusal or failed dispatch; 0: success.
#include <bt/crypto/keypair.hpp>
#include <bt/crypto/ss58.hpp>
#include <bt/subtensor/calls.hpp>
#include <bt/subtensor/subtensor.hpp>
#include <bt/wallet/wallet.hpp>

#include <iostream>
#include <optional>
#include <string>

#include "../common/cli.hpp"
#include "../common/receipt_print.hpp"

namespace {
constexpr std::string_view kTool = "subtensor_transfer";

void usage(std::ostream& os) {
  os << "usage: subtensor_transfer NETWORK DEST_SS58 AMOUNT_TAO (--uri URI | --wallet NAME) [--finalized]\n";
}

}  // namespace

int main(int argc, char** argv) {
  bt_cli::OptionSpec spec{{"--finalized"}, {"--uri", "--wallet"}};
  const auto args = bt_cli::parse_args(kTool, argc, argv, 1, spec);
  if (args.help) {
    usage(std::cout);
    return 0;
  }
  if (args.positional.size() != 3) bt_cli::usage_error(kTool, "expected NETWORK DEST_SS58 AMOUNT_TAO");
  const bool by_uri = args.has("--uri"), by_wallet = args.has("--wallet");
  if (by_uri == by_wallet) bt_cli::usage_error(kTool, "give exactly one of --uri and --wallet");
  auto endpoint = bt::subtensor::resolve_endpoint(args.positional[0]);
  if (!endpoint) bt_cli::usage_error(kTool, endpoint.error().to_string());
  auto dest = bt::crypto::ss58_decode_account(args.positional[1]);
  if (!dest) bt_cli::usage_error(kTool, "DEST_SS58: " + dest.error().to_string());
  auto amount = bt::subtensor::Balance::parse_tao(args.positional[2]);
  if (!amount) bt_cli::usage_error(kTool, "AMOUNT_TAO: " + amount.error().to_string());
  std::optional<bt::crypto::Keypair> key;
  if (by_uri) {
    auto k = bt::crypto::Keypair::from_uri(*args.get("--uri"));
    if (!k) bt_cli::usage_error(kTool, "--uri: " + k.error().to_string());
    key = std::move(*k);
  }

  auto st = bt::subtensor::Subtensor::connect(*endpoint);
  if (!st) {
    std::cerr << "connect " << *endpoint << ": " << st.error().to_string() << "\n";
    return 1;
  }
  bt::subtensor::SubmitOptions opt;
  if (args.has("--finalized")) opt.wait.wait_for = bt::client::WaitFor::finalized;
  const auto dest_id = *dest;
  bt::Result<bt::client::Receipt> r = bt::fail(bt::client::ClientError::invalid_argument, "no signer");
  if (key) {
    r = (*st)->transfer(*key, dest_id, *amount, true, opt);
  } else {
    bt::wallet::Wallet w(*args.get("--wallet"));
    bt::wallet::PasswordSource pw;
    pw.callback = []() -> std::optional<std::string> {
      std::string line;
      std::cerr << "coldkey password: ";
      if (!std::getline(std::cin, line)) return std::nullopt;
      return line;
    };
    auto call = bt::subtensor::transfer_keep_alive_call((*st)->metadata(), dest_id, amount->rao());
    if (!call) {
      std::cerr << call.error().to_string() << "\n";
      return 1;
    }
    r = (*st)->sign_and_submit(*call, w, bt::subtensor::KeyRole::coldkey, pw, opt);
  }
  if (!r) {
    std::cerr << "not included: " << r.error().to_string() << "\n";
    return 1;
  }
  return bt_example::print_receipt(*r);
}
