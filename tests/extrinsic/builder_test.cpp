// SPDX-License-Identifier: MIT
// Signed extensions from metadata and v4 extrinsics, on the real metadata of both local runtimes:
// expected byte layouts, sign/decode/verify round trips, typed errors for unknown extensions and
// malformed extrinsics.
#include <bt/crypto/hashing.hpp>
#include <bt/crypto/keypair.hpp>
#include <bt/extrinsic/builder.hpp>
#include <bt/extrinsic/extensions.hpp>
#include <bt/metadata/calls.hpp>
#include <bt/scale/encoder.hpp>
#include <catch2/catch.hpp>
#include <string>

#include "support/test_paths.hpp"

using namespace bt::extrinsic;
using bt::Bytes;
using bt::Hash256;
using bt::metadata::Metadata;
using bt::metadata::Value;

namespace {
const Metadata& load(const char* name) {
  static std::map<std::string, Metadata> cache;
  auto it = cache.find(name);
  if (it == cache.end()) {
    std::string s = bt::test::read_text_file(bt::test::vectors_dir() / "metadata" / name);
    it = cache.emplace(name, Metadata::decode(bt::as_bytes(s)).value()).first;
  }
  return it->second;
}
const Metadata& raonet() { return load("raonet_v14.scale"); }
const Metadata& raonet15() { return load("raonet_v15.scale"); }
const Metadata& spec143() { return load("spec143_v14.scale"); }

Hash256 filled(std::uint8_t b) {
  Hash256 h;
  h.data.fill(b);
  return h;
}

ExtensionParams params() {
  ExtensionParams p;
  p.spec_version = 218;
  p.transaction_version = 1;
  p.genesis_hash = filled(0x11);
  p.era = Era::mortal(64, 1000);
  p.era_block_hash = filled(0x22);
  p.nonce = 5;
  p.tip = 3;
  return p;
}

void append(Bytes& a, const Bytes& b) { a.insert(a.end(), b.begin(), b.end()); }
Bytes le32(std::uint32_t v) {
  return {static_cast<std::uint8_t>(v), static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v >> 16),
          static_cast<std::uint8_t>(v >> 24)};
}

bt::crypto::Keypair ed_key() {
  return bt::crypto::Keypair::from_seed(filled(0x42).view(), bt::crypto::Scheme::ed25519).value();
}

Bytes transfer_call(const Metadata& md) {
  auto bob = bt::crypto::Keypair::from_uri("//Bob").value().account_id();
  return bt::metadata::encode_call(
             md, "Balances", "transfer_keep_alive",
             Value::composite({{"dest", Value::variant_unnamed("Id", {Value::bytes(bob.to_bytes())})},
                               {"value", Value::u(1000000000)}}))
      .value();
}
}  // namespace

TEST_CASE("extensions: raonet layout (extra and additional signed)") {
  for (const Metadata* md : {&raonet(), &raonet15()}) {
    auto ext = encode_extensions(*md, params());
    REQUIRE(ext);
    Bytes extra = Era::mortal(64, 1000).encode();
    append(extra, {0x14});  // Compact(5)
    append(extra, {0x0c});  // Compact(3)
    append(extra, {0x00});  // CheckMetadataHash mode Disabled
    CHECK(ext->extra == extra);
    Bytes add = le32(218);
    append(add, le32(1));
    append(add, filled(0x11).to_bytes());
    append(add, filled(0x22).to_bytes());
    append(add, {0x00});  // metadata hash None
    CHECK(ext->additional == add);
  }
}

TEST_CASE("extensions: spec143 has no CheckMetadataHash, immortal uses the genesis hash") {
  auto p = params();
  p.era = Era::immortal();
  p.nonce = 1000000;  // 4-byte compact
  p.tip = 0;
  auto ext = encode_extensions(spec143(), p);
  REQUIRE(ext);
  CHECK(ext->extra == Bytes{0x00, 0x02, 0x09, 0x3d, 0x00, 0x00});
  Bytes add = le32(218);
  append(add, le32(1));
  append(add, filled(0x11).to_bytes());
  append(add, filled(0x11).to_bytes());
  CHECK(ext->additional == add);
}

TEST_CASE("extensions: metadata hash enabled") {
  auto p = params();
  p.metadata_hash = filled(0x33);
  auto ext = encode_extensions(raonet(), p).value();
  CHECK(ext.extra.back() == 0x01);
  CHECK(ext.additional.size() == 4 + 4 + 32 + 32 + 33);
  CHECK(ext.additional[72] == 0x01);
}

TEST_CASE("extensions: unknown, custom and mismatched extensions are typed errors") {
  // A data-carrying extension under an unknown name.
  Metadata md = raonet();
  for (auto& e : md.extrinsic.extensions)
    if (e.identifier == "CheckNonce") e.identifier = "FancyNonce";
  auto r = encode_extensions(md, params());
  REQUIRE_FALSE(r);
  CHECK(r.error() == ExtrinsicError::unknown_extension);
  CHECK(r.error().message().find("FancyNonce") != std::string::npos);
  // ... supplied by the caller
  auto p = params();
  p.custom.push_back({"FancyNonce", Value::u(5), Value()});
  auto ok = encode_extensions(md, p);
  REQUIRE(ok);
  CHECK(ok->extra == encode_extensions(raonet(), params())->extra);
  // ... with a value of the wrong shape
  p.custom[0].extra = Value::string("nope");
  CHECK(encode_extensions(md, p).error() == ExtrinsicError::extension_type_mismatch);

  // An unknown unit extension encodes nothing.
  Metadata md2 = raonet();
  for (auto& e : md2.extrinsic.extensions)
    if (e.identifier == "CheckWeight") e.identifier = "SomethingNew";
  CHECK(encode_extensions(md2, params())->extra == encode_extensions(raonet(), params())->extra);

  // A known extension whose type is not what it should be.
  Metadata md3 = raonet();
  bt::metadata::TypeId era_type = 0;
  for (auto& e : md3.extrinsic.extensions)
    if (e.identifier == "CheckMortality") era_type = e.type;
  for (auto& e : md3.extrinsic.extensions)
    if (e.identifier == "CheckSpecVersion") e.implicit_type = era_type;
  CHECK(encode_extensions(md3, params()).error() == ExtrinsicError::extension_type_mismatch);
  Metadata md4 = raonet();
  for (auto& e : md4.extrinsic.extensions)
    if (e.identifier == "CheckWeight") e.type = era_type;
  CHECK(encode_extensions(md4, params()).error() == ExtrinsicError::extension_type_mismatch);

  // Tip beyond the runtime's Balance (u64) and missing parameters.
  auto big = params();
  big.tip = static_cast<bt::scale::u128>(1) << 64;
  CHECK(encode_extensions(raonet(), big).error() == ExtrinsicError::extension_type_mismatch);
  auto missing = params();
  missing.genesis_hash = Hash256{};
  CHECK(encode_extensions(raonet(), missing).error() == ExtrinsicError::missing_parameter);
  auto nospec = params();
  nospec.spec_version = 0;
  CHECK(encode_extensions(raonet(), nospec).error() == ExtrinsicError::missing_parameter);
}

TEST_CASE("extensions: V16-style per-version extension lists") {
  Metadata md = raonet();
  const auto n = static_cast<std::uint32_t>(md.extrinsic.extensions.size());
  std::vector<std::uint32_t> all;
  for (std::uint32_t i = 0; i < n; ++i) all.push_back(i);
  md.extrinsic.extensions_by_version[0] = all;
  CHECK(encode_extensions(md, params())->extra == encode_extensions(raonet(), params())->extra);
  md.extrinsic.extensions_by_version[0] = {0, 1, 2, 3, 4};  // only up to CheckMortality
  CHECK(encode_extensions(md, params())->extra == Era::mortal(64, 1000).encode());
  md.extrinsic.extensions_by_version[0] = {n};
  CHECK(encode_extensions(md, params()).error() == ExtrinsicError::malformed);
  md.extrinsic.extensions_by_version.clear();
  md.extrinsic.extensions_by_version[1] = all;
  CHECK(encode_extensions(md, params()).error() == ExtrinsicError::unsupported_version);
}

TEST_CASE("extrinsic: signed layout, decode and verify (ed25519, sr25519, ecdsa)") {
  const Metadata& md = raonet();
  const Bytes call = transfer_call(md);
  for (auto scheme : {bt::crypto::Scheme::ed25519, bt::crypto::Scheme::sr25519, bt::crypto::Scheme::ecdsa}) {
    auto key = bt::crypto::Keypair::from_seed(filled(0x42).view(), scheme).value();
    auto xt = build_signed(md, call, key, params());
    REQUIRE(xt);
    auto d = decode_extrinsic(md, *xt);
    REQUIRE(d);
    CHECK(d->is_signed);
    CHECK(d->version == 4);
    CHECK(*d->signer == key.account_id());
    CHECK(d->signature->scheme == scheme);
    CHECK(d->call == call);
    auto ext = encode_extensions(md, params()).value();
    CHECK(d->extra == ext.extra);
    REQUIRE(d->extensions.size() == md.extrinsic.extensions.size());
    CHECK(d->extensions[5].identifier == "CheckNonce");
    CHECK(bt::metadata::to_json(d->extensions[5].value) == "5");
    CHECK(verify_extrinsic(*d, ext.additional));
    auto other = params();
    other.spec_version = 219;
    CHECK_FALSE(verify_extrinsic(*d, encode_extensions(md, other)->additional));

    // Byte layout: compact length, 0x84, MultiAddress::Id, MultiSignature, extra, call.
    Bytes body{0x84, 0x00};
    append(body, key.account_id().to_bytes());
    append(body, d->signature->encode());
    append(body, ext.extra);
    append(body, call);
    bt::scale::Encoder e;
    e.put_compact(body.size());
    e.put_bytes(body);
    CHECK(*xt == e.bytes());
  }
}

TEST_CASE("extrinsic: ed25519 signature over the exact payload, long payloads hashed") {
  const Metadata& md = raonet();
  const auto key = ed_key();
  const Bytes call = transfer_call(md);
  auto ext = encode_extensions(md, params()).value();
  Bytes payload = call;
  append(payload, ext.extra);
  append(payload, ext.additional);
  REQUIRE(payload.size() <= 256);
  CHECK(signing_payload(call, ext) == payload);
  auto d = decode_extrinsic(md, build_signed(md, call, key, params()).value()).value();
  CHECK(*d.signature == key.sign(payload));  // ed25519 is deterministic

  Bytes remark(300, 0xab);
  Bytes long_call =
      bt::metadata::encode_call(md, "System", "remark", Value::composite({{"remark", Value::bytes(remark)}}))
          .value();
  Bytes long_payload = long_call;
  append(long_payload, ext.extra);
  append(long_payload, ext.additional);
  CHECK(signing_payload(long_call, ext) == bt::crypto::blake2b_256(long_payload).to_bytes());
  auto d2 = decode_extrinsic(md, build_signed(md, long_call, key, params()).value()).value();
  CHECK(*d2.signature == key.sign(bt::crypto::blake2b_256(long_payload).view()));
  CHECK(verify_extrinsic(d2, ext.additional));
}

TEST_CASE("extrinsic: unsigned") {
  const Metadata& md = raonet();
  const Bytes call = transfer_call(md);
  Bytes xt = build_unsigned(call);
  CHECK(xt[1] == 0x04);
  auto d = decode_extrinsic(md, xt).value();
  CHECK_FALSE(d.is_signed);
  CHECK(d.call == call);
  CHECK_FALSE(d.signer.has_value());
  CHECK_FALSE(verify_extrinsic(d, {}));
  CHECK(extrinsic_hash(xt) == bt::crypto::blake2b_256(xt));
}

TEST_CASE("extrinsic: bad input is a typed error") {
  const Metadata& md = raonet();
  const Bytes xt = build_signed(md, transfer_call(md), ed_key(), params()).value();
  // Every truncation (also fixing the length prefix so that the inner parsers see short data).
  for (std::size_t n = 0; n < xt.size(); ++n) {
    CHECK_FALSE(decode_extrinsic(md, bt::ByteView(xt.data(), n)));
    Bytes body(xt.begin() + 2, xt.begin() + 2 + static_cast<std::ptrdiff_t>(std::min(n, xt.size() - 2)));
    bt::scale::Encoder e;
    e.put_compact(body.size());
    e.put_bytes(body);
    if (body.size() < xt.size() - 2) CHECK_FALSE(decode_extrinsic(md, e.bytes()));
  }
  Bytes trailing = xt;
  trailing.push_back(0);
  CHECK(decode_extrinsic(md, trailing).error() == ExtrinsicError::malformed);
  Bytes v5 = xt;
  v5[2] = 0x85;
  CHECK(decode_extrinsic(md, v5).error() == ExtrinsicError::unsupported_version);
  Bytes addr = xt;
  addr[3] = 0x01;  // MultiAddress::Index
  CHECK(decode_extrinsic(md, addr).error() == ExtrinsicError::malformed);
  Bytes sig = xt;
  sig[3 + 33] = 0x07;  // unknown MultiSignature variant
  CHECK(decode_extrinsic(md, sig).error() == ExtrinsicError::malformed);
  Bytes era = xt;
  era[3 + 33 + 65] = 0x10;  // era with period 2
  era[3 + 33 + 65 + 1] = 0x00;
  CHECK(decode_extrinsic(md, era).error() == ExtrinsicError::malformed);
  Bytes call = xt;
  call[call.size() - 1 - 4 - 32 - 1 - 1] = 0xff;  // somewhere in the call: pallet index byte
  CHECK(decode_extrinsic(md, call).error() == ExtrinsicError::malformed);
  Bytes badcall = build_unsigned(Bytes{0xff, 0x00});
  CHECK(decode_extrinsic(md, badcall).error() == ExtrinsicError::malformed);
  CHECK(decode_extrinsic(md, Bytes{0x04, 0x04}).error() ==
        ExtrinsicError::malformed);  // length 1 but 1 byte: empty call
  CHECK_FALSE(decode_extrinsic(md, Bytes{0xff, 0xff, 0xff, 0xff, 0xff}));
}
