// SPDX-License-Identifier: MIT
// Fuzzes sr25519 parsing and verification with arbitrary bytes: input = mode(1) || pk(32) || sig(64) ||
// message (any part may be short). Nothing may crash, and the results must be consistent:
//   * verify() true implies the public key parses and the signature carries the schnorrkel marker;
//   * a parsed public key always soft-derives;
//   * secret keys that parse give valid public keys, and (mode bit 0) a fresh signature made with a
//     keypair from the first 32 bytes verifies, and fails for a different message.
#include <algorithm>
#include <bt/crypto/sr25519.hpp>
#include <cstdlib>

namespace sr = bt::crypto::sr25519;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t mode = data[0];
  const bt::ByteView in(data + 1, size - 1);
  const bt::ByteView pk_bytes = in.first(std::min<std::size_t>(32, in.size()));
  const bt::ByteView rest = in.subspan(pk_bytes.size());
  const bt::ByteView sig_bytes = rest.first(std::min<std::size_t>(64, rest.size()));
  const bt::ByteView msg = rest.subspan(sig_bytes.size());

  const bool ok = sr::verify_bytes(sig_bytes, msg, pk_bytes);
  const auto pk = sr::public_key_from_bytes(pk_bytes);
  if (ok && (!pk || sig_bytes.size() != 64 || (sig_bytes[63] & 0x80) == 0)) std::abort();
  if (ok != sr::verify_bytes(sig_bytes, msg, pk_bytes, bt::ByteView(sr::substrate_context))) std::abort();
  (void)sr::verify_bytes(sig_bytes, msg, pk_bytes, msg);  // arbitrary context

  if (pk) {
    sr::ChainCode cc;
    std::copy(sig_bytes.begin(), sig_bytes.begin() + std::min<std::size_t>(32, sig_bytes.size()), cc.begin());
    if (!sr::derive_soft_public(*pk, cc)) std::abort();
  }

  const bt::ByteView secret = in.first(std::min<std::size_t>(64, in.size()));
  for (const auto& kp : {sr::keypair_from_secret_bytes(secret), sr::keypair_from_ed25519_bytes(secret)}) {
    if (kp && !sr::public_key_from_bytes(kp->public_key)) std::abort();
    if (!kp && secret.size() == 64 && !(kp.error() == bt::crypto::CryptoError::invalid_secret_key))
      std::abort();
  }

  if ((mode & 1) != 0 && pk_bytes.size() == 32) {
    const sr::Keypair kp = sr::keypair_from_seed(std::span<const std::uint8_t, 32>(pk_bytes.data(), 32));
    const sr::Signature sig = sr::sign(kp, msg);
    if (!sr::verify(sig, msg, kp.public_key)) std::abort();
    bt::Bytes other(msg.begin(), msg.end());
    other.push_back(mode);
    if (sr::verify(sig, other, kp.public_key)) std::abort();
  }
  return 0;
}
