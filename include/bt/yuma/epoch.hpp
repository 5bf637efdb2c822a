// SPDX-License-Identifier: MIT
// bt::yuma: the Yuma consensus epoch of subtensor, bit-identical to the runtime.
//
//   bt::yuma::EpochInput in;          // storage-level values (see the fields below)
//   in.n = 4; in.registered = {true, true, true, true}; ...
//   bt::Result<bt::yuma::EpochOutput> out = bt::yuma::run_epoch(in, bt::yuma::Variant::head);
//   if (out) use(out->emission, out->bonds_written);
//
// Three runtime generations are supported (Variant):
//   head    subtensor 14bc6f9f (2026-06-30): Yuma2/Yuma3 bonds, sigmoid liquid alpha (Yuma3 only),
//           stake threshold, subnet-owner exemptions, commit-reveal weight mask, activity cutoff
//           factor, mechanisms (epoch_with_mechanisms).
//   feb2025 subtensor e2b8367b (2025-02-13): ranks, trust, pruning scores, quantile liquid alpha.
//   spec143 subtensor bf3e754f (2024-03, finney spec_version 143): TAO stake (`stake` field), no
//           tao weight / penalty / liquid alpha.
// and two paths (Path): `sparse` is what the chain runs; `dense` is subtensor's test-only
// `epoch_dense` twin (differs in a few corner cases, see docs/yuma.md).
// Specification: docs/yuma-epoch.md; vectors: tests/vectors/yuma (format `yuma-ref/1`).
//
// Contract: run_epoch is a pure function of its input (no global state), deterministic, never
// throws (except std::bad_alloc) and never has undefined behaviour; inputs whose vector lengths
// are inconsistent, or that name out-of-range uids where the chain cannot store them, give a
// YumaError. Every output equals, bit for bit, what the runtime writes to storage.
// It is thread-safe (different inputs may be evaluated concurrently).
#pragma once

#include <bt/error.hpp>
#include <bt/result.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bt::yuma {

// The codes, each with its value and message, written once: X(enumerator, value, message). The enum
// and the category's messages (lib/yuma/epoch.cpp) are both generated from this list.
#define BT_YUMA_ERROR_CODES(X)                                                 \
  /* an input vector's length does not agree with n */                         \
  X(length_mismatch, 1, "input length mismatch")                               \
  /* a uid that must be < n is not (owner uid, commit uids) */                 \
  X(uid_out_of_range, 2, "uid out of range")                                   \
  /* any other violated input contract (e.g. n == 0 with data, bad variant) */ \
  X(invalid_input, 3, "invalid epoch input")                                   \
  /* a yuma-ref/1 JSON case is not valid JSON or misses/mistypes a field */    \
  X(malformed_case, 4, "malformed Yuma case")                                  \
  /* a case file cannot be read or written */                                  \
  X(io_error, 5, "I/O error")                                                  \
  /* a valid request this build does not handle (e.g. unknown variant name) */ \
  X(unsupported, 6, "unsupported")

enum class YumaError { BT_YUMA_ERROR_CODES(BT_ERROR_ENUMERATOR) };
BT_DECLARE_ERROR_ENUM(YumaError, yuma_category);  // category name "bt.yuma"

// Runtime generation whose epoch is computed.
enum class Variant : std::uint8_t { head = 0, feb2025 = 1, spec143 = 2 };
// Sparse (chain) or dense (test twin) formulation.
enum class Path : std::uint8_t { sparse = 0, dense = 1 };

// "head" / "feb2025" / "spec143" and "sparse" / "dense" (the names used in the vectors).
const char* to_string(Variant v) noexcept;
const char* to_string(Path p) noexcept;
Result<Variant> parse_variant(std::string_view name);
Result<Path> parse_path(std::string_view name);

// One sparse storage row: (column uid, u16 value) in stored order. Column uids may be >= n
// (stale data; ignored like the runtime does), rows may be unsorted and contain zeros.
using Row = std::vector<std::pair<std::uint16_t, std::uint16_t>>;

// (commit_epoch, commit_block) entries of one hotkey's WeightCommits queue, in queue order.
struct WeightCommitQueue {
  std::uint16_t uid = 0;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> commits;  // (commit_epoch, commit_block)
};
// TimelockedWeightCommits[netuid_index][commit_epoch]: (uid, commit_block) entries.
struct TimelockedCommits {
  std::uint64_t commit_epoch = 0;
  std::vector<std::pair<std::uint16_t, std::uint64_t>> commits;  // (uid, commit_block)
};

// Storage-level inputs of one epoch (field names = the `input` object of the vectors).
// Defaults are the runtime defaults. Fields a variant does not read are ignored by it.
// Lengths: registered, block_at_registration and the stake vector of the variant
// (alpha_stake+tao_stake for head/feb2025, stake for spec143) must have n entries;
// last_update must have n entries (head: any length, padded with 0 like get_last_update);
// weights / bonds may have fewer rows than n (missing = no storage entry) or more (rows >= n are
// ignored, as the runtime iterates uids < n); validator_permit may have any length (a missing
// tail counts as "no permit", exactly like the runtime's masks).
struct EpochInput {
  std::uint16_t netuid = 1;
  std::uint16_t n = 0;             // SubnetworkN
  std::uint64_t rao_emission = 0;  // emission to distribute this epoch
  std::uint64_t current_block = 0;
  std::uint16_t tempo = 360;                              // head
  std::uint32_t activity_cutoff_factor_milli = 13'889;    // head
  std::uint16_t activity_cutoff = 5000;                   // feb2025, spec143 (blocks)
  std::uint64_t last_mechanism_step_block = 0;            // head (LastMechansimStepBlock)
  std::vector<bool> registered;                           // [n] Keys contains uid (hotkey exists)
  std::vector<std::uint64_t> last_update;                 // [n] LastUpdate
  std::vector<std::uint64_t> block_at_registration;       // [n]
  std::vector<std::uint64_t> alpha_stake;                 // [n] head, feb2025: inherited alpha stake
  std::vector<std::uint64_t> tao_stake;                   // [n] head, feb2025: inherited root TAO stake
  std::vector<std::uint64_t> stake;                       // [n] spec143 only: TotalHotkeyStake
  std::uint64_t tao_weight = 971'718'665'099'567'868ULL;  // TaoWeight (x / u64::MAX)
  std::uint64_t stake_threshold = 0;                      // head
  std::vector<bool> validator_permit;                     // ValidatorPermit before the epoch
  std::uint16_t max_allowed_validators = 128;
  std::optional<std::uint16_t> owner_uid;  // head: uid of the subnet owner hotkey
  std::vector<Row> weights;                // Weights[netuid_index][uid], stored order
  // Which rows of `weights` have a storage entry (empty = all). Read by no epoch (a missing row
  // equals an empty one there); kept so that inputs round-trip exactly (`null` rows).
  std::vector<bool> weights_stored;
  std::vector<Row> bonds;  // Bonds[netuid_index][uid]
  // Which rows of `bonds` have a storage entry (Bonds::contains_key; the vectors' `null` rows are
  // absent). Empty = every row of `bonds` is stored. An absent row reads as empty (ValueQuery
  // default) and stays absent in EpochOutput::post_state_bonds unless the epoch writes it; a
  // non-empty row always counts as stored. See bonds_row_stored().
  std::vector<bool> bonds_stored;
  std::uint16_t kappa = 32'767;
  std::uint16_t rho = 10;                // unused by every epoch variant
  std::uint16_t bonds_penalty = 65'535;  // head, feb2025
  std::uint64_t bonds_moving_average = 900'000;
  bool liquid_alpha_enabled = false;
  std::uint16_t alpha_low = 45'875;
  std::uint16_t alpha_high = 58'982;
  std::int16_t alpha_sigmoid_steepness = 1000;        // head
  bool yuma3_enabled = false;                         // head
  bool commit_reveal_enabled = false;                 // head
  std::uint64_t current_epoch_with_lookahead = 0;     // head (commit expiry)
  std::uint64_t reveal_period = 1;                    // head, RevealPeriodEpochs
  std::vector<WeightCommitQueue> weight_commits;      // head
  std::vector<TimelockedCommits> timelocked_commits;  // head
};

// One intermediate value of the epoch (the `trace` entries of the vectors), recorded only when
// EpochOptions::trace is set. Exactly one of the payloads is used, according to `kind`.
struct TraceEntry {
  enum class Kind : std::uint8_t { vec_i32f32, vec_i64f64, sparse_i32f32, dense_i32f32 };
  std::string label;  // e.g. "Active Stake", "Weights (mask+norm)", "Consensus"
  Kind kind = Kind::vec_i32f32;
  std::vector<std::int64_t> vec;    // vec_i32f32: raw I32F32 bits
  std::vector<std::string> vec128;  // vec_i64f64: raw I64F64 bits as decimal strings
  std::vector<std::vector<std::pair<std::uint16_t, std::int64_t>>> sparse;  // sparse_i32f32
  std::vector<std::vector<std::int64_t>> dense;                             // dense_i32f32
};

struct EpochOptions {
  // Record intermediate values in EpochOutput::trace, labelled as the variant's Rust log lines
  // (head/feb2025 sparse: "Active Stake", "Consensus", "emaB", ...; spec143 and the dense paths:
  // "S", "C", "D", "nSE", ...). Slower; with Yuma3 liquid alpha it also materialises the
  // n x n alpha matrix (as the Rust code does).
  bool trace = false;
  // Evaluate step by step like run_epoch.rs (weight masks one at a time, the full liquid-alpha
  // matrix) instead of the fused single-pass forms. Same result; the tests cross-check both.
  bool stepwise = false;
  // Threads one epoch may use (the column medians, the bond EMA and loading the bonds run split
  // or concurrently). The result is identical for every value; 1 = the calling thread only.
  unsigned threads = 1;
};

// Everything the epoch returns or writes (field names = the `output` object of the vectors).
// Storage vectors (incentive ... validator_permit) are exactly what the runtime writes: for the
// head sparse epoch one entry per registered uid in uid order (uids without hotkey are skipped,
// so the vector is shorter than n when there are holes, and bonds_written[k] is the row of the
// k-th registered uid); for the dense paths and feb2025 / spec143, n entries indexed by uid.
// Fields a variant does not produce are left empty.
struct EpochOutput {
  std::vector<std::optional<std::uint64_t>> server_emission;     // [n], nullopt = no hotkey
  std::vector<std::optional<std::uint64_t>> validator_emission;  // [n]
  std::vector<std::optional<std::uint64_t>> stake;               // [n] head sparse: EpochTerms.stake
  std::vector<std::uint16_t> incentive;
  std::vector<std::uint16_t> dividends;
  std::vector<std::uint16_t> consensus;
  std::vector<std::uint16_t> validator_trust;
  std::vector<std::uint16_t> stake_weight;    // head, feb2025
  std::vector<std::uint16_t> rank;            // feb2025, spec143
  std::vector<std::uint16_t> trust;           // feb2025, spec143
  std::vector<std::uint16_t> pruning_scores;  // feb2025, spec143
  std::vector<bool> active;
  std::vector<std::uint64_t> emission;
  std::vector<bool> validator_permit;  // new permits
  // Bonds rows written this epoch, indexed by storage row: nullopt = row not written, empty
  // Row = row cleared. Length max(n, input bonds rows).
  std::vector<std::optional<Row>> bonds_written;
  // Storage after the epoch: input bonds overwritten by bonds_written (length max(input rows,
  // written rows); nullopt = no storage entry, as the vectors' `null`: a row absent before the
  // epoch and not written by it), and the new ValidatorPermit vector.
  std::vector<std::optional<Row>> post_state_bonds;
  std::vector<bool> post_state_validator_permit;
  std::vector<TraceEntry> trace;  // only with EpochOptions::trace
};

// True when input row i has a Bonds storage entry (see EpochInput::bonds_stored).
inline bool bonds_row_stored(const EpochInput& in, std::size_t i) noexcept {
  if (i >= in.bonds.size()) return false;
  return i >= in.bonds_stored.size() || in.bonds_stored[i] || !in.bonds[i].empty();
}

// Largest n accepted by Path::dense (it materialises several n x n matrices, as subtensor's
// epoch_dense does); larger inputs give YumaError::unsupported. The sparse path accepts any n and
// uses O(n + nnz) memory (time O(n * validators) for the weighted median, as the runtime).
inline constexpr std::uint16_t kMaxDenseN = 2048;  // why the cap stays: docs/yuma.md "Memory"

// Runs one epoch of `variant` on `path`. Errors: YumaError::length_mismatch / uid_out_of_range /
// invalid_input for inconsistent inputs (see EpochInput); never for valid storage states.
Result<EpochOutput> run_epoch(const EpochInput& input, Variant variant = Variant::head,
                              Path path = Path::sparse, const EpochOptions& options = {});

// Checks the input contract of run_epoch(input, variant, path) without running it: returns
// exactly the error run_epoch would return, or success. (The dense path additionally rejects
// n > kMaxDenseN and, for spec143, weight entries outside n x n, on which that runtime panics.)
Result<void> validate_input(const EpochInput& input, Variant variant, Path path = Path::sparse);

// ---- multi-mechanism epochs (head; subnets/mechanism.rs `epoch_with_mechanisms`)

// The storage of one mechanism (keyed by netuid_index = mecid * 4096 + netuid in the runtime).
struct MechanismState {
  std::vector<Row> weights;
  std::vector<Row> bonds;
  std::vector<std::uint64_t> last_update;
  std::vector<WeightCommitQueue> weight_commits;
  std::vector<TimelockedCommits> timelocked_commits;
};

struct MechanismsInput {
  // Netuid-level storage; its weights, bonds, last_update, weight_commits, timelocked_commits
  // and rao_emission are ignored (taken from `mechanisms` / `rao_emission` below).
  EpochInput base;
  std::vector<MechanismState> mechanisms;  // MechanismCountCurrent = size(), must be 1..255
  // MechanismEmissionSplit (u16 proportions of 65535); nullopt = equal split.
  std::optional<std::vector<std::uint16_t>> emission_split;
  std::uint64_t rao_emission = 0;
};

struct MechanismsOutput {
  std::vector<std::uint64_t> sub_emissions;  // split_emissions result, one per mechanism
  // Per-mechanism epoch outputs (incentive and bonds_written are that mechanism's storage).
  std::vector<EpochOutput> mechanisms;
  // Aggregated netuid-level terms (what persist_netuid_epoch_terms writes): server/validator
  // emission and stake summed (saturating); dividends, consensus, validator_trust, stake_weight,
  // incentive, emission = Σ U64F64(x) * sub_weight (floored each step); active and
  // validator_permit OR-ed. bonds_written / post_state / trace are empty.
  EpochOutput aggregated;
};

// split_emissions: per-mechanism emission (u128 alpha*s/65535, rounding remainder to mech 0).
std::vector<std::uint64_t> split_emissions(std::uint64_t rao_emission, std::size_t mechanism_count,
                                           const std::optional<std::vector<std::uint16_t>>& split);

// Runs every mechanism's sparse head epoch and aggregates (docs/yuma-epoch.md section 1). With
// one mechanism `aggregated` equals run_epoch(base with the mechanism's storage).
Result<MechanismsOutput> epoch_with_mechanisms(const MechanismsInput& input,
                                               const EpochOptions& options = {});

}  // namespace bt::yuma

template <>
struct std::is_error_code_enum<bt::yuma::YumaError> : std::true_type {};
