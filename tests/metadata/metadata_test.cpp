// SPDX-License-Identifier: MIT
// Runtime metadata decoding against the real subtensor metadata blobs in tests/vectors/metadata
// (provenance: tests/vectors/metadata/README.md).
#include <bt/metadata/metadata.hpp>
#include <bt/scale/error.hpp>

#include <catch2/catch.hpp>

#include "support/test_paths.hpp"

using namespace bt::metadata;

namespace {
bt::Bytes load(const char* name) {
  std::string s = bt::test::read_text_file(bt::test::vectors_dir() / "metadata" / name);
  return bt::Bytes(s.begin(), s.end());
}
const Metadata& raonet14() {
  static Metadata md = Metadata::decode(load("raonet_v14.scale")).value();
  return md;
}
const Metadata& raonet15() {
  static Metadata md = Metadata::decode(load("raonet_v15.scale")).value();
  return md;
}
const Metadata& spec143() {
  static Metadata md = Metadata::decode(load("spec143_v14.scale")).value();
  return md;
}
std::vector<std::string> names(const std::vector<Variant>& vs) {
  std::vector<std::string> out;
  for (const auto& v : vs) out.push_back(v.name);
  return out;
}
}  // namespace

TEST_CASE("raonet V14 metadata decodes", "[metadata]") {
  const Metadata& md = raonet14();
  CHECK(md.version == 14);
  CHECK(md.types.size() > 300);
  CHECK(md.pallets.size() > 10);
  const Pallet* st = md.pallet("SubtensorModule");
  REQUIRE(st);
  CHECK(st->index == 7);
  const Variant* sw = md.call("SubtensorModule", "set_weights");
  REQUIRE(sw);
  CHECK(sw->index == 0);
  REQUIRE(sw->fields.size() == 4);
  CHECK(sw->fields[0].name == "netuid");
  CHECK(sw->fields[1].name == "dests");
  CHECK(sw->fields[2].name == "weights");
  CHECK(sw->fields[3].name == "version_key");
  CHECK(md.types.type_name(sw->fields[1].type) == "Vec<u16>");
  CHECK(md.extrinsic.versions == std::vector<std::uint8_t>{4});
  std::vector<std::string> ext;
  for (const auto& x : md.extrinsic.extensions) ext.push_back(x.identifier);
  CHECK(std::find(ext.begin(), ext.end(), "CheckNonce") != ext.end());
  CHECK(std::find(ext.begin(), ext.end(), "CheckMetadataHash") != ext.end());
  REQUIRE(md.extrinsic.address_type);
  REQUIRE(md.extrinsic.call_type);
  CHECK(md.types.find(*md.extrinsic.call_type)->path.back() == "RuntimeCall");
  CHECK(md.runtime_call_type() == md.extrinsic.call_type);
  REQUIRE(md.runtime_event_type());
  CHECK(md.error("SubtensorModule", "SettingWeightsTooFast"));
  CHECK(md.event("SubtensorModule", "WeightsSet"));
  CHECK(md.constant("System", "SS58Prefix"));
  const StorageEntry* ts = md.storage_entry("SubtensorModule", "TotalStake");
  REQUIRE(ts);
  CHECK_FALSE(ts->is_map);
  const StorageEntry* acc = md.storage_entry("System", "Account");
  REQUIRE(acc);
  CHECK(acc->is_map);
  CHECK(acc->hashers == std::vector<StorageHasher>{StorageHasher::Blake2_128Concat});
  CHECK(md.pallet("NoSuchPallet") == nullptr);
  CHECK(md.call("SubtensorModule", "no_such_call") == nullptr);
  CHECK_FALSE(md.require_call("SubtensorModule", "no_such_call"));
  CHECK(md.require_call("SubtensorModule", "no_such_call").error() == MetadataError::not_found);
  CHECK(md.apis.empty());
}

TEST_CASE("raonet V15 metadata decodes and agrees with V14", "[metadata]") {
  const Metadata& a = raonet14();
  const Metadata& b = raonet15();
  CHECK(b.version == 15);
  REQUIRE(a.pallets.size() == b.pallets.size());
  for (std::size_t i = 0; i < a.pallets.size(); ++i) {
    CHECK(a.pallets[i].name == b.pallets[i].name);
    CHECK(a.pallets[i].index == b.pallets[i].index);
    CHECK(names(a.calls(a.pallets[i])) == names(b.calls(b.pallets[i])));
    CHECK(a.pallets[i].storage.size() == b.pallets[i].storage.size());
  }
  REQUIRE(b.outer_enums);
  CHECK(b.types.find(b.outer_enums->call_type)->path.back() == "RuntimeCall");
  CHECK(b.types.find(b.outer_enums->event_type)->path.back() == "RuntimeEvent");
  CHECK(!b.apis.empty());
  const RuntimeApiMethod* m = b.runtime_api_method("Metadata", "metadata_at_version");
  REQUIRE(m);
  REQUIRE(m->inputs.size() == 1);
  CHECK(b.types.type_name(m->inputs[0].type) == "u32");
  CHECK(b.runtime_api_method("Core", "version"));
  CHECK(b.extrinsic.address_type);
  CHECK(b.extrinsic.signature_type);
  CHECK(b.extrinsic.extensions.size() == a.extrinsic.extensions.size());
}

TEST_CASE("spec143 V14 metadata decodes", "[metadata]") {
  const Metadata& md = spec143();
  CHECK(md.version == 14);
  CHECK(md.pallet("SubtensorModule"));
  CHECK(md.call("SubtensorModule", "set_weights"));
  CHECK(md.storage_entry("SubtensorModule", "Weights"));
}

TEST_CASE("metadata rejects bad input with typed errors", "[metadata]") {
  bt::Bytes blob = load("raonet_v14.scale");
  SECTION("bad magic") {
    bt::Bytes b = blob;
    b[0] = 'x';
    auto r = Metadata::decode(b);
    REQUIRE_FALSE(r);
    CHECK(r.error() == MetadataError::invalid_magic);
  }
  SECTION("unsupported version") {
    bt::Bytes b = blob;
    b[4] = 13;
    auto r = Metadata::decode(b);
    REQUIRE_FALSE(r);
    CHECK(r.error() == MetadataError::unsupported_version);
  }
  SECTION("every truncation fails cleanly") {
    for (std::size_t len : {0ul, 3ul, 4ul, 5ul, 6ul, 100ul, 1000ul, blob.size() / 2, blob.size() - 1}) {
      auto r = Metadata::decode(bt::ByteView(blob.data(), len));
      REQUIRE_FALSE(r);
    }
  }
  SECTION("trailing bytes") {
    bt::Bytes b = blob;
    b.push_back(0);
    auto r = Metadata::decode(b);
    REQUIRE_FALSE(r);
    CHECK(r.error() == bt::scale::DecodeError::trailing_bytes);
  }
  SECTION("hex text form") {
    std::string hex = "\"";
    hex += bt::to_hex(blob);
    hex += "\"\n";
    auto r = Metadata::from_hex_or_bytes(bt::as_bytes(hex));
    REQUIRE(r);
    CHECK(r->pallets.size() == raonet14().pallets.size());
    auto bad = Metadata::from_hex_or_bytes(bt::as_bytes(std::string("0xzz")));
    CHECK_FALSE(bad);
  }
  SECTION("byte flips never crash") {
    std::uint32_t seed = 12345;
    for (int i = 0; i < 200; ++i) {
      bt::Bytes b = blob;
      for (int k = 0; k < 4; ++k) {
        seed = seed * 1664525u + 1013904223u;
        b[5 + seed % (b.size() - 5)] ^= static_cast<std::uint8_t>(seed >> 24);
      }
      auto r = Metadata::decode(b);
      (void)r;
    }
    SUCCEED();
  }
}
