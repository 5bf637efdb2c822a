// SPDX-License-Identifier: MIT
// The public handles (RpcClient, PendingCall, Subscription) on the Dispatcher (dispatcher.hpp), which
// does the work over a Transport (transport.hpp).
#include <bt/rpc/rpc_client.hpp>

#include "rpc/dispatcher.hpp"

namespace bt::rpc {

using Clock = std::chrono::steady_clock;

struct RpcClient::Impl {
  std::shared_ptr<detail::Dispatcher> d;
};

// ---------------------------------------------------------------------------------------------
// PendingCall

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

// ---------------------------------------------------------------------------------------------
// Subscription

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
  if (client && !client->on_dispatch_thread()) {
    std::lock_guard wait_for_callback(impl->callback_mu);
  }
  if (client && was_active) client->unsubscribe(impl);
}

// ---------------------------------------------------------------------------------------------
// RpcClient

RpcClient::RpcClient(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
RpcClient::~RpcClient() { close(); }

Result<std::unique_ptr<RpcClient>> RpcClient::connect(std::string url, Options options) {
  BT_TRY(auto d, detail::Dispatcher::create(std::move(url), std::move(options)));
  return std::unique_ptr<RpcClient>(new RpcClient(std::make_shared<Impl>(Impl{std::move(d)})));
}

Result<std::string> RpcClient::call(std::string_view method, std::string_view params_json,
                                    std::optional<std::chrono::milliseconds> timeout) {
  return impl_->d->call(method, params_json, timeout);
}

PendingCall RpcClient::call_async(std::string_view method, std::string_view params_json,
                                  std::optional<std::chrono::milliseconds> timeout) {
  return PendingCall(impl_->d->call_async(method, params_json, timeout));
}

Result<std::vector<Result<std::string>>> RpcClient::batch(const std::vector<Request>& requests,
                                                          std::optional<std::chrono::milliseconds> timeout) {
  return impl_->d->batch(requests, timeout);
}

Result<Subscription> RpcClient::subscribe(std::string_view subscribe_method, std::string_view params_json,
                                          std::string_view unsubscribe_method,
                                          SubscriptionCallback callback) {
  BT_TRY(auto sub,
         impl_->d->subscribe(subscribe_method, params_json, unsubscribe_method, std::move(callback)));
  return Subscription(std::move(sub));
}

void RpcClient::close() { impl_->d->close(); }
ClientStats RpcClient::stats() const { return impl_->d->stats(); }
const std::string& RpcClient::url() const { return impl_->d->url(); }
const Options& RpcClient::options() const { return impl_->d->options(); }

}  // namespace bt::rpc
