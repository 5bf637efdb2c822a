// SPDX-License-Identifier: MIT
// Private: the WebSocket connection used by bt::rpc::RpcClient. Plain C++17 so that the one translation
// unit that includes websocketpp (ws_transport_cxx17.cpp, compiled as C++17) and the C++20 rest of the
// library can share it. Nothing from websocketpp or asio appears here.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace bt::rpc::detail {

struct WsConfig {
  std::string url;                           // ws://host[:port][/path] or wss://...
  long connect_timeout_ms = 10000;           // TCP + TLS + WebSocket handshake
  std::size_t max_message_size = 64u << 20;  // larger incoming messages close the connection (1009)
  long ping_interval_ms = 20000;             // 0: no pings
  long pong_timeout_ms = 10000;              // no pong within this: the connection is dropped
  bool verify_tls = true;                    // wss: verify the certificate chain and the host name
  std::string ca_file;                       // wss: extra CA bundle (PEM); empty: system store
};

// Why a connection ended (after it was open).
struct WsCloseInfo {
  int close_code = 0;      // WebSocket close code (1009 = message too big), 0 if none
  bool too_large = false;  // an incoming message exceeded max_message_size
  std::string reason;      // human-readable
};

// Callbacks run on the connection's I/O thread; they must not block for long and must not call
// close() on the same connection.
struct WsEvents {
  std::function<void(std::string&&)> on_message;
  std::function<void(const WsCloseInfo&)> on_closed;  // called at most once, only after a successful open
};

class WsConnection {
 public:
  virtual ~WsConnection() = default;
  // Queues a text frame. False (and *error) if the connection is not open.
  virtual bool send(const std::string& text, std::string* error) = 0;
  // Closes the socket and joins the I/O thread. No callback runs after close() returns. Idempotent.
  virtual void close() = 0;
};

enum class WsConnectFailure { none, bad_url, transport, timeout };

// Opens a connection (blocking up to connect_timeout_ms). On failure returns nullptr and sets *failure
// and *error.
std::unique_ptr<WsConnection> ws_connect(const WsConfig& config, WsEvents events, WsConnectFailure* failure,
                                         std::string* error);

}  // namespace bt::rpc::detail
