// SPDX-License-Identifier: MIT
// Signed extrinsics on the real raonet metadata: extensions from metadata, signing (sr25519/ed25519),
// decoding; bittensor weight conversion for a 256-uid validator.
#include <benchmark/benchmark.h>

#include <bt/crypto/keypair.hpp>
#include <bt/extrinsic/builder.hpp>
#include <bt/extrinsic/extensions.hpp>
#include <bt/subtensor/calls.hpp>
#include <bt/subtensor/weights.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

namespace {
const bt::metadata::Metadata& md() {
  static bt::metadata::Metadata m = [] {
    std::ifstream in(std::filesystem::path(BT_VECTORS_DIR) / "metadata" / "raonet_v14.scale",
                     std::ios::binary);
    bt::Bytes b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto r = bt::metadata::Metadata::decode(b);
    if (!r) std::abort();
    return std::move(*r);
  }();
  return m;
}
bt::extrinsic::ExtensionParams params() {
  bt::extrinsic::ExtensionParams p;
  p.spec_version = 218;
  p.transaction_version = 1;
  p.genesis_hash.data.fill(0x11);
  p.era = bt::extrinsic::Era::mortal(64, 1000);
  p.era_block_hash.data.fill(0x22);
  p.nonce = 5;
  return p;
}
bt::subtensor::EmitWeights weights256() {
  std::vector<std::int64_t> uids(256);
  std::vector<float> w(256);
  for (int i = 0; i < 256; ++i) {
    uids[static_cast<std::size_t>(i)] = i;
    w[static_cast<std::size_t>(i)] = static_cast<float>((i * 7919) % 1000) / 1000.0f;
  }
  return bt::subtensor::convert_weights_and_uids_for_emit(uids, w).value();
}
}  // namespace

static void BM_encode_extensions(benchmark::State& state) {
  auto p = params();
  for (auto _ : state) {
    auto e = bt::extrinsic::encode_extensions(md(), p);
    p.nonce = e->extra.size() + p.nonce % 1000;
    benchmark::DoNotOptimize(e);
  }
}
BENCHMARK(BM_encode_extensions);

static void sign_set_weights(benchmark::State& state, bt::crypto::Scheme scheme) {
  auto key = bt::crypto::Keypair::from_uri("//Alice", scheme).value();
  auto call = bt::subtensor::set_weights_call(md(), 1, weights256(), 0).value();
  auto p = params();
  for (auto _ : state) {
    auto xt = bt::extrinsic::build_signed(md(), call, key, p);
    p.nonce = (p.nonce + xt->size()) % 100000;
    benchmark::DoNotOptimize(xt);
  }
}
static void BM_sign_set_weights256_sr25519(benchmark::State& s) {
  sign_set_weights(s, bt::crypto::Scheme::sr25519);
}
static void BM_sign_set_weights256_ed25519(benchmark::State& s) {
  sign_set_weights(s, bt::crypto::Scheme::ed25519);
}
BENCHMARK(BM_sign_set_weights256_sr25519);
BENCHMARK(BM_sign_set_weights256_ed25519);

static void BM_decode_set_weights256(benchmark::State& state) {
  auto key = bt::crypto::Keypair::from_uri("//Alice", bt::crypto::Scheme::ed25519).value();
  auto call = bt::subtensor::set_weights_call(md(), 1, weights256(), 0).value();
  auto xt = bt::extrinsic::build_signed(md(), call, key, params()).value();
  for (auto _ : state) {
    auto d = bt::extrinsic::decode_extrinsic(md(), xt);
    benchmark::DoNotOptimize(d);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * xt.size()));
}
BENCHMARK(BM_decode_set_weights256);

static void BM_convert_weights256(benchmark::State& state) {
  std::vector<std::int64_t> uids(256);
  std::vector<float> w(256);
  for (int i = 0; i < 256; ++i) {
    uids[static_cast<std::size_t>(i)] = i;
    w[static_cast<std::size_t>(i)] = static_cast<float>((i * 7919) % 1000) / 1000.0f;
  }
  for (auto _ : state) {
    auto e = bt::subtensor::convert_weights_and_uids_for_emit(uids, w);
    w[0] = static_cast<float>(e->weights.size() % 7) / 7.0f;
    benchmark::DoNotOptimize(e);
  }
}
BENCHMARK(BM_convert_weights256);

BENCHMARK_MAIN();
