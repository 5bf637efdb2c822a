// SPDX-License-Identifier: MIT
#include <bt/rpc/message.hpp>

#include <nlohmann/json.hpp>

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
}  // namespace

Result<IncomingMessage> parse_message(std::string_view text) {
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

Result<std::string> make_request(std::uint64_t id, std::string_view method, std::string_view params_json) {
  auto parsed = ::bt::detail::parse_json_checked(params_json);
  if (!parsed.ok()) return bad("params: " + parsed.error);
  json& params = parsed.value;
  if (!(params.is_array() || params.is_object())) return bad("params must be a JSON array or object");
  json req = {{"jsonrpc", "2.0"}, {"id", id}, {"method", std::string(method)}, {"params", std::move(params)}};
  return req.dump();
}

}  // namespace bt::rpc
