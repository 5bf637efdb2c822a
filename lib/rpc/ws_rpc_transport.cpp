// SPDX-License-Identifier: MIT
// The WebSocket Transport: one WsConnection at a time (ws_transport.hpp; websocketpp stays in
// ws_transport_cxx17.cpp). A dropped connection is parked until reap() closes it on a thread that is
// not its own I/O thread.
#include <mutex>

#include "rpc/transport.hpp"
#include "rpc/ws_transport.hpp"

namespace bt::rpc::detail {
namespace {

class WsTransport final : public Transport {
 public:
  WsTransport(const std::string& url, const Options& opt, TransportEvents events)
      : events_(std::move(events)) {
    config_.url = url;
    config_.connect_timeout_ms = static_cast<long>(opt.connect_timeout.count());
    config_.max_message_size = opt.max_message_size;
    config_.ping_interval_ms = static_cast<long>(opt.ping_interval.count());
    config_.pong_timeout_ms = static_cast<long>(opt.pong_timeout.count());
    config_.verify_tls = opt.verify_tls;
    config_.ca_file = opt.ca_file;
  }
  ~WsTransport() override { shutdown(); }

  bool persistent() const override { return true; }

  Result<void> open() override {
    WsEvents ev;
    ev.on_message = [this](std::string&& s) { (void)events_.on_message(std::move(s)); };
    // Each connection reports its own end; a late report from an older connection is ignored, and an
    // end reported before open() stored the connection makes open() fail.
    auto gen = std::make_shared<Generation>();
    ev.on_closed = [this, gen](const WsCloseInfo& info) { on_closed(gen, info); };
    WsConnectFailure why = WsConnectFailure::none;
    std::string err;
    std::unique_ptr<WsConnection> c = ws_connect(config_, std::move(ev), &why, &err);
    if (!c) {
      switch (why) {
        case WsConnectFailure::bad_url:
          return fail(RpcError::invalid_url, err);
        case WsConnectFailure::timeout:
          return fail(RpcError::timeout, "connect to " + config_.url + ": " + err);
        default:
          return fail(RpcError::transport, "connect to " + config_.url + ": " + err);
      }
    }
    std::shared_ptr<WsConnection> conn(std::move(c));
    std::unique_lock lock(mu_);
    if (shut_) {
      lock.unlock();
      conn->close();
      return fail(RpcError::closed, "client closed");
    }
    gen->conn = conn.get();
    if (gen->closed_early) {  // dropped between the handshake and here: a failed open
      dead_ = std::move(conn);
      return fail(RpcError::transport, "connection dropped right after opening: " + gen->info.reason);
    }
    current_ = std::move(conn);
    return ok();
  }

  Result<void> send(const std::string& text, Clock::time_point) override {
    std::shared_ptr<WsConnection> c;
    {
      std::lock_guard lock(mu_);
      c = current_;
    }
    if (!c) return fail(RpcError::transport, "send failed: not connected");
    std::string err;
    if (!c->send(text, &err)) return fail(RpcError::transport, "send failed: " + err);
    return ok();
  }

  void reap() override {
    std::shared_ptr<WsConnection> d;
    {
      std::lock_guard lock(mu_);
      d = std::move(dead_);
    }
    if (d) d->close();
  }

  void shutdown() override {
    std::shared_ptr<WsConnection> c, d;
    {
      std::lock_guard lock(mu_);
      shut_ = true;
      c = std::move(current_);
      d = std::move(dead_);
    }
    if (c) c->close();
    if (d) d->close();
  }

 private:
  struct Generation {
    WsConnection* conn = nullptr;  // set by open() once the connection is stored
    bool closed_early = false;
    CloseInfo info;
  };

  void on_closed(const std::shared_ptr<Generation>& gen, const WsCloseInfo& info) {
    CloseInfo ci;
    ci.too_large = info.too_large;
    ci.reason = info.reason;
    {
      std::lock_guard lock(mu_);
      if (shut_) return;
      if (!gen->conn) {
        gen->closed_early = true;
        gen->info = ci;
        return;
      }
      if (!current_ || current_.get() != gen->conn) return;
      dead_ = std::move(current_);
    }
    if (events_.on_closed) events_.on_closed(ci);
  }

  WsConfig config_;
  TransportEvents events_;
  std::mutex mu_;
  std::shared_ptr<WsConnection> current_;
  std::shared_ptr<WsConnection> dead_;  // dropped, closed by reap()
  bool shut_ = false;
};

}  // namespace

std::unique_ptr<Transport> make_ws_transport(const std::string& url, const Options& options,
                                             TransportEvents events) {
  return std::make_unique<WsTransport>(url, options, std::move(events));
}

}  // namespace bt::rpc::detail
