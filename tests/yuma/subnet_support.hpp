// SPDX-License-Identifier: MIT
// Test support: the common frame of a synthetic steady-state subnet (the bench cases' shape) that
// the large-input tests fill with their own stakes, weights and bonds.
#pragma once

#include <bt/yuma/epoch.hpp>
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

}  // namespace bt::yuma::test
