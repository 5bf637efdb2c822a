// SPDX-License-Identifier: MIT
// Dynamic values, calls, storage keys, events/errors and V16 metadata: known encodings, round trips
// and bad input. Uses the real subtensor metadata (tests/vectors/metadata).
#include <bt/metadata/calls.hpp>
#include <bt/metadata/events.hpp>
#include <bt/metadata/metadata.hpp>
#include <bt/metadata/storage.hpp>
#include <bt/metadata/value.hpp>
#include <bt/scale/encoder.hpp>
#include <bt/scale/error.hpp>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>

#include "support/test_paths.hpp"

using namespace bt::metadata;
using bt::scale::DecodeError;
using bt::scale::u128;

namespace {
const Metadata& md() {
  static Metadata m = [] {
    std::string s = bt::test::read_text_file(bt::test::vectors_dir() / "metadata" / "raonet_v15.scale");
    return Metadata::decode(bt::as_bytes(s)).value();
  }();
  return m;
}
TypeId prim(const Registry& r, Primitive p) {
  for (const auto& t : r.types())
    if (auto* d = std::get_if<TypeDefPrimitive>(&t.def); d && d->prim == p) return t.id;
  FAIL("primitive not in registry");
  return 0;
}
TypeId type_named(std::string_view name) {
  for (const auto& t : md().types.types())
    if (md().types.type_name(t.id) == name) return t.id;
  FAIL("no type " << name);
  return 0;
}
bt::Bytes hex(std::string_view s) { return bt::from_hex(s).value(); }
}  // namespace

TEST_CASE("set_weights call encodes like polkadot-js", "[metadata][value]") {
  Value args = Value::composite({{"netuid", Value::u(1)},
                                 {"dests", Value::sequence({Value::u(0), Value::u(1)})},
                                 {"weights", Value::sequence({Value::u(65535), Value::u(0)})},
                                 {"version_key", Value::u(0)}});
  auto call = encode_call(md(), "SubtensorModule", "set_weights", args);
  REQUIRE(call);
  // polkadot-js: registry.findMetaCall([7, 0])(1, [0, 1], [65535, 0], 0).toHex()
  CHECK(bt::to_hex(*call) == "0x07000100080000010008ffff00000000000000000000");
  // same by position, from JSON, and with fields in another order
  CHECK(encode_call(md(), "SubtensorModule", "set_weights",
                    Value::sequence({Value::u(1), Value::sequence({Value::u(0), Value::u(1)}),
                                     Value::sequence({Value::u(65535), Value::u(0)}), Value::u(0)}))
            .value() == *call);
  CHECK(encode_call_json(md(), "SubtensorModule", "set_weights",
                         R"({"version_key":0,"weights":[65535,0],"dests":[0,1],"netuid":1})")
            .value() == *call);
  auto dec = decode_call(md(), *call);
  REQUIRE(dec);
  CHECK(dec->pallet == "SubtensorModule");
  CHECK(dec->pallet_index == 7);
  CHECK(dec->call == "set_weights");
  CHECK(dec->call_index == 0);
  CHECK(to_json(dec->args) ==
        R"({"set_weights":{"netuid":1,"dests":[0,1],"weights":[65535,0],"version_key":0}})");
}

TEST_CASE("call encoding errors are typed", "[metadata][value]") {
  auto r = encode_call(md(), "SubtensorModule", "set_weights",
                       Value::composite({{"netuid", Value::u(70000)},
                                         {"dests", Value::sequence({})},
                                         {"weights", Value::sequence({})},
                                         {"version_key", Value::u(0)}}));
  REQUIRE_FALSE(r);
  CHECK(r.error() == MetadataError::out_of_range);
  CHECK(r.error().message().find("netuid") != std::string::npos);
  r = encode_call(md(), "SubtensorModule", "set_weights", Value::composite({{"netuid", Value::u(1)}}));
  REQUIRE_FALSE(r);
  CHECK(r.error() == MetadataError::type_mismatch);
  r = encode_call(md(), "SubtensorModule", "set_weights",
                  Value::composite({{"netuid", Value::string("x")},
                                    {"dests", Value::sequence({})},
                                    {"weights", Value::sequence({})},
                                    {"version_key", Value::u(0)}}));
  REQUIRE_FALSE(r);
  CHECK(r.error() == MetadataError::type_mismatch);
  CHECK(encode_call(md(), "SubtensorModule", "nope", Value::sequence({})).error() ==
        MetadataError::not_found);
  CHECK(encode_call(md(), "Nope", "nope", Value::sequence({})).error() == MetadataError::not_found);
  CHECK(encode_call_json(md(), "SubtensorModule", "set_weights", "{bad json").error() ==
        MetadataError::invalid_json);
  CHECK(decode_call(md(), hex("0xff00")).error() == DecodeError::invalid_variant);
  CHECK(decode_call(md(), hex("0x0700")).error() == DecodeError::not_enough_data);
  CHECK(decode_call(md(), hex("0x07000100080000010008ffff0000000000000000000000")).error() ==
        DecodeError::trailing_bytes);
}

TEST_CASE("storage keys: System.Account of Alice and hashers", "[metadata][storage]") {
  const std::string alice = "0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d";
  auto key = storage_key(md(), "System", "Account", std::vector<Value>{Value::string(alice)});
  REQUIRE(key);
  // Well-known key: twox128("System") ++ twox128("Account") ++ blake2_128_concat(Alice)
  CHECK(bt::to_hex(*key) ==
        "0x26aa394eea5630e07c48ae0c9558cef7b99d880ec681799c0cf30e8886371da9de1e86a9a8c739864cf3cc5ec2bea59f" +
            alice.substr(2));
  CHECK(bt::to_hex(storage_prefix("System", "Account")) ==
        "0x26aa394eea5630e07c48ae0c9558cef7b99d880ec681799c0cf30e8886371da9");
  auto parts = decode_storage_key(md(), "System", "Account", *key);
  REQUIRE(parts);
  REQUIRE(parts->size() == 1);
  REQUIRE((*parts)[0].value);
  CHECK(to_json(*(*parts)[0].value) == "\"" + alice + "\"");
  CHECK((*parts)[0].hasher == StorageHasher::Blake2_128Concat);
  CHECK(storage_key(md(), "System", "Account").value() == storage_prefix("System", "Account"));

  SECTION("bad keys") {
    bt::Bytes k = *key;
    k[40] ^= 1;  // hash no longer matches the account
    CHECK(decode_storage_key(md(), "System", "Account", k).error() == MetadataError::invalid_key);
    k = *key;
    k[0] ^= 1;  // wrong prefix
    CHECK(decode_storage_key(md(), "System", "Account", k).error() == MetadataError::invalid_key);
    k = *key;
    k.push_back(0);
    CHECK(decode_storage_key(md(), "System", "Account", k).error() == MetadataError::invalid_key);
    k = *key;
    k.resize(k.size() - 1);
    CHECK(decode_storage_key(md(), "System", "Account", k).error() == MetadataError::invalid_key);
    CHECK(storage_key(md(), "System", "Account", std::vector<Value>{Value::string(alice), Value::u(1)})
              .error() == MetadataError::invalid_key);
    CHECK(storage_key(md(), "System", "Account", std::vector<Value>{Value::string("0x1234")}).error() ==
          MetadataError::type_mismatch);
    CHECK(storage_key(md(), "System", "Nope").error() == MetadataError::not_found);
  }
  SECTION("every hasher") {
    bt::Bytes data = {1, 2, 3};
    CHECK(hash_key_part(StorageHasher::Identity, data) == data);
    CHECK(hash_key_part(StorageHasher::Twox64Concat, data).size() == 8 + 3);
    CHECK(hash_key_part(StorageHasher::Blake2_128Concat, data).size() == 16 + 3);
    CHECK(hash_key_part(StorageHasher::Blake2_128, data).size() == 16);
    CHECK(hash_key_part(StorageHasher::Blake2_256, data).size() == 32);
    CHECK(hash_key_part(StorageHasher::Twox128, data).size() == 16);
    CHECK(hash_key_part(StorageHasher::Twox256, data).size() == 32);
    // twox128("System") is the well-known System prefix
    CHECK(bt::to_hex(hash_key_part(StorageHasher::Twox128, bt::as_bytes(std::string("System")))) ==
          "0x26aa394eea5630e07c48ae0c9558cef7");
  }
}

TEST_CASE("storage values and defaults", "[metadata][storage]") {
  auto d = storage_default(md(), "SubtensorModule", "Tempo");
  REQUIRE(d);
  REQUIRE(d->has_value());
  CHECK((*d)->is(ValueKind::UInt));
  auto v = decode_storage_value(md(), "SubtensorModule", "Tempo", hex("0x6800"));
  REQUIRE(v);
  CHECK(v->as_u128() == 104);
  CHECK(decode_storage_value(md(), "SubtensorModule", "Tempo", hex("0x68")).error() ==
        DecodeError::not_enough_data);
  auto opt = storage_default(md(), "System", "ExtrinsicCount");
  REQUIRE(opt);
  CHECK_FALSE(opt->has_value());
}

TEST_CASE("dispatch errors resolve to pallet and error names", "[metadata][events]") {
  const Pallet* st = md().pallet("SubtensorModule");
  const Variant* too_fast = md().error("SubtensorModule", "SettingWeightsTooFast");
  REQUIRE(too_fast);
  // DispatchError::Module(ModuleError { index, error: [u8; 4] }) is variant 3
  bt::Bytes bytes = {3, st->index, too_fast->index, 0, 0, 0};
  auto e = decode_dispatch_error(md(), bytes);
  REQUIRE(e);
  CHECK(e->kind == "Module");
  REQUIRE(e->module);
  CHECK(e->module->pallet == "SubtensorModule");
  CHECK(e->module->name == "SettingWeightsTooFast");
  CHECK(e->to_string().rfind("SubtensorModule.SettingWeightsTooFast", 0) == 0);
  CHECK(!e->module->docs.empty());

  auto bad_origin = decode_dispatch_error(md(), hex("0x02"));
  REQUIRE(bad_origin);
  CHECK(bad_origin->to_string() == "BadOrigin");
  CHECK_FALSE(bad_origin->module);
  auto token = decode_dispatch_error(md(), hex("0x0700"));  // Token(FundsUnavailable)
  REQUIRE(token);
  CHECK(token->to_string() == "Token: \"FundsUnavailable\"");

  CHECK(decode_dispatch_error(md(), hex("0x03ff000000")).error() == DecodeError::not_enough_data);
  CHECK(decode_dispatch_error(md(), hex("0x03ff00000000")).error() == MetadataError::not_found);
  CHECK(decode_dispatch_error(md(), hex("0x63")).error() == DecodeError::invalid_variant);
  CHECK(resolve_module_error(md(), st->index, hex("0xfe000000")).error() == MetadataError::not_found);
}

TEST_CASE("events: an ExtrinsicFailed record decodes with its module error", "[metadata][events]") {
  const Pallet* sys = md().pallet("System");
  const Variant* failed = md().event("System", "ExtrinsicFailed");
  REQUIRE(failed);
  const Variant* too_fast = md().error("SubtensorModule", "SettingWeightsTooFast");
  // One record: phase ApplyExtrinsic(2), System.ExtrinsicFailed { dispatch_error, dispatch_info }, no topics.
  Value info = Value::composite(
      {{"weight", Value::composite({{"ref_time", Value::u(1000)}, {"proof_size", Value::u(0)}})},
       {"class", Value::string("Normal")},
       {"pays_fee", Value::string("Yes")}});
  bt::scale::Encoder enc;
  enc.put_compact(1);
  enc.put_u8(0);
  enc.put_le<std::uint32_t>(2);
  enc.put_u8(sys->index);
  enc.put_u8(failed->index);
  enc.put_bytes(
      std::vector<std::uint8_t>{3, md().pallet("SubtensorModule")->index, too_fast->index, 0, 0, 0});
  REQUIRE(encode_value_to(md().types, failed->fields[1].type, info, enc));
  enc.put_compact(0);
  bt::Bytes blob = std::move(enc).take();
  auto evs = decode_events(md(), blob);
  REQUIRE(evs);
  REQUIRE(evs->size() == 1);
  const EventRecord& r = (*evs)[0];
  CHECK(r.phase.kind == Phase::Kind::ApplyExtrinsic);
  CHECK(r.phase.extrinsic_index == 2);
  CHECK(r.pallet == "System");
  CHECK(r.name == "ExtrinsicFailed");
  REQUIRE(r.fields.field("dispatch_error"));
  auto de = dispatch_error_from_value(md(), *r.fields.field("dispatch_error"));
  REQUIRE(de);
  CHECK(de->module->name == "SettingWeightsTooFast");
  CHECK(to_json(*r.fields.field("dispatch_info")) ==
        R"({"weight":{"ref_time":1000,"proof_size":0},"class":"Normal","pays_fee":"Yes"})");
  // truncated / trailing
  CHECK_FALSE(decode_events(md(), bt::ByteView(blob.data(), blob.size() - 1)));
  blob.push_back(0);
  CHECK(decode_events(md(), blob).error() == DecodeError::trailing_bytes);
  CHECK(decode_events(md(), hex("0xfeffffff")).error() == DecodeError::length_too_large);
}

TEST_CASE("values: integers, JSON and ranges", "[metadata][value]") {
  const Registry& r = md().types;
  TypeId u128_id = prim(r, Primitive::U128), u64_id = prim(r, Primitive::U64),
         u16_id = prim(r, Primitive::U16);
  u128 max = ~u128{0};
  auto b = encode_value(r, u128_id, Value::u(max));
  REQUIRE(b);
  CHECK(bt::to_hex(*b) == "0x" + std::string(32, 'f'));
  auto back = decode_value(r, u128_id, *b);
  REQUIRE(back);
  CHECK(to_json(*back) == "\"340282366920938463463374607431768211455\"");
  CHECK(encode_value(r, u128_id, from_json("\"340282366920938463463374607431768211455\"").value()).value() ==
        *b);
  CHECK(to_json(decode_value(r, u64_id, hex("0x0000000000002000")).value()) == "9007199254740992");  // 2^53
  CHECK(to_json(decode_value(r, u64_id, hex("0x0100000000002000")).value()) ==
        "\"9007199254740993\"");  // 2^53+1
  CHECK(encode_value(r, u16_id, Value::u(65536)).error() == MetadataError::out_of_range);
  CHECK(encode_value(r, u16_id, Value::i(-1)).error() == MetadataError::out_of_range);
  CHECK(encode_value(r, u16_id, Value::string("12x")).error() == MetadataError::type_mismatch);
  CHECK(encode_value(r, u16_id, Value::boolean(true)).error() == MetadataError::type_mismatch);
  CHECK(encode_value(r, 999999, Value::u(1)).error() == MetadataError::unknown_type);
  CHECK(decode_value(r, 999999, hex("0x00")).error() == MetadataError::unknown_type);
  CHECK(decode_value(r, u16_id, hex("0x01")).error() == DecodeError::not_enough_data);
  CHECK(decode_value(r, u16_id, hex("0x010203")).error() == DecodeError::trailing_bytes);
  CHECK(from_json("[1, 2.5]").error() == MetadataError::invalid_json);
  CHECK(from_json(std::string(1000, '[') + std::string(1000, ']')).error() == MetadataError::invalid_json);
  CHECK(from_json("{\"a\": [1, -2, true, null, \"x\"]}").has_value());
  CHECK(to_json(from_json("{\"a\":[1,-2,true,null,\"x\"]}").value()) == "{\"a\":[1,-2,true,null,\"x\"]}");
}

TEST_CASE("values: Vec<(u16, u16)>, Option, compact and bytes shapes", "[metadata][value]") {
  const Registry& r = md().types;
  // Option<u64>-like: find an Option type around u64
  TypeId opt = type_named("Option<u64>");
  CHECK(bt::to_hex(encode_value(r, opt, Value()).value()) == "0x00");
  CHECK(bt::to_hex(encode_value(r, opt, Value::u(5)).value()) == "0x010500000000000000");
  CHECK(to_json(decode_value(r, opt, hex("0x00")).value()) == "null");
  CHECK(to_json(decode_value(r, opt, hex("0x010500000000000000")).value()) == "5");
  CHECK(decode_value(r, opt, hex("0x02")).error() == DecodeError::invalid_variant);
  TypeId cu64 = type_named("Compact<u64>");
  CHECK(bt::to_hex(encode_value(r, cu64, Value::u(16384)).value()) == "0x02000100");
  CHECK(decode_value(r, cu64, hex("0x0100")).error() == DecodeError::invalid_compact);
  TypeId bytes = type_named("Vec<u8>");
  CHECK(bt::to_hex(encode_value(r, bytes, Value::string("0xabcd")).value()) == "0x08abcd");
  CHECK(bt::to_hex(encode_value(r, bytes, Value::string("hi")).value()) == "0x086869");
  CHECK(bt::to_hex(encode_value(r, bytes, Value::sequence({Value::u(1)})).value()) == "0x0401");
  CHECK(decode_value(r, bytes, hex("0xfeffffff")).error() == DecodeError::length_too_large);
  TypeId acc = type_named("AccountId32");
  CHECK(encode_value(r, acc, Value::string("0x00")).error() == MetadataError::type_mismatch);
  TypeId pairs = type_named("Vec<(u16, u16)>");
  std::vector<Value> items;
  for (int i = 0; i < 4096; ++i)
    items.push_back(Value::tuple({Value::u(static_cast<u128>(i)), Value::u(static_cast<u128>(65535 - i))}));
  auto enc = encode_value(r, pairs, Value::sequence(items));
  REQUIRE(enc);
  CHECK(enc->size() == 2 + 4 * 4096);
  auto dec = decode_value(r, pairs, *enc);
  REQUIRE(dec);
  CHECK(*dec == Value::sequence(items));
}

TEST_CASE("decode_value never crashes on random bytes for any type id", "[metadata][value]") {
  const Registry& r = md().types;
  std::uint32_t seed = 7;
  auto next = [&] {
    seed = seed * 1664525u + 1013904223u;
    return seed >> 8;
  };
  std::size_t ok = 0;
  for (TypeId id = 0; id < r.size(); ++id) {
    for (int k = 0; k < 4; ++k) {
      bt::Bytes b(next() % 64);
      for (auto& x : b) x = static_cast<std::uint8_t>(next());
      auto v = decode_value(r, id, b);
      if (v) {
        ++ok;
        // anything that decodes re-encodes to the same bytes
        CHECK(encode_value(r, id, *v).value() == b);
      }
    }
  }
  CHECK(ok > 0);
}

namespace {
void put_str(bt::scale::Encoder& e, std::string_view s) { e.put_bytes_with_length(bt::as_bytes(s)); }
// A small hand-built V16 blob (no runtime we can run offers V16): one pallet with storage, a call,
// a constant, an associated type and a view function; V16 extrinsic, an API, outer enums, custom.
bt::Bytes v16_blob() {
  bt::scale::Encoder e;
  e.put_le<std::uint32_t>(0x6174656d);
  e.put_u8(16);
  e.put_compact(3);  // types
  e.put_compact(0);
  e.put_compact(0);
  e.put_compact(0);
  e.put_u8(5);
  e.put_u8(3);
  e.put_compact(0);  // 0: u8
  e.put_compact(1);
  e.put_compact(0);
  e.put_compact(0);
  e.put_u8(5);
  e.put_u8(5);
  e.put_compact(0);  // 1: u32
  e.put_compact(2);
  e.put_compact(2);
  put_str(e, "pallet_demo");
  put_str(e, "Call");
  e.put_compact(0);  // 2: Call
  e.put_u8(1);
  e.put_compact(1);
  put_str(e, "do_it");
  e.put_compact(1);
  e.put_u8(1);
  put_str(e, "x");
  e.put_compact(1);
  e.put_u8(0);
  e.put_compact(0);
  e.put_u8(0);
  e.put_compact(1);
  put_str(e, "Does it");
  e.put_compact(0);
  e.put_compact(1);  // pallets
  put_str(e, "Demo");
  e.put_u8(1);
  put_str(e, "Demo");
  e.put_compact(1);  // storage
  put_str(e, "Value");
  e.put_u8(1);
  e.put_u8(0);
  e.put_compact(1);
  e.put_bytes_with_length(std::vector<std::uint8_t>{7, 0, 0, 0});
  e.put_compact(0);
  e.put_u8(2);
  put_str(e, "old");
  e.put_u8(1);
  put_str(e, "v2");
  e.put_u8(1);
  e.put_compact(2);
  e.put_u8(0);  // calls + DeprecationInfo::NotDeprecated
  e.put_u8(0);  // no events
  e.put_compact(1);
  put_str(e, "Max");
  e.put_compact(1);
  e.put_bytes_with_length(std::vector<std::uint8_t>{10, 0, 0, 0});
  e.put_compact(0);
  e.put_u8(0);
  e.put_u8(0);  // no errors
  e.put_compact(1);
  put_str(e, "Balance");
  e.put_compact(1);
  e.put_compact(0);  // associated types
  e.put_compact(1);
  put_str(e, "get");
  for (int i = 0; i < 32; ++i) e.put_u8(0x11);
  e.put_compact(1);
  put_str(e, "who");
  e.put_compact(0);
  e.put_compact(1);
  e.put_compact(0);
  e.put_u8(1);
  e.put_u8(9);
  e.put_compact(1);
  put_str(e, "demo");
  e.put_u8(0);  // index, docs, deprecation
  // extrinsic
  e.put_bytes_with_length(std::vector<std::uint8_t>{4, 5});
  e.put_compact(0);
  e.put_compact(0);
  e.put_compact(1);
  e.put_u8(5);
  e.put_compact(1);
  e.put_le<std::uint32_t>(0);
  e.put_compact(1);
  put_str(e, "CheckNonce");
  e.put_compact(1);
  e.put_compact(0);
  // apis
  e.put_compact(1);
  put_str(e, "DemoApi");
  e.put_compact(1);
  put_str(e, "get");
  e.put_compact(1);
  put_str(e, "a");
  e.put_compact(1);
  e.put_compact(1);
  e.put_compact(0);
  e.put_u8(0);
  e.put_compact(0);
  e.put_u8(0);
  e.put_compact(2);
  e.put_compact(2);
  e.put_compact(2);  // outer enums
  e.put_compact(1);
  put_str(e, "k");
  e.put_compact(1);
  e.put_bytes_with_length(std::vector<std::uint8_t>{1, 0, 0, 0});
  return std::move(e).take();
}
}  // namespace

TEST_CASE("V16 metadata (hand-built) decodes with deprecation, view functions, extensions by version",
          "[metadata]") {
  bt::Bytes blob = v16_blob();
  if (const char* seed = std::getenv("BT_WRITE_V16_SEED")) {  // regenerates the fuzz seed
    std::ofstream(seed, std::ios::binary)
        .write(reinterpret_cast<const char*>(blob.data()), static_cast<std::streamsize>(blob.size()));
  }
  auto r = Metadata::decode(blob);
  if (!r) FAIL(r.error().to_string());
  const Metadata& m = *r;
  CHECK(m.version == 16);
  CHECK_FALSE(m.runtime_type);
  const Pallet* p = m.pallet("Demo");
  REQUIRE(p);
  CHECK(p->index == 9);
  CHECK(p->docs == std::vector<std::string>{"demo"});
  const StorageEntry* e = m.storage_entry("Demo", "Value");
  REQUIRE(e);
  CHECK(e->deprecation.kind == 2);
  CHECK(e->deprecation.note == "old");
  CHECK(e->deprecation.since == "v2");
  CHECK(storage_default(m, "Demo", "Value").value()->as_u128() == 7);
  const Variant* c = m.call("Demo", "do_it");
  REQUIRE(c);
  CHECK(bt::to_hex(encode_call(m, "Demo", "do_it", Value::sequence({Value::u(1)})).value()) ==
        "0x090001000000");
  CHECK(constant_value(m, "Demo", "Max").value().as_u128() == 10);
  REQUIRE(p->associated_types.size() == 1);
  CHECK(p->associated_types[0].name == "Balance");
  REQUIRE(p->view_functions.size() == 1);
  CHECK(p->view_functions[0].name == "get");
  CHECK(p->view_functions[0].deprecation.kind == 1);
  CHECK(m.extrinsic.versions == std::vector<std::uint8_t>{4, 5});
  CHECK(m.extrinsic.extensions_by_version.at(5) == std::vector<std::uint32_t>{0});
  REQUIRE(m.extrinsic.extensions.size() == 1);
  CHECK(m.extrinsic.extensions[0].identifier == "CheckNonce");
  CHECK(m.runtime_api_method("DemoApi", "get"));
  REQUIRE(m.custom.size() == 1);
  CHECK(m.custom[0].first == "k");
  for (std::size_t len = 0; len < blob.size(); ++len)
    CHECK_FALSE(Metadata::decode(bt::ByteView(blob.data(), len)));
  bt::Bytes bad_id = blob;
  // the Max constant's type id (compact 1 -> 0x04) changed to 63 (0xfc): unknown type
  const std::string max_name = "Max";
  auto pos = std::search(bad_id.begin(), bad_id.end(), max_name.begin(), max_name.end());
  REQUIRE(pos != bad_id.end());
  *(pos + 3) = 0xfc;
  CHECK(Metadata::decode(bad_id).error() == MetadataError::unknown_type);
}

TEST_CASE("forged registries cannot make decoding or naming exponential", "[metadata][value]") {
  // type k = struct { a: k+1, b: k+1 } for k < 40, type 40 = struct {} : 2^40 nodes from 0 bytes.
  std::vector<Type> types;
  for (TypeId k = 0; k <= 41; ++k) {
    Type t;
    t.id = k;
    t.path = {"Forged" + std::to_string(k)};
    if (k < 40) {
      TypeDefComposite c;
      c.fields = {Field{std::string("a"), k + 1, std::nullopt, {}},
                  Field{std::string("b"), k + 1, std::nullopt, {}}};
      t.def = c;
    } else if (k == 40) {
      t.def = TypeDefComposite{};
    } else {
      t.def = TypeDefSequence{0};  // 41: Vec<Forged0>
    }
    t.params.push_back(TypeParam{"T", k < 40 ? std::optional<TypeId>(k + 1) : std::nullopt});
    types.push_back(std::move(t));
  }
  Registry reg(std::move(types));
  auto v = decode_value(reg, 0, bt::Bytes{});
  REQUIRE_FALSE(v);
  CHECK(v.error() == DecodeError::length_too_large);
  auto seq = decode_value(reg, 41, hex("0xfeffffff"));
  REQUIRE_FALSE(seq);
  CHECK(reg.type_name(0).size() < 10000);
  // the leaf is still a fine zero-sized value
  CHECK(decode_value(reg, 40, bt::Bytes{}).has_value());
}
