// SPDX-License-Identifier: MIT
// bt::metagraph: a subnet's metagraph read from a live chain in a few round trips, as columns.
//
//   auto c = bt::client::Client::connect("ws://127.0.0.1:9945").value();
//   bt::metagraph::Snapshot s = bt::metagraph::sync(*c, 1).value();        // best block
//   auto s2 = bt::metagraph::sync(*c, 1, 4'769'998).value();                 // a given block
//   for (std::uint16_t uid : s.uids) std::cout << s.incentive[uid] << "\n";
//   std::cout << s.stats.round_trips << " round trips\n";
//
// The snapshot holds the subnet's storage exactly as stored at one block (no float conversion): the
// per-uid vectors the epoch reads and writes, the weight and bond rows in stored order, the stake
// columns as the runtime generation's epoch reads them, axon info, coldkeys and every hyperparameter
// the epoch reads. Uid i is index i of every per-uid column.
//
// Runtime generations (Generation, detected from the metadata and the spec version):
//   spec143  finney spec_version 143 (March 2024, pre-dTAO): stake = TotalHotkeyStake[hotkey].
//   feb2025  dTAO runtimes with ActivityCutoff and Alpha storage (subtensor e2b8367b, Feb 2025).
//   head     dTAO runtimes with ActivityCutoffFactorMilli / mechanisms (subtensor 14bc6f9f, 2026).
// A runtime that matches none of these is MetagraphError::unknown_runtime (never a guessed mapping).
// sync() reads all three generations (head from a layout built from source, see below). feb2025 stake
// (get_stake_weights_for_network at e2b8367b): alpha_stake[uid] = get_inherited_for_hotkey_on_subnet =
// TotalHotkeyAlpha[hotkey][netuid] minus what ChildKeys[hotkey][netuid] give away plus what
// ParentKeys[hotkey][netuid] pass down (parents' TotalHotkeyAlpha[parent][netuid]), in I96F32 like the
// runtime; tao_stake[uid] the same with root stake (TotalHotkeyAlpha[.][0]) and the same relations on netuid.
// The dTAO pre-launch runtime of the raonet chain (spec 218: same layout without BondsPenalty /
// PendingAlphaSwapped) syncs as feb2025 with Hyperparameters::has_bonds_penalty = false. head (subtensor
// 14bc6f9f, spec 425): the per-mechanism items (Weights, Bonds, Incentive, LastUpdate, WeightCommits,
// TimelockedWeightCommits) are keyed by NetUidStorageIndex = mechanism * 4096 + netuid; sync reads every
// mechanism 0..MechanismCountCurrent-1 (Snapshot::mechanisms) and puts the one chosen by
// SyncOptions::mechanism into the per-uid columns. Stake as get_stake_weights_for_network at head: the
// same inheritance in U96F32 (inherited_stake_u96: what children take is subtracted saturating at 0
// before what parents give is added). owner_uid = Uids[netuid][SubnetOwnerHotkey] when SubnetOwnerHotkey
// has an entry. The epoch-written vectors hold one entry per registered uid at head (shorter than n when
// a uid has no hotkey); longer than n is inconsistent_state. No live head node was available: the head
// layout is the one declared in the 14bc6f9f source (tests/metagraph/head_layout.hpp), see docs.
//
// Round trips: one JSON-RPC batch per dependency level (block hash; runtime version + header; every
// per-subnet item and key listing; the rows, hotkeys and per-uid items; the per-hotkey stake and owner;
// feb2025 adds one for the stake of parent hotkeys that are not registered on the subnet, if any),
// state_queryStorageAt for many keys at once and state_getKeysPaged pages of 1000 keys. The metadata
// is fetched once per runtime version and cached in the Client (5 round trips once cached).
// Snapshot::stats counts what was sent.
//
// Errors (bt.metagraph): block_not_found (no block with that number), unknown_runtime,
// unsupported_generation, inconsistent_state (a vector whose length disagrees with SubnetworkN, a row or
// column uid out of range where the runtime cannot hold it, a missing hotkey for a uid < n), missing_item
// (a storage entry the runtime always has is absent), malformed_item (a value that is not valid SCALE of
// its type, or trailing bytes). Every message names the storage item (and the uid). Transport errors are
// the client's (bt.rpc / bt.client).
#pragma once

#include <bt/bytes.hpp>
#include <bt/client/client.hpp>
#include <bt/crypto/ss58.hpp>
#include <bt/error.hpp>
#include <bt/result.hpp>
#include <bt/scale/types.hpp>
#include <bt/yuma/epoch.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace bt::metagraph {

enum class MetagraphError {
  block_not_found = 1,     // the node has no block with the requested number
  unknown_runtime,         // metadata / spec version of no known runtime generation
  unsupported_generation,  // a known generation this build cannot sync yet
  inconsistent_state,      // storage values that disagree with each other (lengths, uids)
  missing_item,            // a storage entry that must exist is absent
  malformed_item,          // a value that does not decode as its type
  invalid_argument,        // e.g. a snapshot of another netuid given to compare
  limit_exceeded,          // the node claims more neurons than SyncOptions::max_neurons allows
};
BT_DECLARE_ERROR_ENUM(MetagraphError, metagraph_category);  // category "bt.metagraph"

enum class Generation : std::uint8_t { spec143 = 0, feb2025 = 1, head = 2 };
const char* to_string(Generation g) noexcept;
// The yuma engine variant that computes this generation's epoch.
yuma::Variant variant_of(Generation g) noexcept;

// Which generation a runtime is, from its spec version and the names of its SubtensorModule storage
// entries. spec143: TotalHotkeyStake and no Alpha, spec_version 143 exactly (other pre-dTAO versions ran
// other epochs); feb2025: Alpha + ActivityCutoff without ActivityCutoffFactorMilli; head: Alpha +
// ActivityCutoffFactorMilli. Anything else: MetagraphError::unknown_runtime naming what was found.
Result<Generation> detect_generation(std::uint32_t spec_version,
                                     const std::vector<std::string>& storage_names);

// get_inherited_for_hotkey_on_subnet's arithmetic (feb2025, I96F32 = 32 fraction bits): own stake minus
// own * p / u64::MAX for every child proportion p, plus stake * p / u64::MAX for every (p, parent stake),
// the result floored and clamped to [0, u64::MAX] (saturating_to_num::<u64>).
std::uint64_t inherited_stake(std::uint64_t own, const std::vector<std::uint64_t>& child_proportions,
                              const std::vector<std::pair<std::uint64_t, std::uint64_t>>& parents);
// The same at head (get_inherited_for_hotkey_on_subnet / get_tao_inherited_for_hotkey_on_subnet at
// 14bc6f9f compute in U96F32): max(0, own - to_children) + from_parents, floored, saturated to u64.
std::uint64_t inherited_stake_u96(std::uint64_t own, const std::vector<std::uint64_t>& child_proportions,
                                  const std::vector<std::pair<std::uint64_t, std::uint64_t>>& parents);

// AxonInfo as stored in Axons[netuid][hotkey].
struct AxonInfo {
  std::uint64_t block = 0;
  std::uint32_t version = 0;
  scale::u128 ip = 0;  // IPv4 in the low 32 bits, or IPv6
  std::uint16_t port = 0;
  std::uint8_t ip_type = 0;
  std::uint8_t protocol = 0;
  std::uint8_t placeholder1 = 0;
  std::uint8_t placeholder2 = 0;
};

// Per-subnet values the epoch (and the emission that feeds it) reads; absent entries hold the runtime's
// default (taken from the metadata). Fields a generation lacks keep the defaults below.
struct Hyperparameters {
  std::uint16_t tempo = 0;
  std::uint16_t kappa = 0;
  std::uint16_t rho = 0;
  std::uint16_t activity_cutoff = 0;
  std::uint16_t max_allowed_validators = 0;
  std::uint16_t max_allowed_uids = 0;
  std::uint16_t immunity_period = 0;
  std::uint16_t min_allowed_weights = 0;
  std::uint16_t max_weights_limit = 0;
  std::uint64_t weights_version_key = 0;
  std::uint64_t weights_set_rate_limit = 0;
  std::uint64_t bonds_moving_average = 0;
  std::uint16_t bonds_penalty = 0;                 // feb2025, head
  bool has_bonds_penalty = false;                  // the runtime has BondsPenalty storage
  bool liquid_alpha_enabled = false;               // feb2025, head
  std::uint16_t alpha_low = 0, alpha_high = 0;     // feb2025, head
  bool yuma3_enabled = false;                      // head
  bool commit_reveal_enabled = false;              // feb2025, head
  std::uint64_t reveal_period = 0;                 // head
  std::uint64_t tao_weight = 0;                    // feb2025, head
  std::uint32_t activity_cutoff_factor_milli = 0;  // head
  std::uint64_t pending_emission = 0;              // PendingEmission[netuid]
  std::uint64_t pending_alpha_swapped = 0;         // feb2025: PendingAlphaSwapped[netuid]
  std::uint64_t pending_root_divs = 0;             // feb2025: PendingRootDivs[netuid]
  std::uint64_t emission_value = 0;                // spec143: EmissionValues[netuid]
  // head
  std::int16_t alpha_sigmoid_steepness = 1000;               // AlphaSigmoidSteepness[netuid]
  std::uint64_t stake_threshold = 0;                         // StakeThreshold (global)
  std::optional<crypto::AccountId32> owner_hotkey;           // SubnetOwnerHotkey[netuid] (nullopt: no entry)
  std::optional<std::uint16_t> owner_uid;                    // Uids[netuid][owner_hotkey] (get_owner_uid)
  std::uint8_t mechanism_count = 1;                          // MechanismCountCurrent[netuid]
  std::optional<std::vector<std::uint16_t>> emission_split;  // MechanismEmissionSplit[netuid]
  std::uint64_t pending_server_emission = 0;                 // PendingServerEmission[netuid]
  std::uint64_t pending_validator_emission = 0;              // PendingValidatorEmission[netuid]
  std::uint64_t pending_root_alpha_divs = 0;                 // PendingRootAlphaDivs[netuid]
  std::uint64_t pending_owner_cut = 0;                       // PendingOwnerCut[netuid]
  std::uint64_t last_epoch_block = 0;                        // LastEpochBlock[netuid] (scheduler)
  std::uint64_t pending_epoch_at = 0;                        // PendingEpochAt[netuid] (owner-triggered)
  std::uint64_t subnet_epoch_index = 0;                      // SubnetEpochIndex[netuid]
  std::uint8_t max_epochs_per_block = 0;                     // MaxEpochsPerBlock (global cap)
  std::uint16_t subnet_owner_cut = 0;                        // SubnetOwnerCut (global)
  std::optional<crypto::AccountId32> owner;                  // SubnetOwner[netuid] (nullopt: no entry)
  std::uint64_t blocks_since_last_step = 0;
  std::uint64_t last_mechanism_step_block = 0;
  bool network_registered = false;  // NetworksAdded[netuid]
};

struct SyncStats {
  std::uint32_t round_trips = 0;  // request/answer exchanges with the node (a batch counts once)
  std::uint32_t requests = 0;     // JSON-RPC requests inside them
  std::uint32_t keys_read = 0;    // storage keys whose values were asked for
  std::uint64_t bytes_read = 0;   // storage value bytes received
  double seconds = 0;             // wall time of sync()
};

struct Snapshot {
  Generation generation = Generation::spec143;
  std::uint32_t spec_version = 0;
  std::uint16_t netuid = 0;
  std::uint64_t block = 0;  // the block the state was read at (after its extrinsics)
  Hash256 block_hash{};
  std::uint16_t n = 0;  // SubnetworkN

  std::vector<std::uint16_t> uids;            // 0..n-1
  std::vector<bool> registered;               // [n] Keys[netuid][uid] exists
  std::vector<crypto::AccountId32> hotkeys;   // [n] all-zero where not registered
  std::vector<crypto::AccountId32> coldkeys;  // [n] Owner[hotkey]
  std::vector<std::uint64_t> stake;           // [n] spec143: TotalHotkeyStake[hotkey] (rao)
  // feb2025/head, [n]: the stake the epoch reads (inherited through child/parent keys, see above) and
  // the hotkey's own TotalHotkeyAlpha on the subnet and on root (0 where not registered).
  std::vector<std::uint64_t> alpha_stake;
  std::vector<std::uint64_t> tao_stake;
  std::vector<std::uint64_t> own_alpha_stake;
  std::vector<std::uint64_t> own_tao_stake;
  std::vector<std::uint64_t> last_update;            // as stored (length n)
  std::vector<std::uint64_t> block_at_registration;  // [n]
  std::vector<bool> validator_permit;                // as stored
  std::vector<bool> active;
  std::vector<std::uint16_t> rank, trust, consensus, incentive, dividends, validator_trust, pruning_scores;
  std::vector<std::uint64_t> emission;
  std::vector<std::uint16_t> stake_weight;  // head: StakeWeight[netuid] as stored
  // head: the mechanism whose storage fills incentive, last_update, weights, bonds and the commit
  // queues here (SyncOptions::mechanism), and every mechanism's storage (index = mechanism id; rows
  // and commit uids as in the columns above). Empty for the other generations.
  std::uint8_t mechanism = 0;
  std::vector<yuma::MechanismState> mechanisms;
  // head: WeightCommits[idx][hotkey] queues of registered hotkeys ((commit_epoch, commit_block) per
  // entry) and TimelockedWeightCommits[idx][epoch] ((uid, commit_block) of registered hotkeys), read
  // only when CommitRevealWeightsEnabled (the epoch reads them only then).
  std::vector<yuma::WeightCommitQueue> weight_commits;
  std::vector<yuma::TimelockedCommits> timelocked_commits;
  // Weights / Bonds rows as stored, pairs in stored order; a missing row is empty. Length n, or with
  // SyncOptions::scan_rows max(n, 1 + highest stored row uid) (rows under uids >= n: direct writes only).
  std::vector<yuma::Row> weights;
  std::vector<yuma::Row> bonds;
  // Which rows have a storage entry (an empty row may be stored, e.g. a bond row the epoch cleared).
  std::vector<bool> weights_stored;
  std::vector<bool> bonds_stored;
  std::vector<std::optional<AxonInfo>> axons;  // [n] Axons[netuid][hotkey]
  // LoadedEmission[netuid] mapped to uids: (server, validator) for uids whose hotkey has a tuple
  // (spec143: written by the epoch, drained one block later). Empty when there is no entry.
  std::vector<std::optional<std::pair<std::uint64_t, std::uint64_t>>> loaded_emission;
  bool has_loaded_emission = false;
  Hyperparameters hp;
  SyncStats stats;
};

// The index of uid's entry in the epoch-written columns (validator_permit, active, consensus, dividends,
// emission, validator_trust, stake_weight, incentive) and in a head prediction's outputs: uid itself for
// spec143 / feb2025; at head the rank of uid among the registered uids (the epoch writes its terms in uid
// order, skipping uids without hotkey); nullopt for a head uid without hotkey or a uid >= n.
std::optional<std::size_t> column_index(const Snapshot& s, std::uint16_t uid);

struct SyncOptions {
  std::uint32_t page_size = 1000;  // keys per state_getKeysPaged page
  // Keys per state_queryStorageAt request; larger reads are split into several requests of the same
  // batch (one round trip). Nodes pay a fixed cost per request: on chopsticks 1024 keys a request was
  // ~10% faster than 128 (BENCHMARKS.md).
  std::uint32_t query_chunk = 1024;
  // Also list the subnet's Weights / Bonds keys (state_getKeysPaged, same round trips) to find rows stored
  // under uids >= n, which only direct storage writes create and the epoch ignores. Off: rows 0..n-1 are
  // read by key (a key scan is slow on some nodes: ~400 ms on chopsticks).
  bool scan_rows = false;
  // head: the mechanism (MechId) whose per-mechanism storage fills the snapshot's columns; must be below
  // MechanismCountCurrent (else MetagraphError::invalid_argument). Ignored by the other generations.
  std::uint8_t mechanism = 0;
  // The largest SubnetworkN accepted (larger: MetagraphError::limit_exceeded, before any per-uid read).
  // A sync costs time and memory linear in n, and n is whatever the node says; this bounds what a hostile
  // or broken node can make a sync do. The head runtime allows at most 256 uids a subnet
  // (SubtensorInitialMaxAllowedUids; sudo_set_max_allowed_uids cannot exceed it); the default leaves room
  // for other runtimes and test chains. 65535 accepts every u16 value.
  std::uint32_t max_neurons = 4096;
};

// Reads netuid's metagraph at block number `at_block` (nullopt: the node's best block).
Result<Snapshot> sync(client::Client& client, std::uint16_t netuid,
                      std::optional<std::uint64_t> at_block = std::nullopt, const SyncOptions& options = {});

}  // namespace bt::metagraph

template <>
struct std::is_error_code_enum<bt::metagraph::MetagraphError> : std::true_type {};
