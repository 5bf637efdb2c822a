// SPDX-License-Identifier: MIT
// Cross-implementation check against polkadot-js (@polkadot/keyring, @polkadot/util-crypto) driven
// through tests/interop/keys.js: random mnemonics and secret URIs give the same public keys and SS58
// addresses for sr25519, ed25519 and ecdsa; C++ ed25519/ecdsa/sr25519 signatures verify in JS and JS
// signatures verify in C++; SS58 encode/decode agree for random prefixes and payload sizes.
// Needs node and `npm ci` in tests/interop; otherwise skipped with a loud warning.
#include <bt/crypto/bip39.hpp>
#include <bt/crypto/keypair.hpp>
#include <bt/crypto/ss58.hpp>
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "support/node_script.hpp"

using namespace bt;
using namespace bt::crypto;
namespace fs = std::filesystem;

namespace {

std::string hexs(ByteView v) { return to_hex(v, false); }

template <class Rng>
std::string random_junction(Rng& rng) {
  static const char* names[] = {"Alice",     "Bob",     "stash", "polkadot",
                                "bittensor", "hot_key", "x",     "Validator 1"};
  switch (rng() % 3) {
    case 0:
      return names[rng() % 8];
    case 1:
      return std::to_string(rng() % 1000000);
    default: {
      // A long name (> 32 bytes once SCALE-encoded) exercises the blake2b path.
      std::string s;
      std::size_t n = 1 + rng() % 45;
      for (std::size_t i = 0; i < n; ++i)
        s.push_back("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_"[rng() % 53]);
      return s;
    }
  }
}

}  // namespace

TEST_CASE("keys, signatures and SS58 agree with polkadot-js", "[crypto][keypair][interop]") {
  const fs::path dir = bt::test::interop_dir();
  if (!bt::test::node_packages_available("keys polkadot-js interop test", dir,
                                         {"@polkadot/keyring", "@polkadot/util-crypto"}))
    return;
  const std::uint64_t rng_seed = std::random_device{}();
  INFO("rng seed " << rng_seed);
  std::mt19937_64 rng(rng_seed);

  struct UriCase {
    std::string uri;
    Bytes msg;
    bool soft;
    std::map<Scheme, Keypair> kps;
    std::map<Scheme, MultiSignature> sigs;
  };
  std::vector<UriCase> cases;
  const Scheme all[] = {Scheme::sr25519, Scheme::ed25519, Scheme::ecdsa};
  for (int i = 0; i < 60; ++i) {
    UriCase c;
    std::string base;
    switch (i % 4) {
      case 0:
        base = "";
        break;  // dev phrase
      case 1: {
        Bytes seed(32);
        for (auto& b : seed) b = static_cast<std::uint8_t>(rng());
        base = to_hex(seed);
        break;
      }
      default:
        base = bip39::generate(12 + 3 * (rng() % 5)).value();
    }
    c.soft = (i % 3 == 0);
    std::string path;
    std::size_t nj = (base.empty() ? 1 : 0) + rng() % 3;
    for (std::size_t j = 0; j < nj; ++j)
      path += ((c.soft && j == nj - 1) ? "/" : "//") + random_junction(rng);
    c.uri = base + path;
    if (i % 5 == 2 && base.rfind("0x", 0) != 0) c.uri += "///pw" + std::to_string(rng() % 1000);
    c.msg.resize(rng() % 80);
    for (auto& b : c.msg) b = static_cast<std::uint8_t>(rng());
    for (Scheme s : all) {
      if (c.soft && nj > 0 && s != Scheme::sr25519) continue;
      auto kp = Keypair::from_uri(c.uri, s);
      INFO(c.uri << " " << scheme_name(s));
      REQUIRE(kp);
      c.sigs.emplace(s, kp->sign(c.msg));
      c.kps.emplace(s, std::move(*kp));
    }
    cases.push_back(std::move(c));
  }

  nlohmann::json req;
  req["uris"] = nlohmann::json::array();
  for (const auto& c : cases) {
    nlohmann::json u{{"uri", c.uri}, {"msg", hexs(c.msg)}, {"cpp", nlohmann::json::object()}};
    for (const auto& [s, kp] : c.kps)
      u["cpp"][std::string(scheme_name(s))] = {{"public", hexs(kp.public_key())},
                                               {"address", kp.ss58_address()},
                                               {"sig", hexs(c.sigs.at(s).signature)}};
    req["uris"].push_back(u);
  }
  struct Ss58Case {
    Bytes payload;
    std::uint16_t prefix;
    std::string address;
  };
  std::vector<Ss58Case> ss58_cases;
  const std::size_t lens[] = {32, 32, 32, 33, 1, 2, 4, 8};
  for (int i = 0; i < 300; ++i) {
    Ss58Case c;
    c.payload.resize(lens[i % 8]);
    for (auto& b : c.payload) b = static_cast<std::uint8_t>(rng());
    do {
      c.prefix = static_cast<std::uint16_t>(i < 64 ? i : rng() % 16384);
      if (c.prefix == 46 || c.prefix == 47) c.prefix = 42;
    } while (false);
    c.address = ss58_encode(c.payload, c.prefix).value();
    req["ss58"].push_back({{"payload", hexs(c.payload)}, {"prefix", c.prefix}, {"cpp_address", c.address}});
    ss58_cases.push_back(std::move(c));
  }
  req["generate"] = 20;
  std::vector<std::string> mnemonics;
  for (int i = 0; i < 20; ++i) mnemonics.push_back(bip39::generate(12 + 3 * (i % 5)).value());
  mnemonics.push_back(
      "legal winner thank year wave sausage worth useful legal winner thank year");  // bad checksum
  req["mnemonic_checks"] = mnemonics;

  const auto node = bt::test::run_node_script(dir / "keys.js", req);
  INFO(node.out.substr(0, 500));
  REQUIRE(node.ok);
  auto res = nlohmann::json::parse(node.out);

  std::size_t compared = 0;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto& c = cases[i];
    const auto& r = res["uris"][i];
    for (const auto& [s, kp] : c.kps) {
      std::string name(scheme_name(s));
      INFO("uri " << c.uri << " scheme " << name);
      const auto& d = r[name];
      REQUIRE_FALSE(d.contains("error"));
      CHECK(d["public"] == hexs(kp.public_key()));
      CHECK(d["address"] == kp.ss58_address());
      CHECK(d["verifies_cpp_sig"] == true);
      if (s != Scheme::sr25519) CHECK(d["rejects_tampered"] == true);
      auto js_sig = MultiSignature::make(s, from_hex(d["sig"].get<std::string>()).value()).value();
      CHECK(kp.verify(js_sig, c.msg));
      // ed25519 and ecdsa are deterministic: byte-identical signatures.
      if (s != Scheme::sr25519) CHECK(js_sig == c.sigs.at(s));
      ++compared;
    }
  }
  CHECK(compared >= 100);

  for (std::size_t i = 0; i < ss58_cases.size(); ++i) {
    const auto& c = ss58_cases[i];
    const auto& r = res["ss58"][i];
    INFO("prefix " << c.prefix << " payload " << hexs(c.payload));
    CHECK(r["address"] == c.address);
    // polkadot-js decodeAddress only accepts total lengths 3, 4, 6, 10 and 35..38, so it cannot read
    // back 2/4/8-byte payloads under a two-byte prefix (its own encodeAddress output). We can.
    const bool js_can_decode = c.payload.size() >= 32 || c.payload.size() == 1 || c.prefix < 64;
    if (js_can_decode) CHECK(r["decoded_cpp"] == hexs(c.payload));
    auto dec = ss58_decode(r["address"].get<std::string>()).value();
    CHECK(dec.prefix == c.prefix);
    CHECK(dec.payload == c.payload);
  }

  REQUIRE(res["generated"].size() == 20);
  for (std::size_t i = 0; i < 20; ++i) {
    const auto& g = res["generated"][i];
    std::string uri = g["mnemonic"].get<std::string>() + "//bt//" + std::to_string(i);
    for (Scheme s : all) {
      auto kp = Keypair::from_uri(uri, s).value();
      CHECK(g[std::string(scheme_name(s))]["public"] == hexs(kp.public_key()));
      CHECK(g[std::string(scheme_name(s))]["address"] == kp.ss58_address());
    }
  }
  for (std::size_t i = 0; i < mnemonics.size(); ++i) {
    CHECK(res["mnemonic_checks"][i].get<bool>() == static_cast<bool>(bip39::validate(mnemonics[i])));
  }
}
