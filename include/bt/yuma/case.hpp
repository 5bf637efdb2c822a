// SPDX-License-Identifier: MIT
// Reading and writing Yuma reference cases (JSON schema `yuma-ref/1`, tests/vectors/yuma/README.md).
//
//   BT_TRY(bt::yuma::Case c, bt::yuma::load_case_file("tests/vectors/yuma/head_tiny_1v1m.json"));
//   for (const auto& step : c.steps) {
//     BT_TRY(auto out, bt::yuma::run_epoch(step.input, c.variant, c.path));
//     for (const auto& d : bt::yuma::diff_outputs(step.expected, out)) std::cerr << d << "\n";
//   }
//
// JSON is parsed and produced inside the library; the API only takes and returns text or paths.
// All functions validate their input: malformed JSON, a wrong schema, missing or mistyped fields,
// or integers out of their type's range give YumaError::malformed_case (with the JSON path of the
// offending field in the message); unreadable files give YumaError::io_error. Never a crash.
// u64 values are read and written as exact JSON integers (they may exceed 2^53).
#pragma once

#include <bt/result.hpp>
#include <bt/yuma/epoch.hpp>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace bt::yuma {

// One epoch of a case: the complete effective input, the expected outputs and the expected trace.
struct CaseStep {
  EpochInput input;
  EpochOutput expected;      // expected.trace holds the case's `trace` entries
  std::string derived_json;  // the step's `derived` object, verbatim JSON text ("{}" if absent)
};

struct Case {
  std::string id;
  std::string description;
  std::vector<std::string> tags;
  Variant variant = Variant::head;
  Path path = Path::sparse;
  std::vector<CaseStep> steps;
};

// The largest case text accepted (64 MiB; the largest real case, n=4096 x 1024 validators, is 43 MB).
// Parsing costs about 20x the text size in memory, so this bounds a load at ~1.3 GB.
inline constexpr std::size_t max_case_bytes = std::size_t{64} << 20;

// Parses a whole `yuma-ref/1` document. Errors (YumaError::malformed_case): invalid JSON, a NUL byte,
// nesting deeper than 128 levels, text larger than max_case_bytes, wrong schema or fields.
Result<Case> load_case(std::string_view json_text);
// Reads and parses a case file: only a regular file of at most max_case_bytes (a directory, FIFO
// or device is an io_error, never a hang).
Result<Case> load_case_file(const std::string& path);

// Parses one `input` object (field names as in the vectors) for `variant`. Fields the variant does
// not use may be absent; fields it uses are required except `owner_uid` (absent = null),
// `weight_commits` / `timelocked_commits` (absent = []), `rho`.
Result<EpochInput> input_from_json(std::string_view json_text, Variant variant);
// Writes an input as a JSON object with the vectors' field names (only the variant's fields).
std::string input_to_json(const EpochInput& input, Variant variant, int indent = -1);

// Writes an output as a JSON `output` object with the vectors' field names: the fields the
// variant/path produces (rank/trust/pruning_scores for feb2025+spec143, stake_weight for
// head+feb2025, stake for head sparse), `post_state` {bonds, validator_permit}, and `trace` if
// non-empty. u64 as JSON integers, nullopt as null. indent < 0 = compact.
std::string output_to_json(const EpochOutput& output, Variant variant, Path path, int indent = -1);
// Parses an `output` object (inverse of output_to_json).
Result<EpochOutput> output_from_json(std::string_view json_text, Variant variant, Path path);

// Compares every output field the expected value carries (empty expected vectors are skipped,
// so a case without `stake` does not require it). Returns one human-readable line per
// difference, e.g. "dividends[3]: expected 48002, got 48001" or
// "bonds_written[1]: expected [[2,17906],[3,43689]], got [[2,17906]]"; empty = identical.
std::vector<std::string> diff_outputs(const EpochOutput& expected, const EpochOutput& actual);

// Compares trace entries with equal labels (in order of appearance; labels only in one side are
// ignored). Returns one line per differing label with the first differing index.
std::vector<std::string> diff_traces(const std::vector<TraceEntry>& expected,
                                     const std::vector<TraceEntry>& actual);

}  // namespace bt::yuma
