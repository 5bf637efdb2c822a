// SPDX-License-Identifier: MIT
// Test support: the common frame of a synthetic steady-state subnet (the bench cases' shape) that
// the large-input tests fill with their own stakes, weights and bonds.
#pragma once

#include <bt/yuma/case.hpp>
#include <bt/yuma/epoch.hpp>
#include <catch2/catch.hpp>
#include <cstdint>

namespace bt::yuma::test {

// n registered uids, every one last updated 100 blocks ago and registered at block 1000, no stake,
// no permits, `validators` allowed validators, empty weight and bond rows (n of each).
inline EpochInput subnet_frame(std::uint16_t n, std::uint16_t validators) {
  EpochInput in;
  in.n = n;
  in.current_block = 5'000'000;
  in.last_mechanism_step_block = in.current_block - 361;
  in.rao_emission = 1'000'000'000;
  in.max_allowed_validators = validators;
  in.registered.assign(n, true);
  in.last_update.assign(n, in.current_block - 100);
  in.block_at_registration.assign(n, 1000);
  in.alpha_stake.assign(n, 0);
  in.tao_stake.assign(n, 0);
  in.validator_permit.assign(n, false);
  in.weights.assign(n, {});
  in.bonds.assign(n, {});
  return in;
}

// Requires the fused run of `in` on 1 and 2 threads to give exactly the outputs of the literal
// step-by-step sequence (EpochOptions::stepwise).
inline void same_as_stepwise(const EpochInput& in, Variant variant) {
  EpochOptions literal;
  literal.stepwise = true;
  const auto ref = run_epoch(in, variant, Path::sparse, literal);
  REQUIRE(ref.has_value());
  for (unsigned threads : {1u, 2u}) {
    EpochOptions o;
    o.threads = threads;
    const auto out = run_epoch(in, variant, Path::sparse, o);
    REQUIRE(out.has_value());
    INFO("threads " << threads);
    const auto diffs = diff_outputs(*ref, *out);
    for (const auto& d : diffs) FAIL_CHECK("fused vs stepwise: " << d);
    REQUIRE(diffs.empty());
  }
}

}  // namespace bt::yuma::test
