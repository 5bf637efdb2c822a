// SPDX-License-Identifier: MIT
// libFuzzer: the node's text in a transaction-pool refusal (bt::client::classify_pool_error on a JSON-RPC
// error with any code/message/data, classify_validity_text on any status text). Must never crash, hang
// or throw; a classified error is always a bt.tx error.
#include <bt/client/tx.hpp>
#include <bt/rpc/error.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 2, size - 2);
  const auto split = text.find('\n');
  bt::rpc::NodeError ne;
  ne.code = 1010 + (data[0] % 12);
  ne.message = std::string(text.substr(0, split));
  if (split != std::string_view::npos) ne.data_json = std::string(text.substr(split + 1));
  if (data[1] & 1) ne.data_json.clear();
  if (auto e = bt::client::classify_pool_error(bt::rpc::make_node_error(ne))) {
    if (std::string_view(e->module()) != "bt.tx") std::abort();
  } else if (ne.code <= 1020) {
    std::abort();  // every code 1010..1020 is a pool refusal
  }
  if (auto e = bt::client::classify_validity_text(text))
    if (std::string_view(e->module()) != "bt.tx") std::abort();
  return 0;
}
