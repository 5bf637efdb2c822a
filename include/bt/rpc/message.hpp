// SPDX-License-Identifier: MIT
// Parsing of incoming JSON-RPC 2.0 messages (what a node sends): responses, batch responses and
// subscription notifications. Used by RpcClient; public so custom transports and tests can use it.
// JSON values are passed around as JSON text (std::string), so no JSON library leaks into the API.
#pragma once

#include <bt/result.hpp>
#include <bt/rpc/error.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bt::rpc {

struct Response {
  std::optional<std::uint64_t> id;  // nullopt: id missing, null, or not an unsigned integer
  bool ok = false;                  // true: result_json holds "result"; false: error holds "error"
  std::string result_json;          // JSON text of "result" (e.g. "\"0x1234\"", "null", "{...}")
  NodeError error;
};

struct Notification {
  std::string method;        // e.g. "chain_newHead"
  std::string subscription;  // params.subscription; a JSON string's content, other JSON as text
  std::string result_json;   // JSON text of params.result
};

struct IncomingMessage {
  enum class Kind { response, batch, notification };
  Kind kind = Kind::response;
  std::vector<Response> responses;  // kind response: one entry; batch: one per element
  Notification notification;        // kind notification
};

// Parses one message. Errors: RpcError::protocol_error (invalid JSON, nesting deeper than 128, not an
// object/array, missing "result"/"error", ...). Never throws (except std::bad_alloc).
Result<IncomingMessage> parse_message(std::string_view text);

// Serialises a request {"jsonrpc":"2.0","id":id,"method":method,"params":params}. params_json must be
// a JSON array or object text; otherwise RpcError::protocol_error.
Result<std::string> make_request(std::uint64_t id, std::string_view method, std::string_view params_json);

}  // namespace bt::rpc
