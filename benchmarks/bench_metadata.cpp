// SPDX-License-Identifier: MIT
// Runtime metadata and dynamic values on the real subtensor metadata (tests/vectors/metadata):
// full metadata decode, Vec<(u16, u16)> by registry type, storage key hashing, call encoding and
// System.Events decoding. Before the benchmarks run, polkadot-js decodes the same blobs in this same
// process run (node tests/interop-scale/bench_decode.js) when node and @polkadot/types are available
// (BT_INTEROP_NODE_MODULES or tests/interop-scale/node_modules); its timing is printed for comparison.
#include <bt/metadata/calls.hpp>
#include <bt/metadata/events.hpp>
#include <bt/metadata/metadata.hpp>
#include <bt/metadata/storage.hpp>
#include <bt/metadata/value.hpp>

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

using namespace bt::metadata;
namespace fs = std::filesystem;

namespace {
bt::Bytes read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return bt::Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}
fs::path vectors() { return fs::path(BT_VECTORS_DIR) / "metadata"; }
const bt::Bytes& blob(const char* name) {
  static std::map<std::string, bt::Bytes> cache;
  auto& b = cache[name];
  if (b.empty()) b = read_file(vectors() / (std::string(name) + ".scale"));
  return b;
}
const Metadata& md() {
  static Metadata m = Metadata::decode(blob("raonet_v15")).value();
  return m;
}
TypeId type_named(std::string_view n) {
  for (const auto& t : md().types.types())
    if (md().types.type_name(t.id) == n) return t.id;
  return 0;
}
}  // namespace

static void BM_MetadataDecode(benchmark::State& state, const char* name) {
  const bt::Bytes& b = blob(name);
  for (auto _ : state) {
    auto r = Metadata::decode(b);
    if (!r) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(r->pallets.data());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(b.size()));
}
BENCHMARK_CAPTURE(BM_MetadataDecode, raonet_v14, "raonet_v14")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_MetadataDecode, raonet_v15, "raonet_v15")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_MetadataDecode, spec143_v14, "spec143_v14")->Unit(benchmark::kMillisecond);

static Value pairs_value() {
  std::vector<Value> items;
  for (int i = 0; i < 4096; ++i)
    items.push_back(
        Value::tuple({Value::u(static_cast<unsigned>(i)), Value::u(static_cast<unsigned>(i * 7 % 65536))}));
  return Value::sequence(std::move(items));
}

static void BM_DynamicVecU16PairEncode4096(benchmark::State& state) {
  TypeId t = type_named("Vec<(u16, u16)>");
  Value v = pairs_value();
  for (auto _ : state) {
    auto b = encode_value(md().types, t, v);
    benchmark::DoNotOptimize(b->data());
  }
}
BENCHMARK(BM_DynamicVecU16PairEncode4096);

static void BM_DynamicVecU16PairDecode4096(benchmark::State& state) {
  TypeId t = type_named("Vec<(u16, u16)>");
  bt::Bytes b = encode_value(md().types, t, pairs_value()).value();
  for (auto _ : state) {
    auto v = decode_value(md().types, t, b);
    benchmark::DoNotOptimize(v->items().data());
  }
}
BENCHMARK(BM_DynamicVecU16PairDecode4096);

static void BM_StorageKeySystemAccount(benchmark::State& state) {
  std::vector<Value> keys{Value::bytes(bt::Bytes(32, 0xd4))};
  for (auto _ : state) {
    auto k = storage_key(md(), "System", "Account", keys);
    benchmark::DoNotOptimize(k->data());
  }
}
BENCHMARK(BM_StorageKeySystemAccount);

static void BM_StorageKeyHashersOnly(benchmark::State& state) {
  bt::Bytes data(32, 0xd4);
  for (auto _ : state) {
    bt::Bytes k = storage_prefix("SubtensorModule", "Weights");
    bt::Bytes a = hash_key_part(StorageHasher::Blake2_128Concat, data);
    bt::Bytes b = hash_key_part(StorageHasher::Twox64Concat, data);
    benchmark::DoNotOptimize(k.data());
    benchmark::DoNotOptimize(a.data());
    benchmark::DoNotOptimize(b.data());
  }
}
BENCHMARK(BM_StorageKeyHashersOnly);

static void BM_EncodeSetWeightsCall(benchmark::State& state) {
  std::vector<Value> dests, weights;
  for (int i = 0; i < 256; ++i) {
    dests.push_back(Value::u(static_cast<unsigned>(i)));
    weights.push_back(Value::u(static_cast<unsigned>(i * 200)));
  }
  Value args = Value::composite({{"netuid", Value::u(1)},
                                 {"dests", Value::sequence(dests)},
                                 {"weights", Value::sequence(weights)},
                                 {"version_key", Value::u(0)}});
  for (auto _ : state) {
    auto c = encode_call(md(), "SubtensorModule", "set_weights", args);
    benchmark::DoNotOptimize(c->data());
  }
}
BENCHMARK(BM_EncodeSetWeightsCall);

static void BM_DecodeEvents(benchmark::State& state) {
  std::ifstream in(vectors() / "polkadotjs_raonet_v15.json");
  auto ref = nlohmann::json::parse(in);
  bt::Bytes b = bt::from_hex(ref["events_blob"].get<std::string>()).value();
  std::size_t n = 0;
  for (auto _ : state) {
    auto evs = decode_events(md(), b);
    n = evs->size();
    benchmark::DoNotOptimize(evs->data());
  }
  state.counters["events"] = static_cast<double>(n);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
}
BENCHMARK(BM_DecodeEvents)->Unit(benchmark::kMicrosecond);

// polkadot-js on the same blobs, in this run.
static void run_polkadotjs() {
  fs::path dir = fs::path(BT_VECTORS_DIR).parent_path() / "interop-scale";
  fs::path nm = dir / "node_modules";
  if (const char* env = std::getenv("BT_INTEROP_NODE_MODULES"); env && *env) nm = env;
  if (!fs::exists(nm / "@polkadot" / "types")) {
    std::cerr << "polkadot-js comparison SKIPPED: no " << nm << " (set BT_INTEROP_NODE_MODULES)\n";
    return;
  }
  for (const char* name : {"raonet_v14", "raonet_v15", "spec143_v14"}) {
    std::string cmd = "NODE_PATH='" + nm.string() + "' node '" + (dir / "bench_decode.js").string() + "' '" +
                      (vectors() / (std::string(name) + ".scale")).string() + "' 20 2>/dev/null";
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) continue;
    std::string out;
    char buf[512];
    while (fgets(buf, sizeof buf, p)) out += buf;
    pclose(p);
    std::cerr << "polkadot-js metadata decode " << name << ": " << out;
  }
}

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  run_polkadotjs();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
