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
//   bt-yuma simulate CASE.json... --epochs N [--threads T] [--step K] [--block-step B]
//                    [--stake-from-emission] [--variant V] [--path P] [--json] [--indent N]
//       Runs N consecutive epochs from step K's input of each case (one independent run per
//       case, on T threads), each epoch starting from the bonds and permits the previous one
//       wrote (bt::yuma::ChainRule: --block-step advances the block, --stake-from-emission adds
//       the emission to the stake). Prints one summary line per epoch, or with --json
//       {"runs":[{"id","epochs":[output, ...]}, ...]}.
//   bt-yuma sweep CASE.json --param NAME=V1,V2,... [--param ...] [--epochs N] [--threads T]
//                 [--step K] [--block-step B] [--stake-from-emission] [--csv OUT]
//       Runs every point of the grid (cartesian product, last --param varying fastest) on T
//       threads and writes a CSV (to OUT, default stdout) with one row per point, epoch and uid:
//       point, the parameters (storage values), epoch, uid, then the per-uid outputs of the
//       variant (incentive, dividends, ..., server_emission, validator_emission).
//       Values: storage integers, true/false, or fractions with a '.' for kappa, bonds_penalty,
//       alpha_low/high (x 65535), bonds_moving_average (x 1e6), tao_weight (x u64::MAX).
//
// Exit status: 0 success (check: every field of every step of every case matches), 1 check found
// a difference, 2 usage error or bad input (unreadable file, malformed JSON, wrong schema,
// inconsistent input lengths...). Errors are printed to stderr as "bt-yuma: error: ...".
#include <algorithm>
#include <bt/yuma/case.hpp>
#include <bt/yuma/epoch.hpp>
#include <bt/yuma/fields.hpp>
#include <bt/yuma/simulate.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
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
        "  bt-yuma simulate CASE.json... --epochs N [--threads T] [--step K] [--block-step B]\n"
        "                   [--stake-from-emission] [--variant V] [--path P] [--json] [--indent N]\n"
        "  bt-yuma sweep CASE.json --param NAME=V1,V2,... [--param ...] [--epochs N] [--threads T]\n"
        "                [--step K] [--block-step B] [--stake-from-emission] [--csv OUT]\n"
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
  long epochs = -1;  // simulate/sweep: -1 = not given
  long threads = 0;  // 0 = all cores (EpochOptions::threads / SimulateOptions::threads)
  long block_step = 0;
  bool stake_from_emission = false;
  bool json = false;
  std::vector<bt::yuma::SweepAxis> params;
  std::optional<std::string> csv;
};

// "--param kappa=0.3,0.5" -> axis {kappa, [0.3, 0.5]}; returns an error message or empty.
std::string parse_param(std::string_view text, bt::yuma::SweepAxis* axis) {
  const auto eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0 || eq + 1 >= text.size())
    return "--param needs NAME=V1,V2,... (got '" + std::string(text) + "')";
  axis->param = std::string(text.substr(0, eq));
  std::string_view rest = text.substr(eq + 1);
  while (true) {
    const auto comma = rest.find(',');
    const std::string_view v = rest.substr(0, comma);
    if (v.empty()) return "--param " + axis->param + ": empty value";
    axis->values.emplace_back(v);
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 1);
  }
  for (const auto& v : axis->values) {
    bt::yuma::EpochInput probe;
    if (auto r = bt::yuma::set_parameter(probe, axis->param, v); !r) return r.error().message();
  }
  return {};
}

// --threads 0 (the default) means one thread per core.
unsigned effective_threads(long t) {
  if (t > 0) return static_cast<unsigned>(t);
  const unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1u : hw;
}

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
    } else if (a == "--stake-from-emission") {
      o->stake_from_emission = true;
    } else if (a == "--json") {
      o->json = true;
    } else if (a == "--epochs" || a == "--threads" || a == "--block-step" || a == "--param" || a == "--csv") {
      if (i + 1 >= argc) return std::string("option ") + std::string(a) + " needs a value";
      const std::string_view v = argv[++i];
      if (a == "--epochs") {
        if (!parse_long(v, 0, 100'000'000, &o->epochs)) return "--epochs needs an integer 0..100000000";
      } else if (a == "--threads") {
        if (!parse_long(v, 0, 1024, &o->threads)) return "--threads needs an integer 0..1024 (0 = all cores)";
      } else if (a == "--block-step") {
        if (!parse_long(v, 0, 1'000'000'000, &o->block_step))
          return "--block-step needs an integer 0..1000000000";
      } else if (a == "--param") {
        bt::yuma::SweepAxis axis;
        if (std::string err = parse_param(v, &axis); !err.empty()) return err;
        o->params.push_back(std::move(axis));
      } else {
        o->csv = std::string(v);
      }
    } else if (a == "--quiet" || a == "-q") {
      o->quiet = true;
    } else if (a == "--variant" || a == "--path" || a == "--reps" || a == "--step" || a == "--indent" ||
               a == "--max-diffs") {
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
    for (std::size_t i = 0; i < m; ++i) {
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
  eo.threads = effective_threads(o.threads);
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
  eo.threads = effective_threads(o.threads);
  auto warm = bt::yuma::run_epoch(input, variant, path, eo);
  if (!warm) return error(o.files[0] + ": " + warm.error().to_string());
  std::vector<double> us, cpu_us;
  us.reserve(static_cast<std::size_t>(o.reps));
  cpu_us.reserve(static_cast<std::size_t>(o.reps));
  // Process CPU time (all threads) besides the wall time: less sensitive to other load.
  auto cpu_now = [] {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) * 1e-3;
  };
  volatile std::uint64_t sink = 0;  // keeps the results observable
  for (long r = 0; r < o.reps; ++r) {
    const double c0 = cpu_now();
    const auto t0 = std::chrono::steady_clock::now();
    auto out = bt::yuma::run_epoch(input, variant, path, eo);
    const auto t1 = std::chrono::steady_clock::now();
    const double c1 = cpu_now();
    if (!out) return error(out.error().to_string());
    if (!out->emission.empty()) sink = sink + out->emission[0];
    us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    cpu_us.push_back(c1 - c0);
  }
  auto median_of = [](std::vector<double>& v) {
    std::sort(v.begin(), v.end());
    const std::size_t m = v.size();
    return (m % 2) ? v[m / 2] : 0.5 * (v[m / 2 - 1] + v[m / 2]);
  };
  const double median = median_of(us);
  const double cpu_median = median_of(cpu_us);
  std::size_t nnz = 0;
  for (const auto& row : input.weights) nnz += row.size();
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "%s (%s/%s, n=%u, weights nnz=%zu, step %zu, %ld thread%s): median %.1f us, min %.1f us, "
                "max %.1f us over %ld reps (CPU time: median %.1f us)",
                c->id.c_str(), bt::yuma::to_string(variant), bt::yuma::to_string(path),
                static_cast<unsigned>(input.n), nnz, k, static_cast<long>(effective_threads(o.threads)),
                effective_threads(o.threads) == 1 ? "" : "s", median, us.front(), us.back(), o.reps,
                cpu_median);
  std::cout << buf << "\n";
  return kExitOk;
}

// ---- simulate / sweep

// The run every case starts: step --step of the case, its variant/path unless overridden.
bt::Result<bt::yuma::Run> run_of(const Case& c, const Options& o, std::size_t epochs) {
  const std::size_t k = o.step < 0 ? 0 : static_cast<std::size_t>(o.step);
  if (k >= c.steps.size()) {
    return bt::fail(bt::yuma::YumaError::invalid_input, "--step " + std::to_string(k) +
                                                            " out of range (the case has " +
                                                            std::to_string(c.steps.size()) + " steps)");
  }
  bt::yuma::Run r;
  r.input = c.steps[k].input;
  r.variant = o.variant.value_or(c.variant);
  r.path = o.path.value_or(c.path);
  r.epochs = epochs;
  r.chain.block_step = static_cast<std::uint64_t>(o.block_step);
  r.chain.stake_from_emission = o.stake_from_emission;
  return r;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

int cmd_simulate(const Options& o) {
  if (o.files.empty()) return error("simulate needs at least one CASE.json");
  if (o.epochs < 0) return error("simulate needs --epochs N");
  if (!o.params.empty() || o.csv) return error("--param and --csv belong to sweep");
  std::vector<bt::yuma::Run> runs;
  std::vector<std::string> ids;
  for (const auto& f : o.files) {
    auto c = load_case(f);
    if (!c) return error(f + ": " + c.error().to_string());
    auto r = run_of(*c, o, static_cast<std::size_t>(o.epochs));
    if (!r) return error(f + ": " + r.error().message());
    runs.push_back(std::move(*r));
    ids.push_back(c->id);
  }
  bt::yuma::SimulateOptions so;
  so.threads = static_cast<unsigned>(o.threads);
  const auto t0 = std::chrono::steady_clock::now();
  const auto results = bt::yuma::simulate(runs, so);
  const double secs = seconds_since(t0);
  for (std::size_t i = 0; i < results.size(); ++i)
    if (!results[i]) return error(o.files[i] + ": " + results[i].error().to_string());
  if (o.json) {
    std::string text = "{\"runs\":[";
    for (std::size_t i = 0; i < results.size(); ++i) {
      if (i) text += ",";
      text += "{\"id\":" + Json(ids[i]).dump() + ",\"epochs\":[";
      for (std::size_t k = 0; k < results[i]->epochs.size(); ++k) {
        if (k) text += ",";
        text += bt::yuma::output_to_json(results[i]->epochs[k], runs[i].variant, runs[i].path);
      }
      text += "]}";
    }
    text += "]}";
    std::cout << (o.indent >= 0 ? Json::parse(text).dump(o.indent) : text) << "\n";
    return kExitOk;
  }
  std::size_t epochs = 0;
  for (std::size_t i = 0; i < results.size(); ++i) {
    std::uint64_t block = runs[i].input.current_block;
    for (std::size_t k = 0; k < results[i]->epochs.size(); ++k) {
      const auto& out = results[i]->epochs[k];
      std::uint64_t to_validators = 0, to_miners = 0;
      for (const auto& x : out.validator_emission) to_validators += x.value_or(0);
      for (const auto& x : out.server_emission) to_miners += x.value_or(0);
      std::size_t permits = 0, bonds = 0;
      for (bool p : out.post_state_validator_permit) permits += p;
      for (const auto& r : out.post_state_bonds) bonds += r ? r->size() : 0;
      std::printf(
          "%s epoch %zu (block %llu): validators %llu rao, miners %llu rao, permits %zu, bonds entries %zu\n",
          ids[i].c_str(), k, static_cast<unsigned long long>(block),
          static_cast<unsigned long long>(to_validators), static_cast<unsigned long long>(to_miners), permits,
          bonds);
      block += runs[i].chain.block_step;
      ++epochs;
    }
  }
  std::printf("simulated %zu epochs in %zu run%s in %.3f s (%.1f epochs/s)\n", epochs, runs.size(),
              runs.size() == 1 ? "" : "s", secs, secs > 0 ? static_cast<double>(epochs) / secs : 0.0);
  return kExitOk;
}

// One CSV column per per-uid output field of the variant/path (from the field table): vectors of
// n entries are indexed by uid, shorter storage vectors by registered uid (bt::yuma::storage_uids).
struct CsvColumn {
  std::string name;
  std::function<std::string(const bt::yuma::EpochInput&, const EpochOutput&, std::uint16_t uid)> cell;
};

template <class T>
std::string csv_value(const T& v) {
  if constexpr (std::is_same_v<T, bool>) {
    return v ? "1" : "0";
  } else if constexpr (std::is_same_v<T, std::optional<std::uint64_t>>) {
    return v ? std::to_string(*v) : "";
  } else {
    return std::to_string(v);
  }
}

std::vector<CsvColumn> csv_columns(Variant v, Path p) {
  std::vector<CsvColumn> cols;
  bt::yuma::fields::for_each_output_field([&](const auto& f) {
    using M = std::decay_t<decltype(EpochOutput{}.*(f.member))>;
    using T = typename M::value_type;
    if constexpr (!std::is_same_v<T, std::optional<bt::yuma::Row>>) {
      if (f.parent || !f.applies(v, p)) return;
      const auto member = f.member;
      cols.push_back(
          {f.name, [member](const bt::yuma::EpochInput& in, const EpochOutput& out, std::uint16_t uid) {
             const M& vec = out.*member;
             if (vec.size() == in.n) return uid < vec.size() ? csv_value<T>(vec[uid]) : std::string();
             const auto uids = bt::yuma::storage_uids(in, vec.size());
             const auto it = std::find(uids.begin(), uids.end(), uid);
             if (it == uids.end()) return std::string();
             return csv_value<T>(vec[static_cast<std::size_t>(it - uids.begin())]);
           }});
    }
  });
  return cols;
}

int cmd_sweep(const Options& o) {
  if (o.files.size() != 1) return error("sweep takes exactly one CASE.json");
  if (o.params.empty()) return error("sweep needs at least one --param NAME=V1,V2,...");
  if (o.json) return error("--json belongs to simulate (sweep writes CSV)");
  auto c = load_case(o.files[0]);
  if (!c) return error(o.files[0] + ": " + c.error().to_string());
  auto base = run_of(*c, o, o.epochs < 0 ? 1 : static_cast<std::size_t>(o.epochs));
  if (!base) return error(o.files[0] + ": " + base.error().message());
  auto runs = bt::yuma::sweep_runs(*base, o.params);
  if (!runs) return error(runs.error().message());
  bt::yuma::SimulateOptions so;
  so.threads = static_cast<unsigned>(o.threads);
  const auto t0 = std::chrono::steady_clock::now();
  const auto results = bt::yuma::simulate(*runs, so);
  const double secs = seconds_since(t0);
  std::ofstream file;
  if (o.csv && *o.csv != "-") {
    file.open(*o.csv, std::ios::binary | std::ios::trunc);
    if (!file) return error("cannot write " + *o.csv);
  }
  std::ostream& os = file.is_open() ? static_cast<std::ostream&>(file) : std::cout;
  const auto cols = csv_columns(base->variant, base->path);
  os << "point";
  for (const auto& a : o.params) os << "," << a.param;
  os << ",epoch,uid";
  for (const auto& col : cols) os << "," << col.name;
  os << "\n";
  std::size_t epochs = 0;
  for (std::size_t k = 0; k < results.size(); ++k) {
    if (!results[k]) return error("grid point " + std::to_string(k) + ": " + results[k].error().to_string());
    std::string prefix = std::to_string(k);
    for (const auto& a : o.params)
      prefix += "," + bt::yuma::get_parameter((*runs)[k].input, a.param).value_or("");
    bt::yuma::EpochInput in = (*runs)[k].input;
    for (std::size_t e = 0; e < results[k]->epochs.size(); ++e) {
      const auto& out = results[k]->epochs[e];
      for (std::uint16_t uid = 0; uid < in.n; ++uid) {
        os << prefix << "," << e << "," << uid;
        for (const auto& col : cols) os << "," << col.cell(in, out, uid);
        os << "\n";
      }
      in = bt::yuma::next_epoch_input(in, out, base->variant, base->chain);
      ++epochs;
    }
  }
  os.flush();
  if (!os) return error("writing the CSV failed");
  if (file.is_open()) {
    std::cerr << "bt-yuma: " << results.size() << " grid points x " << base->epochs << " epochs (" << epochs
              << " epochs) in " << secs << " s; wrote " << *o.csv << "\n";
  }
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
    if (cmd == "simulate") return cmd_simulate(o);
    if (cmd == "sweep") return cmd_sweep(o);
  } catch (const std::exception& e) {  // std::bad_alloc, or a JSON library failure
    return error(std::string("unexpected failure: ") + e.what());
  }
  error("unknown command '" + std::string(cmd) + "'");
  usage(std::cerr);
  return kExitError;
}
