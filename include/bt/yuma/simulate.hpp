// SPDX-License-Identifier: MIT
// Simulation at scale: many independent epochs on a thread pool (parameter sweeps, many subnets)
// and long multi-epoch runs where each epoch starts from the storage the previous one wrote.
//
//   bt::yuma::Run run{input, bt::yuma::Variant::head, bt::yuma::Path::sparse, /*epochs=*/100};
//   auto results = bt::yuma::simulate({run, other_subnet}, {.threads = 2});
//   if (results[0]) use(results[0]->epochs.back().incentive);
//
//   // 2 x 3 grid over kappa and the bonds moving average, 10 epochs each:
//   auto grid = bt::yuma::sweep(run, {{"kappa", {"0.3", "0.5"}},
//                                     {"bonds_moving_average", {"0.9", "0.975", "0.99"}}});
//
// Determinism: a run is a sequential chain of run_epoch calls on its own data and runs share no
// mutable state, so every result is identical for any thread count (threads only decide which
// core computes which run). One run's epochs are inherently sequential: parallelism comes from
// many runs (grid points, subnets), never from splitting one chain.
#pragma once

#include <bt/result.hpp>
#include <bt/yuma/epoch.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bt::yuma {

// How epoch k+1's input follows from epoch k's input and output (next_epoch_input):
//  * always: bonds = post_state.bonds (rows without a storage entry stay absent) and
//    validator_permit = post_state.validator_permit, exactly as the chain carries them;
//  * block_step > 0: current_block advances by block_step (saturating; tempo + 1 is one
//    tempo), (head) last_mechanism_step_block becomes the block the previous epoch ran at, and
//    every uid with a non-empty weights row re-sets its weights just before the epoch
//    (last_update = new current_block - 1); other last_update entries are kept, so uids that
//    set no weights age out of activity as on chain. block_step = 0 keeps all blocks unchanged;
//  * stake_from_emission: each uid's stake grows by what the epoch paid it,
//    server_emission + validator_emission (saturating u64), added to alpha_stake (head, feb2025)
//    or stake (spec143). A model, not the chain's distribution (which also pays nominators, takes,
//    parents/children and converts alpha/TAO); it lets stake follow the rewards.
// Every other input (weights, registrations, hyperparameters) stays as given.
struct ChainRule {
  std::uint64_t block_step = 0;
  bool stake_from_emission = false;
};

// Sets in.bonds and in.bonds_stored from storage rows (nullopt = no storage entry), e.g. from
// EpochOutput::post_state_bonds.
void set_bonds_storage(EpochInput& in, const std::vector<std::optional<Row>>& rows);

// The input of the epoch after `out`, which run_epoch(in, variant, ...) returned (see ChainRule).
EpochInput next_epoch_input(const EpochInput& in, const EpochOutput& out, Variant variant,
                            const ChainRule& rule = {});

// One independent simulation: `epochs` consecutive epochs starting from `input`.
struct Run {
  EpochInput input;
  Variant variant = Variant::head;
  Path path = Path::sparse;
  std::size_t epochs = 1;
  ChainRule chain;
};

struct RunResult {
  // The outputs of epochs 0..epochs-1 (only the last one with keep_all_epochs = false).
  std::vector<EpochOutput> epochs;
  // The input the next epoch would get (next_epoch_input of the last epoch), to continue the run.
  EpochInput next_input;
};

struct SimulateOptions {
  // Worker threads: 0 = std::thread::hardware_concurrency(), 1 = the calling thread only.
  // Never more threads than runs.
  unsigned threads = 0;
  bool keep_all_epochs = true;
  EpochOptions epoch;  // passed to every run_epoch (trace, stepwise)
};

// Runs every run on a pool of worker threads; results[i] belongs to runs[i]. A run whose input
// run_epoch rejects (at any epoch) gets that error and does not affect the others; epochs == 0
// gives an empty RunResult with next_input = input.
std::vector<Result<RunResult>> simulate(const std::vector<Run>& runs, const SimulateOptions& options = {});

// ---- parameter sweeps

// The scalar EpochInput fields a sweep may set (names as in bt/yuma/fields.hpp: kappa,
// bonds_moving_average, bonds_penalty, alpha_low, ...), in field-table order.
std::vector<std::string> sweep_parameters();

// Sets one scalar input field from text. Integers are storage values ("32767"); booleans are
// true/false/1/0; the fractional fields (kappa, bonds_penalty, alpha_low, alpha_high: x 65535;
// bonds_moving_average: x 1e6; tao_weight: x u64::MAX) also take a decimal fraction in [0, 1]
// with a '.' ("0.5"), converted exactly with round-half-up (0.5 -> 32768 for kappa).
// Errors: YumaError::invalid_input (unknown name, not a scalar, malformed or out of range).
Result<void> set_parameter(EpochInput& input, std::string_view name, std::string_view value);

// The current value of a scalar input field as text in storage units ("32767", "true", "-5"):
// the inverse of set_parameter for integers. Errors as set_parameter.
Result<std::string> get_parameter(const EpochInput& input, std::string_view name);

// One axis of a grid: a parameter and the values it takes.
struct SweepAxis {
  std::string param;
  std::vector<std::string> values;
};

// Number of grid points (product of the axis sizes; 1 for no axes, 0 if an axis is empty).
std::size_t grid_size(const std::vector<SweepAxis>& axes);
// The value index on every axis of grid point k (row-major: the last axis varies fastest).
std::vector<std::size_t> grid_index(const std::vector<SweepAxis>& axes, std::size_t k);

// The runs of a grid: `base` with each point's parameters set, in grid order. Validates every
// value first (an invalid one fails the whole grid, naming the parameter and the value).
Result<std::vector<Run>> sweep_runs(const Run& base, const std::vector<SweepAxis>& axes);

// sweep_runs + simulate: results[k] belongs to grid point k.
Result<std::vector<Result<RunResult>>> sweep(const Run& base, const std::vector<SweepAxis>& axes,
                                             const SimulateOptions& options = {});

// The uid of each entry of a storage vector of `entries` entries written for `input` (incentive,
// dividends, ...): the identity when entries == n, else the registered uids in order (the head
// sparse epoch skips uids without a hotkey).
std::vector<std::uint16_t> storage_uids(const EpochInput& input, std::size_t entries);

}  // namespace bt::yuma
