// SPDX-License-Identifier: MIT
// Private: JSON-RPC over HTTP(S) POST with cpp-httplib (the only TU including httplib.h is
// http_transport.cpp). Thread-safe: each concurrent post() uses its own pooled keep-alive connection.
#pragma once

#include <bt/result.hpp>
#include <bt/rpc/rpc_client.hpp>

#include <chrono>
#include <memory>
#include <string>

namespace bt::rpc::detail {

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  // POSTs body (application/json) and returns the response body. Errors: RpcError::transport (also for
  // HTTP status != 200), RpcError::timeout, RpcError::response_too_large.
  virtual Result<std::string> post(const std::string& body, std::chrono::milliseconds timeout) = 0;
  // Makes current and future post() calls fail fast with RpcError::closed.
  virtual void shutdown() = 0;
};

// url: http://host[:port][/path] or https://...
Result<std::unique_ptr<HttpTransport>> make_http_transport(const std::string& url, const Options& options);

}  // namespace bt::rpc::detail
