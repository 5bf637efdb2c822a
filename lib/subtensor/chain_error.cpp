// SPDX-License-Identifier: MIT
#include <array>
#include <bt/subtensor/chain_error.hpp>
#include <utility>

namespace bt::subtensor {
namespace {
constexpr std::array<std::pair<ChainError, std::string_view>, 22> kNames{{
    {ChainError::CanNotSetRootNetworkWeights, "CanNotSetRootNetworkWeights"},
    {ChainError::WeightVecNotEqualSize, "WeightVecNotEqualSize"},
    {ChainError::UidsLengthExceedUidsInSubNet, "UidsLengthExceedUidsInSubNet"},
    {ChainError::HotKeyNotRegisteredInSubNet, "HotKeyNotRegisteredInSubNet"},
    {ChainError::NotEnoughStakeToSetWeights, "NotEnoughStakeToSetWeights"},
    {ChainError::IncorrectWeightVersionKey, "IncorrectWeightVersionKey"},
    {ChainError::SettingWeightsTooFast, "SettingWeightsTooFast"},
    {ChainError::NeuronNoValidatorPermit, "NeuronNoValidatorPermit"},
    {ChainError::DuplicateUids, "DuplicateUids"},
    {ChainError::UidVecContainInvalidOne, "UidVecContainInvalidOne"},
    {ChainError::WeightVecLengthIsLow, "WeightVecLengthIsLow"},
    {ChainError::MaxWeightExceeded, "MaxWeightExceeded"},
    {ChainError::TooManyUnrevealedCommits, "TooManyUnrevealedCommits"},
    {ChainError::IncorrectCommitRevealVersion, "IncorrectCommitRevealVersion"},
    {ChainError::CommitRevealEnabled, "CommitRevealEnabled"},
    {ChainError::CommitRevealDisabled, "CommitRevealDisabled"},
    {ChainError::SubNetworkDoesNotExist, "SubNetworkDoesNotExist"},
    {ChainError::HotKeyAccountNotExists, "HotKeyAccountNotExists"},
    {ChainError::NotEnoughBalanceToStake, "NotEnoughBalanceToStake"},
    {ChainError::TooManyRegistrationsThisBlock, "TooManyRegistrationsThisBlock"},
    {ChainError::HotKeyAlreadyRegisteredInSubNet, "HotKeyAlreadyRegisteredInSubNet"},
    {ChainError::Other, "Other"},
}};
}  // namespace

std::string_view chain_error_name(ChainError e) noexcept {
  for (const auto& [k, n] : kNames)
    if (k == e) return n;
  return "Other";
}

std::optional<ChainError> classify(const metadata::DispatchErrorInfo& error) {
  if (!error.module || error.module->pallet != "SubtensorModule") return std::nullopt;
  for (const auto& [k, n] : kNames)
    if (n == error.module->name) return k;
  return ChainError::Other;
}

}  // namespace bt::subtensor
