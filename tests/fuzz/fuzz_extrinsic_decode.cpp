// SPDX-License-Identifier: MIT
// Fuzzes extrinsic decoding against the real raonet metadata (tests/vectors/metadata/raonet_v14.scale, or
// $BT_FUZZ_METADATA), and Era decoding. Malformed input must give a typed error; a decoded signed
// extrinsic must re-assemble to exactly the input, an unsigned one must rebuild to the input.
#include <bt/extrinsic/builder.hpp>
#include <bt/extrinsic/era.hpp>
#include <bt/metadata/metadata.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace {
const bt::metadata::Metadata& md() {
  static bt::metadata::Metadata m = [] {
    std::filesystem::path p = std::filesystem::path(BT_VECTORS_DIR) / "metadata" / "raonet_v14.scale";
    if (const char* env = std::getenv("BT_FUZZ_METADATA"); env && *env) p = env;
    std::ifstream in(p, std::ios::binary);
    bt::Bytes b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto r = bt::metadata::Metadata::decode(b);
    if (!r) std::abort();
    return std::move(*r);
  }();
  return m;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const bt::ByteView in(data, size);
  if (size <= 3) {
    auto e = bt::extrinsic::Era::decode(in);
    if (e && e->encode() != bt::Bytes(in.begin(), in.end())) std::abort();
  }
  auto d = bt::extrinsic::decode_extrinsic(md(), in);
  if (!d) {
    const std::string mod = d.error().module();
    if (mod != "bt.scale" && mod != "bt.extrinsic" && mod != "bt.crypto") std::abort();
    return 0;
  }
  bt::Bytes again;
  if (d->is_signed) {
    auto r = bt::extrinsic::assemble_signed(md(), *d->signer, *d->signature, d->extra, d->call);
    if (!r) std::abort();
    again = std::move(*r);
  } else {
    again = bt::extrinsic::build_unsigned(d->call);
  }
  if (again != bt::Bytes(in.begin(), in.end())) std::abort();
  return 0;
}
