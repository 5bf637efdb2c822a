// SPDX-License-Identifier: MIT
// The head (subtensor 14bc6f9f) SubtensorModule layout built as metadata from the source
// (tests/metagraph/head_layout.hpp): it is detected as the head generation, its keys have the hashers
// and key parts the source declares, and sync refuses it with a typed error (head sync is not built yet).
#include <bt/client/client.hpp>
#include <bt/metadata/metadata.hpp>
#include <bt/metadata/storage.hpp>
#include <bt/metagraph/metagraph.hpp>
#include <catch2/catch.hpp>

#include "metagraph/head_layout.hpp"
#include "metagraph/subnet_storage.hpp"
#include "support/test_paths.hpp"

namespace mg = bt::metagraph;
using bt::Bytes;
namespace head = bt::test::head;
using bt::test::subnet::u16le;

namespace {

Bytes key(const bt::metadata::Metadata& md, std::string_view item, std::vector<Bytes> parts = {}) {
  auto k = bt::metadata::storage_key_encoded(md, "SubtensorModule", item, parts);
  INFO(std::string(item) << ": " << (k ? std::string() : k.error().to_string()));
  REQUIRE(k);
  return *k;
}

std::vector<std::string> names(const bt::metadata::Metadata& md) {
  std::vector<std::string> v;
  for (const auto& e : md.pallet("SubtensorModule")->storage) v.push_back(e.name);
  return v;
}

}  // namespace

TEST_CASE("metagraph head: the layout of subtensor 14bc6f9f is the head generation") {
  const Bytes blob = head::metadata();
  auto md = bt::metadata::Metadata::decode(blob);
  INFO((md ? std::string() : md.error().to_string()));
  REQUIRE(md);
  CHECK(mg::detect_generation(head::kSpecVersion, names(*md)).value() == mg::Generation::head);

  // Keys against the real spec-143 metadata where the declaration did not change (same pallet/item
  // prefix; Identity hashers), and the head-only key parts.
  const auto md143 =
      bt::metadata::Metadata::decode(
          bt::test::subnet::read_file(std::string(BT_VECTORS_DIR) + "/metadata/spec143_v14.scale"))
          .value();
  const Bytes nu = u16le(7);
  CHECK(key(*md, "SubnetworkN", {nu}) == key(md143, "SubnetworkN", {nu}));
  CHECK(key(*md, "Keys", {nu, u16le(3)}) == key(md143, "Keys", {nu, u16le(3)}));
  // Weights / Bonds / Incentive / LastUpdate: keyed by NetUidStorageIndex = mechanism * 4096 + netuid
  CHECK(head::storage_index(7) == 7);
  CHECK(head::storage_index(7, 1) == 4103);
  CHECK(head::storage_index(7, 16) == 0xffff);  // saturating
  const Bytes w = key(*md, "Weights", {u16le(head::storage_index(7, 1)), u16le(3)});
  const Bytes w143 = key(md143, "Weights", {nu, u16le(3)});
  CHECK(Bytes(w.begin(), w.begin() + 32) == Bytes(w143.begin(), w143.begin() + 32));
  CHECK(Bytes(w.begin() + 32, w.end()) == Bytes{0x07, 0x10, 0x03, 0x00});
  // Blake2_128Concat / Twox64Concat maps: hash then the key itself
  const Bytes la = key(*md, "LiquidAlphaOn", {nu});
  CHECK(la.size() == 32 + 16 + 2);
  CHECK(Bytes(la.end() - 2, la.end()) == nu);
  const Bytes rp = key(*md, "RevealPeriodEpochs", {nu});
  CHECK(rp.size() == 32 + 8 + 2);
  // defaults the epoch falls back to (absent keys)
  CHECK(md->storage_entry("SubtensorModule", "ActivityCutoffFactorMilli")->default_value ==
        head::le_bytes<std::uint32_t>(13'889));
  CHECK(md->storage_entry("SubtensorModule", "CommitRevealWeightsEnabled")->default_value == Bytes{1});
  CHECK(md->storage_entry("SubtensorModule", "PendingEmission") == nullptr);  // split at head
  CHECK(md->storage_entry("SubtensorModule", "Rank") == nullptr);             // removed at head
}

TEST_CASE("metagraph head: sync of a head runtime is a typed refusal, never a spec-143/Feb-2025 reading") {
  bt::test::ScriptedChain chain(head::kSpecVersion, head::metadata());
  const auto md = bt::metadata::Metadata::decode(head::metadata()).value();
  chain.set(10, key(md, "NetworksAdded", {u16le(1)}), Bytes{1});
  chain.set(10, key(md, "SubnetworkN", {u16le(1)}), u16le(1));
  auto c = bt::client::Client::connect(chain.url()).value();
  for (int k = 0; k < 2; ++k) {  // also once the metadata is cached
    auto s = mg::sync(*c, 1, 10);
    REQUIRE_FALSE(s);
    CHECK(s.error() == mg::MetagraphError::unsupported_generation);
    CHECK(s.error().to_string().find("head") != std::string::npos);
  }
}
