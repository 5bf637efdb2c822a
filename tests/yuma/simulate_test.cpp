// SPDX-License-Identifier: MIT
// bt::yuma::simulate / sweep: the thread pool reproduces the reference cases, results do not
// depend on the thread count, chains equal the hand-written loop, parameters parse exactly.
#include <algorithm>
#include <bt/yuma/case.hpp>
#include <bt/yuma/simulate.hpp>
#include <catch2/catch.hpp>
#include <filesystem>
#include <limits>
#include <string>

#include "support/test_paths.hpp"

namespace {
namespace fs = std::filesystem;
using namespace bt::yuma;

Case load(const std::string& name) {
  auto c = load_case_file((bt::test::vectors_dir() / "yuma" / (name + ".json")).string());
  REQUIRE(c.has_value());
  return std::move(*c);
}

Run base_run(const Case& c, std::size_t epochs) {
  Run r;
  r.input = c.steps[0].input;
  r.variant = c.variant;
  r.path = c.path;
  r.epochs = epochs;
  return r;
}

// A whole result as text (every output field in the vectors' format).
std::string text(const bt::Result<RunResult>& r, Variant v, Path p) {
  if (!r) return "error: " + r.error().to_string();
  std::string s;
  for (const auto& e : r->epochs) s += output_to_json(e, v, p) + "\n";
  return s + input_to_json(r->next_input, v);
}

std::uint16_t kappa_of(const std::string& value) {
  EpochInput in;
  auto r = set_parameter(in, "kappa", value);
  REQUIRE(r.has_value());
  return in.kappa;
}

}  // namespace

TEST_CASE("simulate: every step of every case as an independent run, on two threads", "[yuma][simulate]") {
  std::vector<Run> runs;
  std::vector<const EpochOutput*> expected;
  std::vector<Case> cases;
  for (const auto& e : fs::directory_iterator(bt::test::vectors_dir() / "yuma")) {
    if (e.path().extension() != ".json") continue;
    auto c = load_case_file(e.path().string());
    REQUIRE(c.has_value());
    cases.push_back(std::move(*c));
  }
  for (const auto& c : cases) {
    for (const auto& step : c.steps) {
      Run r;
      r.input = step.input;
      r.variant = c.variant;
      r.path = c.path;
      runs.push_back(std::move(r));
      expected.push_back(&step.expected);
    }
  }
  REQUIRE(runs.size() == 278);
  SimulateOptions opts;
  opts.threads = 2;
  const auto results = simulate(runs, opts);
  REQUIRE(results.size() == runs.size());
  for (std::size_t i = 0; i < runs.size(); ++i) {
    INFO("run " << i);
    REQUIRE(results[i].has_value());
    REQUIRE(results[i]->epochs.size() == 1);
    CHECK(diff_outputs(*expected[i], results[i]->epochs[0]).empty());
  }
}

TEST_CASE("simulate: a chain equals run_epoch + next_epoch_input by hand", "[yuma][simulate]") {
  const Case c = load("head_multi_yuma3_liquid_n12");
  Run run = base_run(c, 6);
  run.chain.block_step = 361;
  run.chain.stake_from_emission = true;
  SimulateOptions opts;
  opts.threads = 1;
  auto r = simulate({run}, opts);
  REQUIRE(r[0].has_value());
  REQUIRE(r[0]->epochs.size() == 6);
  EpochInput in = run.input;
  for (std::size_t k = 0; k < 6; ++k) {
    auto out = run_epoch(in, run.variant, run.path);
    REQUIRE(out.has_value());
    CHECK(output_to_json(*out, run.variant, run.path) ==
          output_to_json(r[0]->epochs[k], run.variant, run.path));
    in = next_epoch_input(in, *out, run.variant, run.chain);
  }
  CHECK(input_to_json(in, run.variant) == input_to_json(r[0]->next_input, run.variant));
  // keep_all_epochs = false keeps the last output only.
  opts.keep_all_epochs = false;
  auto last = simulate({run}, opts);
  REQUIRE(last[0].has_value());
  REQUIRE(last[0]->epochs.size() == 1);
  CHECK(output_to_json(last[0]->epochs[0], run.variant, run.path) ==
        output_to_json(r[0]->epochs[5], run.variant, run.path));
}

TEST_CASE("next_epoch_input: storage carried over, blocks and stake per ChainRule", "[yuma][simulate]") {
  const Case c = load("feb2025_multi_liquid_n10");
  const EpochInput& in = c.steps[0].input;
  auto out = run_epoch(in, c.variant, c.path);
  REQUIRE(out.has_value());
  const EpochInput same = next_epoch_input(in, *out, c.variant);
  CHECK(same.current_block == in.current_block);
  CHECK(same.last_update == in.last_update);
  CHECK(same.alpha_stake == in.alpha_stake);
  CHECK(same.validator_permit == out->post_state_validator_permit);
  REQUIRE(same.bonds.size() == out->post_state_bonds.size());
  for (std::size_t i = 0; i < same.bonds.size(); ++i) {
    CHECK(bonds_row_stored(same, i) == out->post_state_bonds[i].has_value());
    CHECK(same.bonds[i] == out->post_state_bonds[i].value_or(Row{}));
  }
  ChainRule rule;
  rule.block_step = 100;
  rule.stake_from_emission = true;
  const EpochInput next = next_epoch_input(in, *out, c.variant, rule);
  CHECK(next.current_block == in.current_block + 100);
  std::uint64_t grown = 0;
  for (std::size_t i = 0; i < in.n; ++i) {
    CHECK(next.last_update[i] == (in.weights[i].empty() ? in.last_update[i] : in.current_block + 99));
    const std::uint64_t paid = out->server_emission[i].value_or(0) + out->validator_emission[i].value_or(0);
    CHECK(next.alpha_stake[i] == in.alpha_stake[i] + paid);
    grown += paid;
  }
  CHECK(grown > 0);
  CHECK(next.tao_stake == in.tao_stake);
}

TEST_CASE("sweep: identical results for 1, 2 and 3 threads, grid order", "[yuma][simulate]") {
  const Case c = load("head_multi_yuma3_liquid_n12");
  Run run = base_run(c, 4);
  run.chain.block_step = 361;
  const std::vector<SweepAxis> axes = {{"kappa", {"0.3", "0.5", "32767"}},
                                       {"bonds_moving_average", {"0.9", "975000"}},
                                       {"yuma3_enabled", {"true", "false"}}};
  REQUIRE(grid_size(axes) == 12);
  CHECK(grid_index(axes, 0) == std::vector<std::size_t>{0, 0, 0});
  CHECK(grid_index(axes, 1) == std::vector<std::size_t>{0, 0, 1});
  CHECK(grid_index(axes, 7) == std::vector<std::size_t>{1, 1, 1});
  CHECK(grid_index(axes, 11) == std::vector<std::size_t>{2, 1, 1});
  auto runs = sweep_runs(run, axes);
  REQUIRE(runs.has_value());
  REQUIRE(runs->size() == 12);
  CHECK((*runs)[7].input.kappa == 32768);
  CHECK((*runs)[7].input.bonds_moving_average == 975'000);
  CHECK_FALSE((*runs)[7].input.yuma3_enabled);
  std::vector<std::string> reference;
  for (unsigned threads : {1u, 2u, 3u}) {
    SimulateOptions opts;
    opts.threads = threads;
    auto r = sweep(run, axes, opts);
    REQUIRE(r.has_value());
    REQUIRE(r->size() == 12);
    std::vector<std::string> texts;
    for (const auto& x : *r) {
      REQUIRE(x.has_value());
      texts.push_back(text(x, run.variant, run.path));
    }
    if (reference.empty()) {
      reference = texts;
    } else {
      CHECK(texts == reference);
    }
  }
  // The grid points really differ (the parameters reach the epoch).
  std::sort(reference.begin(), reference.end());
  CHECK(std::unique(reference.begin(), reference.end()) - reference.begin() > 6);
}

TEST_CASE("simulate: a bad run gets its own error, the others still run", "[yuma][simulate]") {
  const Case c = load("head_tiny_2v2m_partial");
  Run good = base_run(c, 2);
  Run bad = good;
  bad.input.registered.push_back(true);  // length mismatch
  Run none = good;
  none.epochs = 0;
  SimulateOptions opts;
  opts.threads = 2;
  auto r = simulate({good, bad, good, none}, opts);
  REQUIRE(r.size() == 4);
  CHECK(r[0].has_value());
  REQUIRE_FALSE(r[1].has_value());
  CHECK(r[1].error() == YumaError::length_mismatch);
  CHECK(r[1].error().message().find("epoch 0") != std::string::npos);
  CHECK(r[2].has_value());
  REQUIRE(r[3].has_value());
  CHECK(r[3]->epochs.empty());
  CHECK(simulate({}, opts).empty());
}

TEST_CASE("set_parameter: storage values, exact fractions, typed errors", "[yuma][simulate]") {
  CHECK(kappa_of("0.5") == 32768);  // 32767.5 rounds half up
  CHECK(kappa_of("1.0") == 65535);
  CHECK(kappa_of("1.") == 65535);
  CHECK(kappa_of(".25") == 16384);  // 16383.75
  CHECK(kappa_of("0") == 0);
  CHECK(kappa_of("1") == 1);  // an integer is the storage value
  CHECK(kappa_of("65535") == 65535);
  EpochInput in;
  REQUIRE(set_parameter(in, "bonds_moving_average", "0.975").has_value());
  CHECK(in.bonds_moving_average == 975'000);
  REQUIRE(set_parameter(in, "tao_weight", "1.0").has_value());
  CHECK(in.tao_weight == std::numeric_limits<std::uint64_t>::max());
  REQUIRE(set_parameter(in, "tao_weight", "0.000000000000000001").has_value());
  CHECK(in.tao_weight == 18);  // 18.446... rounds to 18
  REQUIRE(set_parameter(in, "alpha_sigmoid_steepness", "-32768").has_value());
  CHECK(in.alpha_sigmoid_steepness == -32768);
  REQUIRE(set_parameter(in, "liquid_alpha_enabled", "1").has_value());
  CHECK(in.liquid_alpha_enabled);
  REQUIRE(set_parameter(in, "current_block", "18446744073709551615").has_value());
  CHECK(in.current_block == std::numeric_limits<std::uint64_t>::max());
  for (const auto& [name, value] :
       std::vector<std::pair<std::string, std::string>>{{"kappa", "1.5"},
                                                        {"kappa", "65536"},
                                                        {"kappa", "-1"},
                                                        {"kappa", "0.1234567890123456789"},
                                                        {"kappa", "abc"},
                                                        {"kappa", ""},
                                                        {"kappa", "."},
                                                        {"kappa", "0.5x"},
                                                        {"tempo", "0.5"},  // not a fractional field
                                                        {"alpha_sigmoid_steepness", "32768"},
                                                        {"liquid_alpha_enabled", "yes"},
                                                        {"current_block", "18446744073709551616"},
                                                        {"weights", "1"},
                                                        {"n", "4"},
                                                        {"owner_uid", "1"},
                                                        {"no_such_field", "1"}}) {
    INFO(name << "=" << value);
    auto r = set_parameter(in, name, value);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error() == YumaError::invalid_input);
    CHECK(r.error().message().find(name) != std::string::npos);
  }
  REQUIRE(set_parameter(in, "kappa", "0.5").has_value());
  CHECK(get_parameter(in, "kappa").value_or("") == "32768");
  CHECK(get_parameter(in, "alpha_sigmoid_steepness").value_or("") == "-32768");
  CHECK(get_parameter(in, "liquid_alpha_enabled").value_or("") == "true");
  CHECK_FALSE(get_parameter(in, "weights").has_value());
  CHECK_FALSE(get_parameter(in, "nope").has_value());
  const auto names = sweep_parameters();
  CHECK(std::find(names.begin(), names.end(), "kappa") != names.end());
  CHECK(std::find(names.begin(), names.end(), "bonds_moving_average") != names.end());
  CHECK(std::find(names.begin(), names.end(), "n") == names.end());
  CHECK(std::find(names.begin(), names.end(), "weights") == names.end());
  // A bad value anywhere fails the whole grid before anything runs.
  auto bad = sweep_runs(Run{}, {{"kappa", {"0.5", "2.0"}}});
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().message().find("kappa=2.0") != std::string::npos);
}

TEST_CASE("storage_uids maps head's registered-only vectors back to uids", "[yuma][simulate]") {
  EpochInput in;
  in.n = 4;
  in.registered = {true, false, true, true};
  CHECK(storage_uids(in, 4) == std::vector<std::uint16_t>{0, 1, 2, 3});
  CHECK(storage_uids(in, 3) == std::vector<std::uint16_t>{0, 2, 3});
}
