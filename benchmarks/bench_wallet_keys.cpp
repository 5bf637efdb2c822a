// SPDX-License-Identifier: MIT
// Key operations: ed25519 / ecdsa sign+verify, Keypair::sign for every scheme, SS58 encode/decode,
// BIP39 phrase -> mini secret (PBKDF2 2048 rounds), URI derivation, and one $NACL unlock with the
// real Argon2 parameters (512 MiB).
#include <benchmark/benchmark.h>

#include <bt/crypto/bip39.hpp>
#include <bt/crypto/ecdsa.hpp>
#include <bt/crypto/ed25519.hpp>
#include <bt/crypto/keypair.hpp>
#include <bt/crypto/ss58.hpp>
#include <bt/wallet/keyfile.hpp>

using namespace bt;
using namespace bt::crypto;

namespace {
constexpr std::string_view kPhrase =
    "legal winner thank year wave sausage worth useful legal winner thank yellow";

std::span<const std::uint8_t, 32> span32(const FixedBytes<32>& f) {
  return std::span<const std::uint8_t, 32>(f.data);
}
FixedBytes<32> seed_of(std::uint8_t x) {
  FixedBytes<32> s;
  for (std::size_t i = 0; i < 32; ++i) s[i] = static_cast<std::uint8_t>(x + i);
  return s;
}

void BM_ed25519_sign(benchmark::State& st) {
  auto kp = ed25519::keypair_from_seed(span32(seed_of(1)));
  Bytes msg(64, 7);
  for (auto _ : st) {
    auto sig = ed25519::sign(kp, msg);
    msg[0] = sig[0];  // feed the output back
    benchmark::DoNotOptimize(sig);
  }
}
BENCHMARK(BM_ed25519_sign);

void BM_ed25519_verify(benchmark::State& st) {
  auto kp = ed25519::keypair_from_seed(span32(seed_of(1)));
  Bytes msg(64, 7);
  auto sig = ed25519::sign(kp, msg);
  for (auto _ : st) benchmark::DoNotOptimize(ed25519::verify(sig, msg, kp.public_key));
}
BENCHMARK(BM_ed25519_verify);

void BM_ecdsa_sign(benchmark::State& st) {
  auto kp = ecdsa::keypair_from_seed(span32(seed_of(2))).value();
  Bytes msg(64, 7);
  for (auto _ : st) {
    auto sig = ecdsa::sign(kp, msg);
    msg[0] = sig[0];
    benchmark::DoNotOptimize(sig);
  }
}
BENCHMARK(BM_ecdsa_sign);

void BM_ecdsa_verify(benchmark::State& st) {
  auto kp = ecdsa::keypair_from_seed(span32(seed_of(2))).value();
  Bytes msg(64, 7);
  auto sig = ecdsa::sign(kp, msg);
  for (auto _ : st) benchmark::DoNotOptimize(ecdsa::verify(sig, msg, kp.public_key));
}
BENCHMARK(BM_ecdsa_verify);

void BM_keypair_sign(benchmark::State& st) {
  auto kp = Keypair::from_uri("//Alice", static_cast<Scheme>(st.range(0))).value();
  Bytes msg(128, 3);
  for (auto _ : st) benchmark::DoNotOptimize(kp.sign(msg));
  st.SetLabel(std::string(scheme_name(kp.scheme())));
}
BENCHMARK(BM_keypair_sign)->Arg(0)->Arg(1)->Arg(2);

void BM_ss58_encode(benchmark::State& st) {
  AccountId32 id(seed_of(9));  // any 32 bytes; explicit, an account id is not a seed
  for (auto _ : st) {
    auto a = ss58_encode(id, 42);
    benchmark::DoNotOptimize(a);
    id[0] ^= 1;
  }
}
BENCHMARK(BM_ss58_encode);

void BM_ss58_decode(benchmark::State& st) {
  const std::string addr = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
  for (auto _ : st) benchmark::DoNotOptimize(ss58_decode_account(addr));
}
BENCHMARK(BM_ss58_decode);

void BM_bip39_mini_secret(benchmark::State& st) {
  for (auto _ : st) benchmark::DoNotOptimize(bip39::mini_secret_from_phrase(kPhrase));
}
BENCHMARK(BM_bip39_mini_secret);

void BM_bip39_validate(benchmark::State& st) {
  for (auto _ : st) benchmark::DoNotOptimize(bip39::validate(kPhrase));
}
BENCHMARK(BM_bip39_validate);

void BM_keypair_from_uri(benchmark::State& st) {
  const std::string uri = std::string(kPhrase) + "//hot//1";
  for (auto _ : st) benchmark::DoNotOptimize(Keypair::from_uri(uri, static_cast<Scheme>(st.range(0))));
}
BENCHMARK(BM_keypair_from_uri)->Arg(0)->Arg(1)->Arg(2);

void BM_nacl_unlock_real_params(benchmark::State& st) {
  for (auto _ : st) benchmark::DoNotOptimize(wallet::derive_nacl_key("password"));
}
BENCHMARK(BM_nacl_unlock_real_params)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
