// SPDX-License-Identifier: MIT
#include <bt/rpc/error.hpp>

#include <cstdlib>

#include "detail/error_category.hpp"

namespace bt::rpc {
BT_DEFINE_ERROR_CATEGORY_FROM_CODES(RpcError, rpc_category, "bt.rpc", BT_RPC_ERROR_CODES)

Error make_node_error(const NodeError& e) {
  std::string msg;
  msg.reserve(e.message.size() + e.data_json.size() + 32);
  msg.append(1, '[').append(std::to_string(e.code)).append("] ").append(e.message);
  if (!e.data_json.empty()) msg.append(" (data: ").append(e.data_json).append(1, ')');
  return Error(RpcError::jsonrpc_error, std::move(msg));
}

std::optional<NodeError> node_error(const Error& e) {
  if (!(e == RpcError::jsonrpc_error)) return std::nullopt;
  const std::string& m = e.message();
  NodeError out;
  if (m.size() < 3 || m[0] != '[') return out;
  const auto close = m.find("] ");
  if (close == std::string::npos) return out;
  out.code = std::strtoll(m.c_str() + 1, nullptr, 10);
  std::string rest = m.substr(close + 2);
  const auto data = rest.rfind(" (data: ");
  if (data != std::string::npos && !rest.empty() && rest.back() == ')') {
    out.data_json = rest.substr(data + 8, rest.size() - data - 9);
    rest.resize(data);
  }
  out.message = std::move(rest);
  return out;
}

}  // namespace bt::rpc
