// SPDX-License-Identifier: MIT
// Cross-implementation check of BLS12-381 against @noble/curves (tests/interop-bls/bls.mjs, pinned in
// package-lock.json): random points and their encodings, decoding (valid, off-curve, outside the
// subgroup), pairings as arkworks GT bytes, RFC 9380 hash-to-G1 and signature verification, with cases
// drawn on both sides. Needs node and `npm ci` in tests/interop-bls; otherwise skipped with a warning.
#include <bt/crypto/bls12_381.hpp>
#include <bt/crypto/bls12_381_hash.hpp>
#include <bt/crypto/bls12_381_pairing.hpp>

#include <catch2/catch.hpp>
#include <random>

#include "support/node_script.hpp"

using namespace bt;
using namespace bt::crypto::bls12_381;
namespace fs = std::filesystem;

namespace {
Bytes unhex(const std::string& s) { return from_hex(s).value(); }
std::string hx(ByteView b) { return to_hex(b, false); }

Scalar draw_scalar(std::mt19937_64& rng) {
  std::uint8_t b[48];
  for (auto& x : b) x = static_cast<std::uint8_t>(rng());
  return Scalar::from_bytes_be_mod_order(ByteView(b, 48));
}
Bytes draw_bytes(std::mt19937_64& rng, std::size_t n) {
  Bytes b(n);
  for (auto& x : b) x = static_cast<std::uint8_t>(rng());
  return b;
}
}  // namespace

TEST_CASE("bls12_381 agrees with @noble/curves both ways", "[crypto][bls12_381][interop]") {
  const fs::path dir = fs::path(BT_SOURCE_DIR) / "tests" / "interop-bls";
  if (!bt::test::node_packages_available("bls12_381 noble interop test", dir, {"@noble/curves"})) return;
  const auto seed = std::random_device{}();
  INFO("seed " << seed);
  std::mt19937_64 rng(seed);
  const std::string dst(kDrandQuicknetDst);

  nlohmann::json req;
  req["dst"] = dst;
  req["random"] = 6;
  std::vector<Scalar> scalars;
  std::vector<G1> p1s;
  std::vector<G2> p2s;
  for (int i = 0; i < 6; ++i) {
    scalars.push_back(draw_scalar(rng));
    req["scalars"].push_back(hx(scalars.back().to_bytes_be()));
    p1s.push_back(mul(G1::generator(), scalars.back()));
    p2s.push_back(mul(G2::generator(), scalars.back()));
  }
  scalars.push_back(Scalar{});  // k = 0: the identity encodings
  req["scalars"].push_back(hx(scalars.back().to_bytes_be()));

  // decoding: our valid encodings, a changed y (off the curve), small x (mostly outside the subgroup)
  std::vector<Bytes> dec1, dec2;
  for (const auto& p : p1s) {
    const auto c = to_compressed(p);
    dec1.emplace_back(c.begin(), c.end());
    const auto u = to_uncompressed(p);
    Bytes bad(u.begin(), u.end());
    bad[95] ^= 2;
    dec1.push_back(bad);
  }
  for (const auto& p : p2s) {
    const auto c = to_compressed(p);
    dec2.emplace_back(c.begin(), c.end());
  }
  for (std::uint8_t x = 1; x < 12; ++x) {
    Bytes b(48, 0);
    b[0] = 0x80;
    b[47] = x;
    dec1.push_back(b);
    Bytes c(96, 0);
    c[0] = 0x80;
    c[95] = x;
    dec2.push_back(c);
  }
  for (const auto& b : dec1) req["decode_g1"].push_back(hx(b));
  for (const auto& b : dec2) req["decode_g2"].push_back(hx(b));

  for (int i = 0; i < 3; ++i)
    req["pairings"].push_back({{"g1", hx(to_compressed(p1s[static_cast<std::size_t>(i)]))},
                               {"g2", hx(to_compressed(p2s[static_cast<std::size_t>(i + 1)]))}});
  std::vector<Bytes> msgs;
  for (int i = 0; i < 5; ++i) {
    msgs.push_back(draw_bytes(rng, static_cast<std::size_t>(i * 17)));
    req["h2c"].push_back({{"msg", hx(msgs.back())}, {"dst", dst}});
  }
  req["h2c"].push_back({{"msg", hx(msgs[1])}, {"dst", "QUUX-V01-CS02-with-BLS12381G1_XMD:SHA-256_SSWU_RO_"}});
  std::vector<bool> ours_verify;
  for (int i = 0; i < 4; ++i) {
    const Scalar& sk = scalars[static_cast<std::size_t>(i)];
    const G1 sig = mul(hash_to_g1(msgs[static_cast<std::size_t>(i)], as_bytes(dst)).value(), sk);
    const Bytes& m = (i % 2 == 0) ? msgs[static_cast<std::size_t>(i)] : msgs[4];  // odd cases: wrong message
    ours_verify.push_back(verify(p2s[static_cast<std::size_t>(i)], m, sig, as_bytes(dst)));
    req["verify"].push_back({{"pk", hx(to_compressed(p2s[static_cast<std::size_t>(i)]))},
                             {"msg", hx(m)},
                             {"sig", hx(to_compressed(sig))},
                             {"dst", dst}});
  }

  const auto res = bt::test::run_node_script(dir / "bls.mjs", req);
  REQUIRE(res.ok);
  const auto out = nlohmann::json::parse(res.out);

  // noble recomputes our values
  for (std::size_t i = 0; i < scalars.size(); ++i) {
    const auto& o = out["scalars"][i];
    const G1 p = mul(G1::generator(), scalars[i]);
    const G2 q = mul(G2::generator(), scalars[i]);
    CHECK(o["g1c"] == hx(to_compressed(p)));
    CHECK(o["g1u"] == hx(to_uncompressed(p)));
    CHECK(o["g2c"] == hx(to_compressed(q)));
    CHECK(o["g2u"] == hx(to_uncompressed(q)));
  }
  int rejected = 0;
  for (std::size_t i = 0; i < dec1.size(); ++i) {
    auto r = dec1[i].size() == 48 ? g1_from_compressed(dec1[i]) : g1_from_uncompressed(dec1[i]);
    INFO("g1 " << hx(dec1[i]));
    CHECK(out["decode_g1"][i]["ok"].get<bool>() == r.has_value());
    if (r) CHECK(out["decode_g1"][i]["uncompressed"] == hx(to_uncompressed(*r)));
    rejected += r ? 0 : 1;
  }
  for (std::size_t i = 0; i < dec2.size(); ++i) {
    auto r = g2_from_compressed(dec2[i]);
    INFO("g2 " << hx(dec2[i]));
    CHECK(out["decode_g2"][i]["ok"].get<bool>() == r.has_value());
    if (r) CHECK(out["decode_g2"][i]["uncompressed"] == hx(to_uncompressed(*r)));
    rejected += r ? 0 : 1;
  }
  CHECK(rejected > 10);  // the bad inputs really were bad
  for (std::size_t i = 0; i < 3; ++i)
    CHECK(out["pairings"][i] == hx(pairing(p1s[i], p2s[i + 1]).to_arkworks_bytes()));
  for (std::size_t i = 0; i < req["h2c"].size(); ++i) {
    const std::string d = req["h2c"][i]["dst"];
    CHECK(out["h2c"][i] == hx(to_compressed(hash_to_g1(unhex(req["h2c"][i]["msg"]), as_bytes(d)).value())));
  }
  for (std::size_t i = 0; i < ours_verify.size(); ++i) {
    CHECK(out["verify"][i].get<bool>() == ours_verify[i]);
    CHECK(ours_verify[i] == (i % 2 == 0));
  }

  // we recompute noble's random cases
  REQUIRE(out["random"].size() == 6);
  for (const auto& c : out["random"]) {
    const Scalar a = Scalar::from_bytes_be(unhex(c["a"])).value();
    const Scalar b = Scalar::from_bytes_be(unhex(c["b"])).value();
    const G1 p = mul(G1::generator(), a);
    const G2 q = mul(G2::generator(), b);
    CHECK(c["g1c"] == hx(to_compressed(p)));
    CHECK(c["g2c"] == hx(to_compressed(q)));
    CHECK(g1_from_uncompressed(unhex(c["g1u"])).value() == p);
    CHECK(g2_from_uncompressed(unhex(c["g2u"])).value() == q);
    CHECK(c["gt"] == hx(pairing(p, q).to_arkworks_bytes()));
    const G1 h = hash_to_g1(unhex(c["msg"]), as_bytes(dst)).value();
    CHECK(c["h2c"] == hx(to_compressed(h)));
    CHECK(c["pk"] == hx(to_compressed(mul(G2::generator(), a))));
    CHECK(c["sig"] == hx(to_compressed(mul(h, a))));
    CHECK(verify(g2_from_compressed(unhex(c["pk"])).value(), unhex(c["msg"]),
                 g1_from_compressed(unhex(c["sig"])).value(), as_bytes(dst)));
  }
}
