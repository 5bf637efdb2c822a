// SPDX-License-Identifier: MIT
// Fuzzes RuntimeMetadataPrefixed decoding (V14/V15/V16): any input decodes or gives a typed error
// (bt.scale / bt.metadata), without crash, hang or huge allocation; decoded metadata supports every
// lookup and type naming.
#include <bt/metadata/metadata.hpp>

#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto r = bt::metadata::Metadata::decode(bt::ByteView(data, size));
  if (!r) {
    std::string m = r.error().module();
    if (m != "bt.scale" && m != "bt.metadata") std::abort();
    return 0;
  }
  for (const auto& p : r->pallets) {
    (void)r->calls(p);
    (void)r->events(p);
    (void)r->errors(p);
    (void)r->pallet(p.name);
  }
  for (std::uint32_t id = 0; id < r->types.size() && id < 64; ++id) (void)r->types.type_name(id);
  (void)r->runtime_call_type();
  (void)r->runtime_event_type();
  return 0;
}
