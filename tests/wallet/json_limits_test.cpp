// SPDX-License-Identifier: MIT
// Issue 14 findings 4 and 15 for the wallet's JSON readers: keyfile data and polkadot-js account
// JSON with deep nesting or a NUL followed by junk give KeyfileError::not_json.
#include <bt/wallet/keyfile.hpp>
#include <bt/wallet/polkadot_json.hpp>
#include <catch2/catch.hpp>
#include <string>

using namespace bt::wallet;

namespace {
bt::ByteView view(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}
const std::string kPublic =
    R"({"accountId":"0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d",)"
    R"("publicKey":"0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d",)"
    R"("ss58Address":"5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"})";
}  // namespace

TEST_CASE("keyfile data: deep nesting and NUL + junk are not_json", "[wallet][json_limits]") {
  REQUIRE(deserialize_keyfile_data(view(kPublic)));
  std::string deep = kPublic;
  deep.insert(deep.size() - 1, ",\"x\":" + std::string(100000, '[') + std::string(100000, ']'));
  auto r = deserialize_keyfile_data(view(deep));
  REQUIRE_FALSE(r);
  CHECK(r.error().code() == make_error_code(KeyfileError::not_json));
  auto n = deserialize_keyfile_data(view(kPublic + std::string("\0junk", 5)));
  REQUIRE_FALSE(n);
  CHECK(n.error().code() == make_error_code(KeyfileError::not_json));
  CHECK_FALSE(deserialize_keyfile_data(view(kPublic + " {}")));
}

TEST_CASE("polkadot-js JSON: deep nesting and NUL + junk are not_json", "[wallet][json_limits]") {
  const std::string deep = R"({"encoded":"00","encoding":{"content":["pkcs8","sr25519"],"type":)" +
                           std::string(100000, '[') + std::string(100000, ']') + "}}";
  auto r = import_polkadot_json(deep, "pw");
  REQUIRE_FALSE(r);
  CHECK(r.error().code() == make_error_code(KeyfileError::not_json));
  const std::string good_shape =
      R"({"encoded":"00","encoding":{"content":["pkcs8","sr25519"],"type":["none"]}})";
  auto g = import_polkadot_json(good_shape, "pw");
  REQUIRE_FALSE(g);
  CHECK(g.error().code() != make_error_code(KeyfileError::not_json));  // got past parsing
  auto n = import_polkadot_json(good_shape + std::string("\0junk", 5), "pw");
  REQUIRE_FALSE(n);
  CHECK(n.error().code() == make_error_code(KeyfileError::not_json));
}
