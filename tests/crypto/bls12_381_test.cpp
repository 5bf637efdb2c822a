// SPDX-License-Identifier: MIT
// BLS12-381: field/group laws, encodings (incl. malformed input), RFC 9380 vectors, the pairing against
// arkworks' GT bytes (tests/vectors/tlock, made with the Rust crates subtensor uses) and drand beacons.
#include <bt/crypto/bls12_381.hpp>
#include <bt/crypto/bls12_381_hash.hpp>
#include <bt/crypto/bls12_381_pairing.hpp>
#include <bt/crypto/drand.hpp>
#include <bt/crypto/hashing.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <random>

#include "support/test_paths.hpp"

using namespace bt;
using namespace bt::crypto::bls12_381;
namespace drand = bt::crypto::drand;

namespace {
Bytes hex(std::string_view s) { return from_hex(s).value(); }

nlohmann::json load_tlock(const char* name) {
  return nlohmann::json::parse(bt::test::read_text_file(bt::test::vectors_dir() / "tlock" / name));
}

Scalar random_scalar(std::mt19937_64& rng) {
  std::uint8_t b[32];
  for (auto& x : b) x = static_cast<std::uint8_t>(rng());
  return Scalar::from_bytes_be_mod_order(ByteView(b, 32));
}

const char* kG1GenCompressed =
    "97f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb";
const char* kG2GenCompressed =
    "93e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7d055d042b7e"
    "024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805bbefd48056c8c121bdb8";
}  // namespace

TEST_CASE("bls12_381 generators, group order and encodings", "[crypto][bls12_381]") {
  const G1 g1 = G1::generator();
  const G2 g2 = G2::generator();
  CHECK(is_on_curve(g1));
  CHECK(is_on_curve(g2));
  CHECK(is_in_subgroup_var(g1));
  CHECK(is_in_subgroup_var(g2));
  CHECK(to_hex(to_compressed(g1), false) == kG1GenCompressed);
  CHECK(to_hex(to_compressed(g2), false) == kG2GenCompressed);
  CHECK(g1_from_compressed(hex(kG1GenCompressed)).value() == g1);
  CHECK(g2_from_compressed(hex(kG2GenCompressed)).value() == g2);
  CHECK(g1_from_uncompressed(to_uncompressed(g1)).value() == g1);
  CHECK(g2_from_uncompressed(to_uncompressed(g2)).value() == g2);
  CHECK(dbl(g1) == g1 + g1);
  CHECK(dbl(g2) == g2 + g2);
  CHECK(is_identity(g1 - g1));
  CHECK(is_identity(g2 + (-g2)));
  CHECK(g1 + G1::identity() == g1);
}

TEST_CASE("bls12_381 scalar multiplication: constant-time ladder agrees with double-and-add",
          "[crypto][bls12_381]") {
  std::mt19937_64 rng(11);
  const G1 g1 = G1::generator();
  const G2 g2 = G2::generator();
  for (int i = 0; i < 4; ++i) {
    const Scalar a = random_scalar(rng);
    const Scalar b = random_scalar(rng);
    CHECK(mul(g1, a) == mul_var(g1, a.l));
    CHECK(mul(g2, a) == mul_var(g2, a.l));
    // (a + b) G computed two ways: both scalars small enough to add as 5-limb integers
    std::uint64_t sum[5] = {};
    std::uint64_t carry = 0;
    for (int j = 0; j < 4; ++j) {
      const std::uint64_t t = a.l[j] + carry;
      const std::uint64_t c1 = t < carry;
      sum[j] = t + b.l[j];
      carry = c1 + (sum[j] < t);
    }
    sum[4] = carry;
    CHECK(mul_var(g1, sum) == mul(g1, a) + mul(g1, b));
    CHECK(mul_var(g2, sum) == mul(g2, a) + mul(g2, b));
    CHECK(is_in_subgroup_var(mul(g2, a)));
  }
  CHECK(is_identity(mul_var(g1, group_order())));
  CHECK(is_identity(mul_var(g2, group_order())));
  CHECK(is_identity(mul(g1, Scalar{})));
}

TEST_CASE("bls12_381 Fp multiplication: the BMI2/ADX path equals the portable one", "[crypto][bls12_381]") {
  std::mt19937_64 rng(3);
  auto random_fp = [&] {
    std::uint8_t b[64];
    for (auto& x : b) x = static_cast<std::uint8_t>(rng());
    return Fp::from_bytes_be_wide(std::span<const std::uint8_t, 64>(b, 64));
  };
  // edge values: 0, 1, p-1 (Montgomery limbs of -1), and limbs close to p
  std::vector<Fp> xs = {Fp::zero(), Fp::one(), -Fp::one(), -Fp::from_u64(2),
                        Fp::from_u64(0xffffffffffffffffULL)};
  for (int i = 0; i < 200; ++i) xs.push_back(random_fp());
  for (const Fp& a : xs) {
    for (std::size_t j = 0; j < xs.size(); j += 7) {
      const Fp& b = xs[j];
      Fp portable;
      fp_impl::mont_mul_portable(portable.l, a.l, b.l);
      CHECK(a * b == portable);
#if defined(BT_BLS12_381_HAVE_ADX)
      if (fp_impl::kCpuHasAdx) {
        Fp adx;
        fp_impl::mont_mul_adx(adx.l, a.l, b.l);
        CHECK(adx == portable);
      }
#endif
    }
  }
}

TEST_CASE("bls12_381 fixed-base tables agree with the variable-base multiplication", "[crypto][bls12_381]") {
  std::mt19937_64 rng(23);
  const std::uint64_t small[1] = {987654321};
  const G2 other = mul_var(G2::generator(), small);
  const FixedBaseTable<G2> other_table(other);
  Scalar r_minus_1;
  for (int i = 0; i < 4; ++i) r_minus_1.l[i] = group_order()[static_cast<std::size_t>(i)];
  r_minus_1.l[0] -= 1;
  Scalar all_windows;  // every 4-bit window 0xf (below r after the top nibble is cleared)
  for (auto& w : all_windows.l) w = ~0ULL;
  all_windows.l[3] = 0x0fffffffffffffffULL;
  std::vector<Scalar> ks = {Scalar{}, r_minus_1, all_windows};
  Scalar one;
  one.l[0] = 1;
  ks.push_back(one);
  for (int i = 0; i < 6; ++i) ks.push_back(random_scalar(rng));
  for (const Scalar& k : ks) {
    CHECK(g2_mul_generator(k) == mul(G2::generator(), k));
    CHECK(g1_mul_generator(k) == mul(G1::generator(), k));
    CHECK(other_table.mul(k) == mul(other, k));
  }
  CHECK(is_identity(g2_mul_generator(Scalar{})));
  CHECK(g2_mul_generator(r_minus_1) == -G2::generator());
  CHECK(g1_mul_generator(one) == G1::generator());
}

TEST_CASE("bls12_381 endomorphism subgroup checks agree with [r]P == O", "[crypto][bls12_381]") {
  std::mt19937_64 rng(5);
  auto random_fp = [&] {
    std::uint8_t b[64];
    for (auto& x : b) x = static_cast<std::uint8_t>(rng());
    return Fp::from_bytes_be_wide(std::span<const std::uint8_t, 64>(b, 64));
  };
  int outside_g1 = 0, outside_g2 = 0;
  for (int i = 0; i < 24; ++i) {
    // random points of the whole curves (almost never in the subgroup) and their cofactor-cleared or
    // scalar multiples
    const Fp x1 = random_fp();
    if (auto y1 = sqrt(x1 * x1 * x1 + Fp::from_u64(4))) {
      const G1 p = G1::from_affine(x1, *y1);
      REQUIRE(is_on_curve(p));
      const bool by_order = is_identity(mul_var(p, group_order()));
      CHECK(is_in_subgroup_var(p) == by_order);
      outside_g1 += by_order ? 0 : 1;
      const G1 q = clear_cofactor_g1(p);
      CHECK(is_in_subgroup_var(q));
      CHECK(is_identity(mul_var(q, group_order())));
    }
    const Fp2 x2{random_fp(), random_fp()};
    if (auto y2 = sqrt(x2 * x2 * x2 + Fp2{Fp::from_u64(4), Fp::from_u64(4)})) {
      const G2 p = G2::from_affine(x2, *y2);
      REQUIRE(is_on_curve(p));
      const bool by_order = is_identity(mul_var(p, group_order()));
      CHECK(is_in_subgroup_var(p) == by_order);
      outside_g2 += by_order ? 0 : 1;
    }
    const G2 in = mul(G2::generator(), random_scalar(rng));
    CHECK(is_in_subgroup_var(in));
    CHECK(is_in_subgroup_var(-in));
  }
  CHECK(outside_g1 > 3);  // the loop did test points outside the subgroups
  CHECK(outside_g2 > 3);
  CHECK(is_in_subgroup_var(G1::identity()));
  CHECK(is_in_subgroup_var(G2::identity()));
}

TEST_CASE("bls12_381 test beacons: keys and signatures as tlref (arkworks/w3f-bls) made them",
          "[crypto][bls12_381]") {
  const auto v = load_tlock("bls.json");
  const Bytes dst = hex(to_hex(as_bytes(v["dst"].get<std::string>()), false));
  for (const auto& beacon : v["test_beacons"]) {
    const Scalar sk = Scalar::from_bytes_be(hex(beacon["secret_key_be"].get<std::string>())).value();
    CHECK(to_hex(sk.to_bytes_le(), false) == beacon["secret_key_le"].get<std::string>());
    Bytes seed_msg = hex(to_hex(as_bytes("tlref-testbeacon-v1"), false));
    const Bytes seed = hex(beacon["seed_hex"].get<std::string>());
    seed_msg.insert(seed_msg.end(), seed.begin(), seed.end());
    CHECK(Scalar::from_bytes_be_mod_order(crypto::sha256(seed_msg)) == sk);
    const G2 pk = mul(G2::generator(), sk);
    CHECK(to_hex(to_compressed(pk), false) == beacon["public_key"].get<std::string>());
    for (const auto& s : beacon["signatures"]) {
      const auto round = s["round"].get<std::uint64_t>();
      const Hash256 m = drand::round_message(round);
      CHECK(to_hex(m, false) == s["message"].get<std::string>());
      const G1 h = hash_to_g1(m, dst).value();
      const G1 sig = mul(h, sk);
      CHECK(to_hex(to_compressed(sig), false) == s["signature"].get<std::string>());
      CHECK(to_hex(drand::randomness(to_compressed(sig)), false) == s["randomness"].get<std::string>());
      CHECK(drand::verify_beacon(to_compressed(pk), round, to_compressed(sig)).value());
      CHECK_FALSE(drand::verify_beacon(to_compressed(pk), round + 1, to_compressed(sig)).value());
    }
  }
}

TEST_CASE("bls12_381 real drand quicknet round 1000 verifies, a flipped bit does not",
          "[crypto][bls12_381][drand]") {
  const auto v = load_tlock("bls.json");
  const auto& q = v["quicknet"];
  CHECK(to_hex(drand::quicknet_public_key(), false) == q["public_key"].get<std::string>());
  const Bytes sig = hex(q["signature"].get<std::string>());
  CHECK(drand::verify_beacon(drand::quicknet_public_key(), 1000, sig).value());
  CHECK_FALSE(drand::verify_beacon(drand::quicknet_public_key(), 1001, sig).value());
  CHECK(to_hex(drand::randomness(sig), false) == q["randomness"].get<std::string>());
  for (std::size_t bit : {0u, 7u, 100u, 383u}) {
    Bytes bad = sig;
    bad[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
    auto r = drand::verify_beacon(drand::quicknet_public_key(), 1000, bad);
    CHECK((!r || !*r));  // either no longer a valid point or it does not verify
  }
  for (const auto& c : v["verify_cases"]) {
    auto r = drand::verify_beacon(hex(c["public_key"].get<std::string>()), c["round"].get<std::uint64_t>(),
                                  hex(c["signature"].get<std::string>()));
    INFO(c["description"].get<std::string>());
    CHECK((r && *r) == c["valid"].get<bool>());
  }
}

TEST_CASE("bls12_381 pairing equals arkworks' GT element (tle intermediates)",
          "[crypto][bls12_381][pairing]") {
  const auto v = load_tlock("commits.json");
  int n = 0;
  for (const auto& c : v["cases"]) {
    const auto& im = c["intermediates"];
    const G1 q_id =
        hash_to_g1(hex(im["identity_message"].get<std::string>()), as_bytes(kDrandQuicknetDst)).value();
    CHECK(to_hex(to_compressed(q_id), false) == im["q_id_g1"].get<std::string>());
    const Scalar r = Scalar::from_bytes_be(hex(im["r_be"].get<std::string>())).value();
    CHECK(to_hex(to_compressed(mul(G2::generator(), r)), false) == im["u_g2"].get<std::string>());
    const G2 ppub = g2_from_compressed(hex(c["beacon"]["public_key"].get<std::string>())).value();
    const Gt g = pairing(q_id, mul(ppub, r));
    CHECK(to_hex(g.to_arkworks_bytes(), false) == im["g_id_fq12"].get<std::string>());
    if (n++ == 0) CHECK(final_exponentiation_reference(miller_loop(q_id, mul(ppub, r))) == g);
  }
}

TEST_CASE("bls12_381 pairing is bilinear and non-degenerate", "[crypto][bls12_381][pairing]") {
  std::mt19937_64 rng(7);
  const G1 p = G1::generator();
  const G2 q = G2::generator();
  const Gt e = pairing(p, q);
  CHECK_FALSE(e.is_one());
  for (int i = 0; i < 2; ++i) {
    const Scalar a = random_scalar(rng);
    const Scalar b = random_scalar(rng);
    const Gt lhs = pairing(mul(p, a), mul(q, b));
    CHECK(lhs == pairing(mul(p, b), mul(q, a)));
    CHECK(lhs == pairing(mul(mul(p, a), b), q));
    CHECK(pairing(p + mul(p, a), q) == e * pairing(mul(p, a), q));
  }
  CHECK(pairing(G1::identity(), q).is_one());
  CHECK(pairing(p, G2::identity()).is_one());
  CHECK(pairing(-p, q) == conj(e));
}

TEST_CASE("RFC 9380 expand_message_xmd SHA-256 vectors (appendix K.1)", "[crypto][bls12_381][rfc9380]") {
  const std::string dst = "QUUX-V01-CS02-with-expander-SHA256-128";
  struct V {
    const char* msg;
    std::size_t len;
    const char* out;
  };
  const V vs[] = {
      {"", 0x20, "68a985b87eb6b46952128911f2a4412bbc302a9d759667f87f7a21d803f07235"},
      {"abc", 0x20, "d8ccab23b5985ccea865c6c97b6e5b8350e794e603b4b97902f53a8a0d605615"},
      {"abcdef0123456789", 0x20, "eff31487c770a893cfb36f912fbfcbff40d5661771ca4b2cb4eafe524333f5c1"},
      {"", 0x80,
       "af84c27ccfd45d41914fdff5df25293e221afc53d8ad2ac06d5e3e29485dadbee0d121587713a3e0dd4d5e69e93eb7cd4f5df"
       "4cd1"
       "03e188cf60cb02edc3edf18eda8576c412b18ffb658e3dd6ec849469b979d444cf7b26911a08e63cf31f9dcc541708d349118"
       "4472c"
       "2c29bb749d4286b004ceb5ee6b9a7fa5b646c993f0ced"},
  };
  for (const auto& v : vs)
    CHECK(to_hex(expand_message_xmd_sha256(as_bytes(v.msg), as_bytes(dst), v.len).value(), false) == v.out);
  // a DST over 255 bytes is hashed first (section 5.3.3)
  const std::string long_dst = "QUUX-V01-CS02-with-expander-SHA256-128-long-DST-" + std::string(208, '1');
  CHECK(to_hex(expand_message_xmd_sha256(as_bytes(""), as_bytes(long_dst), 0x20).value(), false) ==
        "e8dc0c8b686b7ef2074086fbdd2f30e3f8bfbd3bdf177f73f04b97ce618a3ed3");
  CHECK(expand_message_xmd_sha256(as_bytes("x"), as_bytes(dst), 0).error() ==
        Bls12381Error::invalid_argument);
  CHECK(expand_message_xmd_sha256(as_bytes("x"), as_bytes(dst), 255 * 32 + 1).error() ==
        Bls12381Error::invalid_argument);
  CHECK(expand_message_xmd_sha256(as_bytes("x"), as_bytes(dst), 255 * 32).value().size() == 255 * 32);
}

TEST_CASE("RFC 9380 hash_to_curve BLS12381G1_XMD:SHA-256_SSWU_RO_ vectors (appendix J.9.1)",
          "[crypto][bls12_381][rfc9380]") {
  const std::string dst = "QUUX-V01-CS02-with-BLS12381G1_XMD:SHA-256_SSWU_RO_";
  struct V {
    const char* msg;
    const char* x;
    const char* y;
  };
  const V vs[] = {
      {"", "052926add2207b76ca4fa57a8734416c8dc95e24501772c814278700eed6d1e4e8cf62d9c09db0fac349612b759e79a1",
       "08ba738453bfed09cb546dbb0783dbb3a5f1f566ed67bb6be0e8c67e2e81a4cc68ee29813bb7994998f3eae0c9c6a265"},
      {"abc",
       "03567bc5ef9c690c2ab2ecdf6a96ef1c139cc0b2f284dca0a9a7943388a49a3aee664ba5379a7655d3c68900be2f6903",
       "0b9c15f3fe6e5cf4211f346271d7b01c8f3b28be689c8429c85b67af215533311f0b8dfaaa154fa6b88176c229f2885d"},
      {"abcdef0123456789",
       "11e0b079dea29a68f0383ee94fed1b940995272407e3bb916bbf268c263ddd57a6a27200a784cbc248e84f357ce82d98",
       "03a87ae2caf14e8ee52e51fa2ed8eefe80f02457004ba4d486d6aa1f517c0889501dc7413753f9599b099ebcbbd2d709"},
  };
  for (const auto& v : vs) {
    const G1 p = hash_to_g1(as_bytes(v.msg), as_bytes(dst)).value();
    CHECK(to_hex(to_uncompressed(p), false) == std::string(v.x) + v.y);
    CHECK(is_in_subgroup_var(p));
  }
}

TEST_CASE("bls12_381 malformed encodings give typed errors", "[crypto][bls12_381][encoding]") {
  const Bytes g1c = hex(kG1GenCompressed);
  const Bytes g2c = hex(kG2GenCompressed);
  SECTION("lengths") {
    CHECK(g1_from_compressed(ByteView(g1c).first(47)).error() == Bls12381Error::invalid_length);
    Bytes longer = g1c;
    longer.push_back(0);
    CHECK(g1_from_compressed(longer).error() == Bls12381Error::invalid_length);
    CHECK(g2_from_compressed(ByteView(g2c).first(95)).error() == Bls12381Error::invalid_length);
    CHECK(g1_from_uncompressed(g1c).error() == Bls12381Error::invalid_length);
    CHECK(g2_from_uncompressed(g2c).error() == Bls12381Error::invalid_length);
    CHECK(g1_from_compressed(ByteView{}).error() == Bls12381Error::invalid_length);
  }
  SECTION("flags") {
    Bytes b = g1c;
    b[0] &= 0x7f;  // compression bit cleared on a 48-byte encoding
    CHECK(g1_from_compressed(b).error() == Bls12381Error::invalid_flags);
    const auto g1u = to_uncompressed(G1::generator());
    Bytes u(g1u.begin(), g1u.end());
    u[0] |= 0x80;
    CHECK(g1_from_uncompressed(u).error() == Bls12381Error::invalid_flags);
    u[0] &= 0x7f;
    u[0] |= 0x20;  // sort bit on an uncompressed point
    CHECK(g1_from_uncompressed(u).error() == Bls12381Error::invalid_flags);
    Bytes inf(48, 0);
    inf[0] = 0xe0;  // infinity with the sort bit
    CHECK(g1_from_compressed(inf).error() == Bls12381Error::invalid_flags);
  }
  SECTION("infinity") {
    Bytes inf(48, 0);
    inf[0] = 0xc0;
    CHECK(is_identity(g1_from_compressed(inf).value()));
    CHECK(to_hex(to_compressed(G1::identity()), false) == to_hex(inf, false));
    inf[47] = 1;
    CHECK(g1_from_compressed(inf).error() == Bls12381Error::invalid_infinity);
    Bytes inf2(96, 0);
    inf2[0] = 0xc0;
    CHECK(is_identity(g2_from_compressed(inf2).value()));
    inf2[0] = 0xc1;
    CHECK(g2_from_compressed(inf2).error() == Bls12381Error::invalid_infinity);
    Bytes inf_u(192, 0);
    inf_u[0] = 0x40;
    CHECK(is_identity(g2_from_uncompressed(inf_u).value()));
    // the identity is not accepted where a key or a signature is required
    inf2[0] = 0xc0;
    CHECK(drand::verify_beacon(inf2, 1, hex(kG1GenCompressed)).error() == Bls12381Error::unexpected_infinity);
  }
  SECTION("non-canonical coordinate") {
    Bytes b(48, 0xff);
    b[0] = 0x9f;  // compressed flag + x = 2^381 - 1 >= p
    CHECK(g1_from_compressed(b).error() == Bls12381Error::non_canonical);
    Bytes b2(96, 0xff);
    b2[0] = 0x9f;
    CHECK(g2_from_compressed(b2).error() == Bls12381Error::non_canonical);
  }
  SECTION("not on the curve") {
    // x = 0: y^2 = 4 has a root on E (y = 2), so use an x whose rhs is a non-residue; search a small one.
    int found = 0;
    for (std::uint8_t x = 1; x < 40 && found < 1; ++x) {
      Bytes b(48, 0);
      b[0] = 0x80;
      b[47] = x;
      auto r = g1_from_compressed(b);
      if (!r && r.error() == Bls12381Error::not_on_curve) ++found;
    }
    CHECK(found == 1);
    const auto g1u = to_uncompressed(G1::generator());
    Bytes u(g1u.begin(), g1u.end());
    u[95] ^= 1;  // y changed
    CHECK(g1_from_uncompressed(u).error() == Bls12381Error::not_on_curve);
    const auto g2u = to_uncompressed(G2::generator());
    Bytes u2(g2u.begin(), g2u.end());
    u2[191] ^= 1;
    CHECK(g2_from_uncompressed(u2).error() == Bls12381Error::not_on_curve);
  }
  SECTION("on the curve but not in the subgroup") {
    // Small x with a y: almost every such point lies outside the order-r subgroup (cofactors h1, h2 > 1).
    int g1_hits = 0, g2_hits = 0;
    for (std::uint8_t x = 1; x < 40; ++x) {
      Bytes b(48, 0);
      b[0] = 0x80;
      b[47] = x;
      auto r = g1_from_compressed(b);
      if (!r && r.error() == Bls12381Error::not_in_subgroup) ++g1_hits;
      Bytes c(96, 0);
      c[0] = 0x80;
      c[95] = x;
      auto r2 = g2_from_compressed(c);
      if (!r2 && r2.error() == Bls12381Error::not_in_subgroup) ++g2_hits;
    }
    CHECK(g1_hits > 0);
    CHECK(g2_hits > 0);
  }
  SECTION("sort bit selects the other root") {
    Bytes b = g1c;
    b[0] ^= 0x20;
    CHECK(g1_from_compressed(b).value() == -G1::generator());
    Bytes c = g2c;
    c[0] ^= 0x20;
    CHECK(g2_from_compressed(c).value() == -G2::generator());
  }
}
