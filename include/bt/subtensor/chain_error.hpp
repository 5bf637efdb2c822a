// SPDX-License-Identifier: MIT
// SubtensorModule dispatch errors as a C++ enum, so callers can branch on them:
//
//   auto outcome = bt::client::find_outcome(*client, md, block, xt).value();
//   if (outcome && outcome->error) {
//     auto e = bt::subtensor::classify(*outcome->error);   // ChainError::SettingWeightsTooFast
//   }
//
// The names are those of pallet_subtensor's Error enum (client-facts 4.2: the validation order of
// set_weights / commit_weights). Classification is by pallet and error *name* as resolved from the
// runtime's metadata, so it does not depend on the error's index in a given runtime.
#pragma once

#include <bt/metadata/events.hpp>
#include <optional>
#include <string_view>

namespace bt::subtensor {

enum class ChainError {
  CanNotSetRootNetworkWeights,
  WeightVecNotEqualSize,
  UidsLengthExceedUidsInSubNet,
  HotKeyNotRegisteredInSubNet,
  NotEnoughStakeToSetWeights,
  IncorrectWeightVersionKey,
  SettingWeightsTooFast,
  NeuronNoValidatorPermit,
  DuplicateUids,
  UidVecContainInvalidOne,
  WeightVecLengthIsLow,
  MaxWeightExceeded,
  TooManyUnrevealedCommits,
  IncorrectCommitRevealVersion,
  CommitRevealEnabled,
  CommitRevealDisabled,
  SubNetworkDoesNotExist,
  HotKeyAccountNotExists,
  NotEnoughBalanceToStake,
  TooManyRegistrationsThisBlock,
  HotKeyAlreadyRegisteredInSubNet,
  Other,  // a SubtensorModule error not listed above
};

// "SettingWeightsTooFast", ...
std::string_view chain_error_name(ChainError e) noexcept;
// The enum for a SubtensorModule module error; nullopt for errors of other pallets / non-module errors.
std::optional<ChainError> classify(const metadata::DispatchErrorInfo& error);

}  // namespace bt::subtensor
