// SPDX-License-Identifier: MIT
// Typed storage, constants and runtime API calls through the metadata (bt/client/typed.hpp) against the
// local chains. Compiled only when the scale and metadata modules are part of the build.
#if defined(__GNUC__) && !defined(__clang__)
// GCC 12 false positives at -O3 on std::vector/std::string copies (GCC bugs 105329, 106199).
#pragma GCC diagnostic ignored "-Wrestrict"
#pragma GCC diagnostic ignored "-Wstringop-overflow"
#endif
#include <bt/client/typed.hpp>

#include <bt/crypto/hashing.hpp>

#include <catch2/catch.hpp>

#include "localnet/localnet_env.hpp"

using bt::Bytes;
using bt::client::Client;
using bt::metadata::Value;

namespace {
std::unique_ptr<Client> connect(const std::string& url) {
  auto c = Client::connect(url);
  if (!c) FAIL("connect " << url << ": " << c.error().to_string());
  return std::move(c).value();
}
std::uint64_t u64(const Value& v) {
  auto r = v.to_u64();
  if (!r) FAIL("not an integer: " << bt::metadata::to_json(v));
  return *r;
}
}  // namespace

TEST_CASE("raonet: typed storage, constants and runtime API calls") {
  BT_LOCALNET_URL_OR_SKIP(url, "raonet");
  auto c = connect(url);
  auto md = bt::client::decoded_metadata(*c);
  REQUIRE(md);
  CHECK((*md)->version == 15);
  CHECK(bt::client::decoded_metadata(*c).value().get() == md->get());  // cached

  Value netuid1[] = {Value::u(1)};
  auto tempo = bt::client::storage_value(*c, "SubtensorModule", "Tempo", netuid1);
  REQUIRE(tempo);
  REQUIRE(tempo->has_value());
  // the same number as the raw read
  Bytes raw_key;
  for (auto p :
       {bt::crypto::twox_128(bt::as_bytes("SubtensorModule")), bt::crypto::twox_128(bt::as_bytes("Tempo"))})
    raw_key.insert(raw_key.end(), p.begin(), p.end());
  raw_key.push_back(1);
  raw_key.push_back(0);
  auto raw = c->storage(raw_key).value();
  REQUIRE(raw);
  CHECK(u64(**tempo) == static_cast<std::uint64_t>((*raw)[0] | ((*raw)[1] << 8)));

  auto sudo = bt::client::storage_value(*c, "Sudo", "Key");
  REQUIRE(sudo);
  CHECK(sudo->has_value());  // OptionQuery, set by the launcher

  auto wrong = bt::client::storage_value(*c, "SubtensorModule", "Tempo");  // missing key part
  REQUIRE_FALSE(wrong);
  auto unknown = bt::client::storage_value(*c, "SubtensorModule", "NoSuchItem");
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error() == bt::metadata::MetadataError::not_found);

  auto ss58 = bt::client::constant(*c, "System", "SS58Prefix");
  REQUIRE(ss58);
  CHECK(u64(*ss58) == 42);

  auto tempos = bt::client::storage_map(*c, "SubtensorModule", "Tempo");
  REQUIRE(tempos);
  REQUIRE_FALSE(tempos->empty());
  for (const auto& e : *tempos) {
    REQUIRE(e.keys.size() == 1);
    CHECK(u64(e.value) > 0);
  }
  auto accounts = bt::client::storage_map(*c, "System", "Account", {}, std::nullopt, 2);
  REQUIRE(accounts);
  CHECK(accounts->size() >= 6);

  auto hp = bt::client::runtime_api_call(*c, "SubnetInfoRuntimeApi", "get_subnet_hyperparams", netuid1);
  REQUIRE(hp);
  INFO(bt::metadata::to_json(*hp));
  auto nonce = bt::client::runtime_api_call(
      *c, "AccountNonceApi", "account_nonce",
      std::vector<Value>{Value::bytes(
          bt::from_hex("0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d").value())});
  if (!nonce) FAIL(nonce.error().to_string());
  auto bad = bt::client::runtime_api_call(*c, "SubnetInfoRuntimeApi", "no_such_method");
  REQUIRE_FALSE(bad);
}

TEST_CASE("spec143: typed storage through V14 metadata") {
  BT_LOCALNET_URL_OR_SKIP(url, "spec143");
  auto c = connect(url);
  auto md = bt::client::decoded_metadata(*c);
  REQUIRE(md);
  Value netuid0[] = {Value::u(0)};
  auto mav = bt::client::storage_value(*c, "SubtensorModule", "MaxAllowedValidators", netuid0);
  REQUIRE(mav);
  REQUIRE(mav->has_value());
  CHECK(u64(**mav) == 64);
  Value netuid9[] = {Value::u(9)};
  auto absent = bt::client::storage_value(*c, "SubtensorModule", "Tempo", netuid9);  // ValueQuery default
  REQUIRE(absent);
  CHECK(absent->has_value());
}
