// SPDX-License-Identifier: MIT
// Fuzzes the decoding of stored timelocked-commit queues (both layouts): any input decodes, and then
// re-encodes to the same bytes, or gives a typed bt.scale error.
#include <bt/subtensor/commit_audit.hpp>
#include <cstdlib>
#include <cstring>

using namespace bt::subtensor;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const bt::ByteView in(data, size);
  for (auto layout : {CommitsLayout::with_block, CommitsLayout::without_block}) {
    auto c = decode_stored_commits(in, layout);
    if (c) {
      const bt::Bytes again = encode_stored_commits(*c, layout);
      if (again.size() != size || (size != 0 && std::memcmp(again.data(), data, size) != 0)) std::abort();
    } else if (std::strcmp(c.error().module(), "bt.scale") != 0) {
      std::abort();
    }
  }
  return 0;
}
