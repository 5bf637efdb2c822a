// SPDX-License-Identifier: MIT
// Which call sets a validator's weights on a subnet, and that call's bytes.
//
// On a subnet with commit-reveal enabled the chain refuses `set_weights` (CommitRevealEnabled): the
// weights must be committed encrypted to a future drand round (timelocked commit-reveal, CRv3/CRv4),
// and the chain reveals them itself. Which commit call exists depends on the runtime:
//
//   runtime has (by name, from the metadata)            path (commit-reveal enabled)
//   commit_timelocked_mechanism_weights                  that call, commit_reveal_version from the chain
//   commit_timelocked_weights (mecid 0 only)             that call
//   commit_crv3_mechanism_weights / commit_crv3_weights  CRv3: legacy payload (no hotkey), no version
//   only commit_weights (hash commit-reveal v2)          SubtensorError::unsupported_by_runtime
//
// With commit-reveal disabled: set_weights (mecid 0) or set_mechanism_weights (mecid > 0). This is the
// choice bittensor SDK 10 makes in `set_weights` (commit_timelocked_mechanism_weights whenever
// `commit_reveal_enabled(netuid)`), extended to the older runtimes' calls.
//
//   auto rt = bt::subtensor::weights_runtime(md);
//   auto st = bt::subtensor::read_weights_chain_state(md, netuid, block, read).value();
//   auto plan = bt::subtensor::build_weights_call(md, st, {.netuid = 1, .weights = emit,
//                                                  .version_key = 843000, .hotkey = hk, .now = t});
//   submit(plan->call);  // plan->path says which; plan->reveal_round for timelocked commits
//
// The functions take plain inputs and a storage read callback, so they work with any client (and
// with scripted storage in tests).
#pragma once

#include <bt/bytes.hpp>
#include <bt/crypto/drand.hpp>
#include <bt/crypto/ss58.hpp>
#include <bt/metadata/metadata.hpp>
#include <bt/result.hpp>
#include <bt/subtensor/timelock_commit.hpp>
#include <bt/subtensor/weights.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

namespace bt::subtensor {

// The weight-setting calls and storage items the runtime has (looked up by name in its metadata).
struct WeightsRuntime {
  bool set_weights = false;
  bool set_mechanism_weights = false;
  bool commit_weights = false;  // hash commit-reveal (v2)
  bool commit_crv3_weights = false;
  bool commit_crv3_mechanism_weights = false;
  bool commit_timelocked_weights = false;
  bool commit_timelocked_mechanism_weights = false;
  bool commit_reveal_weights_enabled_item = false;  // storage CommitRevealWeightsEnabled
  bool commit_reveal_weights_version_item = false;  // storage CommitRevealWeightsVersion
};
WeightsRuntime weights_runtime(const metadata::Metadata& md);

// The chain state the choice depends on.
struct WeightsChainState {
  bool commit_reveal_enabled = false;                  // CommitRevealWeightsEnabled(netuid)
  std::uint64_t reveal_period_epochs = 1;              // RevealPeriodEpochs(netuid)
  std::optional<std::uint16_t> commit_reveal_version;  // CommitRevealWeightsVersion (absent: CRv3 era)
  std::uint64_t tempo = 360;                           // Tempo(netuid)
  std::uint64_t current_block = 0;
};

// Reads one storage value by its full key: the raw SCALE bytes, or nullopt when the key is absent
// (then the item's default applies). Errors are passed through.
using StorageRead = std::function<Result<std::optional<Bytes>>(const Bytes& key)>;

// Reads the items above for `netuid` (absent keys give the metadata defaults; items the runtime lacks
// keep the struct's defaults, CommitRevealWeightsEnabled absent = false). Errors: bt.metadata errors for
// undecodable values, the read callback's errors.
Result<WeightsChainState> read_weights_chain_state(const metadata::Metadata& md, std::uint16_t netuid,
                                                   std::uint64_t current_block, const StorageRead& read);

enum class WeightsPath {
  set_weights,
  set_mechanism_weights,
  commit_timelocked_mechanism_weights,
  commit_timelocked_weights,
  commit_crv3_mechanism_weights,
  commit_crv3_weights,
};
const char* weights_path_name(WeightsPath p) noexcept;  // the call's name

// The rules of the table in the file comment. Errors: SubtensorError::unsupported_by_runtime (no call
// for this case: e.g. commit-reveal enabled on a runtime with only hash commit-reveal, or mecid > 0
// without a mechanism call).
Result<WeightsPath> choose_weights_path(const WeightsRuntime& rt, const WeightsChainState& st,
                                        std::uint8_t mecid);

struct WeightsRequest {
  std::uint16_t netuid = 0;
  std::uint8_t mecid = 0;
  EmitWeights weights;  // u16 uids and weights (convert_weights_and_uids_for_emit)
  std::uint64_t version_key = 0;
  crypto::AccountId32 hotkey;  // the committing hotkey (in the v4 payload)
  double now = 0;              // Unix seconds, for the reveal round
  double block_time = 12.0;
  ByteView beacon_public_key = crypto::drand::quicknet_public_key();
};

struct WeightsCallPlan {
  WeightsPath path = WeightsPath::set_weights;
  Bytes call;                      // RuntimeCall bytes, ready for create_signed
  Bytes commit;                    // timelocked paths: the ciphertext inside the call
  std::uint64_t reveal_round = 0;  // timelocked paths: the drand round that opens it
};

// The commit of a timelocked path (CRv4 paths: WeightsTlockPayload with the hotkey; CRv3 paths: the
// legacy payload), encrypted to the reveal round of `st` and `req`. Errors: SubtensorError::
// invalid_argument for a non-commit path, length_mismatch; timelock errors.
Result<TimelockedCommit> build_weights_commit(WeightsPath path, const WeightsChainState& st,
                                              const WeightsRequest& req);

// choose_weights_path + the call. Timelocked commits are generated like bittensor-drand's
// generate_commit (reveal round from tempo, RevealPeriodEpochs, block and `now`; netuid for the round
// = mecid * 4096 + netuid); CRv4 calls carry CommitRevealWeightsVersion (4 when the chain has none).
// Errors: as choose_weights_path; SubtensorError::length_mismatch; timelock and metadata errors.
Result<WeightsCallPlan> build_weights_call(const metadata::Metadata& md, const WeightsChainState& st,
                                           const WeightsRequest& req);

}  // namespace bt::subtensor
