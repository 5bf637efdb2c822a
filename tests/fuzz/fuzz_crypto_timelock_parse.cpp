// SPDX-License-Identifier: MIT
// Fuzzes timelock ciphertext parsing and decryption: any input parses (and re-serializes to the bytes
// it consumed) or gives a typed bt.crypto.timelock error; decrypting with a fixed signature never
// crashes and fails with a typed error.
#include <bt/crypto/timelock.hpp>
#include <cstdlib>
#include <cstring>

using namespace bt::crypto;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const bt::ByteView in(data, size);
  auto c = timelock::Ciphertext::parse(in);
  if (c) {
    const bt::Bytes again = c->serialize();
    if (again.size() != c->consumed || std::memcmp(again.data(), data, again.size()) != 0) std::abort();
  } else if (std::strcmp(c.error().module(), "bt.crypto.timelock") != 0) {
    std::abort();
  }
  // the G1 generator as a (wrong) round signature: a well-formed point
  static const bt::Bytes sig =
      bt::from_hex(
          "97f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1"
          "aeffb3af00adb22c6bb")
          .value();
  auto d = timelock::decrypt(in, sig);
  if (!d && std::strcmp(d.error().module(), "bt.crypto.timelock") != 0) std::abort();
  return 0;
}
