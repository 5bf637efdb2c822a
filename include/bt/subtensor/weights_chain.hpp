// SPDX-License-Identifier: MIT
// Weights against a live chain: the SDK's process_weights_for_netuid with the subnet's hyperparameters read
// from storage, and a pre-flight that says, before anything is signed, why a set_weights would fail.
//
//   auto md = bt::client::decoded_metadata(*client).value();
//   auto check = bt::subtensor::check_set_weights(*client, *md, netuid, hotkey, emit.uids, emit.weights,
//                                                 version_key).value();
//   for (const auto& p : check.problems)   // e.g. rate_limit: "... 12 blocks remaining"
//     std::cerr << set_weights_issue_name(p.issue) << ": " << p.message << "\n";
//   if (check.commit_reveal_enabled) { /* use commit_weights, not set_weights */ }
//
// The pre-flight restates pallet_subtensor's do_set_weights checks (spec-218 call and storage names:
// NetworksAdded, SubnetworkN, Uids, Keys, ValidatorPermit, LastUpdate, WeightsSetRateLimit,
// WeightsVersionKey, MinAllowedWeights, MaxWeightsLimit, CommitRevealWeightsEnabled), read at one block (the
// best block); the extrinsic executes in a later block, so the rate limit is evaluated for the next block
// (best + 1). The stake check is the chain's check_weights_min_stake: the hotkey's stake weight on the
// subnet, alpha + TAO (root) stake * TaoWeight, each after what the hotkey gives its children and inherits
// from its parents (ChildKeys, ParentKeys; I96F32 arithmetic restated exactly), must reach StakeThreshold
// ("WeightsMinStake"). Spec 218 refuses set_weights below it already in the pool
// (InvalidTransaction::Custom(1), StakeAmountTooLow) and do_set_weights says NotEnoughStakeToSetWeights.
// Runtimes with WeightsMinStake instead (spec 218 and older) compare it with the hotkey's own stake:
// TotalHotkeyAlpha on the subnet (dTAO) or TotalHotkeyStake (before dTAO). Runtimes
// from March 2026 exempt the subnet owner's hotkey; the metadata does not say which runtime does, so the
// owner is not exempted here. The max weight check normalizes the values in I32F32 as the
// chain does, without the chain's max-upscale step (exact for convert_weights_and_uids_for_emit output, whose
// largest value is 65535).
#pragma once

#include <bt/client/client.hpp>
#include <bt/crypto/types.hpp>
#include <bt/metadata/metadata.hpp>
#include <bt/result.hpp>
#include <bt/subtensor/chain_error.hpp>
#include <bt/subtensor/weights.hpp>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace bt::subtensor {

// The reasons, in the chain's validation order: X(enumerator, ChainError it would produce).
#define BT_SET_WEIGHTS_ISSUES(X)                  \
  X(commit_reveal_enabled, CommitRevealEnabled)   \
  X(root_network, CanNotSetRootNetworkWeights)    \
  X(length_mismatch, WeightVecNotEqualSize)       \
  X(subnet_not_found, SubNetworkDoesNotExist)     \
  X(too_many_uids, UidsLengthExceedUidsInSubNet)  \
  X(not_registered, HotKeyNotRegisteredInSubNet)  \
  X(not_enough_stake, NotEnoughStakeToSetWeights) \
  X(version_key, IncorrectWeightVersionKey)       \
  X(rate_limit, SettingWeightsTooFast)            \
  X(no_validator_permit, NeuronNoValidatorPermit) \
  X(duplicate_uids, DuplicateUids)                \
  X(invalid_uids, UidVecContainInvalidOne)        \
  X(too_few_weights, WeightVecLengthIsLow)        \
  X(max_weight_exceeded, MaxWeightExceeded)

#define BT_SET_WEIGHTS_ISSUE_ENUM(name, chain) name,
enum class SetWeightsIssue { BT_SET_WEIGHTS_ISSUES(BT_SET_WEIGHTS_ISSUE_ENUM) };
#undef BT_SET_WEIGHTS_ISSUE_ENUM

std::string_view set_weights_issue_name(SetWeightsIssue issue) noexcept;
// The dispatch error the chain returns for this issue.
ChainError set_weights_issue_chain_error(SetWeightsIssue issue) noexcept;

struct SetWeightsProblem {
  SetWeightsIssue issue;
  std::string message;                 // human-readable, with the numbers involved
  std::uint64_t blocks_remaining = 0;  // rate_limit: blocks until set_weights is allowed again
};

struct SetWeightsCheck {
  std::uint64_t block = 0;           // the block read (best)
  std::optional<std::uint16_t> uid;  // the hotkey's uid on the subnet, if registered
  // The hotkey's stake weight on the subnet in rao (rounded down) and StakeThreshold; nullopt when the
  // runtime lacks the storage items of the stake check or the hotkey is not registered.
  std::optional<std::uint64_t> stake_weight, stake_threshold;
  bool commit_reveal_enabled = false;       // then commit_weights is the right call
  std::vector<SetWeightsProblem> problems;  // empty: set_weights would pass these checks
  bool ok() const noexcept { return problems.empty(); }
  bool has(SetWeightsIssue i) const noexcept;
};

// Reads the chain (best block) and lists every reason the set_weights call would fail. Every check runs
// (not only the first failing one), except those that need the uid when the hotkey is not registered.
// Errors: MetadataError::not_found when `md` (the connected runtime's metadata) lacks set_weights or a
// storage item named above; client/RPC errors.
Result<SetWeightsCheck> check_set_weights(client::Client& client, const metadata::Metadata& md,
                                          std::uint16_t netuid, const crypto::AccountId32& hotkey,
                                          std::span<const std::uint16_t> uids,
                                          std::span<const std::uint16_t> weights, std::uint64_t version_key);

// The chain's get_stake_weights_for_hotkey_on_subnet total compared with its threshold, from the raw
// storage values: `alpha` / `tao` = TotalHotkeyAlpha of the hotkey on the subnet / on root, children and
// parents as (proportion, their TotalHotkeyAlpha on the subnet, on root), tao_weight = TaoWeight. Returns
// the stake weight in rao (rounded down; I64F64 saturation at 2^63 ignored).
struct StakeLink {
  std::uint64_t proportion = 0;  // u64::MAX = all
  std::uint64_t alpha = 0;       // the parent's TotalHotkeyAlpha on the subnet (children: unused)
  std::uint64_t tao = 0;         // the parent's TotalHotkeyAlpha on root (children: unused)
};
std::uint64_t stake_weight_for_hotkey(std::uint64_t alpha, std::uint64_t tao,
                                      std::span<const StakeLink> children, std::span<const StakeLink> parents,
                                      std::uint64_t tao_weight) noexcept;

// The chain's check_vec_max_limited: values normalized in I32F32 (truncating division), the largest
// compared with I32F32(limit) / I32F32(65535). An all-zero or empty vector passes.
bool weights_max_limited(std::span<const std::uint16_t> values, std::uint16_t max_weight_limit) noexcept;

// The subnet's parameters process_weights needs, read from storage (SubnetworkN, MinAllowedWeights,
// MaxWeightsLimit as u16_normalized_float).
struct WeightsParams {
  std::uint64_t num_neurons = 0;
  std::uint64_t min_allowed_weights = 0;
  double max_weight_limit = 1.0;
};
Result<WeightsParams> read_weights_params(client::Client& client, std::uint16_t netuid);

// bittensor's process_weights_for_netuid: read_weights_params, then process_weights.
Result<ProcessedWeights> process_weights_for_netuid(client::Client& client, std::uint16_t netuid,
                                                    std::span<const std::int64_t> uids,
                                                    std::span<const float> weights,
                                                    std::int64_t exclude_quantile = 0);

}  // namespace bt::subtensor
