// SPDX-License-Identifier: MIT
// Predicting a subnet's next epoch from a metagraph snapshot, and checking the prediction against the
// chain once the epoch has run.
//
//   auto s = bt::metagraph::sync(*c, 1).value();              // ideally at block E-1
//   auto p = bt::metagraph::predict_epoch(s).value();         // p.epoch_block == E
//   ... wait for block E ...
//   auto after = bt::metagraph::sync(*c, 1, p.epoch_block).value();
//   for (const auto& d : bt::metagraph::compare(p, after).value()) std::cout << to_string(d) << "\n";
//
// When the epoch runs (spec143, block_step::generate_emission): at block E with
//   (E + netuid + 1) % (tempo + 1) == tempo          (tempo 0: never)
// in on_initialize, before the block's extrinsics. Its inputs are the storage after block E-1 plus
// current_block = E; its emission argument is PendingEmission(E-1) plus the emission queued by block E:
//   e = EmissionValues; if SubnetOwner exists: e -= I96F32(e) * I96F32(SubnetOwnerCut) / 65535; floor.
// (tools/localnet/EPOCH.md, verified on the runtime.)
//
// feb2025 (subtensor e2b8367b, coinbase/run_coinbase.rs): the same epoch block formula; the epoch's
// emission is PendingEmission + PendingAlphaSwapped at block E (block E's coinbase share included);
// stake = alpha_stake + tao_stake * TaoWeight (Snapshot's inherited columns). A dTAO runtime without
// BondsPenalty (raonet spec 218) is MetagraphError::unsupported_generation for predict_epoch.
//
// head (subtensor 14bc6f9f, coinbase/run_coinbase.rs): a stateful scheduler. The epoch runs at the first
// block b after the snapshot with tempo != 0 and (PendingEpochAt > 0 and b >= PendingEpochAt, or
// BlocksSinceLastStep (+1 per block) > MAX_TEMPO = 50400, or b - LastEpochBlock >= tempo), unless more
// than MaxEpochsPerBlock subnets are due in that block (then it is deferred a block: depends on other
// subnets, not modelled). Its emission is PendingServerEmission + PendingValidatorEmission +
// PendingRootAlphaDivs after block E's coinbase (block E's share is not modelled, like feb2025), split
// between mechanisms by split_emissions when MechanismCountCurrent > 1 (then predict_epoch runs
// epoch_with_mechanisms over Snapshot::mechanisms). Stake = alpha_stake + tao_stake * TaoWeight from the
// snapshot's inherited columns; owner_uid, stake threshold, Yuma3, sigmoid liquid alpha, and with
// commit-reveal the commit queues with current_epoch_with_lookahead = SubnetEpochIndex + 1 (the epoch
// runs after drain_pending advanced the index). A subnet whose Keys hold a hotkey twice is skipped by
// the runtime (is_epoch_input_state_consistent): predict_epoch gives inconsistent_state.
//
// predict_epoch(s) builds the epoch input from the snapshot exactly as the runtime reads storage at E-1.
// It is exact when s.block == E-1 (Prediction::exact). From an earlier block it assumes the storage stays
// as it is except what the runtime itself does every block: PendingEmission grows by the queued emission
// per block, and LoadedEmission tuples present in the snapshot are drained into the hotkeys' stake at
// the next block. Extrinsics sent in between (weights, stake, registrations) are not known to it.
#pragma once

#include <bt/metagraph/metagraph.hpp>
#include <bt/result.hpp>
#include <bt/yuma/epoch.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bt::metagraph {

// The first block > after at which netuid's epoch runs with this tempo; nullopt for tempo 0.
std::optional<std::uint64_t> next_epoch_block(std::uint16_t netuid, std::uint16_t tempo, std::uint64_t after);
// The same for the snapshot's subnet after the snapshot's block.
std::optional<std::uint64_t> next_epoch_block(const Snapshot& s);
// Reads Tempo and the best block number from the node (one batch) and computes the next epoch block.
// MetagraphError::invalid_argument for tempo 0 (the subnet never runs an epoch).
Result<std::uint64_t> next_epoch_block(client::Client& client, std::uint16_t netuid);

// The emission queued by one block (spec143: EmissionValues minus the subnet-owner cut, see above).
std::uint64_t queued_emission(const Hyperparameters& hp);

// The epoch input of the epoch at `epoch_block` (> s.block) built from the snapshot (see above).
// MetagraphError::invalid_argument if epoch_block <= s.block; unsupported_generation for generations
// whose inputs this build does not derive.
Result<yuma::EpochInput> epoch_input(const Snapshot& s, std::uint64_t epoch_block);

struct Prediction {
  Generation generation = Generation::spec143;
  std::uint16_t netuid = 0;
  std::uint8_t mechanism = 0;  // head: the snapshot's mechanism (incentive and bonds are its storage)
  std::uint64_t snapshot_block = 0;
  std::uint64_t epoch_block = 0;
  bool exact = false;  // spec143 and snapshot_block == epoch_block - 1: nothing can happen in between
  // false for feb2025 and head: the epoch receives PendingEmission + PendingAlphaSwapped after block E's
  // coinbase, which depends on every subnet's pool prices; the input holds what has accumulated up to the
  // snapshot's block. Every output except the emission amounts is independent of it.
  bool emission_exact = false;
  // head with commit-reveal: TimelockedWeightCommits entries (all mechanisms) whose epoch is revealed at
  // block E before the epoch runs (reveal_crv3_commits: commit_epoch == SubnetEpochIndex + 1 -
  // RevealPeriodEpochs). Their drand decryption sets Weights / LastUpdate and removes them from the
  // commit mask's input; this build does not model the reveal, so with reveals_due > 0 the prediction
  // uses the weights as stored before it (not what the epoch reads).
  std::size_t reveals_due = 0;
  yuma::EpochInput input;
  // What the epoch writes: incentive, dividends, emission, consensus, validator_trust, rank, trust,
  // pruning_scores, active, validator_permit (new), bonds_written / post_state_bonds, and the
  // (server, validator) emission tuples (LoadedEmission) per uid.
  yuma::EpochOutput output;
};

// Predicts the next epoch of the snapshot's subnet (the first epoch block after s.block).
// MetagraphError::invalid_argument for tempo 0; engine errors (bt.yuma) for inputs it rejects.
Result<Prediction> predict_epoch(const Snapshot& s);

// One field that differs between the prediction and the chain.
struct Difference {
  std::string field;  // e.g. "incentive", "bonds", "loaded_emission.server", "n"
  std::optional<std::uint32_t> uid;
  std::string predicted;
  std::string chain;
};
std::string to_string(const Difference& d);

// Compares every field the epoch writes with the storage read at the epoch block (`at` = sync at
// p.epoch_block): rank, trust, consensus, incentive, dividends, emission, validator_trust,
// pruning_scores, active, validator_permit, every Bonds row, the LoadedEmission tuples, and that
// PendingEmission was drained to 0 and LastMechansimStepBlock set to E. Empty = identical.
// MetagraphError::invalid_argument if `at` is not the same subnet at p.epoch_block.
Result<std::vector<Difference>> compare(const Prediction& p, const Snapshot& at);

}  // namespace bt::metagraph
