// SPDX-License-Identifier: MIT
#include "rpc/dispatcher.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>

namespace bt::rpc {

using std::chrono::milliseconds;

bool PendingCall::State::complete(Result<std::string> r) {
  std::lock_guard lock(mu);
  if (result) return false;
  result.emplace(std::move(r));
  cv.notify_all();
  return true;
}

bool PendingCall::State::done() {
  std::lock_guard lock(mu);
  return result.has_value();
}

namespace detail {

// ---------------------------------------------------------------------------------------------
// creation and shutdown

Result<std::shared_ptr<Dispatcher>> Dispatcher::create(std::string url, Options options) {
  if (options.reconnect_initial_delay.count() <= 0) options.reconnect_initial_delay = milliseconds(1);
  if (!options.ca_file.empty()) {
    // The TLS back ends would silently fall back to the system store for an unreadable CA bundle;
    // say so up front instead of failing later with a vague handshake error (or not at all).
    std::ifstream ca(options.ca_file);
    std::error_code ec;
    if (!ca || !std::filesystem::is_regular_file(options.ca_file, ec))
      return fail(RpcError::transport, "ca_file is not a readable file: " + options.ca_file);
  }
  std::shared_ptr<Dispatcher> d(new Dispatcher(std::move(url), std::move(options)));
  std::weak_ptr<Dispatcher> weak = d;
  TransportEvents events;
  events.on_message = [weak](std::string&& s) -> Result<void> {
    if (auto self = weak.lock()) return self->on_message(std::move(s));
    return ok();
  };
  events.on_closed = [weak](const CloseInfo& info) {
    if (auto self = weak.lock()) self->on_closed(info);
  };
  const std::string& u = d->url_;
  if (u.rfind("ws://", 0) == 0 || u.rfind("wss://", 0) == 0) {
    d->transport_ = make_ws_transport(u, d->opt_, std::move(events));
    d->persistent_ = true;
    BT_TRY_VOID(d->transport_->open());
    d->connected_ = true;
  } else if (u.rfind("http://", 0) == 0 || u.rfind("https://", 0) == 0) {
    BT_TRY(d->transport_, make_http_transport(u, d->opt_, std::move(events)));
  } else {
    return fail(RpcError::invalid_url, "expected ws://, wss://, http:// or https://: " + u);
  }
  Dispatcher* raw = d.get();
  d->dispatcher_ = std::thread([raw] { raw->dispatch_loop(); });
  d->dispatcher_id_ = d->dispatcher_.get_id();
  if (d->persistent_) d->supervisor_ = std::thread([raw] { raw->supervise(); });
  return d;
}

Dispatcher::~Dispatcher() { close(); }

void Dispatcher::close() {
  std::call_once(close_once_, [&] {
    std::vector<StatePtr> failed;
    {
      std::lock_guard lock(mu_);
      closed_ = true;
      connected_ = false;
      for (auto& [id, st] : pending_) failed.push_back(st);
      pending_.clear();
      for (auto& [k, s] : subs_) {
        s->unsubscribed = true;
        s->active = false;
      }
      subs_.clear();
      subs_by_id_.clear();
      state_cv_.notify_all();
    }
    for (auto& st : failed) st->complete(fail(RpcError::closed, "client closed"));
    if (transport_) transport_->shutdown();
    if (supervisor_.joinable()) supervisor_.join();
    {
      std::lock_guard lock(dmu_);
      dstop_ = true;
      dcv_.notify_all();
    }
    if (dispatcher_.joinable()) {
      if (on_dispatch_thread())
        dispatcher_.detach();  // close() from a callback
      else
        dispatcher_.join();
    }
  });
}

ClientStats Dispatcher::stats() const {
  ClientStats s;
  s.requests_sent = requests_sent_.load();
  s.reconnects = reconnects_.load();
  s.protocol_errors = protocol_errors_.load();
  s.notifications_dropped = notifications_dropped_.load();
  std::lock_guard lock(mu_);
  s.connected = persistent_ ? connected_ : !closed_;
  return s;
}

// ---------------------------------------------------------------------------------------------
// dispatch thread

void Dispatcher::post(std::function<void()> f, bool notification) {
  std::function<void()> dropped;  // destroyed outside the lock (it may hold a Python callable)
  std::lock_guard lock(dmu_);
  if (dstop_) return;
  if (notification) {
    // Bounded queue: drop the oldest queued notification (see Options::max_queued_notifications).
    if (queued_notifications_ >= std::max<std::size_t>(opt_.max_queued_notifications, 1)) {
      auto it = std::find_if(dqueue_.begin(), dqueue_.end(), [](const Task& t) { return t.notification; });
      dropped = std::move(it->run);
      dqueue_.erase(it);
      --queued_notifications_;
      notifications_dropped_++;
    }
    ++queued_notifications_;
  }
  dqueue_.push_back(Task{std::move(f), notification});
  dcv_.notify_one();
}

void Dispatcher::dispatch_loop() {
  for (;;) {
    std::function<void()> f;
    {
      std::unique_lock lock(dmu_);
      dcv_.wait(lock, [&] { return dstop_ || !dqueue_.empty(); });
      if (dstop_) return;
      f = std::move(dqueue_.front().run);
      if (dqueue_.front().notification) --queued_notifications_;
      dqueue_.pop_front();
    }
    try {
      f();
    } catch (...) {  // a throwing user callback must not end the dispatch thread
    }
  }
}

void Dispatcher::deliver(const std::shared_ptr<Subscription::Impl>& sub, SubscriptionEvent ev) {
  const bool notification = ev.kind == SubscriptionEvent::Kind::notification;
  post(
      [sub, ev = std::move(ev)] {
        std::lock_guard lock(sub->callback_mu);
        if (sub->active.load() && sub->callback) sub->callback(ev);
      },
      notification);
}

// The subscription died without the user ending it: it is inactive at once (active() says so), and its
// callback still gets this one error event unless the user unsubscribes first.
void Dispatcher::end_subscription(const std::shared_ptr<Subscription::Impl>& sub, SubscriptionEvent ev) {
  sub->active = false;
  post([sub, ev = std::move(ev)] {
    std::lock_guard lock(sub->callback_mu);
    if (!sub->unsubscribed.load() && sub->callback) sub->callback(ev);
  });
}

// ---------------------------------------------------------------------------------------------
// incoming

Result<void> Dispatcher::on_message(std::string&& text) {
  auto parsed = parse_message(text);
  if (!parsed) {
    protocol_errors_++;
    return fail(std::move(parsed).error());
  }
  if (parsed->kind == IncomingMessage::Kind::notification) {
    on_notification(std::move(parsed->notification));
    return ok();
  }
  for (auto& r : parsed->responses) {
    StatePtr st;
    if (r.id) {
      std::lock_guard lock(mu_);
      if (auto it = pending_.find(*r.id); it != pending_.end()) {
        st = std::move(it->second);
        pending_.erase(it);
      }
    }
    if (!st) {
      protocol_errors_++;  // unknown, late (timed out / cancelled) or missing id
      continue;
    }
    if (st->on_response) st->on_response(r);
    if (r.ok)
      st->complete(std::move(r.result_json));
    else
      st->complete(fail(make_node_error(r.error)));
  }
  return ok();
}

void Dispatcher::on_notification(Notification&& n) {
  std::shared_ptr<Subscription::Impl> sub;
  {
    std::lock_guard lock(mu_);
    auto it = subs_by_id_.find(n.subscription);
    if (it == subs_by_id_.end()) {
      orphans_.push_back(std::move(n));
      if (orphans_.size() > 256) orphans_.pop_front();
      return;
    }
    sub = it->second;
  }
  SubscriptionEvent ev;
  ev.result_json = std::move(n.result_json);
  deliver(sub, std::move(ev));
}

// Registers a subscription id (I/O thread, from the subscribe response) and replays early notifications.
void Dispatcher::register_sub_id(const std::shared_ptr<Subscription::Impl>& sub, const Response& r) {
  if (!r.ok) return;
  auto j = nlohmann::json::parse(r.result_json, nullptr, false);
  std::string id = j.is_string() ? j.get<std::string>() : r.result_json;
  std::vector<Notification> early;
  {
    std::lock_guard lock(mu_);
    {
      std::lock_guard slock(sub->mu);
      sub->server_id = id;
    }
    subs_by_id_[id] = sub;
    for (auto it = orphans_.begin(); it != orphans_.end();) {
      if (it->subscription == id) {
        early.push_back(std::move(*it));
        it = orphans_.erase(it);
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

void Dispatcher::on_closed(const CloseInfo& info) {
  std::vector<StatePtr> failed;
  std::vector<std::shared_ptr<Subscription::Impl>> ended;
  {
    std::lock_guard lock(mu_);
    if (closed_) return;
    connected_ = false;
    lost_ = true;
    lost_at_ = Clock::now();
    for (auto& [id, st] : pending_) failed.push_back(st);
    pending_.clear();
    subs_by_id_.clear();
    orphans_.clear();
    if (!opt_.auto_reconnect) {  // nothing will re-subscribe: the subscriptions are dead
      for (auto& [k, s] : subs_) ended.push_back(s);
      subs_.clear();
    }
    state_cv_.notify_all();
  }
  for (auto& sub : ended) {
    SubscriptionEvent ev;
    ev.kind = SubscriptionEvent::Kind::error;
    ev.error = Error(RpcError::closed, "connection lost (auto_reconnect off): " + info.reason);
    end_subscription(sub, std::move(ev));
  }
  for (auto& st : failed) {
    if (info.too_large)
      st->complete(fail(RpcError::response_too_large, "an incoming message exceeded " +
                                                          std::to_string(opt_.max_message_size) +
                                                          " bytes; the connection was dropped"));
    else
      st->complete(fail(RpcError::closed, "connection lost: " + info.reason));
  }
}

// ---------------------------------------------------------------------------------------------
// supervisor

void Dispatcher::supervise() {
  for (;;) {
    {
      std::unique_lock lock(mu_);
      state_cv_.wait_for(lock, milliseconds(250), [&] { return closed_ || lost_; });
      if (closed_) return;
    }
    transport_->reap();
    sweep_expired();
    bool is_lost;
    {
      std::lock_guard lock(mu_);
      is_lost = lost_;
    }
    if (is_lost && opt_.auto_reconnect) reconnect();
  }
}

void Dispatcher::sweep_expired() {
  std::vector<StatePtr> expired;
  const auto now = Clock::now();
  {
    std::lock_guard lock(mu_);
    for (auto it = pending_.begin(); it != pending_.end();) {
      if (it->second->deadline <= now) {
        expired.push_back(it->second);
        it = pending_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (auto& st : expired) st->complete(fail(RpcError::timeout, "no response within the request timeout"));
}

void Dispatcher::reconnect() {
  milliseconds delay = opt_.reconnect_initial_delay;
  std::minstd_rand rng(std::random_device{}());
  for (;;) {
    {
      std::unique_lock lock(mu_);
      const auto jitter = milliseconds(delay.count() > 1 ? rng() % (delay.count() / 2 + 1) : 0);
      if (state_cv_.wait_for(lock, delay + jitter, [&] { return closed_; })) return;
    }
    sweep_expired();
    transport_->reap();
    if (transport_->open()) {
      std::vector<std::shared_ptr<Subscription::Impl>> to_resubscribe;
      Clock::time_point since;
      {
        std::lock_guard lock(mu_);
        if (closed_) return;  // close() shuts the transport (and the new connection) down
        connected_ = true;
        lost_ = false;
        since = lost_at_;
        for (auto& [k, s] : subs_) to_resubscribe.push_back(s);
        // Counted before waiters wake: a call that goes out on the new connection must already see
        // it in stats() (counting after the unlock raced with such a caller).
        reconnects_++;
        state_cv_.notify_all();
      }
      const auto gap = std::chrono::duration_cast<milliseconds>(Clock::now() - since);
      for (auto& sub : to_resubscribe) resubscribe(sub, gap);
      return;
    }
    delay = std::min(delay * 2, opt_.reconnect_max_delay);
  }
}

void Dispatcher::resubscribe(const std::shared_ptr<Subscription::Impl>& sub, milliseconds gap) {
  if (!sub->active.load()) return;
  auto r = call(sub->subscribe_method, sub->params_json, opt_.request_timeout,
                [this, sub](const Response& resp) { register_sub_id(sub, resp); });
  SubscriptionEvent ev;
  ev.gap_ms = gap;
  if (r) {
    ev.kind = SubscriptionEvent::Kind::resubscribed;
    deliver(sub, std::move(ev));
    return;
  }
  {
    std::lock_guard lock(mu_);
    subs_.erase(sub->key);
  }
  ev.kind = SubscriptionEvent::Kind::error;
  ev.error = r.error();  // kept as is: node_error() must still parse a jsonrpc_error
  end_subscription(sub, std::move(ev));
}

// ---------------------------------------------------------------------------------------------
// requests

Dispatcher::StatePtr Dispatcher::new_state(std::optional<milliseconds> timeout) {
  auto st = std::make_shared<State>();
  st->id = next_id_++;
  st->deadline = Clock::now() + timeout.value_or(opt_.request_timeout);
  st->owner = weak_from_this();
  return st;
}

Result<void> Dispatcher::send(const std::vector<StatePtr>& states, const std::string& text,
                              Clock::time_point deadline) {
  {
    std::unique_lock lock(mu_);
    if (persistent_) {
      state_cv_.wait_until(lock, deadline,
                           [&] { return closed_ || connected_ || (lost_ && !opt_.auto_reconnect); });
      if (!closed_ && !connected_) {
        if (lost_ && !opt_.auto_reconnect)
          return fail(RpcError::closed, "connection lost (auto_reconnect off)");
        return fail(RpcError::timeout, "not reconnected within the request timeout");
      }
    }
    if (closed_) return fail(RpcError::closed, "client closed");
    for (auto& st : states) pending_[st->id] = st;
  }
  requests_sent_ += states.size();
  auto sent = transport_->send(text, deadline);
  if (!persistent_) {
    // HTTP: the exchange is over. Whatever the body did not answer has no answer.
    for (auto& st : states) forget(st->id);
    if (!sent) return sent;
    for (auto& st : states)
      if (!st->done()) st->complete(fail(RpcError::protocol_error, "no response for this request"));
    return ok();
  }
  if (!sent) {
    std::lock_guard lock(mu_);
    for (auto& st : states) pending_.erase(st->id);
    requests_sent_ -= states.size();
  }
  return sent;
}

Dispatcher::StatePtr Dispatcher::start(std::string_view method, std::string_view params,
                                       std::optional<milliseconds> timeout,
                                       std::function<void(const Response&)> hook) {
  auto st = new_state(timeout);
  st->on_response = std::move(hook);
  auto text = make_request(st->id, method, params);
  if (!text) {
    st->complete(fail(std::move(text).error()));
    return st;
  }
  auto sent = send({st}, *text, st->deadline);
  if (!sent) st->complete(fail(std::move(sent).error()));
  return st;
}

void Dispatcher::forget(std::uint64_t id) {
  std::lock_guard lock(mu_);
  pending_.erase(id);
}

Result<std::string> Dispatcher::wait(const StatePtr& st) {
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

Result<std::string> Dispatcher::call(std::string_view method, std::string_view params,
                                     std::optional<milliseconds> timeout,
                                     std::function<void(const Response&)> hook) {
  return wait(start(method, params, timeout, std::move(hook)));
}

Dispatcher::StatePtr Dispatcher::call_async(std::string_view method, std::string_view params,
                                            std::optional<milliseconds> timeout) {
  if (persistent_) return start(method, params, timeout);
  // HTTP: the exchange blocks, so it runs on the dispatch thread (one at a time).
  auto st = new_state(timeout);
  {
    std::lock_guard lock(dmu_);
    if (dstop_) {
      st->complete(fail(RpcError::closed, "client closed"));
      return st;
    }
  }
  post([this, st, m = std::string(method), p = std::string(params)] {
    if (st->done()) return;
    auto text = make_request(st->id, m, p);
    if (!text) {
      st->complete(fail(std::move(text).error()));
      return;
    }
    auto sent = send({st}, *text, st->deadline);
    if (!sent) st->complete(fail(std::move(sent).error()));
  });
  return st;
}

Result<std::vector<Result<std::string>>> Dispatcher::batch(const std::vector<Request>& requests,
                                                           std::optional<milliseconds> timeout) {
  std::vector<Result<std::string>> out;
  if (requests.empty()) return out;
  std::vector<StatePtr> states;
  std::string text = "[";
  for (const auto& r : requests) {
    auto st = new_state(timeout);
    BT_TRY(auto one, make_request(st->id, r.method, r.params_json));
    if (text.size() > 1) text += ',';
    text += one;
    states.push_back(std::move(st));
  }
  text += ']';
  BT_TRY_VOID(send(states, text, states.front()->deadline));
  for (auto& st : states) {
    auto r = wait(st);
    if (!r && (r.error() == RpcError::timeout || r.error() == RpcError::closed)) {
      for (auto& other : states) forget(other->id);
      return fail(std::move(r).error());
    }
    out.push_back(std::move(r));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// subscriptions

Result<std::shared_ptr<Subscription::Impl>> Dispatcher::subscribe(std::string_view subscribe_method,
                                                                  std::string_view params_json,
                                                                  std::string_view unsubscribe_method,
                                                                  SubscriptionCallback callback) {
  if (!persistent_) return fail(RpcError::unsupported, "subscriptions need a ws:// or wss:// URL");
  auto sub = std::make_shared<Subscription::Impl>();
  sub->client = weak_from_this();
  sub->subscribe_method = subscribe_method;
  sub->params_json = params_json;
  sub->unsubscribe_method = unsubscribe_method;
  sub->callback = std::move(callback);
  {
    std::lock_guard lock(mu_);
    if (closed_) return fail(RpcError::closed, "client closed");
    sub->key = next_sub_key_++;
    subs_[sub->key] = sub;
  }
  auto r = call(subscribe_method, params_json, std::nullopt,
                [this, sub](const Response& resp) { register_sub_id(sub, resp); });
  if (!r) {
    sub->active = false;
    std::lock_guard lock(mu_);
    subs_.erase(sub->key);
    return fail(std::move(r).error());
  }
  return sub;
}

void Dispatcher::unsubscribe(const std::shared_ptr<Subscription::Impl>& sub) {
  std::string sid;
  {
    std::lock_guard lock(sub->mu);
    sid = sub->server_id;
  }
  bool send_it = false;
  {
    std::lock_guard lock(mu_);
    subs_.erase(sub->key);
    if (auto it = subs_by_id_.find(sid); it != subs_by_id_.end() && it->second == sub) subs_by_id_.erase(it);
    send_it = connected_ && !sid.empty();
  }
  if (send_it) {
    // Best effort, not waited for: the node may already have dropped it.
    nlohmann::json params = nlohmann::json::array({sid});
    (void)start(sub->unsubscribe_method, params.dump(), milliseconds(5000));
  }
}

}  // namespace detail
}  // namespace bt::rpc
