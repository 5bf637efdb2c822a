// SPDX-License-Identifier: MIT
// Smoke test of an installation with the fixed and yuma modules: fixed-point arithmetic and one empty
// Yuma epoch link and run.
#include <bt/fixed/fixed.hpp>
#include <bt/yuma/epoch.hpp>
#include <cstdio>

int main() {
  using bt::fixed::I32F32;
  const I32F32 half = I32F32::saturating_from_num(1) / I32F32::saturating_from_num(2);
  if (half.to_bits() != (std::int64_t{1} << 31)) return 1;
  bt::yuma::EpochInput in;  // n = 0: an empty subnet is a valid input with empty outputs
  auto out = bt::yuma::run_epoch(in);
  if (!out) {
    std::printf("run_epoch: %s\n", out.error().to_string().c_str());
    return 2;
  }
  bt::yuma::EpochInput bad;
  bad.n = 2;  // but no per-uid vectors: a typed error, not a crash
  if (bt::yuma::run_epoch(bad)) return 3;
  std::printf("fixed + yuma from the installed package OK\n");
  return 0;
}
