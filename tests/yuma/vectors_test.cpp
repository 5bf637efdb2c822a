// SPDX-License-Identifier: MIT
// Runs every yuma-ref/1 reference case (tests/vectors/yuma, produced by subtensor's own Rust code)
// through bt::yuma::run_epoch and requires every output of every step to match bit for bit.
#include <algorithm>
#include <bt/yuma/case.hpp>
#include <bt/yuma/epoch.hpp>
#include <bt/yuma/simulate.hpp>
#include <catch2/catch.hpp>
#include <filesystem>
#include <iostream>
#include <optional>

#include "support/test_paths.hpp"

namespace {
namespace fs = std::filesystem;
using namespace bt::yuma;

std::vector<fs::path> case_files(const std::string& prefix) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(bt::test::vectors_dir() / "yuma")) {
    const std::string name = e.path().filename().string();
    if (e.path().extension() == ".json" && name.rfind(prefix, 0) == 0) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Runs all cases whose variant/path match; returns (passed, total) and records failures.
void run_cases(Variant variant, Path path, bool check_trace) {
  int total = 0, passed = 0;
  int trace_expected = 0, trace_compared = 0;
  for (const auto& file : case_files(to_string(variant))) {
    auto c = load_case_file(file.string());
    INFO(file.filename().string());
    REQUIRE(c.has_value());
    if (c->variant != variant || c->path != path) continue;
    ++total;
    bool ok = true;
    for (std::size_t k = 0; k < c->steps.size(); ++k) {
      const auto& step = c->steps[k];
      EpochOptions opts;
      opts.trace = check_trace;
      auto out = run_epoch(step.input, variant, path, opts);
      INFO("step " << k);
      REQUIRE(out.has_value());
      {
        // Both evaluation strategies (fused masks / step by step) must agree exactly.
        EpochOptions other;
        other.stepwise = !check_trace;
        auto out2 = run_epoch(step.input, variant, path, other);
        REQUIRE(out2.has_value());
        for (const auto& d : diff_outputs(*out2, *out))
          FAIL_CHECK(c->id << " step " << k << " (fused vs stepwise): " << d);
      }
      const auto diffs = diff_outputs(step.expected, *out);
      for (const auto& d : diffs) FAIL_CHECK(c->id << " step " << k << ": " << d);
      if (!diffs.empty()) ok = false;
      if (check_trace) {
        for (const auto& e : step.expected.trace) {
          ++trace_expected;
          for (const auto& a : out->trace)
            if (a.label == e.label) {
              ++trace_compared;
              break;
            }
        }
      }
      if (check_trace && diffs.empty()) {
        // Intermediate values: compared where the labels match (first difference per label).
        for (const auto& d : diff_traces(step.expected.trace, out->trace))
          FAIL_CHECK(c->id << " step " << k << ": " << d);
      }
    }
    if (ok) ++passed;
  }
  std::cout << "yuma vectors " << to_string(variant) << " " << to_string(path) << ": " << passed << "/"
            << total << " cases pass; trace entries compared: " << trace_compared << "/" << trace_expected
            << "\n";
  CHECK(total > 0);
  CHECK(passed == total);
}
}  // namespace

TEST_CASE("vectors head sparse", "[yuma][vectors]") { run_cases(Variant::head, Path::sparse, true); }
TEST_CASE("vectors head dense", "[yuma][vectors]") { run_cases(Variant::head, Path::dense, true); }
TEST_CASE("vectors feb2025 sparse", "[yuma][vectors]") { run_cases(Variant::feb2025, Path::sparse, true); }
TEST_CASE("vectors feb2025 dense", "[yuma][vectors]") { run_cases(Variant::feb2025, Path::dense, true); }
TEST_CASE("vectors spec143 sparse", "[yuma][vectors]") { run_cases(Variant::spec143, Path::sparse, true); }
TEST_CASE("vectors spec143 dense", "[yuma][vectors]") { run_cases(Variant::spec143, Path::dense, true); }

TEST_CASE("multi-epoch cases chain: step k+1 run on our own post-state of step k matches the reference",
          "[yuma][vectors]") {
  // Each step of a multi-epoch case records its input storage. Where the case carries the storage of
  // step k over unchanged (its bonds and permits equal step k's expected post-state), step k+1 is run on
  // the post-state *we* computed for step k instead, so an error in what run_epoch writes back shows up
  // in the next epoch too.
  int chained = 0;
  for (const auto& file : case_files("")) {
    auto c = load_case_file(file.string());
    INFO(file.filename().string());
    REQUIRE(c.has_value());
    std::optional<EpochOutput> prev;
    for (std::size_t k = 0; k < c->steps.size(); ++k) {
      INFO("step " << k);
      EpochInput in = c->steps[k].input;
      std::vector<std::optional<Row>> stored(in.bonds.size());  // the input's Bonds storage
      for (std::size_t i = 0; i < in.bonds.size(); ++i)
        if (bonds_row_stored(in, i)) stored[i] = in.bonds[i];
      if (prev && stored == c->steps[k - 1].expected.post_state_bonds &&
          in.validator_permit == c->steps[k - 1].expected.post_state_validator_permit) {
        set_bonds_storage(in, prev->post_state_bonds);
        in.validator_permit = prev->post_state_validator_permit;
        ++chained;
      }
      auto out = run_epoch(in, c->variant, c->path);
      REQUIRE(out.has_value());
      for (const auto& d : diff_outputs(c->steps[k].expected, *out))
        FAIL_CHECK(c->id << " step " << k << ": " << d);
      prev = std::move(*out);
    }
  }
  CHECK(chained > 20);
}
