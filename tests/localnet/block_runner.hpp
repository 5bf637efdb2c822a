// SPDX-License-Identifier: MIT
// For *_localnet_test.cpp: sign several calls, put them all into ONE block and return each outcome.
//
//   auto out = bt::test::run_in_block(client, md, {{call_a, &alice}, {call_b, &bob}, {call_c, &alice}});
//   REQUIRE(out[1].success());
//
// Each signer's nonces are consecutive from its node nonce (so one signer may appear several times), every
// extrinsic goes to the pool (a pool refusal fails the test with the node's message), then chopsticks'
// dev_newBlock builds one block and find_outcome reads each extrinsic's result from it (a missing one
// fails the test). Only for chains that build blocks on demand (tests/localnet).
//
// BlockProducer: while it lives, a block is built every `period` on its own connection, so code that
// waits for inclusion (Subtensor's operations) runs against chopsticks as against a producing node.
#pragma once

#include <bt/client/client.hpp>
#include <bt/client/submit.hpp>
#include <bt/crypto/keypair.hpp>
#include <bt/crypto/ss58.hpp>
#include <bt/metadata/metadata.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace bt::test {

using SignedCall = std::pair<Bytes, const crypto::Keypair*>;

inline std::vector<client::ExtrinsicOutcome> run_in_block(client::Client& c, const metadata::Metadata& md,
                                                          const std::vector<SignedCall>& items) {
  using namespace std::chrono_literals;
  std::map<std::string, std::uint64_t> nonces;
  std::vector<Bytes> xts;
  for (const auto& [call, signer] : items) {
    const std::string addr = crypto::ss58_encode(signer->account_id().view()).value();
    auto it = nonces.find(addr);
    if (it == nonces.end()) it = nonces.emplace(addr, c.account_next_index(addr).value()).first;
    client::TxOptions opt;
    opt.nonce = it->second++;
    auto xt = client::create_signed(c, md, call, *signer, opt);
    REQUIRE(xt);
    auto h = c.submit_extrinsic(*xt);
    const std::string msg = h ? std::string() : h.error().to_string();
    INFO(msg);
    REQUIRE(h);
    xts.push_back(*xt);
  }
  REQUIRE(c.rpc().call("dev_newBlock", R"([{"count":1}])", 120s));
  auto best = c.best_hash().value();
  std::vector<client::ExtrinsicOutcome> out;
  for (const auto& xt : xts) {
    auto o = client::find_outcome(c, md, best, xt);
    REQUIRE(o);
    REQUIRE(o->has_value());
    out.push_back(std::move(**o));
  }
  return out;
}

class BlockProducer {
 public:
  BlockProducer(const std::string& url, std::chrono::milliseconds period) {
    client_ = client::Client::connect(url).value();
    thread_ = std::thread([this, period] {
      using namespace std::chrono_literals;
      while (!stop_) {
        std::this_thread::sleep_for(period);
        if (!stop_) (void)client_->rpc().call("dev_newBlock", R"([{"count":1}])", 120s);
      }
    });
  }
  BlockProducer(const BlockProducer&) = delete;
  BlockProducer& operator=(const BlockProducer&) = delete;
  ~BlockProducer() {
    stop_ = true;
    thread_.join();
  }

 private:
  std::unique_ptr<client::Client> client_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace bt::test
