// SPDX-License-Identifier: MIT
// Fuzzes run_epoch on EpochInput built from raw bytes: small random n, vectors whose lengths
// sometimes disagree with n, rows with out-of-range / duplicate uids and zeros, extreme stakes and
// blocks, every hyperparameter over its full range, commit queues and owner uids (also out of
// range), on every variant and path, plus epoch_with_mechanisms with 1-4 mechanisms.
// Properties: never a crash, hang or non-YumaError; validate_input agrees with run_epoch;
// deterministic (two runs give the same JSON); the fused run equals the step-by-step one; head sparse outputs
// have one entry per registered uid, the other variants/paths n entries.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <bt/yuma/case.hpp>
#include <bt/yuma/epoch.hpp>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace {

using bt::yuma::EpochInput;
using bt::yuma::Row;

std::uint64_t any_u64(FuzzedDataProvider& p, std::uint64_t near) {
  switch (p.ConsumeIntegralInRange<int>(0, 3)) {
    case 0:
      return p.ConsumeIntegral<std::uint64_t>();
    case 1:
      return near + p.ConsumeIntegralInRange<std::uint64_t>(0, 1000);
    case 2:
      return near > 20'000 ? near - p.ConsumeIntegralInRange<std::uint64_t>(0, 20'000) : 0;
    default:
      return p.ConsumeIntegralInRange<std::uint64_t>(0, 64);
  }
}

// Length n most of the time, sometimes off by one (must be a typed error, never UB).
std::size_t length(FuzzedDataProvider& p, std::size_t n) {
  const int r = p.ConsumeIntegralInRange<int>(0, 31);
  if (r == 0) return n + 1;
  if (r == 1 && n > 0) return n - 1;
  return n;
}

std::vector<std::uint64_t> u64s(FuzzedDataProvider& p, std::size_t n, std::uint64_t near) {
  std::vector<std::uint64_t> v(length(p, n));
  for (auto& x : v) x = any_u64(p, near);
  return v;
}

std::vector<bool> bools(FuzzedDataProvider& p, std::size_t len) {
  std::vector<bool> v(len);
  for (std::size_t i = 0; i < len; ++i) v[i] = p.ConsumeBool();
  return v;
}

std::vector<Row> rows(FuzzedDataProvider& p, std::size_t n) {
  std::vector<Row> out(p.ConsumeIntegralInRange<std::size_t>(0, n + 2));
  for (auto& r : out) {
    const std::size_t len = p.ConsumeIntegralInRange<std::size_t>(0, n + 2);
    for (std::size_t k = 0; k < len; ++k) {
      const auto j = p.ConsumeIntegralInRange<std::uint16_t>(
          0, static_cast<std::uint16_t>(p.ConsumeBool() ? n + 3 : 65535));
      std::uint16_t w = p.ConsumeIntegral<std::uint16_t>();
      if (p.ConsumeIntegralInRange<int>(0, 7) == 0) w = 0;
      r.emplace_back(j, w);
    }
    // Often the shape a chain stores (strictly ascending columns below n), which the fused fast
    // forms take; the others fall back to the general forms.
    if (p.ConsumeBool()) {
      std::erase_if(r, [n](const auto& e) { return e.first >= n; });
      std::sort(r.begin(), r.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      r.erase(
          std::unique(r.begin(), r.end(), [](const auto& a, const auto& b) { return a.first == b.first; }),
          r.end());
    }
  }
  return out;
}

EpochInput make_input(FuzzedDataProvider& p) {
  EpochInput in;
  const auto n = p.ConsumeIntegralInRange<std::uint16_t>(0, 24);
  in.netuid = p.ConsumeIntegral<std::uint16_t>();
  in.n = n;
  in.rao_emission = any_u64(p, 1'000'000'000);
  in.current_block = any_u64(p, 5'000'000);
  in.tempo = p.ConsumeIntegral<std::uint16_t>();
  in.activity_cutoff_factor_milli = p.ConsumeIntegral<std::uint32_t>();
  in.activity_cutoff = p.ConsumeIntegral<std::uint16_t>();
  in.last_mechanism_step_block = any_u64(p, in.current_block);
  in.registered = bools(p, length(p, n));
  // Mostly registered: holes are the exception.
  for (std::size_t i = 0; i < in.registered.size(); ++i) {
    if (p.ConsumeIntegralInRange<int>(0, 3) != 0) in.registered[i] = true;
  }
  in.last_update = u64s(p, n, in.current_block);
  in.block_at_registration = u64s(p, n, in.current_block);
  in.alpha_stake = u64s(p, n, 1'000'000'000'000ULL);
  in.tao_stake = u64s(p, n, 1'000'000'000ULL);
  in.stake = u64s(p, n, 1'000'000'000'000ULL);
  in.tao_weight = p.ConsumeIntegral<std::uint64_t>();
  in.stake_threshold = any_u64(p, 0);
  in.validator_permit = bools(p, p.ConsumeIntegralInRange<std::size_t>(0, n + 1));
  in.max_allowed_validators = p.ConsumeIntegralInRange<std::uint16_t>(0, static_cast<std::uint16_t>(n + 2));
  if (p.ConsumeBool())
    in.owner_uid = p.ConsumeIntegralInRange<std::uint16_t>(0, static_cast<std::uint16_t>(n + 1));
  in.weights = rows(p, n);
  in.bonds = rows(p, n);
  in.kappa = p.ConsumeIntegral<std::uint16_t>();
  in.rho = p.ConsumeIntegral<std::uint16_t>();
  in.bonds_penalty = p.ConsumeIntegral<std::uint16_t>();
  in.bonds_moving_average = p.ConsumeBool() ? p.ConsumeIntegralInRange<std::uint64_t>(0, 1'000'000)
                                            : p.ConsumeIntegral<std::uint64_t>();
  in.liquid_alpha_enabled = p.ConsumeBool();
  in.alpha_low = p.ConsumeIntegral<std::uint16_t>();
  in.alpha_high = p.ConsumeIntegral<std::uint16_t>();
  in.alpha_sigmoid_steepness = p.ConsumeIntegral<std::int16_t>();
  in.yuma3_enabled = p.ConsumeBool();
  in.commit_reveal_enabled = p.ConsumeBool();
  in.current_epoch_with_lookahead = any_u64(p, 10'000);
  in.reveal_period = any_u64(p, 0);
  const std::size_t queues = p.ConsumeIntegralInRange<std::size_t>(0, 3);
  for (std::size_t q = 0; q < queues; ++q) {
    bt::yuma::WeightCommitQueue wc;
    wc.uid = p.ConsumeIntegralInRange<std::uint16_t>(0, static_cast<std::uint16_t>(n + 1));
    const std::size_t k = p.ConsumeIntegralInRange<std::size_t>(0, 3);
    for (std::size_t i = 0; i < k; ++i) {
      wc.commits.emplace_back(any_u64(p, in.current_epoch_with_lookahead), any_u64(p, in.current_block));
    }
    in.weight_commits.push_back(std::move(wc));
  }
  const std::size_t tl = p.ConsumeIntegralInRange<std::size_t>(0, 2);
  for (std::size_t q = 0; q < tl; ++q) {
    bt::yuma::TimelockedCommits t;
    t.commit_epoch = any_u64(p, in.current_epoch_with_lookahead);
    const std::size_t k = p.ConsumeIntegralInRange<std::size_t>(0, 3);
    for (std::size_t i = 0; i < k; ++i) {
      t.commits.emplace_back(p.ConsumeIntegralInRange<std::uint16_t>(0, static_cast<std::uint16_t>(n + 1)),
                             any_u64(p, in.current_block));
    }
    in.timelocked_commits.push_back(std::move(t));
  }
  return in;
}

bool is_yuma_error(const bt::Error& e) { return std::string_view(e.module()) == "bt.yuma"; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider p(data, size);
  const auto variant = static_cast<bt::yuma::Variant>(p.ConsumeIntegralInRange<int>(0, 2));
  const auto path = static_cast<bt::yuma::Path>(p.ConsumeIntegralInRange<int>(0, 1));
  const bool use_mechanisms = p.ConsumeIntegralInRange<int>(0, 7) == 0;
  EpochInput in = make_input(p);

  if (use_mechanisms) {
    bt::yuma::MechanismsInput mi;
    mi.rao_emission = in.rao_emission;
    const std::size_t count = p.ConsumeIntegralInRange<std::size_t>(0, 4);  // 0 must be an error
    for (std::size_t m = 0; m < count; ++m) {
      bt::yuma::MechanismState s;
      s.weights = m == 0 ? in.weights : rows(p, in.n);
      s.bonds = m == 0 ? in.bonds : rows(p, in.n);
      s.last_update = in.last_update;
      s.weight_commits = in.weight_commits;
      s.timelocked_commits = in.timelocked_commits;
      mi.mechanisms.push_back(std::move(s));
    }
    if (p.ConsumeBool()) {
      std::vector<std::uint16_t> split(p.ConsumeIntegralInRange<std::size_t>(0, count + 1));
      for (auto& x : split) x = p.ConsumeIntegral<std::uint16_t>();
      mi.emission_split = std::move(split);
    }
    mi.base = std::move(in);
    auto out = bt::yuma::epoch_with_mechanisms(mi);
    if (!out) {
      if (!is_yuma_error(out.error())) std::abort();
    } else if (out->mechanisms.size() != mi.mechanisms.size() ||
               out->sub_emissions.size() != mi.mechanisms.size()) {
      std::abort();
    }
    return 0;
  }

  const bool valid = bt::yuma::validate_input(in, variant).has_value();
  auto out = bt::yuma::run_epoch(in, variant, path);
  if (!out) {
    if (!is_yuma_error(out.error())) std::abort();
    // validate_input has no path argument: only the sparse (chain) path must accept everything it
    // accepts (the spec143 dense epoch rejects out-of-range weight entries, where the runtime panics).
    if (valid && path == bt::yuma::Path::sparse) {
      std::fprintf(stderr, "validate_input ok but run_epoch(%s, %s) failed: %s\n",
                   bt::yuma::to_string(variant), bt::yuma::to_string(path), out.error().to_string().c_str());
      std::abort();
    }
    return 0;
  }
  if (!valid) std::abort();  // run_epoch accepted what validate_input rejects
  // Storage vectors: the head sparse path writes one entry per registered uid (the terms map of
  // persist_netuid_epoch_terms); every other variant/path writes n entries (head dense writes full
  // vectors itself, spec section 6).
  std::size_t expected = in.n;
  if (variant == bt::yuma::Variant::head && path == bt::yuma::Path::sparse) {
    expected = 0;
    for (std::size_t i = 0; i < in.n && i < in.registered.size(); ++i) expected += in.registered[i] ? 1 : 0;
  }
  if (out->emission.size() != expected || out->dividends.size() != expected ||
      out->incentive.size() != expected) {
    std::fprintf(stderr,
                 "output length: variant %s path %s n %u registered %zu expected %zu: emission %zu dividends "
                 "%zu incentive %zu\n",
                 bt::yuma::to_string(variant), bt::yuma::to_string(path), static_cast<unsigned>(in.n),
                 in.registered.size(), expected, out->emission.size(), out->dividends.size(),
                 out->incentive.size());
    std::abort();
  }
  // Deterministic.
  auto again = bt::yuma::run_epoch(in, variant, path);
  if (!again ||
      bt::yuma::output_to_json(*again, variant, path) != bt::yuma::output_to_json(*out, variant, path)) {
    std::abort();
  }
  // The fused fast forms equal the literal step-by-step sequence (EpochOptions::stepwise).
  bt::yuma::EpochOptions literal;
  literal.stepwise = true;
  auto step = bt::yuma::run_epoch(in, variant, path, literal);
  if (!step ||
      bt::yuma::output_to_json(*step, variant, path) != bt::yuma::output_to_json(*out, variant, path)) {
    std::fprintf(stderr, "fused and stepwise runs differ: variant %s path %s n %u\n",
                 bt::yuma::to_string(variant), bt::yuma::to_string(path), static_cast<unsigned>(in.n));
    std::abort();
  }
  return 0;
}
