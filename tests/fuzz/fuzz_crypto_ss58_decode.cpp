// SPDX-License-Identifier: MIT
// Fuzzes SS58/base58 decoding: any input decodes and re-encodes to the same text, or gives a typed
// bt.crypto error. Also MultiSigner/MultiSignature SCALE decoding.
#include <bt/crypto/error.hpp>
#include <bt/crypto/ss58.hpp>
#include <cstdlib>
#include <cstring>
#include <string_view>

using namespace bt::crypto;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view s(reinterpret_cast<const char*>(data), size);
  auto d = ss58_decode(s);
  if (d) {
    auto again = ss58_encode(d->payload, d->prefix);
    if (!again || *again != s) std::abort();
  } else if (std::strcmp(d.error().module(), "bt.crypto") != 0) {
    std::abort();
  }
  auto acct = ss58_decode_account(s, 42);
  if (acct && (!d || d->prefix != 42 || d->payload.size() != 32)) std::abort();
  auto b = base58_decode(s);
  if (b && base58_encode(*b) != s) std::abort();
  bt::ByteView bytes(data, size);
  if (auto ms = MultiSigner::decode(bytes); ms && ms->encode() != bt::Bytes(bytes.begin(), bytes.end()))
    std::abort();
  if (auto sg = MultiSignature::decode(bytes); sg && sg->encode() != bt::Bytes(bytes.begin(), bytes.end()))
    std::abort();
  return 0;
}
