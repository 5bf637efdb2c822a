// SPDX-License-Identifier: MIT
// BLS12-381 and timelock commits, side by side with @noble/curves in the same run.
//
// Google Benchmark times our operations; before and after them the program runs
// tests/interop-bls/bench.mjs (node + @noble/curves, when installed) on the same inputs and prints
// noble's microseconds per operation, so both sides share the machine state of one run. The noble
// "commit" rebuilds tle's encryption from noble + node:crypto; its bytes must equal ours.
//
//   build/bench/benchmarks/bench_subtensor_bls --benchmark_min_time=0.5
#include <benchmark/benchmark.h>
#include <stdlib.h>
#include <unistd.h>

#include <bt/crypto/bls12_381.hpp>
#include <bt/crypto/bls12_381_hash.hpp>
#include <bt/crypto/bls12_381_pairing.hpp>
#include <bt/crypto/drand.hpp>
#include <bt/crypto/hashing.hpp>
#include <bt/crypto/timelock.hpp>
#include <bt/subtensor/timelock_commit.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

namespace bls = bt::crypto::bls12_381;
namespace fs = std::filesystem;

namespace {
const char* kRound1000Sig =
    "b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39";
const bls::Scalar& scalar() {
  static const bls::Scalar k =
      bls::Scalar::from_bytes_be_mod_order(bt::crypto::sha256(bt::as_bytes("bench")));
  return k;
}
// 256 weights: uids 0..255 with spread values (a typical validator commit).
bt::Bytes payload_256() {
  bt::subtensor::WeightsTlockPayload p;
  p.hotkey.assign(32, 0x42);
  for (std::uint16_t i = 0; i < 256; ++i) {
    p.uids.push_back(i);
    p.values.push_back(static_cast<std::uint16_t>(i * 251u));
  }
  p.version_key = 843000;
  return bt::scale::encode(p);
}
bt::crypto::timelock::EncryptionRandomness fixed_randomness() {
  bt::crypto::timelock::EncryptionRandomness r;
  for (int i = 0; i < 32; ++i) {
    r.esk.data()[i] = static_cast<std::uint8_t>(i + 1);
    r.t_le.data()[i] = static_cast<std::uint8_t>(3 * i + 7);
  }
  r.t_le.data()[31] = 0x1f;  // below r
  for (int i = 0; i < 12; ++i) r.nonce[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(100 + i);
  return r;
}

void BM_pairing(benchmark::State& st) {
  const bls::G1 p = bls::mul(bls::G1::generator(), scalar());
  const bls::G2 q = bls::mul(bls::G2::generator(), scalar());
  for (auto _ : st) benchmark::DoNotOptimize(bls::pairing(p, q));
}
BENCHMARK(BM_pairing)->Unit(benchmark::kMicrosecond);

void BM_hash_to_g1(benchmark::State& st) {
  const bt::Hash256 m = bt::crypto::drand::round_message(1000);
  for (auto _ : st) benchmark::DoNotOptimize(bls::hash_to_g1(m, bt::as_bytes(bls::kDrandQuicknetDst)));
}
BENCHMARK(BM_hash_to_g1)->Unit(benchmark::kMicrosecond);

void BM_g2_mul_constant_time(benchmark::State& st) {
  for (auto _ : st) benchmark::DoNotOptimize(bls::mul(bls::G2::generator(), scalar()));
}
BENCHMARK(BM_g2_mul_constant_time)->Unit(benchmark::kMicrosecond);

// [k] G2 generator through the precomputed generator table (what encryption uses for U = [r] g2); noble's
// G2.BASE.multiply also uses precomputed tables for the base point.
void BM_g2_mul_generator_fixed_base(benchmark::State& st) {
  (void)bls::g2_generator_table();  // built once, outside the timing
  for (auto _ : st) benchmark::DoNotOptimize(bls::g2_mul_generator(scalar()));
}
BENCHMARK(BM_g2_mul_generator_fixed_base)->Unit(benchmark::kMicrosecond);

void BM_g2_decompress_subgroup_check(benchmark::State& st) {
  const auto& pk = bt::crypto::drand::quicknet_public_key();
  for (auto _ : st) benchmark::DoNotOptimize(bls::g2_from_compressed(pk));
}
BENCHMARK(BM_g2_decompress_subgroup_check)->Unit(benchmark::kMicrosecond);

void BM_verify_quicknet_beacon(benchmark::State& st) {
  const bt::Bytes sig = bt::from_hex(kRound1000Sig).value();
  const auto pk = bls::g2_from_compressed(bt::crypto::drand::quicknet_public_key()).value();
  const auto s = bls::g1_from_compressed(sig).value();
  for (auto _ : st) benchmark::DoNotOptimize(bt::crypto::drand::verify_beacon(pk, 1000, s));
}
BENCHMARK(BM_verify_quicknet_beacon)->Unit(benchmark::kMicrosecond);

// One complete commit of 256 weights: payload SCALE, reveal round, decode of the quicknet key,
// timelock encryption (what get_encrypted_commit does), with fresh OS randomness.
void BM_commit_256_weights(benchmark::State& st) {
  std::vector<std::uint16_t> uids(256), values(256);
  for (std::uint16_t i = 0; i < 256; ++i) {
    uids[i] = i;
    values[i] = static_cast<std::uint16_t>(i * 251u);
  }
  bt::crypto::AccountId32 hotkey;
  hotkey.data.fill(0x42);
  const bt::subtensor::RevealRoundInputs when{5000000, 1, 360, 1, 12.0, 1750000000.0};
  for (auto _ : st)
    benchmark::DoNotOptimize(bt::subtensor::generate_commit(uids, values, 843000, when, hotkey));
}
BENCHMARK(BM_commit_256_weights)->Unit(benchmark::kMicrosecond);

void BM_decrypt_commit(benchmark::State& st) {
  const bt::Bytes sig = bt::from_hex(kRound1000Sig).value();
  const bt::Bytes ct =
      bt::crypto::timelock::encrypt(bt::crypto::drand::quicknet_public_key(), 1000, payload_256()).value();
  for (auto _ : st) benchmark::DoNotOptimize(bt::crypto::timelock::decrypt(ct, sig));
}
BENCHMARK(BM_decrypt_commit)->Unit(benchmark::kMicrosecond);

// Runs noble on the same inputs; prints its figures and checks the commit bytes against ours.
void run_noble(const char* when) {
  const fs::path dir = fs::path(BT_VECTORS_DIR).parent_path() / "interop-bls";
  if (!fs::exists(dir / "node_modules" / "@noble" / "curves")) {
    std::printf("noble (%s): skipped, run `npm ci` in %s\n", when, dir.c_str());
    return;
  }
  const auto rnd = fixed_randomness();
  const bt::Bytes payload = payload_256();
  nlohmann::json req = {{"scalar_be", bt::to_hex(scalar().to_bytes_be(), false)},
                        {"signature", kRound1000Sig},
                        {"public_key", bt::to_hex(bt::crypto::drand::quicknet_public_key(), false)},
                        {"round", 1000},
                        {"commit_public_key", bt::to_hex(bt::crypto::drand::quicknet_public_key(), false)},
                        {"commit_round", 19066392},
                        {"payload_hex", bt::to_hex(payload, false)},
                        {"esk", bt::to_hex(rnd.esk.view(), false)},
                        {"t_le", bt::to_hex(rnd.t_le.view(), false)},
                        {"nonce", bt::to_hex(bt::ByteView(rnd.nonce.data(), 12), false)}};
  char path[] = "/tmp/bt_bench_bls_XXXXXX";
  const int fd = ::mkstemp(path);
  if (fd < 0) return;
  ::close(fd);
  std::ofstream(path) << req.dump();
  std::string out;
  FILE* p = ::popen(("node '" + (dir / "bench.mjs").string() + "' '" + path + "'").c_str(), "r");
  if (p) {
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    ::pclose(p);
  }
  fs::remove(path);
  const auto res = nlohmann::json::parse(out, nullptr, false);
  if (res.is_discarded()) {
    std::printf("noble (%s): failed: %s\n", when, out.c_str());
    return;
  }
  const bt::Bytes ours =
      bt::crypto::timelock::encrypt(bt::crypto::drand::quicknet_public_key(), 19066392, payload, rnd).value();
  std::printf("noble 2.4.0 (%s), us/op wall / cpu:", when);
  for (const char* k : {"pairing_us", "hash_to_g1_us", "g2_mul_us", "verify_beacon_us", "commit_256_us"})
    std::printf(" %s %.0f / %.0f |", k, res[k][0].get<double>(), res[k][1].get<double>());
  std::printf(" commit bytes %s ours\n",
              res["commit_hex"].get<std::string>() == bt::to_hex(ours, false) ? "==" : "!=");
}
}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  run_noble("before");
  benchmark::RunSpecifiedBenchmarks();
  run_noble("after");
  benchmark::Shutdown();
  return 0;
}
