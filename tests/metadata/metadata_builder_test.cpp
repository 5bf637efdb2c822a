// SPDX-License-Identifier: MIT
// The test-only V14 metadata builder (tests/support/metadata_builder.hpp) read back by our decoder:
// types, pallets, storage entries (plain and maps, hashers, defaults, modifiers), the extrinsic and
// runtime types; storage keys and values by name work on the built metadata. Keys are checked against
// hashes computed independently (twox128 / blake2b / twox64 of the parts).
#include <bt/crypto/hashing.hpp>
#include <bt/metadata/metadata.hpp>
#include <bt/metadata/storage.hpp>
#include <bt/metadata/value.hpp>
#include <bt/metadata/value_encode.hpp>

#include <catch2/catch.hpp>

#include "support/metadata_builder.hpp"

using namespace bt;
using namespace bt::metadata;
using bt::test::Hasher;
using bt::test::MetadataBuilder;
using bt::test::Modifier;

namespace {
Bytes cat(std::initializer_list<ByteView> parts) {
  Bytes out;
  for (auto p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}
Bytes le64(std::uint64_t v) {
  Bytes b(8);
  for (int i = 0; i < 8; ++i) b[i] = static_cast<std::uint8_t>(v >> (8 * i));
  return b;
}

struct Built {
  Bytes blob;
  TypeId u8 = 0, u16 = 0, u64 = 0, bytes = 0, pulse = 0, account = 0, opt_u64 = 0, pair = 0;
};
Built build_sample() {
  MetadataBuilder b;
  Built t;
  t.u8 = b.prim("u8");
  t.u16 = b.prim("u16");
  t.u64 = b.prim("u64");
  t.bytes = b.sequence(t.u8);
  const TypeId bounded = b.composite("bounded_collections::bounded_vec::BoundedVec", {{"", t.bytes}}, {t.u8});
  t.pulse = b.composite("pallet_drand::types::Pulse",
                        {{"round", t.u64}, {"randomness", bounded}, {"signature", bounded}});
  t.account = b.account_id32();
  t.opt_u64 = b.option(t.u64);
  t.pair = b.tuple({t.u16, t.u64});
  const TypeId mode = b.variant("pallet_x::Mode", {{"Off", {}, 0}, {"On", {{"level", t.u16}}, 1}});
  const TypeId compact_u64 = b.compact(t.u64);
  const TypeId fixed = b.array(4, t.u16);
  const TypeId big = b.prim("u128");
  const TypeId flag = b.prim("bool");
  const TypeId name = b.prim("str");
  const TypeId info = b.composite("pallet_x::Info", {{"mode", mode},
                                                     {"count", compact_u64},
                                                     {"quad", fixed},
                                                     {"big", big},
                                                     {"flag", flag},
                                                     {"name", name},
                                                     {"maybe", t.opt_u64}});
  b.pallet("System").plain("Number", b.prim("u32"), Modifier::default_value, Bytes(4, 0));
  b.pallet("Drand")
      .map("Pulses", {Hasher::Blake2_128Concat}, t.u64, t.pulse)
      .plain("LastStoredRound", t.u64, Modifier::default_value, le64(7))
      .plain("OldestStoredRound", t.u64, Modifier::default_value, le64(0))
      .index(19);
  b.pallet("SubtensorModule")
      .map("Commits", {Hasher::Twox64Concat, Hasher::Twox64Concat}, t.pair,
           b.sequence(b.tuple({t.account, t.u64})), Modifier::default_value, Bytes{0x00})
      .map("Info", {Hasher::Identity}, t.account, info)
      .constant("Tempo", t.u16, Bytes{0x68, 0x01});
  b.pallet("Empty");  // no storage, calls, events, errors or constants
  b.signed_extension("CheckNonce", compact_u64, b.tuple({}));
  t.blob = b.build();
  return t;
}
}  // namespace

TEST_CASE("metadata builder: a built V14 blob decodes with every field in place", "[metadata][builder]") {
  const Built t = build_sample();
  REQUIRE(t.blob.size() > 5);
  CHECK(Bytes(t.blob.begin(), t.blob.begin() + 5) == Bytes{0x6d, 0x65, 0x74, 0x61, 14});
  auto md = Metadata::decode(t.blob);
  REQUIRE(md);
  CHECK(md->version == 14);
  CHECK(md->types.type_name(t.u64) == "u64");
  CHECK(md->types.type_name(t.bytes) == "Vec<u8>");
  CHECK(md->types.type_name(t.pair) == "(u16, u64)");
  CHECK(md->types.type_name(t.opt_u64) == "Option<u64>");
  CHECK(md->types.type_name(t.account) == "AccountId32");
  const Type* pulse = md->types.find(t.pulse);
  REQUIRE(pulse);
  CHECK(pulse->path_string() == "pallet_drand::types::Pulse");
  const auto* fields = std::get_if<TypeDefComposite>(&pulse->def);
  REQUIRE(fields);
  REQUIRE(fields->fields.size() == 3);
  CHECK(fields->fields[1].name == std::optional<std::string>("randomness"));

  REQUIRE(md->pallets.size() == 4);
  CHECK(md->pallets[0].name == "System");
  CHECK(md->pallets[0].index == 0);
  const Pallet* drand = md->pallet("Drand");
  REQUIRE(drand);
  CHECK(drand->index == 19);
  CHECK(drand->storage_prefix == std::optional<std::string>("Drand"));
  CHECK(md->pallet_by_index(19) == drand);
  const StorageEntry* pulses = md->storage_entry("Drand", "Pulses");
  REQUIRE(pulses);
  CHECK(pulses->is_map);
  CHECK(pulses->optional);
  CHECK(pulses->hashers == std::vector<StorageHasher>{StorageHasher::Blake2_128Concat});
  CHECK(pulses->key_type == t.u64);
  CHECK(pulses->value_type == t.pulse);
  CHECK(pulses->default_value == Bytes{0x00});
  const StorageEntry* last = md->storage_entry("Drand", "LastStoredRound");
  REQUIRE(last);
  CHECK_FALSE(last->is_map);
  CHECK_FALSE(last->optional);
  CHECK(last->default_value == le64(7));
  const Constant* tempo = md->constant("SubtensorModule", "Tempo");
  REQUIRE(tempo);
  CHECK(tempo->value == Bytes{0x68, 0x01});
  const Pallet* empty = md->pallet("Empty");
  REQUIRE(empty);
  CHECK_FALSE(empty->storage_prefix);
  CHECK_FALSE(empty->call_type);
  CHECK(empty->index == 3);

  REQUIRE(md->extrinsic.extrinsic_type);
  CHECK(md->extrinsic.versions == std::vector<std::uint8_t>{4});
  REQUIRE(md->extrinsic.extensions.size() == 1);
  CHECK(md->extrinsic.extensions[0].identifier == "CheckNonce");
  CHECK(md->types.find(*md->extrinsic.extrinsic_type)->params.size() == 4);
  REQUIRE(md->runtime_type);
  CHECK(md->types.find(*md->runtime_type)->path_string() == "node_runtime::Runtime");

  // every prefix of the blob is a typed error (the builder's output has no slack)
  for (std::size_t n = 0; n < t.blob.size(); n += 7) CHECK_FALSE(Metadata::decode(ByteView(t.blob).first(n)));
}

TEST_CASE("metadata builder: storage keys and values by name on built metadata", "[metadata][builder]") {
  const Built t = build_sample();
  const Metadata md = Metadata::decode(t.blob).value();

  // Drand.Pulses[1000]: twox128("Drand") ++ twox128("Pulses") ++ blake2_128(le64) ++ le64
  const Value round[1] = {Value::u(1000)};
  const Bytes key = storage_key(md, "Drand", "Pulses", round).value();
  const Bytes expect = cat({crypto::twox_128(as_bytes("Drand")), crypto::twox_128(as_bytes("Pulses")),
                            crypto::blake2b_128(le64(1000)), le64(1000)});
  CHECK(key == expect);
  const auto parts = decode_storage_key(md, "Drand", "Pulses", key).value();
  REQUIRE(parts.size() == 1);
  REQUIRE(parts[0].value);
  CHECK(parts[0].value->as_u128() == 1000);

  // a pulse value: round u64, two BoundedVec<u8> (compact length + bytes)
  Bytes value = le64(1000);
  value.push_back(2 << 2);
  value.insert(value.end(), {0xaa, 0xbb});
  value.push_back(3 << 2);
  value.insert(value.end(), {1, 2, 3});
  const Value v = decode_storage_value(md, "Drand", "Pulses", value).value();
  REQUIRE(v.field("round"));
  CHECK(v.field("round")->as_u128() == 1000);
  REQUIRE(v.field("signature"));
  CHECK(encode_value(md.types, t.pulse, v).value() == value);
  value.pop_back();
  CHECK_FALSE(decode_storage_value(md, "Drand", "Pulses", value));

  // defaults: Default entries decode their default, Optional ones read as None
  CHECK(storage_default(md, "Drand", "LastStoredRound").value()->as_u128() == 7);
  CHECK_FALSE(storage_default(md, "Drand", "Pulses").value());

  // a double map with Twox64Concat parts, and a prefix with one part
  const Value k2[2] = {Value::u(3), Value::u(42)};
  const Bytes ck = storage_key(md, "SubtensorModule", "Commits", k2).value();
  Bytes netuid = {3, 0};
  CHECK(ck == cat({crypto::twox_128(as_bytes("SubtensorModule")), crypto::twox_128(as_bytes("Commits")),
                   crypto::twox_64(netuid), netuid, crypto::twox_64(le64(42)), le64(42)}));
  const Bytes prefix = storage_key(md, "SubtensorModule", "Commits", std::span<const Value>(k2, 1)).value();
  CHECK(Bytes(ck.begin(), ck.begin() + static_cast<std::ptrdiff_t>(prefix.size())) == prefix);

  // an Identity-hashed AccountId32 key, and a value with variant, compact, array, u128, bool, str, Option
  const Bytes who(32, 0x5a);
  const Bytes ik = storage_key_encoded(md, "SubtensorModule", "Info", std::vector<Bytes>{who}).value();
  CHECK(ik == cat({crypto::twox_128(as_bytes("SubtensorModule")), crypto::twox_128(as_bytes("Info")), who}));
  Bytes info = {1, 5, 0};                             // On { level: 5 }
  info.push_back(0x04);                               // Compact(1)
  info.insert(info.end(), {1, 0, 2, 0, 3, 0, 4, 0});  // [1, 2, 3, 4]
  info.insert(info.end(), 16, 0);                     // u128 0
  info[info.size() - 16] = 9;
  info.push_back(1);                            // true
  info.insert(info.end(), {2 << 2, 'h', 'i'});  // "hi"
  info.push_back(1);                            // Some(
  const Bytes eight = le64(8);
  info.insert(info.end(), eight.begin(), eight.end());  // 8)
  const Value iv = decode_storage_value(md, "SubtensorModule", "Info", info).value();
  CHECK(iv.field("mode")->name() == "On");
  CHECK(iv.field("count")->as_u128() == 1);
  CHECK(iv.field("big")->as_u128() == 9);
  CHECK(iv.field("flag")->as_bool());
  CHECK(iv.field("name")->str() == "hi");
  CHECK(iv.field("maybe")->name() == "Some");
  CHECK(encode_value(md.types, md.storage_entry("SubtensorModule", "Info")->value_type, iv).value() == info);

  // a storage entry that does not exist is a typed error
  CHECK_FALSE(storage_key(md, "Drand", "Nope"));
  CHECK_FALSE(storage_key(md, "Nope", "Pulses"));
}
