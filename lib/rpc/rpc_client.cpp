// SPDX-License-Identifier: MIT
#include <bt/rpc/rpc_client.hpp>

#include <bt/rpc/message.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_map>

#include "rpc/http_transport.hpp"
#include "rpc/ws_transport.hpp"

namespace bt::rpc {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// ---------------------------------------------------------------------------------------------
// PendingCall

struct PendingCall::State {
  std::mutex mu;
  std::condition_variable cv;
  std::optional<Result<std::string>> result;
  std::uint64_t id = 0;
  Clock::time_point deadline;
  std::weak_ptr<RpcClient::Impl> owner;
  // Runs on the I/O thread when the response arrives, before completion (subscribe uses it to register
  // the subscription id before any notification is processed).
  std::function<void(const Response&)> on_response;

  bool complete(Result<std::string> r) {
    std::lock_guard lock(mu);
    if (result) return false;
    result.emplace(std::move(r));
    cv.notify_all();
    return true;
  }
  bool done() {
    std::lock_guard lock(mu);
    return result.has_value();
  }
};

struct Subscription::Impl {
  std::weak_ptr<RpcClient::Impl> client;
  std::string subscribe_method, params_json, unsubscribe_method;
  SubscriptionCallback callback;
  std::uint64_t key = 0;
  mutable std::mutex mu;     // guards server_id
  std::string server_id;
  std::mutex callback_mu;    // held while the callback runs
  std::atomic<bool> active{true};
  std::atomic<bool> unsubscribed{false};  // the user ended it (unsubscribe/close): no event at all
};

// ---------------------------------------------------------------------------------------------
// RpcClient::Impl

struct RpcClient::Impl : std::enable_shared_from_this<RpcClient::Impl> {
  std::string url;
  Options opt;
  bool websocket = false;
  std::unique_ptr<detail::HttpTransport> http;

  mutable std::mutex mu;
  std::condition_variable state_cv;
  std::shared_ptr<detail::WsConnection> conn;
  std::shared_ptr<detail::WsConnection> dead;  // dropped connection, closed by the supervisor
  bool connected = false;
  bool closed = false;
  bool lost = false;
  Clock::time_point lost_at;
  std::unordered_map<std::uint64_t, std::shared_ptr<PendingCall::State>> pending;
  std::map<std::uint64_t, std::shared_ptr<Subscription::Impl>> subs;
  std::unordered_map<std::string, std::shared_ptr<Subscription::Impl>> subs_by_id;
  std::deque<Notification> orphans;  // notifications that arrived before their subscription id was known
  std::uint64_t next_sub_key = 1;

  std::atomic<std::uint64_t> next_id{1};
  std::atomic<std::uint64_t> requests_sent{0}, reconnects{0}, protocol_errors{0}, notifications_dropped{0};

  // dispatch thread
  struct Task {
    std::function<void()> run;
    bool notification = false;  // may be dropped when the queue is full
  };
  std::mutex dmu;
  std::condition_variable dcv;
  std::deque<Task> dqueue;
  std::size_t queued_notifications = 0;
  bool dstop = false;
  std::thread dispatcher;
  std::thread::id dispatcher_id;
  std::thread supervisor;
  std::once_flag close_once;

  // ---- dispatch ----
  void post(std::function<void()> f, bool notification = false) {
    std::function<void()> dropped;  // destroyed outside the lock (it may hold a Python callable)
    std::lock_guard lock(dmu);
    if (dstop) return;
    if (notification) {
      // Bounded queue: drop the oldest queued notification (see Options::max_queued_notifications).
      if (queued_notifications >= std::max<std::size_t>(opt.max_queued_notifications, 1)) {
        auto it = std::find_if(dqueue.begin(), dqueue.end(), [](const Task& t) { return t.notification; });
        dropped = std::move(it->run);
        dqueue.erase(it);
        --queued_notifications;
        notifications_dropped++;
      }
      ++queued_notifications;
    }
    dqueue.push_back(Task{std::move(f), notification});
    dcv.notify_one();
  }
  void dispatch_loop() {
    for (;;) {
      std::function<void()> f;
      {
        std::unique_lock lock(dmu);
        dcv.wait(lock, [&] { return dstop || !dqueue.empty(); });
        if (dstop) return;
        f = std::move(dqueue.front().run);
        if (dqueue.front().notification) --queued_notifications;
        dqueue.pop_front();
      }
      try {
        f();
      } catch (...) {  // a throwing user callback must not end the dispatch thread
      }
    }
  }
  void deliver(const std::shared_ptr<Subscription::Impl>& sub, SubscriptionEvent ev) {
    const bool notification = ev.kind == SubscriptionEvent::Kind::notification;
    post(
        [sub, ev = std::move(ev)] {
          std::lock_guard lock(sub->callback_mu);
          if (sub->active.load() && sub->callback) sub->callback(ev);
        },
        notification);
  }
  // The subscription died without the user ending it: it is inactive at once (active() says so), and
  // its callback still gets this one error event unless the user unsubscribes first.
  void end_subscription(const std::shared_ptr<Subscription::Impl>& sub, SubscriptionEvent ev) {
    sub->active = false;
    post([sub, ev = std::move(ev)] {
      std::lock_guard lock(sub->callback_mu);
      if (!sub->unsubscribed.load() && sub->callback) sub->callback(ev);
    });
  }

  // ---- incoming (I/O thread) ----
  void on_message(std::string&& text) {
    auto parsed = parse_message(text);
    if (!parsed) {
      protocol_errors++;
      return;
    }
    if (parsed->kind == IncomingMessage::Kind::notification) {
      on_notification(std::move(parsed->notification));
      return;
    }
    for (auto& r : parsed->responses) {
      std::shared_ptr<PendingCall::State> st;
      if (r.id) {
        std::lock_guard lock(mu);
        if (auto it = pending.find(*r.id); it != pending.end()) {
          st = std::move(it->second);
          pending.erase(it);
        }
      }
      if (!st) {
        protocol_errors++;  // unknown, late (timed out / cancelled) or missing id
        continue;
      }
      if (st->on_response) st->on_response(r);
      if (r.ok) st->complete(std::move(r.result_json));
      else st->complete(fail(make_node_error(r.error)));
    }
  }

  void on_notification(Notification&& n) {
    std::shared_ptr<Subscription::Impl> sub;
    {
      std::lock_guard lock(mu);
      auto it = subs_by_id.find(n.subscription);
      if (it == subs_by_id.end()) {
        orphans.push_back(std::move(n));
        if (orphans.size() > 256) orphans.pop_front();
        return;
      }
      sub = it->second;
    }
    SubscriptionEvent ev;
    ev.result_json = std::move(n.result_json);
    deliver(sub, std::move(ev));
  }

  // Registers a subscription id (I/O thread, from the subscribe response) and replays early notifications.
  void register_sub_id(const std::shared_ptr<Subscription::Impl>& sub, const Response& r) {
    if (!r.ok) return;
    auto j = nlohmann::json::parse(r.result_json, nullptr, false);
    std::string id = j.is_string() ? j.get<std::string>() : r.result_json;
    std::vector<Notification> early;
    {
      std::lock_guard lock(mu);
      {
        std::lock_guard slock(sub->mu);
        sub->server_id = id;
      }
      subs_by_id[id] = sub;
      for (auto it = orphans.begin(); it != orphans.end();) {
        if (it->subscription == id) {
          early.push_back(std::move(*it));
          it = orphans.erase(it);
        } else {
          ++it;
        }
      }
    }
    for (auto& n : early) {
      SubscriptionEvent ev;
      ev.result_json = std::move(n.result_json);
      deliver(sub, std::move(ev));
    }
  }

  void on_closed(const detail::WsCloseInfo& info) {
    std::vector<std::shared_ptr<PendingCall::State>> failed;
    std::vector<std::shared_ptr<Subscription::Impl>> ended;
    {
      std::lock_guard lock(mu);
      if (closed) return;
      connected = false;
      lost = true;
      lost_at = Clock::now();
      dead = std::move(conn);
      for (auto& [id, st] : pending) failed.push_back(st);
      pending.clear();
      subs_by_id.clear();
      orphans.clear();
      if (!opt.auto_reconnect) {  // nothing will re-subscribe: the subscriptions are dead
        for (auto& [k, s] : subs) ended.push_back(s);
        subs.clear();
      }
      state_cv.notify_all();
    }
    for (auto& sub : ended) {
      SubscriptionEvent ev;
      ev.kind = SubscriptionEvent::Kind::error;
      ev.error = Error(RpcError::closed, "connection lost (auto_reconnect off): " + info.reason);
      end_subscription(sub, std::move(ev));
    }
    for (auto& st : failed) {
      if (info.too_large)
        st->complete(fail(RpcError::response_too_large,
                          "an incoming message exceeded " + std::to_string(opt.max_message_size) +
                              " bytes; the connection was dropped"));
      else
        st->complete(fail(RpcError::closed, "connection lost: " + info.reason));
    }
  }

  // ---- connection ----
  Result<std::shared_ptr<detail::WsConnection>> open_ws() {
    detail::WsConfig cfg;
    cfg.url = url;
    cfg.connect_timeout_ms = static_cast<long>(opt.connect_timeout.count());
    cfg.max_message_size = opt.max_message_size;
    cfg.ping_interval_ms = static_cast<long>(opt.ping_interval.count());
    cfg.pong_timeout_ms = static_cast<long>(opt.pong_timeout.count());
    cfg.verify_tls = opt.verify_tls;
    cfg.ca_file = opt.ca_file;
    std::weak_ptr<Impl> weak = weak_from_this();
    detail::WsEvents ev;
    ev.on_message = [weak](std::string&& s) {
      if (auto self = weak.lock()) self->on_message(std::move(s));
    };
    ev.on_closed = [weak](const detail::WsCloseInfo& info) {
      if (auto self = weak.lock()) self->on_closed(info);
    };
    detail::WsConnectFailure why = detail::WsConnectFailure::none;
    std::string err;
    auto c = detail::ws_connect(cfg, std::move(ev), &why, &err);
    if (!c) {
      switch (why) {
        case detail::WsConnectFailure::bad_url: return fail(RpcError::invalid_url, err);
        case detail::WsConnectFailure::timeout: return fail(RpcError::timeout, "connect to " + url + ": " + err);
        default: return fail(RpcError::transport, "connect to " + url + ": " + err);
      }
    }
    return std::shared_ptr<detail::WsConnection>(std::move(c));
  }

  void supervise() {
    for (;;) {
      std::shared_ptr<detail::WsConnection> to_close;
      {
        std::unique_lock lock(mu);
        state_cv.wait_for(lock, milliseconds(250), [&] { return closed || lost; });
        if (closed) return;
        to_close = std::move(dead);
      }
      if (to_close) to_close->close();
      sweep_expired();
      bool is_lost;
      {
        std::lock_guard lock(mu);
        is_lost = lost;
      }
      if (is_lost && opt.auto_reconnect) reconnect();
    }
  }

  void sweep_expired() {
    std::vector<std::shared_ptr<PendingCall::State>> expired;
    const auto now = Clock::now();
    {
      std::lock_guard lock(mu);
      for (auto it = pending.begin(); it != pending.end();) {
        if (it->second->deadline <= now) {
          expired.push_back(it->second);
          it = pending.erase(it);
        } else {
          ++it;
        }
      }
    }
    for (auto& st : expired) st->complete(fail(RpcError::timeout, "no response within the request timeout"));
  }

  void reconnect() {
    milliseconds delay = opt.reconnect_initial_delay;
    std::minstd_rand rng(std::random_device{}());
    for (;;) {
      {
        std::unique_lock lock(mu);
        const auto jitter = milliseconds(delay.count() > 1 ? rng() % (delay.count() / 2 + 1) : 0);
        if (state_cv.wait_for(lock, delay + jitter, [&] { return closed; })) return;
      }
      sweep_expired();
      auto c = open_ws();
      if (c) {
        std::vector<std::shared_ptr<Subscription::Impl>> to_resubscribe;
        Clock::time_point since;
        {
          std::lock_guard lock(mu);
          if (closed) {
            (*c)->close();
            return;
          }
          conn = *c;
          connected = true;
          lost = false;
          since = lost_at;
          for (auto& [k, s] : subs) to_resubscribe.push_back(s);
          state_cv.notify_all();
        }
        reconnects++;
        const auto gap = std::chrono::duration_cast<milliseconds>(Clock::now() - since);
        for (auto& sub : to_resubscribe) resubscribe(sub, gap);
        return;
      }
      delay = std::min(delay * 2, opt.reconnect_max_delay);
    }
  }

  void resubscribe(const std::shared_ptr<Subscription::Impl>& sub, milliseconds gap) {
    if (!sub->active.load()) return;
    auto r = call_with_hook(sub->subscribe_method, sub->params_json, opt.request_timeout,
                            [this, sub](const Response& resp) { register_sub_id(sub, resp); });
    SubscriptionEvent ev;
    ev.gap_ms = gap;
    if (r) {
      ev.kind = SubscriptionEvent::Kind::resubscribed;
      deliver(sub, std::move(ev));
      return;
    }
    {
      std::lock_guard lock(mu);
      subs.erase(sub->key);
    }
    ev.kind = SubscriptionEvent::Kind::error;
    ev.error = r.error();  // kept as is: node_error() must still parse a jsonrpc_error
    end_subscription(sub, std::move(ev));
  }

  // ---- requests ----
  std::shared_ptr<PendingCall::State> new_state(std::optional<milliseconds> timeout) {
    auto st = std::make_shared<PendingCall::State>();
    st->id = next_id++;
    st->deadline = Clock::now() + timeout.value_or(opt.request_timeout);
    st->owner = weak_from_this();
    return st;
  }

  // Registers st as pending and sends text over the WebSocket (waiting for a reconnect if needed).
  Result<void> ws_send(const std::vector<std::shared_ptr<PendingCall::State>>& states, const std::string& text,
                       Clock::time_point deadline) {
    std::shared_ptr<detail::WsConnection> c;
    {
      std::unique_lock lock(mu);
      state_cv.wait_until(lock, deadline, [&] { return closed || connected || (lost && !opt.auto_reconnect); });
      if (closed) return fail(RpcError::closed, "client closed");
      if (!connected) {
        if (lost && !opt.auto_reconnect) return fail(RpcError::closed, "connection lost (auto_reconnect off)");
        return fail(RpcError::timeout, "not reconnected within the request timeout");
      }
      for (auto& st : states) pending[st->id] = st;
      c = conn;
    }
    std::string err;
    if (!c->send(text, &err)) {
      std::lock_guard lock(mu);
      for (auto& st : states) pending.erase(st->id);
      return fail(RpcError::transport, "send failed: " + err);
    }
    requests_sent += states.size();
    return ok();
  }

  void forget(std::uint64_t id) {
    std::lock_guard lock(mu);
    pending.erase(id);
  }

  // Waits for st until its deadline; on timeout removes it and completes it with RpcError::timeout.
  Result<std::string> wait(const std::shared_ptr<PendingCall::State>& st) {
    {
      std::unique_lock lock(st->mu);
      st->cv.wait_until(lock, st->deadline, [&] { return st->result.has_value(); });
      if (st->result) return std::move(*st->result);
    }
    forget(st->id);
    st->complete(fail(RpcError::timeout, "no response within the request timeout"));
    std::lock_guard lock(st->mu);
    return std::move(*st->result);
  }

  std::shared_ptr<PendingCall::State> start(std::string_view method, std::string_view params,
                                            std::optional<milliseconds> timeout,
                                            std::function<void(const Response&)> hook = {}) {
    auto st = new_state(timeout);
    st->on_response = std::move(hook);
    auto text = make_request(st->id, method, params);
    if (!text) {
      st->complete(fail(std::move(text).error()));
      return st;
    }
    if (websocket) {
      auto sent = ws_send({st}, *text, st->deadline);
      if (!sent) st->complete(fail(std::move(sent).error()));
      return st;
    }
    // HTTP: performed by the caller (call) or on the dispatch thread (call_async).
    return st;
  }

  Result<std::string> http_call(const std::shared_ptr<PendingCall::State>& st, std::string_view method,
                                std::string_view params) {
    BT_TRY(auto text, make_request(st->id, method, params));
    const auto left = std::chrono::duration_cast<milliseconds>(st->deadline - Clock::now());
    if (left.count() <= 0) return fail(RpcError::timeout, "request timeout");
    requests_sent++;
    BT_TRY(auto body, http->post(text, left));
    auto parsed = parse_message(body);
    if (!parsed) {
      protocol_errors++;
      return fail(std::move(parsed).error());
    }
    if (parsed->kind != IncomingMessage::Kind::response || parsed->responses.empty())
      return fail(RpcError::protocol_error, "expected a single response");
    auto& r = parsed->responses[0];
    if (r.id != st->id) return fail(RpcError::protocol_error, "response id does not match the request id");
    if (!r.ok) return fail(make_node_error(r.error));
    return std::move(r.result_json);
  }

  Result<std::string> call_with_hook(std::string_view method, std::string_view params,
                                     std::optional<milliseconds> timeout,
                                     std::function<void(const Response&)> hook) {
    if (!websocket) {
      auto st = new_state(timeout);
      return http_call(st, method, params);
    }
    auto st = start(method, params, timeout, std::move(hook));
    return wait(st);
  }

  void close() {
    std::call_once(close_once, [&] {
      std::vector<std::shared_ptr<PendingCall::State>> failed;
      std::shared_ptr<detail::WsConnection> c, d;
      {
        std::lock_guard lock(mu);
        closed = true;
        connected = false;
        for (auto& [id, st] : pending) failed.push_back(st);
        pending.clear();
        for (auto& [k, s] : subs) {
          s->unsubscribed = true;
          s->active = false;
        }
        subs.clear();
        subs_by_id.clear();
        c = std::move(conn);
        d = std::move(dead);
        state_cv.notify_all();
      }
      for (auto& st : failed) st->complete(fail(RpcError::closed, "client closed"));
      if (http) http->shutdown();
      if (c) c->close();
      if (d) d->close();
      if (supervisor.joinable()) supervisor.join();
      {
        std::lock_guard lock(dmu);
        dstop = true;
        dcv.notify_all();
      }
      if (dispatcher.joinable()) {
        if (std::this_thread::get_id() == dispatcher_id) dispatcher.detach();  // close() from a callback
        else dispatcher.join();
      }
    });
  }
};

// ---------------------------------------------------------------------------------------------
// PendingCall / Subscription

Result<std::string> PendingCall::get() {
  if (!state_) return fail(RpcError::cancelled, "empty PendingCall");
  if (auto owner = state_->owner.lock()) return owner->wait(state_);
  std::unique_lock lock(state_->mu);
  state_->cv.wait_until(lock, state_->deadline, [&] { return state_->result.has_value(); });
  if (state_->result) return std::move(*state_->result);
  return fail(RpcError::timeout, "no response within the request timeout");
}

bool PendingCall::wait_for(std::chrono::milliseconds d) const {
  if (!state_) return true;
  std::unique_lock lock(state_->mu);
  return state_->cv.wait_for(lock, d, [&] { return state_->result.has_value(); }) ||
         Clock::now() >= state_->deadline;
}

void PendingCall::cancel() {
  if (!state_) return;
  if (auto owner = state_->owner.lock()) owner->forget(state_->id);
  state_->complete(fail(RpcError::cancelled, "cancelled by the caller"));
}

Subscription::Subscription(Subscription&&) noexcept = default;
Subscription& Subscription::operator=(Subscription&& o) noexcept {
  if (this != &o) {
    unsubscribe();
    impl_ = std::move(o.impl_);
  }
  return *this;
}
Subscription::~Subscription() { unsubscribe(); }

std::string Subscription::id() const {
  if (!impl_) return {};
  std::lock_guard lock(impl_->mu);
  return impl_->server_id;
}
bool Subscription::active() const { return impl_ && impl_->active.load(); }

void Subscription::unsubscribe() {
  if (!impl_) return;
  auto impl = std::move(impl_);
  impl->unsubscribed = true;
  const bool was_active = impl->active.exchange(false);
  auto client = impl->client.lock();
  if (client && std::this_thread::get_id() != client->dispatcher_id) {
    std::lock_guard wait_for_callback(impl->callback_mu);
  }
  if (!client || !was_active) return;
  std::string sid;
  {
    std::lock_guard lock(impl->mu);
    sid = impl->server_id;
  }
  bool send = false;
  {
    std::lock_guard lock(client->mu);
    client->subs.erase(impl->key);
    if (auto it = client->subs_by_id.find(sid); it != client->subs_by_id.end() && it->second == impl)
      client->subs_by_id.erase(it);
    send = client->connected && !sid.empty();
  }
  if (send) {
    // Best effort, not waited for: the node may already have dropped it.
    nlohmann::json params = nlohmann::json::array({sid});
    (void)client->start(impl->unsubscribe_method, params.dump(), std::chrono::milliseconds(5000));
  }
}

// ---------------------------------------------------------------------------------------------
// RpcClient

RpcClient::RpcClient(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
RpcClient::~RpcClient() { close(); }

Result<std::unique_ptr<RpcClient>> RpcClient::connect(std::string url, Options options) {
  auto impl = std::make_shared<Impl>();
  impl->url = std::move(url);
  impl->opt = std::move(options);
  if (impl->opt.reconnect_initial_delay.count() <= 0) impl->opt.reconnect_initial_delay = milliseconds(1);
  const std::string& u = impl->url;
  if (!impl->opt.ca_file.empty()) {
    // The TLS back ends would silently fall back to the system store for an unreadable CA bundle;
    // say so up front instead of failing later with a vague handshake error (or not at all).
    std::ifstream ca(impl->opt.ca_file);
    std::error_code ec;
    if (!ca || !std::filesystem::is_regular_file(impl->opt.ca_file, ec))
      return fail(RpcError::transport, "ca_file is not a readable file: " + impl->opt.ca_file);
  }
  if (u.rfind("ws://", 0) == 0 || u.rfind("wss://", 0) == 0) {
    impl->websocket = true;
  } else if (u.rfind("http://", 0) == 0 || u.rfind("https://", 0) == 0) {
    BT_TRY(impl->http, detail::make_http_transport(u, impl->opt));
  } else {
    return fail(RpcError::invalid_url, "expected ws://, wss://, http:// or https://: " + u);
  }
  if (impl->websocket) {
    BT_TRY(auto c, impl->open_ws());
    impl->conn = std::move(c);
    impl->connected = true;
  }
  impl->dispatcher = std::thread([raw = impl.get()] { raw->dispatch_loop(); });
  impl->dispatcher_id = impl->dispatcher.get_id();
  if (impl->websocket) impl->supervisor = std::thread([raw = impl.get()] { raw->supervise(); });
  return std::unique_ptr<RpcClient>(new RpcClient(std::move(impl)));
}

Result<std::string> RpcClient::call(std::string_view method, std::string_view params_json,
                                    std::optional<std::chrono::milliseconds> timeout) {
  return impl_->call_with_hook(method, params_json, timeout, {});
}

PendingCall RpcClient::call_async(std::string_view method, std::string_view params_json,
                                  std::optional<std::chrono::milliseconds> timeout) {
  if (impl_->websocket) return PendingCall(impl_->start(method, params_json, timeout));
  auto st = impl_->new_state(timeout);
  {
    std::lock_guard lock(impl_->dmu);
    if (impl_->dstop) {
      st->complete(fail(RpcError::closed, "client closed"));
      return PendingCall(st);
    }
  }
  impl_->post([impl = impl_.get(), st, m = std::string(method), p = std::string(params_json)] {
    if (!st->done()) st->complete(impl->http_call(st, m, p));
  });
  return PendingCall(st);
}

Result<std::vector<Result<std::string>>> RpcClient::batch(const std::vector<Request>& requests,
                                                           std::optional<std::chrono::milliseconds> timeout) {
  std::vector<Result<std::string>> out;
  if (requests.empty()) return out;
  std::vector<std::shared_ptr<PendingCall::State>> states;
  std::string text = "[";
  for (const auto& r : requests) {
    auto st = impl_->new_state(timeout);
    BT_TRY(auto one, make_request(st->id, r.method, r.params_json));
    if (text.size() > 1) text += ',';
    text += one;
    states.push_back(std::move(st));
  }
  text += ']';
  const auto deadline = states.front()->deadline;
  if (!impl_->websocket) {
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
    impl_->requests_sent += states.size();
    BT_TRY(auto body, impl_->http->post(text, left));
    auto parsed = parse_message(body);
    if (!parsed) return fail(std::move(parsed).error());
    for (auto& st : states) {
      auto it = std::find_if(parsed->responses.begin(), parsed->responses.end(),
                             [&](const Response& r) { return r.id == st->id; });
      if (it == parsed->responses.end()) out.push_back(fail(RpcError::protocol_error, "no response for this request"));
      else if (it->ok) out.push_back(std::move(it->result_json));
      else out.push_back(fail(make_node_error(it->error)));
    }
    return out;
  }
  BT_TRY_VOID(impl_->ws_send(states, text, deadline));
  for (auto& st : states) {
    auto r = impl_->wait(st);
    if (!r && (r.error() == RpcError::timeout || r.error() == RpcError::closed)) {
      for (auto& other : states) impl_->forget(other->id);
      return fail(std::move(r).error());
    }
    out.push_back(std::move(r));
  }
  return out;
}

Result<Subscription> RpcClient::subscribe(std::string_view subscribe_method, std::string_view params_json,
                                          std::string_view unsubscribe_method, SubscriptionCallback callback) {
  if (!impl_->websocket) return fail(RpcError::unsupported, "subscriptions need a ws:// or wss:// URL");
  auto sub = std::make_shared<Subscription::Impl>();
  sub->client = impl_;
  sub->subscribe_method = subscribe_method;
  sub->params_json = params_json;
  sub->unsubscribe_method = unsubscribe_method;
  sub->callback = std::move(callback);
  {
    std::lock_guard lock(impl_->mu);
    if (impl_->closed) return fail(RpcError::closed, "client closed");
    sub->key = impl_->next_sub_key++;
    impl_->subs[sub->key] = sub;
  }
  Impl* raw = impl_.get();
  auto r = impl_->call_with_hook(subscribe_method, params_json, std::nullopt,
                                 [raw, sub](const Response& resp) { raw->register_sub_id(sub, resp); });
  if (!r) {
    sub->active = false;
    std::lock_guard lock(impl_->mu);
    impl_->subs.erase(sub->key);
    return fail(std::move(r).error());
  }
  return Subscription(std::move(sub));
}

void RpcClient::close() { impl_->close(); }

ClientStats RpcClient::stats() const {
  ClientStats s;
  s.requests_sent = impl_->requests_sent.load();
  s.reconnects = impl_->reconnects.load();
  s.protocol_errors = impl_->protocol_errors.load();
  s.notifications_dropped = impl_->notifications_dropped.load();
  std::lock_guard lock(impl_->mu);
  s.connected = impl_->websocket ? impl_->connected : !impl_->closed;
  return s;
}
const std::string& RpcClient::url() const { return impl_->url; }
const Options& RpcClient::options() const { return impl_->opt; }

}  // namespace bt::rpc
