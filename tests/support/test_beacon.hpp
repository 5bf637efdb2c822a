// SPDX-License-Identifier: MIT
// A drand beacon of our own for tests, in quicknet's scheme (bls-unchained-g1-rfc9380): a secret key from
// a seed string, its compressed G2 public key, and the signature of any round (sk * H(sha256(round BE))).
#pragma once

#include <bt/bytes.hpp>
#include <bt/crypto/bls12_381.hpp>
#include <bt/crypto/bls12_381_hash.hpp>
#include <bt/crypto/drand.hpp>

#include <cstdint>
#include <string_view>

namespace bt::test {

struct TestBeacon {
  explicit TestBeacon(std::string_view seed)
      : sk(crypto::bls12_381::Scalar::from_bytes_be_mod_order(as_bytes(seed))),
        pk(crypto::bls12_381::to_compressed(crypto::bls12_381::g2_mul_generator(sk))) {}
  crypto::bls12_381::Scalar sk;
  FixedBytes<96> pk;
  Bytes sign(std::uint64_t round) const {
    namespace bls = crypto::bls12_381;
    const auto h =
        bls::hash_to_g1(crypto::drand::round_message(round), as_bytes(bls::kDrandQuicknetDst)).value();
    const auto sig = bls::to_compressed(bls::mul(h, sk));
    return Bytes(sig.begin(), sig.end());
  }
};

}  // namespace bt::test
