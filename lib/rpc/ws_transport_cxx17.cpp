// SPDX-License-Identifier: MIT
// The only translation unit that includes websocketpp (0.8.2 does not compile as C++20; this file is
// compiled with -std=c++17 by lib/CMakeLists.txt). It implements the plain interface in ws_transport.hpp
// with websocketpp on Boost.Asio, TLS through OpenSSL (asio_tls_client config).
#include "rpc/ws_transport.hpp"

#include <boost/asio/ssl/host_name_verification.hpp>
#include <websocketpp/client.hpp>
#include <websocketpp/config/asio_client.hpp>
#include <websocketpp/config/asio_no_tls_client.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace bt::rpc::detail {
namespace {

using TlsContext = boost::asio::ssl::context;

template <class Config>
class WsConnectionImpl final : public WsConnection {
  using Endpoint = websocketpp::client<Config>;
  using ConnectionPtr = typename Endpoint::connection_ptr;
  using MessagePtr = typename Endpoint::message_ptr;

 public:
  WsConnectionImpl(WsConfig config, WsEvents events)
      : config_(std::move(config)), events_(std::move(events)), ping_timer_(io_) {}
  ~WsConnectionImpl() override { close(); }

  bool open(WsConnectFailure* failure, std::string* error) {
    websocketpp::lib::error_code ec;
    endpoint_.clear_access_channels(websocketpp::log::alevel::all);
    endpoint_.clear_error_channels(websocketpp::log::elevel::all);
    endpoint_.init_asio(&io_, ec);
    if (ec) return fail(failure, error, WsConnectFailure::transport, ec.message());
    endpoint_.set_max_message_size(config_.max_message_size);
    setup_tls();
    ConnectionPtr con = endpoint_.get_connection(config_.url, ec);
    if (ec) return fail(failure, error, WsConnectFailure::bad_url, ec.message());
    con->set_open_handshake_timeout(config_.connect_timeout_ms);
    con->set_close_handshake_timeout(1000);
    con->set_pong_timeout(config_.pong_timeout_ms > 0 ? config_.pong_timeout_ms : 10000);
    con->set_max_message_size(config_.max_message_size);
    con->set_open_handler([this](websocketpp::connection_hdl) { signal_open(true, {}); });
    con->set_fail_handler([this](websocketpp::connection_hdl h) {
      std::string why = "connection failed";
      if (auto c = endpoint_.get_con_from_hdl(h)) why = c->get_ec().message();
      signal_open(false, why);
    });
    con->set_close_handler([this](websocketpp::connection_hdl h) { on_close(h); });
    con->set_message_handler([this](websocketpp::connection_hdl, MessagePtr msg) {
      if (!closing_.load() && events_.on_message) events_.on_message(std::move(msg->get_raw_payload()));
    });
    con->set_pong_handler([this](websocketpp::connection_hdl, std::string) { awaiting_pong_ = false; });
    con->set_pong_timeout_handler([this](websocketpp::connection_hdl h, std::string) {
      pong_timed_out_ = true;
      websocketpp::lib::error_code ignored;
      endpoint_.close(h, websocketpp::close::status::going_away, "pong timeout", ignored);
    });
    hdl_ = con->get_handle();
    endpoint_.connect(con);
    thread_ = std::thread([this] {
      for (;;) {
        try {
          io_.run();
          break;
        } catch (...) {  // a throwing user callback must not kill the I/O thread
        }
      }
      std::lock_guard<std::mutex> lock(mu_);
      io_done_ = true;
      cv_.notify_all();
    });
    std::unique_lock<std::mutex> lock(mu_);
    const bool decided = cv_.wait_for(lock, std::chrono::milliseconds(config_.connect_timeout_ms + 500),
                                      [this] { return open_state_ != 0 || io_done_; });
    const int state = open_state_;
    std::string why = open_error_;
    lock.unlock();
    if (state == 1) {
      start_ping();
      return true;
    }
    close();
    if (!decided) return fail(failure, error, WsConnectFailure::timeout, "connect timed out");
    bool timeout = why.find("imeout") != std::string::npos || why.find("timed out") != std::string::npos;
    return fail(failure, error, timeout ? WsConnectFailure::timeout : WsConnectFailure::transport,
                why.empty() ? "connection failed" : why);
  }

  bool send(const std::string& text, std::string* error) override {
    if (closing_.load() || lost_.load()) {
      if (error) *error = "connection is closed";
      return false;
    }
    websocketpp::lib::error_code ec;
    endpoint_.send(hdl_, text, websocketpp::frame::opcode::text, ec);
    if (ec) {
      if (error) *error = ec.message();
      return false;
    }
    return true;
  }

  void close() override {
    if (closing_.exchange(true)) {
      if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
      return;
    }
    if (!thread_.joinable()) return;
    boost::asio::post(io_, [this] {
      boost::system::error_code ignored;
      ping_timer_.cancel(ignored);
      websocketpp::lib::error_code ec;
      auto con = endpoint_.get_con_from_hdl(hdl_, ec);
      if (!ec && con && con->get_state() == websocketpp::session::state::open) {
        con->close(websocketpp::close::status::going_away, "client closing", ec);
      } else if (!ec && con && con->get_state() == websocketpp::session::state::connecting) {
        con->terminate(ec);
      }
    });
    {
      std::unique_lock<std::mutex> lock(mu_);
      if (!cv_.wait_for(lock, std::chrono::milliseconds(2000), [this] { return io_done_; })) io_.stop();
    }
    thread_.join();
  }

 private:
  bool fail(WsConnectFailure* failure, std::string* error, WsConnectFailure kind, std::string msg) {
    if (failure) *failure = kind;
    if (error) *error = std::move(msg);
    return false;
  }

  void signal_open(bool ok, std::string why) {
    std::lock_guard<std::mutex> lock(mu_);
    if (open_state_ != 0) return;
    open_state_ = ok ? 1 : 2;
    open_error_ = std::move(why);
    cv_.notify_all();
  }

  void on_close(websocketpp::connection_hdl h) {
    lost_ = true;
    boost::system::error_code ignored;
    ping_timer_.cancel(ignored);
    WsCloseInfo info;
    websocketpp::lib::error_code ec;
    if (auto con = endpoint_.get_con_from_hdl(h, ec)) {
      const auto local = con->get_local_close_code();
      const auto remote = con->get_remote_close_code();
      info.close_code = local != websocketpp::close::status::blank ? local : remote;
      info.too_large = local == websocketpp::close::status::message_too_big ||
                       con->get_ec() == websocketpp::processor::error::message_too_big;
      info.reason = con->get_ec() ? con->get_ec().message() : con->get_remote_close_reason();
    }
    if (pong_timed_out_) info.reason = "no pong within " + std::to_string(config_.pong_timeout_ms) + " ms";
    if (info.reason.empty()) info.reason = "connection closed (code " + std::to_string(info.close_code) + ")";
    signal_open(false, info.reason);
    if (!closing_.load() && events_.on_closed) events_.on_closed(info);
  }

  void start_ping() {
    if (config_.ping_interval_ms <= 0) return;
    boost::asio::post(io_, [this] { arm_ping(); });
  }
  void arm_ping() {
    if (closing_.load() || lost_.load()) return;
    ping_timer_.expires_after(std::chrono::milliseconds(config_.ping_interval_ms));
    ping_timer_.async_wait([this](const boost::system::error_code& ec) {
      if (ec || closing_.load() || lost_.load()) return;
      // websocketpp cancels the pong timer of an earlier ping when a new ping is sent: while a pong is
      // still outstanding, send nothing and let that timer fire.
      if (!awaiting_pong_.exchange(true)) {
        websocketpp::lib::error_code ignored;
        endpoint_.ping(hdl_, "bt", ignored);
      }
      arm_ping();
    });
  }

  void setup_tls();

  WsConfig config_;
  WsEvents events_;
  boost::asio::io_context io_;
  Endpoint endpoint_;
  boost::asio::steady_timer ping_timer_;
  websocketpp::connection_hdl hdl_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  int open_state_ = 0;  // 0 pending, 1 open, 2 failed
  std::string open_error_;
  bool io_done_ = false;
  std::atomic<bool> closing_{false};
  std::atomic<bool> lost_{false};
  std::atomic<bool> pong_timed_out_{false};
  std::atomic<bool> awaiting_pong_{false};
};

// Requests are small and latency matters: disable Nagle's algorithm on the TCP socket.
template <>
void WsConnectionImpl<websocketpp::config::asio_client>::setup_tls() {
  endpoint_.set_socket_init_handler([](websocketpp::connection_hdl, boost::asio::ip::tcp::socket& s) {
    boost::system::error_code ignored;
    s.set_option(boost::asio::ip::tcp::no_delay(true), ignored);
  });
}

template <>
void WsConnectionImpl<websocketpp::config::asio_tls_client>::setup_tls() {
  std::string host;
  try {
    websocketpp::uri u(config_.url);
    host = u.get_host();
  } catch (...) {
  }
  const bool verify = config_.verify_tls;
  const std::string ca_file = config_.ca_file;
  endpoint_.set_socket_init_handler(
      [](websocketpp::connection_hdl, boost::asio::ssl::stream<boost::asio::ip::tcp::socket>& s) {
        boost::system::error_code ignored;
        s.lowest_layer().set_option(boost::asio::ip::tcp::no_delay(true), ignored);
      });
  endpoint_.set_tls_init_handler([host, verify, ca_file](websocketpp::connection_hdl) {
    auto ctx = websocketpp::lib::make_shared<TlsContext>(TlsContext::tls_client);
    boost::system::error_code ec;
    ctx->set_options(TlsContext::default_workarounds | TlsContext::no_sslv2 | TlsContext::no_sslv3 |
                         TlsContext::no_tlsv1 | TlsContext::no_tlsv1_1,
                     ec);
    if (verify) {
      ctx->set_verify_mode(boost::asio::ssl::verify_peer, ec);
      ctx->set_default_verify_paths(ec);
      if (!ca_file.empty()) ctx->load_verify_file(ca_file, ec);
      ctx->set_verify_callback(boost::asio::ssl::host_name_verification(host), ec);
    } else {
      ctx->set_verify_mode(boost::asio::ssl::verify_none, ec);
    }
    return ctx;
  });
}

template <class Config>
std::unique_ptr<WsConnection> connect_with(const WsConfig& config, WsEvents events, WsConnectFailure* failure,
                                           std::string* error) {
  auto conn = std::make_unique<WsConnectionImpl<Config>>(config, std::move(events));
  if (!conn->open(failure, error)) return nullptr;
  return conn;
}

}  // namespace

std::unique_ptr<WsConnection> ws_connect(const WsConfig& config, WsEvents events, WsConnectFailure* failure,
                                         std::string* error) {
  if (failure) *failure = WsConnectFailure::none;
  try {
    if (config.url.rfind("wss://", 0) == 0)
      return connect_with<websocketpp::config::asio_tls_client>(config, std::move(events), failure, error);
    if (config.url.rfind("ws://", 0) == 0)
      return connect_with<websocketpp::config::asio_client>(config, std::move(events), failure, error);
    if (failure) *failure = WsConnectFailure::bad_url;
    if (error) *error = "not a ws:// or wss:// URL";
    return nullptr;
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    if (failure) *failure = WsConnectFailure::transport;
    if (error) *error = e.what();
    return nullptr;
  }
}

}  // namespace bt::rpc::detail
