// SPDX-License-Identifier: MIT
// Hashes, Keccak-f[1600], and sr25519 keypair/sign/verify/derive. Each iteration feeds on the previous
// output so nothing can be hoisted.
#include <benchmark/benchmark.h>

#include <bt/crypto/hashing.hpp>
#include <bt/crypto/sr25519.hpp>

namespace sr = bt::crypto::sr25519;

namespace {

template <class F>
void hash_bench(benchmark::State& state, F f) {
  bt::Bytes data(static_cast<std::size_t>(state.range(0)), 0x5a);
  for (auto _ : state) {
    auto h = f(data);
    data[0] = h[0];
    benchmark::DoNotOptimize(h);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}

}  // namespace

static void BM_blake2b_256(benchmark::State& s) {
  hash_bench(s, [](bt::ByteView d) { return bt::crypto::blake2b_256(d); });
}
static void BM_blake2b_128(benchmark::State& s) {
  hash_bench(s, [](bt::ByteView d) { return bt::crypto::blake2b_128(d); });
}
static void BM_twox_128(benchmark::State& s) {
  hash_bench(s, [](bt::ByteView d) { return bt::crypto::twox_128(d); });
}
static void BM_twox_64(benchmark::State& s) {
  hash_bench(s, [](bt::ByteView d) { return bt::crypto::twox_64(d); });
}
static void BM_keccak_256(benchmark::State& s) {
  hash_bench(s, [](bt::ByteView d) { return bt::crypto::keccak_256(d); });
}
static void BM_sha256(benchmark::State& s) {
  hash_bench(s, [](bt::ByteView d) { return bt::crypto::sha256(d); });
}
BENCHMARK(BM_blake2b_256)->Arg(32)->Arg(1024)->Arg(1 << 16);
BENCHMARK(BM_blake2b_128)->Arg(32);
BENCHMARK(BM_twox_128)->Arg(32)->Arg(1024)->Arg(1 << 16);
BENCHMARK(BM_twox_64)->Arg(32);
BENCHMARK(BM_keccak_256)->Arg(32)->Arg(1024)->Arg(1 << 16);
BENCHMARK(BM_sha256)->Arg(32)->Arg(1024);

static void BM_keccak_f1600(benchmark::State& state) {
  std::uint64_t st[25] = {};
  for (auto _ : state) {
    bt::crypto::keccak_f1600(st);
    benchmark::DoNotOptimize(st);
  }
}
BENCHMARK(BM_keccak_f1600);

static void BM_pbkdf2_bip39_2048(benchmark::State& state) {
  std::array<std::uint8_t, 64> out{};
  bt::Bytes entropy(16, 1);
  for (auto _ : state) {
    bt::crypto::pbkdf2_hmac_sha512(entropy, bt::as_bytes("mnemonic"), 2048, out);
    entropy[0] = out[0];
  }
}
BENCHMARK(BM_pbkdf2_bip39_2048)->Unit(benchmark::kMillisecond);

static void BM_sr25519_keypair_from_seed(benchmark::State& state) {
  std::array<std::uint8_t, 32> seed{};
  for (auto _ : state) {
    auto kp = sr::keypair_from_seed(seed);
    seed[0] = kp.public_key.bytes[0];
    benchmark::DoNotOptimize(kp);
  }
}
BENCHMARK(BM_sr25519_keypair_from_seed)->Unit(benchmark::kMicrosecond);

static void BM_sr25519_sign(benchmark::State& state) {
  const auto kp = sr::keypair_from_seed(std::array<std::uint8_t, 32>{1});
  bt::Bytes msg(static_cast<std::size_t>(state.range(0)), 0x42);
  for (auto _ : state) {
    auto sig = sr::sign(kp, msg);
    msg[0] = sig[0];
    benchmark::DoNotOptimize(sig);
  }
}
BENCHMARK(BM_sr25519_sign)->Arg(32)->Arg(1024)->Unit(benchmark::kMicrosecond);

static void BM_sr25519_verify(benchmark::State& state) {
  const auto kp = sr::keypair_from_seed(std::array<std::uint8_t, 32>{1});
  bt::Bytes msg(static_cast<std::size_t>(state.range(0)), 0x42);
  const auto sig = sr::sign(kp, msg);
  for (auto _ : state) {
    bool ok = sr::verify(sig, msg, kp.public_key);
    if (!ok) state.SkipWithError("verify failed");
    benchmark::DoNotOptimize(ok);
  }
}
BENCHMARK(BM_sr25519_verify)->Arg(32)->Arg(1024)->Unit(benchmark::kMicrosecond);

static void BM_sr25519_derive_hard(benchmark::State& state) {
  auto kp = sr::keypair_from_seed(std::array<std::uint8_t, 32>{2});
  sr::ChainCode cc;
  for (auto _ : state) {
    kp = sr::derive_hard(kp, cc);
    cc[0] = kp.public_key.bytes[0];
  }
}
BENCHMARK(BM_sr25519_derive_hard)->Unit(benchmark::kMicrosecond);

static void BM_sr25519_derive_soft_public(benchmark::State& state) {
  auto pk = sr::keypair_from_seed(std::array<std::uint8_t, 32>{3}).public_key;
  sr::ChainCode cc;
  for (auto _ : state) {
    pk = sr::derive_soft_public(pk, cc).value();
    cc[0] = pk.bytes[0];
  }
}
BENCHMARK(BM_sr25519_derive_soft_public)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
