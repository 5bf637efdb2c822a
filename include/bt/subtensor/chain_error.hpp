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

// The pallet_subtensor errors this enum names, written once: X(name). The enum and the name table of
// chain_error_name()/classify() are both generated from this list.
#define BT_SUBTENSOR_CHAIN_ERRORS(X) \
  X(CanNotSetRootNetworkWeights)     \
  X(WeightVecNotEqualSize)           \
  X(UidsLengthExceedUidsInSubNet)    \
  X(HotKeyNotRegisteredInSubNet)     \
  X(NotEnoughStakeToSetWeights)      \
  X(IncorrectWeightVersionKey)       \
  X(SettingWeightsTooFast)           \
  X(NeuronNoValidatorPermit)         \
  X(DuplicateUids)                   \
  X(UidVecContainInvalidOne)         \
  X(WeightVecLengthIsLow)            \
  X(MaxWeightExceeded)               \
  X(TooManyUnrevealedCommits)        \
  X(IncorrectCommitRevealVersion)    \
  X(CommitRevealEnabled)             \
  X(CommitRevealDisabled)            \
  X(SubNetworkDoesNotExist)          \
  X(HotKeyAccountNotExists)          \
  X(NotEnoughBalanceToStake)         \
  X(TooManyRegistrationsThisBlock)   \
  X(HotKeyAlreadyRegisteredInSubNet) \
  X(NotEnoughStakeToWithdraw)        \
  X(HotKeyNotRegisteredInNetwork)    \
  X(NonAssociatedColdKey)            \
  X(InvalidIpAddress)                \
  X(InvalidChild)                    \
  X(DuplicateChild)                  \
  X(InvalidChildkeyTake)             \
  X(InvalidIdentity)                 \
  X(NotSubnetOwner)                  \
  X(NoWeightsCommitFound)            \
  X(InvalidRevealCommitHashNotMatch) \
  X(SlippageTooHigh)

#define BT_SUBTENSOR_CHAIN_ERROR_ENUMERATOR(name) name,
enum class ChainError {
  BT_SUBTENSOR_CHAIN_ERRORS(BT_SUBTENSOR_CHAIN_ERROR_ENUMERATOR)
      Other,  // a SubtensorModule error not listed above
};
#undef BT_SUBTENSOR_CHAIN_ERROR_ENUMERATOR

// "SettingWeightsTooFast", ...
std::string_view chain_error_name(ChainError e) noexcept;
// The enum for a SubtensorModule module error; nullopt for errors of other pallets / non-module errors.
std::optional<ChainError> classify(const metadata::DispatchErrorInfo& error);

}  // namespace bt::subtensor
