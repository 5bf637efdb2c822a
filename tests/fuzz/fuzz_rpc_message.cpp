// SPDX-License-Identifier: MIT
// libFuzzer: bt::rpc::parse_message on arbitrary bytes (what a hostile node could send). Must never
// crash, hang or throw; every rejection is RpcError::protocol_error. (Client::parse_header:
// fuzz_client_header.)
#include <bt/rpc/message.hpp>

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
  return 0;
}
