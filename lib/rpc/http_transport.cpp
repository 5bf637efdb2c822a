// SPDX-License-Identifier: MIT
// JSON-RPC over HTTP/1.1 POST, written on POSIX sockets and OpenSSL rather than a general HTTP library:
// a node is untrusted input, and the client must bound everything it reads (status line, header count
// and size, body size) and meet one deadline from connect to the last byte, which cpp-httplib 0.11 does
// not (it keeps reading header lines without limit and its timeouts are per read). Sockets are
// non-blocking and every wait is a poll() against the deadline; shutdown() shuts the sockets of calls in
// flight down, which wakes their poll() at once.
#include "rpc/transport.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <mutex>
#include <set>
#include <vector>

namespace bt::rpc::detail {
namespace {

using Clock = std::chrono::steady_clock;

// Limits on what a server may send before the body: enough for any real server (nginx allows 100
// header lines of 8 KiB by default), small enough that a hostile one cannot grow memory.
constexpr std::size_t kMaxHeadBytes = 64 * 1024;  // status line + all header lines (+ 1xx heads)
constexpr std::size_t kMaxHeaderLines = 128;
constexpr std::size_t kMaxChunkLine = 1024;  // "<hex size>[;extensions]"

struct Target {
  bool tls = false;
  std::string host;  // without brackets for IPv6
  std::string port;
  std::string authority;  // Host header value, as written in the URL
  std::string path;
};

Result<Target> parse_url(const std::string& url) {
  Target t;
  std::size_t start;
  if (url.rfind("https://", 0) == 0) {
    t.tls = true;
    start = 8;
  } else if (url.rfind("http://", 0) == 0) {
    start = 7;
  } else {
    return fail(RpcError::invalid_url, url);
  }
  const std::size_t slash = url.find_first_of("/?#", start);
  t.authority = url.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
  t.path = slash == std::string::npos ? "/" : url.substr(slash);
  if (t.path.front() != '/') t.path.insert(0, "/");
  if (const auto hash = t.path.find('#'); hash != std::string::npos) t.path.resize(hash);
  if (t.authority.empty()) return fail(RpcError::invalid_url, "no host in " + url);
  if (t.authority.find('@') != std::string::npos)
    return fail(RpcError::invalid_url, "user information in the URL is not supported: " + url);
  if (t.authority.find_first_of(" \t\r\n") != std::string::npos) return fail(RpcError::invalid_url, url);
  std::string port;
  if (t.authority.front() == '[') {
    const auto close = t.authority.find(']');
    if (close == std::string::npos) return fail(RpcError::invalid_url, url);
    t.host = t.authority.substr(1, close - 1);
    if (close + 1 < t.authority.size()) {
      if (t.authority[close + 1] != ':') return fail(RpcError::invalid_url, url);
      port = t.authority.substr(close + 2);
    }
  } else {
    const auto colon = t.authority.rfind(':');
    t.host = t.authority.substr(0, colon);
    if (colon != std::string::npos) port = t.authority.substr(colon + 1);
  }
  if (t.host.empty()) return fail(RpcError::invalid_url, "no host in " + url);
  if (port.empty()) port = t.tls ? "443" : "80";
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535)
    return fail(RpcError::invalid_url, "bad port in " + url);
  t.port = port;
  return t;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

std::string openssl_error(const char* what) {
  std::string msg = what;
  if (unsigned long e = ERR_get_error(); e != 0) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    msg += ": ";
    msg += buf;
  }
  ERR_clear_error();
  return msg;
}

// SSL_write writes with write(2), which raises SIGPIPE on a socket the peer closed. Block it on this
// thread for the duration and swallow one that became pending, so the library never kills its host.
class SigpipeGuard {
 public:
  SigpipeGuard() {
    sigset_t pipe;
    sigemptyset(&pipe);
    sigaddset(&pipe, SIGPIPE);
    sigset_t pending;
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &pipe, &old_);
  }
  ~SigpipeGuard() {
    if (!was_pending_) {
      sigset_t pipe;
      sigemptyset(&pipe);
      sigaddset(&pipe, SIGPIPE);
      const timespec zero{0, 0};
      while (sigtimedwait(&pipe, nullptr, &zero) > 0) {
      }
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  SigpipeGuard(const SigpipeGuard&) = delete;
  SigpipeGuard& operator=(const SigpipeGuard&) = delete;

 private:
  sigset_t old_{};
  bool was_pending_ = false;
};

// One TCP (+TLS) connection. Not thread-safe; owned by one post() at a time.
struct Connection {
  int fd = -1;
  SSL* ssl = nullptr;
  std::string buffered;  // bytes read past the end of the previous response (none expected)
  ~Connection() {
    if (ssl) SSL_free(ssl);
    if (fd >= 0) ::close(fd);
  }
};

// Thread-safe: each concurrent send() uses its own pooled keep-alive connection.
class HttpTransport final : public Transport {
 public:
  HttpTransport(Target target, Options options, SSL_CTX* ctx, TransportEvents events)
      : target_(std::move(target)), options_(std::move(options)), ctx_(ctx), events_(std::move(events)) {}
  ~HttpTransport() override {
    shutdown();
    if (ctx_) SSL_CTX_free(ctx_);
  }

  bool persistent() const override { return false; }
  Result<void> open() override { return ok(); }
  void reap() override {}

  Result<void> send(const std::string& text, Clock::time_point deadline) override {
    if (deadline <= Clock::now()) return fail(RpcError::timeout, "request timeout");
    BT_TRY(auto body, post(text, deadline));
    return events_.on_message(std::move(body));
  }

  // POSTs body and returns the response body (status 200 only).
  Result<std::string> post(const std::string& body, Clock::time_point deadline) {
    // A pooled keep-alive connection may have been closed by the server in the meantime; if it fails
    // before a single byte of the answer arrived, the request is sent once more on a new connection.
    for (int attempt = 0;; ++attempt) {
      if (shut_.load()) return fail(RpcError::closed, "client closed");
      std::unique_ptr<Connection> conn = attempt == 0 ? take() : nullptr;
      const bool reused = conn != nullptr;
      if (!conn) {
        BT_TRY(conn, open(deadline));
      } else if (!track(conn->fd)) {
        return fail(RpcError::closed, "client closed");
      }
      bool got_bytes = false;
      auto r = exchange(*conn, body, deadline, &got_bytes);
      untrack(conn->fd);
      if (shut_.load()) return fail(RpcError::closed, "client closed");
      if (!r && reused && !got_bytes && r.error() == RpcError::transport) continue;
      if (!r) return fail(std::move(r).error());
      if (r->keep_alive) give(std::move(conn));
      if (r->status != 200)
        return fail(RpcError::transport,
                    "HTTP status " + std::to_string(r->status) + ": " + r->body.substr(0, 200));
      return std::move(r->body);
    }
  }

  void shutdown() override {
    std::vector<std::unique_ptr<Connection>> pool;
    {
      std::lock_guard lock(mu_);
      shut_ = true;
      for (int fd : in_flight_) ::shutdown(fd, SHUT_RDWR);  // wakes the poll() of every call in flight
      pool.swap(pool_);
    }
  }

 private:
  struct Reply {
    int status = 0;
    bool keep_alive = false;
    std::string body;
  };

  // ---- connection pool and in-flight registry ----
  std::unique_ptr<Connection> take() {
    std::lock_guard lock(mu_);
    while (!pool_.empty()) {
      auto c = std::move(pool_.back());
      pool_.pop_back();
      // An idle keep-alive connection must have nothing to read; readable means closed (or garbage).
      pollfd p{c->fd, POLLIN, 0};
      if (::poll(&p, 1, 0) == 0) return c;
    }
    return nullptr;
  }
  void give(std::unique_ptr<Connection> c) {
    std::lock_guard lock(mu_);
    if (!shut_.load() && pool_.size() < 8 && c->buffered.empty()) pool_.push_back(std::move(c));
  }
  bool track(int fd) {
    std::lock_guard lock(mu_);
    if (shut_.load()) return false;
    in_flight_.insert(fd);
    return true;
  }
  void untrack(int fd) {
    std::lock_guard lock(mu_);
    in_flight_.erase(fd);
  }

  // ---- waiting ----
  // Waits until fd is ready for `events` or the deadline passes. ok: ready; timeout; closed.
  Result<void> wait(int fd, short events, Clock::time_point deadline, const char* what) {
    for (;;) {
      if (shut_.load()) return fail(RpcError::closed, "client closed");
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (left <= 0)
        return fail(RpcError::timeout, std::string("HTTP ") + what + " not complete within the timeout");
      pollfd p{fd, events, 0};
      const int n = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 1000)));
      if (n > 0) return ok();
      if (n < 0 && errno != EINTR)
        return fail(RpcError::transport, std::string("poll: ") + std::strerror(errno));
    }
  }

  // ---- connect ----
  Result<std::unique_ptr<Connection>> open(Clock::time_point deadline) {
    const auto connect_deadline = std::min(deadline, Clock::now() + options_.connect_timeout);
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    addrinfo* list = nullptr;
    if (const int rc = ::getaddrinfo(target_.host.c_str(), target_.port.c_str(), &hints, &list); rc != 0)
      return fail(RpcError::transport, "resolve " + target_.host + ": " + ::gai_strerror(rc));
    std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> addrs(list, &::freeaddrinfo);
    Error last(RpcError::transport, "connect to " + target_.authority + ": no address");
    for (addrinfo* a = list; a; a = a->ai_next) {
      auto conn = std::make_unique<Connection>();
      conn->fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
      if (conn->fd < 0) continue;
      if (!track(conn->fd)) return fail(RpcError::closed, "client closed");
      auto r = connect_one(*conn, a, connect_deadline);
      if (r) return conn;
      untrack(conn->fd);
      last = std::move(r).error();
      if (last == RpcError::closed || last == RpcError::timeout) break;
    }
    return fail(std::move(last));
  }

  // Connects conn (already tracked) to a, then does the TLS handshake for https.
  Result<void> connect_one(Connection& conn, const addrinfo* a, Clock::time_point deadline) {
    int one = 1;
    ::setsockopt(conn.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::connect(conn.fd, a->ai_addr, a->ai_addrlen) != 0) {
      if (errno != EINPROGRESS)
        return fail(RpcError::transport, "connect to " + target_.authority + ": " + std::strerror(errno));
      BT_TRY_VOID(wait(conn.fd, POLLOUT, deadline, "connect"));
      int err = 0;
      socklen_t len = sizeof err;
      ::getsockopt(conn.fd, SOL_SOCKET, SO_ERROR, &err, &len);
      if (shut_.load()) return fail(RpcError::closed, "client closed");
      if (err != 0)
        return fail(RpcError::transport, "connect to " + target_.authority + ": " + std::strerror(err));
    }
    if (!target_.tls) return ok();
    conn.ssl = SSL_new(ctx_);
    if (!conn.ssl || SSL_set_fd(conn.ssl, conn.fd) != 1)
      return fail(RpcError::transport, openssl_error("TLS setup"));
    in6_addr ip{};
    const bool is_ip = ::inet_pton(AF_INET, target_.host.c_str(), &ip) == 1 ||
                       ::inet_pton(AF_INET6, target_.host.c_str(), &ip) == 1;
    if (!is_ip) SSL_set_tlsext_host_name(conn.ssl, target_.host.c_str());  // SNI is for names only
    if (options_.verify_tls) {
      const int set = is_ip ? X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(conn.ssl), target_.host.c_str())
                            : SSL_set1_host(conn.ssl, target_.host.c_str());
      if (set != 1) return fail(RpcError::transport, openssl_error("TLS host name setup"));
    }
    SigpipeGuard guard;
    for (;;) {
      ERR_clear_error();
      const int rc = SSL_connect(conn.ssl);
      if (rc == 1) return ok();
      const int e = SSL_get_error(conn.ssl, rc);
      if (e == SSL_ERROR_WANT_READ) {
        BT_TRY_VOID(wait(conn.fd, POLLIN, deadline, "TLS handshake"));
      } else if (e == SSL_ERROR_WANT_WRITE) {
        BT_TRY_VOID(wait(conn.fd, POLLOUT, deadline, "TLS handshake"));
      } else {
        if (shut_.load()) return fail(RpcError::closed, "client closed");
        const long verify = SSL_get_verify_result(conn.ssl);
        if (verify != X509_V_OK)
          return fail(RpcError::transport, std::string("TLS certificate verification failed: ") +
                                               X509_verify_cert_error_string(verify));
        return fail(RpcError::transport, openssl_error("TLS handshake failed"));
      }
    }
  }

  // ---- raw I/O ----
  Result<void> write_all(Connection& conn, std::string_view data, Clock::time_point deadline) {
    std::size_t off = 0;
    SigpipeGuard guard;
    while (off < data.size()) {
      if (shut_.load()) return fail(RpcError::closed, "client closed");
      if (conn.ssl) {
        ERR_clear_error();
        const int chunk = static_cast<int>(std::min<std::size_t>(data.size() - off, 1 << 20));
        const int n = SSL_write(conn.ssl, data.data() + off, chunk);
        if (n > 0) {
          off += static_cast<std::size_t>(n);
          continue;
        }
        const int e = SSL_get_error(conn.ssl, n);
        if (e == SSL_ERROR_WANT_WRITE)
          BT_TRY_VOID(wait(conn.fd, POLLOUT, deadline, "request"));
        else if (e == SSL_ERROR_WANT_READ)
          BT_TRY_VOID(wait(conn.fd, POLLIN, deadline, "request"));
        else
          return fail(RpcError::transport, openssl_error("HTTPS write failed"));
      } else {
        const ssize_t n = ::send(conn.fd, data.data() + off, data.size() - off, MSG_NOSIGNAL);
        if (n > 0) {
          off += static_cast<std::size_t>(n);
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
          BT_TRY_VOID(wait(conn.fd, POLLOUT, deadline, "request"));
        } else if (n < 0 && errno == EINTR) {
          continue;
        } else {
          return fail(RpcError::transport, std::string("HTTP write failed: ") + std::strerror(errno));
        }
      }
    }
    return ok();
  }

  // Reads what is available (at least one byte) into out; returns the count, 0 at end of stream.
  Result<std::size_t> read_some(Connection& conn, std::string& out, std::size_t max,
                                Clock::time_point deadline) {
    if (!conn.buffered.empty()) {
      const std::size_t n = std::min(max, conn.buffered.size());
      out.append(conn.buffered, 0, n);
      conn.buffered.erase(0, n);
      return n;
    }
    char buf[16384];
    const std::size_t want = std::min(max, sizeof buf);
    for (;;) {
      if (shut_.load()) return fail(RpcError::closed, "client closed");
      if (conn.ssl) {
        ERR_clear_error();
        const int n = SSL_read(conn.ssl, buf, static_cast<int>(want));
        if (n > 0) {
          out.append(buf, static_cast<std::size_t>(n));
          return static_cast<std::size_t>(n);
        }
        const int e = SSL_get_error(conn.ssl, n);
        if (e == SSL_ERROR_ZERO_RETURN) return std::size_t{0};
        if (e == SSL_ERROR_WANT_READ)
          BT_TRY_VOID(wait(conn.fd, POLLIN, deadline, "response"));
        else if (e == SSL_ERROR_WANT_WRITE)
          BT_TRY_VOID(wait(conn.fd, POLLOUT, deadline, "response"));
        else if (e == SSL_ERROR_SYSCALL && ERR_peek_error() == 0)
          return std::size_t{0};  // EOF without close_notify
        else
          return fail(RpcError::transport, openssl_error("HTTPS read failed"));
      } else {
        const ssize_t n = ::recv(conn.fd, buf, want, 0);
        if (n > 0) {
          out.append(buf, static_cast<std::size_t>(n));
          return static_cast<std::size_t>(n);
        }
        if (n == 0) return std::size_t{0};
        if (errno == EAGAIN || errno == EWOULDBLOCK)
          BT_TRY_VOID(wait(conn.fd, POLLIN, deadline, "response"));
        else if (errno != EINTR)
          return fail(RpcError::transport, std::string("HTTP read failed: ") + std::strerror(errno));
      }
    }
  }

  // ---- one request/response ----
  Result<Reply> exchange(Connection& conn, const std::string& body, Clock::time_point deadline,
                         bool* got_bytes) {
    std::string request =
        "POST " + target_.path + " HTTP/1.1\r\nHost: " + target_.authority +
        "\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: " +
        std::to_string(body.size()) + "\r\nConnection: keep-alive\r\n\r\n";
    request += body;
    BT_TRY_VOID(write_all(conn, request, deadline));

    // Head: status line and header lines, bounded in total size and count (1xx heads count too).
    std::string in;
    std::size_t head_total = 0;
    Reply reply;
    std::vector<std::pair<std::string, std::string>> headers;
    for (;;) {
      std::size_t end;
      while ((end = in.find("\r\n\r\n")) == std::string::npos) {
        if (head_total + in.size() > kMaxHeadBytes)
          return fail(RpcError::response_too_large,
                      "HTTP response headers exceed " + std::to_string(kMaxHeadBytes) + " bytes");
        if (std::count(in.begin(), in.end(), '\n') > static_cast<std::ptrdiff_t>(kMaxHeaderLines))
          return fail(RpcError::response_too_large,
                      "HTTP response has more than " + std::to_string(kMaxHeaderLines) + " header lines");
        BT_TRY(auto n,
               read_some(conn, in, kMaxHeadBytes + 4 - in.size() - std::min(head_total, kMaxHeadBytes),
                         deadline));
        if (n == 0) return fail(RpcError::transport, "HTTP connection closed before the response headers");
        *got_bytes = true;
      }
      if (head_total + end > kMaxHeadBytes)
        return fail(RpcError::response_too_large,
                    "HTTP response headers exceed " + std::to_string(kMaxHeadBytes) + " bytes");
      const std::string head = in.substr(0, end);
      in.erase(0, end + 4);
      head_total += end + 4;
      BT_TRY_VOID(parse_head(head, &reply, &headers));
      if (reply.status >= 200) break;
      headers.clear();  // 100 Continue and friends: the real answer follows
    }

    bool chunked = false, close = false;
    std::optional<std::size_t> length;
    for (const auto& [name, value] : headers) {
      if (name == "transfer-encoding") {
        chunked = lower(value).find("chunked") != std::string::npos;
      } else if (name == "content-length") {
        std::size_t v = 0;
        const auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
        if (ec != std::errc() || p != value.data() + value.size() || (length && *length != v))
          return fail(RpcError::protocol_error, "bad HTTP Content-Length: " + value.substr(0, 40));
        length = v;
      } else if (name == "connection") {
        close = lower(value).find("close") != std::string::npos;
      }
    }
    const std::size_t limit = options_.max_message_size;
    const auto too_large = [&] {
      return fail(RpcError::response_too_large, "HTTP response exceeds " + std::to_string(limit) + " bytes");
    };
    if (chunked) {
      BT_TRY_VOID(read_chunked(conn, in, deadline, limit, &reply.body));
      reply.keep_alive = !close;
    } else if (length) {
      if (*length > limit) return too_large();
      while (in.size() < *length) {
        BT_TRY(auto n, read_some(conn, in, *length - in.size(), deadline));
        if (n == 0) return fail(RpcError::transport, "HTTP connection closed in the middle of the response");
      }
      reply.body = in.substr(0, *length);
      in.erase(0, *length);
      reply.keep_alive = !close;
    } else {  // delimited by the end of the connection
      for (;;) {
        if (in.size() > limit) return too_large();
        BT_TRY(auto n, read_some(conn, in, limit + 1 - in.size(), deadline));
        if (n == 0) break;
      }
      reply.body = std::move(in);
      in.clear();
    }
    if (!in.empty()) reply.keep_alive = false;  // bytes beyond the response: do not reuse
    return reply;
  }

  static Result<void> parse_head(const std::string& head, Reply* reply,
                                 std::vector<std::pair<std::string, std::string>>* headers) {
    std::size_t pos = head.find("\r\n");
    const std::string status_line = head.substr(0, pos);
    // "HTTP/1.1 200 OK"
    if (status_line.size() < 12 || status_line.rfind("HTTP/1.", 0) != 0 || status_line[8] != ' ')
      return fail(RpcError::protocol_error, "bad HTTP status line: " + status_line.substr(0, 80));
    int status = 0;
    const auto [p, ec] = std::from_chars(status_line.data() + 9, status_line.data() + 12, status);
    if (ec != std::errc() || p != status_line.data() + 12 || status < 100)
      return fail(RpcError::protocol_error, "bad HTTP status line: " + status_line.substr(0, 80));
    reply->status = status;
    const bool http10 = status_line[7] == '0';
    while (pos != std::string::npos) {
      const std::size_t start = pos + 2;
      pos = head.find("\r\n", start);
      const std::string line = head.substr(start, pos == std::string::npos ? std::string::npos : pos - start);
      const auto colon = line.find(':');
      if (colon == std::string::npos || colon == 0)
        return fail(RpcError::protocol_error, "bad HTTP header line: " + line.substr(0, 80));
      headers->emplace_back(lower(line.substr(0, colon)), trim(std::string_view(line).substr(colon + 1)));
    }
    if (http10) headers->emplace_back("connection", "close");
    return ok();
  }

  Result<void> read_chunked(Connection& conn, std::string& in, Clock::time_point deadline, std::size_t limit,
                            std::string* body) {
    const auto line = [&](std::size_t max) -> Result<std::string> {
      std::size_t end;
      while ((end = in.find("\r\n")) == std::string::npos) {
        if (in.size() > max) return fail(RpcError::protocol_error, "HTTP chunk header line too long");
        BT_TRY(auto n, read_some(conn, in, max + 2 - in.size(), deadline));
        if (n == 0) return fail(RpcError::transport, "HTTP connection closed in the middle of the response");
      }
      std::string l = in.substr(0, end);
      in.erase(0, end + 2);
      return l;
    };
    for (;;) {
      BT_TRY(auto size_line, line(kMaxChunkLine));
      std::size_t size = 0;
      const auto semi = size_line.find(';');
      const std::string digits = trim(std::string_view(size_line).substr(0, semi));
      const auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), size, 16);
      if (digits.empty() || ec != std::errc() || p != digits.data() + digits.size())
        return fail(RpcError::protocol_error, "bad HTTP chunk size: " + size_line.substr(0, 40));
      if (size == 0) break;
      if (size > limit || body->size() + size > limit)
        return fail(RpcError::response_too_large,
                    "HTTP response exceeds " + std::to_string(limit) + " bytes");
      while (in.size() < size + 2) {
        BT_TRY(auto n, read_some(conn, in, size + 2 - in.size(), deadline));
        if (n == 0) return fail(RpcError::transport, "HTTP connection closed in the middle of the response");
      }
      if (in.compare(size, 2, "\r\n") != 0)
        return fail(RpcError::protocol_error, "HTTP chunk not followed by CRLF");
      body->append(in, 0, size);
      in.erase(0, size + 2);
    }
    // Trailer lines up to an empty line, bounded like the head.
    for (std::size_t total = 0, count = 0;;) {
      BT_TRY(auto t, line(kMaxHeadBytes));
      if (t.empty()) return ok();
      total += t.size() + 2;
      if (total > kMaxHeadBytes || ++count > kMaxHeaderLines)
        return fail(RpcError::response_too_large, "HTTP trailers exceed the header limits");
    }
  }

  Target target_;
  Options options_;
  SSL_CTX* ctx_ = nullptr;  // https only
  TransportEvents events_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Connection>> pool_;
  std::set<int> in_flight_;
  std::atomic<bool> shut_{false};
};

Result<SSL_CTX*> make_tls_context(const Options& options) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  if (!ctx) return fail(RpcError::transport, openssl_error("TLS context"));
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_mode(ctx, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_ENABLE_PARTIAL_WRITE);
  if (options.verify_tls) {
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
    SSL_CTX_set_default_verify_paths(ctx);
    if (!options.ca_file.empty() &&
        SSL_CTX_load_verify_locations(ctx, options.ca_file.c_str(), nullptr) != 1) {
      SSL_CTX_free(ctx);
      return fail(RpcError::transport, openssl_error(("cannot load ca_file " + options.ca_file).c_str()));
    }
  } else {
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
  }
  ERR_clear_error();
  return ctx;
}

}  // namespace

Result<std::unique_ptr<Transport>> make_http_transport(const std::string& url, const Options& options,
                                                       TransportEvents events) {
  BT_TRY(auto target, parse_url(url));
  SSL_CTX* ctx = nullptr;
  if (target.tls) {
    BT_TRY(auto made, make_tls_context(options));
    ctx = made;
  }
  return std::unique_ptr<Transport>(
      std::make_unique<HttpTransport>(std::move(target), options, ctx, std::move(events)));
}

}  // namespace bt::rpc::detail
