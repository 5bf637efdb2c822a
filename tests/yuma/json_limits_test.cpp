// SPDX-License-Identifier: MIT
// Issue 14 findings 4, 11, 15: hostile case JSON (deep nesting, NUL + junk, oversized text, non-regular
// files) gives a typed error, never a crash or an unbounded read.
#include <sys/stat.h>
#include <unistd.h>

#include <bt/yuma/case.hpp>
#include <bt/yuma/epoch.hpp>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/test_paths.hpp"

using namespace bt::yuma;

namespace {
std::string tiny_case_text() {
  return bt::test::read_text_file(bt::test::vectors_dir() / "yuma" / "head_tiny_1v1m.json");
}
// The tiny case with steps[0].derived replaced by `derived` (raw JSON text).
std::string with_derived(const std::string& derived) {
  auto doc = nlohmann::json::parse(tiny_case_text());
  doc["steps"][0]["derived"] = "@@DERIVED@@";
  std::string text = doc.dump();
  const std::string mark = "\"@@DERIVED@@\"";
  text.replace(text.find(mark), mark.size(), derived);
  return text;
}
std::string nested_arrays(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }
}  // namespace

TEST_CASE("load_case: 100k nested arrays in steps[].derived is a typed error, not a stack overflow") {
  REQUIRE(load_case(tiny_case_text()));  // the unmodified case loads
  auto r = load_case(with_derived(nested_arrays(100000)));
  REQUIRE_FALSE(r);
  CHECK(r.error().code() == make_error_code(YumaError::malformed_case));
  CHECK_THAT(r.error().message(), Catch::Contains("nested deeper"));
  // Moderate nesting is still accepted and kept verbatim.
  auto ok = load_case(with_derived(nested_arrays(20)));
  REQUIRE(ok);
  CHECK(ok->steps[0].derived_json == nested_arrays(20));
}

TEST_CASE("load_case: deep nesting inside strings does not count") {
  auto r = load_case(with_derived("\"" + std::string(1000, '[') + "\""));
  REQUIRE(r);
}

TEST_CASE("load_case / input_from_json: NUL followed by junk is rejected like trailing JSON") {
  const std::string text = tiny_case_text();
  CHECK_FALSE(load_case(text + " {}"));
  auto r = load_case(text + std::string("\0junk", 5));
  REQUIRE_FALSE(r);
  CHECK(r.error().code() == make_error_code(YumaError::malformed_case));
  CHECK_THAT(r.error().message(), Catch::Contains("NUL"));
  auto doc = nlohmann::json::parse(text);
  const std::string input = doc["steps"][0]["input"].dump();
  REQUIRE(input_from_json(input, Variant::head));
  CHECK_FALSE(input_from_json(input + std::string("\0junk", 5), Variant::head));
  CHECK_FALSE(input_from_json(std::string(200000, '['), Variant::head));
}

TEST_CASE("load_case_file: size limit and non-regular files") {
  const auto dir = std::filesystem::temp_directory_path() / ("bt_yuma_limits_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  // A directory.
  auto d = load_case_file(dir.string());
  REQUIRE_FALSE(d);
  CHECK(d.error().code() == make_error_code(YumaError::io_error));
  // A FIFO: refused at once (no reader/writer hang).
  const auto fifo = dir / "fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  auto f = load_case_file(fifo.string());
  REQUIRE_FALSE(f);
  CHECK_THAT(f.error().message(), Catch::Contains("not a regular file"));
  // /dev/zero: refused, not read until memory runs out.
  CHECK_FALSE(load_case_file("/dev/zero"));
  // A sparse file one byte over the limit: refused before anything is read.
  const auto big = dir / "big.json";
  { std::ofstream o(big); }
  std::filesystem::resize_file(big, max_case_bytes + 1);
  auto b = load_case_file(big.string());
  REQUIRE_FALSE(b);
  CHECK_THAT(b.error().message(), Catch::Contains("MiB limit"));
  // Text over the limit through load_case itself.
  CHECK_FALSE(load_case(std::string(max_case_bytes + 1, ' ')));
  // An embedded NUL in the path.
  CHECK_FALSE(load_case_file((dir / "x").string() + std::string("\0y", 2)));
  std::filesystem::remove_all(dir);
}
