// SPDX-License-Identifier: MIT
// set_weights end to end: convert float weights like bittensor, build SubtensorModule.set_weights from the
// node's metadata, sign with the hotkey (nonce and era from the chain), submit and report the outcome.
//
//   set_weights ws://127.0.0.1:9944 NETUID //Alice//hot 0:0.25 1:0.75 [--version-key K] [--offline]
//
// --offline prints the signed extrinsic built for a fixed nonce/era/genesis from the stored raonet
// metadata instead of contacting a node (used as a smoke test).
#include <bt/client/client.hpp>
#include <bt/client/typed.hpp>
#include <bt/crypto/keypair.hpp>
#include <bt/extrinsic/builder.hpp>
#include <bt/client/submit.hpp>
#include <bt/subtensor/calls.hpp>
#include <bt/subtensor/chain_error.hpp>
#include <bt/subtensor/weights.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

namespace {
int die(const std::string& what, const bt::Error& e) {
  std::cerr << what << ": " << e.to_string() << "\n";
  return 1;
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::cerr << "usage: " << argv[0]
              << " URL NETUID HOTKEY_URI uid:weight... [--version-key K] [--offline]\n";
    return 2;
  }
  const std::string url = argv[1];
  const auto netuid = static_cast<std::uint16_t>(std::stoul(argv[2]));
  auto hotkey = bt::crypto::Keypair::from_uri(argv[3]);
  if (!hotkey) return die("hotkey", hotkey.error());
  std::vector<std::int64_t> uids;
  std::vector<float> weights;
  std::uint64_t version_key = 0;
  bool offline = false;
  for (int i = 4; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--offline") {
      offline = true;
    } else if (a == "--version-key" && i + 1 < argc) {
      version_key = std::stoull(argv[++i]);
    } else if (auto colon = a.find(':'); colon != std::string::npos) {
      uids.push_back(std::stoll(a.substr(0, colon)));
      weights.push_back(std::stof(a.substr(colon + 1)));
    }
  }
  auto emit = bt::subtensor::convert_weights_and_uids_for_emit(uids, weights);
  if (!emit) return die("weights", emit.error());
  std::cout << "u16 weights:";
  for (std::size_t i = 0; i < emit->uids.size(); ++i)
    std::cout << " " << emit->uids[i] << ":" << emit->weights[i];
  std::cout << "\n";

  if (offline) {
    std::ifstream in(url, std::ios::binary);  // URL is the metadata file in offline mode
    bt::Bytes blob((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto md = bt::metadata::Metadata::decode(blob);
    if (!md) return die("metadata", md.error());
    auto call = bt::subtensor::set_weights_call(*md, netuid, *emit, version_key);
    if (!call) return die("call", call.error());
    bt::extrinsic::ExtensionParams p;
    p.spec_version = 218;
    p.transaction_version = 1;
    p.genesis_hash.data.fill(0x45);
    p.era = bt::extrinsic::Era::immortal();
    auto xt = bt::extrinsic::build_signed(*md, *call, *hotkey, p);
    if (!xt) return die("sign", xt.error());
    std::cout << "extrinsic " << bt::to_hex(*xt) << "\n";
    return bt::extrinsic::decode_extrinsic(*md, *xt) ? 0 : 1;
  }

  auto client = bt::client::Client::connect(url);
  if (!client) return die("connect", client.error());
  auto md = bt::client::decoded_metadata(**client);
  if (!md) return die("metadata", md.error());
  auto call = bt::subtensor::set_weights_call(**md, netuid, *emit, version_key);
  if (!call) return die("call", call.error());
  auto xt = bt::client::create_signed(**client, **md, *call, *hotkey);
  if (!xt) return die("sign", xt.error());
  auto hash = (*client)->submit_extrinsic(*xt);
  if (!hash) return die("submit", hash.error());
  std::cout << "submitted " << bt::to_hex(hash->view()) << "\n";
  // Wait for the extrinsic in the next blocks (up to ~2 minutes on a 12 s chain).
  std::optional<bt::Hash256> seen_block;
  for (int i = 0; i < 60; ++i) {
    auto best = (*client)->best_hash();
    if (best && (!seen_block || *best != *seen_block)) {
      seen_block = *best;
      auto o = bt::client::find_outcome(**client, **md, *best, *xt);
      if (o && *o) {
        if ((*o)->success()) {
          std::cout << "included in block " << bt::to_hex(best->view()) << ": success\n";
          return 0;
        }
        auto kind = bt::subtensor::classify(*(*o)->error);
        std::cout << "failed: " << (*o)->error->to_string();
        if (kind) std::cout << " [" << bt::subtensor::chain_error_name(*kind) << "]";
        std::cout << "\n";
        return 1;
      }
    }
    std::this_thread::sleep_for(std::chrono::seconds(2));
  }
  std::cerr << "not included within the wait time\n";
  return 1;
}
