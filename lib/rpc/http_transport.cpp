// SPDX-License-Identifier: MIT
#ifndef CPPHTTPLIB_OPENSSL_SUPPORT  // normally set by cpp-httplib.pc (must match the library build)
#define CPPHTTPLIB_OPENSSL_SUPPORT
#endif
#include "rpc/http_transport.hpp"

#include <httplib.h>

#include <atomic>
#include <mutex>
#include <vector>

namespace bt::rpc::detail {
namespace {

class HttpTransportImpl final : public HttpTransport {
 public:
  HttpTransportImpl(std::string base, std::string path, Options options)
      : base_(std::move(base)), path_(std::move(path)), options_(std::move(options)) {}

  Result<std::string> post(const std::string& body, std::chrono::milliseconds timeout) override {
    if (shut_.load()) return fail(RpcError::closed, "client closed");
    std::unique_ptr<httplib::Client> cli = take();
    const auto secs = [](std::chrono::milliseconds d) {
      return std::pair<time_t, time_t>(static_cast<time_t>(d.count() / 1000),
                                       static_cast<time_t>((d.count() % 1000) * 1000));
    };
    auto [cs, cus] = secs(std::min(timeout, options_.connect_timeout));
    cli->set_connection_timeout(cs, cus);
    auto [rs, rus] = secs(timeout);
    cli->set_read_timeout(rs, rus);
    cli->set_write_timeout(rs, rus);

    httplib::Request req;
    req.method = "POST";
    req.path = path_;
    req.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
    req.body = body;
    std::string out;
    bool too_large = false;
    const std::size_t limit = options_.max_message_size;
    const auto start = std::chrono::steady_clock::now();
    bool timed_out = false;
    req.content_receiver = [&](const char* data, std::size_t len, std::uint64_t, std::uint64_t) {
      if (out.size() + len > limit) {
        too_large = true;
        return false;
      }
      if (std::chrono::steady_clock::now() - start > timeout) {  // slow trickle: total deadline
        timed_out = true;
        return false;
      }
      out.append(data, len);
      return true;
    };
    httplib::Response res;
    httplib::Error err = httplib::Error::Success;
    const bool ok = cli->send(req, res, err);
    if (too_large) return fail(RpcError::response_too_large, "HTTP response exceeds " + std::to_string(limit) + " bytes");
    if (timed_out) return fail(RpcError::timeout, "HTTP response not complete within timeout");
    if (!ok) {
      if (shut_.load()) return fail(RpcError::closed, "client closed");
      if (err == httplib::Error::Read && std::chrono::steady_clock::now() - start >= timeout)
        return fail(RpcError::timeout, "no HTTP response within timeout");
      return fail(RpcError::transport, "HTTP " + httplib::to_string(err));
    }
    give(std::move(cli));
    if (res.status != 200)
      return fail(RpcError::transport, "HTTP status " + std::to_string(res.status) + ": " + out.substr(0, 200));
    return out;
  }

  void shutdown() override {
    shut_ = true;
    std::lock_guard lock(mu_);
    for (auto& c : pool_) c->stop();
    pool_.clear();
  }

 private:
  std::unique_ptr<httplib::Client> take() {
    {
      std::lock_guard lock(mu_);
      if (!pool_.empty()) {
        auto c = std::move(pool_.back());
        pool_.pop_back();
        return c;
      }
    }
    auto c = std::make_unique<httplib::Client>(base_);
    c->set_keep_alive(true);
    if (base_.rfind("https://", 0) == 0) {
      c->enable_server_certificate_verification(options_.verify_tls);
      if (!options_.ca_file.empty()) c->set_ca_cert_path(options_.ca_file.c_str());
    }
    return c;
  }
  void give(std::unique_ptr<httplib::Client> c) {
    std::lock_guard lock(mu_);
    if (!shut_.load() && pool_.size() < 8) pool_.push_back(std::move(c));
  }

  std::string base_, path_;
  Options options_;
  std::mutex mu_;
  std::vector<std::unique_ptr<httplib::Client>> pool_;
  std::atomic<bool> shut_{false};
};

}  // namespace

Result<std::unique_ptr<HttpTransport>> make_http_transport(const std::string& url, const Options& options) {
  const bool https = url.rfind("https://", 0) == 0;
  if (!https && url.rfind("http://", 0) != 0) return fail(RpcError::invalid_url, url);
  const std::size_t host_start = https ? 8 : 7;
  const std::size_t slash = url.find('/', host_start);
  std::string base = slash == std::string::npos ? url : url.substr(0, slash);
  std::string path = slash == std::string::npos ? "/" : url.substr(slash);
  if (base.size() <= host_start) return fail(RpcError::invalid_url, "no host in " + url);
  return std::unique_ptr<HttpTransport>(std::make_unique<HttpTransportImpl>(std::move(base), std::move(path), options));
}

}  // namespace bt::rpc::detail
