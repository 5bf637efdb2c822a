// SPDX-License-Identifier: MIT
// bt::rpc::RpcClient: a JSON-RPC 2.0 client over WebSocket (ws://, wss://) or HTTP (http://, https://).
//
// Concurrency model
//   * Every public method is thread-safe; one RpcClient is meant to be shared by the whole program.
//   * call()/batch()/subscribe() block the calling thread until the answer, the request timeout, a
//     cancel() or close(). call_async() returns at once with a PendingCall (wait/get/cancel).
//   * Over WebSocket, all requests share one connection and are matched by id: any number can be in
//     flight at once. Network I/O runs on one internal I/O thread per connection.
//   * Subscription callbacks run on one internal dispatch thread, in arrival order, never concurrently
//     with each other. A callback may call call()/subscribe() on the same client (it then blocks only
//     the dispatch thread), but must not call close() or destroy the client.
//   * If the connection drops (and Options::auto_reconnect), requests in flight fail with
//     RpcError::closed, new requests wait (within their timeout) for the connection to come back, and a
//     supervisor thread reconnects with exponential backoff, re-subscribes every live subscription and
//     then delivers a SubscriptionEvent of kind `resubscribed` (the gap: notifications during the outage
//     are lost; e.g. re-read the blocks you missed).
//   * close() (also run by the destructor) fails every pending request with RpcError::closed, closes the
//     socket and joins every internal thread; nothing is left running afterwards.
//
// JSON values cross the API as JSON text (std::string): params are a JSON array/object text, results the
// text of the "result" value. No JSON library appears in this header.
#pragma once

#include <bt/result.hpp>
#include <bt/rpc/error.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bt::rpc {

struct Options {
  std::chrono::milliseconds request_timeout{30000};  // default per-request timeout
  std::chrono::milliseconds connect_timeout{10000};  // TCP + TLS + WebSocket handshake
  bool auto_reconnect = true;                        // WebSocket only
  std::chrono::milliseconds reconnect_initial_delay{200};
  std::chrono::milliseconds reconnect_max_delay{10000};  // backoff doubles up to this
  std::chrono::milliseconds ping_interval{20000};        // WebSocket ping; 0 disables
  std::chrono::milliseconds pong_timeout{10000};         // no pong within this: connection dropped
  std::size_t max_message_size = std::size_t{64} << 20;  // larger responses: RpcError::response_too_large
  // Subscription events waiting for the dispatch thread (all subscriptions of the client together).
  // When a node sends notifications faster than the callbacks consume them and this many are queued,
  // the oldest queued notification is dropped and ClientStats::notifications_dropped counts it, so
  // memory stays bounded and the callbacks see the newest data. resubscribed/error events are never
  // dropped. 0 is taken as 1.
  std::size_t max_queued_notifications = 4096;
  bool verify_tls = true;  // wss/https certificate + host name check
  std::string
      ca_file;  // extra CA bundle (PEM), empty: system store; unreadable -> RpcError::transport at connect
};

// One request of a batch.
struct Request {
  std::string method;
  std::string params_json = "[]";
};

// A request started with call_async().
class PendingCall {
 public:
  PendingCall() = default;
  // Blocks until the result (or timeout/cancel/close) and returns it. May be called once.
  Result<std::string> get();
  // True when the result is available (get() will not block).
  bool wait_for(std::chrono::milliseconds d) const;
  // Completes the call with RpcError::cancelled if it has not completed yet; a late answer is dropped.
  void cancel();
  struct State;

 private:
  friend class RpcClient;
  explicit PendingCall(std::shared_ptr<State> s) : state_(std::move(s)) {}
  std::shared_ptr<State> state_;
};

struct SubscriptionEvent {
  enum class Kind {
    notification,  // result_json holds the notification's "result"
    resubscribed,  // the connection dropped and the subscription was re-established; gap_ms says how long
                   // the client was disconnected (notifications in between are lost)
    error,         // the subscription ended without unsubscribe(): re-subscribing after a reconnect failed,
                   // or the connection dropped with auto_reconnect off. error says why; active() is
                   // already false when the callback sees it, and no event follows.
  };
  Kind kind = Kind::notification;
  std::string result_json;
  std::chrono::milliseconds gap_ms{0};
  std::optional<Error> error;
};
using SubscriptionCallback = std::function<void(const SubscriptionEvent&)>;

class RpcClient;

// Handle of a live subscription. Destroying it (or unsubscribe()) ends the subscription: the client stops
// delivering events and sends the unsubscribe method. Movable, not copyable.
class Subscription {
 public:
  Subscription() = default;
  Subscription(Subscription&&) noexcept;
  Subscription& operator=(Subscription&&) noexcept;
  Subscription(const Subscription&) = delete;
  Subscription& operator=(const Subscription&) = delete;
  ~Subscription();
  // The node's current subscription id (changes after a reconnect).
  std::string id() const;
  // Idempotent. No callback runs after unsubscribe() returns, unless called from the callback itself.
  void unsubscribe();
  // False after unsubscribe(), close(), or when the subscription died (see SubscriptionEvent::Kind::error).
  bool active() const;
  struct Impl;  // opaque (defined privately by the library)

 private:
  friend class RpcClient;
  explicit Subscription(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<Impl> impl_;
};

struct ClientStats {
  std::uint64_t requests_sent = 0;
  std::uint64_t reconnects = 0;             // successful reconnects
  std::uint64_t protocol_errors = 0;        // incoming messages that could not be parsed or matched
  std::uint64_t notifications_dropped = 0;  // oldest queued notifications dropped (max_queued_notifications)
  bool connected = false;
};

class RpcClient {
 public:
  // Connects to url (ws://, wss://, http://, https://). WebSocket: fails with RpcError::transport or
  // RpcError::timeout if the first connection cannot be established. HTTP: nothing is sent until the
  // first call.
  static Result<std::unique_ptr<RpcClient>> connect(std::string url, Options options = {});

  ~RpcClient();
  RpcClient(const RpcClient&) = delete;
  RpcClient& operator=(const RpcClient&) = delete;

  // Sends one request and returns the JSON text of its "result". timeout: Options::request_timeout if
  // not given. Errors: RpcError::{timeout, closed, transport, jsonrpc_error, protocol_error,
  // response_too_large}.
  Result<std::string> call(std::string_view method, std::string_view params_json = "[]",
                           std::optional<std::chrono::milliseconds> timeout = std::nullopt);
  // Sends the request and returns at once.
  PendingCall call_async(std::string_view method, std::string_view params_json = "[]",
                         std::optional<std::chrono::milliseconds> timeout = std::nullopt);
  // Sends all requests as one JSON-RPC batch. The outer Result fails only if the batch as a whole
  // failed (transport, timeout, closed); each element has its own Result, in the order of `requests`.
  Result<std::vector<Result<std::string>>> batch(
      const std::vector<Request>& requests, std::optional<std::chrono::milliseconds> timeout = std::nullopt);
  // Subscribes (e.g. "chain_subscribeNewHeads", "[]", "chain_unsubscribeNewHeads"). Returns when the node
  // confirmed the subscription. WebSocket only (RpcError::unsupported over HTTP).
  Result<Subscription> subscribe(std::string_view subscribe_method, std::string_view params_json,
                                 std::string_view unsubscribe_method, SubscriptionCallback callback);

  // See the concurrency model above. Idempotent.
  void close();
  ClientStats stats() const;
  const std::string& url() const;
  const Options& options() const;

  struct Impl;

 private:
  explicit RpcClient(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;
};

}  // namespace bt::rpc
