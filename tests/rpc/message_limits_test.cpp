// SPDX-License-Identifier: MIT
// Issue 14 findings 4 and 15 for JSON-RPC messages and request params.
#include <bt/rpc/error.hpp>
#include <bt/rpc/message.hpp>
#include <catch2/catch.hpp>
#include <string>

TEST_CASE("parse_message: deep nesting and NUL + junk are protocol errors", "[rpc][json_limits]") {
  const std::string ok = R"({"jsonrpc":"2.0","id":7,"result":1})";
  REQUIRE(bt::rpc::parse_message(ok));
  const std::string deep =
      R"({"jsonrpc":"2.0","id":7,"result":)" + std::string(100000, '[') + std::string(100000, ']') + "}";
  auto d = bt::rpc::parse_message(deep);
  REQUIRE_FALSE(d);
  CHECK(d.error().code() == make_error_code(bt::rpc::RpcError::protocol_error));
  auto n = bt::rpc::parse_message(ok + std::string("\0junk", 5));
  REQUIRE_FALSE(n);
  CHECK(n.error().code() == make_error_code(bt::rpc::RpcError::protocol_error));
  CHECK_FALSE(bt::rpc::parse_message(ok + " {}"));
}

TEST_CASE("make_request: params with NUL + junk or deep nesting are refused", "[rpc][json_limits]") {
  REQUIRE(bt::rpc::make_request(1, "m", "[1]"));
  CHECK_FALSE(bt::rpc::make_request(1, "m", std::string("[1]\0junk", 8)));
  CHECK_FALSE(bt::rpc::make_request(1, "m", std::string(100000, '[') + std::string(100000, ']')));
}
