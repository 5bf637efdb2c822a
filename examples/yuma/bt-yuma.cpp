// SPDX-License-Identifier: MIT
// bt-yuma: run, check and time the Yuma consensus epoch on `yuma-ref/1` case files.
//
//   bt-yuma run   CASE.json [--variant V] [--path P] [--trace] [--indent N]
//       Runs every step of the case and prints {"steps":[{"output":{...}}, ...]} with the output
//       fields named as in the vectors (u64 as JSON integers, never floats). --variant/--path
//       override the case's own (e.g. --path dense). --trace adds each step's "trace".
//   bt-yuma check CASE.json... [--trace] [--max-diffs N] [--quiet]
//       Runs each case and compares every field of every step's expected `output` (post_state
//       included; with --trace also the trace entries) with the computed one. Prints the
//       field-level differences, one PASS/FAIL line per case and a total.
//   bt-yuma bench CASE.json [--reps N] [--step K] [--variant V] [--path P]
//       Times run_epoch alone (the input is parsed once, before timing): one warm-up run, then N
//       timed runs (default 21); prints the median, min and max in microseconds.
//
// Exit status: 0 success (check: every field of every step of every case matches), 1 check found
// a difference, 2 usage error or bad input (unreadable file, malformed JSON, wrong schema,
// inconsistent input lengths...). Errors are printed to stderr as "bt-yuma: error: ...".
#include <algorithm>
#include <bt/yuma/case.hpp>
#include <bt/yuma/epoch.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "../common/cli.hpp"

namespace {

using Json = nlohmann::json;
using bt::yuma::Case;
using bt::yuma::EpochOutput;
using bt::yuma::Path;
using bt::yuma::Variant;

constexpr int kExitOk = 0;
constexpr int kExitMismatch = 1;
constexpr int kExitError = 2;

void usage(std::ostream& os) {
  os << "usage:\n"
        "  bt-yuma run   CASE.json [--variant V] [--path P] [--trace] [--indent N]\n"
        "  bt-yuma check CASE.json... [--trace] [--max-diffs N] [--quiet] [--threads T]\n"
        "  bt-yuma bench CASE.json [--reps N] [--step K] [--variant V] [--path P] [--threads T]\n"
        "variants: head, feb2025, spec143; paths: sparse, dense\n"
        "exit status: 0 ok, 1 check mismatch, 2 usage error or bad input\n";
}

int error(const std::string& msg) {
  std::cerr << "bt-yuma: error: " << msg << "\n";
  return kExitError;
}

// Command-line options shared by the subcommands.
struct Options {
  std::vector<std::string> files;
  std::optional<Variant> variant;
  std::optional<Path> path;
  bool trace = false;
  bool quiet = false;
  int indent = -1;
  long reps = 21;
  long step = -1;  // bench: -1 = step 0
  long max_diffs = 20;
  bool help = false;
  long threads = 1;  // EpochOptions::threads
};

bool parse_long(std::string_view s, long lo, long hi, long* out) {
  if (s.empty() || s.size() > 18) return false;
  long v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  if (v < lo || v > hi) return false;
  *out = v;
  return true;
}

// Returns an error message, or empty on success.
std::string parse_options(int argc, char** argv, Options* o) {
  for (int i = 2; i < argc; ++i) {
    std::string_view a = argv[i];
    auto need_value = [&](std::string_view name) -> std::optional<std::string_view> {
      if (i + 1 >= argc) return std::nullopt;
      (void)name;
      return std::string_view(argv[++i]);
    };
    if (a == "--help" || a == "-h") {
      o->help = true;
    } else if (a == "--trace") {
      o->trace = true;
    } else if (a == "--quiet" || a == "-q") {
      o->quiet = true;
    } else if (a == "--variant" || a == "--path" || a == "--reps" || a == "--step" || a == "--indent" ||
               a == "--max-diffs" || a == "--threads") {
      auto v = need_value(a);
      if (!v) return std::string("option ") + std::string(a) + " needs a value";
      if (a == "--variant") {
        auto r = bt::yuma::parse_variant(*v);
        if (!r) return "unknown variant '" + std::string(*v) + "' (head, feb2025, spec143)";
        o->variant = *r;
      } else if (a == "--path") {
        auto r = bt::yuma::parse_path(*v);
        if (!r) return "unknown path '" + std::string(*v) + "' (sparse, dense)";
        o->path = *r;
      } else if (a == "--reps") {
        if (!parse_long(*v, 1, 1'000'000, &o->reps)) return "--reps needs an integer 1..1000000";
      } else if (a == "--threads") {
        if (!parse_long(*v, 1, 64, &o->threads)) return "--threads needs an integer 1..64";
      } else if (a == "--step") {
        if (!parse_long(*v, 0, 1'000'000, &o->step)) return "--step needs a non-negative integer";
      } else if (a == "--indent") {
        long n = 0;
        if (!parse_long(*v, 0, 16, &n)) return "--indent needs an integer 0..16";
        o->indent = static_cast<int>(n);
      } else {
        if (!parse_long(*v, 0, 1'000'000'000, &o->max_diffs))
          return "--max-diffs needs a non-negative integer";
      }
    } else if (a.size() > 1 && a[0] == '-') {
      return "unknown option " + std::string(a);
    } else {
      o->files.emplace_back(a);
    }
  }
  return {};
}

// Reads a case file through the shared checked loader: only regular files of at most
// bt::yuma::max_case_bytes (64 MiB; parsing costs ~20x that in memory), never a FIFO or /dev/zero.
bt::Result<std::string> read_file(const std::string& path) {
  std::string err;
  auto text = bt_cli::load_file(path, bt::yuma::max_case_bytes, &err);
  if (!text) return bt::fail(bt::yuma::YumaError::io_error, err);
  return std::move(*text);
}

bt::Result<Case> load_case(const std::string& path) {
  BT_TRY(std::string text, read_file(path));
  return bt::yuma::load_case(text);
}

// ---- JSON-level comparison (independent of bt::yuma::diff_outputs)

std::string short_dump(const Json& j) {
  std::string s = j.dump();
  if (s.size() > 200) s = s.substr(0, 197) + "...";
  return s;
}

// Appends "path: expected X, got Y" lines for every difference between e (expected) and a.
// Numbers compare by exact integer value; a float on either side is itself a difference.
void json_diff(const Json& e, const Json& a, const std::string& path, std::vector<std::string>* out) {
  if (e.is_number_float() || a.is_number_float()) {
    out->push_back(path + ": floating-point value (expected " + short_dump(e) + ", got " + short_dump(a) +
                   ")");
    return;
  }
  if (e.is_number_integer() && a.is_number_integer()) {
    if (e != a) out->push_back(path + ": expected " + e.dump() + ", got " + a.dump());
    return;
  }
  if (e.type() != a.type()) {
    out->push_back(path + ": expected " + short_dump(e) + ", got " + short_dump(a));
    return;
  }
  if (e.is_array()) {
    if (e.size() != a.size()) {
      out->push_back(path + ": expected " + std::to_string(e.size()) + " entries, got " +
                     std::to_string(a.size()));
    }
    const std::size_t m = std::min(e.size(), a.size());
    // In the storage after the epoch, a missing Bonds entry (null) and an empty row are the same
    // storage state (ValueQuery default); EpochOutput::post_state_bonds writes both as [].
    const bool storage_rows = path == "post_state.bonds";
    for (std::size_t i = 0; i < m; ++i) {
      if (storage_rows && ((e[i].is_null() && a[i].is_array() && a[i].empty()) ||
                           (a[i].is_null() && e[i].is_array() && e[i].empty()))) {
        continue;
      }
      // Rows of (uid, value) pairs are reported as a whole: "bonds_written[1]: expected ..., got".
      const bool row = e[i].is_array() && !e[i].empty() && e[i][0].is_array();
      if (row && e[i] != a[i]) {
        out->push_back(path + "[" + std::to_string(i) + "]: expected " + short_dump(e[i]) + ", got " +
                       short_dump(a[i]));
      } else if (!row) {
        json_diff(e[i], a[i], path + "[" + std::to_string(i) + "]", out);
      }
    }
    return;
  }
  if (e.is_object()) {
    for (auto it = e.begin(); it != e.end(); ++it) {
      const std::string sub = path.empty() ? it.key() : path + "." + it.key();
      auto f = a.find(it.key());
      if (f == a.end()) {
        out->push_back(sub + ": missing in the computed output");
      } else {
        json_diff(it.value(), *f, sub, out);
      }
    }
    return;
  }
  if (e != a) out->push_back(path + ": expected " + short_dump(e) + ", got " + short_dump(a));
}

// ---- run

int cmd_run(const Options& o) {
  if (o.files.size() != 1) return error("run takes exactly one CASE.json");
  auto c = load_case(o.files[0]);
  if (!c) return error(o.files[0] + ": " + c.error().to_string());
  const Variant variant = o.variant.value_or(c->variant);
  const Path path = o.path.value_or(c->path);
  bt::yuma::EpochOptions eo;
  eo.trace = o.trace;
  std::string text = "{\"steps\":[";
  for (std::size_t k = 0; k < c->steps.size(); ++k) {
    auto out = bt::yuma::run_epoch(c->steps[k].input, variant, path, eo);
    if (!out) {
      return error(o.files[0] + ": step " + std::to_string(k) + ": " + out.error().to_string());
    }
    if (k) text += ",";
    text += "{\"output\":" + bt::yuma::output_to_json(*out, variant, path) + "}";
  }
  text += "]}";
  if (o.indent >= 0) {
    Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return error("internal: output_to_json produced invalid JSON");
    std::cout << j.dump(o.indent) << "\n";
  } else {
    std::cout << text << "\n";
  }
  return kExitOk;
}

// ---- check

enum class CheckResult { pass, fail, error };

CheckResult check_one(const std::string& file, const Options& o, std::size_t* steps_checked,
                      std::size_t* fields_checked) {
  auto report_error = [&](const std::string& msg) {
    std::cerr << "bt-yuma: error: " << file << ": " << msg << "\n";
    std::cout << "ERROR " << file << ": " << msg << "\n";
    return CheckResult::error;
  };
  auto text = read_file(file);
  if (!text) return report_error(text.error().to_string());
  auto c = bt::yuma::load_case(*text);
  if (!c) return report_error(c.error().to_string());
  // The library parsed it, so this parse succeeds too; it gives us the expected JSON verbatim.
  const Json doc = Json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.contains("steps") || !doc["steps"].is_array() ||
      doc["steps"].size() != c->steps.size()) {
    return report_error("case JSON and parsed case disagree on the steps");
  }
  bt::yuma::EpochOptions eo;
  eo.trace = o.trace;
  eo.threads = static_cast<unsigned>(o.threads);
  std::size_t ndiff = 0;
  std::vector<std::string> lines;
  for (std::size_t k = 0; k < c->steps.size(); ++k) {
    const auto& step = c->steps[k];
    auto out = bt::yuma::run_epoch(step.input, c->variant, c->path, eo);
    if (!out) return report_error("step " + std::to_string(k) + ": " + out.error().to_string());
    const Json& jstep = doc["steps"][k];
    if (!jstep.contains("output") || !jstep["output"].is_object()) {
      return report_error("step " + std::to_string(k) + " has no output object");
    }
    Json expected = jstep["output"];
    expected.erase("trace");
    if (expected.empty()) return report_error("step " + std::to_string(k) + ": empty output");
    Json actual = Json::parse(bt::yuma::output_to_json(*out, c->variant, c->path), nullptr, false);
    if (actual.is_discarded()) return report_error("internal: output_to_json gave invalid JSON");
    std::vector<std::string> d;
    json_diff(expected, actual, "", &d);
    // The library's own comparison must agree (it reads the typed values).
    if (d.empty()) {
      for (auto& line : bt::yuma::diff_outputs(step.expected, *out)) d.push_back(line);
    }
    if (o.trace) {
      // diff_traces ignores labels present on one side only: make sure something was compared.
      std::size_t common = 0;
      for (const auto& t : step.expected.trace) {
        for (const auto& u : out->trace) {
          if (u.label == t.label) {
            ++common;
            break;
          }
        }
      }
      if (!step.expected.trace.empty() && common == 0) {
        d.push_back("trace: none of the " + std::to_string(step.expected.trace.size()) +
                    " expected trace labels was recorded");
      }
      for (auto& line : bt::yuma::diff_traces(step.expected.trace, out->trace)) {
        d.push_back("trace: " + line);
      }
    }
    for (auto it = expected.begin(); it != expected.end(); ++it) {
      *fields_checked += it.value().is_array() ? it.value().size() : 1;
    }
    ++*steps_checked;
    for (auto& line : d) {
      lines.push_back("  step " + std::to_string(k) + ": " + line);
    }
    ndiff += d.size();
  }
  if (ndiff == 0) {
    if (!o.quiet) {
      std::cout << "PASS " << c->id << " (" << bt::yuma::to_string(c->variant) << "/"
                << bt::yuma::to_string(c->path) << ", " << c->steps.size() << " step"
                << (c->steps.size() == 1 ? "" : "s") << ")\n";
    }
    return CheckResult::pass;
  }
  std::cout << "FAIL " << c->id << " (" << file << "): " << ndiff << " difference" << (ndiff == 1 ? "" : "s")
            << "\n";
  const std::size_t shown = std::min<std::size_t>(lines.size(), static_cast<std::size_t>(o.max_diffs));
  for (std::size_t i = 0; i < shown; ++i) std::cout << lines[i] << "\n";
  if (shown < lines.size()) std::cout << "  ... " << (lines.size() - shown) << " more\n";
  return CheckResult::fail;
}

int cmd_check(const Options& o) {
  if (o.files.empty()) return error("check needs at least one CASE.json");
  if (o.variant || o.path) return error("check uses each case's own variant and path");
  std::size_t pass = 0, fail = 0, errors = 0, steps = 0, fields = 0;
  for (const auto& f : o.files) {
    switch (check_one(f, o, &steps, &fields)) {
      case CheckResult::pass:
        ++pass;
        break;
      case CheckResult::fail:
        ++fail;
        break;
      case CheckResult::error:
        ++errors;
        break;
    }
  }
  std::cout << (fail == 0 && errors == 0 ? "PASS" : "FAIL") << ": " << pass << "/" << o.files.size()
            << " cases passed";
  if (fail) std::cout << ", " << fail << " failed";
  if (errors) std::cout << ", " << errors << " could not be checked";
  std::cout << " (" << steps << " epochs, " << fields << " output values compared)\n";
  if (errors) return kExitError;
  return fail ? kExitMismatch : kExitOk;
}

// ---- bench

int cmd_bench(const Options& o) {
  if (o.files.size() != 1) return error("bench takes exactly one CASE.json");
  auto c = load_case(o.files[0]);
  if (!c) return error(o.files[0] + ": " + c.error().to_string());
  if (c->steps.empty()) return error(o.files[0] + ": the case has no steps");
  const std::size_t k = o.step < 0 ? 0 : static_cast<std::size_t>(o.step);
  if (k >= c->steps.size()) {
    return error("--step " + std::to_string(k) + " out of range (the case has " +
                 std::to_string(c->steps.size()) + " steps)");
  }
  const Variant variant = o.variant.value_or(c->variant);
  const Path path = o.path.value_or(c->path);
  const auto& input = c->steps[k].input;
  // Warm-up (also reports bad input before timing).
  bt::yuma::EpochOptions eo;
  eo.threads = static_cast<unsigned>(o.threads);
  auto warm = bt::yuma::run_epoch(input, variant, path, eo);
  if (!warm) return error(o.files[0] + ": " + warm.error().to_string());
  std::vector<double> us;
  us.reserve(static_cast<std::size_t>(o.reps));
  volatile std::uint64_t sink = 0;  // keeps the results observable
  for (long r = 0; r < o.reps; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    auto out = bt::yuma::run_epoch(input, variant, path, eo);
    const auto t1 = std::chrono::steady_clock::now();
    if (!out) return error(out.error().to_string());
    if (!out->emission.empty()) sink = sink + out->emission[0];
    us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
  }
  std::sort(us.begin(), us.end());
  const std::size_t m = us.size();
  const double median = (m % 2) ? us[m / 2] : 0.5 * (us[m / 2 - 1] + us[m / 2]);
  std::size_t nnz = 0;
  for (const auto& row : input.weights) nnz += row.size();
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "%s (%s/%s, n=%u, weights nnz=%zu, step %zu, %ld thread%s): median %.1f us, min %.1f us, "
                "max %.1f us over %ld reps",
                c->id.c_str(), bt::yuma::to_string(variant), bt::yuma::to_string(path),
                static_cast<unsigned>(input.n), nnz, k, o.threads, o.threads == 1 ? "" : "s", median,
                us.front(), us.back(), o.reps);
  std::cout << buf << "\n";
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    usage(std::cerr);
    return kExitError;
  }
  const std::string_view cmd = argv[1];
  if (cmd == "-h" || cmd == "--help" || cmd == "help") {
    usage(std::cout);
    return kExitOk;
  }
  Options o;
  if (std::string err = parse_options(argc, argv, &o); !err.empty()) return error(err);
  if (o.help) {
    usage(std::cout);
    return kExitOk;
  }
  try {
    if (cmd == "run") return cmd_run(o);
    if (cmd == "check") return cmd_check(o);
    if (cmd == "bench") return cmd_bench(o);
  } catch (const std::exception& e) {  // std::bad_alloc, or a JSON library failure
    return error(std::string("unexpected failure: ") + e.what());
  }
  error("unknown command '" + std::string(cmd) + "'");
  usage(std::cerr);
  return kExitError;
}
