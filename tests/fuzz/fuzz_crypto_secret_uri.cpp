// SPDX-License-Identifier: MIT
// Fuzzes secret URI parsing and key derivation from URIs for all three schemes: a key pair or a typed
// bt.crypto error, never a crash. A derived key must sign and verify.
#include <bt/crypto/error.hpp>
#include <bt/crypto/keypair.hpp>
#include <bt/crypto/secret_uri.hpp>
#include <cstdlib>
#include <cstring>
#include <string_view>

using namespace bt::crypto;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 512) return 0;  // each derivation runs PBKDF2 (2048 rounds): keep iterations fast
  std::string_view s(reinterpret_cast<const char*>(data), size);
  auto parsed = parse_secret_uri(s);
  if (!parsed && !(parsed.error() == CryptoError::invalid_uri)) std::abort();
  for (Scheme scheme : {Scheme::sr25519, Scheme::ed25519, Scheme::ecdsa}) {
    auto kp = Keypair::from_uri(s, scheme);
    if (!kp) {
      if (std::strcmp(kp.error().module(), "bt.crypto") != 0) std::abort();
      if (parsed && kp.error() == CryptoError::invalid_uri && !parsed->is_hex_seed()) std::abort();
      continue;
    }
    if (!parsed) std::abort();  // a URI the parser rejects can never give a key
    const bt::Bytes msg(data, data + size);
    if (!kp->verify(kp->sign(msg), msg)) std::abort();
  }
  return 0;
}
