// SPDX-License-Identifier: MIT
// Private: the transport-independent heart of bt::rpc::RpcClient. The Dispatcher owns request ids and
// the calls in flight (matched to responses by id), subscriptions (their server ids, early
// notifications, the bounded event queue and the dispatch thread that runs callbacks), and, for
// persistent transports, the supervisor thread that expires timed-out calls, reconnects with backoff
// and re-subscribes. The bytes move through a Transport (transport.hpp). RpcClient, PendingCall and
// Subscription (rpc_client.cpp) are thin handles on it.
#pragma once

#include <bt/rpc/message.hpp>
#include <bt/rpc/rpc_client.hpp>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "rpc/transport.hpp"

namespace bt::rpc {
namespace detail {
class Dispatcher;
}

struct PendingCall::State {
  using Clock = std::chrono::steady_clock;
  std::mutex mu;
  std::condition_variable cv;
  std::optional<Result<std::string>> result;
  std::uint64_t id = 0;
  Clock::time_point deadline;
  std::weak_ptr<detail::Dispatcher> owner;
  // Runs on the I/O thread when the response arrives, before completion (subscribe uses it to register
  // the subscription id before any notification is processed).
  std::function<void(const Response&)> on_response;

  bool complete(Result<std::string> r);
  bool done();
};

struct Subscription::Impl {
  std::weak_ptr<detail::Dispatcher> client;
  std::string subscribe_method, params_json, unsubscribe_method;
  SubscriptionCallback callback;
  std::uint64_t key = 0;
  mutable std::mutex mu;  // guards server_id
  std::string server_id;
  std::mutex callback_mu;  // held while the callback runs
  std::atomic<bool> active{true};
  std::atomic<bool> unsubscribed{false};  // the user ended it (unsubscribe/close): no event at all
};

namespace detail {

class Dispatcher : public std::enable_shared_from_this<Dispatcher> {
 public:
  using Clock = std::chrono::steady_clock;
  using State = PendingCall::State;
  using StatePtr = std::shared_ptr<State>;

  // Creates the transport for url and, for a persistent one, opens the first connection; starts the
  // threads. Errors: RpcError::{invalid_url, transport, timeout}.
  static Result<std::shared_ptr<Dispatcher>> create(std::string url, Options options);
  ~Dispatcher();

  // A request that runs until its answer: the Result of the call.
  Result<std::string> call(std::string_view method, std::string_view params,
                           std::optional<std::chrono::milliseconds> timeout,
                           std::function<void(const Response&)> hook = {});
  // A request started now; over HTTP it runs on the dispatch thread.
  StatePtr call_async(std::string_view method, std::string_view params,
                      std::optional<std::chrono::milliseconds> timeout);
  Result<std::vector<Result<std::string>>> batch(const std::vector<Request>& requests,
                                                 std::optional<std::chrono::milliseconds> timeout);
  // The subscription, confirmed by the node (RpcClient wraps it in a Subscription handle).
  Result<std::shared_ptr<Subscription::Impl>> subscribe(std::string_view subscribe_method,
                                                        std::string_view params_json,
                                                        std::string_view unsubscribe_method,
                                                        SubscriptionCallback callback);
  void unsubscribe(const std::shared_ptr<Subscription::Impl>& sub);

  // Waits for st until its deadline; on timeout removes it and completes it with RpcError::timeout.
  Result<std::string> wait(const StatePtr& st);
  void forget(std::uint64_t id);
  void close();
  ClientStats stats() const;
  const std::string& url() const { return url_; }
  const Options& options() const { return opt_; }
  bool on_dispatch_thread() const { return std::this_thread::get_id() == dispatcher_id_; }

 private:
  struct Task {
    std::function<void()> run;
    bool notification = false;  // may be dropped when the queue is full
  };

  Dispatcher(std::string url, Options options) : url_(std::move(url)), opt_(std::move(options)) {}

  // dispatch thread
  void post(std::function<void()> f, bool notification = false);
  void dispatch_loop();
  void deliver(const std::shared_ptr<Subscription::Impl>& sub, SubscriptionEvent ev);
  void end_subscription(const std::shared_ptr<Subscription::Impl>& sub, SubscriptionEvent ev);

  // incoming (transport threads)
  Result<void> on_message(std::string&& text);
  void on_notification(Notification&& n);
  void register_sub_id(const std::shared_ptr<Subscription::Impl>& sub, const Response& r);
  void on_closed(const CloseInfo& info);

  // supervisor (persistent transports)
  void supervise();
  void sweep_expired();
  void reconnect();
  void resubscribe(const std::shared_ptr<Subscription::Impl>& sub, std::chrono::milliseconds gap);

  // requests
  StatePtr new_state(std::optional<std::chrono::milliseconds> timeout);
  // Registers states as pending and sends text (persistent: waiting for a reconnect if needed).
  Result<void> send(const std::vector<StatePtr>& states, const std::string& text, Clock::time_point deadline);
  // Creates the state and sends the request; errors complete the state.
  StatePtr start(std::string_view method, std::string_view params,
                 std::optional<std::chrono::milliseconds> timeout,
                 std::function<void(const Response&)> hook = {});

  const std::string url_;
  Options opt_;
  std::unique_ptr<Transport> transport_;
  bool persistent_ = false;

  mutable std::mutex mu_;
  std::condition_variable state_cv_;
  bool connected_ = false;
  bool closed_ = false;
  bool lost_ = false;
  Clock::time_point lost_at_;
  std::unordered_map<std::uint64_t, StatePtr> pending_;
  std::map<std::uint64_t, std::shared_ptr<Subscription::Impl>> subs_;
  std::unordered_map<std::string, std::shared_ptr<Subscription::Impl>> subs_by_id_;
  std::deque<Notification> orphans_;  // notifications that arrived before their subscription id was known
  std::uint64_t next_sub_key_ = 1;

  std::atomic<std::uint64_t> next_id_{1};
  std::atomic<std::uint64_t> requests_sent_{0}, reconnects_{0}, protocol_errors_{0},
      notifications_dropped_{0};

  std::mutex dmu_;
  std::condition_variable dcv_;
  std::deque<Task> dqueue_;
  std::size_t queued_notifications_ = 0;
  bool dstop_ = false;
  std::thread dispatcher_;
  std::thread::id dispatcher_id_;
  std::thread supervisor_;
  std::once_flag close_once_;
};

}  // namespace detail
}  // namespace bt::rpc
