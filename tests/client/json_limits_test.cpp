// SPDX-License-Identifier: MIT
// Issue 14 findings 4 and 15 for the client's JSON results (block headers).
#include <bt/client/client.hpp>
#include <catch2/catch.hpp>
#include <string>

TEST_CASE("Client::parse_header: deep nesting and NUL + junk are bad_response", "[client][json_limits]") {
  const std::string zero = "\"0x" + std::string(64, '0') + "\"";
  const std::string ok = "{\"parentHash\":" + zero + ",\"number\":\"0x1\",\"stateRoot\":" + zero +
                         ",\"extrinsicsRoot\":" + zero + ",\"digest\":{\"logs\":[]}}";
  REQUIRE(bt::client::Client::parse_header(ok));
  std::string deep = ok;
  deep.insert(deep.size() - 1, ",\"x\":" + std::string(100000, '[') + std::string(100000, ']'));
  auto d = bt::client::Client::parse_header(deep);
  REQUIRE_FALSE(d);
  CHECK(d.error().code() == make_error_code(bt::client::ClientError::bad_response));
  CHECK_FALSE(bt::client::Client::parse_header(ok + std::string("\0junk", 5)));
}
