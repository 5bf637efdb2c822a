// SPDX-License-Identifier: MIT
// The field table (bt/yuma/fields.hpp) drives the JSON reader/writer: the writer reproduces the
// vectors' own `input` / `output` objects key for key, and storage rows keep `null` (no entry)
// apart from `[]` (an empty stored row).
#include <algorithm>
#include <bt/yuma/case.hpp>
#include <bt/yuma/fields.hpp>
#include <bt/yuma/simulate.hpp>
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "support/test_paths.hpp"

namespace {
namespace fs = std::filesystem;
using namespace bt::yuma;
using json = nlohmann::json;

std::vector<fs::path> all_cases() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(bt::test::vectors_dir() / "yuma"))
    if (e.path().extension() == ".json") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("field table: names are unique and cover the vectors' keys", "[yuma][fields]") {
  std::set<std::string> in_names, out_names;
  std::size_t in_count = 0, out_count = 0;
  fields::for_each_input_field([&](const auto& f) {
    in_names.insert(f.name);
    ++in_count;
  });
  fields::for_each_output_field([&](const auto& f) {
    out_names.insert(f.parent ? std::string(f.parent) + "." + f.name : std::string(f.name));
    ++out_count;
  });
  CHECK(in_names.size() == in_count);
  CHECK(out_names.size() == out_count);
  // Every key the reference files use is in the table (and nothing else is needed).
  std::set<std::string> file_in, file_out;
  for (const auto& p : all_cases()) {
    const json doc = json::parse(bt::test::read_text_file(p));
    for (const auto& step : doc["steps"]) {
      for (auto it = step["input"].begin(); it != step["input"].end(); ++it) file_in.insert(it.key());
      for (auto it = step["output"].begin(); it != step["output"].end(); ++it) {
        if (it.key() == "post_state") {
          for (auto jt = it->begin(); jt != it->end(); ++jt) file_out.insert("post_state." + jt.key());
        } else if (it.key() != "trace") {
          file_out.insert(it.key());
        }
      }
    }
  }
  for (const auto& k : file_in) CHECK(in_names.count(k) == 1);
  for (const auto& k : file_out) CHECK(out_names.count(k) == 1);
}

TEST_CASE("input_to_json / output_to_json reproduce every case's objects exactly", "[yuma][fields]") {
  std::size_t steps = 0, null_rows = 0;
  for (const auto& p : all_cases()) {
    INFO(p.filename().string());
    const std::string text = bt::test::read_text_file(p);
    const json doc = json::parse(text);
    auto c = load_case(text);
    REQUIRE(c.has_value());
    for (std::size_t k = 0; k < c->steps.size(); ++k) {
      INFO("step " << k);
      const json& jin = doc["steps"][k]["input"];
      const json ours = json::parse(input_to_json(c->steps[k].input, c->variant));
      // Same values for every key we write; keys the files carry that the variant does not read
      // (none today) would be reported by the table test above.
      for (auto it = ours.begin(); it != ours.end(); ++it) {
        INFO(it.key());
        if (jin.contains(it.key())) CHECK(*it == jin[it.key()]);
      }
      for (auto it = jin.begin(); it != jin.end(); ++it) {
        INFO(it.key());
        CHECK(ours.contains(it.key()));
      }
      for (const auto& r : jin["bonds"]) null_rows += r.is_null();
      json jout = doc["steps"][k]["output"];
      jout.erase("trace");
      EpochOutput expected = c->steps[k].expected;
      expected.trace.clear();  // the step's `trace`, outside `output` in the files
      const json out = json::parse(output_to_json(expected, c->variant, c->path));
      CHECK(out == jout);
      ++steps;
    }
  }
  CHECK(steps == 278);
  CHECK(null_rows > 0);
}

TEST_CASE("post_state.bonds keeps rows without a storage entry absent", "[yuma][fields]") {
  auto c = load_case_file((bt::test::vectors_dir() / "yuma" / "feb2025_multi_liquid_n10.json").string());
  REQUIRE(c.has_value());
  std::size_t absent = 0, compared = 0;
  for (const auto& step : c->steps) {
    auto out = run_epoch(step.input, c->variant, c->path);
    REQUIRE(out.has_value());
    REQUIRE(out->post_state_bonds == step.expected.post_state_bonds);
    for (std::size_t i = 0; i < out->post_state_bonds.size(); ++i) {
      const bool written = i < out->bonds_written.size() && out->bonds_written[i].has_value();
      if (!out->post_state_bonds[i]) {
        ++absent;
        CHECK_FALSE(written);
        CHECK_FALSE(bonds_row_stored(step.input, i));
      }
      ++compared;
    }
  }
  CHECK(absent > 0);
  CHECK(compared > 0);
}

TEST_CASE("bonds presence mask: defaults, set_bonds_storage and the JSON round trip", "[yuma][fields]") {
  EpochInput in;
  in.bonds = {{}, {{1, 5}}, {}};
  CHECK(bonds_row_stored(in, 0));  // no mask: every given row is stored
  CHECK_FALSE(bonds_row_stored(in, 3));
  set_bonds_storage(in, {std::nullopt, Row{{1, 5}}, Row{}});
  CHECK_FALSE(bonds_row_stored(in, 0));
  CHECK(bonds_row_stored(in, 1));
  CHECK(bonds_row_stored(in, 2));
  in.bonds_stored = {false, false, false};
  CHECK(bonds_row_stored(in, 1));  // a non-empty row always has an entry
  in.bonds_stored = {false, true, true};
  in.n = 3;
  const json j = json::parse(input_to_json(in, Variant::head));
  CHECK(j["bonds"] == json::parse("[null, [[1, 5]], []]"));
  auto back = input_from_json(j.dump(), Variant::head);
  REQUIRE(back.has_value());
  CHECK(back->bonds == in.bonds);
  CHECK(back->bonds_stored == std::vector<bool>{false, true, true});
}

TEST_CASE("table-driven reader: missing, mistyped and out-of-range fields name the field", "[yuma][fields]") {
  auto c = load_case_file((bt::test::vectors_dir() / "yuma" / "head_tiny_2v2m_partial.json").string());
  REQUIRE(c.has_value());
  const json good = json::parse(input_to_json(c->steps[0].input, Variant::head));
  REQUIRE(input_from_json(good.dump(), Variant::head).has_value());
  auto expect_error = [](const json& j, Variant v, const std::string& needle) {
    auto r = input_from_json(j.dump(), v);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error() == YumaError::malformed_case);
    INFO(r.error().message());
    CHECK(r.error().message().find(needle) != std::string::npos);
  };
  json j = good;
  j.erase("kappa");
  expect_error(j, Variant::head, "input.kappa: missing");
  j = good;
  j["kappa"] = 65536;
  expect_error(j, Variant::head, "input.kappa: integer out of range");
  j = good;
  j["alpha_sigmoid_steepness"] = -40000;
  expect_error(j, Variant::head, "input.alpha_sigmoid_steepness");
  j = good;
  j["bonds"][0] = json::parse("[[1]]");
  expect_error(j, Variant::head, "input.bonds[0][0]");
  j = good;
  j["registered"] = "yes";
  expect_error(j, Variant::head, "input.registered");
  j = good;
  j["weight_commits"] = json::parse("[[1, [[2]]]]");
  expect_error(j, Variant::head, "input.weight_commits[0][1][0]");
  j = good;
  j.erase("tempo");  // head reads tempo; feb2025 does not (it needs activity_cutoff instead)
  expect_error(j, Variant::head, "input.tempo: missing");
  j["activity_cutoff"] = 5000;
  CHECK(input_from_json(j.dump(), Variant::feb2025).has_value());
  j = good;
  j.erase("owner_uid");  // optional
  CHECK(input_from_json(j.dump(), Variant::head).has_value());
  // Outputs: every field optional, but a present one must have its type.
  auto o = output_from_json(R"({"incentive": [1, 2], "post_state": {"bonds": [null, [[0, 1]]]}})",
                            Variant::head, Path::sparse);
  REQUIRE(o.has_value());
  CHECK(o->incentive == std::vector<std::uint16_t>{1, 2});
  REQUIRE(o->post_state_bonds.size() == 2);
  CHECK_FALSE(o->post_state_bonds[0].has_value());
  CHECK(o->post_state_bonds[1] == Row{{0, 1}});
  CHECK_FALSE(output_from_json(R"({"post_state": []})", Variant::head, Path::sparse).has_value());
  CHECK_FALSE(output_from_json(R"({"stake": [-1]})", Variant::head, Path::sparse).has_value());
}
