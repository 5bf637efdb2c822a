// SPDX-License-Identifier: MIT
// Fuzzes the yuma-ref/1 case reader and the epoch behind it: arbitrary bytes as a case JSON must
// load or give a typed YumaError, and every loaded step must run (or give a typed YumaError) on
// both paths without crashing or hanging. Also checks that the JSON writers round-trip:
//   input_to_json(input_from_json(input_to_json(x))) == input_to_json(x), and
//   output_from_json(output_to_json(out)) has no diff_outputs difference from out.
// Work is capped: steps with n > 1024 are not run (the dense path is O(n^2)).
#include <bt/yuma/case.hpp>
#include <bt/yuma/epoch.hpp>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace {
constexpr std::uint16_t kMaxN = 1024;
constexpr std::size_t kMaxSteps = 16;

bool is_yuma_error(const bt::Error& e) { return std::string_view(e.module()) == "bt.yuma"; }
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto c = bt::yuma::load_case(text);
  if (!c) {
    if (!is_yuma_error(c.error())) std::abort();
    return 0;
  }
  // A raw NUL byte is never valid JSON: "{...}\0junk" must not load (issue 14 finding 15).
  if (text.find('\0') != std::string_view::npos) std::abort();
  std::size_t steps = 0;
  for (const auto& step : c->steps) {
    if (++steps > kMaxSteps) break;
    const auto& in = step.input;
    if (in.n > kMaxN || in.weights.size() > 4u * kMaxN || in.bonds.size() > 4u * kMaxN) continue;

    // Input writer/reader round trip.
    const std::string j1 = bt::yuma::input_to_json(in, c->variant);
    auto back = bt::yuma::input_from_json(j1, c->variant);
    if (!back || bt::yuma::input_to_json(*back, c->variant) != j1) std::abort();

    for (auto path : {bt::yuma::Path::sparse, bt::yuma::Path::dense}) {
      const bool valid = bt::yuma::validate_input(in, c->variant).has_value();
      auto out = bt::yuma::run_epoch(in, c->variant, path);
      if (!out) {
        if (!is_yuma_error(out.error())) std::abort();
        // validate_input has no path argument: only the sparse (chain) path must accept everything it
        // accepts (the spec143 dense epoch rejects out-of-range weight entries, where the runtime panics).
        if (valid && path == bt::yuma::Path::sparse) {
          std::fprintf(stderr, "validate_input ok but run_epoch(%s, %s) failed: %s\n",
                       bt::yuma::to_string(c->variant), bt::yuma::to_string(path),
                       out.error().to_string().c_str());
          std::abort();
        }
        continue;
      }
      if (!valid) std::abort();  // run_epoch accepted what validate_input rejects
      const std::string oj = bt::yuma::output_to_json(*out, c->variant, path);
      auto parsed = bt::yuma::output_from_json(oj, c->variant, path);
      if (!parsed) std::abort();
      if (!bt::yuma::diff_outputs(*parsed, *out).empty()) std::abort();
      // The case's expected outputs are compared (result ignored): exercises diff_outputs.
      (void)bt::yuma::diff_outputs(step.expected, *out);
    }
  }
  return 0;
}
