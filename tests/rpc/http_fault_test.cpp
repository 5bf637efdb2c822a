// SPDX-License-Identifier: MIT
// The HTTP transport against a hostile server (issue 14, finding 1): response headers that never end,
// headers trickled forever, a server that never answers while the client is closed, plus the framings a
// real server may use (chunked, HTTP/1.0 close-delimited, keep-alive reuse). Every call ends with a typed
// RpcError within its timeout, and memory stays bounded by the header limits.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wrestrict"
#endif
#include <bt/rpc/rpc_client.hpp>

#include <catch2/catch.hpp>

#include "rpc/fake_node.hpp"

using bt::rpc::RpcClient;
using bt::rpc::RpcError;
using bt::test::RawServer;
using nlohmann::json;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

std::unique_ptr<RpcClient> http_client(const std::string& url, std::chrono::milliseconds timeout) {
  bt::rpc::Options o;
  o.request_timeout = timeout;
  o.connect_timeout = 2s;
  auto c = RpcClient::connect(url, o);
  REQUIRE(c);
  return std::move(c).value();
}

std::string answer_to_last_request(const json& result) {
  const json req = json::parse(RawServer::last_body_, nullptr, false);
  return json{{"jsonrpc", "2.0"}, {"id", req.value("id", json())}, {"result", result}}.dump();
}

}  // namespace

TEST_CASE("http: endless response headers end in response_too_large, within the timeout",
          "[rpc][http_fault]") {
  std::atomic<std::uint64_t> sent{0};
  RawServer server([&](int fd, const std::atomic<bool>& stopping) {
    if (!RawServer::read_request(fd)) return;
    if (!RawServer::send_all(fd, "HTTP/1.1 200 OK\r\n")) return;
    const std::string line = "X-J: " + std::string(1000, 'a') + "\r\n";
    while (!stopping && RawServer::send_all(fd, line)) sent += line.size();
  });
  auto client = http_client(server.http_url(), 3s);
  const auto t0 = Clock::now();
  auto r = client->call("system_chain", "[]");
  const auto took = Clock::now() - t0;
  REQUIRE_FALSE(r);
  CHECK(r.error() == RpcError::response_too_large);
  CHECK(r.error().message().find("header") != std::string::npos);
  CHECK(took < 3s + 500ms);
  server.stop();
  // The client stopped reading after the header limit: what the server got into the socket buffers is
  // bounded, not the endless stream (loopback buffers hold a few MB at most).
  CHECK(sent.load() < (64u << 20));
}

TEST_CASE("http: one endless header line ends in response_too_large", "[rpc][http_fault]") {
  RawServer server([&](int fd, const std::atomic<bool>& stopping) {
    if (!RawServer::read_request(fd)) return;
    if (!RawServer::send_all(fd, "HTTP/1.1 200 OK\r\nX-J: ")) return;
    const std::string chunk(4096, 'a');
    while (!stopping && RawServer::send_all(fd, chunk)) {
    }
  });
  auto client = http_client(server.http_url(), 3s);
  auto r = client->call("system_chain", "[]");
  REQUIRE_FALSE(r);
  CHECK(r.error() == RpcError::response_too_large);
}

TEST_CASE("http: headers trickled forever time out at the total deadline", "[rpc][http_fault]") {
  // Each line comes well within any per-read timeout; only a deadline from connect to the last byte
  // ends the call.
  RawServer server([&](int fd, const std::atomic<bool>& stopping) {
    if (!RawServer::read_request(fd)) return;
    if (!RawServer::send_all(fd, "HTTP/1.1 200 OK\r\n")) return;
    while (!stopping && RawServer::send_all(fd, "X-J: a\r\n")) std::this_thread::sleep_for(20ms);
  });
  auto client = http_client(server.http_url(), 30s);
  const auto t0 = Clock::now();
  auto r = client->call("system_chain", "[]", 800ms);
  const auto took = Clock::now() - t0;
  REQUIRE_FALSE(r);
  CHECK(r.error() == RpcError::timeout);
  CHECK(took >= 750ms);
  CHECK(took < 2500ms);
}

TEST_CASE("http: a body trickled forever times out at the total deadline", "[rpc][http_fault]") {
  RawServer server([&](int fd, const std::atomic<bool>& stopping) {
    if (!RawServer::read_request(fd)) return;
    if (!RawServer::send_all(fd, "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")) return;
    while (!stopping && RawServer::send_all(fd, "a")) std::this_thread::sleep_for(20ms);
  });
  auto client = http_client(server.http_url(), 30s);
  const auto t0 = Clock::now();
  auto r = client->call("system_chain", "[]", 800ms);
  REQUIRE_FALSE(r);
  CHECK(r.error() == RpcError::timeout);
  CHECK(Clock::now() - t0 < 2500ms);
}

TEST_CASE("http: close() aborts a call in flight", "[rpc][http_fault]") {
  RawServer server([&](int fd, const std::atomic<bool>& stopping) {
    if (!RawServer::read_request(fd)) return;
    if (!RawServer::send_all(fd, "HTTP/1.1 200 OK\r\n")) return;
    while (!stopping && RawServer::send_all(fd, "X-J: a\r\n")) std::this_thread::sleep_for(20ms);
  });
  auto client = http_client(server.http_url(), 60s);
  std::atomic<bool> returned{false};
  bt::Result<std::string> r = std::string();
  std::thread caller([&] {
    r = client->call("system_chain", "[]");
    returned = true;
  });
  std::this_thread::sleep_for(300ms);
  CHECK_FALSE(returned.load());
  const auto t0 = Clock::now();
  client->close();
  caller.join();
  CHECK(Clock::now() - t0 < 2s);
  REQUIRE_FALSE(r);
  CHECK(r.error() == RpcError::closed);
  // and call_async in flight on the dispatch thread
  auto client2 = http_client(server.http_url(), 60s);
  auto p = client2->call_async("system_chain", "[]");
  std::this_thread::sleep_for(300ms);
  client2->close();
  auto pr = p.get();
  REQUIRE_FALSE(pr);
  CHECK(pr.error() == RpcError::closed);
}

TEST_CASE("http: chunked, close-delimited and keep-alive responses", "[rpc][http_fault]") {
  RawServer server([&](int fd, const std::atomic<bool>& stopping) {
    // keep-alive: answer requests on the same connection until the client goes away
    while (!stopping && RawServer::read_request(fd)) {
      const json req = json::parse(RawServer::last_body_, nullptr, false);
      const std::string method = req.value("method", "");
      const std::string body = answer_to_last_request(method);
      if (method == "chunked") {
        std::string out = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
        for (std::size_t i = 0; i < body.size(); i += 7) {
          const std::string part = body.substr(i, 7);
          char size[16];
          std::snprintf(size, sizeof size, "%zx", part.size());
          out += std::string(size) + ";ext=1\r\n" + part + "\r\n";
        }
        out += "0\r\nX-Trailer: t\r\n\r\n";
        RawServer::send_all(fd, out);
      } else if (method == "http10") {
        RawServer::send_all(fd, "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n" + body);
        return;  // the end of the connection ends the body
      } else if (method == "continue") {
        RawServer::send_all(fd, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: " +
                                    std::to_string(body.size()) + "\r\n\r\n" + body);
      } else if (method == "status500") {
        RawServer::send_all(fd, "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\n\r\noops");
      } else if (method == "bad_status") {
        RawServer::send_all(fd, "HTTP/1.1 2x0 OK\r\n\r\n");
        return;
      } else {
        RawServer::send_all(
            fd, "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
      }
    }
  });
  auto client = http_client(server.http_url(), 5s);
  CHECK(client->call("plain", "[]").value() == "\"plain\"");
  CHECK(client->call("plain", "[]").value() == "\"plain\"");
  CHECK(client->call("chunked", "[]").value() == "\"chunked\"");
  CHECK(client->call("continue", "[]").value() == "\"continue\"");
  CHECK(server.connections_accepted() == 1);  // one keep-alive connection so far
  CHECK(client->call("http10", "[]").value() == "\"http10\"");
  CHECK(client->call("plain", "[]").value() == "\"plain\"");  // a new connection after the close
  auto e = client->call("status500", "[]");
  REQUIRE_FALSE(e);
  CHECK(e.error() == RpcError::transport);
  CHECK(e.error().message().find("500") != std::string::npos);
  e = client->call("bad_status", "[]");
  REQUIRE_FALSE(e);
  CHECK(e.error() == RpcError::protocol_error);
  CHECK(client->call("plain", "[]").value() == "\"plain\"");
}

TEST_CASE("http: URLs with a path, IPv6 brackets and bad ports", "[rpc][http_fault]") {
  RawServer server([&](int fd, const std::atomic<bool>&) {
    if (!RawServer::read_request(fd)) return;
    const std::string body = answer_to_last_request("ok");
    RawServer::send_all(fd, "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) +
                                "\r\nConnection: close\r\n\r\n" + body);
  });
  auto client = http_client(server.http_url() + "/rpc/v1?x=1", 5s);
  CHECK(client->call("m", "[]").value() == "\"ok\"");
  for (const char* bad : {"http://127.0.0.1:0", "http://127.0.0.1:99999", "http://127.0.0.1:8a",
                          "http://[::1", "http://user@127.0.0.1:1", "https://"}) {
    INFO(bad);
    auto c = RpcClient::connect(bad);
    REQUIRE_FALSE(c);
    CHECK(c.error() == RpcError::invalid_url);
  }
}
