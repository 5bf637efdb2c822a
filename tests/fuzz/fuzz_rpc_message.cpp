// SPDX-License-Identifier: MIT
// libFuzzer: bt::rpc::parse_message on arbitrary bytes (what a hostile node could send), and
// bt::client::Client::parse_header when the client module is built. Must never crash, hang or throw;
// every rejection is RpcError::protocol_error / ClientError::bad_response.
#include <bt/rpc/message.hpp>
#if defined(BT_HAS_MODULE_CLIENT)
#include <bt/client/client.hpp>
#endif

#include <cstdint>
#include <cstdlib>
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
  } else if (!(r.error() == bt::rpc::RpcError::protocol_error)) {
    std::abort();
  }
#if defined(BT_HAS_MODULE_CLIENT)
  auto h = bt::client::Client::parse_header(text);
  if (!h && !(h.error() == bt::client::ClientError::bad_response)) std::abort();
  if (h && has_nul) std::abort();
#endif
  return 0;
}
