// SPDX-License-Identifier: MIT
// yuma_demo: the Yuma consensus epoch (head runtime, Yuma3 bonds) on a small synthetic subnet.
//
// 5 validators and 15 miners with deterministic pseudo-random stakes and weights (validator 4
// scores the miners at random instead of by their quality, so it earns less); four consecutive
// epochs one tempo apart, each starting from the bonds and validator permits the previous one left
// in storage (EpochOutput::post_state_*), exactly like the chain chains them. Prints one line per
// epoch and the full per-uid table of the last epoch. The output is deterministic.
//
//   yuma_demo [--epochs N] [--seed S] [--all]     (--all: print the table after every epoch)
#include <bt/yuma/epoch.hpp>
#include <bt/yuma/simulate.hpp>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

// splitmix64: a tiny deterministic generator (same sequence on every platform).
struct Rng {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, bound).
  std::uint64_t below(std::uint64_t bound) { return next() % bound; }
};

constexpr std::uint16_t kValidators = 5;
constexpr std::uint16_t kMiners = 15;
constexpr std::uint16_t kN = kValidators + kMiners;
constexpr std::uint16_t kTempo = 360;
constexpr std::uint64_t kRaoPerEpoch = 1'000'000'000'000ULL;  // 1000 alpha per epoch

double u16_frac(std::uint16_t v) { return static_cast<double>(v) / 65535.0; }

// The subnet's storage before the first epoch.
bt::yuma::EpochInput initial_subnet(Rng& rng) {
  bt::yuma::EpochInput in;
  in.netuid = 7;
  in.n = kN;
  in.rao_emission = kRaoPerEpoch;
  in.tempo = kTempo;
  in.current_block = 1'000'000;
  in.last_mechanism_step_block = in.current_block - kTempo - 1;
  in.max_allowed_validators = kValidators;
  in.yuma3_enabled = true;
  in.registered.assign(kN, true);
  in.block_at_registration.assign(kN, 0);
  in.alpha_stake.assign(kN, 0);
  in.tao_stake.assign(kN, 0);
  in.validator_permit.assign(kN, false);
  for (std::uint16_t v = 0; v < kValidators; ++v) {
    // 20k..100k alpha on the validators, some root TAO stake on two of them.
    in.alpha_stake[v] = (20'000 + rng.below(80'000)) * 1'000'000'000ULL;
    if (v % 2 == 1) in.tao_stake[v] = (1'000 + rng.below(5'000)) * 1'000'000'000ULL;
    in.validator_permit[v] = true;
  }
  for (std::uint16_t m = kValidators; m < kN; ++m) {
    in.alpha_stake[m] = rng.below(50) * 1'000'000'000ULL;  // miners hold little stake
    in.block_at_registration[m] = 900'000 + rng.below(50'000);
  }
  in.last_update.assign(kN, 0);
  in.weights.assign(kN, {});
  return in;
}

// New weights for this epoch: every validator scores the miners by a fixed hidden quality plus its
// own noise, max-upscaled to u16 like set_weights stores them.
void set_weights(bt::yuma::EpochInput& in, const std::vector<std::uint32_t>& quality, Rng& rng) {
  for (std::uint16_t v = 0; v < kValidators; ++v) {
    std::vector<std::uint64_t> score(kMiners);
    std::uint64_t max = 1;
    for (std::uint16_t j = 0; j < kMiners; ++j) {
      // The last validator ignores quality and scores at random: it disagrees with consensus,
      // so its validator trust, bonds and dividends end up lower.
      score[j] = v + 1 == kValidators ? rng.below(1000) : quality[j] + rng.below(250);
      if (score[j] > max) max = score[j];
    }
    bt::yuma::Row row;
    for (std::uint16_t j = 0; j < kMiners; ++j) {
      row.emplace_back(static_cast<std::uint16_t>(kValidators + j),
                       static_cast<std::uint16_t>(score[j] * 65535 / max));
    }
    in.weights[v] = std::move(row);
    in.last_update[v] = in.current_block - 1 - rng.below(100);
  }
  for (std::uint16_t m = kValidators; m < kN; ++m) {
    in.last_update[m] = in.current_block - rng.below(kTempo);
  }
}

std::size_t bonds_nnz(const std::vector<std::optional<bt::yuma::Row>>& bonds) {
  std::size_t nnz = 0;
  for (const auto& r : bonds) nnz += r ? r->size() : 0;
  return nnz;
}

void print_table(const bt::yuma::EpochInput& in, const bt::yuma::EpochOutput& out) {
  std::uint64_t stake_total = 0;
  for (const auto& s : out.stake) stake_total += s.value_or(0);
  std::printf("%4s  %-9s  %7s  %9s  %9s  %9s  %9s  %15s  %6s\n", "uid", "role", "stake%", "consensus",
              "incentive", "dividends", "vtrust", "emission (rao)", "permit");
  double sum_share = 0, sum_i = 0, sum_d = 0;
  std::uint64_t sum_e = 0;
  for (std::uint16_t i = 0; i < in.n; ++i) {
    const double share =
        stake_total ? 100.0 * static_cast<double>(out.stake[i].value_or(0)) / static_cast<double>(stake_total)
                    : 0.0;
    const bool permit = i < out.validator_permit.size() && out.validator_permit[i];
    std::printf("%4u  %-9s  %6.2f%%  %9.4f  %9.4f  %9.4f  %9.4f  %15llu  %6s\n", static_cast<unsigned>(i),
                i < kValidators ? "validator" : "miner", share, u16_frac(out.consensus[i]),
                u16_frac(out.incentive[i]), u16_frac(out.dividends[i]), u16_frac(out.validator_trust[i]),
                static_cast<unsigned long long>(out.emission[i]), permit ? "yes" : "no");
    sum_share += share;
    sum_i += u16_frac(out.incentive[i]);
    sum_d += u16_frac(out.dividends[i]);
    sum_e += out.emission[i];
  }
  std::printf("%4s  %-9s  %6.2f%%  %9s  %9.4f  %9.4f  %9s  %15llu\n", "", "total", sum_share, "", sum_i,
              sum_d, "", static_cast<unsigned long long>(sum_e));
}

int usage() {
  std::fprintf(stderr, "usage: yuma_demo [--epochs N (1..1000, default 4)] [--seed S] [--all]\n");
  return 2;
}

bool parse_u64(const char* s, std::uint64_t* out) {
  if (!*s) return false;
  char* end = nullptr;
  errno = 0;
  const unsigned long long v = std::strtoull(s, &end, 10);
  if (errno || *end || s[0] == '-') return false;
  *out = v;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  int epochs = 4;
  std::uint64_t seed = 20260630;
  bool all = false;
  for (int i = 1; i < argc; ++i) {
    std::uint64_t v = 0;
    if (std::strcmp(argv[i], "--all") == 0) {
      all = true;
    } else if (std::strcmp(argv[i], "--epochs") == 0 && i + 1 < argc && parse_u64(argv[i + 1], &v) &&
               v >= 1 && v <= 1000) {
      epochs = static_cast<int>(v);
      ++i;
    } else if (std::strcmp(argv[i], "--seed") == 0 && i + 1 < argc && parse_u64(argv[i + 1], &v)) {
      seed = v;
      ++i;
    } else {
      return usage();
    }
  }
  Rng rng{seed};
  bt::yuma::EpochInput in = initial_subnet(rng);
  std::vector<std::uint32_t> quality(kMiners);
  for (auto& q : quality) q = static_cast<std::uint32_t>(rng.below(1000));

  std::printf(
      "Yuma consensus demo: head runtime (Yuma3 on), sparse path; %u validators, %u miners,"
      " %llu rao per epoch\n\n",
      static_cast<unsigned>(kValidators), static_cast<unsigned>(kMiners),
      static_cast<unsigned long long>(kRaoPerEpoch));
  bt::yuma::EpochOutput out;
  for (int e = 0; e < epochs; ++e) {
    set_weights(in, quality, rng);
    auto r = bt::yuma::run_epoch(in, bt::yuma::Variant::head, bt::yuma::Path::sparse);
    if (!r) {
      std::fprintf(stderr, "yuma_demo: epoch %d failed: %s\n", e, r.error().to_string().c_str());
      return 1;
    }
    out = std::move(*r);
    std::uint64_t to_validators = 0, to_miners = 0;
    for (std::uint16_t i = 0; i < in.n; ++i) {
      to_validators += out.validator_emission[i].value_or(0);
      to_miners += out.server_emission[i].value_or(0);
    }
    std::printf("epoch %d at block %llu: validators %llu rao, miners %llu rao, bonds entries %zu\n", e + 1,
                static_cast<unsigned long long>(in.current_block),
                static_cast<unsigned long long>(to_validators), static_cast<unsigned long long>(to_miners),
                bonds_nnz(out.post_state_bonds));
    if (all && e + 1 < epochs) {
      print_table(in, out);
      std::printf("\n");
    }
    if (e + 1 == epochs) break;
    // Storage after the epoch becomes the next epoch's input.
    bt::yuma::set_bonds_storage(in, out.post_state_bonds);
    in.validator_permit = out.post_state_validator_permit;
    in.last_mechanism_step_block = in.current_block;
    in.current_block += kTempo + 1;
  }
  std::printf("\nper-uid results of epoch %d (u16 values shown as fractions of 65535):\n", epochs);
  print_table(in, out);
  return 0;
}
