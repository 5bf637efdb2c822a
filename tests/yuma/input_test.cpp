// SPDX-License-Identifier: MIT
// Bad input (typed errors, never UB) and JSON round trips.
#include <bt/yuma/case.hpp>
#include <bt/yuma/epoch.hpp>
#include <catch2/catch.hpp>
#include <filesystem>

#include "support/test_paths.hpp"

using namespace bt::yuma;

namespace {
EpochInput small_head() {
  EpochInput in;
  in.n = 3;
  in.rao_emission = 1'000'000;
  in.current_block = 100;
  in.registered = {true, true, true};
  in.last_update = {99, 99, 99};
  in.block_at_registration = {0, 0, 0};
  in.alpha_stake = {1000, 500, 0};
  in.tao_stake = {0, 0, 0};
  in.validator_permit = {true, true, false};
  in.weights = {{{2, 65535}}, {{2, 65535}, {0, 100}}, {}};
  in.bonds = {{}, {}, {}};
  return in;
}
std::string vec_path(const char* name) { return (bt::test::vectors_dir() / "yuma" / name).string(); }
}  // namespace

TEST_CASE("error category is bt.yuma", "[yuma][input]") {
  EpochInput in = small_head();
  in.registered.pop_back();
  auto r = run_epoch(in);
  REQUIRE(!r);
  CHECK(r.error() == YumaError::length_mismatch);
  CHECK(std::string(r.error().module()) == "bt.yuma");
  CHECK(r.error().to_string().find("registered") != std::string::npos);
}

TEST_CASE("inconsistent lengths give length_mismatch", "[yuma][input]") {
  auto expect = [](EpochInput in, Variant v, YumaError e) {
    auto r = run_epoch(in, v);
    REQUIRE(!r);
    CHECK(r.error() == e);
  };
  EpochInput a = small_head();
  a.alpha_stake.push_back(1);
  expect(a, Variant::head, YumaError::length_mismatch);
  EpochInput b = small_head();
  b.tao_stake.clear();
  expect(b, Variant::head, YumaError::length_mismatch);
  EpochInput c = small_head();
  c.block_at_registration = {0};
  expect(c, Variant::head, YumaError::length_mismatch);
  EpochInput d = small_head();
  d.last_update = {99, 99, 99, 4};  // head: only the first n entries are ever read
  REQUIRE(run_epoch(d, Variant::head).has_value());
  CHECK(diff_outputs(*run_epoch(small_head(), Variant::head), *run_epoch(d, Variant::head)).empty());
  expect(d, Variant::feb2025, YumaError::length_mismatch);
  EpochInput e = small_head();
  e.validator_permit = {true};  // fine at head (short mask), fatal in the older runtimes
  CHECK(run_epoch(e, Variant::head).has_value());
  expect(e, Variant::feb2025, YumaError::length_mismatch);
  EpochInput f = small_head();
  f.last_update = {99};  // head pads with 0 (get_last_update)
  CHECK(run_epoch(f, Variant::head).has_value());
  expect(f, Variant::feb2025, YumaError::length_mismatch);
  EpochInput g = small_head();  // spec143 needs `stake`
  expect(g, Variant::spec143, YumaError::length_mismatch);
  g.stake = {1, 2, 3};
  CHECK(run_epoch(g, Variant::spec143).has_value());
  CHECK(run_epoch(g, Variant::spec143, Path::dense).has_value());
}

TEST_CASE("out-of-range uids", "[yuma][input]") {
  EpochInput a = small_head();
  a.owner_uid = 3;
  auto r = run_epoch(a);
  REQUIRE(!r);
  CHECK(r.error() == YumaError::uid_out_of_range);
  EpochInput b = small_head();
  b.weight_commits.push_back({7, {{1, 2}}});
  CHECK(run_epoch(b).error() == YumaError::uid_out_of_range);
  EpochInput c = small_head();
  c.timelocked_commits.push_back({1, {{9, 5}}});
  CHECK(run_epoch(c).error() == YumaError::uid_out_of_range);
  // bond columns >= n: ignored at head, a panic (-> error) in the older runtimes.
  EpochInput d = small_head();
  d.bonds[0] = {{5, 100}};
  CHECK(run_epoch(d, Variant::head).has_value());
  CHECK(run_epoch(d, Variant::feb2025).error() == YumaError::uid_out_of_range);
  // weight columns >= n and rows >= n are stale storage: ignored everywhere.
  EpochInput e = small_head();
  e.weights[0].emplace_back(60000, 65535);
  e.weights.push_back({{0, 1}});
  auto ok = run_epoch(e, Variant::head);
  REQUIRE(ok.has_value());
  CHECK(ok->incentive == run_epoch(small_head(), Variant::head)->incentive);
}

TEST_CASE("degenerate but valid inputs never crash", "[yuma][input]") {
  EpochInput empty;
  for (auto v : {Variant::head, Variant::feb2025, Variant::spec143})
    for (auto p : {Path::sparse, Path::dense}) {
      auto r = run_epoch(empty, v, p);
      REQUIRE(r.has_value());
      CHECK(r->emission.empty());
    }
  EpochInput x = small_head();
  x.alpha_stake = {UINT64_MAX, UINT64_MAX, UINT64_MAX};
  x.tao_stake = {UINT64_MAX, UINT64_MAX, UINT64_MAX};
  x.tao_weight = UINT64_MAX;
  x.rao_emission = UINT64_MAX;
  x.bonds_moving_average = UINT64_MAX;
  x.stake = {UINT64_MAX, UINT64_MAX, UINT64_MAX};
  x.yuma3_enabled = true;
  x.liquid_alpha_enabled = true;
  x.alpha_sigmoid_steepness = -32768;
  for (auto v : {Variant::head, Variant::feb2025, Variant::spec143})
    for (auto p : {Path::sparse, Path::dense}) CHECK(run_epoch(x, v, p).has_value());
}

TEST_CASE("malformed case JSON gives malformed_case / io_error", "[yuma][input]") {
  CHECK(load_case("").error() == YumaError::malformed_case);
  CHECK(load_case("{").error() == YumaError::malformed_case);
  CHECK(load_case("[]").error() == YumaError::malformed_case);
  CHECK(load_case(R"({"schema":"yuma-ref/2"})").error() == YumaError::malformed_case);
  CHECK(load_case(R"({"schema":"yuma-ref/1","generator":{"variant":"x","path":"sparse"},"steps":[]})")
            .error() == YumaError::malformed_case);
  CHECK(load_case_file("/nonexistent/case.json").error() == YumaError::io_error);
  // Not regular files: a directory and an endless device give io_error instead of blocking.
  CHECK(load_case_file(BT_VECTORS_DIR).error() == YumaError::io_error);
  CHECK(load_case_file("/dev/zero").error() == YumaError::io_error);
  const std::string good = bt::test::read_text_file(vec_path("head_tiny_2v2m_partial.json"));
  REQUIRE(load_case(good).has_value());
  // Truncations at many offsets: always a typed error, never a crash.
  for (std::size_t cut = 0; cut < good.size(); cut += 37) {
    auto r = load_case(std::string_view(good).substr(0, cut));
    REQUIRE(!r);
    CHECK(r.error() == YumaError::malformed_case);
  }
  // Field-level damage with a precise message.
  auto damaged = [&](const std::string& from, const std::string& to) {
    std::string s = good;
    const auto pos = s.find(from);
    REQUIRE(pos != std::string::npos);
    s.replace(pos, from.size(), to);
    return load_case(s);
  };
  auto r1 = damaged("\"kappa\":32767", "\"kappa\":70000");  // u16 out of range
  REQUIRE(!r1);
  CHECK(r1.error().message().find("kappa") != std::string::npos);
  CHECK(damaged("\"kappa\":32767", "\"kappa\":-1").error() == YumaError::malformed_case);
  CHECK(damaged("\"kappa\":32767", "\"kappa\":\"x\"").error() == YumaError::malformed_case);
  CHECK(damaged("\"registered\"", "\"registeredX\"").error() == YumaError::malformed_case);
  CHECK(damaged("[2,65535]", "[2]").error() == YumaError::malformed_case);
  CHECK(damaged("[2,65535]", "[2,65536]").error() == YumaError::malformed_case);
  CHECK(input_from_json("{}", Variant::head).error() == YumaError::malformed_case);
  CHECK(input_from_json("nope", Variant::head).error() == YumaError::malformed_case);
  CHECK(output_from_json("[1]", Variant::head, Path::sparse).error() == YumaError::malformed_case);
}

TEST_CASE("input and output JSON round trips over every vector case", "[yuma][input][vectors]") {
  namespace fs = std::filesystem;
  int n = 0;
  for (const auto& e : fs::directory_iterator(bt::test::vectors_dir() / "yuma")) {
    if (e.path().extension() != ".json") continue;
    auto c = load_case_file(e.path().string());
    REQUIRE(c.has_value());
    const auto& step = c->steps.front();
    auto in2 = input_from_json(input_to_json(step.input, c->variant, 2), c->variant);
    REQUIRE(in2.has_value());
    auto out1 = run_epoch(step.input, c->variant, c->path);
    auto out2 = run_epoch(*in2, c->variant, c->path);
    REQUIRE(out1.has_value());
    REQUIRE(out2.has_value());
    CHECK(diff_outputs(*out1, *out2).empty());
    auto back = output_from_json(output_to_json(*out1, c->variant, c->path), c->variant, c->path);
    REQUIRE(back.has_value());
    INFO(e.path().filename().string());
    CHECK(diff_outputs(*out1, *back).empty());
    CHECK(diff_outputs(step.expected, *back).empty());
    ++n;
  }
  CHECK(n == 131);
}

TEST_CASE("diff_outputs reports precise differences", "[yuma][input]") {
  auto c = load_case_file(vec_path("head_tiny_2v2m_partial.json"));
  REQUIRE(c.has_value());
  auto out = run_epoch(c->steps[0].input, c->variant, c->path);
  REQUIRE(out.has_value());
  EpochOutput bad = *out;
  bad.dividends[1] += 1;
  (*bad.bonds_written[1])[0].second -= 1;
  const auto d = diff_outputs(c->steps[0].expected, bad);
  REQUIRE(d.size() == 2);
  CHECK(d[0] == "dividends[1]: expected 17532, got 17533");
  CHECK(d[1].rfind("bonds_written[1]: expected [[2,17906],[3,43689]], got [[2,17905],[3,43689]]", 0) == 0);
}

TEST_CASE("large sparse subnet: memory O(n + nnz), dense path bounded", "[yuma][input]") {
  EpochInput in;
  in.n = 20000;
  in.rao_emission = 1'000'000'000;
  in.current_block = 100;
  in.registered.assign(in.n, true);
  in.last_update.assign(in.n, 99);
  in.block_at_registration.assign(in.n, 0);
  in.alpha_stake.assign(in.n, 1);
  in.tao_stake.assign(in.n, 0);
  in.validator_permit.assign(16, true);  // uids 0..15 validators; the tail counts as "no permit"
  in.weights.resize(16);
  in.bonds.resize(16);
  for (std::uint16_t i = 0; i < 16; ++i) {
    for (std::uint16_t j = 0; j < 50; ++j)
      in.weights[i].emplace_back(static_cast<std::uint16_t>(100 + 37 * j + i), 1000 + j);
    in.bonds[i].emplace_back(static_cast<std::uint16_t>(19999 - i), 65535);
    in.alpha_stake[i] = 1'000'000'000;
  }
  in.yuma3_enabled = true;
  in.liquid_alpha_enabled = true;  // the n x n alpha matrix of the Rust code is never materialised
  auto r = run_epoch(in);
  REQUIRE(r.has_value());
  CHECK(r->emission.size() == in.n);
  std::uint64_t total = 0;
  for (auto e : r->emission) total += e;
  CHECK(total <= in.rao_emission);
  CHECK(total > in.rao_emission - 20000);  // floor per uid loses at most 1 rao each
  auto d = run_epoch(in, Variant::head, Path::dense);
  REQUIRE(!d);
  CHECK(d.error() == YumaError::unsupported);
}

TEST_CASE("validate_input agrees with run_epoch for every path", "[yuma][input]") {
  EpochInput in = small_head();
  in.stake = {1, 2, 3};
  in.weights[0].emplace_back(7, 100);  // out of range column: ignored except by the 2024 dense code
  for (auto v : {Variant::head, Variant::feb2025, Variant::spec143})
    for (auto p : {Path::sparse, Path::dense}) {
      const auto valid = validate_input(in, v, p);
      const auto r = run_epoch(in, v, p);
      CHECK(valid.has_value() == r.has_value());
      if (!r) CHECK(r.error().code() == valid.error().code());
    }
  CHECK(validate_input(in, Variant::spec143, Path::dense).error() == YumaError::uid_out_of_range);
  CHECK(validate_input(in, Variant::spec143, Path::sparse).has_value());
}

TEST_CASE("older runtimes: a bond column >= n anywhere in a long row is an error", "[yuma][input]") {
  // The check scans rows several entries at a time: put the bad column at every position of a
  // row of 11 entries (block and tail), and check the boundary columns n - 1 (fine) and n.
  EpochInput base = small_head();
  base.n = 40;
  base.registered.assign(40, true);
  base.last_update.assign(40, 99);
  base.block_at_registration.assign(40, 0);
  base.alpha_stake.assign(40, 100);
  base.tao_stake.assign(40, 0);
  base.validator_permit.assign(40, true);
  base.weights.assign(40, {});
  base.bonds.assign(40, {});
  for (std::uint16_t j = 0; j < 11; ++j) base.bonds[5].emplace_back(static_cast<std::uint16_t>(j * 3), 1000);
  base.bonds[5].back().first = 39;  // n - 1: in range
  CHECK(validate_input(base, Variant::feb2025, Path::sparse).has_value());
  for (std::size_t k = 0; k < 11; ++k) {
    for (std::uint16_t col : {std::uint16_t{40}, std::uint16_t{65535}}) {
      EpochInput in = base;
      in.bonds[5][k].first = col;
      const auto r = validate_input(in, Variant::feb2025, Path::sparse);
      INFO("position " << k << " column " << col);
      REQUIRE(!r);
      CHECK(r.error() == YumaError::uid_out_of_range);
      CHECK(r.error().message().find("bonds[5] has column " + std::to_string(col)) != std::string::npos);
      CHECK(validate_input(in, Variant::head, Path::sparse).has_value());
    }
  }
}
