// SPDX-License-Identifier: MIT
// Private: how the rpc dispatcher (dispatcher.hpp) moves JSON-RPC text to and from a node. Two
// implementations: WebSocket (ws_rpc_transport.cpp, on the C++17 websocketpp connection of
// ws_transport.hpp) and HTTP (http_transport.cpp, our own bounded HTTP/1.1 client).
//
// Both deliver incoming messages through TransportEvents::on_message: WebSocket on its I/O thread,
// whenever the node sends something; HTTP on the sender's thread, with the response body, before
// send() returns. The dispatcher therefore matches responses to requests by id the same way for both.
#pragma once

#include <bt/result.hpp>
#include <bt/rpc/rpc_client.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace bt::rpc::detail {

// Why a persistent connection ended.
struct CloseInfo {
  bool too_large = false;  // an incoming message exceeded Options::max_message_size
  std::string reason;
};

struct TransportEvents {
  // One incoming message. The returned error (a message that does not parse) is what an HTTP send()
  // returns; WebSocket ignores it (the dispatcher counts it as a protocol error).
  std::function<Result<void>(std::string&&)> on_message;
  // Persistent transports: the connection dropped (called at most once per connection, on the I/O
  // thread). Never called after shutdown().
  std::function<void(const CloseInfo&)> on_closed;
};

class Transport {
 public:
  using Clock = std::chrono::steady_clock;
  virtual ~Transport() = default;

  // True for WebSocket: one long-lived connection that may drop and be reopened, carrying
  // subscriptions. False for HTTP: each send() is a complete request/response exchange.
  virtual bool persistent() const = 0;
  // Opens (persistent: reopens after a drop) the connection. Errors: RpcError::{transport, timeout,
  // invalid_url}. HTTP: nothing to do.
  virtual Result<void> open() = 0;
  // Sends one message (a request or a batch). WebSocket: queues the frame; the answer comes later
  // through on_message. HTTP: POSTs it and delivers the response body through on_message before
  // returning; the deadline covers the whole exchange. Errors: RpcError::{transport, timeout, closed,
  // response_too_large, protocol_error}.
  virtual Result<void> send(const std::string& text, Clock::time_point deadline) = 0;
  // Closes and frees a connection that dropped (on_closed ran). Must not be called from the I/O thread.
  virtual void reap() = 0;
  // Final: aborts what is in flight, closes every connection and joins the transport's threads. After
  // it returns no event is delivered. Idempotent.
  virtual void shutdown() = 0;
};

// url: ws://... or wss://...; nothing is connected until open().
std::unique_ptr<Transport> make_ws_transport(const std::string& url, const Options& options,
                                             TransportEvents events);
// url: http://host[:port][/path] or https://...; errors: RpcError::invalid_url, RpcError::transport (TLS
// setup).
Result<std::unique_ptr<Transport>> make_http_transport(const std::string& url, const Options& options,
                                                       TransportEvents events);

}  // namespace bt::rpc::detail
