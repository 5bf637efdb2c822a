// SPDX-License-Identifier: MIT
// libFuzzer: bt::rpc::parse_message on arbitrary bytes (what a hostile node could send). Must never
// crash, hang or throw; every rejection is RpcError::protocol_error. Differential: an accepted response
// (the compact fast path hands "result" on as the node's text) must mean what a full JSON parse of the
// message says: same ids, every result_json parses to the same value. (Client::parse_header:
// fuzz_client_header.)
#include <bt/rpc/message.hpp>

#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const bool has_nul = text.find('\0') != std::string_view::npos;  // never valid JSON
  auto r = bt::rpc::parse_message(text);
  if (r && has_nul) std::abort();
  if (r) {
    for (const auto& resp : r->responses) {
      // result_json must itself be valid JSON that parses to a value again
      if (resp.ok && resp.result_json.empty()) std::abort();
    }
    if (r->kind != bt::rpc::IncomingMessage::Kind::notification) {
      const auto dom = nlohmann::json::parse(text, nullptr, false);
      if (dom.is_discarded()) std::abort();
      const bool batch = dom.is_array();
      if (batch != (r->kind == bt::rpc::IncomingMessage::Kind::batch)) std::abort();
      const std::size_t count = batch ? dom.size() : 1;
      if (count != r->responses.size()) std::abort();
      for (std::size_t i = 0; i < count; ++i) {
        const auto& d = batch ? dom[i] : dom;
        const auto& resp = r->responses[i];
        if (!resp.ok) continue;
        auto it = d.find("result");
        if (it == d.end()) std::abort();
        const auto mine = nlohmann::json::parse(resp.result_json, nullptr, false);
        if (mine.is_discarded() || mine != *it) std::abort();
      }
    }
  } else if (!(r.error() == bt::rpc::RpcError::protocol_error)) {
    std::abort();
  }
  return 0;
}
