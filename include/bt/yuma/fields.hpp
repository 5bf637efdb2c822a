// SPDX-License-Identifier: MIT
// The one table of EpochInput / EpochOutput fields.
//
// Every reader and writer of the epoch's fields walks these lists: the yuma-ref/1 JSON reader and
// writer (lib/yuma/case.cpp), diff_outputs, the Python keyword arguments and dicts
// (bindings/python/yuma.cpp) and the parameter names of sweeps (bt/yuma/simulate.hpp). Adding or
// renaming a field of EpochInput/EpochOutput is therefore one edit here (plus the struct member).
//
//   bt::yuma::fields::for_each_input_field([&](const auto& f) {
//     if (f.applies(variant)) std::cout << f.name << "\n";   // f.member: pointer to member
//   });
//
// Descriptor kinds: InputField<M> (a member of type M), InputRowsField (a vector<Row> with an
// optional presence mask: JSON `null` / Python None rows = no storage entry) and OutputField<M>.
// Names are the keys of the vectors' `input` / `output` objects.
#pragma once

#include <bt/yuma/epoch.hpp>
#include <cstdint>
#include <optional>
#include <vector>

namespace bt::yuma::fields {

// Which runtime generations read (input) or produce (output) a field: bit (1 << Variant).
inline constexpr std::uint8_t v_head = 1, v_feb2025 = 2, v_spec143 = 4, v_all = 7;
// Which paths produce an output field: bit (1 << Path).
inline constexpr std::uint8_t p_sparse = 1, p_dense = 2, p_all = 3;

constexpr bool in_set(std::uint8_t set, Variant v) noexcept { return (set >> static_cast<unsigned>(v)) & 1u; }
constexpr bool in_set_path(std::uint8_t set, Path p) noexcept {
  return (set >> static_cast<unsigned>(p)) & 1u;
}

// Reading JSON: a required field of the variant must be present; an optional one takes the
// EpochInput default when absent.
enum class Need : std::uint8_t { required, optional };

// What a scalar's storage value means; sweeps accept a decimal fraction ("0.3") for the
// fractional units and convert it exactly (round half up) to the storage value.
enum class Unit : std::uint8_t {
  raw,           // plain integer / bool
  u16_fraction,  // value / 65535 (kappa, bonds_penalty, alpha_low/high)
  per_million,   // value / 1e6 (bonds_moving_average)
  u64_fraction,  // value / u64::MAX (tao_weight)
};

template <class M>
struct InputField {
  const char* name;
  M EpochInput::*member;
  std::uint8_t variants;
  Need need;
  Unit unit;
  constexpr bool applies(Variant v) const noexcept { return in_set(variants, v); }
};

// Sparse storage rows. `stored` (may be null) is the member holding the presence mask.
struct InputRowsField {
  const char* name;
  std::vector<Row> EpochInput::*member;
  std::vector<bool> EpochInput::*stored;
  std::uint8_t variants;
  constexpr bool applies(Variant v) const noexcept { return in_set(variants, v); }
};

template <class M>
struct OutputField {
  const char* name;
  M EpochOutput::*member;
  const char* parent;  // nullptr, or "post_state" for the storage-after-the-epoch object
  std::uint8_t variants;
  std::uint8_t paths;
  constexpr bool applies(Variant v, Path p) const noexcept {
    return in_set(variants, v) && in_set_path(paths, p);
  }
};

namespace detail {
template <class M>
constexpr InputField<M> in(const char* name, M EpochInput::*m, std::uint8_t variants,
                           Need need = Need::required, Unit unit = Unit::raw) {
  return {name, m, variants, need, unit};
}
template <class M>
constexpr OutputField<M> out(const char* name, M EpochOutput::*m, std::uint8_t variants = v_all,
                             std::uint8_t paths = p_all, const char* parent = nullptr) {
  return {name, m, parent, variants, paths};
}
}  // namespace detail

// Calls f(descriptor) for every EpochInput field, in the order of the vectors' README table.
template <class F>
constexpr void for_each_input_field(F&& f) {
  using I = EpochInput;
  using detail::in;
  constexpr auto opt = Need::optional;
  constexpr auto req = Need::required;
  f(in("netuid", &I::netuid, v_all));
  f(in("n", &I::n, v_all));
  f(in("rao_emission", &I::rao_emission, v_all));
  f(in("current_block", &I::current_block, v_all));
  f(in("tempo", &I::tempo, v_head));
  f(in("activity_cutoff_factor_milli", &I::activity_cutoff_factor_milli, v_head));
  f(in("activity_cutoff", &I::activity_cutoff, v_feb2025 | v_spec143));
  f(in("last_mechanism_step_block", &I::last_mechanism_step_block, v_head));
  f(in("registered", &I::registered, v_all));
  f(in("last_update", &I::last_update, v_all));
  f(in("block_at_registration", &I::block_at_registration, v_all));
  f(in("alpha_stake", &I::alpha_stake, v_head | v_feb2025));
  f(in("tao_stake", &I::tao_stake, v_head | v_feb2025));
  f(in("stake", &I::stake, v_spec143));
  f(in("tao_weight", &I::tao_weight, v_head | v_feb2025, req, Unit::u64_fraction));
  f(in("stake_threshold", &I::stake_threshold, v_head));
  f(in("validator_permit", &I::validator_permit, v_all));
  f(in("max_allowed_validators", &I::max_allowed_validators, v_all));
  f(in("owner_uid", &I::owner_uid, v_head, opt));
  f(InputRowsField{"weights", &I::weights, &I::weights_stored, v_all});
  f(InputRowsField{"bonds", &I::bonds, &I::bonds_stored, v_all});
  f(in("kappa", &I::kappa, v_all, req, Unit::u16_fraction));
  f(in("rho", &I::rho, v_all, opt));
  f(in("bonds_penalty", &I::bonds_penalty, v_head | v_feb2025, req, Unit::u16_fraction));
  f(in("bonds_moving_average", &I::bonds_moving_average, v_all, req, Unit::per_million));
  f(in("liquid_alpha_enabled", &I::liquid_alpha_enabled, v_head | v_feb2025));
  f(in("alpha_low", &I::alpha_low, v_head | v_feb2025, req, Unit::u16_fraction));
  f(in("alpha_high", &I::alpha_high, v_head | v_feb2025, req, Unit::u16_fraction));
  f(in("alpha_sigmoid_steepness", &I::alpha_sigmoid_steepness, v_head));
  f(in("yuma3_enabled", &I::yuma3_enabled, v_head));
  f(in("commit_reveal_enabled", &I::commit_reveal_enabled, v_head));
  f(in("current_epoch_with_lookahead", &I::current_epoch_with_lookahead, v_head));
  f(in("reveal_period", &I::reveal_period, v_head));
  f(in("weight_commits", &I::weight_commits, v_head, opt));
  f(in("timelocked_commits", &I::timelocked_commits, v_head, opt));
}

// Calls f(descriptor) for every EpochOutput field except `trace` (its own format), in the order
// of the vectors' README table.
template <class F>
constexpr void for_each_output_field(F&& f) {
  using O = EpochOutput;
  using detail::out;
  f(out("server_emission", &O::server_emission));
  f(out("validator_emission", &O::validator_emission));
  f(out("stake", &O::stake, v_head, p_sparse));
  f(out("incentive", &O::incentive));
  f(out("dividends", &O::dividends));
  f(out("consensus", &O::consensus));
  f(out("validator_trust", &O::validator_trust));
  f(out("stake_weight", &O::stake_weight, v_head | v_feb2025));
  f(out("rank", &O::rank, v_feb2025 | v_spec143));
  f(out("trust", &O::trust, v_feb2025 | v_spec143));
  f(out("pruning_scores", &O::pruning_scores, v_feb2025 | v_spec143));
  f(out("active", &O::active));
  f(out("emission", &O::emission));
  f(out("validator_permit", &O::validator_permit));
  f(out("bonds_written", &O::bonds_written));
  f(out("bonds", &O::post_state_bonds, v_all, p_all, "post_state"));
  f(out("validator_permit", &O::post_state_validator_permit, v_all, p_all, "post_state"));
}

}  // namespace bt::yuma::fields
