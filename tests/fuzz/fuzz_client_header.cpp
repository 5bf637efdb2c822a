// SPDX-License-Identifier: MIT
// libFuzzer: bt::client::Client::parse_header on arbitrary text (a block header as a hostile node could
// send it). Must never crash, hang or throw; every rejection is ClientError::bad_response.
#include <bt/client/client.hpp>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto h = bt::client::Client::parse_header(text);
  if (!h && !(h.error() == bt::client::ClientError::bad_response)) std::abort();
  return 0;
}
