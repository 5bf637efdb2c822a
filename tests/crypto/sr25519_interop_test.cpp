// SPDX-License-Identifier: MIT
// Cross-implementation check against polkadot-js: tests/interop/sr25519.js runs @polkadot/util-crypto
// (@scure/sr25519) and @polkadot/wasm-crypto (schnorrkel in WebAssembly) on the same random seeds,
// messages and chain codes. Needs node and `npm ci` in tests/interop; otherwise it is skipped with a
// loud warning (Catch2 v2 has no SKIP).
#include <bt/crypto/hashing.hpp>
#include <bt/crypto/sr25519.hpp>
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "support/node_script.hpp"

namespace sr = bt::crypto::sr25519;
namespace fs = std::filesystem;

namespace {

std::string hex(bt::ByteView v) { return bt::to_hex(v, false); }

template <class Rng>
bt::Bytes random_bytes(Rng& rng, std::size_t n) {
  bt::Bytes b(n);
  for (auto& x : b) x = static_cast<std::uint8_t>(rng());
  return b;
}

}  // namespace

TEST_CASE("sr25519 and hashes agree with polkadot-js (util-crypto and wasm-crypto)",
          "[crypto][sr25519][interop]") {
  const fs::path dir = bt::test::interop_dir();
  if (!bt::test::node_packages_available("sr25519 polkadot-js interop test", dir,
                                         {"@polkadot/util-crypto", "@polkadot/wasm-crypto"}))
    return;

  const std::uint64_t rng_seed = std::random_device{}();
  INFO("rng seed " << rng_seed);
  std::mt19937_64 rng(rng_seed);
  constexpr int kCases = 48;

  struct Case {
    std::array<std::uint8_t, 32> seed;
    bt::Bytes msg;
    sr::ChainCode cc_hard, cc_soft;
    sr::Keypair kp, hard, soft;
  };
  std::vector<Case> cases(kCases);
  nlohmann::json req;
  req["cases"] = nlohmann::json::array();
  for (int i = 0; i < kCases; ++i) {
    Case& c = cases[i];
    const bt::Bytes s = random_bytes(rng, 32);
    std::copy(s.begin(), s.end(), c.seed.begin());
    c.msg = random_bytes(rng, rng() % 300);
    const bt::Bytes h = random_bytes(rng, 32), so = random_bytes(rng, 32);
    std::copy(h.begin(), h.end(), c.cc_hard.begin());
    std::copy(so.begin(), so.end(), c.cc_soft.begin());
    c.kp = sr::keypair_from_seed(c.seed);
    c.hard = sr::derive_hard(c.kp, c.cc_hard);
    c.soft = sr::derive_soft(c.kp, c.cc_soft);
    req["cases"].push_back({
        {"seed", hex(c.seed)},
        {"msg", hex(c.msg)},
        {"cc_hard", hex(c.cc_hard)},
        {"cc_soft", hex(c.cc_soft)},
        {"cpp_public", hex(c.kp.public_key)},
        {"cpp_sig", hex(sr::sign(c.kp, c.msg))},
        {"cpp_hard_public", hex(c.hard.public_key)},
        {"cpp_hard_sig", hex(sr::sign(c.hard, c.msg))},
        {"cpp_soft_public", hex(c.soft.public_key)},
        {"cpp_soft_sig", hex(sr::sign(c.soft, c.msg))},
    });
  }
  std::vector<bt::Bytes> hash_inputs, hash_keys;
  for (std::size_t n : {0u, 1u, 31u, 32u, 33u, 135u, 136u, 137u, 271u, 272u, 1000u}) {
    hash_inputs.push_back(random_bytes(rng, n));
    hash_keys.push_back(random_bytes(rng, 1 + rng() % 64));
    req["hashes"].push_back({{"data", hex(hash_inputs.back())}, {"key", hex(hash_keys.back())}});
  }

  const auto node = bt::test::run_node_script(dir / "sr25519.js", req);
  INFO(node.out.substr(0, 500));
  REQUIRE(node.ok);
  const auto res = nlohmann::json::parse(node.out);
  REQUIRE(res["cases"].size() == static_cast<std::size_t>(kCases));

  for (int i = 0; i < kCases; ++i) {
    const Case& c = cases[i];
    const auto& r = res["cases"][i];
    INFO("case " << i << " seed " << hex(c.seed));
    // Keys from the same seed.
    CHECK(r["js_public"] == hex(c.kp.public_key));
    CHECK(r["wasm_public"] == hex(c.kp.public_key));
    CHECK(r["js_secret"] == hex(sr::secret_to_ed25519_bytes(c.kp.secret).view()));
    CHECK(r["wasm_secret"] == hex(sr::secret_to_ed25519_bytes(c.kp.secret).view()));
    // Hard derivation is fully deterministic (secret included).
    CHECK(r["js_hard_public"] == hex(c.hard.public_key));
    CHECK(r["wasm_hard_public"] == hex(c.hard.public_key));
    CHECK(r["js_hard_secret"] == hex(sr::secret_to_ed25519_bytes(c.hard.secret).view()));
    // Soft derivation: public keys on both the secret and the public path.
    CHECK(r["js_soft_public"] == hex(c.soft.public_key));
    CHECK(r["wasm_soft_public"] == hex(c.soft.public_key));
    CHECK(r["js_soft_public_only"] == hex(c.soft.public_key));
    CHECK(r["wasm_soft_public_only"] == hex(c.soft.public_key));
    // Our signatures verify there...
    CHECK(r["js_verifies_cpp_sig"] == true);
    CHECK(r["wasm_verifies_cpp_sig"] == true);
    CHECK(r["js_verifies_cpp_hard_sig"] == true);
    CHECK(r["wasm_verifies_cpp_hard_sig"] == true);
    CHECK(r["js_verifies_cpp_soft_sig"] == true);
    CHECK(r["wasm_verifies_cpp_soft_sig"] == true);
    CHECK(r["js_rejects_tampered"] == true);
    CHECK(r["wasm_rejects_tampered"] == true);
    // ...and theirs verify here (and not for another message).
    for (const char* key : {"js_sig", "wasm_sig"}) {
      const auto sig = sr::Signature::from_hex(r[key].get<std::string>()).value();
      CHECK(sr::verify(sig, c.msg, c.kp.public_key));
      bt::Bytes other = c.msg;
      other.push_back(0);
      CHECK_FALSE(sr::verify(sig, other, c.kp.public_key));
    }
    const auto soft_sig = sr::Signature::from_hex(r["js_soft_sig"].get<std::string>()).value();
    CHECK(sr::verify(soft_sig, c.msg, c.soft.public_key));
  }

  for (std::size_t i = 0; i < hash_inputs.size(); ++i) {
    const auto& h = res["hashes"][i];
    INFO("hash input length " << hash_inputs[i].size());
    CHECK(h["keccak256"] == hex(bt::crypto::keccak_256(hash_inputs[i])));
    CHECK(h["twox128"] == hex(bt::crypto::twox_128(hash_inputs[i])));
    CHECK(h["twox256"] == hex(bt::crypto::twox_256(hash_inputs[i])));
    CHECK(h["blake2b256"] == hex(bt::crypto::blake2b_256(hash_inputs[i])));
    CHECK(h["blake2b128_keyed"] == hex(bt::crypto::blake2b(hash_inputs[i], 16, hash_keys[i]).value()));
  }
}
