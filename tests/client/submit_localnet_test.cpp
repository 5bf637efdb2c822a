// SPDX-License-Identifier: MIT
// Signed extrinsics against the real raonet (spec 218) runtime under chopsticks: fee estimate, submission,
// inclusion with dev_newBlock, events and balances; node-side rejection of a forged signature.
#include <bt/client/client.hpp>
#include <bt/client/submit.hpp>
#include <bt/client/typed.hpp>
#include <bt/crypto/keypair.hpp>
#include <bt/extrinsic/builder.hpp>
#include <bt/metadata/calls.hpp>
#include <catch2/catch.hpp>
#include <chrono>

#include "localnet/localnet_env.hpp"

using namespace std::chrono_literals;
using bt::metadata::Value;

namespace {
std::uint64_t free_balance(bt::client::Client& c, const bt::crypto::AccountId32& who) {
  std::vector<Value> key{Value::bytes(who.to_bytes())};
  auto v = bt::client::storage_value(c, "System", "Account", key);
  REQUIRE(v);
  REQUIRE(v->has_value());
  const Value* data = (*v)->field("data");
  REQUIRE(data);
  return data->field("free")->to_u64().value();
}
}  // namespace

namespace {
void transfer_round_trip(const std::string& url) {
  auto c = bt::client::Client::connect(url);
  REQUIRE(c);
  auto& client = **c;
  auto md = bt::client::decoded_metadata(client);
  REQUIRE(md);
  auto alice = bt::crypto::Keypair::from_uri("//Alice").value();
  auto bob = bt::crypto::Keypair::from_uri("//Bob").value().account_id();
  const std::uint64_t amount = 1'234'567'890;
  const std::uint64_t before = free_balance(client, bob);

  auto call = bt::metadata::encode_call(
      **md, "Balances", "transfer_keep_alive",
      Value::composite({{"dest", Value::variant_unnamed("Id", {Value::bytes(bob.to_bytes())})},
                        {"value", Value::u(amount)}}));
  REQUIRE(call);
  auto xt = bt::client::create_signed(client, **md, *call, alice);
  REQUIRE(xt);
  auto decoded = bt::extrinsic::decode_extrinsic(**md, *xt);
  REQUIRE(decoded);
  CHECK(*decoded->signer == alice.account_id());

  auto fee = bt::client::query_fee(client, **md, *xt);
  if (!fee) FAIL("query_fee: " << fee.error().to_string());
  CHECK(fee->partial_fee > 0);
  CHECK(fee->partial_fee < 1'000'000'000);  // well below 1 TAO
  CHECK(fee->ref_time > 0);
  CHECK(fee->dispatch_class == "Normal");
  // The payment_queryInfo RPC: chopsticks answers with raw SCALE (the client expects JSON) -> report only.
  if (auto rpc_fee = client.payment_query_info(*xt); rpc_fee)
    CHECK(rpc_fee->partial_fee_u64 == static_cast<std::uint64_t>(fee->partial_fee));
  else
    WARN("payment_queryInfo RPC not usable on this node: " << rpc_fee.error().to_string());

  // A forged signature is rejected by the node before inclusion.
  bt::Bytes forged = *xt;
  forged[40] ^= 0x01;  // inside the signature
  CHECK_FALSE(client.submit_extrinsic(forged));

  auto hash = client.submit_extrinsic(*xt);
  REQUIRE(hash);
  CHECK(*hash == bt::extrinsic::extrinsic_hash(*xt));
  REQUIRE(client.rpc().call("dev_newBlock", R"([{"count":1}])", 120s));
  auto best = client.best_hash();
  REQUIRE(best);
  auto outcome = bt::client::find_outcome(client, **md, *best, *xt);
  REQUIRE(outcome);
  REQUIRE(outcome->has_value());
  const auto& o = **outcome;
  CHECK(o.success());
  CHECK(o.find_event("System", "ExtrinsicSuccess"));
  const auto* tr = o.find_event("Balances", "Transfer");
  REQUIRE(tr);
  CHECK(tr->fields.field("amount")->to_u64().value() == amount);
  CHECK(free_balance(client, bob) == before + amount);
  // The fee actually charged equals the estimate (no tip).
  const auto* paid = o.find_event("TransactionPayment", "TransactionFeePaid");
  REQUIRE(paid);
  CHECK(paid->fields.field("actual_fee")->to_u64().value() == static_cast<std::uint64_t>(fee->partial_fee));

  // The same extrinsic again: stale nonce, rejected by the pool.
  CHECK_FALSE(client.submit_extrinsic(*xt));
}
}  // namespace

TEST_CASE("raonet: balances transfer signed from metadata is included and moves funds") {
  BT_LOCALNET_URL_OR_SKIP(url, "raonet");
  transfer_round_trip(url);
}

TEST_CASE("spec143: balances transfer (runtime without CheckMetadataHash)") {
  BT_LOCALNET_URL_OR_SKIP(url, "spec143");
  transfer_round_trip(url);
}

TEST_CASE("raonet: immortal extrinsic with explicit nonce, failed dispatch decoded") {
  BT_LOCALNET_URL_OR_SKIP(url, "raonet");
  auto c = bt::client::Client::connect(url);
  REQUIRE(c);
  auto& client = **c;
  auto md = bt::client::decoded_metadata(client).value();
  auto ferdie = bt::crypto::Keypair::from_uri("//Ferdie").value();
  auto charlie = bt::crypto::Keypair::from_uri("//Charlie").value().account_id();
  // More than Ferdie has: included, fee paid, dispatch fails with a Balances/Token error.
  auto call = bt::metadata::encode_call(
      *md, "Balances", "transfer_keep_alive",
      Value::composite({{"dest", Value::variant_unnamed("Id", {Value::bytes(charlie.to_bytes())})},
                        {"value", Value::u(std::uint64_t{1} << 62)}}));
  REQUIRE(call);
  bt::client::TxOptions opt;
  opt.period = 0;
  opt.nonce = client.account_next_index(ferdie.ss58_address()).value();
  auto xt = bt::client::create_signed(client, *md, *call, ferdie, opt);
  REQUIRE(xt);
  REQUIRE(client.submit_extrinsic(*xt));
  REQUIRE(client.rpc().call("dev_newBlock", R"([{"count":1}])", 120s));
  auto outcome = bt::client::find_outcome(client, *md, client.best_hash().value(), *xt);
  REQUIRE(outcome);
  REQUIRE(outcome->has_value());
  REQUIRE((*outcome)->error);
  CHECK((*outcome)->find_event("System", "ExtrinsicFailed"));
  INFO((*outcome)->error->to_string());
  const std::string kind = (*outcome)->error->kind;  // spec 218: Arithmetic(Underflow)
  CHECK((kind == "Token" || kind == "Module" || kind == "Arithmetic"));
}
