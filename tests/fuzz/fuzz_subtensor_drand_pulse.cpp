// SPDX-License-Identifier: MIT
// Fuzzes the decoding of stored drand pulses (pallet_drand Pulse): any input decodes, re-encodes to the
// same bytes and has its signature checked against the quicknet key for its round (a value or a typed
// error), or gives a typed bt.scale / bt.subtensor error.
#include <bt/crypto/drand.hpp>
#include <bt/subtensor/drand_pulse.hpp>
#include <cstdlib>
#include <cstring>

using namespace bt::subtensor;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const bt::ByteView in(data, size);
  auto p = decode_drand_pulse(in);
  if (!p) {
    const char* m = p.error().module();
    if (std::strcmp(m, "bt.scale") != 0 && std::strcmp(m, "bt.subtensor") != 0) std::abort();
    return 0;
  }
  if (p->randomness.size() > kPulseRandomnessMax || p->signature.size() > kPulseSignatureMax) std::abort();
  const bt::Bytes again = encode_drand_pulse(*p);
  if (again.size() != size || (size != 0 && std::memcmp(again.data(), data, size) != 0)) std::abort();
  auto sig = pulse_signature_bytes(*p);
  if (!sig) {
    if (sig.error() != SubtensorError::invalid_drand_pulse) std::abort();
    return 0;
  }
  if (sig->size() != 48) std::abort();
  (void)bt::crypto::drand::verify_beacon(bt::crypto::drand::quicknet_public_key(), p->round, *sig);
  return 0;
}
