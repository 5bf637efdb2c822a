// SPDX-License-Identifier: MIT
// Fuzzes dynamic value decoding against the real subtensor registry
// (tests/vectors/metadata/raonet_v15.scale, or $BT_FUZZ_METADATA): the first two bytes pick a type id
// (mod the registry size); the rest decodes into a bt::metadata::Value or fails with a bt.scale error.
// A decoded value must re-encode to exactly the input, and its JSON text must parse.
#include <bt/metadata/metadata.hpp>
#include <bt/metadata/value.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace {
const bt::metadata::Metadata& md() {
  static bt::metadata::Metadata m = [] {
    std::filesystem::path p = std::filesystem::path(BT_VECTORS_DIR) / "metadata" / "raonet_v15.scale";
    if (const char* env = std::getenv("BT_FUZZ_METADATA"); env && *env) p = env;
    std::ifstream in(p, std::ios::binary);
    bt::Bytes b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto r = bt::metadata::Metadata::decode(b);
    if (!r) std::abort();  // the fuzzer needs the real registry
    return std::move(*r);
  }();
  return m;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto& m = md();
  if (size < 2) return 0;
  std::uint32_t id =
      static_cast<std::uint32_t>(data[0] | (data[1] << 8)) % static_cast<std::uint32_t>(m.types.size());
  bt::ByteView in(data + 2, size - 2);
  auto v = bt::metadata::decode_value(m.types, id, in);
  if (!v) {
    if (std::string(v.error().module()) != "bt.scale") std::abort();
    return 0;
  }
  auto again = bt::metadata::encode_value(m.types, id, *v);
  if (!again || !std::equal(again->begin(), again->end(), in.begin(), in.end())) std::abort();
  // JSON text of any decoded value parses back (deeply nested values may exceed the JSON depth limit).
  auto j = bt::metadata::from_json(bt::metadata::to_json(*v));
  if (!j && !(j.error() == bt::metadata::MetadataError::invalid_json)) std::abort();
  return 0;
}
