// SPDX-License-Identifier: MIT
// Private: JSON-RPC over HTTP/1.1 POST (http:// and https://), on POSIX sockets and OpenSSL.
// Thread-safe: each concurrent post() uses its own pooled keep-alive connection. One deadline covers
// connect, TLS handshake, request and the whole response; the response head is bounded (64 KiB, 128
// lines) and the body by Options::max_message_size.
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
  // HTTP status != 200), RpcError::timeout (deadline = now + timeout, from connect to the last byte),
  // RpcError::response_too_large (headers over the limits, or the body), RpcError::protocol_error
  // (malformed status line, header or chunk framing), RpcError::closed (after shutdown()).
  virtual Result<std::string> post(const std::string& body, std::chrono::milliseconds timeout) = 0;
  // Makes current and future post() calls fail fast with RpcError::closed: the sockets of calls in
  // flight are shut down, which wakes them at once.
  virtual void shutdown() = 0;
};

// url: http://host[:port][/path] or https://...
Result<std::unique_ptr<HttpTransport>> make_http_transport(const std::string& url, const Options& options);

}  // namespace bt::rpc::detail
