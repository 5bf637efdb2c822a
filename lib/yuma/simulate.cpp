// SPDX-License-Identifier: MIT
// Simulation at scale: chained epochs, a thread pool over independent runs, parameter grids.
#include <algorithm>
#include <bt/fixed/fixed.hpp>
#include <bt/yuma/fields.hpp>
#include <bt/yuma/simulate.hpp>
#include <limits>
#include <type_traits>

#include "yuma/parallel.hpp"

namespace bt::yuma {
namespace {

std::uint64_t sat_add(std::uint64_t a, std::uint64_t b) {
  const std::uint64_t s = a + b;
  return s < a ? std::numeric_limits<std::uint64_t>::max() : s;
}

Result<RunResult> run_chain(const Run& run, const SimulateOptions& options) {
  RunResult result;
  result.next_input = run.input;
  result.epochs.reserve(options.keep_all_epochs ? run.epochs : std::min<std::size_t>(run.epochs, 1));
  for (std::size_t k = 0; k < run.epochs; ++k) {
    Result<EpochOutput> out = run_epoch(result.next_input, run.variant, run.path, options.epoch);
    if (!out) {
      return fail(Error(out.error().code(), "epoch " + std::to_string(k) + ": " + out.error().message()));
    }
    result.next_input = next_epoch_input(result.next_input, *out, run.variant, run.chain);
    if (!options.keep_all_epochs) result.epochs.clear();
    result.epochs.push_back(std::move(*out));
  }
  return result;
}

Unexpected bad_param(std::string_view name, std::string_view value, const std::string& what) {
  return fail(YumaError::invalid_input,
              "parameter " + std::string(name) + "=" + std::string(value) + ": " + what);
}

// Parses a non-negative decimal integer of up to 19 digits.
std::optional<std::uint64_t> parse_u64(std::string_view s) {
  if (s.empty() || s.size() > 20) return std::nullopt;
  fixed::u128 v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<unsigned>(c - '0');
  }
  if (v > std::numeric_limits<std::uint64_t>::max()) return std::nullopt;
  return static_cast<std::uint64_t>(v);
}

// "0.25" -> round_half_up(0.25 * scale); the fraction must lie in [0, 1] and have at most 18
// decimals, so every product fits in 128 bits.
std::optional<std::uint64_t> parse_fraction(std::string_view s, std::uint64_t scale) {
  const auto dot = s.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const std::string_view whole = s.substr(0, dot);
  const std::string_view frac = s.substr(dot + 1);
  if ((whole.empty() && frac.empty()) || frac.size() > 18 || whole.size() > 1) return std::nullopt;
  if (!whole.empty() && whole != "0" && whole != "1") return std::nullopt;
  fixed::u128 num = whole == "1" ? 1 : 0;
  fixed::u128 den = 1;
  for (char c : frac) {
    if (c < '0' || c > '9') return std::nullopt;
    num = num * 10 + static_cast<unsigned>(c - '0');
    den *= 10;
  }
  if (num > den) return std::nullopt;
  return static_cast<std::uint64_t>((num * scale + den / 2) / den);
}

std::uint64_t unit_scale(fields::Unit u) {
  switch (u) {
    case fields::Unit::u16_fraction:
      return 65'535;
    case fields::Unit::per_million:
      return 1'000'000;
    case fields::Unit::u64_fraction:
      return std::numeric_limits<std::uint64_t>::max();
    case fields::Unit::raw:
      break;
  }
  return 0;
}

template <class T>
constexpr bool is_sweepable =
    std::is_same_v<T, bool> || std::is_same_v<T, std::uint16_t> || std::is_same_v<T, std::uint32_t> ||
    std::is_same_v<T, std::uint64_t> || std::is_same_v<T, std::int16_t>;

template <class T>
Result<void> assign_scalar(T& dst, const fields::InputField<T>& f, std::string_view value) {
  if constexpr (std::is_same_v<T, bool>) {
    if (value == "true" || value == "1") {
      dst = true;
    } else if (value == "false" || value == "0") {
      dst = false;
    } else {
      return bad_param(f.name, value, "expected true, false, 1 or 0");
    }
    return ok();
  } else if constexpr (std::is_signed_v<T>) {
    const bool negative = !value.empty() && value[0] == '-';
    const auto mag = parse_u64(negative ? value.substr(1) : value);
    if (!mag) return bad_param(f.name, value, "expected an integer");
    const std::int64_t lo = std::numeric_limits<T>::min(), hi = std::numeric_limits<T>::max();
    if (negative ? *mag > static_cast<std::uint64_t>(-lo) : *mag > static_cast<std::uint64_t>(hi))
      return bad_param(f.name, value, "out of range " + std::to_string(lo) + ".." + std::to_string(hi));
    dst = static_cast<T>(negative ? -static_cast<std::int64_t>(*mag) : static_cast<std::int64_t>(*mag));
    return ok();
  } else {
    std::optional<std::uint64_t> v;
    if (value.find('.') != std::string_view::npos) {
      if (f.unit == fields::Unit::raw) return bad_param(f.name, value, "expected an integer");
      v = parse_fraction(value, unit_scale(f.unit));
      if (!v) return bad_param(f.name, value, "expected a decimal fraction in [0, 1]");
    } else {
      v = parse_u64(value);
      if (!v) return bad_param(f.name, value, "expected a non-negative integer");
    }
    if (*v > std::numeric_limits<T>::max())
      return bad_param(f.name, value, "out of range 0.." + std::to_string(std::numeric_limits<T>::max()));
    dst = static_cast<T>(*v);
    return ok();
  }
}

}  // namespace

void set_bonds_storage(EpochInput& in, const std::vector<std::optional<Row>>& rows) {
  in.bonds.assign(rows.size(), Row{});
  in.bonds_stored.assign(rows.size(), false);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i]) {
      in.bonds[i] = *rows[i];
      in.bonds_stored[i] = true;
    }
  }
}

EpochInput next_epoch_input(const EpochInput& in, const EpochOutput& out, Variant variant,
                            const ChainRule& rule) {
  EpochInput next = in;
  set_bonds_storage(next, out.post_state_bonds);
  next.validator_permit = out.post_state_validator_permit;
  if (rule.block_step > 0) {
    next.current_block = sat_add(in.current_block, rule.block_step);
    if (variant == Variant::head) next.last_mechanism_step_block = in.current_block;
    for (std::size_t i = 0; i < next.weights.size() && i < next.last_update.size(); ++i)
      if (!next.weights[i].empty()) next.last_update[i] = next.current_block - 1;
  }
  if (rule.stake_from_emission) {
    auto& stake = variant == Variant::spec143 ? next.stake : next.alpha_stake;
    for (std::size_t i = 0; i < stake.size(); ++i) {
      std::uint64_t paid = 0;
      if (i < out.server_emission.size() && out.server_emission[i]) paid = *out.server_emission[i];
      if (i < out.validator_emission.size() && out.validator_emission[i])
        paid = sat_add(paid, *out.validator_emission[i]);
      stake[i] = sat_add(stake[i], paid);
    }
  }
  return next;
}

std::vector<Result<RunResult>> simulate(const std::vector<Run>& runs, const SimulateOptions& options) {
  std::vector<std::optional<Result<RunResult>>> slots(runs.size());
  detail::parallel_for(runs.size(), options.threads,
                       [&](std::size_t i) { slots[i] = run_chain(runs[i], options); });
  std::vector<Result<RunResult>> results;
  results.reserve(runs.size());
  for (auto& s : slots) results.push_back(std::move(*s));
  return results;
}

std::vector<std::string> sweep_parameters() {
  std::vector<std::string> names;
  fields::for_each_input_field([&](const auto& f) {
    using D = std::decay_t<decltype(f)>;
    if constexpr (!std::is_same_v<D, fields::InputRowsField>) {
      using T = std::decay_t<decltype(EpochInput{}.*(f.member))>;
      if constexpr (is_sweepable<T>) {
        if (std::string_view(f.name) != "n") names.emplace_back(f.name);
      }
    }
  });
  return names;
}

Result<void> set_parameter(EpochInput& input, std::string_view name, std::string_view value) {
  std::optional<Result<void>> status;
  fields::for_each_input_field([&](const auto& f) {
    using D = std::decay_t<decltype(f)>;
    if (status || name != f.name) return;
    if constexpr (!std::is_same_v<D, fields::InputRowsField>) {
      using T = std::decay_t<decltype(input.*(f.member))>;
      if constexpr (is_sweepable<T>) {
        // n sizes every vector of the input: changing it alone only produces length errors.
        if (name != "n") status = assign_scalar(input.*(f.member), f, value);
      }
    }
    if (!status) status = bad_param(name, value, "not a scalar parameter");
  });
  if (!status) return bad_param(name, value, "unknown parameter");
  return *status;
}

Result<std::string> get_parameter(const EpochInput& input, std::string_view name) {
  std::optional<Result<std::string>> value;
  fields::for_each_input_field([&](const auto& f) {
    using D = std::decay_t<decltype(f)>;
    if (value || name != f.name) return;
    if constexpr (!std::is_same_v<D, fields::InputRowsField>) {
      using T = std::decay_t<decltype(input.*(f.member))>;
      if constexpr (std::is_same_v<T, bool>) {
        value = std::string(input.*(f.member) ? "true" : "false");
      } else if constexpr (is_sweepable<T>) {
        if (name != "n") value = std::to_string(input.*(f.member));
      }
    }
    if (!value) value = bad_param(name, "?", "not a scalar parameter");
  });
  if (!value) return bad_param(name, "?", "unknown parameter");
  return *value;
}

std::size_t grid_size(const std::vector<SweepAxis>& axes) {
  std::size_t size = 1;
  for (const auto& a : axes) size *= a.values.size();
  return size;
}

std::vector<std::size_t> grid_index(const std::vector<SweepAxis>& axes, std::size_t k) {
  std::vector<std::size_t> idx(axes.size(), 0);
  for (std::size_t a = axes.size(); a-- > 0;) {
    const std::size_t m = axes[a].values.size();
    if (m == 0) break;
    idx[a] = k % m;
    k /= m;
  }
  return idx;
}

Result<std::vector<Run>> sweep_runs(const Run& base, const std::vector<SweepAxis>& axes) {
  for (const auto& a : axes) {
    for (const auto& v : a.values) {
      EpochInput probe;
      BT_TRY_VOID(set_parameter(probe, a.param, v));
    }
  }
  const std::size_t points = grid_size(axes);
  std::vector<Run> runs(points, base);
  for (std::size_t k = 0; k < points; ++k) {
    const auto idx = grid_index(axes, k);
    for (std::size_t a = 0; a < axes.size(); ++a) {
      BT_TRY_VOID(set_parameter(runs[k].input, axes[a].param, axes[a].values[idx[a]]));
    }
  }
  return runs;
}

Result<std::vector<Result<RunResult>>> sweep(const Run& base, const std::vector<SweepAxis>& axes,
                                             const SimulateOptions& options) {
  BT_TRY(std::vector<Run> runs, sweep_runs(base, axes));
  return simulate(runs, options);
}

std::vector<std::uint16_t> storage_uids(const EpochInput& input, std::size_t entries) {
  std::vector<std::uint16_t> uids;
  uids.reserve(entries);
  if (entries == input.n) {
    for (std::size_t i = 0; i < entries; ++i) uids.push_back(static_cast<std::uint16_t>(i));
    return uids;
  }
  for (std::size_t i = 0; i < input.registered.size() && uids.size() < entries; ++i)
    if (input.registered[i]) uids.push_back(static_cast<std::uint16_t>(i));
  return uids;
}

}  // namespace bt::yuma
