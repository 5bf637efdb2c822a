// SPDX-License-Identifier: MIT
#include <bt/rpc/message.hpp>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/json_limits.hpp"

namespace bt::rpc {
namespace {
using nlohmann::json;

Unexpected bad(std::string why) { return fail(RpcError::protocol_error, std::move(why)); }

Result<Response> to_response(const json& j) {
  if (!j.is_object()) return bad("response is not a JSON object");
  Response r;
  if (auto it = j.find("id"); it != j.end() && it->is_number_unsigned())
    r.id = it->get<std::uint64_t>();
  else if (it != j.end() && it->is_number_integer() && it->get<long long>() >= 0)
    r.id = static_cast<std::uint64_t>(it->get<long long>());
  if (auto it = j.find("result"); it != j.end()) {
    r.ok = true;
    r.result_json = it->dump();
    return r;
  }
  auto it = j.find("error");
  if (it == j.end()) return bad("response has neither result nor error");
  if (!it->is_object()) return bad("error is not an object");
  r.ok = false;
  if (auto c = it->find("code"); c != it->end() && c->is_number_integer()) r.error.code = c->get<long long>();
  if (auto m = it->find("message"); m != it->end())
    r.error.message = m->is_string() ? m->get<std::string>() : m->dump();
  if (auto d = it->find("data"); d != it->end()) r.error.data_json = d->dump();
  return r;
}
// Fast path for the responses nodes send in bulk (storage answers of thousands of hex strings): without
// building a DOM, accept only the compact form - no whitespace, strings of printable ASCII without escapes,
// unsigned integers of at most 19 digits without leading zeros, null/true/false, arrays and objects at most
// 16 levels deep - which is valid JSON by construction, so "result" can be handed on as the node's own text
// (the DOM path re-serialises it; the value is the same). Anything else, including every error response
// and notification, returns nullopt and goes through the parser.
class CompactScanner {
 public:
  explicit CompactScanner(std::string_view t) : t_(t) {}

  std::optional<IncomingMessage> message() {
    IncomingMessage msg;
    if (peek() == '[') {
      ++i_;
      msg.kind = IncomingMessage::Kind::batch;
      for (;;) {
        auto r = response();
        if (!r) return std::nullopt;
        msg.responses.push_back(std::move(*r));
        if (peek() == ',') {
          ++i_;
          continue;
        }
        if (peek() != ']') return std::nullopt;
        ++i_;
        break;
      }
    } else {
      msg.kind = IncomingMessage::Kind::response;
      auto r = response();
      if (!r) return std::nullopt;
      msg.responses.push_back(std::move(*r));
    }
    if (i_ != t_.size()) return std::nullopt;
    return msg;
  }

 private:
  char peek() const { return i_ < t_.size() ? t_[i_] : '\0'; }

  // {"jsonrpc":..,"id":N,"result":..} in any order, each once, nothing else.
  std::optional<Response> response() {
    if (peek() != '{') return std::nullopt;
    ++i_;
    Response r;
    bool seen_version = false, seen_id = false, seen_result = false;
    for (;;) {
      const auto key = string();
      if (!key || peek() != ':') return std::nullopt;
      ++i_;
      const std::size_t v0 = i_;
      if (!value(1)) return std::nullopt;
      const std::string_view v = t_.substr(v0, i_ - v0);
      if (*key == "jsonrpc" && !seen_version) {
        seen_version = true;
      } else if (*key == "id" && !seen_id && !v.empty() && v.front() >= '0' && v.front() <= '9') {
        seen_id = true;
        r.id = std::stoull(std::string(v));  // <= 19 digits: fits
      } else if (*key == "result" && !seen_result) {
        seen_result = true;
        r.ok = true;
        r.result_json.assign(v);
      } else {
        return std::nullopt;
      }
      if (peek() == ',') {
        ++i_;
        continue;
      }
      if (peek() != '}') return std::nullopt;
      ++i_;
      break;
    }
    if (!seen_result) return std::nullopt;
    return r;
  }

  std::optional<std::string_view> string() {
    if (peek() != '"') return std::nullopt;
    const std::size_t b = ++i_;
    while (i_ < t_.size() && t_[i_] != '"') {
      const auto u = static_cast<unsigned char>(t_[i_]);
      if (u < 0x20 || u > 0x7e || u == '\\') return std::nullopt;
      ++i_;
    }
    if (i_ == t_.size()) return std::nullopt;
    return t_.substr(b, i_++ - b);
  }

  bool value(std::size_t depth) {
    if (depth > 16) return false;
    const char c = peek();
    if (c == '"') return string().has_value();
    if (c >= '0' && c <= '9') {
      const std::size_t b = i_++;
      if (c != '0')
        while (peek() >= '0' && peek() <= '9') ++i_;
      return i_ - b <= 19;
    }
    if (c == '[' || c == '{') {
      const char close = c == '[' ? ']' : '}';
      ++i_;
      if (peek() == close) {
        ++i_;
        return true;
      }
      for (;;) {
        if (c == '{' && (!string() || peek() != ':' || !(++i_, true))) return false;
        if (!value(depth + 1)) return false;
        if (peek() == ',') {
          ++i_;
          continue;
        }
        if (peek() != close) return false;
        ++i_;
        return true;
      }
    }
    for (std::string_view lit : {"null", "true", "false"})
      if (t_.substr(i_, lit.size()) == lit) {
        i_ += lit.size();
        return true;
      }
    return false;
  }

  std::string_view t_;
  std::size_t i_ = 0;
};

}  // namespace

Result<IncomingMessage> parse_message(std::string_view text) {
  if (auto fast = CompactScanner(text).message()) return std::move(*fast);
  auto parsed = ::bt::detail::parse_json_checked(text);
  if (!parsed.ok()) return bad(parsed.error);
  json& j = parsed.value;
  IncomingMessage msg;
  if (j.is_array()) {
    if (j.empty()) return bad("empty batch response");
    msg.kind = IncomingMessage::Kind::batch;
    msg.responses.reserve(j.size());
    for (const auto& e : j) {
      BT_TRY(auto r, to_response(e));
      msg.responses.push_back(std::move(r));
    }
    return msg;
  }
  if (!j.is_object()) return bad("message is not a JSON object or array");
  if (auto m = j.find("method"); m != j.end() && j.find("id") == j.end()) {
    if (!m->is_string()) return bad("notification method is not a string");
    auto p = j.find("params");
    if (p == j.end() || !p->is_object()) return bad("notification without params object");
    auto s = p->find("subscription");
    if (s == p->end()) return bad("notification without subscription id");
    msg.kind = IncomingMessage::Kind::notification;
    msg.notification.method = m->get<std::string>();
    msg.notification.subscription = s->is_string() ? s->get<std::string>() : s->dump();
    if (auto r = p->find("result"); r != p->end())
      msg.notification.result_json = r->dump();
    else if (auto e = p->find("error"); e != p->end())
      msg.notification.result_json = e->dump();
    else
      msg.notification.result_json = "null";
    return msg;
  }
  msg.kind = IncomingMessage::Kind::response;
  BT_TRY(auto r, to_response(j));
  msg.responses.push_back(std::move(r));
  return msg;
}

namespace {

// True when `t` is an array built only of arrays, unescaped printable-ASCII strings, unsigned integers
// without leading zeros, null, true and false, with no whitespace, at most 8 levels deep: valid JSON by
// construction, so make_request can send it verbatim. Large storage queries (thousands of hex keys) are
// of this form; everything else goes through the parser.
bool simple_params(std::string_view t) {
  if (t.empty() || t.front() != '[') return false;
  std::size_t depth = 0;
  bool need_value = true;  // after '[' or ','
  for (std::size_t i = 0; i < t.size();) {
    const char c = t[i];
    if (c == '[') {
      if (!need_value || ++depth > 8) return false;
      ++i;
      if (i < t.size() && t[i] == ']') {
        --depth;
        ++i;
        need_value = false;
        if (depth == 0) return i == t.size();
      }
      continue;
    }
    if (need_value) {
      if (c == '"') {
        std::size_t j = i + 1;
        while (j < t.size() && t[j] != '"') {
          const auto u = static_cast<unsigned char>(t[j]);
          if (u < 0x20 || u > 0x7e || u == '\\') return false;
          ++j;
        }
        if (j == t.size()) return false;
        i = j + 1;
      } else if (c >= '0' && c <= '9') {
        std::size_t j = i + 1;
        if (c != '0')
          while (j < t.size() && t[j] >= '0' && t[j] <= '9') ++j;
        i = j;
      } else if (t.substr(i, 4) == "null" || t.substr(i, 4) == "true") {
        i += 4;
      } else if (t.substr(i, 5) == "false") {
        i += 5;
      } else {
        return false;
      }
      need_value = false;
      continue;
    }
    if (c == ',') {
      need_value = true;
      ++i;
    } else if (c == ']') {
      --depth;
      ++i;
      if (depth == 0) return i == t.size();
    } else {
      return false;
    }
  }
  return false;
}

}  // namespace

Result<std::string> make_request(std::uint64_t id, std::string_view method, std::string_view params_json) {
  if (simple_params(params_json)) {
    std::string out = "{\"jsonrpc\":\"2.0\",\"id\":";
    out += std::to_string(id);
    out += ",\"method\":";
    out += json(std::string(method)).dump();
    out += ",\"params\":";
    out += params_json;
    out += '}';
    return out;
  }
  auto parsed = ::bt::detail::parse_json_checked(params_json);
  if (!parsed.ok()) return bad("params: " + parsed.error);
  json& params = parsed.value;
  if (!(params.is_array() || params.is_object())) return bad("params must be a JSON array or object");
  json req = {{"jsonrpc", "2.0"}, {"id", id}, {"method", std::string(method)}, {"params", std::move(params)}};
  return req.dump();
}

}  // namespace bt::rpc
