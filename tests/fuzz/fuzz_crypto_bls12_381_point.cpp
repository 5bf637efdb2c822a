// SPDX-License-Identifier: MIT
// Fuzzes BLS12-381 point decoding (G1/G2, compressed/uncompressed): every input either decodes to a
// point on the curve and in the subgroup that re-encodes to the same bytes, or gives a typed
// bt.crypto.bls12_381 error.
#include <bt/crypto/bls12_381.hpp>
#include <cstdlib>
#include <cstring>

using namespace bt::crypto::bls12_381;

namespace {
template <class P, class Enc>
void check(const bt::Result<P>& r, bt::ByteView in, Enc encode) {
  if (r) {
    if (!is_on_curve(*r) || !is_in_subgroup_var(*r)) std::abort();
    const auto again = encode(*r);
    if (again.size() != in.size() || std::memcmp(again.data.data(), in.data(), in.size()) != 0) std::abort();
  } else if (std::strcmp(r.error().module(), "bt.crypto.bls12_381") != 0) {
    std::abort();
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // the first byte picks the decoder, so each gets inputs of its own size class
  const bt::ByteView in(data + 1, size - 1);
  switch (data[0] % 4) {
    case 0:
      check(g1_from_compressed(in), in, [](const G1& p) { return to_compressed(p); });
      break;
    case 1:
      check(g1_from_uncompressed(in), in, [](const G1& p) { return to_uncompressed(p); });
      break;
    case 2:
      check(g2_from_compressed(in), in, [](const G2& p) { return to_compressed(p); });
      break;
    default:
      check(g2_from_uncompressed(in), in, [](const G2& p) { return to_uncompressed(p); });
      break;
  }
  return 0;
}
