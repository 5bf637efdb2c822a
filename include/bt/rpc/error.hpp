// SPDX-License-Identifier: MIT
// Error codes of the rpc module (category "bt.rpc"): every failure of a JSON-RPC call is one of these.
#pragma once

#include <bt/error.hpp>

#include <optional>

namespace bt::rpc {

// The codes, each with its value and message, written once: X(enumerator, value, message). The enum
// and the category's messages (lib/rpc/error.cpp) are both generated from this list.
#define BT_RPC_ERROR_CODES(X)                                                               \
  /* connect failed, connection refused/reset, TLS failure, HTTP status != 200 */           \
  X(transport, 1, "transport error")                                                        \
  /* no answer within the request (or connect) timeout */                                   \
  X(timeout, 2, "timeout")                                                                  \
  /* the caller cancelled the request */                                                    \
  X(cancelled, 3, "cancelled")                                                              \
  /* the client was closed, or the connection dropped while the request was in flight */    \
  X(closed, 4, "connection closed")                                                         \
  /* the node answered with a JSON-RPC error object (code and message: see node_error()) */ \
  X(jsonrpc_error, 5, "JSON-RPC error from the node")                                       \
  /* malformed JSON, not JSON-RPC 2.0, a result of the wrong shape (decode error) */        \
  X(protocol_error, 6, "malformed JSON-RPC message")                                        \
  /* an incoming message exceeded Options::max_message_size */                              \
  X(response_too_large, 7, "response too large")                                            \
  /* not ws://, wss://, http:// or https:// */                                              \
  X(invalid_url, 8, "invalid URL")                                                          \
  /* e.g. subscriptions over HTTP */                                                        \
  X(unsupported, 9, "unsupported by this transport")

enum class RpcError { BT_RPC_ERROR_CODES(BT_ERROR_ENUMERATOR) };

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
