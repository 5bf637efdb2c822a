// SPDX-License-Identifier: MIT
// Issue 14 findings 4 and 15 for metadata Value JSON.
#include <bt/metadata/error.hpp>
#include <bt/metadata/value.hpp>
#include <catch2/catch.hpp>
#include <string>

using namespace bt::metadata;

TEST_CASE("Value from_json: deep nesting and NUL + junk are invalid_json", "[metadata][json_limits]") {
  REQUIRE(from_json(R"({"netuid":1})"));
  auto deep = from_json(std::string(100000, '[') + std::string(100000, ']'));
  REQUIRE_FALSE(deep);
  CHECK(deep.error().code() == make_error_code(MetadataError::invalid_json));
  auto nul = from_json(std::string("{\"netuid\":1}\0junk", 17));
  REQUIRE_FALSE(nul);
  CHECK(nul.error().code() == make_error_code(MetadataError::invalid_json));
  CHECK_FALSE(from_json(R"({"netuid":1} {})"));
}
