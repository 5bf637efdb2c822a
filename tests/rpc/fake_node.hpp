// SPDX-License-Identifier: MIT
// A small scripted WebSocket + HTTP JSON-RPC server for the rpc/client fault tests: plain POSIX sockets,
// one thread per connection, RFC 6455 framing written here (no websocketpp, which must stay in one TU).
// The handler decides per request what to send: a normal answer, nothing, garbage, a 50 MB reply, a
// reply trickled byte by byte, or a dropped connection. kill() and restart() simulate a node restart.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/evp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace bt::test {

// A listening TCP socket on 127.0.0.1:port (0: any free port); *bound receives the port.
inline int listen_loopback(int port, int* bound) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error("test server: bind failed");
  }
  ::listen(fd, 16);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  *bound = ntohs(addr.sin_port);
  return fd;
}

class FakeNode {
 public:
  class Conn {
   public:
    explicit Conn(int fd) : fd_(fd) {}
    // Sends one WebSocket text frame (unmasked, server to client).
    bool send_text(const std::string& payload) { return send_raw(frame(payload, 0x1)); }
    bool send_raw(const std::string& bytes) {
      std::lock_guard lock(write_mu_);
      std::size_t off = 0;
      while (off < bytes.size()) {
        ssize_t n = ::send(fd_, bytes.data() + off, bytes.size() - off, MSG_NOSIGNAL);
        if (n <= 0) return false;
        off += static_cast<std::size_t>(n);
      }
      return true;
    }
    // Sends a text frame one byte per write, with `pause` between bytes.
    bool send_text_slowly(const std::string& payload, std::chrono::milliseconds pause) {
      const std::string f = frame(payload, 0x1);
      int one = 1;
      ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      for (char c : f) {
        if (!send_raw(std::string(1, c))) return false;
        std::this_thread::sleep_for(pause);
      }
      return true;
    }
    void drop() { ::shutdown(fd_, SHUT_RDWR); }
    static std::string frame(const std::string& payload, unsigned opcode) {
      std::string f;
      f.push_back(static_cast<char>(0x80 | opcode));
      const std::size_t n = payload.size();
      if (n < 126) {
        f.push_back(static_cast<char>(n));
      } else if (n <= 0xffff) {
        f.push_back(126);
        f.push_back(static_cast<char>(n >> 8));
        f.push_back(static_cast<char>(n & 0xff));
      } else {
        f.push_back(127);
        for (int i = 7; i >= 0; --i)
          f.push_back(static_cast<char>((static_cast<std::uint64_t>(n) >> (8 * i)) & 0xff));
      }
      f += payload;
      return f;
    }
    int fd_;

   private:
    std::mutex write_mu_;
  };

  // Called for every text message (a JSON-RPC request or batch) on the connection's thread.
  using Handler = std::function<void(Conn&, const std::string&)>;

  explicit FakeNode(Handler handler, int port = 0) : handler_(std::move(handler)) { listen_on(port); }
  ~FakeNode() { stop(); }

  int port() const { return port_; }
  std::string ws_url() const { return "ws://127.0.0.1:" + std::to_string(port_); }
  std::string http_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int connections_accepted() const { return accepted_.load(); }

  // Closes the listening socket and every connection (like a killed node); the port stays free.
  void kill() {
    running_ = false;
    if (listen_fd_ >= 0) {
      ::shutdown(listen_fd_, SHUT_RDWR);
      ::close(listen_fd_);
      listen_fd_ = -1;
    }
    if (accept_thread_.joinable()) accept_thread_.join();
    std::list<Worker> workers;
    {
      std::lock_guard lock(mu_);
      for (auto& w : workers_) ::shutdown(w.conn->fd_, SHUT_RDWR);
      workers.swap(workers_);
    }
    for (auto& w : workers) {
      if (w.thread.joinable()) w.thread.join();
      ::close(w.conn->fd_);
    }
  }
  void restart() { listen_on(port_); }
  void stop() { kill(); }

  // Sends a text frame to every open connection (e.g. a subscription notification).
  void broadcast(const std::string& text) {
    std::lock_guard lock(mu_);
    for (auto& w : workers_) w.conn->send_text(text);
  }

  // Standard JSON-RPC helpers for handlers.
  static std::string result(const nlohmann::json& id, const nlohmann::json& result) {
    return nlohmann::json{{"jsonrpc", "2.0"}, {"id", id}, {"result", result}}.dump();
  }
  static std::string error(const nlohmann::json& id, int code, const std::string& message) {
    return nlohmann::json{{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}}
        .dump();
  }
  static std::string notification(const std::string& method, const std::string& sub,
                                  const nlohmann::json& result) {
    return nlohmann::json{
        {"jsonrpc", "2.0"}, {"method", method}, {"params", {{"subscription", sub}, {"result", result}}}}
        .dump();
  }

 private:
  struct Worker {
    std::shared_ptr<Conn> conn;
    std::thread thread;
  };

  void listen_on(int port) {
    listen_fd_ = listen_loopback(port, &port_);
    running_ = true;
    accept_thread_ = std::thread([this, fd = listen_fd_] { accept_loop(fd); });
  }

  void accept_loop(int lfd) {
    while (running_) {
      pollfd p{lfd, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      int fd = ::accept(lfd, nullptr, nullptr);
      if (fd < 0) continue;
      accepted_++;
      int one = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      auto conn = std::make_shared<Conn>(fd);
      std::lock_guard lock(mu_);
      workers_.push_back(Worker{conn, std::thread([this, conn] {
                                  serve(*conn);
                                  ::shutdown(conn->fd_, SHUT_RDWR);  // like a real server after close
                                })});
    }
  }

  static bool read_exact(int fd, char* out, std::size_t n) {
    std::size_t off = 0;
    while (off < n) {
      ssize_t r = ::recv(fd, out + off, n - off, 0);
      if (r <= 0) return false;
      off += static_cast<std::size_t>(r);
    }
    return true;
  }

  static std::string ws_accept(const std::string& key) {
    const std::string s = key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int dlen = 0;
    EVP_Digest(s.data(), s.size(), digest, &dlen, EVP_sha1(), nullptr);
    unsigned char b64[64];
    const int n = EVP_EncodeBlock(b64, digest, static_cast<int>(dlen));
    return std::string(reinterpret_cast<char*>(b64), static_cast<std::size_t>(n));
  }

  void serve(Conn& c) {
    // HTTP request head
    std::string head;
    char ch;
    while (head.find("\r\n\r\n") == std::string::npos) {
      if (::recv(c.fd_, &ch, 1, 0) != 1 || head.size() > 16384) return;
      head.push_back(ch);
    }
    std::string lower = head;
    for (auto& x : lower) x = static_cast<char>(std::tolower(static_cast<unsigned char>(x)));
    const auto kpos = lower.find("sec-websocket-key:");
    if (kpos == std::string::npos) {
      serve_http(c, head, lower);
      return;
    }
    auto kend = head.find("\r\n", kpos);
    std::string key = head.substr(kpos + 18, kend - kpos - 18);
    while (!key.empty() && key.front() == ' ') key.erase(0, 1);
    while (!key.empty() && (key.back() == ' ' || key.back() == '\r')) key.pop_back();
    c.send_raw(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Accept: " +
        ws_accept(key) + "\r\n\r\n");
    std::string message;
    for (;;) {
      unsigned char h[2];
      if (!read_exact(c.fd_, reinterpret_cast<char*>(h), 2)) return;
      const unsigned opcode = h[0] & 0x0f;
      const bool fin = h[0] & 0x80;
      std::uint64_t len = h[1] & 0x7f;
      if (len == 126) {
        unsigned char e[2];
        if (!read_exact(c.fd_, reinterpret_cast<char*>(e), 2)) return;
        len = (std::uint64_t{e[0]} << 8) | e[1];
      } else if (len == 127) {
        unsigned char e[8];
        if (!read_exact(c.fd_, reinterpret_cast<char*>(e), 8)) return;
        len = 0;
        for (unsigned char b : e) len = (len << 8) | b;
      }
      if (len > (64u << 20)) return;
      unsigned char mask[4] = {0, 0, 0, 0};
      if (h[1] & 0x80 && !read_exact(c.fd_, reinterpret_cast<char*>(mask), 4)) return;
      std::string payload(static_cast<std::size_t>(len), '\0');
      if (len && !read_exact(c.fd_, payload.data(), payload.size())) return;
      for (std::size_t i = 0; i < payload.size(); ++i)
        payload[i] = static_cast<char>(payload[i] ^ mask[i % 4]);
      if (opcode == 0x8) {  // close: echo it and end
        c.send_raw(Conn::frame(payload.substr(0, 2), 0x8));
        return;
      }
      if (opcode == 0x9) {  // ping -> pong
        if (!ignore_pings) c.send_raw(Conn::frame(payload, 0xA));
        continue;
      }
      if (opcode == 0xA) continue;
      message += payload;
      if (!fin) continue;
      handler_(c, message);
      message.clear();
    }
  }

  void serve_http(Conn& c, const std::string& head, const std::string& lower) {
    std::size_t len = 0;
    if (auto p = lower.find("content-length:"); p != std::string::npos) len = std::stoul(head.substr(p + 15));
    std::string body(len, '\0');
    if (len && !read_exact(c.fd_, body.data(), len)) return;
    // Capture the handler's first text "frame" and send it as an HTTP response instead.
    int pipefd[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, pipefd) != 0) return;
    Conn capture(pipefd[0]);
    std::thread reader([&] {
      std::string buf;
      char tmp[65536];
      for (;;) {
        ssize_t n = ::recv(pipefd[1], tmp, sizeof tmp, 0);
        if (n <= 0) break;
        buf.append(tmp, static_cast<std::size_t>(n));
      }
      // strip the WebSocket frame header written by send_text
      std::string payload;
      if (buf.size() >= 2) {
        std::size_t l = static_cast<unsigned char>(buf[1]) & 0x7f, off = 2;
        if (l == 126)
          off = 4;
        else if (l == 127)
          off = 10;
        payload = buf.substr(std::min(off, buf.size()));
      }
      if (!buf.empty())
        c.send_raw("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                   std::to_string(payload.size()) + "\r\nConnection: close\r\n\r\n" + payload);
    });
    handler_(capture, body);
    ::shutdown(pipefd[0], SHUT_WR);
    reader.join();
    ::close(pipefd[0]);
    ::close(pipefd[1]);
  }

 public:
  std::atomic<bool> ignore_pings{false};

 private:
  Handler handler_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> running_{false};
  std::atomic<int> accepted_{0};
  std::thread accept_thread_;
  std::mutex mu_;
  std::list<Worker> workers_;
};

// A raw TCP server for HTTP-level faults: script(fd, stopping) runs on its own thread for every accepted
// connection and writes whatever bytes it wants (e.g. response headers that never end). stop() (and the
// destructor) shuts every connection down and joins the threads.
class RawServer {
 public:
  using Script = std::function<void(int fd, const std::atomic<bool>& stopping)>;
  explicit RawServer(Script script) : script_(std::move(script)) {
    listen_fd_ = listen_loopback(0, &port_);
    accept_thread_ = std::thread([this] {
      while (!stopping_) {
        pollfd p{listen_fd_, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0) continue;
        int fd = ::accept(listen_fd_, nullptr, nullptr);
        if (fd < 0) continue;
        accepted_++;
        std::lock_guard lock(mu_);
        fds_.push_back(fd);
        threads_.emplace_back([this, fd] {
          script_(fd, stopping_);
          ::shutdown(fd, SHUT_RDWR);  // like a server closing the connection when done
        });
      }
    });
  }
  ~RawServer() { stop(); }
  void stop() {
    if (stopping_.exchange(true)) return;
    accept_thread_.join();
    std::lock_guard lock(mu_);
    for (int fd : fds_) ::shutdown(fd, SHUT_RDWR);
    for (auto& t : threads_) t.join();
    for (int fd : fds_) ::close(fd);
    ::close(listen_fd_);
  }
  std::string http_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int connections_accepted() const { return accepted_.load(); }

  // Reads one HTTP request (head + Content-Length body); false if the peer went away.
  static bool read_request(int fd) {
    std::string head;
    char ch;
    while (head.find("\r\n\r\n") == std::string::npos) {
      if (::recv(fd, &ch, 1, 0) != 1) return false;
      head.push_back(ch);
    }
    std::string lower = head;
    for (auto& x : lower) x = static_cast<char>(std::tolower(static_cast<unsigned char>(x)));
    std::size_t len = 0;
    if (auto p = lower.find("content-length:"); p != std::string::npos) len = std::stoul(head.substr(p + 15));
    std::string body(len, '\0');
    std::size_t off = 0;
    while (off < len) {
      ssize_t r = ::recv(fd, body.data() + off, len - off, 0);
      if (r <= 0) return false;
      off += static_cast<std::size_t>(r);
    }
    last_body_ = body;
    return true;
  }
  static bool send_all(int fd, const std::string& bytes) {
    std::size_t off = 0;
    while (off < bytes.size()) {
      ssize_t n = ::send(fd, bytes.data() + off, bytes.size() - off, MSG_NOSIGNAL);
      if (n <= 0) return false;
      off += static_cast<std::size_t>(n);
    }
    return true;
  }
  static inline thread_local std::string last_body_;

 private:
  Script script_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> accepted_{0};
  std::thread accept_thread_;
  std::mutex mu_;
  std::vector<int> fds_;
  std::vector<std::thread> threads_;
};

}  // namespace bt::test
