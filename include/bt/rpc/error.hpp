// SPDX-License-Identifier: MIT
// Error codes of the rpc module (category "bt.rpc"): every failure of a JSON-RPC call is one of these.
#pragma once

#include <bt/error.hpp>

#include <optional>

namespace bt::rpc {

enum class RpcError {
  transport = 1,       // connect failed, connection refused/reset, TLS failure, HTTP status != 200
  timeout,             // no answer within the request (or connect) timeout
  cancelled,           // the caller cancelled the request
  closed,              // the client was closed, or the connection dropped while the request was in flight
  jsonrpc_error,       // the node answered with a JSON-RPC error object (code and message: see node_error())
  protocol_error,      // malformed JSON, not JSON-RPC 2.0, a result of the wrong shape (decode error)
  response_too_large,  // an incoming message exceeded Options::max_message_size
  invalid_url,         // not ws://, wss://, http:// or https://
  unsupported,         // e.g. subscriptions over HTTP
};

BT_DECLARE_ERROR_ENUM(RpcError, rpc_category);

// The JSON-RPC error object a node returned. An Error with code RpcError::jsonrpc_error carries it in
// its message as "[<code>] <message>[ (data: <json>)]"; node_error() parses it back.
struct NodeError {
  long long code = 0;
  std::string message;
  std::string data_json;  // raw JSON of "data", empty if absent
};
Error make_node_error(const NodeError& e);
// The node's error if e is RpcError::jsonrpc_error, otherwise nullopt.
std::optional<NodeError> node_error(const Error& e);

}  // namespace bt::rpc

template <>
struct std::is_error_code_enum<bt::rpc::RpcError> : std::true_type {};
