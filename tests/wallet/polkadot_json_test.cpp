// SPDX-License-Identifier: MIT
// polkadot-js encrypted account JSON: local round trips and bad input, and (when node and
// tests/interop/node_modules are present) both directions against @polkadot/keyring through
// tests/interop/keys.js.
#include <bt/crypto/keypair.hpp>
#include <bt/wallet/keyfile.hpp>
#include <bt/wallet/polkadot_json.hpp>
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "support/node_script.hpp"

using namespace bt;
using namespace bt::crypto;
using bt::wallet::KeyfileError;
namespace fs = std::filesystem;

TEST_CASE("polkadot-js account JSON round trip and bad input", "[wallet][polkadot_json]") {
  for (Scheme s : {Scheme::sr25519, Scheme::ed25519, Scheme::ecdsa}) {
    INFO(scheme_name(s));
    auto kp = Keypair::from_uri("//Dave", s).value();
    auto json = wallet::export_polkadot_json(kp, "pw", "dave").value();
    auto j = nlohmann::json::parse(json);
    CHECK(j["encoding"]["content"][1] == std::string(scheme_name(s)));
    CHECK(j["meta"]["name"] == "dave");
    auto back = wallet::import_polkadot_json(json, "pw").value();
    CHECK(back.public_key() == kp.public_key());
    CHECK(back.scheme() == s);
    CHECK(wallet::import_polkadot_json(json, "pW").error() == KeyfileError::wrong_password);
    CHECK(wallet::import_polkadot_json(json, "").error() == KeyfileError::password_required);
    // Tampered ciphertext, truncated payload, unknown scrypt parameters.
    std::string enc = j["encoded"];
    auto raw = nlohmann::json::parse(json);
    std::string t = enc;
    t[60] = t[60] == 'A' ? 'B' : 'A';
    raw["encoded"] = t;
    CHECK(wallet::import_polkadot_json(raw.dump(), "pw").error() == KeyfileError::wrong_password);
    raw["encoded"] = enc.substr(0, 40);
    auto r = wallet::import_polkadot_json(raw.dump(), "pw");
    REQUIRE_FALSE(r);
    CHECK((r.error() == KeyfileError::truncated || r.error() == KeyfileError::invalid_key_data));
  }
  CHECK(wallet::export_polkadot_json(Keypair::from_uri("//Dave").value(), "").error() ==
        KeyfileError::password_required);
  auto err = [](std::string_view s) { return wallet::import_polkadot_json(s, "pw").error(); };
  CHECK(err("nope") == KeyfileError::not_json);
  CHECK(err("{}") == KeyfileError::missing_fields);
  CHECK(err(R"({"encoded":"AAAA","encoding":{"content":["pkcs8"]}})") == KeyfileError::missing_fields);
  CHECK(err(R"({"encoded":"AAAA","encoding":{"content":["pkcs8","rsa"],"type":["none"]}})") ==
        KeyfileError::unsupported_format);
  CHECK(err(R"({"encoded":"%%%","encoding":{"content":["pkcs8","sr25519"],"type":["none"]}})") ==
        KeyfileError::invalid_key_data);
  CHECK(err(R"({"encoded":"AAAA","encoding":{"content":["pkcs8","sr25519"],"type":["none"]}})") ==
        KeyfileError::invalid_key_data);
  CHECK(err(R"({"encoded":"AAAA","encoding":{"content":["pkcs8","sr25519"],"type":["rot13"]}})") ==
        KeyfileError::unsupported_format);
  // Scrypt parameters outside the allow-list (N = 2^30) are refused before any work.
  Bytes hdr(44 + 24 + 16, 0);
  hdr[32] = 0;
  hdr[35] = 0x40;  // N = 2^30
  hdr[36] = 1;
  hdr[40] = 8;
  nlohmann::json bad{
      {"encoded", ""},
      {"encoding", {{"content", {"pkcs8", "sr25519"}}, {"type", {"scrypt", "xsalsa20-poly1305"}}}}};
  // base64 of hdr
  static const char* tbl = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string b64;
  for (std::size_t i = 0; i + 2 < hdr.size(); i += 3) {
    unsigned v = hdr[i] << 16 | hdr[i + 1] << 8 | hdr[i + 2];
    for (int k = 3; k >= 0; --k) b64.push_back(tbl[(v >> (6 * k)) & 63]);
  }
  bad["encoded"] = b64;
  CHECK(err(bad.dump()) == KeyfileError::unsupported_format);
}

TEST_CASE("polkadot-js account JSON agrees with @polkadot/keyring", "[wallet][polkadot_json][interop]") {
  const fs::path dir = bt::test::interop_dir();
  if (!bt::test::node_packages_available("polkadot-js account JSON interop", dir, {"@polkadot/keyring"}))
    return;
  std::vector<std::pair<Scheme, std::string>> uris = {
      {Scheme::sr25519, "//Alice"}, {Scheme::ed25519, "//Bob//stash"}, {Scheme::ecdsa, "//Charlie"}};
  nlohmann::json req;
  std::vector<Keypair> exported;
  for (const auto& [s, uri] : uris) {
    req["json_exports"].push_back(
        {{"scheme", std::string(scheme_name(s))}, {"uri", uri}, {"password", "js pw"}});
    exported.push_back(Keypair::from_uri(uri, s).value());
    req["json_imports"].push_back(
        {{"scheme", std::string(scheme_name(s))},
         {"json", wallet::export_polkadot_json(exported.back(), "cpp pw", "x").value()},
         {"password", "cpp pw"}});
  }
  const auto node = bt::test::run_node_script(dir / "keys.js", req);
  INFO(node.out.substr(0, 400));
  REQUIRE(node.ok);
  auto res = nlohmann::json::parse(node.out);
  for (std::size_t i = 0; i < uris.size(); ++i) {
    INFO("account JSON " << uris[i].second);
    const auto& e = res["json_exports"][i];
    auto imported = wallet::import_polkadot_json(e["json"].get<std::string>(), "js pw");
    REQUIRE(imported);
    CHECK(to_hex(imported->public_key(), false) == e["public"]);
    CHECK(imported->public_key() == exported[i].public_key());
    const auto& im = res["json_imports"][i];
    REQUIRE_FALSE(im.contains("error"));
    CHECK(im["public"] == to_hex(exported[i].public_key(), false));
    auto sig = MultiSignature::make(uris[i].first, from_hex(im["sig"].get<std::string>()).value()).value();
    CHECK(exported[i].verify(sig, Bytes{1, 2, 3}));
  }
}
