// SPDX-License-Identifier: MIT
// bittensor_cpp.crypto: hash functions and sr25519 (keypairs as raw bytes; the Keypair class lives in
// the wallet bindings). Byte arguments accept any contiguous buffer (bytes, bytearray, memoryview).
// Secrets handed to Python are ordinary bytes objects: Python cannot wipe them.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <bt/crypto/error.hpp>
#include <bt/crypto/hashing.hpp>
#include <bt/crypto/sr25519.hpp>
#include <string>

#include "convert.hpp"
#include "errors.hpp"

namespace py = pybind11;
namespace sr = bt::crypto::sr25519;

namespace {

using bt::crypto::CryptoError;
using bt::py::BytesLike;
using bt::py::to_py;

// Fixed-size key material: a wrong length is CryptoError::invalid_length (convert.hpp rules otherwise).
template <std::size_t N>
bt::FixedBytes<N> fixed_arg(const BytesLike& b, const char* what) {
  if (b.view().size() != N)
    bt::py::raise(bt::Error(CryptoError::invalid_length, bt::py::length_message(what, N, b.view().size())));
  return bt::FixedBytes<N>::from_view(b.view()).value();
}

sr::Keypair keypair_from_secret(const BytesLike& secret) {
  const BytesLike& v = secret;
  return bt::py::unwrap(sr::keypair_from_secret_bytes(v.view()));
}

py::tuple keypair_tuple(const sr::Keypair& kp) {
  return py::make_tuple(to_py(kp.secret.bytes.view()), to_py(kp.public_key.view()));
}

template <class F>
void def_hash(py::module_& m, const char* name, F f, const char* doc) {
  m.def(
      name, [f](const BytesLike& data) { return to_py(f(data.view())); }, py::arg("data"), doc);
}

void init_sr25519(py::module_& c) {
  py::module_ s = c.def_submodule(
      "sr25519",
      "sr25519 (schnorrkel) as Substrate uses it. Keypairs are (secret, public) bytes tuples: secret is "
      "64 bytes in schnorrkel form (key scalar || nonce), public is 32 bytes.");
  s.attr("SUBSTRATE_CONTEXT") = py::bytes("substrate");
  s.def(
      "keypair_from_seed",
      [](const BytesLike& seed) {
        return keypair_tuple(sr::keypair_from_seed(fixed_arg<32>(seed, "seed").data));
      },
      py::arg("seed"),
      "(secret, public) from a 32-byte mini secret (Substrate seed), ExpansionMode::Ed25519.");
  s.def(
      "public_key",
      [](const BytesLike& secret) { return to_py(keypair_from_secret(secret).public_key.view()); },
      py::arg("secret"), "Public key of a 64-byte schnorrkel-form secret key.");
  s.def(
      "secret_to_ed25519",
      [](const BytesLike& secret) {
        return to_py(sr::secret_to_ed25519_bytes(keypair_from_secret(secret).secret).view());
      },
      py::arg("secret"), "Converts a schnorrkel-form secret to the ed25519 form polkadot-js uses.");
  s.def(
      "secret_from_ed25519",
      [](const BytesLike& ed) {
        const BytesLike& v = ed;
        return keypair_tuple(bt::py::unwrap(sr::keypair_from_ed25519_bytes(v.view())));
      },
      py::arg("secret"), "(secret, public) from a 64-byte ed25519-form (polkadot-js) secret key.");
  s.def(
      "public_key_from_bytes",
      [](const BytesLike& pk) {
        const BytesLike& v = pk;
        return to_py(bt::py::unwrap(sr::public_key_from_bytes(v.view())).view());
      },
      py::arg("public_key"), "Validates a public key (canonical ristretto255 point); raises CryptoError.");
  s.def(
      "sign",
      [](const BytesLike& secret, const BytesLike& message, const BytesLike& context) {
        const sr::Keypair kp = keypair_from_secret(secret);
        const BytesLike& m = message;
        const BytesLike& ctx = context;
        return to_py(sr::sign(kp, m.view(), ctx.view()));
      },
      py::arg("secret"), py::arg("message"), py::arg("context") = py::bytes("substrate"),
      "64-byte signature of message (randomized).");
  s.def(
      "verify",
      [](const BytesLike& signature, const BytesLike& message, const BytesLike& public_key,
         const BytesLike& context) {
        const BytesLike& sig = signature;
        const BytesLike& m = message;
        const BytesLike& pk = public_key;
        const BytesLike& ctx = context;
        return sr::verify_bytes(sig.view(), m.view(), pk.view(), ctx.view());
      },
      py::arg("signature"), py::arg("message"), py::arg("public_key"),
      py::arg("context") = py::bytes("substrate"),
      "True iff the signature is valid; malformed input gives False.");
  s.def(
      "derive_hard",
      [](const BytesLike& secret, const BytesLike& chain_code) {
        return keypair_tuple(sr::derive_hard(keypair_from_secret(secret),
                                             bt::crypto::ChainCode(fixed_arg<32>(chain_code, "chain code"))));
      },
      py::arg("secret"), py::arg("chain_code"), "Hard junction (//x): (secret, public).");
  s.def(
      "derive_hard_seed",
      [](const BytesLike& secret, const BytesLike& chain_code) {
        const sr::Keypair kp = keypair_from_secret(secret);
        return to_py(sr::derive_hard_mini_secret(
                         kp.secret, bt::crypto::ChainCode(fixed_arg<32>(chain_code, "chain code")))
                         .view());
      },
      py::arg("secret"), py::arg("chain_code"), "The 32-byte mini secret a hard junction derives.");
  s.def(
      "derive_soft",
      [](const BytesLike& secret, const BytesLike& chain_code) {
        return keypair_tuple(sr::derive_soft(keypair_from_secret(secret),
                                             bt::crypto::ChainCode(fixed_arg<32>(chain_code, "chain code"))));
      },
      py::arg("secret"), py::arg("chain_code"), "Soft junction (/x): (secret, public).");
  s.def(
      "derive_soft_public",
      [](const BytesLike& public_key, const BytesLike& chain_code) {
        sr::PublicKey pk{fixed_arg<32>(public_key, "public key")};
        return to_py(bt::py::unwrap(sr::derive_soft_public(
                                        pk, bt::crypto::ChainCode(fixed_arg<32>(chain_code, "chain code"))))
                         .view());
      },
      py::arg("public_key"), py::arg("chain_code"), "Soft junction on a public key.");
}

}  // namespace

void init_crypto(py::module_& m) {
  py::module_ c =
      m.def_submodule("crypto", "Hashes (BLAKE2b, xxHash, Keccak, SHA-2, HMAC, PBKDF2) and sr25519.");
  namespace h = bt::crypto;
  def_hash(
      c, "blake2b_128", [](bt::ByteView d) { return h::blake2b_128(d); }, "BLAKE2b, 16-byte digest.");
  def_hash(
      c, "blake2b_256", [](bt::ByteView d) { return h::blake2b_256(d); }, "BLAKE2b, 32-byte digest.");
  def_hash(
      c, "blake2b_512", [](bt::ByteView d) { return h::blake2b_512(d); }, "BLAKE2b, 64-byte digest.");
  def_hash(
      c, "twox_64", [](bt::ByteView d) { return h::twox_64(d); }, "Substrate twox 64 (XXH64 seed 0, LE).");
  def_hash(
      c, "twox_128", [](bt::ByteView d) { return h::twox_128(d); }, "Substrate twox 128.");
  def_hash(
      c, "twox_256", [](bt::ByteView d) { return h::twox_256(d); }, "Substrate twox 256.");
  def_hash(
      c, "keccak_256", [](bt::ByteView d) { return h::keccak_256(d); }, "Keccak-256 (Ethereum).");
  def_hash(
      c, "sha256", [](bt::ByteView d) { return h::sha256(d); }, "SHA-256.");
  def_hash(
      c, "sha512", [](bt::ByteView d) { return h::sha512(d); }, "SHA-512.");
  c.def(
      "blake2_128_concat", [](const BytesLike& d) { return to_py(h::blake2_128_concat(d.view())); },
      py::arg("data"), "Storage hasher Blake2_128Concat: blake2b_128(data) + data.");
  c.def(
      "twox_64_concat", [](const BytesLike& d) { return to_py(h::twox_64_concat(d.view())); },
      py::arg("data"), "Storage hasher Twox64Concat: twox_64(data) + data.");
  c.def(
      "blake2b",
      [](const BytesLike& data, std::size_t out_len, const BytesLike& key) {
        const BytesLike& d = data;
        const BytesLike& k = key;
        return to_py(bt::py::unwrap(h::blake2b(d.view(), out_len, k.view())));
      },
      py::arg("data"), py::arg("out_len"), py::arg("key") = py::bytes(),
      "BLAKE2b with output length 1..64 and key of at most 64 bytes (else CryptoError).");
  c.def(
      "hmac_sha256",
      [](const BytesLike& key, const BytesLike& data) {
        const BytesLike& k = key;
        const BytesLike& d = data;
        return to_py(h::hmac_sha256(k.view(), d.view()));
      },
      py::arg("key"), py::arg("data"), "HMAC-SHA-256.");
  c.def(
      "hmac_sha512",
      [](const BytesLike& key, const BytesLike& data) {
        const BytesLike& k = key;
        const BytesLike& d = data;
        return to_py(h::hmac_sha512(k.view(), d.view()));
      },
      py::arg("key"), py::arg("data"), "HMAC-SHA-512.");
  c.def(
      "pbkdf2_hmac_sha512",
      [](const BytesLike& password, const BytesLike& salt, std::uint32_t rounds, std::size_t out_len) {
        if (out_len > (std::size_t{1} << 20))
          bt::py::raise(bt::Error(bt::crypto::CryptoError::invalid_length, "out_len above 1 MiB"));
        const BytesLike& p = password;
        const BytesLike& s = salt;
        std::string out(out_len, '\0');
        {
          py::gil_scoped_release release;
          h::pbkdf2_hmac_sha512(p.view(), s.view(), rounds,
                                {reinterpret_cast<std::uint8_t*>(out.data()), out.size()});
        }
        py::bytes result(out);
        bt::secure_wipe(out.data(), out.size());
        return result;
      },
      py::arg("password"), py::arg("salt"), py::arg("rounds"), py::arg("out_len") = 64,
      "PBKDF2-HMAC-SHA512 (BIP39 seed: password=entropy or phrase, salt=b'mnemonic'+passphrase, 2048).");
  init_sr25519(c);
}
